/* Marshalling for the client stubs. Message buffers live for one call, on the stack unless a message is large (a
 * per-thread heap cache was tried and dropped: freeing emutls-backed storage from DLL_THREAD_DETACH corrupted the
 * heap under Wine 8 with 16 threads). */
#include "lsa_client.h"
#include "lsa_transport.h"
#include "lsa_trace.h"

#include <string.h>

static LONG next_call_id;

/* The one place where codec failures on the client side become NTSTATUS. */
static NTSTATUS wire_to_nt(lsa_wire_status st)
{
    switch (st) {
    case LSA_WIRE_OK: return STATUS_SUCCESS;
    case LSA_WIRE_NOMEM: return STATUS_NO_MEMORY;
    default: return STATUS_INVALID_PARAMETER; /* an argument too large to carry, or malformed */
    }
}

NTSTATUS lsa_client_call(lsa_wire_request *req, lsa_wire_reply *rep)
{
    const lsa_transport *transport = lsa_transport_get();
    /* Stack storage covers every reply and typical requests; larger requests move to the heap by themselves. */
    uint64_t request_store[128], reply_store[32];
    lsa_wbuf request_buf, reply_buf;
    lsa_wire_status wst;
    NTSTATUS st;

    memset(rep, 0, sizeof(*rep));
    lsa_wbuf_init_with(&request_buf, request_store, sizeof(request_store), LSA_WIRE_MAX_MESSAGE);
    lsa_wbuf_init_with(&reply_buf, reply_store, sizeof(reply_store), LSA_WIRE_MAX_MESSAGE);
    req->hdr.call_id = (uint32_t)InterlockedIncrement(&next_call_id);
    req->hdr.ptr_size = sizeof(void *);
    wst = lsa_wire_encode_request(req, &request_buf);
    if (wst != LSA_WIRE_OK) {
        WARN("%s: request not encoded: %s", lsa_wire_op_name(req->hdr.op), lsa_wire_status_name(wst));
        st = wire_to_nt(wst);
        goto done;
    }
    st = transport->call(request_buf.data, request_buf.len, &reply_buf);
    if (st != STATUS_SUCCESS) {
        ERR("%s over %s: transport failure %08lx", lsa_wire_op_name(req->hdr.op), transport->name,
            (unsigned long)st);
        goto done;
    }
    wst = lsa_wire_decode_reply(reply_buf.data, reply_buf.len, req->hdr.op, rep);
    if (wst != LSA_WIRE_OK || rep->hdr.call_id != req->hdr.call_id) {
        ERR("%s: malformed reply (%s)", lsa_wire_op_name(req->hdr.op),
            wst != LSA_WIRE_OK ? lsa_wire_status_name(wst) : "call id mismatch");
        memset(rep, 0, sizeof(*rep));
        st = STATUS_INTERNAL_ERROR;
        goto done;
    }
    st = (NTSTATUS)rep->hdr.status;
done:
    lsa_wbuf_free(&request_buf);
    lsa_wbuf_free(&reply_buf);
    return st;
}
