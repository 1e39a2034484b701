/* This computer as MSV1_0 sees it: its NetBIOS name (the authority of local accounts, the LogonServer of their
 * profiles) and its account-domain SID (the prefix of local account SIDs). */
#ifndef LSAEMU_PACKAGES_MSV1_0_MACHINE_H
#define LSAEMU_PACKAGES_MSV1_0_MACHINE_H

#include "pkg_win.h"

#include "pkg_submit.h"

typedef struct msv1_0_machine {
    WCHAR name[MAX_COMPUTERNAME_LENGTH + 1]; /* GetComputerNameW, as Windows returns it (upper case) */
    size_t name_chars;
    PSID domain_sid;                         /* process-lifetime; never freed */
} msv1_0_machine;

/* Looked up once per process. The domain SID comes from LookupAccountNameW(computer name) (SidTypeDomain); if that
 * fails it is S-1-5-21-0-0-0, which is what Wine 8 answers (and the prefix of Wine's own user SIDs). */
const msv1_0_machine *msv1_0_machine_get(void);

/* "", "." and this computer's name (any case) name the local account domain. */
BOOL msv1_0_domain_is_local(const pkg_wstr *domain, const msv1_0_machine *machine);

#endif
