/* The MSV1_0_INTERACTIVE_LOGON submit buffer of LsaLogonUser, relocated and range-checked.
 *
 * Both pointer dialects are accepted (absolute client addresses, offsets from the buffer start). Refused with
 * STATUS_INVALID_PARAMETER: a buffer shorter than the structure, and for each of LogonDomainName, UserName and
 * Password an odd Length, MaximumLength < Length, a NULL Buffer with a Length, or bytes outside the buffer. */
#ifndef LSAEMU_PACKAGES_MSV1_0_SUBMIT_H
#define LSAEMU_PACKAGES_MSV1_0_SUBMIT_H

#include "pkg_win.h"

#include "pkg_submit.h"

typedef struct msv1_0_interactive {
    pkg_wstr domain;
    pkg_wstr user;
    pkg_wstr password; /* points into the core's copy: never logged, never copied except to hash it */
} msv1_0_interactive;

NTSTATUS msv1_0_parse_interactive(const void *submit, ULONG submit_len, const void *client_base,
                                  msv1_0_interactive *out);

#endif
