/* RFC 3961 section 5.1 n-fold: stretch or shrink in_len bytes to out_len bytes. */
#ifndef LSAEMU_KRB5_NFOLD_H
#define LSAEMU_KRB5_NFOLD_H

#include <stddef.h>
#include <stdint.h>

/* Both lengths must be non-zero and at most KRB5_NFOLD_MAX (the constants Kerberos folds are short). Returns 0, or
 * -1 on a length out of range. */
#define KRB5_NFOLD_MAX 256
int krb5_nfold(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len);

#endif
