/* The shared KDC fixture's facts for Wine test programs: tests/kdc/kdc.sh writes them to kdc.env (KEY=value lines,
 * no quoting) and ctest names that file in LSAEMU_KDC_ENV (a Unix path; Wine passes it through). kdc_env_load puts
 * every line into this process's environment, plus LSAEMU_KDC_ADDRESS = "host:port". FALSE when there is no
 * fixture (variable unset, file absent: krb5kdc not installed); the caller then skips with 77. */
#ifndef LSAEMU_TESTS_KDC_ENV_H
#define LSAEMU_TESTS_KDC_ENV_H

#include <windows.h>

#include <stdio.h>
#include <string.h>

typedef WCHAR *(CDECL *kdc_env_dos_name_fn)(const char *unix_path);

static FILE *kdc_env_open(const char *unix_path)
{
    kdc_env_dos_name_fn to_dos =
        (kdc_env_dos_name_fn)(void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "wine_get_dos_file_name");
    WCHAR *dos = to_dos ? to_dos(unix_path) : NULL;
    FILE *f;

    if (!dos)
        return NULL;
    f = _wfopen(dos, L"rb");
    HeapFree(GetProcessHeap(), 0, dos);
    return f;
}

static BOOL kdc_env_load(void)
{
    char path[1024], line[1200], host[300] = "", port[16] = "", address[320];
    DWORD n = GetEnvironmentVariableA("LSAEMU_KDC_ENV", path, sizeof(path));
    FILE *f;

    if (!n || n >= sizeof(path) || !(f = kdc_env_open(path)))
        return FALSE;
    while (fgets(line, sizeof(line), f)) {
        char *eq = strchr(line, '='), *end = line + strcspn(line, "\r\n");

        *end = 0;
        if (!eq || eq == line)
            continue;
        *eq = 0;
        SetEnvironmentVariableA(line, eq + 1);
        if (!strcmp(line, "LSAEMU_KDC_HOST"))
            snprintf(host, sizeof(host), "%s", eq + 1);
        else if (!strcmp(line, "LSAEMU_KDC_PORT"))
            snprintf(port, sizeof(port), "%s", eq + 1);
    }
    fclose(f);
    if (!host[0] || !port[0])
        return FALSE;
    snprintf(address, sizeof(address), "%s:%s", host, port);
    SetEnvironmentVariableA("LSAEMU_KDC_ADDRESS", address);
    return TRUE;
}

/* For a test program's main: loads kdc.env, or says why the program skips. */
static inline BOOL kdc_env_load_or_say_skip(void)
{
    if (kdc_env_load())
        return TRUE;
    printf("no KDC fixture (LSAEMU_KDC_ENV names no kdc.env): skipped\n");
    return FALSE;
}

#endif
