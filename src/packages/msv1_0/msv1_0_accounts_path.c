/* Accounts database location; see msv1_0_accounts_path.h. One resolver serves the package and the accounts tool:
 * the store's (src/accounts_store), so both always agree on which file is meant. */
#include "pkg_win.h"

#include "accounts_store.h"
#include "msv1_0_accounts_path.h"

_Static_assert(MSV1_0_ACCOUNTS_PATH_MAX == LSA_STORE_PATH_MAX, "the package and the store size paths alike");

BOOL msv1_0_accounts_path(WCHAR *path)
{
    path[0] = 0;
    lsa_store_default_path(path);
    return path[0] != 0;
}
