/* The accounts database: an INI-style text file, one section per account.
 *
 *   # comment (also ';')
 *   [alice]
 *   password = Secret123          ; clear text written by hand, or
 *   nt_hash  = 32 hex digits      ; MD4 of the UTF-16LE password
 *   domain   = .                  ; optional: empty, "." or absent = local account of this machine
 *   rid      = 1001               ; optional relative id (default 1000 + position)
 *   full_name = Alice Example     ; optional
 *
 * Further optional account keys (defaults in brackets), everything a local SAM account has that a logon depends on:
 *   groups = Users, S-1-5-32-544  comma-separated names or SIDs, kept as text (the package resolves them) [none]
 *   primary_group = None          a name or SID [""]: the package's default, None (rid 513)
 *   home_directory, home_directory_drive ("H:"), profile_path, logon_script  text [""]
 *   disabled, locked_out, password_never_expires, password_not_required, must_change_password
 *                                 yes|no|true|false|1|0, case-insensitive [no]
 *   account_expires, password_last_set, last_logon, last_bad_password, lockout_time
 *                                 2026-11-21T14:30:00Z (UTC, years 1601..9999) or never [never]; a password_last_set
 *                                 of never means unknown: the package uses the file's last-write time;
 *                                 last_bad_password and lockout_time are written by the LSA (lockout policy)
 *   logon_hours = all             168 bits, one per hour of the week in UTC, as 42 hex digits [all]: byte i (hex
 *                                 digits 2i and 2i+1, high nibble first) holds hours 8i..8i+7, hour h in bit h % 8
 *                                 (value 1 << (h % 8)); hour 0 is Sunday 00:00-01:00 UTC. As Windows' SAM LogonHours.
 *   workstations = PC1, PC2       comma-separated computer names the account may log on from [any]
 *   bad_password_count, logon_count  0..4294967295 [0]
 *
 * One optional section `[:policy]` (a colon can never be in an account name, so no account can clash with it) holds
 * the machine's account policy, Windows' defaults in brackets:
 *   max_password_age_days 0..999 [42] (0 = never), min_password_age_days 0..998 [0], min_password_length 0..128 [0],
 *   lockout_threshold 0..999 [0] (0 = never lock out), lockout_duration_minutes 0..99999 [30] (0 = until unlocked),
 *   lockout_observation_minutes 1..99999 [30].
 *
 * Lists: items are trimmed and joined with "," in the struct; an empty item ("a,,b", a trailing comma) is refused.
 *
 * Portable (no windows.h), strict: every malformed line is an error with its line number, never skipped silently.
 * Unknown keys are refused so typos are caught.
 *
 * Details: keys are case-insensitive; blanks around keys and values are dropped. A ';' or '#' that begins a value or
 * follows a blank starts a comment, so a value that needs one there (or leading/trailing blanks) is written in double
 * quotes, where \" and \\ stand for " and \. Control characters other than tab are refused anywhere. Section and
 * domain names may not contain  " / \ [ ] : ; | = , + * ? < >  nor consist only of dots and spaces. An explicit rid
 * must be unique within its domain; an account at position i (0-based) without one gets 1000 + i + 1, moved up past
 * every explicit rid in the file and past the default before it. Faults in single lines are reported first, in line
 * order; then duplicate accounts and rids, the earlier line first. */
#ifndef LSAEMU_ACCOUNTS_ACCOUNTS_H
#define LSAEMU_ACCOUNTS_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#define LSA_ACCOUNTS_MAX_FILE (4u * 1024u * 1024u) /* larger files are refused */
#define LSA_ACCOUNTS_MAX_NAME 256u                 /* bytes of UTF-8 in a user or domain name */
#define LSA_ACCOUNTS_MAX_VALUE 1024u               /* bytes of UTF-8 in any value */

/* Times are seconds since 1970-01-01 00:00:00 UTC; this value means never. */
#define LSA_ACCOUNTS_NEVER INT64_MAX
#define LSA_ACCOUNTS_HOURS_BYTES 21u /* 168 bits */

/* Account flags (lsa_account.flags). */
#define LSA_ACCOUNT_DISABLED 0x01u
#define LSA_ACCOUNT_LOCKED_OUT 0x02u
#define LSA_ACCOUNT_PASSWORD_NEVER_EXPIRES 0x04u
#define LSA_ACCOUNT_PASSWORD_NOT_REQUIRED 0x08u
#define LSA_ACCOUNT_MUST_CHANGE_PASSWORD 0x10u

typedef struct lsa_account {
    char *name;        /* UTF-8, from the section header, never empty */
    char *domain;      /* UTF-8, NULL when the account is local ("", "." or absent) */
    char *full_name;   /* UTF-8, "" when absent */
    char *password;    /* UTF-8 clear text when the file has `password =`, else NULL; wiped on free */
    int has_nt_hash;   /* nt_hash valid (from `nt_hash =`); when 0 the caller derives it from password */
    uint8_t nt_hash[16];
    uint32_t rid;      /* relative id of the account SID */
    unsigned line;     /* line of the section header, for diagnostics; 0 for accounts added by lsa_accounts_add */
    /* The fields below: every string is UTF-8 and never NULL ("" when absent). */
    char *groups;               /* "Users,S-1-5-32-544": trimmed items joined by "," */
    char *primary_group;
    char *home_directory;
    char *home_directory_drive; /* "" or a letter and a colon */
    char *profile_path;
    char *logon_script;
    char *workstations;         /* as groups; "" = any workstation */
    uint32_t flags;             /* LSA_ACCOUNT_* */
    int64_t account_expires;    /* LSA_ACCOUNTS_NEVER or a time */
    int64_t password_last_set;
    int64_t last_logon;
    int64_t last_bad_password;  /* time of the latest wrong password (restarts the observation window) */
    int64_t lockout_time;       /* when locked_out was set by the threshold; never = unknown (set by hand) */
    uint8_t logon_hours[LSA_ACCOUNTS_HOURS_BYTES];
    uint32_t bad_password_count;
    uint32_t logon_count;
} lsa_account;

typedef struct lsa_accounts_policy {
    uint32_t max_password_age_days;
    uint32_t min_password_age_days;
    uint32_t min_password_length;
    uint32_t lockout_threshold;
    uint32_t lockout_duration_minutes;
    uint32_t lockout_observation_minutes;
} lsa_accounts_policy;

typedef struct lsa_accounts_db lsa_accounts_db;

typedef enum lsa_accounts_status {
    LSA_ACCOUNTS_OK = 0,
    LSA_ACCOUNTS_NOMEM,
    LSA_ACCOUNTS_TOO_LARGE,         /* file larger than LSA_ACCOUNTS_MAX_FILE */
    LSA_ACCOUNTS_BAD_UTF8,          /* a line is not valid UTF-8, or contains NUL */
    LSA_ACCOUNTS_SYNTAX,            /* a line is neither comment, section nor key = value */
    LSA_ACCOUNTS_BAD_SECTION,       /* empty or over-long section name, or characters not allowed in a user name */
    LSA_ACCOUNTS_KEY_OUTSIDE_SECTION,
    LSA_ACCOUNTS_UNKNOWN_KEY,
    LSA_ACCOUNTS_DUPLICATE_KEY,     /* same key twice in one section */
    LSA_ACCOUNTS_DUPLICATE_ACCOUNT, /* same (domain, name) twice, compared case-insensitively */
    LSA_ACCOUNTS_BAD_HASH,          /* nt_hash not exactly 32 hex digits */
    LSA_ACCOUNTS_BAD_NUMBER,        /* rid not a decimal number in 1..0xFFFFFFFF */
    LSA_ACCOUNTS_DUPLICATE_RID,
    LSA_ACCOUNTS_VALUE_TOO_LONG,
    LSA_ACCOUNTS_NO_SECRET,         /* neither password nor nt_hash */
    LSA_ACCOUNTS_BOTH_SECRETS,      /* both password and nt_hash */
    LSA_ACCOUNTS_BAD_DOMAIN,        /* over-long domain, or characters not allowed in a domain name */
    LSA_ACCOUNTS_BAD_BOOL,          /* a flag not yes|no|true|false|1|0 */
    LSA_ACCOUNTS_BAD_TIME,          /* not never nor YYYY-MM-DDTHH:MM:SSZ of a real UTC time in 1601..9999 */
    LSA_ACCOUNTS_BAD_HOURS,         /* logon_hours not all nor 42 hex digits */
    LSA_ACCOUNTS_BAD_LIST,          /* an empty item in a comma-separated list */
    LSA_ACCOUNTS_BAD_DRIVE,         /* home_directory_drive not empty nor a letter and a colon */
    LSA_ACCOUNTS_BAD_COUNT,         /* a count or policy value not a decimal number in its range */
    LSA_ACCOUNTS_DUPLICATE_POLICY,  /* a second [:policy] section */
    LSA_ACCOUNTS_NOT_FOUND,         /* editing: no such account */
    LSA_ACCOUNTS_LAST = LSA_ACCOUNTS_NOT_FOUND
} lsa_accounts_status;

typedef struct lsa_accounts_error {
    lsa_accounts_status status;
    unsigned line; /* 1-based line of the offending text, 0 when not tied to a line */
} lsa_accounts_error;

/* Parse `len` bytes (need not be NUL-terminated; a UTF-8 BOM and \r\n line ends are accepted; text may be NULL only
 * when len is 0). On success *out owns everything; on failure *out is NULL and err (if not NULL) says why and where. */
lsa_accounts_status lsa_accounts_parse(const char *text, size_t len, lsa_accounts_db **out, lsa_accounts_error *err);

size_t lsa_accounts_count(const lsa_accounts_db *db);
const lsa_account *lsa_accounts_at(const lsa_accounts_db *db, size_t index);

/* Find by name, case-insensitively (lsa_name_equal). domain NULL, "" or "." means the local accounts; any other
 * domain matches accounts whose domain equals it. The caller decides whether the computer name counts as local. */
const lsa_account *lsa_accounts_find(const lsa_accounts_db *db, const char *domain, const char *name);

/* The [:policy] values, Windows' defaults where the file has none. db may be NULL (defaults). */
const lsa_accounts_policy *lsa_accounts_get_policy(const lsa_accounts_db *db);

/* ---- editing (the accounts tool) ---- */

/* Adds a local (domain NULL, "" or ".") or domain account with every default and no secret (set one with
 * lsa_account_set_nt_hash before formatting), rid one above the largest in its domain and at least 1001. */
lsa_accounts_status lsa_accounts_add(lsa_accounts_db *db, const char *domain, const char *name, lsa_account **out);

/* Removes the account, wiping its secrets. LSA_ACCOUNTS_NOT_FOUND if there is none. */
lsa_accounts_status lsa_accounts_remove(lsa_accounts_db *db, const char *domain, const char *name);

/* lsa_accounts_find, for changing the account. */
lsa_account *lsa_accounts_find_mutable(lsa_accounts_db *db, const char *domain, const char *name);

/* Sets one key of an account (account from this db), or of [:policy] when account is NULL, from its literal value
 * (no quotes or comments: the text is the value), validated as in the file; on failure nothing changes. A rid or
 * domain that would duplicate another account is refused. Secrets are not set this way (LSA_ACCOUNTS_UNKNOWN_KEY):
 * use lsa_account_set_nt_hash. */
lsa_accounts_status lsa_accounts_set(lsa_accounts_db *db, lsa_account *account, const char *key, const char *value);

/* Stores the NT hash and wipes and drops any clear-text password. */
void lsa_account_set_nt_hash(lsa_account *account, const uint8_t hash[16]);

/* The canonical file for db: a header comment, [:policy] when it differs from the defaults, then every account in
 * order with its rid and every key that differs from its default (comments of a parsed file are not kept).
 * parse(format(db)) gives db back. *text is NUL-terminated (not counted in *len) and holds secrets: release it with
 * lsa_accounts_format_free, which wipes it. LSA_ACCOUNTS_NO_SECRET if an account has neither secret. */
lsa_accounts_status lsa_accounts_format(const lsa_accounts_db *db, char **text, size_t *len);
void lsa_accounts_format_free(char *text, size_t len);

/* Frees and wipes secrets. NULL is accepted. */
void lsa_accounts_free(lsa_accounts_db *db);

const char *lsa_accounts_status_name(lsa_accounts_status status);

#endif
