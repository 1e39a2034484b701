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

#include "lsa_wire.h"

#define LSA_SERVER_PREFIX_SIZE 16u
#define LSA_SERVER_REPLY_HEADER 8u
/* The fast channel. A connection's first request may be the prefix alone with grant size LSA_SERVER_FAST_OPEN: the
 * server then makes a shared section of LSA_SERVER_FAST_SIZE bytes and two auto-reset events (request, reply),
 * duplicates them into the client, and answers with LSA_SERVER_FAST_OPEN_REPLY bytes: u32 LSA_SERVER_FAST_MAGIC, u32
 * the section's size, u64 each the section, request event and reply event handles in the client. A request then
 * goes into the section (u32 length at offset 0, the bytes at LSA_SERVER_FAST_HEADER) with the request event set,
 * and its reply comes back there (u32 length at offset 4, the bytes at LSA_SERVER_FAST_HEADER +
 * LSA_SERVER_FAST_REQUEST) with the reply event set: under Wine 8 an event round trip between two processes costs a
 * third of a pipe transaction (measured 52-55 us against 151-185 us). The framing of requests and replies is the
 * pipe's; a request too large for the section goes over the pipe, a reply too large comes over the pipe
 * (LSA_SERVER_FAST_ON_PIPE), and a connection the server ends says so (LSA_SERVER_FAST_GONE). The client watches
 * the server's process while it waits; the server copies a request out of the section before it reads a byte. */
#define LSA_SERVER_FAST_OPEN 0xFFFFFFFFu
#define LSA_SERVER_FAST_MAGIC 0x5346534Cu /* "LSFS" */
#define LSA_SERVER_FAST_OPEN_REPLY 32u
#define LSA_SERVER_FAST_HEADER 64u
#define LSA_SERVER_FAST_REQUEST (8u * 1024u)
#define LSA_SERVER_FAST_REPLY (72u * 1024u)
#define LSA_SERVER_FAST_SIZE (LSA_SERVER_FAST_HEADER + LSA_SERVER_FAST_REQUEST + LSA_SERVER_FAST_REPLY)
#define LSA_SERVER_FAST_ON_PIPE 0xFFFFFFFFu
#define LSA_SERVER_FAST_GONE 0xFFFFFFFEu

#define LSA_SERVER_DEFAULT_PIPE L"\\\\.\\pipe\\lsaemu-lsa"
#define LSA_SERVER_PIPE_ENV L"LSAEMU_SERVER_PIPE"
#define LSA_SERVER_EXE L"lsaemu_lsass.exe"
#define LSA_SERVER_NAME_MAX 256

/* The pipe name: LSAEMU_SERVER_PIPE, else LSA_SERVER_DEFAULT_PIPE. FALSE when the variable is too long or does not
 * start with \\.\pipe\ (reported by the caller). */
BOOL lsa_server_pipe_name(WCHAR name[LSA_SERVER_NAME_MAX]);

/* A connection of the client side: the pipe, and the fast channel when the server gave one. */
typedef struct lsa_server_conn {
    HANDLE pipe;
    uint8_t *view;                  /* the channel's section mapped here; NULL: the pipe alone */
    HANDLE section, request, reply; /* the channel's handles the server gave us */
    HANDLE server;                  /* the server's process, watched while waiting in the channel */
} lsa_server_conn;

/* transport_server_fast.c. Ask for the channel on a new connection (without one it keeps to the pipe); close it;
 * whether a request frame of this length goes through it; one round trip through it, the reply frame's first part
 * in *reply (first bytes at most when it came over the pipe, *more then says whether more follows there). FALSE:
 * the connection is broken (the server died or ended it). */
void lsa_server_fast_open(lsa_server_conn *c);
void lsa_server_fast_close(lsa_server_conn *c);
BOOL lsa_server_fast_fits(const lsa_server_conn *c, size_t frame_len);
BOOL lsa_server_fast_transact(lsa_server_conn *c, const uint8_t *frame, size_t len, lsa_wbuf *reply, DWORD first,
                              BOOL *more);

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
