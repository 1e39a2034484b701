/* MsV1_0SetProcessOption / MsV1_0SetThreadOption (trusted callers only): options a logon process sets for the logons
 * it makes, remembered per calling process and per calling thread (GetClientInfo's ids). mingw-w64 lacks the
 * structures; they are declared here with the Windows SDK layout (the SDK lacks the thread request: its layout is
 * the one published reverse-engineered headers give, the process request's plus a Revert flag).
 *
 * Validation, as Windows' MSV1_0: a buffer shorter than the request structure or an option bit outside
 * MSV1_0_OPTIONS_VALID → STATUS_INVALID_PARAMETER. Otherwise DisableOptions FALSE sets the given bits, TRUE clears
 * them; SetThreadOption with Revert TRUE drops the thread's own options (the process's apply again). Success returns
 * no buffer. Each table holds MSV1_0_OPTION_SLOTS callers; when full the oldest entry is dropped.
 *
 * ALLOW_BLANK_PASSWORD lifts the blank-password limit for the caller's network logons (msv1_0_blank.h). The others
 * change no decision of this package: DISABLE_FORCE_GUEST concerns a guest account it does not have,
 * TRY_CACHE_FIRST a domain logon cache, ALLOW_OLD_PASSWORD a domain controller's password history, and
 * DISABLE_ADMIN_LOCKOUT the built-in Administrator, whose lockout this package does not special-case. Windows
 * accepts each of them whether or not it applies on the machine; msv1_0_options_effective is where a check that
 * honours one reads it. */
#ifndef LSAEMU_PACKAGES_MSV1_0_MSG_OPTIONS_H
#define LSAEMU_PACKAGES_MSV1_0_MSG_OPTIONS_H

#include "pkg_win.h"

#ifndef MSV1_0_OPTION_ALLOW_BLANK_PASSWORD
#define MSV1_0_OPTION_ALLOW_BLANK_PASSWORD 0x01
#define MSV1_0_OPTION_DISABLE_ADMIN_LOCKOUT 0x02
#define MSV1_0_OPTION_DISABLE_FORCE_GUEST 0x04
#define MSV1_0_OPTION_ALLOW_OLD_PASSWORD 0x08
#define MSV1_0_OPTION_TRY_CACHE_FIRST 0x10
#endif
#define MSV1_0_OPTIONS_VALID 0x1Fu

#define MSV1_0_OPTION_SLOTS 64

typedef struct MSV1_0_SETPROCESSOPTION_REQUEST_ {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG ProcessOptions;
    BOOLEAN DisableOptions;
} MSV1_0_SETPROCESSOPTION_REQUEST_;

typedef struct MSV1_0_SETTHREADOPTION_REQUEST_ {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG ThreadOptions;
    BOOLEAN DisableOptions;
    BOOLEAN Revert;
} MSV1_0_SETTHREADOPTION_REQUEST_;

NTSTATUS msv1_0_msg_set_process_option(const void *submit, ULONG submit_len);
NTSTATUS msv1_0_msg_set_thread_option(const void *submit, ULONG submit_len);

/* The options in force for a caller: its thread's own if it set any, else its process's (0 when neither). */
ULONG msv1_0_options_effective(DWORD process_id, DWORD thread_id);

#endif
