/* The write-behind queue (src/accounts/accounts_pending.h): coalescing and the bounded delay on a fake millisecond
 * clock, in-memory lockout decisions, and the merge rule when the file was edited before the queue was written. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "accounts.h"
#include "accounts_pending.h"

#define T0 1700000000 /* seconds since 1970: the events' times */

static lsa_accounts_db *parse(const char *text)
{
    lsa_accounts_db *db = NULL;
    lsa_accounts_error err;

    assert_int_equal(lsa_accounts_parse(text, strlen(text), &db, &err), LSA_ACCOUNTS_OK);
    return db;
}

static lsa_pending_event event(const char *name, int success, int64_t now)
{
    lsa_pending_event e;

    memset(&e, 0, sizeof(e));
    strcpy(e.name, name);
    e.success = success;
    e.now = now;
    e.pinned_last_set = T0 - 1000;
    return e;
}

static const lsa_account *account(const lsa_accounts_db *db, const char *name)
{
    const lsa_account *a = lsa_accounts_find(db, NULL, name);

    assert_non_null(a);
    return a;
}

/* N events queued one after another are one write: due only once the oldest is delay_ms old, whatever came after. */
static void test_coalesces_on_the_delay(void **state)
{
    static lsa_pending q;
    lsa_pending_event e = event("alice", 1, T0);
    (void)state;

    lsa_pending_init(&q, 200);
    assert_false(lsa_pending_due(&q, 1000));
    assert_int_equal(lsa_pending_wait_ms(&q, 1000), UINT32_MAX);
    for (uint64_t ms = 1000; ms < 1200; ms += 10)
        assert_int_equal(lsa_pending_add(&q, &e, ms), 0);
    assert_int_equal(q.count, 20);
    assert_false(lsa_pending_due(&q, 1199));
    assert_int_equal(lsa_pending_wait_ms(&q, 1150), 50);
    assert_true(lsa_pending_due(&q, 1200)); /* the oldest's delay, not the newest's */
    lsa_pending_clear(&q);
    assert_int_equal(q.count, 0);
    assert_false(lsa_pending_due(&q, 5000));
    assert_int_equal(lsa_pending_add(&q, &e, 5000), 0); /* a new batch starts its own delay */
    assert_false(lsa_pending_due(&q, 5199));
    assert_true(lsa_pending_due(&q, 5200));
}

/* A full queue is due at once and refuses more; a clock that went back does not postpone the write. */
static void test_full_queue_and_clock_going_back(void **state)
{
    static lsa_pending q;
    lsa_pending_event e = event("alice", 0, T0);
    (void)state;

    lsa_pending_init(&q, 60000);
    for (size_t i = 0; i < LSA_PENDING_MAX; i++)
        assert_int_equal(lsa_pending_add(&q, &e, 10), 0);
    assert_true(lsa_pending_due(&q, 10));
    assert_int_equal(lsa_pending_add(&q, &e, 10), -1);
    assert_int_equal(q.count, LSA_PENDING_MAX);
    lsa_pending_clear(&q);
    assert_int_equal(lsa_pending_add(&q, &e, 500), 0);
    assert_true(lsa_pending_due(&q, 499));
}

/* Bad passwords count in memory at once: the threshold locks the account on the very event that reaches it, and the
 * next check, right password or wrong, is answered "locked" without being counted. */
static void test_lockout_decided_in_memory(void **state)
{
    lsa_accounts_db *db = parse("[:policy]\nlockout_threshold = 3\nlockout_duration_minutes = 30\n"
                                "[alice]\npassword = x\n");
    lsa_pending_event bad = event("alice", 0, T0), good = event("alice", 1, T0 + 1);
    uint32_t logons, count;
    (void)state;

    assert_int_equal(lsa_pending_apply(db, &bad, &logons, &count), LSA_PENDING_APPLIED);
    assert_int_equal(count, 1);
    assert_int_equal(lsa_pending_apply(db, &bad, &logons, &count), LSA_PENDING_APPLIED);
    assert_int_equal(lsa_pending_apply(db, &bad, &logons, &count), LSA_PENDING_APPLIED);
    assert_int_equal(count, 3);
    assert_true(account(db, "alice")->flags & LSA_ACCOUNT_LOCKED_OUT);
    assert_int_equal(account(db, "alice")->lockout_time, T0);
    assert_int_equal(lsa_pending_apply(db, &good, &logons, &count), LSA_PENDING_LOCKED);
    assert_int_equal(lsa_pending_apply(db, &bad, &logons, &count), LSA_PENDING_LOCKED);
    assert_int_equal(account(db, "alice")->bad_password_count, 3);
    assert_int_equal(account(db, "alice")->logon_count, 0);
    /* after the duration, a success clears it and reports the count it reset */
    good.now = T0 + 30 * 60;
    assert_int_equal(lsa_pending_apply(db, &good, &logons, &count), LSA_PENDING_APPLIED);
    assert_int_equal(logons, 1);
    assert_int_equal(count, 3);
    assert_false(account(db, "alice")->flags & LSA_ACCOUNT_LOCKED_OUT);
    assert_int_equal(account(db, "alice")->bad_password_count, 0);
    good = event("nobody", 1, T0);
    assert_int_equal(lsa_pending_apply(db, &good, &logons, &count), LSA_PENDING_GONE);
    lsa_accounts_free(db);
}

/* The merge rule: the edited file wins for every field, the queued events are replayed onto it (counts added to the
 * file's, not to the memory's old values), an account the edit removed drops its events. */
static void test_edit_wins_and_pending_replayed(void **state)
{
    static lsa_pending q;
    lsa_accounts_db *mem = parse("[alice]\npassword = x\nlogon_count = 5\n[bob]\npassword = y\n");
    lsa_accounts_db *edited;
    lsa_pending_event e;
    (void)state;

    lsa_pending_init(&q, 200);
    for (int i = 0; i < 3; i++) { /* three logons of alice, one bad password of bob: in memory and queued */
        e = event("alice", 1, T0 + i);
        assert_int_equal(lsa_pending_apply(mem, &e, NULL, NULL), LSA_PENDING_APPLIED);
        assert_int_equal(lsa_pending_add(&q, &e, 0), 0);
    }
    e = event("bob", 0, T0 + 5);
    assert_int_equal(lsa_pending_apply(mem, &e, NULL, NULL), LSA_PENDING_APPLIED);
    assert_int_equal(lsa_pending_add(&q, &e, 0), 0);
    assert_int_equal(account(mem, "alice")->logon_count, 8);
    /* Meanwhile the file was edited by hand: alice's count reset to 100 and a full name given; bob removed; carol
     * added. */
    edited = parse("[alice]\npassword = x\nlogon_count = 100\nfull_name = Alice E.\n[carol]\npassword = z\n");
    lsa_pending_replay(&q, edited);
    assert_int_equal(account(edited, "alice")->logon_count, 103);
    assert_int_equal(account(edited, "alice")->last_logon, T0 + 2);
    assert_string_equal(account(edited, "alice")->full_name, "Alice E.");
    assert_null(lsa_accounts_find(edited, NULL, "bob"));
    assert_int_equal(account(edited, "carol")->logon_count, 0);
    /* password_last_set "never" is pinned to what the logon reported, as a write-through logon does */
    assert_int_equal(account(edited, "alice")->password_last_set, T0 - 1000);
    lsa_accounts_free(edited);
    lsa_accounts_free(mem);
}

/* A lockout set by hand wins: the queued bad passwords after it are not counted, and a queued success does not clear
 * it (it would have been refused). An unlock by hand lets the replay count from zero. */
static void test_edited_lockout_wins(void **state)
{
    static lsa_pending q;
    lsa_accounts_db *edited;
    lsa_pending_event e;
    (void)state;

    lsa_pending_init(&q, 200);
    e = event("alice", 0, T0);
    assert_int_equal(lsa_pending_add(&q, &e, 0), 0);
    e = event("alice", 1, T0 + 1);
    assert_int_equal(lsa_pending_add(&q, &e, 0), 0);
    edited = parse("[alice]\npassword = x\nlocked_out = true\nbad_password_count = 7\n");
    lsa_pending_replay(&q, edited);
    assert_true(account(edited, "alice")->flags & LSA_ACCOUNT_LOCKED_OUT);
    assert_int_equal(account(edited, "alice")->bad_password_count, 7);
    assert_int_equal(account(edited, "alice")->logon_count, 0);
    lsa_accounts_free(edited);

    edited = parse("[:policy]\nlockout_threshold = 5\n[alice]\npassword = x\nbad_password_count = 0\n");
    lsa_pending_clear(&q);
    e = event("ALICE", 0, T0 + 2); /* names match case-insensitively, as the lookup does */
    assert_int_equal(lsa_pending_add(&q, &e, 0), 0);
    lsa_pending_replay(&q, edited);
    assert_int_equal(account(edited, "alice")->bad_password_count, 1);
    assert_int_equal(account(edited, "alice")->last_bad_password, T0 + 2);
    lsa_accounts_free(edited);
}

/* A name that does not fit the event is refused, not truncated onto another account's. */
static void test_unterminated_name_refused(void **state)
{
    static lsa_pending q;
    lsa_pending_event e;
    (void)state;

    lsa_pending_init(&q, 200);
    memset(&e, 'a', sizeof(e));
    assert_int_equal(lsa_pending_add(&q, &e, 0), -1);
    assert_int_equal(q.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coalesces_on_the_delay),
        cmocka_unit_test(test_full_queue_and_clock_going_back),
        cmocka_unit_test(test_lockout_decided_in_memory),
        cmocka_unit_test(test_edit_wins_and_pending_replayed),
        cmocka_unit_test(test_edited_lockout_wins),
        cmocka_unit_test(test_unterminated_name_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
