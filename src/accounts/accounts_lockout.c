/* Account lockout; see accounts_lockout.h. */
#include "accounts_lockout.h"

int lsa_lockout_active(uint32_t flags, int64_t lockout_time, const lsa_accounts_policy *policy, int64_t now)
{
    if (!(flags & LSA_ACCOUNT_LOCKED_OUT))
        return 0;
    if (!policy->lockout_duration_minutes || lockout_time == LSA_ACCOUNTS_NEVER)
        return 1;
    /* The parser bounds times to years 1601..9999 and the duration to 99999 minutes: no overflow. */
    return now < lockout_time + (int64_t)policy->lockout_duration_minutes * 60;
}

void lsa_lockout_note_bad_password(lsa_account *a, const lsa_accounts_policy *policy, int64_t now)
{
    int64_t window = (int64_t)policy->lockout_observation_minutes * 60;

    /* A guess against a locked account is not counted: counting it would extend nothing useful, and recounting would
     * let the guesses of a spray keep the account locked for ever. */
    if (lsa_lockout_active(a->flags, a->lockout_time, policy, now))
        return;
    if ((a->flags & LSA_ACCOUNT_LOCKED_OUT) && !lsa_lockout_active(a->flags, a->lockout_time, policy, now)) {
        /* The lockout has run out: the account starts afresh. */
        a->flags &= ~LSA_ACCOUNT_LOCKED_OUT;
        a->lockout_time = LSA_ACCOUNTS_NEVER;
        a->bad_password_count = 0;
    }
    if (!(a->flags & LSA_ACCOUNT_LOCKED_OUT) && a->last_bad_password != LSA_ACCOUNTS_NEVER &&
        now - a->last_bad_password >= window)
        a->bad_password_count = 0;
    if (a->bad_password_count < UINT32_MAX)
        a->bad_password_count++;
    a->last_bad_password = now;
    if (policy->lockout_threshold && a->bad_password_count >= policy->lockout_threshold &&
        !(a->flags & LSA_ACCOUNT_LOCKED_OUT)) {
        a->flags |= LSA_ACCOUNT_LOCKED_OUT;
        a->lockout_time = now;
    }
}

uint32_t lsa_lockout_note_success(lsa_account *a, int64_t now)
{
    uint32_t reset = a->bad_password_count;

    a->bad_password_count = 0;
    a->flags &= ~LSA_ACCOUNT_LOCKED_OUT;
    a->lockout_time = LSA_ACCOUNTS_NEVER;
    if (a->logon_count < UINT32_MAX)
        a->logon_count++;
    a->last_logon = now;
    return reset;
}
