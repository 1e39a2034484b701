/* The Negotiate authentication package ("Negotiate", id 0: .NET calls package 0 for NegGetCallerName): its export
 * table, LsaApInitializePackage and LsaApLogonUserEx2.
 *
 * Logon: as on Windows, where Negotiate's logon is part of lsasrv, the LSA itself routes a KERB_/MSV1_0_INTERACTIVE_
 * LOGON (MessageType 2) or the unlock variant (7) submitted to Negotiate to Kerberos, then MSV1_0
 * (src/lsa/lsa_negotiate.c), each through its own LsaApLogonUserEx2. What reaches this function is every other request: a buffer shorter than a
 * MessageType is STATUS_INVALID_PARAMETER, any other MessageType STATUS_BAD_VALIDATION_CLASS. SubStatus is
 * STATUS_SUCCESS; nothing is created. */
#include "pkg_win.h"

#include "builtin_package.h"
#include "nego_package.h"
#include "pkg_heap.h"
#include "pkg_logon.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

const LSA_SECPKG_FUNCTION_TABLE *nego_lsa;
ULONG nego_package_id;

static NTSTATUS NTAPI nego_initialize_package(ULONG package_id, PLSA_DISPATCH_TABLE dispatch, PLSA_STRING database,
                                              PLSA_STRING confidentiality, PLSA_STRING *package_name)
{
    (void)database;
    (void)confidentiality;
    if (!dispatch || !package_name)
        return STATUS_INVALID_PARAMETER;
    /* The core hands every package the full LSA_SECPKG_FUNCTION_TABLE; its first entries are the dispatch table. */
    nego_lsa = (const LSA_SECPKG_FUNCTION_TABLE *)dispatch;
    nego_package_id = package_id;
    return pkg_heap_lsa_string(nego_lsa, "Negotiate", package_name);
}

NTSTATUS NTAPI nego_logon_user_ex2(PLSA_CLIENT_REQUEST request, SECURITY_LOGON_TYPE logon_type, PVOID submit,
                                   PVOID client_base, ULONG submit_len, PVOID *profile, PULONG profile_len,
                                   PLUID logon_id, PNTSTATUS sub_status, PLSA_TOKEN_INFORMATION_TYPE token_type,
                                   PVOID *token, PUNICODE_STRING *account_name, PUNICODE_STRING *authority,
                                   PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary,
                                   PSECPKG_SUPPLEMENTAL_CRED_ARRAY *supplemental)
{
    NTSTATUS status;
    ULONG type;

    (void)request;
    (void)logon_type;
    (void)client_base;
    pkg_logon_clear_outputs(profile, profile_len, logon_id, sub_status, token_type, token, account_name, authority,
                            machine_name, primary, supplemental);
    if ((status = pkg_submit_message_type(submit, submit_len, &type)) != STATUS_SUCCESS)
        return status;
    pkg_warn(NEGO_TRACE, "logon MessageType %lu is not one Negotiate serves", (unsigned long)type);
    return STATUS_BAD_VALIDATION_CLASS;
}

static const lsa_builtin_export nego_exports[] = {
    PKG_EXPORT("LsaApInitializePackage", nego_initialize_package),
    PKG_EXPORT("LsaApLogonUserEx2", nego_logon_user_ex2),
    PKG_EXPORT("LsaApCallPackage", nego_call_package),
    PKG_EXPORT("LsaApCallPackageUntrusted", nego_call_package_untrusted),
};

const lsa_builtin_package lsa_builtin_negotiate = {"negotiate", nego_exports, ARRAYSIZE(nego_exports)};
