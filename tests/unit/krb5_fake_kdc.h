/* A fake KDC for the protocol tests and the fuzzer's seeds: answers AS-REQ (KDC_ERR_PREAUTH_REQUIRED with
 * PA-ETYPE-INFO2, then an AS-REP once PA-ENC-TIMESTAMP decrypts) and TGS-REQ (checks the AP-REQ and the
 * authenticator's checksum of the body, then a TGS-REP; with KDCOptions renew for krbtgt, the TGT renewed: same
 * authtime and renew-till, a new endtime; with PA-FOR-USER for the TGT's own client, S4U2Self: both PA checksums
 * verified, the ticket's client the user, PA-S4U-X509-USER in the reply), built with the project's encoder and
 * enctypes. A tamper mode spoils one thing of the reply so that each validation can be seen to refuse it. */
#ifndef LSAEMU_TESTS_KRB5_FAKE_KDC_H
#define LSAEMU_TESTS_KRB5_FAKE_KDC_H

#include <stddef.h>
#include <stdint.h>

#include "krb5_asn1.h"
#include "krb5_primitives.h"

typedef enum fake_tamper {
    T_NONE,
    T_NONCE,          /* the encrypted part's nonce + 1 */
    T_CNAME,          /* the reply names another client */
    T_CNAME_CASE,     /* the client's name in upper case (canonicalize allows it) */
    T_CREALM,         /* another realm */
    T_TICKET_SNAME,   /* the ticket's sname differs from the encrypted part's */
    T_ENC_SNAME,      /* both name another service */
    T_ENC_FLIP,       /* one bit of the enc-part's ciphertext flipped */
    T_SESSION_ETYPE,  /* session key of an enctype we do not support */
    T_SESSION_LEN,    /* session key one byte short */
    T_TIMES,          /* endtime before authtime */
    T_EXPIRED,        /* endtime an hour ago */
    T_TRUNCATE,       /* the last byte cut off */
    T_REP_ETYPE,      /* enc-part claims another enctype than the reply key's */
    T_TGS_TAG,        /* EncTGSRepPart in an AS-REP (accepted, as MIT does) */
    T_USAGE8,         /* AS-REP enc-part with key usage 8 (accepted, as MIT does) */
    T_MSG_TYPE,       /* msg-type 13 in an AS-REP */
    T_RENEW_AUTHTIME, /* a renewed TGT with another authtime than the one renewed */
    T_RENEW_TILL,     /* a renewed TGT renewable beyond the old renew-till */
    T_S4U_NO_PADATA,  /* S4U2Self: the reply without PA-S4U-X509-USER */
    T_S4U_NONCE,      /* ... its S4UUserID with another nonce (checksum made over it) */
    T_S4U_CKSUM,      /* ... its checksum with one bit flipped */
    T_S4U_USER,       /* ... naming another user (checksum made over it) */
    T_S4U_USAGE,      /* ... checksummed with usage 26 while claiming USE_REPLY_KEY_USAGE */
} fake_tamper;

typedef struct fake_kdc {
    const krb5_primitives *p;
    int64_t now;
    const char *realm, *user, *password, *service_host; /* service: host/<service_host> */
    int32_t user_etype;
    uint8_t user_key[32];
    uint8_t tgt_key[32]; /* krbtgt, aes256 */
    uint8_t svc_key[32]; /* the service, aes256 */
    const uint8_t *s2kparams;
    size_t s2kparams_len;
    const char *salt;       /* sent in ETYPE-INFO2; NULL: none (the default salt) */
    int require_preauth;
    int refuse_preauth;     /* answer KDC_ERR_PREAUTH_REQUIRED even to a good PA-ENC-TIMESTAMP */
    int32_t error_code;     /* answer every AS-REQ with this KRB-ERROR (0: none) */
    uint32_t ext_status;    /* ... carrying this KERB-EXT-ERROR in METHOD-DATA (0: none) */
    fake_tamper tamper;
    const char *s4u_user; /* the one user S4U2Self knows (NULL: k->user); any other: KDC_ERR_C_PRINCIPAL_UNKNOWN */
    int s4u_requests, for_user_ok, x509_seen, x509_ok; /* S4U2Self requests seen, PA checksums that verified */
    const uint8_t *fixed_session_key; /* session keys are these bytes instead of random ones (fuzz seeds) */
    /* What was seen and issued. */
    int as_requests, tgs_requests, preauth_seen, checksum_ok;
    int renewals;                  /* TGS-REQs with KDCOptions renew answered with a renewed TGT */
    int64_t issue_authtime;        /* while renewing: the authtime the renewed ticket keeps (0: now) */
    uint32_t last_options, last_nonce;
    int32_t last_etypes[8];
    size_t last_etype_count;
    int pac_request_seen;
    int32_t session_etype;
    uint8_t session_key[32];
    uint8_t ticket[4096];
    size_t ticket_len;
} fake_kdc;

/* Sets the keys (user key by string-to-key of password with the salt, or the default salt). */
void fake_kdc_init(fake_kdc *k, const krb5_primitives *p, int64_t now);
/* The reply to req (malloc'd), or NULL when req does not decode. */
uint8_t *fake_kdc_answer(fake_kdc *k, const uint8_t *req, size_t len, size_t *out_len);
/* A KRB-ERROR with code (and, when ext is not 0, METHOD-DATA{PA-PW-SALT: KERB-EXT-ERROR}), malloc'd. */
uint8_t *fake_krb_error(const fake_kdc *k, int32_t code, const uint8_t *e_data, size_t e_len, size_t *out_len);

#endif
