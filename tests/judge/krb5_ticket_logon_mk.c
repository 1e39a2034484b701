/* MIT's side of the ticket logon test: what a Kerberos client of MIT's sends a service that logs its user on.
 *
 *   krb5_ticket_logon_mk <ccache> <service-principal> <out-dir>
 *       with the TGT in <ccache> (forwardable), gets a ticket for <service-principal> (krb5_get_credentials, a TGS
 *       exchange) into out-dir/ticket.der, and forwards the TGT to it (krb5_fwd_tgt_creds, a new TGT with the
 *       forwarded flag) as a KRB-CRED encrypted in that ticket's session key (key usage 14: the auth context's send
 *       subkey, as an AP-REQ's authenticator subkey would carry it) into out-dir/cred.der.
 *
 * Exit status: 0 when both files are written, 1 when MIT refuses a step, 2 on usage errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <krb5.h>

static krb5_context ctx;

static int fail_krb(const char *what, krb5_error_code code)
{
    const char *msg = krb5_get_error_message(ctx, code);
    fprintf(stderr, "krb5_ticket_logon_mk: %s: %s (%ld)\n", what, msg, (long)code);
    krb5_free_error_message(ctx, msg);
    return 1;
}

static int write_file(const char *dir, const char *name, const void *bytes, size_t len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "krb5_ticket_logon_mk: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

static int make(const char *ccache_name, const char *service, const char *dir)
{
    krb5_ccache cc = NULL;
    krb5_creds in, *out = NULL;
    krb5_auth_context ac = NULL;
    krb5_data cred_der = {0};
    krb5_error_code code;
    char host[256] = "";
    int rc = 1;

    memset(&in, 0, sizeof(in));
    if ((code = krb5_cc_resolve(ctx, ccache_name, &cc)) != 0)
        return fail_krb("krb5_cc_resolve", code);
    if ((code = krb5_cc_get_principal(ctx, cc, &in.client)) != 0 ||
        (code = krb5_parse_name(ctx, service, &in.server)) != 0) {
        rc = fail_krb("principals", code);
        goto out;
    }
    if ((code = krb5_get_credentials(ctx, 0, cc, &in, &out)) != 0) {
        rc = fail_krb("krb5_get_credentials", code);
        goto out;
    }
    if (in.server->length != 2 || in.server->data[1].length >= sizeof(host)) {
        fprintf(stderr, "krb5_ticket_logon_mk: %s is not service/host\n", service);
        goto out;
    }
    memcpy(host, in.server->data[1].data, in.server->data[1].length);
    if ((code = krb5_auth_con_init(ctx, &ac)) != 0 ||
        (code = krb5_auth_con_setsendsubkey(ctx, ac, &out->keyblock)) != 0) {
        rc = fail_krb("auth context", code);
        goto out;
    }
    krb5_auth_con_setflags(ctx, ac, 0);
    if ((code = krb5_fwd_tgt_creds(ctx, ac, host, in.client, in.server, cc, 1, &cred_der)) != 0) {
        rc = fail_krb("krb5_fwd_tgt_creds", code);
        goto out;
    }
    if (write_file(dir, "ticket.der", out->ticket.data, out->ticket.length) ||
        write_file(dir, "cred.der", cred_der.data, cred_der.length))
        goto out;
    printf("ticket for %s (session etype %ld) and a forwarded TGT written\n", service, (long)out->keyblock.enctype);
    rc = 0;
out:
    krb5_free_data_contents(ctx, &cred_der);
    if (ac)
        krb5_auth_con_free(ctx, ac);
    if (out)
        krb5_free_creds(ctx, out);
    krb5_free_principal(ctx, in.client);
    krb5_free_principal(ctx, in.server);
    if (cc)
        krb5_cc_close(ctx, cc);
    return rc;
}

int main(int argc, char **argv)
{
    krb5_error_code code;
    int rc = 2;

    if ((code = krb5_init_context(&ctx)) != 0) {
        fprintf(stderr, "krb5_ticket_logon_mk: krb5_init_context: %ld\n", (long)code);
        return 1;
    }
    if (argc == 4)
        rc = make(argv[1], argv[2], argv[3]);
    else
        fprintf(stderr, "usage: krb5_ticket_logon_mk <ccache> <service-principal> <out-dir>\n");
    krb5_free_context(ctx);
    return rc;
}
