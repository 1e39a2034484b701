/* libFuzzer harness for the write-behind queue (accounts_pending.c). The input is an accounts file, a NUL byte, then
 * events: an account byte (an index into the file's accounts, or past them: a name that is not there), an outcome
 * byte and a time. Checked: applying the events one by one to the parsed database (as a logon does) gives the same
 * database as parsing the file again and replaying the queue (the merge rule's invariant: cache = file + queue), the
 * result obeys the accounts rules and survives format, parse, format; and clearing empties the queue. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "accounts_checks.h"
#include "accounts_pending.h"

#define BASE_TIME 1700000000ll /* 2023: every event time stays within the years the parser accepts */

static lsa_pending queue;

static char *format_db(const lsa_accounts_db *db, size_t *len)
{
    char *text = NULL;

    CHECK(lsa_accounts_format(db, &text, len) == LSA_ACCOUNTS_OK);
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t text_len = nul ? (size_t)(nul - data) : size;
    const uint8_t *p = nul ? nul + 1 : data + size;
    size_t left = nul ? size - text_len - 1 : 0;
    lsa_accounts_db *live = NULL, *replayed = NULL;
    lsa_accounts_error err;
    char *a, *b;
    size_t a_len, b_len, n;
    uint64_t ms = 0;

    if (lsa_accounts_parse((const char *)data, text_len, &live, &err) != LSA_ACCOUNTS_OK)
        return 0;
    lsa_pending_init(&queue, 200);
    n = lsa_accounts_count(live);
    while (left >= 4 && queue.count < LSA_PENDING_MAX) {
        lsa_pending_event e;
        const lsa_account *acc = p[0] < n ? lsa_accounts_at(live, p[0]) : NULL;

        memset(&e, 0, sizeof(e));
        strcpy(e.name, acc ? acc->name : "no-such-account");
        e.success = p[1] & 1;
        e.now = BASE_TIME + (int64_t)(((uint32_t)p[2] << 8 | p[3]) * 60u);
        e.pinned_last_set = BASE_TIME - 86400;
        p += 4;
        left -= 4;
        if (lsa_pending_apply(live, &e, NULL, NULL) == LSA_PENDING_APPLIED)
            CHECK(lsa_pending_add(&queue, &e, ms++) == 0);
    }
    CHECK(lsa_accounts_parse((const char *)data, text_len, &replayed, &err) == LSA_ACCOUNTS_OK);
    lsa_pending_replay(&queue, replayed);
    a = format_db(live, &a_len);
    b = format_db(replayed, &b_len);
    CHECK(a_len == b_len && memcmp(a, b, a_len) == 0);
    for (size_t i = 0; i < lsa_accounts_count(replayed); i++)
        check_account(lsa_accounts_at(replayed, i));
    lsa_accounts_free(replayed);
    replayed = NULL;
    CHECK(lsa_accounts_parse(a, a_len, &replayed, &err) == LSA_ACCOUNTS_OK);
    lsa_accounts_format_free(b, b_len);
    b = format_db(replayed, &b_len);
    CHECK(a_len == b_len && memcmp(a, b, a_len) == 0);
    CHECK(queue.count == 0 || lsa_pending_wait_ms(&queue, ms) <= 200);
    lsa_pending_clear(&queue);
    CHECK(queue.count == 0 && !lsa_pending_due(&queue, UINT64_MAX));
    lsa_accounts_format_free(a, a_len);
    lsa_accounts_format_free(b, b_len);
    lsa_accounts_free(live);
    lsa_accounts_free(replayed);
    return 0;
}
