/* MIT's libkrb5 as an independent judge of what the LSA returns (native, built only where libkrb5 is found):
 *
 *   krb5_judge ticket <ticket-DER-file> <session-key-hex> <enctype> <keytab>
 *       decodes the Ticket, decrypts it with the service's keytab (krb5_server_decrypt_ticket_keytab) and checks that
 *       the session key inside is <enctype>/<session-key-hex>; prints client, server, flags and times.
 *   krb5_judge cred <KRB-CRED-DER-file> <ccache-file>
 *       reads a KRB-CRED with krb5_rd_cred in an auth context without keys (so an unencrypted enc-part, etype 0, as
 *       Windows makes them, is accepted) and without replay/time checks, and stores its credentials in a new FILE
 *       ccache that MIT's klist can list.
 *   krb5_judge export <ccache> <service-principal> <out-dir>
 *       self-test source: retrieves <service-principal> from <ccache> (krb5_cc_retrieve_cred) and writes what the two
 *       modes above take: out-dir/ticket.der, session.hex, enctype, and cred.der (krb5_mk_1cred, unencrypted).
 *
 * Exit status: 0 when the judge agrees, 1 when it does not (a mismatch, a refusal), 2 on usage errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <krb5.h>

static krb5_context ctx;

static int fail_krb(const char *what, krb5_error_code code)
{
    const char *msg = krb5_get_error_message(ctx, code);
    fprintf(stderr, "krb5_judge: %s: %s (%ld)\n", what, msg, (long)code);
    krb5_free_error_message(ctx, msg);
    return 1;
}

static int read_file(const char *path, krb5_data *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "krb5_judge: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            if (cap > (1u << 24)) {
                fprintf(stderr, "krb5_judge: %s: too large\n", path);
                free(buf);
                fclose(f);
                return 1;
            }
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return 1;
            }
            buf = grown;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    out->magic = KV5M_DATA;
    out->data = buf;
    out->length = (unsigned int)len;
    return 0;
}

static int write_file(const char *dir, const char *name, const void *bytes, size_t len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "krb5_judge: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

/* Hex (even length, either case) into a new buffer. */
static int parse_hex(const char *hex, unsigned char **out, size_t *out_len)
{
    size_t n = strlen(hex);
    if (n == 0 || n % 2)
        return 1;
    unsigned char *bytes = malloc(n / 2);
    if (!bytes)
        return 1;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v = 0;
        for (int k = 0; k < 2; k++) {
            char c = hex[2 * i + (size_t)k];
            unsigned d = (c >= '0' && c <= '9')   ? (unsigned)(c - '0')
                         : (c >= 'a' && c <= 'f') ? (unsigned)(c - 'a' + 10)
                         : (c >= 'A' && c <= 'F') ? (unsigned)(c - 'A' + 10)
                                                  : 16u;
            if (d == 16) {
                free(bytes);
                return 1;
            }
            v = v * 16 + d;
        }
        bytes[i] = (unsigned char)v;
    }
    *out = bytes;
    *out_len = n / 2;
    return 0;
}

static void print_principal(const char *label, krb5_const_principal p)
{
    char *name = NULL;
    if (krb5_unparse_name(ctx, p, &name) == 0) {
        printf("%s: %s\n", label, name);
        krb5_free_unparsed_name(ctx, name);
    }
}

static void print_times(const krb5_ticket_times *t, krb5_flags flags)
{
    printf("flags: 0x%08lx\n", (unsigned long)(flags & 0xffffffffu));
    printf("authtime: %ld\nstarttime: %ld\nendtime: %ld\nrenew_till: %ld\n", (long)t->authtime, (long)t->starttime,
           (long)t->endtime, (long)t->renew_till);
}

static int judge_ticket(const char *ticket_file, const char *key_hex, const char *enctype_text, const char *keytab)
{
    krb5_data der;
    krb5_ticket *ticket = NULL;
    krb5_keytab kt = NULL;
    unsigned char *key = NULL;
    size_t key_len = 0;
    krb5_error_code code;
    int rc = 1;
    char *end;
    long enctype = strtol(enctype_text, &end, 10);
    if (*end || end == enctype_text || parse_hex(key_hex, &key, &key_len)) {
        fprintf(stderr, "krb5_judge: bad enctype or session key hex\n");
        return 2;
    }
    if (read_file(ticket_file, &der))
        goto out;
    if ((code = krb5_decode_ticket(&der, &ticket)) != 0) {
        rc = fail_krb("krb5_decode_ticket", code);
        goto out_der;
    }
    if ((code = krb5_kt_resolve(ctx, keytab, &kt)) != 0) {
        rc = fail_krb("krb5_kt_resolve", code);
        goto out_der;
    }
    if ((code = krb5_server_decrypt_ticket_keytab(ctx, kt, ticket)) != 0) {
        rc = fail_krb("krb5_server_decrypt_ticket_keytab", code);
        goto out_der;
    }
    const krb5_enc_tkt_part *part = ticket->enc_part2;
    print_principal("client", part->client);
    print_principal("server", ticket->server);
    printf("ticket etype: %ld\nsession etype: %ld\n", (long)ticket->enc_part.enctype, (long)part->session->enctype);
    print_times(&part->times, part->flags);
    if (part->session->enctype != enctype) {
        fprintf(stderr, "krb5_judge: session key enctype %ld, expected %ld\n", (long)part->session->enctype,
                enctype);
    } else if (part->session->length != key_len || memcmp(part->session->contents, key, key_len) != 0) {
        fprintf(stderr, "krb5_judge: the session key given is not the ticket's\n");
    } else {
        printf("session key: matches\n");
        rc = 0;
    }
out_der:
    free(der.data);
out:
    if (key) {
        memset(key, 0, key_len);
        free(key);
    }
    if (kt)
        krb5_kt_close(ctx, kt);
    if (ticket)
        krb5_free_ticket(ctx, ticket);
    return rc;
}

/* One DER header at *at: the tag must be tag; the definite length (at most 4 length bytes) is checked against the
 * bytes left. Moves *at to the content. */
static int der_header(const unsigned char *p, size_t n, size_t *at, unsigned char tag, size_t *len)
{
    if (n - *at < 2 || p[*at] != tag)
        return 1;
    size_t l = p[*at + 1];
    *at += 2;
    if (l & 0x80) {
        size_t k = l & 0x7f;
        if (k == 0 || k > 4 || k > n - *at)
            return 1;
        l = 0;
        for (size_t i = 0; i < k; i++)
            l = (l << 8) | p[(*at)++];
    }
    if (l > n - *at)
        return 1;
    *len = l;
    return 0;
}

/* The etype of a KRB-CRED's enc-part, read from the DER itself (MIT does not expose it): KRB-CRED ::= [APPLICATION
 * 22] SEQUENCE { pvno [0], msg-type [1], tickets [2], enc-part [3] EncryptedData { etype [0] INTEGER ... } }. Only
 * for the printout; -1 when the shape is not the expected one. */
static long cred_enc_etype(const unsigned char *p, size_t n)
{
    size_t at = 0, l;
    if (der_header(p, n, &at, 0x76, &l) || der_header(p, n, &at, 0x30, &l))
        return -1;
    for (unsigned char skip = 0xa0; skip <= 0xa2; skip++) { /* pvno, msg-type, tickets */
        if (der_header(p, n, &at, skip, &l))
            return -1;
        at += l;
    }
    if (der_header(p, n, &at, 0xa3, &l) || der_header(p, n, &at, 0x30, &l) || der_header(p, n, &at, 0xa0, &l) ||
        der_header(p, n, &at, 0x02, &l) || l == 0 || l > 4)
        return -1;
    long v = (p[at] & 0x80) ? -1 : 0;
    for (size_t i = 0; i < l; i++)
        v = (long)(((unsigned long)v << 8) | p[at + i]);
    return v;
}

static int judge_cred(const char *cred_file, const char *ccache_file)
{
    krb5_data der;
    krb5_auth_context ac = NULL;
    krb5_creds **creds = NULL;
    krb5_ccache cc = NULL;
    krb5_error_code code;
    int rc = 1;
    char name[4200];
    if (read_file(cred_file, &der))
        return 1;
    printf("enc-part etype: %ld\n", cred_enc_etype((const unsigned char *)der.data, der.length));
    if ((code = krb5_auth_con_init(ctx, &ac)) != 0) {
        rc = fail_krb("krb5_auth_con_init", code);
        goto out;
    }
    /* No keys in the context, no replay cache, no timestamp: what a KRB-CRED carried outside an AP exchange needs. */
    krb5_auth_con_setflags(ctx, ac, 0);
    if ((code = krb5_rd_cred(ctx, ac, &der, &creds, NULL)) != 0) {
        rc = fail_krb("krb5_rd_cred", code);
        goto out;
    }
    size_t count = 0;
    while (creds[count])
        count++;
    if (count == 0) {
        fprintf(stderr, "krb5_judge: the KRB-CRED holds no credential\n");
        goto out;
    }
    snprintf(name, sizeof(name), "FILE:%s", ccache_file);
    if ((code = krb5_cc_resolve(ctx, name, &cc)) != 0 ||
        (code = krb5_cc_initialize(ctx, cc, creds[0]->client)) != 0) {
        rc = fail_krb("creating the ccache", code);
        goto out;
    }
    for (size_t i = 0; i < count; i++) {
        print_principal("client", creds[i]->client);
        print_principal("server", creds[i]->server);
        printf("session etype: %ld\n", (long)creds[i]->keyblock.enctype);
        print_times(&creds[i]->times, creds[i]->ticket_flags);
        if ((code = krb5_cc_store_cred(ctx, cc, creds[i])) != 0) {
            rc = fail_krb("krb5_cc_store_cred", code);
            goto out;
        }
    }
    printf("stored: %zu credential(s) in %s\n", count, ccache_file);
    rc = 0;
out:
    free(der.data);
    if (cc)
        krb5_cc_close(ctx, cc);
    if (creds)
        krb5_free_tgt_creds(ctx, creds);
    if (ac)
        krb5_auth_con_free(ctx, ac);
    return rc;
}

static int export_cred(const char *ccache_name, const char *service, const char *dir)
{
    krb5_ccache cc = NULL;
    krb5_creds match, got;
    krb5_auth_context ac = NULL;
    krb5_data *cred_der = NULL;
    krb5_error_code code;
    int rc = 1, have_got = 0;
    memset(&match, 0, sizeof(match));
    memset(&got, 0, sizeof(got));
    if ((code = krb5_cc_resolve(ctx, ccache_name, &cc)) != 0)
        return fail_krb("krb5_cc_resolve", code);
    if ((code = krb5_cc_get_principal(ctx, cc, &match.client)) != 0 ||
        (code = krb5_parse_name(ctx, service, &match.server)) != 0) {
        rc = fail_krb("principals", code);
        goto out;
    }
    if ((code = krb5_cc_retrieve_cred(ctx, cc, 0, &match, &got)) != 0) {
        rc = fail_krb("krb5_cc_retrieve_cred", code);
        goto out;
    }
    have_got = 1;
    char hex[2 * 64 + 1] = "";
    if (got.keyblock.length > 64)
        goto out;
    for (unsigned i = 0; i < got.keyblock.length; i++)
        snprintf(hex + 2 * i, 3, "%02x", got.keyblock.contents[i]);
    char etype[32];
    snprintf(etype, sizeof(etype), "%ld", (long)got.keyblock.enctype);
    if ((code = krb5_auth_con_init(ctx, &ac)) != 0) {
        rc = fail_krb("krb5_auth_con_init", code);
        goto out;
    }
    krb5_auth_con_setflags(ctx, ac, 0);
    if ((code = krb5_mk_1cred(ctx, ac, &got, &cred_der, NULL)) != 0) {
        rc = fail_krb("krb5_mk_1cred", code);
        goto out;
    }
    if (write_file(dir, "ticket.der", got.ticket.data, got.ticket.length) ||
        write_file(dir, "session.hex", hex, strlen(hex)) || write_file(dir, "enctype", etype, strlen(etype)) ||
        write_file(dir, "cred.der", cred_der->data, cred_der->length))
        goto out;
    printf("exported %s: session etype %s\n", service, etype);
    rc = 0;
out:
    memset(hex, 0, sizeof(hex));
    if (cred_der)
        krb5_free_data(ctx, cred_der);
    if (ac)
        krb5_auth_con_free(ctx, ac);
    if (have_got)
        krb5_free_cred_contents(ctx, &got);
    krb5_free_principal(ctx, match.client);
    krb5_free_principal(ctx, match.server);
    krb5_cc_close(ctx, cc);
    return rc;
}

int main(int argc, char **argv)
{
    krb5_error_code code;
    if ((code = krb5_init_context(&ctx)) != 0) {
        fprintf(stderr, "krb5_judge: krb5_init_context: %ld\n", (long)code);
        return 1;
    }
    int rc = 2;
    if (argc == 6 && strcmp(argv[1], "ticket") == 0)
        rc = judge_ticket(argv[2], argv[3], argv[4], argv[5]);
    else if (argc == 4 && strcmp(argv[1], "cred") == 0)
        rc = judge_cred(argv[2], argv[3]);
    else if (argc == 5 && strcmp(argv[1], "export") == 0)
        rc = export_cred(argv[2], argv[3], argv[4]);
    else
        fprintf(stderr, "usage: krb5_judge ticket <ticket-DER> <session-key-hex> <enctype> <keytab>\n"
                        "       krb5_judge cred <KRB-CRED-DER> <ccache-file>\n"
                        "       krb5_judge export <ccache> <service-principal> <out-dir>\n");
    krb5_free_context(ctx);
    return rc;
}
