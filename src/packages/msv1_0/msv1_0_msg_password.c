/* MsV1_0ChangePassword against the accounts file.
 *
 * The structures are "obsolete" in the SDK docs (NetUserChangePassword is the public way) but still served. As the NT
 * MSV1_0 does (MspLm20ChangePassword), a request that could be read is answered with STATUS_SUCCESS and a response
 * buffer, the outcome going to ProtocolStatus:
 *   STATUS_SUCCESS               new NT hash stored, password_last_set = now, must_change_password cleared
 *   STATUS_WRONG_PASSWORD        old password does not match (SAM's answer to SamrChangePasswordUser); it counts as
 *                                a bad password in the file (bad_password_count, last_bad_password, lockout at the
 *                                threshold: src/accounts/accounts_lockout.h), as a wrong logon password does
 *   STATUS_ACCOUNT_LOCKED_OUT    the account is locked out (lockout still in force), whatever old password is offered;
 *                                nothing is counted or changed (MS-SAMR 2.2.1.15: locked by too many invalid logon
 *                                or password change attempts)
 *   STATUS_NO_SUCH_USER          no such local account (SAM: name not mapped)
 *   STATUS_PASSWORD_RESTRICTION  new password shorter than min_password_length, or the current one younger than
 *                                min_password_age_days (SAM answers both with this status)
 *   STATUS_NO_LOGON_SERVERS      a domain other than "", "." or this computer: it would need a domain controller
 *   STATUS_INTERNAL_DB_CORRUPTION / STATUS_INTERNAL_DB_ERROR   accounts file malformed / unreadable or unwritable
 *                                (unwritable: a wrong old password too, since it cannot be counted)
 * The response carries PasswordInfoValid = TRUE and the machine's DomainPasswordInfo for local accounts (so a client
 * can explain a restriction); FALSE for other domains. A malformed buffer is STATUS_INVALID_PARAMETER (both) with no
 * response. The clear-text passwords are only hashed, never stored or traced; every copy is wiped. */
#include "pkg_win.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts_lockout.h"
#include "accounts_store.h"
#include "lsa_utf.h"
#include "msv1_0_accounts.h"
#include "msv1_0_machine.h"
#include "msv1_0_msg_password.h"
#include "msv1_0_ntowf.h"
#include "msv1_0_package.h"
#include "pkg_block.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

#define TICKS_PER_DAY 864000000000LL

/* Callback outcomes besides LSA_STORE_WRITE / LSA_STORE_KEEP. */
enum { CB_NO_USER = 2, CB_LOCKED, CB_RESTRICTION, CB_INTERNAL };

typedef struct change_ctx {
    const char *name;
    BYTE old_hash[MSV1_0_NT_HASH_LEN];
    BYTE new_hash[MSV1_0_NT_HASH_LEN];
    size_t new_chars;
    lsa_accounts_policy policy; /* filled by the callback, for the response */
    BOOL policy_valid;
    BOOL wrong;                 /* the old password did not match: counted, written back */
} change_ctx;

/* The stored NT hash of an account; from its clear-text password when the file holds one. */
static BOOL stored_hash(const lsa_account *a, BYTE out[MSV1_0_NT_HASH_LEN])
{
    BYTE utf16[2 * LSA_ACCOUNTS_MAX_VALUE + 2];
    size_t bytes;
    BOOL ok;

    if (a->has_nt_hash) {
        memcpy(out, a->nt_hash, MSV1_0_NT_HASH_LEN);
        return TRUE;
    }
    if (!a->password || lsa_utf8_to_utf16le(a->password, utf16, sizeof(utf16), &bytes))
        return FALSE;
    ok = msv1_0_ntowf(utf16, bytes, out) == STATUS_SUCCESS;
    SecureZeroMemory(utf16, sizeof(utf16));
    return ok;
}

static int mutate(lsa_accounts_db *db, void *context)
{
    change_ctx *c = context;
    lsa_account *a = lsa_accounts_find_mutable(db, NULL, c->name);
    BYTE current[MSV1_0_NT_HASH_LEN];
    time_t now = time(NULL);
    char stamp[32];
    BOOL equal;

    c->policy = *lsa_accounts_get_policy(db);
    c->policy_valid = TRUE;
    if (!a)
        return CB_NO_USER;
    /* As SAM: a locked-out account cannot change its password, whichever old password is offered. */
    if (lsa_lockout_active(a->flags, a->lockout_time, &c->policy, (int64_t)now))
        return CB_LOCKED;
    if (!stored_hash(a, current))
        return CB_INTERNAL;
    equal = msv1_0_hash_equal(current, c->old_hash);
    SecureZeroMemory(current, sizeof(current));
    if (!equal) {
        /* A wrong old password is a bad password, as for a logon: counted, and it can lock the account. */
        lsa_lockout_note_bad_password(a, &c->policy, (int64_t)now);
        c->wrong = TRUE;
        return LSA_STORE_WRITE;
    }
    if (c->new_chars < c->policy.min_password_length)
        return CB_RESTRICTION;
    /* An unknown last change (never) does not hold the user back. */
    if (c->policy.min_password_age_days && a->password_last_set != LSA_ACCOUNTS_NEVER &&
        (int64_t)now - a->password_last_set < (int64_t)c->policy.min_password_age_days * 86400)
        return CB_RESTRICTION;
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    if (lsa_accounts_set(db, a, "password_last_set", stamp) != LSA_ACCOUNTS_OK ||
        lsa_accounts_set(db, a, "must_change_password", "no") != LSA_ACCOUNTS_OK)
        return CB_INTERNAL;
    lsa_account_set_nt_hash(a, c->new_hash);
    return LSA_STORE_WRITE;
}

static NTSTATUS outcome(lsa_store_status s, const lsa_store_error *err)
{
    switch (s) {
    case LSA_STORE_OK:
        return STATUS_SUCCESS;
    case LSA_STORE_PARSE:
        return STATUS_INTERNAL_DB_CORRUPTION;
    case LSA_STORE_NOMEM:
        return STATUS_NO_MEMORY;
    case LSA_STORE_CALLBACK:
        switch (err->callback) {
        case CB_NO_USER:
            return STATUS_NO_SUCH_USER;
        case CB_LOCKED:
            return STATUS_ACCOUNT_LOCKED_OUT;
        case CB_RESTRICTION:
            return STATUS_PASSWORD_RESTRICTION;
        default:
            return STATUS_INTERNAL_ERROR;
        }
    default: /* IO, LOCKED, FORMAT */
        return STATUS_INTERNAL_DB_ERROR;
    }
}

/* SAM's DOMAIN_PASSWORD_INFORMATION: ages as negative 100ns deltas, "never" as the most negative one. */
static void fill_info(DOMAIN_PASSWORD_INFORMATION *info, const lsa_accounts_policy *p)
{
    info->MinPasswordLength = (USHORT)p->min_password_length;
    info->PasswordHistoryLength = 0;
    info->PasswordProperties = 0;
    info->MaxPasswordAge.QuadPart =
        p->max_password_age_days ? -(LONGLONG)p->max_password_age_days * TICKS_PER_DAY : (LONGLONG)INT64_MIN;
    info->MinPasswordAge.QuadPart = -(LONGLONG)p->min_password_age_days * TICKS_PER_DAY;
}

static NTSTATUS respond(PLSA_CLIENT_REQUEST request, const change_ctx *c, PVOID *ret, PULONG ret_len)
{
    MSV1_0_CHANGEPASSWORD_RESPONSE *r;
    pkg_block block;
    NTSTATUS status;

    if ((status = pkg_block_open(&block, msv1_0_lsa, request, sizeof(*r))) != STATUS_SUCCESS)
        return status;
    r = pkg_block_take(&block, sizeof(*r), 8, NULL);
    if (r) {
        r->MessageType = MsV1_0ChangePassword;
        r->PasswordInfoValid = c->policy_valid;
        if (c->policy_valid)
            fill_info(&r->DomainPasswordInfo, &c->policy);
    }
    if ((status = pkg_block_close(&block, ret)) != STATUS_SUCCESS)
        return status;
    *ret_len = sizeof(*r);
    return STATUS_SUCCESS;
}

/* Hashes a located password; counts its characters (UTF-16 units, as SAM measures MinPasswordLength). */
static NTSTATUS hash_password(const pkg_wstr *s, BYTE hash[MSV1_0_NT_HASH_LEN])
{
    return msv1_0_ntowf(s->data, s->bytes, hash) == STATUS_SUCCESS ? STATUS_SUCCESS : STATUS_INTERNAL_ERROR;
}

NTSTATUS msv1_0_msg_change_password(PLSA_CLIENT_REQUEST request, const void *submit, const void *client_base,
                                    ULONG submit_len, PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    static const char pkg[] = MSV1_0_TRACE;
    pkg_wstr domain, account, old_pw, new_pw;
    char name[LSA_ACCOUNTS_MAX_NAME + 1];
    change_ctx c;
    lsa_store_error err;
    NTSTATUS status;

    if (submit_len < sizeof(MSV1_0_CHANGEPASSWORD_REQUEST))
        return STATUS_INVALID_PARAMETER;
#define FIELD(f, out) \
    pkg_submit_ustring(pkg, #f, submit, submit_len, client_base, offsetof(MSV1_0_CHANGEPASSWORD_REQUEST, f), out)
    if ((status = FIELD(DomainName, &domain)) || (status = FIELD(AccountName, &account)) ||
        (status = FIELD(OldPassword, &old_pw)) || (status = FIELD(NewPassword, &new_pw)))
        return status;
#undef FIELD
    if (!account.bytes || lsa_utf16le_to_utf8(account.data, account.bytes, name, sizeof(name), NULL))
        return STATUS_INVALID_PARAMETER;

    memset(&c, 0, sizeof(c));
    c.name = name;
    c.new_chars = new_pw.bytes / sizeof(WCHAR);
    if (!msv1_0_domain_is_local(&domain, msv1_0_machine_get())) {
        pkg_warn(MSV1_0_TRACE, "password change in another domain: no domain controller");
        *protocol_status = STATUS_NO_LOGON_SERVERS;
        return respond(request, &c, ret, ret_len);
    }
    if ((status = hash_password(&old_pw, c.old_hash)) || (status = hash_password(&new_pw, c.new_hash)))
        goto done;
    /* Through the package's cache: the same lock and the same rewrite rules as the logon statistics. */
    *protocol_status = outcome(msv1_0_accounts_update(mutate, &c, &err), &err);
    if (*protocol_status == STATUS_SUCCESS && c.wrong)
        *protocol_status = STATUS_WRONG_PASSWORD;
    if (*protocol_status != STATUS_SUCCESS)
        pkg_warn(MSV1_0_TRACE, "password change refused: 0x%08lx", (unsigned long)*protocol_status);
    status = respond(request, &c, ret, ret_len);
done:
    SecureZeroMemory(&c, sizeof(c));
    return status;
}
