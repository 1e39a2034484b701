/* The accounts file parser; see accounts.h for the format.
 *
 * One pass over the lines builds the accounts and reports the first malformed line; a second pass over the whole set
 * finds duplicate accounts and rids (by sorting, so a large file stays fast) and hands out default rids. Values are
 * copied straight from the caller's text into their final allocation, so a password never sits in a temporary. */
#include "accounts_internal.h"

#include <stdlib.h>
#include <string.h>

#include "lsa_utf.h"

#define DEFAULT_RID_BASE 1000u

/* Default rids count up from 1001 + position, skipping at most one value per account, so the file size limit keeps
 * them far below 2^32. */
_Static_assert(DEFAULT_RID_BASE + 1u + 2ull * LSA_ACCOUNTS_MAX_FILE < 0xFFFFFFFFull, "default rids cannot overflow");

void lsa_accounts_free(lsa_accounts_db *db)
{
    if (db == NULL)
        return;
    for (size_t i = 0; i < db->count; i++)
        acc_free_entry(&db->entries[i]);
    acc_free(db->entries);
    acc_free(db);
}

static int starts_comment(char c)
{
    return c == '#' || c == ';';
}

/* Only blanks, optionally followed by a comment. */
static int rest_is_empty(text_span s)
{
    s = acc_trim(s);
    return s.len == 0 || starts_comment(s.p[0]);
}

static lsa_accounts_status start_section(lsa_accounts_db *db, text_span name, unsigned line)
{
    account_entry *e;

    if (db->count == db->capacity) {
        /* Not realloc: the old array holds NT hashes, and realloc would free it without wiping them. */
        size_t capacity = db->capacity != 0 ? db->capacity * 2 : 8;
        account_entry *grown = acc_malloc(capacity * sizeof(*grown));

        if (grown == NULL)
            return LSA_ACCOUNTS_NOMEM;
        if (db->count != 0) {
            memcpy(grown, db->entries, db->count * sizeof(*grown));
            acc_wipe(db->entries, db->count * sizeof(*grown));
        }
        acc_free(db->entries);
        db->entries = grown;
        db->capacity = capacity;
    }
    e = &db->entries[db->count];
    memset(e, 0, sizeof(*e));
    e->pub.line = line;
    acc_init_account(e);
    e->pub.name = acc_copy_span(name);
    if (e->pub.name == NULL)
        return LSA_ACCOUNTS_NOMEM;
    db->count++;
    db->open = SECTION_ACCOUNT;
    return LSA_ACCOUNTS_OK;
}

/* [:policy]: at most once, anywhere among the accounts. */
static lsa_accounts_status start_policy(lsa_accounts_db *db, unsigned line)
{
    if (db->policy_line != 0)
        return LSA_ACCOUNTS_DUPLICATE_POLICY;
    db->policy_line = line;
    db->open = SECTION_POLICY;
    return LSA_ACCOUNTS_OK;
}

/* The account section being read is complete: check it and fill its defaults. */
static lsa_accounts_status close_section(lsa_accounts_db *db, unsigned *line)
{
    if (db->open != SECTION_ACCOUNT)
        return LSA_ACCOUNTS_OK;
    db->open = SECTION_NONE;
    return acc_finish_account(&db->entries[db->count - 1], line);
}

/* `[name]` with optional blanks inside the brackets and a comment after them. */
static lsa_accounts_status parse_section_line(lsa_accounts_db *db, text_span s, unsigned *line)
{
    const char *close = memchr(s.p, ']', s.len);
    text_span name;
    lsa_accounts_status st;

    if (close == NULL)
        return LSA_ACCOUNTS_SYNTAX;
    if (!rest_is_empty((text_span){ close + 1, s.len - (size_t)(close + 1 - s.p) }))
        return LSA_ACCOUNTS_SYNTAX;
    name = acc_trim((text_span){ s.p + 1, (size_t)(close - s.p - 1) });
    if (acc_span_equal_nocase(name, POLICY_SECTION)) {
        st = close_section(db, line);
        return st != LSA_ACCOUNTS_OK ? st : start_policy(db, *line);
    }
    if (!acc_name_is_valid(name))
        return LSA_ACCOUNTS_BAD_SECTION;
    st = close_section(db, line);
    if (st != LSA_ACCOUNTS_OK)
        return st;
    return start_section(db, name, *line);
}

static lsa_accounts_status parse_key_line(lsa_accounts_db *db, text_span s, unsigned line)
{
    const char *eq = memchr(s.p, '=', s.len);
    account_entry *e;
    text_span key;
    value_text value;
    lsa_accounts_status st;
    int k;

    if (eq == NULL)
        return LSA_ACCOUNTS_SYNTAX;
    key = acc_trim((text_span){ s.p, (size_t)(eq - s.p) });
    if (key.len == 0)
        return LSA_ACCOUNTS_SYNTAX;
    if (db->open == SECTION_NONE)
        return LSA_ACCOUNTS_KEY_OUTSIDE_SECTION;
    if (db->open == SECTION_POLICY) {
        k = acc_find_key(key, lsa_policy_key_names, POLICY_KEY_COUNT);
        if (k < 0)
            return LSA_ACCOUNTS_UNKNOWN_KEY;
        if (db->policy_keys_seen & (1u << k))
            return LSA_ACCOUNTS_DUPLICATE_KEY;
        st = acc_scan_value((text_span){ eq + 1, s.len - (size_t)(eq + 1 - s.p) }, &value);
        if (st == LSA_ACCOUNTS_OK)
            st = acc_apply_policy_key(&db->policy, k, &value);
        if (st == LSA_ACCOUNTS_OK)
            db->policy_keys_seen |= 1u << k;
        return st;
    }
    k = acc_find_key(key, lsa_account_key_names, KEY_COUNT);
    if (k < 0)
        return LSA_ACCOUNTS_UNKNOWN_KEY;
    e = &db->entries[db->count - 1];
    if (e->keys_seen & (1u << k))
        return LSA_ACCOUNTS_DUPLICATE_KEY;
    st = acc_scan_value((text_span){ eq + 1, s.len - (size_t)(eq + 1 - s.p) }, &value);
    if (st == LSA_ACCOUNTS_OK)
        st = acc_apply_account_key(e, k, &value, line);
    if (st == LSA_ACCOUNTS_OK)
        e->keys_seen |= 1u << k;
    return st;
}

/* A line without its end-of-line characters. Tabs are blanks; every other control character is refused, so a stray
 * \r or escape code cannot hide inside a name or password. */
static lsa_accounts_status parse_line(lsa_accounts_db *db, text_span s, unsigned *line)
{
    if (memchr(s.p, '\0', s.len) != NULL || !lsa_utf8_valid(s.p, s.len))
        return LSA_ACCOUNTS_BAD_UTF8;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];

        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return LSA_ACCOUNTS_SYNTAX;
    }
    s = acc_trim(s);
    if (s.len == 0 || starts_comment(s.p[0]))
        return LSA_ACCOUNTS_OK;
    if (s.p[0] == '[')
        return parse_section_line(db, s, line);
    return parse_key_line(db, s, *line);
}

static lsa_accounts_status parse_lines(lsa_accounts_db *db, const char *text, size_t len, unsigned *line)
{
    size_t pos = 0;
    lsa_accounts_status st;

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    *line = 1;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl != NULL ? (size_t)(nl - text) : len;
        text_span s = { text + pos, end - pos };

        if (s.len > 0 && s.p[s.len - 1] == '\r')
            s.len--;
        st = parse_line(db, s, line);
        if (st != LSA_ACCOUNTS_OK)
            return st;
        if (nl == NULL)
            break;
        pos = end + 1;
        (*line)++;
    }
    st = close_section(db, line);
    if (st != LSA_ACCOUNTS_OK)
        return st;
    *line = 0;
    return LSA_ACCOUNTS_OK;
}

static int compare_account_keys(const void *pa, const void *pb)
{
    const account_entry *a = *(const account_entry *const *)pa;
    const account_entry *b = *(const account_entry *const *)pb;
    int c = lsa_name_compare(a->pub.domain, b->pub.domain);

    if (c == 0)
        c = lsa_name_compare(a->pub.name, b->pub.name);
    if (c == 0)
        c = (a > b) - (a < b); /* file order among equals: the later one is the duplicate */
    return c;
}

static int compare_explicit_rids(const void *pa, const void *pb)
{
    const account_entry *a = *(const account_entry *const *)pa;
    const account_entry *b = *(const account_entry *const *)pb;
    int c = lsa_name_compare(a->pub.domain, b->pub.domain);

    if (c == 0)
        c = (a->pub.rid > b->pub.rid) - (a->pub.rid < b->pub.rid);
    if (c == 0)
        c = (a > b) - (a < b);
    return c;
}

/* The first line (in file order) that repeats what an earlier account already has, or 0. `sorted` is ordered by
 * compare_account_keys (by_rid 0: compares domain and name) or compare_explicit_rids (by_rid 1: domain and rid). */
static unsigned first_duplicate_line(account_entry **sorted, size_t n, int by_rid)
{
    unsigned first = 0;

    for (size_t i = 1; i < n; i++) {
        const account_entry *prev = sorted[i - 1];
        const account_entry *cur = sorted[i];
        unsigned line;

        if (lsa_name_compare(prev->pub.domain, cur->pub.domain) != 0)
            continue;
        if (by_rid ? prev->pub.rid != cur->pub.rid : lsa_name_compare(prev->pub.name, cur->pub.name) != 0)
            continue;
        line = by_rid ? cur->rid_line : cur->pub.line;
        if (first == 0 || line < first)
            first = line;
    }
    return first;
}

static int compare_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa;
    uint32_t b = *(const uint32_t *)pb;

    return (a > b) - (a < b);
}

/* The account at position i without `rid =` gets 1000 + i + 1, moved up past any rid written explicitly anywhere in
 * the file and past the default before it, so defaults never collide with anything. */
static lsa_accounts_status assign_default_rids(lsa_accounts_db *db)
{
    uint32_t *explicit_rids = acc_malloc((db->count != 0 ? db->count : 1) * sizeof(*explicit_rids));
    size_t n = 0;
    size_t j = 0;
    uint64_t previous = 0;

    if (explicit_rids == NULL)
        return LSA_ACCOUNTS_NOMEM;
    for (size_t i = 0; i < db->count; i++) {
        if (db->entries[i].rid_line != 0)
            explicit_rids[n++] = db->entries[i].pub.rid;
    }
    qsort(explicit_rids, n, sizeof(*explicit_rids), compare_u32);
    for (size_t i = 0; i < db->count; i++) {
        uint64_t candidate = DEFAULT_RID_BASE + 1u + i;

        if (db->entries[i].rid_line != 0)
            continue;
        if (candidate <= previous)
            candidate = previous + 1;
        for (;;) {
            while (j < n && explicit_rids[j] < candidate)
                j++;
            if (j == n || explicit_rids[j] != candidate)
                break;
            candidate++;
        }
        db->entries[i].pub.rid = (uint32_t)candidate;
        previous = candidate;
    }
    acc_free(explicit_rids);
    return LSA_ACCOUNTS_OK;
}

/* Cross-account checks, then default rids. Of two faults the one on the earlier line is reported. */
static lsa_accounts_status check_accounts(lsa_accounts_db *db, unsigned *line)
{
    account_entry **sorted = acc_malloc((db->count != 0 ? db->count : 1) * sizeof(*sorted));
    size_t with_rid = 0;
    unsigned dup_account;
    unsigned dup_rid;

    if (sorted == NULL)
        return LSA_ACCOUNTS_NOMEM;
    for (size_t i = 0; i < db->count; i++)
        sorted[i] = &db->entries[i];
    qsort(sorted, db->count, sizeof(*sorted), compare_account_keys);
    dup_account = first_duplicate_line(sorted, db->count, 0);
    for (size_t i = 0; i < db->count; i++) {
        if (db->entries[i].rid_line != 0)
            sorted[with_rid++] = &db->entries[i];
    }
    qsort(sorted, with_rid, sizeof(*sorted), compare_explicit_rids);
    dup_rid = first_duplicate_line(sorted, with_rid, 1);
    acc_free(sorted);
    if (dup_account != 0 && (dup_rid == 0 || dup_account < dup_rid)) {
        *line = dup_account;
        return LSA_ACCOUNTS_DUPLICATE_ACCOUNT;
    }
    if (dup_rid != 0) {
        *line = dup_rid;
        return LSA_ACCOUNTS_DUPLICATE_RID;
    }
    return assign_default_rids(db);
}

lsa_accounts_status lsa_accounts_parse(const char *text, size_t len, lsa_accounts_db **out, lsa_accounts_error *err)
{
    lsa_accounts_db *db = NULL;
    lsa_accounts_status st;
    unsigned line = 0;

    *out = NULL;
    if (len > LSA_ACCOUNTS_MAX_FILE) {
        st = LSA_ACCOUNTS_TOO_LARGE;
        goto done;
    }
    if (text == NULL && len != 0) {
        st = LSA_ACCOUNTS_SYNTAX;
        goto done;
    }
    db = acc_malloc(sizeof(*db));
    if (db == NULL) {
        st = LSA_ACCOUNTS_NOMEM;
        goto done;
    }
    memset(db, 0, sizeof(*db));
    db->policy = lsa_accounts_default_policy;
    st = parse_lines(db, text, len, &line);
    if (st == LSA_ACCOUNTS_OK)
        st = check_accounts(db, &line);
    if (st == LSA_ACCOUNTS_OK) {
        *out = db;
        db = NULL;
    }
done:
    lsa_accounts_free(db);
    if (err != NULL) {
        err->status = st;
        err->line = st == LSA_ACCOUNTS_OK ? 0 : line;
    }
    return st;
}

size_t lsa_accounts_count(const lsa_accounts_db *db)
{
    return db != NULL ? db->count : 0;
}

const lsa_account *lsa_accounts_at(const lsa_accounts_db *db, size_t index)
{
    if (db == NULL || index >= db->count)
        return NULL;
    return &db->entries[index].pub;
}

const lsa_account *lsa_accounts_find(const lsa_accounts_db *db, const char *domain, const char *name)
{
    int local = domain == NULL || domain[0] == '\0' || strcmp(domain, ".") == 0;

    if (db == NULL || name == NULL)
        return NULL;
    for (size_t i = 0; i < db->count; i++) {
        const lsa_account *a = &db->entries[i].pub;

        if (local ? a->domain != NULL : a->domain == NULL || !lsa_name_equal(a->domain, domain))
            continue;
        if (lsa_name_equal(a->name, name))
            return a;
    }
    return NULL;
}

const lsa_accounts_policy *lsa_accounts_get_policy(const lsa_accounts_db *db)
{
    return db != NULL ? &db->policy : &lsa_accounts_default_policy;
}

const char *lsa_accounts_status_name(lsa_accounts_status status)
{
    switch (status) {
    case LSA_ACCOUNTS_OK: return "ok";
    case LSA_ACCOUNTS_NOMEM: return "out of memory";
    case LSA_ACCOUNTS_TOO_LARGE: return "file too large";
    case LSA_ACCOUNTS_BAD_UTF8: return "invalid UTF-8 or NUL";
    case LSA_ACCOUNTS_SYNTAX: return "syntax error";
    case LSA_ACCOUNTS_BAD_SECTION: return "invalid account name in section header";
    case LSA_ACCOUNTS_KEY_OUTSIDE_SECTION: return "key before the first section";
    case LSA_ACCOUNTS_UNKNOWN_KEY: return "unknown key";
    case LSA_ACCOUNTS_DUPLICATE_KEY: return "key repeated in one section";
    case LSA_ACCOUNTS_DUPLICATE_ACCOUNT: return "account defined twice";
    case LSA_ACCOUNTS_BAD_HASH: return "nt_hash is not 32 hex digits";
    case LSA_ACCOUNTS_BAD_NUMBER: return "rid is not a number in 1..4294967295";
    case LSA_ACCOUNTS_DUPLICATE_RID: return "rid used twice in one domain";
    case LSA_ACCOUNTS_VALUE_TOO_LONG: return "value too long";
    case LSA_ACCOUNTS_NO_SECRET: return "account has neither password nor nt_hash";
    case LSA_ACCOUNTS_BOTH_SECRETS: return "account has both password and nt_hash";
    case LSA_ACCOUNTS_BAD_DOMAIN: return "invalid domain name";
    case LSA_ACCOUNTS_BAD_BOOL: return "flag is not yes, no, true, false, 1 or 0";
    case LSA_ACCOUNTS_BAD_TIME: return "time is not never nor YYYY-MM-DDTHH:MM:SSZ (UTC, years 1601..9999)";
    case LSA_ACCOUNTS_BAD_HOURS: return "logon_hours is not all nor 42 hex digits";
    case LSA_ACCOUNTS_BAD_LIST: return "empty item in a comma-separated list";
    case LSA_ACCOUNTS_BAD_DRIVE: return "home_directory_drive is not a letter and a colon";
    case LSA_ACCOUNTS_BAD_COUNT: return "count or policy value is not a decimal number in its range";
    case LSA_ACCOUNTS_DUPLICATE_POLICY: return "[:policy] section repeated";
    case LSA_ACCOUNTS_NOT_FOUND: return "no such account";
    }
    return "unknown accounts status";
}
