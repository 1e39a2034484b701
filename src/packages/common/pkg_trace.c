/* Package diagnostics: see pkg_trace.h for what each level means. */
#include "pkg_win.h"

#include <stdarg.h>
#include <stdio.h>

#include "lsa_debug_level.h"
#include "pkg_trace.h"

static INIT_ONCE debug_once = INIT_ONCE_STATIC_INIT;
static int debug_level = LSA_DEBUG_ERR;

static BOOL CALLBACK read_debug_env(PINIT_ONCE once, PVOID param, PVOID *context)
{
    char value[32];
    DWORD n;
    (void)once;
    (void)param;
    (void)context;
    /* Read once: tracing must not cost an environment lookup on every refused buffer. */
    n = GetEnvironmentVariableA("LSAEMU_DEBUG", value, sizeof(value));
    debug_level = lsa_debug_level_parse(n == 0 || n >= sizeof(value) ? NULL : value);
    return TRUE;
}

static BOOL debug_enabled(int level)
{
    InitOnceExecuteOnce(&debug_once, read_debug_env, NULL, NULL);
    return level <= debug_level;
}

static void vprint(const char *level, const char *package, const char *fmt, va_list ap)
{
    fprintf(stderr, "lsaemu:%s:%s: ", level, package);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    fflush(stderr);
}

void pkg_warn(const char *package, const char *fmt, ...)
{
    va_list ap;

    if (!debug_enabled(LSA_DEBUG_WARN))
        return;
    va_start(ap, fmt);
    vprint("warn", package, fmt, ap);
    va_end(ap);
}

void pkg_err(const char *package, const char *fmt, ...)
{
    va_list ap;

    if (!debug_enabled(LSA_DEBUG_ERR))
        return;
    va_start(ap, fmt);
    vprint("err", package, fmt, ap);
    va_end(ap);
}

void pkg_user_diag(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("lsaemu: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    fflush(stderr);
    va_end(ap);
}
