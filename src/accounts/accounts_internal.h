/* What the files of the accounts library share: the database layout, text spans and value scanning, the key table.
 * Not installed; the public API is accounts.h. */
#ifndef LSAEMU_ACCOUNTS_INTERNAL_H
#define LSAEMU_ACCOUNTS_INTERNAL_H

#include "accounts.h"

/* Test builds route allocations through hooks that fail them in turn and look for secrets left in freed blocks
 * (tests/unit/test_accounts.c). */
#ifdef LSAEMU_ACCOUNTS_ALLOC_HOOK
void *lsaemu_test_malloc(size_t size);
void lsaemu_test_free(void *ptr);
#define acc_malloc lsaemu_test_malloc
#define acc_free lsaemu_test_free
#else
#include <stdlib.h>
#define acc_malloc malloc
#define acc_free free
#endif

enum account_key {
    KEY_PASSWORD, KEY_NT_HASH, KEY_DOMAIN, KEY_RID, KEY_FULL_NAME,
    KEY_GROUPS, KEY_PRIMARY_GROUP, KEY_HOME_DIRECTORY, KEY_HOME_DIRECTORY_DRIVE, KEY_PROFILE_PATH, KEY_LOGON_SCRIPT,
    KEY_DISABLED, KEY_LOCKED_OUT, KEY_PASSWORD_NEVER_EXPIRES, KEY_PASSWORD_NOT_REQUIRED, KEY_MUST_CHANGE_PASSWORD,
    KEY_ACCOUNT_EXPIRES, KEY_PASSWORD_LAST_SET, KEY_LAST_LOGON, KEY_LAST_BAD_PASSWORD, KEY_LOCKOUT_TIME,
    KEY_LOGON_HOURS, KEY_WORKSTATIONS,
    KEY_BAD_PASSWORD_COUNT, KEY_LOGON_COUNT,
    KEY_COUNT
};

enum policy_key {
    POLICY_MAX_PASSWORD_AGE, POLICY_MIN_PASSWORD_AGE, POLICY_MIN_PASSWORD_LENGTH, POLICY_LOCKOUT_THRESHOLD,
    POLICY_LOCKOUT_DURATION, POLICY_LOCKOUT_OBSERVATION,
    POLICY_KEY_COUNT
};

_Static_assert(KEY_COUNT <= 32, "keys_seen is a 32-bit mask");

extern const char *const lsa_account_key_names[KEY_COUNT];
extern const char *const lsa_policy_key_names[POLICY_KEY_COUNT];
extern const lsa_accounts_policy lsa_accounts_default_policy;

#define POLICY_SECTION ":policy"

/* An account plus what only the parser needs; lsa_accounts_at hands out &entry->pub. */
typedef struct account_entry {
    lsa_account pub;
    unsigned keys_seen; /* bit per enum account_key */
    unsigned rid_line;  /* line of `rid =`, 0 when the rid is a default */
} account_entry;

enum open_section { SECTION_NONE, SECTION_ACCOUNT, SECTION_POLICY };

struct lsa_accounts_db {
    account_entry *entries;
    size_t count;
    size_t capacity;
    lsa_accounts_policy policy;
    unsigned policy_line;      /* line of [:policy], 0 when absent */
    unsigned policy_keys_seen; /* bit per enum policy_key */
    enum open_section open;    /* while parsing */
};

/* A span of the input text. */
typedef struct text_span {
    const char *p;
    size_t len;
} text_span;

/* The text of a value after its '='. Unquoted: up to a ';' or '#' that begins the value or follows a blank, trailing
 * blanks dropped. Quoted ("..."): kept as written except that \" and \\ stand for " and \; only blanks or a comment
 * may follow the closing quote. */
typedef struct value_text {
    text_span raw; /* unquoted: the value itself; quoted: what lies between the quotes, escapes undone on copy */
    int quoted;
    size_t len;    /* length once escapes are undone */
} value_text;

void acc_wipe(void *p, size_t n);
void acc_free_secret_string(char *s);
char *acc_copy_span(text_span s);
int acc_is_blank(char c);
text_span acc_trim(text_span s);
int acc_name_is_valid(text_span s);
int acc_ascii_lower(int c);
int acc_hex_digit(char c);
int acc_span_equal_nocase(text_span s, const char *lower);

/* Key lookup in a table of lower-case names; -1 when absent. */
int acc_find_key(text_span key, const char *const *names, int count);

/* Values (accounts_values.c). Each returns the key's own status on malformed text. */
lsa_accounts_status acc_scan_value(text_span after_eq, value_text *v);
char *acc_copy_value(const value_text *v);
lsa_accounts_status acc_parse_nt_hash(const value_text *v, uint8_t hash[16]);
lsa_accounts_status acc_parse_decimal(const value_text *v, uint32_t min, uint32_t max, lsa_accounts_status bad,
                                      uint32_t *out);
lsa_accounts_status acc_parse_bool(const value_text *v, int *out);
lsa_accounts_status acc_parse_time(const value_text *v, int64_t *out);
lsa_accounts_status acc_parse_hours(const value_text *v, uint8_t hours[LSA_ACCOUNTS_HOURS_BYTES]);
lsa_accounts_status acc_parse_list(const value_text *v, char **out);
lsa_accounts_status acc_parse_drive(const value_text *v, char **out);

/* Writes a time as 2026-11-21T14:30:00Z (21 bytes with the NUL) or "never". */
void acc_format_time(int64_t t, char out[21]);

/* Keys (accounts_keys.c). */
lsa_accounts_status acc_apply_account_key(account_entry *e, int key, const value_text *v, unsigned line);
lsa_accounts_status acc_apply_policy_key(lsa_accounts_policy *p, int key, const value_text *v);
/* Non-string defaults, set when the section header is read so that keys override them. */
void acc_init_account(account_entry *e);
/* Defaults for what the section did not set; *line is set when the fault lies on the section header. */
lsa_accounts_status acc_finish_account(account_entry *e, unsigned *line);
/* The string member a key fills, or NULL for keys that hold no allocation. */
char **acc_string_slot(lsa_account *a, int key);
void acc_free_entry(account_entry *e);

#endif
