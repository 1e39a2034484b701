/* State shared by the Negotiate package's files: what LsaApInitializePackage was given. */
#ifndef LSAEMU_PACKAGES_NEGO_PACKAGE_H
#define LSAEMU_PACKAGES_NEGO_PACKAGE_H

#include "pkg_win.h"

#define NEGO_TRACE "negotiate"

extern const LSA_SECPKG_FUNCTION_TABLE *nego_lsa;
extern ULONG nego_package_id;

/* NegGetCallerName: returns the message's outcome (see nego_caller_name.c); fills the return block on success. */
NTSTATUS nego_get_caller_name(PLSA_CLIENT_REQUEST request, BOOL trusted, PVOID submit, ULONG len, PVOID *ret,
                              PULONG ret_len);

PKG_AP_LOGON_USER_EX2 nego_logon_user_ex2;
LSA_AP_CALL_PACKAGE nego_call_package;
LSA_AP_CALL_PACKAGE_UNTRUSTED nego_call_package_untrusted;

#endif
