/* Building and editing a cache in memory: principals, credentials, the KDC time offset, purges and MIT's
 * configuration entries. Every function either succeeds or leaves the cache as it was. */
#include <stdlib.h>
#include <string.h>

#include "kcc.h"
#include "kcc_alloc.h"

kcc_status kcc_data_set(kcc_data *d, const void *bytes, size_t length)
{
    d->bytes = NULL;
    d->length = 0;
    if (length > UINT32_MAX || (length && !bytes))
        return KCC_E_ARGUMENT;
    if (length) {
        if (!(d->bytes = KCC_MALLOC(length)))
            return KCC_E_NO_MEMORY;
        memcpy(d->bytes, bytes, length);
    }
    d->length = (uint32_t)length;
    return KCC_OK;
}

static int data_equal(const kcc_data *a, const kcc_data *b)
{
    return a->length == b->length && (!a->length || !memcmp(a->bytes, b->bytes, a->length));
}

static int data_is(const kcc_data *d, const char *s)
{
    size_t n = strlen(s);
    return d->length == n && (!n || !memcmp(d->bytes, s, n));
}

kcc_status kcc_principal_set(kcc_principal *p, uint32_t name_type, const char *realm, size_t count,
                             const char *const *components)
{
    kcc_status s;

    if (!p)
        return KCC_E_ARGUMENT;
    memset(p, 0, sizeof(*p));
    if (!realm || count > KCC_MAX_COMPONENTS || (count && !components))
        return KCC_E_ARGUMENT;
    p->name_type = name_type;
    if ((s = kcc_data_set(&p->realm, realm, strlen(realm))) != KCC_OK)
        return s;
    if (count && !(p->components = KCC_CALLOC(count, sizeof(*p->components)))) {
        kcc_principal_free(p);
        return KCC_E_NO_MEMORY;
    }
    p->count = (uint32_t)count;
    for (size_t i = 0; i < count; i++) {
        if (!components[i] || (s = kcc_data_set(&p->components[i], components[i], strlen(components[i]))) != KCC_OK) {
            kcc_principal_free(p);
            return components[i] ? s : KCC_E_ARGUMENT;
        }
    }
    return KCC_OK;
}

kcc_status kcc_principal_copy(kcc_principal *to, const kcc_principal *from)
{
    kcc_status s;

    memset(to, 0, sizeof(*to));
    if (from->count > KCC_MAX_COMPONENTS || (from->count && !from->components))
        return KCC_E_ARGUMENT;
    to->name_type = from->name_type;
    if ((s = kcc_data_set(&to->realm, from->realm.bytes, from->realm.length)) != KCC_OK)
        return s;
    if (from->count && !(to->components = KCC_CALLOC(from->count, sizeof(*to->components)))) {
        kcc_principal_free(to);
        return KCC_E_NO_MEMORY;
    }
    to->count = from->count;
    for (uint32_t i = 0; i < from->count; i++) {
        s = kcc_data_set(&to->components[i], from->components[i].bytes, from->components[i].length);
        if (s != KCC_OK) {
            kcc_principal_free(to);
            return s;
        }
    }
    return KCC_OK;
}

int kcc_principal_equal(const kcc_principal *a, const kcc_principal *b)
{
    if (a->count != b->count || !data_equal(&a->realm, &b->realm))
        return 0;
    for (uint32_t i = 0; i < a->count; i++)
        if (!data_equal(&a->components[i], &b->components[i]))
            return 0;
    return 1;
}

static kcc_status typed_list_copy(kcc_typed_data **to, const kcc_typed_data *from, uint32_t count)
{
    kcc_status s;

    *to = NULL;
    if (!count)
        return KCC_OK;
    if (count > KCC_MAX_LIST || !from)
        return KCC_E_ARGUMENT;
    if (!(*to = KCC_CALLOC(count, sizeof(**to))))
        return KCC_E_NO_MEMORY;
    for (uint32_t i = 0; i < count; i++) {
        (*to)[i].type = from[i].type;
        if ((s = kcc_data_set(&(*to)[i].value, from[i].value.bytes, from[i].value.length)) != KCC_OK) {
            for (uint32_t j = 0; j < i; j++)
                KCC_FREE((*to)[j].value.bytes);
            KCC_FREE(*to);
            *to = NULL;
            return s;
        }
    }
    return KCC_OK;
}

static kcc_status cred_copy(kcc_cred *to, const kcc_cred *from)
{
    kcc_status s;

    memset(to, 0, sizeof(*to));
    to->enctype = from->enctype;
    to->authtime = from->authtime;
    to->starttime = from->starttime;
    to->endtime = from->endtime;
    to->renew_till = from->renew_till;
    to->is_skey = from->is_skey;
    to->ticket_flags = from->ticket_flags;
    if ((s = kcc_principal_copy(&to->client, &from->client)) != KCC_OK ||
        (s = kcc_principal_copy(&to->server, &from->server)) != KCC_OK ||
        (s = kcc_data_set(&to->key, from->key.bytes, from->key.length)) != KCC_OK ||
        (s = typed_list_copy(&to->addresses, from->addresses, from->address_count)) != KCC_OK)
        goto fail;
    to->address_count = from->address_count;
    if ((s = typed_list_copy(&to->authdata, from->authdata, from->authdata_count)) != KCC_OK)
        goto fail;
    to->authdata_count = from->authdata_count;
    if ((s = kcc_data_set(&to->ticket, from->ticket.bytes, from->ticket.length)) != KCC_OK ||
        (s = kcc_data_set(&to->second_ticket, from->second_ticket.bytes, from->second_ticket.length)) != KCC_OK)
        goto fail;
    return KCC_OK;
fail:
    kcc_cred_free(to);
    return s;
}

kcc_status kcc_add_cred(kcc_cache *cache, const kcc_cred *cred)
{
    kcc_cred copy, *more;
    kcc_status s;

    if (!cache || !cred)
        return KCC_E_ARGUMENT;
    if (cred->is_skey > 1)
        return KCC_E_BAD_FIELD;
    if (cache->cred_count >= SIZE_MAX / sizeof(*more) - 1)
        return KCC_E_TOO_BIG;
    /* Copied before the array moves: cred may be one of this cache's own credentials. */
    if ((s = cred_copy(&copy, cred)) != KCC_OK)
        return s;
    if (!(more = KCC_REALLOC(cache->creds, (cache->cred_count + 1) * sizeof(*more)))) {
        kcc_cred_free(&copy);
        return KCC_E_NO_MEMORY;
    }
    cache->creds = more;
    more[cache->cred_count++] = copy;
    return KCC_OK;
}

kcc_status kcc_find_by_server(const kcc_cache *cache, const kcc_principal *server, size_t *index)
{
    if (!cache || !server || !index)
        return KCC_E_ARGUMENT;
    for (size_t i = *index; i < cache->cred_count; i++) {
        if (kcc_principal_equal(&cache->creds[i].server, server)) {
            *index = i;
            return KCC_OK;
        }
    }
    return KCC_E_NOT_FOUND;
}

/* Drops the credentials the predicate picks, keeping the others in order. */
static size_t remove_where(kcc_cache *cache, int (*pick)(const kcc_cred *, const void *), const void *arg)
{
    size_t kept = 0, removed = 0;

    for (size_t i = 0; i < cache->cred_count; i++) {
        if (pick(&cache->creds[i], arg)) {
            kcc_cred_free(&cache->creds[i]);
            removed++;
        } else {
            if (kept != i)
                cache->creds[kept] = cache->creds[i];
            kept++;
        }
    }
    cache->cred_count = kept;
    return removed;
}

static int server_is(const kcc_cred *c, const void *server)
{
    return kcc_principal_equal(&c->server, server);
}

static int realm_is(const kcc_cred *c, const void *realm)
{
    return !kcc_is_config(c) && data_is(&c->server.realm, realm);
}

kcc_status kcc_remove_server(kcc_cache *cache, const kcc_principal *server, size_t *removed)
{
    if (!cache || !server)
        return KCC_E_ARGUMENT;
    size_t n = remove_where(cache, server_is, server);
    if (removed)
        *removed = n;
    return KCC_OK;
}

kcc_status kcc_purge_realm(kcc_cache *cache, const char *realm, size_t *removed)
{
    if (!cache || !realm)
        return KCC_E_ARGUMENT;
    size_t n = remove_where(cache, realm_is, realm);
    if (removed)
        *removed = n;
    return KCC_OK;
}

int kcc_is_config(const kcc_cred *cred)
{
    return data_is(&cred->server.realm, KCC_CONF_REALM) && cred->server.count >= 2 &&
           data_is(&cred->server.components[0], KCC_CONF_NAME);
}

/* krb5_ccache_conf_data/key[/unparsed principal]@X-CACHECONF: -- the principal as MIT writes it, name@REALM with
 * components joined by '/' (no escaping: our principals come from our own code). */
static kcc_status config_server(kcc_principal *server, const char *key, const kcc_principal *about)
{
    const char *names[3] = {KCC_CONF_NAME, key, NULL};
    char *unparsed = NULL;
    kcc_status s;

    if (about) {
        if (about->count > KCC_MAX_COMPONENTS || (about->count && !about->components))
            return KCC_E_ARGUMENT;
        /* '@', the terminator and one '/' per component at most; summed so that it cannot wrap (32-bit size_t). */
        size_t n = 2;
        if (about->realm.length > SIZE_MAX - n)
            return KCC_E_TOO_BIG;
        n += about->realm.length;
        for (uint32_t i = 0; i < about->count; i++) {
            if (about->components[i].length >= SIZE_MAX - n)
                return KCC_E_TOO_BIG;
            n += (size_t)about->components[i].length + 1;
        }
        char *at;
        if (!(unparsed = at = KCC_MALLOC(n)))
            return KCC_E_NO_MEMORY;
        for (uint32_t i = 0; i < about->count; i++) {
            if (i)
                *at++ = '/';
            if (about->components[i].length)
                memcpy(at, about->components[i].bytes, about->components[i].length);
            at += about->components[i].length;
        }
        *at++ = '@';
        if (about->realm.length)
            memcpy(at, about->realm.bytes, about->realm.length);
        at[about->realm.length] = 0;
        names[2] = unparsed;
    }
    /* Name type 1 (KRB5_NT_PRINCIPAL), as MIT's kinit writes it. */
    s = kcc_principal_set(server, 1, KCC_CONF_REALM, about ? 3 : 2, names);
    KCC_FREE(unparsed);
    return s;
}

kcc_status kcc_set_config(kcc_cache *cache, const char *key, const kcc_principal *about, const void *value,
                          size_t length)
{
    kcc_cred entry;
    kcc_status s;

    if (!cache || !key || (length && !value))
        return KCC_E_ARGUMENT;
    memset(&entry, 0, sizeof(entry));
    if ((s = config_server(&entry.server, key, about)) != KCC_OK)
        goto done;
    if ((s = kcc_principal_copy(&entry.client, &cache->default_principal)) != KCC_OK)
        goto done;
    if ((s = kcc_data_set(&entry.ticket, value, length)) != KCC_OK)
        goto done;
    size_t at = 0;
    if (kcc_find_by_server(cache, &entry.server, &at) == KCC_OK) {
        /* Replace in place: the new value takes the old entry's slot. */
        kcc_cred_free(&cache->creds[at]);
        cache->creds[at] = entry;
        return KCC_OK;
    }
    s = kcc_add_cred(cache, &entry);
done:
    kcc_cred_free(&entry);
    return s;
}

kcc_status kcc_get_config(const kcc_cache *cache, const char *key, const kcc_principal *about, const kcc_data **value)
{
    kcc_principal server;
    kcc_status s;

    if (!cache || !key || !value)
        return KCC_E_ARGUMENT;
    *value = NULL;
    if ((s = config_server(&server, key, about)) != KCC_OK)
        return s;
    size_t at = 0;
    s = kcc_find_by_server(cache, &server, &at);
    kcc_principal_free(&server);
    if (s == KCC_OK)
        *value = &cache->creds[at].ticket;
    return s;
}

kcc_status kcc_next_listed(const kcc_cache *cache, size_t *index)
{
    if (!cache || !index)
        return KCC_E_ARGUMENT;
    for (size_t i = *index; i < cache->cred_count; i++) {
        if (!kcc_is_config(&cache->creds[i])) {
            *index = i;
            return KCC_OK;
        }
    }
    return KCC_E_NOT_FOUND;
}

static kcc_header_field *find_field(const kcc_cache *cache, uint16_t tag)
{
    for (uint32_t i = 0; i < cache->field_count; i++)
        if (cache->fields[i].tag == tag)
            return &cache->fields[i];
    return NULL;
}

kcc_status kcc_get_kdc_offset(const kcc_cache *cache, int32_t *seconds, int32_t *microseconds)
{
    if (!cache || !seconds || !microseconds)
        return KCC_E_ARGUMENT;
    *seconds = *microseconds = 0;
    const kcc_header_field *f = find_field(cache, KCC_TAG_KDC_OFFSET);
    if (!f)
        return KCC_E_NOT_FOUND;
    if (f->value.length != 8)
        return KCC_E_HEADER;
    const uint8_t *b = f->value.bytes;
    *seconds = (int32_t)((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]);
    *microseconds = (int32_t)((uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 8 | b[7]);
    return KCC_OK;
}

kcc_status kcc_set_kdc_offset(kcc_cache *cache, int32_t seconds, int32_t microseconds)
{
    uint8_t b[8];
    uint32_t s = (uint32_t)seconds, us = (uint32_t)microseconds;
    kcc_data value;

    if (!cache)
        return KCC_E_ARGUMENT;
    if (cache->version != KCC_VERSION_4)
        return KCC_E_VERSION;
    for (int i = 0; i < 4; i++) {
        b[i] = (uint8_t)(s >> (24 - 8 * i));
        b[4 + i] = (uint8_t)(us >> (24 - 8 * i));
    }
    kcc_header_field *f = find_field(cache, KCC_TAG_KDC_OFFSET);
    if (f && f->value.length == 8) {
        memcpy(f->value.bytes, b, 8);
        return KCC_OK;
    }
    if (kcc_data_set(&value, b, 8) != KCC_OK)
        return KCC_E_NO_MEMORY;
    if (f) {
        KCC_FREE(f->value.bytes);
        f->value = value;
        return KCC_OK;
    }
    kcc_header_field *more = KCC_REALLOC(cache->fields, ((size_t)cache->field_count + 1) * sizeof(*more));
    if (!more) {
        KCC_FREE(value.bytes);
        return KCC_E_NO_MEMORY;
    }
    cache->fields = more;
    more[cache->field_count].tag = KCC_TAG_KDC_OFFSET;
    more[cache->field_count].value = value;
    cache->field_count++;
    return KCC_OK;
}
