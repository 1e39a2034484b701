/* The NT one-way function of a password, MD4 of its UTF-16LE bytes (through bcrypt), and a constant-time
 * comparison of two such hashes. */
#ifndef LSAEMU_PACKAGES_MSV1_0_NTOWF_H
#define LSAEMU_PACKAGES_MSV1_0_NTOWF_H

#include "pkg_win.h"

#define MSV1_0_NT_HASH_LEN 16

/* MD4 over `bytes` bytes of UTF-16LE. The caller wipes `hash` when done. */
NTSTATUS msv1_0_ntowf(const BYTE *utf16le, size_t bytes, BYTE hash[MSV1_0_NT_HASH_LEN]);

/* TRUE when equal; the time taken does not depend on where they differ. */
/* The NT hash of the empty password, MD4 of zero bytes (RFC 1320's test vector 31d6cfe0...): a constant, so the logon
 * path need not hash "" on every blank-password check. */
extern const BYTE msv1_0_empty_password_hash[MSV1_0_NT_HASH_LEN];

BOOL msv1_0_hash_equal(const BYTE a[MSV1_0_NT_HASH_LEN], const BYTE b[MSV1_0_NT_HASH_LEN]);

#endif
