/* libFuzzer: the KRB-CRED parser (src/krb5/cred). Whatever it accepts must build back into a KRB-CRED that parses to
 * the same credentials (tickets, keys, names, times, flags). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kcred.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_data(const kcc_data *a, const kcc_data *b)
{
    return a->length == b->length && (!a->length || !memcmp(a->bytes, b->bytes, a->length));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kcc_cache a, b;
    uint8_t *der;
    size_t len;

    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    if (kcred_parse(data, size, &a) != KCRED_OK) {
        if (a.cred_count || a.version)
            abort(); /* a refusal leaves the cache as it was */
        return 0;
    }
    if (!a.cred_count || kcred_build(a.creds, a.cred_count, &der, &len) != KCRED_OK)
        abort();
    if (kcred_parse(der, len, &b) != KCRED_OK || b.cred_count != a.cred_count)
        abort();
    for (size_t i = 0; i < a.cred_count; i++) {
        const kcc_cred *x = &a.creds[i], *y = &b.creds[i];
        if (!kcc_principal_equal(&x->client, &y->client) || !kcc_principal_equal(&x->server, &y->server) ||
            !same_data(&x->key, &y->key) || !same_data(&x->ticket, &y->ticket) || x->enctype != y->enctype ||
            x->endtime != y->endtime || x->ticket_flags != y->ticket_flags || x->address_count != y->address_count)
            abort();
    }
    kcred_free(der, len);
    kcc_cache_free(&b);
    kcc_cache_free(&a);
    return 0;
}
