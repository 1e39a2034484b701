/* The krb5.conf grammar (k5conf.h), line by line, keeping [libdefaults] default_realm and [realms] kdc values. */
#include <stdlib.h>
#include <string.h>

#include "k5conf.h"
#include "k5conf_text.h"

/* A test build (LSAEMU_K5CONF_ALLOC_HOOK) routes the realm table's allocations through the unit test, which fails each
 * in turn; the library's own source is compiled again for it. */
#ifdef LSAEMU_K5CONF_ALLOC_HOOK
void *lsaemu_k5conf_test_realloc(void *ptr, size_t size);
void lsaemu_k5conf_test_free(void *ptr);
#define K5CONF_REALLOC lsaemu_k5conf_test_realloc
#define K5CONF_FREE lsaemu_k5conf_test_free
#else
#define K5CONF_REALLOC realloc
#define K5CONF_FREE free
#endif

typedef enum { SECTION_OTHER, SECTION_LIBDEFAULTS, SECTION_REALMS } section_kind;

typedef struct {
    k5conf *out;
    size_t realm_capacity;
    int started;          /* a section line was seen: lines before it are ignored, as MIT ignores them */
    int want_open_brace;  /* "tag =" ended a line: the next line must be "{" */
    size_t pending_realm; /* the realm that group opens, or SIZE_MAX */
    section_kind section;
    size_t depth;
    size_t realm; /* the realm whose group is open at depth 1 of [realms], or SIZE_MAX */
} parser;

/* A tag or value with its quotes removed (MIT's escapes \n \t \b \\ and \"); keeps at most cap bytes but always
 * reports the full length, so a caller that needs the value can tell it was too long. */
typedef struct {
    char text[K5CONF_MAX_REALM];
    size_t len;
} word;

static k5conf_status unquote(k5conf_span s, word *w)
{
    w->len = 0;
    int quoted = s.n > 0 && s.p[0] == '"';
    size_t i = quoted ? 1 : 0;
    int closed = !quoted;
    for (; i < s.n; i++) {
        char c = s.p[i];
        if (quoted && c == '"') {
            closed = 1;
            i++;
            break;
        }
        if (quoted && c == '\\') {
            if (s.n - i < 2)
                return K5CONF_E_QUOTE;
            switch (s.p[++i]) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case '\\': c = '\\'; break;
            case '"': c = '"'; break;
            default: return K5CONF_E_QUOTE;
            }
        }
        if (w->len < sizeof(w->text))
            w->text[w->len] = c;
        w->len++;
    }
    if (!closed || k5conf_trim_left(k5conf_rest(s, i)).n != 0)
        return K5CONF_E_QUOTE;
    return K5CONF_OK;
}

/* A name that is used (a realm): not empty, fits, and holds no control characters or blanks that would make it
 * ambiguous. */
static k5conf_status check_name(const word *w)
{
    if (w->len == 0)
        return K5CONF_E_RELATION; /* e.g. the tag "*": nothing left before the final marker */
    if (w->len >= sizeof(w->text))
        return K5CONF_E_TOO_LONG;
    for (size_t i = 0; i < w->len; i++) {
        unsigned char c = (unsigned char)w->text[i];
        if (c <= 0x20 || c == 0x7f)
            return K5CONF_E_RELATION;
    }
    return K5CONF_OK;
}

static int end_or_comment(k5conf_span s)
{
    return s.n == 0 || s.p[0] == '#' || s.p[0] == ';';
}

/* MIT's final marker: a tag ends at its first '*'. */
static void strip_final_marker(word *w)
{
    size_t kept = w->len < sizeof(w->text) ? w->len : sizeof(w->text);
    const char *star = memchr(w->text, '*', kept);
    if (star)
        w->len = (size_t)(star - w->text);
}

static k5conf_status find_or_add_realm(parser *ps, const word *name, size_t *index)
{
    k5conf *out = ps->out;
    for (size_t i = 0; i < out->realm_count; i++)
        if (strlen(out->realms[i].name) == name->len && memcmp(out->realms[i].name, name->text, name->len) == 0) {
            *index = i;
            return K5CONF_OK;
        }
    if (out->realm_count == K5CONF_MAX_REALMS)
        return K5CONF_E_LIMIT;
    if (out->realm_count == ps->realm_capacity) {
        size_t capacity = ps->realm_capacity ? ps->realm_capacity * 2 : 8;
        if (capacity > K5CONF_MAX_REALMS)
            capacity = K5CONF_MAX_REALMS;
        k5conf_realm *grown = K5CONF_REALLOC(out->realms, capacity * sizeof(*grown));
        if (!grown)
            return K5CONF_E_NO_MEMORY;
        out->realms = grown;
        ps->realm_capacity = capacity;
    }
    k5conf_realm *r = &out->realms[out->realm_count];
    memset(r, 0, sizeof(*r));
    memcpy(r->name, name->text, name->len);
    *index = out->realm_count++;
    return K5CONF_OK;
}

static k5conf_status open_group(parser *ps)
{
    if (ps->depth == K5CONF_MAX_DEPTH)
        return K5CONF_E_DEPTH;
    ps->depth++;
    if (ps->depth == 1)
        ps->realm = ps->pending_realm;
    ps->pending_realm = SIZE_MAX;
    return K5CONF_OK;
}

static k5conf_status parse_section(parser *ps, k5conf_span line)
{
    if (ps->depth > 0)
        return K5CONF_E_SECTION;
    const char *close = memchr(line.p, ']', line.n);
    if (!close || close == line.p + 1)
        return K5CONF_E_SECTION;
    k5conf_span name = {line.p + 1, (size_t)(close - line.p) - 1};
    k5conf_span after = k5conf_rest(line, (size_t)(close - line.p) + 1);
    if (after.n > 0 && after.p[0] == '*')
        after = k5conf_rest(after, 1);
    if (k5conf_trim_left(after).n != 0)
        return K5CONF_E_SECTION;
    ps->section = k5conf_span_is(name, "libdefaults") ? SECTION_LIBDEFAULTS
                  : k5conf_span_is(name, "realms")    ? SECTION_REALMS
                                                      : SECTION_OTHER;
    ps->started = 1;
    return K5CONF_OK;
}

static k5conf_status close_group(parser *ps, k5conf_span line)
{
    if (ps->depth == 0)
        return K5CONF_E_BRACE;
    k5conf_span after = k5conf_rest(line, 1);
    if (after.n > 0 && after.p[0] == '*')
        after = k5conf_rest(after, 1);
    if (!end_or_comment(k5conf_trim_left(after)))
        return K5CONF_E_BRACE;
    if (--ps->depth == 0)
        ps->realm = SIZE_MAX;
    return K5CONF_OK;
}

static k5conf_status use_relation(parser *ps, const word *tag, k5conf_span value)
{
    k5conf *out = ps->out;
    k5conf_status st;
    word w;
    if ((st = unquote(value, &w)) != K5CONF_OK)
        return st;
    if (ps->section == SECTION_LIBDEFAULTS && ps->depth == 0 && tag->len == 13 &&
        memcmp(tag->text, "default_realm", 13) == 0) {
        if (out->default_realm[0] != '\0' || w.len == 0)
            return K5CONF_OK; /* the first one wins, as MIT's profile lookups return the first value */
        if ((st = check_name(&w)) != K5CONF_OK)
            return st;
        memcpy(out->default_realm, w.text, w.len);
        out->default_realm[w.len] = '\0';
        return K5CONF_OK;
    }
    if (ps->section == SECTION_REALMS && ps->depth == 1 && ps->realm != SIZE_MAX && tag->len == 3 &&
        memcmp(tag->text, "kdc", 3) == 0) {
        if (w.len >= sizeof(w.text))
            return K5CONF_E_TOO_LONG;
        k5conf_realm *r = &out->realms[ps->realm];
        k5conf_kdc kdc;
        st = k5conf_parse_kdc(w.text, w.len, &kdc);
        if (st == K5CONF_E_UNSUPPORTED) {
            out->ignored_kdcs++;
            return K5CONF_OK;
        }
        if (st != K5CONF_OK)
            return st;
        if (r->kdc_count == K5CONF_MAX_KDCS)
            return K5CONF_E_LIMIT;
        r->kdcs[r->kdc_count++] = kdc;
    }
    if (ps->section == SECTION_REALMS && ps->depth == 1 && ps->realm != SIZE_MAX && tag->len == 14 &&
        memcmp(tag->text, "kpasswd_server", 14) == 0) {
        k5conf_realm *r = &out->realms[ps->realm];
        k5conf_kdc server;
        if (w.len >= sizeof(w.text))
            return K5CONF_E_TOO_LONG;
        if ((st = k5conf_parse_server(w.text, w.len, K5CONF_KPASSWD_PORT, &server)) != K5CONF_OK)
            return st == K5CONF_E_UNSUPPORTED ? K5CONF_E_BAD_KDC : st;
        if (!r->has_kpasswd) { /* the first one wins, as MIT's profile lookups return the first value */
            r->kpasswd = server;
            r->has_kpasswd = 1;
        }
    }
    return K5CONF_OK;
}

/* "tag = value", "tag = {", "tag =" (the "{" follows on the next line). */
static k5conf_status parse_relation(parser *ps, k5conf_span line)
{
    const char *eq = memchr(line.p, '=', line.n);
    if (!eq || eq == line.p)
        return K5CONF_E_RELATION;
    k5conf_span raw_tag = k5conf_trim_right((k5conf_span){line.p, (size_t)(eq - line.p)});
    k5conf_status st;
    word tag;
    if (raw_tag.p[0] == '"') {
        if ((st = unquote(raw_tag, &tag)) != K5CONF_OK)
            return st;
    } else {
        for (size_t i = 0; i < raw_tag.n; i++)
            if (k5conf_is_blank(raw_tag.p[i]))
                return K5CONF_E_RELATION;
        if ((st = unquote(raw_tag, &tag)) != K5CONF_OK)
            return st;
    }
    strip_final_marker(&tag);
    k5conf_span value = k5conf_trim_right(k5conf_trim_left(k5conf_rest(line, (size_t)(eq - line.p) + 1)));
    int subsection = 0;
    if (value.n > 0 && value.p[0] == '{') {
        if (!end_or_comment(k5conf_trim_left(k5conf_rest(value, 1))))
            return K5CONF_E_RELATION; /* "{ ... }" on one line: MIT would read it as a plain string */
        subsection = 1;
    } else if (end_or_comment(value)) {
        subsection = 2; /* MIT: an empty value (or a comment) means the "{" is on the next line */
    }
    if (!subsection)
        return use_relation(ps, &tag, value);
    ps->pending_realm = SIZE_MAX;
    if (ps->section == SECTION_REALMS && ps->depth == 0) {
        if ((st = check_name(&tag)) != K5CONF_OK)
            return st;
        if ((st = find_or_add_realm(ps, &tag, &ps->pending_realm)) != K5CONF_OK)
            return st;
    }
    if (subsection == 2) {
        ps->want_open_brace = 1;
        return K5CONF_OK;
    }
    return open_group(ps);
}

/* MIT recognises these at the start of any line (include, includedir) or before the first section (module). */
static int is_directive(k5conf_span line, const char *word_text, size_t word_len)
{
    return line.n >= word_len && memcmp(line.p, word_text, word_len) == 0 &&
           (line.n == word_len || k5conf_is_blank(line.p[word_len]));
}

static k5conf_status parse_line(parser *ps, k5conf_span line)
{
    if (is_directive(line, "include", 7) || is_directive(line, "includedir", 10) ||
        (!ps->started && is_directive(line, "module", 6))) {
        ps->out->ignored_directives++;
        return K5CONF_OK;
    }
    if (ps->want_open_brace) {
        k5conf_span s = k5conf_trim_left(line);
        if (s.n == 0 || s.p[0] != '{' || !end_or_comment(k5conf_trim_left(k5conf_rest(s, 1))))
            return K5CONF_E_BRACE;
        ps->want_open_brace = 0;
        return open_group(ps);
    }
    if (!ps->started && (line.n == 0 || line.p[0] != '['))
        return K5CONF_OK;
    k5conf_span s = k5conf_trim_right(k5conf_trim_left(line));
    if (end_or_comment(s))
        return K5CONF_OK;
    if (s.p[0] == '[')
        return parse_section(ps, s);
    if (s.p[0] == '}')
        return close_group(ps, s);
    return parse_relation(ps, s);
}

void k5conf_free(k5conf *conf)
{
    if (!conf)
        return;
    K5CONF_FREE(conf->realms);
    memset(conf, 0, sizeof(*conf));
}

k5conf_status k5conf_parse(const char *text, size_t len, k5conf *out, size_t *error_line)
{
    if (error_line)
        *error_line = 0;
    if (!out)
        return K5CONF_E_ARGUMENT;
    memset(out, 0, sizeof(*out));
    if (!text && len)
        return K5CONF_E_ARGUMENT;
    if (len > K5CONF_MAX_TEXT)
        return K5CONF_E_TOO_BIG;
    if (len && memchr(text, '\0', len))
        return K5CONF_E_NUL;
    parser ps = {.out = out, .pending_realm = SIZE_MAX, .realm = SIZE_MAX};
    size_t line_no = 0, at = 0;
    /* A UTF-8 byte order mark (Windows editors write one) would hide the first "[section]" line, and with it every
     * relation up to the next section: skip it. */
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        at = 3;
    k5conf_status st = K5CONF_OK;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t line_len = nl ? (size_t)(nl - (text + at)) : len - at;
        k5conf_span line = {text + at, line_len};
        while (line.n > 0 && line.p[line.n - 1] == '\r')
            line.n--;
        line_no++;
        if ((st = parse_line(&ps, line)) != K5CONF_OK)
            break;
        at += line_len + (nl ? 1 : 0);
    }
    if (st == K5CONF_OK && (ps.depth > 0 || ps.want_open_brace)) {
        st = K5CONF_E_BRACE;
        line_no++; /* the error is at the end of the text */
    }
    if (st != K5CONF_OK) {
        k5conf_free(out);
        if (error_line)
            *error_line = line_no;
    }
    return st;
}
