/* The ntlm_crypto interface (src/ntlm) on the platform: MD4, MD5 and HMAC-MD5 from bcrypt; DES (which Wine 8's
 * bcrypt lacks) from advapi32's SystemFunction001. */
#ifndef LSAEMU_PACKAGES_MSV1_0_NTLM_CRYPTO_H
#define LSAEMU_PACKAGES_MSV1_0_NTLM_CRYPTO_H

#include "ntlm_crypto.h"

/* The process-wide instance (providers opened on first use and kept). */
const ntlm_crypto *msv1_0_ntlm_crypto(void);

#endif
