/* The write-behind queue; see accounts_pending.h. */
#include "accounts_pending.h"

#include <string.h>

#include "accounts_lockout.h"

void lsa_pending_init(lsa_pending *q, uint32_t delay_ms)
{
    memset(q, 0, sizeof(*q));
    q->delay_ms = delay_ms;
}

lsa_pending_result lsa_pending_apply(lsa_accounts_db *db, const lsa_pending_event *e, uint32_t *logons,
                                     uint32_t *bad)
{
    const lsa_accounts_policy *policy = lsa_accounts_get_policy(db);
    lsa_account *a = db ? lsa_accounts_find_mutable(db, NULL, e->name) : NULL;
    uint32_t reset;

    if (logons)
        *logons = 0;
    if (bad)
        *bad = 0;
    if (!a)
        return LSA_PENDING_GONE;
    if (lsa_lockout_active(a->flags, a->lockout_time, policy, e->now)) {
        if (logons)
            *logons = a->logon_count;
        if (bad)
            *bad = a->bad_password_count;
        return LSA_PENDING_LOCKED;
    }
    /* "never" stands for the file's last-write time, which the write moves: keep what the logon reported. */
    if (a->password_last_set == LSA_ACCOUNTS_NEVER)
        a->password_last_set = e->pinned_last_set;
    if (e->success) {
        reset = lsa_lockout_note_success(a, e->now);
    } else {
        lsa_lockout_note_bad_password(a, policy, e->now);
        reset = a->bad_password_count;
    }
    if (logons)
        *logons = a->logon_count;
    if (bad)
        *bad = reset;
    return LSA_PENDING_APPLIED;
}

int lsa_pending_add(lsa_pending *q, const lsa_pending_event *e, uint64_t now_ms)
{
    if (q->count >= LSA_PENDING_MAX || memchr(e->name, '\0', sizeof(e->name)) == NULL)
        return -1;
    if (q->count == 0)
        q->oldest_ms = now_ms;
    q->events[q->count++] = *e;
    return 0;
}

uint32_t lsa_pending_wait_ms(const lsa_pending *q, uint64_t now_ms)
{
    uint64_t waited;

    if (q->count == 0)
        return UINT32_MAX;
    if (q->count >= LSA_PENDING_MAX || now_ms < q->oldest_ms)
        return 0; /* full; or a clock that went back: write rather than wait an unknown time */
    waited = now_ms - q->oldest_ms;
    return waited >= q->delay_ms ? 0 : (uint32_t)(q->delay_ms - waited);
}

int lsa_pending_due(const lsa_pending *q, uint64_t now_ms)
{
    return q->count != 0 && lsa_pending_wait_ms(q, now_ms) == 0;
}

void lsa_pending_replay(const lsa_pending *q, lsa_accounts_db *db)
{
    for (size_t i = 0; i < q->count; i++)
        (void)lsa_pending_apply(db, &q->events[i], NULL, NULL);
}

void lsa_pending_clear(lsa_pending *q)
{
    /* Names are not secrets, but which accounts were tried is nobody's business once written. */
    memset(q->events, 0, q->count * sizeof(q->events[0]));
    q->count = 0;
    q->oldest_ms = 0;
}
