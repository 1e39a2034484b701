/* LSAEMU_TRANSPORT=inproc|pipe|server picks the transport, once per process; without it the registry value
 * HKLM\Software\lsaemu Transport (REG_SZ, for a whole prefix) does; inproc is the default because it measures
 * fastest. An unknown value falls back to the default with one line on stderr, so a typo does not go unnoticed. */
#include "lsa_windows.h"
#include "lsa_transport.h"

static INIT_ONCE select_once = INIT_ONCE_STATIC_INIT;
static const lsa_transport *selected = &lsa_transport_inproc;

/* Straight to the console handle: a DLL must not assume which C runtime's stderr the program uses. */
static void report(const char *source, const char *value)
{
    static const char head[] = "lsaemu: unknown ";
    static const char tail[] = "\" (expected inproc, pipe or server); using inproc\n";
    char line[sizeof(head) + 64 + 64 + sizeof(tail)];
    size_t n = 0;
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    DWORD written;
    for (const char *s = head; *s; s++)
        line[n++] = *s;
    for (const char *s = source; *s && n < sizeof(head) + 60; s++)
        line[n++] = *s;
    line[n++] = ' ';
    line[n++] = '"';
    for (const char *s = value; *s && n < sizeof(head) + 64 + 62; s++)
        line[n++] = *s;
    for (const char *s = tail; *s; s++)
        line[n++] = *s;
    if (err && err != INVALID_HANDLE_VALUE)
        WriteFile(err, line, (DWORD)n, &written, NULL); /* best effort: there may be no console */
}

/* The registry's choice, for a prefix-wide setting: FALSE when there is none. */
static BOOL registry_value(char *value, DWORD size)
{
    DWORD bytes = size;
    return RegGetValueA(HKEY_LOCAL_MACHINE, "Software\\lsaemu", "Transport", RRF_RT_REG_SZ, NULL, value, &bytes) ==
               ERROR_SUCCESS && value[0];
}

static BOOL CALLBACK select_transport(INIT_ONCE *once, void *param, void **context)
{
    char value[64];
    const char *source = "LSAEMU_TRANSPORT";
    DWORD n = GetEnvironmentVariableA("LSAEMU_TRANSPORT", value, sizeof(value));
    (void)once;
    (void)param;
    (void)context;
    if (n >= sizeof(value)) {
        report(source, "(too long)");
        return TRUE;
    }
    if (n == 0) {
        source = "HKLM\\Software\\lsaemu Transport";
        if (!registry_value(value, sizeof(value))) /* unset or empty everywhere: the default */
            return TRUE;
    }
    if (lstrcmpiA(value, "pipe") == 0)
        selected = &lsa_transport_pipe;
    else if (lstrcmpiA(value, "server") == 0)
        selected = &lsa_transport_server;
    else if (lstrcmpiA(value, "inproc") != 0)
        report(source, value);
    return TRUE;
}

const lsa_transport *lsa_transport_get(void)
{
    InitOnceExecuteOnce(&select_once, select_transport, NULL, NULL);
    return selected;
}
