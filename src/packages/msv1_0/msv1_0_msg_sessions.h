/* The logon sessions MSV1_0 created, for MsV1_0EnumerateUsers and MsV1_0GetUserInfo (trusted callers only).
 * mingw's ntsecapi.h lacks these messages' structures; they are declared here with the Windows SDK layout. */
#ifndef LSAEMU_PACKAGES_MSV1_0_MSG_SESSIONS_H
#define LSAEMU_PACKAGES_MSV1_0_MSG_SESSIONS_H

#include "pkg_win.h"

typedef struct _MSV1_0_ENUMUSERS_REQUEST {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
} MSV1_0_ENUMUSERS_REQUEST;

typedef struct _MSV1_0_ENUMUSERS_RESPONSE {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG NumberOfLoggedOnUsers;
    PLUID LogonIds;
    PULONG EnumHandles;
} MSV1_0_ENUMUSERS_RESPONSE;

typedef struct _MSV1_0_GETUSERINFO_REQUEST {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    LUID LogonId;
} MSV1_0_GETUSERINFO_REQUEST;

typedef struct _MSV1_0_GETUSERINFO_RESPONSE {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    PSID UserSid;
    UNICODE_STRING UserName;
    UNICODE_STRING LogonDomainName;
    UNICODE_STRING LogonServer;
    SECURITY_LOGON_TYPE LogonType;
} MSV1_0_GETUSERINFO_RESPONSE;

/* Records a successful logon (called by the logon path once the session exists). Copies everything. */
void msv1_0_msg_note_logon(const LUID *id, const WCHAR *user, const WCHAR *domain, ULONG logon_type, PSID sid);

/* Forgets a session (LsaApLogonTerminated). Unknown ids are ignored. */
void msv1_0_msg_note_logoff(const LUID *id);

NTSTATUS msv1_0_msg_enumerate_users(PLSA_CLIENT_REQUEST request, PVOID *ret, PULONG ret_len);
NTSTATUS msv1_0_msg_get_user_info(PLSA_CLIENT_REQUEST request, const void *submit, ULONG submit_len, PVOID *ret,
                                  PULONG ret_len);

#endif
