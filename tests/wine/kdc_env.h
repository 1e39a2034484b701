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

/* A variable of this process's environment (kdc_env_load's) into out, cap WCHARs: FALSE when unset, empty or too
 * long for out. */
static inline BOOL kdc_env_get(const WCHAR *name, WCHAR *out, DWORD cap)
{
    DWORD n = GetEnvironmentVariableW(name, out, cap);
    return n > 0 && n < cap;
}

/* One value a test program needs from kdc.env, and the program's buffer for it. */
typedef struct kdc_env_var {
    const WCHAR *name;
    WCHAR *out;
    DWORD cap;
} kdc_env_var;
#define KDC_ENV_VAR(name, buf) {name, buf, ARRAYSIZE(buf)}
/* What the programs that log the fixture's user on all read: the realm, the KDC's "host:port", the user (alice) and
 * her password. */
#define KDC_ENV_LOGON_VARS(realm, address, user, password)                                                            \
    KDC_ENV_VAR(L"LSAEMU_KDC_REALM", realm), KDC_ENV_VAR(L"LSAEMU_KDC_ADDRESS", address),                            \
        KDC_ENV_VAR(L"LSAEMU_KDC_USER", user), KDC_ENV_VAR(L"LSAEMU_KDC_PASSWORD", password)

/* For a test program's main: each of vars read (kdc_env_get); else FALSE, after a line naming the first missing. */
static inline BOOL kdc_env_read(const kdc_env_var *vars, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!kdc_env_get(vars[i].name, vars[i].out, vars[i].cap)) {
            fprintf(stderr, "kdc.env lacks %ls, which this test needs\n", vars[i].name);
            return FALSE;
        }
    return TRUE;
}

/* The realm's first label (what Windows reports as the NetBIOS-style domain name) into out, cap WCHARs. */
static inline void kdc_env_netbios(const WCHAR *realm, WCHAR *out, int cap)
{
    WCHAR *dot;

    lstrcpynW(out, realm, cap);
    if ((dot = wcschr(out, L'.')))
        *dot = 0;
}

/* The fixture's other user, the first of LSAEMU_KDC_ENCTYPE_USERS: aes128user, whose password is
 * LSAEMU_KDC_OTHER_PASSWORD. FALSE, after a line, when kdc.env names no such first user. */
static inline BOOL kdc_env_other_user(WCHAR *out, DWORD cap)
{
    static const WCHAR name[] = L"aes128user";
    WCHAR users[300];

    if (!kdc_env_get(L"LSAEMU_KDC_ENCTYPE_USERS", users, ARRAYSIZE(users)) || wcsncmp(users, L"aes128user:", 11) ||
        cap < ARRAYSIZE(name)) {
        fprintf(stderr, "kdc.env's LSAEMU_KDC_ENCTYPE_USERS does not begin with aes128user\n");
        return FALSE;
    }
    memcpy(out, name, sizeof(name));
    return TRUE;
}

#endif
