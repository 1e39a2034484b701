/* The portable field tables (portable/msv1_0_submit_layout.h) against mingw's ntsecapi.h, for the pointer size being
 * built (the x86_64 and the i686 DLL both compile this): a wrong number fails the build instead of validating a
 * structure Windows does not have. */
#include "pkg_win.h"

#include <stddef.h>

#include "msv1_0_lm20_submit.h"
#include "msv1_0_submit.h"
#include "msv1_0_submit_layout.h"

#define PICK(name) (sizeof(void *) == 8 ? name##_X64 : name##_X86)

_Static_assert(sizeof(MSV1_0_INTERACTIVE_LOGON) == PICK(MSV1_0_INTERACTIVE_SIZE), "interactive size");
_Static_assert(offsetof(MSV1_0_INTERACTIVE_LOGON, LogonDomainName) == PICK(MSV1_0_INTERACTIVE_DOMAIN), "domain");
_Static_assert(offsetof(MSV1_0_INTERACTIVE_LOGON, UserName) == PICK(MSV1_0_INTERACTIVE_USER), "user");
_Static_assert(offsetof(MSV1_0_INTERACTIVE_LOGON, Password) == PICK(MSV1_0_INTERACTIVE_PASSWORD), "password");
_Static_assert(sizeof(msv1_0_unlock_logon) == PICK(MSV1_0_UNLOCK_SIZE), "unlock size");
_Static_assert(offsetof(msv1_0_unlock_logon, LogonId) == PICK(MSV1_0_UNLOCK_LOGON_ID), "unlock LogonId");
_Static_assert(sizeof(LUID) == MSV1_0_SUBMIT_LUID_LENGTH, "LUID size");
_Static_assert(sizeof(MSV1_0_S4U_LOGON) == PICK(MSV1_0_S4U_SIZE), "S4U size");
_Static_assert(offsetof(MSV1_0_S4U_LOGON, Flags) == PICK(MSV1_0_S4U_FLAGS), "S4U Flags");
_Static_assert(offsetof(MSV1_0_S4U_LOGON, UserPrincipalName) == PICK(MSV1_0_S4U_UPN), "S4U UserPrincipalName");
_Static_assert(offsetof(MSV1_0_S4U_LOGON, DomainName) == PICK(MSV1_0_S4U_DOMAIN), "S4U DomainName");
_Static_assert(sizeof(MSV1_0_LM20_LOGON) == PICK(MSV1_0_LM20_SIZE), "LM20 size");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, LogonDomainName) == PICK(MSV1_0_LM20_DOMAIN), "LM20 domain");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, UserName) == PICK(MSV1_0_LM20_USER), "LM20 user");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, Workstation) == PICK(MSV1_0_LM20_WORKSTATION), "LM20 workstation");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, ChallengeToClient) == PICK(MSV1_0_LM20_CHALLENGE), "LM20 challenge");
_Static_assert(MSV1_0_CHALLENGE_LENGTH == MSV1_0_SUBMIT_CHALLENGE_LENGTH, "challenge length");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, CaseSensitiveChallengeResponse) == PICK(MSV1_0_LM20_NT_RESPONSE), "NT");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, CaseInsensitiveChallengeResponse) == PICK(MSV1_0_LM20_LM_RESPONSE), "LM");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, ParameterControl) == PICK(MSV1_0_LM20_PARAMETER_CONTROL), "control");
_Static_assert(MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED == MSV1_0_SUBMIT_CLEARTEXT_PASSWORD_SUPPLIED, "clear-text flag");
/* The two fields each structure's string triple is made of. */
_Static_assert(sizeof(UNICODE_STRING) == (sizeof(void *) == 8 ? 16 : 8), "UNICODE_STRING size");
_Static_assert(offsetof(UNICODE_STRING, Buffer) == sizeof(void *), "UNICODE_STRING Buffer");
_Static_assert(offsetof(STRING, Buffer) == sizeof(void *), "STRING Buffer");

/* ISO C wants a translation unit to declare something. */
extern int msv1_0_submit_layout_checked;
