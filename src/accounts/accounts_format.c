/* Writing a database back as text: the canonical file the accounts tool saves. Only values that differ from their
 * defaults are written (and every rid, so that removing an account never renumbers the others); comments of the
 * original file are gone. The output holds secrets, so every buffer it passes through is wiped. */
#include "accounts_internal.h"

#include <string.h>

typedef struct out_buf {
    char *p;
    size_t len;
    size_t cap;
    lsa_accounts_status st; /* first failure; later writes do nothing */
} out_buf;

static void put_n(out_buf *b, const char *s, size_t n)
{
    if (b->st != LSA_ACCOUNTS_OK)
        return;
    if (n > LSA_ACCOUNTS_MAX_FILE - b->len) {
        b->st = LSA_ACCOUNTS_TOO_LARGE; /* it could not be read back */
        return;
    }
    if (b->cap - b->len <= n) {
        size_t cap = b->cap != 0 ? b->cap : 256;
        char *grown;

        while (cap - b->len <= n)
            cap *= 2;
        /* not realloc: the old block holds secrets and must be wiped before it is freed */
        grown = acc_malloc(cap);
        if (grown == NULL) {
            b->st = LSA_ACCOUNTS_NOMEM;
            return;
        }
        if (b->len != 0)
            memcpy(grown, b->p, b->len);
        if (b->p != NULL) {
            acc_wipe(b->p, b->cap);
            acc_free(b->p);
        }
        b->p = grown;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void put(out_buf *b, const char *s)
{
    put_n(b, s, strlen(s));
}

/* A value that the scanner would read back differently unquoted is written in quotes, with " and \ escaped. */
static int needs_quotes(const char *s)
{
    size_t n = strlen(s);

    return n != 0 && (acc_is_blank(s[0]) || s[0] == '"' || acc_is_blank(s[n - 1]) || strpbrk(s, ";#") != NULL);
}

static void put_value(out_buf *b, const char *s)
{
    if (!needs_quotes(s)) {
        put(b, s);
        return;
    }
    put(b, "\"");
    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\')
            put(b, "\\");
        put_n(b, s, 1);
    }
    put(b, "\"");
}

static void put_key(out_buf *b, const char *key, const char *value)
{
    put(b, key);
    put(b, " = ");
    put_value(b, value);
    put(b, "\n");
}

static void put_u32(out_buf *b, const char *key, uint32_t value)
{
    char digits[11];
    size_t i = sizeof(digits) - 1;

    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    put_key(b, key, digits + i);
}

static void put_hex(out_buf *b, const char *key, const uint8_t *bytes, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    char text[2 * LSA_ACCOUNTS_HOURS_BYTES + 1];

    for (size_t i = 0; i < n; i++) {
        text[2 * i] = hex[bytes[i] >> 4];
        text[2 * i + 1] = hex[bytes[i] & 15];
    }
    text[2 * n] = '\0';
    put_key(b, key, text);
    acc_wipe(text, sizeof(text)); /* may be a hash */
}

static void put_policy(out_buf *b, const lsa_accounts_policy *p)
{
    const uint32_t values[POLICY_KEY_COUNT] = { p->max_password_age_days, p->min_password_age_days,
                                                p->min_password_length, p->lockout_threshold,
                                                p->lockout_duration_minutes, p->lockout_observation_minutes };

    if (memcmp(p, &lsa_accounts_default_policy, sizeof(*p)) == 0)
        return;
    put(b, "[" POLICY_SECTION "]\n");
    for (int k = 0; k < POLICY_KEY_COUNT; k++)
        put_u32(b, lsa_policy_key_names[k], values[k]);
    put(b, "\n");
}

static void put_account(out_buf *b, const lsa_account *a)
{
    static const uint8_t all_hours[LSA_ACCOUNTS_HOURS_BYTES] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                                 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                                 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
    const int64_t times[5] = { a->account_expires, a->password_last_set, a->last_logon, a->last_bad_password,
                               a->lockout_time };
    static const int time_keys[5] = { KEY_ACCOUNT_EXPIRES, KEY_PASSWORD_LAST_SET, KEY_LAST_LOGON,
                                      KEY_LAST_BAD_PASSWORD, KEY_LOCKOUT_TIME };
    static const int flag_keys[5] = { KEY_DISABLED, KEY_LOCKED_OUT, KEY_PASSWORD_NEVER_EXPIRES,
                                      KEY_PASSWORD_NOT_REQUIRED, KEY_MUST_CHANGE_PASSWORD };

    put(b, "[");
    put(b, a->name);
    put(b, "]\n");
    if (a->has_nt_hash)
        put_hex(b, lsa_account_key_names[KEY_NT_HASH], a->nt_hash, 16);
    else
        put_key(b, lsa_account_key_names[KEY_PASSWORD], a->password);
    if (a->domain != NULL)
        put_key(b, lsa_account_key_names[KEY_DOMAIN], a->domain);
    put_u32(b, lsa_account_key_names[KEY_RID], a->rid);
    for (int k = 0; k < KEY_COUNT; k++) {
        char **slot = acc_string_slot((lsa_account *)(void *)a, k);

        if (slot != NULL && k != KEY_PASSWORD && k != KEY_DOMAIN && (*slot)[0] != '\0')
            put_key(b, lsa_account_key_names[k], *slot);
    }
    for (int f = 0; f < 5; f++) {
        if (a->flags & (1u << f)) /* LSA_ACCOUNT_* bits follow flag_keys' order */
            put_key(b, lsa_account_key_names[flag_keys[f]], "yes");
    }
    for (int t = 0; t < 5; t++) {
        char text[21];

        if (times[t] == LSA_ACCOUNTS_NEVER)
            continue;
        acc_format_time(times[t], text);
        put_key(b, lsa_account_key_names[time_keys[t]], text);
    }
    if (memcmp(a->logon_hours, all_hours, sizeof(all_hours)) != 0)
        put_hex(b, lsa_account_key_names[KEY_LOGON_HOURS], a->logon_hours, LSA_ACCOUNTS_HOURS_BYTES);
    if (a->bad_password_count != 0)
        put_u32(b, lsa_account_key_names[KEY_BAD_PASSWORD_COUNT], a->bad_password_count);
    if (a->logon_count != 0)
        put_u32(b, lsa_account_key_names[KEY_LOGON_COUNT], a->logon_count);
    put(b, "\n");
}

_Static_assert(LSA_ACCOUNT_DISABLED == 1u << 0 && LSA_ACCOUNT_LOCKED_OUT == 1u << 1 &&
                   LSA_ACCOUNT_PASSWORD_NEVER_EXPIRES == 1u << 2 && LSA_ACCOUNT_PASSWORD_NOT_REQUIRED == 1u << 3 &&
                   LSA_ACCOUNT_MUST_CHANGE_PASSWORD == 1u << 4,
               "put_account writes flags by bit position");

lsa_accounts_status lsa_accounts_format(const lsa_accounts_db *db, char **text, size_t *len)
{
    out_buf b = { NULL, 0, 0, LSA_ACCOUNTS_OK };

    *text = NULL;
    *len = 0;
    for (size_t i = 0; i < lsa_accounts_count(db); i++) {
        const lsa_account *a = lsa_accounts_at(db, i);

        if (a->password == NULL && !a->has_nt_hash)
            return LSA_ACCOUNTS_NO_SECRET;
    }
    put(&b, "# lsaemu accounts database, written by lsaemu_accounts (comments are not kept; see README.md)\n\n");
    put_policy(&b, lsa_accounts_get_policy(db));
    for (size_t i = 0; i < lsa_accounts_count(db); i++)
        put_account(&b, lsa_accounts_at(db, i));
    if (b.st != LSA_ACCOUNTS_OK) {
        lsa_accounts_format_free(b.p, b.cap);
        return b.st;
    }
    *text = b.p;
    *len = b.len;
    return LSA_ACCOUNTS_OK;
}

/* len: what lsa_accounts_format returned; the block may be larger, so wipe up to the terminator and then len. */
void lsa_accounts_format_free(char *text, size_t len)
{
    if (text == NULL)
        return;
    acc_wipe(text, len > strlen(text) ? len : strlen(text));
    acc_free(text);
}
