/* Unit tests of LSA core pieces that the public API cannot show directly: the token's group list, the handle
 * validator, client-memory range checks, the dispatch table's completeness, and malformed messages. */
#include "lsa_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

size_t lsa_function_table_size(void);

static SID world = { SID_REVISION, 1, { SECURITY_WORLD_SID_AUTHORITY }, { SECURITY_WORLD_RID } };
static SID users = { SID_REVISION, 1, { SECURITY_NT_AUTHORITY }, { SECURITY_AUTHENTICATED_USER_RID } };
static SID interactive = { SID_REVISION, 1, { SECURITY_NT_AUTHORITY }, { SECURITY_INTERACTIVE_RID } };
static SID network = { SID_REVISION, 1, { SECURITY_NT_AUTHORITY }, { SECURITY_NETWORK_RID } };
static SID batch = { SID_REVISION, 1, { SECURITY_NT_AUTHORITY }, { SECURITY_BATCH_RID } };
static SID service = { SID_REVISION, 1, { SECURITY_NT_AUTHORITY }, { SECURITY_SERVICE_RID } };
static SID local_extra = { SID_REVISION, 1, { SECURITY_NT_AUTHORITY }, { 1234 } };

static void groups_add_world_and_logon_type(void **state)
{
    static const struct { SECURITY_LOGON_TYPE type; SID *sid; } cases[] = {
        { Interactive, &interactive }, { Network, &network }, { Batch, &batch }, { Service, &service },
        { Unlock, &interactive }, { NetworkCleartext, &network }, { CachedInteractive, &interactive },
    };
    TOKEN_GROUPS pkg = { 1, { { &users, SE_GROUP_MANDATORY | SE_GROUP_ENABLED } } };
    (void)state;
    for (size_t i = 0; i < ARRAYSIZE(cases); i++) {
        TOKEN_GROUPS *g = NULL;
        assert_int_equal(lsa_token_compose_groups(&pkg, cases[i].type, NULL, &g), STATUS_SUCCESS);
        assert_int_equal(g->GroupCount, 3);
        assert_true(EqualSid(g->Groups[0].Sid, &users));
        assert_int_equal(g->Groups[0].Attributes, SE_GROUP_MANDATORY | SE_GROUP_ENABLED);
        assert_true(EqualSid(g->Groups[1].Sid, &world));
        assert_true(EqualSid(g->Groups[2].Sid, cases[i].sid));
        assert_int_equal(g->Groups[2].Attributes, SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED);
        lsa_heap_free(g);
    }
}

static void groups_local_groups_appended_without_duplicates(void **state)
{
    TOKEN_GROUPS pkg = { 1, { { &world, SE_GROUP_ENABLED } } };
    struct { DWORD count; SID_AND_ATTRIBUTES g[3]; } local = {
        3, { { &local_extra, SE_GROUP_ENABLED | SE_GROUP_LOGON_ID }, { &world, 7 }, { &interactive, 7 } }
    };
    TOKEN_GROUPS *g = NULL;
    (void)state;
    assert_int_equal(lsa_token_compose_groups(&pkg, Interactive, (TOKEN_GROUPS *)&local, &g), STATUS_SUCCESS);
    assert_int_equal(g->GroupCount, 3); /* world (package's), interactive, extra */
    assert_true(EqualSid(g->Groups[0].Sid, &world));
    assert_int_equal(g->Groups[0].Attributes, SE_GROUP_ENABLED); /* the package's attributes win */
    assert_true(EqualSid(g->Groups[1].Sid, &interactive));
    assert_true(EqualSid(g->Groups[2].Sid, &local_extra));
    assert_int_equal(g->Groups[2].Attributes, SE_GROUP_ENABLED | SE_GROUP_LOGON_ID);
    lsa_heap_free(g);
}

static void groups_refuse_invalid_sids(void **state)
{
    SID bad = { 9, 1, { SECURITY_NT_AUTHORITY }, { 1 } };
    TOKEN_GROUPS pkg = { 1, { { &bad, 0 } } };
    TOKEN_GROUPS nul = { 1, { { NULL, 0 } } };
    TOKEN_GROUPS *g = (TOKEN_GROUPS *)1;
    (void)state;
    assert_int_equal(lsa_token_compose_groups(&pkg, Interactive, NULL, &g), STATUS_INVALID_SID);
    assert_null(g);
    assert_int_equal(lsa_token_compose_groups(NULL, Interactive, &nul, &g), STATUS_INVALID_SID);
}

static void handles_validate(void **state)
{
    uint64_t a, b;
    lsa_connection c;
    (void)state;
    assert_int_equal(lsa_handles_open(FALSE, &a), STATUS_SUCCESS);
    assert_int_equal(lsa_handles_open(TRUE, &b), STATUS_SUCCESS);
    assert_true(a != b);
    assert_true(a <= 0xFFFFFFFFu && b <= 0xFFFFFFFFu); /* fits a 32-bit client's HANDLE */
    assert_int_equal(lsa_handles_get(a, &c), STATUS_SUCCESS);
    assert_false(c.trusted);
    assert_int_equal(lsa_handles_get(b, &c), STATUS_SUCCESS);
    assert_true(c.trusted);
    assert_int_equal(lsa_handles_close(a), STATUS_SUCCESS);
    assert_int_equal(lsa_handles_get(a, &c), STATUS_INVALID_HANDLE);
    assert_int_equal(lsa_handles_close(a), STATUS_INVALID_HANDLE);
    assert_int_equal(lsa_handles_get(0, &c), STATUS_INVALID_HANDLE);
    assert_int_equal(lsa_handles_get(a ^ 1, &c), STATUS_INVALID_HANDLE);
    assert_int_equal(lsa_handles_get(b + (1ull << 32), &c), STATUS_INVALID_HANDLE);
    assert_int_equal(lsa_handles_close(b), STATUS_SUCCESS);
}

static void clientmem_range_checks(void **state)
{
    uint64_t block;
    uint8_t bytes[32] = { 1, 2, 3 };
    (void)state;
    assert_int_equal(lsa_clientmem_alloc(16, &block), STATUS_SUCCESS);
    assert_int_equal(lsa_clientmem_write(block, bytes, 16), STATUS_SUCCESS);
    assert_int_equal(lsa_clientmem_write(block + 8, bytes, 8), STATUS_SUCCESS);
    assert_int_equal(lsa_clientmem_write(block + 8, bytes, 9), STATUS_ACCESS_VIOLATION);
    assert_int_equal(lsa_clientmem_write(block, bytes, 17), STATUS_ACCESS_VIOLATION);
    assert_int_equal(lsa_clientmem_write((uint64_t)(uintptr_t)bytes, bytes, 1), STATUS_ACCESS_VIOLATION);
    assert_int_equal(lsa_clientmem_write(block - 1, bytes, 2), STATUS_ACCESS_VIOLATION);
    assert_int_equal(lsa_clientmem_free(block + 1), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(lsa_clientmem_free(block), STATUS_SUCCESS);
    assert_int_equal(lsa_clientmem_free(block), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(lsa_clientmem_write(block, bytes, 1), STATUS_ACCESS_VIOLATION);
}

/* Every slot, including the Windows 10 tail past mingw's definition, holds a function. */
static void function_table_has_no_empty_slot(void **state)
{
    void *const *slots = (void *const *)lsa_function_table();
    size_t n = lsa_function_table_size() / sizeof(void *);
    (void)state;
    assert_int_equal(n, 52 + 11);
    for (size_t i = 0; i < n; i++) {
        print_message("slot %u\n", (unsigned)i);
        assert_non_null(slots[i]);
    }
}

/* Malformed messages get a well-formed reply with a status, never a crash. */
static void core_answers_garbage(void **state)
{
    lsa_core_caller caller = { GetCurrentProcessId(), GetCurrentThreadId() };
    lsa_wbuf reply;
    lsa_wire_request req;
    lsa_wire_reply rep;
    lsa_wbuf msg;
    uint8_t junk[64];
    (void)state;
    lsa_wbuf_init(&reply, LSA_WIRE_MAX_MESSAGE);
    memset(junk, 0xA5, sizeof(junk));
    assert_true(lsa_core_handle(&caller, junk, sizeof(junk), &reply));
    assert_true(reply.len >= LSA_WIRE_HEADER_SIZE);

    /* A valid lookup request, then each truncation of it. */
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_LOOKUP_PACKAGE;
    req.hdr.call_id = 77;
    req.hdr.ptr_size = sizeof(void *);
    req.u.lookup.handle = 0x5;
    req.u.lookup.name.data = (const uint8_t *)"Kerberos";
    req.u.lookup.name.len = 8;
    lsa_wbuf_init(&msg, LSA_WIRE_MAX_MESSAGE);
    assert_int_equal(lsa_wire_encode_request(&req, &msg), LSA_WIRE_OK);
    for (size_t cut = 0; cut < msg.len; cut++) {
        assert_true(lsa_core_handle(&caller, msg.data, cut, &reply));
        if (cut >= LSA_WIRE_HEADER_SIZE) {
            /* header readable: the reply matches the op and says why */
            assert_int_equal(lsa_wire_decode_reply(reply.data, reply.len, LSA_OP_LOOKUP_PACKAGE, &rep), LSA_WIRE_OK);
            assert_int_equal(rep.hdr.call_id, 77);
            assert_int_equal(rep.hdr.status, (uint32_t)STATUS_INVALID_PARAMETER);
        }
    }
    /* Whole message, bad handle. */
    assert_true(lsa_core_handle(&caller, msg.data, msg.len, &reply));
    assert_int_equal(lsa_wire_decode_reply(reply.data, reply.len, LSA_OP_LOOKUP_PACKAGE, &rep), LSA_WIRE_OK);
    assert_int_equal(rep.hdr.status, (uint32_t)STATUS_INVALID_HANDLE);
    /* Another version: the core says so. */
    msg.data[4] = 2;
    assert_true(lsa_core_handle(&caller, msg.data, msg.len, &reply));
    assert_int_equal(lsa_wire_decode_reply(reply.data, reply.len, LSA_OP_LOOKUP_PACKAGE, &rep), LSA_WIRE_OK);
    assert_int_equal(rep.hdr.status, (uint32_t)STATUS_REVISION_MISMATCH);
    lsa_wbuf_free(&msg);
    lsa_wbuf_free(&reply);
}


/* ---- the dispatch table, called as a package would ------------------------------------------------------------ */

static lsa_core_caller self_caller;

/* Run `body` inside a call context whose submit buffer is `submit` at client address `base`. */
static void with_call(lsa_call *call, const void *submit, size_t len, uint64_t base, BOOL trusted)
{
    memset(call, 0, sizeof(*call));
    self_caller.process_id = GetCurrentProcessId();
    self_caller.thread_id = GetCurrentThreadId();
    call->caller = &self_caller;
    call->trusted = trusted;
    call->ptr_size = sizeof(void *);
    call->submit = submit;
    call->submit_len = len;
    call->client_base = base;
    lsa_call_enter(call);
}

static void table_client_buffers(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    uint8_t submit[32], out[64];
    lsa_call call;
    void *block = NULL;
    const uint64_t base = 0x10000000; /* the client's address of `submit`: never dereferenced */
    (void)state;
    for (size_t i = 0; i < sizeof(submit); i++)
        submit[i] = (uint8_t)i;
    with_call(&call, submit, sizeof(submit), base, FALSE);
    /* Reads come from the submit copy, by client address. */
    assert_int_equal(t->CopyFromClientBuffer((PLSA_CLIENT_REQUEST)&call, 8, out, (PVOID)(uintptr_t)(base + 4)),
                     STATUS_SUCCESS);
    assert_memory_equal(out, submit + 4, 8);
    assert_int_equal(t->CopyFromClientBuffer((PLSA_CLIENT_REQUEST)&call, 32, out, (PVOID)(uintptr_t)base),
                     STATUS_SUCCESS);
    assert_int_equal(t->CopyFromClientBuffer((PLSA_CLIENT_REQUEST)&call, 33, out, (PVOID)(uintptr_t)base),
                     STATUS_ACCESS_VIOLATION);
    assert_int_equal(t->CopyFromClientBuffer((PLSA_CLIENT_REQUEST)&call, 1, out, (PVOID)(uintptr_t)(base + 32)),
                     STATUS_ACCESS_VIOLATION);
    assert_int_equal(t->CopyFromClientBuffer((PLSA_CLIENT_REQUEST)&call, 4, out, out), STATUS_ACCESS_VIOLATION);
    /* Writes only into blocks the LSA allocated. */
    assert_int_equal(t->AllocateClientBuffer((PLSA_CLIENT_REQUEST)&call, 16, &block), STATUS_SUCCESS);
    assert_non_null(block);
    assert_int_equal(t->CopyToClientBuffer((PLSA_CLIENT_REQUEST)&call, 16, block, submit), STATUS_SUCCESS);
    assert_int_equal(t->CopyToClientBuffer((PLSA_CLIENT_REQUEST)&call, 17, block, submit), STATUS_ACCESS_VIOLATION);
    assert_int_equal(t->CopyToClientBuffer((PLSA_CLIENT_REQUEST)&call, 4, out, submit), STATUS_ACCESS_VIOLATION);
    /* ...and read back from them. */
    assert_int_equal(t->CopyFromClientBuffer((PLSA_CLIENT_REQUEST)&call, 16, out, block), STATUS_SUCCESS);
    assert_memory_equal(out, submit, 16);
    /* A request pointer that is not this call's is refused, not followed. */
    assert_int_equal(t->CopyToClientBuffer((PLSA_CLIENT_REQUEST)(uintptr_t)0x1234, 1, block, submit),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(t->FreeClientBuffer((PLSA_CLIENT_REQUEST)&call, block), STATUS_SUCCESS);
    assert_int_equal(t->FreeClientBuffer((PLSA_CLIENT_REQUEST)&call, NULL), STATUS_SUCCESS);
    lsa_call_leave(&call);
    /* Outside any call there is no client. */
    assert_int_equal(t->AllocateClientBuffer(NULL, 16, &block), STATUS_INVALID_PARAMETER);
    assert_null(block);
}

static void table_client_and_call_info(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    SECPKG_CLIENT_INFO info;
    SECPKG_CALL_INFO call_info;
    lsa_call call;
    (void)state;
    assert_int_equal(t->GetClientInfo(&info), STATUS_NO_SUCH_LOGON_SESSION); /* no call */
    assert_false(t->GetCallInfo(&call_info));
    with_call(&call, NULL, 0, 0, TRUE);
    memset(&info, 0xcc, sizeof(info));
    assert_int_equal(t->GetClientInfo(&info), STATUS_SUCCESS);
    assert_int_equal(info.ProcessID, GetCurrentProcessId());
    assert_int_equal(info.ThreadID, GetCurrentThreadId());
    assert_true(info.HasTcbPrivilege); /* a trusted connection */
    assert_false(info.Impersonating);
    assert_true(t->GetCallInfo(&call_info));
    assert_int_equal(call_info.ProcessId, GetCurrentProcessId());
    assert_true(call_info.Attributes & SECPKG_CALL_IS_TCB);
    assert_true(call_info.Attributes & SECPKG_CALL_IN_PROC);
    lsa_call_leave(&call);
}

static void table_sessions_and_credentials(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    LUID id;
    LSA_STRING key = { 3, 4, (PCHAR) "key" }, value = { 6, 7, (PCHAR) "secret" }, got, got_key;
    ULONG context = 0, key_len = 0;
    (void)state;
    AllocateLocallyUniqueId(&id);
    assert_int_equal(t->GetCredentials(&id, 1, &context, FALSE, &key, &key_len, &got), STATUS_NO_SUCH_LOGON_SESSION);
    assert_int_equal(t->CreateLogonSession(&id), STATUS_SUCCESS);
    assert_int_equal(t->CreateLogonSession(&id), STATUS_LOGON_SESSION_COLLISION);
    assert_int_equal(t->GetCredentials(&id, 1, &context, FALSE, &key, &key_len, &got), STATUS_NOT_FOUND);
    assert_int_equal(t->AddCredential(&id, 1, &key, &value), STATUS_SUCCESS);
    assert_int_equal(t->GetCredentials(&id, 1, &context, FALSE, &key, &key_len, &got), STATUS_SUCCESS);
    assert_int_equal(got.Length, 6);
    assert_memory_equal(got.Buffer, "secret", 6);
    t->FreeLsaHeap(got.Buffer);
    context = 0;
    assert_int_equal(t->GetCredentials(&id, 1, &context, TRUE, &got_key, &key_len, &got), STATUS_SUCCESS);
    assert_int_equal(key_len, 3);
    assert_int_equal(context, 1);
    t->FreeLsaHeap(got.Buffer);
    t->FreeLsaHeap(got_key.Buffer);
    assert_int_equal(t->GetCredentials(&id, 2, &context, FALSE, &key, &key_len, &got), STATUS_NOT_FOUND);
    assert_int_equal(t->DeleteCredential(&id, 1, &key), STATUS_SUCCESS);
    assert_int_equal(t->DeleteCredential(&id, 1, &key), STATUS_NOT_FOUND);
    assert_int_equal(t->DeleteLogonSession(&id), STATUS_SUCCESS);
    assert_int_equal(t->DeleteLogonSession(&id), STATUS_NO_SUCH_LOGON_SESSION);
}

static void table_protect_memory(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    char secret[37] = "correct horse battery staple 12345";
    char copy[37];
    (void)state;
    memcpy(copy, secret, sizeof(secret));
    t->LsaProtectMemory(secret, sizeof(secret));
    assert_true(memcmp(secret, copy, sizeof(secret)) != 0);
    t->LsaUnprotectMemory(secret, sizeof(secret));
    assert_memory_equal(secret, copy, sizeof(secret));
}

static volatile LONG fired;
static DWORD WINAPI notified(PVOID param)
{
    InterlockedIncrement(&fired);
    SetEvent(param);
    return 0;
}

static void table_notifications(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    HANDLE done = CreateEventW(NULL, FALSE, FALSE, NULL), trigger = CreateEventW(NULL, FALSE, FALSE, NULL), h;
    (void)state;
    fired = 0;
    assert_non_null(t->RegisterNotification(notified, done, NOTIFIER_TYPE_IMMEDIATE, 0, 0, 0, NULL));
    assert_int_equal(WaitForSingleObject(done, 5000), WAIT_OBJECT_0);
    h = t->RegisterNotification(notified, done, NOTIFIER_TYPE_HANDLE_WAIT, 0, 0, 0, trigger);
    assert_non_null(h);
    SetEvent(trigger);
    assert_int_equal(WaitForSingleObject(done, 5000), WAIT_OBJECT_0);
    assert_int_equal(t->CancelNotification(h), STATUS_SUCCESS);
    assert_int_equal(fired, 2);
    assert_null(t->RegisterNotification(notified, done, NOTIFIER_TYPE_STATE_CHANGE, 0, 0, 0, NULL));
    assert_int_equal(t->CancelNotification(NULL), STATUS_INVALID_HANDLE);
    CloseHandle(done);
    CloseHandle(trigger);
}

/* A package calling a package: buffers live on the LSA heap and come back through FreeReturnBuffer. */
static void table_call_package_in_lsa(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    UNICODE_STRING kerberos = { 16, 18, (PWSTR)L"Kerberos" }, nosuch = { 8, 10, (PWSTR)L"None" };
    KERB_QUERY_TKT_CACHE_REQUEST q = { KerbQueryTicketCacheMessage, { 0, 0 } };
    KERB_QUERY_TKT_CACHE_RESPONSE *r = NULL;
    ULONG len = 0;
    NTSTATUS proto = -1;
    lsa_call call;
    (void)state;
    with_call(&call, NULL, 0, 0, TRUE);
    assert_int_equal(t->CallPackage(&nosuch, &q, sizeof(q), (PVOID *)&r, &len, &proto), STATUS_NO_SUCH_PACKAGE);
    assert_int_equal(t->CallPackage(&kerberos, &q, sizeof(q), (PVOID *)&r, &len, &proto), STATUS_SUCCESS);
    assert_int_equal(proto, STATUS_SUCCESS);
    assert_non_null(r);
    assert_int_equal(r->MessageType, KerbQueryTicketCacheMessage);
    assert_int_equal(r->CountOfTickets, 0);
    t->FreeReturnBuffer(r);
    lsa_call_leave(&call);
}

/* Services this LSA does not host answer with a status, never a silent success. */
static void table_unsupported_services(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    PVOID handle = (PVOID)1;
    SECURITY_STRING name = { 2, 4, (PWSTR)L"a" };
    (void)state;
    assert_int_equal(t->OpenSamUser(&name, SecNameSamCompatible, NULL, FALSE, 0, &handle), STATUS_NOT_SUPPORTED);
    assert_null(handle);
    assert_int_equal(t->CloseSamUser(NULL), STATUS_INVALID_HANDLE);
    assert_int_equal(t->UnloadPackage(), STATUS_NOT_SUPPORTED);
    assert_int_equal(t->UpdateCredentials(NULL, NULL), STATUS_NOT_SUPPORTED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(groups_add_world_and_logon_type),
        cmocka_unit_test(groups_local_groups_appended_without_duplicates),
        cmocka_unit_test(groups_refuse_invalid_sids),
        cmocka_unit_test(handles_validate),
        cmocka_unit_test(clientmem_range_checks),
        cmocka_unit_test(function_table_has_no_empty_slot),
        cmocka_unit_test(core_answers_garbage),
        cmocka_unit_test(table_client_buffers),
        cmocka_unit_test(table_client_and_call_info),
        cmocka_unit_test(table_sessions_and_credentials),
        cmocka_unit_test(table_protect_memory),
        cmocka_unit_test(table_notifications),
        cmocka_unit_test(table_call_package_in_lsa),
        cmocka_unit_test(table_unsupported_services),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
