/* libFuzzer harness for editing a parsed accounts database (accounts_edit.c: add, remove, set, set_nt_hash) and for
 * the lockout policy (accounts_lockout.c), as the accounts tool and the MSV1_0 package use them. The input is an
 * accounts file, a NUL byte, then an edit script: one operation byte followed by its operands (an account index,
 * a key index, a value, a time). Checked after every step: a refused change leaves the account (every field) and the
 * policy as they were, every account obeys the documented rules and is found by its own name, and the lockout rules
 * of accounts_lockout.h hold. At the end the database survives format, parse, format unchanged. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts_checks.h"
#include "accounts_internal.h" /* the key name tables, so the harness follows the parser's keys */
#include "accounts_lockout.h"

/* Times the parser accepts (1601-01-01T00:00:00Z .. 9999-12-31T23:59:59Z), so the lockout can write any of them. */
#define TIME_MIN (-11644473600ll)
#define TIME_MAX 253402300799ll
#define MAX_STEPS 64

typedef struct script {
    const uint8_t *p;
    size_t n;
} script;

static uint32_t take(script *s, size_t bytes)
{
    uint32_t v = 0;

    for (size_t i = 0; i < bytes && s->n > 0; i++, s->p++, s->n--)
        v |= (uint32_t)*s->p << (8 * i);
    return v;
}

/* Values that reach each kind of key's checks, valid and not; anything else comes from the script itself. */
static const char *const samples[] = {
    "", "yes", "no", "TRUE", "0", "1", "2", "1000", "1001", "4294967295", "4294967296", "-1", "never",
    "2026-11-21T14:30:00Z", "1601-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-02-29T00:00:00Z", "all",
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "00ff", "H:", "h", "Users, S-1-5-32-544", "a,,b", "a,", ".", "CORP",
    "CO/RP", "\\\\srv\\home", "  spaced  ", "x\ty", "\xC3\xA9t\xC3\xA9", "\xC3", "99999", "100000", "998", "999",
};

/* A value: a sample, or up to 40 bytes of the script up to a NUL (kept NUL-terminated). */
static const char *take_value(script *s, char buf[41])
{
    uint32_t pick = take(s, 1);
    size_t len = 0;

    if (pick < 0xC0)
        return samples[pick % (sizeof(samples) / sizeof(samples[0]))];
    while (len < 40 && s->n > 0 && *s->p != 0) {
        buf[len++] = (char)*s->p;
        s->p++;
        s->n--;
    }
    if (s->n > 0 && *s->p == 0) { /* the terminator */
        s->p++;
        s->n--;
    }
    buf[len] = '\0';
    return buf;
}

static int64_t take_time(script *s)
{
    uint64_t raw = (uint64_t)take(s, 4) | (uint64_t)take(s, 4) << 32;

    return TIME_MIN + (int64_t)(raw % (uint64_t)(TIME_MAX - TIME_MIN + 1));
}

static char *copy_of(const char *text)
{
    size_t len = strlen(text) + 1;
    char *copy = malloc(len);

    CHECK(copy != NULL);
    return memcpy(copy, text, len);
}

/* A deep copy of an account, to compare with after a refused change (cheaper than formatting the whole database
 * around every change, which took most of each run). */
static void copy_account(const lsa_account *a, lsa_account *out)
{
    *out = *a;
    out->name = copy_of(a->name);
    out->domain = a->domain != NULL ? copy_of(a->domain) : NULL;
    out->full_name = copy_of(a->full_name);
    out->password = a->password != NULL ? copy_of(a->password) : NULL;
    out->groups = copy_of(a->groups);
    out->primary_group = copy_of(a->primary_group);
    out->home_directory = copy_of(a->home_directory);
    out->home_directory_drive = copy_of(a->home_directory_drive);
    out->profile_path = copy_of(a->profile_path);
    out->logon_script = copy_of(a->logon_script);
    out->workstations = copy_of(a->workstations);
}

static void free_account_copy(lsa_account *a)
{
    char *strings[] = { a->name, a->domain, a->full_name, a->password, a->groups, a->primary_group,
                        a->home_directory, a->home_directory_drive, a->profile_path, a->logon_script,
                        a->workstations };

    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
        free(strings[i]);
}

static lsa_account *pick_account(lsa_accounts_db *db, script *s)
{
    size_t count = lsa_accounts_count(db);
    const lsa_account *a;

    if (count == 0)
        return NULL;
    a = lsa_accounts_at(db, take(s, 1) % count);
    return lsa_accounts_find_mutable(db, a->domain, a->name);
}

static void step_add(lsa_accounts_db *db, script *s)
{
    static const char *const domains[] = { NULL, "", ".", "CORP", "corp", "OTHER" };
    const char *domain = domains[take(s, 1) % (sizeof(domains) / sizeof(domains[0]))];
    char buf[41];
    const char *name = take_value(s, buf);
    uint8_t hash[16];
    lsa_account *added = NULL;
    size_t before = lsa_accounts_count(db);
    lsa_accounts_status st;

    for (size_t i = 0; i < sizeof(hash); i++)
        hash[i] = (uint8_t)take(s, 1);
    st = lsa_accounts_add(db, domain, name, &added);
    if (st != LSA_ACCOUNTS_OK) {
        CHECK(added == NULL && lsa_accounts_count(db) == before);
        return;
    }
    CHECK(added != NULL && lsa_accounts_count(db) == before + 1);
    CHECK(lsa_accounts_find(db, domain, name) == added);
    CHECK(added->password == NULL && !added->has_nt_hash && added->rid >= 1001);
    lsa_account_set_nt_hash(added, hash); /* as the tool does before it writes */
    CHECK(added->has_nt_hash && memcmp(added->nt_hash, hash, sizeof(hash)) == 0);
}

static void step_remove(lsa_accounts_db *db, script *s)
{
    lsa_account *a = pick_account(db, s);
    size_t before = lsa_accounts_count(db);
    char *domain, *name;

    if (a == NULL) {
        CHECK(lsa_accounts_remove(db, NULL, "nobody") == LSA_ACCOUNTS_NOT_FOUND);
        return;
    }
    /* the account's own strings go with it: look it up by copies */
    domain = a->domain != NULL ? copy_of(a->domain) : NULL;
    name = copy_of(a->name);
    CHECK(lsa_accounts_remove(db, domain, name) == LSA_ACCOUNTS_OK);
    CHECK(lsa_accounts_count(db) == before - 1 && lsa_accounts_find(db, domain, name) == NULL);
    CHECK(lsa_accounts_remove(db, domain, name) == LSA_ACCOUNTS_NOT_FOUND);
    free(domain);
    free(name);
}

static void step_set(lsa_accounts_db *db, script *s, int policy)
{
    lsa_account *a = policy ? NULL : pick_account(db, s);
    uint32_t k = take(s, 1);
    const char *key = policy ? lsa_policy_key_names[k % POLICY_KEY_COUNT] : lsa_account_key_names[k % KEY_COUNT];
    char buf[41];
    const char *value = take_value(s, buf);
    size_t count = lsa_accounts_count(db);
    lsa_accounts_policy policy_before = *lsa_accounts_get_policy(db);
    lsa_account before;
    lsa_accounts_status st;

    if (!policy && a == NULL)
        return;
    if (!policy)
        copy_account(a, &before);
    st = lsa_accounts_set(db, a, key, value);
    if (st != LSA_ACCOUNTS_OK) { /* a refused change leaves everything as it was */
        CHECK(lsa_accounts_count(db) == count);
        CHECK(memcmp(&policy_before, lsa_accounts_get_policy(db), sizeof(policy_before)) == 0);
        if (!policy)
            check_same_account(&before, a);
    }
    if (!policy && (strcmp(key, "password") == 0 || strcmp(key, "nt_hash") == 0))
        CHECK(st != LSA_ACCOUNTS_OK); /* secrets only through lsa_account_set_nt_hash */
    if (!policy)
        free_account_copy(&before);
}

/* The rules of accounts_lockout.h, checked around each event. */
static void step_bad_password(lsa_accounts_db *db, script *s)
{
    lsa_account *a = pick_account(db, s);
    const lsa_accounts_policy *policy = lsa_accounts_get_policy(db);
    int64_t now = take_time(s);
    uint32_t count;
    int64_t last_bad, lockout_time;
    int was_locked;

    if (a == NULL)
        return;
    was_locked = lsa_lockout_active(a->flags, a->lockout_time, policy, now);
    count = a->bad_password_count;
    last_bad = a->last_bad_password;
    lockout_time = a->lockout_time;
    lsa_lockout_note_bad_password(a, policy, now);
    if (was_locked) { /* a wrong password during a lockout changes nothing: no count, no time, no new lockout */
        CHECK((a->flags & LSA_ACCOUNT_LOCKED_OUT) && a->bad_password_count == count &&
              a->last_bad_password == last_bad && a->lockout_time == lockout_time);
        return;
    }
    CHECK(a->last_bad_password == now);
    CHECK(a->bad_password_count >= 1);
    if (policy->lockout_threshold && a->bad_password_count >= policy->lockout_threshold)
        CHECK((a->flags & LSA_ACCOUNT_LOCKED_OUT) && lsa_lockout_active(a->flags, a->lockout_time, policy, now));
    if (!policy->lockout_threshold && !was_locked)
        CHECK(!(a->flags & LSA_ACCOUNT_LOCKED_OUT));
}

static void step_success(lsa_accounts_db *db, script *s)
{
    lsa_account *a = pick_account(db, s);
    int64_t now = take_time(s);
    uint32_t count, logons;

    if (a == NULL)
        return;
    count = a->bad_password_count;
    logons = a->logon_count;
    CHECK(lsa_lockout_note_success(a, now) == count);
    CHECK(a->bad_password_count == 0 && !(a->flags & LSA_ACCOUNT_LOCKED_OUT));
    CHECK(a->lockout_time == LSA_ACCOUNTS_NEVER && a->last_logon == now);
    CHECK(a->logon_count == (logons < UINT32_MAX ? logons + 1 : logons));
    CHECK(!lsa_lockout_active(a->flags, a->lockout_time, lsa_accounts_get_policy(db), now));
}

/* A timed lockout ends exactly lockout_duration_minutes after lockout_time; one without a time never ends. */
static void step_lockout_window(lsa_accounts_db *db, script *s)
{
    lsa_account *a = pick_account(db, s);
    const lsa_accounts_policy *policy = lsa_accounts_get_policy(db);
    int64_t now = take_time(s);
    int64_t end;

    if (a == NULL)
        return;
    if (!(a->flags & LSA_ACCOUNT_LOCKED_OUT)) {
        CHECK(!lsa_lockout_active(a->flags, a->lockout_time, policy, now));
        return;
    }
    if (a->lockout_time == LSA_ACCOUNTS_NEVER || policy->lockout_duration_minutes == 0) {
        CHECK(lsa_lockout_active(a->flags, a->lockout_time, policy, now));
        return;
    }
    end = a->lockout_time + (int64_t)policy->lockout_duration_minutes * 60;
    CHECK(lsa_lockout_active(a->flags, a->lockout_time, policy, end - 1));
    CHECK(!lsa_lockout_active(a->flags, a->lockout_time, policy, end));
    CHECK(lsa_lockout_active(a->flags, a->lockout_time, policy, now) == (now < end));
}

static void step_set_hash(lsa_accounts_db *db, script *s)
{
    lsa_account *a = pick_account(db, s);
    uint8_t hash[16];

    for (size_t i = 0; i < sizeof(hash); i++)
        hash[i] = (uint8_t)take(s, 1);
    if (a == NULL)
        return;
    lsa_account_set_nt_hash(a, hash);
    CHECK(a->password == NULL && a->has_nt_hash && memcmp(a->nt_hash, hash, sizeof(hash)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t text_len = nul != NULL ? (size_t)(nul - data) : size;
    script s = { nul != NULL ? nul + 1 : data + size, nul != NULL ? size - text_len - 1 : 0 };
    lsa_accounts_db *db = NULL;

    if (lsa_accounts_parse((const char *)data, text_len, &db, NULL) != LSA_ACCOUNTS_OK)
        return 0; /* fuzz_accounts covers refusals */
    for (int step = 0; step < MAX_STEPS && s.n > 0; step++) {
        switch (take(&s, 1) % 9) {
        case 0: step_add(db, &s); break;
        case 1: step_remove(db, &s); break;
        case 2: step_set(db, &s, 0); break;
        case 3: step_set(db, &s, 1); break;
        case 4: step_set_hash(db, &s); break;
        case 5: step_bad_password(db, &s); break;
        case 6: step_success(db, &s); break;
        case 7: step_lockout_window(db, &s); break;
        default: step_set(db, &s, 0); break; /* the tool's most common change */
        }
        check_accounts(db);
    }
    check_round_trip(db);
    lsa_accounts_free(db);
    return 0;
}
