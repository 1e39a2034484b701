/* LSA connection handles: one validator for every call.
 *
 * A handle value packs a slot index and that slot's generation, plus a fixed tag in the low bits, so NULL, garbage,
 * and closed handles (the slot's generation moved on) are all told apart from live ones without trusting the value.
 * Values stay below 2^32 so they fit a 32-bit client's HANDLE.
 *
 * A handle dies with its client process, as on Windows, where it is the client's connection to the LSA: a client of
 * the LSA server that exits without LsaDeregisterLogonProcess (most do) would otherwise keep its slot until the
 * server exits, and 4,096 such clients would leave LsaConnectUntrusted nothing but STATUS_INSUFFICIENT_RESOURCES.
 * The slot holds its own handle to the client process (so the pid cannot name another process meanwhile); the
 * server drops a client's slots when its connection sees it gone and at its periodic sweep of exited clients. */
#include "lsa_internal.h"

#define HANDLE_TAG 0x5u
#define HANDLE_TAG_BITS 4u
#define HANDLE_INDEX_BITS 12u
#define MAX_CONNECTIONS (1u << HANDLE_INDEX_BITS)

typedef struct slot {
    uint16_t generation; /* never 0 for a live handle */
    BOOL in_use;
    BOOL trusted;
    DWORD owner_pid;     /* the client process; 0 for this one (the in-process transports) */
    HANDLE owner;        /* out-of-process clients: our handle to that process (SYNCHRONIZE) */
} slot;

static SRWLOCK lock = SRWLOCK_INIT;
static slot slots[MAX_CONNECTIONS];
static uint32_t next_hint;

static uint64_t make_handle(uint32_t index, uint16_t generation)
{
    return ((uint64_t)generation << 16) | ((uint64_t)index << HANDLE_TAG_BITS) | HANDLE_TAG;
}

/* Split a handle value into slot and generation; FALSE when it cannot be one of ours. */
static BOOL split_handle(uint64_t handle, uint32_t *index, uint16_t *generation)
{
    if (handle > 0xFFFFFFFFu || (handle & ((1u << HANDLE_TAG_BITS) - 1)) != HANDLE_TAG)
        return FALSE;
    *index = (uint32_t)(handle >> HANDLE_TAG_BITS) & (MAX_CONNECTIONS - 1);
    *generation = (uint16_t)(handle >> 16);
    return *generation != 0;
}

NTSTATUS lsa_handles_open(const lsa_core_caller *caller, BOOL trusted, uint64_t *handle)
{
    NTSTATUS st = STATUS_INSUFFICIENT_RESOURCES;
    HANDLE owner = NULL;
    if (caller && caller->process &&
        !DuplicateHandle(GetCurrentProcess(), caller->process, GetCurrentProcess(), &owner, SYNCHRONIZE, FALSE, 0))
        return STATUS_INSUFFICIENT_RESOURCES;
    AcquireSRWLockExclusive(&lock);
    for (uint32_t n = 0; n < MAX_CONNECTIONS; n++) {
        uint32_t i = (next_hint + n) % MAX_CONNECTIONS;
        if (slots[i].in_use)
            continue;
        slots[i].generation++;
        if (slots[i].generation == 0)
            slots[i].generation = 1;
        slots[i].in_use = TRUE;
        slots[i].trusted = trusted;
        slots[i].owner_pid = owner ? caller->process_id : 0;
        slots[i].owner = owner;
        owner = NULL;
        next_hint = i + 1;
        *handle = make_handle(i, slots[i].generation);
        st = STATUS_SUCCESS;
        break;
    }
    ReleaseSRWLockExclusive(&lock);
    if (owner)
        CloseHandle(owner);
    if (st != STATUS_SUCCESS)
        ERR("all %u connection slots in use", MAX_CONNECTIONS);
    return st;
}

/* Free slot i (lock held exclusively); the caller closes the owner handle it returns after releasing the lock. */
static HANDLE release_slot(uint32_t i)
{
    HANDLE owner = slots[i].owner;
    slots[i].in_use = FALSE;
    slots[i].trusted = FALSE;
    slots[i].owner_pid = 0;
    slots[i].owner = NULL;
    return owner;
}

NTSTATUS lsa_handles_get(uint64_t handle, lsa_connection *out)
{
    uint32_t i;
    uint16_t gen;
    NTSTATUS st = STATUS_INVALID_HANDLE;
    if (!split_handle(handle, &i, &gen))
        return STATUS_INVALID_HANDLE;
    AcquireSRWLockShared(&lock);
    if (slots[i].in_use && slots[i].generation == gen) {
        out->handle = handle;
        out->trusted = slots[i].trusted;
        st = STATUS_SUCCESS;
    }
    ReleaseSRWLockShared(&lock);
    return st;
}

NTSTATUS lsa_handles_close(uint64_t handle)
{
    uint32_t i;
    uint16_t gen;
    NTSTATUS st = STATUS_INVALID_HANDLE;
    if (!split_handle(handle, &i, &gen))
        return STATUS_INVALID_HANDLE;
    HANDLE owner = NULL;
    AcquireSRWLockExclusive(&lock);
    if (slots[i].in_use && slots[i].generation == gen) {
        owner = release_slot(i);
        st = STATUS_SUCCESS;
    }
    ReleaseSRWLockExclusive(&lock);
    if (owner)
        CloseHandle(owner);
    return st;
}

void lsa_handles_forget_process(DWORD pid)
{
    /* A batch at a time: the owner handles are closed outside the lock. */
    for (;;) {
        HANDLE owners[32];
        uint32_t n = 0;
        AcquireSRWLockExclusive(&lock);
        for (uint32_t i = 0; i < MAX_CONNECTIONS && n < ARRAYSIZE(owners); i++)
            if (slots[i].in_use && slots[i].owner && slots[i].owner_pid == pid)
                owners[n++] = release_slot(i);
        ReleaseSRWLockExclusive(&lock);
        for (uint32_t i = 0; i < n; i++)
            CloseHandle(owners[i]);
        if (n < ARRAYSIZE(owners))
            return;
    }
}

void lsa_handles_forget_exited(void)
{
    for (;;) {
        DWORD gone[16];
        uint32_t n = 0;
        AcquireSRWLockShared(&lock);
        for (uint32_t i = 0; i < MAX_CONNECTIONS && n < ARRAYSIZE(gone); i++) {
            if (!slots[i].in_use || !slots[i].owner || WaitForSingleObject(slots[i].owner, 0) != WAIT_OBJECT_0)
                continue;
            uint32_t k = 0;
            while (k < n && gone[k] != slots[i].owner_pid)
                k++;
            if (k == n)
                gone[n++] = slots[i].owner_pid;
        }
        ReleaseSRWLockShared(&lock);
        for (uint32_t k = 0; k < n; k++)
            lsa_handles_forget_process(gone[k]);
        if (n < ARRAYSIZE(gone))
            return;
    }
}

size_t lsa_handles_open_count(void)
{
    size_t n = 0;
    AcquireSRWLockShared(&lock);
    for (uint32_t i = 0; i < MAX_CONNECTIONS; i++)
        n += slots[i].in_use != FALSE;
    ReleaseSRWLockShared(&lock);
    return n;
}
