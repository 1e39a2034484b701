/* The `server` transport's framing and names, shared by its client side (transport_server.c) and the LSA server
 * (src/server).
 *
 * Each request on the pipe is LSA_SERVER_PREFIX_SIZE bytes of the transport's own (the calling thread's id,
 * little-endian u32), then the wire message; replies are bare wire messages (or a 4-byte status message, as on the
 * pipe transport). The thread id is a claim: the server accepts it only for a thread of the pipe client's own process
 * (GetNamedPipeClientProcessId), which could impersonate that thread's token itself anyway. */
#ifndef LSAEMU_TRANSPORT_SERVER_INTERNAL_H
#define LSAEMU_TRANSPORT_SERVER_INTERNAL_H

#include "lsa_windows.h"

#define LSA_SERVER_PREFIX_SIZE 4u
#define LSA_SERVER_DEFAULT_PIPE L"\\\\.\\pipe\\lsaemu-lsa"
#define LSA_SERVER_PIPE_ENV L"LSAEMU_SERVER_PIPE"
#define LSA_SERVER_EXE L"lsaemu_lsass.exe"
#define LSA_SERVER_NAME_MAX 256

/* The pipe name: LSAEMU_SERVER_PIPE, else LSA_SERVER_DEFAULT_PIPE. FALSE when the variable is too long or does not
 * start with \\.\pipe\ (reported by the caller). */
BOOL lsa_server_pipe_name(WCHAR name[LSA_SERVER_NAME_MAX]);

#endif
