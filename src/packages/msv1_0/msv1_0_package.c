/* The MSV1_0 authentication package ("MICROSOFT_AUTHENTICATION_PACKAGE_V1_0"): its export table and
 * LsaApInitializePackage. It reaches the LSA only through the function table passed here. */
#include "pkg_win.h"

#include "builtin_package.h"
#include "msv1_0_machine.h"
#include "msv1_0_msg_sessions.h"
#include "msv1_0_package.h"
#include "pkg_heap.h"

const LSA_SECPKG_FUNCTION_TABLE *msv1_0_lsa;
ULONG msv1_0_package_id;

static NTSTATUS NTAPI msv1_0_initialize_package(ULONG package_id, PLSA_DISPATCH_TABLE dispatch,
                                                PLSA_STRING database, PLSA_STRING confidentiality,
                                                PLSA_STRING *package_name)
{
    (void)database;
    (void)confidentiality;
    if (!dispatch || !package_name)
        return STATUS_INVALID_PARAMETER;
    /* The core hands every package the full LSA_SECPKG_FUNCTION_TABLE; its first entries are the dispatch table. */
    msv1_0_lsa = (const LSA_SECPKG_FUNCTION_TABLE *)dispatch;
    msv1_0_package_id = package_id;
    msv1_0_machine_get(); /* look up the computer name and domain SID now rather than in the first logon */
    return pkg_heap_lsa_string(msv1_0_lsa, MSV1_0_PACKAGE_NAME, package_name);
}

/* The LSA ended a logon session: MsV1_0EnumerateUsers stops listing it (its credentials died with it). */
static VOID NTAPI msv1_0_logon_terminated(PLUID logon_id)
{
    if (logon_id)
        msv1_0_msg_note_logoff(logon_id);
}

static const lsa_builtin_export msv1_0_exports[] = {
    PKG_EXPORT("LsaApInitializePackage", msv1_0_initialize_package),
    PKG_EXPORT("LsaApLogonUserEx2", msv1_0_logon_user_ex2),
    PKG_EXPORT("LsaApCallPackage", msv1_0_call_package),
    PKG_EXPORT("LsaApCallPackageUntrusted", msv1_0_call_package_untrusted),
    PKG_EXPORT("LsaApCallPackagePassthrough", msv1_0_call_package_passthrough),
    PKG_EXPORT("LsaApLogonTerminated", msv1_0_logon_terminated),
};

const lsa_builtin_package lsa_builtin_msv1_0 = {"msv1_0", msv1_0_exports, ARRAYSIZE(msv1_0_exports)};
