/* Challenges handed out by MsV1_0Lm20ChallengeRequest, remembered so each can be used for one logon.
 *
 * A bounded table (MSV1_0_CHALLENGE_SLOTS; when full, the oldest entry is dropped) whose entries expire after
 * MSV1_0_CHALLENGE_LIFETIME_MS. A network logon whose ChallengeToClient is in the table consumes it on success, so
 * replaying the same response for that challenge fails. A challenge the package never issued (a server that makes
 * its own, as SMB and HTTP servers do on Windows) is verified as given: Windows' MSV1_0 does not require its own. */
#ifndef LSAEMU_PACKAGES_MSV1_0_CHALLENGE_H
#define LSAEMU_PACKAGES_MSV1_0_CHALLENGE_H

#include "pkg_win.h"

#define MSV1_0_CHALLENGE_SLOTS 256
#define MSV1_0_CHALLENGE_LIFETIME_MS (10u * 60u * 1000u)

/* A fresh random challenge (BCryptGenRandom), remembered. */
NTSTATUS msv1_0_challenge_issue(BYTE challenge[MSV1_0_CHALLENGE_LENGTH]);

typedef enum msv1_0_challenge_use {
    MSV1_0_CHALLENGE_FOREIGN,  /* not issued by us (or expired and forgotten) */
    MSV1_0_CHALLENGE_CONSUMED, /* issued by us and now used up by this logon */
    MSV1_0_CHALLENGE_REPLAYED, /* issued by us and already used by an earlier logon */
} msv1_0_challenge_use;

/* Marks an issued challenge as used (after a successful verification), atomically. */
msv1_0_challenge_use msv1_0_challenge_consume(const BYTE challenge[MSV1_0_CHALLENGE_LENGTH]);

#endif
