/* LSAEMU_TRANSPORT=inproc|pipe picks the transport, once per process; inproc is the default because it measures
 * fastest. An unknown value falls back to the default with one line on stderr, so a typo does not go unnoticed. */
#include "lsa_windows.h"
#include "lsa_transport.h"

static INIT_ONCE select_once = INIT_ONCE_STATIC_INIT;
static const lsa_transport *selected = &lsa_transport_inproc;

/* Straight to the console handle: a DLL must not assume which C runtime's stderr the program uses. */
static void report(const char *value)
{
    static const char head[] = "lsaemu: unknown LSAEMU_TRANSPORT \"";
    static const char tail[] = "\" (expected inproc or pipe); using inproc\n";
    char line[sizeof(head) + 64 + sizeof(tail)];
    size_t n = 0;
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    DWORD written;
    for (const char *s = head; *s; s++)
        line[n++] = *s;
    for (const char *s = value; *s && n < sizeof(head) - 1 + 64; s++)
        line[n++] = *s;
    for (const char *s = tail; *s; s++)
        line[n++] = *s;
    if (err && err != INVALID_HANDLE_VALUE)
        WriteFile(err, line, (DWORD)n, &written, NULL); /* best effort: there may be no console */
}

static BOOL CALLBACK select_transport(INIT_ONCE *once, void *param, void **context)
{
    char value[64];
    DWORD n = GetEnvironmentVariableA("LSAEMU_TRANSPORT", value, sizeof(value));
    (void)once;
    (void)param;
    (void)context;
    if (n == 0) /* unset or empty: the default */
        return TRUE;
    if (n >= sizeof(value)) {
        report("(too long)");
        return TRUE;
    }
    if (lstrcmpiA(value, "pipe") == 0)
        selected = &lsa_transport_pipe;
    else if (lstrcmpiA(value, "inproc") != 0)
        report(value);
    return TRUE;
}

const lsa_transport *lsa_transport_get(void)
{
    InitOnceExecuteOnce(&select_once, select_transport, NULL, NULL);
    return selected;
}
