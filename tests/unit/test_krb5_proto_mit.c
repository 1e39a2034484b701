/* The Kerberos client protocol (src/krb5/proto) against MIT's krb5kdc, started by this test on 127.0.0.1 through
 * tests/kdc/kdc-for-ctest.sh (port LSAEMU_KPROTO_KDC_PORT, else a free one: the Wine test's fixture holds 18801 while
 * it runs; folder LSAEMU_KPROTO_KDC_DIR): right and
 * wrong passwords, an unknown user, a disabled principal, an expired password, each key type the KDC gives, service
 * tickets judged by MIT's own library (krb5_server_decrypt_ticket_keytab with the service's keytab: the session key
 * we return is the ticket's), an unknown service, and a realm whose first KDC is not there. Exits 77 (skipped) only
 * when MIT's KDC is not installed. Sockets are POSIX here; the package's are Winsock (kerb_net.c). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <krb5.h>

#include "k5p_status.h"
#include "k5proto.h"
#include "krb5_openssl.h"

static char kdc_dir[512];
static uint16_t ports[2]; /* the KDCs of the realm, in order */
static size_t port_count;

static int64_t real_now(void *ctx, int32_t *usec)
{
    struct timespec ts;

    (void)ctx;
    clock_gettime(CLOCK_REALTIME, &ts);
    *usec = (int32_t)(ts.tv_nsec / 1000);
    return ts.tv_sec;
}

static uint64_t mono_ms(void *ctx)
{
    struct timespec ts;

    (void)ctx;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int wait_in(int fd, uint32_t timeout_ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, (int)timeout_ms) == 1 && (p.revents & (POLLIN | POLLERR | POLLHUP));
}

static int read_all(int fd, uint8_t *buf, size_t len, uint64_t deadline)
{
    while (len) {
        uint64_t now = mono_ms(NULL);
        ssize_t n;
        if (now >= deadline || !wait_in(fd, (uint32_t)(deadline - now)) || (n = recv(fd, buf, len, 0)) <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static k5p_net_result posix_exchange(void *ctx, size_t kdc, int tcp, const uint8_t *req, size_t req_len,
                                     uint32_t timeout_ms, uint8_t **reply, size_t *reply_len)
{
    struct sockaddr_in sa = {0};
    uint64_t deadline = mono_ms(NULL) + timeout_ms;
    k5p_net_result rc = K5P_NET_ERROR;
    uint8_t *buf = NULL;
    int fd;

    (void)ctx;
    *reply = NULL;
    *reply_len = 0;
    sa.sin_family = AF_INET;
    sa.sin_port = htons(ports[kdc]);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ((fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0)) < 0)
        return K5P_NET_ERROR;
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        rc = K5P_NET_UNREACHABLE;
        goto done;
    }
    if (!tcp) {
        ssize_t n;
        buf = malloc(65536);
        if (send(fd, req, req_len, 0) != (ssize_t)req_len)
            goto done;
        if (!wait_in(fd, timeout_ms)) {
            rc = K5P_NET_TIMEOUT;
            goto done;
        }
        if ((n = recv(fd, buf, 65536, 0)) < 0) {
            rc = errno == ECONNREFUSED ? K5P_NET_UNREACHABLE : K5P_NET_ERROR;
            goto done;
        }
        *reply_len = (size_t)n;
    } else {
        uint8_t len4[4] = {(uint8_t)(req_len >> 24), (uint8_t)(req_len >> 16), (uint8_t)(req_len >> 8),
                           (uint8_t)req_len};
        uint32_t len;
        if (send(fd, len4, 4, 0) != 4 || send(fd, req, req_len, 0) != (ssize_t)req_len)
            goto done;
        if (read_all(fd, len4, 4, deadline)) {
            rc = K5P_NET_TIMEOUT;
            goto done;
        }
        len = (uint32_t)len4[0] << 24 | (uint32_t)len4[1] << 16 | (uint32_t)len4[2] << 8 | len4[3];
        if (len > (1u << 20) || !(buf = malloc(len ? len : 1)) || read_all(fd, buf, len, deadline))
            goto done;
        *reply_len = len;
    }
    *reply = buf;
    buf = NULL;
    rc = K5P_NET_OK;
done:
    free(buf);
    close(fd);
    return rc;
}

static k5p_net net(void)
{
    return (k5p_net){NULL, port_count, posix_exchange, mono_ms, 0, 0};
}

static const k5p_env *env(void)
{
    static k5p_env e;
    e = (k5p_env){krb5_openssl_primitives(), real_now, NULL};
    return &e;
}

static k5p_result tgt_for(const char *user, const char *password, k5p_tgt *t, k5p_outcome *o)
{
    kcc_principal c = {0};
    const char *comp[] = {user};
    k5p_as_params params = {0};
    k5p_net n = net();
    k5p_result rc;

    assert_int_equal(kcc_principal_set(&c, 1, "KPROTO.TEST", 1, comp), KCC_OK);
    params.client = &c;
    params.password = (const uint8_t *)password;
    params.password_len = strlen(password);
    rc = k5p_get_tgt(env(), &n, &params, t, o);
    kcc_principal_free(&c);
    return rc;
}

static int has_component(const kcc_principal *p, uint32_t i, const char *s)
{
    return i < p->count && p->components[i].length == strlen(s) && !memcmp(p->components[i].bytes, s, strlen(s));
}

static void test_tgt_right_password(void **state)
{
    k5p_tgt t;
    k5p_outcome o;
    int64_t now;
    int32_t usec;

    (void)state;
    now = real_now(NULL, &usec);
    assert_int_equal(tgt_for("alice", "alicepw", &t, &o), K5P_OK);
    assert_int_equal(o.status, 0);
    assert_int_equal(o.kdc_index, 0);
    assert_true(has_component(&t.cred.client, 0, "alice") && t.cred.client.count == 1);
    assert_true(has_component(&t.cred.server, 0, "krbtgt") && has_component(&t.cred.server, 1, "KPROTO.TEST"));
    assert_int_equal(t.cred.enctype, 18);
    assert_int_equal(t.key_enctype, 18);
    assert_int_equal(t.cred.key.length, 32);
    /* initial, pre-authent, renewable, forwardable */
    assert_int_equal(t.cred.ticket_flags & 0x40e00000u, 0x40e00000u);
    assert_true(t.cred.authtime >= now - 5 && t.cred.authtime <= now + 5);
    assert_int_equal(t.cred.endtime - t.cred.authtime, 86400); /* MIT's default max_life */
    assert_true(t.cred.renew_till > t.cred.endtime);
    k5p_tgt_free(&t);
}

static void test_tgt_each_key_type(void **state)
{
    k5p_tgt t;
    k5p_outcome o;

    (void)state;
    assert_int_equal(tgt_for("aes256sha2", "aes256sha2pw", &t, &o), K5P_OK);
    assert_int_equal(t.key_enctype, 20);
    assert_int_equal(t.key_len, 32);
    k5p_tgt_free(&t);
    assert_int_equal(tgt_for("rc4user", "rc4userpw", &t, &o), K5P_OK);
    assert_int_equal(t.key_enctype, 23);
    assert_int_equal(t.key_len, 16);
    k5p_tgt_free(&t);
}

static void expect_failure(const char *user, const char *pw, int32_t code, uint32_t status, uint32_t sub)
{
    k5p_tgt t;
    k5p_outcome o;

    assert_int_equal(tgt_for(user, pw, &t, &o), K5P_E_KDC_ERROR);
    assert_int_equal(o.krb_error, code);
    assert_int_equal(o.status, status);
    assert_int_equal(o.sub_status, sub);
    assert_null(t.cred.ticket.bytes);
    assert_int_equal(t.key_len, 0);
}

static void test_tgt_refusals(void **state)
{
    (void)state;
    expect_failure("alice", "wrong", KDC_ERR_PREAUTH_FAILED, K5P_STATUS_LOGON_FAILURE, K5P_STATUS_WRONG_PASSWORD);
    expect_failure("nobody", "x", KDC_ERR_C_PRINCIPAL_UNKNOWN, K5P_STATUS_LOGON_FAILURE, K5P_STATUS_NO_SUCH_USER);
    expect_failure("disabled", "disabledpw", KDC_ERR_CLIENT_REVOKED, K5P_STATUS_ACCOUNT_RESTRICTION,
                   K5P_STATUS_ACCOUNT_DISABLED);
    expect_failure("expired", "expiredpw", KDC_ERR_KEY_EXPIRED, K5P_STATUS_ACCOUNT_RESTRICTION,
                   K5P_STATUS_PASSWORD_EXPIRED);
}

/* MIT's library decrypts the service ticket with the service's keytab: the ticket is real and names alice, and the
 * session key we returned is the one inside it. */
static void judge_service_ticket(const kcc_cred *s)
{
    krb5_context ctx;
    krb5_keytab kt;
    krb5_ticket *tkt = NULL;
    krb5_data der;
    char path[600], *client = NULL;

    snprintf(path, sizeof(path), "FILE:%s/svc.keytab", kdc_dir);
    assert_int_equal(krb5_init_context(&ctx), 0);
    assert_int_equal(krb5_kt_resolve(ctx, path, &kt), 0);
    der.magic = KV5M_DATA;
    der.length = s->ticket.length;
    der.data = (char *)s->ticket.bytes;
    assert_int_equal(krb5_decode_ticket(&der, &tkt), 0);
    assert_int_equal(krb5_server_decrypt_ticket_keytab(ctx, kt, tkt), 0);
    assert_int_equal(tkt->enc_part2->session->enctype, s->enctype);
    assert_int_equal(tkt->enc_part2->session->length, s->key.length);
    assert_memory_equal(tkt->enc_part2->session->contents, s->key.bytes, s->key.length);
    assert_int_equal(krb5_unparse_name(ctx, tkt->enc_part2->client, &client), 0);
    assert_string_equal(client, "alice@KPROTO.TEST");
    krb5_free_unparsed_name(ctx, client);
    krb5_free_ticket(ctx, tkt);
    krb5_kt_close(ctx, kt);
    krb5_free_context(ctx);
}

static k5p_result service_ticket(const k5p_tgt *t, const char *host, int32_t etype, kcc_cred *s, k5p_outcome *o)
{
    kcc_principal server = {0};
    const char *comp[] = {"host", host};
    k5p_tgs_params params = {0};
    k5p_net n = net();
    k5p_result rc;

    assert_int_equal(kcc_principal_set(&server, 2, "", 2, comp), KCC_OK);
    params.tgt = &t->cred;
    params.server = &server;
    params.etype = etype;
    rc = k5p_get_service_ticket(env(), &n, &params, s, o);
    kcc_principal_free(&server);
    return rc;
}

static void test_service_tickets(void **state)
{
    k5p_tgt t;
    kcc_cred s;
    k5p_outcome o;

    (void)state;
    assert_int_equal(tgt_for("alice", "alicepw", &t, &o), K5P_OK);
    assert_int_equal(service_ticket(&t, "svc.kproto.test", 0, &s, &o), K5P_OK);
    assert_true(has_component(&s.server, 0, "host") && has_component(&s.server, 1, "svc.kproto.test"));
    assert_true(has_component(&s.client, 0, "alice"));
    assert_int_equal(s.enctype, 18);
    judge_service_ticket(&s);
    kcc_cred_free(&s);
    assert_int_equal(service_ticket(&t, "svc.kproto.test", 17, &s, &o), K5P_OK);
    assert_int_equal(s.enctype, 17);
    judge_service_ticket(&s);
    kcc_cred_free(&s);
    assert_int_equal(service_ticket(&t, "nosuch.kproto.test", 0, &s, &o), K5P_E_KDC_ERROR);
    assert_int_equal(o.krb_error, KDC_ERR_S_PRINCIPAL_UNKNOWN);
    assert_int_equal(o.status, K5P_STATUS_NO_TRUST_SAM_ACCOUNT);
    assert_null(s.ticket.bytes);
    k5p_tgt_free(&t);
}

/* A port nobody listens on: bind one, note it, close it. */
static uint16_t closed_port(void)
{
    struct sockaddr_in sa = {0};
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

static void test_kdc_loop(void **state)
{
    uint16_t real = ports[0];
    k5p_tgt t;
    k5p_outcome o;
    uint64_t start;

    (void)state;
    /* The first KDC is not there: the second answers. */
    ports[0] = closed_port();
    ports[1] = real;
    port_count = 2;
    assert_int_equal(tgt_for("alice", "alicepw", &t, &o), K5P_OK);
    assert_int_equal(o.kdc_index, 1);
    k5p_tgt_free(&t);
    /* None is: STATUS_NO_LOGON_SERVERS, at once (refused on loopback). */
    port_count = 1;
    start = mono_ms(NULL);
    assert_int_equal(tgt_for("alice", "alicepw", &t, &o), K5P_E_NO_KDC);
    assert_int_equal(o.status, K5P_STATUS_NO_LOGON_SERVERS);
    print_message("no KDC answered after %llu ms\n", (unsigned long long)(mono_ms(NULL) - start));
    ports[0] = real;
}

/* A loopback port free for both UDP and TCP now, from the kernel's ephemeral range (clear of the fixed ports the
 * project's KDC fixtures use). */
static uint16_t free_port(void)
{
    for (int tries = 0; tries < 20; tries++) {
        struct sockaddr_in sa = {0};
        socklen_t len = sizeof(sa);
        int t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0), ok;

        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ok = bind(t, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
             getsockname(t, (struct sockaddr *)&sa, &len) == 0 && bind(u, (struct sockaddr *)&sa, sizeof(sa)) == 0;
        close(t);
        close(u);
        if (ok)
            return ntohs(sa.sin_port);
    }
    return 0;
}

static int run_script(const char *verb, const char *port)
{
    char cmd[1200];
    int st;

    snprintf(cmd, sizeof(cmd), "bash '%s' %s '%s' %s", LSAEMU_KDC_SCRIPT, verb, kdc_dir, port ? port : "");
    st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tgt_right_password),
        cmocka_unit_test(test_tgt_each_key_type),
        cmocka_unit_test(test_tgt_refusals),
        cmocka_unit_test(test_service_tickets),
        cmocka_unit_test(test_kdc_loop),
    };
    const char *port = getenv("LSAEMU_KPROTO_KDC_PORT");
    const char *dir = getenv("LSAEMU_KPROTO_KDC_DIR");
    char krb5_conf[600], port_buf[8];
    int rc;

    if (!port || !*port || !strcmp(port, "0")) {
        snprintf(port_buf, sizeof(port_buf), "%u", free_port());
        port = port_buf;
    }
    if (dir && *dir)
        snprintf(kdc_dir, sizeof(kdc_dir), "%s", dir);
    else
        snprintf(kdc_dir, sizeof(kdc_dir), "/tmp/lsaemu-kproto-kdc.%d", (int)getpid());
    ports[0] = (uint16_t)atoi(port);
    port_count = 1;
    rc = run_script("start", port);
    if (rc == 77) {
        printf("skipped: MIT krb5kdc is not installed\n");
        return 77;
    }
    if (rc != 0) {
        fprintf(stderr, "could not start the KDC (%d)\n", rc);
        run_script("stop", NULL);
        return 1;
    }
    snprintf(krb5_conf, sizeof(krb5_conf), "%s/krb5.conf", kdc_dir);
    setenv("KRB5_CONFIG", krb5_conf, 1); /* for the judge's library */
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    run_script("stop", NULL);
    return rc;
}
