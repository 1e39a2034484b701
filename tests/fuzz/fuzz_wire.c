/* libFuzzer harness for the message codec: any input is decoded as a request and as a reply to the op its header
 * names. Whatever decodes must be canonical (re-encoding gives back the input byte for byte) and decode again. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lsa_wire.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0)
            return 0;
    }
    return 1;
}

static void check_request(const uint8_t *data, size_t size, lsa_wbuf *out)
{
    lsa_wire_request q;
    lsa_wire_request again;

    if (lsa_wire_decode_request(data, size, &q) != LSA_WIRE_OK) {
        CHECK(all_zero(&q, sizeof(q)));
        return;
    }
    CHECK(q.hdr.length == size && (q.hdr.flags & LSA_WIRE_FLAG_REPLY) == 0);
    if (q.hdr.op == LSA_OP_LOGON_USER) {
        /* the validated group list iterates to exactly group_count entries */
        size_t pos = 0;
        uint32_t n = 0;
        lsa_wire_bytes sid;
        uint32_t attributes;

        while (lsa_wire_next_group(&q.u.logon, &pos, &sid, &attributes))
            n++;
        CHECK(n == q.u.logon.group_count && pos == q.u.logon.groups.len);
    }
    CHECK(lsa_wire_encode_request(&q, out) == LSA_WIRE_OK);
    CHECK(out->len == size && memcmp(out->data, data, size) == 0);
    CHECK(lsa_wire_decode_request(out->data, out->len, &again) == LSA_WIRE_OK);
    CHECK(again.hdr.op == q.hdr.op && again.hdr.call_id == q.hdr.call_id);
}

static void check_reply(const uint8_t *data, size_t size, lsa_wbuf *out)
{
    uint16_t op = size >= 8 ? (uint16_t)(data[6] | data[7] << 8) : 0;
    lsa_wire_reply p;
    lsa_wire_reply again;

    if (lsa_wire_decode_reply(data, size, op, &p) != LSA_WIRE_OK) {
        CHECK(all_zero(&p, sizeof(p)));
        return;
    }
    CHECK(p.hdr.length == size && (p.hdr.flags & LSA_WIRE_FLAG_REPLY) != 0);
    /* decoded for its own op only */
    CHECK(lsa_wire_decode_reply(data, size, (uint16_t)(op ^ 1), &again) == LSA_WIRE_BAD_OP);
    CHECK(lsa_wire_encode_reply(&p, out) == LSA_WIRE_OK);
    CHECK(out->len == size && memcmp(out->data, data, size) == 0);
    CHECK(lsa_wire_decode_reply(out->data, out->len, op, &again) == LSA_WIRE_OK);
    CHECK(memcmp(&again.u, &p.u, sizeof(p.u)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lsa_wbuf out;
    lsa_wire_header h;

    if (lsa_wire_decode_header(data, size, &h) == LSA_WIRE_OK)
        CHECK(h.length >= LSA_WIRE_HEADER_SIZE && h.length <= LSA_WIRE_MAX_MESSAGE);
    lsa_wbuf_init(&out, 0);
    check_request(data, size, &out);
    check_reply(data, size, &out);
    lsa_wbuf_free(&out);
    return 0;
}
