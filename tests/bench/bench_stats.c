/* Interleaved timing and order statistics for lsabench. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SUBJECTS 4

static double now_us(void)
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

static void summarize(double *samples, int n, bench_result *out)
{
    qsort(samples, (size_t)n, sizeof(*samples), by_value);
    out->measured = TRUE;
    out->median_us = samples[n / 2];
    out->p90_us = samples[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1];
}

void bench_measure(const bench_subject *subjects, int count, int op, const bench_config *cfg, bench_result *out)
{
    double *samples[MAX_SUBJECTS] = { 0 };
    BOOL able[MAX_SUBJECTS] = { 0 };

    memset(out, 0, sizeof(*out) * (size_t)count);
    if (count > MAX_SUBJECTS)
        return;
    for (int s = 0; s < count; s++) {
        /* The first call, untimed, gives the statuses (and says whether the subject can run op at all). */
        able[s] = subjects[s].run(subjects[s].ctx, op, &out[s].status, &out[s].status2);
        if (able[s] && !(samples[s] = malloc(sizeof(double) * (size_t)cfg->iterations)))
            able[s] = FALSE;
    }
    for (int i = -cfg->warmup; i < cfg->iterations; i++) {
        for (int k = 0; k < count; k++) {
            int s = (i & 1) ? count - 1 - k : k; /* alternate the order: neither subject always runs first */
            NTSTATUS st, st2;
            double t0, t1;
            if (!able[s])
                continue;
            t0 = now_us();
            subjects[s].run(subjects[s].ctx, op, &st, &st2);
            t1 = now_us();
            if (i >= 0)
                samples[s][i] = t1 - t0;
        }
    }
    for (int s = 0; s < count; s++) {
        if (able[s])
            summarize(samples[s], cfg->iterations, &out[s]);
        free(samples[s]);
    }
}
