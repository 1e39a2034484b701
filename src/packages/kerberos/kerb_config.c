/* Placeholder until the realm lookup lands (kerb_config.h): no source is read yet, so no realm is known. */
#include "pkg_win.h"

#include <string.h>

#include "kerb_config.h"

NTSTATUS kerb_config_find_realm(const WCHAR *domain, size_t domain_chars, kerb_realm_info *out)
{
    (void)domain;
    (void)domain_chars;
    memset(out, 0, sizeof(*out));
    return STATUS_NOT_FOUND;
}

NTSTATUS kerb_config_find_realm_utf8(const char *realm, kerb_realm_info *out)
{
    (void)realm;
    memset(out, 0, sizeof(*out));
    return STATUS_NOT_FOUND;
}
