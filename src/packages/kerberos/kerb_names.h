/* Kerberos principal names as the LSA messages show and take them: UTF-16, components joined with '/', the realm
 * apart ("host/svc.example.com" and "EXAMPLE.COM"). In the TargetName of a request a '\' escapes the next character
 * and the last unescaped '@' starts the realm, as Windows' name parsing does. */
#ifndef LSAEMU_PACKAGES_KERB_NAMES_H
#define LSAEMU_PACKAGES_KERB_NAMES_H

#include "pkg_win.h"

#include "kcc.h"

#define KERB_MAX_NAME 1024 /* WCHARs of a shown name or realm, NUL included */

/* KRB_NT_* name types of RFC 4120 section 6.2. */
#define KERB_NT_PRINCIPAL 1
#define KERB_NT_SRV_INST 2

/* The name (components joined with '/', no realm) or the realm as NUL-terminated UTF-16. FALSE when it is not
 * UTF-8 or does not fit in cap WCHARs. */
BOOL kerb_name_wstr(const kcc_principal *p, WCHAR *out, size_t cap);
BOOL kerb_realm_wstr(const kcc_data *realm, WCHAR *out, size_t cap);
/* Component i alone. */
BOOL kerb_component_wstr(const kcc_principal *p, uint32_t i, WCHAR *out, size_t cap);

/* Parses a TargetName of `chars` WCHARs: "service/host[@REALM]". Without a realm, default_realm (UTF-8; NULL or ""
 * leaves the realm empty, which names no ticket: a session without a default principal has no realm to assume).
 * The name type is KRB_NT_SRV_INST for a name of two or more components, else KRB_NT_PRINCIPAL.
 * STATUS_INVALID_PARAMETER for an empty name, an empty component or realm, a trailing '\', or text that is not
 * valid UTF-16; STATUS_NO_MEMORY. */
NTSTATUS kerb_name_parse(const WCHAR *text, size_t chars, const char *default_realm, kcc_principal *out);

#endif
