/* MSV1_0 LsaApLogonUserEx2: interactive, unlock, network and S4U logons of local accounts against the accounts
 * database. Network logons (MsV1_0Lm20Logon, MsV1_0NetworkLogon) are decided in msv1_0_network_logon.c and S4U
 * logons (MsV1_0S4ULogon) in msv1_0_s4u.c; this file has the interactive and unlock paths and the outputs common to
 * all.
 *
 * Statuses of an interactive logon (the order in which they are decided):
 *   STATUS_INVALID_PARAMETER     submit buffer shorter than its message type
 *   STATUS_BAD_VALIDATION_CLASS  a MessageType other than MsV1_0InteractiveLogon, MsV1_0WorkstationUnlockLogon,
 *                                MsV1_0Lm20Logon, MsV1_0NetworkLogon and MsV1_0S4ULogon ("not recognized by the
 *                                package": the smart-card, cached and virtual-account submit types need a card
 *                                reader, a logon cache or a service manager this emulation does not have)
 *   STATUS_INVALID_LOGON_TYPE    a logon type this structure cannot serve (pkg_logon_type_ok: an unlock logon serves
 *                                LogonType Unlock only)
 *   STATUS_INVALID_PARAMETER     buffer shorter than MSV1_0_INTERACTIVE_LOGON (plus the LUID for an unlock logon),
 *                                or a malformed string
 *   STATUS_NO_LOGON_SERVERS      a domain other than "", "." or this computer: it would need a domain controller
 *   STATUS_INTERNAL_DB_CORRUPTION / STATUS_INTERNAL_DB_ERROR   the accounts file is malformed / unreadable
 *   STATUS_ACCOUNT_LOCKED_OUT    the account is locked out (msv1_0_still_locked), whatever the password, which is
 *                                then not counted; SubStatus STATUS_SUCCESS (Windows' 4625 records of a spray)
 *   STATUS_INTERNAL_DB_ERROR     the password check cannot be recorded under a lockout policy (msv1_0_persist.h)
 *   STATUS_LOGON_FAILURE         unknown user or wrong password, SubStatus STATUS_SUCCESS: LsaLogonUser documents
 *                                SubStatus as set only when the account information is valid and the logon is
 *                                rejected for a restriction, and Windows answers 0 there (the reason goes to traces)
 *   STATUS_ACCOUNT_RESTRICTION   password right but an account restriction applies: SubStatus says which
 *                                (msv1_0_restrict.h; also for network logons); an empty password is right for a
 *                                password_not_required account
 * SubStatus is always written. On success: a new logon session, the profile in client memory
 * (MSV1_0_INTERACTIVE_PROFILE, or MSV1_0_LM20_LOGON_PROFILE for a network logon), token information V1,
 * and AccountName (as spelled in the accounts file), AuthenticatingAuthority and MachineName (the computer name).
 * PrimaryCredentials are left zeroed (no other package consumes them yet); SupplementalCredentials is NULL. */
#include "pkg_win.h"

#include <string.h>

#include "lsa_utf.h"
#include "msv1_0_accounts.h"
#include "msv1_0_blank.h"
#include "msv1_0_credential.h"
#include "msv1_0_lm20_profile.h"
#include "msv1_0_machine.h"
#include "msv1_0_msg_sessions.h"
#include "msv1_0_network_logon.h"
#include "msv1_0_ntowf.h"
#include "msv1_0_package.h"
#include "msv1_0_persist.h"
#include "msv1_0_profile.h"
#include "msv1_0_restrict.h"
#include "msv1_0_s4u.h"
#include "msv1_0_session_details.h"
#include "msv1_0_submit.h"
#include "msv1_0_token.h"
#include "pkg_heap.h"
#include "pkg_logon.h"
#include "pkg_trace.h"

/* Checks the offered password against the account; runs the same work for an unknown user so that the answer's
 * timing does not tell whether the account exists. */
static NTSTATUS check_password(const pkg_wstr *password, const msv1_0_account *account, BOOL known)
{
    static const BYTE nobody[MSV1_0_NT_HASH_LEN] = {0};
    BYTE offered[MSV1_0_NT_HASH_LEN];
    NTSTATUS status;
    BOOL equal;

    /* password_not_required: an empty password is accepted (the account's own password still works too). */
    if (known && !password->bytes && (account->flags & LSA_ACCOUNT_PASSWORD_NOT_REQUIRED))
        return STATUS_SUCCESS;
    status = msv1_0_ntowf(password->data, password->bytes, offered);
    if (status != STATUS_SUCCESS)
        return STATUS_INTERNAL_ERROR;
    equal = msv1_0_hash_equal(offered, known ? account->nt_hash : nobody);
    SecureZeroMemory(offered, sizeof(offered));
    return known && equal ? STATUS_SUCCESS : STATUS_LOGON_FAILURE;
}

/* `network` is NULL for an interactive profile, else the verification's keys and flags for the LM20 profile.
 * `counted`: the successful logon is recorded in the account's statistics (not for S4U, which checks no password,
 * nor for a network logon without MSV1_0_UPDATE_LOGON_STATISTICS). Called only once restrictions have passed. */
static NTSTATUS build_outputs(PLSA_CLIENT_REQUEST request, const msv1_0_account *account,
                              const msv1_0_machine *machine, const msv1_0_network_result *network, BOOL counted,
                              pkg_logon_out *o)
{
    msv1_0_profile_facts facts;
    pkg_groups groups;
    FILETIME now;
    NTSTATUS status;

    memset(&facts, 0, sizeof(facts));
    if ((status = pkg_groups_resolve(account->groups, account->primary_group, machine->domain_sid, &groups)))
        return status;
    if ((status = msv1_0_token_build(msv1_0_lsa, machine->domain_sid, account->rid, &groups, &o->token)))
        return status;
    if ((status = pkg_heap_ustring(msv1_0_lsa, account->name, lstrlenW(account->name), &o->account)) ||
        (status = pkg_heap_ustring(msv1_0_lsa, machine->name, machine->name_chars, &o->authority)) ||
        (status = pkg_heap_ustring(msv1_0_lsa, machine->name, machine->name_chars, &o->machine)))
        return status;
    if ((status = pkg_logon_out_start_session(msv1_0_lsa, MSV1_0_TRACE, o)) != STATUS_SUCCESS)
        return status;

    if (counted) {
        /* Locked meanwhile by another process, or not recordable under a lockout policy: no logon. */
        if ((status = msv1_0_persist_logon(account, TRUE, &facts.logon_count, &facts.bad_password_count)))
            return status;
    } else {
        facts.logon_count = account->logon_count > 0xFFFF ? 0xFFFF : (USHORT)account->logon_count;
        facts.bad_password_count =
            account->bad_password_count > 0xFFFF ? 0xFFFF : (USHORT)account->bad_password_count;
    }
    /* What LsaGetLogonSessionData reports beyond the documented outputs (msv1_0_session_details.h). */
    if ((status = msv1_0_session_details_attach(&o->logon_id, account,
                                                network ? network->user_flags : msv1_0_interactive_user_flags(account),
                                                facts.bad_password_count)) != STATUS_SUCCESS)
        return status;
    if (network)
        return msv1_0_lm20_profile_build(msv1_0_lsa, request, network, machine->name, machine->name_chars,
                                         &o->profile, &o->profile_len);
    GetSystemTimeAsFileTime(&now);
    facts.account = account;
    facts.logon_server = machine->name;
    facts.logon_server_chars = machine->name_chars;
    facts.logon_time.LowPart = now.dwLowDateTime;
    facts.logon_time.HighPart = (LONG)now.dwHighDateTime;
    return msv1_0_profile_build(msv1_0_lsa, request, &facts, &o->profile, &o->profile_len);
}

/* How a logon was decided, for the steps after authentication. */
typedef struct logon_kind {
    BOOL network;              /* MSV1_0_LM20_LOGON: LM20 profile, statistics per ParameterControl */
    BOOL s4u;                  /* MSV1_0_S4U_LOGON: no password, nothing counted */
    msv1_0_s4u_result s4u_out; /* restrictions skipped, caller without TCB */
} logon_kind;

/* Validates and authenticates; on success *account holds the account (with its hash: the caller wipes it). */
static NTSTATUS authenticate(SECURITY_LOGON_TYPE logon_type, PVOID submit, PVOID client_base, ULONG submit_len,
                             const msv1_0_machine *machine, msv1_0_account *account,
                             msv1_0_network_result *network, logon_kind *kind)
{
    char user[LSA_ACCOUNTS_MAX_NAME * 3 + 1];
    msv1_0_interactive in;
    size_t user_len = 0;
    LUID unlocked;
    ULONG type;
    NTSTATUS status;
    BOOL known;

    memset(kind, 0, sizeof(*kind));
    if ((status = pkg_submit_message_type(submit, submit_len, &type)) != STATUS_SUCCESS)
        return status;
    if (type == MsV1_0Lm20Logon || type == MsV1_0NetworkLogon) {
        kind->network = TRUE;
        return msv1_0_network_authenticate(logon_type, submit, client_base, submit_len, machine, account, network);
    }
    if (type != MsV1_0InteractiveLogon && type != MsV1_0WorkstationUnlockLogon && type != MsV1_0S4ULogon) {
        pkg_warn(MSV1_0_TRACE, "logon MessageType %lu not supported", (unsigned long)type);
        return STATUS_BAD_VALIDATION_CLASS;
    }
    /* An unlock logon re-checks the password of a locked workstation: LogonType Unlock, and only that. */
    if (!pkg_logon_type_ok(type == MsV1_0WorkstationUnlockLogon, logon_type)) {
        pkg_warn(MSV1_0_TRACE, "logon type %d not served by MessageType %lu", (int)logon_type, (unsigned long)type);
        return STATUS_INVALID_LOGON_TYPE;
    }
    if (type == MsV1_0S4ULogon) {
        kind->s4u = TRUE;
        kind->network = logon_type == Network; /* the profile of a network logon, with no session key */
        return msv1_0_s4u_authenticate(submit, submit_len, client_base, machine, account, &kind->s4u_out);
    }
    /* The unlocked session's LogonId is not checked here: as on Windows, the caller (Winlogon) compares the new
     * logon's user with the locked session's. */
    status = type == MsV1_0WorkstationUnlockLogon
                 ? msv1_0_parse_unlock(submit, submit_len, client_base, &in, &unlocked)
                 : msv1_0_parse_interactive(submit, submit_len, client_base, &in);
    if (status != STATUS_SUCCESS)
        return status;
    if (!msv1_0_domain_is_local(&in.domain, machine)) {
        pkg_warn(MSV1_0_TRACE, "logon to a domain other than this computer: no domain controller");
        return STATUS_NO_LOGON_SERVERS;
    }

    /* A name that is not valid UTF-16 or too long for the database cannot name an account: unknown user. */
    known = lsa_utf16le_to_utf8(in.user.data ? in.user.data : (const uint8_t *)"", in.user.bytes, user,
                                sizeof(user), &user_len) == 0 && user_len > 0;
    status = known ? msv1_0_accounts_lookup(user, account) : STATUS_NO_SUCH_USER;
    if (status != STATUS_SUCCESS && status != STATUS_NO_SUCH_USER)
        return status;
    known = status == STATUS_SUCCESS;
    status = check_password(&in.password, account, known);
    if (known && msv1_0_still_locked(account, msv1_0_unix_now())) {
        pkg_warn(MSV1_0_TRACE, "logon refused: the account is locked out");
        return STATUS_ACCOUNT_LOCKED_OUT; /* whatever the password: a locked account confirms none */
    }
    if (status == STATUS_SUCCESS) /* an interactive logon comes from this computer */
        lstrcpynW(account->from_workstation, machine->name, ARRAYSIZE(account->from_workstation));
    /* The session's credential is the password given: for a password_not_required account logged on with an empty
     * one, that is the empty password's hash, not the account's (msv1_0_credential.h). */
    if (status == STATUS_SUCCESS && !in.password.bytes)
        memcpy(account->nt_hash, msv1_0_empty_password_hash, sizeof(account->nt_hash));
    if (status == STATUS_LOGON_FAILURE)
        status = msv1_0_logon_count_failure(account, known);
    return status;
}

NTSTATUS NTAPI msv1_0_logon_user_ex2(PLSA_CLIENT_REQUEST request, SECURITY_LOGON_TYPE logon_type, PVOID submit,
                                     PVOID client_base, ULONG submit_len, PVOID *profile, PULONG profile_len,
                                     PLUID logon_id, PNTSTATUS sub_status, PLSA_TOKEN_INFORMATION_TYPE token_type,
                                     PVOID *token, PUNICODE_STRING *account_name, PUNICODE_STRING *authority,
                                     PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary,
                                     PSECPKG_SUPPLEMENTAL_CRED_ARRAY *supplemental)
{
    const msv1_0_machine *machine = msv1_0_machine_get();
    msv1_0_network_result network;
    msv1_0_account account;
    logon_kind kind;
    pkg_logon_out o;
    NTSTATUS status, restriction;

    pkg_logon_clear_outputs(profile, profile_len, logon_id, sub_status, token_type, token, account_name, authority,
                            machine_name, primary, supplemental);
    memset(&o, 0, sizeof(o));

    memset(&network, 0, sizeof(network));
    status = authenticate(logon_type, submit, client_base, submit_len, machine, &account, &network, &kind);
    if (status == STATUS_SUCCESS &&
        (restriction = msv1_0_restrictions_except(&account, msv1_0_unix_now(), kind.s4u_out.restriction_skip))) {
        pkg_warn(MSV1_0_TRACE, "logon refused by an account restriction: 0x%08lx", (unsigned long)restriction);
        *sub_status = restriction;
        status = STATUS_ACCOUNT_RESTRICTION;
    }
    if (status == STATUS_SUCCESS && !kind.s4u && msv1_0_blank_password_refused(logon_type, account.nt_hash)) {
        *sub_status = STATUS_ACCOUNT_RESTRICTION;
        status = STATUS_ACCOUNT_RESTRICTION;
    }
    /* A network logon that records nothing still has to be recordable under a lockout policy: otherwise wrong
     * responses fail closed while a right one succeeds, and the difference confirms the password. */
    if (status == STATUS_SUCCESS && kind.network && !kind.s4u && !network.update_statistics &&
        account.policy.lockout_threshold)
        status = msv1_0_persist_touch();
    if (status == STATUS_SUCCESS) {
        status = build_outputs(request, &account, machine, kind.network ? &network : NULL,
                               kind.s4u ? FALSE : kind.network ? network.update_statistics : TRUE, &o);
        /* A password logon leaves the session its primary credential (msv1_0_credential.h). */
        if (status == STATUS_SUCCESS && !kind.network && !kind.s4u)
            status = msv1_0_credential_store(&o.logon_id, account.nt_hash, o.account->Buffer, machine->name);
    }
    SecureZeroMemory(&network, sizeof(network));
    SecureZeroMemory(&account, sizeof(account));
    if (status != STATUS_SUCCESS) {
        pkg_logon_out_release(msv1_0_lsa, request, &o);
        return status;
    }

    /* Remembered for MsV1_0EnumerateUsers / MsV1_0GetUserInfo. */
    msv1_0_msg_note_logon(&o.logon_id, o.account->Buffer, machine->name, logon_type, o.token->User.User.Sid);
    if (kind.s4u_out.no_tcb && primary)
        primary->Flags |= PRIMARY_CRED_LOGON_NO_TCB; /* the LSA then issues an identification token */
    pkg_logon_out_hand_over(msv1_0_lsa, &o, profile, profile_len, logon_id, token_type, token, account_name,
                            authority, machine_name);
    return STATUS_SUCCESS;
}
