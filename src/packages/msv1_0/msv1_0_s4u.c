/* MSV1_0 S4U logon; see msv1_0_s4u.h. */
#include "pkg_win.h"

#include <string.h>

#include "lsa_utf.h"
#include "msv1_0_package.h"
#include "msv1_0_restrict.h"
#include "msv1_0_s4u.h"
#include "msv1_0_submit.h"
#include "pkg_trace.h"

/* Splits "user@suffix" at its last '@' (UPNs may contain '@' only there). No '@': all of it is the user. */
static void split_upn(const pkg_wstr *upn, pkg_wstr *user, pkg_wstr *suffix)
{
    USHORT i;

    *user = *upn;
    memset(suffix, 0, sizeof(*suffix));
    for (i = upn->bytes; i >= 2; i -= 2) {
        if (upn->data[i - 2] == '@' && upn->data[i - 1] == 0) {
            user->bytes = (USHORT)(i - 2);
            suffix->data = upn->data + i;
            suffix->bytes = (USHORT)(upn->bytes - i);
            if (!user->bytes)
                user->data = NULL;
            if (!suffix->bytes)
                suffix->data = NULL;
            return;
        }
    }
}

static NTSTATUS caller_has_tcb(BOOL *has_tcb)
{
    SECPKG_CLIENT_INFO info;
    NTSTATUS status;

    memset(&info, 0, sizeof(info));
    status = msv1_0_lsa->GetClientInfo(&info);
    if (status != STATUS_SUCCESS) {
        pkg_err(MSV1_0_TRACE, "GetClientInfo failed: 0x%08lx", (unsigned long)status);
        return status;
    }
    *has_tcb = info.HasTcbPrivilege;
    return STATUS_SUCCESS;
}

NTSTATUS msv1_0_s4u_authenticate(const void *submit, ULONG submit_len, const void *client_base,
                                 const msv1_0_machine *machine, msv1_0_account *account, msv1_0_s4u_result *out)
{
    char user[LSA_ACCOUNTS_MAX_NAME * 3 + 1];
    size_t user_len = 0;
    pkg_wstr name, suffix;
    msv1_0_s4u in;
    BOOL has_tcb = FALSE;
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    if ((status = msv1_0_parse_s4u(submit, submit_len, client_base, &in)) != STATUS_SUCCESS)
        return status;
    split_upn(&in.upn, &name, &suffix);
    if (!msv1_0_domain_is_local(&in.domain, machine) || !msv1_0_domain_is_local(&suffix, machine)) {
        pkg_warn(MSV1_0_TRACE, "S4U logon of an account of another domain: no domain controller");
        return STATUS_NO_LOGON_SERVERS;
    }
    if ((status = caller_has_tcb(&has_tcb)) != STATUS_SUCCESS)
        return status;

    if (lsa_utf16le_to_utf8(name.data ? name.data : (const uint8_t *)"", name.bytes, user, sizeof(user),
                            &user_len) != 0 || user_len == 0) {
        pkg_warn(MSV1_0_TRACE, "S4U logon failure: the name cannot name an account");
        return STATUS_LOGON_FAILURE;
    }
    status = msv1_0_accounts_lookup(user, account);
    if (status == STATUS_NO_SUCH_USER) {
        pkg_warn(MSV1_0_TRACE, "S4U logon failure: no such user");
        return STATUS_LOGON_FAILURE;
    }
    /* No secret is used; the hash must not travel further than the lookup. */
    SecureZeroMemory(account->nt_hash, sizeof(account->nt_hash));
    if (status != STATUS_SUCCESS)
        return status;
    /* S4U proves no password, so nothing can be confirmed: a lockout refuses it as it refuses a password logon. */
    if (msv1_0_still_locked(account, msv1_0_unix_now())) {
        pkg_warn(MSV1_0_TRACE, "S4U logon refused: the account is locked out");
        return STATUS_ACCOUNT_LOCKED_OUT;
    }
    lstrcpynW(account->from_workstation, machine->name, ARRAYSIZE(account->from_workstation));
    out->restriction_skip = MSV1_0_SKIP_PASSWORD_CHECKS;
    if (!(in.flags & MSV1_0_S4U_LOGON_FLAG_CHECK_LOGONHOURS))
        out->restriction_skip |= MSV1_0_SKIP_LOGON_HOURS;
    out->no_tcb = !has_tcb;
    return STATUS_SUCCESS;
}
