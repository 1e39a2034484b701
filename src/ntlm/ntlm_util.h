/* Helpers for secrets: constant-time comparison and wiping that the compiler may not drop. */
#ifndef LSAEMU_NTLM_UTIL_H
#define LSAEMU_NTLM_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* 1 when equal, 0 otherwise; the time taken depends only on len. */
int ntlm_ct_equal(const uint8_t *a, const uint8_t *b, size_t len);

/* Overwrites len bytes with zeros through a volatile pointer. */
void ntlm_wipe(void *p, size_t len);

#endif
