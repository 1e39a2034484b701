/* libFuzzer harness for the accounts parser and formatter: any input either fails cleanly or yields a database whose
 * every account obeys the documented rules and can be found again by its own name, and which the formatter writes
 * as text that parses back to the same database and formats to the same text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts_checks.h"

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
    check_accounts(db);
    for (size_t i = 0; i < lsa_accounts_count(db); i++)
        CHECK(lsa_accounts_at(db, i)->line >= 1);
    check_round_trip(db);
    lsa_accounts_free(db);
    return 0;
}
