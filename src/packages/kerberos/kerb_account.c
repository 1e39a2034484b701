/* The local account a principal maps to; see kerb_account.h. */
#include "pkg_win.h"

#include <string.h>

#include "accounts_store.h"
#include "kerb_account.h"
#include "kerb_package.h"
#include "pkg_trace.h"

static void widen(const char *utf8, WCHAR *out, size_t cap)
{
    int n = utf8 ? MultiByteToWideChar(CP_UTF8, 0, utf8, -1, out, (int)cap) : 0;
    if (n <= 0)
        out[0] = 0;
}

NTSTATUS kerb_account_find(const char *user_utf8, kerb_account *out)
{
    WCHAR path[LSA_STORE_PATH_MAX];
    lsa_accounts_db *db = NULL;
    const lsa_account *a;
    lsa_store_error err;
    lsa_store_status st;

    memset(out, 0, sizeof(*out));
    path[0] = 0;
    lsa_store_default_path(path);
    if (!path[0])
        return STATUS_NO_SUCH_USER;
    st = lsa_store_load(path, &db, &err);
    if (st == LSA_STORE_NOMEM)
        return STATUS_NO_MEMORY;
    if (st == LSA_STORE_PARSE) {
        pkg_warn(KERB_TRACE, "accounts file malformed (line %u): no mapping decided", err.parse.line);
        return STATUS_INTERNAL_DB_CORRUPTION;
    }
    if (st != LSA_STORE_OK)
        return STATUS_INTERNAL_DB_ERROR;
    if (!(a = lsa_accounts_find(db, NULL, user_utf8))) {
        lsa_accounts_free(db);
        return STATUS_NO_SUCH_USER;
    }
    widen(a->name, out->name, ARRAYSIZE(out->name));
    out->rid = a->rid;
    widen(a->full_name, out->full_name, ARRAYSIZE(out->full_name));
    widen(a->groups, out->groups, ARRAYSIZE(out->groups));
    widen(a->primary_group, out->primary_group, ARRAYSIZE(out->primary_group));
    widen(a->logon_script, out->logon_script, ARRAYSIZE(out->logon_script));
    widen(a->home_directory, out->home_directory, ARRAYSIZE(out->home_directory));
    widen(a->home_directory_drive, out->home_directory_drive, ARRAYSIZE(out->home_directory_drive));
    widen(a->profile_path, out->profile_path, ARRAYSIZE(out->profile_path));
    lsa_accounts_free(db); /* wipes the file's secrets */
    return STATUS_SUCCESS;
}

static INIT_ONCE domain_once = INIT_ONCE_STATIC_INIT;
static BYTE domain_sid[SECURITY_MAX_SID_SIZE];

static BOOL CALLBACK find_domain_sid(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    WCHAR computer[MAX_COMPUTERNAME_LENGTH + 1], domain[256];
    DWORD chars = ARRAYSIZE(computer), size = sizeof(domain_sid), domain_chars = ARRAYSIZE(domain), i;
    SID_NAME_USE use;

    (void)once;
    (void)param;
    (void)ctx;
    if (GetComputerNameW(computer, &chars) &&
        LookupAccountNameW(NULL, computer, domain_sid, &size, domain, &domain_chars, &use) && use == SidTypeDomain)
        return TRUE;
    InitializeSid(domain_sid, &nt, 4);
    *GetSidSubAuthority(domain_sid, 0) = SECURITY_NT_NON_UNIQUE;
    for (i = 1; i < 4; i++)
        *GetSidSubAuthority(domain_sid, i) = 0;
    return TRUE;
}

PSID kerb_account_domain_sid(void)
{
    InitOnceExecuteOnce(&domain_once, find_domain_sid, NULL, NULL);
    return (PSID)domain_sid;
}
