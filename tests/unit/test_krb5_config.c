/* krb5.conf reader (src/krb5/config): Debian's default /etc/krb5.conf (tests/data/krb5/debian-krb5.conf), MIT's
 * grammar construct by construct, every error with its line, kdc values, the NetBIOS-style match, limits,
 * truncations and bit flips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "k5conf.h"

#ifndef LSAEMU_KRB5_DATA_DIR
#error LSAEMU_KRB5_DATA_DIR must name tests/data/krb5
#endif

static char *load(const char *name, size_t *size)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", LSAEMU_KRB5_DATA_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    char *bytes = malloc((size_t)n);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return bytes;
}

static k5conf_status parse_str(const char *text, k5conf *conf, size_t *line)
{
    return k5conf_parse(text, strlen(text), conf, line);
}

static const k5conf_realm *realm(const k5conf *conf, const char *name)
{
    const k5conf_realm *r = k5conf_find_realm(conf, name, strlen(name), K5CONF_MATCH_NAME);
    assert_non_null(r);
    return r;
}

static void assert_kdc(const k5conf_kdc *kdc, const char *host, unsigned port)
{
    assert_string_equal(kdc->host, host);
    assert_int_equal(kdc->port, port);
}

static void assert_empty(const k5conf *conf)
{
    assert_null(conf->realms);
    assert_int_equal(conf->realm_count, 0);
    assert_string_equal(conf->default_realm, "");
}

static void test_debian_default(void **state)
{
    (void)state;
    size_t size, line = 99;
    char *text = load("debian-krb5.conf", &size);
    k5conf conf;
    assert_int_equal(k5conf_parse(text, size, &conf, &line), K5CONF_OK);
    assert_int_equal(line, 0);
    assert_string_equal(conf.default_realm, "ATHENA.MIT.EDU");
    assert_int_equal(conf.realm_count, 10);
    const k5conf_realm *athena = realm(&conf, "ATHENA.MIT.EDU");
    assert_int_equal(athena->kdc_count, 3);
    assert_kdc(&athena->kdcs[0], "kerberos.mit.edu", 88);
    assert_kdc(&athena->kdcs[1], "kerberos-1.mit.edu", 88);
    assert_kdc(&athena->kdcs[2], "kerberos-2.mit.edu", 88);
    assert_int_equal(realm(&conf, "CSAIL.MIT.EDU")->kdc_count, 0);
    assert_int_equal(realm(&conf, "stanford.edu")->kdc_count, 3);
    const k5conf_realm *toronto = realm(&conf, "UTORONTO.CA");
    assert_int_equal(toronto->kdc_count, 3);
    assert_kdc(&toronto->kdcs[2], "kerberos3.utoronto.ca", 88);
    /* [domain_realm] maps names to realms; none of its tags is a realm. */
    assert_null(k5conf_find_realm(&conf, ".mit.edu", 8, K5CONF_MATCH_NAME));
    assert_int_equal(conf.ignored_directives, 0);
    k5conf_free(&conf);
    assert_empty(&conf);
    free(text);
}

/* Every construct of the grammar that a real file uses, in one text. */
static const char constructs[] =
    "# before the first section: ignored, as MIT ignores it\n"
    "default_realm = NOT.THIS\n"
    "module foo.so:residual\n"
    "include /etc/krb5.conf.d/extra\n"
    "includedir /etc/krb5.conf.d/\n"
    "[libdefaults]\r\n"
    "\tdefault_realm = \"LSAEMU.TEST\"  \r\n"
    "\tdefault_realm = SECOND.WINS.NOT\n"
    "  ; a comment\n"
    "\n"
    "[realms]*\n"
    "LSAEMU.TEST = {\n"
    "  kdc = 127.0.0.1:18802\n"
    "  kdc* = [::1]:88\n"
    "  kdc = [fe80::1%eth0]\n"
    "  kdc = ::1\n"
    "  kdc = https://kkdcp.example/KdcProxy\n"
    "  auth_to_local_names = {\n"
    "     kdc = nested.is.not.a.kdc\n"
    "  }*\n"
    "  admin_server = kadmin.lsaemu.test\n"
    "}\n"
    "OTHER.TEST =\n"
    "  {\n"
    "  kdc = \"kdc.other.test:750\"\n"
    "}\n"
    "LSAEMU.TEST = {\n"
    "  kdc = merged.lsaemu.test\n"
    "}\n"
    "ONELABEL = {\n"
    "  kdc = one\n"
    "}\n"
    "[domain_realm]\n"
    "  .lsaemu.test = LSAEMU.TEST\n"
    "[capaths]\n"
    "  A = {\n"
    "    B = {\n"
    "      kdc = not.a.realm.kdc\n"
    "    }\n"
    "  }\n"
    "[libdefaults]\n"
    "  kdc = in.libdefaults.is.ignored\n"
    "[realms]\n"
    "\"QUOTED\\tNAME\" = {\n" /* a quoted tag with a tab: not a usable realm name */
    "}\n";

static void test_constructs(void **state)
{
    (void)state;
    k5conf conf;
    size_t line;
    /* The quoted tag with a tab at the end is refused: remove it first to read the rest. */
    char *text = malloc(sizeof(constructs));
    assert_non_null(text);
    memcpy(text, constructs, sizeof(constructs));
    assert_int_equal(parse_str(text, &conf, &line), K5CONF_E_RELATION);
    char *quoted = strstr(text, "\"QUOTED");
    size_t quoted_line = 1;
    for (const char *p = text; p < quoted; p++)
        quoted_line += *p == '\n';
    assert_int_equal(line, quoted_line);
    assert_empty(&conf);
    *quoted = '\0';
    assert_int_equal(parse_str(text, &conf, &line), K5CONF_OK);
    assert_string_equal(conf.default_realm, "LSAEMU.TEST");
    assert_int_equal(conf.ignored_directives, 3);
    assert_int_equal(conf.ignored_kdcs, 1);
    assert_int_equal(conf.realm_count, 3);
    const k5conf_realm *r = realm(&conf, "LSAEMU.TEST");
    assert_ptr_equal(r, &conf.realms[0]);
    assert_int_equal(r->kdc_count, 5);
    assert_kdc(&r->kdcs[0], "127.0.0.1", 18802);
    assert_kdc(&r->kdcs[1], "::1", 88);
    assert_kdc(&r->kdcs[2], "fe80::1%eth0", 88);
    assert_kdc(&r->kdcs[3], "::1", 88);
    assert_kdc(&r->kdcs[4], "merged.lsaemu.test", 88);
    r = realm(&conf, "OTHER.TEST");
    assert_int_equal(r->kdc_count, 1);
    assert_kdc(&r->kdcs[0], "kdc.other.test", 750);
    assert_int_equal(realm(&conf, "ONELABEL")->kdc_count, 1);
    assert_null(k5conf_find_realm(&conf, "A", 1, K5CONF_MATCH_NAME));
    k5conf_free(&conf);
    free(text);
}

/* kpasswd_server: the first value of a realm, port 464 when it names none; a malformed one refuses the file. */
static void test_kpasswd_server(void **state)
{
    (void)state;
    k5conf conf;
    size_t line;
    assert_int_equal(parse_str("[realms]\n A.TEST = {\n  kdc = k.a.test\n  kpasswd_server = 127.0.0.1:24464\n"
                               "  kpasswd_server = second.a.test\n }\n B.TEST = {\n  kpasswd_server = pw.b.test\n }\n"
                               " C.TEST = {\n  kdc = k.c.test\n }\n",
                               &conf, &line),
                     K5CONF_OK);
    const k5conf_realm *r = realm(&conf, "A.TEST");
    assert_true(r->has_kpasswd);
    assert_kdc(&r->kpasswd, "127.0.0.1", 24464);
    assert_kdc(&r->kdcs[0], "k.a.test", 88);
    r = realm(&conf, "B.TEST");
    assert_true(r->has_kpasswd);
    assert_kdc(&r->kpasswd, "pw.b.test", 464);
    assert_false(realm(&conf, "C.TEST")->has_kpasswd);
    k5conf_free(&conf);
    assert_int_equal(parse_str("[realms]\n A.TEST = {\n  kpasswd_server = host:0\n }\n", &conf, &line),
                     K5CONF_E_BAD_KDC);
    assert_int_equal(line, 3);
    assert_int_equal(parse_str("[realms]\n A.TEST = {\n  kpasswd_server = https://x/\n }\n", &conf, &line),
                     K5CONF_E_BAD_KDC);
}

static void test_empty_and_unterminated(void **state)
{
    (void)state;
    k5conf conf;
    size_t line;
    assert_int_equal(k5conf_parse(NULL, 0, &conf, &line), K5CONF_OK);
    assert_empty(&conf);
    assert_int_equal(parse_str("[realms]\nR.X = {\n kdc = k\n}", &conf, &line), K5CONF_OK);
    assert_int_equal(realm(&conf, "R.X")->kdc_count, 1);
    k5conf_free(&conf);
    assert_int_equal(parse_str("[libdefaults]\n default_realm = R.X", &conf, &line), K5CONF_OK);
    assert_string_equal(conf.default_realm, "R.X");
    k5conf_free(&conf);
    /* A UTF-8 byte order mark before the first section does not hide it. */
    assert_int_equal(parse_str("\xef\xbb\xbf[libdefaults]\r\n default_realm = R.X\r\n", &conf, &line), K5CONF_OK);
    assert_string_equal(conf.default_realm, "R.X");
    k5conf_free(&conf);
    assert_int_equal(parse_str("\xef\xbb[libdefaults]\n default_realm = R.X\n", &conf, &line), K5CONF_OK);
    assert_string_equal(conf.default_realm, ""); /* not a whole mark: the line is text before any section */
    k5conf_free(&conf);
    /* An empty value opens a group in MIT's grammar, so "default_realm =" must be followed by "{". */
    assert_int_equal(parse_str("[libdefaults]\n default_realm = \"\"\n", &conf, &line), K5CONF_OK);
    assert_string_equal(conf.default_realm, "");
    k5conf_free(&conf);
}

static const struct {
    const char *text;
    k5conf_status status;
    size_t line;
} errors[] = {
    {"[libdefaults\n", K5CONF_E_SECTION, 1},
    {"[]\n", K5CONF_E_SECTION, 1},
    {"[realms] x\n", K5CONF_E_SECTION, 1},
    {"[realms] # comment\n", K5CONF_E_SECTION, 1},
    {"[realms]\nR = {\n[libdefaults]\n}\n", K5CONF_E_SECTION, 3},
    {"[realms]\njust words\n", K5CONF_E_RELATION, 2},
    {"[realms]\n* = {\n}\n", K5CONF_E_RELATION, 2}, /* nothing left of the realm name before the final marker */
    {"[realms]\n\"\" = {\n}\n", K5CONF_E_RELATION, 2},
    {"[realms]\n= value\n", K5CONF_E_RELATION, 2},
    {"[realms]\ntwo words = value\n", K5CONF_E_RELATION, 2},
    {"[realms]\nR = { kdc = k }\n", K5CONF_E_RELATION, 2},
    {"[libdefaults]\ndefault_realm = \"open\n", K5CONF_E_QUOTE, 2},
    {"[libdefaults]\ndefault_realm = \"a\\q\"\n", K5CONF_E_QUOTE, 2},
    {"[libdefaults]\ndefault_realm = \"a\" b\n", K5CONF_E_QUOTE, 2},
    {"[libdefaults]\ndefault_realm = \"a\\\n", K5CONF_E_QUOTE, 2},
    {"[libdefaults]\n\"tag = v\n", K5CONF_E_QUOTE, 2},
    {"[libdefaults]\ndefault_realm = A B\n", K5CONF_E_RELATION, 2},
    {"[libdefaults]\ndefault_realm = \"A\\nB\"\n", K5CONF_E_RELATION, 2},
    {"[realms]\n}\n", K5CONF_E_BRACE, 2},
    {"[realms]\nR = {\n kdc = k\n", K5CONF_E_BRACE, 4},
    {"[realms]\nR =\n", K5CONF_E_BRACE, 3},
    {"[realms]\nR =\n\n{\n}\n", K5CONF_E_BRACE, 3},
    {"[realms]\nR =\n{ kdc = k\n}\n", K5CONF_E_BRACE, 3},
    {"[realms]\nR = {\n} x\n", K5CONF_E_BRACE, 3},
    {"[realms]\nR = {\n kdc = \n}\n", K5CONF_E_BRACE, 4}, /* "kdc =" opens a group: "}" is not "{" */
    {"[realms]\nR = {\n kdc = k k\n}\n", K5CONF_E_BAD_KDC, 3},
    {"[realms]\nR = {\n kdc = k:0\n}\n", K5CONF_E_BAD_KDC, 3},
    {"[realms]\nR = {\n kdc = k:65536\n}\n", K5CONF_E_BAD_KDC, 3},
    {"[realms]\nR = {\n kdc = k:\n}\n", K5CONF_E_BAD_KDC, 3},
    {"[realms]\nR = {\n kdc = [::1\n}\n", K5CONF_E_BAD_KDC, 3},
    {"[realms]\nR = {\n kdc = [::1]x\n}\n", K5CONF_E_BAD_KDC, 3},
    {"[realms]\nR = {\n kdc = []\n}\n", K5CONF_E_BAD_KDC, 3},
    {"[realms]\nR = {\n kdc = host # comment\n}\n", K5CONF_E_BAD_KDC, 3},
    {"[realms]\nR = {\n kdc = host/x\n}\n", K5CONF_E_BAD_KDC, 3},
};

static void test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
        k5conf conf;
        size_t line = 0;
        k5conf_status st = parse_str(errors[i].text, &conf, &line);
        if (st != errors[i].status || line != errors[i].line)
            fail_msg("case %zu: status %s line %zu, expected %s line %zu", i, k5conf_status_name(st), line,
                     k5conf_status_name(errors[i].status), errors[i].line);
        assert_empty(&conf);
    }
}

static void test_whole_text_errors(void **state)
{
    (void)state;
    k5conf conf;
    size_t line = 7;
    assert_int_equal(k5conf_parse("[realms]\0", 9, &conf, &line), K5CONF_E_NUL);
    assert_int_equal(line, 0);
    assert_int_equal(k5conf_parse("x", K5CONF_MAX_TEXT + 1, &conf, &line), K5CONF_E_TOO_BIG);
    assert_int_equal(k5conf_parse(NULL, 1, &conf, &line), K5CONF_E_ARGUMENT);
    assert_int_equal(k5conf_parse("", 0, NULL, &line), K5CONF_E_ARGUMENT);
    assert_int_equal(k5conf_parse("", 0, &conf, NULL), K5CONF_OK);
}

static char *repeat_text(const char *head, const char *item, size_t count, const char *tail)
{
    size_t size = strlen(head) + strlen(item) * count + strlen(tail) + 1;
    char *text = malloc(size);
    assert_non_null(text);
    strcpy(text, head);
    for (size_t i = 0; i < count; i++)
        strcat(text, item);
    strcat(text, tail);
    return text;
}

static void test_limits(void **state)
{
    (void)state;
    k5conf conf;
    size_t line;
    char *text = repeat_text("[realms]\nR = {\n", " kdc = k\n", K5CONF_MAX_KDCS, "}\n");
    assert_int_equal(parse_str(text, &conf, &line), K5CONF_OK);
    assert_int_equal(conf.realms[0].kdc_count, K5CONF_MAX_KDCS);
    k5conf_free(&conf);
    free(text);
    text = repeat_text("[realms]\nR = {\n", " kdc = k\n", K5CONF_MAX_KDCS + 1, "}\n");
    assert_int_equal(parse_str(text, &conf, &line), K5CONF_E_LIMIT);
    assert_int_equal(line, 3 + K5CONF_MAX_KDCS);
    free(text);

    /* Realms: distinct names R0..R<n>. */
    size_t size = 64 * (K5CONF_MAX_REALMS + 2);
    text = malloc(size);
    assert_non_null(text);
    for (int extra = 0; extra <= 1; extra++) {
        size_t at = (size_t)snprintf(text, size, "[realms]\n");
        for (size_t i = 0; i < K5CONF_MAX_REALMS + (size_t)extra; i++)
            at += (size_t)snprintf(text + at, size - at, "R%zu = {\n}\n", i);
        k5conf_status st = parse_str(text, &conf, &line);
        assert_int_equal(st, extra ? K5CONF_E_LIMIT : K5CONF_OK);
        if (!extra)
            assert_int_equal(conf.realm_count, K5CONF_MAX_REALMS);
        k5conf_free(&conf);
    }
    free(text);

    text = repeat_text("[capaths]\n", "A = {\n", K5CONF_MAX_DEPTH, "");
    assert_int_equal(parse_str(text, &conf, &line), K5CONF_E_BRACE); /* deep enough, but never closed */
    free(text);
    text = repeat_text("[capaths]\n", "A = {\n", K5CONF_MAX_DEPTH + 1, "");
    assert_int_equal(parse_str(text, &conf, &line), K5CONF_E_DEPTH);
    assert_int_equal(line, K5CONF_MAX_DEPTH + 2);
    free(text);

    char name[K5CONF_MAX_REALM + 1];
    memset(name, 'A', sizeof(name));
    name[K5CONF_MAX_REALM - 1] = '\0'; /* 255 bytes: fits */
    char buf[2 * K5CONF_MAX_REALM + 64];
    snprintf(buf, sizeof(buf), "[realms]\n%s = {\n}\n[libdefaults]\ndefault_realm = %s\n", name, name);
    assert_int_equal(parse_str(buf, &conf, &line), K5CONF_OK);
    assert_int_equal(strlen(conf.default_realm), K5CONF_MAX_REALM - 1);
    k5conf_free(&conf);
    name[K5CONF_MAX_REALM - 1] = 'A';
    name[K5CONF_MAX_REALM] = '\0'; /* 256 bytes: does not */
    snprintf(buf, sizeof(buf), "[realms]\n%s = {\n}\n", name);
    assert_int_equal(parse_str(buf, &conf, &line), K5CONF_E_TOO_LONG);
    snprintf(buf, sizeof(buf), "[libdefaults]\ndefault_realm = %s\n", name);
    assert_int_equal(parse_str(buf, &conf, &line), K5CONF_E_TOO_LONG);
    snprintf(buf, sizeof(buf), "[realms]\nR = {\nkdc = %s\n}\n", name);
    assert_int_equal(parse_str(buf, &conf, &line), K5CONF_E_TOO_LONG);
    /* A long value of a relation nobody reads is fine. */
    snprintf(buf, sizeof(buf), "[realms]\nR = {\nadmin_server = %s%s\n}\n", name, name);
    assert_int_equal(parse_str(buf, &conf, &line), K5CONF_OK);
    k5conf_free(&conf);
}

static const struct {
    const char *value;
    k5conf_status status;
    const char *host;
    unsigned port;
} kdcs[] = {
    {"kdc.example", K5CONF_OK, "kdc.example", 88},
    {"  kdc.example:750 ", K5CONF_OK, "kdc.example", 750},
    {"10.0.0.1:65535", K5CONF_OK, "10.0.0.1", 65535},
    {"[::1]", K5CONF_OK, "::1", 88},
    {"[::1]:18802", K5CONF_OK, "::1", 18802},
    {"2001:db8::5", K5CONF_OK, "2001:db8::5", 88},
    {"k_d-c.ex4mple", K5CONF_OK, "k_d-c.ex4mple", 88},
    {"", K5CONF_E_BAD_KDC, "", 0},
    {":88", K5CONF_E_BAD_KDC, "", 0},
    {"k:00088x", K5CONF_E_BAD_KDC, "", 0},
    {"k:123456", K5CONF_E_BAD_KDC, "", 0},
    {"k:-1", K5CONF_E_BAD_KDC, "", 0},
    {"[::1]:", K5CONF_E_BAD_KDC, "", 0},
    {"[k:1]:2]", K5CONF_E_BAD_KDC, "", 0},
    {"fe80::1%eth0", K5CONF_OK, "fe80::1%eth0", 88},
    {"k\"x", K5CONF_E_BAD_KDC, "", 0},
    {"https://proxy/KdcProxy", K5CONF_E_UNSUPPORTED, "", 0},
    {"tcp://k", K5CONF_E_UNSUPPORTED, "", 0},
};

static void test_kdc_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(kdcs) / sizeof(kdcs[0]); i++) {
        k5conf_kdc kdc;
        memset(&kdc, 0x5a, sizeof(kdc));
        k5conf_status st = k5conf_parse_kdc(kdcs[i].value, strlen(kdcs[i].value), &kdc);
        if (st != kdcs[i].status)
            fail_msg("case %zu (%s): %s", i, kdcs[i].value, k5conf_status_name(st));
        assert_string_equal(kdc.host, kdcs[i].host);
        assert_int_equal(kdc.port, kdcs[i].port);
    }
    char host[K5CONF_MAX_HOST + 1];
    memset(host, 'h', sizeof(host));
    k5conf_kdc kdc;
    assert_int_equal(k5conf_parse_kdc(host, K5CONF_MAX_HOST - 1, &kdc), K5CONF_OK);
    assert_int_equal(strlen(kdc.host), K5CONF_MAX_HOST - 1);
    assert_int_equal(k5conf_parse_kdc(host, K5CONF_MAX_HOST, &kdc), K5CONF_E_TOO_LONG);
    assert_int_equal(k5conf_parse_kdc(NULL, 1, &kdc), K5CONF_E_ARGUMENT);
    assert_int_equal(k5conf_parse_kdc("k", 1, NULL), K5CONF_E_ARGUMENT);
}

static void test_matching(void **state)
{
    (void)state;
    assert_true(k5conf_realm_matches("LSAEMU.TEST", "lsaemu.test", 11, K5CONF_MATCH_NAME));
    assert_false(k5conf_realm_matches("LSAEMU.TEST", "lsaemu", 6, K5CONF_MATCH_NAME));
    assert_true(k5conf_realm_matches("LSAEMU.TEST", "lsaemu", 6, K5CONF_MATCH_FIRST_LABEL));
    assert_true(k5conf_realm_matches("LSAEMU.TEST", "LsaEmu", 6, K5CONF_MATCH_FIRST_LABEL));
    assert_false(k5conf_realm_matches("LSAEMU.TEST", "lsaem", 5, K5CONF_MATCH_FIRST_LABEL));
    assert_false(k5conf_realm_matches("LSAEMU.TEST", "lsaemux", 7, K5CONF_MATCH_FIRST_LABEL));
    assert_false(k5conf_realm_matches("LSAEMU.TEST", "test", 4, K5CONF_MATCH_FIRST_LABEL));
    assert_false(k5conf_realm_matches("LSAEMU.TEST", "lsaemu.test", 11, K5CONF_MATCH_FIRST_LABEL));
    assert_false(k5conf_realm_matches("ONELABEL", "onelabel", 8, K5CONF_MATCH_FIRST_LABEL));
    assert_true(k5conf_realm_matches("ONELABEL", "onelabel", 8, K5CONF_MATCH_NAME));
    assert_false(k5conf_realm_matches("LSAEMU.TEST", "", 0, K5CONF_MATCH_NAME));
    assert_false(k5conf_realm_matches(NULL, "x", 1, K5CONF_MATCH_NAME));
    /* Length-bounded: the name need not be terminated. */
    assert_true(k5conf_realm_matches("AB.C", "abXYZ", 2, K5CONF_MATCH_FIRST_LABEL));

    k5conf conf;
    size_t line;
    assert_int_equal(parse_str("[realms]\nFIRST.ONE = {\n}\nFIRST.TWO = {\n}\n", &conf, &line), K5CONF_OK);
    assert_ptr_equal(k5conf_find_realm(&conf, "first", 5, K5CONF_MATCH_FIRST_LABEL), &conf.realms[0]);
    assert_ptr_equal(k5conf_find_realm(&conf, "FIRST.TWO", 9, K5CONF_MATCH_NAME), &conf.realms[1]);
    assert_null(k5conf_find_realm(&conf, "second", 6, K5CONF_MATCH_FIRST_LABEL));
    assert_null(k5conf_find_realm(NULL, "first", 5, K5CONF_MATCH_FIRST_LABEL));
    k5conf_free(&conf);
}

/* Every prefix of Debian's file parses or fails cleanly (ASan checks the reads and the frees); the prefixes that end
 * after the last realm's "}" read the same realms as the whole file. */
static void test_truncations(void **state)
{
    (void)state;
    size_t size;
    char *text = load("debian-krb5.conf", &size);
    const char *domain_realm = strstr(text, "[domain_realm]");
    assert_non_null(domain_realm);
    size_t complete_from = (size_t)(domain_realm - text);
    for (size_t len = 0; len <= size; len++) {
        char *copy = malloc(len ? len : 1); /* exact size, so a read past the end is caught */
        assert_non_null(copy);
        memcpy(copy, text, len);
        k5conf conf;
        size_t line;
        k5conf_status st = k5conf_parse(copy, len, &conf, &line);
        if (len == complete_from || len == size) {
            assert_int_equal(st, K5CONF_OK);
            assert_int_equal(conf.realm_count, 10);
            assert_int_equal(realm(&conf, "ATHENA.MIT.EDU")->kdc_count, 3);
        } else if (st != K5CONF_OK) {
            assert_empty(&conf);
            assert_true(line > 0);
        }
        k5conf_free(&conf);
        free(copy);
    }
    free(text);
}

static void test_bit_flips(void **state)
{
    (void)state;
    size_t size;
    char *text = load("debian-krb5.conf", &size);
    size_t ok = 0, refused = 0;
    for (size_t i = 0; i < size; i++)
        for (int bit = 0; bit < 8; bit++) {
            text[i] ^= (char)(1 << bit);
            k5conf conf;
            size_t line;
            k5conf_status st = k5conf_parse(text, size, &conf, &line);
            if (st == K5CONF_OK) {
                ok++;
                assert_true(conf.realm_count <= K5CONF_MAX_REALMS);
            } else {
                refused++;
                assert_empty(&conf);
            }
            k5conf_free(&conf);
            text[i] ^= (char)(1 << bit);
        }
    /* Flips inside comments and unread values change nothing visible; flips of braces and '=' are refused. */
    assert_true(ok > 0);
    assert_true(refused > 0);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_debian_default),
        cmocka_unit_test(test_constructs),
        cmocka_unit_test(test_kpasswd_server),
        cmocka_unit_test(test_empty_and_unterminated),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_whole_text_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_kdc_values),
        cmocka_unit_test(test_matching),
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_bit_flips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
