/* The context of the call being served on this thread: what the dispatch-table functions (GetClientInfo,
 * AllocateClientBuffer, CreateLogonSession, ...) act on. Calls nest when a package calls another package. */
#include "lsa_internal.h"

#include <stdint.h>
#include <string.h>

/* A Windows TLS slot rather than _Thread_local: mingw implements the latter with emutls, which allocates per thread
 * and frees from thread-detach callbacks; a slot needs neither. */
static INIT_ONCE slot_once = INIT_ONCE_STATIC_INIT;
static DWORD slot = TLS_OUT_OF_INDEXES;

static BOOL CALLBACK alloc_slot(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once; (void)param; (void)ctx;
    slot = TlsAlloc();
    return slot != TLS_OUT_OF_INDEXES;
}

static lsa_call *get_current(void)
{
    InitOnceExecuteOnce(&slot_once, alloc_slot, NULL, NULL);
    return slot == TLS_OUT_OF_INDEXES ? NULL : TlsGetValue(slot);
}

static void set_current(lsa_call *call)
{
    InitOnceExecuteOnce(&slot_once, alloc_slot, NULL, NULL);
    if (slot != TLS_OUT_OF_INDEXES)
        TlsSetValue(slot, call);
}

static volatile LONG64 last_call_id;

void lsa_call_enter(lsa_call *call)
{
    call->id = (uint64_t)InterlockedIncrement64(&last_call_id);
    call->outer = get_current();
    set_current(call);
}

void lsa_call_leave(lsa_call *call)
{
    if (call->impersonated) {
        /* ImpersonateClient changed this thread's token; give the client thread back its own (inproc transport
         * runs on the client's thread). */
        if (!SetThreadToken(NULL, call->saved_thread_token))
            ERR("could not restore the thread token: %lu", GetLastError());
        call->impersonated = FALSE;
    }
    if (call->saved_thread_token) {
        CloseHandle(call->saved_thread_token);
        call->saved_thread_token = NULL;
    }
    if (call->block_allocs) {
        /* What the call did not free or roll back was returned: it now belongs to the caller. */
        lsa_clientmem_call_hand_over(call, call->internal ? LSA_CLIENTMEM_OWNER_LSA : call->caller->process_id);
        call->block_allocs = 0;
    }
    lsa_heap_free(call->sessions);
    call->sessions = NULL;
    call->session_count = call->session_capacity = 0;
    set_current(call->outer);
}

lsa_call *lsa_call_current(void)
{
    return get_current();
}

/* Packages pass back the PLSA_CLIENT_REQUEST they were given: a pointer to the call itself. It is compared, never
 * dereferenced, so a package passing garbage gets STATUS_INVALID_PARAMETER rather than a fault in the LSA. */
lsa_call *lsa_call_from_request(PLSA_CLIENT_REQUEST request)
{
    lsa_call *current = get_current();
    if (!current)
        return NULL;
    if (!request || (void *)request == (void *)current)
        return current;
    for (lsa_call *c = current->outer; c; c = c->outer)
        if ((void *)request == (void *)c)
            return c;
    return NULL;
}

void lsa_call_note_session(lsa_call *call, const LUID *id)
{
    if (call->session_count == call->session_capacity) {
        size_t cap = call->session_capacity ? call->session_capacity * 2 : 4;
        LUID *grown = cap <= SIZE_MAX / sizeof(LUID) ? lsa_heap_alloc(cap * sizeof(LUID)) : NULL;
        if (!grown) {
            call->session_overflow = TRUE;
            return;
        }
        if (call->session_count)
            memcpy(grown, call->sessions, call->session_count * sizeof(LUID));
        lsa_heap_free(call->sessions);
        call->sessions = grown;
        call->session_capacity = cap;
    }
    call->sessions[call->session_count++] = *id;
}

void lsa_call_rollback(lsa_call *call)
{
    if (call->block_allocs) {
        size_t freed = lsa_clientmem_call_release(call);
        if (freed)
            WARN("freed %lu client blocks left by a failed call", (unsigned long)freed);
        call->block_allocs = 0;
    }
    for (size_t i = 0; i < call->session_count; i++) {
        if (lsa_sessions_delete(&call->sessions[i]) == STATUS_SUCCESS)
            WARN("deleted logon session %lx:%lx left by a failed call", call->sessions[i].HighPart,
                 call->sessions[i].LowPart);
    }
    call->session_count = 0;
    if (call->session_overflow)
        ERR("a failed call created a logon session it could not record (out of memory)");
}
