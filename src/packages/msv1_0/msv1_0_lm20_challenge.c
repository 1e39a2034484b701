/* MsV1_0Lm20ChallengeRequest; see msv1_0_lm20.h. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_challenge.h"
#include "msv1_0_lm20.h"
#include "msv1_0_package.h"
#include "pkg_block.h"

NTSTATUS msv1_0_lm20_challenge_request(PLSA_CLIENT_REQUEST request, PVOID *ret, PULONG ret_len)
{
    MSV1_0_LM20_CHALLENGE_RESPONSE_ *r;
    BYTE challenge[MSV1_0_CHALLENGE_LENGTH];
    pkg_block block;
    NTSTATUS status;

    *ret = NULL;
    *ret_len = 0;
    if ((status = msv1_0_challenge_issue(challenge)) != STATUS_SUCCESS)
        return status;
    if ((status = pkg_block_open(&block, msv1_0_lsa, request, sizeof(*r))) != STATUS_SUCCESS)
        return status;
    r = pkg_block_take(&block, sizeof(*r), sizeof(ULONG), NULL);
    if (r) {
        r->MessageType = MsV1_0Lm20ChallengeRequest;
        memcpy(r->ChallengeToClient, challenge, sizeof(challenge));
    }
    if ((status = pkg_block_close(&block, ret)) != STATUS_SUCCESS)
        return status;
    *ret_len = sizeof(*r);
    return STATUS_SUCCESS;
}
