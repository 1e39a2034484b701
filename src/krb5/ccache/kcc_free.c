/* Releasing parsed or built caches. Session keys are secrets: wiped before their memory goes back. */
#include <stdlib.h>
#include <string.h>

#include "kcc.h"
#include "kcc_alloc.h"

void kcc_wipe(void *bytes, size_t length)
{
    /* Through a volatile pointer so the stores cannot be dropped as dead before KCC_FREE(). */
    volatile uint8_t *p = bytes;

    while (length--)
        *p++ = 0;
}

static void data_free(kcc_data *d)
{
    KCC_FREE(d->bytes);
    d->bytes = NULL;
    d->length = 0;
}

void kcc_principal_free(kcc_principal *p)
{
    if (!p)
        return;
    for (uint32_t i = 0; p->components && i < p->count; i++)
        data_free(&p->components[i]);
    KCC_FREE(p->components);
    data_free(&p->realm);
    memset(p, 0, sizeof(*p));
}

static void typed_list_free(kcc_typed_data *list, uint32_t count)
{
    for (uint32_t i = 0; list && i < count; i++)
        data_free(&list[i].value);
    KCC_FREE(list);
}

void kcc_cred_free(kcc_cred *cred)
{
    if (!cred)
        return;
    kcc_principal_free(&cred->client);
    kcc_principal_free(&cred->server);
    if (cred->key.bytes)
        kcc_wipe(cred->key.bytes, cred->key.length);
    data_free(&cred->key);
    typed_list_free(cred->addresses, cred->address_count);
    typed_list_free(cred->authdata, cred->authdata_count);
    data_free(&cred->ticket);
    data_free(&cred->second_ticket);
    memset(cred, 0, sizeof(*cred));
}

void kcc_cache_free(kcc_cache *cache)
{
    if (!cache)
        return;
    for (uint32_t i = 0; cache->fields && i < cache->field_count; i++)
        data_free(&cache->fields[i].value);
    KCC_FREE(cache->fields);
    kcc_principal_free(&cache->default_principal);
    for (size_t i = 0; cache->creds && i < cache->cred_count; i++)
        kcc_cred_free(&cache->creds[i]);
    KCC_FREE(cache->creds);
    memset(cache, 0, sizeof(*cache));
}
