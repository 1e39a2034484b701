/* Marshalling for the client stubs. Message buffers live for one call, on the stack unless a message is large (a
 * per-thread heap cache was tried and dropped: freeing emutls-backed storage from DLL_THREAD_DETACH corrupted the
 * heap under Wine 8 with 16 threads). */
#include "lsa_client.h"
#include "lsa_client_memory.h"
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

/* The caller's memory that encoding a request reads straight into the message: names and the submit buffer (checked
 * readable by the export; LocalGroups were read into our own buffer already). */
static size_t caller_ranges(const lsa_wire_request *req, lsa_client_range r[2])
{
    switch (req->hdr.op) {
    case LSA_OP_REGISTER_LOGON_PROCESS:
        r[0].data = req->u.register_lp.name.data, r[0].len = req->u.register_lp.name.len;
        return 1;
    case LSA_OP_LOOKUP_PACKAGE:
        r[0].data = req->u.lookup.name.data, r[0].len = req->u.lookup.name.len;
        return 1;
    case LSA_OP_LOGON_USER:
        r[0].data = req->u.logon.origin.data, r[0].len = req->u.logon.origin.len;
        r[1].data = req->u.logon.auth.data, r[1].len = req->u.logon.auth.len;
        return 2;
    case LSA_OP_CALL_PACKAGE:
        r[0].data = req->u.call.submit.data, r[0].len = req->u.call.submit.len;
        return 1;
    default:
        return 0;
    }
}

typedef struct encode_args {
    const lsa_wire_request *req;
    lsa_wbuf *out;
    lsa_wire_status status;
} encode_args;

static void encode(void *arg)
{
    encode_args *e = arg;
    e->status = lsa_wire_encode_request(e->req, e->out);
}

NTSTATUS lsa_client_call(lsa_wire_request *req, lsa_wire_reply *rep)
{
    const lsa_transport *transport = lsa_transport_get();
    /* Stack storage covers every reply and typical requests; larger requests move to the heap by themselves. */
    uint64_t request_store[128], reply_store[32];
    lsa_wbuf request_buf, reply_buf;
    encode_args e = { req, &request_buf, LSA_WIRE_OK };
    lsa_client_range ranges[2];
    size_t n;
    lsa_wire_status wst;
    NTSTATUS st;

    memset(rep, 0, sizeof(*rep));
    lsa_wbuf_init_with(&request_buf, request_store, sizeof(request_store), LSA_WIRE_MAX_MESSAGE);
    lsa_wbuf_init_with(&reply_buf, reply_store, sizeof(reply_store), LSA_WIRE_MAX_MESSAGE);
    req->hdr.call_id = (uint32_t)InterlockedIncrement(&next_call_id);
    req->hdr.ptr_size = sizeof(void *);
    if ((n = caller_ranges(req, ranges))) {
        /* A buffer the caller frees under us answers like one it never had; the half-written message is wiped. */
        if ((st = lsa_client_guarded(ranges, n, encode, &e)) != STATUS_SUCCESS) {
            WARN("%s: the caller's memory became unreadable", lsa_wire_op_name(req->hdr.op));
            goto done;
        }
        wst = e.status;
    } else {
        wst = lsa_wire_encode_request(req, &request_buf);
    }
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
