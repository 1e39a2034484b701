/* Our own ccache reader (src/krb5/ccache, kcc_cred: the credential type the LSA keeps) taking a service credential
 * out of a ccache MIT wrote, in the form krb5_judge reads: out-dir/ticket.der, session.hex, enctype. judge.selftest
 * compares the ticket with what MIT's own krb5_cc_retrieve_cred gives and has MIT judge it, so the path from a
 * kcc_cred to the judge is proven before the LSA's credentials take it.
 *   kcc_export <ccache-file> <service> <realm> <out-dir>     service as "host/svc.lsaemu.test" (components by '/') */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc.h"

static int write_file(const char *dir, const char *name, const void *bytes, size_t len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "kcc_export: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: kcc_export <ccache-file> <service> <realm> <out-dir>\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        fprintf(stderr, "kcc_export: cannot open %s\n", argv[1]);
        return 1;
    }
    static uint8_t bytes[1 << 20];
    size_t size = fread(bytes, 1, sizeof(bytes), f);
    fclose(f);

    char service[512];
    snprintf(service, sizeof(service), "%s", argv[2]);
    const char *components[8];
    size_t count = 0;
    for (char *part = strtok(service, "/"); part && count < 8; part = strtok(NULL, "/"))
        components[count++] = part;

    kcc_cache cache;
    kcc_principal server;
    memset(&server, 0, sizeof(server));
    size_t at = 0;
    int rc = 1;
    if (kcc_parse(bytes, size, &cache) != KCC_OK) {
        fprintf(stderr, "kcc_export: not a ccache kcc_parse accepts\n");
        return 1;
    }
    if (kcc_principal_set(&server, 2, argv[3], count, components) != KCC_OK ||
        kcc_find_by_server(&cache, &server, &at) != KCC_OK) {
        fprintf(stderr, "kcc_export: no credential for %s@%s\n", argv[2], argv[3]);
        goto out;
    }
    const kcc_cred *cred = &cache.creds[at];
    char hex[2 * 64 + 1] = "", etype[16];
    if (cred->key.length > 64)
        goto out;
    for (uint32_t i = 0; i < cred->key.length; i++)
        snprintf(hex + 2 * i, 3, "%02x", cred->key.bytes[i]);
    snprintf(etype, sizeof(etype), "%u", (unsigned)cred->enctype);
    if (write_file(argv[4], "ticket.der", cred->ticket.bytes, cred->ticket.length) ||
        write_file(argv[4], "session.hex", hex, strlen(hex)) || write_file(argv[4], "enctype", etype, strlen(etype)))
        goto out;
    printf("kcc_export: credential %zu of %zu, session etype %s\n", at + 1, cache.cred_count, etype);
    rc = 0;
out:
    kcc_wipe(hex, sizeof(hex));
    kcc_principal_free(&server);
    kcc_cache_free(&cache);
    return rc;
}
