/* A cached credential as the LSA messages show it: names and realms in UTF-16, times as FILETIME, the ticket's own
 * encryption type (read from its DER), the KDC it came from. */
#ifndef LSAEMU_PACKAGES_KERB_CRED_VIEW_H
#define LSAEMU_PACKAGES_KERB_CRED_VIEW_H

#include "pkg_win.h"

#include "kerb_cache.h"
#include "kerb_names.h"

typedef struct kerb_cred_view {
    WCHAR client[KERB_MAX_NAME], client_realm[KERB_MAX_NAME];
    WCHAR server[KERB_MAX_NAME], server_realm[KERB_MAX_NAME];
    WCHAR kdc[KERB_MAX_KDC_NAME];    /* host, or host:port for a port other than 88 */
    LARGE_INTEGER start, end, renew; /* FILETIME (UTC); start is the auth time when the ticket has no start time */
    LONG ticket_etype;               /* the enc-part etype of the ticket; 0 when the ticket does not decode */
    LONG key_etype;                  /* the session key's */
    ULONG flags;                     /* KERB_TICKET_FLAGS: RFC 4120 bit 0 is 0x80000000, as a ccache stores them */
} kerb_cred_view;

/* Fills v; a name that is not UTF-8 shows as "". */
void kerb_cred_view_make(const kcc_cred *cred, const kerb_cred_info *info, kerb_cred_view *v);

/* Seconds since 1970 (as Kerberos and MIT's ccache count) as a FILETIME; 0 stays 0. */
LARGE_INTEGER kerb_unix_to_filetime(int64_t seconds);

/* The etype of a ticket's enc-part, 0 when the DER does not decode as a Ticket. */
LONG kerb_ticket_etype(const kcc_data *ticket);

#endif
