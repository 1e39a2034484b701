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
 * Portable (no windows.h), strict: every malformed line is an error with its line number, never skipped silently.
 * Later issues add keys; unknown keys are refused so typos are caught.
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

typedef struct lsa_account {
    char *name;        /* UTF-8, from the section header, never empty */
    char *domain;      /* UTF-8, NULL when the account is local ("", "." or absent) */
    char *full_name;   /* UTF-8, "" when absent */
    char *password;    /* UTF-8 clear text when the file has `password =`, else NULL; wiped on free */
    int has_nt_hash;   /* nt_hash valid (from `nt_hash =`); when 0 the caller derives it from password */
    uint8_t nt_hash[16];
    uint32_t rid;      /* relative id of the account SID */
    unsigned line;     /* line of the section header, for diagnostics */
} lsa_account;

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

/* Frees and wipes secrets. NULL is accepted. */
void lsa_accounts_free(lsa_accounts_db *db);

const char *lsa_accounts_status_name(lsa_accounts_status status);

#endif
