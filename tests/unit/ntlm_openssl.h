/* Test-only: the ntlm_crypto interface on OpenSSL 3 (MD4 and DES from its legacy provider), for the native NTLM
 * tests. */
#ifndef LSAEMU_TESTS_NTLM_OPENSSL_H
#define LSAEMU_TESTS_NTLM_OPENSSL_H

#include "ntlm_crypto.h"

/* Loads the default and legacy providers once; returns the interface, or NULL when MD4 or DES is unavailable. */
const ntlm_crypto *ntlm_openssl_crypto(void);

#endif
