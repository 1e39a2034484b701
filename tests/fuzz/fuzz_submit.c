/* libFuzzer harness for the MSV1_0 submit buffers of LsaLogonUser, through their portable validation.
 *
 * The package's parsers (src/packages/msv1_0/msv1_0_submit.c, msv1_0_lm20_submit.c) read Windows structures with
 * windows.h types and cannot be built natively; what decides whether a string is accepted is portable: the
 * structure's length check, then lsa_buf_locate_ustring (UNICODE_STRING) or the MaximumLength rule plus
 * lsa_buf_locate_region (STRING, bytes) for each embedded string, at the offsets Windows gives the fields. This
 * harness applies exactly that to every MSV1_0 submit structure the package parses, in both pointer widths (x86_64
 * and i686 clients: 16- and 8-byte UNICODE_STRINGs), reading the fields from the bytes as the package does with
 * memcpy. Input: byte 0 picks the structure and pointer width, bytes 1..8 the client's base address (steered near 0,
 * near the top of the address space and to typical client addresses), the rest is the submit buffer.
 * Checked: every accepted string lies wholly inside the exact-size copy (read in full, so ASan sees any byte past
 * it) and has the rule's length; a refusal names a documented cause; S4U needs a UserPrincipalName; a clear-text
 * LM20 password has an even length; relocating the same strings into the other dialect (absolute <-> offset) gives
 * the same answer. The layouts (msv1_0_submit_layouts.h) are checked against mingw's ntsecapi.h at compile time
 * (msv1_0_submit_layouts_check.c, in the x86_64 mingw build). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lsa_buffer.h"
#include "msv1_0_submit_layouts.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

enum field_kind { FIELD_USTRING, FIELD_BYTES };

typedef struct field {
    size_t offset[2]; /* [0] x86_64, [1] i686 */
    enum field_kind kind;
} field;

typedef struct layout {
    const char *name;
    size_t size[2];
    const field *fields;
    size_t count;
    int s4u;  /* the first string (UserPrincipalName) must not be empty */
    int lm20; /* ParameterControl may say the first bytes field is a clear-text password (even length) */
} layout;

static const field interactive_fields[] = {
    { { INTERACTIVE_DOMAIN_X64, INTERACTIVE_DOMAIN_X86 }, FIELD_USTRING },
    { { INTERACTIVE_USER_X64, INTERACTIVE_USER_X86 }, FIELD_USTRING },
    { { INTERACTIVE_PASSWORD_X64, INTERACTIVE_PASSWORD_X86 }, FIELD_USTRING },
};
static const field s4u_fields[] = {
    { { S4U_UPN_X64, S4U_UPN_X86 }, FIELD_USTRING },
    { { S4U_DOMAIN_X64, S4U_DOMAIN_X86 }, FIELD_USTRING },
};
static const field lm20_fields[] = {
    { { LM20_DOMAIN_X64, LM20_DOMAIN_X86 }, FIELD_USTRING },
    { { LM20_USER_X64, LM20_USER_X86 }, FIELD_USTRING },
    { { LM20_WORKSTATION_X64, LM20_WORKSTATION_X86 }, FIELD_USTRING },
    { { LM20_NT_RESPONSE_X64, LM20_NT_RESPONSE_X86 }, FIELD_BYTES },
    { { LM20_LM_RESPONSE_X64, LM20_LM_RESPONSE_X86 }, FIELD_BYTES },
};

static const layout layouts[] = {
    { "MSV1_0_INTERACTIVE_LOGON", { INTERACTIVE_SIZE_X64, INTERACTIVE_SIZE_X86 }, interactive_fields, 3, 0, 0 },
    { "MSV1_0_INTERACTIVE_UNLOCK_LOGON", { UNLOCK_SIZE_X64, UNLOCK_SIZE_X86 }, interactive_fields, 3, 0, 0 },
    { "MSV1_0_S4U_LOGON", { S4U_SIZE_X64, S4U_SIZE_X86 }, s4u_fields, 2, 1, 0 },
    { "MSV1_0_LM20_LOGON", { LM20_SIZE_X64, LM20_SIZE_X86 }, lm20_fields, 5, 0, 1 },
};
#define LAYOUTS (sizeof(layouts) / sizeof(layouts[0]))
#define MAX_FIELDS 5

typedef struct located {
    size_t offset;
    uint16_t len;
} located;

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

/* {Length, MaximumLength, (padding), Buffer} at `at`: the pointer follows at 8 (x86_64) or 4 (i686). */
static size_t buffer_at(size_t at, int x86)
{
    return at + (x86 ? 4 : 8);
}

/* One field, as the package reads it. */
static lsa_buf_status locate(const uint8_t *buf, size_t len, uint64_t base, const field *f, int x86, located *out)
{
    size_t at = f->offset[x86];
    uint16_t length = (uint16_t)read_le(buf + at, 2);
    uint16_t max_length = (uint16_t)read_le(buf + at + 2, 2);
    uint64_t ptr = read_le(buf + buffer_at(at, x86), x86 ? 4 : 8);
    lsa_buf_status st;

    out->offset = 0;
    out->len = length;
    if (f->kind == FIELD_USTRING)
        st = lsa_buf_locate_ustring(len, base, ptr, length, max_length, &out->offset);
    else if (max_length < length)
        st = LSA_BUF_MAX_BELOW_LENGTH;
    else
        st = lsa_buf_locate_region(len, base, ptr, length, &out->offset);
    return st;
}

/* The whole structure: 0 with every string located, or -1 (the package's STATUS_INVALID_PARAMETER). */
static int parse(const layout *l, const uint8_t *buf, size_t len, uint64_t base, int x86, located out[MAX_FIELDS])
{
    if (len < l->size[x86])
        return -1;
    for (size_t i = 0; i < l->count; i++) {
        lsa_buf_status st = locate(buf, len, base, &l->fields[i], x86, &out[i]);

        CHECK(lsa_buf_status_name(st) != NULL);
        if (st != LSA_BUF_OK)
            return -1;
        CHECK(out[i].offset <= len && out[i].len <= len - out[i].offset);
        CHECK(l->fields[i].kind != FIELD_USTRING || out[i].len % 2 == 0);
        for (size_t j = 0; j < out[i].len; j++)
            sink ^= buf[out[i].offset + j];
    }
    if (l->s4u && out[0].len == 0)
        return -1;
    if (l->lm20) {
        uint32_t control = (uint32_t)read_le(buf + (x86 ? LM20_PARAMETER_CONTROL_X86 : LM20_PARAMETER_CONTROL_X64), 4);

        if ((control & LAYOUT_CLEARTEXT_PASSWORD_SUPPLIED) && out[3].len % 2)
            return -1;
    }
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
    located first[MAX_FIELDS], again[MAX_FIELDS];
    const layout *l;
    uint8_t *copy;
    uint64_t base;
    size_t len;
    int x86, ok;

    if (size < 9)
        return 0;
    l = &layouts[data[0] % LAYOUTS];
    x86 = (data[0] >> 2) & 1;
    base = pick_base(data[0] >> 3, read_le(data + 1, 8), x86);
    len = size - 9;
    /* An exact-size copy, as the core hands the package, so ASan sees a read one byte past it. */
    copy = malloc(len ? len : 1);
    CHECK(copy != NULL);
    memcpy(copy, data + 9, len);
    ok = parse(l, copy, len, base, x86, first) == 0;

    /* The same strings written in the other dialect must be accepted at the same places. Only when the reading is
     * unambiguous: a small base lets one pointer value read both ways. */
    if (ok && base > len && (x86 ? base <= UINT32_MAX - len : base <= UINT64_MAX - len)) {
        for (size_t i = 0; i < l->count; i++) {
            size_t at = buffer_at(l->fields[i].offset[x86], x86);
            uint64_t ptr = read_le(copy + at, x86 ? 4 : 8);

            if (ptr == 0 || ptr == base)
                continue; /* NULL, or offset 0, which the offset dialect cannot say (it would read as NULL) */
            /* absolute -> offset, offset -> absolute */
            write_le(copy + at, ptr >= base ? ptr - base : base + ptr, x86 ? 4 : 8);
        }
        /* Only pointer slots changed: lengths, ParameterControl and the S4U rule read the same bytes as before. */
        CHECK(parse(l, copy, len, base, x86, again) == 0);
        for (size_t i = 0; i < l->count; i++)
            CHECK(again[i].len == first[i].len && (again[i].len == 0 || again[i].offset == first[i].offset));
    }
    free(copy);
    return 0;
}
