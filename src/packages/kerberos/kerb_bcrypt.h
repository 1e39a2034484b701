/* The Kerberos enctypes' primitives (krb5_primitives.h) from Windows' bcrypt: AES-ECB/CBC, MD4/MD5, HMAC
 * MD5/SHA1/SHA256/SHA384, PBKDF2 SHA1/SHA256/SHA384 and the system RNG. A primitive whose provider the platform
 * lacks fails cleanly (returns non-zero), and the enctype that needs it reports KRB5C_ERR_CRYPTO. */
#ifndef LSAEMU_KERB_BCRYPT_H
#define LSAEMU_KERB_BCRYPT_H

#include "krb5_primitives.h"

/* The process-wide table; providers are opened on first use, once, thread-safely. */
const krb5_primitives *kerb_bcrypt_primitives(void);

#endif
