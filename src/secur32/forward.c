/* Host module loading, lazy resolution and the fallback for forwarded exports (see forward.h). The thunks themselves
 * are in forward_thunks.c; this file owns the per-export descriptors they jump through. */
#include "forward.h"

#include <stdio.h>

#if !defined(_WIN32_WINNT) || _WIN32_WINNT < 0x0600
#error "forward.c needs InitOnceExecuteOnce (_WIN32_WINNT >= 0x0600)"
#endif

/* Descriptors: each starts at its resolver stub, which is an assembly label in forward_thunks.c. */
#define LSAEMU_FORWARD(name, bytes, kind)                                                                      \
    void lsaemu_fwdr_##name(void);                                                                             \
    void lsaemu_fwdf_##name(void);                                                                             \
    struct lsaemu_fwd_desc lsaemu_fwd_desc_##name = {(void *)lsaemu_fwdr_##name, lsaemu_fwdf_##name, #name,    \
                                                     LSAEMU_FWD_FAIL_##kind, 0};
#include "forwarded_exports.h"
#undef LSAEMU_FORWARD

/* 80 Wine 8 exports minus the 11 Lsa* functions lsaemu implements. */
enum {
#define LSAEMU_FORWARD(name, bytes, kind) LSAEMU_FWD_IDX_##name,
#include "forwarded_exports.h"
#undef LSAEMU_FORWARD
    LSAEMU_FWD_COUNT
};
_Static_assert(LSAEMU_FWD_COUNT == 69, "forwarded_exports.h must list 69 names");

/* The stubs call in with whatever stack alignment the application had; i686 code from other compilers may only keep
 * 4-byte alignment. */
#if defined(__i386__)
#define LSAEMU_FROM_STUB __attribute__((force_align_arg_pointer))
#else
#define LSAEMU_FROM_STUB
#endif

extern IMAGE_DOS_HEADER __ImageBase; /* provided by the mingw linker: our own module's base */
#define SELF_MODULE ((HMODULE)&__ImageBase)

static INIT_ONCE host_once = INIT_ONCE_STATIC_INIT;
static HMODULE host_primary;   /* looked up first */
static HMODULE host_secondary; /* Windows only: secur32.dll for what sspicli.dll lacks */

static BOOL running_on_wine(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}

/* LoadLibrary, refusing our own module (we may be the DLL at that path). */
static HMODULE load_other_than_self(const WCHAR *path)
{
    HMODULE h = LoadLibraryW(path);
    if (h == SELF_MODULE) {
        FreeLibrary(h); /* only drops the reference LoadLibrary just added */
        h = NULL;
    }
    return h;
}

/* <system32>\file */
static HMODULE load_system_dll(const WCHAR *file)
{
    WCHAR path[MAX_PATH + 64];
    UINT n = GetSystemDirectoryW(path, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return NULL;
    lstrcpynW(path + n, file, (int)(sizeof(path) / sizeof(path[0]) - n));
    return load_other_than_self(path);
}

/* Wine's own builtin secur32.dll, from the PE library folder Wine names in the process environment (WINEDLLDIR0, an NT
 * path such as \??\Z:\usr\lib\x86_64-linux-gnu\wine, holding <arch>-windows folders). Loaded under its real name it
 * is a full builtin; a renamed copy is not: Wine pairs a builtin with its Unix library (Schannel's GnuTLS backend) by
 * file name, so the copy runs without Schannel. */
static HMODULE load_wine_builtin(void)
{
#if defined(__x86_64__)
    static const WCHAR tail[] = L"\\x86_64-windows\\secur32.dll";
#else
    static const WCHAR tail[] = L"\\i386-windows\\secur32.dll";
#endif
    WCHAR path[MAX_PATH + 64];
    DWORD n = GetEnvironmentVariableW(L"WINEDLLDIR0", path, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return NULL;
    lstrcpynW(path + n, tail, (int)(sizeof(path) / sizeof(path[0]) - n));
    const WCHAR *dos_path = path;
    if (path[0] == L'\\' && path[1] == L'?' && path[2] == L'?' && path[3] == L'\\')
        dos_path += 4; /* "\??\Z:\..." -> "Z:\..." */
    return load_other_than_self(dos_path);
}

static BOOL CALLBACK load_hosts(PINIT_ONCE once, PVOID param, PVOID *context)
{
    (void)once;
    (void)param;
    (void)context;
    if (running_on_wine()) {
        /* App-local: the path gives Wine's builtin as a separate module. Installed over system32\secur32.dll: the
         * path gives ourselves, so load the builtin from Wine's own folder, or else the copy the installer made. */
        host_primary = load_system_dll(L"\\secur32.dll");
        if (!host_primary)
            host_primary = load_wine_builtin();
        if (!host_primary)
            host_primary = load_system_dll(L"\\lsaemu_host_secur32.dll");
    } else {
        /* Windows: secur32.dll is mostly forwarders to sspicli.dll; a few names (TranslateName*,
         * GetComputerObjectName*) exist only in secur32. */
        host_primary = load_system_dll(L"\\sspicli.dll");
        host_secondary = load_system_dll(L"\\secur32.dll");
    }
    return TRUE;
}

static void ensure_hosts(void)
{
    InitOnceExecuteOnce(&host_once, load_hosts, NULL, NULL);
}

HMODULE lsaemu_host_module(void)
{
    ensure_hosts();
    return host_primary ? host_primary : host_secondary;
}

static void *lookup(HMODULE module, const char *name)
{
    if (!module)
        return NULL;
    FARPROC fn = GetProcAddress(module, name);
    HMODULE owner = NULL;
    /* A host export that leads back into this DLL would make the thunk call itself forever. */
    if (fn && GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                                 (LPCWSTR)(void *)fn, &owner) &&
        owner == SELF_MODULE)
        return NULL;
    return (void *)fn;
}

LSAEMU_FROM_STUB void *lsaemu_fwd_resolve(struct lsaemu_fwd_desc *desc)
{
    DWORD saved_error = GetLastError(); /* resolution must not be visible to the caller */
    ensure_hosts();
    void *target = lookup(host_primary, desc->name);
    if (!target)
        target = lookup(host_secondary, desc->name);
    if (!target)
        target = (void *)desc->fail;
    /* Racing threads store the same value; the store is atomic, so the thunk never sees a torn pointer. */
    InterlockedExchangePointer((PVOID volatile *)&desc->target, target);
    SetLastError(saved_error);
    return target;
}

static void report_missing(const char *name)
{
    char msg[160];
    int n = snprintf(msg, sizeof(msg), "lsaemu: secur32 %s: no host implementation found, the call fails\n", name);
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    DWORD written;
    if (n > 0 && err && err != INVALID_HANDLE_VALUE)
        WriteFile(err, msg, (DWORD)(n < (int)sizeof(msg) ? n : (int)sizeof(msg) - 1), &written, NULL);
}

LSAEMU_FROM_STUB LONG_PTR lsaemu_fwd_fail(struct lsaemu_fwd_desc *desc)
{
    DWORD saved_error = GetLastError();
    if (InterlockedCompareExchange(&desc->warned, 1, 0) == 0)
        report_missing(desc->name);
    SetLastError(saved_error);
    switch (desc->kind) {
    case LSAEMU_FWD_FAIL_ZERO:
        SetLastError(ERROR_PROC_NOT_FOUND);
        return 0;
    case LSAEMU_FWD_FAIL_NONE:
        return 0;
    default:
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
}
