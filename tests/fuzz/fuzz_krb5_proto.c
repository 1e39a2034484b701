/* The Kerberos client protocol's reply processing (src/krb5/proto) on arbitrary KDC replies, real crypto from OpenSSL:
 * no crash, no leak, and a reply is believed only with everything a validation demands (checked again here: the
 * nonce asked for, alice@EXAMPLE.COM, the server asked for, a session key of the right size).
 * Input: byte 0 selects what the rest is fed to:
 *   0  k5p_process_as_rep   for alice@EXAMPLE.COM, nonce 0x1234, reply key aes256 32 x 0x11
 *   1  k5p_process_tgs_rep  for host/svc.example.com with a TGT whose session key is aes256 32 x 0x22
 *   2  k5p_parse_krb_error, then k5p_choose_s2k and the iteration cap on its e-data
 *   3  k5p_kdc_send with a network whose every KDC answers these bytes (UDP, then TCP)
 *   4  k5p_process_s4u2self_rep: alice's TGT (session key as in 1) asking for herself on behalf of bob@EXAMPLE.COM
 *   5  k5p_open_ticket      as host/ws.example.com@EXAMPLE.COM, service key aes256 32 x 0x5a (bit 3 of byte 0:
 *                           ALLOW_EXPIRED), and k5p_ticket_head
 *   6  k5p_krb_cred_clear   with the session key aes256 32 x 0x07, then kcred_parse of what it gives
 * (byte 0 & 7; 7 folds onto 3)
 * The seeds (corpus/krb5_proto) are a fake KDC's answers under these keys: tests/unit/krb5_proto_make_seeds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "k5proto.h"
#include "kcred.h"
#include "krb5_enctype.h"
#include "krb5_openssl.h"

#define CHECK(x)                                                                                                   \
    do {                                                                                                           \
        if (!(x))                                                                                                  \
            abort();                                                                                               \
    } while (0)

#define NONCE 0x1234u

static int64_t fixed_now(void *ctx, int32_t *usec)
{
    (void)ctx;
    *usec = 0;
    return 1700000000;
}

static uint64_t clock_ms(void *ctx)
{
    (void)ctx;
    return 0;
}

static const uint8_t *input;
static size_t input_len;

static k5p_net_result echo_exchange(void *ctx, size_t kdc, int tcp, const uint8_t *req, size_t req_len,
                                    uint32_t timeout_ms, uint8_t **reply, size_t *reply_len)
{
    (void)ctx, (void)kdc, (void)tcp, (void)req, (void)req_len, (void)timeout_ms;
    *reply = malloc(input_len ? input_len : 1);
    CHECK(*reply);
    if (input_len)
        memcpy(*reply, input, input_len);
    *reply_len = input_len;
    return K5P_NET_OK;
}

/* Up to ASCII case where canonicalize lets the KDC choose it (the client's name, the realm). */
static int component_is(const kcc_principal *p, uint32_t i, const char *s, int nocase)
{
    return i < p->count && p->components[i].length == strlen(s) &&
           !(nocase ? strncasecmp : strncmp)((const char *)p->components[i].bytes, s, strlen(s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *alice_c[] = {"alice"}, *svc_c[] = {"host", "svc.example.com"};
    k5p_env env = {krb5_openssl_primitives(), fixed_now, NULL};
    kcc_principal alice = {0}, svc = {0};
    uint8_t user_key[32], tgt_key[32];
    kcc_cred cred, tgt = {0};
    k5p_as_params as = {0};
    k5p_tgs_params tgs = {0};

    if (!size)
        return 0;
    memset(user_key, 0x11, sizeof(user_key));
    memset(tgt_key, 0x22, sizeof(tgt_key));
    CHECK(kcc_principal_set(&alice, 1, "EXAMPLE.COM", 1, alice_c) == KCC_OK);
    CHECK(kcc_principal_set(&svc, 2, "", 2, svc_c) == KCC_OK);
    as.client = &alice;
    data++, size--;
    switch ((data[-1] & 7) == 7 ? 3 : data[-1] & 7) {
    case 0:
        if (k5p_process_as_rep(&env, &as, NONCE, 18, user_key, 32, data, size, &cred) == K5P_OK) {
            CHECK(component_is(&cred.client, 0, "alice", 1) && cred.client.count == 1);
            CHECK(component_is(&cred.server, 0, "krbtgt", 0) && component_is(&cred.server, 1, "EXAMPLE.COM", 1));
            CHECK(krb5_enctype_lookup(cred.enctype) &&
                  cred.key.length == krb5_enctype_lookup(cred.enctype)->key_size);
            CHECK(cred.endtime > cred.starttime && cred.ticket.length);
            kcc_cred_free(&cred);
        } else {
            CHECK(!cred.ticket.bytes && !cred.key.bytes && !cred.client.count);
        }
        break;
    case 1:
        tgt.client = alice;
        tgt.enctype = 18;
        tgt.key = (kcc_data){tgt_key, 32};
        tgs.tgt = &tgt;
        tgs.server = &svc;
        if (k5p_process_tgs_rep(&env, &tgs, NONCE, data, size, &cred) == K5P_OK) {
            CHECK(component_is(&cred.client, 0, "alice", 0));
            CHECK(cred.server.count == 2 && component_is(&cred.server, 0, "host", 1) &&
                  component_is(&cred.server, 1, "svc.example.com", 1));
            CHECK(cred.key.length == krb5_enctype_lookup(cred.enctype)->key_size);
            kcc_cred_free(&cred);
        } else {
            CHECK(!cred.ticket.bytes && !cred.key.bytes);
        }
        break;
    case 4: {
        static const char *bob_c[] = {"bob"};
        kcc_principal bob = {0};
        k5p_s4u_params s4u = {0};
        CHECK(kcc_principal_set(&bob, 1, "EXAMPLE.COM", 1, bob_c) == KCC_OK);
        tgt.client = alice;
        tgt.enctype = 18;
        tgt.key = (kcc_data){tgt_key, 32};
        s4u.tgt = &tgt;
        s4u.user = &bob;
        if (k5p_process_s4u2self_rep(&env, &s4u, NONCE, data, size, &cred) == K5P_OK) {
            CHECK(component_is(&cred.client, 0, "bob", 1) && cred.client.count == 1);
            CHECK(component_is(&cred.server, 0, "alice", 1) && cred.server.count == 1);
            CHECK(cred.key.length == krb5_enctype_lookup(cred.enctype)->key_size);
            kcc_cred_free(&cred);
        } else {
            CHECK(!cred.ticket.bytes && !cred.key.bytes);
        }
        kcc_principal_free(&bob);
        break;
    }
    case 2: {
        int32_t code, etypes[K5P_MAX_ETYPES];
        uint32_t ext;
        size_t n = k5p_as_etypes(&as, etypes);
        k5_arena arena;
        k5p_s2k s2k;
        if (k5p_parse_krb_error(data, size, &code, &ext) != K5P_OK) {
            CHECK(code == -1 && ext == 0);
            break;
        }
        /* Its e-data as METHOD-DATA: the choice must be one of ours, and the cap must hold before any PBKDF2. */
        k5_arena_init(&arena);
        if (k5p_choose_s2k(data, size, etypes, n, &arena, &s2k) == K5P_OK) {
            uint8_t key[32];
            size_t key_len;
            CHECK(krb5_enctype_lookup(s2k.etype));
            as.max_iterations = 16; /* keep the fuzzer fast: anything above is refused */
            if (s2k.params_len == 4 && s2k.etype != 23 &&
                ((uint32_t)s2k.params[0] << 24 | (uint32_t)s2k.params[1] << 16 | (uint32_t)s2k.params[2] << 8 |
                 s2k.params[3]) > 16)
                CHECK(k5p_string_to_key(env.prims, &as, &s2k, key, &key_len) == K5P_E_ITERATIONS);
        }
        k5_arena_free(&arena);
        break;
    }
    case 3: {
        k5p_net net = {NULL, 2, echo_exchange, clock_ms, 0, 0};
        uint8_t *reply;
        size_t reply_len, kdc;
        input = data;
        input_len = size;
        if (k5p_kdc_send(&net, (const uint8_t *)"req", 3, &reply, &reply_len, &kdc) == K5P_OK) {
            CHECK(reply_len == size && !memcmp(reply, data, size) && kdc == 0);
            free(reply);
        }
        break;
    }
    case 5: {
        static const char *ws_c[] = {"host", "ws.example.com"};
        kcc_principal ws = {0}, head = {0};
        k5p_ticket_params tp = {0};
        uint8_t service_key[32];
        int32_t etype;
        uint32_t kvno;
        memset(service_key, 0x5a, sizeof(service_key));
        CHECK(kcc_principal_set(&ws, 2, "EXAMPLE.COM", 2, ws_c) == KCC_OK);
        tp.server = &ws;
        tp.key_enctype = 18;
        tp.key = service_key;
        tp.key_len = 32;
        tp.skew_seconds = K5P_DEFAULT_SKEW_SECONDS;
        tp.allow_expired = (data[-1] & 8) != 0;
        if (k5p_open_ticket(&env, &tp, data, size, &cred) == K5P_OK) {
            /* Believed: for us, a session key of its enctype's size, consistent times, within them unless allowed. */
            CHECK(cred.server.count == 2 && component_is(&cred.server, 0, "host", 0) &&
                  component_is(&cred.server, 1, "ws.example.com", 0) && cred.server.realm.length == 11 &&
                  !strncasecmp((const char *)cred.server.realm.bytes, "EXAMPLE.COM", 11) && cred.client.count);
            CHECK(krb5_enctype_lookup(cred.enctype) &&
                  cred.key.length == krb5_enctype_lookup(cred.enctype)->key_size);
            CHECK(cred.endtime > cred.starttime && cred.starttime <= 1700000000 + K5P_DEFAULT_SKEW_SECONDS);
            CHECK(tp.allow_expired || cred.endtime > 1700000000 - K5P_DEFAULT_SKEW_SECONDS);
            CHECK(cred.ticket.length == size && !memcmp(cred.ticket.bytes, data, size));
            CHECK(k5p_ticket_head(data, size, &head, &etype, &kvno) == K5P_OK && etype == 18);
            kcc_principal_free(&head);
            kcc_cred_free(&cred);
        } else {
            CHECK(!cred.ticket.bytes && !cred.key.bytes && !cred.client.count);
            if (k5p_ticket_head(data, size, &head, &etype, &kvno) == K5P_OK)
                kcc_principal_free(&head);
            else
                CHECK(!head.count);
        }
        kcc_principal_free(&ws);
        break;
    }
    case 6: {
        uint8_t session[32];
        kcc_cache cache = {0};
        asn1_wbuf w;
        memset(session, 0x07, sizeof(session));
        asn1_wbuf_init(&w, 1 << 20);
        if (k5p_krb_cred_clear(env.prims, data, size, 18, session, 32, &w) == K5P_OK) {
            /* Clear now: parsing it never asks for a key. */
            CHECK(kcred_parse(w.data, w.len, &cache) != KCRED_E_ENCRYPTED);
            kcc_cache_free(&cache);
        } else {
            CHECK(w.len == 0);
        }
        asn1_wbuf_free(&w);
        break;
    }
    }
    kcc_principal_free(&alice);
    kcc_principal_free(&svc);
    return 0;
}
