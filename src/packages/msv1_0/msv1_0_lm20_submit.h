/* The MSV1_0_LM20_LOGON submit buffer (MsV1_0Lm20Logon and MsV1_0NetworkLogon), relocated and range-checked.
 *
 * Both pointer dialects are accepted (absolute client addresses, offsets from the buffer start). Refused with
 * STATUS_INVALID_PARAMETER: a buffer shorter than the structure; for LogonDomainName, UserName and Workstation an
 * odd Length, MaximumLength < Length, a NULL Buffer with a Length, or bytes outside the buffer; for the two
 * challenge-response STRINGs MaximumLength < Length, a NULL Buffer with a Length, or bytes outside the buffer; and,
 * when ParameterControl has MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED, a CaseSensitiveChallengeResponse (then the UTF-16LE
 * password) of odd length. */
#ifndef LSAEMU_PACKAGES_MSV1_0_LM20_SUBMIT_H
#define LSAEMU_PACKAGES_MSV1_0_LM20_SUBMIT_H

#include "pkg_win.h"

#include "pkg_submit.h"

/* A byte string located inside the copy (NULL when empty). */
typedef struct msv1_0_bytes {
    const BYTE *data;
    USHORT len;
} msv1_0_bytes;

typedef struct msv1_0_lm20 {
    pkg_wstr domain;
    pkg_wstr user;
    pkg_wstr workstation;
    BYTE challenge[MSV1_0_CHALLENGE_LENGTH];
    msv1_0_bytes nt_response; /* CaseSensitiveChallengeResponse: secret-derived, never logged */
    msv1_0_bytes lm_response; /* CaseInsensitiveChallengeResponse */
    ULONG parameter_control;
} msv1_0_lm20;

NTSTATUS msv1_0_parse_lm20(const void *submit, ULONG submit_len, const void *client_base, msv1_0_lm20 *out);

#endif
