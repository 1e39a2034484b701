/* Account restrictions; see msv1_0_restrict.h. */
#include "pkg_win.h"

#include <string.h>

#include "accounts_lockout.h"
#include "msv1_0_restrict.h"

#define EPOCH_1601_TO_1970 11644473600LL /* seconds */
#define TICKS 10000000LL                 /* FILETIME units per second */
#define DAY (24LL * 3600)

int64_t msv1_0_unix_from_filetime(const FILETIME *ft)
{
    ULONGLONG t = ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;

    return (int64_t)(t / TICKS) - EPOCH_1601_TO_1970;
}

int64_t msv1_0_unix_now(void)
{
    FILETIME now;

    GetSystemTimeAsFileTime(&now);
    return msv1_0_unix_from_filetime(&now);
}

LONGLONG msv1_0_filetime_from_unix(int64_t t)
{
    /* The parser admits years 1601..9999 only, so the product never overflows. */
    if (t == LSA_ACCOUNTS_NEVER)
        return PKG_NEVER;
    return (t + EPOCH_1601_TO_1970) * TICKS;
}

BOOL msv1_0_still_locked(const msv1_0_account *a, int64_t now)
{
    return lsa_lockout_active(a->flags, a->lockout_time, &a->policy, now) != 0;
}

/* Hour 0 of the week is Sunday 00:00 UTC; 1970-01-01 was a Thursday (weekday 4). */
static BOOL hour_allowed(const BYTE *hours, int64_t now)
{
    int64_t day = now >= 0 ? now / DAY : (now - DAY + 1) / DAY;
    unsigned weekday = (unsigned)(((day + 4) % 7 + 7) % 7);
    unsigned hour = weekday * 24 + (unsigned)((now - day * DAY) / 3600);

    return (hours[hour / 8] >> (hour % 8)) & 1;
}

static BOOL workstation_allowed(const WCHAR *list, const WCHAR *from)
{
    const WCHAR *item = list;

    /* No list: any computer. No workstation given (a network logon without one): nothing to compare. */
    if (!list[0] || !from[0])
        return TRUE;
    while (*item) {
        const WCHAR *end = item;
        size_t n;

        while (*end && *end != L',')
            end++;
        n = (size_t)(end - item);
        if (n == (size_t)lstrlenW(from) &&
            CompareStringOrdinal(item, (int)n, from, (int)n, TRUE) == CSTR_EQUAL)
            return TRUE;
        item = *end ? end + 1 : end;
    }
    return FALSE;
}

NTSTATUS msv1_0_restrictions_except(const msv1_0_account *a, int64_t now, unsigned skip)
{
    int64_t last_set;

    if (a->flags & LSA_ACCOUNT_DISABLED)
        return STATUS_ACCOUNT_DISABLED;
    if (a->account_expires != LSA_ACCOUNTS_NEVER && now >= a->account_expires)
        return STATUS_ACCOUNT_EXPIRED;
    if (!(skip & MSV1_0_SKIP_PASSWORD_CHECKS) && (a->flags & LSA_ACCOUNT_MUST_CHANGE_PASSWORD))
        return STATUS_PASSWORD_MUST_CHANGE;
    if (!(skip & MSV1_0_SKIP_PASSWORD_CHECKS) && !(a->flags & LSA_ACCOUNT_PASSWORD_NEVER_EXPIRES) &&
        a->policy.max_password_age_days) {
        last_set = a->password_last_set.QuadPart / TICKS - EPOCH_1601_TO_1970;
        if (now >= last_set + (int64_t)a->policy.max_password_age_days * DAY)
            return STATUS_PASSWORD_EXPIRED;
    }
    if (!(skip & MSV1_0_SKIP_LOGON_HOURS) && !hour_allowed(a->logon_hours, now))
        return STATUS_INVALID_LOGON_HOURS;
    if (!workstation_allowed(a->workstations, a->from_workstation))
        return STATUS_INVALID_WORKSTATION;
    return STATUS_SUCCESS;
}

NTSTATUS msv1_0_restrictions(const msv1_0_account *a, int64_t now)
{
    return msv1_0_restrictions_except(a, now, 0);
}
