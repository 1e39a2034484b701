/* The sessions' kept keys after a password change or set; see kerb_newkey.h. */
#include "pkg_win.h"

#include <string.h>

#include "kerb_cache.h"
#include "kerb_kdc.h"
#include "kerb_names.h"
#include "kerb_newkey.h"
#include "kerb_package.h"
#include "pkg_trace.h"

#define NEWKEY_MAX_COMPONENTS 8

BOOL kerb_newkey_principal(const char *realm, const char *user, kcc_principal *out)
{
    char copy[KERB_MAX_NAME]; /* a longer name is none the KDC knows */
    const char *comps[NEWKEY_MAX_COMPONENTS];
    size_t count = 0, len = strlen(user);
    char *p;

    memset(out, 0, sizeof(*out));
    if (!len || len >= sizeof(copy))
        return FALSE;
    memcpy(copy, user, len + 1);
    for (p = copy;;) {
        char *slash = strchr(p, '/');
        if (count == NEWKEY_MAX_COMPONENTS)
            return FALSE;
        comps[count++] = p;
        if (!slash)
            break;
        *slash = 0;
        p = slash + 1;
    }
    for (size_t i = 0; i < count; i++)
        if (!comps[i][0])
            return FALSE;
    return kcc_principal_set(out, KERB_NT_PRINCIPAL, realm, count, comps) == KCC_OK;
}

ULONG kerb_newkey_update_sessions(const kerb_realm_info *realm, const char *user, const WCHAR *password,
                                  size_t chars)
{
    kerb_tgt_result fresh;
    kcc_principal who;
    NTSTATUS status, sub;
    ULONG updated = 0;
    BOOL any;

    if (!kerb_newkey_principal(realm->realm, user, &who))
        return 0;
    any = kerb_cache_has_user(&who);
    kcc_principal_free(&who);
    if (!any)
        return 0;
    status = kerb_kdc_get_tgt(realm, user, password, chars, &fresh, &sub);
    if (status != STATUS_SUCCESS) {
        pkg_warn(KERB_TRACE, "%s@%s: no key from the new password (0x%08lx, sub 0x%08lx): its sessions keep the old",
                 user, realm->realm, (unsigned long)status, (unsigned long)sub);
        return 0;
    }
    updated = kerb_cache_update_key(&fresh.tgt.client, fresh.key_enctype, fresh.key, fresh.key_len);
    kerb_tgt_result_free(&fresh);
    return updated;
}
