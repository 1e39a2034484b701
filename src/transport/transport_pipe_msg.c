/* Whole messages over a message-mode pipe: read a first chunk, let the header size the rest, insist the message ends
 * exactly where the header says. Shared by the client end (synchronous) and the core end (overlapped). */
#include "transport_pipe_internal.h"

#include <stdlib.h>

BOOL lsa_pipe_wbuf_reserve(lsa_wbuf *b, size_t n)
{
    /* The codec owns the buffer's allocation rules (it may start on the caller's stack). */
    return lsa_wbuf_reserve(b, n) ? TRUE : FALSE;
}

/* Wait for an overlapped operation started on h; TRUE when it completed successfully. ERROR_MORE_DATA may come
 * at once or after the wait; either way GetOverlappedResult gives the count of bytes that did arrive. */
static BOOL finish_overlapped(HANDLE h, OVERLAPPED *ov, BOOL started, DWORD *done)
{
    if (!started && GetLastError() != ERROR_IO_PENDING && GetLastError() != ERROR_MORE_DATA)
        return FALSE;
    return GetOverlappedResult(h, ov, done, TRUE);
}

BOOL lsa_pipe_read(HANDLE h, OVERLAPPED *ov, void *buf, DWORD n, DWORD *done)
{
    *done = 0;
    if (!ov)
        return ReadFile(h, buf, n, done, NULL);
    /* ReadFile and WriteFile reset ov->hEvent themselves. */
    return finish_overlapped(h, ov, ReadFile(h, buf, n, NULL, ov), done);
}

BOOL lsa_pipe_write(HANDLE h, OVERLAPPED *ov, const void *buf, DWORD n)
{
    DWORD done = 0;
    BOOL ok;
    if (!ov) {
        ok = WriteFile(h, buf, n, &done, NULL);
    } else {
        ok = finish_overlapped(h, ov, WriteFile(h, buf, n, NULL, ov), &done);
    }
    /* A message-mode write is all or nothing; a short count means the pipe is not what we think it is. */
    if (ok && done != n) {
        SetLastError(ERROR_BROKEN_PIPE);
        return FALSE;
    }
    return ok;
}

/* Read and discard the rest of the current message, so the pipe stays in step after a message we cannot hold. */
static pipe_msg_result drain(HANDLE h, OVERLAPPED *ov)
{
    uint8_t scratch[1024];
    DWORD got;
    pipe_msg_result r;
    for (;;) {
        if (lsa_pipe_read(h, ov, scratch, sizeof(scratch), &got)) {
            r = PIPE_MSG_NOMEM;
            break;
        }
        if (GetLastError() != ERROR_MORE_DATA) {
            r = PIPE_MSG_BROKEN;
            break;
        }
    }
    lsa_wire_wipe(scratch, sizeof(scratch)); /* the dropped message may have carried a password */
    return r;
}

pipe_msg_result lsa_pipe_finish_message(HANDLE h, OVERLAPPED *ov, lsa_wbuf *buf, BOOL more)
{
    lsa_wire_header hdr;
    DWORD got;
    if (!more)
        return PIPE_MSG_OK;
    /* The message is longer than the first chunk: its header must be valid and say how long, before we allocate. */
    if (lsa_wire_decode_header(buf->data, buf->len, &hdr) != LSA_WIRE_OK || hdr.length <= buf->len)
        return PIPE_MSG_PROTOCOL;
    if (!lsa_pipe_wbuf_reserve(buf, hdr.length))
        return drain(h, ov);
    while (buf->len < hdr.length) {
        BOOL ok = lsa_pipe_read(h, ov, buf->data + buf->len, (DWORD)(hdr.length - buf->len), &got);
        buf->len += got;
        if (ok)
            return buf->len == hdr.length ? PIPE_MSG_OK : PIPE_MSG_PROTOCOL; /* ended early */
        if (GetLastError() != ERROR_MORE_DATA)
            return PIPE_MSG_BROKEN;
    }
    return PIPE_MSG_PROTOCOL; /* the buffer is full and the message goes on: longer than its header says */
}
