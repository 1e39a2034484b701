/* What the accounts harnesses (fuzz_accounts, fuzz_accounts_edit) check of a database: every account obeys the
 * documented rules and is found again by its own name, and the formatter writes text that parses back to the same
 * database and formats to the same text. Static inline, so each harness takes what it uses. */
#ifndef LSAEMU_FUZZ_ACCOUNTS_CHECKS_H
#define LSAEMU_FUZZ_ACCOUNTS_CHECKS_H

#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "lsa_utf.h"

/* A broken invariant is a finding: stop here so libFuzzer saves the input. */
#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static inline void check_account(const lsa_account *a)
{
    CHECK(a->name != NULL && a->name[0] != '\0');
    CHECK(strlen(a->name) <= LSA_ACCOUNTS_MAX_NAME && lsa_utf8_valid(a->name, strlen(a->name)));
    CHECK(a->full_name != NULL && strlen(a->full_name) <= LSA_ACCOUNTS_MAX_VALUE);
    CHECK(a->domain == NULL || (a->domain[0] != '\0' && strcmp(a->domain, ".") != 0));
    CHECK((a->password != NULL) != (a->has_nt_hash != 0));
    CHECK(a->password == NULL || strlen(a->password) <= LSA_ACCOUNTS_MAX_VALUE);
    CHECK(a->rid != 0);
    CHECK(a->groups != NULL && a->primary_group != NULL && a->home_directory != NULL && a->profile_path != NULL &&
          a->logon_script != NULL && a->workstations != NULL && a->home_directory_drive != NULL);
    CHECK(strstr(a->groups, ",,") == NULL && a->groups[0] != ',');
    CHECK(strlen(a->home_directory_drive) == 0 || strlen(a->home_directory_drive) == 2);
    CHECK((a->flags & ~0x1Fu) == 0);
}

static inline int compare_domain_and_name(const void *pa, const void *pb)
{
    const lsa_account *a = *(const lsa_account *const *)pa;
    const lsa_account *b = *(const lsa_account *const *)pb;
    int c = lsa_name_compare(a->domain, b->domain);

    return c != 0 ? c : lsa_name_compare(a->name, b->name);
}

/* Every account obeys the rules; no two share (domain, name), so lookup by an account's own name finds exactly it.
 * Uniqueness is checked by sorting and lookup on at most 16 accounts spread over the database: calling the linear
 * lsa_accounts_find for every account made each run quadratic in the number of accounts, and a 4 KB input holds
 * hundreds (measured: 87 ms per run for 233 accounts, most of it here; the parser itself is linear). */
static inline void check_accounts(const lsa_accounts_db *db)
{
    size_t n = lsa_accounts_count(db);
    const lsa_account **sorted = malloc((n != 0 ? n : 1) * sizeof(*sorted));
    size_t step = n / 16 + 1;

    CHECK(sorted != NULL);
    for (size_t i = 0; i < n; i++) {
        sorted[i] = lsa_accounts_at(db, i);
        check_account(sorted[i]);
    }
    CHECK(lsa_accounts_at(db, n) == NULL);
    qsort(sorted, n, sizeof(*sorted), compare_domain_and_name);
    for (size_t i = 1; i < n; i++)
        CHECK(compare_domain_and_name(&sorted[i - 1], &sorted[i]) < 0);
    free(sorted);
    for (size_t i = 0; i < n; i += step)
        CHECK(lsa_accounts_find(db, lsa_accounts_at(db, i)->domain, lsa_accounts_at(db, i)->name) ==
              lsa_accounts_at(db, i));
    if (n != 0)
        CHECK(lsa_accounts_find(db, lsa_accounts_at(db, n - 1)->domain, lsa_accounts_at(db, n - 1)->name) ==
              lsa_accounts_at(db, n - 1));
}

static inline int same(const char *a, const char *b)
{
    return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static inline void check_same_account(const lsa_account *a, const lsa_account *b)
{
    CHECK(same(a->name, b->name) && same(a->domain, b->domain) && same(a->full_name, b->full_name));
    CHECK(same(a->password, b->password) && a->has_nt_hash == b->has_nt_hash);
    CHECK(!a->has_nt_hash || memcmp(a->nt_hash, b->nt_hash, 16) == 0);
    CHECK(a->rid == b->rid && a->flags == b->flags);
    CHECK(same(a->groups, b->groups) && same(a->primary_group, b->primary_group));
    CHECK(same(a->home_directory, b->home_directory) && same(a->home_directory_drive, b->home_directory_drive));
    CHECK(same(a->profile_path, b->profile_path) && same(a->logon_script, b->logon_script));
    CHECK(same(a->workstations, b->workstations));
    CHECK(a->account_expires == b->account_expires && a->password_last_set == b->password_last_set);
    CHECK(a->last_logon == b->last_logon && memcmp(a->logon_hours, b->logon_hours, sizeof(a->logon_hours)) == 0);
    CHECK(a->last_bad_password == b->last_bad_password && a->lockout_time == b->lockout_time);
    CHECK(a->bad_password_count == b->bad_password_count && a->logon_count == b->logon_count);
}

/* parse(format(db)) == db, and format is a fixed point */
static inline void check_round_trip(const lsa_accounts_db *db)
{
    lsa_accounts_db *back = NULL;
    char *text, *again;
    size_t len, len2;

    if (lsa_accounts_format(db, &text, &len) != LSA_ACCOUNTS_OK)
        return; /* only possible for a database near the size limit */
    CHECK(lsa_accounts_parse(text, len, &back, NULL) == LSA_ACCOUNTS_OK);
    CHECK(lsa_accounts_count(back) == lsa_accounts_count(db));
    CHECK(memcmp(lsa_accounts_get_policy(db), lsa_accounts_get_policy(back), sizeof(lsa_accounts_policy)) == 0);
    for (size_t i = 0; i < lsa_accounts_count(db); i++)
        check_same_account(lsa_accounts_at(db, i), lsa_accounts_at(back, i));
    CHECK(lsa_accounts_format(back, &again, &len2) == LSA_ACCOUNTS_OK);
    CHECK(len == len2 && memcmp(text, again, len) == 0);
    lsa_accounts_format_free(again, len2);
    lsa_accounts_format_free(text, len);
    lsa_accounts_free(back);
}

#endif
