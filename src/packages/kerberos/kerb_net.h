/* One request/reply exchange with one KDC over Winsock (RFC 4120 section 7.2): UDP (one datagram each way) or TCP
 * (each message preceded by its 4-byte big-endian length). Choosing the KDC and the transport is the caller's. */
#ifndef LSAEMU_PACKAGES_KERB_NET_H
#define LSAEMU_PACKAGES_KERB_NET_H

#include "pkg_win.h"

#include <stdint.h>

#include "kerb_config.h"

#define KERB_NET_MAX_REPLY (1u << 20) /* a reply claiming more is refused */

/* Sends req to kdc and waits at most timeout_ms for its reply, returned in *reply (malloc'd; free with free()).
 * STATUS_SUCCESS; STATUS_IO_TIMEOUT when nothing came in time; STATUS_HOST_UNREACHABLE / STATUS_CONNECTION_REFUSED
 * when the host cannot be resolved or refuses; STATUS_INVALID_NETWORK_RESPONSE for a malformed TCP frame or an
 * oversized reply; STATUS_NO_MEMORY. Nothing is logged of the messages themselves. */
NTSTATUS kerb_net_exchange(const kerb_kdc_addr *kdc, BOOL tcp, const BYTE *req, size_t req_len, DWORD timeout_ms,
                           BYTE **reply, size_t *reply_len);

/* The local address this host sends from to kdc's first address (a connected UDP socket's name; nothing is sent):
 * what RFC 3244's KRB-PRIV names as its s-address. *addr_type is the Kerberos address type (2 IPv4, 24 IPv6),
 * addr receives 4 or 16 bytes. STATUS_SUCCESS, STATUS_HOST_UNREACHABLE, STATUS_INVALID_PARAMETER. */
NTSTATUS kerb_net_local_address(const kerb_kdc_addr *kdc, int32_t *addr_type, BYTE addr[16], size_t *addr_len);

#endif
