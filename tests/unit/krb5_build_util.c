/* The builders' shared helpers (krb5_build_util.h). */
#include "krb5_build_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void k5b_need(int ok, const char *who, const char *expr, const char *file, int line)
{
    if (ok)
        return;
    fprintf(stderr, "%s: %s failed (%s:%d)\n", who, expr, file, line);
    abort();
}

k5_octets k5b_str(const char *s)
{
    return (k5_octets){(uint8_t *)s, strlen(s)};
}

k5_principal_name k5b_name(k5_arena *a, int32_t type, const char *c0, const char *c1)
{
    k5_octets *items = k5_arena_alloc(a, 2 * sizeof(*items));

    K5B_NEED("krb5 builder", items);
    items[0] = k5b_str(c0);
    if (c1)
        items[1] = k5b_str(c1);
    return (k5_principal_name){3, type, {items, c1 ? 2u : 1u}};
}
