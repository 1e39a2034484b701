/* The Kerberos client protocol (RFC 4120): the AS exchange with PA-ENC-TIMESTAMP after KDC_ERR_PREAUTH_REQUIRED, the
 * TGS exchange with a TGT, reply validation, and the loop over a realm's KDCs. Portable, no windows.h: crypto comes
 * in through krb5_primitives, the clock through k5p_env, the network through k5p_net, so every path runs natively
 * against a fake KDC. Results are kcc_cred (MIT's credential model) and NTSTATUS values (k5p_status.h).
 *
 * Each step is also a pure function over bytes (build a request, process a reply) so that the tests and the fuzzer
 * reach the validation without a network. */
#ifndef LSAEMU_K5PROTO_H
#define LSAEMU_K5PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "krb5_asn1.h"
#include "kcc.h"
#include "krb5_primitives.h"

/* Why a step failed: finer than the NTSTATUS the caller reports (k5p_result_status maps them), and what the tests
 * assert. */
typedef enum k5p_result {
    K5P_OK = 0,
    K5P_E_KDC_ERROR,       /* the KDC answered KRB-ERROR (its code is in k5p_outcome.krb_error) */
    K5P_E_NO_KDC,          /* no KDC of the realm answered within the bounds */
    K5P_E_MALFORMED,       /* a reply that does not decode, or of the wrong message type or pvno */
    K5P_E_INTEGRITY,       /* the encrypted part does not decrypt under the key (MAC mismatch) */
    K5P_E_NONCE,           /* the encrypted part answers another request */
    K5P_E_CNAME,           /* crealm/cname not the ones asked for */
    K5P_E_SNAME,           /* the ticket's or the encrypted part's server not the one asked for, or they differ */
    K5P_E_ETYPE,           /* an enctype we do not support or did not ask for */
    K5P_E_ITERATIONS,      /* s2kparams ask for more PBKDF2 iterations than K5P_MAX_S2K_ITERATIONS, or are bad */
    K5P_E_TIMES,           /* endtime not after starttime, already expired, or out of the ccache's range */
    K5P_E_PREAUTH,         /* KDC_ERR_PREAUTH_REQUIRED again after our PA-ENC-TIMESTAMP */
    K5P_E_CRYPTO,          /* a primitive failed */
    K5P_E_NO_MEMORY,
    K5P_E_ARGUMENT,        /* a parameter the caller got wrong (empty name, key of the wrong size) */
    K5P_E_TKT_EXPIRED,     /* a ticket sent to us past its endtime (RFC 4120 KRB_AP_ERR_TKT_EXPIRED) */
    K5P_E_TKT_NYV,         /* a ticket sent to us not valid yet, or flagged INVALID (KRB_AP_ERR_TKT_NYV) */
} k5p_result;

/* What an exchange ended with: the result, the KDC's error code when there was one, and the NTSTATUS/SubStatus the
 * LSA reports for it (k5p_status.h). */
typedef struct k5p_outcome {
    k5p_result result;
    int32_t krb_error;   /* KRB-ERROR error-code, or -1 */
    uint32_t ext_status; /* the NTSTATUS of a KERB-EXT-ERROR in the error's e-data (MS-KILE 2.2.1), or 0 */
    uint32_t status;     /* NTSTATUS */
    uint32_t sub_status; /* SubStatus, 0 (STATUS_SUCCESS) when there is none */
    size_t kdc_index;    /* the KDC that gave the last answer (valid unless result is K5P_E_NO_KDC) */
} k5p_outcome;

/* The clock: seconds since 1970-01-01 UTC and the microseconds within it (PA-ENC-TIMESTAMP, authenticators). */
typedef struct k5p_env {
    const krb5_primitives *prims; /* crypto and randomness (nonces, confounders) */
    int64_t (*now)(void *clock_ctx, int32_t *usec);
    void *clock_ctx;
} k5p_env;

/* ---- the network ---------------------------------------------------------------------------------------------- */

typedef enum k5p_net_result {
    K5P_NET_OK = 0,
    K5P_NET_TIMEOUT,     /* nothing came back in time */
    K5P_NET_UNREACHABLE, /* no route, refused, name not resolved */
    K5P_NET_ERROR,       /* anything else (a malformed TCP frame, no memory) */
} k5p_net_result;

/* The realm's KDCs as the caller sees them: kdc_count of them, reached one exchange at a time. */
typedef struct k5p_net {
    void *ctx;
    size_t kdc_count;
    /* One request/reply with KDC kdc over UDP (tcp 0) or TCP (tcp 1), waiting at most timeout_ms. On K5P_NET_OK
     * *reply is malloc'd (released with free()). */
    k5p_net_result (*exchange)(void *ctx, size_t kdc, int tcp, const uint8_t *req, size_t req_len,
                               uint32_t timeout_ms, uint8_t **reply, size_t *reply_len);
    /* A monotonic clock in milliseconds, for the loop's total bound. */
    uint64_t (*clock_ms)(void *ctx);
    uint32_t try_timeout_ms;   /* each exchange; 0: K5P_TRY_TIMEOUT_MS */
    uint32_t total_timeout_ms; /* one request across every KDC and transport; 0: K5P_TOTAL_TIMEOUT_MS */
} k5p_net;

/* Why these bounds: a KDC on a LAN answers in milliseconds, so 2 s per try leaves room for a loaded one, and 5 s in
 * all keeps "no KDC answers" (STATUS_NO_LOGON_SERVERS) within a few seconds however many KDCs are configured. */
#define K5P_TRY_TIMEOUT_MS 2000u
#define K5P_TOTAL_TIMEOUT_MS 5000u
/* Requests longer than this go by TCP straight away (Windows' MaxPacketSize default, MIT's udp_preference_limit). */
#define K5P_UDP_MAX_REQUEST 1465u

/* Sends req to every KDC in turn, UDP first (unless req is longer than K5P_UDP_MAX_REQUEST), TCP when UDP fails or
 * the KDC answers KRB_ERR_RESPONSE_TOO_BIG; a reply that is not a Kerberos reply (AS-REP, TGS-REP, KRB-ERROR by its
 * first octet) counts as no answer. K5P_OK with *reply (free()) and *kdc_index; K5P_E_NO_KDC when nothing answered
 * within the bounds; K5P_E_NO_MEMORY. */
k5p_result k5p_kdc_send(const k5p_net *net, const uint8_t *req, size_t req_len, uint8_t **reply, size_t *reply_len,
                        size_t *kdc_index);

/* ---- the AS exchange ------------------------------------------------------------------------------------------ */

/* PBKDF2 iterations a KDC may ask for in s2kparams (RFC 3962 / RFC 8009). Real KDCs ask 4096 (Active Directory, MIT's
 * AES-SHA1 default) or 32768 (MIT's AES-SHA2 default); 2^18 is 8 times the largest default and costs a fraction of a
 * second, while a hostile KDC could otherwise ask for 2^32 - 1 (hours of CPU per logon attempt). */
#define K5P_MAX_S2K_ITERATIONS (1u << 18)

/* KDCOptions as Windows sends them in an AS-REQ: forwardable, renewable, canonicalize, renewable-ok (0x40810010). */
#define K5P_KDC_OPT_FORWARDABLE 0x40000000u
#define K5P_KDC_OPT_RENEWABLE 0x00800000u
#define K5P_KDC_OPT_CANONICALIZE 0x00010000u
#define K5P_KDC_OPT_RENEWABLE_OK 0x00000010u
#define K5P_KDC_OPT_RENEW 0x00000002u
#define K5P_KDC_OPT_PROXIABLE 0x10000000u
/* TicketFlags renewable (the same bit as the KDCOption that asks for it). */
#define K5P_TKT_FLG_RENEWABLE 0x00800000u
#define K5P_AS_OPTIONS (K5P_KDC_OPT_FORWARDABLE | K5P_KDC_OPT_RENEWABLE | K5P_KDC_OPT_CANONICALIZE | \
                        K5P_KDC_OPT_RENEWABLE_OK)
/* A TGS-REQ's defaults (Windows: forwardable, renewable, canonicalize). */
#define K5P_TGS_OPTIONS (K5P_KDC_OPT_FORWARDABLE | K5P_KDC_OPT_RENEWABLE | K5P_KDC_OPT_CANONICALIZE)
/* till and rtime as Windows asks: "as long as the KDC allows" (2037-09-13T02:48:05Z). */
#define K5P_TIME_MAX 2136422885

#define K5P_MAX_ETYPES 8

/* Who asks, with what. Exactly one of password (UTF-8, not NUL-terminated) and key is used: the key when
 * key_len != 0 (a kept long-term key, for an expired TGT fetched again without the password). */
typedef struct k5p_as_params {
    const kcc_principal *client; /* name components and realm; name_type 0 means NT-PRINCIPAL */
    const uint8_t *password;
    size_t password_len;
    int32_t key_enctype;
    const uint8_t *key;
    size_t key_len;
    uint32_t kdc_options;       /* 0: K5P_AS_OPTIONS */
    const int32_t *etypes;      /* NULL: 18, 17, 20, 19, 23 (the key's enctype first when a key is given) */
    size_t etype_count;
    uint32_t max_iterations;    /* 0: K5P_MAX_S2K_ITERATIONS */
    /* NULL: krbtgt of the client's realm. Else a service of that realm asked for directly (its realm is ignored):
     * kadmin/changepw, which wants an initial ticket (RFC 3244). name_type 0 means NT-SRV-INST. */
    const kcc_principal *service;
} k5p_as_params;

/* A TGT and the long-term key the reply was decrypted with (returned so that the caller can keep it). */
typedef struct k5p_tgt {
    kcc_cred cred;
    int32_t key_enctype;
    uint8_t key[32];
    size_t key_len;
} k5p_tgt;

void k5p_tgt_free(k5p_tgt *t); /* wipes the key, frees the credential, leaves it zeroed */

/* The whole AS exchange over net: AS-REQ, KDC_ERR_PREAUTH_REQUIRED -> PA-ETYPE-INFO2 -> string-to-key ->
 * PA-ENC-TIMESTAMP -> AS-REQ -> AS-REP, validated. On success *out holds the TGT; on failure *out is zeroed and
 * nothing secret is left behind. *outcome says why, with the NTSTATUS and SubStatus (always filled). */
k5p_result k5p_get_tgt(const k5p_env *env, const k5p_net *net, const k5p_as_params *params, k5p_tgt *out,
                       k5p_outcome *outcome);

/* The steps, for tests and the fuzzer. */

/* The etypes an AS-REQ lists for params (K5P_MAX_ETYPES room); returns their count. */
size_t k5p_as_etypes(const k5p_as_params *params, int32_t etypes[K5P_MAX_ETYPES]);

/* An AS-REQ for params with nonce; enc_ts (NULL for none) is the DER of an EncryptedData to send as
 * PA-ENC-TIMESTAMP. Appends to w. */
k5p_result k5p_build_as_req(const k5p_as_params *params, uint32_t nonce, const uint8_t *enc_ts, size_t enc_ts_len,
                            asn1_wbuf *w);

/* What PA-ETYPE-INFO2 said to use: the first entry whose enctype we asked for and support. salt points into the
 * arena the caller passed. Defaults (no ETYPE-INFO2, no salt) are filled by k5p_choose_s2k. */
typedef struct k5p_s2k {
    int32_t etype;
    const uint8_t *salt;
    size_t salt_len;
    const uint8_t *params;
    size_t params_len;
} k5p_s2k;

/* From a METHOD-DATA (a KRB-ERROR's e-data, or an AS-REP's padata): the enctype, salt and s2kparams to use.
 * K5P_OK; K5P_E_ETYPE when ETYPE-INFO2 names none of ours; K5P_E_MALFORMED. When there is no ETYPE-INFO2 at all,
 * the first of etypes with no salt (the default salt). */
k5p_result k5p_choose_s2k(const uint8_t *method_data, size_t len, const int32_t *etypes, size_t etype_count,
                          k5_arena *arena, k5p_s2k *out);

/* The long-term key: string-to-key of the password with s2k's salt (default: realm then name components), after the
 * iteration cap. key has room for 32 bytes. */
k5p_result k5p_string_to_key(const krb5_primitives *prims, const k5p_as_params *params, const k5p_s2k *s2k,
                             uint8_t *key, size_t *key_len);

/* PA-ENC-TIMESTAMP's value: EncryptedData{etype, enc(key, usage 1, PA-ENC-TS-ENC{now, usec})} appended to w. */
k5p_result k5p_build_enc_timestamp(const k5p_env *env, int32_t etype, const uint8_t *key, size_t key_len,
                                   asn1_wbuf *w);

/* Validates an AS-REP (rep, rep_len) for the request (params, nonce, the reply key) and fills *cred. Refuses: not an
 * AS-REP; enc-part in another enctype than the key's; a MAC mismatch (usage 3, or 8 as MIT accepts); a nonce that is
 * not ours; crealm/cname not the client's (with canonicalize: the same name up to case); ticket sname/realm and the
 * encrypted part's not both krbtgt/REALM@REALM of the client's realm; a session key enctype we did not ask for or
 * of the wrong length; endtime not after starttime or already past (now, with 5 minutes of skew). */
k5p_result k5p_process_as_rep(const k5p_env *env, const k5p_as_params *params, uint32_t nonce, int32_t key_enctype,
                              const uint8_t *key, size_t key_len, const uint8_t *rep, size_t rep_len,
                              kcc_cred *cred);

/* ---- the TGS exchange ----------------------------------------------------------------------------------------- */

typedef struct k5p_tgs_params {
    const kcc_cred *tgt;         /* its client, ticket and session key */
    const kcc_principal *server; /* a realm of length 0 means the TGT's client realm */
    uint32_t kdc_options;        /* 0: K5P_TGS_OPTIONS */
    int32_t etype;               /* 0: any of ours (18, 17, 20, 19, 23), else that one only */
} k5p_tgs_params;

/* The whole TGS exchange over net. */
k5p_result k5p_get_service_ticket(const k5p_env *env, const k5p_net *net, const k5p_tgs_params *params,
                                  kcc_cred *out, k5p_outcome *outcome);

/* A TGS-REQ with PA-TGS-REQ = AP-REQ{TGT, Authenticator{cksum = keyed checksum (usage 6) of the DER req-body} under
 * the TGT session key (usage 7)}. Appends to w. */
k5p_result k5p_build_tgs_req(const k5p_env *env, const k5p_tgs_params *params, uint32_t nonce, asn1_wbuf *w);

/* Validates a TGS-REP for the request: decrypts with the TGT session key (usage 8), nonce, crealm/cname = the TGT's
 * client, ticket and encrypted part's server = the one asked for (up to case with canonicalize), the enctype, the
 * times. */
k5p_result k5p_process_tgs_rep(const k5p_env *env, const k5p_tgs_params *params, uint32_t nonce,
                               const uint8_t *rep, size_t rep_len, kcc_cred *cred);

/* ---- S4U2Self (MS-SFU 3.1.5.1.1) ------------------------------------------------------------------------------ */

/* S4UUserID options: the KDC's reply checksum uses key usage 27 (what MIT's client asks). */
#define K5P_S4U_OPTS_USE_REPLY_KEY_USAGE 0x20000000u

typedef struct k5p_s4u_params {
    const kcc_cred *tgt;       /* the service's own TGT: its client is the service, which asks for a ticket to itself */
    const kcc_principal *user; /* the user: components and realm (name_type 0: NT-PRINCIPAL) */
    uint32_t kdc_options;      /* 0: K5P_TGS_OPTIONS */
} k5p_s4u_params;

/* A ticket to the TGT's client (the service itself) on behalf of user: a TGS-REQ with PA-FOR-USER (checksum
 * HMAC-MD5, -138, keyed with the TGT session key, usage 17, over name-type, name strings, realm and "Kerberos") and,
 * unless the session key is RC4 (whose MS-SFU checksum would be unkeyed MD4), PA-S4U-X509-USER (S4UUserID{nonce, cname,
 * crealm, options USE_REPLY_KEY_USAGE}, the session key's checksum type, usage 26). On success *out's client is the
 * user. Statuses as a TGS exchange maps them (KDC_ERR_C_PRINCIPAL_UNKNOWN: STATUS_NO_SUCH_USER, ...). */
k5p_result k5p_get_s4u2self(const k5p_env *env, const k5p_net *net, const k5p_s4u_params *params, kcc_cred *out,
                            k5p_outcome *outcome);

/* The request (nonce also goes into S4UUserID). Appends to w. */
k5p_result k5p_build_s4u2self_req(const k5p_env *env, const k5p_s4u_params *params, uint32_t nonce, asn1_wbuf *w);

/* Validates the reply as a TGS-REP to the service itself whose client is the user (up to case with canonicalize);
 * then, when PA-S4U-X509-USER was sent, the reply's PA-S4U-X509-USER must be there (as MIT requires of a KDC with
 * AES): the same nonce (K5P_E_NONCE), its keyed checksum of the reply's S4UUserID under the session key, usage 27
 * with USE_REPLY_KEY_USAGE else 26 (K5P_E_INTEGRITY; an unkeyed or other type K5P_E_MALFORMED), its cname the user
 * (K5P_E_CNAME). */
k5p_result k5p_process_s4u2self_rep(const k5p_env *env, const k5p_s4u_params *params, uint32_t nonce,
                                    const uint8_t *rep, size_t rep_len, kcc_cred *cred);

/* ---- TGT renewal --------------------------------------------------------------------------------------------- */

/* Renews tgt (RFC 4120 3.3.3): a TGS-REQ with KDCOptions renew, plus the TGT's own forwardable, proxiable and
 * renewable flags (what MIT's kinit -R asks), for the TGT's own server, the TGT in the
 * AP-REQ, validated as k5p_process_tgs_rep does, and then the renewed ticket must keep the TGT's authtime and not end
 * (nor be renewable) past the TGT's renew_till, else K5P_E_TIMES. A TGT without the renewable flag is not sent
 * (K5P_E_ARGUMENT), nor one whose renew_till is past (K5P_E_TIMES): the caller fetches a new TGT instead. On failure
 * *out is zeroed; *outcome is always filled. */
k5p_result k5p_renew_tgt(const k5p_env *env, const k5p_net *net, const kcc_cred *tgt, kcc_cred *out,
                         k5p_outcome *outcome);

/* ---- a ticket sent to this host (KERB_TICKET_LOGON) ---------------------------------------------------------- */

/* TicketFlags a ticket logon looks at (RFC 4120 5.3; bit n is 0x80000000 >> n). */
#define K5P_TKT_FLG_FORWARDED 0x20000000u
#define K5P_TKT_FLG_INVALID 0x01000000u
/* RFC 4120's customary clock skew, Windows' default MaxClockSkew (5 minutes). */
#define K5P_DEFAULT_SKEW_SECONDS 300u

/* What a ticket says about the key it needs, read without one: its server (sname@realm), the enc-part's enctype and
 * kvno (0 when absent). K5P_OK; K5P_E_MALFORMED when der is not one Ticket (strict DER, tkt-vno 5). *server is the
 * caller's to free (kcc_principal_free), zeroed on failure. */
k5p_result k5p_ticket_head(const uint8_t *der, size_t len, kcc_principal *server, int32_t *etype, uint32_t *kvno);

/* Who opens a ticket, with what. */
typedef struct k5p_ticket_params {
    const kcc_principal *server; /* the ticket must name it: components exactly, realm up to ASCII case */
    int32_t key_enctype;         /* the server's long-term key */
    const uint8_t *key;
    size_t key_len;
    uint32_t skew_seconds;       /* the clock skew allowed (K5P_DEFAULT_SKEW_SECONDS is Windows' default) */
    int allow_expired;           /* accept a ticket past its endtime (KERB_LOGON_FLAG_ALLOW_EXPIRED_TICKET) */
} k5p_ticket_params;

/* Opens a Ticket sent to this host (RFC 4120 3.2.3 as a service checks it, without an authenticator: a ticket logon
 * has none) and fills *out: client (crealm/cname), server, session key, authtime/starttime/endtime/renew-till,
 * flags, the ticket's addresses, and the ticket DER itself. Refused, in this order:
 *   K5P_E_MALFORMED    not one Ticket, or its enc-part not an EncTicketPart once decrypted
 *   K5P_E_SNAME        the ticket's sname@realm is not params->server
 *   K5P_E_ETYPE        the enc-part is not in the key's enctype, a key of the wrong size, or a session key of an
 *                      enctype we do not support or of the wrong size
 *   K5P_E_INTEGRITY    the enc-part does not decrypt under the key (key usage 2): tampered, or another key
 *   K5P_E_TKT_NYV      flagged INVALID (a postdated ticket not yet validated), or starttime (else authtime) later
 *                      than now + skew
 *   K5P_E_TIMES        times out of the ccache's 32-bit range, endtime not after the start, renew-till before it
 *   K5P_E_TKT_EXPIRED  endtime at or before now - skew, unless allow_expired
 * The transited field is not checked (no cross-realm policy here, as MIT's default without [capaths]); neither are
 * the addresses: a ticket logon is not given the client's address, and MIT's krb5_rd_req likewise checks them only
 * when the caller sets a remote address. On failure *out is zeroed; the decrypted part is wiped either way. */
k5p_result k5p_open_ticket(const k5p_env *env, const k5p_ticket_params *params, const uint8_t *der, size_t len,
                           kcc_cred *out);

/* A KRB-CRED in the clear (enc-part etype 0, what kcred_parse reads) into clear: as it is when already clear, else its
 * enc-part decrypted with key (key usage 14, RFC 4120 5.8.1; a forwarded TGT sent with a ticket comes encrypted in
 * that ticket's session key) and re-encoded with etype 0. K5P_OK; K5P_E_MALFORMED when der is not a KRB-CRED;
 * K5P_E_ETYPE when the enc-part is in an enctype we lack or not the key's (key_len 0: no key); K5P_E_INTEGRITY when
 * the key does not open it; K5P_E_NO_MEMORY. Appends to clear (the caller frees it: asn1_wbuf_free wipes). */
k5p_result k5p_krb_cred_clear(const krb5_primitives *prims, const uint8_t *der, size_t len, int32_t key_enctype,
                              const uint8_t *key, size_t key_len, asn1_wbuf *clear);

/* ---- KDC errors ----------------------------------------------------------------------------------------------- */

/* Decodes a KRB-ERROR: its error-code and, from its e-data, a KERB-EXT-ERROR's NTSTATUS (0 when none). */
k5p_result k5p_parse_krb_error(const uint8_t *der, size_t len, int32_t *code, uint32_t *ext_status);

/* Fills outcome->status and ->sub_status from outcome->result, ->krb_error and ->ext_status (k5p_status.c). tgs: the
 * TGS exchange (a service ticket), else a logon. */
void k5p_outcome_map(k5p_outcome *outcome, int tgs);

/* Message types by the first octet of a reply. */
#define K5P_TAG_AS_REP 0x6B
#define K5P_TAG_TGS_REP 0x6D
#define K5P_TAG_KRB_ERROR 0x7E

#endif
