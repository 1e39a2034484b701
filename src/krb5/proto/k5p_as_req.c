/* The AS-REQ as Windows sends it (RFC 4120 5.4.1, MS-KILE 3.1.5): options, names, times, nonce, enctypes, and
 * PA-PAC-REQUEST, with PA-ENC-TIMESTAMP once the KDC has asked for preauthentication. */
#include "k5p_internal.h"
#include "k5p_status.h"

#include <string.h>

static const int32_t default_etypes[] = {18, 17, 20, 19, 23};
/* PA-PAC-REQUEST ::= SEQUENCE { include-pac [0] BOOLEAN TRUE } (MS-KILE 2.2.3), sent by Windows in every AS-REQ. */
static const uint8_t pac_request[] = {0x30, 0x05, 0xA0, 0x03, 0x01, 0x01, 0xFF};

size_t k5p_as_etypes(const k5p_as_params *params, int32_t etypes[K5P_MAX_ETYPES])
{
    size_t n = 0;

    if (params->etypes) {
        for (size_t i = 0; i < params->etype_count && n < K5P_MAX_ETYPES; i++)
            etypes[n++] = params->etypes[i];
        return n;
    }
    /* With a kept key, its enctype first: the KDC encrypts the reply in the first listed type the client has. */
    if (params->key_len)
        etypes[n++] = params->key_enctype;
    for (size_t i = 0; i < sizeof(default_etypes) / sizeof(default_etypes[0]); i++)
        if (!params->key_len || default_etypes[i] != params->key_enctype)
            etypes[n++] = default_etypes[i];
    return n;
}

uint32_t k5p_as_options(const k5p_as_params *params)
{
    return params->kdc_options ? params->kdc_options : K5P_AS_OPTIONS;
}

k5p_result k5p_build_as_req(const k5p_as_params *params, uint32_t nonce, const uint8_t *enc_ts, size_t enc_ts_len,
                            asn1_wbuf *w)
{
    k5_arena a;
    k5_kdc_req req;
    k5_pa_data pa[2];
    k5_octets tgs[2];
    int32_t etypes[K5P_MAX_ETYPES];
    size_t npa = 0;
    k5p_result rc;

    memset(&req, 0, sizeof(req));
    memset(pa, 0, sizeof(pa));
    if (!params->client->realm.length)
        return K5P_E_ARGUMENT;
    k5_arena_init(&a);
    if (enc_ts) {
        pa[npa].present = 1u << 1 | 1u << 2;
        pa[npa].padata_type = K5P_PA_ENC_TIMESTAMP;
        pa[npa++].padata_value = (k5_octets){(uint8_t *)enc_ts, enc_ts_len};
    }
    pa[npa].present = 1u << 1 | 1u << 2;
    pa[npa].padata_type = K5P_PA_PAC_REQUEST;
    pa[npa++].padata_value = (k5_octets){(uint8_t *)pac_request, sizeof(pac_request)};
    req.present = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4;
    req.pvno = 5;
    req.msg_type = 10;
    req.padata = (k5_list){pa, npa};

    k5_kdc_req_body *b = &req.req_body;
    b->present = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 5 | 1u << 7 | 1u << 8;
    b->kdc_options = k5p_as_options(params);
    if ((rc = k5p_name_from_kcc(params->client, &a, &b->cname)) != K5P_OK)
        goto done;
    b->realm = (k5_octets){params->client->realm.bytes, params->client->realm.length};
    if (params->service) {
        if ((rc = k5p_name_from_kcc(params->service, &a, &b->sname)) != K5P_OK)
            goto done;
        if (!params->service->name_type)
            b->sname.name_type = K5P_NT_SRV_INST;
    } else {
        tgs[0] = (k5_octets){(uint8_t *)"krbtgt", 6};
        tgs[1] = b->realm;
        b->sname = (k5_principal_name){3, K5P_NT_SRV_INST, {tgs, 2}};
    }
    b->till = K5P_TIME_MAX;
    if (b->kdc_options & K5P_KDC_OPT_RENEWABLE) {
        K5_SET(b, 6);
        b->rtime = K5P_TIME_MAX;
    }
    b->nonce = nonce;
    b->etype = (k5_list){etypes, k5p_as_etypes(params, etypes)};
    rc = k5p_encode(&k5_AS_REQ, &req, w);
done:
    k5_arena_free(&a);
    return rc;
}

