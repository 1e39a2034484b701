/* Persisted logon statistics; see msv1_0_persist.h. */
#include "pkg_win.h"

#include <string.h>

#include "accounts_lockout.h"
#include "accounts_store.h"
#include "msv1_0_accounts_path.h"
#include "msv1_0_persist.h"
#include "msv1_0_restrict.h"
#include "pkg_trace.h"

typedef struct persist_ctx {
    char name[LSA_ACCOUNTS_MAX_NAME * 3 + 1];
    BOOL success;
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
        return LSA_STORE_KEEP; /* removed meanwhile: nothing to record */
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

static void note_unwritable(const WCHAR *path, const lsa_store_error *err)
{
    static LONG said;
    char where[LSA_STORE_PATH_MAX * 3];

    if (InterlockedExchange(&said, 1))
        return;
    if (!WideCharToMultiByte(CP_UTF8, 0, path, -1, where, sizeof(where), NULL, NULL))
        lstrcpynA(where, "(unprintable path)", sizeof(where));
    pkg_user_diag("accounts file %s cannot be updated (%s, Windows error %lu); logon statistics and lockouts are "
                  "kept in memory only", where, lsa_store_status_name(err->status), (unsigned long)err->win32);
}

void msv1_0_persist_logon(const msv1_0_account *account, BOOL success, USHORT *logon_count,
                          USHORT *bad_password_count)
{
    WCHAR path[MSV1_0_ACCOUNTS_PATH_MAX];
    lsa_store_error err;
    persist_ctx c;
    USHORT mem_logons, mem_bad;

    path[0] = 0;
    memset(&c, 0, sizeof(c));
    memset(&err, 0, sizeof(err));
    c.success = success;
    c.now = msv1_0_unix_now();
    c.pinned_last_set = account->password_last_set.QuadPart / 10000000 - 11644473600LL;
    if (WideCharToMultiByte(CP_UTF8, 0, account->name, -1, c.name, sizeof(c.name), NULL, NULL) &&
        msv1_0_accounts_update(mutate, &c, &err) == LSA_STORE_OK) {
        *logon_count = clamp16(c.logons);
        *bad_password_count = clamp16(c.bad);
        return;
    }
    if ((err.status == LSA_STORE_IO || err.status == LSA_STORE_LOCKED) && msv1_0_accounts_path(path))
        note_unwritable(path, &err);
    /* In memory, on top of what the file held when it was read. */
    msv1_0_accounts_note_logon(account->name, success, &mem_logons, &mem_bad);
    *logon_count = clamp16(account->logon_count + mem_logons);
    *bad_password_count = success ? mem_bad : clamp16(account->bad_password_count + mem_bad);
}
