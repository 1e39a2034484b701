/* Serialiser: the exact inverse of kcc_parse for everything it accepts (a parsed file writes back byte for byte).
 * Sizes are summed with overflow checks first; the writer then never runs past the size it computed. */
#include <string.h>

#include "kcc.h"

typedef struct {
    uint8_t *out; /* NULL while only measuring */
    size_t pos;
    int overflow;
} writer;

static void put(writer *w, const void *bytes, size_t length)
{
    if (length > SIZE_MAX - w->pos) {
        w->overflow = 1;
        return;
    }
    if (w->out && length)
        memcpy(w->out + w->pos, bytes, length);
    w->pos += length;
}

static void put_u8(writer *w, uint8_t v)
{
    put(w, &v, 1);
}

static void put_u16(writer *w, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    put(w, b, sizeof(b));
}

static void put_u32(writer *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    put(w, b, sizeof(b));
}

static void put_data(writer *w, const kcc_data *d)
{
    put_u32(w, d->length);
    put(w, d->bytes, d->length);
}

static void put_principal(writer *w, const kcc_principal *p)
{
    put_u32(w, p->name_type);
    put_u32(w, p->count);
    put_data(w, &p->realm);
    for (uint32_t i = 0; i < p->count; i++)
        put_data(w, &p->components[i]);
}

static void put_typed_list(writer *w, const kcc_typed_data *list, uint32_t count)
{
    put_u32(w, count);
    for (uint32_t i = 0; i < count; i++) {
        put_u16(w, list[i].type);
        put_data(w, &list[i].value);
    }
}

static void put_cred(writer *w, uint16_t version, const kcc_cred *c)
{
    put_principal(w, &c->client);
    put_principal(w, &c->server);
    put_u16(w, c->enctype);
    if (version == KCC_VERSION_3)
        put_u16(w, c->enctype);
    put_data(w, &c->key);
    put_u32(w, c->authtime);
    put_u32(w, c->starttime);
    put_u32(w, c->endtime);
    put_u32(w, c->renew_till);
    put_u8(w, c->is_skey);
    put_u32(w, c->ticket_flags);
    put_typed_list(w, c->addresses, c->address_count);
    put_typed_list(w, c->authdata, c->authdata_count);
    put_data(w, &c->ticket);
    put_data(w, &c->second_ticket);
}

static int principal_valid(const kcc_principal *p)
{
    return p->count <= KCC_MAX_COMPONENTS && (!p->count || p->components);
}

/* What the parser would refuse is refused here too, so whatever we write reads back. */
static kcc_status check(const kcc_cache *cache, size_t *header_length)
{
    if (cache->version != KCC_VERSION_3 && cache->version != KCC_VERSION_4)
        return KCC_E_VERSION;
    if (cache->version == KCC_VERSION_3 && cache->field_count)
        return KCC_E_HEADER;
    size_t total = 0;
    for (uint32_t i = 0; i < cache->field_count; i++) {
        const kcc_header_field *f = &cache->fields[i];
        if (f->value.length > UINT16_MAX || (f->tag == KCC_TAG_KDC_OFFSET && f->value.length != 8))
            return KCC_E_HEADER;
        total += 4 + f->value.length;
        if (total > UINT16_MAX)
            return KCC_E_TOO_BIG;
    }
    *header_length = total;
    if (!principal_valid(&cache->default_principal) || (cache->cred_count && !cache->creds))
        return KCC_E_ARGUMENT;
    for (size_t i = 0; i < cache->cred_count; i++) {
        const kcc_cred *c = &cache->creds[i];
        if (!principal_valid(&c->client) || !principal_valid(&c->server) || c->address_count > KCC_MAX_LIST ||
            c->authdata_count > KCC_MAX_LIST || (c->address_count && !c->addresses) ||
            (c->authdata_count && !c->authdata))
            return KCC_E_COUNT;
        if (c->is_skey > 1)
            return KCC_E_BAD_FIELD;
    }
    return KCC_OK;
}

static kcc_status emit(const kcc_cache *cache, writer *w)
{
    size_t header_length = 0;
    kcc_status s = check(cache, &header_length);

    if (s != KCC_OK)
        return s;
    put_u16(w, cache->version);
    if (cache->version == KCC_VERSION_4) {
        put_u16(w, (uint16_t)header_length);
        for (uint32_t i = 0; i < cache->field_count; i++) {
            put_u16(w, cache->fields[i].tag);
            put_u16(w, (uint16_t)cache->fields[i].value.length);
            put(w, cache->fields[i].value.bytes, cache->fields[i].value.length);
        }
    }
    put_principal(w, &cache->default_principal);
    for (size_t i = 0; i < cache->cred_count; i++)
        put_cred(w, cache->version, &cache->creds[i]);
    return w->overflow ? KCC_E_TOO_BIG : KCC_OK;
}

kcc_status kcc_serialized_size(const kcc_cache *cache, size_t *size)
{
    writer w = {NULL, 0, 0};
    kcc_status s;

    if (!cache || !size)
        return KCC_E_ARGUMENT;
    *size = 0;
    if ((s = emit(cache, &w)) == KCC_OK)
        *size = w.pos;
    return s;
}

kcc_status kcc_serialize(const kcc_cache *cache, uint8_t *out, size_t capacity, size_t *written)
{
    size_t need;
    kcc_status s;

    if (!written || (!out && capacity))
        return KCC_E_ARGUMENT;
    *written = 0;
    if ((s = kcc_serialized_size(cache, &need)) != KCC_OK)
        return s;
    if (need > capacity)
        return KCC_E_BUFFER;
    writer w = {out, 0, 0};
    if ((s = emit(cache, &w)) != KCC_OK)
        return s;
    *written = w.pos;
    return KCC_OK;
}
