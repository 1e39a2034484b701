/* The Kerberos client protocol (src/krb5/proto) against a fake KDC (krb5_fake_kdc.c) over a fake network: the
 * preauthentication flow and the request's shape, every validation of an AS-REP and a TGS-REP refusing a spoilt
 * reply, KDC errors as NTSTATUS/SubStatus, the KDC loop (UDP -> TCP, next KDC, the time bound), and S4U2Self (both
 * PA checksums verified by the fake KDC, every spoilt reply refused, RC4 sessions). Crypto from OpenSSL
 * (krb5_openssl.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "k5p_status.h"
#include "k5proto.h"
#include "krb5_enctype.h"
#include "krb5_fake_kdc.h"
#include "krb5_openssl.h"

#define NOW 1700000000

typedef enum { B_SERVE, B_DOWN, B_TIMEOUT, B_TOO_BIG, B_GARBAGE } behaviour;

typedef struct fake_net {
    fake_kdc kdc;
    behaviour b[4][2]; /* [kdc][tcp] */
    uint64_t clock;
    int calls;
    int call_kdc[64], call_tcp[64];
    uint32_t call_timeout[64];
    k5p_net net;
    k5p_env env;
    kcc_principal alice; /* alice@EXAMPLE.COM */
    k5p_as_params as;    /* alice with the fake KDC's password, "correct horse" */
} fake_net;

/* Seconds the wall clock has moved on since NOW (the renewal tests let a TGT expire). */
static int64_t clock_ahead;

static int64_t fake_now(void *ctx, int32_t *usec)
{
    (void)ctx;
    *usec = 123456;
    return NOW + clock_ahead;
}

static uint64_t fake_clock(void *ctx)
{
    return ((fake_net *)ctx)->clock;
}

static k5p_net_result fake_exchange(void *ctx, size_t kdc, int tcp, const uint8_t *req, size_t req_len,
                                    uint32_t timeout_ms, uint8_t **reply, size_t *reply_len)
{
    fake_net *f = ctx;

    *reply = NULL;
    *reply_len = 0;
    if (f->calls < 64) {
        f->call_kdc[f->calls] = (int)kdc;
        f->call_tcp[f->calls] = tcp;
        f->call_timeout[f->calls] = timeout_ms;
    }
    f->calls++;
    f->clock += 1;
    switch (f->b[kdc][tcp]) {
    case B_DOWN: return K5P_NET_UNREACHABLE;
    case B_TIMEOUT: f->clock += timeout_ms; return K5P_NET_TIMEOUT;
    case B_TOO_BIG: *reply = fake_krb_error(&f->kdc, KRB_ERR_RESPONSE_TOO_BIG, NULL, 0, reply_len); return K5P_NET_OK;
    case B_GARBAGE:
        *reply = malloc(5);
        memcpy(*reply, "hello", 5);
        *reply_len = 5;
        return K5P_NET_OK;
    case B_SERVE: break;
    }
    *reply = fake_kdc_answer(&f->kdc, req, req_len, reply_len);
    return *reply ? K5P_NET_OK : K5P_NET_ERROR;
}

static kcc_principal alice(const char *name)
{
    kcc_principal p = {0};
    const char *c[] = {name};

    assert_int_equal(kcc_principal_set(&p, 1, "EXAMPLE.COM", 1, c), KCC_OK);
    return p;
}

static fake_net *new_net(size_t kdcs)
{
    fake_net *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    fake_kdc_init(&f->kdc, krb5_openssl_primitives(), NOW);
    f->net = (k5p_net){f, kdcs, fake_exchange, fake_clock, 0, 0};
    f->env = (k5p_env){krb5_openssl_primitives(), fake_now, NULL};
    f->alice = alice("alice");
    f->as.client = &f->alice;
    f->as.password = (const uint8_t *)"correct horse";
    f->as.password_len = 13;
    return f;
}

static void free_net(fake_net *f)
{
    kcc_principal_free(&f->alice);
    free(f);
}

static int setup(void **state)
{
    clock_ahead = 0;
    *state = new_net(1);
    return 0;
}

static int teardown(void **state)
{
    free_net(*state);
    return 0;
}

static k5p_result get_tgt(fake_net *f, const char *user, const char *password, k5p_tgt *out, k5p_outcome *o)
{
    kcc_principal c = alice(user);
    k5p_as_params params = {0};
    k5p_result rc;

    params.client = &c;
    params.password = (const uint8_t *)password;
    params.password_len = strlen(password);
    rc = k5p_get_tgt(&f->env, &f->net, &params, out, o);
    kcc_principal_free(&c);
    return rc;
}

static void assert_zeroed(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(b[i], 0);
}

static void assert_principal(const kcc_principal *p, const char *realm, const char *c0, const char *c1)
{
    assert_int_equal(p->realm.length, strlen(realm));
    assert_memory_equal(p->realm.bytes, realm, strlen(realm));
    assert_int_equal(p->count, c1 ? 2 : 1);
    assert_int_equal(p->components[0].length, strlen(c0));
    assert_memory_equal(p->components[0].bytes, c0, strlen(c0));
    if (c1) {
        assert_int_equal(p->components[1].length, strlen(c1));
        assert_memory_equal(p->components[1].bytes, c1, strlen(c1));
    }
}

/* ---- the AS exchange ---- */

static void test_as_preauth_flow(void **state)
{
    fake_net *f = *state;
    k5p_tgt t;
    k5p_outcome o;

    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_OK);
    assert_int_equal(o.status, K5P_STATUS_SUCCESS);
    assert_int_equal(o.sub_status, 0);
    assert_int_equal(o.krb_error, -1);
    /* KDC_ERR_PREAUTH_REQUIRED first, then one AS-REQ with PA-ENC-TIMESTAMP that decrypted under the user's key. */
    assert_int_equal(f->kdc.as_requests, 2);
    assert_int_equal(f->kdc.preauth_seen, 1);
    assert_true(f->kdc.pac_request_seen);
    assert_int_equal(f->kdc.last_options, 0x40810010);
    assert_int_equal(f->kdc.last_etype_count, 5);
    assert_int_equal(f->kdc.last_etypes[0], 18);
    assert_int_equal(f->kdc.last_etypes[1], 17);
    assert_int_equal(f->kdc.last_etypes[2], 20);
    assert_int_equal(f->kdc.last_etypes[3], 19);
    assert_int_equal(f->kdc.last_etypes[4], 23);
    assert_true(f->kdc.last_nonce <= 0x7fffffffu);
    /* The credential is what the KDC issued. */
    assert_principal(&t.cred.client, "EXAMPLE.COM", "alice", NULL);
    assert_principal(&t.cred.server, "EXAMPLE.COM", "krbtgt", "EXAMPLE.COM");
    assert_int_equal(t.cred.enctype, 18);
    assert_int_equal(t.cred.key.length, 32);
    assert_memory_equal(t.cred.key.bytes, f->kdc.session_key, 32);
    assert_int_equal(t.cred.ticket.length, f->kdc.ticket_len);
    assert_memory_equal(t.cred.ticket.bytes, f->kdc.ticket, f->kdc.ticket_len);
    assert_int_equal(t.cred.authtime, NOW);
    assert_int_equal(t.cred.starttime, NOW);
    assert_int_equal(t.cred.endtime, NOW + 36000);
    assert_int_equal(t.cred.renew_till, NOW + 7 * 86400);
    assert_int_equal(t.cred.ticket_flags, 0x40e00000);
    /* The long-term key that decrypted the reply, for a later refetch. */
    assert_int_equal(t.key_enctype, 18);
    assert_int_equal(t.key_len, 32);
    assert_memory_equal(t.key, f->kdc.user_key, 32);
    k5p_tgt_free(&t);
    assert_zeroed(&t, sizeof(t));
}

/* ETYPE-INFO2's salt and s2kparams are the ones used (a salt that is not the default one). */
static void test_as_salt_and_s2kparams(void **state)
{
    fake_net *f = *state;
    static const uint8_t params[] = {0, 0, 0x10, 0x01}; /* 4097 iterations */
    const krb5_enctype *et = krb5_enctype_lookup(18);
    k5p_tgt t;
    k5p_outcome o;

    f->kdc.salt = "EXAMPLE.COMsomeone-else";
    f->kdc.s2kparams = params;
    f->kdc.s2kparams_len = sizeof(params);
    assert_int_equal(et->string_to_key(krb5_openssl_primitives(), et, (const uint8_t *)"correct horse", 13,
                                       (const uint8_t *)f->kdc.salt, strlen(f->kdc.salt), params, 4,
                                       f->kdc.user_key),
                     KRB5C_OK);
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_OK);
    assert_memory_equal(t.key, f->kdc.user_key, 32);
    k5p_tgt_free(&t);
}

static void test_as_iteration_cap(void **state)
{
    fake_net *f = *state;
    static const uint8_t huge[] = {0x7f, 0xff, 0xff, 0xff}, over[] = {0, 0, 0x10, 0x01}, at[] = {0, 0, 0x10, 0};
    static const uint8_t zero[] = {0, 0, 0, 0}, short_params[] = {0, 0x10, 0};
    k5p_tgt t;
    k5p_outcome o;

    f->kdc.s2kparams = huge;
    f->kdc.s2kparams_len = 4;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_E_ITERATIONS);
    assert_int_equal(o.status, K5P_STATUS_LOGON_FAILURE);
    assert_int_equal(f->kdc.as_requests, 1); /* refused before any PBKDF2 or second request */
    assert_zeroed(&t, sizeof(t));
    f->kdc.s2kparams = zero;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_E_ITERATIONS);
    f->kdc.s2kparams = short_params;
    f->kdc.s2kparams_len = 3;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_E_ITERATIONS);
    /* A caller's own cap: one over refused, exactly at it accepted. */
    f->as.max_iterations = 4096;
    f->kdc.s2kparams = over;
    f->kdc.s2kparams_len = 4;
    assert_int_equal(k5p_get_tgt(&f->env, &f->net, &f->as, &t, &o), K5P_E_ITERATIONS);
    f->kdc.s2kparams = at; /* 4096, the default: the fake's key is right for it */
    assert_int_equal(k5p_get_tgt(&f->env, &f->net, &f->as, &t, &o), K5P_OK);
    k5p_tgt_free(&t);
    assert_true(K5P_MAX_S2K_ITERATIONS >= 32768);
}

static void test_as_with_kept_key(void **state)
{
    fake_net *f = *state;
    k5p_as_params params = {0};
    k5p_tgt t;
    k5p_outcome o;

    params.client = &f->alice;
    params.key_enctype = 18;
    params.key = f->kdc.user_key;
    params.key_len = 32;
    assert_int_equal(k5p_get_tgt(&f->env, &f->net, &params, &t, &o), K5P_OK);
    assert_int_equal(f->kdc.preauth_seen, 1);
    assert_int_equal(f->kdc.last_etypes[0], 18);
    assert_memory_equal(t.cred.key.bytes, f->kdc.session_key, 32);
    k5p_tgt_free(&t);
    /* A key of the wrong size is the caller's mistake. */
    params.key_len = 16;
    assert_int_equal(k5p_get_tgt(&f->env, &f->net, &params, &t, &o), K5P_E_ARGUMENT);
}

static void test_as_without_preauth(void **state)
{
    fake_net *f = *state;
    k5p_tgt t;
    k5p_outcome o;

    f->kdc.require_preauth = 0;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_OK);
    assert_int_equal(f->kdc.as_requests, 1);
    assert_memory_equal(t.key, f->kdc.user_key, 32);
    k5p_tgt_free(&t);
    /* Then a wrong password shows only as a MAC mismatch: a wrong password all the same. */
    assert_int_equal(get_tgt(f, "alice", "wrong", &t, &o), K5P_E_INTEGRITY);
    assert_int_equal(o.status, K5P_STATUS_LOGON_FAILURE);
    assert_int_equal(o.sub_status, K5P_STATUS_WRONG_PASSWORD);
    assert_zeroed(&t, sizeof(t));
}

static void expect_kdc_error(fake_net *f, const char *user, const char *password, int32_t code, uint32_t status,
                             uint32_t sub)
{
    k5p_tgt t;
    k5p_outcome o;

    assert_int_equal(get_tgt(f, user, password, &t, &o), K5P_E_KDC_ERROR);
    assert_int_equal(o.krb_error, code);
    assert_int_equal(o.status, status);
    assert_int_equal(o.sub_status, sub);
    assert_zeroed(&t, sizeof(t));
}

static void test_as_kdc_errors(void **state)
{
    fake_net *f = *state;

    expect_kdc_error(f, "alice", "wrong", KDC_ERR_PREAUTH_FAILED, K5P_STATUS_LOGON_FAILURE, K5P_STATUS_WRONG_PASSWORD);
    expect_kdc_error(f, "bob", "x", KDC_ERR_C_PRINCIPAL_UNKNOWN, K5P_STATUS_LOGON_FAILURE, K5P_STATUS_NO_SUCH_USER);
    f->kdc.error_code = KDC_ERR_CLIENT_REVOKED;
    expect_kdc_error(f, "alice", "correct horse", 18, K5P_STATUS_ACCOUNT_RESTRICTION, K5P_STATUS_ACCOUNT_DISABLED);
    f->kdc.ext_status = K5P_STATUS_ACCOUNT_LOCKED_OUT;
    expect_kdc_error(f, "alice", "correct horse", 18, K5P_STATUS_ACCOUNT_RESTRICTION,
                     K5P_STATUS_ACCOUNT_LOCKED_OUT);
    f->kdc.ext_status = 0;
    f->kdc.error_code = KDC_ERR_KEY_EXPIRED;
    expect_kdc_error(f, "alice", "correct horse", 23, K5P_STATUS_ACCOUNT_RESTRICTION, K5P_STATUS_PASSWORD_EXPIRED);
    f->kdc.error_code = KDC_ERR_NAME_EXP;
    expect_kdc_error(f, "alice", "correct horse", 1, K5P_STATUS_ACCOUNT_RESTRICTION, K5P_STATUS_ACCOUNT_EXPIRED);
    f->kdc.error_code = KRB_AP_ERR_SKEW;
    expect_kdc_error(f, "alice", "correct horse", 37, K5P_STATUS_TIME_DIFFERENCE_AT_DC, 0);
    f->kdc.error_code = KDC_ERR_ETYPE_NOSUPP;
    expect_kdc_error(f, "alice", "correct horse", 14, K5P_STATUS_KDC_UNKNOWN_ETYPE, 0);
    f->kdc.error_code = KDC_ERR_WRONG_REALM;
    expect_kdc_error(f, "alice", "correct horse", 68, K5P_STATUS_NO_LOGON_SERVERS, 0);
    f->kdc.error_code = 0;
    f->kdc.preauth_seen = 0;
    f->kdc.refuse_preauth = 1; /* preauthentication asked for again: no loop, a failure */
    {
        k5p_tgt t;
        k5p_outcome o;
        assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_E_PREAUTH);
        assert_int_equal(o.status, K5P_STATUS_LOGON_FAILURE);
        assert_int_equal(f->kdc.preauth_seen, 1);
        assert_zeroed(&t, sizeof(t));
    }
    f->kdc.refuse_preauth = 0;
    f->kdc.error_code = 99; /* not in the table: Windows' default */
    expect_kdc_error(f, "alice", "correct horse", 99, K5P_STATUS_LOGON_FAILURE, 0);
}

static void expect_refused(fake_net *f, fake_tamper tamper, k5p_result want)
{
    k5p_tgt t;
    k5p_outcome o;

    f->kdc.tamper = tamper;
    f->kdc.as_requests = 0;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), want);
    assert_int_not_equal(o.status, K5P_STATUS_SUCCESS);
    assert_zeroed(&t, sizeof(t));
    f->kdc.tamper = T_NONE;
}

static void test_as_rep_validation(void **state)
{
    fake_net *f = *state;
    k5p_tgt t;
    k5p_outcome o;

    expect_refused(f, T_NONCE, K5P_E_NONCE);
    expect_refused(f, T_CNAME, K5P_E_CNAME);
    expect_refused(f, T_CREALM, K5P_E_CNAME);
    expect_refused(f, T_TICKET_SNAME, K5P_E_SNAME);
    expect_refused(f, T_ENC_SNAME, K5P_E_SNAME);
    expect_refused(f, T_ENC_FLIP, K5P_E_INTEGRITY);
    expect_refused(f, T_SESSION_ETYPE, K5P_E_ETYPE);
    expect_refused(f, T_SESSION_LEN, K5P_E_ETYPE);
    expect_refused(f, T_TIMES, K5P_E_TIMES);
    expect_refused(f, T_EXPIRED, K5P_E_TIMES);
    expect_refused(f, T_TRUNCATE, K5P_E_MALFORMED);
    expect_refused(f, T_REP_ETYPE, K5P_E_ETYPE);
    expect_refused(f, T_MSG_TYPE, K5P_E_MALFORMED);
    /* What MIT accepts too: the name in the KDC's case under canonicalize, EncTGSRepPart, key usage 8. */
    f->kdc.tamper = T_CNAME_CASE;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_OK);
    assert_principal(&t.cred.client, "EXAMPLE.COM", "ALICE", NULL);
    k5p_tgt_free(&t);
    f->kdc.tamper = T_TGS_TAG;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_OK);
    k5p_tgt_free(&t);
    f->kdc.tamper = T_USAGE8;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_OK);
    k5p_tgt_free(&t);
}

/* Without canonicalize the name must come back exactly. */
static void test_as_exact_name_without_canonicalize(void **state)
{
    fake_net *f = *state;
    k5p_tgt t;
    k5p_outcome o;

    f->as.kdc_options = K5P_KDC_OPT_FORWARDABLE;
    f->kdc.tamper = T_CNAME_CASE;
    assert_int_equal(k5p_get_tgt(&f->env, &f->net, &f->as, &t, &o), K5P_E_CNAME);
    assert_int_equal(f->kdc.last_options, K5P_KDC_OPT_FORWARDABLE);
}

/* Every truncation of a good AS-REP is refused by the validation (never believed, never a crash). */
static void test_as_rep_truncations(void **state)
{
    fake_net *f = *state;
    k5p_as_params params = {0};
    asn1_wbuf w;
    uint8_t *rep;
    size_t rep_len;
    kcc_cred cred;

    params.client = &f->alice;
    f->kdc.require_preauth = 0;
    asn1_wbuf_init(&w, 1 << 16);
    assert_int_equal(k5p_build_as_req(&params, 4242, NULL, 0, &w), K5P_OK);
    rep = fake_kdc_answer(&f->kdc, w.data, w.len, &rep_len);
    assert_non_null(rep);
    assert_int_equal(k5p_process_as_rep(&f->env, &params, 4242, 18, f->kdc.user_key, 32, rep, rep_len, &cred),
                     K5P_OK);
    kcc_cred_free(&cred);
    for (size_t n = 0; n < rep_len; n++) {
        assert_int_not_equal(
            k5p_process_as_rep(&f->env, &params, 4242, 18, f->kdc.user_key, 32, rep, n, &cred), K5P_OK);
        assert_null(cred.ticket.bytes);
    }
    /* A bit flipped anywhere: refused, or (in a field nobody checks, like the kvno) still the same session key. */
    for (size_t i = 0; i < rep_len; i++) {
        rep[i] ^= 0x01;
        if (k5p_process_as_rep(&f->env, &params, 4242, 18, f->kdc.user_key, 32, rep, rep_len, &cred) == K5P_OK) {
            assert_memory_equal(cred.key.bytes, f->kdc.session_key, 32);
            kcc_cred_free(&cred);
        }
        rep[i] ^= 0x01;
    }
    free(rep);
    asn1_wbuf_free(&w);
}

/* ---- KDC errors ---- */

static void test_error_ext_forms(void **state)
{
    fake_net *f = *state;
    /* KERB-ERROR-DATA { data-type [1] 3, data-value [2] KERB-EXT-ERROR(STATUS_ACCOUNT_LOCKED_OUT) } */
    static const uint8_t error_data[] = {0x30, 0x15, 0xA1, 0x03, 0x02, 0x01, 0x03, 0xA2, 0x0E, 0x04, 0x0C,
                                         0x34, 0x02, 0x00, 0xC0, 0, 0, 0, 0, 1, 0, 0, 0};
    uint8_t *e;
    size_t len;
    int32_t code;
    uint32_t ext;
    k5p_outcome o = {0};

    e = fake_krb_error(&f->kdc, KDC_ERR_CLIENT_REVOKED, error_data, sizeof(error_data), &len);
    assert_int_equal(k5p_parse_krb_error(e, len, &code, &ext), K5P_OK);
    assert_int_equal(code, 18);
    assert_int_equal(ext, K5P_STATUS_ACCOUNT_LOCKED_OUT);
    assert_int_not_equal(k5p_parse_krb_error(e, len - 1, &code, &ext), K5P_OK);
    assert_int_equal(code, -1);
    free(e);
    /* An e-data the KDC uses for something else says nothing. */
    e = fake_krb_error(&f->kdc, KDC_ERR_CLIENT_REVOKED, (const uint8_t *)"\x04\x01x", 3, &len);
    assert_int_equal(k5p_parse_krb_error(e, len, &code, &ext), K5P_OK);
    assert_int_equal(ext, 0);
    free(e);
    /* A TGS: Windows' own statuses, no SubStatus. */
    o.result = K5P_E_KDC_ERROR;
    o.krb_error = KDC_ERR_S_PRINCIPAL_UNKNOWN;
    k5p_outcome_map(&o, 1);
    assert_int_equal(o.status, K5P_STATUS_NO_TRUST_SAM_ACCOUNT);
    assert_int_equal(o.sub_status, 0);
    o.krb_error = KDC_ERR_PREAUTH_FAILED;
    k5p_outcome_map(&o, 1);
    assert_int_equal(o.status, K5P_STATUS_WRONG_PASSWORD);
    o.krb_error = KRB_ERR_RESPONSE_TOO_BIG;
    k5p_outcome_map(&o, 1);
    assert_int_equal(o.status, K5P_STATUS_INVALID_BUFFER_SIZE);
    o.krb_error = KDC_ERR_PATH_NOT_ACCEPTED;
    k5p_outcome_map(&o, 1);
    assert_int_equal(o.status, K5P_STATUS_TRUST_FAILURE);
    o.result = K5P_E_NO_KDC;
    k5p_outcome_map(&o, 0);
    assert_int_equal(o.status, K5P_STATUS_NO_LOGON_SERVERS);
    assert_int_equal(o.sub_status, 0);
}

/* ---- the KDC loop ---- */

/* The first KDC's UDP port fails as `udp` says: each AS-REQ goes again over TCP, which answers. */
static void check_tcp_after_udp(fake_net *f, behaviour udp)
{
    k5p_tgt t;
    k5p_outcome o;

    f->b[0][0] = udp;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_OK);
    assert_int_equal(f->calls, 4); /* each AS-REQ: UDP first, then TCP */
    assert_int_equal(f->call_tcp[0], 0);
    assert_int_equal(f->call_tcp[1], 1);
    assert_int_equal(f->call_tcp[2], 0);
    assert_int_equal(f->call_tcp[3], 1);
    k5p_tgt_free(&t);
}

static void test_loop_udp_then_tcp(void **state)
{
    check_tcp_after_udp(*state, B_DOWN);
}

static void test_loop_response_too_big(void **state)
{
    check_tcp_after_udp(*state, B_TOO_BIG);
}

static void test_loop_next_kdc(void **state)
{
    fake_net *f = new_net(3);
    k5p_tgt t;
    k5p_outcome o;

    (void)state;
    f->b[0][0] = B_TIMEOUT;
    f->b[0][1] = B_DOWN;
    f->b[1][0] = B_GARBAGE;
    f->b[1][1] = B_GARBAGE;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_OK);
    assert_int_equal(o.kdc_index, 2);
    assert_int_equal(f->call_kdc[4], 2);
    assert_int_equal(f->call_tcp[4], 0);
    assert_int_equal(f->call_timeout[0], K5P_TRY_TIMEOUT_MS);
    k5p_tgt_free(&t);
    free_net(f);
}

static void test_loop_no_kdc_within_bound(void **state)
{
    fake_net *f = new_net(4);
    k5p_tgt t;
    k5p_outcome o;

    (void)state;
    for (int i = 0; i < 4; i++)
        f->b[i][0] = f->b[i][1] = B_TIMEOUT;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_E_NO_KDC);
    assert_int_equal(o.status, K5P_STATUS_NO_LOGON_SERVERS);
    assert_int_equal(o.sub_status, 0);
    /* The total bound holds (each try waits its whole timeout on the fake clock), and the last try was cut short. */
    assert_true(f->clock <= K5P_TOTAL_TIMEOUT_MS + (uint64_t)f->calls);
    assert_true(f->calls < 8);
    assert_true(f->call_timeout[f->calls - 1] < K5P_TRY_TIMEOUT_MS);
    assert_zeroed(&t, sizeof(t));
    /* All refusing: every KDC and transport tried once, quickly. */
    for (int i = 0; i < 4; i++)
        f->b[i][0] = f->b[i][1] = B_DOWN;
    f->calls = 0;
    assert_int_equal(get_tgt(f, "alice", "correct horse", &t, &o), K5P_E_NO_KDC);
    assert_int_equal(f->calls, 8);
    free_net(f);
}

static void test_loop_long_request_tcp_first(void **state)
{
    fake_net *f = *state;
    uint8_t req[2000], *rep;
    size_t len, kdc;

    memset(req, 0, sizeof(req));
    f->b[0][1] = B_GARBAGE;
    assert_int_equal(k5p_kdc_send(&f->net, req, sizeof(req), &rep, &len, &kdc), K5P_E_NO_KDC);
    assert_int_equal(f->calls, 1);
    assert_int_equal(f->call_tcp[0], 1);
}

/* ---- the TGS exchange ---- */

static void get_service_tgt(fake_net *f, k5p_tgt *t)
{
    k5p_outcome o;
    assert_int_equal(get_tgt(f, "alice", "correct horse", t, &o), K5P_OK);
}

static k5p_result service_ticket(fake_net *f, const k5p_tgt *t, const char *host, int32_t etype, kcc_cred *out,
                                 k5p_outcome *o)
{
    kcc_principal s = {0};
    const char *c[] = {"host", host};
    k5p_tgs_params params = {0};
    k5p_result rc;

    assert_int_equal(kcc_principal_set(&s, 2, "", 2, c), KCC_OK);
    params.tgt = &t->cred;
    params.server = &s;
    params.etype = etype;
    rc = k5p_get_service_ticket(&f->env, &f->net, &params, out, o);
    kcc_principal_free(&s);
    return rc;
}

static void test_tgs_service_ticket(void **state)
{
    fake_net *f = *state;
    k5p_tgt t;
    kcc_cred s;
    k5p_outcome o;

    get_service_tgt(f, &t);
    assert_int_equal(service_ticket(f, &t, "svc.example.com", 0, &s, &o), K5P_OK);
    assert_int_equal(o.status, 0);
    assert_true(f->kdc.checksum_ok); /* the authenticator's checksum of the body verified under the session key */
    assert_int_equal(f->kdc.last_options, 0x40810000);
    assert_principal(&s.client, "EXAMPLE.COM", "alice", NULL);
    assert_principal(&s.server, "EXAMPLE.COM", "host", "svc.example.com");
    assert_int_equal(s.enctype, 18);
    assert_memory_equal(s.key.bytes, f->kdc.session_key, 32);
    assert_int_equal(s.ticket.length, f->kdc.ticket_len);
    assert_memory_equal(s.ticket.bytes, f->kdc.ticket, f->kdc.ticket_len);
    kcc_cred_free(&s);
    /* A requested enctype is passed through. */
    assert_int_equal(service_ticket(f, &t, "svc.example.com", 17, &s, &o), K5P_OK);
    assert_int_equal(s.enctype, 17);
    assert_int_equal(s.key.length, 16);
    kcc_cred_free(&s);
    k5p_tgt_free(&t);
}

static void test_tgs_errors_and_validation(void **state)
{
    fake_net *f = *state;
    static const fake_tamper tampers[] = {T_NONCE, T_CNAME, T_ENC_SNAME, T_TICKET_SNAME, T_ENC_FLIP,
                                          T_SESSION_ETYPE, T_TIMES, T_TRUNCATE};
    static const k5p_result want[] = {K5P_E_NONCE, K5P_E_CNAME, K5P_E_SNAME, K5P_E_SNAME, K5P_E_INTEGRITY,
                                      K5P_E_ETYPE, K5P_E_TIMES, K5P_E_MALFORMED};
    k5p_tgt t;
    kcc_cred s;
    k5p_outcome o;

    get_service_tgt(f, &t);
    assert_int_equal(service_ticket(f, &t, "nosuch.example.com", 0, &s, &o), K5P_E_KDC_ERROR);
    assert_int_equal(o.krb_error, KDC_ERR_S_PRINCIPAL_UNKNOWN);
    assert_int_equal(o.status, K5P_STATUS_NO_TRUST_SAM_ACCOUNT);
    assert_int_equal(o.sub_status, 0);
    assert_null(s.ticket.bytes);
    for (size_t i = 0; i < sizeof(tampers) / sizeof(tampers[0]); i++) {
        f->kdc.tamper = tampers[i];
        assert_int_equal(service_ticket(f, &t, "svc.example.com", 0, &s, &o), want[i]);
        assert_int_equal(o.status, want[i] == K5P_E_ETYPE ? K5P_STATUS_KDC_UNKNOWN_ETYPE : K5P_STATUS_LOGON_FAILURE);
        assert_null(s.key.bytes);
    }
    f->kdc.tamper = T_NONE;
    /* A TGT whose session key is not the KDC's: its checksum fails there (KRB_AP_ERR_MODIFIED). */
    t.cred.key.bytes[0] ^= 1;
    assert_int_equal(service_ticket(f, &t, "svc.example.com", 0, &s, &o), K5P_E_KDC_ERROR);
    assert_int_equal(o.krb_error, KRB_AP_ERR_MODIFIED);
    k5p_tgt_free(&t);
}

/* ---- TGT renewal ---- */

/* Moves the clocks of both sides on by seconds. */
static void wait_seconds(fake_net *f, int64_t seconds)
{
    clock_ahead += seconds;
    f->kdc.now += seconds;
}

static void test_renew_expired_tgt(void **state)
{
    fake_net *f = *state;
    k5p_tgt t;
    kcc_cred r;
    k5p_outcome o;

    get_service_tgt(f, &t);
    assert_true(t.cred.ticket_flags & K5P_TKT_FLG_RENEWABLE);
    assert_int_equal(t.cred.renew_till, NOW + 7 * 86400);
    wait_seconds(f, 40000); /* past the TGT's endtime (NOW + 36000) */
    assert_true(t.cred.endtime < NOW + clock_ahead);
    assert_int_equal(k5p_renew_tgt(&f->env, &f->net, &t.cred, &r, &o), K5P_OK);
    assert_int_equal(o.status, 0);
    assert_int_equal(f->kdc.renewals, 1);
    /* RFC 4120 3.3.3: renew, for the TGT's server, with the TGT's forwardable and renewable flags asked again. */
    assert_int_equal(f->kdc.last_options, K5P_KDC_OPT_RENEW | K5P_KDC_OPT_FORWARDABLE | K5P_KDC_OPT_RENEWABLE);
    assert_true(f->kdc.checksum_ok);
    assert_principal(&r.client, "EXAMPLE.COM", "alice", NULL);
    assert_principal(&r.server, "EXAMPLE.COM", "krbtgt", "EXAMPLE.COM");
    assert_int_equal(r.authtime, t.cred.authtime);           /* the logon's authtime is kept */
    assert_int_equal(r.endtime, NOW + 40000 + 36000);        /* a new endtime */
    assert_int_equal(r.renew_till, t.cred.renew_till);       /* within the same renew-till */
    assert_memory_equal(r.key.bytes, f->kdc.session_key, r.key.length);
    assert_memory_not_equal(r.key.bytes, t.cred.key.bytes, r.key.length); /* a new session key */
    assert_memory_equal(r.ticket.bytes, f->kdc.ticket, f->kdc.ticket_len);
    kcc_cred_free(&r);
    k5p_tgt_free(&t);
}

static void test_renew_refusals(void **state)
{
    fake_net *f = *state;
    static const fake_tamper tampers[] = {T_RENEW_AUTHTIME, T_RENEW_TILL, T_NONCE, T_ENC_SNAME, T_ENC_FLIP};
    static const k5p_result want[] = {K5P_E_TIMES, K5P_E_TIMES, K5P_E_NONCE, K5P_E_SNAME, K5P_E_INTEGRITY};
    k5p_tgt t;
    kcc_cred r;
    k5p_outcome o;
    int sent;

    get_service_tgt(f, &t);
    wait_seconds(f, 40000);
    for (size_t i = 0; i < sizeof(tampers) / sizeof(tampers[0]); i++) {
        f->kdc.tamper = tampers[i];
        assert_int_equal(k5p_renew_tgt(&f->env, &f->net, &t.cred, &r, &o), want[i]);
        assert_int_equal(o.result, want[i]);
        assert_int_equal(o.status, K5P_STATUS_LOGON_FAILURE);
        assert_null(r.key.bytes);
        assert_null(r.ticket.bytes);
    }
    f->kdc.tamper = T_NONE;
    sent = f->kdc.tgs_requests;
    /* Without the renewable flag nothing is sent: the caller fetches a new TGT. */
    t.cred.ticket_flags &= ~K5P_TKT_FLG_RENEWABLE;
    assert_int_equal(k5p_renew_tgt(&f->env, &f->net, &t.cred, &r, &o), K5P_E_ARGUMENT);
    assert_int_equal(o.status, K5P_STATUS_INVALID_PARAMETER);
    assert_int_equal(f->kdc.tgs_requests, sent);
    t.cred.ticket_flags |= K5P_TKT_FLG_RENEWABLE;
    /* Past renew-till neither. */
    wait_seconds(f, 7 * 86400);
    assert_int_equal(k5p_renew_tgt(&f->env, &f->net, &t.cred, &r, &o), K5P_E_TIMES);
    assert_int_equal(f->kdc.tgs_requests, sent);
    assert_null(r.ticket.bytes);
    k5p_tgt_free(&t);
}

/* ---- S4U2Self ---- */

/* alice (the fake KDC's one account with a password) stands for the service; bob is the user. */
static k5p_result s4u(fake_net *f, const k5p_tgt *t, const char *user, kcc_cred *out, k5p_outcome *o)
{
    kcc_principal u = alice(user);
    k5p_s4u_params params = {0};
    k5p_result rc;

    params.tgt = &t->cred;
    params.user = &u;
    rc = k5p_get_s4u2self(&f->env, &f->net, &params, out, o);
    kcc_principal_free(&u);
    return rc;
}

static void test_s4u2self(void **state)
{
    fake_net *f = *state;
    k5p_tgt t;
    kcc_cred s;
    k5p_outcome o;

    f->kdc.s4u_user = "bob";
    get_service_tgt(f, &t);
    assert_int_equal(t.cred.enctype, 18);
    assert_int_equal(s4u(f, &t, "bob", &s, &o), K5P_OK);
    assert_int_equal(o.status, 0);
    /* Both PA-DATA were sent and their checksums verified at the KDC. */
    assert_int_equal(f->kdc.s4u_requests, 1);
    assert_true(f->kdc.for_user_ok);
    assert_true(f->kdc.x509_seen && f->kdc.x509_ok);
    assert_principal(&s.client, "EXAMPLE.COM", "bob", NULL);
    assert_principal(&s.server, "EXAMPLE.COM", "alice", NULL);
    assert_memory_equal(s.key.bytes, f->kdc.session_key, 32);
    assert_int_equal(s.ticket.length, f->kdc.ticket_len);
    assert_memory_equal(s.ticket.bytes, f->kdc.ticket, f->kdc.ticket_len);
    kcc_cred_free(&s);
    /* A user the KDC does not know. */
    assert_int_equal(s4u(f, &t, "carol", &s, &o), K5P_E_KDC_ERROR);
    assert_int_equal(o.krb_error, KDC_ERR_C_PRINCIPAL_UNKNOWN);
    assert_int_equal(o.status, K5P_STATUS_NO_SUCH_USER);
    assert_null(s.ticket.bytes);
    k5p_tgt_free(&t);
}

/* Every spoilt reply refused, nothing left in the credential. */
static void test_s4u2self_refusals(void **state)
{
    fake_net *f = *state;
    static const fake_tamper tampers[] = {T_S4U_NO_PADATA, T_S4U_NONCE, T_S4U_CKSUM, T_S4U_USER, T_S4U_USAGE,
                                          T_CNAME, T_ENC_SNAME, T_ENC_FLIP, T_NONCE, T_TRUNCATE};
    static const k5p_result want[] = {K5P_E_MALFORMED, K5P_E_NONCE, K5P_E_INTEGRITY, K5P_E_CNAME, K5P_E_INTEGRITY,
                                      K5P_E_CNAME, K5P_E_SNAME, K5P_E_INTEGRITY, K5P_E_NONCE, K5P_E_MALFORMED};
    k5p_tgt t;
    kcc_cred s;
    k5p_outcome o;

    f->kdc.s4u_user = "bob";
    get_service_tgt(f, &t);
    for (size_t i = 0; i < sizeof(tampers) / sizeof(tampers[0]); i++) {
        f->kdc.tamper = tampers[i];
        assert_int_equal(s4u(f, &t, "bob", &s, &o), want[i]);
        assert_int_equal(o.status, K5P_STATUS_LOGON_FAILURE);
        assert_null(s.ticket.bytes);
        assert_null(s.key.bytes);
    }
    f->kdc.tamper = T_NONE;
    /* A session key the KDC does not have: the authenticator fails there. */
    t.cred.key.bytes[0] ^= 1;
    assert_int_equal(s4u(f, &t, "bob", &s, &o), K5P_E_KDC_ERROR);
    assert_int_equal(o.krb_error, KRB_AP_ERR_MODIFIED);
    t.cred.key.bytes[0] ^= 1;
    /* Nothing to ask with: no user name, no realm. */
    {
        kcc_principal empty = {0};
        k5p_s4u_params params = {0};
        params.tgt = &t.cred;
        params.user = &empty;
        assert_int_equal(k5p_get_s4u2self(&f->env, &f->net, &params, &s, &o), K5P_E_ARGUMENT);
        assert_int_equal(o.status, K5P_STATUS_INVALID_PARAMETER);
    }
    k5p_tgt_free(&t);
}

/* With an RC4 session key only PA-FOR-USER goes (MS-SFU's X509 checksum would be unkeyed MD4), and a reply without
 * PA-S4U-X509-USER is what such a KDC sends. */
static void test_s4u2self_rc4_session(void **state)
{
    fake_net *f = *state;
    static const int32_t etypes[] = {23, 18};
    k5p_as_params params = f->as;
    k5p_tgt t;
    kcc_cred s;
    k5p_outcome o;

    f->kdc.s4u_user = "bob";
    params.etypes = etypes;
    params.etype_count = 2;
    assert_int_equal(k5p_get_tgt(&f->env, &f->net, &params, &t, &o), K5P_OK);
    assert_int_equal(t.cred.enctype, 23);
    assert_int_equal(s4u(f, &t, "bob", &s, &o), K5P_OK);
    assert_true(f->kdc.for_user_ok);
    assert_false(f->kdc.x509_seen);
    assert_principal(&s.client, "EXAMPLE.COM", "bob", NULL);
    kcc_cred_free(&s);
    k5p_tgt_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_as_preauth_flow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_as_salt_and_s2kparams, setup, teardown),
        cmocka_unit_test_setup_teardown(test_as_iteration_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_as_with_kept_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_as_without_preauth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_as_kdc_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_as_rep_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_as_exact_name_without_canonicalize, setup, teardown),
        cmocka_unit_test_setup_teardown(test_as_rep_truncations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_ext_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loop_udp_then_tcp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loop_response_too_big, setup, teardown),
        cmocka_unit_test(test_loop_next_kdc),
        cmocka_unit_test(test_loop_no_kdc_within_bound),
        cmocka_unit_test_setup_teardown(test_loop_long_request_tcp_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tgs_service_ticket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tgs_errors_and_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_renew_expired_tgt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_renew_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_s4u2self, setup, teardown),
        cmocka_unit_test_setup_teardown(test_s4u2self_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_s4u2self_rc4_session, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
