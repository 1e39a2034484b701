/* KERB_RETRIEVE_TKT_RESPONSE: one cached credential as a KERB_EXTERNAL_TICKET in one client block (the response,
 * the three KERB_EXTERNAL_NAMEs, their strings, the session key, the encoded ticket). */
#ifndef LSAEMU_PACKAGES_KERB_EXTERNAL_H
#define LSAEMU_PACKAGES_KERB_EXTERNAL_H

#include "pkg_win.h"

#include "kcc.h"

/* target: the name asked for (TargetName), NULL when it is the ticket's server. with_key: the session key's bytes
 * go out; otherwise the key keeps its type and length with zero bytes, as Windows hides a TGT's key. encoded: the
 * EncodedTicket bytes (the ticket's DER, or a KRB-CRED). time_skew: seconds the KDC's clock is ahead of ours. */
NTSTATUS kerb_external_ticket_response(PLSA_CLIENT_REQUEST request, const kcc_cred *cred,
                                       const kcc_principal *target, BOOL with_key, const uint8_t *encoded,
                                       size_t encoded_len, int32_t time_skew, PVOID *ret, PULONG ret_len);

#endif
