/* State shared by the MSV1_0 package's files: what LsaApInitializePackage was given. */
#ifndef LSAEMU_PACKAGES_MSV1_0_PACKAGE_H
#define LSAEMU_PACKAGES_MSV1_0_PACKAGE_H

#include "pkg_win.h"

#define MSV1_0_TRACE "msv1_0"

/* The LSA's function table (the full LSA_SECPKG_FUNCTION_TABLE) and our package id; set once at initialisation,
 * before the core routes any call to us. */
extern const LSA_SECPKG_FUNCTION_TABLE *msv1_0_lsa;
extern ULONG msv1_0_package_id;

PKG_AP_LOGON_USER_EX2 msv1_0_logon_user_ex2;
LSA_AP_CALL_PACKAGE msv1_0_call_package;
LSA_AP_CALL_PACKAGE_UNTRUSTED msv1_0_call_package_untrusted;
LSA_AP_CALL_PACKAGE_PASSTHROUGH msv1_0_call_package_passthrough;

#endif
