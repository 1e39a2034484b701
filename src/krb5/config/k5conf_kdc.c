/* One KDC address as krb5.conf's kdc relation and the registry's KdcNames entries spell it: host, host:port, [v6],
 * [v6]:port; a bare address with several colons is an IPv6 literal without a port, as MIT reads it. */
#include <string.h>

#include "k5conf.h"
#include "k5conf_text.h"

/* Bytes a host may hold: DNS names (letters, digits, '-', '.', '_'), IPv6 literals (':' and '%' for a zone) and
 * UTF-8 (internationalised names). Anything else (blanks, brackets, slashes, quotes) means the value is not a host. */
static int host_byte_ok(unsigned char c, int in_brackets)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    if (c == '-' || c == '.' || c == '_' || c >= 0x80)
        return 1;
    return in_brackets && (c == ':' || c == '%');
}

static k5conf_status copy_host(k5conf_span host, int in_brackets, k5conf_kdc *out)
{
    if (host.n == 0)
        return K5CONF_E_BAD_KDC;
    if (host.n >= sizeof(out->host))
        return K5CONF_E_TOO_LONG;
    for (size_t i = 0; i < host.n; i++)
        if (!host_byte_ok((unsigned char)host.p[i], in_brackets))
            return K5CONF_E_BAD_KDC;
    memcpy(out->host, host.p, host.n);
    out->host[host.n] = '\0';
    return K5CONF_OK;
}

/* A decimal port 1..65535; at most 5 digits, so the value cannot overflow. */
static k5conf_status parse_port(k5conf_span digits, uint16_t *port)
{
    unsigned value = 0;
    if (digits.n == 0 || digits.n > 5)
        return K5CONF_E_BAD_KDC;
    for (size_t i = 0; i < digits.n; i++) {
        if (digits.p[i] < '0' || digits.p[i] > '9')
            return K5CONF_E_BAD_KDC;
        value = value * 10 + (unsigned)(digits.p[i] - '0');
    }
    if (value == 0 || value > 65535)
        return K5CONF_E_BAD_KDC;
    *port = (uint16_t)value;
    return K5CONF_OK;
}

static int has_scheme(k5conf_span s)
{
    for (size_t i = 0; i + 2 < s.n; i++)
        if (s.p[i] == ':' && s.p[i + 1] == '/' && s.p[i + 2] == '/')
            return 1;
    return 0;
}

k5conf_status k5conf_parse_kdc(const char *value, size_t len, k5conf_kdc *out)
{
    return k5conf_parse_server(value, len, K5CONF_DEFAULT_PORT, out);
}

k5conf_status k5conf_parse_server(const char *value, size_t len, uint16_t default_port, k5conf_kdc *out)
{
    if (!out)
        return K5CONF_E_ARGUMENT;
    memset(out, 0, sizeof(*out));
    if (!value && len)
        return K5CONF_E_ARGUMENT;
    k5conf_span s = {value, len};
    s = k5conf_trim_right(k5conf_trim_left(s));
    if (has_scheme(s))
        return K5CONF_E_UNSUPPORTED;
    k5conf_kdc kdc = {.port = default_port};
    k5conf_status st;
    if (s.n > 0 && s.p[0] == '[') {
        const char *close = memchr(s.p, ']', s.n);
        if (!close)
            return K5CONF_E_BAD_KDC;
        size_t close_at = (size_t)(close - s.p);
        k5conf_span host = {s.p + 1, close_at - 1};
        if ((st = copy_host(host, 1, &kdc)) != K5CONF_OK)
            return st;
        k5conf_span after = k5conf_rest(s, close_at + 1);
        if (after.n > 0) {
            if (after.p[0] != ':')
                return K5CONF_E_BAD_KDC;
            if ((st = parse_port(k5conf_rest(after, 1), &kdc.port)) != K5CONF_OK)
                return st;
        }
    } else {
        size_t colons = 0, last = 0;
        for (size_t i = 0; i < s.n; i++)
            if (s.p[i] == ':') {
                colons++;
                last = i;
            }
        if (colons == 1) {
            k5conf_span host = {s.p, last};
            if ((st = copy_host(host, 0, &kdc)) != K5CONF_OK)
                return st;
            if ((st = parse_port(k5conf_rest(s, last + 1), &kdc.port)) != K5CONF_OK)
                return st;
        } else if ((st = copy_host(s, colons > 1, &kdc)) != K5CONF_OK) {
            return st;
        }
    }
    *out = kdc;
    return K5CONF_OK;
}
