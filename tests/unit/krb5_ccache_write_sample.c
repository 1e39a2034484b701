/* Writes a ccache built from scratch by src/krb5/ccache to argv[1] (format 0x0504, or 0x0503 with "3" as argv[2]),
 * for krb5_ccache_klist.sh to show with MIT's klist: a TGT, a service ticket and a configuration entry that klist
 * must not list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc.h"

static int add(kcc_cache *c, uint32_t name_type, const char *first, const char *second, uint32_t flags,
               uint32_t start)
{
    static const uint8_t key[32] = {0x11, 0x22, 0x33};
    static const uint8_t ticket[] = {0x61, 0x00};
    const char *names[] = {first, second};
    kcc_cred cred;
    int ok;

    memset(&cred, 0, sizeof(cred));
    cred.client = c->default_principal;
    if (kcc_principal_set(&cred.server, name_type, "LSAEMU.TEST", 2, names) != KCC_OK)
        return 0;
    cred.enctype = 18;
    cred.key = (kcc_data){(uint8_t *)key, sizeof(key)};
    cred.authtime = 1700000000;
    cred.starttime = start;
    cred.endtime = start + 36000;
    cred.renew_till = 1700604800;
    cred.ticket_flags = flags;
    cred.ticket = (kcc_data){(uint8_t *)ticket, sizeof(ticket)};
    ok = kcc_add_cred(c, &cred) == KCC_OK;
    kcc_principal_free(&cred.server);
    return ok;
}

int main(int argc, char **argv)
{
    const char *bob[] = {"bob"};
    const char *tgs[] = {"krbtgt", "LSAEMU.TEST"};
    kcc_principal krbtgt;
    kcc_cache c;
    uint8_t *out;
    size_t need, n;
    FILE *f;

    if (argc < 2)
        return 2;
    memset(&c, 0, sizeof(c));
    c.version = argc > 2 && !strcmp(argv[2], "3") ? KCC_VERSION_3 : KCC_VERSION_4;
    if (kcc_principal_set(&c.default_principal, 1, "LSAEMU.TEST", 1, bob) != KCC_OK ||
        kcc_principal_set(&krbtgt, 2, "LSAEMU.TEST", 2, tgs) != KCC_OK)
        return 1;
    if (c.version == KCC_VERSION_4 && kcc_set_kdc_offset(&c, 0, 0) != KCC_OK)
        return 1;
    /* Forwardable, renewable, initial, pre-authenticated: klist's "FRIA". */
    if (kcc_set_config(&c, "pa_type", &krbtgt, "2", 1) != KCC_OK ||
        !add(&c, 2, "krbtgt", "LSAEMU.TEST", 0x40e00000, 1700000000) ||
        /* Forwardable, renewable, ok-as-delegate: "FRO". */
        !add(&c, 3, "HTTP", "web.lsaemu.test", 0x40840000, 1700000100))
        return 1;
    kcc_principal_free(&krbtgt);
    if (kcc_serialized_size(&c, &need) != KCC_OK || !(out = malloc(need)) ||
        kcc_serialize(&c, out, need, &n) != KCC_OK)
        return 1;
    kcc_cache_free(&c);
    if (!(f = fopen(argv[1], "wb")) || fwrite(out, 1, n, f) != n || fclose(f))
        return 1;
    free(out);
    return 0;
}
