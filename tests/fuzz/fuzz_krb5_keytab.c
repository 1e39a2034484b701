/* libFuzzer: the MIT keytab parser (src/krb5/keytab). Whatever it accepts must keep its limits (entry count,
 * components, key lengths within the input) and parse to the same entries again; then it is freed (ASan sees leaks
 * and reads past the input). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kkt_keytab a, b;

    if (kkt_parse(data, size, &a) != KKT_OK) {
        if (a.entries || a.count)
            abort();
        return 0;
    }
    if (a.count > KKT_MAX_ENTRIES || (a.version != KKT_VERSION_1 && a.version != KKT_VERSION_2))
        abort();
    for (size_t i = 0; i < a.count; i++) {
        const kkt_entry *e = &a.entries[i];
        if (e->principal.count > KCC_MAX_COMPONENTS || e->key.length > size || e->enctype < INT16_MIN ||
            e->enctype > INT16_MAX)
            abort();
    }
    if (kkt_parse(data, size, &b) != KKT_OK || b.count != a.count)
        abort();
    for (size_t i = 0; i < a.count; i++)
        if (a.entries[i].key.length != b.entries[i].key.length || a.entries[i].kvno != b.entries[i].kvno ||
            !kcc_principal_equal(&a.entries[i].principal, &b.entries[i].principal) ||
            (a.entries[i].key.length &&
             memcmp(a.entries[i].key.bytes, b.entries[i].key.bytes, a.entries[i].key.length)))
            abort();
    kkt_free(&b);
    kkt_free(&a);
    return 0;
}
