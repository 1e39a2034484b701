/* The Kerberos client protocol (src/krb5/proto) against MIT's krb5kdc, started by this test on 127.0.0.1 through the
 * project's one KDC script, tests/kdc/kdc.sh (a KDC of its own, on a free port, in folder LSAEMU_KPROTO_KDC_DIR; its
 * realm, port, principals and passwords read back from the kdc.env the script writes): right and wrong passwords, an
 * unknown user, disabled, expired and locked principals, each key type the KDC gives, service tickets judged by
 * MIT's own library (krb5_server_decrypt_ticket_keytab with the service's keytab: the session key we return is the
 * ticket's), an unknown service, and a realm whose first KDC is not there. Exits 77 (skipped) only when MIT's KDC is
 * not installed. Sockets are POSIX here; the package's are Winsock (kerb_net.c). */
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
/* From kdc.env (tests/kdc/kdc.sh documents each). */
static char realm[64], user[64], password[128], other_password[128], service_host[128], sha2_user[64], rc4_user[64];
static char disabled_user[64], expired_user[64], locked_user[64], machine[128];
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

    assert_int_equal(kcc_principal_set(&c, 1, realm, 1, comp), KCC_OK);
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
    assert_int_equal(tgt_for(user, password, &t, &o), K5P_OK);
    assert_int_equal(o.status, 0);
    assert_int_equal(o.kdc_index, 0);
    assert_true(has_component(&t.cred.client, 0, user) && t.cred.client.count == 1);
    assert_true(has_component(&t.cred.server, 0, "krbtgt") && has_component(&t.cred.server, 1, realm));
    assert_int_equal(t.cred.enctype, 18);
    assert_int_equal(t.key_enctype, 18);
    assert_int_equal(t.cred.key.length, 32);
    /* initial, pre-authent, renewable, forwardable */
    assert_int_equal(t.cred.ticket_flags & 0x40e00000u, 0x40e00000u);
    assert_true(t.cred.authtime >= now - 5 && t.cred.authtime <= now + 5);
    assert_int_equal(t.cred.endtime - t.cred.authtime, 36000); /* the realm's max_life (kdc.sh: 10h) */
    assert_true(t.cred.renew_till > t.cred.endtime);
    k5p_tgt_free(&t);
}

static void test_tgt_each_key_type(void **state)
{
    k5p_tgt t;
    k5p_outcome o;

    (void)state;
    assert_int_equal(tgt_for(sha2_user, other_password, &t, &o), K5P_OK);
    assert_int_equal(t.key_enctype, 20);
    assert_int_equal(t.key_len, 32);
    k5p_tgt_free(&t);
    assert_int_equal(tgt_for(rc4_user, other_password, &t, &o), K5P_OK);
    assert_int_equal(t.key_enctype, 23);
    assert_int_equal(t.key_len, 16);
    k5p_tgt_free(&t);
}

/* The AS exchange straight to kadmin/changepw (RFC 3244 wants an initial ticket for a change): MIT's KDC issues it
 * with the INITIAL flag and the short life kdb5_util gives that principal, and refuses a wrong password. */
static void test_changepw_ticket(void **state)
{
    kcc_principal c = {0}, svc = {0};
    const char *comp[] = {user};
    const char *svc_comp[] = {"kadmin", "changepw"};
    k5p_as_params params = {0};
    k5p_net n = net();
    k5p_tgt t;
    k5p_outcome o;

    (void)state;
    assert_int_equal(kcc_principal_set(&c, 1, realm, 1, comp), KCC_OK);
    assert_int_equal(kcc_principal_set(&svc, 0, "", 2, svc_comp), KCC_OK);
    params.client = &c;
    params.service = &svc;
    params.password = (const uint8_t *)password;
    params.password_len = strlen(password);
    assert_int_equal(k5p_get_tgt(env(), &n, &params, &t, &o), K5P_OK);
    assert_true(has_component(&t.cred.server, 0, "kadmin") && has_component(&t.cred.server, 1, "changepw"));
    assert_int_equal(t.cred.server.count, 2);
    assert_int_equal(t.cred.server.realm.length, strlen(realm));
    assert_memory_equal(t.cred.server.realm.bytes, realm, strlen(realm));
    assert_int_equal(t.cred.ticket_flags & 0x00400000u, 0x00400000u); /* initial */
    assert_true(t.cred.endtime > t.cred.authtime && t.cred.endtime - t.cred.authtime <= 300);
    k5p_tgt_free(&t);
    params.password = (const uint8_t *)"not the password";
    params.password_len = 16;
    assert_int_not_equal(k5p_get_tgt(env(), &n, &params, &t, &o), K5P_OK);
    assert_int_equal(o.krb_error, 24); /* KDC_ERR_PREAUTH_FAILED */
    kcc_principal_free(&svc);
    kcc_principal_free(&c);
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
    expect_failure(user, "wrong", KDC_ERR_PREAUTH_FAILED, K5P_STATUS_LOGON_FAILURE, K5P_STATUS_WRONG_PASSWORD);
    expect_failure("nobody", "x", KDC_ERR_C_PRINCIPAL_UNKNOWN, K5P_STATUS_LOGON_FAILURE, K5P_STATUS_NO_SUCH_USER);
    expect_failure(disabled_user, other_password, KDC_ERR_CLIENT_REVOKED, K5P_STATUS_ACCOUNT_RESTRICTION,
                   K5P_STATUS_ACCOUNT_DISABLED);
    expect_failure(expired_user, other_password, KDC_ERR_KEY_EXPIRED, K5P_STATUS_ACCOUNT_RESTRICTION,
                   K5P_STATUS_PASSWORD_EXPIRED);
    /* Locked out by policy: MIT answers KDC_ERR_CLIENT_REVOKED, as for a disabled principal, with no e-data telling
     * the two apart (an Active Directory KDC adds STATUS_ACCOUNT_LOCKED_OUT there), so the statuses are the same. */
    expect_failure(locked_user, other_password, KDC_ERR_CLIENT_REVOKED, K5P_STATUS_ACCOUNT_RESTRICTION,
                   K5P_STATUS_ACCOUNT_DISABLED);
}

/* MIT's library decrypts the service ticket with the service's keytab: the ticket is real and names alice, and the
 * session key we returned is the one inside it. */
static void judge_service_ticket(const kcc_cred *s)
{
    krb5_context ctx;
    krb5_keytab kt;
    krb5_ticket *tkt = NULL;
    krb5_data der;
    char path[600], want[200], *client = NULL;

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
    snprintf(want, sizeof(want), "%s@%s", user, realm);
    assert_string_equal(client, want);
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
    assert_int_equal(tgt_for(user, password, &t, &o), K5P_OK);
    assert_int_equal(service_ticket(&t, service_host, 0, &s, &o), K5P_OK);
    assert_true(has_component(&s.server, 0, "host") && has_component(&s.server, 1, service_host));
    assert_true(has_component(&s.client, 0, user));
    assert_int_equal(s.enctype, 18);
    judge_service_ticket(&s);
    kcc_cred_free(&s);
    assert_int_equal(service_ticket(&t, service_host, 17, &s, &o), K5P_OK);
    assert_int_equal(s.enctype, 17);
    judge_service_ticket(&s);
    kcc_cred_free(&s);
    assert_int_equal(service_ticket(&t, "nosuch.lsaemu.test", 0, &s, &o), K5P_E_KDC_ERROR);
    assert_int_equal(o.krb_error, KDC_ERR_S_PRINCIPAL_UNKNOWN);
    assert_int_equal(o.status, K5P_STATUS_NO_TRUST_SAM_ACCOUNT);
    assert_null(s.ticket.bytes);
    k5p_tgt_free(&t);
}

/* The machine account's TGT with its AES256 key, read from DIR/machine.keytab by MIT's library. */
static void machine_tgt(k5p_tgt *t, kcc_principal *c)
{
    static const int32_t etypes[] = {18};
    const char *comp[] = {"host", machine + 5};
    krb5_context ctx;
    krb5_keytab kt;
    krb5_principal princ;
    krb5_keytab_entry entry;
    k5p_as_params params = {0};
    k5p_net n = net();
    k5p_outcome o;
    char path[600], name[200];

    snprintf(path, sizeof(path), "FILE:%s/machine.keytab", kdc_dir);
    snprintf(name, sizeof(name), "%s@%s", machine, realm);
    assert_int_equal(krb5_init_context(&ctx), 0);
    assert_int_equal(krb5_kt_resolve(ctx, path, &kt), 0);
    assert_int_equal(krb5_parse_name(ctx, name, &princ), 0);
    assert_int_equal(krb5_kt_get_entry(ctx, kt, princ, 0, ENCTYPE_AES256_CTS_HMAC_SHA1_96, &entry), 0);
    assert_int_equal(kcc_principal_set(c, 1, realm, 2, comp), KCC_OK);
    params.client = c;
    params.key_enctype = 18;
    params.key = entry.key.contents;
    params.key_len = entry.key.length;
    params.etypes = etypes;
    params.etype_count = 1;
    assert_int_equal(k5p_get_tgt(env(), &n, &params, t, &o), K5P_OK);
    krb5_free_keytab_entry_contents(ctx, &entry);
    krb5_free_principal(ctx, princ);
    krb5_kt_close(ctx, kt);
    krb5_free_context(ctx);
}

static k5p_result s4u_for(const k5p_tgt *t, const char *name, kcc_cred *s, k5p_outcome *o)
{
    kcc_principal u = {0};
    const char *comp[] = {name};
    k5p_s4u_params params = {0};
    k5p_net n = net();
    k5p_result rc;

    assert_int_equal(kcc_principal_set(&u, 1, realm, 1, comp), KCC_OK);
    params.tgt = &t->cred;
    params.user = &u;
    rc = k5p_get_s4u2self(env(), &n, &params, s, o);
    kcc_principal_free(&u);
    return rc;
}

/* S4U2Self as `kvno -U alice -k machine.keytab host/lsaemu-ws.lsaemu.test` does it, judged by MIT's library: the
 * ticket opens with machine.keytab, its client is alice and its session key the one returned. MIT's KDC answers
 * with PA-S4U-X509-USER, whose checksum k5p_process_s4u2self_rep has verified. */
static void test_s4u2self(void **state)
{
    k5p_tgt t;
    kcc_principal c = {0};
    kcc_cred s;
    k5p_outcome o;
    krb5_context ctx;
    krb5_keytab kt;
    krb5_ticket *tkt = NULL;
    krb5_data der;
    char path[600], want[200], *client = NULL;

    (void)state;
    machine_tgt(&t, &c);
    assert_int_equal(s4u_for(&t, user, &s, &o), K5P_OK);
    assert_int_equal(o.status, 0);
    assert_true(has_component(&s.client, 0, user) && s.client.count == 1);
    assert_true(has_component(&s.server, 0, "host") && has_component(&s.server, 1, machine + 5));
    snprintf(path, sizeof(path), "FILE:%s/machine.keytab", kdc_dir);
    assert_int_equal(krb5_init_context(&ctx), 0);
    assert_int_equal(krb5_kt_resolve(ctx, path, &kt), 0);
    der.magic = KV5M_DATA;
    der.length = s.ticket.length;
    der.data = (char *)s.ticket.bytes;
    assert_int_equal(krb5_decode_ticket(&der, &tkt), 0);
    assert_int_equal(krb5_server_decrypt_ticket_keytab(ctx, kt, tkt), 0);
    assert_int_equal(tkt->enc_part2->session->length, s.key.length);
    assert_memory_equal(tkt->enc_part2->session->contents, s.key.bytes, s.key.length);
    assert_int_equal(krb5_unparse_name(ctx, tkt->enc_part2->client, &client), 0);
    snprintf(want, sizeof(want), "%s@%s", user, realm);
    assert_string_equal(client, want);
    krb5_free_unparsed_name(ctx, client);
    krb5_free_ticket(ctx, tkt);
    krb5_kt_close(ctx, kt);
    krb5_free_context(ctx);
    kcc_cred_free(&s);
    /* An unknown user and a disabled one, as the KDC answers them. */
    assert_int_equal(s4u_for(&t, "nosuchuser", &s, &o), K5P_E_KDC_ERROR);
    assert_int_equal(o.krb_error, KDC_ERR_C_PRINCIPAL_UNKNOWN);
    assert_int_equal(o.status, K5P_STATUS_NO_SUCH_USER);
    assert_null(s.ticket.bytes);
    assert_int_equal(s4u_for(&t, disabled_user, &s, &o), K5P_E_KDC_ERROR);
    print_message("S4U2Self for a disabled user: KDC error %d, status 0x%08x\n", (int)o.krb_error, (unsigned)o.status);
    assert_int_equal(o.krb_error, KDC_ERR_CLIENT_REVOKED);
    assert_int_equal(o.status, K5P_STATUS_ACCOUNT_DISABLED);
    k5p_tgt_free(&t);
    kcc_principal_free(&c);
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
    assert_int_equal(tgt_for(user, password, &t, &o), K5P_OK);
    assert_int_equal(o.kdc_index, 1);
    k5p_tgt_free(&t);
    /* None is: STATUS_NO_LOGON_SERVERS, at once (refused on loopback). */
    port_count = 1;
    start = mono_ms(NULL);
    assert_int_equal(tgt_for(user, password, &t, &o), K5P_E_NO_KDC);
    assert_int_equal(o.status, K5P_STATUS_NO_LOGON_SERVERS);
    print_message("no KDC answered after %llu ms\n", (unsigned long long)(mono_ms(NULL) - start));
    ports[0] = real;
}

static int run_script(const char *verb)
{
    char cmd[1200];
    int st;

    snprintf(cmd, sizeof(cmd), "sh '%s' %s '%s'", LSAEMU_KDC_SCRIPT, verb, kdc_dir);
    st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* One KEY=value line of kdc.env into out; FALSE when the key is missing or its value does not fit. */
static int env_value(const char *text, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);

    for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (!strncmp(line, key, klen) && line[klen] == '=') {
            size_t n = strcspn(line + klen + 1, "\n");
            if (n >= cap)
                return 0;
            memcpy(out, line + klen + 1, n);
            out[n] = 0;
            return 1;
        }
    }
    return 0;
}

/* The user of the given enctype in LSAEMU_KDC_ENCTYPE_USERS ("name:enctype,..."). */
static int enctype_user(const char *list, const char *enctype, char *out, size_t cap)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ","), name = strcspn(p, ":");
        if (name < n && n - name - 1 == strlen(enctype) && !strncmp(p + name + 1, enctype, n - name - 1) &&
            name < cap) {
            memcpy(out, p, name);
            out[name] = 0;
            return 1;
        }
        p += n + (p[n] == ',');
    }
    return 0;
}

static int load_env(void)
{
    char path[600], text[8192], port[16], users[256], service[160];
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/kdc.env", kdc_dir);
    if (!(f = fopen(path, "r")))
        return 0;
    n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = 0;
    if (!env_value(text, "LSAEMU_KDC_REALM", realm, sizeof(realm)) ||
        !env_value(text, "LSAEMU_KDC_PORT", port, sizeof(port)) ||
        !env_value(text, "LSAEMU_KDC_USER", user, sizeof(user)) ||
        !env_value(text, "LSAEMU_KDC_PASSWORD", password, sizeof(password)) ||
        !env_value(text, "LSAEMU_KDC_OTHER_PASSWORD", other_password, sizeof(other_password)) ||
        !env_value(text, "LSAEMU_KDC_DISABLED_USER", disabled_user, sizeof(disabled_user)) ||
        !env_value(text, "LSAEMU_KDC_EXPIRED_USER", expired_user, sizeof(expired_user)) ||
        !env_value(text, "LSAEMU_KDC_LOCKED_USER", locked_user, sizeof(locked_user)) ||
        !env_value(text, "LSAEMU_KDC_SERVICE", service, sizeof(service)) ||
        !env_value(text, "LSAEMU_KDC_MACHINE", machine, sizeof(machine)) || strncmp(machine, "host/", 5) ||
        !env_value(text, "LSAEMU_KDC_ENCTYPE_USERS", users, sizeof(users)) ||
        !enctype_user(users, "20", sha2_user, sizeof(sha2_user)) ||
        !enctype_user(users, "23", rc4_user, sizeof(rc4_user)) || strncmp(service, "host/", 5))
        return 0;
    snprintf(service_host, sizeof(service_host), "%s", service + 5);
    ports[0] = (uint16_t)atoi(port);
    port_count = 1;
    return ports[0] != 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tgt_right_password),
        cmocka_unit_test(test_tgt_each_key_type),
        cmocka_unit_test(test_changepw_ticket),
        cmocka_unit_test(test_tgt_refusals),
        cmocka_unit_test(test_service_tickets),
        cmocka_unit_test(test_kdc_loop),
        cmocka_unit_test(test_s4u2self),
    };
    const char *dir = getenv("LSAEMU_KPROTO_KDC_DIR");
    char krb5_conf[600];
    int rc;

    /* kdc.sh wants an absolute folder: its stop step recognises its KDC by the profile path. */
    if (dir && *dir == '/')
        snprintf(kdc_dir, sizeof(kdc_dir), "%s", dir);
    else
        snprintf(kdc_dir, sizeof(kdc_dir), "/tmp/lsaemu-kproto-kdc.%d", (int)getpid());
    rc = run_script("start");
    if (rc == 77) {
        printf("skipped: MIT krb5kdc is not installed\n");
        return 77;
    }
    if (rc != 0 || !load_env()) {
        fprintf(stderr, "could not start the KDC (%d) or read its kdc.env\n", rc);
        run_script("stop");
        return 1;
    }
    snprintf(krb5_conf, sizeof(krb5_conf), "%s/krb5.conf", kdc_dir);
    setenv("KRB5_CONFIG", krb5_conf, 1); /* for the judge's library */
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    run_script("stop");
    return rc;
}
