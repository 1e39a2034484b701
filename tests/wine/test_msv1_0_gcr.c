/* MsV1_0Lm20GetChallengeResponse, the client half of NTLM: responses computed from a logon session's primary
 * credential (or a given password) are accepted by the server half, LsaLogonUser(Network), for the challenge MSV1_0
 * issued — NTLMv1, NTLMv1 with extended session security and NTLMv2 — and both halves derive the same session key.
 * Sessions without a password credential, unknown sessions and malformed requests are refused. Private accounts
 * file (in-process transport only). */
#include "test_msv1_0_fixture.h"

#include <stddef.h>

static BYTE buf[4096], req[1024];
static scratch_accounts acc;

#define USE_PRIMARY_PASSWORD 0x01
#define RETURN_PRIMARY_USERNAME 0x02
#define RETURN_PRIMARY_LOGON_DOMAINNAME 0x04
#define GENERATE_CLIENT_CHALLENGE 0x10
#define GCR_NTLM3_PARMS 0x20
#define GCR_USE_OWF_PASSWORD 0x800

/* MSV1_0_GETCHALLENRESP_REQUEST / _RESPONSE (Windows SDK layout; mingw has them in ddk/ntifs.h only). */
typedef struct {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG ParameterControl;
    LUID LogonId;
    UNICODE_STRING Password;
    UCHAR ChallengeToClient[MSV1_0_CHALLENGE_LENGTH];
    UNICODE_STRING UserName;
    UNICODE_STRING LogonDomainName;
    UNICODE_STRING ServerName;
} gcr_request;

typedef struct {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    STRING CaseSensitiveChallengeResponse;
    STRING CaseInsensitiveChallengeResponse;
    UNICODE_STRING UserName;
    UNICODE_STRING LogonDomainName;
    UCHAR UserSessionKey[MSV1_0_USER_SESSION_KEY_LENGTH];
    UCHAR LanmanSessionKey[MSV1_0_LANMAN_SESSION_KEY_LENGTH];
} gcr_response;

static int setup(void **state)
{
    msv1_0_setup(state);
    msv1_0_use_scratch_accounts(&acc, L"gcr", "[carol]\npassword = Secret123\nrid = 1010\n"
                                         "[erin]\npassword = Other123\nrid = 1011\npassword_not_required = yes\n");
    return 0;
}

static void get_challenge(BYTE challenge[8])
{
    ULONG type = MsV1_0Lm20ChallengeRequest;
    call_result r;

    do_call(lsa, msv, &type, sizeof(type), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_true(r.len >= 12);
    memcpy(challenge, (BYTE *)r.buf + 4, 8);
    LsaFreeReturnBuffer(r.buf);
}

static LUID carol_interactive(void)
{
    logon_result r;
    LUID id;

    do_logon(lsa, msv, Interactive, buf,
             build_interactive(buf, MsV1_0InteractiveLogon, L"", L"carol", L"Secret123", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    id = r.id;
    release_logon(&r);
    return id;
}

static ULONG build_gcr(ULONG control, const LUID *id, const BYTE challenge[8], const WCHAR *password,
                       const WCHAR *user, dialect d)
{
    gcr_request *g = (gcr_request *)req;
    size_t used = sizeof(*g);

    memset(req, 0, sizeof(req));
    g->MessageType = MsV1_0Lm20GetChallengeResponse;
    g->ParameterControl = control;
    if (id)
        g->LogonId = *id;
    memcpy(g->ChallengeToClient, challenge, 8);
    put_ustring(req, &used, &g->Password, password, d);
    put_ustring(req, &used, &g->UserName, user, d);
    put_ustring(req, &used, &g->LogonDomainName, L"", d);
    put_ustring(req, &used, &g->ServerName, L"", d);
    return (ULONG)used;
}

/* A response block: the responses and names point into it. */
static gcr_response *check_response(const call_result *r)
{
    gcr_response *g = r->buf;

    assert_status(r->status, STATUS_SUCCESS);
    assert_status(r->protocol, STATUS_SUCCESS);
    assert_non_null(g);
    assert_int_equal(g->MessageType, MsV1_0Lm20GetChallengeResponse);
    assert_true(inside(g, r->len, g->CaseSensitiveChallengeResponse.Buffer, g->CaseSensitiveChallengeResponse.Length));
    assert_true(
        inside(g, r->len, g->CaseInsensitiveChallengeResponse.Buffer, g->CaseInsensitiveChallengeResponse.Length));
    assert_int_equal(g->CaseInsensitiveChallengeResponse.Length, 24);
    return g;
}

/* Submits the responses as a server would, with the domain the client used (the returned LogonDomainName, as an
 * AUTHENTICATE message carries it) and the user it answered for (carol when not returned); returns the logon's status and its user session key. */
static NTSTATUS network_logon(const gcr_response *g, const BYTE challenge[8], BYTE session_key[16])
{
    MSV1_0_LM20_LOGON *l = (MSV1_0_LM20_LOGON *)buf;
    size_t used = sizeof(*l);
    logon_result r;
    USHORT nt = g->CaseSensitiveChallengeResponse.Length, lm = g->CaseInsensitiveChallengeResponse.Length;
    WCHAR domain[64] = L"", user[64] = L"carol";

    memcpy(domain, g->LogonDomainName.Buffer, min(g->LogonDomainName.Length, sizeof(domain) - sizeof(WCHAR)));
    if (g->UserName.Length) { /* the user the client answered for, when it said */
        memset(user, 0, sizeof(user));
        memcpy(user, g->UserName.Buffer, min(g->UserName.Length, sizeof(user) - sizeof(WCHAR)));
    }
    memset(buf, 0, sizeof(buf));
    l->MessageType = MsV1_0Lm20Logon;
    put_ustring(buf, &used, &l->LogonDomainName, domain, DIALECT_ABSOLUTE);
    put_ustring(buf, &used, &l->UserName, user, DIALECT_ABSOLUTE);
    put_ustring(buf, &used, &l->Workstation, L"CLIENT", DIALECT_ABSOLUTE);
    memcpy(l->ChallengeToClient, challenge, 8);
    memcpy(buf + used, g->CaseSensitiveChallengeResponse.Buffer, nt);
    l->CaseSensitiveChallengeResponse.Buffer = (PCHAR)(buf + used);
    l->CaseSensitiveChallengeResponse.Length = l->CaseSensitiveChallengeResponse.MaximumLength = nt;
    used += nt;
    memcpy(buf + used, g->CaseInsensitiveChallengeResponse.Buffer, lm);
    l->CaseInsensitiveChallengeResponse.Buffer = (PCHAR)(buf + used);
    l->CaseInsensitiveChallengeResponse.Length = l->CaseInsensitiveChallengeResponse.MaximumLength = lm;
    used += lm;
    do_logon(lsa, msv, Network, buf, (ULONG)used, &r);
    if (r.status == STATUS_SUCCESS)
        memcpy(session_key, ((MSV1_0_LM20_LOGON_PROFILE *)r.profile)->UserSessionKey, 16);
    release_logon(&r);
    return r.status;
}

/* The session's credential answers a challenge; the server half accepts it, with the same session key. */
static void test_primary_credential_round_trip(void **state)
{
    static const ULONG forms[] = {0, GENERATE_CLIENT_CHALLENGE, GCR_NTLM3_PARMS};
    BYTE challenge[8], key[16];
    LUID id = carol_interactive();
    call_result r;
    gcr_response *g;
    size_t i;
    dialect d;

    (void)state;
    for (i = 0; i < ARRAYSIZE(forms); i++) {
        for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
            get_challenge(challenge);
            do_call(lsa, msv, req,
                    build_gcr(USE_PRIMARY_PASSWORD | RETURN_PRIMARY_USERNAME | RETURN_PRIMARY_LOGON_DOMAINNAME |
                                  forms[i],
                              &id, challenge, L"", L"", d),
                    &r);
            g = check_response(&r);
            assert_block_ustring(g, r.len, &g->UserName, L"carol");
            assert_block_ustring(g, r.len, &g->LogonDomainName, computer_name());
            if (forms[i] == GCR_NTLM3_PARMS)
                assert_true(g->CaseSensitiveChallengeResponse.Length > 24);
            else
                assert_int_equal(g->CaseSensitiveChallengeResponse.Length, 24);
            assert_memory_equal(g->LanmanSessionKey, g->UserSessionKey, 8);
            if (network_logon(g, challenge, key) != STATUS_SUCCESS)
                fail_msg("form 0x%lx, %s dialect: the server half refused the responses", (unsigned long)forms[i],
                         dialect_name(d));
            assert_memory_equal(key, g->UserSessionKey, 16);
            /* The same responses for another challenge are refused. */
            get_challenge(challenge);
            assert_status(network_logon(g, challenge, key), STATUS_LOGON_FAILURE);
            LsaFreeReturnBuffer(g);
        }
    }
}

/* Without USE_PRIMARY_PASSWORD: the request's password (clear or OWF) and names; no names returned unless asked. */
static void test_given_password(void **state)
{
    static const BYTE carol_hash[16] = {0x63, 0x64, 0x79, 0x65, 0xf1, 0x35, 0x44, 0xc6,
                                        0x55, 0x1d, 0x5f, 0xdb, 0x7f, 0xfd, 0x13, 0xe0}; /* MD4(UTF-16LE "Secret123") */
    gcr_request *q = (gcr_request *)req;
    BYTE challenge[8], key[16];
    call_result r;
    gcr_response *g;
    ULONG len;

    (void)state;
    get_challenge(challenge);
    do_call(lsa, msv, req, build_gcr(GCR_NTLM3_PARMS, NULL, challenge, L"Secret123", L"carol", DIALECT_RELATIVE),
            &r);
    g = check_response(&r);
    assert_int_equal(g->UserName.Length, 0);
    assert_status(network_logon(g, challenge, key), STATUS_SUCCESS);
    LsaFreeReturnBuffer(g);

    get_challenge(challenge);
    do_call(lsa, msv, req, build_gcr(0, NULL, challenge, L"Wrong", L"carol", DIALECT_ABSOLUTE), &r);
    g = check_response(&r);
    assert_status(network_logon(g, challenge, key), STATUS_LOGON_FAILURE);
    LsaFreeReturnBuffer(g);

    /* GCR_USE_OWF_PASSWORD: the Password buffer is the NT hash itself (16 bytes, else refused). */
    get_challenge(challenge);
    len = build_gcr(GCR_USE_OWF_PASSWORD, NULL, challenge, L"12345678", L"carol", DIALECT_ABSOLUTE);
    memcpy(q->Password.Buffer, carol_hash, 16);
    do_call(lsa, msv, req, len, &r);
    g = check_response(&r);
    assert_status(network_logon(g, challenge, key), STATUS_SUCCESS);
    LsaFreeReturnBuffer(g);
    len = build_gcr(GCR_USE_OWF_PASSWORD, NULL, challenge, L"1234567", L"carol", DIALECT_ABSOLUTE);
    do_call(lsa, msv, req, len, &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
}

/* Sessions without a password credential, and sessions that do not exist. */
static void test_sessions_without_credential(void **state)
{
    BYTE challenge[8] = {0};
    logon_result net;
    call_result r;
    LUID nobody;

    (void)state;
    /* A network session (clear-text password supplied): the server half saw no reusable secret. */
    do_logon(lsa, msv, Network, buf, build_cleartext_lm20(buf, L"carol", L"Secret123", 0), &net);
    assert_status(net.status, STATUS_SUCCESS);
    do_call(lsa, msv, req, build_gcr(USE_PRIMARY_PASSWORD, &net.id, challenge, L"", L"", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_NO_SUCH_LOGON_SESSION);
    assert_no_return_buffer(&r);
    release_logon(&net);

    AllocateLocallyUniqueId(&nobody);
    do_call(lsa, msv, req, build_gcr(USE_PRIMARY_PASSWORD, &nobody, challenge, L"", L"", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_NO_SUCH_LOGON_SESSION);
    assert_no_return_buffer(&r);

    /* Untrusted callers never reach it. */
    do_call(untrusted, msv, req, build_gcr(0, NULL, challenge, L"Secret123", L"carol", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_ACCESS_DENIED);
    assert_no_return_buffer(&r);
}

/* A password_not_required account logged on with an empty password: its session's credential is the empty
 * password, so it cannot answer for the account's real one. */
static void test_credential_is_the_password_given(void **state)
{
    gcr_response *g;
    BYTE challenge[8], key[16];
    logon_result r;
    call_result c;

    (void)state;
    do_logon(lsa, msv, Interactive, buf,
             build_interactive(buf, MsV1_0InteractiveLogon, L"", L"erin", L"", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    get_challenge(challenge);
    do_call(lsa, msv, req,
            build_gcr(USE_PRIMARY_PASSWORD | RETURN_PRIMARY_USERNAME, &r.id, challenge, L"", L"", DIALECT_ABSOLUTE),
            &c);
    g = check_response(&c);
    assert_block_ustring(g, c.len, &g->UserName, L"erin");
    assert_status(network_logon(g, challenge, key), STATUS_LOGON_FAILURE); /* server checks erin's real password */
    LsaFreeReturnBuffer(g);
    release_logon(&r);
}

/* Malformed requests: STATUS_INVALID_PARAMETER, no buffer. The shorter _V1 request (no names) is served. */
static void test_malformed_requests(void **state)
{
    gcr_request *q = (gcr_request *)req;
    BYTE challenge[8] = {0};
    call_result r;
    ULONG len;
    dialect d;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        len = build_gcr(0, NULL, challenge, L"Secret123", L"carol", d);
        do_call(lsa, msv, req, offsetof(gcr_request, UserName) - 1, &r); /* shorter than _V1 */
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        assert_no_return_buffer(&r);
        q->Password.Length = 3; /* odd */
        do_call(lsa, msv, req, len, &r);
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        assert_no_return_buffer(&r);
        len = build_gcr(0, NULL, challenge, L"Secret123", L"carol", d);
        q->UserName.MaximumLength = 2; /* below Length */
        do_call(lsa, msv, req, len, &r);
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        len = build_gcr(0, NULL, challenge, L"Secret123", L"carol", d);
        q->ServerName.Length = q->ServerName.MaximumLength = 200; /* past the buffer */
        do_call(lsa, msv, req, len, &r);
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        len = build_gcr(0, NULL, challenge, L"Secret123", L"carol", d);
        q->LogonDomainName.Buffer = NULL;
        q->LogonDomainName.Length = 2; /* NULL with a length */
        do_call(lsa, msv, req, len, &r);
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        assert_no_return_buffer(&r);
    }
    /* _V1: the password's responses, no names (Password placed after the shorter structure). */
    {
        size_t used = offsetof(gcr_request, UserName);
        memset(req, 0, sizeof(req));
        q->MessageType = MsV1_0Lm20GetChallengeResponse;
        put_ustring(req, &used, &q->Password, L"Secret123", DIALECT_RELATIVE);
        do_call(lsa, msv, req, (ULONG)used, &r);
        check_response(&r);
        LsaFreeReturnBuffer(r.buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_primary_credential_round_trip),
        cmocka_unit_test(test_given_password),
        cmocka_unit_test(test_sessions_without_credential),
        cmocka_unit_test(test_credential_is_the_password_given),
        cmocka_unit_test(test_malformed_requests),
    };
    return cmocka_run_group_tests(tests, setup, msv1_0_teardown);
}
