/* The core's side of one message-mode pipe end: wait for a whole request, hand it to lsa_core_handle() as the caller
 * the transport names, write the reply. Shared by the in-process pipe transport's core threads
 * (transport_pipe_channel.c) and the LSA server's connection threads (src/server). */
#include "transport_pipe_internal.h"
#include "lsa_core.h"

#include <string.h>

/* Start reading the next request into request (its first chunk and the transport's prefix). FALSE: the pipe is
 * broken. */
static BOOL start_read(HANDLE h, OVERLAPPED *ov, lsa_wbuf *request, size_t prefix_len, DWORD *err)
{
    BOOL ok;
    lsa_wbuf_reset(request);
    if (!lsa_pipe_wbuf_reserve(request, LSA_PIPE_FIRST_CHUNK + prefix_len))
        return FALSE;
    ok = ReadFile(h, request->data, (DWORD)(LSA_PIPE_FIRST_CHUNK + prefix_len), NULL, ov);
    *err = ok ? ERROR_SUCCESS : GetLastError();
    return ok || *err == ERROR_IO_PENDING || *err == ERROR_MORE_DATA;
}

/* Never leave a read pending on an OVERLAPPED the caller is about to free. */
static pipe_request_result abandon_read(HANDLE h, OVERLAPPED *ov)
{
    DWORD got;
    CancelIoEx(h, ov);
    GetOverlappedResult(h, ov, &got, TRUE);
    return PIPE_REQUEST_STOP;
}

/* The read is over: take the prefix off and read the rest of the message. */
static pipe_request_result complete_read(HANDLE h, OVERLAPPED *ov, lsa_wbuf *request, size_t prefix_len,
                                         uint8_t *prefix)
{
    DWORD got = 0;
    BOOL ok = GetOverlappedResult(h, ov, &got, TRUE);
    pipe_msg_result r;
    if (!ok && GetLastError() != ERROR_MORE_DATA)
        return PIPE_REQUEST_STOP;
    if (got < prefix_len)
        return PIPE_REQUEST_STOP; /* the peer broke framing */
    if (prefix_len) {
        /* The transport's own prefix goes; the wire message then starts the buffer, as the codec wants. */
        memcpy(prefix, request->data, prefix_len);
        memmove(request->data, request->data + prefix_len, got - prefix_len);
        lsa_wire_wipe(request->data + got - prefix_len, prefix_len);
    }
    request->len = got - prefix_len;
    r = lsa_pipe_finish_message(h, ov, request, !ok);
    if (r == PIPE_MSG_OK)
        return PIPE_REQUEST_READY;
    return r == PIPE_MSG_NOMEM ? PIPE_REQUEST_NOMEM : PIPE_REQUEST_STOP;
}

pipe_request_result lsa_pipe_wait_request(HANDLE h, OVERLAPPED *ov, lsa_wbuf *request, size_t prefix_len,
                                          uint8_t *prefix, BOOL (*idle)(void *), void *ctx)
{
    DWORD err;
    if (!start_read(h, ov, request, prefix_len, &err))
        return PIPE_REQUEST_STOP;
    if (err == ERROR_IO_PENDING) {
        for (;;) {
            DWORD w = WaitForSingleObject(ov->hEvent, idle ? lsa_pipe_idle_ms() : INFINITE);
            if (w == WAIT_OBJECT_0)
                break;
            if (w == WAIT_TIMEOUT && !idle(ctx))
                continue; /* a client holds the channel: its request is on the way */
            /* Told to stop (the client end is closed, so the read ends) or the wait failed. */
            return abandon_read(h, ov);
        }
    }
    return complete_read(h, ov, request, prefix_len, prefix);
}

pipe_request_result lsa_pipe_wait_request_or(HANDLE h, OVERLAPPED *ov, lsa_wbuf *request, size_t prefix_len,
                                             uint8_t *prefix, HANDLE other, BOOL *reading)
{
    HANDLE both[2] = { ov->hEvent, other };
    DWORD err, w;
    if (!*reading) {
        if (!start_read(h, ov, request, prefix_len, &err))
            return PIPE_REQUEST_STOP;
        *reading = TRUE;
    }
    w = WaitForMultipleObjects(2, both, FALSE, INFINITE);
    if (w == WAIT_OBJECT_0 + 1)
        return PIPE_REQUEST_OTHER; /* the read stays pending, and the buffer with it */
    *reading = FALSE;
    if (w != WAIT_OBJECT_0)
        return abandon_read(h, ov);
    return complete_read(h, ov, request, prefix_len, prefix);
}

BOOL lsa_pipe_send_status(HANDLE h, OVERLAPPED *ov, NTSTATUS status)
{
    uint32_t v = (uint32_t)status;
    uint8_t msg[LSA_PIPE_STATUS_MESSAGE_SIZE] = {
        (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)
    };
    return lsa_pipe_write(h, ov, msg, sizeof(msg));
}

BOOL lsa_pipe_serve_request(HANDLE h, OVERLAPPED *ov, const lsa_core_caller *caller, lsa_wbuf *request,
                            lsa_wbuf *reply)
{
    BOOL ok;
    if (!lsa_core_handle(caller, request->data, request->len, reply))
        ok = lsa_pipe_send_status(h, ov, STATUS_NO_MEMORY);
    else if (reply->len < LSA_WIRE_HEADER_SIZE || reply->len > LSA_WIRE_MAX_MESSAGE)
        ok = FALSE; /* the core broke its contract; a closed channel is the only honest answer */
    else
        ok = lsa_pipe_write(h, ov, reply->data, (DWORD)reply->len);
    /* A rare huge message should not pin megabytes per channel (lsa_wbuf_free wipes; smaller buffers are wiped after
     * each message by the caller). */
    if (request->cap > LSA_PIPE_KEEP_BUFFER)
        lsa_wbuf_free(request);
    if (reply->cap > LSA_PIPE_KEEP_BUFFER)
        lsa_wbuf_free(reply);
    return ok;
}

NTSTATUS lsa_pipe_check_reply(const lsa_wbuf *reply, BOOL *channel_ok)
{
    lsa_wire_header hdr;
    *channel_ok = TRUE;
    if (reply->len == LSA_PIPE_STATUS_MESSAGE_SIZE) {
        const uint8_t *p = reply->data;
        uint32_t v = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        if (v >= 0xC0000000u) /* only errors travel this way: success must bring a reply */
            return (NTSTATUS)v;
    } else if (lsa_wire_decode_header(reply->data, reply->len, &hdr) == LSA_WIRE_OK && hdr.length == reply->len) {
        return STATUS_SUCCESS;
    }
    *channel_ok = FALSE;
    return STATUS_PORT_DISCONNECTED;
}
