/* lsa_wire: every op round-trips as request and reply; hand-written messages pin the byte layout and each refusal
 * to its exact status; every truncation fails; no flipped bit crashes the decoder, and whatever still decodes
 * re-encodes to the same bytes. Messages are decoded from allocations of exactly their size, so ASan sees any read
 * past the end. */
#define _GNU_SOURCE /* memmem, malloc_usable_size */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <malloc.h>

#include "lsa_wire.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define STATUS_NO_SUCH_PACKAGE 0xC00000FEu
#define STATUS_LOGON_FAILURE 0xC000006Du
#define STATUS_ACCOUNT_DISABLED 0xC0000072u
#define STATUS_PENDING 0x00000103u /* a success code other than 0 */

/* ---- allocation hook: the codec is built with LSAEMU_WIRE_ALLOC_HOOK for this test ---- */

static const char *secret_to_find; /* when set, every freed block is searched for it */
static int secret_leaks;           /* freed blocks that still held it */
static int blocks_freed;

void *lsaemu_wire_test_malloc(size_t size);
void lsaemu_wire_test_free(void *ptr);

void *lsaemu_wire_test_malloc(size_t size)
{
    return malloc(size);
}

void lsaemu_wire_test_free(void *ptr)
{
    if (ptr && secret_to_find && memmem(ptr, malloc_usable_size(ptr), secret_to_find, strlen(secret_to_find)))
        secret_leaks++;
    if (ptr)
        blocks_freed++;
    free(ptr);
}

/* ---- helpers ---- */

static uint8_t *heap_copy(const uint8_t *bytes, size_t len)
{
    uint8_t *copy = malloc(len != 0 ? len : 1);

    assert_non_null(copy);
    if (len != 0)
        memcpy(copy, bytes, len);
    return copy;
}

static void assert_bytes_equal(lsa_wire_bytes a, lsa_wire_bytes b)
{
    assert_int_equal(a.len, b.len);
    if (a.len != 0)
        assert_memory_equal(a.data, b.data, a.len);
}

static int is_all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0)
            return 0;
    }
    return 1;
}

/* ---- sample calls, one per op ---- */

static const uint8_t name_bytes[] = "Kerberos";
static const uint8_t origin_bytes[] = "lsaemu test";
static const uint8_t submit_bytes[] = { 0x02, 0x00, 0x00, 0x00, 0x10, 0x00, 0x12, 0x00, 0xAA, 0xBB, 0xCC, 0xDD };
static const uint8_t sid_system[] = { 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0 };               /* S-1-5-18 */
static const uint8_t sid_admins[] = { 1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0 }; /* S-1-5-32-544 */

static lsa_wbuf sample_groups; /* LocalGroups list built with lsa_wire_append_group */

static int setup_groups(void **state)
{
    (void)state;
    lsa_wbuf_init(&sample_groups, 0);
    if (lsa_wire_append_group(&sample_groups, sid_system, sizeof(sid_system), 7) != LSA_WIRE_OK ||
        lsa_wire_append_group(&sample_groups, sid_admins, sizeof(sid_admins), 0x10) != LSA_WIRE_OK)
        return -1;
    return 0;
}

static int teardown_groups(void **state)
{
    (void)state;
    lsa_wbuf_free(&sample_groups);
    return 0;
}

static lsa_wire_bytes bytes_of(const uint8_t *p, size_t n)
{
    lsa_wire_bytes b = { n != 0 ? p : NULL, (uint32_t)n };

    return b;
}

static lsa_wire_request sample_request(uint16_t op, uint8_t ptr_size)
{
    lsa_wire_request q;

    memset(&q, 0, sizeof(q));
    q.hdr.op = op;
    q.hdr.call_id = 0x01020304u + op;
    q.hdr.ptr_size = ptr_size;
    switch (op) {
    case LSA_OP_REGISTER_LOGON_PROCESS:
        q.u.register_lp.name = bytes_of(origin_bytes, sizeof(origin_bytes) - 1);
        break;
    case LSA_OP_DEREGISTER_LOGON_PROCESS:
        q.u.deregister.handle = 0x8000000000000001ull;
        break;
    case LSA_OP_LOOKUP_PACKAGE:
        q.u.lookup.handle = 0x1122334455667788ull;
        q.u.lookup.name = bytes_of(name_bytes, sizeof(name_bytes) - 1);
        break;
    case LSA_OP_LOGON_USER:
        q.u.logon.handle = 42;
        q.u.logon.origin = bytes_of(origin_bytes, sizeof(origin_bytes) - 1);
        q.u.logon.logon_type = 2;
        q.u.logon.package_id = 1;
        q.u.logon.client_base = 0x00007FF612340000ull;
        q.u.logon.auth = bytes_of(submit_bytes, sizeof(submit_bytes));
        q.u.logon.has_local_groups = 1;
        q.u.logon.group_count = 2;
        q.u.logon.groups = bytes_of(sample_groups.data, sample_groups.len);
        memcpy(q.u.logon.source_name, "User32\0\0", 8);
        q.u.logon.source_id.low = 0xFFFFFFFFu;
        q.u.logon.source_id.high = -2;
        break;
    case LSA_OP_CALL_PACKAGE:
        q.u.call.handle = 0;
        q.u.call.package_id = 0xFFFFFFFFu;
        q.u.call.client_base = 0xFFFFFFFFFFFFF000ull;
        q.u.call.submit = bytes_of(submit_bytes, sizeof(submit_bytes));
        break;
    case LSA_OP_FREE_RETURN_BUFFER:
        q.u.free_buffer.address = 0x0000020000001000ull;
        break;
    case LSA_OP_GET_SESSION_DATA:
        q.u.session_data.logon_id.low = 0x3E7;
        q.u.session_data.logon_id.high = 0;
        break;
    case LSA_OP_REGISTER_POLICY_NOTIFICATION:
    case LSA_OP_UNREGISTER_POLICY_NOTIFICATION:
        q.u.policy.info_class = 5;
        q.u.policy.event = 0x1F4;
        break;
    default: /* CONNECT_UNTRUSTED and ENUMERATE_SESSIONS carry no body */
        break;
    }
    return q;
}

static lsa_wire_reply sample_reply(uint16_t op, uint8_t ptr_size, uint32_t status)
{
    lsa_wire_reply p;

    memset(&p, 0, sizeof(p));
    p.hdr.op = op;
    p.hdr.call_id = 0xA0B0C0D0u + op;
    p.hdr.ptr_size = ptr_size;
    p.hdr.status = status;
    switch (op) {
    case LSA_OP_CONNECT_UNTRUSTED:
        p.u.connect.handle = 0x5EC0000000000001ull;
        break;
    case LSA_OP_REGISTER_LOGON_PROCESS:
        p.u.register_lp.handle = 0x5EC0000000000002ull;
        p.u.register_lp.security_mode = 0x80000000u;
        break;
    case LSA_OP_LOOKUP_PACKAGE:
        p.u.lookup.package_id = 2;
        break;
    case LSA_OP_LOGON_USER:
        p.u.logon.profile = 0x000001D000020000ull;
        p.u.logon.profile_len = 316;
        p.u.logon.logon_id.low = 0x12345;
        p.u.logon.logon_id.high = 1;
        p.u.logon.token = 0x2A8;
        p.u.logon.substatus = status == 0 ? 0 : STATUS_ACCOUNT_DISABLED;
        p.u.logon.quotas.paged_pool_limit = 0x20000000;
        p.u.logon.quotas.nonpaged_pool_limit = 0x100000;
        p.u.logon.quotas.minimum_working_set = 0x10000;
        p.u.logon.quotas.maximum_working_set = 0x1000000;
        p.u.logon.quotas.pagefile_limit = UINT64_MAX;
        p.u.logon.quotas.time_limit = INT64_MIN;
        break;
    case LSA_OP_CALL_PACKAGE:
        p.u.call.buffer = 0x000001D000030000ull;
        p.u.call.length = 96;
        p.u.call.protocol_status = 0xC0000022u;
        break;
    case LSA_OP_ENUMERATE_SESSIONS:
        p.u.sessions.buffer = 0x000001D000040000ull;
        p.u.sessions.count = 3;
        break;
    case LSA_OP_GET_SESSION_DATA:
        p.u.session_data.buffer = 0x000001D000050000ull;
        break;
    default: /* DEREGISTER, FREE_RETURN_BUFFER and the policy ops answer with a status only */
        break;
    }
    return p;
}

static void assert_header_matches(const lsa_wire_header *got, const lsa_wire_header *sent, size_t len, int reply)
{
    assert_int_equal(got->magic, LSA_WIRE_MAGIC);
    assert_int_equal(got->version, LSA_WIRE_VERSION);
    assert_int_equal(got->op, sent->op);
    assert_int_equal(got->length, len);
    assert_int_equal(got->call_id, sent->call_id);
    assert_int_equal(got->flags, reply ? LSA_WIRE_FLAG_REPLY : 0);
    assert_int_equal(got->ptr_size, sent->ptr_size);
    assert_int_equal(got->reserved, 0);
    assert_int_equal(got->status, reply ? sent->status : 0);
}

static void assert_request_body_equal(const lsa_wire_request *a, const lsa_wire_request *b)
{
    switch (a->hdr.op) {
    case LSA_OP_REGISTER_LOGON_PROCESS:
        assert_bytes_equal(a->u.register_lp.name, b->u.register_lp.name);
        break;
    case LSA_OP_DEREGISTER_LOGON_PROCESS:
        assert_int_equal(a->u.deregister.handle, b->u.deregister.handle);
        break;
    case LSA_OP_LOOKUP_PACKAGE:
        assert_int_equal(a->u.lookup.handle, b->u.lookup.handle);
        assert_bytes_equal(a->u.lookup.name, b->u.lookup.name);
        break;
    case LSA_OP_LOGON_USER: {
        const lsa_wire_logon_request *x = &a->u.logon;
        const lsa_wire_logon_request *y = &b->u.logon;

        assert_int_equal(x->handle, y->handle);
        assert_bytes_equal(x->origin, y->origin);
        assert_int_equal(x->logon_type, y->logon_type);
        assert_int_equal(x->package_id, y->package_id);
        assert_int_equal(x->client_base, y->client_base);
        assert_bytes_equal(x->auth, y->auth);
        assert_int_equal(x->has_local_groups, y->has_local_groups);
        assert_int_equal(x->group_count, y->group_count);
        assert_bytes_equal(x->groups, y->groups);
        assert_memory_equal(x->source_name, y->source_name, 8);
        assert_int_equal(x->source_id.low, y->source_id.low);
        assert_int_equal(x->source_id.high, y->source_id.high);
        break;
    }
    case LSA_OP_CALL_PACKAGE:
        assert_int_equal(a->u.call.handle, b->u.call.handle);
        assert_int_equal(a->u.call.package_id, b->u.call.package_id);
        assert_int_equal(a->u.call.client_base, b->u.call.client_base);
        assert_bytes_equal(a->u.call.submit, b->u.call.submit);
        break;
    case LSA_OP_FREE_RETURN_BUFFER:
        assert_int_equal(a->u.free_buffer.address, b->u.free_buffer.address);
        break;
    case LSA_OP_GET_SESSION_DATA:
        assert_int_equal(a->u.session_data.logon_id.low, b->u.session_data.logon_id.low);
        assert_int_equal(a->u.session_data.logon_id.high, b->u.session_data.logon_id.high);
        break;
    case LSA_OP_REGISTER_POLICY_NOTIFICATION:
    case LSA_OP_UNREGISTER_POLICY_NOTIFICATION:
        assert_int_equal(a->u.policy.info_class, b->u.policy.info_class);
        assert_int_equal(a->u.policy.event, b->u.policy.event);
        break;
    default:
        break;
    }
}

/* Replies are plain values, so the union compares whole; it was zeroed before filling on both sides. */
static void assert_reply_body_equal(const lsa_wire_reply *a, const lsa_wire_reply *b)
{
    assert_memory_equal(&a->u, &b->u, sizeof(a->u));
}

/* ---- round trips ---- */

static void test_request_round_trip_every_op(void **state)
{
    static const uint8_t ptr_sizes[] = { 4, 8 };
    lsa_wbuf out;

    (void)state;
    lsa_wbuf_init(&out, 0);
    for (size_t s = 0; s < ARRAY_SIZE(ptr_sizes); s++) {
        for (uint16_t op = 1; op < LSA_OP_LIMIT; op++) {
            lsa_wire_request sent = sample_request(op, ptr_sizes[s]);
            lsa_wire_request got;
            lsa_wire_header peek;
            uint8_t *msg;

            assert_int_equal(lsa_wire_encode_request(&sent, &out), LSA_WIRE_OK);
            msg = heap_copy(out.data, out.len);
            assert_int_equal(lsa_wire_decode_request(msg, out.len, &got), LSA_WIRE_OK);
            assert_header_matches(&got.hdr, &sent.hdr, out.len, 0);
            assert_request_body_equal(&got, &sent);
            assert_int_equal(lsa_wire_decode_header(msg, out.len, &peek), LSA_WIRE_OK);
            assert_memory_equal(&peek, &got.hdr, sizeof(peek));
            /* a request is not a reply */
            {
                lsa_wire_reply as_reply;

                assert_int_equal(lsa_wire_decode_reply(msg, out.len, op, &as_reply), LSA_WIRE_BAD_FLAGS);
            }
            free(msg);
        }
    }
    lsa_wbuf_free(&out);
}

/* Every reply carries its op's full body whatever the status (lsa_wire.h), so success, informational and failure
 * codes all round-trip the body. */
static void test_reply_round_trip_every_op(void **state)
{
    static const uint32_t statuses[] = { 0, STATUS_PENDING, 0x40000000u, STATUS_LOGON_FAILURE,
                                         STATUS_NO_SUCH_PACKAGE, 0xFFFFFFFFu };
    lsa_wbuf out;

    (void)state;
    lsa_wbuf_init(&out, 0);
    for (uint16_t op = 1; op < LSA_OP_LIMIT; op++) {
        for (size_t c = 0; c < ARRAY_SIZE(statuses); c++) {
            lsa_wire_reply sent = sample_reply(op, op % 2 ? 8 : 4, statuses[c]);
            lsa_wire_reply got;
            uint8_t *msg;

            assert_int_equal(lsa_wire_encode_reply(&sent, &out), LSA_WIRE_OK);
            msg = heap_copy(out.data, out.len);
            assert_int_equal(lsa_wire_decode_reply(msg, out.len, op, &got), LSA_WIRE_OK);
            assert_header_matches(&got.hdr, &sent.hdr, out.len, 1);
            assert_reply_body_equal(&got, &sent);
            /* a reply is decoded only for the op its request had, and is not a request */
            assert_int_equal(lsa_wire_decode_reply(msg, out.len, op == 1 ? 2 : 1, &got), LSA_WIRE_BAD_OP);
            assert_true(is_all_zero(&got, sizeof(got)));
            {
                lsa_wire_request as_request;

                assert_int_equal(lsa_wire_decode_request(msg, out.len, &as_request), LSA_WIRE_BAD_FLAGS);
            }
            free(msg);
        }
    }
    lsa_wbuf_free(&out);
}

static void test_local_groups(void **state)
{
    lsa_wire_request sent = sample_request(LSA_OP_LOGON_USER, 8);
    lsa_wire_request got;
    lsa_wbuf out;
    lsa_wire_bytes sid;
    uint32_t attributes = 0;
    size_t pos = 0;
    static const uint8_t bad_revision[] = { 2, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0 };
    static const uint8_t bad_count[] = { 1, 2, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0 };
    uint8_t too_many[8 + 4 * 16] = { 1, 16 };
    lsa_wbuf scratch;

    (void)state;
    lsa_wbuf_init(&out, 0);
    assert_int_equal(lsa_wire_encode_request(&sent, &out), LSA_WIRE_OK);
    assert_int_equal(lsa_wire_decode_request(out.data, out.len, &got), LSA_WIRE_OK);
    assert_int_equal(lsa_wire_next_group(&got.u.logon, &pos, &sid, &attributes), 1);
    assert_int_equal(attributes, 7);
    assert_bytes_equal(sid, bytes_of(sid_system, sizeof(sid_system)));
    assert_int_equal(lsa_wire_next_group(&got.u.logon, &pos, &sid, &attributes), 1);
    assert_int_equal(attributes, 0x10);
    assert_bytes_equal(sid, bytes_of(sid_admins, sizeof(sid_admins)));
    assert_int_equal(lsa_wire_next_group(&got.u.logon, &pos, &sid, &attributes), 0);
    assert_int_equal(lsa_wire_next_group(&got.u.logon, &pos, &sid, &attributes), 0);

    /* LocalGroups present but empty differs from absent */
    sent.u.logon.group_count = 0;
    sent.u.logon.groups = bytes_of(NULL, 0);
    assert_int_equal(lsa_wire_encode_request(&sent, &out), LSA_WIRE_OK);
    assert_int_equal(lsa_wire_decode_request(out.data, out.len, &got), LSA_WIRE_OK);
    assert_int_equal(got.u.logon.has_local_groups, 1);
    pos = 0;
    assert_int_equal(lsa_wire_next_group(&got.u.logon, &pos, &sid, &attributes), 0);
    sent.u.logon.has_local_groups = 0;
    assert_int_equal(lsa_wire_encode_request(&sent, &out), LSA_WIRE_OK);
    assert_int_equal(lsa_wire_decode_request(out.data, out.len, &got), LSA_WIRE_OK);
    assert_int_equal(got.u.logon.has_local_groups, 0);
    lsa_wbuf_free(&out);

    /* appending refuses malformed SIDs */
    lsa_wbuf_init(&scratch, 0);
    assert_int_equal(lsa_wire_append_group(&scratch, bad_revision, sizeof(bad_revision), 0), LSA_WIRE_BAD_SID);
    assert_int_equal(lsa_wire_append_group(&scratch, bad_count, sizeof(bad_count), 0), LSA_WIRE_BAD_SID);
    assert_int_equal(lsa_wire_append_group(&scratch, too_many, sizeof(too_many), 0), LSA_WIRE_BAD_SID);
    assert_int_equal(lsa_wire_append_group(&scratch, sid_system, sizeof(sid_system) - 1, 0), LSA_WIRE_BAD_SID);
    assert_int_equal(lsa_wire_append_group(&scratch, NULL, 12, 0), LSA_WIRE_BAD_SID);
    assert_int_equal(scratch.len, 0);
    lsa_wbuf_free(&scratch);
}

/* ---- hand-written messages: the layout of lsa_wire.h, byte by byte ---- */

/* Hex with blanks; "@L" stands for the u32 message length, filled in once the message is complete. */
static size_t from_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    size_t length_at = SIZE_MAX;

    while (*hex != '\0') {
        if (*hex == ' ' || *hex == '|') {
            hex++;
        } else if (hex[0] == '@' && hex[1] == 'L') {
            assert_true(cap - n >= 4);
            length_at = n;
            n += 4;
            hex += 2;
        } else {
            unsigned byte;

            assert_true(n < cap);
            assert_int_equal(sscanf(hex, "%2x", &byte), 1);
            out[n++] = (uint8_t)byte;
            hex += 2;
        }
    }
    if (length_at != SIZE_MAX) {
        out[length_at + 0] = (uint8_t)n;
        out[length_at + 1] = (uint8_t)(n >> 8);
        out[length_at + 2] = (uint8_t)(n >> 16);
        out[length_at + 3] = (uint8_t)(n >> 24);
    }
    return n;
}

/* magic "LSAW", version 1, op (u16 LE hex), length, call id 0x12345678, flags, pointer size, reserved, status */
#define REQ(op) "4C534157 0100 " op " @L 78563412 00 08 0000 00000000 | "
#define REP(op, status) "4C534157 0100 " op " @L 78563412 01 08 0000 " status " | "

#define SID_SYSTEM "0101000000000005 12000000"
#define LOGON_HEAD "2A00000000000000 | 03000000 616263 | 02000000 | 01000000 | 00003412F67F0000 | 02000000 AABB | "
#define LOGON_TAIL " | 5573657233320000 | E7030000 00000000"

typedef struct hex_case {
    const char *what;
    int reply;           /* decode as a reply (expected op below) rather than a request */
    uint16_t expected_op;
    const char *hex;
    lsa_wire_status status;
} hex_case;

static const hex_case hex_cases[] = {
    /* valid: these also prove the encoder writes exactly this layout (re-encoded below) */
    { "connect", 0, 0, REQ("0100"), LSA_WIRE_OK },
    { "lookup", 0, 0, REQ("0400") "8877665544332211 | 08000000 4B65726265726F73", LSA_WIRE_OK },
    { "lookup, empty name", 0, 0, REQ("0400") "8877665544332211 | 00000000", LSA_WIRE_OK },
    { "call package", 0, 0, REQ("0600") "0100000000000000 | 02000000 | 00F0FFFFFFFFFFFF | 03000000 010203",
      LSA_WIRE_OK },
    { "logon, one group", 0, 0,
      REQ("0500") LOGON_HEAD "01 | 01000000 | 14000000 07000000 0C000000 " SID_SYSTEM LOGON_TAIL, LSA_WIRE_OK },
    { "logon, no LocalGroups", 0, 0, REQ("0500") LOGON_HEAD "00 | 00000000 | 00000000" LOGON_TAIL, LSA_WIRE_OK },
    { "session data", 0, 0, REQ("0900") "E7030000 00000000", LSA_WIRE_OK },
    { "policy", 0, 0, REQ("0A00") "05000000 | F401000000000000", LSA_WIRE_OK },
    { "lookup reply", 1, 4, REP("0400", "00000000") "02000000", LSA_WIRE_OK },
    { "call reply, failed call", 1, 6, REP("0600", "220000C0") "0000000000000000 | 00000000 | 220000C0",
      LSA_WIRE_OK },
    { "deregister reply", 1, 3, REP("0300", "00000000"), LSA_WIRE_OK },

    /* header */
    { "short header", 0, 0, "4C534157 0100 0100 18000000 78563412 00 08 0000 000000", LSA_WIRE_TRUNCATED },
    { "empty", 0, 0, "", LSA_WIRE_TRUNCATED },
    { "bad magic", 0, 0, "4C534158 0100 0100 @L 78563412 00 08 0000 00000000", LSA_WIRE_BAD_MAGIC },
    { "version 0", 0, 0, "4C534157 0000 0100 @L 78563412 00 08 0000 00000000", LSA_WIRE_BAD_VERSION },
    { "version 2", 0, 0, "4C534157 0200 0100 @L 78563412 00 08 0000 00000000", LSA_WIRE_BAD_VERSION },
    { "length below the header", 0, 0, "4C534157 0100 0100 17000000 78563412 00 08 0000 00000000",
      LSA_WIRE_BAD_LENGTH },
    { "length one more than sent", 0, 0, "4C534157 0100 0100 19000000 78563412 00 08 0000 00000000",
      LSA_WIRE_BAD_LENGTH },
    { "length above the maximum", 0, 0, "4C534157 0100 0100 FFFFFFFF 78563412 00 08 0000 00000000",
      LSA_WIRE_BAD_LENGTH },
    { "op 0", 0, 0, "4C534157 0100 0000 @L 78563412 00 08 0000 00000000", LSA_WIRE_BAD_OP },
    { "op past the last", 0, 0, "4C534157 0100 0C00 @L 78563412 00 08 0000 00000000", LSA_WIRE_BAD_OP },
    { "op in the high byte", 0, 0, "4C534157 0100 0001 @L 78563412 00 08 0000 00000000", LSA_WIRE_BAD_OP },
    { "unknown flag", 0, 0, "4C534157 0100 0100 @L 78563412 02 08 0000 00000000", LSA_WIRE_BAD_FLAGS },
    { "reserved not 0", 0, 0, "4C534157 0100 0100 @L 78563412 00 08 0100 00000000", LSA_WIRE_BAD_FLAGS },
    { "reply flag on a request", 0, 0, "4C534157 0100 0100 @L 78563412 01 08 0000 00000000", LSA_WIRE_BAD_FLAGS },
    { "pointer size 0", 0, 0, "4C534157 0100 0100 @L 78563412 00 00 0000 00000000", LSA_WIRE_BAD_PTR_SIZE },
    { "pointer size 2", 0, 0, "4C534157 0100 0100 @L 78563412 00 02 0000 00000000", LSA_WIRE_BAD_PTR_SIZE },
    { "pointer size 16", 0, 0, "4C534157 0100 0100 @L 78563412 00 10 0000 00000000", LSA_WIRE_BAD_PTR_SIZE },
    { "status in a request", 0, 0, "4C534157 0100 0100 @L 78563412 00 08 0000 01000000", LSA_WIRE_BAD_VALUE },
    { "reply without its flag", 1, 1, "4C534157 0100 0100 @L 78563412 00 08 0000 00000000 | 0100000000000000",
      LSA_WIRE_BAD_FLAGS },
    { "reply to another op", 1, 2, REP("0100", "00000000") "0100000000000000", LSA_WIRE_BAD_OP },
    { "failed lookup with its (zero) body", 1, 4, REP("0400", "FE0000C0") "00000000", LSA_WIRE_OK },
    { "failed lookup without a body", 1, 4, REP("0400", "FE0000C0"), LSA_WIRE_TRUNCATED },
    { "failed logon without a body", 1, 5, REP("0500", "6D0000C0"), LSA_WIRE_TRUNCATED },

    /* body */
    { "byte after an empty body", 0, 0, REQ("0100") "00", LSA_WIRE_TRAILING },
    { "byte after the last field", 0, 0, REQ("0300") "0100000000000000 | 00", LSA_WIRE_TRAILING },
    { "reply with trailing byte", 1, 4, REP("0400", "00000000") "02000000 00", LSA_WIRE_TRAILING },
    { "u64 cut short", 0, 0, REQ("0300") "01000000000000", LSA_WIRE_TRUNCATED },
    { "name longer than the message", 0, 0, REQ("0400") "8877665544332211 | 09000000 4B65726265726F73",
      LSA_WIRE_TRUNCATED },
    { "name length cut short", 0, 0, REQ("0400") "8877665544332211 | 080000", LSA_WIRE_TRUNCATED },
    { "name above 65535 bytes", 0, 0, REQ("0400") "8877665544332211 | 00000100", LSA_WIRE_STRING_TOO_LONG },
    { "name length 0xFFFFFFFF", 0, 0, REQ("0400") "8877665544332211 | FFFFFFFF", LSA_WIRE_STRING_TOO_LONG },
    { "register name above 65535", 0, 0, REQ("0200") "00000100", LSA_WIRE_STRING_TOO_LONG },
    { "submit above the maximum", 0, 0, REQ("0600") "0100000000000000 | 02000000 | 0000000000000000 | 01000001",
      LSA_WIRE_SUBMIT_TOO_LONG },
    { "logon submit above the maximum", 0, 0,
      REQ("0500") "2A00000000000000 | 00000000 | 02000000 | 01000000 | 0000000000000000 | 01000001",
      LSA_WIRE_SUBMIT_TOO_LONG },
    { "logon origin above 65535", 0, 0, REQ("0500") "2A00000000000000 | 00000100", LSA_WIRE_STRING_TOO_LONG },
    { "LocalGroups flag 2", 0, 0, REQ("0500") LOGON_HEAD "02 | 00000000 | 00000000" LOGON_TAIL,
      LSA_WIRE_BAD_VALUE },
    { "groups counted without LocalGroups", 0, 0,
      REQ("0500") LOGON_HEAD "00 | 01000000 | 14000000 07000000 0C000000 " SID_SYSTEM LOGON_TAIL,
      LSA_WIRE_BAD_VALUE },
    { "1025 groups", 0, 0, REQ("0500") LOGON_HEAD "01 | 01040000 | 00000000" LOGON_TAIL, LSA_WIRE_TOO_MANY_GROUPS },
    { "group list above its maximum", 0, 0, REQ("0500") LOGON_HEAD "01 | 01000000 | 01300100" LOGON_TAIL,
      LSA_WIRE_TOO_MANY_GROUPS },
    { "count says 2, list holds 1", 0, 0,
      REQ("0500") LOGON_HEAD "01 | 02000000 | 14000000 07000000 0C000000 " SID_SYSTEM LOGON_TAIL,
      LSA_WIRE_BAD_VALUE },
    { "count says 0, list holds 1", 0, 0,
      REQ("0500") LOGON_HEAD "01 | 00000000 | 14000000 07000000 0C000000 " SID_SYSTEM LOGON_TAIL,
      LSA_WIRE_BAD_VALUE },
    { "group entry cut inside the list", 0, 0,
      REQ("0500") LOGON_HEAD "01 | 01000000 | 06000000 07000000 0C00" LOGON_TAIL, LSA_WIRE_BAD_VALUE },
    { "SID revision 2", 0, 0,
      REQ("0500") LOGON_HEAD "01 | 01000000 | 14000000 07000000 0C000000 0201000000000005 12000000" LOGON_TAIL,
      LSA_WIRE_BAD_SID },
    { "SID count disagrees with its length", 0, 0,
      REQ("0500") LOGON_HEAD "01 | 01000000 | 14000000 07000000 0C000000 0102000000000005 12000000" LOGON_TAIL,
      LSA_WIRE_BAD_SID },
    { "SID shorter than 8 bytes", 0, 0,
      REQ("0500") LOGON_HEAD "01 | 01000000 | 0C000000 07000000 04000000 01000000" LOGON_TAIL, LSA_WIRE_BAD_SID },
    { "SID length above 68", 0, 0, REQ("0500") LOGON_HEAD "01 | 01000000 | 08000000 07000000 48000000" LOGON_TAIL,
      LSA_WIRE_BAD_SID },
    { "logon cut before the source", 0, 0, REQ("0500") LOGON_HEAD "00 | 00000000 | 00000000 | 55736572",
      LSA_WIRE_TRUNCATED },
};

static void test_hex_table(void **state)
{
    lsa_wbuf out;

    (void)state;
    lsa_wbuf_init(&out, 0);
    for (size_t i = 0; i < ARRAY_SIZE(hex_cases); i++) {
        const hex_case *c = &hex_cases[i];
        uint8_t bytes[512];
        size_t len = from_hex(c->hex, bytes, sizeof(bytes));
        uint8_t *msg = heap_copy(bytes, len);
        lsa_wire_status st;
        lsa_wire_status again = LSA_WIRE_OK;

        if (c->reply) {
            lsa_wire_reply p;

            st = lsa_wire_decode_reply(msg, len, c->expected_op, &p);
            if (st == LSA_WIRE_OK) {
                again = lsa_wire_encode_reply(&p, &out);
            } else if (!is_all_zero(&p, sizeof(p))) {
                fail_msg("%s: output not zeroed on failure", c->what);
            }
        } else {
            lsa_wire_request q;

            st = lsa_wire_decode_request(msg, len, &q);
            if (st == LSA_WIRE_OK) {
                again = lsa_wire_encode_request(&q, &out);
            } else if (!is_all_zero(&q, sizeof(q))) {
                fail_msg("%s: output not zeroed on failure", c->what);
            }
        }
        if (st != c->status)
            fail_msg("%s: got %s, want %s", c->what, lsa_wire_status_name(st), lsa_wire_status_name(c->status));
        if (st == LSA_WIRE_OK && (again != LSA_WIRE_OK || out.len != len || memcmp(out.data, bytes, len) != 0))
            fail_msg("%s: re-encoding differs from the hand-written bytes", c->what);
        free(msg);
    }
    lsa_wbuf_free(&out);
}

/* ---- every valid message, truncated and bit-flipped ---- */

typedef struct sample_message {
    uint8_t *bytes;
    size_t len;
    int reply;
    uint16_t op;
} sample_message;

#define MAX_SAMPLES 64

static size_t make_samples(sample_message *samples)
{
    size_t n = 0;
    lsa_wbuf out;

    lsa_wbuf_init(&out, 0);
    for (uint16_t op = 1; op < LSA_OP_LIMIT; op++) {
        lsa_wire_request q = sample_request(op, 8);
        lsa_wire_reply p = sample_reply(op, 4, 0);

        assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_OK);
        samples[n++] = (sample_message){ heap_copy(out.data, out.len), out.len, 0, op };
        assert_int_equal(lsa_wire_encode_reply(&p, &out), LSA_WIRE_OK);
        samples[n++] = (sample_message){ heap_copy(out.data, out.len), out.len, 1, op };
    }
    {
        lsa_wire_reply failed = sample_reply(LSA_OP_LOGON_USER, 8, STATUS_LOGON_FAILURE);

        assert_int_equal(lsa_wire_encode_reply(&failed, &out), LSA_WIRE_OK);
        samples[n++] = (sample_message){ heap_copy(out.data, out.len), out.len, 1, LSA_OP_LOGON_USER };
    }
    lsa_wbuf_free(&out);
    assert_true(n <= MAX_SAMPLES);
    return n;
}

static void free_samples(sample_message *samples, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(samples[i].bytes);
}

static lsa_wire_status decode_sample(const sample_message *s, const uint8_t *msg, size_t len, lsa_wbuf *reencoded)
{
    lsa_wire_status st;

    if (s->reply) {
        lsa_wire_reply p;

        st = lsa_wire_decode_reply(msg, len, s->op, &p);
        if (st == LSA_WIRE_OK)
            assert_int_equal(lsa_wire_encode_reply(&p, reencoded), LSA_WIRE_OK);
        else
            assert_true(is_all_zero(&p, sizeof(p)));
    } else {
        lsa_wire_request q;

        st = lsa_wire_decode_request(msg, len, &q);
        if (st == LSA_WIRE_OK)
            assert_int_equal(lsa_wire_encode_request(&q, reencoded), LSA_WIRE_OK);
        else
            assert_true(is_all_zero(&q, sizeof(q)));
    }
    return st;
}

/* Cut anywhere: below the header TRUNCATED, else the header's length no longer matches (BAD_LENGTH). With the length
 * field patched to the cut, the body decoder itself must notice the missing bytes (TRUNCATED). */
static void test_every_truncation(void **state)
{
    sample_message samples[MAX_SAMPLES];
    size_t n = make_samples(samples);
    lsa_wbuf out;

    (void)state;
    lsa_wbuf_init(&out, 0);
    for (size_t i = 0; i < n; i++) {
        const sample_message *s = &samples[i];

        assert_int_equal(decode_sample(s, s->bytes, s->len, &out), LSA_WIRE_OK);
        for (size_t len = 0; len < s->len; len++) {
            uint8_t *cut = heap_copy(s->bytes, len);
            lsa_wire_status want = len < LSA_WIRE_HEADER_SIZE ? LSA_WIRE_TRUNCATED : LSA_WIRE_BAD_LENGTH;
            lsa_wire_status st = decode_sample(s, cut, len, &out);

            if (st != want)
                fail_msg("%s %s cut to %zu: got %s", lsa_wire_op_name(s->op), s->reply ? "reply" : "request", len,
                         lsa_wire_status_name(st));
            if (len >= LSA_WIRE_HEADER_SIZE) {
                cut[8] = (uint8_t)len;
                cut[9] = (uint8_t)(len >> 8);
                cut[10] = 0;
                cut[11] = 0;
                st = decode_sample(s, cut, len, &out);
                if (st != LSA_WIRE_TRUNCATED)
                    fail_msg("%s %s cut to %zu, length patched: got %s", lsa_wire_op_name(s->op),
                             s->reply ? "reply" : "request", len, lsa_wire_status_name(st));
            }
            free(cut);
        }
    }
    lsa_wbuf_free(&out);
    free_samples(samples, n);
}

/* Each bit of each byte flipped in turn: no crash (ASan/UBSan watch), and whatever still decodes is canonical, i.e.
 * re-encodes to exactly the flipped bytes. */
static void test_flipped_bits(void **state)
{
    sample_message samples[MAX_SAMPLES];
    size_t n = make_samples(samples);
    lsa_wbuf out;
    size_t accepted = 0;
    size_t refused = 0;

    (void)state;
    lsa_wbuf_init(&out, 0);
    for (size_t i = 0; i < n; i++) {
        const sample_message *s = &samples[i];

        for (size_t pos = 0; pos < s->len; pos++) {
            for (unsigned bit = 0; bit < 8; bit++) {
                uint8_t *msg = heap_copy(s->bytes, s->len);

                msg[pos] ^= (uint8_t)(1u << bit);
                out.len = 0;
                if (decode_sample(s, msg, s->len, &out) == LSA_WIRE_OK) {
                    accepted++;
                    if (out.len != s->len || memcmp(out.data, msg, s->len) != 0)
                        fail_msg("%s %s, byte %zu bit %u: decoded but re-encodes differently",
                                 lsa_wire_op_name(s->op), s->reply ? "reply" : "request", pos, bit);
                } else {
                    refused++;
                }
                free(msg);
            }
        }
    }
    /* both outcomes occur: payload bits are free, header bits are checked */
    assert_true(accepted > 0);
    assert_true(refused > 0);
    lsa_wbuf_free(&out);
    free_samples(samples, n);
}

/* ---- encoder refusals and the output buffer ---- */

static void test_encoder_refusals(void **state)
{
    lsa_wbuf out;
    lsa_wire_request q;
    lsa_wire_reply p;
    uint8_t *big;

    (void)state;
    lsa_wbuf_init(&out, 0);
    q = sample_request(LSA_OP_CONNECT_UNTRUSTED, 8);
    q.hdr.op = 0;
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_BAD_OP);
    q.hdr.op = LSA_OP_LIMIT;
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_BAD_OP);
    q = sample_request(LSA_OP_CONNECT_UNTRUSTED, 2);
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_BAD_PTR_SIZE);
    p = sample_reply(LSA_OP_CONNECT_UNTRUSTED, 0, 0);
    assert_int_equal(lsa_wire_encode_reply(&p, &out), LSA_WIRE_BAD_PTR_SIZE);
    p.hdr.op = 0xFFFF;
    p.hdr.ptr_size = 4;
    assert_int_equal(lsa_wire_encode_reply(&p, &out), LSA_WIRE_BAD_OP);

    q = sample_request(LSA_OP_LOOKUP_PACKAGE, 8);
    q.u.lookup.name.data = NULL; /* a length without bytes */
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_BAD_VALUE);
    q.u.lookup.name.data = name_bytes;
    q.u.lookup.name.len = LSA_WIRE_MAX_STRING + 1; /* never read: refused on the length */
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_TOO_LARGE);

    q = sample_request(LSA_OP_LOGON_USER, 8);
    q.u.logon.has_local_groups = 2;
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_BAD_VALUE);
    q.u.logon.has_local_groups = 0; /* groups counted but LocalGroups absent */
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_BAD_VALUE);
    q.u.logon.has_local_groups = 1;
    q.u.logon.group_count = LSA_WIRE_MAX_GROUPS + 1;
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_BAD_VALUE);

    /* the largest submit buffer goes through; one byte more does not */
    big = calloc(LSA_WIRE_MAX_SUBMIT + 1, 1);
    assert_non_null(big);
    q = sample_request(LSA_OP_CALL_PACKAGE, 8);
    q.u.call.submit = bytes_of(big, LSA_WIRE_MAX_SUBMIT);
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_OK);
    {
        lsa_wire_request got;

        assert_int_equal(lsa_wire_decode_request(out.data, out.len, &got), LSA_WIRE_OK);
        assert_int_equal(got.u.call.submit.len, LSA_WIRE_MAX_SUBMIT);
    }
    q.u.call.submit.len = LSA_WIRE_MAX_SUBMIT + 1;
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_TOO_LARGE);
    assert_null(out.data); /* a failed buffer frees itself */
    free(big);
    lsa_wbuf_free(&out);
}

static void test_output_buffer(void **state)
{
    lsa_wbuf small;
    lsa_wbuf reused;
    lsa_wire_request q = sample_request(LSA_OP_LOOKUP_PACKAGE, 8);
    lsa_wire_request c = sample_request(LSA_OP_CONNECT_UNTRUSTED, 8);

    (void)state;
    /* a maximum below the message: refused, buffer freed, and the buffer can be used again after */
    lsa_wbuf_init(&small, 30);
    assert_int_equal(lsa_wire_encode_request(&q, &small), LSA_WIRE_TOO_LARGE);
    assert_null(small.data);
    assert_int_equal(small.error, LSA_WIRE_TOO_LARGE);
    assert_int_equal(lsa_wire_encode_request(&c, &small), LSA_WIRE_OK);
    assert_int_equal(small.len, LSA_WIRE_HEADER_SIZE);
    lsa_wbuf_free(&small);

    /* the output replaces what the buffer held */
    lsa_wbuf_init(&reused, 0);
    assert_int_equal(lsa_wire_encode_request(&q, &reused), LSA_WIRE_OK);
    assert_true(reused.len > LSA_WIRE_HEADER_SIZE);
    assert_int_equal(lsa_wire_encode_request(&c, &reused), LSA_WIRE_OK);
    assert_int_equal(reused.len, LSA_WIRE_HEADER_SIZE);
    lsa_wbuf_reset(&reused);
    assert_int_equal(reused.len, 0);
    assert_non_null(reused.data); /* reset keeps the allocation */
    lsa_wbuf_free(&reused);
    assert_null(reused.data);
}

/* The transport peeks at a header before the rest has arrived. */
static void test_header_peek(void **state)
{
    lsa_wire_request q = sample_request(LSA_OP_CALL_PACKAGE, 8);
    lsa_wbuf out;
    lsa_wire_header h;

    (void)state;
    lsa_wbuf_init(&out, 0);
    assert_int_equal(lsa_wire_encode_request(&q, &out), LSA_WIRE_OK);
    assert_int_equal(lsa_wire_decode_header(out.data, LSA_WIRE_HEADER_SIZE, &h), LSA_WIRE_OK);
    assert_int_equal(h.length, out.len);
    assert_int_equal(h.op, LSA_OP_CALL_PACKAGE);
    assert_int_equal(lsa_wire_decode_header(out.data, LSA_WIRE_HEADER_SIZE - 1, &h), LSA_WIRE_TRUNCATED);
    assert_int_equal(lsa_wire_decode_header(NULL, 0, &h), LSA_WIRE_TRUNCATED);
    lsa_wbuf_free(&out);
}

static void test_names(void **state)
{
    (void)state;
    for (int i = LSA_WIRE_OK; i <= LSA_WIRE_TOO_LARGE; i++) {
        for (int j = 0; j < i; j++)
            assert_string_not_equal(lsa_wire_status_name((lsa_wire_status)i), lsa_wire_status_name((lsa_wire_status)j));
        assert_string_not_equal(lsa_wire_status_name((lsa_wire_status)i), lsa_wire_status_name((lsa_wire_status)99));
    }
    for (uint16_t op = 1; op < LSA_OP_LIMIT; op++) {
        for (uint16_t other = 1; other < op; other++)
            assert_string_not_equal(lsa_wire_op_name(op), lsa_wire_op_name(other));
        assert_string_not_equal(lsa_wire_op_name(op), lsa_wire_op_name(0));
    }
    assert_string_equal(lsa_wire_op_name(LSA_OP_LOGON_USER), "LsaLogonUser");
    assert_non_null(lsa_wire_op_name(LSA_OP_LIMIT));
    assert_non_null(lsa_wire_op_name(0xFFFF));
}

/* A buffer that starts on caller storage: small messages stay there; a large one moves to the heap with its bytes
 * intact; freeing never frees the caller's storage (ASan would report it); reserve behaves the same way. */
static void test_borrowed_storage(void **state)
{
    uint8_t store[64];
    uint8_t big[300];
    lsa_wire_request q;
    lsa_wire_request back;
    lsa_wbuf b;
    (void)state;

    memset(&q, 0, sizeof(q));
    q.hdr.op = LSA_OP_CONNECT_UNTRUSTED;
    q.hdr.ptr_size = 8;
    lsa_wbuf_init_with(&b, store, sizeof(store), 0);
    assert_int_equal(lsa_wire_encode_request(&q, &b), LSA_WIRE_OK);
    assert_ptr_equal(b.data, store);
    assert_true(b.borrowed);

    memset(big, 'x', sizeof(big));
    q.hdr.op = LSA_OP_REGISTER_LOGON_PROCESS;
    q.u.register_lp.name.data = big;
    q.u.register_lp.name.len = sizeof(big);
    assert_int_equal(lsa_wire_encode_request(&q, &b), LSA_WIRE_OK);
    assert_true(b.data != store);
    assert_false(b.borrowed);
    assert_int_equal(lsa_wire_decode_request(b.data, b.len, &back), LSA_WIRE_OK);
    assert_int_equal(back.u.register_lp.name.len, sizeof(big));
    assert_memory_equal(back.u.register_lp.name.data, big, sizeof(big));
    lsa_wbuf_free(&b);

    lsa_wbuf_init_with(&b, store, sizeof(store), 1000);
    memcpy(store, "keep", 4);
    b.len = 4;
    assert_true(lsa_wbuf_reserve(&b, 32));
    assert_ptr_equal(b.data, store);
    assert_true(lsa_wbuf_reserve(&b, 500));
    assert_true(b.data != store);
    assert_memory_equal(b.data, "keep", 4);
    assert_false(lsa_wbuf_reserve(&b, 1001));
    lsa_wbuf_free(&b);
    lsa_wbuf_free(&b); /* idempotent */
}

/* A submit buffer carrying a password: no block the codec frees, and no caller storage it lets go of, still holds the
 * password, whether the buffer grew (moving from caller storage, then from heap block to heap block), failed, was
 * freed or was wiped for reuse. */
static void test_buffers_are_wiped(void **state)
{
    static const char secret[] = "Pa55-w1pe-me!";
    uint8_t store[64];
    uint8_t submit[5000];
    lsa_wire_request q;
    lsa_wbuf b;
    (void)state;

    memset(submit, 'x', sizeof(submit));
    memcpy(submit, secret, sizeof(secret) - 1);
    memset(&q, 0, sizeof(q));
    q.hdr.op = LSA_OP_CALL_PACKAGE;
    q.hdr.ptr_size = 8;
    q.u.call.submit.data = submit;
    secret_to_find = secret;
    secret_leaks = blocks_freed = 0;

    /* Grows from 64 bytes of caller storage through several heap blocks (256, 512, ... 8192). */
    lsa_wbuf_init_with(&b, store, sizeof(store), 0);
    for (uint32_t len = 16; len <= sizeof(submit); len *= 2) {
        q.u.call.submit.len = len;
        assert_int_equal(lsa_wire_encode_request(&q, &b), LSA_WIRE_OK);
        assert_non_null(memmem(b.data, b.len, secret, sizeof(secret) - 1));
    }
    assert_null(memmem(store, sizeof(store), secret, sizeof(secret) - 1));
    assert_true(blocks_freed >= 4); /* the blocks it grew out of were searched */
    lsa_wbuf_free(&b);
    assert_true(blocks_freed >= 5);
    assert_int_equal(secret_leaks, 0);

    /* Caller storage that holds the whole message is wiped when freed. */
    lsa_wbuf_init_with(&b, submit + 1000, 1000, 0); /* submit[1000..2000) is only 'x' so far */
    q.u.call.submit.len = 100;
    assert_int_equal(lsa_wire_encode_request(&q, &b), LSA_WIRE_OK);
    assert_ptr_equal(b.data, submit + 1000);
    lsa_wbuf_free(&b);
    for (size_t i = 1000; i < 2000; i++)
        assert_int_equal(submit[i], 0);

    /* Kept for reuse: wiped whole (past len too: transports read into it), allocation kept. */
    lsa_wbuf_init(&b, 0);
    q.u.call.submit.len = 2000;
    assert_int_equal(lsa_wire_encode_request(&q, &b), LSA_WIRE_OK);
    uint8_t *kept = b.data;
    size_t cap = b.cap;
    b.len = 10;
    lsa_wbuf_wipe(&b);
    assert_ptr_equal(b.data, kept);
    assert_int_equal(b.cap, cap);
    assert_int_equal(b.len, 0);
    for (size_t i = 0; i < cap; i++)
        assert_int_equal(kept[i], 0);

    /* A write past the maximum fails the buffer: it frees itself, wiped. */
    b.max = 3000;
    q.u.call.submit.len = 4000;
    assert_int_equal(lsa_wire_encode_request(&q, &b), LSA_WIRE_TOO_LARGE);
    assert_null(b.data);
    lsa_wbuf_free(&b);
    assert_int_equal(secret_leaks, 0);
    secret_to_find = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_round_trip_every_op),
        cmocka_unit_test(test_reply_round_trip_every_op),
        cmocka_unit_test(test_local_groups),
        cmocka_unit_test(test_hex_table),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_flipped_bits),
        cmocka_unit_test(test_encoder_refusals),
        cmocka_unit_test(test_output_buffer),
        cmocka_unit_test(test_header_peek),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_borrowed_storage),
        cmocka_unit_test(test_buffers_are_wiped),
    };

    return cmocka_run_group_tests(tests, setup_groups, teardown_groups);
}
