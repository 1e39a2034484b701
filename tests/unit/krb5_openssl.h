/* Test-only OpenSSL implementation of the Kerberos crypto primitives (krb5_primitives.h). */
#ifndef LSAEMU_TESTS_KRB5_OPENSSL_H
#define LSAEMU_TESTS_KRB5_OPENSSL_H

#include "krb5_primitives.h"

/* The primitives; loads OpenSSL 3's default and legacy providers (MD4) on first use. */
const krb5_primitives *krb5_openssl_primitives(void);

#endif
