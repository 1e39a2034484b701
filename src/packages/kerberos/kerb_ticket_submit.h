/* Reading KERB_TICKET_LOGON / KERB_TICKET_UNLOCK_LOGON out of the submit copy: ServiceTicket and
 * TicketGrantingTicket are PUCHAR with a ULONG length, as absolute client addresses or offsets from the buffer start
 * (lsa_buf_locate_region). STATUS_INVALID_LOGON_TYPE / STATUS_INVALID_PARAMETER as kerb_logon_ticket.h lists. */
#ifndef LSAEMU_PACKAGES_KERB_TICKET_SUBMIT_H
#define LSAEMU_PACKAGES_KERB_TICKET_SUBMIT_H

#include "pkg_win.h"

typedef struct kerb_ticket_request {
    ULONG flags;
    const BYTE *ticket; /* inside the submit copy */
    ULONG ticket_len;   /* never 0 */
    const BYTE *tgt;    /* NULL when none was sent */
    ULONG tgt_len;
    BOOL unlock;
    LUID unlock_id;     /* KERB_TICKET_UNLOCK_LOGON.LogonId */
} kerb_ticket_request;

NTSTATUS kerb_ticket_submit_read(ULONG type, SECURITY_LOGON_TYPE logon_type, const void *submit, ULONG len,
                                 const void *base, kerb_ticket_request *out);

#endif
