/* LmCompatibilityLevel (REG_DWORD under HKLM\SYSTEM\CurrentControlSet\Control\Lsa), read on every network logon as
 * the server side applies it: Microsoft documents levels 0-3 as client-side choices (what a client sends), level 4
 * as "refuse LM" and level 5 as "refuse LM and NTLM (accept only NTLMv2)" for the machine verifying responses.
 * Absent or unreadable: 3, Windows' default since Vista. Values above 5 count as 5. */
#ifndef LSAEMU_PACKAGES_MSV1_0_LMCOMPAT_H
#define LSAEMU_PACKAGES_MSV1_0_LMCOMPAT_H

#include "pkg_win.h"

#define MSV1_0_LMCOMPAT_DEFAULT 3

DWORD msv1_0_lm_compatibility_level(void);

#endif
