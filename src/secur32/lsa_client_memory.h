/* Reading the caller's memory from the client stubs without faulting on a bad pointer or length: every byte the stubs
 * take from the caller (LSA_STRINGs and their text, submit buffers, TOKEN_GROUPS and their SIDs, TOKEN_SOURCE, LUID)
 * goes through these, so a buffer the caller cannot back answers STATUS_ACCESS_VIOLATION, as Windows' LSA answers
 * when it cannot read a client buffer, instead of crashing the caller inside our DLL. */
#ifndef LSAEMU_SECUR32_LSA_CLIENT_MEMORY_H
#define LSAEMU_SECUR32_LSA_CLIENT_MEMORY_H

#include "lsa_windows.h"

/* STATUS_SUCCESS when all of [p, p+len) is committed and readable (len 0: always), else STATUS_ACCESS_VIOLATION.
 * Allocates nothing, so a huge length costs no memory before it is refused. */
NTSTATUS lsa_client_check_read(const void *p, size_t len);

/* Copy len bytes of the caller's memory at src into dst after lsa_client_check_read; dst is untouched on failure. */
NTSTATUS lsa_client_read(void *dst, const void *src, size_t len);

#endif
