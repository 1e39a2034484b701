/* libFuzzer: the krb5.conf reader (src/krb5/config). The whole input as a file, then as one kdc value; whatever is
 * accepted must hold the reader's promises (limits, terminated names, ports set, every realm findable by its name). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "k5conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* strnlen is POSIX, not C11. */
static size_t bounded_len(const char *s, size_t max)
{
    const char *nul = memchr(s, '\0', max);
    return nul ? (size_t)(nul - s) : max;
}

static void check_kdc(const k5conf_kdc *kdc)
{
    size_t len = bounded_len(kdc->host, sizeof(kdc->host));
    if (len == 0 || len == sizeof(kdc->host) || kdc->port == 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    k5conf conf;
    size_t line = 0;
    if (k5conf_parse(text, size, &conf, &line) == K5CONF_OK) {
        if (line != 0 || conf.realm_count > K5CONF_MAX_REALMS || (conf.realm_count && !conf.realms) ||
            bounded_len(conf.default_realm, sizeof(conf.default_realm)) == sizeof(conf.default_realm))
            abort();
        for (size_t i = 0; i < conf.realm_count; i++) {
            const k5conf_realm *r = &conf.realms[i];
            size_t name_len = bounded_len(r->name, sizeof(r->name));
            if (name_len == 0 || name_len == sizeof(r->name) || r->kdc_count > K5CONF_MAX_KDCS)
                abort();
            const k5conf_realm *found = k5conf_find_realm(&conf, r->name, name_len, K5CONF_MATCH_NAME);
            if (!found || found > r)
                abort();
            /* The first label finds this realm or an earlier one with the same label. */
            const char *dot = memchr(r->name, '.', name_len);
            if (dot && dot > r->name) {
                found = k5conf_find_realm(&conf, r->name, (size_t)(dot - r->name), K5CONF_MATCH_FIRST_LABEL);
                if (!found || found > r)
                    abort();
            }
            for (size_t k = 0; k < r->kdc_count; k++)
                check_kdc(&r->kdcs[k]);
        }
        k5conf_free(&conf);
    } else if (conf.realms || conf.realm_count || line > size + 1) {
        abort();
    }
    k5conf_kdc kdc;
    if (k5conf_parse_kdc(text, size, &kdc) == K5CONF_OK)
        check_kdc(&kdc);
    return 0;
}
