/* Logon sessions and the credentials packages attach to them.
 *
 * A session is created by its package (CreateLogonSession) during LogonUser, completed by the core when the logon
 * succeeds, and lives until a package deletes it (DeleteLogonSession) or the process ends: the in-process LSA dies
 * with its process. Only completed sessions are listed. */
#include "lsa_internal.h"

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
    struct session *next;
    lsa_session_info info;
    HANDLE token; /* the token made at logon, for OpenTokenByLogonId */
    credential *creds;
} session;

static SRWLOCK lock = SRWLOCK_INIT;
static session *sessions;

static BOOL same_luid(const LUID *a, const LUID *b)
{
    return a->LowPart == b->LowPart && a->HighPart == b->HighPart;
}

static session **find(const LUID *id)
{
    session **s = &sessions;
    while (*s && !same_luid(&(*s)->info.logon_id, id))
        s = &(*s)->next;
    return s;
}

static void free_credential(credential *c)
{
    if (c->value)
        SecureZeroMemory(c->value, c->value_len);
    free(c->key);
    free(c->value);
    free(c);
}

NTSTATUS lsa_sessions_create(const LUID *id, ULONG package_id)
{
    session *s;
    NTSTATUS st = STATUS_SUCCESS;
    if (!id)
        return STATUS_INVALID_PARAMETER;
    if (!(s = calloc(1, sizeof(*s))))
        return STATUS_NO_MEMORY;
    s->info.logon_id = *id;
    s->info.package_id = package_id;
    AcquireSRWLockExclusive(&lock);
    if (*find(id)) {
        st = STATUS_LOGON_SESSION_COLLISION;
    } else {
        s->next = sessions;
        sessions = s;
    }
    ReleaseSRWLockExclusive(&lock);
    if (st != STATUS_SUCCESS)
        free(s);
    return st;
}

NTSTATUS lsa_sessions_delete(const LUID *id)
{
    session **link, *s = NULL;
    if (!id)
        return STATUS_INVALID_PARAMETER;
    AcquireSRWLockExclusive(&lock);
    link = find(id);
    if ((s = *link))
        *link = s->next;
    ReleaseSRWLockExclusive(&lock);
    if (!s)
        return STATUS_NO_SUCH_LOGON_SESSION;
    while (s->creds) {
        credential *c = s->creds;
        s->creds = c->next;
        free_credential(c);
    }
    if (s->token)
        CloseHandle(s->token);
    free(s);
    /* Outside the lock: packages may call back into the table. */
    lsa_packages_logon_terminated(id);
    return STATUS_SUCCESS;
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
    session *s;
    HANDLE dup, old = NULL;
    NTSTATUS st = STATUS_NO_SUCH_LOGON_SESSION;
    if (!DuplicateHandle(GetCurrentProcess(), token, GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS))
        return STATUS_NO_MEMORY;
    AcquireSRWLockExclusive(&lock);
    if ((s = *find(id))) {
        old = s->token;
        s->token = dup;
        dup = NULL;
        st = STATUS_SUCCESS;
    }
    ReleaseSRWLockExclusive(&lock);
    if (dup)
        CloseHandle(dup);
    if (old)
        CloseHandle(old);
    return st;
}

NTSTATUS lsa_sessions_open_token(const LUID *id, HANDLE *token)
{
    session *s;
    NTSTATUS st = STATUS_NO_SUCH_LOGON_SESSION;
    *token = NULL;
    AcquireSRWLockShared(&lock);
    if ((s = *find(id))) {
        st = STATUS_NO_TOKEN;
        if (s->token && DuplicateHandle(GetCurrentProcess(), s->token, GetCurrentProcess(), token, 0, FALSE,
                                        DUPLICATE_SAME_ACCESS))
            st = STATUS_SUCCESS;
    }
    ReleaseSRWLockShared(&lock);
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
    if (!(c = calloc(1, sizeof(*c))) || !(c->key = malloc(key->Length + 1u)) ||
        !(c->value = malloc(creds->Length + 1u))) {
        if (c) {
            free(c->key);
            free(c);
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
