/* The ticket cache; see kerb_cache.h. A flat array of sessions each with an array of tickets: sessions are few
 * and caches small, so linear search beats anything cleverer. */
#include "pkg_win.h"

#include <stdlib.h>
#include <string.h>

#include "kerb_cache.h"

typedef struct session_cache {
    LUID id;
    kerb_ticket *tickets;
    ULONG count;
} session_cache;

static struct {
    SRWLOCK lock;
    session_cache *sessions;
    size_t count;
} cache = {SRWLOCK_INIT, NULL, 0};

static session_cache *find(const LUID *id)
{
    size_t i;

    for (i = 0; i < cache.count; i++)
        if (cache.sessions[i].id.LowPart == id->LowPart && cache.sessions[i].id.HighPart == id->HighPart)
            return &cache.sessions[i];
    return NULL;
}

static WCHAR *dup_wstr(const WCHAR *s, BOOL *ok)
{
    size_t n;
    WCHAR *d;

    if (!s)
        return NULL;
    n = (size_t)lstrlenW(s) + 1;
    if (!(d = malloc(n * sizeof(WCHAR)))) {
        *ok = FALSE;
        return NULL;
    }
    memcpy(d, s, n * sizeof(WCHAR));
    return d;
}

static void ticket_clear(kerb_ticket *t)
{
    free(t->client_name);
    free(t->client_realm);
    free(t->server_name);
    free(t->server_realm);
    free(t->kdc_called);
    memset(t, 0, sizeof(*t));
}

static BOOL ticket_copy(kerb_ticket *dst, const kerb_ticket *src)
{
    BOOL ok = TRUE;

    *dst = *src;
    dst->client_name = dup_wstr(src->client_name, &ok);
    dst->client_realm = dup_wstr(src->client_realm, &ok);
    dst->server_name = dup_wstr(src->server_name, &ok);
    dst->server_realm = dup_wstr(src->server_realm, &ok);
    dst->kdc_called = dup_wstr(src->kdc_called, &ok);
    if (!ok)
        ticket_clear(dst);
    return ok;
}

NTSTATUS kerb_cache_snapshot(const LUID *session, kerb_snapshot *out)
{
    NTSTATUS status = STATUS_SUCCESS;
    session_cache *s;
    ULONG i;

    memset(out, 0, sizeof(*out));
    AcquireSRWLockShared(&cache.lock);
    s = find(session);
    if (s && s->count) {
        if (!(out->tickets = calloc(s->count, sizeof(*out->tickets))))
            status = STATUS_NO_MEMORY;
        for (i = 0; status == STATUS_SUCCESS && i < s->count; i++) {
            if (!ticket_copy(&out->tickets[i], &s->tickets[i]))
                status = STATUS_NO_MEMORY;
            else
                out->count++;
        }
    }
    ReleaseSRWLockShared(&cache.lock);
    if (status != STATUS_SUCCESS)
        kerb_snapshot_free(out);
    return status;
}

void kerb_snapshot_free(kerb_snapshot *snap)
{
    ULONG i;

    for (i = 0; i < snap->count; i++)
        ticket_clear(&snap->tickets[i]);
    free(snap->tickets);
    memset(snap, 0, sizeof(*snap));
}

static BOOL field_matches(const WCHAR *pattern, const WCHAR *value)
{
    if (!pattern || !pattern[0])
        return TRUE;
    return CompareStringOrdinal(pattern, -1, value ? value : L"", -1, TRUE) == CSTR_EQUAL;
}

static BOOL ticket_matches(const kerb_ticket *t, const kerb_purge_match *m)
{
    return m->all || (field_matches(m->client_name, t->client_name) &&
                      field_matches(m->client_realm, t->client_realm) &&
                      field_matches(m->server_name, t->server_name) &&
                      field_matches(m->server_realm, t->server_realm));
}

ULONG kerb_cache_purge(const LUID *session, const kerb_purge_match *match)
{
    session_cache *s;
    ULONG i, kept = 0, purged = 0;

    AcquireSRWLockExclusive(&cache.lock);
    if ((s = find(session))) {
        for (i = 0; i < s->count; i++) {
            if (ticket_matches(&s->tickets[i], match)) {
                ticket_clear(&s->tickets[i]);
                purged++;
            } else {
                s->tickets[kept++] = s->tickets[i];
            }
        }
        s->count = kept;
    }
    ReleaseSRWLockExclusive(&cache.lock);
    return purged;
}

NTSTATUS kerb_cache_add(const LUID *session, const kerb_ticket *ticket)
{
    NTSTATUS status = STATUS_NO_MEMORY;
    session_cache *s, *grown_sessions;
    kerb_ticket *grown;

    AcquireSRWLockExclusive(&cache.lock);
    if (!(s = find(session))) {
        grown_sessions = realloc(cache.sessions, (cache.count + 1) * sizeof(*cache.sessions));
        if (!grown_sessions)
            goto done;
        cache.sessions = grown_sessions;
        s = &cache.sessions[cache.count++];
        memset(s, 0, sizeof(*s));
        s->id = *session;
    }
    if (!(grown = realloc(s->tickets, (s->count + 1) * sizeof(*s->tickets))))
        goto done;
    s->tickets = grown;
    if (!ticket_copy(&s->tickets[s->count], ticket))
        goto done;
    s->count++;
    status = STATUS_SUCCESS;
done:
    ReleaseSRWLockExclusive(&cache.lock);
    return status;
}

void kerb_cache_drop_session(const LUID *session)
{
    session_cache *s;
    ULONG i;

    AcquireSRWLockExclusive(&cache.lock);
    if ((s = find(session))) {
        for (i = 0; i < s->count; i++)
            ticket_clear(&s->tickets[i]);
        free(s->tickets);
        *s = cache.sessions[--cache.count];
    }
    ReleaseSRWLockExclusive(&cache.lock);
}
