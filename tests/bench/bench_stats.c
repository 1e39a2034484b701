/* Timing and order statistics for lsabench. */
#include "bench.h"

#include <stdlib.h>

double bench_now_us(void)
{
    static LARGE_INTEGER freq;
    LARGE_INTEGER now;
    if (!freq.QuadPart)
        QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&now);
    return (double)now.QuadPart * 1e6 / (double)freq.QuadPart;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void bench_summarize(double *samples, int n, bench_result *out)
{
    qsort(samples, (size_t)n, sizeof(*samples), by_value);
    out->measured = n > 0;
    out->median_us = n ? samples[n / 2] : 0;
    out->p90_us = n ? samples[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1] : 0;
}
