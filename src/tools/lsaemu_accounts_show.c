/* list, show and policy: reading the database. Secrets are never printed, only whether one is stored and how. */
#include <stdio.h>
#include <string.h>

#include "lsaemu_accounts.h"

/* The internal time format (seconds since 1970, UTC) as the file writes it. */
static void print_time(const char *label, int64_t t)
{
    SYSTEMTIME st;
    FILETIME ft;
    ULARGE_INTEGER u;

    if (t == LSA_ACCOUNTS_NEVER) {
        printf("%-22s never\n", label);
        return;
    }
    u.QuadPart = (ULONGLONG)((t + 11644473600LL) * 10000000LL); /* 1601-01-01 is the FILETIME epoch */
    ft.dwLowDateTime = u.LowPart;
    ft.dwHighDateTime = u.HighPart;
    FileTimeToSystemTime(&ft, &st);
    printf("%-22s %04u-%02u-%02uT%02u:%02u:%02uZ\n", label, st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
           st.wSecond);
}

static void print_hours(const uint8_t hours[LSA_ACCOUNTS_HOURS_BYTES])
{
    size_t all = 0;

    for (size_t i = 0; i < LSA_ACCOUNTS_HOURS_BYTES; i++)
        all += hours[i] == 0xFF;
    printf("%-22s ", "logon_hours");
    if (all == LSA_ACCOUNTS_HOURS_BYTES) {
        puts("all");
        return;
    }
    for (size_t i = 0; i < LSA_ACCOUNTS_HOURS_BYTES; i++)
        printf("%02X", hours[i]);
    putchar('\n');
}

static const char *flag_word(const lsa_account *a, uint32_t flag)
{
    return a->flags & flag ? "yes" : "no";
}

int tool_list(const lsa_accounts_db *db)
{
    for (size_t i = 0; i < lsa_accounts_count(db); i++) {
        const lsa_account *a = lsa_accounts_at(db, i);
        char user[2 * LSA_ACCOUNTS_MAX_NAME + 2];

        snprintf(user, sizeof(user), "%s%s%s", a->domain ? a->domain : "", a->domain ? "\\" : "", a->name);
        printf("%-24s rid %-10u%s%s\n", user, a->rid, a->flags & LSA_ACCOUNT_DISABLED ? " disabled" : "",
               a->flags & LSA_ACCOUNT_LOCKED_OUT ? " locked_out" : "");
    }
    return EXIT_OK;
}

int tool_show(const lsa_accounts_db *db, const char *user)
{
    char buf[2 * LSA_ACCOUNTS_MAX_NAME + 2];
    const char *domain, *name;
    const lsa_account *a;

    tool_split_user(user, buf, sizeof(buf), &domain, &name);
    if (!(a = lsa_accounts_find(db, domain, name))) {
        fprintf(stderr, "lsaemu_accounts: no account %s\n", user);
        return EXIT_NOT_FOUND;
    }
    printf("%-22s %s\n", "name", a->name);
    printf("%-22s %s\n", "domain", a->domain ? a->domain : ". (local)");
    printf("%-22s %u\n", "rid", a->rid);
    printf("%-22s %s\n", "password", a->has_nt_hash ? "set (NT hash)" : "set (clear text in the file, hashed at the next write)");
    printf("%-22s %s\n", "full_name", a->full_name);
    printf("%-22s %s\n", "groups", a->groups);
    printf("%-22s %s\n", "primary_group", a->primary_group);
    printf("%-22s %s\n", "home_directory", a->home_directory);
    printf("%-22s %s\n", "home_directory_drive", a->home_directory_drive);
    printf("%-22s %s\n", "profile_path", a->profile_path);
    printf("%-22s %s\n", "logon_script", a->logon_script);
    printf("%-22s %s\n", "disabled", flag_word(a, LSA_ACCOUNT_DISABLED));
    printf("%-22s %s\n", "locked_out", flag_word(a, LSA_ACCOUNT_LOCKED_OUT));
    printf("%-22s %s\n", "password_never_expires", flag_word(a, LSA_ACCOUNT_PASSWORD_NEVER_EXPIRES));
    printf("%-22s %s\n", "password_not_required", flag_word(a, LSA_ACCOUNT_PASSWORD_NOT_REQUIRED));
    printf("%-22s %s\n", "must_change_password", flag_word(a, LSA_ACCOUNT_MUST_CHANGE_PASSWORD));
    print_time("account_expires", a->account_expires);
    print_time("password_last_set", a->password_last_set);
    print_time("last_logon", a->last_logon);
    print_time("last_bad_password", a->last_bad_password);
    print_time("lockout_time", a->lockout_time);
    print_hours(a->logon_hours);
    printf("%-22s %s\n", "workstations", a->workstations[0] ? a->workstations : "(any)");
    printf("%-22s %u\n", "bad_password_count", a->bad_password_count);
    printf("%-22s %u\n", "logon_count", a->logon_count);
    return EXIT_OK;
}

int tool_show_policy(const lsa_accounts_db *db)
{
    const lsa_accounts_policy *p = lsa_accounts_get_policy(db);

    printf("%-28s %u\n", "max_password_age_days", p->max_password_age_days);
    printf("%-28s %u\n", "min_password_age_days", p->min_password_age_days);
    printf("%-28s %u\n", "min_password_length", p->min_password_length);
    printf("%-28s %u\n", "lockout_threshold", p->lockout_threshold);
    printf("%-28s %u\n", "lockout_duration_minutes", p->lockout_duration_minutes);
    printf("%-28s %u\n", "lockout_observation_minutes", p->lockout_observation_minutes);
    return EXIT_OK;
}
