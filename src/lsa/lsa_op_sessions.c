/* LsaEnumerateLogonSessions and LsaGetLogonSessionData: answers built as single client blocks whose embedded
 * pointers point into themselves, freed by one LsaFreeReturnBuffer. */
#include "lsa_internal.h"

#include <string.h>
#include <wchar.h>

NTSTATUS lsa_op_enumerate_sessions(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep)
{
    LUID *ids;
    ULONG count;
    uint64_t block;
    NTSTATUS st;
    (void)req;
    lsa_sessions_add_machine(caller);
    st = lsa_sessions_list(&ids, &count);
    if (st != STATUS_SUCCESS)
        return st;
    st = lsa_clientmem_alloc((size_t)count * sizeof(LUID), &block);
    if (st == STATUS_SUCCESS) {
        st = lsa_clientmem_write(block, ids, (size_t)count * sizeof(LUID));
        if (st == STATUS_SUCCESS) {
            rep->u.sessions.buffer = block;
            rep->u.sessions.count = count;
        } else {
            lsa_clientmem_free(block);
        }
    }
    lsa_heap_free(ids);
    return st;
}

/* Lay a string out after the structure; the UNICODE_STRING points at its client address. */
static void place_string(BYTE *base, uint64_t client, size_t *used, LSA_UNICODE_STRING *dst, const WCHAR *src)
{
    size_t chars = wcslen(src);
    dst->Length = (USHORT)(chars * sizeof(WCHAR));
    dst->MaximumLength = (USHORT)(dst->Length + sizeof(WCHAR));
    dst->Buffer = (PWSTR)(uintptr_t)(client + *used);
    memcpy(base + *used, src, (chars + 1) * sizeof(WCHAR));
    *used += dst->MaximumLength;
}

NTSTATUS lsa_op_get_session_data(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep)
{
    lsa_session_info info;
    LUID id;
    SECURITY_LOGON_SESSION_DATA *data;
    BYTE *buf;
    size_t size, used, sid_len;
    uint64_t block;
    NTSTATUS st;
    const WCHAR *empty = L"";

    id.LowPart = req->u.session_data.logon_id.low;
    id.HighPart = req->u.session_data.logon_id.high;
    lsa_sessions_add_machine(caller);
    st = lsa_sessions_get(&id, &info);
    if (st != STATUS_SUCCESS)
        return st;
    sid_len = info.has_sid ? GetLengthSid(info.sid) : 0;
    size = sizeof(*data) + sid_len + sizeof(void *) +
           (wcslen(info.user) + wcslen(info.domain) + wcslen(info.package_name) + wcslen(info.logon_server) +
            wcslen(info.dns_domain) + wcslen(info.upn) + 16) *
               sizeof(WCHAR);
    if (!(buf = lsa_heap_alloc(size)))
        return STATUS_NO_MEMORY;
    st = lsa_clientmem_alloc(size, &block);
    if (st != STATUS_SUCCESS) {
        lsa_heap_free(buf);
        return st;
    }
    data = (SECURITY_LOGON_SESSION_DATA *)buf;
    used = sizeof(*data);
    data->Size = sizeof(*data);
    data->LogonId = id;
    data->LogonType = info.logon_type;
    data->Session = info.session;
    data->LogonTime = info.logon_time;
    if (sid_len) {
        used = (used + 3) & ~(size_t)3;
        memcpy(buf + used, info.sid, sid_len);
        data->Sid = (PSID)(uintptr_t)(block + used);
        used += sid_len;
    }
    used = (used + 1) & ~(size_t)1;
    place_string(buf, block, &used, &data->UserName, info.user);
    place_string(buf, block, &used, &data->LogonDomain, info.domain);
    place_string(buf, block, &used, &data->AuthenticationPackage, info.package_name);
    place_string(buf, block, &used, &data->LogonServer, info.logon_server);
    place_string(buf, block, &used, &data->DnsDomainName, info.dns_domain);
    place_string(buf, block, &used, &data->Upn, info.upn);
    place_string(buf, block, &used, &data->LogonScript, empty);
    place_string(buf, block, &used, &data->ProfilePath, empty);
    /* HomeDirectory, HomeDirectoryDrive: same empty string layout. */
    place_string(buf, block, &used, &data->HomeDirectory, empty);
    place_string(buf, block, &used, &data->HomeDirectoryDrive, empty);
    data->LogoffTime.QuadPart = 0x7FFFFFFFFFFFFFFFll;
    data->KickOffTime.QuadPart = 0x7FFFFFFFFFFFFFFFll;
    data->PasswordMustChange.QuadPart = 0x7FFFFFFFFFFFFFFFll;
    if (used > size) {
        ERR("session data layout overflow");
        lsa_clientmem_free(block);
        lsa_heap_free(buf);
        return STATUS_INTERNAL_ERROR;
    }
    st = lsa_clientmem_write(block, buf, used);
    lsa_heap_free(buf);
    if (st != STATUS_SUCCESS) {
        lsa_clientmem_free(block);
        return st;
    }
    rep->u.session_data.buffer = block;
    return STATUS_SUCCESS;
}
