/* Which realm a logon domain designates: the realm's whole name or, NetBIOS-style, its first label; both ASCII
 * case-insensitively (Windows compares domain names without regard to case; realm names are ASCII in practice). */
#include <string.h>

#include "k5conf.h"

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int k5conf_realm_matches(const char *realm, const char *name, size_t len, k5conf_match how)
{
    if (!realm || !name || len == 0)
        return 0;
    size_t realm_len = strlen(realm);
    size_t compare = realm_len;
    if (how == K5CONF_MATCH_FIRST_LABEL) {
        const char *dot = memchr(realm, '.', realm_len);
        if (!dot)
            return 0; /* a one-label realm is matched by its name, not as its own first label */
        compare = (size_t)(dot - realm);
    }
    if (compare != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (ascii_lower(realm[i]) != ascii_lower(name[i]))
            return 0;
    return 1;
}

const k5conf_realm *k5conf_find_realm(const k5conf *conf, const char *name, size_t len, k5conf_match how)
{
    if (!conf)
        return NULL;
    for (size_t i = 0; i < conf->realm_count; i++)
        if (k5conf_realm_matches(conf->realms[i].name, name, len, how))
            return &conf->realms[i];
    return NULL;
}

const char *k5conf_status_name(k5conf_status status)
{
    switch (status) {
    case K5CONF_OK: return "ok";
    case K5CONF_E_ARGUMENT: return "bad argument";
    case K5CONF_E_TOO_BIG: return "file too big";
    case K5CONF_E_NUL: return "NUL byte";
    case K5CONF_E_SECTION: return "malformed section line";
    case K5CONF_E_RELATION: return "malformed relation";
    case K5CONF_E_QUOTE: return "malformed quoted string";
    case K5CONF_E_BRACE: return "unbalanced braces";
    case K5CONF_E_DEPTH: return "groups nested too deep";
    case K5CONF_E_TOO_LONG: return "name too long";
    case K5CONF_E_LIMIT: return "too many realms or kdcs";
    case K5CONF_E_BAD_KDC: return "malformed kdc";
    case K5CONF_E_UNSUPPORTED: return "unsupported kdc form";
    case K5CONF_E_NO_MEMORY: return "out of memory";
    }
    return "unknown";
}
