/* Shared by every package's LsaApLogonUserEx2: the outputs it must clear first, so the LSA never reads garbage. */
#ifndef LSAEMU_PACKAGES_COMMON_PKG_LOGON_H
#define LSAEMU_PACKAGES_COMMON_PKG_LOGON_H

#include "pkg_win.h"

/* The optional outputs (machine_name, primary, supplemental) may be NULL, as LsaApLogonUser[Ex] callers pass. */
void pkg_logon_clear_outputs(PVOID *profile, PULONG profile_len, PLUID logon_id, PNTSTATUS sub_status,
                             PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token, PUNICODE_STRING *account_name,
                             PUNICODE_STRING *authority, PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary,
                             PSECPKG_SUPPLEMENTAL_CRED_ARRAY *supplemental);

#endif
