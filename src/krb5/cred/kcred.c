/* KRB-CRED with an unencrypted part; see kcred.h. Built on the table-driven codec: kcc structures are mapped onto
 * the k5_* message structs (pointing into the credentials, nothing copied) and encoded; parsing decodes into an
 * arena and copies out into kcc structures. */
#include <stdlib.h>
#include <string.h>

#include "kcred.h"
#include "krb5_asn1.h"

#define KRB_CRED_PVNO 5
#define KRB_CRED_MSG_TYPE 22
#define KCRED_MAX_DER (64u << 20)

/* Encoding side: the arena holds the pointer arrays the k5 structs need. */
static int principal_to_k5(const kcc_principal *p, k5_arena *a, k5_principal_name *out)
{
    k5_octets *names = NULL;

    memset(out, 0, sizeof(*out));
    if (p->count && !(names = k5_arena_alloc(a, p->count * sizeof(*names))))
        return 0;
    for (uint32_t i = 0; i < p->count; i++) {
        names[i].data = p->components[i].bytes;
        names[i].len = p->components[i].length;
    }
    out->present = 0x3;
    out->name_type = (int32_t)p->name_type;
    out->name_string.items = names;
    out->name_string.count = p->count;
    return 1;
}

static kcred_status info_from_cred(const kcc_cred *c, k5_arena *a, k5_krb_cred_info *ci)
{
    k5_host_address *addrs = NULL;

    memset(ci, 0, sizeof(*ci));
    ci->key.present = 0x3;
    ci->key.keytype = c->enctype;
    ci->key.keyvalue.data = c->key.bytes;
    ci->key.keyvalue.len = c->key.length;
    K5_SET(ci, 0);
    ci->prealm.data = c->client.realm.bytes;
    ci->prealm.len = c->client.realm.length;
    K5_SET(ci, 1);
    if (!principal_to_k5(&c->client, a, &ci->pname))
        return KCRED_E_NO_MEMORY;
    K5_SET(ci, 2);
    ci->flags = c->ticket_flags;
    K5_SET(ci, 3);
    ci->authtime = c->authtime;
    K5_SET(ci, 4);
    if (c->starttime) {
        ci->starttime = c->starttime;
        K5_SET(ci, 5);
    }
    ci->endtime = c->endtime;
    K5_SET(ci, 6);
    if (c->renew_till) {
        ci->renew_till = c->renew_till;
        K5_SET(ci, 7);
    }
    ci->srealm.data = c->server.realm.bytes;
    ci->srealm.len = c->server.realm.length;
    K5_SET(ci, 8);
    if (!principal_to_k5(&c->server, a, &ci->sname))
        return KCRED_E_NO_MEMORY;
    K5_SET(ci, 9);
    if (c->address_count) {
        if (!(addrs = k5_arena_alloc(a, c->address_count * sizeof(*addrs))))
            return KCRED_E_NO_MEMORY;
        for (uint32_t i = 0; i < c->address_count; i++) {
            addrs[i].present = 0x3;
            addrs[i].addr_type = c->addresses[i].type;
            addrs[i].address.data = c->addresses[i].value.bytes;
            addrs[i].address.len = c->addresses[i].value.length;
        }
        ci->caddr.items = addrs;
        ci->caddr.count = c->address_count;
        K5_SET(ci, 10);
    }
    return KCRED_OK;
}

kcred_status kcred_build(const kcc_cred *creds, size_t count, uint8_t **der, size_t *len)
{
    k5_enc_krb_cred_part part;
    k5_krb_cred_info *infos;
    k5_ticket *tickets;
    k5_krb_cred cred;
    asn1_wbuf inner, outer;
    kcred_status s = KCRED_OK;
    k5_arena a;

    if (!der || !len)
        return KCRED_E_ARGUMENT;
    *der = NULL;
    *len = 0;
    if (!creds || !count || count > KCRED_MAX_TICKETS)
        return KCRED_E_ARGUMENT;
    k5_arena_init(&a);
    asn1_wbuf_init(&inner, KCRED_MAX_DER);
    asn1_wbuf_init(&outer, KCRED_MAX_DER);
    infos = k5_arena_alloc(&a, count * sizeof(*infos));
    tickets = k5_arena_alloc(&a, count * sizeof(*tickets));
    if (!infos || !tickets) {
        s = KCRED_E_NO_MEMORY;
        goto done;
    }
    for (size_t i = 0; i < count && s == KCRED_OK; i++) {
        if (k5_asn1_decode(&k5_Ticket, creds[i].ticket.bytes, creds[i].ticket.length, &a, &tickets[i]) != ASN1_OK)
            s = KCRED_E_ARGUMENT;
        else
            s = info_from_cred(&creds[i], &a, &infos[i]);
    }
    if (s != KCRED_OK)
        goto done;
    memset(&part, 0, sizeof(part));
    K5_SET(&part, 0);
    part.ticket_info.items = infos;
    part.ticket_info.count = count;
    if (k5_asn1_encode(&k5_EncKrbCredPart, &part, &inner) != ASN1_OK) {
        s = inner.error == ASN1_ERR_NO_MEMORY ? KCRED_E_NO_MEMORY : KCRED_E_ENCODE;
        goto done;
    }
    memset(&cred, 0, sizeof(cred));
    cred.present = 0xf;
    cred.pvno = KRB_CRED_PVNO;
    cred.msg_type = KRB_CRED_MSG_TYPE;
    cred.tickets.items = tickets;
    cred.tickets.count = count;
    cred.enc_part.present = 0x5; /* etype and cipher; no kvno */
    cred.enc_part.etype = 0;
    cred.enc_part.cipher.data = inner.data;
    cred.enc_part.cipher.len = inner.len;
    if (k5_asn1_encode(&k5_KRB_CRED, &cred, &outer) != ASN1_OK) {
        s = outer.error == ASN1_ERR_NO_MEMORY ? KCRED_E_NO_MEMORY : KCRED_E_ENCODE;
        goto done;
    }
    if (!(*der = malloc(outer.len ? outer.len : 1))) {
        s = KCRED_E_NO_MEMORY;
        goto done;
    }
    memcpy(*der, outer.data, outer.len);
    *len = outer.len;
done:
    asn1_wbuf_free(&inner);
    asn1_wbuf_free(&outer);
    k5_arena_free(&a);
    return s;
}

void kcred_free(uint8_t *der, size_t len)
{
    if (!der)
        return;
    asn1_wipe(der, len);
    free(der);
}

/* Parsing side. */
static int time_ok(int64_t t)
{
    return t >= 0 && t <= UINT32_MAX;
}

static kcred_status principal_from_k5(const k5_principal_name *n, const k5_octets *realm, kcc_principal *out)
{
    const k5_octets *names = n->name_string.items;

    memset(out, 0, sizeof(*out));
    if (n->name_string.count > KCC_MAX_COMPONENTS || realm->len > UINT32_MAX)
        return KCRED_E_MISSING;
    if (kcc_data_set(&out->realm, realm->data, realm->len) != KCC_OK)
        return KCRED_E_NO_MEMORY;
    out->name_type = (uint32_t)n->name_type;
    if (n->name_string.count && !(out->components = calloc(n->name_string.count, sizeof(*out->components)))) {
        kcc_principal_free(out);
        return KCRED_E_NO_MEMORY;
    }
    out->count = (uint32_t)n->name_string.count;
    for (size_t i = 0; i < n->name_string.count; i++) {
        if (names[i].len > UINT32_MAX || kcc_data_set(&out->components[i], names[i].data, names[i].len) != KCC_OK) {
            kcc_principal_free(out);
            return KCRED_E_NO_MEMORY;
        }
    }
    return KCRED_OK;
}

static kcred_status cred_from_info(const k5_krb_cred_info *ci, const k5_ticket *ticket, kcc_cred *c)
{
    const k5_host_address *addrs = ci->caddr.items;
    asn1_wbuf w;
    kcred_status s;

    memset(c, 0, sizeof(*c));
    /* The names say whose ticket this is; a KrbCredInfo without them cannot become a credential. */
    if (!K5_HAS(ci, 1) || !K5_HAS(ci, 2) || !K5_HAS(ci, 8) || !K5_HAS(ci, 9))
        return KCRED_E_MISSING;
    if (ci->key.keytype < 0 || ci->key.keytype > UINT16_MAX || ci->key.keyvalue.len > UINT32_MAX ||
        !time_ok(ci->authtime) || !time_ok(ci->starttime) || !time_ok(ci->endtime) || !time_ok(ci->renew_till) ||
        ci->caddr.count > KCC_MAX_LIST)
        return KCRED_E_MISSING;
    if ((s = principal_from_k5(&ci->pname, &ci->prealm, &c->client)) != KCRED_OK ||
        (s = principal_from_k5(&ci->sname, &ci->srealm, &c->server)) != KCRED_OK)
        goto fail;
    s = KCRED_E_NO_MEMORY;
    c->enctype = (uint16_t)ci->key.keytype;
    if (kcc_data_set(&c->key, ci->key.keyvalue.data, ci->key.keyvalue.len) != KCC_OK)
        goto fail;
    c->ticket_flags = ci->flags;
    c->authtime = (uint32_t)ci->authtime;
    c->starttime = (uint32_t)ci->starttime;
    c->endtime = (uint32_t)ci->endtime;
    c->renew_till = (uint32_t)ci->renew_till;
    if (ci->caddr.count) {
        if (!(c->addresses = calloc(ci->caddr.count, sizeof(*c->addresses))))
            goto fail;
        c->address_count = (uint32_t)ci->caddr.count;
        for (size_t i = 0; i < ci->caddr.count; i++) {
            if (addrs[i].addr_type < 0 || addrs[i].addr_type > UINT16_MAX || addrs[i].address.len > UINT32_MAX) {
                s = KCRED_E_MISSING;
                goto fail;
            }
            c->addresses[i].type = (uint16_t)addrs[i].addr_type;
            if (kcc_data_set(&c->addresses[i].value, addrs[i].address.data, addrs[i].address.len) != KCC_OK)
                goto fail;
        }
    }
    /* The ticket again as DER: the strict decoder accepted only DER, so this is the sender's exact bytes. */
    asn1_wbuf_init(&w, KCRED_MAX_DER);
    if (k5_asn1_encode(&k5_Ticket, ticket, &w) != ASN1_OK || w.len > UINT32_MAX ||
        kcc_data_set(&c->ticket, w.data, w.len) != KCC_OK) {
        s = w.error == ASN1_ERR_NO_MEMORY || w.error == ASN1_OK ? KCRED_E_NO_MEMORY : KCRED_E_DECODE;
        asn1_wbuf_free(&w);
        goto fail;
    }
    asn1_wbuf_free(&w);
    return KCRED_OK;
fail:
    kcc_cred_free(c);
    return s;
}

kcred_status kcred_parse(const uint8_t *der, size_t len, kcc_cache *cache)
{
    const k5_krb_cred_info *infos;
    const k5_ticket *tickets;
    k5_enc_krb_cred_part part;
    k5_krb_cred cred;
    kcc_cache parsed;
    kcred_status s = KCRED_OK;
    kcc_cred one;
    k5_arena a;
    size_t before, i;
    int was_new;

    if (!cache || (!der && len))
        return KCRED_E_ARGUMENT;
    memset(&parsed, 0, sizeof(parsed));
    k5_arena_init(&a);
    if (k5_asn1_decode(&k5_KRB_CRED, der, len, &a, &cred) != ASN1_OK) {
        s = KCRED_E_DECODE;
        goto done;
    }
    if (cred.pvno != KRB_CRED_PVNO || cred.msg_type != KRB_CRED_MSG_TYPE) {
        s = KCRED_E_VERSION;
        goto done;
    }
    if (cred.enc_part.etype != 0) {
        s = KCRED_E_ENCRYPTED;
        goto done;
    }
    if (k5_asn1_decode(&k5_EncKrbCredPart, cred.enc_part.cipher.data, cred.enc_part.cipher.len, &a, &part) !=
        ASN1_OK) {
        s = KCRED_E_DECODE;
        goto done;
    }
    if (part.ticket_info.count != cred.tickets.count || !cred.tickets.count ||
        cred.tickets.count > KCRED_MAX_TICKETS) {
        s = KCRED_E_MISMATCH;
        goto done;
    }
    infos = part.ticket_info.items;
    tickets = cred.tickets.items;
    for (i = 0; i < cred.tickets.count && s == KCRED_OK; i++) {
        if ((s = cred_from_info(&infos[i], &tickets[i], &one)) != KCRED_OK)
            break;
        if (kcc_add_cred(&parsed, &one) != KCC_OK)
            s = KCRED_E_NO_MEMORY;
        kcc_cred_free(&one);
    }
    if (s != KCRED_OK)
        goto done;
    /* Into the caller's cache, all or nothing. */
    before = cache->cred_count;
    was_new = !cache->version;
    if (was_new) {
        if (kcc_principal_copy(&cache->default_principal, &parsed.creds[0].client) != KCC_OK) {
            s = KCRED_E_NO_MEMORY;
            goto done;
        }
        cache->version = KCC_VERSION_4;
    }
    for (i = 0; i < parsed.cred_count && s == KCRED_OK; i++)
        if (kcc_add_cred(cache, &parsed.creds[i]) != KCC_OK)
            s = KCRED_E_NO_MEMORY;
    if (s != KCRED_OK) {
        while (cache->cred_count > before)
            kcc_cred_free(&cache->creds[--cache->cred_count]);
        if (was_new) {
            kcc_principal_free(&cache->default_principal);
            cache->version = 0;
        }
    }
done:
    kcc_cache_free(&parsed);
    k5_arena_free(&a);
    return s;
}
