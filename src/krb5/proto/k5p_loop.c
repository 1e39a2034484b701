/* The KDC loop (RFC 4120 7.2.1, 7.2.2): every KDC of the realm in turn, UDP first, TCP when UDP brings nothing or the
 * KDC says KRB_ERR_RESPONSE_TOO_BIG, each try and the whole request bounded in time. */
#include "k5proto.h"
#include "k5p_internal.h"
#include "k5p_status.h"

#include <stdlib.h>

/* A KRB-ERROR with error-code KRB_ERR_RESPONSE_TOO_BIG: the answer needs TCP. */
static int too_big(const uint8_t *rep, size_t len)
{
    int32_t code;
    uint32_t ext;

    return k5p_reply_kind(rep, len) == K5P_TAG_KRB_ERROR && k5p_parse_krb_error(rep, len, &code, &ext) == K5P_OK &&
           code == KRB_ERR_RESPONSE_TOO_BIG;
}

k5p_result k5p_kdc_send(const k5p_net *net, const uint8_t *req, size_t req_len, uint8_t **reply, size_t *reply_len,
                        size_t *kdc_index)
{
    uint32_t per_try = net->try_timeout_ms ? net->try_timeout_ms : K5P_TRY_TIMEOUT_MS;
    uint32_t total = net->total_timeout_ms ? net->total_timeout_ms : K5P_TOTAL_TIMEOUT_MS;
    uint64_t start = net->clock_ms(net->ctx);

    *reply = NULL;
    *reply_len = 0;
    *kdc_index = 0;
    for (size_t kdc = 0; kdc < net->kdc_count; kdc++) {
        for (int tcp = req_len > K5P_UDP_MAX_REQUEST; tcp < 2; tcp++) {
            uint64_t spent = net->clock_ms(net->ctx) - start;
            uint8_t *rep = NULL;
            size_t rep_len = 0;
            k5p_net_result nr;

            if (spent >= total)
                return K5P_E_NO_KDC;
            nr = net->exchange(net->ctx, kdc, tcp, req, req_len,
                               total - spent < per_try ? (uint32_t)(total - spent) : per_try, &rep, &rep_len);
            if (nr != K5P_NET_OK)
                continue;
            if (!k5p_reply_kind(rep, rep_len) || (!tcp && too_big(rep, rep_len))) {
                free(rep);
                continue;
            }
            *reply = rep;
            *reply_len = rep_len;
            *kdc_index = kdc;
            return K5P_OK;
        }
    }
    return K5P_E_NO_KDC;
}
