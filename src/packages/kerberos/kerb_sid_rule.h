/* The SID of a Kerberos user that maps to no local account.
 *
 * Windows gets a domain user's SID from the PAC the domain controller puts in the ticket; an MIT KDC issues none. The
 * rule instead derives, from names alone, SIDs that are
 *   - stable: the same user of the same realm gets the same SID at every logon, in every prefix, on every host
 *     (files it owns stay its own);
 *   - distinct: one domain SID per realm, never this computer's, so a realm user never aliases a local account;
 *     users of a realm differ by RID (a collision needs two names whose hashes agree on 30 bits);
 *   - shaped like a domain account's: S-1-5-21-x-y-z-RID with RID >= 1000, as accounts created on Windows.
 * Domain SID: S-1-5-21-d0-d1-d2, d_i the little-endian 32-bit words 0..2 of SHA-256("lsaemu-realm:" + REALM).
 * RID: 1000 + (little-endian word 0 of SHA-256("lsaemu-user:" + REALM + "\" + user)) mod (2^30 - 1000).
 * REALM is upper-cased, user lower-cased (invariant locale, as Windows compares names), both hashed as UTF-8. */
#ifndef LSAEMU_PACKAGES_KERB_SID_RULE_H
#define LSAEMU_PACKAGES_KERB_SID_RULE_H

#include "pkg_win.h"

#define KERB_SID_RULE_FIRST_RID 1000u
#define KERB_SID_RULE_RID_SPAN ((1u << 30) - KERB_SID_RULE_FIRST_RID)

/* The realm's domain SID into sid[SECURITY_MAX_SID_SIZE]. STATUS_SUCCESS, STATUS_INVALID_PARAMETER (an empty or
 * too long name), or the failure of bcrypt's SHA-256. */
NTSTATUS kerb_sid_rule_domain(const WCHAR *realm, BYTE *sid);

/* The user's RID in that domain. */
NTSTATUS kerb_sid_rule_rid(const WCHAR *realm, const WCHAR *user, DWORD *rid);

#endif
