/* What lsaemu_demo and tests/bench's lsabench (both Windows programs linked against the stock secur32) do as a logon
 * process: enabling SeTcbPrivilege around LsaRegisterLogonProcess, the interactive logon buffer Winlogon submits, and
 * the ticket request a trusted caller makes for a session. */
#ifndef LSAEMU_TOOLS_LSAEMU_TOOL_LOGON_H
#define LSAEMU_TOOLS_LSAEMU_TOOL_LOGON_H

#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <ntsecapi.h>

/* Enables (or disables) SeTcbPrivilege in the process token; TRUE when the token holds it and it was adjusted. */
BOOL lsaemu_tool_set_tcb(BOOL enable);

/* KERB_INTERACTIVE_LOGON or MSV1_0_INTERACTIVE_LOGON (one layout; message_type says which: KerbInteractiveLogon,
 * MsV1_0InteractiveLogon) with its strings after it, absolute pointers, as Winlogon builds it. NULL strings are
 * empty. *len is the buffer's size; NULL when out of memory. The caller wipes (it holds the password) and free()s. */
void *lsaemu_tool_interactive_logon(ULONG message_type, const WCHAR *domain, const WCHAR *user, const WCHAR *password,
                                    ULONG *len);

/* KERB_RETRIEVE_TKT_REQUEST (KerbRetrieveEncodedTicketMessage) for `service` (NULL: empty) in session `id`, its name
 * after it; *len is its size; NULL when out of memory. free() it. */
void *lsaemu_tool_retrieve_request(LUID id, ULONG cache_options, const WCHAR *service, ULONG *len);

#endif
