/* The accounts tool's parts: lsaemu_accounts.c (arguments, file, dispatch), lsaemu_accounts_cmds.c (the commands
 * that change the file, run inside the store's locked update), lsaemu_accounts_show.c (list, show, policy),
 * lsaemu_accounts_flush.c (the LSA's statistics written first). */
#ifndef LSAEMU_TOOLS_LSAEMU_ACCOUNTS_H
#define LSAEMU_TOOLS_LSAEMU_ACCOUNTS_H

#include "accounts_store.h"

/* Exit codes. */
#define EXIT_OK 0
#define EXIT_USAGE 1     /* bad command line or value */
#define EXIT_NOT_FOUND 2 /* no such account */
#define EXIT_FILE 3      /* the file cannot be read, parsed, locked or written */

/* A command's arguments after the command name, UTF-8. */
typedef struct tool_command {
    const char *name;
    int argc;
    char **argv;
} tool_command;

/* Store callbacks return LSA_STORE_WRITE, or TOOL_ABORT + an exit code. */
#define TOOL_ABORT 100

/* The changing commands: lsa_store_update callback; context is a tool_command. Every write also replaces hand-written
 * `password =` lines by their NT hash. */
int tool_change(lsa_accounts_db *db, void *context);
int tool_is_change(const char *name);

/* The reading commands; return an exit code. */
int tool_list(const lsa_accounts_db *db);
int tool_show(const lsa_accounts_db *db, const char *user);
int tool_show_policy(const lsa_accounts_db *db);

/* Has the LSA write the logon statistics it holds in memory to the file first (lsaemu_accounts_flush.c). A failure is
 * reported on stderr and the command goes on: the file is always whole, at worst one write delay behind. */
void tool_flush_lsa(void);

/* "DOMAIN\user" or "user" split into domain (NULL when local) and name, in buf. */
void tool_split_user(const char *user, char *buf, size_t size, const char **domain, const char **name);

#endif
