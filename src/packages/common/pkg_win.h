/* The Windows headers every package file needs, in the one order that works with mingw-w64.
 *
 * Include this first (before builtin_package.h or any other header pulling in <windows.h>): NTSTATUS codes come from
 * <ntstatus.h>, which clashes with the few that <winnt.h> defines unless WIN32_NO_STATUS hides those; <ntsecpkg.h>
 * needs SECURITY_WIN32, <sspi.h> and <ntsecapi.h> before it. */
#ifndef LSAEMU_PACKAGES_PKG_WIN_H
#define LSAEMU_PACKAGES_PKG_WIN_H

#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#ifndef SECURITY_WIN32
#define SECURITY_WIN32
#endif
#include <sspi.h>
#include <ntsecapi.h>
#include <ntsecpkg.h>

/* mingw's LSA_AP_LOGON_USER_EX2 typedef lacks NTAPI; Windows calls every LsaAp* entry point as NTAPI (stdcall on
 * i686), so packages declare LsaApLogonUserEx2 with this corrected type and the core calls it the same way. */
typedef NTSTATUS(NTAPI PKG_AP_LOGON_USER_EX2)(PLSA_CLIENT_REQUEST ClientRequest, SECURITY_LOGON_TYPE LogonType,
                                             PVOID ProtocolSubmitBuffer, PVOID ClientBufferBase,
                                             ULONG SubmitBufferSize, PVOID *ProfileBuffer, PULONG ProfileBufferSize,
                                             PLUID LogonId, PNTSTATUS SubStatus,
                                             PLSA_TOKEN_INFORMATION_TYPE TokenInformationType,
                                             PVOID *TokenInformation, PUNICODE_STRING *AccountName,
                                             PUNICODE_STRING *AuthenticatingAuthority, PUNICODE_STRING *MachineName,
                                             PSECPKG_PRIMARY_CRED PrimaryCredentials,
                                             PSECPKG_SUPPLEMENTAL_CRED_ARRAY *SupplementalCredentials);

/* An entry point as the builtin export table stores it. Going through void (*)(void) keeps -Wcast-function-type
 * quiet: the core casts it back to the exact LsaAp* type before calling, as GetProcAddress users do. */
#define PKG_EXPORT(name, fn) { (name), (FARPROC)(void (*)(void))(fn) }

#define PKG_NEVER 0x7FFFFFFFFFFFFFFFLL /* "never" in LARGE_INTEGER times (LogoffTime, KickOffTime, expiry) */

#endif
