/* The accounts file parser; see accounts.h for the format.
 *
 * One pass over the lines builds the accounts and reports the first malformed line; a second pass over the whole set
 * finds duplicate accounts and rids (by sorting, so a large file stays fast) and hands out default rids. Values are
 * copied straight from the caller's text into their final allocation, so a password never sits in a temporary. */
#include "accounts.h"

#include <stdlib.h>
#include <string.h>

#include "lsa_utf.h"

/* Test builds route allocations through hooks that fail them in turn and look for secrets left in freed blocks
 * (tests/unit/test_accounts.c). */
#ifdef LSAEMU_ACCOUNTS_ALLOC_HOOK
void *lsaemu_test_malloc(size_t size);
void lsaemu_test_free(void *ptr);
#define acc_malloc lsaemu_test_malloc
#define acc_free lsaemu_test_free
#else
#define acc_malloc malloc
#define acc_free free
#endif

#define DEFAULT_RID_BASE 1000u

/* Default rids count up from 1001 + position, skipping at most one value per account, so the file size limit keeps
 * them far below 2^32. */
_Static_assert(DEFAULT_RID_BASE + 1u + 2ull * LSA_ACCOUNTS_MAX_FILE < 0xFFFFFFFFull, "default rids cannot overflow");

enum account_key { KEY_PASSWORD, KEY_NT_HASH, KEY_DOMAIN, KEY_RID, KEY_FULL_NAME, KEY_COUNT };

static const char *const key_names[KEY_COUNT] = {
    [KEY_PASSWORD] = "password",
    [KEY_NT_HASH] = "nt_hash",
    [KEY_DOMAIN] = "domain",
    [KEY_RID] = "rid",
    [KEY_FULL_NAME] = "full_name",
};

/* An account plus what only the parser needs; lsa_accounts_at hands out &entry->pub. */
typedef struct account_entry {
    lsa_account pub;
    unsigned keys_seen; /* bit per enum account_key */
    unsigned rid_line;  /* line of `rid =`, 0 when the rid is a default */
} account_entry;

struct lsa_accounts_db {
    account_entry *entries;
    size_t count;
    size_t capacity;
};

/* A span of the input text. */
typedef struct text_span {
    const char *p;
    size_t len;
} text_span;

static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;

    while (n--)
        *v++ = 0;
}

static void free_secret_string(char *s)
{
    if (s != NULL) {
        wipe(s, strlen(s));
        acc_free(s);
    }
}

static void free_entry(account_entry *e)
{
    acc_free(e->pub.name);
    acc_free(e->pub.domain);
    acc_free(e->pub.full_name);
    free_secret_string(e->pub.password);
    wipe(e, sizeof(*e));
}

void lsa_accounts_free(lsa_accounts_db *db)
{
    if (db == NULL)
        return;
    for (size_t i = 0; i < db->count; i++)
        free_entry(&db->entries[i]);
    acc_free(db->entries);
    acc_free(db);
}

static char *copy_span(text_span s)
{
    char *copy = acc_malloc(s.len + 1);

    if (copy != NULL) {
        memcpy(copy, s.p, s.len);
        copy[s.len] = '\0';
    }
    return copy;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static text_span trim(text_span s)
{
    while (s.len > 0 && is_blank(s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len > 0 && is_blank(s.p[s.len - 1]))
        s.len--;
    return s;
}

static int starts_comment(char c)
{
    return c == '#' || c == ';';
}

/* Only blanks, optionally followed by a comment. */
static int rest_is_empty(text_span s)
{
    s = trim(s);
    return s.len == 0 || starts_comment(s.p[0]);
}

/* Characters Windows refuses in account names, plus controls. Domain names get the same rule: a backslash or colon
 * in one could only come from a mistake. */
static int name_is_valid(text_span s)
{
    int only_dots_and_spaces = 1;

    if (s.len == 0 || s.len > LSA_ACCOUNTS_MAX_NAME)
        return 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];

        if (c < 0x20 || c == 0x7F || strchr("\"/\\[]:;|=,+*?<>", c) != NULL)
            return 0;
        if (c != '.' && c != ' ')
            only_dots_and_spaces = 0;
    }
    return !only_dots_and_spaces;
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Key names compare case-insensitively, as in Windows' own INI files. */
static int find_key(text_span key)
{
    for (int k = 0; k < KEY_COUNT; k++) {
        size_t i = 0;

        if (strlen(key_names[k]) != key.len)
            continue;
        while (i < key.len && ascii_lower((unsigned char)key.p[i]) == key_names[k][i])
            i++;
        if (i == key.len)
            return k;
    }
    return -1;
}

/* The text of a value after its '='. Unquoted: up to a ';' or '#' that begins the value or follows a blank, trailing
 * blanks dropped. Quoted ("..."): kept as written except that \" and \\ stand for " and \; only blanks or a comment
 * may follow the closing quote. */
typedef struct value_text {
    text_span raw; /* unquoted: the value itself; quoted: what lies between the quotes, escapes undone on copy */
    int quoted;
    size_t len;    /* length once escapes are undone */
} value_text;

static lsa_accounts_status scan_value(text_span after_eq, value_text *v)
{
    text_span s = trim(after_eq);

    memset(v, 0, sizeof(*v));
    if (s.len > 0 && s.p[0] == '"') {
        size_t i = 1;

        v->quoted = 1;
        for (;;) {
            if (i == s.len)
                return LSA_ACCOUNTS_SYNTAX; /* no closing quote */
            if (s.p[i] == '"')
                break;
            if (s.p[i] == '\\') {
                if (s.len - i < 2 || (s.p[i + 1] != '"' && s.p[i + 1] != '\\'))
                    return LSA_ACCOUNTS_SYNTAX;
                i++;
            }
            i++;
            v->len++;
        }
        v->raw.p = s.p + 1;
        v->raw.len = i - 1;
        if (!rest_is_empty((text_span){ s.p + i + 1, s.len - i - 1 }))
            return LSA_ACCOUNTS_SYNTAX;
    } else {
        size_t end = 0;

        while (end < s.len && !(starts_comment(s.p[end]) && (end == 0 || is_blank(s.p[end - 1]))))
            end++;
        v->raw = trim((text_span){ s.p, end });
        v->len = v->raw.len;
    }
    if (v->len > LSA_ACCOUNTS_MAX_VALUE)
        return LSA_ACCOUNTS_VALUE_TOO_LONG;
    return LSA_ACCOUNTS_OK;
}

/* The value as a NUL-terminated allocation, escapes undone. */
static char *copy_value(const value_text *v)
{
    char *copy;
    size_t out = 0;

    if (!v->quoted)
        return copy_span(v->raw);
    copy = acc_malloc(v->len + 1);
    if (copy == NULL)
        return NULL;
    for (size_t i = 0; i < v->raw.len; i++) {
        if (v->raw.p[i] == '\\')
            i++; /* scan_value checked that an escaped character follows */
        copy[out++] = v->raw.p[i];
    }
    copy[out] = '\0';
    return copy;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)ascii_lower((unsigned char)c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Hex digits never need escapes, so the quoted and unquoted forms both read from raw. */
static lsa_accounts_status parse_nt_hash(const value_text *v, uint8_t hash[16])
{
    if (v->quoted && v->len != v->raw.len)
        return LSA_ACCOUNTS_BAD_HASH;
    if (v->raw.len != 32)
        return LSA_ACCOUNTS_BAD_HASH;
    for (size_t i = 0; i < 16; i++) {
        int hi = hex_digit(v->raw.p[2 * i]);
        int lo = hex_digit(v->raw.p[2 * i + 1]);

        if (hi < 0 || lo < 0)
            return LSA_ACCOUNTS_BAD_HASH;
        hash[i] = (uint8_t)(hi << 4 | lo);
    }
    return LSA_ACCOUNTS_OK;
}

static lsa_accounts_status parse_rid(const value_text *v, uint32_t *rid)
{
    uint64_t value = 0;

    if (v->raw.len == 0 || (v->quoted && v->len != v->raw.len))
        return LSA_ACCOUNTS_BAD_NUMBER;
    for (size_t i = 0; i < v->raw.len; i++) {
        char c = v->raw.p[i];

        if (c < '0' || c > '9')
            return LSA_ACCOUNTS_BAD_NUMBER;
        value = value * 10 + (uint64_t)(c - '0');
        if (value > 0xFFFFFFFFu)
            return LSA_ACCOUNTS_BAD_NUMBER;
    }
    if (value == 0)
        return LSA_ACCOUNTS_BAD_NUMBER;
    *rid = (uint32_t)value;
    return LSA_ACCOUNTS_OK;
}

/* `domain =` value: "" or "." is the local machine (NULL); anything else must be a valid name. */
static lsa_accounts_status set_domain(account_entry *e, const value_text *v)
{
    char *domain = copy_value(v);
    size_t len;

    if (domain == NULL)
        return LSA_ACCOUNTS_NOMEM;
    len = strlen(domain);
    if (len == 0 || strcmp(domain, ".") == 0) {
        acc_free(domain);
        return LSA_ACCOUNTS_OK;
    }
    if (!name_is_valid((text_span){ domain, len })) {
        acc_free(domain);
        return LSA_ACCOUNTS_BAD_DOMAIN;
    }
    e->pub.domain = domain;
    return LSA_ACCOUNTS_OK;
}

static lsa_accounts_status apply_key(account_entry *e, int key, const value_text *v, unsigned line)
{
    lsa_accounts_status st;

    switch (key) {
    case KEY_PASSWORD:
        if (e->keys_seen & (1u << KEY_NT_HASH))
            return LSA_ACCOUNTS_BOTH_SECRETS;
        e->pub.password = copy_value(v);
        return e->pub.password != NULL ? LSA_ACCOUNTS_OK : LSA_ACCOUNTS_NOMEM;
    case KEY_NT_HASH:
        if (e->keys_seen & (1u << KEY_PASSWORD))
            return LSA_ACCOUNTS_BOTH_SECRETS;
        st = parse_nt_hash(v, e->pub.nt_hash);
        e->pub.has_nt_hash = st == LSA_ACCOUNTS_OK;
        return st;
    case KEY_DOMAIN:
        return set_domain(e, v);
    case KEY_RID:
        st = parse_rid(v, &e->pub.rid);
        if (st == LSA_ACCOUNTS_OK)
            e->rid_line = line;
        return st;
    default: /* KEY_FULL_NAME */
        e->pub.full_name = copy_value(v);
        return e->pub.full_name != NULL ? LSA_ACCOUNTS_OK : LSA_ACCOUNTS_NOMEM;
    }
}

/* Checks that need the whole section; *line is set when the fault lies elsewhere than the current line. */
static lsa_accounts_status finish_section(account_entry *e, unsigned *line)
{
    if (e->pub.password == NULL && !e->pub.has_nt_hash) {
        *line = e->pub.line;
        return LSA_ACCOUNTS_NO_SECRET;
    }
    if (e->pub.full_name == NULL) {
        e->pub.full_name = acc_malloc(1);
        if (e->pub.full_name == NULL)
            return LSA_ACCOUNTS_NOMEM;
        e->pub.full_name[0] = '\0';
    }
    return LSA_ACCOUNTS_OK;
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
            wipe(db->entries, db->count * sizeof(*grown));
        }
        acc_free(db->entries);
        db->entries = grown;
        db->capacity = capacity;
    }
    e = &db->entries[db->count];
    memset(e, 0, sizeof(*e));
    e->pub.line = line;
    e->pub.name = copy_span(name);
    if (e->pub.name == NULL)
        return LSA_ACCOUNTS_NOMEM;
    db->count++;
    return LSA_ACCOUNTS_OK;
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
    name = trim((text_span){ s.p + 1, (size_t)(close - s.p - 1) });
    if (!name_is_valid(name))
        return LSA_ACCOUNTS_BAD_SECTION;
    if (db->count > 0) {
        st = finish_section(&db->entries[db->count - 1], line);
        if (st != LSA_ACCOUNTS_OK)
            return st;
    }
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
    key = trim((text_span){ s.p, (size_t)(eq - s.p) });
    if (key.len == 0)
        return LSA_ACCOUNTS_SYNTAX;
    if (db->count == 0)
        return LSA_ACCOUNTS_KEY_OUTSIDE_SECTION;
    k = find_key(key);
    if (k < 0)
        return LSA_ACCOUNTS_UNKNOWN_KEY;
    e = &db->entries[db->count - 1];
    if (e->keys_seen & (1u << k))
        return LSA_ACCOUNTS_DUPLICATE_KEY;
    st = scan_value((text_span){ eq + 1, s.len - (size_t)(eq + 1 - s.p) }, &value);
    if (st == LSA_ACCOUNTS_OK)
        st = apply_key(e, k, &value, line);
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
    s = trim(s);
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
    if (db->count > 0) {
        st = finish_section(&db->entries[db->count - 1], line);
        if (st != LSA_ACCOUNTS_OK)
            return st;
    }
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
    }
    return "unknown accounts status";
}
