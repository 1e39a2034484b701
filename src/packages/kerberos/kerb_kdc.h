/* The Kerberos package's client side: AS and TGS exchanges with a realm's KDCs (the portable protocol of
 * src/krb5/proto over bcrypt and Winsock). Credentials use MIT's model (kcc_cred), so a session's cache is a
 * ccache in memory. Statuses are the ones LsaLogonUser / LsaCallAuthenticationPackage document for each KDC error. */
#ifndef LSAEMU_PACKAGES_KERB_KDC_H
#define LSAEMU_PACKAGES_KERB_KDC_H

#include "pkg_win.h"

#include <stdint.h>

#include "k5proto.h"
#include "kcc.h"
#include "kerb_config.h"

#define KERB_MAX_LONG_TERM_KEY 32
#define KERB_MAX_KDC_NAME (KERB_MAX_HOST + 8) /* "host:port" */

/* A TGT obtained with a password, plus what Windows keeps so that the next TGT is fetched without asking. */
typedef struct kerb_tgt_result {
    kcc_cred tgt;       /* client as the KDC named it (user@REALM), server krbtgt/REALM@REALM */
    int32_t key_enctype; /* the user's long-term key: its enctype ... */
    uint8_t key[KERB_MAX_LONG_TERM_KEY]; /* ... and bytes (secret) */
    size_t key_len;
    char kdc[KERB_MAX_KDC_NAME]; /* the KDC that answered, "host:port" */
} kerb_tgt_result;

/* AS exchange for user@realm with a password (password_chars UTF-16 units): PA-ENC-TIMESTAMP after
 * KDC_ERR_PREAUTH_REQUIRED, every KDC of the realm in turn, UDP then TCP, bounded time. user is UTF-8, without a
 * realm. On failure *out is zeroed, nothing is kept, and *sub_status carries the SubStatus LsaLogonUser reports
 * (STATUS_SUCCESS when it has none). */
NTSTATUS kerb_kdc_get_tgt(const kerb_realm_info *realm, const char *user, const WCHAR *password,
                          size_t password_chars, kerb_tgt_result *out, NTSTATUS *sub_status);

/* The same for an initial ticket to kadmin/changepw of the realm (RFC 3244's password change): out->tgt is that
 * ticket, out->key the user's long-term key from the old password. */
NTSTATUS kerb_kdc_get_changepw_ticket(const kerb_realm_info *realm, const char *user, const WCHAR *password,
                                      size_t password_chars, kerb_tgt_result *out, NTSTATUS *sub_status);

/* The same with a kept long-term key instead of the password (an expired TGT fetched again). */
NTSTATUS kerb_kdc_get_tgt_with_key(const kerb_realm_info *realm, const char *user, int32_t key_enctype,
                                   const uint8_t *key, size_t key_len, kerb_tgt_result *out, NTSTATUS *sub_status);

/* The same for a principal of any number of components (a machine account, host/name@REALM; its realm is realm's),
 * asking for key_enctype only. */
NTSTATUS kerb_kdc_get_tgt_for_principal_with_key(const kerb_realm_info *realm, const kcc_principal *client,
                                                 int32_t key_enctype, const uint8_t *key, size_t key_len,
                                                 kerb_tgt_result *out, NTSTATUS *sub_status);

/* TGS exchange: a ticket for server (its principal: name_type, realm, components; a realm of "" means the TGT's)
 * with the TGT. kdc_options are KERB_TICKET_FLAGS-style KDCOptions bits (0 for the defaults: forwardable, renewable,
 * canonicalize as Windows asks); etype 0 for any enctype the KDC prefers among the supported ones, else that one
 * only. On success *out holds the new credential (client = the TGT's client) and kdc the KDC that answered. */
NTSTATUS kerb_kdc_get_service_ticket(const kerb_realm_info *realm, const kcc_cred *tgt, const kcc_principal *server,
                                     uint32_t kdc_options, int32_t etype, kcc_cred *out,
                                     char kdc[KERB_MAX_KDC_NAME]);

/* Renews a TGT (RFC 4120 3.3.3: KDCOptions renew, the TGT itself in the AP-REQ): on success *out is the renewed
 * TGT (same client, server and authtime, a new endtime within the old renew_till) and kdc the KDC that answered.
 * A TGT without the renewable flag or past its renew_till is not sent: STATUS_INVALID_PARAMETER /
 * STATUS_LOGON_FAILURE, and the caller fetches a new one with the kept key. */
NTSTATUS kerb_kdc_renew_tgt(const kerb_realm_info *realm, const kcc_cred *tgt, kcc_cred *out,
                            char kdc[KERB_MAX_KDC_NAME]);

/* The protocol environment of these exchanges (bcrypt's primitives, the system clock), for the other exchanges
 * of the package (kerb_kpasswd.c). */
void kerb_kdc_env(k5p_env *env);

/* Wipes the key and frees the credential. */
void kerb_tgt_result_free(kerb_tgt_result *r);

#endif
