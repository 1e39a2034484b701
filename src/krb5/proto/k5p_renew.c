/* Renewing a TGT (RFC 4120 3.3.3): a TGS-REQ with KDCOptions renew for the ticket's own server, the ticket itself in
 * the AP-REQ. The KDC accepts it after the ticket's endtime as long as renew-till is not past, and answers a TGS-REP
 * validated as any other; on top of that we check what renewal promises: the same authtime, and no time beyond the
 * old renew-till (a KDC that stretched them would be handing out a ticket that was never asked for). */
#include "k5p_internal.h"
#include "k5p_status.h"

#include <string.h>

static k5p_result check_renewed(const kcc_cred *old, const kcc_cred *renewed)
{
    if (renewed->authtime != old->authtime)
        return K5P_E_TIMES;
    if (old->renew_till && (renewed->endtime > old->renew_till || renewed->renew_till > old->renew_till))
        return K5P_E_TIMES;
    return K5P_OK;
}

k5p_result k5p_renew_tgt(const k5p_env *env, const k5p_net *net, const kcc_cred *tgt, kcc_cred *out,
                         k5p_outcome *outcome)
{
    k5p_tgs_params params = {0};
    int32_t usec;
    int64_t now = env->now(env->clock_ctx, &usec);
    k5p_result rc;

    memset(out, 0, sizeof(*out));
    memset(outcome, 0, sizeof(*outcome));
    outcome->krb_error = -1;
    /* Checked here rather than left to the KDC: asking would only earn KDC_ERR_BADOPTION / KRB_AP_ERR_TKT_EXPIRED,
     * and the caller fetches a new TGT in either case. */
    if (!(tgt->ticket_flags & K5P_TKT_FLG_RENEWABLE))
        rc = K5P_E_ARGUMENT;
    else if ((int64_t)tgt->renew_till <= now)
        rc = K5P_E_TIMES;
    else {
        params.tgt = tgt;
        params.server = &tgt->server;
        /* The ticket's own forwardable/proxiable/renewable flags asked again, as MIT's kinit -R does: KDCs build
         * the renewed ticket's flags from the options (MIT drops renewable and renew-till without them). The bits
         * of those options and flags are the same. */
        params.kdc_options = K5P_KDC_OPT_RENEW | (tgt->ticket_flags & (K5P_KDC_OPT_FORWARDABLE |
                                                                      K5P_KDC_OPT_PROXIABLE | K5P_KDC_OPT_RENEWABLE));
        if ((rc = k5p_get_service_ticket(env, net, &params, out, outcome)) != K5P_OK)
            return rc;
        if ((rc = check_renewed(tgt, out)) == K5P_OK)
            return K5P_OK;
        kcc_cred_free(out);
        memset(out, 0, sizeof(*out));
    }
    outcome->result = rc;
    k5p_outcome_map(outcome, 1);
    return rc;
}
