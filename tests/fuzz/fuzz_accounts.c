/* libFuzzer harness for the accounts parser: any input either fails cleanly or yields a database whose every
 * account obeys the documented rules and can be found again by its own name. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "lsa_utf.h"

/* A broken invariant is a finding: stop here so libFuzzer saves the input. */
#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static void check_account(const lsa_accounts_db *db, const lsa_account *a)
{
    CHECK(a->name != NULL && a->name[0] != '\0');
    CHECK(strlen(a->name) <= LSA_ACCOUNTS_MAX_NAME && lsa_utf8_valid(a->name, strlen(a->name)));
    CHECK(a->full_name != NULL && strlen(a->full_name) <= LSA_ACCOUNTS_MAX_VALUE);
    CHECK(a->domain == NULL || (a->domain[0] != '\0' && strcmp(a->domain, ".") != 0));
    CHECK((a->password != NULL) != (a->has_nt_hash != 0));
    CHECK(a->password == NULL || strlen(a->password) <= LSA_ACCOUNTS_MAX_VALUE);
    CHECK(a->rid != 0);
    CHECK(a->line >= 1);
    /* duplicates are refused, so lookup by the account's own name finds exactly it */
    CHECK(lsa_accounts_find(db, a->domain, a->name) == a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lsa_accounts_db *db = (lsa_accounts_db *)&db;
    lsa_accounts_error err;
    lsa_accounts_status st = lsa_accounts_parse((const char *)data, size, &db, &err);
    unsigned lines = 1;

    CHECK(err.status == st);
    if (st != LSA_ACCOUNTS_OK) {
        CHECK(db == NULL);
        for (size_t i = 0; i < size; i++)
            lines += data[i] == '\n';
        CHECK(err.line <= lines);
        CHECK(lsa_accounts_status_name(st) != NULL);
        return 0;
    }
    CHECK(err.line == 0);
    for (size_t i = 0; i < lsa_accounts_count(db); i++)
        check_account(db, lsa_accounts_at(db, i));
    CHECK(lsa_accounts_at(db, lsa_accounts_count(db)) == NULL);
    lsa_accounts_free(db);
    return 0;
}
