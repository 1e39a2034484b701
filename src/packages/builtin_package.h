/* How a built-in package hands its entry points to the LSA core.
 *
 * Built-ins register through exactly the interface a third-party AP DLL offers: a list of exported names
 * (LsaApInitializePackage, LsaApLogonUserEx2, LsaApCallPackage, ...) and their addresses. The core resolves them
 * with the same code it uses on GetProcAddress for a DLL, so a built-in gets no private door into the core. */
#ifndef LSAEMU_PACKAGES_BUILTIN_PACKAGE_H
#define LSAEMU_PACKAGES_BUILTIN_PACKAGE_H

#include <windows.h>

typedef struct lsa_builtin_export {
    const char *name; /* exported name, e.g. "LsaApInitializePackage" */
    FARPROC proc;
} lsa_builtin_export;

typedef struct lsa_builtin_package {
    const char *module;                 /* the DLL name it stands for, e.g. "msv1_0" (for traces) */
    const lsa_builtin_export *exports;
    size_t export_count;
} lsa_builtin_package;

/* In registration order: Negotiate (id 0: .NET relies on it), MSV1_0, Kerberos. */
extern const lsa_builtin_package lsa_builtin_negotiate;
extern const lsa_builtin_package lsa_builtin_msv1_0;
extern const lsa_builtin_package lsa_builtin_kerberos;

#endif
