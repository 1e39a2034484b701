/* Return buffers of the LSA server placed by the client (LSAEMU_TRANSPORT=server): the client lends a grant of its
 * own memory with each call that returns buffers, the server lays the call's blocks out in it and sends their bytes
 * back after the reply, and LsaFreeReturnBuffer frees them in the client, as Windows frees return buffers in the
 * caller's process (src/common/lsa_placement.h).
 *
 * Through the API: a logon's profile is a block of this process's heap, whole (its strings point inside it), freed
 * once without the server (a second free is refused by the server, which never knew it), and untouched by later
 * calls. On raw connections: a grant is used and never written by the server; a grant too small, misaligned, too
 * large or absent leaves the buffer to the cross-process way; a placed block is not the server's to free. */
#include "test_msv1_0_fixture.h"
#include "lsa_placement.h"
#include "lsa_server_raw.h"

static BYTE alice[4096];
static ULONG alice_len;

static int setup(void **state)
{
    alice_len = build_interactive(alice, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
    return msv1_0_setup(state);
}

static void assert_profile_whole(const MSV1_0_INTERACTIVE_PROFILE *p, ULONG len)
{
    const UNICODE_STRING *strings[] = { &p->LogonScript, &p->HomeDirectory, &p->FullName, &p->ProfilePath,
                                        &p->HomeDirectoryDrive, &p->LogonServer };
    assert_true(len >= sizeof(*p));
    assert_int_equal(p->MessageType, MsV1_0InteractiveProfile);
    assert_true(p->LogonCount > 0);
    for (size_t i = 0; i < ARRAYSIZE(strings); i++)
        if (strings[i]->Buffer)
            assert_true(inside(p, len, strings[i]->Buffer, strings[i]->MaximumLength));
    assert_block_ustring(p, len, &p->FullName, L"Alice Example");
}

static void profile_is_a_block_of_our_heap_freed_here(void **state)
{
    logon_result r;
    SIZE_T size;
    (void)state;
    do_logon(lsa, msv, Interactive, alice, alice_len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_non_null(r.profile);
    /* The first block of its grant: a heap block of this process, cut down to what it holds. */
    assert_true(HeapValidate(GetProcessHeap(), 0, r.profile));
    size = HeapSize(GetProcessHeap(), 0, r.profile);
    assert_true(size != (SIZE_T)-1 && size >= r.profile_len);
    assert_true(size < 4096);
    assert_profile_whole(r.profile, r.profile_len);
    assert_status(LsaFreeReturnBuffer(r.profile), STATUS_SUCCESS);
    /* Freed here; the server never had it: a second free is its to refuse. */
    assert_status(LsaFreeReturnBuffer(r.profile), STATUS_MEMORY_NOT_ALLOCATED);
    r.profile = NULL;
    release_logon(&r);
}

static void profiles_outlive_later_calls(void **state)
{
    logon_result a, b;
    BYTE copy[4096];
    (void)state;
    do_logon(lsa, msv, Interactive, alice, alice_len, &a);
    assert_status(a.status, STATUS_SUCCESS);
    assert_true(a.profile_len <= sizeof(copy));
    memcpy(copy, a.profile, a.profile_len);
    for (int i = 0; i < 20; i++) {
        do_logon(lsa, msv, Interactive, alice, alice_len, &b);
        assert_status(b.status, STATUS_SUCCESS);
        assert_ptr_not_equal(b.profile, a.profile);
        release_logon(&b);
    }
    /* Later calls' blocks went elsewhere: a's block is as it came. */
    assert_memory_equal(copy, a.profile, a.profile_len);
    assert_profile_whole(a.profile, a.profile_len);
    release_logon(&a);
}

static lsa_wire_request enumerate_request(void)
{
    lsa_wire_request q;
    memset(&q, 0, sizeof(q));
    q.hdr.op = LSA_OP_ENUMERATE_SESSIONS;
    q.hdr.call_id = 3;
    q.hdr.ptr_size = sizeof(void *);
    return q;
}

static void decode_sessions(const raw_reply *reply, lsa_wire_reply *r)
{
    memset(r, 0, sizeof(*r));
    assert_int_equal(lsa_wire_decode_reply(reply->wire, reply->wire_len, LSA_OP_ENUMERATE_SESSIONS, r), LSA_WIRE_OK);
    assert_status((NTSTATUS)r->hdr.status, STATUS_SUCCESS);
    assert_true(r->u.sessions.count >= 3); /* at least the machine's own sessions */
}

static BOOL lists_system(const LUID *ids, ULONG count)
{
    for (ULONG i = 0; i < count; i++)
        if (ids[i].LowPart == 0x3e7 && ids[i].HighPart == 0)
            return TRUE;
    return FALSE;
}

/* LsaFreeReturnBuffer sent raw: the server's answer. */
static NTSTATUS raw_free(HANDLE pipe, ULONGLONG address)
{
    lsa_wire_request q;
    lsa_wire_reply r;
    raw_reply reply;
    memset(&q, 0, sizeof(q));
    q.hdr.op = LSA_OP_FREE_RETURN_BUFFER;
    q.hdr.call_id = 4;
    q.hdr.ptr_size = sizeof(void *);
    q.u.free_buffer.address = address;
    assert_true(raw_call(pipe, &q, 0, 0, &reply));
    memset(&r, 0, sizeof(r));
    assert_int_equal(lsa_wire_decode_reply(reply.wire, reply.wire_len, LSA_OP_FREE_RETURN_BUFFER, &r), LSA_WIRE_OK);
    return (NTSTATUS)r.hdr.status;
}

/* The server lays the list out at the grant's start and sends its bytes: our memory stays as we left it. */
static void grant_is_used_and_never_written(void **state)
{
    static BYTE grant[4096] __attribute__((aligned(16)));
    lsa_wire_request q = enumerate_request();
    lsa_wire_reply r;
    lsa_placement_section s;
    raw_reply reply;
    HANDLE pipe;
    (void)state;
    memset(grant, 0xcc, sizeof(grant));
    assert_non_null(pipe = open_server_pipe());
    assert_true(raw_call(pipe, &q, (ULONGLONG)(uintptr_t)grant, sizeof(grant), &reply));
    decode_sessions(&reply, &r);
    assert_int_equal(r.u.sessions.buffer, (ULONGLONG)(uintptr_t)grant);
    assert_int_equal(lsa_placement_decode(reply.section, reply.section_len, sizeof(grant), &s), LSA_PLACEMENT_OK);
    assert_int_equal(s.count, 1);
    assert_int_equal(s.blocks[0].offset, 0);
    assert_int_equal(s.blocks[0].size, r.u.sessions.count * sizeof(LUID));
    assert_true(lists_system((const LUID *)s.bytes, r.u.sessions.count));
    for (size_t i = 0; i < sizeof(grant); i++)
        if (grant[i] != 0xcc)
            fail_msg("the server wrote byte %u of the grant", (unsigned)i);
    /* A placed block is the client's to free, not the server's. */
    assert_status(raw_free(pipe, (ULONGLONG)(uintptr_t)grant), STATUS_MEMORY_NOT_ALLOCATED);
    CloseHandle(pipe);
}

/* A grant the list does not fit, or one that breaks the rules: the server places the list in our process itself, as
 * without a grant, and the server frees it. */
static void unusable_grants_leave_the_buffer_to_the_server(void **state)
{
    static BYTE grant[LSA_PLACEMENT_MAX_GRANT + 64] __attribute__((aligned(16)));
    const struct {
        ULONGLONG address;
        DWORD size;
        const char *why;
    } cases[] = {
        { (ULONGLONG)(uintptr_t)grant, 16, "too small for the list" },
        { (ULONGLONG)(uintptr_t)grant + 1, 4096, "misaligned" },
        { (ULONGLONG)(uintptr_t)grant, LSA_PLACEMENT_MAX_GRANT + 16, "over the largest grant" },
        { 0, 4096, "a size without an address" },
    };
    HANDLE pipe;
    (void)state;
    assert_non_null(pipe = open_server_pipe());
    for (size_t i = 0; i < ARRAYSIZE(cases); i++) {
        lsa_wire_request q = enumerate_request();
        lsa_wire_reply r;
        lsa_placement_section s;
        raw_reply reply;
        const LUID *ids;
        print_message("grant %s\n", cases[i].why);
        memset(grant, 0xcc, sizeof(grant));
        assert_true(raw_call(pipe, &q, cases[i].address, cases[i].size, &reply));
        decode_sessions(&reply, &r);
        assert_int_equal(lsa_placement_decode(reply.section, reply.section_len, LSA_PLACEMENT_MAX_GRANT, &s),
                         LSA_PLACEMENT_OK);
        assert_int_equal(s.count, 0);
        ids = (const LUID *)(uintptr_t)r.u.sessions.buffer;
        assert_false(inside(grant, sizeof(grant), ids, 1));
        assert_true(lists_system(ids, r.u.sessions.count)); /* written into this process by the server */
        for (size_t j = 0; j < sizeof(grant); j++)
            if (grant[j] != 0xcc)
                fail_msg("the server wrote byte %u of the grant", (unsigned)j);
        assert_status(raw_free(pipe, r.u.sessions.buffer), STATUS_SUCCESS);
    }
    CloseHandle(pipe);
}

/* Through the API: the session list and a session's data are placed too, and freed here. */
static void session_list_and_data_are_placed(void **state)
{
    ULONG count = 0;
    PLUID ids = NULL;
    PSECURITY_LOGON_SESSION_DATA d = NULL;
    (void)state;
    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    assert_true(count >= 3);
    assert_true(HeapValidate(GetProcessHeap(), 0, ids));
    assert_true(lists_system(ids, count));
    assert_status(LsaGetLogonSessionData(&ids[0], &d), STATUS_SUCCESS);
    assert_true(HeapValidate(GetProcessHeap(), 0, d));
    if (d->UserName.Buffer)
        assert_true(inside(d, (ULONG)HeapSize(GetProcessHeap(), 0, d), d->UserName.Buffer, d->UserName.Length));
    assert_status(LsaFreeReturnBuffer(d), STATUS_SUCCESS);
    assert_status(LsaFreeReturnBuffer(ids), STATUS_SUCCESS);
    assert_status(LsaFreeReturnBuffer(ids), STATUS_MEMORY_NOT_ALLOCATED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(profile_is_a_block_of_our_heap_freed_here),
        cmocka_unit_test(profiles_outlive_later_calls),
        cmocka_unit_test(grant_is_used_and_never_written),
        cmocka_unit_test(unusable_grants_leave_the_buffer_to_the_server),
        cmocka_unit_test(session_list_and_data_are_placed),
    };
    if (!lsaemu_loaded())
        return 77;
    return cmocka_run_group_tests(tests, setup, msv1_0_teardown);
}
