/* Small text and memory helpers shared by the accounts files. */
#include "accounts_internal.h"

#include <string.h>

/* memset called through a volatile pointer: the compiler cannot know which function it calls, so it cannot drop the
 * wipe as a dead store; and it is one call, not a store per byte (under the fuzzers' coverage hooks the byte loop was
 * 15-18% of a parse, every entry being wiped when the array grows and when it is freed). */
static void *(*const volatile wipe_memset)(void *, int, size_t) = memset;

void acc_wipe(void *p, size_t n)
{
    if (n != 0)
        wipe_memset(p, 0, n);
}

void acc_free_secret_string(char *s)
{
    if (s != NULL) {
        acc_wipe(s, strlen(s));
        acc_free(s);
    }
}

char *acc_copy_span(text_span s)
{
    char *copy = acc_malloc(s.len + 1);

    if (copy != NULL) {
        memcpy(copy, s.p, s.len);
        copy[s.len] = '\0';
    }
    return copy;
}

int acc_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

text_span acc_trim(text_span s)
{
    while (s.len > 0 && acc_is_blank(s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len > 0 && acc_is_blank(s.p[s.len - 1]))
        s.len--;
    return s;
}

/* Characters Windows refuses in account names, plus controls. Domain names get the same rule: a backslash or colon
 * in one could only come from a mistake. */
int acc_name_is_valid(text_span s)
{
    int only_dots_and_spaces = 1;

    if (s.len == 0 || s.len > LSA_ACCOUNTS_MAX_NAME)
        return 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];

        if (c < 0x20 || c == 0x7F || strchr("\"/\\[]:;|=,+*?<>", c) != NULL)
            return 0;
        if (c != '.' && c != ' ')
            only_dots_and_spaces = 0;
    }
    return !only_dots_and_spaces;
}

int acc_ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int acc_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)acc_ascii_lower((unsigned char)c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

int acc_span_equal_nocase(text_span s, const char *lower)
{
    size_t i = 0;

    if (strlen(lower) != s.len)
        return 0;
    while (i < s.len && acc_ascii_lower((unsigned char)s.p[i]) == lower[i])
        i++;
    return i == s.len;
}

/* Key names compare case-insensitively, as in Windows' own INI files. */
int acc_find_key(text_span key, const char *const *names, int count)
{
    for (int k = 0; k < count; k++) {
        if (acc_span_equal_nocase(key, names[k]))
            return k;
    }
    return -1;
}
