/* Logon statistics not yet written to the accounts file: the write-behind queue (portable, no windows.h).
 *
 * A password check changes the database in memory at once (so lockout decisions see every bad password at once) and
 * is queued here as an event (account, outcome, time). The file is written later, one write for every event queued
 * (coalescing), once the oldest waiting event is `delay_ms` old (the bounded delay) or the queue is full.
 *
 * Merge rule, when the file changed on disk before the queue was written (a hand edit, the accounts tool): the
 * file's text wins for every field, and the queued events are replayed onto it in order, with their own times, by
 * the same rules as a logon (accounts_lockout.h). So counters the file does not know yet are added to the file's,
 * never lost and never counted twice; an account removed by the edit drops its events; a lockout set by hand stops
 * the counting of later events as it would have. The in-memory database is always "the file's text + the queue
 * replayed", and the queue is emptied only once a write of it has succeeded. Times: seconds since 1970 for the
 * events, a monotonic millisecond clock (the caller's, so tests use a fake one) for the delay. */
#ifndef LSAEMU_ACCOUNTS_ACCOUNTS_PENDING_H
#define LSAEMU_ACCOUNTS_ACCOUNTS_PENDING_H

#include <stdint.h>

#include "accounts.h"

#define LSA_PENDING_MAX 512u /* events; a full queue is due at once */

typedef struct lsa_pending_event {
    char name[LSA_ACCOUNTS_MAX_NAME + 1]; /* UTF-8, as looked up (case-insensitive) */
    int success;                          /* non-zero: a successful logon; zero: a wrong password */
    int64_t now;                          /* when it happened */
    int64_t pinned_last_set;              /* password_last_set to pin when the account's is "never" */
} lsa_pending_event;

typedef struct lsa_pending {
    uint32_t delay_ms;
    uint64_t oldest_ms; /* when the oldest waiting event was queued (valid when count > 0) */
    size_t count;
    lsa_pending_event events[LSA_PENDING_MAX];
} lsa_pending;

typedef enum lsa_pending_result {
    LSA_PENDING_APPLIED = 0, /* recorded */
    LSA_PENDING_LOCKED,      /* the account's lockout is in force: nothing recorded (the answer is "locked out") */
    LSA_PENDING_GONE,        /* no such account: nothing recorded */
} lsa_pending_result;

void lsa_pending_init(lsa_pending *q, uint32_t delay_ms);

/* Applies one password check to db by the logon rules; *logons and *bad (may be NULL) get the account's logon count
 * and its bad-password count after it (for a success: the count it reset). */
lsa_pending_result lsa_pending_apply(lsa_accounts_db *db, const lsa_pending_event *e, uint32_t *logons,
                                     uint32_t *bad);

/* Queues an event already applied to the in-memory database. -1 (nothing queued) if the queue is full or the name
 * too long: the caller writes the queue first. */
int lsa_pending_add(lsa_pending *q, const lsa_pending_event *e, uint64_t now_ms);

/* Non-zero when the queue should be written now: it is full, or its oldest event is delay_ms old. */
int lsa_pending_due(const lsa_pending *q, uint64_t now_ms);

/* Milliseconds until the queue is due (0: due now; UINT32_MAX: nothing waits). */
uint32_t lsa_pending_wait_ms(const lsa_pending *q, uint64_t now_ms);

/* The merge rule: every queued event applied to db (freshly parsed from the file), in order. */
void lsa_pending_replay(const lsa_pending *q, lsa_accounts_db *db);

/* Empties the queue (its written events), wiping the names. */
void lsa_pending_clear(lsa_pending *q);

#endif
