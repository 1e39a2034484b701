/* Realms from Windows' own place, what `ksetup /addkdc REALM host` writes:
 * HKLM\SYSTEM\CurrentControlSet\Control\Lsa\Kerberos\Domains\<REALM>, value KdcNames (REG_MULTI_SZ of host[:port];
 * a REG_SZ holding one entry is read too). */
#include "pkg_win.h"

#include <stdlib.h>
#include <string.h>

#include "kerb_config_sources.h"
#include "kerb_package.h"
#include "pkg_trace.h"

#define DOMAINS_KEY L"SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Domains"
#define MAX_KDCNAMES_BYTES (64u * 1024u) /* far more than KERB_MAX_KDCS entries of KERB_MAX_HOST bytes need */

/* One KdcNames entry into out->kdcs; a malformed one is skipped (and reported once). */
static void add_entry(const WCHAR *entry, size_t chars, kerb_realm_info *out)
{
    char utf8[KERB_MAX_HOST + 8];
    int n = chars ? WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, entry, (int)chars, utf8, sizeof(utf8) - 1,
                                        NULL, NULL)
                  : 0;
    k5conf_kdc kdc;
    k5conf_status st = n > 0 ? k5conf_parse_kdc(utf8, (size_t)n, &kdc) : K5CONF_E_BAD_KDC;
    if (st == K5CONF_OK && out->kdc_count < KERB_MAX_KDCS) {
        _Static_assert(sizeof(out->kdcs[0].host) == sizeof(kdc.host), "one host size");
        memcpy(out->kdcs[out->kdc_count].host, kdc.host, sizeof(kdc.host));
        out->kdcs[out->kdc_count].port = kdc.port;
        out->kdc_count++;
        return;
    }
    ULONGLONG print = kerb_config_fingerprint(0, out->realm, strlen(out->realm));
    print = kerb_config_fingerprint(print, entry, chars * sizeof(WCHAR));
    if (kerb_config_first_report(print))
        pkg_warn(KERB_TRACE, "registry Kerberos\\Domains\\%s KdcNames: entry %lu skipped (%s)", out->realm,
                 (unsigned long)(out->kdc_count + 1),
                 st == K5CONF_OK ? "more than the KDCs kept" : k5conf_status_name(st));
}

/* The KDCs of one realm key; STATUS_NOT_FOUND when it lists none that can be used. */
static NTSTATUS read_kdcs(HKEY domains, const WCHAR *subkey, kerb_realm_info *out)
{
    DWORD bytes = 0, type = 0;
    DWORD flags = RRF_RT_REG_MULTI_SZ | RRF_RT_REG_SZ;
    LSTATUS rc = RegGetValueW(domains, subkey, L"KdcNames", flags, &type, NULL, &bytes);
    if (rc != ERROR_SUCCESS || bytes < sizeof(WCHAR) || bytes > MAX_KDCNAMES_BYTES)
        return STATUS_NOT_FOUND;
    /* Room for two more terminators: RegGetValueW adds what a stored value lacks. */
    size_t chars = bytes / sizeof(WCHAR) + 2;
    WCHAR *list = calloc(chars, sizeof(WCHAR));
    if (!list)
        return STATUS_NO_MEMORY;
    bytes = (DWORD)(chars * sizeof(WCHAR));
    rc = RegGetValueW(domains, subkey, L"KdcNames", flags, &type, list, &bytes);
    if (rc == ERROR_SUCCESS) {
        size_t total = bytes / sizeof(WCHAR);
        for (size_t at = 0; at < total && list[at];) {
            size_t len = 0;
            while (len < total - at && list[at + len])
                len++;
            add_entry(list + at, len, out);
            if (type == REG_SZ)
                break;
            at += len + 1;
        }
    }
    free(list);
    return out->kdc_count ? STATUS_SUCCESS : STATUS_NOT_FOUND;
}

NTSTATUS kerb_config_registry_find(const char *name, size_t len, k5conf_match how, kerb_realm_info *out)
{
    HKEY domains;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, DOMAINS_KEY, 0, KEY_READ, &domains) != ERROR_SUCCESS)
        return STATUS_NOT_FOUND;
    NTSTATUS status = STATUS_NOT_FOUND;
    WCHAR subkey[KERB_MAX_REALM];
    for (DWORD index = 0; status == STATUS_NOT_FOUND; index++) {
        DWORD chars = ARRAYSIZE(subkey);
        LSTATUS rc = RegEnumKeyExW(domains, index, subkey, &chars, NULL, NULL, NULL, NULL);
        if (rc == ERROR_MORE_DATA)
            continue; /* a name longer than any realm we can hold */
        if (rc != ERROR_SUCCESS)
            break;
        memset(out, 0, sizeof(*out));
        int n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, subkey, (int)chars, out->realm,
                                    sizeof(out->realm) - 1, NULL, NULL);
        if (n <= 0)
            continue;
        out->realm[n] = '\0';
        if (k5conf_realm_matches(out->realm, name, len, how))
            status = read_kdcs(domains, subkey, out);
    }
    RegCloseKey(domains);
    if (status != STATUS_SUCCESS)
        memset(out, 0, sizeof(*out));
    return status;
}
