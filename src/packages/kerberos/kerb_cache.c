/* The sessions' credential caches; see kerb_cache.h. A flat array of sessions, each a kcc_cache with a parallel
 * array of kerb_cred_info: sessions are few and caches small, so linear search beats anything cleverer. */
#include "pkg_win.h"

#include <stdlib.h>
#include <string.h>

#include "kerb_cache.h"
#include "kerb_names.h"

typedef struct session_cache {
    LUID id;
    kcc_cache cache;
    kerb_cred_info *info; /* cache.cred_count entries */
    kerb_logon_state logon;
} session_cache;

static struct {
    SRWLOCK lock;
    session_cache *sessions;
    size_t count;
} store = {SRWLOCK_INIT, NULL, 0};

static session_cache *find(const LUID *id)
{
    size_t i;

    for (i = 0; i < store.count; i++)
        if (store.sessions[i].id.LowPart == id->LowPart && store.sessions[i].id.HighPart == id->HighPart)
            return &store.sessions[i];
    return NULL;
}

void kerb_logon_state_free(kerb_logon_state *s)
{
    kcc_principal_free(&s->user);
    SecureZeroMemory(s, sizeof(*s));
}

static void session_free(session_cache *s)
{
    kcc_cache_free(&s->cache);
    free(s->info);
    kerb_logon_state_free(&s->logon);
    memset(s, 0, sizeof(*s));
}

static NTSTATUS logon_state_copy(kerb_logon_state *to, const kerb_logon_state *from)
{
    *to = *from;
    memset(&to->user, 0, sizeof(to->user));
    if (kcc_principal_copy(&to->user, &from->user) != KCC_OK) {
        SecureZeroMemory(to, sizeof(*to));
        return STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

NTSTATUS kerb_snapshot_add(kerb_snapshot *snap, const kcc_cred *cred, const kerb_cred_info *info)
{
    kerb_cred_info *more;

    if (snap->cache.cred_count >= SIZE_MAX / sizeof(*more) - 1)
        return STATUS_NO_MEMORY;
    if (!(more = realloc(snap->info, (snap->cache.cred_count + 1) * sizeof(*more))))
        return STATUS_NO_MEMORY;
    snap->info = more;
    if (kcc_add_cred(&snap->cache, cred) != KCC_OK)
        return STATUS_NO_MEMORY;
    snap->info[snap->cache.cred_count - 1] = *info;
    return STATUS_SUCCESS;
}

void kerb_snapshot_free(kerb_snapshot *snap)
{
    kcc_cache_free(&snap->cache);
    free(snap->info);
    memset(snap, 0, sizeof(*snap));
}

BOOL kerb_cache_has_session(const LUID *session)
{
    BOOL has;

    AcquireSRWLockShared(&store.lock);
    has = find(session) != NULL;
    ReleaseSRWLockShared(&store.lock);
    return has;
}

NTSTATUS kerb_cache_snapshot(const LUID *session, kerb_snapshot *out)
{
    NTSTATUS status = STATUS_SUCCESS;
    session_cache *s;
    size_t i;

    memset(out, 0, sizeof(*out));
    AcquireSRWLockShared(&store.lock);
    if (!(s = find(session)))
        status = STATUS_NOT_FOUND;
    else if (kcc_principal_copy(&out->cache.default_principal, &s->cache.default_principal) != KCC_OK)
        status = STATUS_NO_MEMORY;
    out->cache.version = KCC_VERSION_4;
    for (i = 0; status == STATUS_SUCCESS && i < s->cache.cred_count; i++)
        status = kerb_snapshot_add(out, &s->cache.creds[i], &s->info[i]);
    ReleaseSRWLockShared(&store.lock);
    if (status != STATUS_SUCCESS)
        kerb_snapshot_free(out);
    return status;
}

NTSTATUS kerb_cache_logon_state(const LUID *session, kerb_logon_state *out)
{
    NTSTATUS status;
    session_cache *s;

    memset(out, 0, sizeof(*out));
    AcquireSRWLockShared(&store.lock);
    status = (s = find(session)) ? logon_state_copy(out, &s->logon) : STATUS_NOT_FOUND;
    ReleaseSRWLockShared(&store.lock);
    return status;
}

static BOOL field_matches(const WCHAR *pattern, const WCHAR *value)
{
    if (!pattern || !pattern[0])
        return TRUE;
    return CompareStringOrdinal(pattern, -1, value, -1, TRUE) == CSTR_EQUAL;
}

BOOL kerb_purge_matches(const kcc_cred *cred, const kerb_purge_match *m)
{
    WCHAR client[KERB_MAX_NAME], crealm[KERB_MAX_NAME], server[KERB_MAX_NAME], srealm[KERB_MAX_NAME];

    if (m->all)
        return TRUE;
    /* A name that cannot be shown cannot be named by a pattern either: it matches only an empty one. */
    if (!kerb_name_wstr(&cred->client, client, ARRAYSIZE(client)))
        client[0] = 0;
    if (!kerb_realm_wstr(&cred->client.realm, crealm, ARRAYSIZE(crealm)))
        crealm[0] = 0;
    if (!kerb_name_wstr(&cred->server, server, ARRAYSIZE(server)))
        server[0] = 0;
    if (!kerb_realm_wstr(&cred->server.realm, srealm, ARRAYSIZE(srealm)))
        srealm[0] = 0;
    return field_matches(m->client_name, client) && field_matches(m->client_realm, crealm) &&
           field_matches(m->server_name, server) && field_matches(m->server_realm, srealm);
}

static void remove_at(session_cache *s, size_t i)
{
    size_t after = s->cache.cred_count - i - 1;

    kcc_cred_free(&s->cache.creds[i]);
    memmove(&s->cache.creds[i], &s->cache.creds[i + 1], after * sizeof(*s->cache.creds));
    memmove(&s->info[i], &s->info[i + 1], after * sizeof(*s->info));
    s->cache.cred_count--;
}

ULONG kerb_cache_purge(const LUID *session, const kerb_purge_match *match)
{
    session_cache *s;
    ULONG purged = 0;
    size_t i;

    AcquireSRWLockExclusive(&store.lock);
    if ((s = find(session))) {
        for (i = s->cache.cred_count; i-- > 0;) {
            if (kerb_purge_matches(&s->cache.creds[i], match)) {
                remove_at(s, i);
                purged++;
            }
        }
    }
    ReleaseSRWLockExclusive(&store.lock);
    return purged;
}

/* Appends to s (the lock held); on failure s is as it was. */
static NTSTATUS append(session_cache *s, const kcc_cred *cred, const kerb_cred_info *info)
{
    kerb_cred_info *more;

    if (s->cache.cred_count >= SIZE_MAX / sizeof(*more) - 1)
        return STATUS_NO_MEMORY;
    if (!(more = realloc(s->info, (s->cache.cred_count + 1) * sizeof(*more))))
        return STATUS_NO_MEMORY;
    s->info = more;
    if (kcc_add_cred(&s->cache, cred) != KCC_OK)
        return STATUS_NO_MEMORY;
    s->info[s->cache.cred_count - 1] = *info;
    return STATUS_SUCCESS;
}

NTSTATUS kerb_cache_store(const LUID *session, const kcc_cred *cred, const kerb_cred_info *info)
{
    NTSTATUS status;
    session_cache *s;
    size_t at = 0;

    AcquireSRWLockExclusive(&store.lock);
    if (!(s = find(session))) {
        status = STATUS_NOT_FOUND;
    } else if ((status = append(s, cred, info)) == STATUS_SUCCESS) {
        /* The new one is last: drop the older ones for the same server, keeping the cache's order otherwise. */
        while (kcc_find_by_server(&s->cache, &cred->server, &at) == KCC_OK && at < s->cache.cred_count - 1)
            remove_at(s, at);
    }
    ReleaseSRWLockExclusive(&store.lock);
    return status;
}

/* Appends cred to s, dropping older ones for the same server (the lock held). */
static NTSTATUS replace(session_cache *s, const kcc_cred *cred, const kerb_cred_info *info)
{
    NTSTATUS status;
    size_t at = 0;

    if ((status = append(s, cred, info)) == STATUS_SUCCESS)
        while (kcc_find_by_server(&s->cache, &cred->server, &at) == KCC_OK && at < s->cache.cred_count - 1)
            remove_at(s, at);
    return status;
}

NTSTATUS kerb_cache_import(const LUID *session, const kerb_realm_info *realm, const kcc_cache *creds)
{
    NTSTATUS status = STATUS_SUCCESS;
    session_cache fresh, *s, *grown;
    kerb_cred_info info;
    size_t i;

    memset(&info, 0, sizeof(info));
    memset(&fresh, 0, sizeof(fresh));
    if (!creds->cred_count)
        return STATUS_SUCCESS;
    AcquireSRWLockExclusive(&store.lock);
    if (!(s = find(session))) {
        fresh.id = *session;
        fresh.cache.version = KCC_VERSION_4;
        fresh.logon.realm = *realm;
        if (kcc_principal_copy(&fresh.cache.default_principal, &creds->creds[0].client) != KCC_OK ||
            kcc_principal_copy(&fresh.logon.user, &creds->creds[0].client) != KCC_OK ||
            !(grown = realloc(store.sessions, (store.count + 1) * sizeof(*grown)))) {
            session_free(&fresh);
            status = STATUS_NO_MEMORY;
        } else {
            store.sessions = grown;
            store.sessions[store.count] = fresh;
            s = &store.sessions[store.count++];
        }
    }
    for (i = 0; status == STATUS_SUCCESS && i < creds->cred_count; i++)
        status = replace(s, &creds->creds[i], &info);
    ReleaseSRWLockExclusive(&store.lock);
    return status;
}

NTSTATUS kerb_cache_start_session(const LUID *session, const kerb_realm_info *realm, const kerb_tgt_result *logon)
{
    kerb_cred_info info;
    session_cache fresh, *s, *grown;
    NTSTATUS status = STATUS_NO_MEMORY;

    memset(&fresh, 0, sizeof(fresh));
    memset(&info, 0, sizeof(info));
    if (logon->key_len > sizeof(fresh.logon.key))
        return STATUS_INVALID_PARAMETER;
    fresh.id = *session;
    fresh.cache.version = KCC_VERSION_4;
    fresh.logon.realm = *realm;
    fresh.logon.key_enctype = logon->key_enctype;
    memcpy(fresh.logon.key, logon->key, logon->key_len);
    fresh.logon.key_len = logon->key_len;
    lstrcpynA(info.kdc, logon->kdc, sizeof(info.kdc));
    info.cache_flags = KERB_CACHE_FLAG_PRIMARY;
    if (kcc_principal_copy(&fresh.cache.default_principal, &logon->tgt.client) != KCC_OK ||
        kcc_principal_copy(&fresh.logon.user, &logon->tgt.client) != KCC_OK ||
        append(&fresh, &logon->tgt, &info) != STATUS_SUCCESS)
        goto done;

    AcquireSRWLockExclusive(&store.lock);
    if ((s = find(session))) {
        session_free(s);
        *s = fresh;
        status = STATUS_SUCCESS;
    } else if ((grown = realloc(store.sessions, (store.count + 1) * sizeof(*grown)))) {
        store.sessions = grown;
        store.sessions[store.count++] = fresh;
        status = STATUS_SUCCESS;
    }
    ReleaseSRWLockExclusive(&store.lock);
done:
    if (status != STATUS_SUCCESS)
        session_free(&fresh);
    else
        SecureZeroMemory(&fresh, sizeof(fresh)); /* now owned by the store */
    return status;
}

ULONG kerb_cache_update_key(const kcc_principal *user, int32_t key_enctype, const uint8_t *key, size_t key_len)
{
    ULONG updated = 0;
    size_t i;

    if (!key_len || key_len > KERB_MAX_LONG_TERM_KEY)
        return 0;
    AcquireSRWLockExclusive(&store.lock);
    for (i = 0; i < store.count; i++) {
        kerb_logon_state *l = &store.sessions[i].logon;
        if (!l->key_len || !kcc_principal_equal(&l->user, user))
            continue;
        SecureZeroMemory(l->key, sizeof(l->key));
        memcpy(l->key, key, key_len);
        l->key_len = key_len;
        l->key_enctype = key_enctype;
        updated++;
    }
    ReleaseSRWLockExclusive(&store.lock);
    return updated;
}

static BOOL data_equal_nocase(const kcc_data *a, const kcc_data *b)
{
    size_t i;

    if (a->length != b->length)
        return FALSE;
    for (i = 0; i < a->length; i++) {
        uint8_t x = a->bytes[i], y = b->bytes[i];
        if (x >= 'A' && x <= 'Z')
            x = (uint8_t)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (uint8_t)(y - 'A' + 'a');
        if (x != y)
            return FALSE;
    }
    return TRUE;
}

static BOOL same_user_nocase(const kcc_principal *a, const kcc_principal *b)
{
    uint32_t i;

    if (a->count != b->count || !data_equal_nocase(&a->realm, &b->realm))
        return FALSE;
    for (i = 0; i < a->count; i++)
        if (!data_equal_nocase(&a->components[i], &b->components[i]))
            return FALSE;
    return TRUE;
}

BOOL kerb_cache_has_user(const kcc_principal *user)
{
    BOOL has = FALSE;
    size_t i;

    AcquireSRWLockShared(&store.lock);
    for (i = 0; i < store.count && !has; i++)
        has = store.sessions[i].logon.key_len && same_user_nocase(&store.sessions[i].logon.user, user);
    ReleaseSRWLockShared(&store.lock);
    return has;
}

void kerb_cache_drop_session(const LUID *session)
{
    session_cache *s;

    AcquireSRWLockExclusive(&store.lock);
    if ((s = find(session))) {
        session_free(s);
        *s = store.sessions[--store.count];
    }
    ReleaseSRWLockExclusive(&store.lock);
}
