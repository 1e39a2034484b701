/* Strict DER reader and writer (see asn1_der.h). */
#include "asn1_der.h"

#include <stdlib.h>
#include <string.h>

const char *asn1_status_name(asn1_status status)
{
    static const char *const names[] = {
        "ASN1_OK", "ASN1_ERR_TRUNCATED", "ASN1_ERR_LENGTH_PAST_END", "ASN1_ERR_INDEFINITE_LENGTH",
        "ASN1_ERR_NONMINIMAL_LENGTH", "ASN1_ERR_LENGTH_TOO_BIG", "ASN1_ERR_HIGH_TAG", "ASN1_ERR_UNEXPECTED_TAG",
        "ASN1_ERR_WRONG_FORM", "ASN1_ERR_DEPTH", "ASN1_ERR_INTEGER_ENCODING", "ASN1_ERR_INTEGER_RANGE",
        "ASN1_ERR_BAD_STRING", "ASN1_ERR_BAD_TIME", "ASN1_ERR_BAD_BIT_STRING", "ASN1_ERR_TRAILING_DATA",
        "ASN1_ERR_MISSING_FIELD", "ASN1_ERR_NO_MEMORY", "ASN1_ERR_TOO_LARGE", "ASN1_ERR_INVALID_VALUE",
    };
    if ((unsigned)status < sizeof(names) / sizeof(names[0]))
        return names[status];
    return "ASN1_ERR_?";
}

void asn1_reader_init(asn1_reader *r, const uint8_t *p, size_t len)
{
    r->p = p;
    r->left = p ? len : 0;
}

/* Header and contents of the element at r; *total is the whole element's size. */
static asn1_status parse_header(const asn1_reader *r, asn1_tlv *out, size_t *total)
{
    const uint8_t *p = r->p;
    size_t left = r->left, hdr = 2, len;

    memset(out, 0, sizeof(*out));
    if (left < 2)
        return ASN1_ERR_TRUNCATED;
    if ((p[0] & 0x1f) == 0x1f)
        return ASN1_ERR_HIGH_TAG;
    if (p[1] < 0x80) {
        len = p[1];
    } else if (p[1] == 0x80) {
        return ASN1_ERR_INDEFINITE_LENGTH;
    } else {
        size_t n = p[1] & 0x7f;
        if (n > 4)
            return ASN1_ERR_LENGTH_TOO_BIG;
        if (n > left - 2)
            return ASN1_ERR_TRUNCATED;
        if (p[2] == 0)
            return ASN1_ERR_NONMINIMAL_LENGTH;
        len = 0;
        for (size_t i = 0; i < n; i++)
            len = (len << 8) | p[2 + i];
        if (len < 0x80)
            return ASN1_ERR_NONMINIMAL_LENGTH;
        hdr += n;
    }
    if (len > left - hdr)
        return ASN1_ERR_LENGTH_PAST_END;
    out->cls = (uint8_t)(p[0] >> 6);
    out->constructed = (uint8_t)((p[0] >> 5) & 1);
    out->tag = (uint8_t)(p[0] & 0x1f);
    out->value = p + hdr;
    out->len = len;
    *total = hdr + len;
    return ASN1_OK;
}

asn1_status asn1_peek_tlv(const asn1_reader *r, asn1_tlv *out)
{
    size_t total;
    return parse_header(r, out, &total);
}

asn1_status asn1_read_tlv(asn1_reader *r, asn1_tlv *out)
{
    size_t total;
    asn1_status st = parse_header(r, out, &total);
    if (st != ASN1_OK)
        return st;
    r->p += total;
    r->left -= total;
    return ASN1_OK;
}

asn1_status asn1_read_expect(asn1_reader *r, uint8_t cls, uint8_t constructed, uint8_t tag, asn1_tlv *out)
{
    asn1_reader probe = *r;
    asn1_status st = asn1_read_tlv(&probe, out);
    if (st != ASN1_OK)
        return st;
    if (out->cls != cls || out->tag != tag)
        return ASN1_ERR_UNEXPECTED_TAG;
    if (out->constructed != constructed)
        return ASN1_ERR_WRONG_FORM;
    *r = probe;
    return ASN1_OK;
}

static asn1_status check_level(const uint8_t *p, size_t len, unsigned depth, unsigned max_depth)
{
    asn1_reader r;
    asn1_tlv t;
    asn1_status st;

    if (depth > max_depth)
        return ASN1_ERR_DEPTH;
    asn1_reader_init(&r, p, len);
    while (r.left) {
        if ((st = asn1_read_tlv(&r, &t)) != ASN1_OK)
            return st;
        if (t.constructed && (st = check_level(t.value, t.len, depth + 1, max_depth)) != ASN1_OK)
            return st;
    }
    return ASN1_OK;
}

asn1_status asn1_check_structure(const uint8_t *p, size_t len, unsigned max_depth)
{
    asn1_reader r;
    asn1_tlv t;
    asn1_status st;

    asn1_reader_init(&r, p, len);
    if ((st = asn1_read_tlv(&r, &t)) != ASN1_OK)
        return st;
    if (r.left)
        return ASN1_ERR_TRAILING_DATA;
    if (t.constructed)
        return check_level(t.value, t.len, 1, max_depth);
    return ASN1_OK;
}

asn1_status asn1_decode_int64(const uint8_t *v, size_t len, int64_t *out)
{
    uint64_t u;

    *out = 0;
    if (len == 0)
        return ASN1_ERR_INTEGER_ENCODING;
    /* DER: the first nine bits are never all equal. */
    if (len > 1 && ((v[0] == 0x00 && !(v[1] & 0x80)) || (v[0] == 0xff && (v[1] & 0x80))))
        return ASN1_ERR_INTEGER_ENCODING;
    if (len > 8)
        return ASN1_ERR_INTEGER_RANGE;
    u = (v[0] & 0x80) ? UINT64_MAX : 0;
    for (size_t i = 0; i < len; i++)
        u = (u << 8) | v[i];
    /* Two's complement back to signed without implementation-defined conversion. */
    *out = (u > (uint64_t)INT64_MAX) ? -(int64_t)(~u) - 1 : (int64_t)u;
    return ASN1_OK;
}

asn1_status asn1_decode_int32(const uint8_t *v, size_t len, int32_t *out)
{
    int64_t x;
    asn1_status st = asn1_decode_int64(v, len, &x);

    *out = 0;
    if (st != ASN1_OK)
        return st;
    if (x < INT32_MIN || x > INT32_MAX)
        return ASN1_ERR_INTEGER_RANGE;
    *out = (int32_t)x;
    return ASN1_OK;
}

asn1_status asn1_decode_uint32(const uint8_t *v, size_t len, uint32_t *out)
{
    int64_t x;
    asn1_status st = asn1_decode_int64(v, len, &x);

    *out = 0;
    if (st != ASN1_OK)
        return st;
    if (x < 0 || x > (int64_t)UINT32_MAX)
        return ASN1_ERR_INTEGER_RANGE;
    *out = (uint32_t)x;
    return ASN1_OK;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (the era/day-of-era method: 400-year cycles of 146097 days). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

static int digits(const uint8_t *v, size_t n, unsigned *out)
{
    unsigned x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return 0;
        x = x * 10 + (unsigned)(v[i] - '0');
    }
    *out = x;
    return 1;
}

#define TIME_MIN (-62167219200LL)        /* 0000-01-01T00:00:00Z */
#define TIME_MAX (253402300799LL)        /* 9999-12-31T23:59:59Z */

asn1_status asn1_decode_time(const uint8_t *v, size_t len, int64_t *out)
{
    unsigned y, mo, d, h, mi, s;

    *out = 0;
    /* RFC 4120 5.2.3: no fractional seconds, always Z. */
    if (len != 15 || v[14] != 'Z' || !digits(v, 4, &y) || !digits(v + 4, 2, &mo) || !digits(v + 6, 2, &d) ||
        !digits(v + 8, 2, &h) || !digits(v + 10, 2, &mi) || !digits(v + 12, 2, &s))
        return ASN1_ERR_BAD_TIME;
    /* No leap second: a KerberosTime is a POSIX time and must round-trip through one. */
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 59)
        return ASN1_ERR_BAD_TIME;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return ASN1_OK;
}

asn1_status asn1_decode_flags(const uint8_t *v, size_t len, uint32_t *out)
{
    *out = 0;
    /* RFC 4120 5.2.8: KerberosFlags are sent as 32 bits at least; we accept exactly 32 (no unused bits). */
    if (len != 5 || v[0] != 0)
        return ASN1_ERR_BAD_BIT_STRING;
    *out = (uint32_t)v[1] << 24 | (uint32_t)v[2] << 16 | (uint32_t)v[3] << 8 | v[4];
    return ASN1_OK;
}

asn1_status asn1_check_string(const uint8_t *v, size_t len)
{
    return (len && memchr(v, 0, len)) ? ASN1_ERR_BAD_STRING : ASN1_OK;
}

void asn1_wipe(void *p, size_t n)
{
    volatile uint8_t *q = p;
    while (n--)
        *q++ = 0;
}

void asn1_wbuf_init(asn1_wbuf *w, size_t max)
{
    memset(w, 0, sizeof(*w));
    w->max = max;
}

void asn1_wbuf_free(asn1_wbuf *w)
{
    if (w->data) {
        asn1_wipe(w->data, w->cap);
        free(w->data);
    }
    memset(w, 0, sizeof(*w));
}

/* Room for n more bytes; a grown buffer replaces the old one, which is wiped before it is freed. */
static int reserve(asn1_wbuf *w, size_t n)
{
    size_t need, cap;
    uint8_t *bigger;

    if (w->error != ASN1_OK)
        return 0;
    if (n > w->max - w->len) {
        w->error = ASN1_ERR_TOO_LARGE;
        return 0;
    }
    need = w->len + n;
    if (need <= w->cap)
        return 1;
    cap = w->cap ? w->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (cap > w->max)
        cap = w->max;
    if (!(bigger = malloc(cap))) {
        w->error = ASN1_ERR_NO_MEMORY;
        return 0;
    }
    if (w->data) {
        memcpy(bigger, w->data, w->len);
        asn1_wipe(w->data, w->cap);
        free(w->data);
    }
    w->data = bigger;
    w->cap = cap;
    return 1;
}

void asn1_write_bytes(asn1_wbuf *w, const void *p, size_t n)
{
    if (!reserve(w, n))
        return;
    if (n)
        memcpy(w->data + w->len, p, n);
    w->len += n;
}

static uint8_t identifier(uint8_t cls, int constructed, uint8_t tag)
{
    return (uint8_t)(cls << 6 | (constructed ? 0x20 : 0) | (tag & 0x1f));
}

size_t asn1_write_open(asn1_wbuf *w, uint8_t cls, uint8_t tag)
{
    uint8_t hdr[2] = {identifier(cls, 1, tag), 0};
    asn1_write_bytes(w, hdr, 2);
    return w->len;
}

/* Length octets of len in DER's minimal form; returns how many. */
static size_t length_octets(size_t len, uint8_t out[5])
{
    size_t n = 0;
    if (len < 0x80) {
        out[0] = (uint8_t)len;
        return 1;
    }
    for (size_t x = len; x; x >>= 8)
        n++;
    out[0] = (uint8_t)(0x80 | n);
    for (size_t i = 0; i < n; i++)
        out[1 + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
    return n + 1;
}

void asn1_write_close(asn1_wbuf *w, size_t start)
{
    uint8_t lenbuf[5];
    size_t content, n;

    if (w->error != ASN1_OK)
        return;
    content = w->len - start;
    if (content > 0xffffffffu) {
        w->error = ASN1_ERR_TOO_LARGE;
        return;
    }
    n = length_octets(content, lenbuf);
    if (n > 1) {
        /* The placeholder held one octet: move the contents up to make room for the long form. */
        if (!reserve(w, n - 1))
            return;
        memmove(w->data + start + n - 1, w->data + start, content);
        w->len += n - 1;
    }
    memcpy(w->data + start - 1, lenbuf, n);
}

void asn1_write_primitive(asn1_wbuf *w, uint8_t tag, const void *p, size_t n)
{
    uint8_t hdr[6];
    size_t k;

    if (n > 0xffffffffu) {
        if (w->error == ASN1_OK)
            w->error = ASN1_ERR_TOO_LARGE;
        return;
    }
    hdr[0] = identifier(ASN1_CLASS_UNIVERSAL, 0, tag);
    k = length_octets(n, hdr + 1);
    asn1_write_bytes(w, hdr, k + 1);
    asn1_write_bytes(w, p, n);
}

void asn1_write_int64(asn1_wbuf *w, int64_t v)
{
    uint8_t be[8];
    uint64_t u = (uint64_t)v;
    size_t i = 0;

    for (int k = 0; k < 8; k++)
        be[k] = (uint8_t)(u >> (8 * (7 - k)));
    /* Drop leading octets while the next one's top bit still carries the sign. */
    while (i < 7 && ((be[i] == 0x00 && !(be[i + 1] & 0x80)) || (be[i] == 0xff && (be[i + 1] & 0x80))))
        i++;
    asn1_write_primitive(w, ASN1_TAG_INTEGER, be + i, 8 - i);
}

void asn1_write_time(asn1_wbuf *w, int64_t t)
{
    char s[16];
    int64_t y, days, rem;
    unsigned m, d, h, mi, sec;

    if (t < TIME_MIN || t > TIME_MAX) {
        if (w->error == ASN1_OK)
            w->error = ASN1_ERR_INVALID_VALUE;
        return;
    }
    days = t / 86400;
    rem = t % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    civil_from_days(days, &y, &m, &d);
    h = (unsigned)(rem / 3600);
    mi = (unsigned)(rem / 60 % 60);
    sec = (unsigned)(rem % 60);
    unsigned parts[6] = {(unsigned)y, m, d, h, mi, sec};
    size_t pos = 0;
    for (int i = 0; i < 6; i++) {
        unsigned width = i == 0 ? 4 : 2, x = parts[i];
        for (unsigned k = width; k > 0; k--) {
            s[pos + k - 1] = (char)('0' + x % 10);
            x /= 10;
        }
        pos += width;
    }
    s[14] = 'Z';
    asn1_write_primitive(w, ASN1_TAG_GENERALIZED_TIME, s, 15);
}

void asn1_write_flags(asn1_wbuf *w, uint32_t flags)
{
    uint8_t v[5] = {0, (uint8_t)(flags >> 24), (uint8_t)(flags >> 16), (uint8_t)(flags >> 8), (uint8_t)flags};
    asn1_write_primitive(w, ASN1_TAG_BIT_STRING, v, 5);
}
