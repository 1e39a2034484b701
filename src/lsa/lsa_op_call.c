/* LsaCallAuthenticationPackage in the core. Untrusted connections reach LsaApCallPackageUntrusted, trusted ones
 * LsaApCallPackage; the package gets a copy of the submit buffer plus the client's address of it. */
#include "lsa_internal.h"

#include <string.h>

NTSTATUS lsa_invoke_call_package(const lsa_package *pkg, lsa_call *call, BOOL passthrough, void *submit, ULONG len,
                                 void **ret, ULONG *ret_len, NTSTATUS *protocol_status)
{
    PLSA_AP_CALL_PACKAGE entry;
    if (passthrough)
        entry = pkg->call_passthrough;
    else
        entry = call->trusted ? pkg->call : pkg->call_untrusted;
    if (!entry) {
        /* Routing an untrusted caller to the trusted entry point would hand it trusted operations. */
        TRACE("package %s has no %s entry point", pkg->name,
              passthrough ? "passthrough" : call->trusted ? "CallPackage" : "CallPackageUntrusted");
        return STATUS_NOT_SUPPORTED;
    }
    return entry((PLSA_CLIENT_REQUEST)call, submit, (PVOID)(uintptr_t)call->client_base, len, ret, ret_len,
                 protocol_status);
}

NTSTATUS lsa_op_call_package(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep)
{
    lsa_connection conn;
    const lsa_package *pkg;
    lsa_call call;
    void *submit, *ret = NULL;
    ULONG ret_len = 0;
    NTSTATUS st, protocol = STATUS_SUCCESS;

    st = lsa_handles_get(req->u.call.handle, &conn);
    if (st != STATUS_SUCCESS)
        return st;
    if (!(pkg = lsa_packages_by_id(req->u.call.package_id)))
        return STATUS_NO_SUCH_PACKAGE; /* checked before the buffer, as Windows does */
    if (!req->u.call.submit.len)
        return STATUS_INVALID_PARAMETER;
    if (!(submit = lsa_heap_alloc(req->u.call.submit.len)))
        return STATUS_NO_MEMORY;
    memcpy(submit, req->u.call.submit.data, req->u.call.submit.len);

    memset(&call, 0, sizeof(call));
    call.caller = caller;
    call.trusted = conn.trusted;
    call.package_id = pkg->id;
    call.ptr_size = req->hdr.ptr_size;
    call.submit = submit;
    call.submit_len = req->u.call.submit.len;
    call.client_base = req->u.call.client_base;
    lsa_call_enter(&call);
    st = lsa_invoke_call_package(pkg, &call, FALSE, submit, req->u.call.submit.len, &ret, &ret_len, &protocol);
    if (NT_SUCCESS(st)) {
        rep->u.call.buffer = (uint64_t)(uintptr_t)ret;
        rep->u.call.length = ret ? ret_len : 0;
        rep->u.call.protocol_status = (uint32_t)protocol;
    } else {
        /* No return buffer on failure, but the package's ProtocolStatus goes back with the status, as lsasrv does. */
        lsa_call_rollback(&call);
        memset(&rep->u.call, 0, sizeof(rep->u.call));
        rep->u.call.protocol_status = (uint32_t)protocol;
    }
    lsa_call_leave(&call);
    SecureZeroMemory(submit, req->u.call.submit.len);
    lsa_heap_free(submit);
    return st;
}
