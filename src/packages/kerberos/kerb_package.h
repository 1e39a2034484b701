/* State shared by the Kerberos package's files: what LsaApInitializePackage was given. */
#ifndef LSAEMU_PACKAGES_KERB_PACKAGE_H
#define LSAEMU_PACKAGES_KERB_PACKAGE_H

#include "pkg_win.h"

#define KERB_TRACE "kerberos"

extern const LSA_SECPKG_FUNCTION_TABLE *kerb_lsa;
extern ULONG kerb_package_id;

PKG_AP_LOGON_USER_EX2 kerb_logon_user_ex2;
LSA_AP_CALL_PACKAGE kerb_call_package;
LSA_AP_CALL_PACKAGE_UNTRUSTED kerb_call_package_untrusted;
LSA_AP_LOGON_TERMINATED kerb_logon_terminated;

#endif
