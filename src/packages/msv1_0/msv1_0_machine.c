/* Computer name and account-domain SID; see msv1_0_machine.h. */
#include "pkg_win.h"

#include <stdlib.h>

#include "msv1_0_machine.h"
#include "pkg_trace.h"

static INIT_ONCE machine_once = INIT_ONCE_STATIC_INIT;
static msv1_0_machine machine;
static BYTE fallback_sid[SECURITY_MAX_SID_SIZE];

static PSID lookup_domain_sid(const WCHAR *name)
{
    WCHAR domain[256];
    DWORD sid_size = 0, domain_chars = ARRAYSIZE(domain);
    SID_NAME_USE use;
    PSID sid;

    LookupAccountNameW(NULL, name, NULL, &sid_size, domain, &domain_chars, &use);
    if (!sid_size || !(sid = malloc(sid_size)))
        return NULL;
    domain_chars = ARRAYSIZE(domain);
    if (!LookupAccountNameW(NULL, name, sid, &sid_size, domain, &domain_chars, &use) || use != SidTypeDomain ||
        !IsValidSid(sid)) {
        free(sid);
        return NULL;
    }
    return sid;
}

static BOOL CALLBACK init_machine(PINIT_ONCE once, PVOID param, PVOID *context)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    DWORD chars = ARRAYSIZE(machine.name);

    (void)once;
    (void)param;
    (void)context;
    if (!GetComputerNameW(machine.name, &chars)) {
        /* A name is needed for LogonServer and the authority; Windows always has one. */
        pkg_err("msv1_0", "GetComputerNameW failed: %lu", GetLastError());
        lstrcpyW(machine.name, L"LOCALHOST");
        chars = 9;
    }
    machine.name_chars = chars;
    machine.domain_sid = lookup_domain_sid(machine.name);
    if (!machine.domain_sid) {
        pkg_warn("msv1_0", "no account-domain SID for the computer name; using S-1-5-21-0-0-0");
        InitializeSid(fallback_sid, &nt, 4);
        *GetSidSubAuthority(fallback_sid, 0) = SECURITY_NT_NON_UNIQUE;
        *GetSidSubAuthority(fallback_sid, 1) = 0;
        *GetSidSubAuthority(fallback_sid, 2) = 0;
        *GetSidSubAuthority(fallback_sid, 3) = 0;
        machine.domain_sid = fallback_sid;
    }
    return TRUE;
}

const msv1_0_machine *msv1_0_machine_get(void)
{
    InitOnceExecuteOnce(&machine_once, init_machine, NULL, NULL);
    return &machine;
}

BOOL msv1_0_domain_is_local(const pkg_wstr *domain, const msv1_0_machine *machine)
{
    if (!domain->bytes)
        return TRUE;
    if (domain->bytes == sizeof(WCHAR) && pkg_wstr_equal_nocase(domain, L"."))
        return TRUE;
    return pkg_wstr_equal_nocase(domain, machine->name);
}
