/* Internals of the pipe transport, shared by its files and by tests/wine/test_transport.c.
 *
 * A channel is one named-pipe instance in message mode: the client end (synchronous, used with TransactNamedPipe by
 * whichever client thread holds the channel) and the server end (overlapped, so its core thread can wait for a
 * request with an idle timeout). Named rather than anonymous because it measured faster under Wine 8 (anonymous
 * pipes are byte streams and cannot use TransactNamedPipe; numbers in transport_pipe.c).
 *
 * Ownership: a channel has two references, the pool's (held by the free list or by the client using it) and its core
 * thread's. Whoever drops the last one frees it. */
#ifndef LSAEMU_TRANSPORT_PIPE_INTERNAL_H
#define LSAEMU_TRANSPORT_PIPE_INTERNAL_H

#include "lsa_windows.h"
#include "lsa_wire.h"

#define LSA_PIPE_FIRST_CHUNK 4096u          /* bytes read before the header decides the rest (not larger: slower) */
#define LSA_PIPE_KEEP_BUFFER (64u * 1024u)  /* larger per-channel buffers are freed after the call */
#define LSA_PIPE_DEFAULT_CAP 64
#define LSA_PIPE_DEFAULT_IDLE_MS 5000u

/* A reply of exactly this many bytes carries a transport status (little-endian NTSTATUS) instead of a wire reply:
 * the core thread's way to say "lsa_core_handle produced no reply" (STATUS_NO_MEMORY) without breaking the channel. */
#define LSA_PIPE_STATUS_MESSAGE_SIZE 4u

typedef enum pipe_channel_state {
    PIPE_CHANNEL_BUSY, /* held by a client thread (or being created) */
    PIPE_CHANNEL_FREE, /* on the free list */
    PIPE_CHANNEL_DEAD, /* out of the pool: no client will take it again */
} pipe_channel_state;

typedef struct pipe_channel {
    struct pipe_channel *next_free; /* pool lock */
    pipe_channel_state state;       /* pool lock */
    volatile LONG refs;
    volatile LONG client_tid; /* set by the client before each call; the caller identity the core sees */
    HANDLE client;            /* client end; closed by whoever takes the channel out of the pool */
    HANDLE server;            /* server end; owned by the core thread */
    OVERLAPPED ov;            /* server-side I/O; hEvent is a manual-reset event */
    lsa_wbuf request;         /* server-side buffers, reused across calls */
    lsa_wbuf reply;
} pipe_channel;

/* ---- transport_pipe_msg.c: whole messages over a message-mode pipe ---- */

typedef enum pipe_msg_result {
    PIPE_MSG_OK,
    PIPE_MSG_BROKEN,   /* the pipe failed: the peer is gone */
    PIPE_MSG_PROTOCOL, /* the peer broke framing (bad header, length not matching the message, over the maximum) */
    PIPE_MSG_NOMEM,    /* the message was drained and dropped: no memory (or over the buffer's max) */
} pipe_msg_result;

/* Make room for n bytes in b (its contents up to b->len kept). FALSE when n exceeds b->max or memory runs out. */
BOOL lsa_pipe_wbuf_reserve(lsa_wbuf *b, size_t n);

/* One read or write on h: synchronous when ov is NULL, else overlapped and waited for. Sets *done. Returns TRUE when
 * the operation completed; FALSE with GetLastError() otherwise (ERROR_MORE_DATA: the message continues). */
BOOL lsa_pipe_read(HANDLE h, OVERLAPPED *ov, void *buf, DWORD n, DWORD *done);
BOOL lsa_pipe_write(HANDLE h, OVERLAPPED *ov, const void *buf, DWORD n);

/* Complete a message whose first chunk (buf->len bytes, at most LSA_PIPE_FIRST_CHUNK) is already in buf; more says
 * the first read ended with ERROR_MORE_DATA. The header (which the first chunk holds in full) decides the allocation,
 * checked against buf->max first; the message must then end exactly at the header's length. */
pipe_msg_result lsa_pipe_finish_message(HANDLE h, OVERLAPPED *ov, lsa_wbuf *buf, BOOL more);

/* ---- transport_pipe_serve.c: the core's side of a pipe end ---- */

typedef enum pipe_request_result {
    PIPE_REQUEST_READY, /* a whole request is in the buffer */
    PIPE_REQUEST_NOMEM, /* one was drained and dropped: answer STATUS_NO_MEMORY */
    PIPE_REQUEST_STOP,  /* the pipe broke, the peer broke framing, or idle() said stop */
    PIPE_REQUEST_OTHER, /* lsa_pipe_wait_request_or: the other handle was signalled first */
} pipe_request_result;

/* Read the next request on h (overlapped with ov) into *request. A transport that puts prefix_len bytes of its own
 * before each wire message gets them in prefix (a shorter message is a framing error). With idle set, every
 * lsa_pipe_idle_ms() without a request calls idle(ctx), which returns TRUE to stop; without it the wait is
 * unbounded (the peer decides when the connection ends). */
pipe_request_result lsa_pipe_wait_request(HANDLE h, OVERLAPPED *ov, lsa_wbuf *request, size_t prefix_len,
                                          uint8_t *prefix, BOOL (*idle)(void *), void *ctx);
/* The same without idle handling, waiting for the other handle too: PIPE_REQUEST_OTHER leaves the read pending
 * (*reading TRUE, request's storage in use by it) for the next call to go on waiting for. */
pipe_request_result lsa_pipe_wait_request_or(HANDLE h, OVERLAPPED *ov, lsa_wbuf *request, size_t prefix_len,
                                             uint8_t *prefix, HANDLE other, BOOL *reading);
/* Hand the request to the core as `caller` and write its reply (or a status message). FALSE ends the connection. */
struct lsa_core_caller;
BOOL lsa_pipe_serve_request(HANDLE h, OVERLAPPED *ov, const struct lsa_core_caller *caller, lsa_wbuf *request,
                            lsa_wbuf *reply);
BOOL lsa_pipe_send_status(HANDLE h, OVERLAPPED *ov, NTSTATUS status);
/* Client side: a whole reply is in *reply: a wire reply whose header matches its size (STATUS_SUCCESS), a transport
 * status message (its status), or garbage (STATUS_PORT_DISCONNECTED with *channel_ok FALSE). */
NTSTATUS lsa_pipe_check_reply(const lsa_wbuf *reply, BOOL *channel_ok);

/* ---- transport_pipe_channel.c: channels and their core threads ---- */

/* A new connected channel with its core thread started, state BUSY, both references taken; NULL on failure. */
pipe_channel *lsa_pipe_channel_create(void);
void lsa_pipe_channel_release(pipe_channel *ch); /* drop one reference */

/* ---- transport_pipe.c: the pool ---- */

/* Called by a core thread that stops serving (idle, broken pipe, protocol error, or its thread ended abnormally):
 * takes the channel out of the pool if it sits there unused, closes the client end, drops the pool's reference and
 * returns TRUE; returns FALSE when a client holds it (or has discarded it already): that client sees the broken pipe
 * once the server end closes. */
BOOL lsa_pipe_pool_retire(pipe_channel *ch);

/* Tunables and counters, for tests. */
DWORD lsa_pipe_idle_ms(void);
void lsa_pipe_test_set_idle_ms(DWORD ms);
void lsa_pipe_test_set_cap(LONG cap);
LONG lsa_pipe_test_live_channels(void);   /* channels in the pool (free or busy) */
LONG lsa_pipe_test_created_channels(void); /* channels ever created */
LONG lsa_pipe_test_core_threads(void);    /* core threads currently running */

/* Counters kept by transport_pipe_channel.c. */
extern volatile LONG lsa_pipe_created_count;
extern volatile LONG lsa_pipe_thread_count;

#endif
