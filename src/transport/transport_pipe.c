/* Pipe transport, client side: every call travels through an OS pipe to an LSA core thread in this process (the
 * design card's shape; DESIGN.md section 2).
 *
 * Pipe kind, measured under Wine 8 on this machine (2 cores; echo between two threads of one process; 32-64 byte
 * messages; 3000 round trips per kind, the kinds interleaved call by call so load drift hits all alike; quiet runs):
 *   anonymous pipe pair, WriteFile + ReadFile          median 238-280 us, p10 187-197 us
 *   named pipe, byte mode, WriteFile + ReadFile        median 233-277 us, p10 181-192 us
 *   named pipe, message mode, TransactNamedPipe        median 205-238 us, p10 157-165 us
 *   ... the same with an overlapped server end         median 209-245 us, p10 160-166 us
 * So: a named-pipe instance per channel in message mode, one TransactNamedPipe per call (one system call instead of
 * two, and message boundaries for free). The server end is overlapped (no measurable cost) so its core thread can
 * wait with an idle timeout. Read buffers stay small: 256 B to 4 KiB cost the same, 64 KiB ~18% more per round trip
 * (Wine sizes its side of a read by the buffer offered).
 *
 * A pool of channels: a client takes a free one (creating one when none is free, up to a cap, then waiting), records
 * its thread id in it (the core learns the caller from the transport, never from the message), and returns it after
 * the reply. A channel whose pipe breaks or whose reply breaks framing is discarded: the call fails with
 * STATUS_PORT_DISCONNECTED and later calls get another channel. LsaFreeReturnBuffer alone makes no round trip (see
 * pipe_call). */
#include "transport_pipe_internal.h"
#include "lsa_transport.h"

static SRWLOCK pool_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE pool_changed = CONDITION_VARIABLE_INIT; /* a channel was freed or a slot opened */
static pipe_channel *free_list;                                    /* most recently used first */
static LONG live_channels;
static LONG channel_cap = LSA_PIPE_DEFAULT_CAP;
static volatile LONG idle_ms = LSA_PIPE_DEFAULT_IDLE_MS;

static pipe_channel *acquire(void)
{
    pipe_channel *ch;
    AcquireSRWLockExclusive(&pool_lock);
    for (;;) {
        if ((ch = free_list)) {
            free_list = ch->next_free;
            ch->next_free = NULL;
            ch->state = PIPE_CHANNEL_BUSY;
            ReleaseSRWLockExclusive(&pool_lock);
            return ch;
        }
        if (live_channels < channel_cap) {
            live_channels++;
            ReleaseSRWLockExclusive(&pool_lock);
            /* Created outside the lock: it takes a thread start and a few wineserver calls. */
            if (!(ch = lsa_pipe_channel_create())) {
                AcquireSRWLockExclusive(&pool_lock);
                live_channels--;
                WakeConditionVariable(&pool_changed);
                ReleaseSRWLockExclusive(&pool_lock);
            }
            return ch;
        }
        SleepConditionVariableSRW(&pool_changed, &pool_lock, INFINITE, 0);
    }
}

static void give_back(pipe_channel *ch)
{
    AcquireSRWLockExclusive(&pool_lock);
    ch->state = PIPE_CHANNEL_FREE;
    ch->next_free = free_list;
    free_list = ch;
    WakeConditionVariable(&pool_changed);
    ReleaseSRWLockExclusive(&pool_lock);
}

/* The client's side of throwing a channel away: its core thread sees the broken pipe and ends. */
static void discard(pipe_channel *ch)
{
    AcquireSRWLockExclusive(&pool_lock);
    ch->state = PIPE_CHANNEL_DEAD;
    live_channels--;
    WakeConditionVariable(&pool_changed);
    ReleaseSRWLockExclusive(&pool_lock);
    CloseHandle(ch->client);
    ch->client = NULL;
    lsa_pipe_channel_release(ch);
}

BOOL lsa_pipe_pool_retire(pipe_channel *ch)
{
    BOOL took = FALSE;
    AcquireSRWLockExclusive(&pool_lock);
    if (ch->state == PIPE_CHANNEL_FREE) {
        pipe_channel **link = &free_list;
        while (*link && *link != ch)
            link = &(*link)->next_free;
        if (*link)
            *link = ch->next_free;
        ch->next_free = NULL;
        ch->state = PIPE_CHANNEL_DEAD;
        live_channels--;
        took = TRUE;
        WakeConditionVariable(&pool_changed);
    }
    ReleaseSRWLockExclusive(&pool_lock);
    if (took) {
        CloseHandle(ch->client);
        ch->client = NULL;
        lsa_pipe_channel_release(ch);
    }
    return took;
}

static NTSTATUS pipe_call(const uint8_t *request, size_t len, lsa_wbuf *reply)
{
    pipe_channel *ch;
    DWORD got = 0;
    size_t first;
    BOOL ok, channel_ok = FALSE;
    NTSTATUS status = STATUS_PORT_DISCONNECTED;
    lsa_wire_header hdr;

    if (!request || !reply || len < LSA_WIRE_HEADER_SIZE || len > LSA_WIRE_MAX_MESSAGE)
        return STATUS_INVALID_PARAMETER;
    /* LsaFreeReturnBuffer frees in the caller's process, as Windows' does without asking the LSA; this transport's
     * core lives in the caller's process, so the message goes to it directly, through the same ownership checks,
     * without the pipe round trip. */
    if (lsa_wire_decode_header(request, len, &hdr) == LSA_WIRE_OK && hdr.op == LSA_OP_FREE_RETURN_BUFFER)
        return lsa_transport_inproc.call(request, len, reply);
    if (reply->max == 0 || reply->max > LSA_WIRE_MAX_MESSAGE) /* as the encoders treat it */
        reply->max = LSA_WIRE_MAX_MESSAGE;
    if (reply->max < LSA_WIRE_HEADER_SIZE)
        return STATUS_INVALID_PARAMETER;
    lsa_wbuf_reset(reply);
    first = reply->max < LSA_PIPE_FIRST_CHUNK ? reply->max : LSA_PIPE_FIRST_CHUNK;
    if (!lsa_pipe_wbuf_reserve(reply, first))
        return STATUS_NO_MEMORY;
    if (!(ch = acquire()))
        return STATUS_INSUFFICIENT_RESOURCES;

    InterlockedExchange(&ch->client_tid, (LONG)GetCurrentThreadId());
    ok = TransactNamedPipe(ch->client, (void *)request, (DWORD)len, reply->data, (DWORD)first, &got, NULL);
    if (ok || GetLastError() == ERROR_MORE_DATA) {
        reply->len = got;
        switch (lsa_pipe_finish_message(ch->client, NULL, reply, !ok)) {
        case PIPE_MSG_OK: status = lsa_pipe_check_reply(reply, &channel_ok); break;
        case PIPE_MSG_NOMEM: status = STATUS_NO_MEMORY; channel_ok = TRUE; break;
        case PIPE_MSG_BROKEN:
        case PIPE_MSG_PROTOCOL: break;
        }
    }
    if (channel_ok)
        give_back(ch);
    else
        discard(ch);
    if (status != STATUS_SUCCESS)
        reply->len = 0;
    return status;
}

const lsa_transport lsa_transport_pipe = { "pipe", pipe_call, NULL };

DWORD lsa_pipe_idle_ms(void) { return (DWORD)InterlockedCompareExchange(&idle_ms, 0, 0); }
void lsa_pipe_test_set_idle_ms(DWORD ms) { InterlockedExchange(&idle_ms, (LONG)ms); }
LONG lsa_pipe_test_created_channels(void) { return InterlockedCompareExchange(&lsa_pipe_created_count, 0, 0); }
LONG lsa_pipe_test_core_threads(void) { return InterlockedCompareExchange(&lsa_pipe_thread_count, 0, 0); }

void lsa_pipe_test_set_cap(LONG cap)
{
    AcquireSRWLockExclusive(&pool_lock);
    channel_cap = cap > 0 ? cap : LSA_PIPE_DEFAULT_CAP;
    WakeAllConditionVariable(&pool_changed);
    ReleaseSRWLockExclusive(&pool_lock);
}

LONG lsa_pipe_test_live_channels(void)
{
    LONG n;
    AcquireSRWLockShared(&pool_lock);
    n = live_channels;
    ReleaseSRWLockShared(&pool_lock);
    return n;
}
