/* The accounts file parser: valid files, a table of broken ones with their exact error and line, every truncation,
 * every allocation failing in turn, and no secret left in freed memory.
 *
 * Linked against the parser built with LSAEMU_ACCOUNTS_ALLOC_HOOK, so its allocations and frees come through the
 * hooks here. */
#define _GNU_SOURCE /* memmem, malloc_usable_size */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "accounts_lockout.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- allocation hooks ---- */

static long allocations_until_failure = -1; /* -1: never fail */
static size_t allocations_made;
static const void *secret_to_find;          /* freed blocks must not contain it */
static size_t secret_len;
static size_t secret_leaks;

static int take_allocation(void)
{
    if (allocations_until_failure == 0)
        return 0;
    if (allocations_until_failure > 0)
        allocations_until_failure--;
    allocations_made++;
    return 1;
}

void *lsaemu_test_malloc(size_t size)
{
    return take_allocation() ? malloc(size) : NULL;
}

/* glibc's (and ASan's) malloc_usable_size gives the block's size, so the whole block can be searched. */
void lsaemu_test_free(void *ptr)
{
    if (ptr != NULL && secret_to_find != NULL && memmem(ptr, malloc_usable_size(ptr), secret_to_find, secret_len))
        secret_leaks++;
    free(ptr);
}

/* Parse from an allocation of exactly len bytes, so ASan sees any read past the end. */
static lsa_accounts_status parse_exact(const char *text, size_t len, lsa_accounts_db **db, lsa_accounts_error *err)
{
    char *copy = malloc(len != 0 ? len : 1);
    lsa_accounts_status st;

    assert_non_null(copy);
    memcpy(copy, text, len);
    st = lsa_accounts_parse(len != 0 ? copy : NULL, len, db, err);
    free(copy);
    return st;
}

static lsa_accounts_db *parse_ok(const char *text)
{
    lsa_accounts_db *db = NULL;
    lsa_accounts_error err = { LSA_ACCOUNTS_NOMEM, 99 };
    lsa_accounts_status st = parse_exact(text, strlen(text), &db, &err);

    if (st != LSA_ACCOUNTS_OK)
        fail_msg("refused (%s at line %u):\n%s", lsa_accounts_status_name(st), err.line, text);
    assert_int_equal(err.status, LSA_ACCOUNTS_OK);
    assert_int_equal(err.line, 0);
    assert_non_null(db);
    return db;
}

static const char sample[] =
    "# accounts for the tests\n"
    "; a comment of the other kind\n"
    "\n"
    "[alice]\n"
    "password = Secret123          ; clear text\n"
    "full_name = Alice Example\n"
    "\n"
    "[Bob]\n"
    "nt_hash  = 0123456789ABCDEFabcdef0123456789\n"
    "domain   = CORP\n"
    "rid      = 1105\n"
    "\n"
    "[carol]\n"
    "\tpassword =  \"  spaced ;# \\\"quoted\\\" \\\\ \"   # comment after quotes\n"
    "domain = .\n"
    "[dave]\n"
    "PASSWORD = a;b#c d\n"
    "Full_Name=\n";

static void test_sample_file(void **state)
{
    static const uint8_t bob_hash[16] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                          0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45, 0x67, 0x89 };
    lsa_accounts_db *db = parse_ok(sample);
    const lsa_account *a;

    (void)state;
    assert_int_equal(lsa_accounts_count(db), 4);

    a = lsa_accounts_at(db, 0);
    assert_string_equal(a->name, "alice");
    assert_null(a->domain);
    assert_string_equal(a->password, "Secret123");
    assert_false(a->has_nt_hash);
    assert_string_equal(a->full_name, "Alice Example");
    assert_int_equal(a->rid, 1001);
    assert_int_equal(a->line, 4);

    a = lsa_accounts_at(db, 1);
    assert_string_equal(a->name, "Bob");
    assert_string_equal(a->domain, "CORP");
    assert_null(a->password);
    assert_true(a->has_nt_hash);
    assert_memory_equal(a->nt_hash, bob_hash, 16);
    assert_string_equal(a->full_name, "");
    assert_int_equal(a->rid, 1105);
    assert_int_equal(a->line, 8);

    a = lsa_accounts_at(db, 2);
    assert_string_equal(a->name, "carol");
    assert_null(a->domain);
    assert_string_equal(a->password, "  spaced ;# \"quoted\" \\ ");
    assert_int_equal(a->rid, 1003);

    a = lsa_accounts_at(db, 3);
    assert_string_equal(a->password, "a;b#c d"); /* ';' and '#' start a comment only after a blank */
    assert_string_equal(a->full_name, "");
    assert_int_equal(a->rid, 1004);

    assert_null(lsa_accounts_at(db, 4));
    lsa_accounts_free(db);
}

static void test_bom_crlf_and_no_final_newline(void **state)
{
    lsa_accounts_db *db = parse_ok("\xEF\xBB\xBF[alice]\r\npassword = x\r\n\r\n[bob]\r\npassword=y");

    (void)state;
    assert_int_equal(lsa_accounts_count(db), 2);
    assert_string_equal(lsa_accounts_at(db, 0)->password, "x");
    assert_string_equal(lsa_accounts_at(db, 1)->password, "y");
    assert_int_equal(lsa_accounts_at(db, 1)->line, 4);
    lsa_accounts_free(db);
}

static void test_empty_inputs(void **state)
{
    static const char *const empties[] = { "", "\n\n", "# only a comment", "\xEF\xBB\xBF", "  \t \r\n" };

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(empties); i++) {
        lsa_accounts_db *db = parse_ok(empties[i]);

        assert_int_equal(lsa_accounts_count(db), 0);
        assert_null(lsa_accounts_at(db, 0));
        assert_null(lsa_accounts_find(db, NULL, "alice"));
        lsa_accounts_free(db);
    }
    assert_int_equal(lsa_accounts_count(NULL), 0);
    lsa_accounts_free(NULL);
}

static void test_password_edge_values(void **state)
{
    lsa_accounts_db *db = parse_ok("[a]\npassword =\n[b]\npassword = \"\"\n[c]\npassword = \xC3\xA9t\xC3\xA9\n");

    (void)state;
    assert_string_equal(lsa_accounts_at(db, 0)->password, "");
    assert_string_equal(lsa_accounts_at(db, 1)->password, "");
    assert_string_equal(lsa_accounts_at(db, 2)->password, "\xC3\xA9t\xC3\xA9");
    lsa_accounts_free(db);
}

/* ---- default rids ---- */

typedef struct rid_case {
    const char *what;
    const char *text;
    uint32_t rids[4];
} rid_case;

#define PW "password=x\n"

static const rid_case rid_cases[] = {
    { "all default", "[a]\n" PW "[b]\n" PW "[c]\n" PW, { 1001, 1002, 1003 } },
    { "explicit where the next default would go", "[a]\n" PW "rid=1002\n[b]\n" PW "[c]\n" PW, { 1002, 1003, 1004 } },
    { "explicit later in the file", "[a]\n" PW "[b]\n" PW "rid=1001\n[c]\n" PW, { 1002, 1001, 1003 } },
    { "run of explicit rids", "[a]\n" PW "[b]\n" PW "rid=1001\n[c]\n" PW "rid=1002\n[d]\n" PW,
      { 1003, 1001, 1002, 1004 } },
    { "a well-known rid", "[Administrator]\n" PW "rid=500\n[b]\n" PW, { 500, 1002 } },
    { "explicit in another domain still skipped", "[a]\n" PW "[b]\n" PW "domain=CORP\nrid=1001\n", { 1002, 1001 } },
    { "same explicit rid in two domains", "[a]\n" PW "rid=1100\n[b]\n" PW "domain=CORP\nrid=1100\n", { 1100, 1100 } },
    { "largest rid", "[a]\n" PW "rid=4294967295\n[b]\n" PW, { 4294967295u, 1002 } },
    { "leading zeros are decimal", "[a]\n" PW "rid=010\n", { 10 } },
};

static void test_default_rids(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(rid_cases); i++) {
        const rid_case *c = &rid_cases[i];
        lsa_accounts_db *db = parse_ok(c->text);

        for (size_t k = 0; k < lsa_accounts_count(db); k++) {
            if (lsa_accounts_at(db, k)->rid != c->rids[k])
                fail_msg("%s: account %zu has rid %u, want %u", c->what, k, lsa_accounts_at(db, k)->rid, c->rids[k]);
        }
        lsa_accounts_free(db);
    }
}

/* ---- lookup ---- */

static void test_find(void **state)
{
    lsa_accounts_db *db = parse_ok("[alice]\n" PW "[Alice]\n" PW "domain=CORP\n[\xC3\x89lodie]\n" PW
                                   "[bob]\n" PW "domain=corp.example.com\n");
    const lsa_account *local_alice = lsa_accounts_at(db, 0);
    const lsa_account *corp_alice = lsa_accounts_at(db, 1);

    (void)state;
    assert_ptr_equal(lsa_accounts_find(db, NULL, "alice"), local_alice);
    assert_ptr_equal(lsa_accounts_find(db, "", "ALICE"), local_alice);
    assert_ptr_equal(lsa_accounts_find(db, ".", "aLiCe"), local_alice);
    assert_ptr_equal(lsa_accounts_find(db, "CORP", "alice"), corp_alice);
    assert_ptr_equal(lsa_accounts_find(db, "corp", "ALICE"), corp_alice);
    assert_ptr_equal(lsa_accounts_find(db, NULL, "\xC3\xA9LODIE"), lsa_accounts_at(db, 2));
    assert_null(lsa_accounts_find(db, "CORP", "\xC3\xA9lodie")); /* local account, not in CORP */
    assert_null(lsa_accounts_find(db, NULL, "bob"));             /* bob is a domain account */
    assert_ptr_equal(lsa_accounts_find(db, "CORP.EXAMPLE.COM", "Bob"), lsa_accounts_at(db, 3));
    assert_null(lsa_accounts_find(db, "OTHER", "alice"));
    assert_null(lsa_accounts_find(db, NULL, "alic"));
    assert_null(lsa_accounts_find(db, NULL, NULL));
    assert_null(lsa_accounts_find(NULL, NULL, "alice"));
    lsa_accounts_free(db);
}

/* ---- broken files ---- */

typedef struct broken_case {
    const char *text;
    lsa_accounts_status status;
    unsigned line;
} broken_case;

#define HASH "0123456789abcdef0123456789abcdef"

static const broken_case broken_cases[] = {
    /* structure */
    { "password = x\n", LSA_ACCOUNTS_KEY_OUTSIDE_SECTION, 1 },
    { "# c\n\nrid = 5\n[a]\n" PW, LSA_ACCOUNTS_KEY_OUTSIDE_SECTION, 3 },
    { "[a]\n" PW "junk\n", LSA_ACCOUNTS_SYNTAX, 3 },
    { "[a]\n= x\n", LSA_ACCOUNTS_SYNTAX, 2 },
    { "[a\n" PW, LSA_ACCOUNTS_SYNTAX, 1 },
    { "[a] x\n" PW, LSA_ACCOUNTS_SYNTAX, 1 },
    { "[a]]\n" PW, LSA_ACCOUNTS_SYNTAX, 1 },
    { "[a]\n" PW "foo = 1\n", LSA_ACCOUNTS_UNKNOWN_KEY, 3 },
    { "[a]\n" PW "pass word = 1\n", LSA_ACCOUNTS_UNKNOWN_KEY, 3 },
    { "[a]\n" PW "password = y\n", LSA_ACCOUNTS_DUPLICATE_KEY, 3 },
    { "[a]\n" PW "rid=5\nRID=6\n", LSA_ACCOUNTS_DUPLICATE_KEY, 4 },
    /* section names */
    { "[]\n" PW, LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[  ]\n" PW, LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[..]\n" PW, LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[. .]\n" PW, LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[a/b]\n" PW, LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[CORP\\a]\n" PW, LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[a:b]\n" PW, LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[a*]\n" PW, LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[[a]\n" PW, LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[a\tb]\n" PW, LSA_ACCOUNTS_BAD_SECTION, 1 },
    /* encoding and control characters */
    { "[a]\npassword = \xFF\n", LSA_ACCOUNTS_BAD_UTF8, 2 },
    { "[a]\npassword = \xC0\xAF\n", LSA_ACCOUNTS_BAD_UTF8, 2 },
    { "[a]\npassword = \xED\xA0\x80\n", LSA_ACCOUNTS_BAD_UTF8, 2 },
    { "\xEF\xBB[a]\n" PW, LSA_ACCOUNTS_BAD_UTF8, 1 },
    { "[a]\npassword = x\x1By\n", LSA_ACCOUNTS_SYNTAX, 2 },
    { "[a]\npassword = x\x7Fy\n", LSA_ACCOUNTS_SYNTAX, 2 },
    { "[a]\rpassword = x\n", LSA_ACCOUNTS_SYNTAX, 1 },
    { "[a]\n" PW "\xEF\xBB\xBF# BOM in the middle is text, not a comment\n", LSA_ACCOUNTS_SYNTAX, 3 },
    /* quoting */
    { "[a]\npassword = \"abc\n", LSA_ACCOUNTS_SYNTAX, 2 },
    { "[a]\npassword = \"abc\\\"\n", LSA_ACCOUNTS_SYNTAX, 2 },
    { "[a]\npassword = \"a\\x\"\n", LSA_ACCOUNTS_SYNTAX, 2 },
    { "[a]\npassword = \"a\\\n", LSA_ACCOUNTS_SYNTAX, 2 },
    { "[a]\npassword = \"a\" b\n", LSA_ACCOUNTS_SYNTAX, 2 },
    /* secrets */
    { "[a]\n", LSA_ACCOUNTS_NO_SECRET, 1 },
    { "[a]\nfull_name = A\n\n[b]\n" PW, LSA_ACCOUNTS_NO_SECRET, 1 },
    { "[a]\n" PW "[b]\nrid=7\n", LSA_ACCOUNTS_NO_SECRET, 3 },
    { "[a]\n" PW "nt_hash = " HASH "\n", LSA_ACCOUNTS_BOTH_SECRETS, 3 },
    { "[a]\nnt_hash = " HASH "\n" PW, LSA_ACCOUNTS_BOTH_SECRETS, 3 },
    /* hashes */
    { "[a]\nnt_hash = 0123\n", LSA_ACCOUNTS_BAD_HASH, 2 },
    { "[a]\nnt_hash = " HASH "0\n", LSA_ACCOUNTS_BAD_HASH, 2 },
    { "[a]\nnt_hash = 0123456789abcdef0123456789abcdeg\n", LSA_ACCOUNTS_BAD_HASH, 2 },
    { "[a]\nnt_hash = 0123456789abcdef 0123456789abcdef\n", LSA_ACCOUNTS_BAD_HASH, 2 },
    { "[a]\nnt_hash =\n", LSA_ACCOUNTS_BAD_HASH, 2 },
    { "[a]\nnt_hash = \"0123456789abcdef0123456789abcde\\\\\"\n", LSA_ACCOUNTS_BAD_HASH, 2 },
    /* rids */
    { "[a]\n" PW "rid = 0\n", LSA_ACCOUNTS_BAD_NUMBER, 3 },
    { "[a]\n" PW "rid = 4294967296\n", LSA_ACCOUNTS_BAD_NUMBER, 3 },
    { "[a]\n" PW "rid = 99999999999999999999999\n", LSA_ACCOUNTS_BAD_NUMBER, 3 },
    { "[a]\n" PW "rid = -1\n", LSA_ACCOUNTS_BAD_NUMBER, 3 },
    { "[a]\n" PW "rid = +1\n", LSA_ACCOUNTS_BAD_NUMBER, 3 },
    { "[a]\n" PW "rid = 0x10\n", LSA_ACCOUNTS_BAD_NUMBER, 3 },
    { "[a]\n" PW "rid = 12 3\n", LSA_ACCOUNTS_BAD_NUMBER, 3 },
    { "[a]\n" PW "rid =\n", LSA_ACCOUNTS_BAD_NUMBER, 3 },
    /* domains */
    { "[a]\n" PW "domain = A\\B\n", LSA_ACCOUNTS_BAD_DOMAIN, 3 },
    { "[a]\n" PW "domain = ..\n", LSA_ACCOUNTS_BAD_DOMAIN, 3 },
    { "[a]\n" PW "domain = \"a|b\"\n", LSA_ACCOUNTS_BAD_DOMAIN, 3 },
    /* duplicates, found after every line is read */
    { "[a]\n" PW "[A]\n" PW, LSA_ACCOUNTS_DUPLICATE_ACCOUNT, 3 },
    { "[a]\n" PW "domain=CORP\n[A]\n" PW "domain=corp\n", LSA_ACCOUNTS_DUPLICATE_ACCOUNT, 4 },
    { "[a]\n" PW "domain=.\n[A]\n" PW, LSA_ACCOUNTS_DUPLICATE_ACCOUNT, 4 },
    { "[\xC3\xA9]\n" PW "[\xC3\x89]\n" PW, LSA_ACCOUNTS_DUPLICATE_ACCOUNT, 3 },
    { "[a]\n" PW "[b]\n" PW "[a]\n" PW "[b]\n" PW, LSA_ACCOUNTS_DUPLICATE_ACCOUNT, 5 },
    { "[a]\n" PW "rid=1100\n[b]\n" PW "rid=1100\n", LSA_ACCOUNTS_DUPLICATE_RID, 6 },
    { "[a]\n" PW "domain=X\nrid=9\n[b]\n" PW "domain=x\nrid=9\n", LSA_ACCOUNTS_DUPLICATE_RID, 8 },
    /* of two cross-account faults the earlier line wins; a single-line fault anywhere comes first */
    { "[a]\n" PW "rid=5\n[b]\n" PW "rid=5\n[a]\n" PW, LSA_ACCOUNTS_DUPLICATE_RID, 6 },
    { "[a]\n" PW "[a]\n" PW "rid=5\n[b]\n" PW "rid=5\n", LSA_ACCOUNTS_DUPLICATE_ACCOUNT, 3 },
    { "[a]\n" PW "[a]\n" PW "junk\n", LSA_ACCOUNTS_SYNTAX, 5 },
    /* flags */
    { "[a]\n" PW "disabled = maybe\n", LSA_ACCOUNTS_BAD_BOOL, 3 },
    { "[a]\n" PW "disabled =\n", LSA_ACCOUNTS_BAD_BOOL, 3 },
    { "[a]\n" PW "locked_out = 2\n", LSA_ACCOUNTS_BAD_BOOL, 3 },
    { "[a]\n" PW "password_never_expires = y\n", LSA_ACCOUNTS_BAD_BOOL, 3 },
    { "[a]\n" PW "password_not_required = yes no\n", LSA_ACCOUNTS_BAD_BOOL, 3 },
    { "[a]\n" PW "must_change_password = \"tru\\\\e\"\n", LSA_ACCOUNTS_BAD_BOOL, 3 },
    { "[a]\n" PW "disabled = yes\ndisabled = no\n", LSA_ACCOUNTS_DUPLICATE_KEY, 4 },
    /* times */
    { "[a]\n" PW "account_expires = 2026-11-21\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "account_expires = 2026-11-21T14:30:00\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "account_expires = 2026-11-21 14:30:00Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "account_expires = 2026-11-21T14:30:00+01:00\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "account_expires = 2026-13-01T00:00:00Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "account_expires = 2026-00-01T00:00:00Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "password_last_set = 2026-02-29T00:00:00Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "password_last_set = 1900-02-29T00:00:00Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "password_last_set = 2026-04-31T00:00:00Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "last_logon = 2026-11-21T24:00:00Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "last_logon = 2026-11-21T23:60:00Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "last_logon = 2026-11-21T23:59:60Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "last_logon = 1600-12-31T23:59:59Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "last_logon = 2026-11-21t14:30:00z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "last_logon = +026-11-21T14:30:00Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "last_logon = nevermore\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "last_bad_password = 2026-02-30T00:00:00Z\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "lockout_time = yesterday\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    { "[a]\n" PW "lockout_time = never\nlockout_time = never\n", LSA_ACCOUNTS_DUPLICATE_KEY, 4 },
    { "[a]\n" PW "last_logon =\n", LSA_ACCOUNTS_BAD_TIME, 3 },
    /* logon hours */
    { "[a]\n" PW "logon_hours = FF\n", LSA_ACCOUNTS_BAD_HOURS, 3 },
    { "[a]\n" PW "logon_hours = FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\n", LSA_ACCOUNTS_BAD_HOURS, 3 },
    { "[a]\n" PW "logon_hours = FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\n", LSA_ACCOUNTS_BAD_HOURS, 3 },
    { "[a]\n" PW "logon_hours = FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFG\n", LSA_ACCOUNTS_BAD_HOURS, 3 },
    { "[a]\n" PW "logon_hours = none\n", LSA_ACCOUNTS_BAD_HOURS, 3 },
    { "[a]\n" PW "logon_hours =\n", LSA_ACCOUNTS_BAD_HOURS, 3 },
    /* lists */
    { "[a]\n" PW "groups = Users,,Admins\n", LSA_ACCOUNTS_BAD_LIST, 3 },
    { "[a]\n" PW "groups = Users,\n", LSA_ACCOUNTS_BAD_LIST, 3 },
    { "[a]\n" PW "groups = ,Users\n", LSA_ACCOUNTS_BAD_LIST, 3 },
    { "[a]\n" PW "workstations = PC1, ,PC2\n", LSA_ACCOUNTS_BAD_LIST, 3 },
    { "[a]\n" PW "workstations = \",\"\n", LSA_ACCOUNTS_BAD_LIST, 3 },
    /* drive */
    { "[a]\n" PW "home_directory_drive = H\n", LSA_ACCOUNTS_BAD_DRIVE, 3 },
    { "[a]\n" PW "home_directory_drive = HH:\n", LSA_ACCOUNTS_BAD_DRIVE, 3 },
    { "[a]\n" PW "home_directory_drive = 1:\n", LSA_ACCOUNTS_BAD_DRIVE, 3 },
    { "[a]\n" PW "home_directory_drive = H:\\\n", LSA_ACCOUNTS_BAD_DRIVE, 3 },
    /* counts */
    { "[a]\n" PW "logon_count = -1\n", LSA_ACCOUNTS_BAD_COUNT, 3 },
    { "[a]\n" PW "logon_count = 4294967296\n", LSA_ACCOUNTS_BAD_COUNT, 3 },
    { "[a]\n" PW "bad_password_count =\n", LSA_ACCOUNTS_BAD_COUNT, 3 },
    { "[a]\n" PW "bad_password_count = 1e3\n", LSA_ACCOUNTS_BAD_COUNT, 3 },
    /* policy */
    { "[:policy]\nmax_password_age_days = 1000\n", LSA_ACCOUNTS_BAD_COUNT, 2 },
    { "[:policy]\nmin_password_age_days = 999\n", LSA_ACCOUNTS_BAD_COUNT, 2 },
    { "[:policy]\nmin_password_length = 129\n", LSA_ACCOUNTS_BAD_COUNT, 2 },
    { "[:policy]\nlockout_threshold = 1000\n", LSA_ACCOUNTS_BAD_COUNT, 2 },
    { "[:policy]\nlockout_duration_minutes = 100000\n", LSA_ACCOUNTS_BAD_COUNT, 2 },
    { "[:policy]\nlockout_observation_minutes = 0\n", LSA_ACCOUNTS_BAD_COUNT, 2 },
    { "[:policy]\nlockout_threshold = x\n", LSA_ACCOUNTS_BAD_COUNT, 2 },
    { "[:policy]\n" PW, LSA_ACCOUNTS_UNKNOWN_KEY, 2 },
    { "[:policy]\nrid = 5\n", LSA_ACCOUNTS_UNKNOWN_KEY, 2 },
    { "[a]\n" PW "lockout_threshold = 5\n", LSA_ACCOUNTS_UNKNOWN_KEY, 3 },
    { "[:policy]\nlockout_threshold = 5\nLOCKOUT_THRESHOLD = 6\n", LSA_ACCOUNTS_DUPLICATE_KEY, 3 },
    { "[:policy]\n[a]\n" PW "[:POLICY]\n", LSA_ACCOUNTS_DUPLICATE_POLICY, 4 },
    { "[a]\n[:policy]\n", LSA_ACCOUNTS_NO_SECRET, 1 },
    { "[policy:]\n", LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[: policy]\n", LSA_ACCOUNTS_BAD_SECTION, 1 },
    { "[:policy] x\n", LSA_ACCOUNTS_SYNTAX, 1 },
};

static void test_broken_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(broken_cases); i++) {
        const broken_case *c = &broken_cases[i];
        lsa_accounts_db *db = (lsa_accounts_db *)&db; /* proves the parser clears it */
        lsa_accounts_error err = { LSA_ACCOUNTS_OK, 12345 };
        lsa_accounts_status st = parse_exact(c->text, strlen(c->text), &db, &err);

        if (st != c->status || err.status != c->status || err.line != c->line)
            fail_msg("case %zu: got %s at line %u (err.status %s), want %s at line %u:\n%s", i,
                     lsa_accounts_status_name(st), err.line, lsa_accounts_status_name(err.status),
                     lsa_accounts_status_name(c->status), c->line, c->text);
        assert_null(db);
    }
}

/* Embedded NUL: strings with one cannot live in the table above. */
static void test_nul_byte(void **state)
{
    static const char text[] = "[a]\npass\0word = x\n";
    lsa_accounts_db *db = NULL;
    lsa_accounts_error err;

    (void)state;
    assert_int_equal(parse_exact(text, sizeof(text) - 1, &db, &err), LSA_ACCOUNTS_BAD_UTF8);
    assert_int_equal(err.line, 2);
    assert_null(db);
}

/* A string of n copies of c, for the length limits. */
static char *repeat(char c, size_t n, const char *prefix, const char *suffix)
{
    size_t plen = strlen(prefix);
    size_t slen = strlen(suffix);
    char *s = malloc(plen + n + slen + 1);

    assert_non_null(s);
    memcpy(s, prefix, plen);
    memset(s + plen, c, n);
    memcpy(s + plen + n, suffix, slen + 1);
    return s;
}

static void expect(const char *text, lsa_accounts_status want, unsigned line)
{
    lsa_accounts_db *db = NULL;
    lsa_accounts_error err = { LSA_ACCOUNTS_OK, 0 };
    lsa_accounts_status st = parse_exact(text, strlen(text), &db, &err);

    if (st != want || err.line != line)
        fail_msg("got %s at line %u, want %s at line %u", lsa_accounts_status_name(st), err.line,
                 lsa_accounts_status_name(want), line);
    lsa_accounts_free(db);
}

static void test_length_limits(void **state)
{
    char *s;

    (void)state;
    s = repeat('n', LSA_ACCOUNTS_MAX_NAME, "[", "]\n" PW);
    expect(s, LSA_ACCOUNTS_OK, 0);
    free(s);
    s = repeat('n', LSA_ACCOUNTS_MAX_NAME + 1, "[", "]\n" PW);
    expect(s, LSA_ACCOUNTS_BAD_SECTION, 1);
    free(s);
    s = repeat('d', LSA_ACCOUNTS_MAX_NAME, "[a]\n" PW "domain=", "\n");
    expect(s, LSA_ACCOUNTS_OK, 0);
    free(s);
    s = repeat('d', LSA_ACCOUNTS_MAX_NAME + 1, "[a]\n" PW "domain=", "\n");
    expect(s, LSA_ACCOUNTS_BAD_DOMAIN, 3);
    free(s);
    s = repeat('p', LSA_ACCOUNTS_MAX_VALUE, "[a]\npassword = ", "\n");
    expect(s, LSA_ACCOUNTS_OK, 0);
    free(s);
    s = repeat('p', LSA_ACCOUNTS_MAX_VALUE + 1, "[a]\npassword = ", "\n");
    expect(s, LSA_ACCOUNTS_VALUE_TOO_LONG, 2);
    free(s);
    /* quoted: the limit counts the value, not its escapes */
    s = repeat('p', LSA_ACCOUNTS_MAX_VALUE - 1, "[a]\npassword = \"\\\\", "\"\n");
    expect(s, LSA_ACCOUNTS_OK, 0);
    free(s);
    s = repeat('p', LSA_ACCOUNTS_MAX_VALUE, "[a]\npassword = \"\\\\", "\"\n");
    expect(s, LSA_ACCOUNTS_VALUE_TOO_LONG, 2);
    free(s);
    s = repeat('f', LSA_ACCOUNTS_MAX_VALUE + 1, "[a]\n" PW "full_name=", "\n");
    expect(s, LSA_ACCOUNTS_VALUE_TOO_LONG, 3);
    free(s);
}

static void test_file_size_limit(void **state)
{
    char *big = malloc(LSA_ACCOUNTS_MAX_FILE + 1);
    lsa_accounts_db *db = NULL;
    lsa_accounts_error err = { LSA_ACCOUNTS_OK, 7 };

    (void)state;
    assert_non_null(big);
    memset(big, '\n', LSA_ACCOUNTS_MAX_FILE + 1);
    assert_int_equal(lsa_accounts_parse(big, LSA_ACCOUNTS_MAX_FILE + 1, &db, &err), LSA_ACCOUNTS_TOO_LARGE);
    assert_int_equal(err.line, 0);
    assert_null(db);
    assert_int_equal(lsa_accounts_parse(big, LSA_ACCOUNTS_MAX_FILE, &db, &err), LSA_ACCOUNTS_OK);
    assert_int_equal(lsa_accounts_count(db), 0);
    lsa_accounts_free(db);
    free(big);
}

/* Many accounts: duplicates are found by sorting, and defaults stay unique with explicit rids scattered among them. */
static void test_many_accounts(void **state)
{
    enum { N = 20000 };
    char *text = malloc((size_t)N * 48);
    size_t len = 0;
    lsa_accounts_db *db;
    uint8_t *seen = calloc(1u << 16, 1);

    (void)state;
    assert_non_null(text);
    assert_non_null(seen);
    for (unsigned i = 0; i < N; i++) {
        if (i % 7 == 3)
            len += (size_t)sprintf(text + len, "[user%u]\npassword=p\nrid=%u\n", i, 1001 + (i * 13) % N);
        else
            len += (size_t)sprintf(text + len, "[user%u]\npassword=p\n", i);
    }
    text[len] = '\0';
    db = parse_ok(text);
    assert_int_equal(lsa_accounts_count(db), N);
    for (size_t i = 0; i < N; i++) {
        uint32_t rid = lsa_accounts_at(db, i)->rid;

        assert_true(rid >= 1001 && rid < (1u << 16));
        if (seen[rid])
            fail_msg("rid %u given twice", rid);
        seen[rid] = 1;
    }
    assert_ptr_equal(lsa_accounts_find(db, NULL, "USER19999"), lsa_accounts_at(db, N - 1));
    lsa_accounts_free(db);
    /* the same file with one name repeated at the end */
    {
        unsigned line = 1;

        for (size_t i = 0; i < len; i++)
            line += text[i] == '\n';
        sprintf(text + len, "[USER5]\npassword=p\n");
        expect(text, LSA_ACCOUNTS_DUPLICATE_ACCOUNT, line);
    }
    free(seen);
    free(text);
}

/* ---- truncations ---- */

static const char rich[] =
    "\xEF\xBB\xBF# rich sample\r\n"
    "[alice]\r\n"
    "password = \"p;a ss\\\"w\"  # c\r\n"
    "full_name = Alice \xC3\x89xample\r\n"
    "rid = 1200\r\n"
    "[bob]\n"
    "nt_hash = 0123456789ABCDEF0123456789abcdef\n"
    "domain = CORP\n"
    "[carol]\n"
    "domain = .\n"
    "password = secret\n"
    "groups = Users , S-1-5-32-544\n"
    "home_directory = \\\\srv\\home\\carol\n"
    "home_directory_drive = H:\n"
    "disabled = yes\n"
    "account_expires = 2027-01-31T23:59:59Z\n"
    "logon_hours = 00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00\n"
    "logon_count = 12\n"
    "[:policy]\n"
    "lockout_threshold = 5\n";

static void expect_prefix_of(const char *part, const char *whole)
{
    if (strncmp(part, whole, strlen(part)) != 0)
        fail_msg("\"%s\" is not a prefix of \"%s\"", part, whole);
}

/* Every prefix of a valid file either fails cleanly (no database, a line inside the prefix) or parses to the same
 * accounts, the last possibly with a shorter value. */
static void test_every_truncation(void **state)
{
    const size_t full_len = sizeof(rich) - 1;
    lsa_accounts_db *full = parse_ok(rich);

    (void)state;
    for (size_t len = 0; len <= full_len; len++) {
        lsa_accounts_db *db = (lsa_accounts_db *)&db;
        lsa_accounts_error err;
        lsa_accounts_status st = parse_exact(rich, len, &db, &err);
        unsigned lines = 1;

        for (size_t i = 0; i < len; i++)
            lines += rich[i] == '\n';
        assert_int_equal(err.status, st);
        if (st != LSA_ACCOUNTS_OK) {
            assert_null(db);
            assert_true(err.line >= 1 && err.line <= lines);
            continue;
        }
        assert_true(lsa_accounts_count(db) <= lsa_accounts_count(full));
        for (size_t k = 0; k < lsa_accounts_count(db); k++) {
            const lsa_account *a = lsa_accounts_at(db, k);
            const lsa_account *f = lsa_accounts_at(full, k);

            assert_string_equal(a->name, f->name);
            assert_int_equal(a->line, f->line);
            assert_int_equal(a->has_nt_hash, f->has_nt_hash);
            assert_true((a->password == NULL) == (f->password == NULL));
            if (a->password != NULL)
                expect_prefix_of(a->password, f->password);
            if (a->has_nt_hash)
                assert_memory_equal(a->nt_hash, f->nt_hash, 16);
            expect_prefix_of(a->full_name, f->full_name);
            if (a->domain != NULL)
                expect_prefix_of(a->domain, f->domain);
            expect_prefix_of(a->groups, f->groups);
            expect_prefix_of(a->home_directory, f->home_directory);
            assert_true(a->flags == 0 || a->flags == f->flags);
        }
        lsa_accounts_free(db);
    }
    lsa_accounts_free(full);
}

/* ---- allocation failures and wiping ---- */

static void test_every_allocation_failure(void **state)
{
    size_t total;

    (void)state;
    allocations_made = 0;
    lsa_accounts_free(parse_ok(rich));
    total = allocations_made;
    assert_true(total >= 10);
    for (long fail_at = 0; fail_at < (long)total; fail_at++) {
        lsa_accounts_db *db = (lsa_accounts_db *)&db;
        lsa_accounts_error err = { LSA_ACCOUNTS_OK, 0 };
        lsa_accounts_status st;

        allocations_until_failure = fail_at;
        st = parse_exact(rich, sizeof(rich) - 1, &db, &err);
        allocations_until_failure = -1;
        if (st != LSA_ACCOUNTS_NOMEM)
            fail_msg("allocation %ld failing gave %s", fail_at, lsa_accounts_status_name(st));
        assert_int_equal(err.status, LSA_ACCOUNTS_NOMEM);
        assert_null(db); /* and LeakSanitizer checks nothing stayed allocated */
    }
    allocations_until_failure = (long)total; /* one more than needed: succeeds */
    lsa_accounts_free(parse_ok(rich));
    allocations_until_failure = -1;
}

static void look_for_secret_in_freed_blocks(const char *text, const void *secret, size_t len)
{
    lsa_accounts_db *db = NULL;

    secret_to_find = secret;
    secret_len = len;
    secret_leaks = 0;
    (void)lsa_accounts_parse(text, strlen(text), &db, NULL);
    lsa_accounts_free(db);
    secret_to_find = NULL;
    assert_int_equal(secret_leaks, 0);
}

static void test_secrets_wiped_on_free(void **state)
{
    static const uint8_t hash[8] = { 0xC0, 0xFF, 0xEE, 0x12, 0x34, 0x56, 0x78, 0x9A };

    (void)state;
    /* the check itself finds a secret that is not wiped: full_name is not a secret */
    secret_to_find = "NotSecretName";
    secret_len = strlen("NotSecretName");
    secret_leaks = 0;
    {
        lsa_accounts_db *db = parse_ok("[a]\n" PW "full_name = NotSecretName\n");

        lsa_accounts_free(db);
    }
    secret_to_find = NULL;
    assert_int_equal(secret_leaks, 1);

    look_for_secret_in_freed_blocks("[a]\npassword = Hunter2-Unique\nfull_name = A\n", "Hunter2-Unique", 14);
    look_for_secret_in_freed_blocks("[a]\nnt_hash = c0ffee123456789a0000000000000000\n[b]\n" PW, hash, sizeof(hash));
    /* enough accounts after the hash to make the account array grow (and free its old copy) twice */
    look_for_secret_in_freed_blocks("[a]\nnt_hash = c0ffee123456789a0000000000000000\n"
                                    "[b]\n" PW "[c]\n" PW "[d]\n" PW "[e]\n" PW "[f]\n" PW "[g]\n" PW "[h]\n" PW
                                    "[i]\n" PW "[j]\n" PW "[k]\n" PW "[l]\n" PW "[m]\n" PW "[n]\n" PW "[o]\n" PW
                                    "[p]\n" PW "[q]\n" PW "[r]\n" PW,
                                    hash, sizeof(hash));
    /* failure paths: the account is dropped after its secret was stored */
    look_for_secret_in_freed_blocks("[a]\npassword = Hunter2-Unique\njunk\n", "Hunter2-Unique", 14);
    look_for_secret_in_freed_blocks("[a]\npassword = Hunter2-Unique\n[a]\n" PW, "Hunter2-Unique", 14);
    look_for_secret_in_freed_blocks("[a]\nnt_hash = c0ffee123456789a0000000000000000\npassword=x\n", hash,
                                    sizeof(hash));
}

/* ---- the SAM fields and the policy ---- */

static const char all_fields[] =
    "[:Policy]\n"
    "max_password_age_days = 90\n"
    "min_password_age_days = 1\n"
    "min_password_length = 8\n"
    "lockout_threshold = 5\n"
    "lockout_duration_minutes = 0\n"
    "lockout_observation_minutes = 15\n"
    "[alice]\n"
    "password = Secret123\n"
    "groups = Users ,S-1-5-32-544,  Remote Desktop Users\n"
    "primary_group = S-1-5-21-0-0-0-513\n"
    "home_directory = \\\\srv\\home\\alice\n"
    "home_directory_drive = h:\n"
    "profile_path = \"C:\\\\Users\\\\alice ;x\"\n"
    "logon_script = logon.cmd\n"
    "disabled = YES\n"
    "locked_out = true\n"
    "password_never_expires = 1\n"
    "password_not_required = no\n"
    "must_change_password = True\n"
    "account_expires = 2026-11-21T14:30:00Z\n"
    "password_last_set = 1601-01-01T00:00:00Z\n"
    "last_logon = Never\n"
    "logon_hours = 010000000000000000000000000000000000000080\n"
    "workstations = PC1,PC2\n"
    "bad_password_count = 3\n"
    "logon_count = 4294967295\n"
    "[bob]\n"
    "nt_hash = " HASH "\n"
    "logon_hours = ALL\n"
    "disabled = false\n"
    "groups =\n"
    "account_expires = 9999-12-31T23:59:59Z\n"
    "last_logon = 2000-02-29T00:00:00Z\n"
    "last_bad_password = 2000-02-29T00:00:01Z\n"
    "lockout_time = 2000-02-29T00:00:02Z\n";

static void test_all_fields(void **state)
{
    lsa_accounts_db *db = parse_ok(all_fields);
    const lsa_accounts_policy *p = lsa_accounts_get_policy(db);
    const lsa_account *a = lsa_accounts_at(db, 0);
    const lsa_account *b = lsa_accounts_at(db, 1);
    uint8_t hours[21] = { 0 };

    (void)state;
    assert_int_equal(p->max_password_age_days, 90);
    assert_int_equal(p->min_password_age_days, 1);
    assert_int_equal(p->min_password_length, 8);
    assert_int_equal(p->lockout_threshold, 5);
    assert_int_equal(p->lockout_duration_minutes, 0);
    assert_int_equal(p->lockout_observation_minutes, 15);
    assert_int_equal(lsa_accounts_count(db), 2);
    assert_int_equal(a->line, 8);
    assert_string_equal(a->groups, "Users,S-1-5-32-544,Remote Desktop Users");
    assert_string_equal(a->primary_group, "S-1-5-21-0-0-0-513");
    assert_string_equal(a->home_directory, "\\\\srv\\home\\alice");
    assert_string_equal(a->home_directory_drive, "h:");
    assert_string_equal(a->profile_path, "C:\\Users\\alice ;x");
    assert_string_equal(a->logon_script, "logon.cmd");
    assert_int_equal(a->flags, LSA_ACCOUNT_DISABLED | LSA_ACCOUNT_LOCKED_OUT | LSA_ACCOUNT_PASSWORD_NEVER_EXPIRES |
                                   LSA_ACCOUNT_MUST_CHANGE_PASSWORD);
    assert_true(a->account_expires == 1795271400); /* date -u -d 2026-11-21T14:30:00Z +%s */
    assert_true(a->password_last_set == -11644473600LL); /* the FILETIME epoch */
    assert_true(a->last_logon == LSA_ACCOUNTS_NEVER);
    /* bit 0 = Sunday 00:00-01:00 (low bit of the first byte), bit 167 = Saturday 23:00-24:00 (high bit of the last) */
    hours[0] = 0x01;
    hours[20] = 0x80;
    assert_memory_equal(a->logon_hours, hours, 21);
    assert_string_equal(a->workstations, "PC1,PC2");
    assert_int_equal(a->bad_password_count, 3);
    assert_int_equal(a->logon_count, 4294967295u);

    memset(hours, 0xFF, sizeof(hours));
    assert_memory_equal(b->logon_hours, hours, 21);
    assert_int_equal(b->flags, 0);
    assert_string_equal(b->groups, "");
    assert_string_equal(b->workstations, "");
    assert_string_equal(b->primary_group, "");
    assert_string_equal(b->home_directory, "");
    assert_string_equal(b->home_directory_drive, "");
    assert_string_equal(b->profile_path, "");
    assert_string_equal(b->logon_script, "");
    assert_true(b->account_expires == 253402300799LL);
    assert_true(b->password_last_set == LSA_ACCOUNTS_NEVER);
    assert_true(b->last_logon == 951782400);
    assert_true(b->last_bad_password == 951782401);
    assert_true(b->lockout_time == 951782402);
    assert_true(a->last_bad_password == LSA_ACCOUNTS_NEVER && a->lockout_time == LSA_ACCOUNTS_NEVER);
    assert_int_equal(b->bad_password_count, 0);
    assert_int_equal(b->logon_count, 0);
    lsa_accounts_free(db);
}

static void test_policy_defaults(void **state)
{
    lsa_accounts_db *db = parse_ok("[a]\n" PW);
    const lsa_accounts_policy *p = lsa_accounts_get_policy(db);

    (void)state;
    assert_int_equal(p->max_password_age_days, 42);
    assert_int_equal(p->min_password_age_days, 0);
    assert_int_equal(p->min_password_length, 0);
    assert_int_equal(p->lockout_threshold, 0);
    assert_int_equal(p->lockout_duration_minutes, 30);
    assert_int_equal(p->lockout_observation_minutes, 30);
    assert_memory_equal(lsa_accounts_get_policy(NULL), p, sizeof(*p));
    lsa_accounts_free(db);
    /* an empty policy section, and one between accounts */
    db = parse_ok("[a]\n" PW "[:policy]\n[b]\n" PW);
    assert_int_equal(lsa_accounts_count(db), 2);
    assert_int_equal(lsa_accounts_get_policy(db)->max_password_age_days, 42);
    lsa_accounts_free(db);
}

/* ---- the formatter ---- */

static void assert_same_string(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void assert_same_db(const lsa_accounts_db *x, const lsa_accounts_db *y)
{
    assert_memory_equal(lsa_accounts_get_policy(x), lsa_accounts_get_policy(y), sizeof(lsa_accounts_policy));
    assert_int_equal(lsa_accounts_count(x), lsa_accounts_count(y));
    for (size_t i = 0; i < lsa_accounts_count(x); i++) {
        const lsa_account *a = lsa_accounts_at(x, i);
        const lsa_account *b = lsa_accounts_at(y, i);

        assert_same_string(a->name, b->name);
        assert_same_string(a->domain, b->domain);
        assert_same_string(a->full_name, b->full_name);
        assert_same_string(a->password, b->password);
        assert_int_equal(a->has_nt_hash, b->has_nt_hash);
        if (a->has_nt_hash)
            assert_memory_equal(a->nt_hash, b->nt_hash, 16);
        assert_int_equal(a->rid, b->rid);
        assert_same_string(a->groups, b->groups);
        assert_same_string(a->primary_group, b->primary_group);
        assert_same_string(a->home_directory, b->home_directory);
        assert_same_string(a->home_directory_drive, b->home_directory_drive);
        assert_same_string(a->profile_path, b->profile_path);
        assert_same_string(a->logon_script, b->logon_script);
        assert_same_string(a->workstations, b->workstations);
        assert_int_equal(a->flags, b->flags);
        assert_true(a->account_expires == b->account_expires);
        assert_true(a->password_last_set == b->password_last_set);
        assert_true(a->last_logon == b->last_logon);
        assert_true(a->last_bad_password == b->last_bad_password);
        assert_true(a->lockout_time == b->lockout_time);
        assert_memory_equal(a->logon_hours, b->logon_hours, 21);
        assert_int_equal(a->bad_password_count, b->bad_password_count);
        assert_int_equal(a->logon_count, b->logon_count);
    }
}

/* format, parse back, compare; formatting the copy gives the same text (the format is canonical) */
static void round_trip(const char *text)
{
    lsa_accounts_db *db = parse_ok(text);
    lsa_accounts_db *back;
    char *out, *again;
    size_t len, len2;

    assert_int_equal(lsa_accounts_format(db, &out, &len), LSA_ACCOUNTS_OK);
    assert_int_equal(strlen(out), len);
    back = parse_ok(out);
    assert_same_db(db, back);
    assert_int_equal(lsa_accounts_format(back, &again, &len2), LSA_ACCOUNTS_OK);
    assert_int_equal(len, len2);
    assert_memory_equal(out, again, len);
    lsa_accounts_format_free(out, len);
    lsa_accounts_format_free(again, len2);
    lsa_accounts_free(db);
    lsa_accounts_free(back);
}

static void test_format_round_trip(void **state)
{
    (void)state;
    round_trip("");
    round_trip(sample);
    round_trip(rich);
    round_trip(all_fields);
    round_trip("[a]\npassword = \"  lead\"\n[b]\npassword = \"trail \"\n[c]\npassword = \"\\\"q\"\n"
               "[d]\npassword = a#b;c\n[e]\npassword = \"x ;y\"\nfull_name = \"\\\\ #\"\n[f]\npassword =\n"
               "[g]\npassword = \"\t\"\n[h #x]\npassword = \"\\\"\"\ndomain = \"D #1\"\n"
               "[i]\npassword = p\nlast_logon = 1969-12-31T23:59:59Z\npassword_last_set = 1970-01-01T00:00:00Z\n");
}

/* The lockout policy (accounts_lockout.h): threshold, lockout time, duration, observation window, success. */
static void test_lockout_policy(void **state)
{
    lsa_accounts_policy p = { 42, 0, 0, 3, 30, 30 }; /* threshold 3; duration and observation 30 minutes */
    lsa_account a;
    int64_t t = 1795271400; /* 2026-11-21T14:30:00Z */

    (void)state;
    memset(&a, 0, sizeof(a));
    a.last_bad_password = a.lockout_time = a.last_logon = LSA_ACCOUNTS_NEVER;
    lsa_lockout_note_bad_password(&a, &p, t);
    lsa_lockout_note_bad_password(&a, &p, t + 60);
    assert_int_equal(a.bad_password_count, 2);
    assert_true(a.last_bad_password == t + 60);
    assert_false(a.flags & LSA_ACCOUNT_LOCKED_OUT);
    /* Past the observation window the count starts again. */
    lsa_lockout_note_bad_password(&a, &p, t + 60 + 30 * 60);
    assert_int_equal(a.bad_password_count, 1);
    lsa_lockout_note_bad_password(&a, &p, t + 2000);
    lsa_lockout_note_bad_password(&a, &p, t + 2001);
    assert_int_equal(a.bad_password_count, 3);
    assert_true(a.flags & LSA_ACCOUNT_LOCKED_OUT);
    assert_true(a.lockout_time == t + 2001);
    assert_true(lsa_lockout_active(a.flags, a.lockout_time, &p, t + 2001 + 30 * 60 - 1));
    assert_false(lsa_lockout_active(a.flags, a.lockout_time, &p, t + 2001 + 30 * 60));
    /* Wrong passwords while locked change nothing: no count, no newer last_bad_password, the lockout keeps its
     * time (a spray neither extends it nor leaves a count that would relock at once when it ends). */
    lsa_lockout_note_bad_password(&a, &p, t + 2100);
    assert_true(a.lockout_time == t + 2001);
    assert_int_equal(a.bad_password_count, 3);
    assert_true(a.last_bad_password == t + 2001);
    assert_true(a.flags & LSA_ACCOUNT_LOCKED_OUT);
    lsa_lockout_note_bad_password(&a, &p, t + 2001 + 30 * 60 - 1);
    assert_int_equal(a.bad_password_count, 3);
    assert_true(a.lockout_time == t + 2001);
    /* Once the lockout has run out, a wrong password starts afresh. */
    lsa_lockout_note_bad_password(&a, &p, t + 2001 + 31 * 60);
    assert_false(a.flags & LSA_ACCOUNT_LOCKED_OUT);
    assert_true(a.lockout_time == LSA_ACCOUNTS_NEVER);
    assert_int_equal(a.bad_password_count, 1);
    /* A success resets the count, the lockout, and counts the logon. */
    assert_int_equal(lsa_lockout_note_success(&a, t + 5000), 1);
    assert_int_equal(a.bad_password_count, 0);
    assert_int_equal(a.logon_count, 1);
    assert_true(a.last_logon == t + 5000);
    assert_true(a.last_bad_password == t + 2001 + 31 * 60); /* history kept: LastFailedLogon */
    /* Duration 0, or no lockout_time: locked until unlocked. */
    p.lockout_duration_minutes = 0;
    assert_true(lsa_lockout_active(LSA_ACCOUNT_LOCKED_OUT, t, &p, INT64_MAX - 1));
    p.lockout_duration_minutes = 30;
    assert_true(lsa_lockout_active(LSA_ACCOUNT_LOCKED_OUT, LSA_ACCOUNTS_NEVER, &p, t));
    assert_false(lsa_lockout_active(0, t, &p, t));
    /* Threshold 0: never locks. */
    p.lockout_threshold = 0;
    memset(&a, 0, sizeof(a));
    a.last_bad_password = a.lockout_time = LSA_ACCOUNTS_NEVER;
    for (int i = 0; i < 100; i++)
        lsa_lockout_note_bad_password(&a, &p, t + i);
    assert_false(a.flags & LSA_ACCOUNT_LOCKED_OUT);
    assert_int_equal(a.bad_password_count, 100);
}

static void test_format_canonical_text(void **state)
{
    lsa_accounts_db *db = parse_ok("; gone\n[a]\nPassword = x ; gone too\nlogon_hours = all\ndisabled = no\n"
                                   "[b]\nnt_hash = " HASH "\ndomain = CORP\nfull_name = B\nlocked_out = 1\n"
                                   "logon_hours = 0100000000000000000000000000000000000000ff\n"
                                   "account_expires = 2026-11-21T14:30:00Z\n[:policy]\nlockout_threshold = 3\n");
    char *out;
    size_t len;

    (void)state;
    assert_int_equal(lsa_accounts_format(db, &out, &len), LSA_ACCOUNTS_OK);
    assert_string_equal(out, "# lsaemu accounts database, written by lsaemu_accounts (comments are not kept; see "
                             "README.md)\n\n"
                             "[:policy]\nmax_password_age_days = 42\nmin_password_age_days = 0\n"
                             "min_password_length = 0\nlockout_threshold = 3\nlockout_duration_minutes = 30\n"
                             "lockout_observation_minutes = 30\n\n"
                             "[a]\npassword = x\nrid = 1001\n\n"
                             "[b]\nnt_hash = 0123456789ABCDEF0123456789ABCDEF\ndomain = CORP\nrid = 1002\n"
                             "full_name = B\nlocked_out = yes\naccount_expires = 2026-11-21T14:30:00Z\n"
                             "logon_hours = 0100000000000000000000000000000000000000FF\n\n");
    lsa_accounts_format_free(out, len);
    lsa_accounts_free(db);
}

/* ---- editing ---- */

static void test_edit(void **state)
{
    static const uint8_t hash[16] = { 0xC0, 0xFF, 0xEE, 0x12, 0x34, 0x56, 0x78, 0x9A, 1, 2, 3, 4, 5, 6, 7, 8 };
    lsa_accounts_db *db = parse_ok("[alice]\npassword = Hunter2-Unique\nrid = 1005\n[x]\n" PW "domain = CORP\n");
    lsa_account *a, *n;
    char *out;
    size_t len;
    lsa_accounts_db *back;

    (void)state;
    /* add: rids above the largest of the domain, duplicates and bad names refused */
    assert_int_equal(lsa_accounts_add(db, NULL, "bob", &n), LSA_ACCOUNTS_OK);
    assert_int_equal(n->rid, 1006);
    assert_int_equal(n->line, 0);
    assert_string_equal(n->full_name, "");
    assert_true(n->account_expires == LSA_ACCOUNTS_NEVER);
    assert_int_equal(lsa_accounts_format(db, &out, &len), LSA_ACCOUNTS_NO_SECRET); /* bob has none yet */
    assert_null(out);
    lsa_account_set_nt_hash(n, hash);
    assert_int_equal(lsa_accounts_add(db, "CORP", "y", &n), LSA_ACCOUNTS_OK);
    assert_int_equal(n->rid, 1003); /* x has the default 1002 */
    assert_string_equal(n->domain, "CORP");
    lsa_account_set_nt_hash(n, hash);
    assert_int_equal(lsa_accounts_add(db, ".", "ALICE", &n), LSA_ACCOUNTS_DUPLICATE_ACCOUNT);
    assert_null(n);
    assert_int_equal(lsa_accounts_add(db, NULL, "a:b", &n), LSA_ACCOUNTS_BAD_SECTION);
    assert_int_equal(lsa_accounts_add(db, NULL, ":policy", &n), LSA_ACCOUNTS_BAD_SECTION);
    assert_int_equal(lsa_accounts_add(db, NULL, "", &n), LSA_ACCOUNTS_BAD_SECTION);
    assert_int_equal(lsa_accounts_add(db, "A\\B", "z", &n), LSA_ACCOUNTS_BAD_DOMAIN);
    assert_int_equal(lsa_accounts_count(db), 4);

    /* set: validated like the file, nothing changes on failure */
    a = lsa_accounts_find_mutable(db, NULL, "Alice");
    assert_non_null(a);
    assert_int_equal(lsa_accounts_set(db, a, "full_name", " Alice ; Example "), LSA_ACCOUNTS_OK);
    assert_string_equal(a->full_name, "Alice ; Example");
    assert_int_equal(lsa_accounts_set(db, a, "Groups", "Users, Administrators"), LSA_ACCOUNTS_OK);
    assert_string_equal(a->groups, "Users,Administrators");
    assert_int_equal(lsa_accounts_set(db, a, "groups", "Users,,x"), LSA_ACCOUNTS_BAD_LIST);
    assert_string_equal(a->groups, "Users,Administrators");
    assert_int_equal(lsa_accounts_set(db, a, "disabled", "yes"), LSA_ACCOUNTS_OK);
    assert_int_equal(a->flags, LSA_ACCOUNT_DISABLED);
    assert_int_equal(lsa_accounts_set(db, a, "disabled", "no"), LSA_ACCOUNTS_OK);
    assert_int_equal(a->flags, 0);
    assert_int_equal(lsa_accounts_set(db, a, "account_expires", "2030-01-01T00:00:00Z"), LSA_ACCOUNTS_OK);
    assert_int_equal(lsa_accounts_set(db, a, "account_expires", "soon"), LSA_ACCOUNTS_BAD_TIME);
    assert_true(a->account_expires == 1893456000);
    assert_int_equal(lsa_accounts_set(db, a, "logon_count", "7"), LSA_ACCOUNTS_OK);
    assert_int_equal(a->logon_count, 7);
    assert_int_equal(lsa_accounts_set(db, a, "rid", "1006"), LSA_ACCOUNTS_DUPLICATE_RID); /* bob's */
    assert_int_equal(a->rid, 1005);
    assert_int_equal(lsa_accounts_set(db, a, "rid", "1003"), LSA_ACCOUNTS_OK); /* CORP\y's, another domain */
    assert_int_equal(lsa_accounts_set(db, a, "domain", "CORP"), LSA_ACCOUNTS_DUPLICATE_ACCOUNT);
    assert_null(a->domain);
    assert_int_equal(lsa_accounts_set(db, a, "domain", "."), LSA_ACCOUNTS_OK);
    assert_null(a->domain);
    assert_int_equal(lsa_accounts_set(db, a, "password", "x"), LSA_ACCOUNTS_UNKNOWN_KEY);
    assert_int_equal(lsa_accounts_set(db, a, "nt_hash", HASH), LSA_ACCOUNTS_UNKNOWN_KEY);
    assert_int_equal(lsa_accounts_set(db, a, "colour", "x"), LSA_ACCOUNTS_UNKNOWN_KEY);
    assert_int_equal(lsa_accounts_set(db, a, "lockout_threshold", "3"), LSA_ACCOUNTS_UNKNOWN_KEY);
    assert_int_equal(lsa_accounts_set(db, a, "full_name", "a\nb"), LSA_ACCOUNTS_SYNTAX);
    assert_int_equal(lsa_accounts_set(db, a, "full_name", "\xFF"), LSA_ACCOUNTS_BAD_UTF8);
    assert_string_equal(a->full_name, "Alice ; Example");
    /* the policy */
    assert_int_equal(lsa_accounts_set(db, NULL, "lockout_threshold", "3"), LSA_ACCOUNTS_OK);
    assert_int_equal(lsa_accounts_set(db, NULL, "lockout_threshold", "1000"), LSA_ACCOUNTS_BAD_COUNT);
    assert_int_equal(lsa_accounts_set(db, NULL, "disabled", "yes"), LSA_ACCOUNTS_UNKNOWN_KEY);
    assert_int_equal(lsa_accounts_get_policy(db)->lockout_threshold, 3);

    /* the hash replaces the clear text, which is wiped */
    secret_to_find = "Hunter2-Unique";
    secret_len = 14;
    secret_leaks = 0;
    lsa_account_set_nt_hash(a, hash);
    secret_to_find = NULL;
    assert_int_equal(secret_leaks, 0);
    assert_null(a->password);
    assert_true(a->has_nt_hash);

    assert_int_equal(lsa_accounts_format(db, &out, &len), LSA_ACCOUNTS_OK);
    assert_null(strstr(out, "Hunter2")); /* alice now has only the hash */
    back = parse_ok(out);
    assert_same_db(db, back);
    lsa_accounts_free(back);
    lsa_accounts_format_free(out, len);

    /* remove */
    assert_int_equal(lsa_accounts_remove(db, NULL, "BOB"), LSA_ACCOUNTS_OK);
    assert_int_equal(lsa_accounts_remove(db, NULL, "bob"), LSA_ACCOUNTS_NOT_FOUND);
    assert_int_equal(lsa_accounts_remove(db, NULL, "y"), LSA_ACCOUNTS_NOT_FOUND); /* y is CORP's */
    assert_int_equal(lsa_accounts_remove(db, "corp", "y"), LSA_ACCOUNTS_OK);
    assert_int_equal(lsa_accounts_count(db), 2);
    assert_string_equal(lsa_accounts_at(db, 1)->name, "x");
    assert_null(lsa_accounts_find_mutable(db, NULL, "bob"));
    lsa_accounts_free(db);
}

/* Every allocation of add, set and format failing in turn: a clean NOMEM, the database unchanged and still usable. */
static void test_edit_allocation_failures(void **state)
{
    (void)state;
    for (int op = 0; op < 3; op++) {
        size_t total;

        for (long fail_at = 0;; fail_at++) {
            lsa_accounts_db *db = parse_ok(all_fields);
            lsa_account *n = NULL;
            char *out = NULL;
            size_t len = 0;
            lsa_accounts_status st;

            allocations_made = 0;
            allocations_until_failure = fail_at;
            if (op == 0)
                st = lsa_accounts_add(db, "CORP", "newcomer", &n);
            else if (op == 1)
                st = lsa_accounts_set(db, lsa_accounts_find_mutable(db, NULL, "alice"), "groups", "a, b");
            else
                st = lsa_accounts_format(db, &out, &len);
            total = allocations_made;
            allocations_until_failure = -1;
            if (st == LSA_ACCOUNTS_OK) {
                lsa_accounts_format_free(out, len);
                lsa_accounts_free(db);
                break;
            }
            assert_int_equal(st, LSA_ACCOUNTS_NOMEM);
            assert_null(out);
            assert_int_equal(lsa_accounts_count(db), 2);
            assert_string_equal(lsa_accounts_at(db, 0)->groups, "Users,S-1-5-32-544,Remote Desktop Users");
            lsa_accounts_free(db);
        }
        assert_true(total >= 1);
    }
}

static void test_format_secrets_wiped(void **state)
{
    lsa_accounts_db *db;
    char *out;
    size_t len;

    (void)state;
    /* enough accounts to make the output buffer grow several times */
    db = parse_ok("[a]\npassword = Hunter2-Unique\n[b]\n" PW "[c]\n" PW "[d]\n" PW "[e]\n" PW "[f]\n" PW "[g]\n" PW
                  "[h]\n" PW "[i]\n" PW "[j]\n" PW "[k]\n" PW "[l]\n" PW "[m]\n" PW "[n]\n" PW "[o]\n" PW);
    secret_to_find = "Hunter2-Unique";
    secret_len = 14;
    secret_leaks = 0;
    assert_int_equal(lsa_accounts_format(db, &out, &len), LSA_ACCOUNTS_OK);
    assert_non_null(strstr(out, "Hunter2-Unique"));
    lsa_accounts_format_free(out, len);
    lsa_accounts_free(db);
    secret_to_find = NULL;
    assert_int_equal(secret_leaks, 0);
}

static void test_status_names(void **state)
{
    (void)state;
    for (int i = LSA_ACCOUNTS_OK; i <= LSA_ACCOUNTS_LAST; i++) {
        const char *name = lsa_accounts_status_name((lsa_accounts_status)i);

        assert_non_null(name);
        assert_string_not_equal(name, lsa_accounts_status_name((lsa_accounts_status)999));
        for (int j = 0; j < i; j++)
            assert_string_not_equal(name, lsa_accounts_status_name((lsa_accounts_status)j));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_file),
        cmocka_unit_test(test_bom_crlf_and_no_final_newline),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_password_edge_values),
        cmocka_unit_test(test_default_rids),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_broken_table),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_length_limits),
        cmocka_unit_test(test_file_size_limit),
        cmocka_unit_test(test_many_accounts),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_every_allocation_failure),
        cmocka_unit_test(test_secrets_wiped_on_free),
        cmocka_unit_test(test_all_fields),
        cmocka_unit_test(test_policy_defaults),
        cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_lockout_policy),
        cmocka_unit_test(test_format_canonical_text),
        cmocka_unit_test(test_edit),
        cmocka_unit_test(test_edit_allocation_failures),
        cmocka_unit_test(test_format_secrets_wiped),
        cmocka_unit_test(test_status_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
