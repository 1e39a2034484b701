/* The SID rule of unmapped Kerberos users (src/packages/kerberos/kerb_sid_rule.h), linked directly: known answers
 * (computed independently: SHA-256 of the documented strings, Python's hashlib), stability under case, distinctness
 * across users and realms, and the refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include "pkg_win.h"

#include <cmocka.h>
#include <sddl.h>

#include "kerb_sid_rule.h"

static void assert_sid_text(const BYTE *sid, const WCHAR *expected)
{
    WCHAR *text = NULL;

    assert_true(ConvertSidToStringSidW((PSID)sid, &text));
    if (wcscmp(text, expected))
        fail_msg("SID %ls, expected %ls", text, expected);
    LocalFree(text);
}

static void test_known_answers(void **state)
{
    BYTE sid[SECURITY_MAX_SID_SIZE];
    DWORD rid;

    (void)state;
    assert_int_equal(kerb_sid_rule_domain(L"EXAMPLE.COM", sid), STATUS_SUCCESS);
    assert_sid_text(sid, L"S-1-5-21-559450289-3576476032-1240842354");
    assert_int_equal(kerb_sid_rule_domain(L"KLOGON.TEST", sid), STATUS_SUCCESS);
    assert_sid_text(sid, L"S-1-5-21-4072928626-3684102419-91597159");
    assert_int_equal(kerb_sid_rule_rid(L"EXAMPLE.COM", L"alice", &rid), STATUS_SUCCESS);
    assert_int_equal(rid, 538278206);
    assert_int_equal(kerb_sid_rule_rid(L"EXAMPLE.COM", L"J\u00fcrgen", &rid), STATUS_SUCCESS);
    assert_int_equal(rid, 522431742);
    assert_int_equal(kerb_sid_rule_rid(L"KLOGON.TEST", L"alice", &rid), STATUS_SUCCESS);
    assert_int_equal(rid, 788971322);
}

/* Realms compare upper-cased, users lower-cased: any spelling gives the same SID. */
static void test_case_insensitive(void **state)
{
    BYTE a[SECURITY_MAX_SID_SIZE], b[SECURITY_MAX_SID_SIZE];
    DWORD r1, r2;

    (void)state;
    assert_int_equal(kerb_sid_rule_domain(L"example.com", a), STATUS_SUCCESS);
    assert_int_equal(kerb_sid_rule_domain(L"EXAMPLE.COM", b), STATUS_SUCCESS);
    assert_true(EqualSid(a, b));
    assert_int_equal(kerb_sid_rule_rid(L"example.com", L"ALICE", &r1), STATUS_SUCCESS);
    assert_int_equal(kerb_sid_rule_rid(L"Example.Com", L"alice", &r2), STATUS_SUCCESS);
    assert_int_equal(r1, r2);
    assert_int_equal(kerb_sid_rule_rid(L"EXAMPLE.COM", L"J\u00dcRGEN", &r2), STATUS_SUCCESS);
    assert_int_equal(r2, 522431742);
}

/* Different users, and the same user in different realms, get different SIDs; every RID is in the documented
 * range, and no realm gets Wine's local account domain (S-1-5-21-0-0-0). */
static void test_distinct(void **state)
{
    static const WCHAR *users[] = {L"alice", L"bob", L"carol", L"dave", L"alice2", L"administrator", L"krbtgt"};
    DWORD rids[ARRAYSIZE(users)];
    BYTE a[SECURITY_MAX_SID_SIZE], b[SECURITY_MAX_SID_SIZE];
    size_t i, j;

    (void)state;
    for (i = 0; i < ARRAYSIZE(users); i++) {
        assert_int_equal(kerb_sid_rule_rid(L"EXAMPLE.COM", users[i], &rids[i]), STATUS_SUCCESS);
        assert_true(rids[i] >= KERB_SID_RULE_FIRST_RID);
        assert_true(rids[i] < KERB_SID_RULE_FIRST_RID + KERB_SID_RULE_RID_SPAN);
        for (j = 0; j < i; j++)
            assert_int_not_equal(rids[i], rids[j]);
    }
    assert_int_equal(kerb_sid_rule_domain(L"EXAMPLE.COM", a), STATUS_SUCCESS);
    assert_int_equal(kerb_sid_rule_domain(L"EXAMPLE.ORG", b), STATUS_SUCCESS);
    assert_false(EqualSid(a, b));
    assert_true(*GetSidSubAuthority(a, 1) || *GetSidSubAuthority(a, 2) || *GetSidSubAuthority(a, 3));
}

static void test_refusals(void **state)
{
    BYTE sid[SECURITY_MAX_SID_SIZE];
    WCHAR longname[600];
    DWORD rid = 7;
    size_t i;

    (void)state;
    assert_int_equal(kerb_sid_rule_domain(L"", sid), STATUS_INVALID_PARAMETER);
    assert_int_equal(kerb_sid_rule_rid(L"", L"alice", &rid), STATUS_INVALID_PARAMETER);
    assert_int_equal(rid, 0);
    assert_int_equal(kerb_sid_rule_rid(L"EXAMPLE.COM", L"", &rid), STATUS_INVALID_PARAMETER);
    for (i = 0; i + 1 < ARRAYSIZE(longname); i++)
        longname[i] = L'a';
    longname[i] = 0;
    assert_int_equal(kerb_sid_rule_rid(L"EXAMPLE.COM", longname, &rid), STATUS_INVALID_PARAMETER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_case_insensitive),
        cmocka_unit_test(test_distinct),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
