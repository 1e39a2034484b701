/* The `server` transport's framing and names, shared by its client side (transport_server.c) and the LSA server
 * (src/server).
 *
 * Request: LSA_SERVER_PREFIX_SIZE bytes of the transport's own, then the wire message. The prefix is the calling
 * thread's id (u32), then the grant the client lends for this call's return buffers: its size (u32, 0 for none) and
 * address (u64), all little-endian. The thread id is a claim: the server accepts it only for a thread of the pipe
 * client's own process (GetNamedPipeClientProcessId), which could impersonate that thread's token itself anyway.
 *
 * Reply: LSA_SERVER_REPLY_HEADER bytes (the placement section's length, u32, then a u32 0), the wire message (or a
 * 4-byte status message, as on the pipe transport), then the placement section (src/common/lsa_placement.h): the
 * blocks the server laid out in the grant, with their bytes, which the client copies into place itself. */
#ifndef LSAEMU_TRANSPORT_SERVER_INTERNAL_H
#define LSAEMU_TRANSPORT_SERVER_INTERNAL_H

#include "lsa_windows.h"

#include <stdint.h>

#define LSA_SERVER_PREFIX_SIZE 16u
#define LSA_SERVER_REPLY_HEADER 8u
#define LSA_SERVER_DEFAULT_PIPE L"\\\\.\\pipe\\lsaemu-lsa"
#define LSA_SERVER_PIPE_ENV L"LSAEMU_SERVER_PIPE"
#define LSA_SERVER_EXE L"lsaemu_lsass.exe"
#define LSA_SERVER_NAME_MAX 256

/* The pipe name: LSAEMU_SERVER_PIPE, else LSA_SERVER_DEFAULT_PIPE. FALSE when the variable is too long or does not
 * start with \\.\pipe\ (reported by the caller). */
BOOL lsa_server_pipe_name(WCHAR name[LSA_SERVER_NAME_MAX]);

/* transport_server_blocks.c, client side. A grant for a request of this op (NULL, *size 0: the op returns no buffers,
 * or no memory); dropped when the call fails in transport; placed from the reply's section otherwise (FALSE: the
 * section is malformed, the grant is dropped and the reply must be refused). */
void *lsa_server_grant_take(uint16_t op, uint32_t *size);
void lsa_server_grant_drop(void *grant);
BOOL lsa_server_grant_place(void *grant, uint32_t size, const uint8_t *section, size_t len);
/* LsaFreeReturnBuffer of a block placed in this process: wiped, forgotten, its grant freed with its last block.
 * FALSE: not such a block (the server decides). */
BOOL lsa_server_free_local(void *address);

#endif
