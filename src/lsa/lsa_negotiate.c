/* Negotiate logons: which packages the LSA runs, and in which order, for a logon submitted to Negotiate.
 *
 * On Windows, Negotiate's logon lives in lsasrv: it hands a KERB_INTERACTIVE_LOGON / MSV1_0_INTERACTIVE_LOGON (one
 * layout, MessageType 2), the unlock variant (7) or a KERB_S4U_LOGON / MSV1_0_S4U_LOGON (one layout, 12; its domain
 * is ClientRealm / DomainName, its user ClientUpn / UserPrincipalName) to Kerberos and falls back to MSV1_0; a
 * KERB_TICKET_LOGON / KERB_TICKET_UNLOCK_LOGON (10, 11) goes to Kerberos alone (MSV1_0 has no such structure).
 * Packages here see each other only through the LSA, so the core does the same: it calls each package's own
 * LsaApLogonUserEx2 in turn with a fresh copy of the submit buffer, and the session is the one of the package that
 * succeeded. The rule:
 *   - a logon domain of "", "." or this computer's name with a user name without '@' names a local account: MSV1_0
 *     only (a Kerberos default realm must not capture local accounts);
 *   - otherwise Kerberos first; only STATUS_NO_LOGON_SERVERS from it (no realm for the domain, or no KDC answered)
 *     passes the logon to MSV1_0. Every other Kerberos answer (wrong password, revoked, expired, malformed buffer)
 *     is final, so a realm account's refusal is never retried against the local database.
 * Other message types are Negotiate's own to answer (its LsaApLogonUserEx2). */
#include "lsa_internal.h"

#include <string.h>

#include "lsa_buffer.h"

/* Reads the UNICODE_STRING at `field` of the submit copy into out (NUL-terminated). FALSE when it cannot be located
 * or does not fit: the packages then refuse the buffer themselves. */
static BOOL read_string(const uint8_t *submit, size_t len, uint64_t client_base, size_t field, WCHAR *out, size_t cap)
{
    UNICODE_STRING s;
    size_t offset = 0, chars;

    if (field > len || sizeof(s) > len - field)
        return FALSE;
    memcpy(&s, submit + field, sizeof(s));
    if (lsa_buf_locate_ustring(len, client_base, (uint64_t)(uintptr_t)s.Buffer, s.Length, s.MaximumLength,
                               &offset) != LSA_BUF_OK)
        return FALSE;
    chars = s.Length / sizeof(WCHAR);
    if (chars >= cap)
        return FALSE;
    if (chars)
        memcpy(out, submit + offset, chars * sizeof(WCHAR));
    out[chars] = 0;
    return TRUE;
}

/* The domain and user fields of the structure (need bytes) at their offsets. */
static BOOL names_local_account(const uint8_t *submit, size_t len, uint64_t client_base, size_t need,
                                size_t domain_field, size_t user_field)
{
    WCHAR domain[257], user[257];

    if (len < need || !read_string(submit, len, client_base, domain_field, domain, ARRAYSIZE(domain)) ||
        !read_string(submit, len, client_base, user_field, user, ARRAYSIZE(user)))
        return FALSE;
    if (wcschr(user, L'@'))
        return FALSE;
    return !domain[0] || !wcscmp(domain, L".") || (lsa_computer_name()[0] && !_wcsicmp(domain, lsa_computer_name()));
}

BOOL lsa_negotiate_is(const lsa_package *pkg)
{
    return pkg && !_stricmp(pkg->name, "Negotiate");
}

size_t lsa_negotiate_route(const uint8_t *submit, size_t len, uint64_t client_base, const lsa_package **order)
{
    const lsa_package *kerberos, *msv1_0;
    ULONG type;
    BOOL local;
    size_t n = 0;

    if (len < sizeof(type))
        return 0;
    memcpy(&type, submit, sizeof(type));
    if (type == KerbInteractiveLogon || type == KerbWorkstationUnlockLogon)
        local = names_local_account(submit, len, client_base, sizeof(KERB_INTERACTIVE_LOGON),
                                    offsetof(KERB_INTERACTIVE_LOGON, LogonDomainName),
                                    offsetof(KERB_INTERACTIVE_LOGON, UserName));
    else if (type == KerbS4ULogon) /* MsV1_0S4ULogon too: the same number and layout */
        local = names_local_account(submit, len, client_base, sizeof(KERB_S4U_LOGON),
                                    offsetof(KERB_S4U_LOGON, ClientRealm), offsetof(KERB_S4U_LOGON, ClientUpn));
    else if (type == KerbTicketLogon || type == KerbTicketUnlockLogon)
        local = FALSE; /* a Kerberos ticket: MSV1_0 has no such structure */
    else
        return 0;
    kerberos = lsa_packages_by_name(MICROSOFT_KERBEROS_NAME_A, strlen(MICROSOFT_KERBEROS_NAME_A));
    msv1_0 = lsa_packages_by_name(MSV1_0_PACKAGE_NAME, strlen(MSV1_0_PACKAGE_NAME));
    if (type == KerbTicketLogon || type == KerbTicketUnlockLogon) {
        if (kerberos)
            order[n++] = kerberos;
        return n;
    }
    if (kerberos && !local)
        order[n++] = kerberos;
    if (msv1_0)
        order[n++] = msv1_0;
    return n;
}

BOOL lsa_negotiate_next(const lsa_package *tried, NTSTATUS status)
{
    return !_stricmp(tried->name, MICROSOFT_KERBEROS_NAME_A) && status == STATUS_NO_LOGON_SERVERS;
}
