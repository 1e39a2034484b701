/* Shared helpers for the Windows test programs (cmocka, run under Wine). Header-only so each test stays one file. */
#ifndef LSAEMU_TESTS_WINE_TEST_COMMON_H
#define LSAEMU_TESTS_WINE_TEST_COMMON_H

#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <ntsecapi.h>
#include <winternl.h>

#ifndef NT_SUCCESS
#define NT_SUCCESS(status) ((NTSTATUS)(status) >= 0)
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lsaemu/lsaemu.h"

/* Compare NTSTATUS values and print both in hex on failure. */
#define assert_status(actual, expected)                                                                    \
    do {                                                                                                   \
        NTSTATUS a_ = (actual), e_ = (expected);                                                           \
        if (a_ != e_)                                                                                      \
            fail_msg("%s: got status 0x%08lx, expected 0x%08lx", #actual, (unsigned long)a_,               \
                     (unsigned long)e_);                                                                   \
    } while (0)

static inline void init_lsa_string(LSA_STRING *s, const char *text)
{
    size_t n = strlen(text);
    s->Buffer = (PCHAR)text;
    s->Length = (USHORT)n;
    s->MaximumLength = (USHORT)(n + 1);
}

/* Enable or disable a privilege in the process token; TRUE when the token holds it and the change was made. */
static inline BOOL set_privilege(const WCHAR *name, BOOL enable)
{
    HANDLE token;
    TOKEN_PRIVILEGES tp;
    BOOL ok;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token))
        return FALSE;
    tp.PrivilegeCount = 1;
    tp.Privileges[0].Attributes = enable ? SE_PRIVILEGE_ENABLED : 0;
    ok = LookupPrivilegeValueW(NULL, name, &tp.Privileges[0].Luid) &&
         AdjustTokenPrivileges(token, FALSE, &tp, sizeof(tp), NULL, NULL) && GetLastError() == ERROR_SUCCESS;
    CloseHandle(token);
    return ok;
}

static inline HANDLE connect_untrusted(void)
{
    HANDLE h = NULL;
    assert_status(LsaConnectUntrusted(&h), STATUS_SUCCESS);
    return h;
}

/* A trusted connection: enables SeTcbPrivilege, registers, and disables it again. */
static inline HANDLE connect_trusted(void)
{
    LSA_STRING name;
    HANDLE h = NULL;
    LSA_OPERATIONAL_MODE mode;
    init_lsa_string(&name, "lsaemu-test");
    assert_true(set_privilege(SE_TCB_NAME, TRUE));
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_SUCCESS);
    set_privilege(SE_TCB_NAME, FALSE);
    return h;
}

static inline ULONG package_id(HANDLE h, const char *package)
{
    LSA_STRING name;
    ULONG id = 0xdeadbeef;
    init_lsa_string(&name, package);
    assert_status(LsaLookupAuthenticationPackage(h, &name, &id), STATUS_SUCCESS);
    return id;
}

static inline ULONG kerberos_id(HANDLE h) { return package_id(h, MICROSOFT_KERBEROS_NAME_A); }
static inline ULONG msv1_0_id(HANDLE h) { return package_id(h, MSV1_0_PACKAGE_NAME); }

/* TRUE when our secur32.dll (not Wine's builtin) is the one loaded. */
static inline BOOL lsaemu_loaded(void)
{
    HMODULE m = GetModuleHandleW(L"secur32.dll");
    return m && GetProcAddress(m, LSAEMU_VERSION_EXPORT) != NULL;
}

#endif
