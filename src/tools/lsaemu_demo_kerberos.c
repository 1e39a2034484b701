/* The demo's Kerberos part: tools/demo.sh starts MIT's KDC (tests/kdc/kdc.sh), points KRB5_CONFIG at its krb5.conf
 * and passes the realm, user, password and a service from its kdc.env in the environment:
 *   LSAEMU_KDC_REALM, LSAEMU_KDC_USER, LSAEMU_KDC_PASSWORD, LSAEMU_KDC_SERVICE
 * Without LSAEMU_KDC_REALM (no KDC) the part is skipped. The password is never printed, and leaves the environment
 * as soon as it is read. A trusted connection (SeTcbPrivilege) is what may ask about another logon session's
 * tickets, as on Windows. */
#include "lsaemu_demo.h"
#include "lsaemu_tool_logon.h"

#include <sddl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct demo_kdc {
    WCHAR realm[256], user[256], password[256], service[256];
} demo_kdc;

static BOOL env(const WCHAR *name, WCHAR *out, DWORD cap)
{
    DWORD n = GetEnvironmentVariableW(name, out, cap);
    return n > 0 && n < cap;
}

static HANDLE connect_trusted(void)
{
    LSA_STRING name = { 11, 12, (PCHAR) "lsaemu_demo" };
    LSA_OPERATIONAL_MODE mode;
    HANDLE lsa = NULL;
    NTSTATUS st;

    if (!lsaemu_tool_set_tcb(TRUE)) {
        printf("SeTcbPrivilege could not be enabled: the Kerberos part needs a trusted connection\n");
        return NULL;
    }
    st = LsaRegisterLogonProcess(&name, &lsa, &mode);
    lsaemu_tool_set_tcb(FALSE);
    if (st) {
        printf("LsaRegisterLogonProcess failed: 0x%08lx\n", (unsigned long)st);
        return NULL;
    }
    return lsa;
}

static NTSTATUS kerb_logon(HANDLE lsa, ULONG package, const char *package_name, const demo_kdc *k, LUID *id,
                           HANDLE *token)
{
    LSA_STRING origin = { 11, 12, (PCHAR) "lsaemu_demo" };
    TOKEN_SOURCE source = { "lsaemu", { 0, 0 } };
    KERB_INTERACTIVE_PROFILE *profile = NULL;
    ULONG size, profile_len = 0;
    QUOTA_LIMITS quotas;
    NTSTATUS st, sub = 0;
    BYTE *auth = lsaemu_tool_interactive_logon(KerbInteractiveLogon, k->realm, k->user, k->password, &size);

    if (!auth)
        return STATUS_NO_MEMORY;
    AllocateLocallyUniqueId(&source.SourceIdentifier);
    st = LsaLogonUser(lsa, &origin, Interactive, package, auth, size, NULL, &source, (PVOID *)&profile, &profile_len,
                      id, token, &quotas, &sub);
    SecureZeroMemory(auth, size);
    free(auth);
    printf("\nLsaLogonUser(%s, KERB_INTERACTIVE_LOGON %ls\\%ls): status 0x%08lx, substatus 0x%08lx\n", package_name,
           k->realm, k->user, (unsigned long)st, (unsigned long)sub);
    if (st)
        return st;
    printf("Logon id %08lx:%08lx, token %p, profile %lu bytes, MessageType %d%s\n", id->HighPart, id->LowPart, *token,
           profile_len, profile ? (int)profile->MessageType : -1,
           profile && profile->MessageType == KerbInteractiveProfile ? " (KerbInteractiveProfile)" : "");
    if (profile)
        LsaFreeReturnBuffer(profile);
    return STATUS_SUCCESS;
}

static NTSTATUS print_session(LUID id)
{
    SECURITY_LOGON_SESSION_DATA *s = NULL;
    LPWSTR sid = NULL;
    NTSTATUS st = LsaGetLogonSessionData(&id, &s);

    if (st) {
        printf("LsaGetLogonSessionData failed: 0x%08lx\n", (unsigned long)st);
        return st;
    }
    printf("SECURITY_LOGON_SESSION_DATA:\n");
    demo_print_ustr("AuthenticationPackage", &s->AuthenticationPackage);
    demo_print_ustr("UserName", &s->UserName);
    demo_print_ustr("LogonDomain", &s->LogonDomain);
    demo_print_ustr("DnsDomainName", &s->DnsDomainName);
    demo_print_ustr("Upn", &s->Upn);
    demo_print_ustr("LogonServer", &s->LogonServer);
    printf("  %-20s %lu\n", "LogonType", s->LogonType);
    if (s->Sid && ConvertSidToStringSidW(s->Sid, &sid)) {
        printf("  %-20s %ls\n", "Sid", sid);
        LocalFree(sid);
    }
    demo_print_time("LogonTime", s->LogonTime);
    LsaFreeReturnBuffer(s);
    return STATUS_SUCCESS;
}

static void print_external_name(const char *label, const KERB_EXTERNAL_NAME *n)
{
    printf("  %-20s", label);
    for (USHORT i = 0; n && i < n->NameCount; i++)
        printf("%s%.*ls", i ? "/" : " ", (int)(n->Names[i].Length / sizeof(WCHAR)), n->Names[i].Buffer);
    printf("\n");
}

/* KerbRetrieveEncodedTicketMessage, CacheOptions DEFAULT: from the cache, else a TGS exchange with the session's
 * TGT (the ticket is then kept). The session key is a secret: only its type and length are shown. */
static NTSTATUS retrieve_ticket(HANDLE lsa, ULONG kerberos, LUID id, const WCHAR *service)
{
    KERB_RETRIEVE_TKT_RESPONSE *resp = NULL;
    ULONG req_len, len = 0;
    NTSTATUS st, protocol = 0;
    void *req = lsaemu_tool_retrieve_request(id, KERB_RETRIEVE_TICKET_DEFAULT, service, &req_len);

    if (!req)
        return STATUS_NO_MEMORY;
    st = LsaCallAuthenticationPackage(lsa, kerberos, req, req_len, (PVOID *)&resp, &len, &protocol);
    free(req);
    printf("\nKerbRetrieveEncodedTicketMessage(%ls): status 0x%08lx, protocol status 0x%08lx\n", service,
           (unsigned long)st, (unsigned long)protocol);
    if (st || protocol || !resp) {
        if (resp)
            LsaFreeReturnBuffer(resp);
        return st ? st : protocol ? protocol : STATUS_INTERNAL_ERROR;
    }
    print_external_name("ServiceName", resp->Ticket.ServiceName);
    print_external_name("ClientName", resp->Ticket.ClientName);
    demo_print_ustr("DomainName", &resp->Ticket.DomainName);
    printf("  %-20s %s, %lu bytes (value not shown)\n", "SessionKey", demo_etype_name(resp->Ticket.SessionKey.KeyType),
           resp->Ticket.SessionKey.Length);
    printf("  %-20s 0x%08lx\n", "TicketFlags", resp->Ticket.TicketFlags);
    demo_print_time("StartTime", resp->Ticket.StartTime);
    demo_print_time("EndTime", resp->Ticket.EndTime);
    printf("  %-20s %lu bytes (ASN.1 Ticket)\n", "EncodedTicket", resp->Ticket.EncodedTicketSize);
    LsaFreeReturnBuffer(resp);
    return STATUS_SUCCESS;
}

static NTSTATUS lookup(HANDLE lsa, const char *name, ULONG *id)
{
    LSA_STRING s;

    s.Buffer = (PCHAR)name;
    s.Length = (USHORT)strlen(name);
    s.MaximumLength = (USHORT)(s.Length + 1);
    return LsaLookupAuthenticationPackage(lsa, &s, id);
}

static int run(HANDLE lsa, const demo_kdc *k)
{
    ULONG kerberos, negotiate;
    HANDLE token = NULL;
    LUID id;
    int failed = 0;

    if (lookup(lsa, MICROSOFT_KERBEROS_NAME_A, &kerberos) || lookup(lsa, "Negotiate", &negotiate)) {
        printf("LsaLookupAuthenticationPackage(Kerberos / Negotiate) failed\n");
        return 1;
    }
    printf("Kerberos package id: %lu, Negotiate package id: %lu\n", kerberos, negotiate);
    if (kerb_logon(lsa, kerberos, "Kerberos", k, &id, &token))
        return 1;
    failed |= print_session(id) != STATUS_SUCCESS;
    failed |= retrieve_ticket(lsa, kerberos, id, k->service) != STATUS_SUCCESS;
    printf("\n");
    failed |= demo_klist(lsa, kerberos, id) != STATUS_SUCCESS;
    CloseHandle(token); /* the last handle to the token: the session and its tickets end */

    token = NULL;
    if (kerb_logon(lsa, negotiate, "Negotiate", k, &id, &token))
        return 1;
    failed |= print_session(id) != STATUS_SUCCESS;
    CloseHandle(token);
    return failed;
}

int demo_kerberos(void)
{
    demo_kdc k;
    HANDLE lsa;
    int rc;

    memset(&k, 0, sizeof(k));
    printf("\n==== Kerberos ====\n");
    if (!env(L"LSAEMU_KDC_REALM", k.realm, ARRAYSIZE(k.realm))) {
        printf("Kerberos part skipped: no KDC (LSAEMU_KDC_REALM is not set; tools/demo.sh sets it when MIT's "
               "krb5kdc is installed)\n");
        return 77;
    }
    if (!env(L"LSAEMU_KDC_USER", k.user, ARRAYSIZE(k.user)) ||
        !env(L"LSAEMU_KDC_PASSWORD", k.password, ARRAYSIZE(k.password)) ||
        !env(L"LSAEMU_KDC_SERVICE", k.service, ARRAYSIZE(k.service))) {
        printf("Kerberos part: LSAEMU_KDC_USER, LSAEMU_KDC_PASSWORD and LSAEMU_KDC_SERVICE are needed\n");
        return 1;
    }
    SetEnvironmentVariableW(L"LSAEMU_KDC_PASSWORD", NULL);
    printf("Realm %ls (its KDC from the krb5.conf that KRB5_CONFIG names), user %ls, service %ls\n", k.realm, k.user,
           k.service);
    if (!(lsa = connect_trusted())) {
        rc = 1;
    } else {
        rc = run(lsa, &k);
        LsaDeregisterLogonProcess(lsa);
    }
    SecureZeroMemory(k.password, sizeof(k.password));
    return rc;
}
