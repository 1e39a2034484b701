/* What the test-side Kerberos message builders (krb5_fake_kdc.c, krb5_ticket_builder.c) share: a step that should
 * not fail aborts with what failed and where, and the small values they spell messages with. Test code only. */
#ifndef LSAEMU_TESTS_KRB5_BUILD_UTIL_H
#define LSAEMU_TESTS_KRB5_BUILD_UTIL_H

#include <stdint.h>

#include "krb5_asn1.h"

/* Aborts (after a line on stderr naming who, the expression and where) unless ok. */
void k5b_need(int ok, const char *who, const char *expr, const char *file, int line);
#define K5B_NEED(who, x) k5b_need((x) ? 1 : 0, who, #x, __FILE__, __LINE__)

/* s as octets (pointing at s, its NUL left out). */
k5_octets k5b_str(const char *s);

/* A PrincipalName of type with component c0, and c1 when not NULL (the items allocated in a). */
k5_principal_name k5b_name(k5_arena *a, int32_t type, const char *c0, const char *c1);

#endif
