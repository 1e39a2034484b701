/* Writes the seeds of fuzz_krb5_proto (tests/fuzz/corpus/krb5_proto): a fake KDC's replies under the fuzzer's fixed
 * keys and nonce (its header comment says which). Usage: krb5_proto_make_seeds <folder>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "k5proto.h"
#include "kcred.h"
#include "krb5_fake_kdc.h"
#include "krb5_openssl.h"
#include "krb5_ticket_builder.h"

#define NONCE 0x1234u

static int64_t fixed_now(void *ctx, int32_t *usec)
{
    (void)ctx;
    *usec = 0;
    return 1700000000;
}

static void save(const char *dir, const char *name, uint8_t mode, const uint8_t *b, size_t len)
{
    char path[1024];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (!(f = fopen(path, "wb")) || fwrite(&mode, 1, 1, f) != 1 || fwrite(b, 1, len, f) != len || fclose(f)) {
        perror(path);
        exit(1);
    }
    free((void *)b);
}

int main(int argc, char **argv)
{
    static const char *alice_c[] = {"alice"}, *svc_c[] = {"host", "svc.example.com"};
    static const uint8_t params[] = {0, 0, 0x10, 0};
    uint8_t user_key[32], tgt_key[32], *rep, ext[12] = {0x34, 0x02, 0x00, 0xC0, 0, 0, 0, 0, 1, 0, 0, 0};
    k5p_env env = {krb5_openssl_primitives(), fixed_now, NULL};
    kcc_principal alice = {0}, svc = {0};
    k5p_as_params as = {0};
    k5p_tgs_params tgs = {0};
    kcc_cred tgt, service;
    fake_kdc k;
    asn1_wbuf w;
    size_t len;

    if (argc != 2) {
        fprintf(stderr, "usage: %s <folder>\n", argv[0]);
        return 2;
    }
    memset(user_key, 0x11, sizeof(user_key));
    memset(tgt_key, 0x22, sizeof(tgt_key));
    kcc_principal_set(&alice, 1, "EXAMPLE.COM", 1, alice_c);
    kcc_principal_set(&svc, 2, "", 2, svc_c);
    fake_kdc_init(&k, krb5_openssl_primitives(), 1700000000);
    memcpy(k.user_key, user_key, 32);
    k.require_preauth = 0;
    k.fixed_session_key = tgt_key;
    as.client = &alice;

    asn1_wbuf_init(&w, 1 << 16);
    k5p_build_as_req(&as, NONCE, NULL, 0, &w);
    rep = fake_kdc_answer(&k, w.data, w.len, &len);
    if (k5p_process_as_rep(&env, &as, NONCE, 18, user_key, 32, rep, len, &tgt) != K5P_OK)
        return 1;
    save(argv[1], "as_rep.bin", 0, rep, len);
    k.tamper = T_TGS_TAG;
    save(argv[1], "as_rep_tgs_tag.bin", 0, fake_kdc_answer(&k, w.data, w.len, &len), len);
    k.tamper = T_USAGE8;
    save(argv[1], "as_rep_usage8.bin", 0, fake_kdc_answer(&k, w.data, w.len, &len), len);
    k.tamper = T_NONE;
    asn1_wbuf_free(&w);

    tgs.tgt = &tgt;
    tgs.server = &svc;
    asn1_wbuf_init(&w, 1 << 16);
    k5p_build_tgs_req(&env, &tgs, NONCE, &w);
    rep = fake_kdc_answer(&k, w.data, w.len, &len);
    if (k5p_process_tgs_rep(&env, &tgs, NONCE, rep, len, &service) != K5P_OK)
        return 1;
    kcc_cred_free(&service);
    save(argv[1], "tgs_rep.bin", 1, rep, len);
    asn1_wbuf_free(&w);

    {
        /* S4U2Self: alice asks for herself on behalf of bob (the fake KDC answers with PA-S4U-X509-USER). */
        static const char *bob_c[] = {"bob"};
        kcc_principal bob = {0};
        k5p_s4u_params s4u = {0};
        kcc_cred ticket;
        kcc_principal_set(&bob, 1, "EXAMPLE.COM", 1, bob_c);
        s4u.tgt = &tgt;
        s4u.user = &bob;
        k.s4u_user = "bob";
        asn1_wbuf_init(&w, 1 << 16);
        k5p_build_s4u2self_req(&env, &s4u, NONCE, &w);
        rep = fake_kdc_answer(&k, w.data, w.len, &len);
        if (k5p_process_s4u2self_rep(&env, &s4u, NONCE, rep, len, &ticket) != K5P_OK)
            return 1;
        kcc_cred_free(&ticket);
        save(argv[1], "s4u2self_rep.bin", 4, rep, len);
        asn1_wbuf_free(&w);
        kcc_principal_free(&bob);
    }

    k.salt = "EXAMPLE.COMalice";
    k.s2kparams = params;
    k.s2kparams_len = sizeof(params);
    k.require_preauth = 1;
    asn1_wbuf_init(&w, 1 << 16);
    k5p_build_as_req(&as, NONCE, NULL, 0, &w);
    save(argv[1], "krb_error_preauth_required.bin", 2, fake_kdc_answer(&k, w.data, w.len, &len), len);
    asn1_wbuf_free(&w);
    {
        /* METHOD-DATA { PA-PW-SALT: KERB-EXT-ERROR(STATUS_ACCOUNT_LOCKED_OUT) } */
        uint8_t md[] = {0x30, 0x15, 0x30, 0x13, 0xA1, 0x03, 0x02, 0x01, 0x03, 0xA2, 0x0C + 2, 0x04, 0x0C};
        uint8_t e_data[sizeof(md) + sizeof(ext)];
        memcpy(e_data, md, sizeof(md));
        memcpy(e_data + sizeof(md), ext, sizeof(ext));
        save(argv[1], "krb_error_ext.bin", 2, fake_krb_error(&k, 18, e_data, sizeof(e_data), &len), len);
    }
    save(argv[1], "loop_too_big.bin", 3, fake_krb_error(&k, 52, NULL, 0, &len), len);
    {
        /* Tickets to host/ws.example.com under the fuzzer's service key: one good, one expired (mode 5 | 8 allows
         * it), one with every optional field. */
        uint8_t service_key[32], session[32];
        tkt_spec ts;
        memset(service_key, 0x5a, sizeof(service_key));
        memset(session, 0x07, sizeof(session));
        ts = tkt_spec_default(service_key, session, 1700000000 - 60);
        save(argv[1], "ticket.bin", 5, tkt_build(env.prims, &ts, &len), len);
        ts.endtime = 1700000000 - 3600;
        ts.authtime = 1700000000 - 7200;
        save(argv[1], "ticket_expired.bin", 5 | 8, tkt_build(env.prims, &ts, &len), len);
        ts = tkt_spec_default(service_key, session, 1700000000 - 60);
        ts.kvno = 2;
        ts.starttime = 1700000000 - 30;
        ts.renew_till = 1700000000 + 86400;
        ts.with_address = 1;
        save(argv[1], "ticket_full.bin", 5, tkt_build(env.prims, &ts, &len), len);
        {
            /* The TGT as a clear KRB-CRED, for mode 6. */
            uint8_t *der;
            if (kcred_build(&tgt, 1, &der, &len) != KCRED_OK)
                return 1;
            rep = malloc(len);
            memcpy(rep, der, len);
            kcred_free(der, len);
            save(argv[1], "krb_cred_clear.bin", 6, rep, len);
        }
    }
    kcc_cred_free(&tgt);
    kcc_principal_free(&alice);
    kcc_principal_free(&svc);
    return 0;
}
