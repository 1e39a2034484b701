/* The account's groups and primary_group (accounts file text) resolved to SIDs for the token.
 * An item is a SID string ("S-1-5-32-544") or one of the names (case-insensitive): Administrators, Users, Guests,
 * Power Users, Backup Operators, Remote Desktop Users (BUILTIN aliases S-1-5-32-544/545/546/547/551/555) and None
 * (<account domain>-513, also the primary group when primary_group is empty). Anything else cannot be resolved: the
 * logon fails with STATUS_INTERNAL_DB_CORRUPTION (the database names a group that does not exist: an inconsistent
 * database, as SAM reports it) and stderr says once which name. */
#ifndef LSAEMU_PACKAGES_PKG_GROUPS_H
#define LSAEMU_PACKAGES_PKG_GROUPS_H

#include "pkg_win.h"

#define PKG_MAX_EXTRA_GROUPS 64

typedef struct pkg_groups {
    BYTE sids[PKG_MAX_EXTRA_GROUPS][SECURITY_MAX_SID_SIZE];
    size_t count;
    BYTE primary[SECURITY_MAX_SID_SIZE];
} pkg_groups;

/* groups: "a,b,c" (WCHAR, "" = none); primary: "" or one item. */
NTSTATUS pkg_groups_resolve(const WCHAR *groups, const WCHAR *primary, PSID domain_sid, pkg_groups *out);

#endif
