/* Logon sessions and the credentials packages attach to them.
 *
 * A session is created by its package (CreateLogonSession) during LogonUser and completed by the core when the logon
 * succeeds. It ends, as on Windows, when the last reference to its tokens goes away: the LSA keeps one handle to each
 * token made for it and watches the token objects' reference counts (lsa_session_watch.c); a sweep finds sessions
 * whose tokens only the LSA still holds, wipes their credentials and tells every package (LsaApLogonTerminated). A
 * package may also delete its session itself (DeleteLogonSession). Sessions without a token (the machine's, or one a
 * package made without logging anyone on) are not watched: they end only by deletion or with the process. Only
 * completed sessions are listed. */
#include "lsa_internal.h"
#include "lsa_addr_map.h"

#include <stdlib.h>
#include <string.h>

typedef struct credential {
    struct credential *next;
    ULONG package;
    char *key;
    USHORT key_len;
    char *value;
    USHORT value_len;
} credential;

typedef struct session {
    struct session *next, **pprev; /* newest first; pprev: the link that points here */
    lsa_session_info info;
    lsa_watched_token *tokens; /* the tokens made for it, newest last: one LSA handle each */
    ULONG token_count;
    ULONG generation;          /* bumped whenever a token handle is added or given out (OpenTokenByLogonId) */
    credential *creds;
} session;

static SRWLOCK lock = SRWLOCK_INIT;
static session *sessions;
/* Sessions by logon id: a burst of logons keeps thousands alive until the watcher's next sweep, and every logon
 * looks its own up several times. */
static lsa_addr_map by_id = LSA_ADDR_MAP_INIT;
static session *const no_session;
static volatile LONG watched_count; /* sessions with at least one token */

static BOOL same_luid(const LUID *a, const LUID *b)
{
    return a->LowPart == b->LowPart && a->HighPart == b->HighPart;
}

static uint64_t id_key(const LUID *id)
{
    /* Keys 0 and 1 are the map's own; a LUID is 64 bits whose top values no LSA ever hands out. */
    return ((uint64_t)(uint32_t)id->HighPart << 32 | id->LowPart) + 2;
}

/* The link that points at the session with this id, or a link to NULL (never written: callers unlink only what
 * they found). Lock held. */
static session **find(const LUID *id)
{
    const lsa_addr_entry *e = lsa_addr_map_get(&by_id, id_key(id));
    return e ? ((session *)(uintptr_t)e->a)->pprev : (session **)&no_session;
}

static void free_credential(credential *c)
{
    if (c->value)
        SecureZeroMemory(c->value, c->value_len);
    lsa_session_free(c->key);
    lsa_session_free(c->value);
    lsa_session_free(c);
}

NTSTATUS lsa_sessions_create(const LUID *id, ULONG package_id)
{
    session *s;
    NTSTATUS st = STATUS_SUCCESS;
    if (!id)
        return STATUS_INVALID_PARAMETER;
    if (!(s = lsa_session_alloc(sizeof(*s))))
        return STATUS_NO_MEMORY;
    s->info.logon_id = *id;
    s->info.package_id = package_id;
    AcquireSRWLockExclusive(&lock);
    if (*find(id)) {
        st = STATUS_LOGON_SESSION_COLLISION;
    } else if (!lsa_addr_map_put(&by_id, id_key(id), (uint64_t)(uintptr_t)s, 0)) {
        st = STATUS_NO_MEMORY;
    } else {
        s->next = sessions;
        s->pprev = &sessions;
        if (sessions)
            sessions->pprev = &s->next;
        sessions = s;
    }
    ReleaseSRWLockExclusive(&lock);
    if (st != STATUS_SUCCESS)
        lsa_session_free(s);
    return st;
}

/* Take s out of the list; the lock is held exclusively. */
static void unlink_session(session **link)
{
    session *s = *link;
    *link = s->next;
    if (s->next)
        s->next->pprev = link;
    lsa_addr_map_remove(&by_id, id_key(&s->info.logon_id), NULL, NULL);
    if (s->token_count)
        InterlockedDecrement(&watched_count);
}

/* The rest of ending a session, outside the lock (packages may call back into the table): wipe and free what it
 * held, close the LSA's token handles, then tell every package. */
static void finish_session(session *s)
{
    LUID id = s->info.logon_id;
    while (s->creds) {
        credential *c = s->creds;
        s->creds = c->next;
        free_credential(c);
    }
    for (ULONG i = 0; i < s->token_count; i++)
        CloseHandle(s->tokens[i].handle);
    lsa_session_free(s->tokens);
    SecureZeroMemory(&s->info, sizeof(s->info));
    lsa_session_free(s);
    lsa_packages_logon_terminated(&id);
}

NTSTATUS lsa_sessions_delete(const LUID *id)
{
    session **link, *s = NULL;
    if (!id)
        return STATUS_INVALID_PARAMETER;
    AcquireSRWLockExclusive(&lock);
    link = find(id);
    if ((s = *link))
        unlink_session(link);
    ReleaseSRWLockExclusive(&lock);
    if (!s)
        return STATUS_NO_SUCH_LOGON_SESSION;
    finish_session(s);
    return STATUS_SUCCESS;
}

/* One watched token of a session, copied out of the table so that its counts are read without holding the lock
 * (each read is a wineserver round trip; logons must not wait behind a sweep). */
typedef struct sweep_entry {
    LUID id;
    ULONG generation;
    lsa_watched_token token;
} sweep_entry;

/* The tokens of every completed session (or of `only`), a session's entries adjacent. Reading their counts after the
 * lock is released is safe: a session's handles are closed only once it has left the table, and end_released ends a
 * session only if it is still there with the same generation, so its handles were open all along. */
static sweep_entry *snapshot(const LUID *only, ULONG *count)
{
    ULONG n = 0, cap = 0;
    sweep_entry *e = NULL;
    session *first;
    AcquireSRWLockShared(&lock);
    first = only ? *find(only) : sessions; /* one session: no walk through the others */
    for (session *s = first; s; s = only ? NULL : s->next)
        if (s->info.complete && (!only || same_luid(only, &s->info.logon_id)))
            cap += s->token_count;
    if (cap && (e = malloc((size_t)cap * sizeof(*e)))) {
        for (session *s = first; s; s = only ? NULL : s->next) {
            if (!s->info.complete || (only && !same_luid(only, &s->info.logon_id)))
                continue;
            for (ULONG i = 0; i < s->token_count && n < cap; i++) {
                e[n].id = s->info.logon_id;
                e[n].generation = s->generation;
                e[n].token = s->tokens[i];
                n++;
            }
        }
    }
    ReleaseSRWLockShared(&lock);
    *count = n;
    return e;
}

/* Sessions taken out of the table whose ending (credentials wiped, the LSA's token handles closed, packages told)
 * is still to be done. Measured in the LSA server under Wine 8 (docs/benchmark.md, "The LSA server: many client
 * processes"): closing a token handle costs ~13 us idle but ~1 ms while 32 clients log on, so one watcher thread
 * finishing every ended session alone fell behind the logons and thousands of ended sessions waited in memory while
 * the load lasted. So each logon finishes up to LSA_SESSIONS_FINISH_PER_LOGON of them first
 * (lsa_sessions_finish_ended): the work follows the load that makes it. */
static SRWLOCK ending_lock = SRWLOCK_INIT;
static session *ending;

static void queue_ending(session *s)
{
    AcquireSRWLockExclusive(&ending_lock);
    s->next = ending;
    ending = s;
    ReleaseSRWLockExclusive(&ending_lock);
}

ULONG lsa_sessions_finish_ended(ULONG max)
{
    ULONG n = 0;
    while (!max || n < max) {
        session *s;
        AcquireSRWLockExclusive(&ending_lock);
        if ((s = ending))
            ending = s->next;
        ReleaseSRWLockExclusive(&ending_lock);
        if (!s)
            break;
        finish_session(s);
        n++;
    }
    return n;
}

/* End each listed session unless a token handle was added or given out since the snapshot (the generation moved):
 * nobody else can make a new reference to a token that only the LSA holds. Unlisted at once; finished by whoever
 * takes it from the queue first (this thread before the sweep returns, or a logon meanwhile). */
static void end_released(const sweep_entry *e, ULONG n)
{
    for (ULONG i = 0; i < n; i++) {
        session **link, *s = NULL;
        AcquireSRWLockExclusive(&lock);
        link = find(&e[i].id);
        if (*link && (*link)->generation == e[i].generation) {
            s = *link;
            unlink_session(link);
        }
        ReleaseSRWLockExclusive(&lock);
        if (s) {
            TRACE("logon session %lx:%lx ended: its last token was closed", s->info.logon_id.HighPart,
                  s->info.logon_id.LowPart);
            queue_ending(s);
        }
    }
}

/* Reading a token's counts is one wineserver round trip, and the round trips of one thread follow each other: under
 * a burst of logons (6,000-7,000 a second through the LSA server, each closing its token at once) one thread
 * reading every watched token fell behind, and tens of thousands of ended sessions waited in memory until the burst
 * was over (140 MiB at most in 100,000 cycles, measured). So a large sweep reads with several threads at once: the
 * wineserver answers them in turn, but none waits for another's answer. */
#define SWEEP_READERS 4
#define SWEEP_PER_READER 256 /* entries below which one more thread is not worth starting */

typedef struct sweep_work {
    const sweep_entry *e;
    BOOL *in_use;
    ULONG n;
    volatile LONG next;
} sweep_work;

static DWORD WINAPI read_counts(void *arg)
{
    sweep_work *w = arg;
    LONG i;
    while ((i = InterlockedIncrement(&w->next) - 1) < (LONG)w->n)
        w->in_use[i] = lsa_watched_token_in_use(&w->e[i].token);
    return 0;
}

/* in_use[i] for every entry, with up to SWEEP_READERS threads (this one among them). */
static void read_all_counts(const sweep_entry *e, ULONG n, BOOL *in_use)
{
    sweep_work w = { e, in_use, n, 0 };
    HANDLE helpers[SWEEP_READERS - 1];
    ULONG started = 0;
    for (ULONG want = n / SWEEP_PER_READER; started < ARRAYSIZE(helpers) && started < want; started++)
        if (!(helpers[started] = CreateThread(NULL, 64 * 1024, read_counts, &w, STACK_SIZE_PARAM_IS_A_RESERVATION,
                                              NULL)))
            break; /* fewer readers: slower, never wrong */
    read_counts(&w);
    if (started)
        WaitForMultipleObjects(started, helpers, TRUE, INFINITE);
    for (ULONG i = 0; i < started; i++)
        CloseHandle(helpers[i]);
}

/* A session ends when every token watched for it is released. A token whose counts cannot be read counts as in
 * use: a session is never ended on a guess. */
static ULONG sweep(const LUID *only)
{
    ULONG n, released = 0;
    sweep_entry *e;
    BOOL *in_use;
    if (InterlockedCompareExchange(&watched_count, 0, 0) && (e = snapshot(only, &n))) {
        if ((in_use = malloc((size_t)n * sizeof(*in_use)))) {
            read_all_counts(e, n, in_use);
            for (ULONG i = 0, j; i < n; i = j) {
                BOOL all = TRUE;
                for (j = i; j < n && same_luid(&e[j].id, &e[i].id); j++)
                    all = all && !in_use[j];
                if (all)
                    e[released++] = e[i]; /* released <= i: only entries already looked at are overwritten */
            }
            free(in_use);
            end_released(e, released);
        }
        free(e);
    }
    lsa_sessions_finish_ended(0);
    return released;
}

ULONG lsa_sessions_sweep(void)
{
    return sweep(NULL);
}

void lsa_sessions_sweep_one(const LUID *id)
{
    sweep(id);
}

BOOL lsa_sessions_any_watched(void)
{
    return InterlockedCompareExchange(&watched_count, 0, 0) != 0;
}

void lsa_sessions_count(size_t *all, size_t *watched)
{
    size_t n = 0;
    AcquireSRWLockShared(&lock);
    for (const session *s = sessions; s; s = s->next)
        n++;
    ReleaseSRWLockShared(&lock);
    *all = n;
    *watched = (size_t)InterlockedCompareExchange(&watched_count, 0, 0);
}

BOOL lsa_sessions_exists(const LUID *id)
{
    BOOL found;
    AcquireSRWLockShared(&lock);
    found = *find(id) != NULL;
    ReleaseSRWLockShared(&lock);
    return found;
}

NTSTATUS lsa_sessions_complete(const lsa_session_info *info)
{
    session *s;
    NTSTATUS st = STATUS_NO_SUCH_LOGON_SESSION;
    AcquireSRWLockExclusive(&lock);
    if ((s = *find(&info->logon_id))) {
        s->info = *info;
        s->info.complete = TRUE;
        st = STATUS_SUCCESS;
    }
    ReleaseSRWLockExclusive(&lock);
    return st;
}

NTSTATUS lsa_sessions_get(const LUID *id, lsa_session_info *out)
{
    session *s;
    NTSTATUS st = STATUS_NO_SUCH_LOGON_SESSION;
    AcquireSRWLockShared(&lock);
    if ((s = *find(id)) && s->info.complete) {
        *out = s->info;
        st = STATUS_SUCCESS;
    }
    ReleaseSRWLockShared(&lock);
    return st;
}

NTSTATUS lsa_sessions_list(LUID **ids, ULONG *count)
{
    ULONG n = 0, i = 0;
    *ids = NULL;
    *count = 0;
    AcquireSRWLockShared(&lock);
    for (session *s = sessions; s; s = s->next)
        n += s->info.complete;
    *ids = lsa_heap_alloc((size_t)n * sizeof(LUID));
    if (*ids) {
        for (session *s = sessions; s; s = s->next)
            if (s->info.complete)
                (*ids)[i++] = s->info.logon_id;
    }
    ReleaseSRWLockShared(&lock);
    if (!*ids)
        return STATUS_NO_MEMORY;
    /* Oldest first, as they were created. */
    for (ULONG a = 0, b = n ? n - 1 : 0; a < b; a++, b--) {
        LUID t = (*ids)[a];
        (*ids)[a] = (*ids)[b];
        (*ids)[b] = t;
    }
    *count = n;
    return STATUS_SUCCESS;
}

NTSTATUS lsa_sessions_set_token(const LUID *id, HANDLE token)
{
    HANDLE ours;
    if (!DuplicateHandle(GetCurrentProcess(), token, GetCurrentProcess(), &ours, 0, FALSE, DUPLICATE_SAME_ACCESS))
        return STATUS_NO_MEMORY;
    return lsa_sessions_keep_token(id, ours);
}

NTSTATUS lsa_sessions_keep_token(const LUID *id, HANDLE token)
{
    session *s;
    lsa_watched_token w;
    lsa_watched_token *grown;
    NTSTATUS st = STATUS_NO_SUCH_LOGON_SESSION;
    BOOL first = FALSE;
    w.handle = token;
    /* The references other than handles now are the baseline the watcher compares with: more later means a thread
     * impersonates with the token. */
    lsa_watched_token_start(&w);
    AcquireSRWLockExclusive(&lock);
    if ((s = *find(id))) {
        st = STATUS_NO_MEMORY;
        if ((grown = lsa_session_realloc(s->tokens, ((size_t)s->token_count + 1) * sizeof(*grown)))) {
            s->tokens = grown;
            s->tokens[s->token_count++] = w;
            s->generation++;
            w.handle = NULL;
            if (s->token_count == 1) {
                InterlockedIncrement(&watched_count);
                first = TRUE;
            }
            st = STATUS_SUCCESS;
        }
    }
    ReleaseSRWLockExclusive(&lock);
    if (w.handle)
        CloseHandle(w.handle);
    if (first)
        lsa_session_watcher_start();
    return st;
}

NTSTATUS lsa_sessions_open_token(const LUID *id, HANDLE *token)
{
    session *s;
    NTSTATUS st = STATUS_NO_SUCH_LOGON_SESSION;
    *token = NULL;
    /* Exclusive: the generation it bumps tells a concurrent sweep that a new handle to the token exists. */
    AcquireSRWLockExclusive(&lock);
    if ((s = *find(id))) {
        st = STATUS_NO_TOKEN;
        if (s->token_count && DuplicateHandle(GetCurrentProcess(), s->tokens[s->token_count - 1].handle,
                                              GetCurrentProcess(), token, 0, FALSE, DUPLICATE_SAME_ACCESS)) {
            s->generation++;
            st = STATUS_SUCCESS;
        }
    }
    ReleaseSRWLockExclusive(&lock);
    return st;
}

static BOOL same_key(const credential *c, ULONG package, const LSA_STRING *key)
{
    return c->package == package && c->key_len == key->Length && !memcmp(c->key, key->Buffer, key->Length);
}

NTSTATUS lsa_credentials_add(const LUID *id, ULONG package, const LSA_STRING *key, const LSA_STRING *creds)
{
    session *s;
    credential *c;
    NTSTATUS st = STATUS_NO_SUCH_LOGON_SESSION;
    if (!id || !key || !creds || (key->Length && !key->Buffer) || (creds->Length && !creds->Buffer))
        return STATUS_INVALID_PARAMETER;
    if (!(c = lsa_session_alloc(sizeof(*c))) || !(c->key = lsa_session_alloc(key->Length + 1u)) ||
        !(c->value = lsa_session_alloc(creds->Length + 1u))) {
        if (c) {
            lsa_session_free(c->key);
            lsa_session_free(c);
        }
        return STATUS_NO_MEMORY;
    }
    c->package = package;
    memcpy(c->key, key->Buffer, key->Length);
    c->key_len = key->Length;
    memcpy(c->value, creds->Buffer, creds->Length);
    c->value_len = creds->Length;
    AcquireSRWLockExclusive(&lock);
    if ((s = *find(id))) {
        c->next = s->creds;
        s->creds = c;
        c = NULL;
        st = STATUS_SUCCESS;
    }
    ReleaseSRWLockExclusive(&lock);
    if (c)
        free_credential(c);
    return st;
}

static NTSTATUS copy_out(const char *src, USHORT len, PLSA_STRING dst)
{
    dst->Buffer = lsa_heap_alloc(len + 1u);
    if (!dst->Buffer)
        return STATUS_NO_MEMORY;
    memcpy(dst->Buffer, src, len);
    dst->Length = len;
    dst->MaximumLength = (USHORT)(len + 1u < 0xFFFF ? len + 1u : len);
    return STATUS_SUCCESS;
}

/* Documented semantics: with RetrieveAllCredentials, *QueryContext walks the package's credentials one per call,
 * returning the primary key too; otherwise the credential whose primary key matches PrimaryKeyValue. */
NTSTATUS lsa_credentials_get(const LUID *id, ULONG package, PULONG context, BOOLEAN all, PLSA_STRING key,
                             PULONG key_len, PLSA_STRING creds)
{
    session *s;
    NTSTATUS st = STATUS_NO_SUCH_LOGON_SESSION;
    if (!id || !creds || (all && (!context || !key)) || (!all && !key))
        return STATUS_INVALID_PARAMETER;
    AcquireSRWLockShared(&lock);
    if ((s = *find(id))) {
        ULONG index = 0;
        st = STATUS_NOT_FOUND;
        for (credential *c = s->creds; c; c = c->next) {
            if (c->package != package)
                continue;
            if (all ? index++ == *context : same_key(c, package, key)) {
                st = copy_out(c->value, c->value_len, creds);
                if (st == STATUS_SUCCESS && all) {
                    st = copy_out(c->key, c->key_len, key);
                    if (key_len)
                        *key_len = c->key_len;
                    (*context)++;
                }
                break;
            }
        }
    }
    ReleaseSRWLockShared(&lock);
    return st;
}

NTSTATUS lsa_credentials_delete(const LUID *id, ULONG package, const LSA_STRING *key)
{
    session *s;
    credential *gone = NULL;
    NTSTATUS st = STATUS_NO_SUCH_LOGON_SESSION;
    if (!id || !key)
        return STATUS_INVALID_PARAMETER;
    AcquireSRWLockExclusive(&lock);
    if ((s = *find(id))) {
        st = STATUS_NOT_FOUND;
        for (credential **c = &s->creds; *c; c = &(*c)->next) {
            if (same_key(*c, package, key)) {
                gone = *c;
                *c = gone->next;
                st = STATUS_SUCCESS;
                break;
            }
        }
    }
    ReleaseSRWLockExclusive(&lock);
    if (gone)
        free_credential(gone);
    return st;
}
