/* A connection's fast channel, server side: a section shared with the client and two auto-reset events
 * (transport_server_internal.h, "The fast channel"). The client can write the section at any time, so a request's
 * length is read once and checked, and its bytes are copied out before anything reads them. */
#include "lsass_fast.h"
#include "lsa_le.h"
#include "lsa_trace.h"
#include "transport_server_internal.h"

#include <stdlib.h>
#include <string.h>

static volatile uint32_t *length_at(lsass_fast *f, size_t offset)
{
    return (volatile uint32_t *)(f->view + offset);
}

static HANDLE give(HANDLE ours, HANDLE client, DWORD access)
{
    HANDLE theirs = NULL;
    return DuplicateHandle(GetCurrentProcess(), ours, client, &theirs, access, FALSE, 0) ? theirs : NULL;
}

BOOL lsass_fast_open(lsass_fast *f, HANDLE client, uint8_t out[32])
{
    HANDLE section = NULL, request = NULL, reply = NULL;
    memset(out, 0, 32);
    if (f->view)
        return FALSE; /* one channel per connection */
    f->section = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, LSA_SERVER_FAST_SIZE, NULL);
    f->request = CreateEventW(NULL, FALSE, FALSE, NULL);
    f->reply = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (f->section)
        f->view = MapViewOfFile(f->section, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, LSA_SERVER_FAST_SIZE);
    if (!f->view || !f->request || !f->reply ||
        !(section = give(f->section, client, FILE_MAP_READ | FILE_MAP_WRITE)) ||
        !(request = give(f->request, client, EVENT_MODIFY_STATE)) ||
        !(reply = give(f->reply, client, SYNCHRONIZE))) {
        /* The client sees magic 0 and keeps to the pipe: close what reached it, and ours. */
        WARN("no fast channel for this client (%lu): the pipe serves it", GetLastError());
        for (HANDLE *h = (HANDLE[]){ section, request, reply }, *end = h + 3; h < end; h++)
            if (*h)
                DuplicateHandle(client, *h, NULL, NULL, 0, FALSE, DUPLICATE_CLOSE_SOURCE);
        lsass_fast_close(f);
        return FALSE;
    }
    lsa_le_put32(out, LSA_SERVER_FAST_MAGIC);
    lsa_le_put32(out + 4, LSA_SERVER_FAST_SIZE);
    lsa_le_put64(out + 8, (uint64_t)(uintptr_t)section);
    lsa_le_put64(out + 16, (uint64_t)(uintptr_t)request);
    lsa_le_put64(out + 24, (uint64_t)(uintptr_t)reply);
    return TRUE;
}

BOOL lsass_fast_take_request(lsass_fast *f, lsa_wbuf *into)
{
    uint32_t len = *length_at(f, 0); /* once: the client may change it meanwhile */
    uint8_t *area = f->view + LSA_SERVER_FAST_HEADER;
    lsa_wbuf_reset(into);
    if (len < LSA_SERVER_PREFIX_SIZE || len > LSA_SERVER_FAST_REQUEST || !lsa_wbuf_reserve(into, len))
        return FALSE;
    memcpy(into->data, area, len);
    into->len = len;
    lsa_wire_wipe(area, len); /* it may carry a password */
    *length_at(f, 0) = 0;
    return TRUE;
}

/* The room for a reply in the channel: LSA_SERVER_FAST_REPLY, or less when LSAEMU_SERVER_FAST_REPLY_MAX says so
 * (read once; for the tests, which send every reply the way a too large one goes). */
static INIT_ONCE room_once = INIT_ONCE_STATIC_INIT;
static size_t reply_room = LSA_SERVER_FAST_REPLY;

static BOOL CALLBACK read_room(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    char value[16];
    DWORD n = GetEnvironmentVariableA("LSAEMU_SERVER_FAST_REPLY_MAX", value, sizeof(value));
    (void)once; (void)param; (void)ctx;
    if (n && n < sizeof(value) && (size_t)strtoul(value, NULL, 10) < reply_room)
        reply_room = strtoul(value, NULL, 10);
    return TRUE;
}

void lsass_fast_reply(lsass_fast *f, const uint8_t *frame, size_t len, BOOL *on_pipe)
{
    InitOnceExecuteOnce(&room_once, read_room, NULL, NULL);
    *on_pipe = len > reply_room;
    if (!*on_pipe)
        memcpy(f->view + LSA_SERVER_FAST_HEADER + LSA_SERVER_FAST_REQUEST, frame, len);
    *length_at(f, 4) = *on_pipe ? LSA_SERVER_FAST_ON_PIPE : (uint32_t)len;
    SetEvent(f->reply); /* on the pipe: the client's read there waits for the caller's write */
}

void lsass_fast_close(lsass_fast *f)
{
    if (f->view) {
        lsa_wire_wipe(f->view + LSA_SERVER_FAST_HEADER, LSA_SERVER_FAST_SIZE - LSA_SERVER_FAST_HEADER);
        *length_at(f, 4) = LSA_SERVER_FAST_GONE; /* after the wipe: the client reads it once woken */
        if (f->reply)
            SetEvent(f->reply); /* a client waiting for a reply that will not come */
        UnmapViewOfFile(f->view);
    }
    if (f->section)
        CloseHandle(f->section);
    if (f->request)
        CloseHandle(f->request);
    if (f->reply)
        CloseHandle(f->reply);
    memset(f, 0, sizeof(*f));
}
