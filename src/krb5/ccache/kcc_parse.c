/* Strict parser of a whole ccache file held in memory. Every length is checked against the bytes left before it is
 * used, every count against its limit and against the smallest size its elements can take, so a hostile file cannot
 * make us read outside the input or allocate more than it could describe. */
#include <stdlib.h>
#include <string.h>

#include "kcc.h"
#include "kcc_alloc.h"
#include "kcc_reader.h"

typedef kcc_reader reader;

static kcc_status get_u8(reader *r, uint8_t *v)
{
    return kcc_read_u8(r, v) ? KCC_OK : KCC_E_TRUNCATED;
}

static kcc_status get_u16(reader *r, uint16_t *v)
{
    return kcc_read_u16(r, v) ? KCC_OK : KCC_E_TRUNCATED;
}

static kcc_status get_u32(reader *r, uint32_t *v)
{
    return kcc_read_u32(r, v) ? KCC_OK : KCC_E_TRUNCATED;
}

/* data ::= length (32 bits) value */
static kcc_status get_data(reader *r, kcc_data *d)
{
    uint32_t length;
    kcc_status s = get_u32(r, &length);

    return s != KCC_OK ? s : kcc_read_bytes(r, length, d);
}

/* A count of elements each at least min_size bytes long: refused before anything is allocated for them. */
static kcc_status check_count(const reader *r, uint32_t count, uint32_t limit, size_t min_size)
{
    if (count > limit || count > kcc_reader_left(r) / min_size)
        return KCC_E_COUNT;
    return KCC_OK;
}

static kcc_status get_principal(reader *r, kcc_principal *p)
{
    kcc_status s;

    memset(p, 0, sizeof(*p));
    if ((s = get_u32(r, &p->name_type)) != KCC_OK)
        return s;
    uint32_t count;
    if ((s = get_u32(r, &count)) != KCC_OK)
        return s;
    if ((s = get_data(r, &p->realm)) != KCC_OK)
        return s;
    if ((s = check_count(r, count, KCC_MAX_COMPONENTS, 4)) != KCC_OK)
        return s;
    if (count && !(p->components = KCC_CALLOC(count, sizeof(*p->components))))
        return KCC_E_NO_MEMORY;
    p->count = count;
    for (uint32_t i = 0; i < count; i++)
        if ((s = get_data(r, &p->components[i])) != KCC_OK)
            return s;
    return KCC_OK;
}

/* addresses and authdata: count (32 bits), then type (16 bits) + data each. */
static kcc_status get_typed_list(reader *r, kcc_typed_data **list, uint32_t *count)
{
    uint32_t n;
    kcc_status s;

    if ((s = get_u32(r, &n)) != KCC_OK)
        return s;
    if ((s = check_count(r, n, KCC_MAX_LIST, 6)) != KCC_OK)
        return s;
    if (n && !(*list = KCC_CALLOC(n, sizeof(**list))))
        return KCC_E_NO_MEMORY;
    *count = n;
    for (uint32_t i = 0; i < n; i++) {
        if ((s = get_u16(r, &(*list)[i].type)) != KCC_OK || (s = get_data(r, &(*list)[i].value)) != KCC_OK)
            return s;
    }
    return KCC_OK;
}

static kcc_status get_cred(reader *r, uint16_t version, kcc_cred *c)
{
    kcc_status s;

    memset(c, 0, sizeof(*c));
    if ((s = get_principal(r, &c->client)) != KCC_OK || (s = get_principal(r, &c->server)) != KCC_OK ||
        (s = get_u16(r, &c->enctype)) != KCC_OK)
        return s;
    if (version == KCC_VERSION_3) {
        uint16_t again;
        if ((s = get_u16(r, &again)) != KCC_OK)
            return s;
        /* Strict: MIT writes the same value twice; anything else could not be written back unchanged. */
        if (again != c->enctype)
            return KCC_E_KEYBLOCK;
    }
    if ((s = get_data(r, &c->key)) != KCC_OK || (s = get_u32(r, &c->authtime)) != KCC_OK ||
        (s = get_u32(r, &c->starttime)) != KCC_OK || (s = get_u32(r, &c->endtime)) != KCC_OK ||
        (s = get_u32(r, &c->renew_till)) != KCC_OK || (s = get_u8(r, &c->is_skey)) != KCC_OK)
        return s;
    if (c->is_skey > 1)
        return KCC_E_BAD_FIELD;
    if ((s = get_u32(r, &c->ticket_flags)) != KCC_OK ||
        (s = get_typed_list(r, &c->addresses, &c->address_count)) != KCC_OK ||
        (s = get_typed_list(r, &c->authdata, &c->authdata_count)) != KCC_OK ||
        (s = get_data(r, &c->ticket)) != KCC_OK || (s = get_data(r, &c->second_ticket)) != KCC_OK)
        return s;
    return KCC_OK;
}

/* Version 4 header: total length, then tag + length + value fields that must fill it exactly. */
static kcc_status get_header(reader *r, kcc_cache *cache)
{
    uint16_t total;
    kcc_status s;

    if ((s = get_u16(r, &total)) != KCC_OK)
        return s;
    if (total > kcc_reader_left(r))
        return KCC_E_TRUNCATED;
    reader h = {r->bytes + r->pos, total, 0, 0};
    r->pos += total;
    /* Each field takes at least 4 bytes, so total / 4 bounds the count. */
    uint32_t capacity = total / 4;
    if (capacity && !(cache->fields = KCC_CALLOC(capacity, sizeof(*cache->fields))))
        return KCC_E_NO_MEMORY;
    while (kcc_reader_left(&h)) {
        uint16_t tag, length;
        if (get_u16(&h, &tag) != KCC_OK || get_u16(&h, &length) != KCC_OK || length > kcc_reader_left(&h))
            return KCC_E_HEADER;
        if (tag == KCC_TAG_KDC_OFFSET && length != 8)
            return KCC_E_HEADER;
        kcc_header_field *f = &cache->fields[cache->field_count++];
        f->tag = tag;
        if ((s = kcc_read_bytes(&h, length, &f->value)) != KCC_OK)
            return s;
    }
    return KCC_OK;
}

static kcc_status parse(reader *r, kcc_cache *cache)
{
    kcc_status s;

    if ((s = get_u16(r, &cache->version)) != KCC_OK)
        return s;
    if (cache->version != KCC_VERSION_3 && cache->version != KCC_VERSION_4)
        return KCC_E_VERSION;
    if (cache->version == KCC_VERSION_4 && (s = get_header(r, cache)) != KCC_OK)
        return s;
    if ((s = get_principal(r, &cache->default_principal)) != KCC_OK)
        return s;
    /* The credentials run to the end of the file; there is no count. */
    size_t capacity = 0;
    while (kcc_reader_left(r)) {
        if (cache->cred_count == capacity) {
            size_t grown = capacity ? capacity * 2 : 4;
            kcc_cred *more;
            if (grown > SIZE_MAX / sizeof(*more) || !(more = KCC_REALLOC(cache->creds, grown * sizeof(*more))))
                return KCC_E_NO_MEMORY;
            cache->creds = more;
            capacity = grown;
        }
        /* Counted before it is filled so a half-parsed credential is freed with the rest. */
        kcc_cred *c = &cache->creds[cache->cred_count++];
        if ((s = get_cred(r, cache->version, c)) != KCC_OK)
            return s;
    }
    return KCC_OK;
}

kcc_status kcc_parse(const uint8_t *bytes, size_t size, kcc_cache *cache)
{
    if (!cache)
        return KCC_E_ARGUMENT;
    memset(cache, 0, sizeof(*cache));
    if (!bytes && size)
        return KCC_E_ARGUMENT;
    reader r = {bytes, size, 0, 0};
    kcc_status s = parse(&r, cache);
    if (s != KCC_OK)
        kcc_cache_free(cache);
    return s;
}
