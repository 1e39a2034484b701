/* lsaemu_accounts: manages the accounts database the MSV1_0 package reads (see README.md, "The accounts tool").
 *
 *   lsaemu_accounts [--file F] COMMAND ...
 *
 * The file: --file, else what the MSV1_0 package uses (LSAEMU_ACCOUNTS, the registry, %ProgramData%). Changes are
 * made under the store's lock and written atomically. Exit codes: 0 ok, 1 usage, 2 not found, 3 file error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsaemu_accounts.h"

static const char usage_text[] =
    "usage: lsaemu_accounts [--file FILE] COMMAND ...\n"
    "  add USER [--password P | --nt-hash H] [--full-name N] [--rid N] [--domain D]\n"
    "  remove USER\n"
    "  passwd USER PASSWORD\n"
    "  enable USER | disable USER | unlock USER\n"
    "  set USER key=value ...     e.g. account_expires=2027-01-01T00:00:00Z logon_hours=all\n"
    "                             workstations=PC1,PC2 groups=Users home_directory=... must_change_password=yes\n"
    "  list\n"
    "  show USER                  every field except secrets\n"
    "  policy [key=value ...]     without arguments: show the policy\n"
    "USER is NAME or DOMAIN\\NAME. The file: --file, else LSAEMU_ACCOUNTS, else HKLM\\Software\\lsaemu\n"
    "AccountsFile, else %ProgramData%\\lsaemu\\accounts.ini. Writing the file drops its comments and replaces\n"
    "hand-written `password =` lines by `nt_hash =`. Passwords and hashes are never printed.\n"
    "Exit codes: 0 ok, 1 usage, 2 not found, 3 file error.\n";

static int usage(void)
{
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}

/* The command line in UTF-8 (names and passwords may be any Unicode). */
static char **utf8_args(int argc, wchar_t **argv)
{
    char **out = calloc((size_t)argc + 1, sizeof(*out));

    if (!out)
        return NULL;
    for (int i = 0; i < argc; i++) {
        int n = WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, NULL, 0, NULL, NULL);

        if (n <= 0 || !(out[i] = malloc((size_t)n)))
            return NULL;
        WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, out[i], n, NULL, NULL);
    }
    return out;
}

static void wipe_args(int argc, char **args, wchar_t **argv)
{
    /* a password may be among them */
    for (int i = 0; i < argc; i++) {
        if (args[i]) {
            SecureZeroMemory(args[i], strlen(args[i]));
            free(args[i]);
        }
        SecureZeroMemory(argv[i], wcslen(argv[i]) * sizeof(WCHAR));
    }
    free(args);
}

static void print_path(const char *what, const WCHAR *path)
{
    char utf8[LSA_STORE_PATH_MAX * 3];

    if (!WideCharToMultiByte(CP_UTF8, 0, path, -1, utf8, sizeof(utf8), NULL, NULL))
        strcpy(utf8, "?");
    fprintf(stderr, "lsaemu_accounts: %s %s", what, utf8);
}

static int file_error(const WCHAR *path, const lsa_store_error *err)
{
    print_path("accounts file", path);
    switch (err->status) {
    case LSA_STORE_PARSE:
        fprintf(stderr, ":%u: %s\n", err->parse.line, lsa_accounts_status_name(err->parse.status));
        break;
    case LSA_STORE_IO:
    case LSA_STORE_LOCKED:
        fprintf(stderr, ": %s (Windows error %lu)\n", lsa_store_status_name(err->status), (unsigned long)err->win32);
        break;
    case LSA_STORE_FORMAT:
        fprintf(stderr, ": %s: %s\n", lsa_store_status_name(err->status), lsa_accounts_status_name(err->parse.status));
        break;
    default:
        fprintf(stderr, ": %s\n", lsa_store_status_name(err->status));
        break;
    }
    return EXIT_FILE;
}

static int run(const WCHAR *path, tool_command *cmd)
{
    lsa_store_error err;
    lsa_accounts_db *db;
    int code;

    if (!tool_is_change(cmd->name) && strcmp(cmd->name, "list") != 0 && strcmp(cmd->name, "show") != 0) {
        fprintf(stderr, "lsaemu_accounts: unknown command %s\n", cmd->name);
        return usage();
    }
    tool_flush_lsa();
    if (tool_is_change(cmd->name) && !(strcmp(cmd->name, "policy") == 0 && cmd->argc == 0)) {
        if (lsa_store_update(path, tool_change, cmd, &err) == LSA_STORE_OK)
            return EXIT_OK;
        if (err.status == LSA_STORE_CALLBACK)
            return err.callback - TOOL_ABORT;
        return file_error(path, &err);
    }
    if (lsa_store_load(path, &db, &err) != LSA_STORE_OK)
        return file_error(path, &err);
    if (strcmp(cmd->name, "list") == 0 && cmd->argc == 0)
        code = tool_list(db);
    else if (strcmp(cmd->name, "show") == 0 && cmd->argc == 1)
        code = tool_show(db, cmd->argv[0]);
    else if (strcmp(cmd->name, "policy") == 0)
        code = tool_show_policy(db);
    else
        code = usage();
    lsa_accounts_free(db);
    return code;
}

int wmain(int argc, wchar_t **argv)
{
    WCHAR path[LSA_STORE_PATH_MAX];
    char **args = utf8_args(argc, argv);
    tool_command cmd;
    int first = 1;
    int code;

    if (!args) {
        fputs("lsaemu_accounts: out of memory\n", stderr);
        return EXIT_FILE;
    }
    SetConsoleOutputCP(CP_UTF8);
    if (argc >= 3 && wcscmp(argv[1], L"--file") == 0) {
        if (wcslen(argv[2]) >= LSA_STORE_PATH_MAX || !argv[2][0]) {
            wipe_args(argc, args, argv);
            return usage();
        }
        wcscpy(path, argv[2]);
        lsa_store_from_host_path(path);
        first = 3;
    } else {
        lsa_store_default_path(path);
    }
    if (first >= argc || strcmp(args[first], "--help") == 0 || strcmp(args[first], "-h") == 0) {
        code = first >= argc ? usage() : (fputs(usage_text, stdout), EXIT_OK);
    } else {
        cmd.name = args[first];
        cmd.argc = argc - first - 1;
        cmd.argv = args + first + 1;
        code = run(path, &cmd);
    }
    wipe_args(argc, args, argv);
    return code;
}
