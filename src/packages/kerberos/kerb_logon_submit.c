/* Reading a Kerberos password logon; see kerb_logon_submit.h. */
#include "pkg_win.h"

#include <stddef.h>
#include <string.h>

#include "kerb_logon_submit.h"
#include "kerb_package.h"
#include "lsa_utf.h"
#include "pkg_logon.h"
#include "pkg_trace.h"

/* Splits "user@realm" (at the last '@') when the domain is empty. */
static void split_upn(kerb_logon_request *r)
{
    WCHAR *at = wcsrchr(r->user, L'@');

    if (r->domain[0] || !at || at == r->user || !at[1])
        return;
    lstrcpynW(r->domain, at + 1, ARRAYSIZE(r->domain));
    *at = 0;
}

NTSTATUS kerb_logon_submit_read(ULONG type, SECURITY_LOGON_TYPE logon_type, PVOID submit, ULONG len, PVOID base,
                                kerb_logon_request *out)
{
    ULONG need = type == KerbWorkstationUnlockLogon ? sizeof(KERB_INTERACTIVE_UNLOCK_LOGON)
                                                    : sizeof(KERB_INTERACTIVE_LOGON);
    pkg_wstr domain, user;
    NTSTATUS status;
    size_t bytes = 0;

    memset(out, 0, sizeof(*out));
    out->unlock = type == KerbWorkstationUnlockLogon;
    if (!pkg_logon_type_ok(type == KerbWorkstationUnlockLogon, logon_type)) {
        pkg_warn(KERB_TRACE, "logon type %d not served by MessageType %lu", (int)logon_type, (unsigned long)type);
        return STATUS_INVALID_LOGON_TYPE;
    }
    if (len < need)
        return STATUS_INVALID_PARAMETER;
    if ((status = pkg_submit_ustring(KERB_TRACE, "LogonDomainName", submit, len, base,
                                     offsetof(KERB_INTERACTIVE_LOGON, LogonDomainName), &domain)) ||
        (status = pkg_submit_ustring(KERB_TRACE, "UserName", submit, len, base,
                                     offsetof(KERB_INTERACTIVE_LOGON, UserName), &user)) ||
        (status = pkg_submit_ustring(KERB_TRACE, "Password", submit, len, base,
                                     offsetof(KERB_INTERACTIVE_LOGON, Password), &out->password)))
        return status;
    /* A domain too long for any realm names none; a user name that cannot name a principal is an unknown user. */
    if (!pkg_wstr_copy(&domain, out->domain, ARRAYSIZE(out->domain)))
        lstrcpynW(out->domain, L"?", ARRAYSIZE(out->domain));
    if (!user.bytes || !pkg_wstr_copy(&user, out->user, ARRAYSIZE(out->user)))
        return STATUS_SUCCESS;
    split_upn(out);
    out->user_valid = !lsa_utf16le_to_utf8((const uint8_t *)out->user, wcslen(out->user) * sizeof(WCHAR),
                                           out->user_utf8, sizeof(out->user_utf8), &bytes) && bytes;
    return STATUS_SUCCESS;
}
