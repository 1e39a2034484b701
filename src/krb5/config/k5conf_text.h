/* Byte spans over the configuration text and the small lexical helpers the parser and the kdc reader share. */
#ifndef LSAEMU_K5CONF_TEXT_H
#define LSAEMU_K5CONF_TEXT_H

#include <stddef.h>

typedef struct {
    const char *p;
    size_t n;
} k5conf_span;

/* MIT's isspace() set, in the C locale. */
static inline int k5conf_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static inline k5conf_span k5conf_trim_left(k5conf_span s)
{
    while (s.n > 0 && k5conf_is_blank(s.p[0])) {
        s.p++;
        s.n--;
    }
    return s;
}

static inline k5conf_span k5conf_trim_right(k5conf_span s)
{
    while (s.n > 0 && k5conf_is_blank(s.p[s.n - 1]))
        s.n--;
    return s;
}

static inline k5conf_span k5conf_rest(k5conf_span s, size_t from)
{
    k5conf_span r = {s.p + from, s.n - from};
    return r;
}

/* Whether s is exactly the NUL-terminated word. */
static inline int k5conf_span_is(k5conf_span s, const char *word)
{
    size_t i = 0;
    for (; i < s.n; i++)
        if (word[i] == '\0' || word[i] != s.p[i])
            return 0;
    return word[i] == '\0';
}

#endif
