/* What the sample AP's two files share. */
#ifndef LSAEMU_TESTS_SAMPLE_AP_INTERNAL_H
#define LSAEMU_TESTS_SAMPLE_AP_INTERNAL_H

#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <ntsecapi.h>
#include <ntsecpkg.h>

#include "sample_ap_proto.h"

/* The LSA's function table, saved by LsaApInitializePackage. */
extern const LSA_SECPKG_FUNCTION_TABLE *sample_lsa;

#endif
