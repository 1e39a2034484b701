/* The LSA core's one entry point, called by every transport's server side.
 *
 * The core sees message bytes only. The transport tells it who is calling (from the OS, never from the message):
 * the process and thread ids of the calling thread, which the core uses to open the caller's effective token. The
 * LSA server (src/server) also hands over the client's token as its pipe gave it and a handle to the client process,
 * into which return buffers and token handles are then placed. */
#ifndef LSAEMU_LSA_LSA_CORE_H
#define LSAEMU_LSA_LSA_CORE_H

#include "lsa_windows.h"
#include "lsa_wire.h"

typedef struct lsa_core_caller {
    DWORD process_id; /* always this process for the in-process transports */
    DWORD thread_id;  /* the client thread whose effective token decides trust; 0: none known */
    /* Out-of-process clients only (NULL otherwise): the client process, opened with PROCESS_VM_OPERATION |
     * PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_DUP_HANDLE | PROCESS_QUERY_LIMITED_INFORMATION; and the client's
     * token as the pipe gave it (ImpersonateNamedPipeClient), used when its thread is not impersonating. */
    HANDLE process;
    HANDLE token;
    /* LSA server only, each optional: the client thread (thread_id) opened by the transport, which keeps it open
     * while it is the connection's current thread (saves opening it per call); the client process's terminal
     * session, which never changes (has_terminal_session); and the grant of the request being served, in which
     * the call's return blocks are placed (see lsa_placement.h). */
    HANDLE thread;
    DWORD terminal_session;
    BOOL has_terminal_session;
    struct lsa_placement *placement;
} lsa_core_caller;

/* Handle one request message and write the reply message (always a well-formed reply: a malformed request gets a
 * reply whose status is STATUS_INVALID_PARAMETER, or STATUS_REVISION_MISMATCH for a version we do not speak).
 * Returns FALSE only when no reply could be produced at all (out of memory); the transport then reports
 * STATUS_NO_MEMORY to the client. Thread-safe. */
BOOL lsa_core_handle(const lsa_core_caller *caller, const uint8_t *request, size_t request_len, lsa_wbuf *reply);

/* For the LSA server: whether a logon session is still watched (its token alive somewhere), so the server does not
 * exit idle under it; and a client process that has exited, whose client-buffer entries and LSA handles are
 * dropped. */
BOOL lsa_core_has_live_sessions(void);
void lsa_core_client_gone(DWORD process_id);
/* Every client process that has exited while the server still holds something of it (its memory arenas or its LSA
 * handles, which keep its process handle open), whether or not one of its connections saw it go. */
void lsa_core_forget_exited_clients(void);

/* Placement (LSA server): a connection's state for laying return blocks out in the grant its client lends with a
 * request (src/common/lsa_placement.h). Created per connection; begin before each request (a grant that breaks the
 * rules, or none, leaves every block to the cross-process way); after lsa_core_handle, the section that carries the
 * blocks now the client's goes after the reply. */
typedef struct lsa_placement lsa_placement;
lsa_placement *lsa_core_placement_create(void);
void lsa_core_placement_destroy(lsa_placement *p);
void lsa_core_placement_begin(lsa_placement *p, uint64_t base, uint32_t size);
/* Append the section to out (at most LSA_PLACEMENT_MAX_SECTION bytes); FALSE when out cannot grow. The blocks are
 * the client's from then on: the server forgets them. out NULL: no reply goes out, the blocks are dropped. */
BOOL lsa_core_placement_finish(lsa_placement *p, lsa_wbuf *out);

/* For the LSA server when it is idle (no connection, no live session): give back memory kept only for the load that
 * has passed (the session table's heap, when no session is left in it). */
void lsa_core_release_idle_memory(void);

/* What the core holds now, for the server's LSAEMU_SERVER_STATS_MS line: whether memory follows the load or the
 * history (docs/design.md, "Debugging"). */
typedef struct lsa_core_counts {
    size_t sessions, watched_sessions;    /* in the table (listed or not); with a token watched */
    size_t session_blocks;                /* blocks of the session table's heap */
    size_t client_blocks, client_slots;   /* client-memory table: live entries, slots (live + deleted + free) */
    size_t client_deleted;                /* its deleted slots (tombstones) */
    size_t client_arenas;                 /* memory arenas placed in client processes */
    size_t connection_handles;            /* LSA connection handles open */
} lsa_core_counts;
void lsa_core_read_counts(lsa_core_counts *out);

#endif
