/* Helpers for keys and MACs: a wipe the compiler cannot drop and a constant-time comparison. */
#ifndef LSAEMU_KRB5_SECRET_H
#define LSAEMU_KRB5_SECRET_H

#include <stddef.h>
#include <stdint.h>

void krb5_wipe(void *p, size_t len);

/* 1 when equal, 0 otherwise; the time taken depends only on len. */
int krb5_ct_equal(const uint8_t *a, const uint8_t *b, size_t len);

/* malloc(len) (at least 1 byte, so a zero length still yields a pointer); krb5_free_wiped wipes before free. */
uint8_t *krb5_alloc(size_t len);
void krb5_free_wiped(uint8_t *p, size_t len);

#endif
