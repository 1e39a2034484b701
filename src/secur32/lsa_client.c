/* Marshalling for the client stubs. Each thread keeps its two message buffers between calls so a call costs no
 * allocation once warm; they are freed when the thread detaches. */
#include "lsa_client.h"
#include "lsa_transport.h"
#include "lsa_trace.h"

static LONG next_call_id;
static _Thread_local lsa_wbuf request_buf, reply_buf;

/* The one place where codec failures on the client side become NTSTATUS. */
static NTSTATUS wire_to_nt(lsa_wire_status st)
{
    switch (st) {
    case LSA_WIRE_NOMEM: return STATUS_NO_MEMORY;
    case LSA_WIRE_TOO_LARGE: return STATUS_INVALID_PARAMETER;
    case LSA_WIRE_OK: return STATUS_SUCCESS;
    default: return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS lsa_client_call(lsa_wire_request *req, lsa_wire_reply *rep)
{
    const lsa_transport *transport = lsa_transport_get();
    lsa_wire_status wst;
    NTSTATUS st;

    memset(rep, 0, sizeof(*rep));
    req->hdr.call_id = (uint32_t)InterlockedIncrement(&next_call_id);
    req->hdr.ptr_size = sizeof(void *);
    if (request_buf.max == 0)
        lsa_wbuf_init(&request_buf, LSA_WIRE_MAX_MESSAGE);
    if (reply_buf.max == 0)
        lsa_wbuf_init(&reply_buf, LSA_WIRE_MAX_MESSAGE);
    wst = lsa_wire_encode_request(req, &request_buf);
    if (wst != LSA_WIRE_OK) {
        WARN("%s: request not encoded: %s", lsa_wire_op_name(req->hdr.op), lsa_wire_status_name(wst));
        return wire_to_nt(wst);
    }
    st = transport->call(request_buf.data, request_buf.len, &reply_buf);
    if (st != STATUS_SUCCESS) {
        ERR("%s over %s: transport failure %08lx", lsa_wire_op_name(req->hdr.op), transport->name,
            (unsigned long)st);
        return st;
    }
    wst = lsa_wire_decode_reply(reply_buf.data, reply_buf.len, req->hdr.op, rep);
    if (wst != LSA_WIRE_OK || rep->hdr.call_id != req->hdr.call_id) {
        ERR("%s: malformed reply (%s)", lsa_wire_op_name(req->hdr.op),
            wst != LSA_WIRE_OK ? lsa_wire_status_name(wst) : "call id mismatch");
        memset(rep, 0, sizeof(*rep));
        return STATUS_INTERNAL_ERROR;
    }
    return (NTSTATUS)rep->hdr.status;
}

void lsa_client_thread_detach(void)
{
    lsa_wbuf_free(&request_buf);
    lsa_wbuf_free(&reply_buf);
    request_buf.max = reply_buf.max = 0;
}
