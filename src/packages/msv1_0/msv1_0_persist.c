/* Persisted logon statistics; see msv1_0_persist.h. */
#include "pkg_win.h"

#include <string.h>

#include "accounts_lockout.h"
#include "accounts_store.h"
#include "msv1_0_accounts_path.h"
#include "msv1_0_package.h"
#include "msv1_0_persist.h"
#include "msv1_0_restrict.h"
#include "msv1_0_write_behind.h"
#include "pkg_trace.h"

typedef struct persist_ctx {
    char name[LSA_ACCOUNTS_MAX_NAME * 3 + 1];
    BOOL success;
    BOOL locked; /* the file says the account is locked out now: nothing recorded */
    int64_t now, pinned_last_set;
    uint32_t logons, bad;
} persist_ctx;

static USHORT clamp16(uint32_t v)
{
    return v > 0xFFFF ? 0xFFFF : (USHORT)v;
}

static int mutate(lsa_accounts_db *db, void *context)
{
    persist_ctx *c = context;
    const lsa_accounts_policy *policy = lsa_accounts_get_policy(db);
    lsa_account *a = lsa_accounts_find_mutable(db, NULL, c->name);

    if (!a)
        return LSA_STORE_WRITE; /* removed meanwhile: nothing to record, the same work as for an unknown name */
    /* Locked by another process since this one's lookup: the answer is the lockout's, and nothing is counted. */
    if (lsa_lockout_active(a->flags, a->lockout_time, policy, c->now)) {
        c->locked = TRUE;
        c->logons = a->logon_count;
        c->bad = a->bad_password_count;
        return LSA_STORE_KEEP;
    }
    /* "never" stood for the file's last-write time, which this write moves: keep what the lookup reported. */
    if (a->password_last_set == LSA_ACCOUNTS_NEVER)
        a->password_last_set = c->pinned_last_set;
    if (c->success) {
        c->bad = lsa_lockout_note_success(a, c->now);
    } else {
        lsa_lockout_note_bad_password(a, policy, c->now);
        c->bad = a->bad_password_count;
    }
    c->logons = a->logon_count;
    return LSA_STORE_WRITE;
}

/* A name that names no account: the file is written back unchanged, under the same lock and with the same flushed
 * write as a counted wrong password, so the time of the answer does not tell whether the account exists. A file
 * without accounts (or none at all) has nothing to hide and is left alone. */
static int mutate_nothing(lsa_accounts_db *db, void *context)
{
    (void)context;
    return lsa_accounts_count(db) ? LSA_STORE_WRITE : LSA_STORE_KEEP;
}

static void note_unwritable(const WCHAR *path, const lsa_store_error *err, BOOL lockout_policy)
{
    static LONG said[2]; /* once for each of the two consequences */
    char where[LSA_STORE_PATH_MAX * 3];

    if (InterlockedExchange(&said[lockout_policy ? 1 : 0], 1))
        return;
    if (!WideCharToMultiByte(CP_UTF8, 0, path, -1, where, sizeof(where), NULL, NULL))
        lstrcpynA(where, "(unprintable path)", sizeof(where));
    if (lockout_policy)
        pkg_user_diag("accounts file %s cannot be updated (%s, Windows error %lu) while [:policy] lockout_threshold "
                      "is set: bad passwords cannot be counted, so MSV1_0 password logons fail with "
                      "STATUS_INTERNAL_DB_ERROR until the LSA can write the file", where,
                      lsa_store_status_name(err->status), (unsigned long)err->win32);
    else
        pkg_user_diag("accounts file %s cannot be updated (%s, Windows error %lu); logon statistics are kept in "
                      "memory only", where, lsa_store_status_name(err->status), (unsigned long)err->win32);
}

/* A write that failed: fatal to the logon (STATUS_INTERNAL_DB_ERROR) when a lockout policy is in force, for counting
 * bad passwords in one process's memory would let a guesser start afresh in every new process; else FALSE and the
 * caller keeps the statistics in memory. stderr says which, once. */
static BOOL fails_closed(const lsa_store_error *err, const lsa_accounts_policy *policy)
{
    WCHAR path[MSV1_0_ACCOUNTS_PATH_MAX];
    BOOL closed = policy->lockout_threshold != 0;

    if (msv1_0_accounts_path(path))
        note_unwritable(path, err, closed);
    return closed;
}

/* Write-behind (msv1_0_write_behind.h): recorded in memory at once, written later. FALSE: write through. */
static BOOL record_behind(persist_ctx *c, USHORT *logon_count, USHORT *bad_password_count)
{
    lsa_pending_event e;
    lsa_pending_result result;
    uint32_t logons, bad;

    if (!msv1_0_write_behind_delay() || strlen(c->name) >= sizeof(e.name))
        return FALSE;
    memset(&e, 0, sizeof(e));
    memcpy(e.name, c->name, strlen(c->name) + 1);
    e.success = c->success;
    e.now = c->now;
    e.pinned_last_set = c->pinned_last_set;
    if (!msv1_0_write_behind_record(&e, &result, &logons, &bad))
        return FALSE;
    c->locked = result == LSA_PENDING_LOCKED;
    *logon_count = clamp16(logons);
    *bad_password_count = clamp16(bad);
    return TRUE;
}

NTSTATUS msv1_0_persist_logon(const msv1_0_account *account, BOOL success, USHORT *logon_count,
                              USHORT *bad_password_count)
{
    lsa_store_error err;
    persist_ctx c;
    FILETIME last_set;
    USHORT mem_logons, mem_bad;

    memset(&c, 0, sizeof(c));
    memset(&err, 0, sizeof(err));
    *logon_count = *bad_password_count = 0;
    c.success = success;
    c.now = msv1_0_unix_now();
    last_set.dwLowDateTime = account->password_last_set.LowPart;
    last_set.dwHighDateTime = (DWORD)account->password_last_set.HighPart;
    c.pinned_last_set = msv1_0_unix_from_filetime(&last_set);
    if (!WideCharToMultiByte(CP_UTF8, 0, account->name, -1, c.name, sizeof(c.name), NULL, NULL))
        err.status = LSA_STORE_IO;
    else if (record_behind(&c, logon_count, bad_password_count))
        return c.locked ? STATUS_ACCOUNT_LOCKED_OUT : STATUS_SUCCESS;
    else if (msv1_0_accounts_update(mutate, &c, &err) == LSA_STORE_OK) {
        *logon_count = clamp16(c.logons);
        *bad_password_count = clamp16(c.bad);
        return c.locked ? STATUS_ACCOUNT_LOCKED_OUT : STATUS_SUCCESS;
    }
    if (fails_closed(&err, &account->policy))
        return STATUS_INTERNAL_DB_ERROR;
    /* In memory, on top of what the file held when it was read. */
    msv1_0_accounts_note_logon(account->name, success, &mem_logons, &mem_bad);
    *logon_count = clamp16(account->logon_count + mem_logons);
    *bad_password_count = success ? mem_bad : clamp16(account->bad_password_count + mem_bad);
    return STATUS_SUCCESS;
}

NTSTATUS msv1_0_persist_touch(void)
{
    lsa_accounts_policy policy;
    lsa_store_error err;

    /* No accounts (or no file, whose folder may not even exist): nothing to hide, nothing to lock. Written behind, a
     * known name's check costs no file operation either: nothing to match. */
    if (!msv1_0_accounts_policy(&policy) || msv1_0_write_behind_delay())
        return STATUS_SUCCESS;
    if (msv1_0_accounts_update(mutate_nothing, NULL, &err) == LSA_STORE_OK)
        return STATUS_SUCCESS;
    return fails_closed(&err, &policy) ? STATUS_INTERNAL_DB_ERROR : STATUS_SUCCESS;
}

NTSTATUS msv1_0_logon_count_failure(const msv1_0_account *account, BOOL known)
{
    USHORT logons, bad;
    NTSTATUS status;

    if (known) {
        pkg_warn(MSV1_0_TRACE, "logon failure: wrong password");
        status = msv1_0_persist_logon(account, FALSE, &logons, &bad);
    } else {
        pkg_warn(MSV1_0_TRACE, "logon failure: no such user");
        status = msv1_0_persist_touch();
    }
    return status == STATUS_SUCCESS ? STATUS_LOGON_FAILURE : status;
}
