/* Debug channel switches read once from LSAEMU_DEBUG. */
#include "lsa_windows.h"
#include "lsa_trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static INIT_ONCE level_once = INIT_ONCE_STATIC_INIT;
static int level = LSA_TRACE_ERR;

static BOOL CALLBACK read_level(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    char value[32];
    DWORD n = GetEnvironmentVariableA("LSAEMU_DEBUG", value, sizeof(value));
    (void)once; (void)param; (void)ctx;
    if (n == 0 || n >= sizeof(value))
        return TRUE;
    if (!strcmp(value, "trace") || !strcmp(value, "all"))
        level = LSA_TRACE_TRACE;
    else if (!strcmp(value, "warn"))
        level = LSA_TRACE_WARN;
    else if (!strcmp(value, "fixme"))
        level = LSA_TRACE_FIXME;
    else if (!strcmp(value, "none") || !strcmp(value, "-all"))
        level = 0;
    return TRUE;
}

int lsa_trace_enabled(enum lsa_trace_level lvl)
{
    InitOnceExecuteOnce(&level_once, read_level, NULL, NULL);
    return (int)lvl <= level;
}

void lsa_trace_write(enum lsa_trace_level lvl, const char *func, const char *fmt, ...)
{
    static const char *const names[] = { "", "err", "fixme", "warn", "trace" };
    char line[1024];
    va_list ap;
    int n = snprintf(line, sizeof(line), "lsaemu:%s:%04lx:%s ", names[lvl], GetCurrentThreadId(), func);
    if (n < 0 || (size_t)n >= sizeof(line))
        return;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s\n", line);
}

void lsa_diag(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    fprintf(stderr, "lsaemu: %s\n", line);
}
