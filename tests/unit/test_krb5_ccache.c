/* MIT FILE ccache reader/writer (src/krb5/ccache): a cache written by MIT's own kinit and kvno
 * (tests/data/krb5/real.ccache, made by make-ccache.sh; the expected values below are those of real.klist), its
 * byte-identical rewrite, every truncation, a table of malformed inputs each refused with its own code, bit flips,
 * version 3, and the editing helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kcc.h"
#include "krb5_test_data.h"

#ifndef LSAEMU_KRB5_DATA_DIR
#error LSAEMU_KRB5_DATA_DIR must name tests/data/krb5
#endif

static void assert_data(const kcc_data *d, const char *s)
{
    assert_int_equal(d->length, strlen(s));
    assert_memory_equal(d->bytes, s, d->length);
}

static void assert_principal(const kcc_principal *p, uint32_t name_type, const char *realm, uint32_t count,
                             const char *first, const char *second)
{
    assert_int_equal(p->name_type, name_type);
    assert_data(&p->realm, realm);
    assert_int_equal(p->count, count);
    if (count > 0)
        assert_data(&p->components[0], first);
    if (count > 1)
        assert_data(&p->components[1], second);
}

/* Ticket flags (RFC 4120 5.3, bit 0 the most significant): klist's F, R, I, T. */
#define TKT_FORWARDABLE 0x40000000u
#define TKT_RENEWABLE 0x00800000u
#define TKT_INITIAL 0x00400000u
#define TKT_TRANSITED_CHECKED 0x00080000u
#define TKT_ENC_PA_REP 0x00010000u
#define ENCTYPE_AES256_SHA1 18

static void test_real_file(void **state)
{
    size_t size;
    uint8_t *bytes = krb5_test_data_read("real.ccache", &size);
    kcc_cache c;
    int32_t sec, usec;

    (void)state;
    assert_int_equal(kcc_parse(bytes, size, &c), KCC_OK);
    assert_int_equal(c.version, KCC_VERSION_4);
    assert_int_equal(kcc_get_kdc_offset(&c, &sec, &usec), KCC_OK);
    assert_int_equal(sec, 0);
    assert_int_equal(usec, 0);
    /* Default principal: alice@LSAEMU.TEST (KRB5_NT_PRINCIPAL). */
    assert_principal(&c.default_principal, 1, "LSAEMU.TEST", 1, "alice", NULL);
    assert_int_equal(c.cred_count, 3);

    /* kinit's fast_avail configuration entry, about the TGS. */
    assert_true(kcc_is_config(&c.creds[0]));
    assert_principal(&c.creds[0].server, 1, KCC_CONF_REALM, 3, KCC_CONF_NAME, "fast_avail");
    assert_data(&c.creds[0].server.components[2], "krbtgt/LSAEMU.TEST@LSAEMU.TEST");
    assert_data(&c.creds[0].ticket, "yes");
    assert_int_equal(c.creds[0].endtime, 0);
    kcc_principal tgs;
    const char *tgs_names[] = {"krbtgt", "LSAEMU.TEST"};
    const kcc_data *value;
    assert_int_equal(kcc_principal_set(&tgs, 2, "LSAEMU.TEST", 2, tgs_names), KCC_OK);
    assert_int_equal(kcc_get_config(&c, "fast_avail", &tgs, &value), KCC_OK);
    assert_data(value, "yes");
    assert_int_equal(kcc_get_config(&c, "pa_type", &tgs, &value), KCC_E_NOT_FOUND);
    assert_null(value);

    /* Listing skips the configuration entry: the TGT, then the service ticket, as klist shows them. */
    size_t i = 0;
    assert_int_equal(kcc_next_listed(&c, &i), KCC_OK);
    assert_int_equal(i, 1);
    const kcc_cred *tgt = &c.creds[1];
    assert_principal(&tgt->client, 1, "LSAEMU.TEST", 1, "alice", NULL);
    assert_principal(&tgt->server, 2, "LSAEMU.TEST", 2, "krbtgt", "LSAEMU.TEST");
    assert_int_equal(tgt->enctype, ENCTYPE_AES256_SHA1);
    assert_int_equal(tgt->key.length, 32);
    /* 12/04/26 16:04:49, expires 12/05/26 16:04:49, renew until 12/06/26 16:04:49 (UTC). */
    assert_int_equal(tgt->authtime, 1796400289u);
    assert_int_equal(tgt->starttime, 1796400289u);
    assert_int_equal(tgt->endtime, 1796486689u);
    assert_int_equal(tgt->renew_till, 1796573089u);
    assert_int_equal(tgt->is_skey, 0);
    /* Flags: FRI */
    assert_int_equal(tgt->ticket_flags, TKT_FORWARDABLE | TKT_RENEWABLE | TKT_INITIAL | TKT_ENC_PA_REP);
    assert_int_equal(tgt->address_count, 0);
    assert_int_equal(tgt->authdata_count, 0);
    assert_int_equal(tgt->ticket.length, 0x1ac);
    assert_int_equal(tgt->ticket.bytes[0], 0x61); /* [APPLICATION 1] Ticket */
    assert_int_equal(tgt->second_ticket.length, 0);

    i++;
    assert_int_equal(kcc_next_listed(&c, &i), KCC_OK);
    assert_int_equal(i, 2);
    const kcc_cred *svc = &c.creds[2];
    assert_principal(&svc->server, 1, "LSAEMU.TEST", 2, "host", "svc.lsaemu.test");
    assert_int_equal(svc->enctype, ENCTYPE_AES256_SHA1);
    assert_int_equal(svc->key.length, 32);
    assert_int_equal(svc->authtime, 1796400289u);
    assert_int_equal(svc->endtime, 1796486689u);
    /* renew until 12/04/26 16:04:49: kvno did not ask for a renewable ticket's whole life. */
    assert_int_equal(svc->renew_till, 1796400289u);
    /* Flags: FRT */
    assert_int_equal(svc->ticket_flags, TKT_FORWARDABLE | TKT_RENEWABLE | TKT_TRANSITED_CHECKED | TKT_ENC_PA_REP);
    assert_int_equal(svc->ticket.bytes[0], 0x61);
    i++;
    assert_int_equal(kcc_next_listed(&c, &i), KCC_E_NOT_FOUND);

    size_t found = 0;
    assert_int_equal(kcc_find_by_server(&c, &svc->server, &found), KCC_OK);
    assert_int_equal(found, 2);
    found = 0;
    assert_int_equal(kcc_find_by_server(&c, &tgs, &found), KCC_OK);
    assert_int_equal(found, 1);

    kcc_principal_free(&tgs);
    kcc_cache_free(&c);
    free(bytes);
}

static uint8_t *serialize(const kcc_cache *c, size_t *n)
{
    size_t need = 0;
    uint8_t *out;

    assert_int_equal(kcc_serialized_size(c, &need), KCC_OK);
    out = malloc(need ? need : 1);
    assert_non_null(out);
    if (need)
        assert_int_equal(kcc_serialize(c, out, need - 1, n), KCC_E_BUFFER);
    assert_int_equal(kcc_serialize(c, out, need, n), KCC_OK);
    assert_int_equal(*n, need);
    return out;
}

static void test_real_file_rewrites_identically(void **state)
{
    size_t size, n;
    uint8_t *bytes = krb5_test_data_read("real.ccache", &size);
    kcc_cache c;

    (void)state;
    assert_int_equal(kcc_parse(bytes, size, &c), KCC_OK);
    uint8_t *again = serialize(&c, &n);
    assert_int_equal(n, size);
    assert_memory_equal(again, bytes, size);
    free(again);
    kcc_cache_free(&c);
    free(bytes);
}

/* Credentials run to the end of the file, so a cut exactly between two of them is a valid, shorter cache; every
 * other cut must be refused. */
static void test_every_truncation(void **state)
{
    size_t size;
    uint8_t *bytes = krb5_test_data_read("real.ccache", &size);
    kcc_cache full, c;
    size_t boundaries[8], nb = 0;

    (void)state;
    assert_int_equal(kcc_parse(bytes, size, &full), KCC_OK);
    size_t creds = full.cred_count;
    for (size_t k = 0; k <= creds; k++) {
        full.cred_count = k;
        assert_int_equal(kcc_serialized_size(&full, &boundaries[nb++]), KCC_OK);
    }
    full.cred_count = creds;
    kcc_cache_free(&full);
    for (size_t cut = 0; cut < size; cut++) {
        kcc_status s = kcc_parse(bytes, cut, &c);
        size_t k;
        for (k = 0; k < nb && boundaries[k] != cut; k++)
            ;
        if (k < nb) {
            assert_int_equal(s, KCC_OK);
            assert_int_equal(c.cred_count, k);
            kcc_cache_free(&c);
        } else {
            assert_true(s == KCC_E_TRUNCATED || s == KCC_E_COUNT || s == KCC_E_HEADER);
            assert_int_equal(c.cred_count, 0);
            assert_null(c.creds);
        }
    }
    free(bytes);
}

/* Whatever survives a flipped bit must be canonical: it rewrites to exactly the bytes it came from. */
static void test_bit_flips(void **state)
{
    size_t size;
    uint8_t *bytes = krb5_test_data_read("real.ccache", &size);
    kcc_cache c;

    (void)state;
    for (size_t at = 0; at < size; at++) {
        for (int bit = 0; bit < 8; bit++) {
            bytes[at] ^= (uint8_t)(1u << bit);
            if (kcc_parse(bytes, size, &c) == KCC_OK) {
                size_t n;
                uint8_t *again = serialize(&c, &n);
                assert_int_equal(n, size);
                assert_memory_equal(again, bytes, size);
                free(again);
                kcc_cache_free(&c);
            }
            bytes[at] ^= (uint8_t)(1u << bit);
        }
    }
    free(bytes);
}

static void build_sample(kcc_cache *c, uint16_t version)
{
    const char *alice[] = {"alice"};
    const char *tgs[] = {"krbtgt", "EXAMPLE.ORG"};
    const char *http[] = {"HTTP", "www.example.org"};
    static const uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const uint8_t addr[4] = {127, 0, 0, 1};
    static const uint8_t ticket[] = {0x61, 0x03, 0x30, 0x01, 0x00};
    kcc_typed_data address = {2, {(uint8_t *)addr, sizeof(addr)}};
    kcc_typed_data authdata = {1, {(uint8_t *)ticket, 2}};
    kcc_cred cred;

    memset(c, 0, sizeof(*c));
    c->version = version;
    assert_int_equal(kcc_principal_set(&c->default_principal, 1, "EXAMPLE.ORG", 1, alice), KCC_OK);
    if (version == KCC_VERSION_4)
        assert_int_equal(kcc_set_kdc_offset(c, -5, 250000), KCC_OK);
    memset(&cred, 0, sizeof(cred));
    cred.client = c->default_principal;
    assert_int_equal(kcc_principal_set(&cred.server, 2, "EXAMPLE.ORG", 2, tgs), KCC_OK);
    cred.enctype = 17;
    cred.key = (kcc_data){(uint8_t *)key, sizeof(key)};
    cred.authtime = cred.starttime = 1700000000;
    cred.endtime = 1700036000;
    cred.renew_till = 1700600000;
    cred.ticket_flags = TKT_FORWARDABLE | TKT_RENEWABLE | TKT_INITIAL;
    cred.address_count = 1;
    cred.addresses = &address;
    cred.authdata_count = 1;
    cred.authdata = &authdata;
    cred.ticket = (kcc_data){(uint8_t *)ticket, sizeof(ticket)};
    assert_int_equal(kcc_add_cred(c, &cred), KCC_OK);
    kcc_principal_free(&cred.server);
    assert_int_equal(kcc_principal_set(&cred.server, 2, "EXAMPLE.ORG", 2, http), KCC_OK);
    cred.address_count = cred.authdata_count = 0;
    cred.ticket_flags = TKT_FORWARDABLE;
    cred.is_skey = 1;
    cred.second_ticket = cred.ticket;
    assert_int_equal(kcc_add_cred(c, &cred), KCC_OK);
    kcc_principal_free(&cred.server);
}

static void assert_same_bytes_after_round_trip(const kcc_cache *c, uint8_t **out, size_t *n)
{
    kcc_cache back;
    size_t m;

    *out = serialize(c, n);
    assert_int_equal(kcc_parse(*out, *n, &back), KCC_OK);
    uint8_t *again = serialize(&back, &m);
    assert_int_equal(m, *n);
    assert_memory_equal(again, *out, m);
    free(again);
    kcc_cache_free(&back);
}

static void test_version3(void **state)
{
    kcc_cache c, back;
    uint8_t *out;
    size_t n;
    int32_t sec, usec;

    (void)state;
    build_sample(&c, KCC_VERSION_3);
    assert_int_equal(kcc_set_kdc_offset(&c, 1, 2), KCC_E_VERSION);
    assert_same_bytes_after_round_trip(&c, &out, &n);
    /* No header: the default principal's name type follows the version at once. */
    static const uint8_t start[] = {5, 3, 0, 0, 0, 1, 0, 0, 0, 1};
    assert_memory_equal(out, start, sizeof(start));
    assert_int_equal(kcc_parse(out, n, &back), KCC_OK);
    assert_int_equal(kcc_get_kdc_offset(&back, &sec, &usec), KCC_E_NOT_FOUND);
    assert_int_equal(back.cred_count, 2);
    assert_int_equal(back.creds[0].enctype, 17);
    assert_int_equal(back.creds[0].address_count, 1);
    assert_int_equal(back.creds[1].is_skey, 1);
    assert_int_equal(back.creds[1].second_ticket.length, 5);
    /* The enctype is written twice in version 3; copies that differ are refused. */
    size_t at = 2 + 4 + 4 + 4 + 11 + 4 + 5;        /* past the default principal */
    at += 4 + 4 + 4 + 11 + 4 + 5;                  /* client */
    at += 4 + 4 + 4 + 11 + 4 + 6 + 4 + 11;         /* server */
    assert_int_equal(out[at + 1], 17);
    assert_int_equal(out[at + 3], 17);
    out[at + 3] = 18;
    kcc_cache_free(&back);
    assert_int_equal(kcc_parse(out, n, &back), KCC_E_KEYBLOCK);
    free(out);
    kcc_cache_free(&c);
}

static void test_version4_header(void **state)
{
    kcc_cache c, back;
    uint8_t *out;
    size_t n;
    int32_t sec, usec;

    (void)state;
    build_sample(&c, KCC_VERSION_4);
    assert_same_bytes_after_round_trip(&c, &out, &n);
    static const uint8_t start[] = {5, 4, 0, 12, 0, 1, 0, 8, 0xff, 0xff, 0xff, 0xfb, 0, 0x03, 0xd0, 0x90};
    assert_memory_equal(out, start, sizeof(start));
    assert_int_equal(kcc_parse(out, n, &back), KCC_OK);
    assert_int_equal(kcc_get_kdc_offset(&back, &sec, &usec), KCC_OK);
    assert_int_equal(sec, -5);
    assert_int_equal(usec, 250000);
    kcc_cache_free(&back);
    free(out);
    kcc_cache_free(&c);
}

typedef struct {
    const char *what;
    size_t at;          /* offset in the version-4 sample */
    uint8_t bytes[4];   /* written there */
    size_t count;
    kcc_status expect;
} malformed;

/* Offsets into build_sample(4)'s serialisation: header at 2, default principal at 16, first credential at 48. */
static const malformed table[] = {
    {"version 0x0502", 1, {2}, 1, KCC_E_VERSION},
    {"version 0x0604", 0, {6}, 1, KCC_E_VERSION},
    {"header longer than the file", 2, {0xff, 0xff}, 2, KCC_E_TRUNCATED},
    {"header field overruns the header", 6, {0, 9}, 2, KCC_E_HEADER},
    {"header field length cut short", 2, {0, 2}, 2, KCC_E_HEADER},
    {"KDC offset field of 4 bytes", 7, {4}, 1, KCC_E_HEADER},
    {"component count over the limit", 20, {0, 0, 0, KCC_MAX_COMPONENTS + 1}, 4, KCC_E_COUNT},
    {"realm length past the end", 24, {0x7f, 0xff, 0xff, 0xff}, 4, KCC_E_TRUNCATED},
    {"realm length 2^32-1", 24, {0xff, 0xff, 0xff, 0xff}, 4, KCC_E_TRUNCATED},
    {"component length past the end", 39, {0x10, 0, 0, 0}, 4, KCC_E_TRUNCATED},
};

static void test_malformed_table(void **state)
{
    kcc_cache c, bad;
    uint8_t *out;
    size_t n;

    (void)state;
    build_sample(&c, KCC_VERSION_4);
    out = serialize(&c, &n);
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        uint8_t *copy = malloc(n);
        assert_non_null(copy);
        memcpy(copy, out, n);
        memcpy(copy + table[i].at, table[i].bytes, table[i].count);
        kcc_status s = kcc_parse(copy, n, &bad);
        if (s != table[i].expect)
            fail_msg("%s: status %d, expected %d", table[i].what, s, table[i].expect);
        assert_int_equal(bad.cred_count, 0);
        free(copy);
    }
    /* Fields past the first credential's principals (client 32 bytes, server 48), found from its known layout. */
    size_t keyblock = 48 + 32 + 48, skey = keyblock + 2 + 4 + 16 + 16, flags = skey + 1;
    struct {
        size_t at;
        uint8_t value[4];
        size_t count;
        kcc_status expect;
    } later[] = {
        {keyblock + 2, {0xff, 0xff, 0xff, 0}, 4, KCC_E_TRUNCATED}, /* key longer than the file */
        {skey, {2}, 1, KCC_E_BAD_FIELD},                           /* is_skey 2 */
        {flags + 4, {0, 0, 0x10, 0}, 4, KCC_E_COUNT},              /* 4096 addresses: over the limit */
        {flags + 4, {0, 0, 0x03, 0xe8}, 4, KCC_E_COUNT},           /* 1000: more than the bytes left could hold */
    };
    assert_int_equal(out[keyblock + 1], 17);
    assert_int_equal(out[skey], 0);
    assert_int_equal(out[flags], 0x40);
    for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++) {
        uint8_t *copy = malloc(n);
        assert_non_null(copy);
        memcpy(copy, out, n);
        memcpy(copy + later[i].at, later[i].value, later[i].count);
        kcc_status s = kcc_parse(copy, n, &bad);
        if (s == KCC_OK)
            kcc_cache_free(&bad);
        if (s != later[i].expect)
            fail_msg("later[%zu]: status %d, expected %d", i, s, later[i].expect);
        free(copy);
    }
    /* A serialised cache must be one the parser accepts: is_skey 2 and a bad version are refused on the way out. */
    c.creds[0].is_skey = 2;
    assert_int_equal(kcc_serialized_size(&c, &n), KCC_E_BAD_FIELD);
    c.creds[0].is_skey = 0;
    c.version = 0x0502;
    assert_int_equal(kcc_serialized_size(&c, &n), KCC_E_VERSION);
    c.version = KCC_VERSION_4;
    assert_int_equal(kcc_parse(NULL, 0, &bad), KCC_E_TRUNCATED);
    assert_int_equal(kcc_parse(NULL, 3, &bad), KCC_E_ARGUMENT);
    free(out);
    kcc_cache_free(&c);
}

static void test_edit(void **state)
{
    kcc_cache c;
    const char *http[] = {"HTTP", "www.example.org"};
    const char *tgs[] = {"krbtgt", "EXAMPLE.ORG"};
    kcc_principal web, krbtgt;
    const kcc_data *value;
    size_t i, removed;

    (void)state;
    build_sample(&c, KCC_VERSION_4);
    assert_int_equal(kcc_principal_set(&web, 1, "EXAMPLE.ORG", 2, http), KCC_OK);
    assert_int_equal(kcc_principal_set(&krbtgt, 2, "EXAMPLE.ORG", 2, tgs), KCC_OK);

    assert_int_equal(kcc_set_config(&c, "pa_type", &krbtgt, "2", 1), KCC_OK);
    assert_int_equal(kcc_set_config(&c, "fast_avail", NULL, "yes", 3), KCC_OK);
    assert_int_equal(c.cred_count, 4);
    /* Setting again replaces. */
    assert_int_equal(kcc_set_config(&c, "pa_type", &krbtgt, "138", 3), KCC_OK);
    assert_int_equal(c.cred_count, 4);
    assert_int_equal(kcc_get_config(&c, "pa_type", &krbtgt, &value), KCC_OK);
    assert_data(value, "138");
    assert_int_equal(kcc_get_config(&c, "pa_type", NULL, &value), KCC_E_NOT_FOUND);
    assert_int_equal(kcc_get_config(&c, "fast_avail", NULL, &value), KCC_OK);
    assert_data(value, "yes");
    assert_data(&c.creds[2].server.components[2], "krbtgt/EXAMPLE.ORG@EXAMPLE.ORG");
    assert_principal(&c.creds[2].client, 1, "EXAMPLE.ORG", 1, "alice", NULL);
    assert_int_equal(c.creds[2].endtime, 0);

    /* Listing: the two tickets, then nothing. */
    i = 0;
    assert_int_equal(kcc_next_listed(&c, &i), KCC_OK);
    assert_int_equal(i, 0);
    i = 2;
    assert_int_equal(kcc_next_listed(&c, &i), KCC_E_NOT_FOUND);

    /* A second HTTP ticket: find walks on from an index. */
    kcc_cred copy = c.creds[1];
    copy.endtime = 1800000000;
    assert_int_equal(kcc_add_cred(&c, &copy), KCC_OK);
    i = 0;
    assert_int_equal(kcc_find_by_server(&c, &web, &i), KCC_OK);
    assert_int_equal(i, 1);
    i++;
    assert_int_equal(kcc_find_by_server(&c, &web, &i), KCC_OK);
    assert_int_equal(i, 4);
    assert_int_equal(c.creds[4].endtime, 1800000000);
    i++;
    assert_int_equal(kcc_find_by_server(&c, &web, &i), KCC_E_NOT_FOUND);

    assert_int_equal(kcc_remove_server(&c, &web, &removed), KCC_OK);
    assert_int_equal(removed, 2);
    assert_int_equal(c.cred_count, 3);
    i = 0;
    assert_int_equal(kcc_find_by_server(&c, &web, &i), KCC_E_NOT_FOUND);

    /* Purging a realm keeps the configuration entries. */
    assert_int_equal(kcc_purge_realm(&c, "OTHER.ORG", &removed), KCC_OK);
    assert_int_equal(removed, 0);
    assert_int_equal(kcc_purge_realm(&c, "EXAMPLE.ORG", &removed), KCC_OK);
    assert_int_equal(removed, 1);
    assert_int_equal(c.cred_count, 2);
    assert_true(kcc_is_config(&c.creds[0]) && kcc_is_config(&c.creds[1]));
    assert_int_equal(kcc_get_config(&c, "pa_type", &krbtgt, &value), KCC_OK);

    uint8_t *out;
    size_t n;
    assert_same_bytes_after_round_trip(&c, &out, &n);
    free(out);

    assert_int_equal(kcc_add_cred(&c, &(kcc_cred){.is_skey = 3}), KCC_E_BAD_FIELD);
    kcc_principal_free(&web);
    kcc_principal_free(&krbtgt);
    kcc_cache_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_file),
        cmocka_unit_test(test_real_file_rewrites_identically),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_bit_flips),
        cmocka_unit_test(test_version3),
        cmocka_unit_test(test_version4_header),
        cmocka_unit_test(test_malformed_table),
        cmocka_unit_test(test_edit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
