/* The table-driven codec: one decoder and one encoder walk a type's field table (krb5_asn1_schema.h). */
#include "krb5_asn1_schema.h"

#include <stdlib.h>
#include <string.h>

struct k5_arena_block {
    struct k5_arena_block *next;
    size_t size;
    max_align_t align[]; /* the allocation itself */
};

void k5_arena_init(k5_arena *a)
{
    a->head = NULL;
}

void *k5_arena_alloc(k5_arena *a, size_t size)
{
    struct k5_arena_block *b;

    if (size > SIZE_MAX - sizeof(*b) || !(b = calloc(1, sizeof(*b) + size)))
        return NULL;
    b->size = size;
    b->next = a->head;
    a->head = b;
    return b->align;
}

void k5_arena_free(k5_arena *a)
{
    struct k5_arena_block *b = a->head, *next;

    while (b) {
        next = b->next;
        asn1_wipe(b->align, b->size);
        free(b);
        b = next;
    }
    a->head = NULL;
}

const char *k5_asn1_type_name(const k5_asn1_type *type)
{
    return type->name;
}

size_t k5_asn1_type_size(const k5_asn1_type *type)
{
    return type->size;
}

static size_t kind_size(uint8_t kind, const k5_asn1_type *sub)
{
    switch (kind) {
    case K5_INT32: return sizeof(int32_t);
    case K5_UINT32: return sizeof(uint32_t);
    case K5_USEC: return sizeof(int32_t);
    case K5_OCTETS:
    case K5_STRING: return sizeof(k5_octets);
    case K5_TIME: return sizeof(int64_t);
    case K5_FLAGS: return sizeof(uint32_t);
    case K5_STRUCT: return sub->size;
    default: return sizeof(k5_list);
    }
}

typedef struct decoder {
    k5_arena *arena;
} decoder;

static asn1_status decode_struct(decoder *d, const k5_asn1_type *type, asn1_reader *r, void *dst, unsigned depth);
static asn1_status decode_list(decoder *d, uint8_t elem, const k5_asn1_type *sub, asn1_reader *r, k5_list *dst,
                               unsigned depth);

static asn1_status decode_primitive(asn1_reader *r, uint8_t tag, asn1_tlv *t)
{
    return asn1_read_expect(r, ASN1_CLASS_UNIVERSAL, 0, tag, t);
}

/* One value of kind from r (its whole TLV). */
static asn1_status decode_value(decoder *d, uint8_t kind, uint8_t elem, const k5_asn1_type *sub, asn1_reader *r,
                                void *dst, unsigned depth)
{
    asn1_tlv t;
    asn1_status st;

    switch (kind) {
    case K5_INT32:
        if ((st = decode_primitive(r, ASN1_TAG_INTEGER, &t)) != ASN1_OK)
            return st;
        return asn1_decode_int32(t.value, t.len, dst);
    case K5_UINT32:
        if ((st = decode_primitive(r, ASN1_TAG_INTEGER, &t)) != ASN1_OK)
            return st;
        return asn1_decode_uint32(t.value, t.len, dst);
    case K5_USEC:
        if ((st = decode_primitive(r, ASN1_TAG_INTEGER, &t)) != ASN1_OK ||
            (st = asn1_decode_int32(t.value, t.len, dst)) != ASN1_OK)
            return st;
        if (*(int32_t *)dst < 0 || *(int32_t *)dst > 999999) {
            *(int32_t *)dst = 0;
            return ASN1_ERR_INTEGER_RANGE;
        }
        return ASN1_OK;
    case K5_OCTETS:
    case K5_STRING: {
        k5_octets *o = dst;
        if ((st = decode_primitive(r, kind == K5_STRING ? ASN1_TAG_GENERAL_STRING : ASN1_TAG_OCTET_STRING, &t)) !=
            ASN1_OK)
            return st;
        if (kind == K5_STRING && (st = asn1_check_string(t.value, t.len)) != ASN1_OK)
            return st;
        /* One more octet: a NUL after strings, so a zero-length value still has a non-NULL pointer. */
        if (t.len == SIZE_MAX || !(o->data = k5_arena_alloc(d->arena, t.len + 1)))
            return ASN1_ERR_NO_MEMORY;
        if (t.len)
            memcpy(o->data, t.value, t.len);
        o->len = t.len;
        return ASN1_OK;
    }
    case K5_TIME:
        if ((st = decode_primitive(r, ASN1_TAG_GENERALIZED_TIME, &t)) != ASN1_OK)
            return st;
        return asn1_decode_time(t.value, t.len, dst);
    case K5_FLAGS:
        if ((st = decode_primitive(r, ASN1_TAG_BIT_STRING, &t)) != ASN1_OK)
            return st;
        return asn1_decode_flags(t.value, t.len, dst);
    case K5_STRUCT:
        return decode_struct(d, sub, r, dst, depth);
    case K5_LIST:
        if ((st = asn1_read_expect(r, ASN1_CLASS_UNIVERSAL, 1, ASN1_TAG_SEQUENCE, &t)) != ASN1_OK)
            return st;
        asn1_reader inner;
        asn1_reader_init(&inner, t.value, t.len);
        return decode_list(d, elem, sub, &inner, dst, depth + 1);
    default:
        return ASN1_ERR_INVALID_VALUE;
    }
}

/* The elements of a SEQUENCE OF: counted first (headers checked) so the array is allocated once. */
static asn1_status decode_list(decoder *d, uint8_t elem, const k5_asn1_type *sub, asn1_reader *r, k5_list *dst,
                               unsigned depth)
{
    asn1_reader scan = *r;
    asn1_tlv t;
    asn1_status st;
    size_t count = 0, size = kind_size(elem, sub);

    if (depth > ASN1_MAX_DEPTH)
        return ASN1_ERR_DEPTH;
    while (scan.left) {
        if ((st = asn1_read_tlv(&scan, &t)) != ASN1_OK)
            return st;
        count++;
    }
    if (!count)
        return ASN1_OK;
    if (count > SIZE_MAX / size || !(dst->items = k5_arena_alloc(d->arena, count * size)))
        return ASN1_ERR_NO_MEMORY;
    dst->count = count;
    for (size_t i = 0; i < count; i++)
        if ((st = decode_value(d, elem, K5_LIST, sub, r, (uint8_t *)dst->items + i * size, depth + 1)) != ASN1_OK)
            return st;
    return ASN1_OK;
}

static asn1_status decode_struct(decoder *d, const k5_asn1_type *type, asn1_reader *r, void *dst, unsigned depth)
{
    asn1_reader seq, inner;
    asn1_tlv t;
    asn1_status st = ASN1_OK;
    uint32_t *present = dst;

    if (depth > ASN1_MAX_DEPTH)
        return ASN1_ERR_DEPTH;
    if (type->app_tag >= 0) {
        asn1_reader app;
        if ((st = asn1_read_expect(r, ASN1_CLASS_APPLICATION, 1, (uint8_t)type->app_tag, &t)) != ASN1_OK)
            return st;
        asn1_reader_init(&app, t.value, t.len);
        if ((st = asn1_read_expect(&app, ASN1_CLASS_UNIVERSAL, 1, ASN1_TAG_SEQUENCE, &t)) != ASN1_OK)
            return st;
        if (app.left)
            return ASN1_ERR_TRAILING_DATA;
        depth++;
    } else if ((st = asn1_read_expect(r, ASN1_CLASS_UNIVERSAL, 1, ASN1_TAG_SEQUENCE, &t)) != ASN1_OK) {
        return st;
    }
    asn1_reader_init(&seq, t.value, t.len);
    if (type->is_list) {
        *present = 1;
        return decode_list(d, type->fields[0].elem, type->fields[0].sub, &seq,
                           (k5_list *)((uint8_t *)dst + type->fields[0].offset), depth + 1);
    }
    for (size_t i = 0; i < type->nfields; i++) {
        const k5_field *f = &type->fields[i];
        asn1_tlv peek;
        /* Fields come in table order; a field whose tag is not next is absent (or missing, if required). */
        if (!seq.left || (st = asn1_peek_tlv(&seq, &peek)) != ASN1_OK || peek.cls != ASN1_CLASS_CONTEXT ||
            peek.tag != f->tag) {
            if (seq.left && st != ASN1_OK)
                return st;
            if (f->optional)
                continue;
            return ASN1_ERR_MISSING_FIELD;
        }
        if ((st = asn1_read_expect(&seq, ASN1_CLASS_CONTEXT, 1, f->tag, &t)) != ASN1_OK)
            return st;
        asn1_reader_init(&inner, t.value, t.len);
        if ((st = decode_value(d, f->kind, f->elem, f->sub, &inner, (uint8_t *)dst + f->offset, depth + 2)) !=
            ASN1_OK)
            return st;
        if (inner.left)
            return ASN1_ERR_TRAILING_DATA;
        *present |= 1u << f->tag;
    }
    /* Anything left is an unknown field or one out of order. */
    return seq.left ? ASN1_ERR_UNEXPECTED_TAG : ASN1_OK;
}

asn1_status k5_asn1_decode(const k5_asn1_type *type, const uint8_t *der, size_t len, k5_arena *arena, void *out)
{
    decoder d = {arena};
    asn1_reader r;
    asn1_status st;

    memset(out, 0, type->size);
    asn1_reader_init(&r, der, len);
    st = decode_struct(&d, type, &r, out, 0);
    if (st == ASN1_OK && r.left)
        st = ASN1_ERR_TRAILING_DATA;
    if (st != ASN1_OK)
        memset(out, 0, type->size);
    return st;
}

static void encode_struct(const k5_asn1_type *type, const void *src, asn1_wbuf *w);

static void fail(asn1_wbuf *w, asn1_status st)
{
    if (w->error == ASN1_OK)
        w->error = st;
}

static void encode_list(uint8_t elem, const k5_asn1_type *sub, const k5_list *l, asn1_wbuf *w);

static void encode_value(uint8_t kind, uint8_t elem, const k5_asn1_type *sub, const void *src, asn1_wbuf *w)
{
    switch (kind) {
    case K5_INT32:
        asn1_write_int64(w, *(const int32_t *)src);
        break;
    case K5_UINT32:
        asn1_write_int64(w, *(const uint32_t *)src);
        break;
    case K5_USEC: {
        int32_t v = *(const int32_t *)src;
        if (v < 0 || v > 999999)
            fail(w, ASN1_ERR_INVALID_VALUE);
        else
            asn1_write_int64(w, v);
        break;
    }
    case K5_OCTETS:
    case K5_STRING: {
        const k5_octets *o = src;
        if (o->len && !o->data)
            fail(w, ASN1_ERR_INVALID_VALUE);
        else if (kind == K5_STRING && asn1_check_string(o->data, o->len) != ASN1_OK)
            fail(w, ASN1_ERR_INVALID_VALUE);
        else
            asn1_write_primitive(w, kind == K5_STRING ? ASN1_TAG_GENERAL_STRING : ASN1_TAG_OCTET_STRING, o->data,
                                 o->len);
        break;
    }
    case K5_TIME:
        asn1_write_time(w, *(const int64_t *)src);
        break;
    case K5_FLAGS:
        asn1_write_flags(w, *(const uint32_t *)src);
        break;
    case K5_STRUCT:
        encode_struct(sub, src, w);
        break;
    case K5_LIST: {
        size_t start = asn1_write_open(w, ASN1_CLASS_UNIVERSAL, ASN1_TAG_SEQUENCE);
        encode_list(elem, sub, src, w);
        asn1_write_close(w, start);
        break;
    }
    default:
        fail(w, ASN1_ERR_INVALID_VALUE);
    }
}

static void encode_list(uint8_t elem, const k5_asn1_type *sub, const k5_list *l, asn1_wbuf *w)
{
    size_t size = kind_size(elem, sub);

    if (l->count && !l->items) {
        fail(w, ASN1_ERR_INVALID_VALUE);
        return;
    }
    for (size_t i = 0; i < l->count && w->error == ASN1_OK; i++)
        encode_value(elem, K5_LIST, sub, (const uint8_t *)l->items + i * size, w);
}

static void encode_struct(const k5_asn1_type *type, const void *src, asn1_wbuf *w)
{
    size_t app = 0, seq;
    const uint32_t *present = src;

    if (type->app_tag >= 0)
        app = asn1_write_open(w, ASN1_CLASS_APPLICATION, (uint8_t)type->app_tag);
    seq = asn1_write_open(w, ASN1_CLASS_UNIVERSAL, ASN1_TAG_SEQUENCE);
    if (type->is_list) {
        encode_list(type->fields[0].elem, type->fields[0].sub,
                    (const k5_list *)((const uint8_t *)src + type->fields[0].offset), w);
    } else {
        for (size_t i = 0; i < type->nfields && w->error == ASN1_OK; i++) {
            const k5_field *f = &type->fields[i];
            if (f->optional && !((*present >> f->tag) & 1u))
                continue;
            size_t field = asn1_write_open(w, ASN1_CLASS_CONTEXT, f->tag);
            encode_value(f->kind, f->elem, f->sub, (const uint8_t *)src + f->offset, w);
            asn1_write_close(w, field);
        }
    }
    asn1_write_close(w, seq);
    if (type->app_tag >= 0)
        asn1_write_close(w, app);
}

asn1_status k5_asn1_encode(const k5_asn1_type *type, const void *in, asn1_wbuf *w)
{
    encode_struct(type, in, w);
    return w->error;
}

/* Octet contents compared without an early exit: keys pass through here too. */
static int octets_equal(const k5_octets *a, const k5_octets *b)
{
    uint8_t diff = 0;

    if (a->len != b->len)
        return 0;
    for (size_t i = 0; i < a->len; i++)
        diff |= (uint8_t)(a->data[i] ^ b->data[i]);
    return diff == 0;
}

static int struct_equal(const k5_asn1_type *type, const void *a, const void *b);

static int list_equal(uint8_t elem, const k5_asn1_type *sub, const k5_list *a, const k5_list *b);

static int value_equal(uint8_t kind, uint8_t elem, const k5_asn1_type *sub, const void *a, const void *b)
{
    switch (kind) {
    case K5_INT32:
    case K5_USEC: return *(const int32_t *)a == *(const int32_t *)b;
    case K5_UINT32:
    case K5_FLAGS: return *(const uint32_t *)a == *(const uint32_t *)b;
    case K5_TIME: return *(const int64_t *)a == *(const int64_t *)b;
    case K5_OCTETS:
    case K5_STRING: return octets_equal(a, b);
    case K5_STRUCT: return struct_equal(sub, a, b);
    case K5_LIST: return list_equal(elem, sub, a, b);
    default: return 0;
    }
}

static int list_equal(uint8_t elem, const k5_asn1_type *sub, const k5_list *a, const k5_list *b)
{
    size_t size = kind_size(elem, sub);

    if (a->count != b->count)
        return 0;
    for (size_t i = 0; i < a->count; i++)
        if (!value_equal(elem, K5_LIST, sub, (const uint8_t *)a->items + i * size,
                         (const uint8_t *)b->items + i * size))
            return 0;
    return 1;
}

static int struct_equal(const k5_asn1_type *type, const void *a, const void *b)
{
    uint32_t pa = *(const uint32_t *)a, pb = *(const uint32_t *)b;

    for (size_t i = 0; i < type->nfields; i++) {
        const k5_field *f = &type->fields[i];
        /* A required field is there whatever its bit says (callers building a message need not set it). */
        if (f->optional && !type->is_list) {
            if (((pa ^ pb) >> f->tag) & 1u)
                return 0;
            if (!((pa >> f->tag) & 1u))
                continue;
        }
        if (!value_equal(f->kind, f->elem, f->sub, (const uint8_t *)a + f->offset, (const uint8_t *)b + f->offset))
            return 0;
    }
    return 1;
}

int k5_asn1_equal(const k5_asn1_type *type, const void *a, const void *b)
{
    return struct_equal(type, a, b);
}
