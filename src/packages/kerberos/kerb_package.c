/* The Kerberos authentication package ("Kerberos"): its export table and LsaApInitializePackage. It reaches the LSA
 * only through the function table passed here. */
#include "pkg_win.h"

#include "builtin_package.h"
#include "kerb_package.h"
#include "pkg_heap.h"

const LSA_SECPKG_FUNCTION_TABLE *kerb_lsa;
ULONG kerb_package_id;

static NTSTATUS NTAPI kerb_initialize_package(ULONG package_id, PLSA_DISPATCH_TABLE dispatch, PLSA_STRING database,
                                              PLSA_STRING confidentiality, PLSA_STRING *package_name)
{
    (void)database;
    (void)confidentiality;
    if (!dispatch || !package_name)
        return STATUS_INVALID_PARAMETER;
    /* The core hands every package the full LSA_SECPKG_FUNCTION_TABLE; its first entries are the dispatch table. */
    kerb_lsa = (const LSA_SECPKG_FUNCTION_TABLE *)dispatch;
    kerb_package_id = package_id;
    return pkg_heap_lsa_string(kerb_lsa, MICROSOFT_KERBEROS_NAME_A, package_name);
}

static const lsa_builtin_export kerb_exports[] = {
    PKG_EXPORT("LsaApInitializePackage", kerb_initialize_package),
    PKG_EXPORT("LsaApLogonUserEx2", kerb_logon_user_ex2),
    PKG_EXPORT("LsaApCallPackage", kerb_call_package),
    PKG_EXPORT("LsaApCallPackageUntrusted", kerb_call_package_untrusted),
    PKG_EXPORT("LsaApLogonTerminated", kerb_logon_terminated),
};

const lsa_builtin_package lsa_builtin_kerberos = {"kerberos", kerb_exports, ARRAYSIZE(kerb_exports)};
