/* MSV1_0 protocol structures the Windows SDK has and mingw-w64's ntsecapi.h lacks (same layout as the SDK's). */
#ifndef LSAEMU_PACKAGES_MSV1_0_LM20_H
#define LSAEMU_PACKAGES_MSV1_0_LM20_H

#include "pkg_win.h"

/* MsV1_0Lm20ChallengeRequest: the request is the MessageType alone. The trailing underscore keeps the name clear of
 * the SDK's, should mingw-w64 add it. */
typedef struct MSV1_0_LM20_CHALLENGE_RESPONSE_ {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    UCHAR ChallengeToClient[MSV1_0_CHALLENGE_LENGTH];
} MSV1_0_LM20_CHALLENGE_RESPONSE_;

/* Answers MsV1_0Lm20ChallengeRequest (trusted callers only): one client block holding the response, with a fresh
 * challenge remembered by msv1_0_challenge.c. */
NTSTATUS msv1_0_lm20_challenge_request(PLSA_CLIENT_REQUEST request, PVOID *ret, PULONG ret_len);

#endif
