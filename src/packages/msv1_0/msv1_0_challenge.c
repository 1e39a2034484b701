/* The table of issued challenges; see msv1_0_challenge.h. */
#include "pkg_win.h"

#include <bcrypt.h>
#include <string.h>

#include "msv1_0_challenge.h"
#include "pkg_trace.h"

typedef struct slot {
    BYTE value[MSV1_0_CHALLENGE_LENGTH];
    ULONGLONG issued; /* GetTickCount64 */
    BOOL valid;
    BOOL used;
} slot;

static SRWLOCK lock = SRWLOCK_INIT;
static slot slots[MSV1_0_CHALLENGE_SLOTS];

static BOOL expired(const slot *s, ULONGLONG now)
{
    return !s->valid || now - s->issued > MSV1_0_CHALLENGE_LIFETIME_MS;
}

NTSTATUS msv1_0_challenge_issue(BYTE challenge[MSV1_0_CHALLENGE_LENGTH])
{
    ULONGLONG now;
    slot *target = NULL;
    size_t i;
    NTSTATUS status;

    status = BCryptGenRandom(NULL, challenge, MSV1_0_CHALLENGE_LENGTH, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
    if (status != STATUS_SUCCESS) {
        pkg_err("msv1_0", "BCryptGenRandom failed: 0x%08lx", (unsigned long)status);
        memset(challenge, 0, MSV1_0_CHALLENGE_LENGTH);
        return STATUS_INTERNAL_ERROR;
    }
    AcquireSRWLockExclusive(&lock);
    now = GetTickCount64();
    /* A free or expired slot, else the oldest one. */
    for (i = 0; i < MSV1_0_CHALLENGE_SLOTS; i++) {
        if (expired(&slots[i], now)) {
            target = &slots[i];
            break;
        }
        if (!target || slots[i].issued < target->issued)
            target = &slots[i];
    }
    memcpy(target->value, challenge, MSV1_0_CHALLENGE_LENGTH);
    target->issued = now;
    target->valid = TRUE;
    target->used = FALSE;
    ReleaseSRWLockExclusive(&lock);
    return STATUS_SUCCESS;
}

msv1_0_challenge_use msv1_0_challenge_consume(const BYTE challenge[MSV1_0_CHALLENGE_LENGTH])
{
    msv1_0_challenge_use use = MSV1_0_CHALLENGE_FOREIGN;
    ULONGLONG now;
    size_t i;

    AcquireSRWLockExclusive(&lock);
    now = GetTickCount64();
    for (i = 0; i < MSV1_0_CHALLENGE_SLOTS; i++) {
        if (expired(&slots[i], now) || memcmp(slots[i].value, challenge, MSV1_0_CHALLENGE_LENGTH))
            continue;
        use = slots[i].used ? MSV1_0_CHALLENGE_REPLAYED : MSV1_0_CHALLENGE_CONSUMED;
        slots[i].used = TRUE;
        break;
    }
    ReleaseSRWLockExclusive(&lock);
    return use;
}
