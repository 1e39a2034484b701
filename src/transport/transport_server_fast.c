/* The `server` transport's fast channel, client side (the layout: transport_server_internal.h, "The fast
 * channel"): a request goes into the section shared with the server and wakes it with an event, the reply comes back
 * there; the pipe stays for what does not fit and for the server's view of who we are. */
#include "transport_pipe_internal.h"
#include "transport_server_internal.h"
#include "lsa_le.h"

#include <string.h>

static volatile uint32_t *length_at(const lsa_server_conn *c, size_t offset)
{
    return (volatile uint32_t *)(c->view + offset);
}

void lsa_server_fast_open(lsa_server_conn *c)
{
    uint8_t ask[LSA_SERVER_PREFIX_SIZE] = { 0 }, answer[LSA_SERVER_FAST_OPEN_REPLY];
    ULONG pid = 0;
    DWORD got = 0;
    ask[4] = ask[5] = ask[6] = ask[7] = 0xff; /* grant size LSA_SERVER_FAST_OPEN, no wire message */
    if (!TransactNamedPipe(c->pipe, ask, sizeof(ask), answer, sizeof(answer), &got, NULL) || got != sizeof(answer))
        return;
    if (lsa_le_get32(answer) != LSA_SERVER_FAST_MAGIC || lsa_le_get32(answer + 4) != LSA_SERVER_FAST_SIZE)
        return; /* the server made none: the pipe serves */
    c->section = (HANDLE)(uintptr_t)lsa_le_get64(answer + 8);
    c->request = (HANDLE)(uintptr_t)lsa_le_get64(answer + 16);
    c->reply = (HANDLE)(uintptr_t)lsa_le_get64(answer + 24);
    /* While we wait in the channel, the server's death must end the wait: its process is watched with the event. */
    if (!GetNamedPipeServerProcessId(c->pipe, &pid) || !(c->server = OpenProcess(SYNCHRONIZE, FALSE, pid)) ||
        !(c->view = MapViewOfFile(c->section, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, LSA_SERVER_FAST_SIZE))) {
        lsa_server_fast_close(c);
        return;
    }
}

void lsa_server_fast_close(lsa_server_conn *c)
{
    if (c->view)
        UnmapViewOfFile(c->view);
    if (c->section)
        CloseHandle(c->section);
    if (c->request)
        CloseHandle(c->request);
    if (c->reply)
        CloseHandle(c->reply);
    if (c->server)
        CloseHandle(c->server);
    c->view = NULL;
    c->section = c->request = c->reply = c->server = NULL;
}

BOOL lsa_server_fast_fits(const lsa_server_conn *c, size_t frame_len)
{
    return c->view && frame_len <= LSA_SERVER_FAST_REQUEST;
}

BOOL lsa_server_fast_transact(lsa_server_conn *c, const uint8_t *frame, size_t len, lsa_wbuf *reply, DWORD first,
                              BOOL *more)
{
    HANDLE wait[2] = { c->reply, c->server };
    uint8_t *request_area = c->view + LSA_SERVER_FAST_HEADER;
    const uint8_t *reply_area = c->view + LSA_SERVER_FAST_HEADER + LSA_SERVER_FAST_REQUEST;
    uint32_t reply_len;
    DWORD got = 0, w;
    BOOL ok;

    *more = FALSE;
    memcpy(request_area, frame, len);
    *length_at(c, 4) = 0;
    *length_at(c, 0) = (uint32_t)len;
    if (!SetEvent(c->request))
        return FALSE;
    w = WaitForMultipleObjects(2, wait, FALSE, INFINITE);
    if (w != WAIT_OBJECT_0) {
        lsa_wire_wipe(request_area, len); /* it may carry a password; a server that answers wipes it itself */
        return FALSE; /* the server is gone */
    }
    reply_len = *length_at(c, 4);
    if (reply_len == LSA_SERVER_FAST_ON_PIPE) {
        /* Too large for the channel: the server writes it to the pipe, as it answers a pipe request. */
        ok = ReadFile(c->pipe, reply->data, first, &got, NULL);
        if (!ok && GetLastError() != ERROR_MORE_DATA)
            return FALSE;
        reply->len = got;
        *more = !ok;
        return TRUE;
    }
    if (reply_len < LSA_SERVER_REPLY_HEADER || reply_len > LSA_SERVER_FAST_REPLY ||
        !lsa_pipe_wbuf_reserve(reply, reply_len))
        return FALSE; /* LSA_SERVER_FAST_GONE (the server ended the connection), or not our server */
    memcpy(reply->data, reply_area, reply_len);
    reply->len = reply_len;
    lsa_wire_wipe((void *)reply_area, reply_len); /* a return buffer may hold a session key */
    return TRUE;
}
