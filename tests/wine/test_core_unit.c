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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
