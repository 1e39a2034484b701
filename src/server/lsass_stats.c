/* LSAEMU_SERVER_STATS_MS=<ms>: at most every that many milliseconds (on the listener's tick) the server writes one
 * line to stderr with what it holds: connections, the core's tables (lsa_core_read_counts), every heap of the process
 * (blocks in use, their bytes, free bytes, committed bytes: HeapWalk) and the process's committed memory. For finding
 * out whether memory follows the load or the history (docs/benchmark.md, "The LSA server: many client processes");
 * off by default (the heap walk holds each heap's lock while it runs). */
#include "lsass_server.h"
#include "lsa_core.h"
#include "lsa_trace.h"

#include <psapi.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#define STATS_MAX_HEAPS 16

static DWORD interval_ms(void)
{
    static DWORD value = (DWORD)-1;
    char text[16], *end;
    unsigned long v;
    DWORD n;
    if (value != (DWORD)-1)
        return value;
    n = GetEnvironmentVariableA("LSAEMU_SERVER_STATS_MS", text, sizeof(text));
    v = n && n < sizeof(text) ? strtoul(text, &end, 10) : 0;
    value = n && n < sizeof(text) && !*end && v <= 86400000ul ? (DWORD)v : 0;
    return value;
}

/* One heap's blocks in use (count, bytes), free bytes and committed bytes; FALSE when it cannot be walked. */
static BOOL walk(HANDLE heap, size_t *busy, size_t *busy_bytes, size_t *free_bytes, size_t *committed)
{
    PROCESS_HEAP_ENTRY e;
    *busy = *busy_bytes = *free_bytes = *committed = 0;
    if (!HeapLock(heap))
        return FALSE;
    e.lpData = NULL;
    while (HeapWalk(heap, &e)) {
        if (e.wFlags & PROCESS_HEAP_REGION) {
            *committed += e.Region.dwCommittedSize;
        } else if (e.wFlags & PROCESS_HEAP_ENTRY_BUSY) {
            (*busy)++;
            *busy_bytes += e.cbData;
        } else if (!(e.wFlags & PROCESS_HEAP_UNCOMMITTED_RANGE)) {
            *free_bytes += e.cbData;
        }
    }
    HeapUnlock(heap);
    return TRUE;
}

void lsass_stats_tick(void)
{
    static DWORD last;
    DWORD every = interval_ms(), now = GetTickCount(), count;
    HANDLE heaps[STATS_MAX_HEAPS];
    PROCESS_MEMORY_COUNTERS m;
    lsa_core_counts c;
    char line[1024];
    int n;
    if (!every || (last && now - last < every))
        return;
    last = now;
    lsa_core_read_counts(&c);
    memset(&m, 0, sizeof(m));
    GetProcessMemoryInfo(GetCurrentProcess(), &m, sizeof(m));
    n = snprintf(line, sizeof(line),
                 "stats: committed %lu KiB; connections %ld; sessions %zu (watched %zu, %zu blocks); "
                 "client blocks %zu in %zu slots (%zu deleted); arenas %zu; handles %zu; heaps",
                 (unsigned long)(m.PagefileUsage / 1024), (long)lsass_connection_count(), c.sessions,
                 c.watched_sessions, c.session_blocks, c.client_blocks, c.client_slots, c.client_deleted,
                 c.client_arenas, c.connection_handles);
    count = GetProcessHeaps(STATS_MAX_HEAPS, heaps);
    for (DWORD i = 0; i < count && i < STATS_MAX_HEAPS && n > 0 && (size_t)n < sizeof(line); i++) {
        size_t busy, busy_bytes, free_bytes, committed;
        if (walk(heaps[i], &busy, &busy_bytes, &free_bytes, &committed))
            n += snprintf(line + n, sizeof(line) - (size_t)n, " [%zu: %zu KiB, free %zu KiB, committed %zu KiB]", busy,
                          busy_bytes / 1024, free_bytes / 1024, committed / 1024);
    }
    lsa_diag("%s", line);
}
