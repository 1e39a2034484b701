/* Unit tests of LSA core pieces that the public API cannot show directly: the token's group list, the handle
 * validator (and handles dying with their client process), client-memory range checks, block ownership and table
 * size, the dispatch table's completeness, malformed messages, ProtocolStatus on failure, and the LSAEMU_DEBUG levels
 * (this program re-run as a child). */
#include "lsa_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
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
    assert_int_equal(lsa_handles_open(NULL, FALSE, &a), STATUS_SUCCESS);
    assert_int_equal(lsa_handles_open(NULL, TRUE, &b), STATUS_SUCCESS);
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
    lsa_core_caller me = { .process_id = GetCurrentProcessId(), .thread_id = GetCurrentThreadId() };
    const lsa_core_caller *self = &me;
    (void)state;
    assert_int_equal(lsa_clientmem_alloc(self, 16, &block), STATUS_SUCCESS);
    assert_int_equal(lsa_clientmem_write(self, block, bytes, 16), STATUS_SUCCESS);
    assert_int_equal(lsa_clientmem_write(self, block + 8, bytes, 8), STATUS_SUCCESS);
    assert_int_equal(lsa_clientmem_write(self, block + 8, bytes, 9), STATUS_ACCESS_VIOLATION);
    assert_int_equal(lsa_clientmem_write(self, block, bytes, 17), STATUS_ACCESS_VIOLATION);
    assert_int_equal(lsa_clientmem_write(self, (uint64_t)(uintptr_t)bytes, bytes, 1), STATUS_ACCESS_VIOLATION);
    assert_int_equal(lsa_clientmem_write(self, block - 1, bytes, 2), STATUS_ACCESS_VIOLATION);
    assert_int_equal(lsa_clientmem_free(self, block + 1), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(lsa_clientmem_free(self, block), STATUS_SUCCESS);
    assert_int_equal(lsa_clientmem_free(self, block), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(lsa_clientmem_write(self, block, bytes, 1), STATUS_ACCESS_VIOLATION);
}

/* The client-memory table follows the blocks alive, not the history: 200 clients in turn (fake process ids whose
 * arenas are placed in this process, so each block is at an address of its own), each getting and freeing a block and
 * then gone, leave it as many slots as the first did and no entry. */
static void clientmem_table_follows_live_blocks(void **state)
{
    enum { CLIENTS = 200 };
    static uint64_t arenas[CLIENTS];
    size_t slots_first = 0, slots = 0, deleted = 0, live_before = lsa_clientmem_live_count();
    HANDLE self = OpenProcess(PROCESS_VM_OPERATION | PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
                                  PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE,
                              FALSE, GetCurrentProcessId());
    (void)state;
    assert_non_null(self);
    for (DWORD i = 0; i < CLIENTS; i++) {
        lsa_core_caller client = { .process_id = 0x7ff00000u + i * 4, .process = self };
        assert_int_equal(lsa_clientmem_alloc(&client, 16, &arenas[i]), STATUS_SUCCESS);
        assert_int_equal(lsa_clientmem_free(&client, arenas[i]), STATUS_SUCCESS);
        lsa_core_client_gone(client.process_id);
        lsa_clientmem_table_size(&slots, &deleted);
        if (i == 0)
            slots_first = slots;
        assert_int_equal(slots, slots_first);
    }
    print_message("client-memory table: %u slots (%u deleted) after %u clients\n", (unsigned)slots,
                  (unsigned)deleted, (unsigned)CLIENTS);
    assert_int_equal(lsa_clientmem_live_count(), live_before);
    /* A fresh arena's first block is its base; the "clients'" address space is ours, so give it back. */
    for (DWORD i = 0; i < CLIENTS; i++)
        assert_true(VirtualFree((void *)(uintptr_t)arenas[i], 0, MEM_RELEASE));
    CloseHandle(self);
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
    lsa_core_caller caller = { .process_id = GetCurrentProcessId(), .thread_id = GetCurrentThreadId() };
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

/* The session table's memory follows the sessions alive: 100 sessions with two credentials each, then ended, leave
 * as many blocks of its heap as there were before; with none left the heap can be destroyed, and the next session
 * gets a new one. */
static void session_memory_goes_with_the_sessions(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    LSA_STRING key = { 3, 4, (PCHAR) "key" }, other = { 5, 6, (PCHAR) "other" }, value = { 6, 7, (PCHAR) "secret" };
    LUID ids[100];
    size_t before = lsa_session_heap_blocks();
    (void)state;
    for (size_t i = 0; i < ARRAYSIZE(ids); i++) {
        AllocateLocallyUniqueId(&ids[i]);
        assert_int_equal(t->CreateLogonSession(&ids[i]), STATUS_SUCCESS);
        assert_int_equal(t->AddCredential(&ids[i], 1, &key, &value), STATUS_SUCCESS);
        assert_int_equal(t->AddCredential(&ids[i], 1, &other, &value), STATUS_SUCCESS);
    }
    assert_true(lsa_session_heap_blocks() >= before + 7 * ARRAYSIZE(ids)); /* a session, two of struct, key, value */
    for (size_t i = 0; i < ARRAYSIZE(ids); i++)
        assert_int_equal(t->DeleteLogonSession(&ids[i]), STATUS_SUCCESS);
    assert_int_equal(lsa_session_heap_blocks(), before);
    assert_int_equal(lsa_session_heap_release(), before == 0);
    assert_int_equal(t->CreateLogonSession(&ids[0]), STATUS_SUCCESS);
    assert_int_equal(lsa_session_heap_blocks(), before + 1);
    assert_false(lsa_session_heap_release()); /* a block is alive */
    assert_int_equal(t->DeleteLogonSession(&ids[0]), STATUS_SUCCESS);
    assert_int_equal(lsa_session_heap_blocks(), before);
}

static void table_protect_memory(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    static const ULONG sizes[] = { 0, 1, 15, 16, 17, 1000 };
    static char a[1000], b[1000], plain[1000];
    (void)state;
    for (size_t i = 0; i < sizeof(plain); i++)
        plain[i] = (char)('a' + i % 26);
    for (size_t k = 0; k < ARRAYSIZE(sizes); k++) {
        ULONG n = sizes[k];
        print_message("size %lu\n", (unsigned long)n);
        memcpy(a, plain, sizeof(plain));
        memcpy(b, plain, sizeof(plain));
        t->LsaProtectMemory(a, n);
        t->LsaProtectMemory(b, n);
        /* In place, same size: nothing past the end changes. */
        assert_memory_equal(a + n, plain + n, sizeof(plain) - n);
        if (n >= 8) {
            /* Neither is plain text, and two buffers with the same content differ (for fewer bytes a chance match
             * is too likely to assert on). */
            assert_true(memcmp(a, plain, n) != 0);
            assert_true(memcmp(a, b, n) != 0);
        }
        t->LsaUnprotectMemory(a, n);
        t->LsaUnprotectMemory(b, n);
        assert_memory_equal(a, plain, sizeof(plain));
        assert_memory_equal(b, plain, sizeof(plain));
    }
    /* Each 16-byte block of one buffer has its own key stream: equal blocks protect differently. */
    memset(a, 'x', 64);
    t->LsaProtectMemory(a, 64);
    assert_true(memcmp(a, a + 16, 16) != 0);
    t->LsaUnprotectMemory(a, 64);
    for (int i = 0; i < 64; i++)
        assert_int_equal(a[i], 'x');
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
    /* Values that are not live registrations are looked up, never followed. */
    assert_int_equal(t->CancelNotification(h), STATUS_INVALID_HANDLE); /* cancelled already */
    assert_int_equal(t->CancelNotification((HANDLE)(ULONG_PTR)0x1234), STATUS_INVALID_HANDLE);
    assert_int_equal(t->CancelNotification((HANDLE)(ULONG_PTR)-1), STATUS_INVALID_HANDLE);
    assert_int_equal(t->CancelNotification((HANDLE)&fired), STATUS_INVALID_HANDLE);
    CloseHandle(done);
    CloseHandle(trigger);
}

/* A failed call deletes every logon session it created, however many. */
static void rollback_deletes_all_of_its_sessions(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    LUID ids[20];
    lsa_call call;
    (void)state;
    with_call(&call, NULL, 0, 0, TRUE);
    for (size_t i = 0; i < ARRAYSIZE(ids); i++) {
        AllocateLocallyUniqueId(&ids[i]);
        assert_int_equal(t->CreateLogonSession(&ids[i]), STATUS_SUCCESS);
    }
    lsa_call_rollback(&call);
    lsa_call_leave(&call);
    for (size_t i = 0; i < ARRAYSIZE(ids); i++)
        assert_false(lsa_sessions_exists(&ids[i]));
}

/* A package calling a package: its result belongs to the LSA and comes back through FreeReturnBuffer; a failed call
 * returns no buffer and leaves no block behind. */
static void table_call_package_in_lsa(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    UNICODE_STRING kerberos = { 16, 18, (PWSTR)L"Kerberos" }, nosuch = { 8, 10, (PWSTR)L"None" };
    KERB_QUERY_TKT_CACHE_REQUEST q = { KerbQueryTicketCacheMessage, { 0, 0 } };
    KERB_QUERY_TKT_CACHE_RESPONSE *r = NULL;
    ULONG len = 0;
    NTSTATUS proto = -1;
    lsa_call call;
    size_t before = lsa_clientmem_live_count();
    (void)state;
    with_call(&call, NULL, 0, 0, TRUE);
    assert_int_equal(t->CallPackage(&nosuch, &q, sizeof(q), (PVOID *)&r, &len, &proto), STATUS_NO_SUCH_PACKAGE);
    assert_int_equal(t->CallPackage(&kerberos, &q, sizeof(q), (PVOID *)&r, &len, &proto), STATUS_SUCCESS);
    assert_int_equal(proto, STATUS_SUCCESS);
    assert_non_null(r);
    assert_int_equal(r->MessageType, KerbQueryTicketCacheMessage);
    assert_int_equal(r->CountOfTickets, 0);
    assert_int_equal(lsa_clientmem_live_count(), before + 1);
    t->FreeReturnBuffer(r);
    assert_int_equal(lsa_clientmem_live_count(), before);
    r = (KERB_QUERY_TKT_CACHE_RESPONSE *)&q;
    len = 5;
    assert_int_equal(t->CallPackage(&kerberos, &q, 2, (PVOID *)&r, &len, &proto), STATUS_INVALID_PARAMETER);
    assert_int_equal(proto, STATUS_INVALID_PARAMETER);
    assert_null(r);
    assert_int_equal(len, 0);
    assert_int_equal(lsa_clientmem_live_count(), before);
    lsa_call_leave(&call);
}

/* ---- block ownership -------------------------------------------------------------------------------------------- */

/* LsaFreeReturnBuffer as the client sends it, through the core. */
static NTSTATUS core_free_return_buffer(uint64_t address)
{
    lsa_core_caller caller = { .process_id = GetCurrentProcessId(), .thread_id = GetCurrentThreadId() };
    lsa_wire_request req;
    lsa_wire_reply rep;
    lsa_wbuf msg, reply;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_FREE_RETURN_BUFFER;
    req.hdr.call_id = 9;
    req.hdr.ptr_size = sizeof(void *);
    req.u.free_buffer.address = address;
    lsa_wbuf_init(&msg, LSA_WIRE_MAX_MESSAGE);
    lsa_wbuf_init(&reply, LSA_WIRE_MAX_MESSAGE);
    assert_int_equal(lsa_wire_encode_request(&req, &msg), LSA_WIRE_OK);
    assert_true(lsa_core_handle(&caller, msg.data, msg.len, &reply));
    assert_int_equal(lsa_wire_decode_reply(reply.data, reply.len, LSA_OP_FREE_RETURN_BUFFER, &rep), LSA_WIRE_OK);
    lsa_wbuf_free(&msg);
    lsa_wbuf_free(&reply);
    return (NTSTATUS)rep.hdr.status;
}

/* A call reaches only its own blocks; the client frees only blocks that were returned to it. */
static void blocks_belong_to_their_call(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    lsa_call outer, inner;
    void *mine = NULL, *theirs = NULL;
    uint8_t bytes[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, out[8];
    (void)state;
    with_call(&outer, NULL, 0, 0, FALSE);
    assert_int_equal(t->AllocateClientBuffer((PLSA_CLIENT_REQUEST)&outer, 8, &theirs), STATUS_SUCCESS);
    with_call(&inner, NULL, 0, 0, FALSE);
    assert_int_equal(t->AllocateClientBuffer((PLSA_CLIENT_REQUEST)&inner, 8, &mine), STATUS_SUCCESS);
    /* The inner call cannot touch the outer call's block under its own request... */
    assert_int_equal(t->FreeClientBuffer((PLSA_CLIENT_REQUEST)&inner, theirs), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(t->CopyToClientBuffer((PLSA_CLIENT_REQUEST)&inner, 8, theirs, bytes), STATUS_ACCESS_VIOLATION);
    assert_int_equal(t->CopyFromClientBuffer((PLSA_CLIENT_REQUEST)&inner, 8, out, theirs), STATUS_ACCESS_VIOLATION);
    assert_int_equal(t->CopyToClientBuffer((PLSA_CLIENT_REQUEST)&inner, 8, mine, bytes), STATUS_SUCCESS);
    /* ...nor the outer its inner call's. */
    assert_int_equal(t->FreeClientBuffer((PLSA_CLIENT_REQUEST)&outer, mine), STATUS_MEMORY_NOT_ALLOCATED);
    /* Blocks of running calls are not the client's to free. */
    assert_int_equal(core_free_return_buffer((uint64_t)(uintptr_t)mine), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(core_free_return_buffer((uint64_t)(uintptr_t)theirs), STATUS_MEMORY_NOT_ALLOCATED);
    lsa_call_leave(&inner);
    lsa_call_leave(&outer);
    /* Both calls ended: their blocks were returned to this process, and each is freed once. */
    assert_int_equal(core_free_return_buffer((uint64_t)(uintptr_t)mine), STATUS_SUCCESS);
    assert_int_equal(core_free_return_buffer((uint64_t)(uintptr_t)mine), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(core_free_return_buffer((uint64_t)(uintptr_t)theirs + 1), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(core_free_return_buffer((uint64_t)(uintptr_t)theirs), STATUS_SUCCESS);
    /* Addresses the LSA never handed out; NULL is a bad parameter (docs/design.md). */
    assert_int_equal(core_free_return_buffer(1), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(core_free_return_buffer((uint64_t)(uintptr_t)bytes), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(core_free_return_buffer((uint64_t)(uintptr_t)bytes + 3), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(core_free_return_buffer(0), STATUS_INVALID_PARAMETER);
}

/* A failed call frees every block it still owns, however many, and only those. */
static void rollback_frees_all_of_its_blocks(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    lsa_call failing, other;
    void *p, *freed = NULL, *survivor = NULL;
    uint8_t byte = 7;
    size_t before = lsa_clientmem_live_count();
    (void)state;
    with_call(&failing, NULL, 0, 0, FALSE);
    for (int i = 0; i < 40; i++) {
        assert_int_equal(t->AllocateClientBuffer((PLSA_CLIENT_REQUEST)&failing, 24, &p), STATUS_SUCCESS);
        if (!freed)
            freed = p;
    }
    assert_int_equal(lsa_clientmem_live_count(), before + 40);
    /* The package frees one block; another call may get that address next. */
    assert_int_equal(t->FreeClientBuffer((PLSA_CLIENT_REQUEST)&failing, freed), STATUS_SUCCESS);
    with_call(&other, NULL, 0, 0, FALSE);
    assert_int_equal(t->AllocateClientBuffer((PLSA_CLIENT_REQUEST)&other, 24, &survivor), STATUS_SUCCESS);
    lsa_call_leave(&other);
    assert_int_equal(lsa_clientmem_live_count(), before + 40);
    lsa_call_rollback(&failing);
    lsa_call_leave(&failing);
    /* 39 freed; the other call's block (whatever its address) is intact and still the client's. */
    assert_int_equal(lsa_clientmem_live_count(), before + 1);
    assert_int_equal(lsa_clientmem_write(&self_caller, (uint64_t)(uintptr_t)survivor, &byte, 1), STATUS_SUCCESS);
    assert_int_equal(core_free_return_buffer((uint64_t)(uintptr_t)survivor), STATUS_SUCCESS);
    assert_int_equal(lsa_clientmem_live_count(), before);
}

/* A package calling a package: the inner call's Copy/Free reach its own blocks and its submit buffer, nothing else,
 * and its result goes back to the LSA, not to the client. */
static void package_to_package_refuses_foreign_addresses(void **state)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    uint8_t submit[16] = { 9, 8, 7 }, local[16], out[16];
    void *block = NULL, *client_block = NULL, *heap_block = lsa_heap_alloc(16);
    size_t before = lsa_clientmem_live_count();
    lsa_call client, internal;
    (void)state;
    with_call(&client, NULL, 0, 0, FALSE);
    assert_int_equal(t->AllocateClientBuffer((PLSA_CLIENT_REQUEST)&client, 16, &client_block), STATUS_SUCCESS);
    with_call(&internal, submit, sizeof(submit), (uint64_t)(uintptr_t)submit, TRUE);
    internal.internal = TRUE;
    assert_int_equal(t->CopyToClientBuffer((PLSA_CLIENT_REQUEST)&internal, 4, local, submit), STATUS_ACCESS_VIOLATION);
    assert_int_equal(t->CopyToClientBuffer((PLSA_CLIENT_REQUEST)&internal, 4, heap_block, submit),
                     STATUS_ACCESS_VIOLATION);
    assert_int_equal(t->CopyFromClientBuffer((PLSA_CLIENT_REQUEST)&internal, 4, out, local), STATUS_ACCESS_VIOLATION);
    assert_int_equal(t->CopyFromClientBuffer((PLSA_CLIENT_REQUEST)&internal, 4, out, heap_block),
                     STATUS_ACCESS_VIOLATION);
    assert_int_equal(t->FreeClientBuffer((PLSA_CLIENT_REQUEST)&internal, local), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(t->FreeClientBuffer((PLSA_CLIENT_REQUEST)&internal, heap_block), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(t->FreeClientBuffer((PLSA_CLIENT_REQUEST)&internal, client_block), STATUS_MEMORY_NOT_ALLOCATED);
    /* Its submit buffer and its own blocks work. */
    assert_int_equal(t->CopyFromClientBuffer((PLSA_CLIENT_REQUEST)&internal, 3, out, submit), STATUS_SUCCESS);
    assert_memory_equal(out, submit, 3);
    assert_int_equal(t->AllocateClientBuffer((PLSA_CLIENT_REQUEST)&internal, 16, &block), STATUS_SUCCESS);
    assert_int_equal(t->CopyToClientBuffer((PLSA_CLIENT_REQUEST)&internal, 16, block, submit), STATUS_SUCCESS);
    lsa_call_leave(&internal);
    /* The result belongs to the LSA: the client cannot free it; FreeReturnBuffer can. */
    assert_int_equal(core_free_return_buffer((uint64_t)(uintptr_t)block), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(lsa_clientmem_live_count(), before + 2);
    t->FreeReturnBuffer(block);
    t->FreeReturnBuffer(heap_block); /* not a CallPackage result: refused, still allocated */
    t->FreeReturnBuffer(client_block); /* the client's call is running: refused */
    assert_int_equal(lsa_clientmem_live_count(), before + 1);
    lsa_call_rollback(&client);
    lsa_call_leave(&client);
    assert_int_equal(lsa_clientmem_live_count(), before);
    lsa_heap_free(heap_block);
}

/* A child of this program that exits at once (main: "exit-now"), started suspended so the test decides when. */
static PROCESS_INFORMATION suspended_child(void)
{
    char exe[MAX_PATH], cmd[MAX_PATH + 16];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    memset(&pi, 0, sizeof(pi));
    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    snprintf(cmd, sizeof(cmd), "\"%s\" exit-now", exe);
    assert_true(CreateProcessA(exe, cmd, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, &si, &pi));
    return pi;
}

/* LSA handles die with their client process, as on Windows: a client of the LSA server that exits without
 * LsaDeregisterLogonProcess leaves no handle behind, whether the server's sweep finds it exited or its connection
 * saw it go; the in-process caller's handles stay. */
static void handles_of_an_exited_client_are_closed(void **state)
{
    PROCESS_INFORMATION one = suspended_child(), two = suspended_child();
    lsa_core_caller first = { .process_id = one.dwProcessId, .process = one.hProcess };
    lsa_core_caller second = { .process_id = two.dwProcessId, .process = two.hProcess };
    size_t before = lsa_handles_open_count();
    uint64_t a, b, c, mine;
    lsa_connection conn;
    (void)state;
    assert_int_equal(lsa_handles_open(&first, FALSE, &a), STATUS_SUCCESS);
    assert_int_equal(lsa_handles_open(&first, TRUE, &b), STATUS_SUCCESS);
    assert_int_equal(lsa_handles_open(&second, FALSE, &c), STATUS_SUCCESS);
    assert_int_equal(lsa_handles_open(NULL, FALSE, &mine), STATUS_SUCCESS);
    assert_int_equal(lsa_handles_open_count(), before + 4);

    lsa_core_forget_exited_clients(); /* both still run */
    assert_int_equal(lsa_handles_get(a, &conn), STATUS_SUCCESS);
    assert_int_equal(lsa_handles_get(c, &conn), STATUS_SUCCESS);
    ResumeThread(one.hThread);
    assert_int_equal(WaitForSingleObject(one.hProcess, 10000), WAIT_OBJECT_0);
    lsa_core_forget_exited_clients();
    assert_int_equal(lsa_handles_get(a, &conn), STATUS_INVALID_HANDLE);
    assert_int_equal(lsa_handles_get(b, &conn), STATUS_INVALID_HANDLE);
    assert_int_equal(lsa_handles_get(c, &conn), STATUS_SUCCESS);

    lsa_core_client_gone(two.dwProcessId);
    assert_int_equal(lsa_handles_get(c, &conn), STATUS_INVALID_HANDLE);
    assert_int_equal(lsa_handles_get(mine, &conn), STATUS_SUCCESS);
    assert_int_equal(lsa_handles_open_count(), before + 1);
    assert_int_equal(lsa_handles_close(mine), STATUS_SUCCESS);
    assert_int_equal(lsa_handles_open_count(), before);

    TerminateProcess(two.hProcess, 0);
    WaitForSingleObject(two.hProcess, 10000);
    for (int i = 0; i < 2; i++) {
        PROCESS_INFORMATION *pi = i ? &two : &one;
        CloseHandle(pi->hThread);
        CloseHandle(pi->hProcess);
    }
}

/* ---- ProtocolStatus ------------------------------------------------------------------------------------------- */

/* LsaCallAuthenticationPackage through the core: status, ProtocolStatus and the buffer of the reply. */
static void core_call_package(ULONG package, const void *submit, uint32_t len, lsa_wire_reply *rep)
{
    lsa_core_caller caller = { .process_id = GetCurrentProcessId(), .thread_id = GetCurrentThreadId() };
    lsa_wire_request req;
    lsa_wbuf msg, reply;
    uint64_t handle;
    assert_int_equal(lsa_handles_open(&caller, FALSE, &handle), STATUS_SUCCESS);
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_CALL_PACKAGE;
    req.hdr.call_id = 11;
    req.hdr.ptr_size = sizeof(void *);
    req.u.call.handle = handle;
    req.u.call.package_id = package;
    req.u.call.client_base = (uint64_t)(uintptr_t)submit;
    req.u.call.submit.data = submit;
    req.u.call.submit.len = len;
    lsa_wbuf_init(&msg, LSA_WIRE_MAX_MESSAGE);
    lsa_wbuf_init(&reply, LSA_WIRE_MAX_MESSAGE);
    assert_int_equal(lsa_wire_encode_request(&req, &msg), LSA_WIRE_OK);
    assert_true(lsa_core_handle(&caller, msg.data, msg.len, &reply));
    assert_int_equal(lsa_wire_decode_reply(reply.data, reply.len, LSA_OP_CALL_PACKAGE, rep), LSA_WIRE_OK);
    lsa_wbuf_free(&msg);
    lsa_wbuf_free(&reply);
    assert_int_equal(lsa_handles_close(handle), STATUS_SUCCESS);
}

/* A message the package cannot dispatch fails, and the package's ProtocolStatus travels with the status. */
static void failed_dispatch_carries_protocol_status(void **state)
{
    const lsa_package *kerberos, *msv;
    KERB_QUERY_TKT_CACHE_REQUEST q = { KerbQueryTicketCacheMessage, { 0, 0 } };
    ULONG too_far = 0x7FFFFFFF;
    lsa_wire_reply rep;
    size_t before = lsa_clientmem_live_count();
    (void)state;
    lsa_packages_init();
    assert_non_null(kerberos = lsa_packages_by_name("Kerberos", 8));
    assert_non_null(msv = lsa_packages_by_name(MSV1_0_PACKAGE_NAME, strlen(MSV1_0_PACKAGE_NAME)));
    core_call_package(kerberos->id, &q, 2, &rep); /* shorter than a message type */
    assert_int_equal(rep.hdr.status, (uint32_t)STATUS_INVALID_PARAMETER);
    assert_int_equal(rep.u.call.protocol_status, rep.hdr.status);
    assert_int_equal(rep.u.call.buffer, 0);
    assert_int_equal(rep.u.call.length, 0);
    core_call_package(kerberos->id, &too_far, sizeof(too_far), &rep); /* a type past the enumeration */
    assert_int_equal(rep.hdr.status, (uint32_t)STATUS_INVALID_PARAMETER);
    assert_int_equal(rep.u.call.protocol_status, rep.hdr.status);
    assert_int_equal(rep.u.call.buffer, 0);
    core_call_package(msv->id, &q, 2, &rep);
    assert_true(!NT_SUCCESS((NTSTATUS)rep.hdr.status));
    assert_int_equal(rep.u.call.protocol_status, rep.hdr.status);
    assert_int_equal(rep.u.call.buffer, 0);
    /* A dispatched message succeeds with its outcome in ProtocolStatus and one returned block. */
    core_call_package(kerberos->id, &q, sizeof(q), &rep);
    assert_int_equal(rep.hdr.status, (uint32_t)STATUS_SUCCESS);
    assert_int_equal(rep.u.call.protocol_status, (uint32_t)STATUS_SUCCESS);
    assert_true(rep.u.call.buffer != 0);
    assert_int_equal(lsa_clientmem_live_count(), before + 1);
    assert_int_equal(core_free_return_buffer(rep.u.call.buffer), STATUS_SUCCESS);
    assert_int_equal(lsa_clientmem_live_count(), before);
}

/* ---- session data --------------------------------------------------------------------------------------------- */

static void session_data_size_is_checked(void **state)
{
    size_t none[1] = { 0 }, some[3] = { 0, 2, 10 }, size = 1;
    size_t huge[2] = { 8, SIZE_MAX - 64 }, too_long[1] = { 0xFFFE };
    const size_t header = sizeof(SECURITY_LOGON_SESSION_DATA);
    (void)state;
    assert_true(lsa_session_data_size(0, none, 0, &size));
    assert_int_equal(size, header);
    /* SID 4-aligned, then each string and its NUL. */
    assert_true(lsa_session_data_size(12, some, 3, &size));
    assert_int_equal(size, ((header + 3) & ~(size_t)3) + 12 + (0 + 2) + (2 + 2) + (10 + 2));
    /* A sum that overflows, a string longer than a UNICODE_STRING holds, a SID the size of memory. */
    assert_false(lsa_session_data_size(0, huge, 2, &size));
    assert_int_equal(size, 0);
    assert_false(lsa_session_data_size(0, too_long, 1, &size));
    assert_false(lsa_session_data_size(SIZE_MAX - 2, none, 0, &size));
    too_long[0] = 0xFFFD;
    assert_true(lsa_session_data_size(0, too_long, 1, &size));
}

/* ---- LSAEMU_DEBUG: every channel obeys it ------------------------------------------------------------------- */

/* The child: refused calls that make the core warn, a package warn, and the core report an error. */
static int child_refusals(void)
{
    PLSA_SECPKG_FUNCTION_TABLE t = lsa_function_table();
    const lsa_package *kerberos;
    lsa_wire_reply rep;
    ULONG type = KerbQueryTicketCacheMessage;
    lsa_packages_init();
    if (!(kerberos = lsa_packages_by_name("Kerberos", 8)))
        return 2;
    core_call_package(kerberos->id, &type, 2, &rep);  /* the package's warn */
    core_free_return_buffer(0x10);                    /* the core's warn */
    t->LsaProtectMemory(NULL, 4);                     /* the core's err */
    return rep.hdr.status == (uint32_t)STATUS_INVALID_PARAMETER ? 0 : 3;
}

/* Run this program as the child with LSAEMU_DEBUG=`level` (NULL: unset); return everything it wrote. */
static char *run_child(const char *level)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE rd, wr;
    char exe[MAX_PATH], cmd[MAX_PATH + 32], *out;
    size_t len = 0, cap = 1 << 16;
    DWORD n, code = 1;
    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    snprintf(cmd, sizeof(cmd), "\"%s\" child-refusals", exe);
    assert_true(CreatePipe(&rd, &wr, &sa, 0));
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = wr;
    assert_true(SetEnvironmentVariableA("LSAEMU_DEBUG", level));
    assert_true(CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi));
    SetEnvironmentVariableA("LSAEMU_DEBUG", NULL);
    CloseHandle(wr);
    out = test_malloc(cap);
    while (len < cap - 1 && ReadFile(rd, out + len, (DWORD)(cap - 1 - len), &n, NULL) && n)
        len += n;
    out[len] = 0;
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(rd);
    print_message("LSAEMU_DEBUG=%s:\n%s", level ? level : "(unset)", out);
    assert_int_equal(code, 0);
    return out;
}

static void debug_setting_silences_every_channel(void **state)
{
    char *out;
    (void)state;
    out = run_child("none");
    assert_string_equal(out, "");
    test_free(out);
    /* err (the default): the error, no warnings from the core or the packages */
    out = run_child("err");
    assert_non_null(strstr(out, "lsaemu:err:"));
    assert_null(strstr(out, "warn"));
    test_free(out);
    out = run_child(NULL);
    assert_non_null(strstr(out, "lsaemu:err:"));
    assert_null(strstr(out, "warn"));
    test_free(out);
    /* warn: both channels' warnings, so the checks above can fail */
    out = run_child("warn");
    assert_non_null(strstr(out, "lsaemu:warn:kerberos:"));
    assert_non_null(strstr(out, ":free_if ")); /* the core's line: lsaemu:warn:<thread>:<function> */
    assert_non_null(strstr(out, "lsaemu:err:"));
    test_free(out);
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

/* The Negotiate route (lsa_negotiate.c): a local account goes to MSV1_0 alone, anything else to Kerberos then MSV1_0;
 * S4U logons likewise; other message types and short buffers are Negotiate's own; only Kerberos'
 * STATUS_NO_LOGON_SERVERS moves on. */
static ULONG route_of(const WCHAR *domain, const WCHAR *user, ULONG type, size_t len, const lsa_package **order)
{
    static BYTE buf[1024];
    KERB_INTERACTIVE_LOGON *l = (KERB_INTERACTIVE_LOGON *)buf;
    size_t used = sizeof(KERB_INTERACTIVE_UNLOCK_LOGON), n;

    memset(buf, 0, sizeof(buf));
    l->MessageType = (KERB_LOGON_SUBMIT_TYPE)type;
    n = wcslen(domain) * sizeof(WCHAR);
    memcpy(buf + used, domain, n);
    l->LogonDomainName.Length = l->LogonDomainName.MaximumLength = (USHORT)n;
    l->LogonDomainName.Buffer = (PWSTR)(uintptr_t)used; /* offsets: the relative dialect */
    used += n;
    n = wcslen(user) * sizeof(WCHAR);
    memcpy(buf + used, user, n);
    l->UserName.Length = l->UserName.MaximumLength = (USHORT)n;
    l->UserName.Buffer = (PWSTR)(uintptr_t)used;
    used += n;
    return (ULONG)lsa_negotiate_route(buf, len ? len : used, 0x10000000, order);
}

/* The same for a KERB_S4U_LOGON / MSV1_0_S4U_LOGON (MessageType 12): ClientRealm is the domain, ClientUpn the user. */
static ULONG s4u_route_of(const WCHAR *realm, const WCHAR *upn, size_t len, const lsa_package **order)
{
    static BYTE buf[1024];
    KERB_S4U_LOGON *l = (KERB_S4U_LOGON *)buf;
    size_t used = sizeof(*l), n;

    memset(buf, 0, sizeof(buf));
    l->MessageType = KerbS4ULogon;
    n = wcslen(upn) * sizeof(WCHAR);
    memcpy(buf + used, upn, n);
    l->ClientUpn.Length = l->ClientUpn.MaximumLength = (USHORT)n;
    l->ClientUpn.Buffer = (PWSTR)(uintptr_t)used;
    used += n;
    n = wcslen(realm) * sizeof(WCHAR);
    memcpy(buf + used, realm, n);
    l->ClientRealm.Length = l->ClientRealm.MaximumLength = (USHORT)n;
    l->ClientRealm.Buffer = n ? (PWSTR)(uintptr_t)used : NULL;
    used += n;
    return (ULONG)lsa_negotiate_route(buf, len ? len : used, 0x10000000, order);
}

static void negotiate_route(void **state)
{
    const lsa_package *order[LSA_NEGOTIATE_MAX_ROUTE];
    const lsa_package *kerb = lsa_packages_by_name(MICROSOFT_KERBEROS_NAME_A, strlen(MICROSOFT_KERBEROS_NAME_A));
    const lsa_package *msv = lsa_packages_by_name(MSV1_0_PACKAGE_NAME, strlen(MSV1_0_PACKAGE_NAME));
    (void)state;

    assert_non_null(kerb);
    assert_non_null(msv);
    assert_true(lsa_negotiate_is(lsa_packages_by_id(0)));
    assert_false(lsa_negotiate_is(kerb));
    assert_int_equal(route_of(L"", L"alice", KerbInteractiveLogon, 0, order), 1);
    assert_ptr_equal(order[0], msv);
    assert_int_equal(route_of(L".", L"alice", KerbWorkstationUnlockLogon, 0, order), 1);
    assert_ptr_equal(order[0], msv);
    assert_int_equal(route_of(lsa_computer_name(), L"alice", KerbInteractiveLogon, 0, order), 1);
    assert_int_equal(route_of(L"EXAMPLE.COM", L"alice", KerbInteractiveLogon, 0, order), 2);
    assert_ptr_equal(order[0], kerb);
    assert_ptr_equal(order[1], msv);
    assert_int_equal(route_of(L"", L"alice@EXAMPLE.COM", KerbInteractiveLogon, 0, order), 2);
    assert_ptr_equal(order[0], kerb);
    /* A buffer too short for its strings is not judged here: Kerberos reads it first and refuses it. */
    assert_int_equal(route_of(L"", L"alice", KerbInteractiveLogon, sizeof(KERB_INTERACTIVE_LOGON) - 1, order), 2);
    /* S4U: a local account (no realm, or this computer) to MSV1_0 alone; a realm or a UPN to Kerberos first. */
    assert_int_equal(s4u_route_of(L"", L"alice", 0, order), 1);
    assert_ptr_equal(order[0], msv);
    assert_int_equal(s4u_route_of(L".", L"alice", 0, order), 1);
    assert_int_equal(s4u_route_of(lsa_computer_name(), L"alice", 0, order), 1);
    assert_ptr_equal(order[0], msv);
    assert_int_equal(s4u_route_of(L"EXAMPLE.COM", L"alice", 0, order), 2);
    assert_ptr_equal(order[0], kerb);
    assert_ptr_equal(order[1], msv);
    assert_int_equal(s4u_route_of(L"", L"alice@EXAMPLE.COM", 0, order), 2);
    assert_ptr_equal(order[0], kerb);
    /* Too short for its structure: Kerberos reads it first and refuses it. */
    assert_int_equal(s4u_route_of(L"", L"alice", sizeof(KERB_S4U_LOGON) - 1, order), 2);
    /* Ticket logons: Kerberos alone. */
    assert_int_equal(route_of(L"", L"alice", KerbTicketLogon, 0, order), 1);
    assert_ptr_equal(order[0], kerb);
    assert_int_equal(route_of(L"", L"alice", KerbTicketUnlockLogon, 0, order), 1);
    assert_ptr_equal(order[0], kerb);
    assert_int_equal(route_of(L"", L"alice", KerbSmartCardLogon, 0, order), 0);
    assert_int_equal(route_of(L"", L"alice", KerbInteractiveLogon, 3, order), 0);

    assert_true(lsa_negotiate_next(kerb, STATUS_NO_LOGON_SERVERS));
    assert_false(lsa_negotiate_next(kerb, STATUS_LOGON_FAILURE));
    assert_false(lsa_negotiate_next(kerb, STATUS_ACCOUNT_RESTRICTION));
    assert_false(lsa_negotiate_next(kerb, STATUS_INVALID_PARAMETER));
    assert_false(lsa_negotiate_next(msv, STATUS_NO_LOGON_SERVERS));
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "child-refusals"))
        return child_refusals();
    if (argc == 2 && !strcmp(argv[1], "exit-now"))
        return 0;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(groups_add_world_and_logon_type),
        cmocka_unit_test(groups_local_groups_appended_without_duplicates),
        cmocka_unit_test(groups_refuse_invalid_sids),
        cmocka_unit_test(handles_validate),
        cmocka_unit_test(handles_of_an_exited_client_are_closed),
        cmocka_unit_test(clientmem_range_checks),
        cmocka_unit_test(clientmem_table_follows_live_blocks),
        cmocka_unit_test(function_table_has_no_empty_slot),
        cmocka_unit_test(core_answers_garbage),
        cmocka_unit_test(table_client_buffers),
        cmocka_unit_test(table_client_and_call_info),
        cmocka_unit_test(table_sessions_and_credentials),
        cmocka_unit_test(session_memory_goes_with_the_sessions),
        cmocka_unit_test(table_protect_memory),
        cmocka_unit_test(table_notifications),
        cmocka_unit_test(table_call_package_in_lsa),
        cmocka_unit_test(table_unsupported_services),
        cmocka_unit_test(blocks_belong_to_their_call),
        cmocka_unit_test(rollback_frees_all_of_its_blocks),
        cmocka_unit_test(rollback_deletes_all_of_its_sessions),
        cmocka_unit_test(package_to_package_refuses_foreign_addresses),
        cmocka_unit_test(failed_dispatch_carries_protocol_status),
        cmocka_unit_test(session_data_size_is_checked),
        cmocka_unit_test(debug_setting_silences_every_channel),
        cmocka_unit_test(negotiate_route),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
