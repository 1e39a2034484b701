/* The host's MIT credential cache, which the caller's own session shows when it has no Kerberos cache of ours (a
 * process that logged no one on), as Wine's builtin Kerberos does: the FILE ccache KRB5CCNAME names ("FILE:path" or
 * a bare path; other cache types are not read, with a trace), else /tmp/krb5cc_<uid> for the process's real Unix
 * uid (read from /proc/self/status). Unix paths are opened through Wine's \\?\unix\ prefix. The file is read at
 * every call, never kept.
 *
 * Writes follow MIT's own tools: a purge removes the matching credentials (the file stays, with its default
 * principal and configuration entries, as krb5_cc_remove_cred leaves it); a newly fetched service ticket is added
 * (as kvno does). A rewrite goes to a new file in the same folder, mode 0600 as MIT creates ccaches, then renamed
 * over the original; reads and rewrites hold the fcntl-style file locks MIT's tools take. */
#ifndef LSAEMU_PACKAGES_KERB_HOST_CCACHE_H
#define LSAEMU_PACKAGES_KERB_HOST_CCACHE_H

#include "pkg_win.h"

#include "kerb_cache.h"

/* The file's Windows path. STATUS_NOT_FOUND when KRB5CCNAME names a cache type other than FILE, or no uid can be
 * found. */
NTSTATUS kerb_host_ccache_path(WCHAR *path, size_t cap);

/* The host cache's credentials (configuration entries left out). A missing file, another cache type or a file that
 * does not parse is an empty cache (STATUS_SUCCESS, traced); STATUS_NO_MEMORY. */
NTSTATUS kerb_host_ccache_read(kerb_snapshot *out);

/* Reads the file, lets edit change it (returning FALSE to leave the file alone), and rewrites it. A missing file
 * is left missing (STATUS_SUCCESS, nothing edited). STATUS_NOT_FOUND for another cache type; STATUS_UNSUCCESSFUL
 * for a file that does not parse or cannot be written (the original is then untouched); STATUS_NO_MEMORY. */
NTSTATUS kerb_host_ccache_edit(BOOL (*edit)(kcc_cache *cache, void *context), void *context);

#endif
