/* The commands that change the accounts file. Each runs as the store's update callback on the freshly read database,
 * inside the writers' lock; on any error nothing is written. */
#include "lsaemu_accounts.h" /* windows.h first: bcrypt.h needs its types */

#include <bcrypt.h>
#include <stdio.h>
#include <string.h>

#include "lsa_utf.h"

#define MAX_USER (2 * LSA_ACCOUNTS_MAX_NAME + 2)

static int abort_with(int code)
{
    return TOOL_ABORT + code;
}

static int bad_value(const char *what, lsa_accounts_status st)
{
    fprintf(stderr, "lsaemu_accounts: %s: %s\n", what, lsa_accounts_status_name(st));
    return abort_with(st == LSA_ACCOUNTS_NOT_FOUND ? EXIT_NOT_FOUND : EXIT_USAGE);
}

void tool_split_user(const char *user, char *buf, size_t size, const char **domain, const char **name)
{
    const char *slash = strchr(user, '\\');

    *domain = NULL;
    *name = user;
    if (slash && (size_t)(slash - user) < size) {
        memcpy(buf, user, (size_t)(slash - user));
        buf[slash - user] = '\0';
        *domain = buf;
        *name = slash + 1;
    }
}

/* MD4 of the UTF-16LE password, as MSV1_0 computes it (bcrypt). */
static BOOL nt_hash(const char *password, uint8_t hash[16])
{
    size_t cap = strlen(password) * 2 + 2;
    uint8_t *utf16 = malloc(cap);
    BCRYPT_ALG_HANDLE alg = NULL;
    BCRYPT_HASH_HANDLE h = NULL;
    size_t bytes = 0;
    BOOL ok;

    if (!utf16)
        return FALSE;
    ok = lsa_utf8_to_utf16le(password, utf16, cap, &bytes) == 0 &&
         BCRYPT_SUCCESS(BCryptOpenAlgorithmProvider(&alg, BCRYPT_MD4_ALGORITHM, NULL, 0)) &&
         BCRYPT_SUCCESS(BCryptCreateHash(alg, &h, NULL, 0, NULL, 0, 0)) &&
         BCRYPT_SUCCESS(BCryptHashData(h, utf16, (ULONG)bytes, 0)) &&
         BCRYPT_SUCCESS(BCryptFinishHash(h, hash, 16, 0));
    if (h)
        BCryptDestroyHash(h);
    if (alg)
        BCryptCloseAlgorithmProvider(alg, 0);
    SecureZeroMemory(utf16, cap);
    free(utf16);
    return ok;
}

static int set_password(lsa_account *a, const char *password)
{
    uint8_t hash[16];

    if (!nt_hash(password, hash)) {
        fputs("lsaemu_accounts: cannot compute the NT hash (bcrypt MD4)\n", stderr);
        return abort_with(EXIT_FILE);
    }
    lsa_account_set_nt_hash(a, hash);
    SecureZeroMemory(hash, sizeof(hash));
    return LSA_STORE_WRITE;
}

static int parse_hash(const char *text, uint8_t hash[16])
{
    if (strlen(text) != 32)
        return 0;
    for (int i = 0; i < 16; i++) {
        unsigned v;

        if (sscanf(text + 2 * i, "%2x", &v) != 1 || !strchr("0123456789abcdefABCDEF", text[2 * i]) ||
            !strchr("0123456789abcdefABCDEF", text[2 * i + 1]))
            return 0;
        hash[i] = (uint8_t)v;
    }
    return 1;
}

/* Every hand-written clear-text password becomes its hash: the file never keeps one once the tool has written it. */
static int hash_clear_passwords(lsa_accounts_db *db)
{
    for (size_t i = 0; i < lsa_accounts_count(db); i++) {
        const lsa_account *a = lsa_accounts_at(db, i);

        if (a->password) {
            int r = set_password(lsa_accounts_find_mutable(db, a->domain, a->name), a->password);

            if (r != LSA_STORE_WRITE)
                return r;
        }
    }
    return LSA_STORE_WRITE;
}

static lsa_account *find_user(lsa_accounts_db *db, const char *user)
{
    char buf[MAX_USER];
    const char *domain, *name;
    lsa_account *a;

    tool_split_user(user, buf, sizeof(buf), &domain, &name);
    a = lsa_accounts_find_mutable(db, domain, name);
    if (!a)
        fprintf(stderr, "lsaemu_accounts: no account %s\n", user);
    return a;
}

static int cmd_add(lsa_accounts_db *db, int argc, char **argv)
{
    const char *password = NULL, *hash_text = NULL, *full_name = NULL, *rid = NULL, *domain = NULL;
    char buf[MAX_USER];
    const char *name;
    uint8_t hash[16];
    lsa_accounts_status st;
    lsa_account *a;

    for (int i = 1; i < argc; i += 2) {
        const char **slot = !strcmp(argv[i], "--password")    ? &password
                            : !strcmp(argv[i], "--nt-hash")   ? &hash_text
                            : !strcmp(argv[i], "--full-name") ? &full_name
                            : !strcmp(argv[i], "--rid")       ? &rid
                            : !strcmp(argv[i], "--domain")    ? &domain
                                                              : NULL;

        if (!slot || i + 1 >= argc || *slot) {
            fprintf(stderr, "lsaemu_accounts: add: unexpected %s\n", argv[i]);
            return abort_with(EXIT_USAGE);
        }
        *slot = argv[i + 1];
    }
    if (!password == !hash_text) {
        fputs("lsaemu_accounts: add needs exactly one of --password and --nt-hash\n", stderr);
        return abort_with(EXIT_USAGE);
    }
    if (hash_text && !parse_hash(hash_text, hash)) {
        fputs("lsaemu_accounts: --nt-hash needs 32 hex digits\n", stderr);
        return abort_with(EXIT_USAGE);
    }
    if (domain)
        name = argv[0];
    else
        tool_split_user(argv[0], buf, sizeof(buf), &domain, &name);
    st = lsa_accounts_add(db, domain, name, &a);
    if (st != LSA_ACCOUNTS_OK)
        return bad_value(argv[0], st);
    if (full_name && (st = lsa_accounts_set(db, a, "full_name", full_name)) != LSA_ACCOUNTS_OK)
        return bad_value("--full-name", st);
    if (rid && (st = lsa_accounts_set(db, a, "rid", rid)) != LSA_ACCOUNTS_OK)
        return bad_value("--rid", st);
    if (hash_text) {
        lsa_account_set_nt_hash(a, hash);
        SecureZeroMemory(hash, sizeof(hash));
        return LSA_STORE_WRITE;
    }
    return set_password(a, password);
}

/* key=value arguments applied to an account, or to the policy when a is NULL. */
static int apply_settings(lsa_accounts_db *db, lsa_account *a, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        lsa_accounts_status st;

        if (!eq || eq == argv[i]) {
            fprintf(stderr, "lsaemu_accounts: expected key=value, got %s\n", argv[i]);
            return abort_with(EXIT_USAGE);
        }
        *eq = '\0';
        st = lsa_accounts_set(db, a, argv[i], eq + 1);
        if (st == LSA_ACCOUNTS_UNKNOWN_KEY && a && (!_stricmp(argv[i], "password") || !_stricmp(argv[i], "nt_hash")))
            fputs("lsaemu_accounts: use passwd to change a password\n", stderr);
        if (st != LSA_ACCOUNTS_OK)
            return bad_value(argv[i], st);
        *eq = '=';
    }
    return LSA_STORE_WRITE;
}

typedef struct command_spec {
    const char *name;
    int min_args, max_args; /* -1: no maximum */
} command_spec;

static const command_spec changes[] = {
    { "add", 1, -1 },    { "remove", 1, 1 }, { "passwd", 2, 2 }, { "enable", 1, 1 },
    { "disable", 1, 1 }, { "unlock", 1, 1 }, { "set", 2, -1 },   { "policy", 1, -1 },
};

int tool_is_change(const char *name)
{
    for (size_t i = 0; i < ARRAYSIZE(changes); i++) {
        if (!strcmp(changes[i].name, name))
            return 1;
    }
    return 0;
}

static int dispatch(lsa_accounts_db *db, const tool_command *cmd)
{
    const char *n = cmd->name;
    char **argv = cmd->argv;
    char buf[MAX_USER];
    const char *domain, *name;
    lsa_account *a;

    if (!strcmp(n, "add"))
        return cmd_add(db, cmd->argc, argv);
    if (!strcmp(n, "policy"))
        return apply_settings(db, NULL, cmd->argc, argv);
    if (!strcmp(n, "remove")) {
        tool_split_user(argv[0], buf, sizeof(buf), &domain, &name);
        if (lsa_accounts_remove(db, domain, name) == LSA_ACCOUNTS_OK)
            return LSA_STORE_WRITE;
        fprintf(stderr, "lsaemu_accounts: no account %s\n", argv[0]);
        return abort_with(EXIT_NOT_FOUND);
    }
    if (!(a = find_user(db, argv[0])))
        return abort_with(EXIT_NOT_FOUND);
    if (!strcmp(n, "passwd"))
        return set_password(a, argv[1]);
    if (!strcmp(n, "set"))
        return apply_settings(db, a, cmd->argc - 1, argv + 1);
    if (!strcmp(n, "enable") || !strcmp(n, "disable"))
        return lsa_accounts_set(db, a, "disabled", n[0] == 'd' ? "yes" : "no") == LSA_ACCOUNTS_OK
                   ? LSA_STORE_WRITE : abort_with(EXIT_FILE);
    /* unlock: as Windows' "unlock account", which also forgets the failed attempts */
    if (lsa_accounts_set(db, a, "locked_out", "no") != LSA_ACCOUNTS_OK ||
        lsa_accounts_set(db, a, "lockout_time", "never") != LSA_ACCOUNTS_OK ||
        lsa_accounts_set(db, a, "bad_password_count", "0") != LSA_ACCOUNTS_OK)
        return abort_with(EXIT_FILE);
    return LSA_STORE_WRITE;
}

int tool_change(lsa_accounts_db *db, void *context)
{
    const tool_command *cmd = context;
    int r;

    for (size_t i = 0; i < ARRAYSIZE(changes); i++) {
        if (strcmp(changes[i].name, cmd->name))
            continue;
        if (cmd->argc < changes[i].min_args || (changes[i].max_args >= 0 && cmd->argc > changes[i].max_args)) {
            fprintf(stderr, "lsaemu_accounts: %s: wrong number of arguments (see --help)\n", cmd->name);
            return abort_with(EXIT_USAGE);
        }
    }
    r = dispatch(db, cmd);
    return r == LSA_STORE_WRITE ? hash_clear_passwords(db) : r;
}
