/* Each logon session's Kerberos credentials: a ccache in memory (kcc_cache: default principal, then credentials
 * with their ticket DER and session keys), the realm and KDCs the logon used, the user's kept long-term key (so an
 * expired TGT is fetched again without asking), and per credential the KDC it came from and its cache flags.
 * Filled by kerb_cache_start_session after a Kerberos logon and by service tickets fetched later; read through
 * snapshot copies so no caller holds the lock while it builds a response. Keys are wiped whenever a copy or an entry
 * is dropped, and never logged. Thread-safe. */
#ifndef LSAEMU_PACKAGES_KERB_CACHE_H
#define LSAEMU_PACKAGES_KERB_CACHE_H

#include "pkg_win.h"

#include "kcc.h"
#include "kerb_config.h"
#include "kerb_kdc.h"

/* KERB_TICKET_CACHE_INFO_EX3.CacheFlags of a session's initial TGT (what Windows' klist prints as "PRIMARY"). */
#define KERB_CACHE_FLAG_PRIMARY 0x1

/* What a ccache does not hold about a credential. */
typedef struct kerb_cred_info {
    char kdc[KERB_MAX_KDC_NAME]; /* the KDC that issued it ("" when unknown, e.g. read from the host's file) */
    ULONG cache_flags;
} kerb_cred_info;

/* A copy of a session's credentials, owned by the caller. info has cache.cred_count entries. */
typedef struct kerb_snapshot {
    kcc_cache cache;
    kerb_cred_info *info;
} kerb_snapshot;

/* Whether the session has a Kerberos cache of ours. */
BOOL kerb_cache_has_session(const LUID *session);

/* Copies the session's credentials. STATUS_NOT_FOUND when the session has no Kerberos cache of ours (it did not log
 * on through Kerberos), STATUS_NO_MEMORY. */
NTSTATUS kerb_cache_snapshot(const LUID *session, kerb_snapshot *out);
void kerb_snapshot_free(kerb_snapshot *snap);
/* Appends a deep copy of cred with its info to a snapshot (the host ccache path builds its snapshots this way). */
NTSTATUS kerb_snapshot_add(kerb_snapshot *snap, const kcc_cred *cred, const kerb_cred_info *info);

/* What a session needs to fetch tickets: its realm, its user, and the kept long-term key. The key is secret: free
 * with kerb_logon_state_free. */
typedef struct kerb_logon_state {
    kerb_realm_info realm;
    kcc_principal user;
    int32_t key_enctype;
    uint8_t key[KERB_MAX_LONG_TERM_KEY];
    size_t key_len;
} kerb_logon_state;

/* STATUS_NOT_FOUND when the session has no cache of ours. */
NTSTATUS kerb_cache_logon_state(const LUID *session, kerb_logon_state *out);
void kerb_logon_state_free(kerb_logon_state *s);

/* Which credentials a purge removes: all, or those whose every non-empty pattern field equals the ticket's
 * (case-insensitively; names as "a/b", realms as written). */
typedef struct kerb_purge_match {
    BOOL all;
    const WCHAR *client_name, *client_realm, *server_name, *server_realm; /* NULL or "" = any */
} kerb_purge_match;

BOOL kerb_purge_matches(const kcc_cred *cred, const kerb_purge_match *match);

/* Removes matching credentials of a session of ours; returns how many went (0 for a session with no cache). */
ULONG kerb_cache_purge(const LUID *session, const kerb_purge_match *match);

/* Stores a copy of cred in a session of ours, replacing a credential for the same server (a fresher ticket, or a
 * fetched TGT replacing an expired one). STATUS_NOT_FOUND when the session has no cache of ours. */
NTSTATUS kerb_cache_store(const LUID *session, const kcc_cred *cred, const kerb_cred_info *info);

/* Imports credentials (KerbSubmitTicketMessage) into a session: each replaces a credential for the same server, as
 * kerb_cache_store. A session with no cache of ours gets one for realm (the imported TGT's realm, so its KDCs serve
 * TGS requests) with no kept key, its default principal the first credential's client. STATUS_NO_MEMORY. */
NTSTATUS kerb_cache_import(const LUID *session, const kerb_realm_info *realm, const kcc_cache *creds);

/* A Kerberos logon's state for its new session: the realm and its KDCs, the user's kept long-term key, the KDC that
 * answered, and the TGT as the first credential of the session's cache (replacing any cache the session had).
 * Takes copies; the caller still frees logon. STATUS_NO_MEMORY on failure, STATUS_INVALID_PARAMETER for a key
 * longer than KERB_MAX_LONG_TERM_KEY (nothing kept either way). */
NTSTATUS kerb_cache_start_session(const LUID *session, const kerb_realm_info *realm, const kerb_tgt_result *logon);

/* After user's password changed: every session of ours whose logon user is user (compared as kcc_principal_equal,
 * the KDC's spelling) and that keeps a long-term key gets key_enctype/key instead, the old key wiped; sessions
 * without a kept key (submitted tickets) stay without. Returns how many sessions were updated; 0 for a key longer
 * than KERB_MAX_LONG_TERM_KEY. */
ULONG kerb_cache_update_key(const kcc_principal *user, int32_t key_enctype, const uint8_t *key, size_t key_len);

/* Whether a session of ours with a kept key has user as its logon user, names and realm compared ignoring ASCII case
 * (a cheap question before the KDC is asked for the key kerb_cache_update_key takes). */
BOOL kerb_cache_has_user(const kcc_principal *user);

/* Forgets a session's cache, wiping its keys (LsaApLogonTerminated). */
void kerb_cache_drop_session(const LUID *session);

#endif
