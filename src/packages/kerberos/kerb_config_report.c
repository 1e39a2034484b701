/* Report-once memory for configuration problems (kerb_config_sources.h). A fingerprint covers the source's name and
 * its contents, so a file that is fixed and broken again is reported again. */
#include "pkg_win.h"

#include "kerb_config_sources.h"

#define REMEMBERED 32

static SRWLOCK lock = SRWLOCK_INIT;
static ULONGLONG seen[REMEMBERED];
static size_t seen_count, next_slot;

/* FNV-1a, 64 bits: not a security boundary, only "have we said this already". */
ULONGLONG kerb_config_fingerprint(ULONGLONG seed, const void *bytes, size_t len)
{
    const BYTE *p = bytes;
    ULONGLONG h = seed ? seed : 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

BOOL kerb_config_first_report(ULONGLONG fingerprint)
{
    BOOL first = TRUE;
    AcquireSRWLockExclusive(&lock);
    for (size_t i = 0; i < seen_count; i++)
        if (seen[i] == fingerprint)
            first = FALSE;
    if (first) {
        seen[next_slot] = fingerprint;
        next_slot = (next_slot + 1) % REMEMBERED;
        if (seen_count < REMEMBERED)
            seen_count++;
    }
    ReleaseSRWLockExclusive(&lock);
    return first;
}
