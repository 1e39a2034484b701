/* LSA connection handles: one validator for every call.
 *
 * A handle value packs a slot index and that slot's generation, plus a fixed tag in the low bits, so NULL, garbage,
 * and closed handles (the slot's generation moved on) are all told apart from live ones without trusting the value.
 * Values stay below 2^32 so they fit a 32-bit client's HANDLE. */
#include "lsa_internal.h"

#define HANDLE_TAG 0x5u
#define HANDLE_TAG_BITS 4u
#define HANDLE_INDEX_BITS 12u
#define MAX_CONNECTIONS (1u << HANDLE_INDEX_BITS)

typedef struct slot {
    uint16_t generation; /* never 0 for a live handle */
    BOOL in_use;
    BOOL trusted;
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

NTSTATUS lsa_handles_open(BOOL trusted, uint64_t *handle)
{
    NTSTATUS st = STATUS_INSUFFICIENT_RESOURCES;
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
        next_hint = i + 1;
        *handle = make_handle(i, slots[i].generation);
        st = STATUS_SUCCESS;
        break;
    }
    ReleaseSRWLockExclusive(&lock);
    if (st != STATUS_SUCCESS)
        ERR("all %u connection slots in use", MAX_CONNECTIONS);
    return st;
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
    AcquireSRWLockExclusive(&lock);
    if (slots[i].in_use && slots[i].generation == gen) {
        slots[i].in_use = FALSE;
        slots[i].trusted = FALSE;
        st = STATUS_SUCCESS;
    }
    ReleaseSRWLockExclusive(&lock);
    return st;
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
