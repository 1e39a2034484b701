/* MsV1_0ChangePassword: a local account's password changed in the accounts file. */
#ifndef LSAEMU_PACKAGES_MSV1_0_MSG_PASSWORD_H
#define LSAEMU_PACKAGES_MSV1_0_MSG_PASSWORD_H

#include "pkg_win.h"

/* Handles an MSV1_0_CHANGEPASSWORD_REQUEST (trusted or not, as on Windows). Returns STATUS_INVALID_PARAMETER for a
 * malformed buffer (no return buffer), a resource failure, or STATUS_SUCCESS with the outcome in *protocol_status
 * and an MSV1_0_CHANGEPASSWORD_RESPONSE in *ret (see the .c file for the outcomes). */
NTSTATUS msv1_0_msg_change_password(PLSA_CLIENT_REQUEST request, const void *submit, const void *client_base,
                                    ULONG submit_len, PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status);

#endif
