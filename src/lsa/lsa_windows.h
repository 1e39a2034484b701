/* The Windows headers in the one order that works with mingw-w64: NTSTATUS codes from ntstatus.h (not the subset in
 * winnt.h), and ntsecpkg.h after SECURITY_WIN32 + sspi.h + ntsecapi.h. Every Windows-side file includes this first. */
#ifndef LSAEMU_LSA_LSA_WINDOWS_H
#define LSAEMU_LSA_LSA_WINDOWS_H

#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <winternl.h>
#ifndef SECURITY_WIN32
#define SECURITY_WIN32
#endif
#include <sspi.h>
#include <ntsecapi.h>
#include <ntsecpkg.h>

#endif
