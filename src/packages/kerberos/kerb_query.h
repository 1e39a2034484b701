/* KerbQueryTicketCache{,Ex,Ex2,Ex3}Message responses: a session's tickets as one client block
 * (KERB_QUERY_TKT_CACHE_*_RESPONSE, its Tickets array, then the strings the entries point to). */
#ifndef LSAEMU_PACKAGES_KERB_QUERY_H
#define LSAEMU_PACKAGES_KERB_QUERY_H

#include "pkg_win.h"

#include "kerb_cache.h"

NTSTATUS kerb_query_response(PLSA_CLIENT_REQUEST request, KERB_PROTOCOL_MESSAGE_TYPE type,
                             const kerb_snapshot *snap, PVOID *ret, PULONG ret_len);

#endif
