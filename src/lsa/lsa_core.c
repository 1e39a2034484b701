/* The LSA core's entry point: decode one request, route it, encode the reply. */
#include "lsa_internal.h"

#include <string.h>

/* The one place where decoder failures become NTSTATUS. */
static NTSTATUS wire_status_to_nt(lsa_wire_status st)
{
    switch (st) {
    case LSA_WIRE_OK: return STATUS_SUCCESS;
    case LSA_WIRE_BAD_VERSION: return STATUS_REVISION_MISMATCH;
    case LSA_WIRE_STRING_TOO_LONG: return STATUS_NAME_TOO_LONG;
    case LSA_WIRE_NOMEM: return STATUS_NO_MEMORY;
    default: return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS op_connect(const lsa_core_caller *caller, lsa_wire_reply *rep)
{
    return lsa_handles_open(caller, FALSE, &rep->u.connect.handle);
}

/* LsaRegisterLogonProcess: trusted only with SeTcbPrivilege in the caller's token (enabled: docs/design.md). */
static NTSTATUS op_register(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep)
{
    const lsa_wire_bytes *name = &req->u.register_lp.name;
    if (name->len > LSA_MAX_NAME_CHARS)
        return STATUS_NAME_TOO_LONG;
    if (!lsa_caller_has_tcb(caller)) {
        TRACE("caller lacks an enabled SeTcbPrivilege");
        return STATUS_PORT_CONNECTION_REFUSED;
    }
    rep->u.register_lp.security_mode = 0; /* LSA_OPERATIONAL_MODE: no mode bits are set */
    return lsa_handles_open(caller, TRUE, &rep->u.register_lp.handle);
}

static NTSTATUS op_lookup(const lsa_wire_request *req, lsa_wire_reply *rep)
{
    lsa_connection conn;
    NTSTATUS st = lsa_handles_get(req->u.lookup.handle, &conn);
    const lsa_wire_bytes *name = &req->u.lookup.name;
    const lsa_package *pkg;
    if (st != STATUS_SUCCESS)
        return st;
    if (name->len > LSA_MAX_NAME_CHARS)
        return STATUS_NAME_TOO_LONG;
    lsa_packages_init();
    pkg = lsa_packages_by_name((const char *)name->data, name->len);
    if (!pkg)
        return STATUS_NO_SUCH_PACKAGE;
    rep->u.lookup.package_id = pkg->id;
    return STATUS_SUCCESS;
}

static NTSTATUS route(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep)
{
    switch ((lsa_wire_op)req->hdr.op) {
    case LSA_OP_CONNECT_UNTRUSTED: return op_connect(caller, rep);
    case LSA_OP_REGISTER_LOGON_PROCESS: return op_register(caller, req, rep);
    case LSA_OP_DEREGISTER_LOGON_PROCESS: return lsa_handles_close(req->u.deregister.handle);
    case LSA_OP_LOOKUP_PACKAGE: return op_lookup(req, rep);
    case LSA_OP_LOGON_USER: return lsa_op_logon_user(caller, req, rep);
    case LSA_OP_CALL_PACKAGE: return lsa_op_call_package(caller, req, rep);
    case LSA_OP_FREE_RETURN_BUFFER:
        return lsa_clientmem_free_returned(caller, caller->process_id, req->u.free_buffer.address);
    case LSA_OP_ENUMERATE_SESSIONS: return lsa_op_enumerate_sessions(caller, req, rep);
    case LSA_OP_GET_SESSION_DATA: return lsa_op_get_session_data(caller, req, rep);
    case LSA_OP_REGISTER_POLICY_NOTIFICATION:
    case LSA_OP_UNREGISTER_POLICY_NOTIFICATION: return lsa_op_policy_notification(req, rep);
    case LSA_OP_LIMIT: break;
    }
    return STATUS_INVALID_PARAMETER;
}

BOOL lsa_core_handle(const lsa_core_caller *caller, const uint8_t *request, size_t request_len, lsa_wbuf *reply)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    lsa_wire_status wst;

    memset(&rep, 0, sizeof(rep));
    wst = lsa_wire_decode_request(request, request_len, &req);
    if (wst != LSA_WIRE_OK) {
        /* Answer in the requester's terms when its header is readable, so it can match the reply to its call. */
        lsa_wire_header hdr;
        WARN("refused request: %s", lsa_wire_status_name(wst));
        lsa_wire_status hst = lsa_wire_decode_header(request, request_len, &hdr);
        if (hst == LSA_WIRE_OK || (hst == LSA_WIRE_BAD_VERSION && hdr.op && hdr.op < LSA_OP_LIMIT &&
                                   (hdr.ptr_size == 4 || hdr.ptr_size == 8))) {
            rep.hdr.op = hdr.op;
            rep.hdr.call_id = hdr.call_id;
            rep.hdr.ptr_size = hdr.ptr_size;
        } else {
            rep.hdr.op = LSA_OP_CONNECT_UNTRUSTED; /* any valid op: the client will refuse the mismatch */
            rep.hdr.ptr_size = sizeof(void *);
        }
        rep.hdr.status = (uint32_t)wire_status_to_nt(wst);
    } else {
        rep.hdr.op = req.hdr.op;
        rep.hdr.call_id = req.hdr.call_id;
        rep.hdr.ptr_size = req.hdr.ptr_size;
        if (req.hdr.ptr_size != sizeof(void *)) {
            /* The in-process core builds structures in its own layout; a client of the other bitness needs the
             * out-of-process server (a later issue). */
            rep.hdr.status = (uint32_t)STATUS_NOT_SUPPORTED;
        } else {
            TRACE("%s call %u", lsa_wire_op_name(req.hdr.op), req.hdr.call_id);
            rep.hdr.status = (uint32_t)route(caller, &req, &rep);
            TRACE("%s call %u -> %08x", lsa_wire_op_name(req.hdr.op), req.hdr.call_id, rep.hdr.status);
        }
    }
    return lsa_wire_encode_reply(&rep, reply) == LSA_WIRE_OK;
}

BOOL lsa_core_has_live_sessions(void)
{
    lsa_sessions_sweep();
    return lsa_sessions_any_watched();
}

void lsa_core_client_gone(DWORD process_id)
{
    lsa_clientmem_forget_process(process_id);
    lsa_handles_forget_process(process_id);
}

void lsa_core_forget_exited_clients(void)
{
    lsa_clientmem_forget_exited();
    lsa_handles_forget_exited();
}

void lsa_core_release_idle_memory(void)
{
    if (lsa_session_heap_release())
        TRACE("session heap released");
}

void lsa_core_read_counts(lsa_core_counts *out)
{
    memset(out, 0, sizeof(*out));
    lsa_sessions_count(&out->sessions, &out->watched_sessions);
    out->client_blocks = lsa_clientmem_live_count();
    lsa_clientmem_table_size(&out->client_slots, &out->client_deleted);
    out->client_arenas = lsa_clientmem_remote_arena_count();
    out->connection_handles = lsa_handles_open_count();
    out->session_blocks = lsa_session_heap_blocks();
}
