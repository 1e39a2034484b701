/* Realm lookup (kerb_config.h): every source is read afresh at each call, so a realm added with ksetup or an edited
 * krb5.conf counts at the next logon. A name matches its realm's whole name in any source before a NetBIOS-style
 * first label is tried anywhere: an exact name is never captured by another realm's short name. */
#include "pkg_win.h"

#include <string.h>

#include "kerb_config.h"
#include "kerb_config_sources.h"

static void copy_realm(const k5conf_realm *r, kerb_realm_info *out)
{
    _Static_assert(sizeof(out->realm) == sizeof(r->name), "one realm size");
    _Static_assert(sizeof(out->kdcs[0].host) == sizeof(r->kdcs[0].host), "one host size");
    _Static_assert(KERB_MAX_KDCS == K5CONF_MAX_KDCS, "one KDC count");
    memcpy(out->realm, r->name, sizeof(out->realm));
    out->kdc_count = r->kdc_count;
    for (size_t i = 0; i < r->kdc_count; i++) {
        memcpy(out->kdcs[i].host, r->kdcs[i].host, sizeof(out->kdcs[i].host));
        out->kdcs[i].port = r->kdcs[i].port;
    }
    out->has_kpasswd = r->has_kpasswd ? TRUE : FALSE;
    if (r->has_kpasswd) {
        memcpy(out->kpasswd.host, r->kpasswd.host, sizeof(out->kpasswd.host));
        out->kpasswd.port = r->kpasswd.port;
    }
}

/* The first realm of the files that name designates under rule how and that has a KDC. */
static BOOL find_in_files(const k5conf *files, size_t count, const char *name, size_t len, k5conf_match how,
                          kerb_realm_info *out)
{
    for (size_t f = 0; f < count; f++)
        for (size_t i = 0; i < files[f].realm_count; i++) {
            const k5conf_realm *r = &files[f].realms[i];
            if (r->kdc_count && k5conf_realm_matches(r->name, name, len, how)) {
                copy_realm(r, out);
                return TRUE;
            }
        }
    return FALSE;
}

/* name: UTF-8, len bytes; len 0 asks for the default realm. exact_only: a realm's own name (tickets, principals). */
static NTSTATUS find(const char *name, size_t len, BOOL exact_only, kerb_realm_info *out)
{
    k5conf files[KERB_CONFIG_MAX_FILES + 1];
    NTSTATUS status;
    size_t count = kerb_config_load_files(files, &status);
    char default_realm[KERB_MAX_REALM];
    if (status == STATUS_SUCCESS && len == 0) {
        /* Windows keeps no default realm in the Domains key: the first krb5.conf that names one decides. */
        status = STATUS_NOT_FOUND;
        for (size_t f = 0; f < count && status == STATUS_NOT_FOUND; f++)
            if (files[f].default_realm[0]) {
                memcpy(default_realm, files[f].default_realm, sizeof(default_realm));
                name = default_realm;
                len = strlen(default_realm);
                status = STATUS_SUCCESS;
                exact_only = TRUE;
            }
    }
    if (status == STATUS_SUCCESS) {
        status = STATUS_NOT_FOUND;
        /* A NetBIOS-style name is one label: a dotted name is only ever a realm's whole name. */
        BOOL dotted = memchr(name, '.', len) != NULL;
        for (int pass = 0; pass < 2 && status == STATUS_NOT_FOUND; pass++) {
            k5conf_match how = pass == 0 ? K5CONF_MATCH_NAME : K5CONF_MATCH_FIRST_LABEL;
            if (pass == 1 && (exact_only || dotted))
                break;
            status = kerb_config_registry_find(name, len, how, out);
            if (status == STATUS_NOT_FOUND && find_in_files(files, count, name, len, how, out))
                status = STATUS_SUCCESS;
        }
    }
    for (size_t f = 0; f < count; f++)
        k5conf_free(&files[f]);
    if (status != STATUS_SUCCESS)
        memset(out, 0, sizeof(*out));
    return status;
}

NTSTATUS kerb_config_find_realm(const WCHAR *domain, size_t domain_chars, kerb_realm_info *out)
{
    char name[KERB_MAX_REALM];
    int len = 0;
    memset(out, 0, sizeof(*out));
    if (domain_chars) {
        /* A name that does not fit cannot be any realm's; nor can one that is not valid UTF-16. */
        if (!domain || domain_chars >= KERB_MAX_REALM)
            return STATUS_NOT_FOUND;
        len = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, domain, (int)domain_chars, name, sizeof(name) - 1,
                                  NULL, NULL);
        if (len <= 0)
            return STATUS_NOT_FOUND;
    }
    return find(name, (size_t)len, FALSE, out);
}

NTSTATUS kerb_config_find_realm_utf8(const char *realm, kerb_realm_info *out)
{
    memset(out, 0, sizeof(*out));
    if (!realm || !realm[0])
        return STATUS_NOT_FOUND;
    const char *nul = memchr(realm, '\0', KERB_MAX_REALM);
    if (!nul)
        return STATUS_NOT_FOUND;
    size_t len = (size_t)(nul - realm);
    return find(realm, len, TRUE, out);
}
