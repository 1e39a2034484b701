/* lsaemu_demo: logs a sample account on through secur32's LSA API and prints what Windows would hand back: the
 * MSV1_0 interactive profile, the logon session, and the token kind; then, when tools/demo.sh started a KDC, a
 * Kerberos logon, its session, a service ticket and the ticket cache (lsaemu_demo_kerberos.c). Built against mingw's
 * stock libsecur32.a, like any Windows program; run it with our secur32.dll (tools/demo.sh does).
 *
 *   lsaemu_demo.exe [user [password [domain]]]      (default: alice Secret123 .; the MSV1_0 part's account)
 *
 * Exit code: 0 done (the Kerberos part skipped when there is no KDC), 1 no LSA, 2 the MSV1_0 logon failed, 3 a step of
 * the Kerberos part failed. */
#include "lsaemu_demo.h"

#include <sddl.h>

#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* Build an MSV1_0_INTERACTIVE_LOGON as one buffer with the strings after the structure (absolute pointers). */
static BYTE *make_logon(const WCHAR *domain, const WCHAR *user, const WCHAR *password, ULONG *size)
{
    size_t d = wcslen(domain) * 2, u = wcslen(user) * 2, p = wcslen(password) * 2;
    MSV1_0_INTERACTIVE_LOGON *l;
    BYTE *buf = calloc(1, sizeof(*l) + d + u + p);
    if (!buf)
        return NULL;
    l = (MSV1_0_INTERACTIVE_LOGON *)buf;
    l->MessageType = MsV1_0InteractiveLogon;
    l->LogonDomainName.Buffer = (PWSTR)(buf + sizeof(*l));
    l->LogonDomainName.Length = l->LogonDomainName.MaximumLength = (USHORT)d;
    memcpy(l->LogonDomainName.Buffer, domain, d);
    l->UserName.Buffer = (PWSTR)(buf + sizeof(*l) + d);
    l->UserName.Length = l->UserName.MaximumLength = (USHORT)u;
    memcpy(l->UserName.Buffer, user, u);
    l->Password.Buffer = (PWSTR)(buf + sizeof(*l) + d + u);
    l->Password.Length = l->Password.MaximumLength = (USHORT)p;
    memcpy(l->Password.Buffer, password, p);
    *size = (ULONG)(sizeof(*l) + d + u + p);
    return buf;
}

int wmain(int argc, WCHAR **argv)
{
    const WCHAR *user = argc > 1 ? argv[1] : L"alice";
    const WCHAR *password = argc > 2 ? argv[2] : L"Secret123";
    const WCHAR *domain = argc > 3 ? argv[3] : L".";
    HANDLE lsa, token = NULL;
    LSA_STRING origin = { 11, 12, (PCHAR) "lsaemu_demo" }, pkg_name;
    ULONG package, size, profile_len = 0;
    BYTE *auth;
    TOKEN_SOURCE source = { "lsaemu", { 0, 0 } };
    MSV1_0_INTERACTIVE_PROFILE *profile = NULL;
    LUID logon_id;
    QUOTA_LIMITS quotas;
    NTSTATUS st, sub;
    SECURITY_LOGON_SESSION_DATA *session = NULL;
    HMODULE secur32 = GetModuleHandleW(L"secur32.dll");

    printf("secur32.dll in use: %s\n",
           secur32 && GetProcAddress(secur32, "lsaemu_version") ? "lsaemu" : "NOT lsaemu (Wine's builtin?)");
    if ((st = LsaConnectUntrusted(&lsa))) {
        printf("LsaConnectUntrusted failed: 0x%08lx\n", (unsigned long)st);
        return 1;
    }
    pkg_name.Buffer = (PCHAR)MSV1_0_PACKAGE_NAME;
    pkg_name.Length = (USHORT)strlen(MSV1_0_PACKAGE_NAME);
    pkg_name.MaximumLength = pkg_name.Length + 1;
    if ((st = LsaLookupAuthenticationPackage(lsa, &pkg_name, &package))) {
        printf("LsaLookupAuthenticationPackage failed: 0x%08lx\n", (unsigned long)st);
        return 1;
    }
    printf("MSV1_0 package id: %lu\n", package);
    AllocateLocallyUniqueId(&source.SourceIdentifier);
    if (!(auth = make_logon(domain, user, password, &size)))
        return 1;
    st = LsaLogonUser(lsa, &origin, Interactive, package, auth, size, NULL, &source, (PVOID *)&profile, &profile_len,
                      &logon_id, &token, &quotas, &sub);
    SecureZeroMemory(auth, size);
    free(auth);
    printf("LsaLogonUser(%ls\\%ls): status 0x%08lx, substatus 0x%08lx\n", domain, user, (unsigned long)st,
           (unsigned long)sub);
    if (st) {
        LsaDeregisterLogonProcess(lsa);
        return 2;
    }
    printf("Logon id %08lx:%08lx, token %p, profile %lu bytes\n", logon_id.HighPart, logon_id.LowPart, token,
           profile_len);
    printf("MSV1_0_INTERACTIVE_PROFILE:\n");
    printf("  %-20s %d\n", "MessageType", (int)profile->MessageType);
    printf("  %-20s %u\n", "LogonCount", profile->LogonCount);
    printf("  %-20s %u\n", "BadPasswordCount", profile->BadPasswordCount);
    demo_print_time("LogonTime", profile->LogonTime);
    demo_print_time("LogoffTime", profile->LogoffTime);
    demo_print_time("KickOffTime", profile->KickOffTime);
    demo_print_time("PasswordLastSet", profile->PasswordLastSet);
    demo_print_time("PasswordCanChange", profile->PasswordCanChange);
    demo_print_time("PasswordMustChange", profile->PasswordMustChange);
    demo_print_ustr("LogonScript", &profile->LogonScript);
    demo_print_ustr("HomeDirectory", &profile->HomeDirectory);
    demo_print_ustr("FullName", &profile->FullName);
    demo_print_ustr("ProfilePath", &profile->ProfilePath);
    demo_print_ustr("HomeDirectoryDrive", &profile->HomeDirectoryDrive);
    demo_print_ustr("LogonServer", &profile->LogonServer);
    printf("  %-20s 0x%08lx\n", "UserFlags", profile->UserFlags);

    if ((st = LsaGetLogonSessionData(&logon_id, &session)) == STATUS_SUCCESS) {
        LPWSTR sid = NULL;
        printf("SECURITY_LOGON_SESSION_DATA:\n");
        demo_print_ustr("UserName", &session->UserName);
        demo_print_ustr("LogonDomain", &session->LogonDomain);
        demo_print_ustr("AuthenticationPackage", &session->AuthenticationPackage);
        printf("  %-20s %lu\n", "LogonType", session->LogonType);
        printf("  %-20s %lu\n", "Session", session->Session);
        if (session->Sid && ConvertSidToStringSidW(session->Sid, &sid)) {
            printf("  %-20s %ls\n", "Sid", sid);
            LocalFree(sid);
        }
        demo_print_time("LogonTime", session->LogonTime);
        demo_print_ustr("LogonServer", &session->LogonServer);
        printf("  %-20s 0x%08lx\n", "UserFlags", session->UserFlags);
        demo_print_time("LastSuccessfulLogon", session->LastLogonInfo.LastSuccessfulLogon);
        demo_print_time("LastFailedLogon", session->LastLogonInfo.LastFailedLogon);
        printf("  %-20s %lu\n", "FailedAttempts", session->LastLogonInfo.FailedAttemptCountSinceLastSuccessfulLogon);
        demo_print_ustr("LogonScript", &session->LogonScript);
        demo_print_ustr("ProfilePath", &session->ProfilePath);
        demo_print_ustr("HomeDirectory", &session->HomeDirectory);
        demo_print_ustr("HomeDirectoryDrive", &session->HomeDirectoryDrive);
        demo_print_time("LogoffTime", session->LogoffTime);
        demo_print_time("KickOffTime", session->KickOffTime);
        demo_print_time("PasswordLastSet", session->PasswordLastSet);
        demo_print_time("PasswordCanChange", session->PasswordCanChange);
        demo_print_time("PasswordMustChange", session->PasswordMustChange);
        LsaFreeReturnBuffer(session);
    } else {
        printf("LsaGetLogonSessionData failed: 0x%08lx\n", (unsigned long)st);
    }
    {
        TOKEN_TYPE type;
        DWORD n;
        if (GetTokenInformation(token, TokenType, &type, sizeof(type), &n))
            printf("Token type: %s\n", type == TokenPrimary ? "primary" : "impersonation");
    }
    LsaFreeReturnBuffer(profile);
    CloseHandle(token);
    LsaDeregisterLogonProcess(lsa);
    fflush(stdout);
    return demo_kerberos() == 1 ? 3 : 0;
}
