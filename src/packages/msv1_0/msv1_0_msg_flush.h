/* LSAEMU_MSV1_0_FLUSH_ACCOUNTS (include/lsaemu/lsaemu_msv1_0.h; trusted callers only, the dispatcher checks): the
 * password checks queued behind (msv1_0_write_behind.h) written to the accounts file now, so a reader of the file
 * sees what the package holds in memory. */
#ifndef LSAEMU_PACKAGES_MSV1_0_MSG_FLUSH_H
#define LSAEMU_PACKAGES_MSV1_0_MSG_FLUSH_H

#include "pkg_win.h"

/* Returns once the queue is written: STATUS_SUCCESS (also when nothing waits), or the store's failure as the
 * package reports a file it cannot use: STATUS_INTERNAL_DB_ERROR (not written: I/O, lock held too long),
 * STATUS_INTERNAL_DB_CORRUPTION (the file is malformed), STATUS_NO_MEMORY. A failed write leaves the queue for the
 * writer's next attempt. No return buffer. */
NTSTATUS msv1_0_msg_flush_accounts(void);

#endif
