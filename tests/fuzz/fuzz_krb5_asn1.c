/* libFuzzer: the Kerberos ASN.1 codec (src/krb5/asn1). The first byte selects the message type (an index into
 * k5_asn1_all_types, whose order is append-only so seeds keep their meaning), the rest is DER. Whatever a decoder
 * accepts must be canonical: re-encoding gives the same bytes, and the generic structure walk agrees. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "krb5_asn1.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const k5_asn1_type *type;
    k5_arena arena;
    asn1_wbuf w;
    void *msg;
    asn1_status st;

    if (size < 1)
        return 0;
    type = k5_asn1_all_types[data[0] % k5_asn1_all_types_count];
    data++;
    size--;
    if (!(msg = malloc(k5_asn1_type_size(type))))
        abort();
    k5_arena_init(&arena);
    st = k5_asn1_decode(type, data, size, &arena, msg);
    if (st == ASN1_OK) {
        if (asn1_check_structure(data, size, ASN1_MAX_DEPTH) != ASN1_OK)
            abort();
        asn1_wbuf_init(&w, size);
        if (k5_asn1_encode(type, msg, &w) != ASN1_OK || w.len != size || memcmp(w.data, data, size))
            abort();
        /* And the bytes decode to the same value again. */
        void *again = malloc(k5_asn1_type_size(type));
        if (!again || k5_asn1_decode(type, w.data, w.len, &arena, again) != ASN1_OK ||
            !k5_asn1_equal(type, msg, again))
            abort();
        free(again);
        asn1_wbuf_free(&w);
    }
    k5_arena_free(&arena);
    free(msg);
    return 0;
}
