/* Shared by every package's LsaApLogonUserEx2: the outputs it must clear first, so the LSA never reads garbage; the
 * outputs of a logon held until they are handed over (or released on failure); the logon types a password logon
 * serves. */
#ifndef LSAEMU_PACKAGES_COMMON_PKG_LOGON_H
#define LSAEMU_PACKAGES_COMMON_PKG_LOGON_H

#include "pkg_win.h"

/* The optional outputs (machine_name, primary, supplemental) may be NULL, as LsaApLogonUser[Ex] callers pass. */
void pkg_logon_clear_outputs(PVOID *profile, PULONG profile_len, PLUID logon_id, PNTSTATUS sub_status,
                             PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token, PUNICODE_STRING *account_name,
                             PUNICODE_STRING *authority, PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary,
                             PSECPKG_SUPPLEMENTAL_CRED_ARRAY *supplemental);

/* Outputs of a successful logon, owned by the package until handed over. */
typedef struct pkg_logon_out {
    LUID logon_id;
    BOOL session;                    /* CreateLogonSession succeeded for logon_id */
    PLSA_TOKEN_INFORMATION_V1 token; /* pkg_token.h */
    PUNICODE_STRING account, authority, machine;
    void *profile;                   /* client memory (AllocateClientBuffer) */
    ULONG profile_len;
} pkg_logon_out;

/* A new LogonId and its logon session (CreateLogonSession), marked in `o` so that a release deletes it. `package`
 * names the package in the trace of a failure. STATUS_INSUFFICIENT_RESOURCES, or CreateLogonSession's status. */
NTSTATUS pkg_logon_out_start_session(const LSA_SECPKG_FUNCTION_TABLE *lsa, const char *package, pkg_logon_out *o);

/* Frees what `o` holds, deletes its logon session, and clears it. The package drops its own per-session state first. */
void pkg_logon_out_release(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request, pkg_logon_out *o);

/* Hands `o` to LsaApLogonUserEx2's outputs (token type LsaTokenInformationV1); the machine name is freed when the
 * caller passed no machine_name. */
void pkg_logon_out_hand_over(const LSA_SECPKG_FUNCTION_TABLE *lsa, const pkg_logon_out *o, PVOID *profile,
                             PULONG profile_len, PLUID logon_id, PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token,
                             PUNICODE_STRING *account_name, PUNICODE_STRING *authority,
                             PUNICODE_STRING *machine_name);

/* Whether a password logon structure serves logon_type: an unlock structure (`unlock`) LogonType Unlock only, any
 * other Interactive, Network, Batch, Service, NetworkCleartext and RemoteInteractive (the types LogonUser maps onto
 * it on Windows; Proxy and NewCredentials mean something else entirely). */
BOOL pkg_logon_type_ok(BOOL unlock, SECURITY_LOGON_TYPE logon_type);

#endif
