/* A session's credentials, ours or the host's; see kerb_source.h. */
#include "pkg_win.h"

#include <string.h>

#include "kerb_host_ccache.h"
#include "kerb_source.h"

void kerb_source_for(const LUID *session, BOOL own, kerb_source *out)
{
    out->session = *session;
    out->host = own && !kerb_cache_has_session(session);
}

NTSTATUS kerb_source_snapshot(const kerb_source *s, kerb_snapshot *out)
{
    NTSTATUS status;

    if (s->host)
        return kerb_host_ccache_read(out);
    status = kerb_cache_snapshot(&s->session, out);
    if (status == STATUS_NOT_FOUND) {
        /* A session that never logged on through Kerberos: an empty cache. */
        memset(out, 0, sizeof(*out));
        out->cache.version = KCC_VERSION_4;
        status = STATUS_SUCCESS;
    }
    return status;
}

static BOOL purge_file(kcc_cache *cache, void *context)
{
    const kerb_purge_match *m = context;
    size_t i, kept = 0, before = cache->cred_count;

    for (i = 0; i < cache->cred_count; i++) {
        /* Configuration entries are the cache's own bookkeeping, not tickets: they stay. */
        if (!kcc_is_config(&cache->creds[i]) && kerb_purge_matches(&cache->creds[i], m))
            kcc_cred_free(&cache->creds[i]);
        else
            cache->creds[kept++] = cache->creds[i];
    }
    cache->cred_count = kept;
    return kept != before;
}

void kerb_source_purge(const kerb_source *s, const kerb_purge_match *match)
{
    if (s->host)
        kerb_host_ccache_edit(purge_file, (void *)match);
    else
        kerb_cache_purge(&s->session, match);
}

static BOOL add_to_file(kcc_cache *cache, void *context)
{
    const kcc_cred *cred = context;

    /* As MIT's kvno: the new credential is appended; older ones for the same server go first, so a lookup that
     * takes the first match finds the fresh one. */
    if (kcc_remove_server(cache, &cred->server, NULL) != KCC_OK)
        return FALSE;
    return kcc_add_cred(cache, cred) == KCC_OK;
}

NTSTATUS kerb_source_store(const kerb_source *s, const kcc_cred *cred, const kerb_cred_info *info)
{
    if (s->host)
        return kerb_host_ccache_edit(add_to_file, (void *)cred);
    return kerb_cache_store(&s->session, cred, info);
}
