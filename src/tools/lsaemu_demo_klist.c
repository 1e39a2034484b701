/* The demo's klist: a logon session's ticket cache (KerbQueryTicketCacheEx3Message) printed the way Windows'
 * `klist tickets` prints it, with times in UTC instead of local time. */
#include "lsaemu_demo.h"

#include <stdio.h>
#include <string.h>

/* RFC 4120's transited-policy-checked (bit 12), which MIT's KDC sets on service tickets; the SDK names no constant. */
#define TRANSITED_POLICY_CHECKED 0x00080000

static const struct {
    ULONG bit;
    const char *name;
} ticket_flags[] = {
    { KERB_TICKET_FLAGS_forwardable, "forwardable" },   { KERB_TICKET_FLAGS_forwarded, "forwarded" },
    { KERB_TICKET_FLAGS_proxiable, "proxiable" },       { KERB_TICKET_FLAGS_proxy, "proxy" },
    { KERB_TICKET_FLAGS_may_postdate, "may_postdate" }, { KERB_TICKET_FLAGS_postdated, "postdated" },
    { KERB_TICKET_FLAGS_invalid, "invalid" },           { KERB_TICKET_FLAGS_renewable, "renewable" },
    { KERB_TICKET_FLAGS_initial, "initial" },           { KERB_TICKET_FLAGS_pre_authent, "pre_authent" },
    { KERB_TICKET_FLAGS_hw_authent, "hw_authent" },     { TRANSITED_POLICY_CHECKED, "transited_policy_checked" },
    { KERB_TICKET_FLAGS_ok_as_delegate, "ok_as_delegate" },
    { KERB_TICKET_FLAGS_name_canonicalize, "name_canonicalize" },
};

static void print_flags(ULONG flags)
{
    printf("\tTicket Flags 0x%08lx ->", (unsigned long)flags);
    for (size_t i = 0; i < sizeof(ticket_flags) / sizeof(ticket_flags[0]); i++)
        if (flags & ticket_flags[i].bit)
            printf(" %s", ticket_flags[i].name);
    printf("\n");
}

static void print_when(const char *label, LARGE_INTEGER t)
{
    SYSTEMTIME st;

    if (t.QuadPart == 0 || !FileTimeToSystemTime((const FILETIME *)&t, &st)) {
        printf("\t%-11s (none)\n", label);
        return;
    }
    printf("\t%-11s %u/%u/%04u %u:%02u:%02u (UTC)\n", label, st.wMonth, st.wDay, st.wYear, st.wHour, st.wMinute,
           st.wSecond);
}

#define USTR(s) (int)((s).Length / sizeof(WCHAR)), (s).Buffer ? (s).Buffer : L""

NTSTATUS demo_klist(HANDLE lsa, ULONG kerberos, LUID logon_id)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;
    KERB_QUERY_TKT_CACHE_EX3_RESPONSE *resp = NULL;
    ULONG len = 0;
    NTSTATUS st, protocol = 0;

    memset(&req, 0, sizeof(req));
    req.MessageType = KerbQueryTicketCacheEx3Message;
    req.LogonId = logon_id;
    st = LsaCallAuthenticationPackage(lsa, kerberos, &req, sizeof(req), (PVOID *)&resp, &len, &protocol);
    if (st || protocol) {
        printf("KerbQueryTicketCacheEx3Message: status 0x%08lx, protocol status 0x%08lx\n", (unsigned long)st,
               (unsigned long)protocol);
        if (resp)
            LsaFreeReturnBuffer(resp);
        return st ? st : protocol;
    }
    printf("klist (KerbQueryTicketCacheEx3Message) of LogonId 0x%lx:0x%lx\n\n", (unsigned long)logon_id.HighPart,
           (unsigned long)logon_id.LowPart);
    printf("Cached Tickets: (%lu)\n", (unsigned long)resp->CountOfTickets);
    for (ULONG i = 0; i < resp->CountOfTickets; i++) {
        const KERB_TICKET_CACHE_INFO_EX3 *t = &resp->Tickets[i];

        printf("\n#%lu>\tClient: %.*ls @ %.*ls\n", (unsigned long)i, USTR(t->ClientName), USTR(t->ClientRealm));
        printf("\tServer: %.*ls @ %.*ls\n", USTR(t->ServerName), USTR(t->ServerRealm));
        printf("\tKerbTicket Encryption Type: %s\n", demo_etype_name(t->EncryptionType));
        print_flags(t->TicketFlags);
        print_when("Start Time:", t->StartTime);
        print_when("End Time:", t->EndTime);
        print_when("Renew Time:", t->RenewTime);
        printf("\tSession Key Type: %s\n", demo_etype_name((LONG)t->SessionKeyType));
        printf("\tCache Flags: 0x%lx%s\n", (unsigned long)t->CacheFlags,
               t->CacheFlags & 1 ? " -> PRIMARY" : "");
        printf("\tKdc Called: %.*ls\n", USTR(t->KdcCalled));
    }
    printf("\n");
    LsaFreeReturnBuffer(resp);
    return STATUS_SUCCESS;
}
