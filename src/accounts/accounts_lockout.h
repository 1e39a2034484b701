/* The account lockout policy, as Windows' SAM applies it to a local account (portable, no windows.h):
 *
 *  - a wrong password counts one bad password and records last_bad_password; if the previous one is older than
 *    [:policy] lockout_observation_minutes ("Reset account lockout counter after"), the count starts again at 1;
 *  - reaching lockout_threshold (> 0) sets locked_out and lockout_time = now;
 *  - a lockout ends by itself lockout_duration_minutes after lockout_time (0 = only an administrator unlocks); a
 *    locked_out account without a lockout_time (set by hand, or by an older lsaemu) stays locked until unlocked;
 *  - a wrong password while the lockout is in force changes nothing (no count, no new last_bad_password, the lockout
 *    keeps its time): the caller answers it as locked out, like the right one;
 *  - a successful logon clears the count and the lockout (it only happens once the lockout has ended).
 * Times are seconds since 1970 UTC (LSA_ACCOUNTS_NEVER = none). */
#ifndef LSAEMU_ACCOUNTS_ACCOUNTS_LOCKOUT_H
#define LSAEMU_ACCOUNTS_ACCOUNTS_LOCKOUT_H

#include <stdint.h>

#include "accounts.h"

/* Non-zero while an account with these flags and lockout_time is locked out at `now`. */
int lsa_lockout_active(uint32_t flags, int64_t lockout_time, const lsa_accounts_policy *policy, int64_t now);

/* Records a wrong password at `now` (the rules above). */
void lsa_lockout_note_bad_password(lsa_account *a, const lsa_accounts_policy *policy, int64_t now);

/* Records a successful logon at `now`: the count, the lockout and its time are cleared, logon_count and last_logon
 * advance. Returns the bad-password count this success reset. */
uint32_t lsa_lockout_note_success(lsa_account *a, int64_t now);

#endif
