/* libFuzzer harness for the MSV1_0 submit buffers of LsaLogonUser: the package's own validation.
 *
 * msv1_0_submit_check (src/packages/msv1_0/portable/) is what msv1_0_submit.c and msv1_0_lm20_submit.c call for
 * every MSV1_0_INTERACTIVE_LOGON, unlock, MSV1_0_S4U_LOGON and MSV1_0_LM20_LOGON they parse; this harness links that
 * same code and runs it in both pointer widths (64- and 32-bit clients: 16- and 8-byte UNICODE_STRINGs). Input:
 * byte 0 picks the structure and pointer width, bytes 1..8 the client's base address (steered near 0, near the top
 * of the address space and to typical client addresses), the rest is the submit buffer.
 * Checked: every accepted span lies wholly inside the exact-size copy (read in full, so ASan sees any byte past it)
 * and has the rule's length; a refusal names its field and a documented cause; S4U is never accepted without a
 * UserPrincipalName, nor LM20 with an odd clear-text password; the values copied out are the structure's bytes;
 * relocating the same strings into the other dialect (absolute <-> offset) gives the same answer. The table's
 * offsets are held against mingw's ntsecapi.h at compile time (msv1_0_submit_layout_check.c, in the package). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msv1_0_submit_check.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static volatile uint8_t sink;

static uint64_t read_le(const uint8_t *p, size_t n)
{
    uint64_t v = 0;

    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void write_le(uint8_t *p, uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* {Length, MaximumLength, (padding), Buffer} at `at`: the pointer follows at 8 (64-bit) or 4 (32-bit). */
static size_t buffer_at(size_t at, msv1_0_client_width width)
{
    return at + (width == MSV1_0_CLIENT_32 ? 4 : 8);
}

/* The check once, with what its answer promises verified. 0 when accepted. */
static int check(msv1_0_submit_kind kind, msv1_0_client_width width, const uint8_t *buf, size_t len, uint64_t base,
                 msv1_0_submit_result *res)
{
    const msv1_0_submit_layout *l = &msv1_0_submit_layouts[kind];
    msv1_0_submit_status st = msv1_0_submit_check(kind, width, buf, len, base, res);

    CHECK(st == res->status);
    CHECK(msv1_0_submit_status_name(st) != NULL);
    if (st != MSV1_0_SUBMIT_OK) {
        CHECK(st != MSV1_0_SUBMIT_SHORT || len < l->size[width]);
        if (st == MSV1_0_SUBMIT_BAD_FIELD) {
            CHECK(res->field < l->count && res->buf_status != LSA_BUF_OK);
            CHECK(lsa_buf_status_name(res->buf_status) != NULL);
        }
        CHECK(st != MSV1_0_SUBMIT_NO_UPN || kind == MSV1_0_SUBMIT_S4U);
        CHECK(st != MSV1_0_SUBMIT_ODD_CLEARTEXT || kind == MSV1_0_SUBMIT_LM20);
        for (size_t i = 0; i < MSV1_0_SUBMIT_MAX_FIELDS; i++)
            CHECK(res->spans[i].len == 0 && res->spans[i].offset == 0);
        return -1;
    }
    CHECK(len >= l->size[width]);
    for (size_t i = 0; i < l->count; i++) {
        const msv1_0_span *s = &res->spans[i];
        size_t at = l->fields[i].offset[width];

        CHECK(s->offset <= len && s->len <= len - s->offset);
        CHECK(s->len == read_le(buf + at, 2) && s->len <= read_le(buf + at + 2, 2));
        CHECK(l->fields[i].kind != MSV1_0_FIELD_USTRING || s->len % 2 == 0);
        for (size_t j = 0; j < s->len; j++)
            sink ^= buf[s->offset + j];
    }
    if (kind == MSV1_0_SUBMIT_S4U) {
        CHECK(res->spans[MSV1_0_S4U_FIELD_UPN].len != 0);
        CHECK(res->flags == read_le(buf + l->flags_offset[width], 4));
    }
    if (kind == MSV1_0_SUBMIT_LM20) {
        CHECK(res->flags == read_le(buf + l->flags_offset[width], 4));
        CHECK(!(res->flags & MSV1_0_SUBMIT_CLEARTEXT_PASSWORD_SUPPLIED) ||
              res->spans[MSV1_0_LM20_FIELD_NT_RESPONSE].len % 2 == 0);
        CHECK(memcmp(res->challenge, buf + l->challenge_offset[width], sizeof(res->challenge)) == 0);
    }
    if (kind == MSV1_0_SUBMIT_UNLOCK)
        CHECK(memcmp(res->logon_id, buf + l->logon_id_offset[width], sizeof(res->logon_id)) == 0);
    return 0;
}

static uint64_t pick_base(uint8_t mode, uint64_t raw, int x86)
{
    switch (mode % 4) {
    case 0: return x86 ? (uint32_t)raw : raw;
    case 1: return raw & 0xFFFF;                  /* near 0: both dialects can read a small pointer */
    case 2: return UINT64_MAX - (raw & 0xFFFF);   /* near the top: base + offset wraps */
    default: return x86 ? (raw & 0x7FFF0000u) | 0x10000u : (raw & 0xFFFFFFF000ull) | 0x00007FF000000000ull;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    msv1_0_submit_result first, again;
    const msv1_0_submit_layout *l;
    msv1_0_submit_kind kind;
    msv1_0_client_width width;
    uint8_t *copy;
    uint64_t base;
    size_t len, ptr_size;
    int x86, ok;

    if (size < 9)
        return 0;
    kind = (msv1_0_submit_kind)(data[0] % MSV1_0_SUBMIT_KINDS);
    l = &msv1_0_submit_layouts[kind];
    x86 = (data[0] >> 2) & 1;
    width = x86 ? MSV1_0_CLIENT_32 : MSV1_0_CLIENT_64;
    ptr_size = x86 ? 4 : 8;
    base = pick_base(data[0] >> 3, read_le(data + 1, 8), x86);
    len = size - 9;
    /* An exact-size copy, as the core hands the package, so ASan sees a read one byte past it. */
    copy = malloc(len ? len : 1);
    CHECK(copy != NULL);
    memcpy(copy, data + 9, len);
    ok = check(kind, width, copy, len, base, &first) == 0;

    /* The same strings written in the other dialect must be accepted at the same places. Only when the reading is
     * unambiguous: a small base lets one pointer value read both ways. */
    if (ok && base > len && (x86 ? base <= UINT32_MAX - len : base <= UINT64_MAX - len)) {
        for (size_t i = 0; i < l->count; i++) {
            size_t at = buffer_at(l->fields[i].offset[width], width);
            uint64_t ptr = read_le(copy + at, ptr_size);

            if (ptr == 0 || ptr == base)
                continue; /* NULL, or offset 0, which the offset dialect cannot say (it would read as NULL) */
            /* absolute -> offset, offset -> absolute */
            write_le(copy + at, ptr >= base ? ptr - base : base + ptr, ptr_size);
        }
        /* Only pointer slots changed: lengths, flags and the S4U rule read the same bytes as before. */
        CHECK(check(kind, width, copy, len, base, &again) == 0);
        for (size_t i = 0; i < l->count; i++)
            CHECK(again.spans[i].len == first.spans[i].len &&
                  (again.spans[i].len == 0 || again.spans[i].offset == first.spans[i].offset));
    }
    free(copy);
    return 0;
}
