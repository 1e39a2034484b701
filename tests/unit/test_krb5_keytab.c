/* MIT FILE keytab reader (src/krb5/keytab): a keytab written by MIT's ktutil (tests/data/krb5/real.keytab, made by
 * make-keytab.sh; the expected values below are those of real.keytab.klist), every truncation, holes, the 32-bit
 * kvno, a zero size ending the file, version 1 (little-endian, realm counted among the components), bad versions and
 * records whose fields run past their size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kkt.h"
#include "krb5_test_data.h"

/* real.keytab: the records' offsets (each at its 32-bit size) and the timestamp ktutil wrote. */
static const size_t record_at[] = {2, 2 + 4 + 0x56, 2 + 4 + 0x56 + 4 + 0x46, 2 + 4 + 0x56 + 4 + 0x46 + 4 + 0x46};
#define REAL_RECORDS 4
#define REAL_SIZE (2 + 4 + 0x56 + 4 + 0x46 + 4 + 0x46 + 4 + 0x47)
#define REAL_TIMESTAMP 0x6b131b3bu /* 12/04/26 19:57:47 UTC */

static const uint8_t aes256_key[32] = {0x08, 0xf9, 0x73, 0xfb, 0x04, 0x6c, 0x8c, 0x5d, 0x0f, 0x8f, 0x7a,
                                       0xfb, 0xf2, 0x9d, 0x8d, 0x54, 0x07, 0x85, 0x97, 0xd7, 0xe3, 0x49,
                                       0x8e, 0x31, 0xc4, 0xa9, 0x4f, 0x00, 0x24, 0x1d, 0x71, 0x89};
static const uint8_t rc4_key[16] = {0x53, 0x8e, 0x46, 0xa3, 0x38, 0x1e, 0x38, 0xdb,
                                    0xaa, 0x9d, 0xfd, 0x08, 0x35, 0x7b, 0xbe, 0xcb};

static void assert_data(const kcc_data *d, const char *s)
{
    assert_int_equal(d->length, strlen(s));
    assert_memory_equal(d->bytes, s, d->length);
}

static void assert_host_ws(const kcc_principal *p)
{
    assert_int_equal(p->name_type, 1); /* KRB5_NT_PRINCIPAL, as ktutil writes it */
    assert_data(&p->realm, "LSAEMU.TEST");
    assert_int_equal(p->count, 2);
    assert_data(&p->components[0], "host");
    assert_data(&p->components[1], "ws.lsaemu.test");
}

static uint8_t *real(size_t *size)
{
    uint8_t *bytes = krb5_test_data_read("real.keytab", size);

    assert_int_equal(*size, REAL_SIZE);
    return bytes;
}

static void put_be32(uint8_t *at, uint32_t v)
{
    at[0] = (uint8_t)(v >> 24);
    at[1] = (uint8_t)(v >> 16);
    at[2] = (uint8_t)(v >> 8);
    at[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *at)
{
    return (uint32_t)at[0] << 24 | (uint32_t)at[1] << 16 | (uint32_t)at[2] << 8 | at[3];
}

static void test_real_file(void **state)
{
    size_t size;
    uint8_t *bytes = real(&size);
    kkt_keytab kt;

    (void)state;
    assert_int_equal(kkt_parse(bytes, size, &kt), KKT_OK);
    assert_int_equal(kt.version, KKT_VERSION_2);
    assert_int_equal(kt.count, 4);
    for (size_t i = 0; i < 3; i++) {
        assert_host_ws(&kt.entries[i].principal);
        assert_int_equal(kt.entries[i].timestamp, REAL_TIMESTAMP);
    }
    assert_int_equal(kt.entries[0].kvno, 3);
    assert_int_equal(kt.entries[0].enctype, 18);
    assert_int_equal(kt.entries[0].key.length, sizeof(aes256_key));
    assert_memory_equal(kt.entries[0].key.bytes, aes256_key, sizeof(aes256_key));
    assert_int_equal(kt.entries[1].kvno, 3);
    assert_int_equal(kt.entries[1].enctype, 23);
    assert_memory_equal(kt.entries[1].key.bytes, rc4_key, sizeof(rc4_key));
    /* kvno 300: the 8-bit field holds 44, the trailing 32-bit one 300 and wins. */
    assert_int_equal(bytes[record_at[3] - 4 - 2 - 16 - 2 - 1], 44);
    assert_int_equal(kt.entries[2].kvno, 300);
    assert_int_equal(kt.entries[2].enctype, 17);
    assert_int_equal(kt.entries[2].key.length, 16);
    assert_int_equal(kt.entries[3].principal.count, 1);
    assert_data(&kt.entries[3].principal.components[0], "alice");
    assert_int_equal(kt.entries[3].kvno, 1);
    assert_int_equal(kt.entries[3].enctype, 20);
    assert_int_equal(kt.entries[3].key.length, 32);
    kkt_free(&kt);
    assert_null(kt.entries);
    assert_int_equal(kt.count, 0);
    free(bytes);
}

/* Cut anywhere: at a record boundary the records before it are the keytab; anywhere else the file is refused. */
static void test_every_truncation(void **state)
{
    size_t size;
    uint8_t *bytes = real(&size);

    (void)state;
    for (size_t n = 0; n < size; n++) {
        kkt_keytab kt;
        size_t whole = 0;
        int boundary = 0;
        kkt_status s = kkt_parse(bytes, n, &kt);

        for (size_t i = 0; i < REAL_RECORDS; i++)
            if (record_at[i] == n) {
                boundary = 1;
                whole = i;
            }
        if (boundary) {
            assert_int_equal(s, KKT_OK);
            assert_int_equal(kt.count, whole);
        } else {
            assert_int_not_equal(s, KKT_OK);
            assert_int_equal(kt.count, 0);
            assert_null(kt.entries);
        }
        kkt_free(&kt);
    }
    free(bytes);
}

static void test_holes(void **state)
{
    size_t size;
    uint8_t *bytes = real(&size);
    kkt_keytab kt;

    (void)state;
    /* The rc4 record deleted as MIT's ktremove does: its size negated, its bytes left. */
    put_be32(bytes + record_at[1], (uint32_t)-(int32_t)get_be32(bytes + record_at[1]));
    assert_int_equal(kkt_parse(bytes, size, &kt), KKT_OK);
    assert_int_equal(kt.count, 3);
    assert_int_equal(kt.entries[0].enctype, 18);
    assert_int_equal(kt.entries[1].enctype, 17);
    assert_int_equal(kt.entries[2].enctype, 20);
    kkt_free(&kt);
    /* The last record a hole too: the file ends in it. */
    put_be32(bytes + record_at[3], (uint32_t)-(int32_t)get_be32(bytes + record_at[3]));
    assert_int_equal(kkt_parse(bytes, size, &kt), KKT_OK);
    assert_int_equal(kt.count, 2);
    kkt_free(&kt);
    /* A hole running past the end, and the one size that cannot be negated. */
    assert_int_equal(kkt_parse(bytes, size - 1, &kt), KKT_E_TRUNCATED);
    assert_null(kt.entries);
    put_be32(bytes + record_at[3], 0x80000000u);
    assert_int_equal(kkt_parse(bytes, size, &kt), KKT_E_RECORD);
    assert_null(kt.entries);
    free(bytes);
}

static void test_zero_size_ends(void **state)
{
    size_t size;
    uint8_t *bytes = real(&size);
    uint8_t *longer = calloc(1, size + 12);
    kkt_keytab kt;

    (void)state;
    assert_non_null(longer);
    memcpy(longer, bytes, size);
    memset(longer + size + 4, 0xff, 8); /* whatever follows a zero size is not read */
    assert_int_equal(kkt_parse(longer, size + 12, &kt), KKT_OK);
    assert_int_equal(kt.count, 4);
    kkt_free(&kt);
    /* A zero size in the middle ends the file there. */
    put_be32(longer + record_at[2], 0);
    assert_int_equal(kkt_parse(longer, size + 12, &kt), KKT_OK);
    assert_int_equal(kt.count, 2);
    kkt_free(&kt);
    free(longer);
    free(bytes);
}

static void test_kvno32(void **state)
{
    size_t size;
    uint8_t *bytes = real(&size);
    kkt_keytab kt;

    (void)state;
    /* A 32-bit kvno of 0 leaves the 8-bit one. */
    put_be32(bytes + record_at[3] - 4, 0);
    assert_int_equal(kkt_parse(bytes, size, &kt), KKT_OK);
    assert_int_equal(kt.entries[2].kvno, 44);
    kkt_free(&kt);
    free(bytes);
}

/* Hand-built records: a little writer for both byte orders. */
typedef struct {
    uint8_t b[512];
    size_t n;
    int le;
} out;

static void w8(out *o, uint8_t v)
{
    o->b[o->n++] = v;
}

static void w16(out *o, uint16_t v)
{
    if (o->le) {
        w8(o, (uint8_t)v);
        w8(o, (uint8_t)(v >> 8));
    } else {
        w8(o, (uint8_t)(v >> 8));
        w8(o, (uint8_t)v);
    }
}

static void w32(out *o, uint32_t v)
{
    if (o->le) {
        w16(o, (uint16_t)v);
        w16(o, (uint16_t)(v >> 16));
    } else {
        w16(o, (uint16_t)(v >> 16));
        w16(o, (uint16_t)v);
    }
}

static void wstr(out *o, const char *s)
{
    w16(o, (uint16_t)strlen(s));
    memcpy(o->b + o->n, s, strlen(s));
    o->n += strlen(s);
}

/* One record of principal host/x@R: version 1 counts the realm and has no name type. */
static void record(out *o, int version1, uint16_t enctype, uint8_t kvno8, int with_kvno32, uint32_t kvno32)
{
    size_t size_at = o->n, start;
    out tmp;

    w32(o, 0);
    start = o->n;
    w16(o, version1 ? 3 : 2);
    wstr(o, "R");
    wstr(o, "host");
    wstr(o, "x");
    if (!version1)
        w32(o, 1);
    w32(o, 7);
    w8(o, kvno8);
    w16(o, enctype);
    wstr(o, "0123456789abcdef");
    if (with_kvno32)
        w32(o, kvno32);
    tmp.le = o->le;
    tmp.n = 0;
    w32(&tmp, (uint32_t)(o->n - start));
    memcpy(o->b + size_at, tmp.b, 4);
}

static void test_version1(void **state)
{
    out o = {.le = 1};
    kkt_keytab kt;

    (void)state;
    w8(&o, 5);
    w8(&o, 1);
    record(&o, 1, 23, 2, 0, 0);
    record(&o, 1, 0xff80, 5, 1, 0x01020304); /* a negative enctype, sign-extended */
    assert_int_equal(kkt_parse(o.b, o.n, &kt), KKT_OK);
    assert_int_equal(kt.version, KKT_VERSION_1);
    assert_int_equal(kt.count, 2);
    assert_int_equal(kt.entries[0].principal.name_type, 0);
    assert_int_equal(kt.entries[0].principal.count, 2);
    assert_data(&kt.entries[0].principal.realm, "R");
    assert_data(&kt.entries[0].principal.components[1], "x");
    assert_int_equal(kt.entries[0].kvno, 2);
    assert_int_equal(kt.entries[0].timestamp, 7);
    assert_int_equal(kt.entries[0].enctype, 23);
    assert_int_equal(kt.entries[1].enctype, -128);
    assert_int_equal(kt.entries[1].kvno, 0x01020304);
    kkt_free(&kt);
    /* Version 1 with a component count of 0 (the realm not even counted). */
    o.n = 2;
    record(&o, 1, 23, 2, 0, 0);
    o.b[6] = 0;
    o.b[7] = 0;
    assert_int_equal(kkt_parse(o.b, o.n, &kt), KKT_E_RECORD);
    assert_null(kt.entries);
}

static void test_record_bounds(void **state)
{
    out o = {.le = 0};
    kkt_keytab kt;
    size_t whole;

    (void)state;
    w8(&o, 5);
    w8(&o, 2);
    record(&o, 0, 18, 9, 0, 0);
    whole = o.n;
    /* Room for less than a 32-bit kvno after the key: padding, ignored. */
    w8(&o, 0);
    w8(&o, 0);
    put_be32(o.b + 2, (uint32_t)(o.n - 6));
    assert_int_equal(kkt_parse(o.b, o.n, &kt), KKT_OK);
    assert_int_equal(kt.count, 1);
    assert_int_equal(kt.entries[0].kvno, 9);
    kkt_free(&kt);
    /* Every record size that cuts a field short is refused within the record, not read on into the next bytes. */
    for (uint32_t cut = 1; cut < whole - 6; cut++) {
        put_be32(o.b + 2, (uint32_t)(whole - 6 - cut));
        assert_int_not_equal(kkt_parse(o.b, o.n, &kt), KKT_OK);
        assert_null(kt.entries);
    }
    /* A component count over the limit. */
    put_be32(o.b + 2, (uint32_t)(whole - 6));
    o.b[6] = 0;
    o.b[7] = KCC_MAX_COMPONENTS + 1;
    assert_int_equal(kkt_parse(o.b, whole, &kt), KKT_E_RECORD);
    /* A record size over the bytes left. */
    o.b[7] = 2;
    put_be32(o.b + 2, (uint32_t)(whole - 5));
    assert_int_equal(kkt_parse(o.b, whole, &kt), KKT_E_TRUNCATED);
    assert_null(kt.entries);
}

static void test_bad_version(void **state)
{
    static const uint8_t bad[][2] = {{5, 0}, {5, 3}, {4, 2}, {0, 0}, {2, 5}};
    static const uint8_t one[] = {5};
    kkt_keytab kt;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(kkt_parse(bad[i], 2, &kt), KKT_E_VERSION);
        assert_null(kt.entries);
    }
    assert_int_equal(kkt_parse(one, 1, &kt), KKT_E_TRUNCATED);
    assert_int_equal(kkt_parse(one, 0, &kt), KKT_E_TRUNCATED);
    /* A bare header is an empty keytab. */
    assert_int_equal(kkt_parse((const uint8_t *)"\x05\x02", 2, &kt), KKT_OK);
    assert_int_equal(kt.count, 0);
    kkt_free(&kt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_file),    cmocka_unit_test(test_every_truncation), cmocka_unit_test(test_holes),
        cmocka_unit_test(test_zero_size_ends), cmocka_unit_test(test_kvno32),         cmocka_unit_test(test_version1),
        cmocka_unit_test(test_record_bounds), cmocka_unit_test(test_bad_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
