/* The package's side of the portable submit check (portable/msv1_0_submit_check.h): runs it for the pointer size
 * this DLL is built for, traces a refusal, and turns located spans back into pointers into the copy. */
#ifndef LSAEMU_PACKAGES_MSV1_0_SUBMIT_READ_H
#define LSAEMU_PACKAGES_MSV1_0_SUBMIT_READ_H

#include "pkg_win.h"

#include "msv1_0_submit_check.h"
#include "pkg_submit.h"

/* STATUS_SUCCESS with *res filled, or STATUS_INVALID_PARAMETER (traced; *res holds no span). */
NTSTATUS msv1_0_submit_read(msv1_0_submit_kind kind, const void *submit, ULONG submit_len, const void *client_base,
                            msv1_0_submit_result *res);

/* The located UTF-16LE string of span `index` (data NULL when empty). */
pkg_wstr msv1_0_submit_wstr(const void *submit, const msv1_0_submit_result *res, size_t index);

#endif
