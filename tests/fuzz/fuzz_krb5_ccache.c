/* libFuzzer: the MIT ccache parser (src/krb5/ccache). Whatever it accepts must serialise back to exactly the input
 * (the parser keeps everything and accepts only the canonical form), and that output must parse again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kcc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kcc_cache a, b;
    uint8_t *again;
    size_t need = 0, n = 0;

    if (kcc_parse(data, size, &a) != KCC_OK)
        return 0;
    if (kcc_serialized_size(&a, &need) != KCC_OK || need != size || !(again = malloc(need ? need : 1)))
        abort();
    if (kcc_serialize(&a, again, need, &n) != KCC_OK || n != size || memcmp(again, data, size))
        abort();
    if (kcc_parse(again, n, &b) != KCC_OK || b.cred_count != a.cred_count)
        abort();
    /* The listing and the finder walk whatever was accepted. */
    for (size_t i = 0; kcc_next_listed(&b, &i) == KCC_OK; i++) {
        size_t at = 0;
        if (kcc_find_by_server(&b, &b.creds[i].server, &at) != KCC_OK || at > i)
            abort();
    }
    kcc_cache_free(&b);
    kcc_cache_free(&a);
    free(again);
    return 0;
}
