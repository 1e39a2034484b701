/* Network logon of a local account; see msv1_0_network_logon.h. */
#include "pkg_win.h"

#include <string.h>

#include "lsa_utf.h"
#include "msv1_0_challenge.h"
#include "msv1_0_lm20_submit.h"
#include "msv1_0_network_logon.h"
#include "msv1_0_package.h"
#include "msv1_0_persist.h"
#include "msv1_0_restrict.h"
#include "pkg_trace.h"

/* Looks the user up; an unknown one still gets a (zero) hash so the verification costs the same. */
static NTSTATUS lookup(const pkg_wstr *name, msv1_0_account *account, BOOL *known)
{
    char user[LSA_ACCOUNTS_MAX_NAME * 3 + 1];
    size_t user_len = 0;
    NTSTATUS status;

    memset(account, 0, sizeof(*account));
    *known = lsa_utf16le_to_utf8(name->data ? name->data : (const uint8_t *)"", name->bytes, user, sizeof(user),
                                 &user_len) == 0 && user_len > 0;
    status = *known ? msv1_0_accounts_lookup(user, account) : STATUS_NO_SUCH_USER;
    if (status != STATUS_SUCCESS && status != STATUS_NO_SUCH_USER)
        return status;
    *known = status == STATUS_SUCCESS;
    if (!*known)
        memset(account, 0, sizeof(*account));
    return STATUS_SUCCESS;
}

NTSTATUS msv1_0_network_authenticate(SECURITY_LOGON_TYPE logon_type, PVOID submit, PVOID client_base,
                                     ULONG submit_len, const msv1_0_machine *machine, msv1_0_account *account,
                                     msv1_0_network_result *result)
{
    msv1_0_lm20 in;
    NTSTATUS status;
    BOOL known, replay = FALSE;

    memset(result, 0, sizeof(*result));
    memset(account, 0, sizeof(*account));
    if (logon_type != Network) {
        pkg_warn(MSV1_0_TRACE, "logon type %d with an LM20 logon buffer", (int)logon_type);
        return STATUS_INVALID_LOGON_TYPE;
    }
    if ((status = msv1_0_parse_lm20(submit, submit_len, client_base, &in)) != STATUS_SUCCESS)
        return status;
    if (!msv1_0_domain_is_local(&in.domain, machine) &&
        (in.parameter_control & MSV1_0_TRY_SPECIFIED_DOMAIN_ONLY)) {
        pkg_warn(MSV1_0_TRACE, "network logon to another domain only: no domain controller");
        return STATUS_NO_LOGON_SERVERS;
    }
    if (in.parameter_control & MSV1_0_TRY_GUEST_ACCOUNT_ONLY) {
        pkg_warn(MSV1_0_TRACE, "guest-only network logon: there is no guest account");
        return STATUS_LOGON_FAILURE;
    }
    if ((status = lookup(&in.user, account, &known)) != STATUS_SUCCESS)
        return status;

    status = msv1_0_network_verify(&in, account->nt_hash, result);
    if (status == STATUS_SUCCESS && !known)
        status = STATUS_LOGON_FAILURE; /* a response computed from the all-zero stand-in hash: still nobody */
    if (status == STATUS_SUCCESS && msv1_0_challenge_consume(in.challenge) == MSV1_0_CHALLENGE_REPLAYED) {
        pkg_warn(MSV1_0_TRACE, "logon failure: the challenge was already used");
        status = STATUS_LOGON_FAILURE;
        replay = TRUE;
    }
    /* A locked account answers the same for any response (its challenge, if answered right, is used up). */
    if (known && msv1_0_still_locked(account, msv1_0_unix_now())) {
        pkg_warn(MSV1_0_TRACE, "network logon refused: the account is locked out");
        status = STATUS_ACCOUNT_LOCKED_OUT;
    } else if (status == STATUS_LOGON_FAILURE && !replay) {
        status = msv1_0_logon_count_failure(account, known);
    }
    /* A success is counted by the caller, after the account restrictions: a restricted logon is not a logon. */
    if (status == STATUS_SUCCESS)
        result->update_statistics = (in.parameter_control & MSV1_0_UPDATE_LOGON_STATISTICS) != 0;
    /* The restrictions compare the submit's Workstation (a name too long to be a computer name matches nothing). */
    if (status == STATUS_SUCCESS && !pkg_wstr_copy(&in.workstation, account->from_workstation,
                                                   ARRAYSIZE(account->from_workstation)))
        lstrcpyW(account->from_workstation, L"?");
    if (status != STATUS_SUCCESS) {
        SecureZeroMemory(result, sizeof(*result));
        SecureZeroMemory(account, sizeof(*account));
    }
    return status;
}
