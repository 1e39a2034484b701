/* KDC errors and local failures -> the NTSTATUS and SubStatus the LSA reports. The table is the one Windows'
 * Kerberos client applies to a KRB-ERROR (its KerbMapKerbError: KDC_ERR_C_PRINCIPAL_UNKNOWN -> STATUS_NO_SUCH_USER,
 * KDC_ERR_S_PRINCIPAL_UNKNOWN -> STATUS_NO_TRUST_SAM_ACCOUNT, which `klist get` shows as 0x6fb and SSPI as
 * SEC_E_TARGET_UNKNOWN, KDC_ERR_CLIENT_REVOKED -> STATUS_ACCOUNT_DISABLED, ...); an AS outcome is then
 * STATUS_LOGON_FAILURE with the reason (unknown name, wrong password) as sub_status, or STATUS_ACCOUNT_RESTRICTION
 * with the restriction as sub_status. (The package's LsaLogonUser passes on only the second's SubStatus.) */
#include "k5proto.h"
#include "k5p_status.h"

#include <string.h>

typedef struct {
    int32_t code;
    uint32_t status;
} error_map;

static const error_map kdc_errors[] = {
    {KDC_ERR_NAME_EXP, K5P_STATUS_ACCOUNT_EXPIRED},
    {KDC_ERR_C_PRINCIPAL_UNKNOWN, K5P_STATUS_NO_SUCH_USER},
    {KDC_ERR_S_PRINCIPAL_UNKNOWN, K5P_STATUS_NO_TRUST_SAM_ACCOUNT},
    {KDC_ERR_POLICY, K5P_STATUS_ACCOUNT_RESTRICTION},
    {KDC_ERR_ETYPE_NOSUPP, K5P_STATUS_KDC_UNKNOWN_ETYPE},
    {KDC_ERR_PADATA_TYPE_NOSUPP, K5P_STATUS_NOT_SUPPORTED},
    {KDC_ERR_CLIENT_REVOKED, K5P_STATUS_ACCOUNT_DISABLED},
    {KDC_ERR_KEY_EXPIRED, K5P_STATUS_PASSWORD_EXPIRED},
    {KDC_ERR_PREAUTH_FAILED, K5P_STATUS_WRONG_PASSWORD},
    {KRB_AP_ERR_BAD_INTEGRITY, K5P_STATUS_WRONG_PASSWORD}, /* pre-RFC 4120 KDCs say this for a wrong password */
    {KRB_AP_ERR_MODIFIED, K5P_STATUS_WRONG_PASSWORD},
    {KDC_ERR_SVC_UNAVAILABLE, K5P_STATUS_NO_LOGON_SERVERS},
    {KDC_ERR_WRONG_REALM, K5P_STATUS_NO_LOGON_SERVERS},
    {KRB_AP_ERR_SKEW, K5P_STATUS_TIME_DIFFERENCE_AT_DC},
    {KRB_AP_ERR_TKT_NYV, K5P_STATUS_TIME_DIFFERENCE_AT_DC},
    {KRB_AP_ERR_TKT_EXPIRED, K5P_STATUS_TIME_DIFFERENCE_AT_DC},
    {KRB_ERR_GENERIC, K5P_STATUS_INSUFFICIENT_RESOURCES},
    {KRB_ERR_RESPONSE_TOO_BIG, K5P_STATUS_INVALID_BUFFER_SIZE}, /* only over TCP: UDP's goes to TCP first */
    {KDC_ERR_PATH_NOT_ACCEPTED, K5P_STATUS_TRUST_FAILURE},
    {KDC_ERR_MUST_USE_USER2USER, K5P_STATUS_USER2USER_REQUIRED},
    {KRB_AP_ERR_USER_TO_USER_REQUIRED, K5P_STATUS_USER2USER_REQUIRED},
    {KRB_AP_ERR_NOKEY, K5P_STATUS_NO_KERB_KEY},
};

/* Statuses a KERB-EXT-ERROR may carry that say more than the error code (revoked: disabled or locked out). */
static int is_account_reason(uint32_t s)
{
    return s == K5P_STATUS_ACCOUNT_DISABLED || s == K5P_STATUS_ACCOUNT_LOCKED_OUT || s == K5P_STATUS_ACCOUNT_EXPIRED ||
           s == K5P_STATUS_PASSWORD_EXPIRED || s == K5P_STATUS_PASSWORD_MUST_CHANGE ||
           s == K5P_STATUS_INVALID_LOGON_HOURS || s == K5P_STATUS_INVALID_WORKSTATION;
}

static uint32_t kdc_error_status(int32_t code, uint32_t ext_status)
{
    uint32_t s = K5P_STATUS_LOGON_FAILURE; /* Windows' default for any other code */

    for (size_t i = 0; i < sizeof(kdc_errors) / sizeof(kdc_errors[0]); i++)
        if (kdc_errors[i].code == code)
            s = kdc_errors[i].status;
    if ((s == K5P_STATUS_ACCOUNT_DISABLED || s == K5P_STATUS_ACCOUNT_RESTRICTION ||
         s == K5P_STATUS_PASSWORD_EXPIRED || s == K5P_STATUS_ACCOUNT_EXPIRED) && is_account_reason(ext_status))
        s = ext_status;
    return s;
}

void k5p_outcome_map(k5p_outcome *o, int tgs)
{
    uint32_t s;

    switch (o->result) {
    case K5P_OK: s = K5P_STATUS_SUCCESS; break;
    case K5P_E_KDC_ERROR: s = kdc_error_status(o->krb_error, o->ext_status); break;
    case K5P_E_NO_KDC: s = K5P_STATUS_NO_LOGON_SERVERS; break;
    case K5P_E_NO_MEMORY: s = K5P_STATUS_NO_MEMORY; break;
    case K5P_E_ETYPE: s = K5P_STATUS_KDC_UNKNOWN_ETYPE; break;
    /* Without preauthentication a wrong password shows only here; under a TGT session key it means a forged reply. */
    case K5P_E_INTEGRITY: s = tgs ? K5P_STATUS_LOGON_FAILURE : K5P_STATUS_WRONG_PASSWORD; break;
    case K5P_E_ARGUMENT: s = K5P_STATUS_INVALID_PARAMETER; break;
    default: s = K5P_STATUS_LOGON_FAILURE; break; /* a reply that cannot be believed */
    }
    o->sub_status = K5P_STATUS_SUCCESS;
    o->status = s;
    if (tgs)
        return;
    if (s == K5P_STATUS_NO_SUCH_USER || s == K5P_STATUS_WRONG_PASSWORD) {
        o->status = K5P_STATUS_LOGON_FAILURE;
        o->sub_status = s;
    } else if (is_account_reason(s)) {
        o->status = K5P_STATUS_ACCOUNT_RESTRICTION;
        o->sub_status = s;
    }
}

/* KERB-EXT-ERROR (MS-KILE 2.2.1): status, reserved, flags, each 4 bytes little-endian. */
static uint32_t ext_error_status(const uint8_t *v, size_t len)
{
    if (len != 12)
        return 0;
    return (uint32_t)v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16 | (uint32_t)v[3] << 24;
}

/* e-data as METHOD-DATA with a PA-PW-SALT holding a KERB-EXT-ERROR (what Windows KDCs send with most errors). */
static uint32_t ext_from_method_data(const uint8_t *d, size_t len)
{
    k5_arena arena;
    k5_sequence_of md;
    uint32_t s = 0;

    k5_arena_init(&arena);
    if (k5_asn1_decode(&k5_METHOD_DATA, d, len, &arena, &md) == ASN1_OK) {
        const k5_pa_data *pa = md.items.items;
        for (size_t i = 0; i < md.items.count && !s; i++)
            if (pa[i].padata_type == K5P_PA_PW_SALT)
                s = ext_error_status(pa[i].padata_value.data, pa[i].padata_value.len);
    }
    k5_arena_free(&arena);
    return s;
}

/* e-data as KERB-ERROR-DATA ::= SEQUENCE { data-type [1] INTEGER, data-value [2] OCTET STRING OPTIONAL } with
 * data-type KERB_ERR_TYPE_EXTENDED (3) (MS-KILE 2.2.2). */
static uint32_t ext_from_error_data(const uint8_t *d, size_t len)
{
    asn1_reader r, seq, f;
    asn1_tlv t, inner;
    int32_t type;

    asn1_reader_init(&r, d, len);
    if (asn1_read_expect(&r, ASN1_CLASS_UNIVERSAL, 1, ASN1_TAG_SEQUENCE, &t) != ASN1_OK || r.left)
        return 0;
    asn1_reader_init(&seq, t.value, t.len);
    if (asn1_read_expect(&seq, ASN1_CLASS_CONTEXT, 1, 1, &t) != ASN1_OK)
        return 0;
    asn1_reader_init(&f, t.value, t.len);
    if (asn1_read_expect(&f, ASN1_CLASS_UNIVERSAL, 0, ASN1_TAG_INTEGER, &inner) != ASN1_OK ||
        asn1_decode_int32(inner.value, inner.len, &type) != ASN1_OK || type != 3)
        return 0;
    if (asn1_read_expect(&seq, ASN1_CLASS_CONTEXT, 1, 2, &t) != ASN1_OK)
        return 0;
    asn1_reader_init(&f, t.value, t.len);
    if (asn1_read_expect(&f, ASN1_CLASS_UNIVERSAL, 0, ASN1_TAG_OCTET_STRING, &inner) != ASN1_OK)
        return 0;
    return ext_error_status(inner.value, inner.len);
}

k5p_result k5p_parse_krb_error(const uint8_t *der, size_t len, int32_t *code, uint32_t *ext_status)
{
    k5_arena arena;
    k5_krb_error e;
    k5p_result rc = K5P_E_MALFORMED;

    *code = -1;
    *ext_status = 0;
    k5_arena_init(&arena);
    if (k5_asn1_decode(&k5_KRB_ERROR, der, len, &arena, &e) == ASN1_OK && e.pvno == 5 && e.msg_type == 30) {
        *code = e.error_code;
        if (K5_HAS(&e, 12) && e.e_data.len) {
            *ext_status = ext_from_method_data(e.e_data.data, e.e_data.len);
            if (!*ext_status)
                *ext_status = ext_from_error_data(e.e_data.data, e.e_data.len);
        }
        rc = K5P_OK;
    }
    k5_arena_free(&arena);
    return rc;
}
