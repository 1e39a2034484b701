/* Reading a Kerberos ticket logon; see kerb_ticket_submit.h. */
#include "pkg_win.h"

#include <stddef.h>
#include <string.h>

#include "kerb_package.h"
#include "kerb_ticket_submit.h"
#include "lsa_buffer.h"
#include "pkg_logon.h"
#include "pkg_trace.h"

static NTSTATUS locate(const char *what, const void *submit, ULONG len, const void *base, const void *ptr,
                       ULONG bytes, const BYTE **out)
{
    lsa_buf_status st;
    size_t offset = 0;

    *out = NULL;
    st = lsa_buf_locate_region(len, (uint64_t)(uintptr_t)base, (uint64_t)(uintptr_t)ptr, bytes, &offset);
    if (st != LSA_BUF_OK) {
        pkg_warn(KERB_TRACE, "%s refused: %s (%lu bytes)", what, lsa_buf_status_name(st), (unsigned long)bytes);
        return STATUS_INVALID_PARAMETER;
    }
    if (bytes)
        *out = (const BYTE *)submit + offset;
    return STATUS_SUCCESS;
}

NTSTATUS kerb_ticket_submit_read(ULONG type, SECURITY_LOGON_TYPE logon_type, const void *submit, ULONG len,
                                 const void *base, kerb_ticket_request *out)
{
    BOOL unlock = type == KerbTicketUnlockLogon;
    ULONG need = unlock ? sizeof(KERB_TICKET_UNLOCK_LOGON) : sizeof(KERB_TICKET_LOGON);
    KERB_TICKET_UNLOCK_LOGON req;
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    out->unlock = unlock;
    /* The logon types a password logon of the same kind serves: a ticket logon is usually Network, and Windows'
     * LogonUser-style callers ask for the others with it too; the unlock form is for Unlock only. */
    if (!pkg_logon_type_ok(unlock, logon_type)) {
        pkg_warn(KERB_TRACE, "logon type %d not served by MessageType %lu", (int)logon_type, (unsigned long)type);
        return STATUS_INVALID_LOGON_TYPE;
    }
    if (len < need)
        return STATUS_INVALID_PARAMETER;
    memset(&req, 0, sizeof(req));
    memcpy(&req, submit, need); /* the copy's alignment is not ours to rely on */
    out->flags = req.Logon.Flags;
    if (unlock)
        out->unlock_id = req.LogonId;
    if (!req.Logon.ServiceTicketLength)
        return STATUS_INVALID_PARAMETER;
    if ((status = locate("ServiceTicket", submit, len, base, req.Logon.ServiceTicket, req.Logon.ServiceTicketLength,
                         &out->ticket)) ||
        (status = locate("TicketGrantingTicket", submit, len, base, req.Logon.TicketGrantingTicket,
                         req.Logon.TicketGrantingTicketLength, &out->tgt)))
        return status;
    out->ticket_len = req.Logon.ServiceTicketLength;
    out->tgt_len = req.Logon.TicketGrantingTicketLength;
    return STATUS_SUCCESS;
}
