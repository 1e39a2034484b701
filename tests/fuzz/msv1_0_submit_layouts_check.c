/* The layouts fuzz_submit uses (msv1_0_submit_layouts.h) against mingw's ntsecapi.h, for the pointer size it is
 * compiled for (the x86_64 mingw build compiles it; i686-w64-mingw32-gcc -c passes it too): a wrong number fails the
 * build instead of fuzzing a structure Windows does not have. */
#include <windows.h>
#include <ntsecapi.h>

#include <stddef.h>

#include "msv1_0_submit_layouts.h"

#define PICK(name) (sizeof(void *) == 8 ? name##_X64 : name##_X86)

/* The unlock submission as clients build it (KERB_INTERACTIVE_UNLOCK_LOGON's layout). */
typedef struct unlock_logon {
    MSV1_0_INTERACTIVE_LOGON Logon;
    LUID LogonId;
} unlock_logon;

_Static_assert(sizeof(MSV1_0_INTERACTIVE_LOGON) == PICK(INTERACTIVE_SIZE), "interactive size");
_Static_assert(offsetof(MSV1_0_INTERACTIVE_LOGON, LogonDomainName) == PICK(INTERACTIVE_DOMAIN), "interactive domain");
_Static_assert(offsetof(MSV1_0_INTERACTIVE_LOGON, UserName) == PICK(INTERACTIVE_USER), "interactive user");
_Static_assert(offsetof(MSV1_0_INTERACTIVE_LOGON, Password) == PICK(INTERACTIVE_PASSWORD), "interactive password");
_Static_assert(sizeof(unlock_logon) == PICK(UNLOCK_SIZE), "unlock size");
_Static_assert(sizeof(MSV1_0_S4U_LOGON) == PICK(S4U_SIZE), "S4U size");
_Static_assert(offsetof(MSV1_0_S4U_LOGON, UserPrincipalName) == PICK(S4U_UPN), "S4U UserPrincipalName");
_Static_assert(offsetof(MSV1_0_S4U_LOGON, DomainName) == PICK(S4U_DOMAIN), "S4U DomainName");
_Static_assert(sizeof(MSV1_0_LM20_LOGON) == PICK(LM20_SIZE), "LM20 size");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, LogonDomainName) == PICK(LM20_DOMAIN), "LM20 domain");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, UserName) == PICK(LM20_USER), "LM20 user");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, Workstation) == PICK(LM20_WORKSTATION), "LM20 workstation");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, CaseSensitiveChallengeResponse) == PICK(LM20_NT_RESPONSE), "LM20 NT");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, CaseInsensitiveChallengeResponse) == PICK(LM20_LM_RESPONSE), "LM20 LM");
_Static_assert(offsetof(MSV1_0_LM20_LOGON, ParameterControl) == PICK(LM20_PARAMETER_CONTROL), "LM20 control");
_Static_assert(MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED == LAYOUT_CLEARTEXT_PASSWORD_SUPPLIED, "clear-text flag");

/* An object library needs one definition. */
int lsaemu_msv1_0_submit_layouts_checked;
