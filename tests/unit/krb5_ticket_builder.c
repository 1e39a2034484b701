/* The ticket builder of krb5_ticket_builder.h. Test code: every step that should not fail aborts. */
#include "krb5_ticket_builder.h"

#include <stdlib.h>
#include <string.h>

#include "krb5_asn1.h"
#include "krb5_build_util.h"
#include "krb5_enctype.h"

#define NEED(x) K5B_NEED("ticket builder", x)

tkt_spec tkt_spec_default(const uint8_t *key, const uint8_t *session, int64_t now)
{
    tkt_spec s;

    memset(&s, 0, sizeof(s));
    s.realm = "EXAMPLE.COM";
    s.service = "host";
    s.host = "ws.example.com";
    s.crealm = "EXAMPLE.COM";
    s.client = "alice";
    s.etype = 18;
    s.key = key;
    s.session_etype = 18;
    s.session_key = session;
    s.session_key_len = 32;
    s.flags = 0x40e10000; /* forwardable, renewable, initial, pre-authent */
    s.authtime = now;
    s.endtime = now + 36000;
    return s;
}

uint8_t *tkt_build(const krb5_primitives *p, const tkt_spec *s, size_t *len)
{
    static uint8_t ipv4[4] = {192, 0, 2, 1};
    const krb5_enctype *et = krb5_enctype_lookup(s->etype);
    k5_host_address addr = {3, 2, {ipv4, 4}};
    k5_enc_ticket_part tp;
    k5_ticket t;
    asn1_wbuf plain, w;
    k5_arena a;
    uint8_t *out;

    NEED(et);
    k5_arena_init(&a);
    memset(&tp, 0, sizeof(tp));
    tp.present = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 7;
    tp.flags = s->flags;
    tp.key = (k5_encryption_key){3, s->session_etype, {(uint8_t *)s->session_key, s->session_key_len}};
    tp.crealm = k5b_str(s->crealm);
    tp.cname = k5b_name(&a, 1, s->client, NULL);
    tp.transited = (k5_transited_encoding){3, 1, {(uint8_t *)"", 0}};
    tp.authtime = s->authtime;
    tp.endtime = s->endtime;
    if (s->starttime) {
        tp.starttime = s->starttime;
        tp.present |= 1u << 6;
    }
    if (s->renew_till) {
        tp.renew_till = s->renew_till;
        tp.present |= 1u << 8;
    }
    if (s->with_address) {
        tp.caddr = (k5_list){&addr, 1};
        tp.present |= 1u << 9;
    }
    asn1_wbuf_init(&plain, 1 << 20);
    if (s->plain_not_der)
        asn1_write_bytes(&plain, "not an EncTicketPart", 20);
    else
        NEED(k5_asn1_encode(&k5_EncTicketPart, &tp, &plain) == ASN1_OK);
    memset(&t, 0, sizeof(t));
    t.present = 0xF;
    t.tkt_vno = 5;
    t.realm = k5b_str(s->realm);
    t.sname = k5b_name(&a, 2, s->service, s->host);
    t.enc_part.present = 5;
    t.enc_part.etype = s->etype;
    if (s->kvno) {
        t.enc_part.kvno = s->kvno;
        t.enc_part.present |= 2;
    }
    t.enc_part.cipher.len = krb5_ciphertext_len(et, plain.len);
    NEED((t.enc_part.cipher.data = k5_arena_alloc(&a, t.enc_part.cipher.len)));
    NEED(et->encrypt(p, et, s->key, 2, NULL, plain.data, plain.len, t.enc_part.cipher.data) == KRB5C_OK);
    asn1_wbuf_free(&plain);
    asn1_wbuf_init(&w, 1 << 20);
    NEED(k5_asn1_encode(&k5_Ticket, &t, &w) == ASN1_OK);
    NEED((out = malloc(w.len)));
    memcpy(out, w.data, w.len);
    *len = w.len;
    asn1_wbuf_free(&w);
    k5_arena_free(&a);
    return out;
}
