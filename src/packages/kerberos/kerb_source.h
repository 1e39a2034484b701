/* Where a request's logon session keeps its Kerberos credentials: a session cache of ours (kerb_cache.h), or, for
 * the caller's own session when it has none, the host's MIT ccache (kerb_host_ccache.h). The messages read, purge
 * and add through this, whichever it is. */
#ifndef LSAEMU_PACKAGES_KERB_SOURCE_H
#define LSAEMU_PACKAGES_KERB_SOURCE_H

#include "pkg_win.h"

#include "kerb_cache.h"

typedef struct kerb_source {
    LUID session;
    BOOL host; /* the host's ccache stands for the session */
} kerb_source;

/* own: the session is the caller's (pkg_client_resolve_logon_id). */
void kerb_source_for(const LUID *session, BOOL own, kerb_source *out);

/* The credentials (none for a session with no cache of ours that is not the caller's). STATUS_NO_MEMORY. */
NTSTATUS kerb_source_snapshot(const kerb_source *s, kerb_snapshot *out);

/* Removes the matching credentials. A host file that cannot be rewritten is left as it was (traced): purges report
 * success as Windows' do. */
void kerb_source_purge(const kerb_source *s, const kerb_purge_match *match);

/* Keeps a newly fetched credential, replacing an older one for the same server. */
NTSTATUS kerb_source_store(const kerb_source *s, const kcc_cred *cred, const kerb_cred_info *info);

#endif
