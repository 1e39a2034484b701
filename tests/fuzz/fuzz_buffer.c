/* libFuzzer harness for src/common/lsa_buffer.c, which range-checks every embedded string of a submit buffer. The
 * input is a small header (the submit buffer's length, the client's base address, a pointer and lengths) followed by
 * the buffer's bytes. The base is steered towards 0, towards UINT64_MAX and towards the pointer, so both dialects
 * (absolute client addresses and offsets) and the wrap-around edges are reached. Checked against a reference written
 * with 128-bit arithmetic: every accepted region lies wholly inside the copy (and is read, so ASan sees any byte
 * outside it), every refusal has the one cause the header documents, and the two functions agree. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lsa_buffer.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

typedef unsigned __int128 u128;

static uint64_t take(const uint8_t **p, size_t *n, size_t bytes)
{
    uint64_t v = 0;

    for (size_t i = 0; i < bytes && *n > 0; i++, (*p)++, (*n)--)
        v |= (uint64_t)**p << (8 * i);
    return v;
}

/* The documented outcome of lsa_buf_locate_region, computed without any chance of wrapping. */
static lsa_buf_status reference(size_t buf_len, uint64_t base, uint64_t ptr, uint64_t length, size_t *offset)
{
    if (ptr == 0) {
        *offset = 0;
        return length != 0 ? LSA_BUF_NULL_WITH_LENGTH : LSA_BUF_OK;
    }
    if (ptr >= base && (u128)(ptr - base) + length <= buf_len) {
        *offset = (size_t)(ptr - base);
        return LSA_BUF_OK;
    }
    if ((u128)ptr + length <= buf_len) {
        *offset = (size_t)ptr;
        return LSA_BUF_OK;
    }
    return LSA_BUF_OUT_OF_RANGE;
}

/* Reads of accepted regions land here, so the compiler cannot drop them. */
static volatile uint8_t sink;

/* Touch every byte of an accepted region of the exact-size copy. */
static void read_region(const uint8_t *copy, size_t offset, uint64_t length)
{
    for (uint64_t i = 0; i < length; i++)
        sink ^= copy[offset + i];
}

static uint64_t pick_base(uint8_t mode, uint64_t raw, uint64_t ptr, size_t buf_len)
{
    switch (mode % 6) {
    case 0: return raw;                                     /* anything */
    case 1: return raw & 0xFFFF;                            /* near 0: both readings may fit */
    case 2: return UINT64_MAX - (raw & 0xFFFF);             /* near the top: base + len would wrap */
    case 3: return ptr - (raw % (buf_len + 2));             /* ptr a little above (or below) the base */
    case 4: return raw | 0x00007FF000000000ull;              /* a typical 64-bit client address */
    default: return (uint32_t)raw;                          /* a 32-bit client address */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data;
    size_t n = size;
    uint8_t mode = (uint8_t)take(&p, &n, 1);
    uint64_t raw_base = take(&p, &n, 8);
    uint64_t ptr = take(&p, &n, 8);
    uint64_t length = take(&p, &n, 8);
    uint16_t ulen = (uint16_t)take(&p, &n, 2);
    uint16_t umax = (uint16_t)take(&p, &n, 2);
    size_t buf_len = n;
    uint64_t base;
    uint8_t *copy;
    size_t got = (size_t)-1, want = (size_t)-1;
    lsa_buf_status st, ref;

    if (mode & 0x80)
        ptr = (ptr & 0xFFFF) % (buf_len + 3); /* an offset in (or just past) the buffer */
    if (mode & 0x40)
        length %= buf_len + 3;                /* a length of the order of the buffer */
    base = pick_base(mode, raw_base, ptr, buf_len);
    if ((mode & 0x20) && base < UINT64_MAX - buf_len)
        ptr = base + (ptr % (buf_len + 3));   /* an absolute pointer in (or just past) the buffer */

    /* An exact-size copy of the rest, so ASan catches a read one byte past the end. */
    copy = malloc(buf_len ? buf_len : 1);
    CHECK(copy != NULL);
    memcpy(copy, p, buf_len);

    st = lsa_buf_locate_region(buf_len, base, ptr, length, &got);
    ref = reference(buf_len, base, ptr, length, &want);
    CHECK(st == ref);
    if (st == LSA_BUF_OK) {
        CHECK(got == want);
        CHECK(got <= buf_len && length <= buf_len - got);
        read_region(copy, got, length);
    }
    CHECK(lsa_buf_status_name(st) != NULL);

    /* The UNICODE_STRING form: its own checks first, then the region rule on Length alone. */
    got = (size_t)-1;
    st = lsa_buf_locate_ustring(buf_len, base, ptr, ulen, umax, &got);
    if (ulen % 2 != 0)
        ref = LSA_BUF_ODD_LENGTH;
    else if (umax < ulen)
        ref = LSA_BUF_MAX_BELOW_LENGTH;
    else
        ref = reference(buf_len, base, ptr, ulen, &want);
    CHECK(st == ref);
    if (st == LSA_BUF_OK) {
        CHECK(got == want && got <= buf_len && ulen <= buf_len - got);
        read_region(copy, got, ulen);
    }
    CHECK(lsa_buf_status_name(st) != NULL);
    free(copy);
    return 0;
}
