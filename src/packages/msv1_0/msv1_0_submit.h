/* The MSV1_0_INTERACTIVE_LOGON, unlock and S4U submit buffers of LsaLogonUser, relocated and range-checked.
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

/* MsV1_0WorkstationUnlockLogon: an MSV1_0_INTERACTIVE_LOGON followed by the LUID of the session being unlocked (the
 * layout of KERB_INTERACTIVE_UNLOCK_LOGON, whose KERB_INTERACTIVE_LOGON is the same structure). Refused as above,
 * and a buffer shorter than the pair. */
typedef struct msv1_0_unlock_logon {
    MSV1_0_INTERACTIVE_LOGON Logon;
    LUID LogonId;
} msv1_0_unlock_logon;

NTSTATUS msv1_0_parse_unlock(const void *submit, ULONG submit_len, const void *client_base, msv1_0_interactive *out,
                             LUID *unlocked);

/* MSV1_0_S4U_LOGON. Refused with STATUS_INVALID_PARAMETER: a buffer shorter than the structure, a malformed
 * UserPrincipalName or DomainName (as above), an empty UserPrincipalName (documented as required). */
typedef struct msv1_0_s4u {
    ULONG flags;
    pkg_wstr upn;
    pkg_wstr domain;
} msv1_0_s4u;

NTSTATUS msv1_0_parse_s4u(const void *submit, ULONG submit_len, const void *client_base, msv1_0_s4u *out);

#endif
