/* Debug channel switches read once from LSAEMU_DEBUG. */
#include "lsa_windows.h"
#include "lsa_trace.h"
#include "lsa_debug_level.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static INIT_ONCE level_once = INIT_ONCE_STATIC_INIT;
static int level = LSA_DEBUG_ERR;

_Static_assert((int)LSA_TRACE_ERR == LSA_DEBUG_ERR && (int)LSA_TRACE_FIXME == LSA_DEBUG_FIXME &&
                   (int)LSA_TRACE_WARN == LSA_DEBUG_WARN && (int)LSA_TRACE_TRACE == LSA_DEBUG_TRACE,
               "one scale for every channel");

static BOOL CALLBACK read_level(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    char value[32];
    DWORD n = GetEnvironmentVariableA("LSAEMU_DEBUG", value, sizeof(value));
    (void)once; (void)param; (void)ctx;
    level = lsa_debug_level_parse(n == 0 || n >= sizeof(value) ? NULL : value);
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
