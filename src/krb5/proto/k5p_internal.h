/* Helpers shared by the AS and TGS exchanges (k5p_util.c, k5p_rep.c). */
#ifndef LSAEMU_K5P_INTERNAL_H
#define LSAEMU_K5P_INTERNAL_H

#include "k5proto.h"
#include "krb5_enctype.h"

#define K5P_NT_PRINCIPAL 1
#define K5P_NT_SRV_INST 2
#define K5P_SKEW_SECONDS 300 /* RFC 4120's customary clock skew */
#define K5P_MAX_MESSAGE (1u << 20)

/* A k5 name whose strings point into p (nothing copied; valid while p is). */
k5p_result k5p_name_from_kcc(const kcc_principal *p, k5_arena *a, k5_principal_name *out);
/* 1 when realm + name equal p's (realm and components; with nocase up to ASCII case). */
int k5p_name_matches(const k5_octets *realm, const k5_principal_name *name, const kcc_principal *p, int nocase);
/* 1 when both names have the same components and realms, exactly. */
int k5p_names_equal(const k5_octets *r1, const k5_principal_name *n1, const k5_octets *r2,
                    const k5_principal_name *n2);
/* 1 when name is krbtgt/<realm> (realm compared up to case) and realm too. */
int k5p_is_tgs_name(const k5_octets *realm, const k5_principal_name *name, const uint8_t *want, size_t want_len);
k5p_result k5p_kcc_from_name(kcc_principal *out, const k5_octets *realm, const k5_principal_name *name);

/* enc(key, usage, plain) into out (cipher allocated in a). */
k5p_result k5p_encrypt(const krb5_primitives *p, int32_t etype, const uint8_t *key, size_t key_len, uint32_t usage,
                       const uint8_t *plain, size_t len, k5_arena *a, k5_encrypted_data *out);
/* The plaintext of ed (allocated in a) under key for usage. K5P_E_ETYPE when ed is not in etype. */
k5p_result k5p_decrypt(const krb5_primitives *p, int32_t etype, const uint8_t *key, size_t key_len, uint32_t usage,
                       const k5_encrypted_data *ed, k5_arena *a, uint8_t **plain, size_t *len);

/* A fresh nonce, 31 bits as MIT and Windows send them (some KDCs mishandle the sign bit). */
k5p_result k5p_nonce(const krb5_primitives *p, uint32_t *nonce);

/* EncASRepPart or EncTGSRepPart: KDCs send either tag in either reply, and MIT and Windows accept both. */
k5p_result k5p_decode_enc_rep(const uint8_t *plain, size_t len, k5_arena *a, k5_enc_kdc_rep_part *out);

/* Session key (enctype in etypes, right length) and times (endtime after starttime/authtime, not already past, all
 * within the ccache's 32-bit range). */
k5p_result k5p_check_enc_rep(const k5p_env *env, const k5_enc_kdc_rep_part *enc, const int32_t *etypes,
                             size_t etype_count);

/* The credential: client from crealm/cname, server and everything else from the encrypted part, the ticket as DER. */
k5p_result k5p_fill_cred(const k5_kdc_rep *rep, const k5_enc_kdc_rep_part *enc, kcc_cred *cred);

/* What a KDC reply must be to be believed (k5p_rep.c). */
typedef struct k5p_rep_expect {
    const k5_asn1_type *type;  /* k5_AS_REP or k5_TGS_REP */
    int32_t msg_type;          /* 11 or 13 */
    int32_t key_enctype;       /* the key the encrypted part is under */
    const uint8_t *key;
    size_t key_len;
    uint32_t usage, alt_usage; /* its key usage, and another one accepted too (0: none) */
    uint32_t nonce;            /* the request's */
    const kcc_principal *client;
    int client_nocase;              /* the client name may come back in another ASCII case (canonicalize) */
    const kcc_principal *server;    /* the server asked for; NULL: krbtgt of the client's realm (an AS exchange) */
    int server_nocase;
    const int32_t *etypes;          /* the enctypes asked for: the session key's must be one */
    size_t etype_count;
} k5p_rep_expect;

/* The reply decoded (pvno 5, msg_type) else K5P_E_MALFORMED; its encrypted part decrypted and decoded; then the
 * nonce (K5P_E_NONCE), the client (K5P_E_CNAME), the server, the ticket's server equal to the encrypted part's
 * (K5P_E_SNAME), k5p_check_enc_rep; and the credential filled. cred is cleared first and left empty on failure. */
k5p_result k5p_process_kdc_rep(const k5p_env *env, const k5p_rep_expect *x, const uint8_t *rep, size_t rep_len,
                               kcc_cred *cred);

/* What a reply is by its first octet: K5P_TAG_AS_REP, _TGS_REP, _KRB_ERROR, or 0 for anything else. */
int k5p_reply_kind(const uint8_t *rep, size_t len);

/* The AS exchange's pieces shared between its files: the KDCOptions asked for, whether an enctype is in a list, and
 * the choice of enctype, salt and s2kparams from PA-DATA already decoded (k5p_choose_s2k on a list). */
uint32_t k5p_as_options(const k5p_as_params *params);
int k5p_etype_listed(int32_t e, const int32_t *etypes, size_t n);
k5p_result k5p_choose_s2k_padata(const k5_pa_data *pa, size_t npa, const int32_t *etypes, size_t etype_count,
                                 k5_arena *arena, k5p_s2k *out);

/* k5p_build_tgs_req with extra PA-DATA after PA-TGS-REQ (at most K5P_MAX_EXTRA_PA; S4U2Self's). */
#define K5P_MAX_EXTRA_PA 4
k5p_result k5p_build_tgs_req_with(const k5p_env *env, const k5p_tgs_params *params, uint32_t nonce,
                                  const k5_pa_data *extra, size_t extra_count, asn1_wbuf *w);

/* The TGS exchange's pieces that S4U2Self shares (k5p_tgs.c): the enctypes asked for (etype alone; 0: the default
 * list), the KDCOptions (0: K5P_TGS_OPTIONS), what any TGS-REP under the TGT's session key must be (x cleared; the
 * client, server and enctypes are the caller's to fill), and the exchange itself: a fresh nonce, the request built,
 * sent, and a TGS-REP processed or a KRB-ERROR mapped into outcome. */
size_t k5p_tgs_etypes(int32_t etype, int32_t etypes[K5P_MAX_ETYPES]);
uint32_t k5p_tgs_options(uint32_t kdc_options);
void k5p_tgs_rep_expect(const kcc_cred *tgt, uint32_t nonce, k5p_rep_expect *x);
typedef k5p_result (*k5p_tgs_build_fn)(const k5p_env *env, const void *params, uint32_t nonce, asn1_wbuf *w);
typedef k5p_result (*k5p_tgs_process_fn)(const k5p_env *env, const void *params, uint32_t nonce, const uint8_t *rep,
                                         size_t rep_len, kcc_cred *cred);
k5p_result k5p_tgs_exchange(const k5p_env *env, const k5p_net *net, const void *params, k5p_tgs_build_fn build,
                            k5p_tgs_process_fn process, kcc_cred *out, k5p_outcome *outcome);

/* Appends an encoded value; K5P_E_NO_MEMORY / K5P_E_ARGUMENT on failure. */
k5p_result k5p_encode(const k5_asn1_type *type, const void *in, asn1_wbuf *w);

#endif
