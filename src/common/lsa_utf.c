/* UTF-16LE <-> UTF-8 and name folding; see lsa_utf.h.
 *
 * Decoding is strict in both directions (no overlong forms, no surrogate code points in UTF-8, nothing above
 * U+10FFFF, no unpaired surrogates in UTF-16), so a name has exactly one byte form and cannot slip past a comparison
 * by being spelled differently. */
#include "lsa_utf.h"

#include <string.h>

#define UTF_MAX_CODE_POINT 0x10FFFFu
/* Invalid UTF-8 bytes compare as code points above Unicode, so lsa_name_compare stays a total order on any input. */
#define UTF_INVALID_BYTE_BASE 0x110000u

static int is_surrogate(uint32_t cp)
{
    return cp >= 0xD800u && cp <= 0xDFFFu;
}

/* Decode one code point from s[0..len). Returns its byte count (1-4), or 0 if the bytes there are not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t need;
    uint32_t value;
    uint32_t min;

    if (len == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        need = 2;
        value = s[0] & 0x1Fu;
        min = 0x80;
    } else if ((s[0] & 0xF0u) == 0xE0u) {
        need = 3;
        value = s[0] & 0x0Fu;
        min = 0x800;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        need = 4;
        value = s[0] & 0x07u;
        min = 0x10000;
    } else {
        return 0; /* continuation byte, C0/C1 (always overlong), or F5..FF (beyond U+10FFFF) */
    }
    if (need > len)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0u) != 0x80u)
            return 0;
        value = (value << 6) | (s[i] & 0x3Fu);
    }
    if (value < min || value > UTF_MAX_CODE_POINT || is_surrogate(value))
        return 0;
    *cp = value;
    return need;
}

static size_t utf8_encoded_size(uint32_t cp)
{
    if (cp < 0x80)
        return 1;
    if (cp < 0x800)
        return 2;
    if (cp < 0x10000)
        return 3;
    return 4;
}

static void utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;

    switch (utf8_encoded_size(cp)) {
    case 1:
        o[0] = (unsigned char)cp;
        break;
    case 2:
        o[0] = (unsigned char)(0xC0u | (cp >> 6));
        o[1] = (unsigned char)(0x80u | (cp & 0x3Fu));
        break;
    case 3:
        o[0] = (unsigned char)(0xE0u | (cp >> 12));
        o[1] = (unsigned char)(0x80u | ((cp >> 6) & 0x3Fu));
        o[2] = (unsigned char)(0x80u | (cp & 0x3Fu));
        break;
    default:
        o[0] = (unsigned char)(0xF0u | (cp >> 18));
        o[1] = (unsigned char)(0x80u | ((cp >> 12) & 0x3Fu));
        o[2] = (unsigned char)(0x80u | ((cp >> 6) & 0x3Fu));
        o[3] = (unsigned char)(0x80u | (cp & 0x3Fu));
        break;
    }
}

static uint16_t read_u16le(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

/* Callers may hold secrets in these buffers (a password on its way to the NT hash), so a failed conversion leaves no
 * partial output behind. */
static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;

    while (n--)
        *v++ = 0;
}

int lsa_utf16le_to_utf8(const uint8_t *src, size_t src_bytes, char *dst, size_t dst_size, size_t *out_len)
{
    size_t in = 0;
    size_t out = 0;

    if (dst == NULL || dst_size == 0 || src_bytes % 2 != 0 || (src == NULL && src_bytes != 0))
        goto fail;
    while (in < src_bytes) {
        uint32_t cp = read_u16le(src + in);
        size_t size;

        in += 2;
        if (cp >= 0xDC00u && cp <= 0xDFFFu)
            goto fail; /* low surrogate without a high one before it */
        if (cp >= 0xD800u && cp <= 0xDBFFu) {
            uint32_t low;

            if (src_bytes - in < 2)
                goto fail;
            low = read_u16le(src + in);
            if (low < 0xDC00u || low > 0xDFFFu)
                goto fail;
            in += 2;
            cp = 0x10000u + ((cp - 0xD800u) << 10) + (low - 0xDC00u);
        }
        if (cp == 0)
            goto fail; /* the output is NUL-terminated: an embedded NUL would cut the name short */
        size = utf8_encoded_size(cp);
        if (size >= dst_size - out) /* keep room for the terminator */
            goto fail;
        utf8_encode(cp, dst + out);
        out += size;
    }
    dst[out] = '\0';
    if (out_len != NULL)
        *out_len = out;
    return 0;
fail:
    if (dst != NULL && dst_size != 0)
        wipe(dst, out + 1); /* out < dst_size always: every write left room for the terminator */
    return -1;
}

int lsa_utf8_to_utf16le(const char *src, uint8_t *dst, size_t dst_size, size_t *out_bytes)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t len;
    size_t in = 0;
    size_t out = 0;

    if (src == NULL || (dst == NULL && dst_size != 0))
        goto fail;
    len = strlen(src);
    while (in < len) {
        uint32_t cp;
        size_t used = utf8_decode(s + in, len - in, &cp);

        if (used == 0)
            goto fail;
        in += used;
        if (cp >= 0x10000u) {
            uint32_t v = cp - 0x10000u;

            if (4 > dst_size - out)
                goto fail;
            dst[out + 0] = (uint8_t)((0xD800u | (v >> 10)) & 0xFFu);
            dst[out + 1] = (uint8_t)((0xD800u | (v >> 10)) >> 8);
            dst[out + 2] = (uint8_t)((0xDC00u | (v & 0x3FFu)) & 0xFFu);
            dst[out + 3] = (uint8_t)((0xDC00u | (v & 0x3FFu)) >> 8);
            out += 4;
        } else {
            if (2 > dst_size - out)
                goto fail;
            dst[out + 0] = (uint8_t)(cp & 0xFFu);
            dst[out + 1] = (uint8_t)(cp >> 8);
            out += 2;
        }
    }
    if (out_bytes != NULL)
        *out_bytes = out;
    return 0;
fail:
    if (dst != NULL)
        wipe(dst, out);
    return -1;
}

int lsa_utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t pos = 0;

    if (s == NULL)
        return len == 0;
    while (pos < len) {
        uint32_t cp;
        size_t used = utf8_decode(u + pos, len - pos, &cp);

        if (used == 0)
            return 0;
        pos += used;
    }
    return 1;
}

/* Windows' upcase table restricted to U+0000..U+017F (measured with RtlUpcaseUnicodeChar under Wine 8): ASCII and
 * Latin-1 letters move down 0x20 (not U+00F7, the division sign; U+00B5 MICRO SIGN stays), U+00FF goes to U+0178,
 * and Latin Extended-A pairs capital/small in runs of alternating parity. U+0131 (dotless i), U+0138 (kra), U+0149
 * and U+017F (long s) have no upper case there. */
static uint32_t upcase_latin(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return cp - 0x20u;
    if (cp >= 0xE0u && cp <= 0xFEu && cp != 0xF7u)
        return cp - 0x20u;
    if (cp == 0xFFu)
        return 0x178u;
    if (cp >= 0x100u && cp <= 0x137u && cp % 2 == 1 && cp != 0x131u)
        return cp - 1;
    if (cp >= 0x139u && cp <= 0x148u && cp % 2 == 0)
        return cp - 1;
    if (cp >= 0x14Au && cp <= 0x177u && cp % 2 == 1)
        return cp - 1;
    if (cp >= 0x179u && cp <= 0x17Eu && cp % 2 == 0)
        return cp - 1;
    return cp;
}

/* Next comparison unit of a NUL-terminated string: a folded code point, an invalid byte mapped above Unicode, or 0 at
 * the end. */
static uint32_t next_folded(const unsigned char **s)
{
    const unsigned char *p = *s;
    uint32_t cp;
    size_t used;

    if (*p == 0)
        return 0;
    if (*p < 0x80) { /* ASCII, most names: what utf8_decode would give, without it (sorting accounts calls this a lot) */
        *s = p + 1;
        return upcase_latin(*p);
    }
    /* Bounded by the terminator: utf8_decode stops at the first non-continuation byte, and NUL is not one. */
    used = utf8_decode(p, p[1] == 0 ? 1 : p[2] == 0 ? 2 : p[3] == 0 ? 3 : 4, &cp);
    if (used == 0) {
        *s = p + 1;
        return UTF_INVALID_BYTE_BASE + *p;
    }
    *s = p + used;
    return upcase_latin(cp);
}

int lsa_name_compare(const char *a, const char *b)
{
    const unsigned char *pa = (const unsigned char *)a;
    const unsigned char *pb = (const unsigned char *)b;

    if (a == NULL || b == NULL)
        return (a != NULL) - (b != NULL);
    for (;;) {
        uint32_t ca = next_folded(&pa);
        uint32_t cb = next_folded(&pb);

        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (ca == 0)
            return 0;
    }
}

int lsa_name_equal(const char *a, const char *b)
{
    return lsa_name_compare(a, b) == 0;
}
