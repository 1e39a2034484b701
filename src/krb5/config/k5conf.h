/* MIT krb5.conf ("profile" syntax) read for what a Kerberos client needs without DNS: [libdefaults] default_realm and
 * each [realms] <REALM> = { kdc = host[:port] } entry, and a realm's
 * first kpasswd_server = host[:port] (the password change server). The grammar is MIT's (krb5.conf(5), "profile" files):
 *   - lines before the first "[section]" line are ignored, as MIT ignores them (a leading UTF-8 byte order mark is
 *     skipped first, so that it cannot hide the first section);
 *   - "[name]" opens a section (only outside braces), optionally followed by the final marker "*";
 *   - "tag = value" is a relation; a value is the rest of the line with trailing blanks removed, or a "quoted string"
 *     with the escapes \n \t \b \\ \"; there are no comments after a value;
 *   - "tag = {" (or "tag =" then "{" on the next line) opens a subsection, "}" closes it; "*" after a tag or after
 *     "}" is MIT's final marker, accepted and ignored here (one file is read at a time);
 *   - lines whose first non-blank character is '#' or ';' are comments;
 *   - "include", "includedir" (anywhere) and "module" (before the first section) directives are NOT followed: they
 *     are counted in k5conf.ignored_directives so the caller can say so.
 * Strict where MIT would quietly read something else than the author meant: NUL bytes, an unterminated quote, text
 * after "]", "}" or a closing quote, "{ ... }" on one line, unbalanced braces, an unparsable kdc value are errors, and
 * the whole file is refused (a partial reading could send a logon to the wrong KDC). Portable, no windows.h. */
#ifndef LSAEMU_K5CONF_H
#define LSAEMU_K5CONF_H

#include <stddef.h>
#include <stdint.h>

#define K5CONF_MAX_TEXT (1u << 20) /* bytes of one file; larger files are refused before parsing */
#define K5CONF_MAX_DEPTH 16        /* nested braces */
#define K5CONF_MAX_REALMS 128
#define K5CONF_MAX_KDCS 16 /* kdc lines of one realm (all its groups together) */
#define K5CONF_MAX_HOST 256  /* bytes of a host, NUL included */
#define K5CONF_MAX_REALM 256 /* bytes of a realm name, NUL included */
#define K5CONF_DEFAULT_PORT 88
#define K5CONF_KPASSWD_PORT 464 /* kpasswd_server's port when its value names none (MIT's default) */

typedef enum {
    K5CONF_OK = 0,
    K5CONF_E_ARGUMENT,
    K5CONF_E_TOO_BIG,      /* the text is over K5CONF_MAX_TEXT */
    K5CONF_E_NUL,          /* a NUL byte in the text */
    K5CONF_E_SECTION,      /* "[" without "]", an empty name, text after "]", or a section inside braces */
    K5CONF_E_RELATION,     /* a line that is no comment, section, brace or "tag = value" */
    K5CONF_E_QUOTE,        /* unterminated quoted string, unknown escape, or text after the closing quote */
    K5CONF_E_BRACE,        /* "}" with no group open, a group never closed, "{" missing after "tag =" */
    K5CONF_E_DEPTH,        /* more than K5CONF_MAX_DEPTH nested groups */
    K5CONF_E_TOO_LONG,     /* a realm name or host over its limit */
    K5CONF_E_LIMIT,        /* more than K5CONF_MAX_REALMS realms or K5CONF_MAX_KDCS kdc lines in one realm */
    K5CONF_E_BAD_KDC,      /* a kdc value that is not host, host:port, [v6] or [v6]:port with port 1..65535 */
    K5CONF_E_UNSUPPORTED,  /* (k5conf_parse_kdc only) a URL form such as https:// (MS-KKDCP proxy) */
    K5CONF_E_NO_MEMORY,
} k5conf_status;

typedef struct {
    char host[K5CONF_MAX_HOST]; /* name or address literal without brackets, NUL-terminated */
    uint16_t port;              /* K5CONF_DEFAULT_PORT when none was given */
} k5conf_kdc;

typedef struct {
    char name[K5CONF_MAX_REALM]; /* as spelled in the file (MIT's realm names are case-sensitive) */
    size_t kdc_count;            /* 0 when the realm names no kdc */
    k5conf_kdc kdcs[K5CONF_MAX_KDCS];
    int has_kpasswd;    /* the realm's first kpasswd_server value (password changes), when it has one */
    k5conf_kdc kpasswd; /* its port K5CONF_KPASSWD_PORT when none was given */
} k5conf_realm;

typedef struct {
    char default_realm[K5CONF_MAX_REALM]; /* "" when the file names none; the first one wins, as in MIT */
    size_t realm_count;
    k5conf_realm *realms;      /* in the order of first appearance; groups of the same name are merged */
    size_t ignored_directives; /* include / includedir / module lines not followed */
    size_t ignored_kdcs;       /* kdc values in a form not used here (https:// proxies) */
} k5conf;

/* Parses text (len bytes, no terminator needed). On success *out owns its realms (k5conf_free); on failure *out is
 * empty and *error_line (if given) is the 1-based line of the error (0 for whole-text errors). */
k5conf_status k5conf_parse(const char *text, size_t len, k5conf *out, size_t *error_line);
void k5conf_free(k5conf *conf);

/* One kdc value ("host", "host:port", "[v6]", "[v6]:port"; a bare address with several colons is a host, as MIT
 * reads it). K5CONF_OK, K5CONF_E_BAD_KDC, K5CONF_E_TOO_LONG, K5CONF_E_UNSUPPORTED. Also used for the registry's
 * KdcNames entries, which have the same form. */
k5conf_status k5conf_parse_kdc(const char *value, size_t len, k5conf_kdc *out);

/* The same form with another default port (kpasswd_server: K5CONF_KPASSWD_PORT). */
k5conf_status k5conf_parse_server(const char *value, size_t len, uint16_t default_port, k5conf_kdc *out);

typedef enum {
    K5CONF_MATCH_NAME,        /* the whole realm name, ASCII case-insensitively */
    K5CONF_MATCH_FIRST_LABEL, /* a NetBIOS-style domain: the realm's first dot-separated label, case-insensitively */
} k5conf_match;

/* Whether realm (NUL-terminated) is what name (len bytes) designates under rule how. An empty name matches nothing. */
int k5conf_realm_matches(const char *realm, const char *name, size_t len, k5conf_match how);

/* The first realm of conf that name designates under rule how, or NULL. */
const k5conf_realm *k5conf_find_realm(const k5conf *conf, const char *name, size_t len, k5conf_match how);

const char *k5conf_status_name(k5conf_status status);

#endif
