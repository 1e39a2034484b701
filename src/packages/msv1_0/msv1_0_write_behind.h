/* Writing logon statistics behind (issue 9): a password check changes the cached accounts database at once (lockout
 * decisions see it at once) and the accounts file is written later, once for every check of a batch, when the
 * batch's oldest check is LSAEMU_ACCOUNTS_WRITE_DELAY_MS old, and at a clean stop. Rules: src/accounts/
 * accounts_pending.h (a hand edit of the file wins, the unwritten checks are counted on top of it).
 *
 * On in the LSA server (lsaemu_lsass.exe sets a 200 ms delay unless the variable is set): there one process owns the
 * counts. Off (write-through, each check written before the logon answers) by default in process: there every
 * process keeps its own cache of the shared file, and a bad password held in one process's memory would be unseen by
 * the lockout decisions of the others for the delay. LSAEMU_ACCOUNTS_WRITE_DELAY_MS=<1..60000> turns it on anywhere,
 * 0 off. A crash loses at most the checks of one delay; the file is always whole (the store's atomic replace). */
#ifndef LSAEMU_PACKAGES_MSV1_0_WRITE_BEHIND_H
#define LSAEMU_PACKAGES_MSV1_0_WRITE_BEHIND_H

#include "pkg_win.h"

#include "msv1_0_accounts.h"

#define MSV1_0_WRITE_DELAY_MAX_MS 60000u

/* The delay in force (0: write-through). Read once from the environment. */
DWORD msv1_0_write_behind_delay(void);

/* Records a password check behind (msv1_0_accounts_record) and makes sure the writer will write it. FALSE when
 * write-behind is off or the check could not be queued: the caller writes through. */
BOOL msv1_0_write_behind_record(const lsa_pending_event *e, lsa_pending_result *result, uint32_t *logons,
                                uint32_t *bad);

/* Writes whatever is queued now (a clean stop). */
void msv1_0_write_behind_flush(void);

#endif
