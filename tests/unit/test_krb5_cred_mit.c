/* MIT's libkrb5 as the judge of src/krb5/cred: krb5_rd_cred reads the KRB-CRED we build from real.ccache's
 * credentials (the unencrypted form, RFC 6448) into the same tickets, keys, names, times and flags; and what MIT's
 * krb5_mk_ncred makes without a key parses with kcred_parse into the same credentials. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <krb5.h>

#include "kcc.h"
#include "kcred.h"
#include "krb5_real_ccache.h"


static krb5_context ctx;
static kcc_cache real;
static kcc_cred listed[2];

static int setup(void **state)
{
    (void)state;
    krb5_real_ccache_load(&real, listed);
    assert_int_equal(krb5_init_context(&ctx), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    krb5_free_context(ctx);
    kcc_cache_free(&real);
    return 0;
}

/* "a/b@R" of a kcc principal, as krb5_unparse_name writes it (no escapes needed for these names). */
static void kcc_name(const kcc_principal *p, char *out, size_t cap)
{
    size_t used = 0;

    for (uint32_t i = 0; i < p->count; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s%.*s", i ? "/" : "", (int)p->components[i].length,
                                 (const char *)p->components[i].bytes);
    snprintf(out + used, cap - used, "@%.*s", (int)p->realm.length, (const char *)p->realm.bytes);
}

static void assert_same(krb5_creds *m, const kcc_cred *k)
{
    char *name = NULL, want[512];

    assert_int_equal(krb5_unparse_name(ctx, m->client, &name), 0);
    kcc_name(&k->client, want, sizeof(want));
    assert_string_equal(name, want);
    krb5_free_unparsed_name(ctx, name);
    assert_int_equal(krb5_unparse_name(ctx, m->server, &name), 0);
    kcc_name(&k->server, want, sizeof(want));
    assert_string_equal(name, want);
    krb5_free_unparsed_name(ctx, name);
    assert_int_equal(m->keyblock.enctype, k->enctype);
    assert_int_equal(m->keyblock.length, k->key.length);
    assert_memory_equal(m->keyblock.contents, k->key.bytes, k->key.length);
    assert_int_equal((uint32_t)m->times.authtime, k->authtime);
    assert_int_equal((uint32_t)m->times.starttime, k->starttime);
    assert_int_equal((uint32_t)m->times.endtime, k->endtime);
    assert_int_equal((uint32_t)m->times.renew_till, k->renew_till);
    assert_int_equal(m->ticket_flags, k->ticket_flags);
    assert_int_equal(m->ticket.length, k->ticket.length);
    assert_memory_equal(m->ticket.data, k->ticket.bytes, k->ticket.length);
}

static void test_mit_reads_ours(void **state)
{
    krb5_auth_context ac;
    krb5_creds **creds = NULL;
    krb5_data data;
    uint8_t *der;
    size_t len;

    (void)state;
    assert_int_equal(kcred_build(listed, 2, &der, &len), KCRED_OK);
    assert_int_equal(krb5_auth_con_init(ctx, &ac), 0);
    /* No replay cache or timestamp check: the unencrypted part carries neither, as Windows' does not. */
    assert_int_equal(krb5_auth_con_setflags(ctx, ac, 0), 0);
    data.magic = KV5M_DATA;
    data.data = (char *)der;
    data.length = (unsigned int)len;
    assert_int_equal(krb5_rd_cred(ctx, ac, &data, &creds, NULL), 0);
    assert_non_null(creds);
    assert_non_null(creds[0]);
    assert_non_null(creds[1]);
    assert_null(creds[2]);
    assert_same(creds[0], &listed[0]);
    assert_same(creds[1], &listed[1]);
    krb5_free_tgt_creds(ctx, creds);
    krb5_auth_con_free(ctx, ac);
    kcred_free(der, len);
}

/* MIT's principal and creds for a kcc credential (the fields krb5_mk_ncred reads). */
static void to_mit(const kcc_cred *k, krb5_creds *m)
{
    char name[512];

    memset(m, 0, sizeof(*m));
    kcc_name(&k->client, name, sizeof(name));
    assert_int_equal(krb5_parse_name(ctx, name, &m->client), 0);
    kcc_name(&k->server, name, sizeof(name));
    assert_int_equal(krb5_parse_name(ctx, name, &m->server), 0);
    m->keyblock.magic = KV5M_KEYBLOCK;
    m->keyblock.enctype = k->enctype;
    m->keyblock.length = k->key.length;
    m->keyblock.contents = malloc(k->key.length);
    memcpy(m->keyblock.contents, k->key.bytes, k->key.length);
    m->times.authtime = (krb5_timestamp)k->authtime;
    m->times.starttime = (krb5_timestamp)k->starttime;
    m->times.endtime = (krb5_timestamp)k->endtime;
    m->times.renew_till = (krb5_timestamp)k->renew_till;
    m->ticket_flags = k->ticket_flags;
    m->ticket.magic = KV5M_DATA;
    m->ticket.length = k->ticket.length;
    m->ticket.data = malloc(k->ticket.length);
    memcpy(m->ticket.data, k->ticket.bytes, k->ticket.length);
}

static void test_we_read_mits(void **state)
{
    krb5_creds mit[2], *list[3] = {&mit[0], &mit[1], NULL};
    krb5_auth_context ac;
    krb5_data *out = NULL;
    kcc_cache back;

    (void)state;
    to_mit(&listed[0], &mit[0]);
    to_mit(&listed[1], &mit[1]);
    assert_int_equal(krb5_auth_con_init(ctx, &ac), 0);
    assert_int_equal(krb5_auth_con_setflags(ctx, ac, 0), 0);
    assert_int_equal(krb5_mk_ncred(ctx, ac, list, &out, NULL), 0);
    memset(&back, 0, sizeof(back));
    assert_int_equal(kcred_parse((const uint8_t *)out->data, out->length, &back), KCRED_OK);
    assert_int_equal(back.cred_count, 2);
    for (int i = 0; i < 2; i++) {
        assert_true(kcc_principal_equal(&back.creds[i].client, &listed[i].client));
        assert_true(kcc_principal_equal(&back.creds[i].server, &listed[i].server));
        assert_int_equal(back.creds[i].key.length, listed[i].key.length);
        assert_memory_equal(back.creds[i].key.bytes, listed[i].key.bytes, listed[i].key.length);
        assert_int_equal(back.creds[i].ticket.length, listed[i].ticket.length);
        assert_memory_equal(back.creds[i].ticket.bytes, listed[i].ticket.bytes, listed[i].ticket.length);
        assert_int_equal(back.creds[i].endtime, listed[i].endtime);
        assert_int_equal(back.creds[i].ticket_flags, listed[i].ticket_flags);
    }
    kcc_cache_free(&back);
    krb5_free_data(ctx, out);
    krb5_free_cred_contents(ctx, &mit[0]);
    krb5_free_cred_contents(ctx, &mit[1]);
    krb5_auth_con_free(ctx, ac);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mit_reads_ours),
        cmocka_unit_test(test_we_read_mits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
