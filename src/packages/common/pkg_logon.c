/* See pkg_logon.h. */
#include "pkg_logon.h"

#include <string.h>

void pkg_logon_clear_outputs(PVOID *profile, PULONG profile_len, PLUID logon_id, PNTSTATUS sub_status,
                             PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token, PUNICODE_STRING *account_name,
                             PUNICODE_STRING *authority, PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary,
                             PSECPKG_SUPPLEMENTAL_CRED_ARRAY *supplemental)
{
    *profile = NULL;
    *profile_len = 0;
    memset(logon_id, 0, sizeof(*logon_id));
    *sub_status = STATUS_SUCCESS;
    *token_type = LsaTokenInformationNull;
    *token = NULL;
    *account_name = NULL;
    *authority = NULL;
    if (machine_name)
        *machine_name = NULL;
    if (primary)
        memset(primary, 0, sizeof(*primary));
    if (supplemental)
        *supplemental = NULL;
}
