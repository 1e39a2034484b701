/* Where the Kerberos package finds realms and their KDCs, without DNS, in Windows' order:
 *   1. HKLM\SYSTEM\CurrentControlSet\Control\Lsa\Kerberos\Domains\<REALM>, value KdcNames (REG_MULTI_SZ of
 *      "host[:port]", what `ksetup /addkdc` writes);
 *   2. the krb5.conf that KRB5_CONFIG names (a Unix path, as MIT uses it);
 *   3. /etc/krb5.conf ([libdefaults] default_realm, [realms] <REALM> = { kdc = host[:port] }).
 * A logon domain matches a realm by its full name or, NetBIOS-style, by the realm's first label, case-insensitively;
 * an empty domain means the default realm (krb5.conf default_realm). */
#ifndef LSAEMU_PACKAGES_KERB_CONFIG_H
#define LSAEMU_PACKAGES_KERB_CONFIG_H

#include "pkg_win.h"

#define KERB_MAX_KDCS 16
#define KERB_MAX_HOST 256  /* bytes of a host name, NUL included */
#define KERB_MAX_REALM 256 /* bytes of a realm name, NUL included */
#define KERB_DEFAULT_PORT 88

typedef struct kerb_kdc_addr {
    char host[KERB_MAX_HOST]; /* name or address literal, ASCII/UTF-8 */
    unsigned short port;      /* KERB_DEFAULT_PORT when none was given */
} kerb_kdc_addr;

typedef struct kerb_realm_info {
    char realm[KERB_MAX_REALM]; /* the realm's own spelling (usually upper case), UTF-8 */
    size_t kdc_count;           /* 1..KERB_MAX_KDCS, in the order configured */
    kerb_kdc_addr kdcs[KERB_MAX_KDCS];
    /* The password change server (RFC 3244): krb5.conf's kpasswd_server for the realm when it names one (port 464
     * unless given); otherwise (and for a realm of the registry, which has no such value) each KDC's host at 464. */
    BOOL has_kpasswd;
    kerb_kdc_addr kpasswd;
} kerb_realm_info;

/* Resolves a logon domain (domain_chars WCHARs, not NUL-terminated; 0 for the default realm) to a realm and its
 * KDCs. STATUS_SUCCESS; STATUS_NOT_FOUND when no source names a matching realm with at least one KDC (the caller
 * decides what that means: STATUS_NO_LOGON_SERVERS for Kerberos, "use MSV1_0" for Negotiate); STATUS_NO_MEMORY. */
NTSTATUS kerb_config_find_realm(const WCHAR *domain, size_t domain_chars, kerb_realm_info *out);

/* The same for a realm named in UTF-8 (a ticket's or a principal's realm, exact match, case-insensitive). */
NTSTATUS kerb_config_find_realm_utf8(const char *realm, kerb_realm_info *out);

#endif
