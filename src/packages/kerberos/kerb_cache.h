/* The per-logon-session Kerberos ticket cache.
 *
 * Holds, for each logon session, the public facts of its cached tickets (names, times, flags, encryption types) —
 * what KerbQueryTicketCache*Message report. Nothing fills it in this issue (a later one does, from a KDC), so every
 * session's cache is empty; the queries, purges and session drops are nevertheless real operations on it.
 * Thread-safe. */
#ifndef LSAEMU_PACKAGES_KERB_CACHE_H
#define LSAEMU_PACKAGES_KERB_CACHE_H

#include "pkg_win.h"

#include "kerb_config.h"
#include "kerb_kdc.h"

/* One cached ticket. Strings are NUL-terminated; NULL reads as "". */
typedef struct kerb_ticket {
    WCHAR *client_name, *client_realm, *server_name, *server_realm, *kdc_called;
    LARGE_INTEGER start_time, end_time, renew_time;
    LONG encryption_type;
    ULONG ticket_flags;
    ULONG session_key_type;
    ULONG branch_id;
    ULONG cache_flags;
} kerb_ticket;

/* A copy of a session's tickets, taken under the lock and owned by the caller. */
typedef struct kerb_snapshot {
    kerb_ticket *tickets;
    ULONG count;
} kerb_snapshot;

/* Copies the session's tickets (none for a session with no cache). STATUS_NO_MEMORY on failure. */
NTSTATUS kerb_cache_snapshot(const LUID *session, kerb_snapshot *out);
void kerb_snapshot_free(kerb_snapshot *snap);

/* Which tickets a purge removes: all, or those whose every non-empty pattern field equals the ticket's
 * (case-insensitively). */
typedef struct kerb_purge_match {
    BOOL all;
    const WCHAR *client_name, *client_realm, *server_name, *server_realm; /* NULL or "" = any */
} kerb_purge_match;

/* Removes matching tickets; returns how many went. */
ULONG kerb_cache_purge(const LUID *session, const kerb_purge_match *match);

/* Adds a copy of a ticket to a session's cache (for the ticket-acquiring code of a later issue, and tests). */
NTSTATUS kerb_cache_add(const LUID *session, const kerb_ticket *ticket);

/* A Kerberos logon's state for its new session: the realm and its KDCs, the user's kept long-term key, the KDC that
 * answered, and the TGT as the first credential of the session's cache (replacing any cache the session had).
 * Takes copies; the caller still frees logon. STATUS_NO_MEMORY on failure (nothing kept). */
NTSTATUS kerb_cache_start_session(const LUID *session, const kerb_realm_info *realm, const kerb_tgt_result *logon);

/* Forgets a session's cache (LsaApLogonTerminated). */
void kerb_cache_drop_session(const LUID *session);

#endif
