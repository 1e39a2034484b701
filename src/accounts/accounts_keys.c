/* The keys of an account section and of [:policy]: their names, what each value becomes, and the defaults. */
#include "accounts_internal.h"

#include <string.h>

const char *const lsa_account_key_names[KEY_COUNT] = {
    [KEY_PASSWORD] = "password",
    [KEY_NT_HASH] = "nt_hash",
    [KEY_DOMAIN] = "domain",
    [KEY_RID] = "rid",
    [KEY_FULL_NAME] = "full_name",
    [KEY_GROUPS] = "groups",
    [KEY_PRIMARY_GROUP] = "primary_group",
    [KEY_HOME_DIRECTORY] = "home_directory",
    [KEY_HOME_DIRECTORY_DRIVE] = "home_directory_drive",
    [KEY_PROFILE_PATH] = "profile_path",
    [KEY_LOGON_SCRIPT] = "logon_script",
    [KEY_DISABLED] = "disabled",
    [KEY_LOCKED_OUT] = "locked_out",
    [KEY_PASSWORD_NEVER_EXPIRES] = "password_never_expires",
    [KEY_PASSWORD_NOT_REQUIRED] = "password_not_required",
    [KEY_MUST_CHANGE_PASSWORD] = "must_change_password",
    [KEY_ACCOUNT_EXPIRES] = "account_expires",
    [KEY_PASSWORD_LAST_SET] = "password_last_set",
    [KEY_LAST_LOGON] = "last_logon",
    [KEY_LAST_BAD_PASSWORD] = "last_bad_password",
    [KEY_LOCKOUT_TIME] = "lockout_time",
    [KEY_LOGON_HOURS] = "logon_hours",
    [KEY_WORKSTATIONS] = "workstations",
    [KEY_BAD_PASSWORD_COUNT] = "bad_password_count",
    [KEY_LOGON_COUNT] = "logon_count",
};

const char *const lsa_policy_key_names[POLICY_KEY_COUNT] = {
    [POLICY_MAX_PASSWORD_AGE] = "max_password_age_days",
    [POLICY_MIN_PASSWORD_AGE] = "min_password_age_days",
    [POLICY_MIN_PASSWORD_LENGTH] = "min_password_length",
    [POLICY_LOCKOUT_THRESHOLD] = "lockout_threshold",
    [POLICY_LOCKOUT_DURATION] = "lockout_duration_minutes",
    [POLICY_LOCKOUT_OBSERVATION] = "lockout_observation_minutes",
};

/* Windows' defaults for a standalone machine. */
const lsa_accounts_policy lsa_accounts_default_policy = {
    .max_password_age_days = 42,
    .min_password_age_days = 0,
    .min_password_length = 0,
    .lockout_threshold = 0,
    .lockout_duration_minutes = 30,
    .lockout_observation_minutes = 30,
};

/* Ranges of the policy values, as Windows' own policy editor allows them. */
static const uint32_t policy_min[POLICY_KEY_COUNT] = { 0, 0, 0, 0, 0, 1 };
static const uint32_t policy_max[POLICY_KEY_COUNT] = { 999, 998, 128, 999, 99999, 99999 };

static uint32_t *policy_slot(lsa_accounts_policy *p, int key)
{
    switch (key) {
    case POLICY_MAX_PASSWORD_AGE: return &p->max_password_age_days;
    case POLICY_MIN_PASSWORD_AGE: return &p->min_password_age_days;
    case POLICY_MIN_PASSWORD_LENGTH: return &p->min_password_length;
    case POLICY_LOCKOUT_THRESHOLD: return &p->lockout_threshold;
    case POLICY_LOCKOUT_DURATION: return &p->lockout_duration_minutes;
    default: return &p->lockout_observation_minutes;
    }
}

lsa_accounts_status acc_apply_policy_key(lsa_accounts_policy *p, int key, const value_text *v)
{
    return acc_parse_decimal(v, policy_min[key], policy_max[key], LSA_ACCOUNTS_BAD_COUNT, policy_slot(p, key));
}

char **acc_string_slot(lsa_account *a, int key)
{
    switch (key) {
    case KEY_PASSWORD: return &a->password;
    case KEY_DOMAIN: return &a->domain;
    case KEY_FULL_NAME: return &a->full_name;
    case KEY_GROUPS: return &a->groups;
    case KEY_PRIMARY_GROUP: return &a->primary_group;
    case KEY_HOME_DIRECTORY: return &a->home_directory;
    case KEY_HOME_DIRECTORY_DRIVE: return &a->home_directory_drive;
    case KEY_PROFILE_PATH: return &a->profile_path;
    case KEY_LOGON_SCRIPT: return &a->logon_script;
    case KEY_WORKSTATIONS: return &a->workstations;
    default: return NULL;
    }
}

static uint32_t flag_of(int key)
{
    switch (key) {
    case KEY_DISABLED: return LSA_ACCOUNT_DISABLED;
    case KEY_LOCKED_OUT: return LSA_ACCOUNT_LOCKED_OUT;
    case KEY_PASSWORD_NEVER_EXPIRES: return LSA_ACCOUNT_PASSWORD_NEVER_EXPIRES;
    case KEY_PASSWORD_NOT_REQUIRED: return LSA_ACCOUNT_PASSWORD_NOT_REQUIRED;
    case KEY_MUST_CHANGE_PASSWORD: return LSA_ACCOUNT_MUST_CHANGE_PASSWORD;
    default: return 0;
    }
}

static int64_t *time_slot(lsa_account *a, int key)
{
    switch (key) {
    case KEY_ACCOUNT_EXPIRES: return &a->account_expires;
    case KEY_PASSWORD_LAST_SET: return &a->password_last_set;
    case KEY_LAST_LOGON: return &a->last_logon;
    case KEY_LAST_BAD_PASSWORD: return &a->last_bad_password;
    case KEY_LOCKOUT_TIME: return &a->lockout_time;
    default: return NULL;
    }
}

/* `domain =` value: "" or "." is the local machine (NULL); anything else must be a valid name. */
static lsa_accounts_status set_domain(account_entry *e, const value_text *v)
{
    char *domain = acc_copy_value(v);
    size_t len;

    if (domain == NULL)
        return LSA_ACCOUNTS_NOMEM;
    len = strlen(domain);
    if (len == 0 || strcmp(domain, ".") == 0) {
        acc_free(domain);
        return LSA_ACCOUNTS_OK;
    }
    if (!acc_name_is_valid((text_span){ domain, len })) {
        acc_free(domain);
        return LSA_ACCOUNTS_BAD_DOMAIN;
    }
    e->pub.domain = domain;
    return LSA_ACCOUNTS_OK;
}

static lsa_accounts_status set_string(char **slot, const value_text *v)
{
    *slot = acc_copy_value(v);
    return *slot != NULL ? LSA_ACCOUNTS_OK : LSA_ACCOUNTS_NOMEM;
}

lsa_accounts_status acc_apply_account_key(account_entry *e, int key, const value_text *v, unsigned line)
{
    lsa_account *a = &e->pub;
    lsa_accounts_status st;
    int yes;

    if (flag_of(key) != 0) {
        st = acc_parse_bool(v, &yes);
        if (st == LSA_ACCOUNTS_OK)
            a->flags = yes ? a->flags | flag_of(key) : a->flags & ~flag_of(key);
        return st;
    }
    if (time_slot(a, key) != NULL)
        return acc_parse_time(v, time_slot(a, key));
    switch (key) {
    case KEY_PASSWORD:
        if (e->keys_seen & (1u << KEY_NT_HASH))
            return LSA_ACCOUNTS_BOTH_SECRETS;
        return set_string(&a->password, v);
    case KEY_NT_HASH:
        if (e->keys_seen & (1u << KEY_PASSWORD))
            return LSA_ACCOUNTS_BOTH_SECRETS;
        st = acc_parse_nt_hash(v, a->nt_hash);
        a->has_nt_hash = st == LSA_ACCOUNTS_OK;
        return st;
    case KEY_DOMAIN:
        return set_domain(e, v);
    case KEY_RID:
        st = acc_parse_decimal(v, 1, 0xFFFFFFFFu, LSA_ACCOUNTS_BAD_NUMBER, &a->rid);
        if (st == LSA_ACCOUNTS_OK)
            e->rid_line = line;
        return st;
    case KEY_GROUPS:
        return acc_parse_list(v, &a->groups);
    case KEY_WORKSTATIONS:
        return acc_parse_list(v, &a->workstations);
    case KEY_HOME_DIRECTORY_DRIVE:
        return acc_parse_drive(v, &a->home_directory_drive);
    case KEY_LOGON_HOURS:
        return acc_parse_hours(v, a->logon_hours);
    case KEY_BAD_PASSWORD_COUNT:
        return acc_parse_decimal(v, 0, 0xFFFFFFFFu, LSA_ACCOUNTS_BAD_COUNT, &a->bad_password_count);
    case KEY_LOGON_COUNT:
        return acc_parse_decimal(v, 0, 0xFFFFFFFFu, LSA_ACCOUNTS_BAD_COUNT, &a->logon_count);
    default: /* full_name, primary_group, home_directory, profile_path, logon_script: free text */
        return set_string(acc_string_slot(a, key), v);
    }
}

void acc_init_account(account_entry *e)
{
    e->pub.account_expires = LSA_ACCOUNTS_NEVER;
    e->pub.password_last_set = LSA_ACCOUNTS_NEVER;
    e->pub.last_logon = LSA_ACCOUNTS_NEVER;
    e->pub.last_bad_password = LSA_ACCOUNTS_NEVER;
    e->pub.lockout_time = LSA_ACCOUNTS_NEVER;
    memset(e->pub.logon_hours, 0xFF, sizeof(e->pub.logon_hours));
}

lsa_accounts_status acc_finish_account(account_entry *e, unsigned *line)
{
    if (e->pub.password == NULL && !e->pub.has_nt_hash) {
        *line = e->pub.line;
        return LSA_ACCOUNTS_NO_SECRET;
    }
    for (int k = 0; k < KEY_COUNT; k++) {
        char **slot = acc_string_slot(&e->pub, k);

        if (slot == NULL || *slot != NULL || k == KEY_PASSWORD || k == KEY_DOMAIN)
            continue;
        *slot = acc_malloc(1);
        if (*slot == NULL)
            return LSA_ACCOUNTS_NOMEM;
        (*slot)[0] = '\0';
    }
    return LSA_ACCOUNTS_OK;
}

void acc_free_entry(account_entry *e)
{
    acc_free(e->pub.name);
    for (int k = 0; k < KEY_COUNT; k++) {
        char **slot = acc_string_slot(&e->pub, k);

        if (slot != NULL && k == KEY_PASSWORD)
            acc_free_secret_string(*slot);
        else if (slot != NULL)
            acc_free(*slot);
    }
    acc_wipe(e, sizeof(*e));
}
