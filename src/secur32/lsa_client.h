/* Client stub plumbing shared by the exported LSA functions: encode a request, carry it over the selected transport,
 * decode and check the reply. */
#ifndef LSAEMU_SECUR32_LSA_CLIENT_H
#define LSAEMU_SECUR32_LSA_CLIENT_H

#include "lsa_windows.h"
#include "lsa_wire.h"

/* Send `req` (op set by the caller) and decode the reply into `rep`. Returns the call's NTSTATUS: the reply's
 * status, or the transport's or codec's failure (never a success without a matching, well-formed reply). */
NTSTATUS lsa_client_call(lsa_wire_request *req, lsa_wire_reply *rep);

#endif
