/* KerbRetrieveTicketMessage (the session's TGT) and KerbRetrieveEncodedTicketMessage (a service ticket, from the
 * cache or the KDC) as KERB_RETRIEVE_TKT_RESPONSE. Each returns the ProtocolStatus of the message. */
#ifndef LSAEMU_PACKAGES_KERB_RETRIEVE_H
#define LSAEMU_PACKAGES_KERB_RETRIEVE_H

#include "pkg_win.h"

#include "kerb_source.h"

/* The fields of a KERB_RETRIEVE_TKT_REQUEST after TargetName. */
typedef struct kerb_retrieve_options {
    ULONG ticket_flags;
    ULONG cache_options;
    LONG etype;
} kerb_retrieve_options;

NTSTATUS kerb_retrieve_tgt(PLSA_CLIENT_REQUEST request, BOOL trusted, const kerb_source *src, PVOID *ret,
                           PULONG ret_len);

/* target_name: chars WCHARs, not NUL-terminated. */
NTSTATUS kerb_retrieve_encoded(PLSA_CLIENT_REQUEST request, BOOL trusted, const kerb_source *src,
                               const WCHAR *target_name, size_t chars, const kerb_retrieve_options *opt, PVOID *ret,
                               PULONG ret_len);

/* A ticket for server fetched from the KDC with the session's TGT (renewed or fetched again first, as for a
 * retrieval) and not cached, for an exchange of the package's own (KerbSetPasswordMessage's kadmin/changepw ticket);
 * *realm is the realm whose KDCs answered (the session's). SEC_E_NO_CREDENTIALS without a TGT, else the KDC
 * exchange's status. Free *out with kcc_cred_free. */
NTSTATUS kerb_retrieve_fetch(const kerb_source *src, const kcc_principal *server, kcc_cred *out,
                             kerb_realm_info *realm);

#endif
