/* Raw connections to the LSA server's pipe, as any program of the prefix could open them, speaking the server
 * transport's framing (src/transport/transport_server_internal.h) by hand: for the tests that send what our client
 * stubs never would. */
#ifndef LSAEMU_TESTS_LSA_SERVER_RAW_H
#define LSAEMU_TESTS_LSA_SERVER_RAW_H

#include <windows.h>
#include <string.h>

#include "lsa_wire.h"

#define RAW_PREFIX 16u       /* thread id, grant size, grant address */
#define RAW_REPLY_HEADER 8u  /* the placement section's length, 0 */

static inline HANDLE open_server_pipe(void)
{
    WCHAR name[256];
    DWORD mode = PIPE_READMODE_MESSAGE;
    HANDLE pipe;
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", name, ARRAYSIZE(name));
    if (!n || n >= ARRAYSIZE(name))
        lstrcpyW(name, L"\\\\.\\pipe\\lsaemu-lsa");
    pipe = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (pipe == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PIPE_BUSY && WaitNamedPipeW(name, 5000))
        pipe = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (pipe == INVALID_HANDLE_VALUE)
        return NULL;
    if (!SetNamedPipeHandleState(pipe, &mode, NULL, NULL)) {
        CloseHandle(pipe);
        return NULL;
    }
    return pipe;
}

static inline void raw_put32(BYTE *p, DWORD v)
{
    p[0] = (BYTE)v, p[1] = (BYTE)(v >> 8), p[2] = (BYTE)(v >> 16), p[3] = (BYTE)(v >> 24);
}

static inline DWORD raw_get32(const BYTE *p)
{
    return p[0] | (DWORD)p[1] << 8 | (DWORD)p[2] << 16 | (DWORD)p[3] << 24;
}

typedef struct raw_reply {
    BYTE data[8192];
    DWORD got;
    const BYTE *wire;      /* the wire message (or 4-byte status message) */
    DWORD wire_len;
    const BYTE *section;   /* the placement section */
    DWORD section_len;
} raw_reply;

/* Send q (its ptr_size as set, call id as set) with a grant of this address and size (0, 0: none) from the calling
 * thread; split the reply. FALSE when the pipe failed or the reply does not have the framing's shape. */
static inline BOOL raw_call(HANDLE pipe, const lsa_wire_request *q, ULONGLONG grant, DWORD grant_size,
                            raw_reply *r)
{
    BYTE request[1024];
    lsa_wbuf msg;
    BOOL ok;
    DWORD section;
    lsa_wbuf_init(&msg, 0);
    if (lsa_wire_encode_request(q, &msg) != LSA_WIRE_OK || msg.len + RAW_PREFIX > sizeof(request)) {
        lsa_wbuf_free(&msg);
        return FALSE;
    }
    raw_put32(request, GetCurrentThreadId());
    raw_put32(request + 4, grant_size);
    raw_put32(request + 8, (DWORD)grant);
    raw_put32(request + 12, (DWORD)(grant >> 32));
    memcpy(request + RAW_PREFIX, msg.data, msg.len);
    memset(r, 0, sizeof(*r));
    ok = TransactNamedPipe(pipe, request, (DWORD)(msg.len + RAW_PREFIX), r->data, sizeof(r->data), &r->got, NULL);
    lsa_wbuf_free(&msg);
    if (!ok || r->got < RAW_REPLY_HEADER)
        return FALSE;
    section = raw_get32(r->data);
    if (section > r->got - RAW_REPLY_HEADER)
        return FALSE;
    r->wire = r->data + RAW_REPLY_HEADER;
    r->wire_len = r->got - RAW_REPLY_HEADER - section;
    r->section = r->wire + r->wire_len;
    r->section_len = section;
    return TRUE;
}

#endif
