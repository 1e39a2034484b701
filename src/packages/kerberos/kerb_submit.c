/* KerbSubmitTicketMessage; see kerb_submit.h. An encrypted enc-part (key usage 14, RFC 4120 5.8.1) is decrypted
 * with the request's key and the KRB-CRED re-encoded with it in the clear (etype 0), which kcred_parse takes. */
#include "pkg_win.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kcred.h"
#include "kerb_bcrypt.h"
#include "kerb_cache.h"
#include "kerb_config.h"
#include "kerb_package.h"
#include "kerb_submit.h"
#include "krb5_asn1.h"
#include "krb5_enctype.h"
#include "pkg_trace.h"

#define KRB_CRED_USAGE 14
#define SUBMIT_MAX_DER (64u << 20)

/* A byte range of the request: bounds checked without overflow. */
static BOOL in_request(ULONG offset, ULONG size, ULONG len)
{
    return offset <= len && size <= len - offset;
}

/* The clear KRB-CRED of der into *clear (an asn1_wbuf the caller frees). */
static NTSTATUS decrypt_cred(const uint8_t *der, size_t der_len, const KERB_CRYPTO_KEY32 *key, const uint8_t *key_bytes,
                             asn1_wbuf *clear)
{
    const krb5_enctype *et;
    k5_krb_cred cred;
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    NTSTATUS status;
    k5_arena a;
    int rc;

    k5_arena_init(&a);
    if (k5_asn1_decode(&k5_KRB_CRED, der, der_len, &a, &cred) != ASN1_OK) {
        status = STATUS_INVALID_PARAMETER;
        goto done;
    }
    if (!(et = krb5_enctype_lookup(cred.enc_part.etype))) {
        status = (NTSTATUS)SEC_E_ETYPE_NOT_SUPP;
        goto done;
    }
    if (!key->Length || key->KeyType != cred.enc_part.etype) {
        status = (NTSTATUS)SEC_E_DECRYPT_FAILURE;
        goto done;
    }
    if (key->Length != et->key_size) {
        status = STATUS_INVALID_PARAMETER;
        goto done;
    }
    if (!(plain = malloc(cred.enc_part.cipher.len ? cred.enc_part.cipher.len : 1))) {
        status = STATUS_NO_MEMORY;
        goto done;
    }
    rc = et->decrypt(kerb_bcrypt_primitives(), et, key_bytes, KRB_CRED_USAGE, cred.enc_part.cipher.data,
                     cred.enc_part.cipher.len, plain, &plain_len);
    if (rc != KRB5C_OK) {
        status = rc == KRB5C_ERR_INTEGRITY ? (NTSTATUS)SEC_E_DECRYPT_FAILURE
                 : rc == KRB5C_ERR_ARG     ? STATUS_INVALID_PARAMETER /* shorter than any ciphertext */
                                           : STATUS_INTERNAL_ERROR;
        goto done;
    }
    cred.enc_part.present = 0x5; /* etype and cipher; a kvno names a key there no longer is */
    cred.enc_part.etype = 0;
    cred.enc_part.kvno = 0;
    cred.enc_part.cipher.data = plain;
    cred.enc_part.cipher.len = plain_len;
    status = k5_asn1_encode(&k5_KRB_CRED, &cred, clear) == ASN1_OK ? STATUS_SUCCESS
             : clear->error == ASN1_ERR_NO_MEMORY                  ? STATUS_NO_MEMORY
                                                                   : STATUS_INVALID_PARAMETER;
done:
    if (plain) {
        asn1_wipe(plain, cred.enc_part.cipher.len ? cred.enc_part.cipher.len : 1);
        free(plain);
    }
    k5_arena_free(&a);
    return status;
}

static NTSTATUS parse_status(kcred_status s)
{
    switch (s) {
    case KCRED_OK: return STATUS_SUCCESS;
    case KCRED_E_NO_MEMORY: return STATUS_NO_MEMORY;
    case KCRED_E_ENCRYPTED: return (NTSTATUS)SEC_E_DECRYPT_FAILURE;
    default: return STATUS_INVALID_PARAMETER;
    }
}

/* Where the credentials go: the host's ccache standing for the caller's session, or a session cache of ours (made
 * for the TGT's realm when the session had none). */
static NTSTATUS keep(const kerb_source *src, const kcc_cache *cache)
{
    char realm_name[KERB_MAX_REALM];
    const kcc_data *r = &cache->creds[0].client.realm;
    kerb_realm_info realm;
    kerb_cred_info info;
    NTSTATUS status = STATUS_SUCCESS;
    size_t i;

    if (src->host) {
        memset(&info, 0, sizeof(info));
        for (i = 0; status == STATUS_SUCCESS && i < cache->cred_count; i++)
            status = kerb_source_store(src, &cache->creds[i], &info);
        return status;
    }
    memset(&realm, 0, sizeof(realm));
    if (r->length < sizeof(realm_name)) {
        memcpy(realm_name, r->bytes, r->length);
        realm_name[r->length] = 0;
        /* A realm with no KDC configured still takes the tickets; TGS requests then find no logon server. */
        if (kerb_config_find_realm_utf8(realm_name, &realm) != STATUS_SUCCESS)
            memset(&realm, 0, sizeof(realm));
    }
    return kerb_cache_import(&src->session, &realm, cache);
}

NTSTATUS kerb_submit_ticket(const kerb_source *src, const void *submit, ULONG len)
{
    KERB_SUBMIT_TKT_REQUEST req;
    const uint8_t *bytes = submit, *der;
    uint8_t key[KRB5_MAX_KEY];
    asn1_wbuf clear;
    kcc_cache cache;
    NTSTATUS status;
    size_t der_len;

    if (len < sizeof(req))
        return STATUS_INVALID_PARAMETER;
    memcpy(&req, submit, sizeof(req));
    /* No key: its offset means nothing and is not checked. */
    if (!req.KerbCredSize || !in_request(req.KerbCredOffset, req.KerbCredSize, len) ||
        (req.Key.Length && !in_request(req.Key.Offset, req.Key.Length, len)) || req.Key.Length > sizeof(key))
        return STATUS_INVALID_PARAMETER;
    if (req.Key.Length)
        memcpy(key, bytes + req.Key.Offset, req.Key.Length);
    der = bytes + req.KerbCredOffset;
    der_len = req.KerbCredSize;
    asn1_wbuf_init(&clear, SUBMIT_MAX_DER);
    memset(&cache, 0, sizeof(cache));
    status = parse_status(kcred_parse(der, der_len, &cache));
    if (status == (NTSTATUS)SEC_E_DECRYPT_FAILURE) {
        /* Encrypted: decrypt with the request's key, then parse the clear form. */
        if ((status = decrypt_cred(der, der_len, &req.Key, key, &clear)) == STATUS_SUCCESS)
            status = parse_status(kcred_parse(clear.data, clear.len, &cache));
    }
    SecureZeroMemory(key, sizeof(key));
    asn1_wbuf_free(&clear);
    if (status == STATUS_SUCCESS)
        status = keep(src, &cache);
    else
        pkg_warn(KERB_TRACE, "submitted KRB-CRED refused: 0x%08lx", (unsigned long)status);
    kcc_cache_free(&cache);
    return status;
}
