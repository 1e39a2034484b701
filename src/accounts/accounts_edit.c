/* Changing a parsed database (the accounts tool): add, remove, set one key, store a hash. Every change either
 * completes or leaves the database as it was. */
#include "accounts_internal.h"

#include <string.h>

#include "lsa_utf.h"

static int is_local(const char *domain)
{
    return domain == NULL || domain[0] == '\0' || strcmp(domain, ".") == 0;
}

lsa_account *lsa_accounts_find_mutable(lsa_accounts_db *db, const char *domain, const char *name)
{
    const lsa_account *a = lsa_accounts_find(db, domain, name);

    /* the entries are the db's own, writable memory */
    return a != NULL ? &db->entries[(const account_entry *)(const void *)a - db->entries].pub : NULL;
}

static int same_domain(const char *a, const char *b)
{
    return lsa_name_compare(a, b) == 0;
}

/* Another account than `self` with this (domain, rid) or (domain, name). */
static int clashes(const lsa_accounts_db *db, const account_entry *self, const char *domain, const char *name,
                   uint32_t rid)
{
    for (size_t i = 0; i < db->count; i++) {
        const account_entry *e = &db->entries[i];

        if (e == self || !same_domain(e->pub.domain, domain))
            continue;
        if (e->pub.rid == rid || lsa_name_equal(e->pub.name, name))
            return 1;
    }
    return 0;
}

static lsa_accounts_status grow(lsa_accounts_db *db)
{
    size_t capacity = db->capacity != 0 ? db->capacity * 2 : 8;
    account_entry *grown;

    if (db->count < db->capacity)
        return LSA_ACCOUNTS_OK;
    grown = acc_malloc(capacity * sizeof(*grown));
    if (grown == NULL)
        return LSA_ACCOUNTS_NOMEM;
    if (db->count != 0) {
        memcpy(grown, db->entries, db->count * sizeof(*grown));
        acc_wipe(db->entries, db->count * sizeof(*grown)); /* holds hashes */
    }
    acc_free(db->entries);
    db->entries = grown;
    db->capacity = capacity;
    return LSA_ACCOUNTS_OK;
}

lsa_accounts_status lsa_accounts_add(lsa_accounts_db *db, const char *domain, const char *name, lsa_account **out)
{
    value_text v = { { domain != NULL ? domain : "", domain != NULL ? strlen(domain) : 0 }, 0, 0 };
    account_entry e;
    uint64_t rid = 1001;
    lsa_accounts_status st;

    *out = NULL;
    v.len = v.raw.len;
    /* A section header drops the blanks around a name, so a name with such blanks could not be read back. */
    if (name == NULL || !acc_name_is_valid((text_span){ name, strlen(name) }) ||
        acc_trim((text_span){ name, strlen(name) }).len != strlen(name) || !lsa_utf8_valid(name, strlen(name)))
        return LSA_ACCOUNTS_BAD_SECTION;
    if (!lsa_utf8_valid(v.raw.p, v.raw.len))
        return LSA_ACCOUNTS_BAD_DOMAIN;
    for (size_t i = 0; i < db->count; i++) {
        const lsa_account *a = &db->entries[i].pub;

        if (!same_domain(a->domain, is_local(domain) ? NULL : domain))
            continue;
        if (lsa_name_equal(a->name, name))
            return LSA_ACCOUNTS_DUPLICATE_ACCOUNT;
        if (a->rid >= rid)
            rid = (uint64_t)a->rid + 1;
    }
    if (rid > 0xFFFFFFFFu)
        return LSA_ACCOUNTS_BAD_NUMBER;
    memset(&e, 0, sizeof(e));
    acc_init_account(&e);
    e.pub.rid = (uint32_t)rid;
    e.rid_line = 1; /* an explicit rid from now on: written out, never re-derived */
    st = acc_apply_account_key(&e, KEY_DOMAIN, &v, 0);
    if (st == LSA_ACCOUNTS_OK) {
        e.pub.name = acc_copy_span((text_span){ name, strlen(name) });
        st = e.pub.name != NULL ? LSA_ACCOUNTS_OK : LSA_ACCOUNTS_NOMEM;
    }
    if (st == LSA_ACCOUNTS_OK) {
        /* the "no secret yet" check would refuse it; a placeholder keeps the fill-defaults step shared */
        unsigned ignored = 0;

        e.pub.has_nt_hash = 1;
        st = acc_finish_account(&e, &ignored);
        e.pub.has_nt_hash = 0;
    }
    if (st == LSA_ACCOUNTS_OK)
        st = grow(db);
    if (st != LSA_ACCOUNTS_OK) {
        acc_free_entry(&e);
        return st;
    }
    db->entries[db->count] = e;
    *out = &db->entries[db->count++].pub;
    return LSA_ACCOUNTS_OK;
}

lsa_accounts_status lsa_accounts_remove(lsa_accounts_db *db, const char *domain, const char *name)
{
    const lsa_account *a = lsa_accounts_find(db, domain, name);
    size_t i;

    if (a == NULL)
        return LSA_ACCOUNTS_NOT_FOUND;
    i = (size_t)((const account_entry *)(const void *)a - db->entries);
    acc_free_entry(&db->entries[i]);
    memmove(&db->entries[i], &db->entries[i + 1], (db->count - i - 1) * sizeof(*db->entries));
    db->count--;
    acc_wipe(&db->entries[db->count], sizeof(*db->entries)); /* the moved-out copy of the last entry */
    return LSA_ACCOUNTS_OK;
}

void lsa_account_set_nt_hash(lsa_account *account, const uint8_t hash[16])
{
    acc_free_secret_string(account->password);
    account->password = NULL;
    memcpy(account->nt_hash, hash, 16);
    account->has_nt_hash = 1;
}

/* A literal value (the tool's argument) as the scanner would have produced it from an unquoted line. */
static lsa_accounts_status literal_value(const char *value, value_text *v)
{
    size_t len = strlen(value);

    if (len > LSA_ACCOUNTS_MAX_VALUE)
        return LSA_ACCOUNTS_VALUE_TOO_LONG;
    if (!lsa_utf8_valid(value, len))
        return LSA_ACCOUNTS_BAD_UTF8;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)value[i];

        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return LSA_ACCOUNTS_SYNTAX;
    }
    /* blanks around it would be dropped by a re-read, so drop them now: what is set is what the file will say */
    v->raw = acc_trim((text_span){ value, len });
    v->quoted = 0;
    v->len = v->raw.len;
    return LSA_ACCOUNTS_OK;
}

static lsa_accounts_status set_policy(lsa_accounts_db *db, const char *key, const value_text *v)
{
    int k = acc_find_key((text_span){ key, strlen(key) }, lsa_policy_key_names, POLICY_KEY_COUNT);
    lsa_accounts_policy p = db->policy;
    lsa_accounts_status st;

    if (k < 0)
        return LSA_ACCOUNTS_UNKNOWN_KEY;
    st = acc_apply_policy_key(&p, k, v);
    if (st == LSA_ACCOUNTS_OK)
        db->policy = p;
    return st;
}

lsa_accounts_status lsa_accounts_set(lsa_accounts_db *db, lsa_account *account, const char *key, const char *value)
{
    account_entry *e;
    account_entry saved;
    value_text v;
    char **slot;
    lsa_accounts_status st;
    int k;

    if (db == NULL || key == NULL || value == NULL)
        return LSA_ACCOUNTS_SYNTAX;
    st = literal_value(value, &v);
    if (st != LSA_ACCOUNTS_OK)
        return st;
    if (account == NULL)
        return set_policy(db, key, &v);
    k = acc_find_key((text_span){ key, strlen(key) }, lsa_account_key_names, KEY_COUNT);
    if (k < 0 || k == KEY_PASSWORD || k == KEY_NT_HASH)
        return LSA_ACCOUNTS_UNKNOWN_KEY;
    e = (account_entry *)(void *)account;
    saved = *e;
    slot = acc_string_slot(&e->pub, k);
    if (slot != NULL)
        *slot = NULL;
    st = acc_apply_account_key(e, k, &v, 1);
    if (st == LSA_ACCOUNTS_OK && (k == KEY_DOMAIN || k == KEY_RID) &&
        clashes(db, e, e->pub.domain, e->pub.name, e->pub.rid))
        st = k == KEY_RID ? LSA_ACCOUNTS_DUPLICATE_RID : LSA_ACCOUNTS_DUPLICATE_ACCOUNT;
    if (st == LSA_ACCOUNTS_OK && slot != NULL && *slot == NULL && k != KEY_DOMAIN)
        st = LSA_ACCOUNTS_NOMEM; /* cannot happen: every other string key stores a string */
    if (st != LSA_ACCOUNTS_OK) {
        if (slot != NULL)
            acc_free(*slot);
        *e = saved;
    } else if (slot != NULL) {
        acc_free(*acc_string_slot(&saved.pub, k));
    }
    acc_wipe(&saved, sizeof(saved)); /* a copy of the hash */
    return st;
}
