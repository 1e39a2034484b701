/* Group resolution; see pkg_groups.h. */
#include "pkg_win.h"

#include <sddl.h>
#include <string.h>

#include "pkg_groups.h"
#include "pkg_trace.h"

static const struct {
    const WCHAR *name;
    DWORD alias;
} builtin[] = {
    {L"Administrators", DOMAIN_ALIAS_RID_ADMINS}, {L"Users", DOMAIN_ALIAS_RID_USERS},
    {L"Guests", DOMAIN_ALIAS_RID_GUESTS}, {L"Power Users", DOMAIN_ALIAS_RID_POWER_USERS},
    {L"Backup Operators", DOMAIN_ALIAS_RID_BACKUP_OPS}, {L"Remote Desktop Users", DOMAIN_ALIAS_RID_REMOTE_DESKTOP_USERS},
};

static BOOL name_is(const WCHAR *item, size_t n, const WCHAR *name)
{
    return n == (size_t)lstrlenW(name) && CompareStringOrdinal(item, (int)n, name, (int)n, TRUE) == CSTR_EQUAL;
}

static BOOL resolve_one(const WCHAR *item, size_t n, PSID domain_sid, BYTE *out)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    WCHAR text[256];
    PSID sid = NULL;
    size_t i;
    BYTE count;

    if (name_is(item, n, L"None")) {
        count = *GetSidSubAuthorityCount(domain_sid);
        if (count >= SID_MAX_SUB_AUTHORITIES || !CopySid(SECURITY_MAX_SID_SIZE, out, domain_sid))
            return FALSE;
        (*GetSidSubAuthorityCount(out))++;
        *GetSidSubAuthority(out, count) = DOMAIN_GROUP_RID_USERS;
        return TRUE;
    }
    for (i = 0; i < ARRAYSIZE(builtin); i++) {
        if (name_is(item, n, builtin[i].name)) {
            InitializeSid(out, &nt, 2);
            *GetSidSubAuthority(out, 0) = SECURITY_BUILTIN_DOMAIN_RID;
            *GetSidSubAuthority(out, 1) = builtin[i].alias;
            return TRUE;
        }
    }
    if (n < 3 || n >= ARRAYSIZE(text) || (item[0] != L'S' && item[0] != L's') || item[1] != L'-')
        return FALSE;
    memcpy(text, item, n * sizeof(WCHAR));
    text[n] = 0;
    if (!ConvertStringSidToSidW(text, &sid))
        return FALSE;
    i = CopySid(SECURITY_MAX_SID_SIZE, out, sid);
    LocalFree(sid);
    return i != 0;
}

static void unknown(const WCHAR *item, size_t n)
{
    static LONG said;
    char name[512];
    int len;

    if (InterlockedExchange(&said, 1))
        return;
    len = WideCharToMultiByte(CP_UTF8, 0, item, (int)n, name, sizeof(name) - 1, NULL, NULL);
    name[len > 0 ? len : 0] = 0;
    pkg_user_diag("accounts file: unknown group \"%s\" (a SID or a built-in group name is needed); logons of the "
                  "account fail with STATUS_INTERNAL_DB_CORRUPTION until it is fixed", name);
}

NTSTATUS pkg_groups_resolve(const WCHAR *groups, const WCHAR *primary, PSID domain_sid, pkg_groups *out)
{
    const WCHAR *item = groups;

    memset(out, 0, sizeof(*out));
    while (*item) {
        const WCHAR *end = item;

        while (*end && *end != L',')
            end++;
        if (out->count == PKG_MAX_EXTRA_GROUPS || !resolve_one(item, (size_t)(end - item), domain_sid,
                                                                  out->sids[out->count])) {
            unknown(item, (size_t)(end - item));
            return STATUS_INTERNAL_DB_CORRUPTION;
        }
        out->count++;
        item = *end ? end + 1 : end;
    }
    if (!resolve_one(primary[0] ? primary : L"None", primary[0] ? (size_t)lstrlenW(primary) : 4, domain_sid,
                     out->primary)) {
        unknown(primary, (size_t)lstrlenW(primary));
        return STATUS_INTERNAL_DB_CORRUPTION;
    }
    return STATUS_SUCCESS;
}
