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

/* Copy len bytes of the caller's memory at src into dst: lsa_client_check_read, then a guarded copy. On failure dst
 * may hold part of the bytes. */
NTSTATUS lsa_client_read(void *dst, const void *src, size_t len);

/* A range of the caller's memory that a guarded read may fault on. */
typedef struct lsa_client_range {
    const void *data;
    size_t len;
} lsa_client_range;

/* Run read(arg) on this thread; a read fault inside one of the ranges (checked readable before, then freed or
 * protected by another thread of the caller) abandons it and gives STATUS_ACCESS_VIOLATION. read must take no lock
 * and own nothing it cannot leave half done: it is left at the faulting instruction. */
NTSTATUS lsa_client_guarded(const lsa_client_range *ranges, size_t count, void (*read)(void *), void *arg);

/* FreeLibrary is unloading the DLL: remove the exception handler that runs this module's code. */
void lsa_client_memory_unload(void);

#endif
