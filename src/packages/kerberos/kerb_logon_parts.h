/* What every Kerberos logon (password, S4U, ticket) reports the same way once it knows its client principal: the
 * names (realm, its NetBIOS-style first label, the KDC host, the user as the KDC spelled it, the UPN), the token
 * information, the new logon session, and the primary credential LsaGetLogonSessionData reports. */
#ifndef LSAEMU_PACKAGES_KERB_LOGON_PARTS_H
#define LSAEMU_PACKAGES_KERB_LOGON_PARTS_H

#include "pkg_win.h"

#include "kcc.h"
#include "kerb_account.h"
#include "kerb_config.h"
#include "kerb_kdc.h"
#include "kerb_logon_submit.h"
#include "pkg_logon.h"

/* Seconds between 1601-01-01 (FILETIME) and 1970-01-01 (Kerberos times). */
#define KERB_EPOCH_DIFFERENCE 11644473600LL

/* The names a successful logon reports. */
typedef struct kerb_logon_names {
    WCHAR realm[KERB_MAX_REALM];
    WCHAR netbios[KERB_MAX_REALM];   /* the realm's first label */
    WCHAR server[KERB_MAX_KDC_NAME]; /* the KDC host that answered ("" when none did) */
    WCHAR user[KERB_MAX_USER];       /* the user as the KDC named the client, else as given */
    WCHAR upn[KERB_MAX_USER + KERB_MAX_REALM];
    const WCHAR *account;            /* the mapped account's spelling, else user */
} kerb_logon_names;

/* Fills n: user_given is the name as the caller wrote it (used when client is not one UTF-8 component), kdc the
 * "host:port" that answered (the port is dropped), mapped the local account the user maps to (NULL: none). n keeps
 * a pointer into mapped. */
void kerb_logon_names_fill(const WCHAR *user_given, const kerb_realm_info *realm, const kcc_principal *client,
                           const char *kdc, const kerb_account *mapped, kerb_logon_names *n);

/* The token information V1 (kerb_token.h), AccountName, AuthenticatingAuthority, MachineName, and a new logon session
 * (o->session, o->logon_id). On failure the caller releases o (kerb_logon_release). */
NTSTATUS kerb_logon_identity(const kerb_logon_names *n, const kerb_account *mapped, pkg_logon_out *o);

/* SECPKG_PRIMARY_CRED: LogonId, DownlevelName, DomainName, UserSid, LogonServer, DnsDomainName, Upn. On failure the
 * core frees what was filled. */
NTSTATUS kerb_logon_fill_primary(PSECPKG_PRIMARY_CRED primary, const pkg_logon_out *o, const kerb_logon_names *n);

/* Drops the session's ticket cache, then releases o (pkg_logon_out_release: its session, token, names, profile). */
void kerb_logon_release(pkg_logon_out *o, PLSA_CLIENT_REQUEST request);

/* The end of every Kerberos logon: a failed one's o released (kerb_logon_release; the core frees what the primary
 * credential got), a successful one's outputs handed over to the caller's (pkg_logon_out_hand_over). Returns
 * status. */
NTSTATUS kerb_logon_finish(NTSTATUS status, PLSA_CLIENT_REQUEST request, pkg_logon_out *o, PVOID *profile,
                           PULONG profile_len, PLUID logon_id, PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token,
                           PUNICODE_STRING *account_name, PUNICODE_STRING *authority, PUNICODE_STRING *machine_name);

#endif
