/* Reading one value: quoting and comments, then the typed readers (hash, numbers, flags, times, hours, lists). Typed
 * readers take the raw text and refuse a quoted value that used escapes where none can be needed. */
#include "accounts_internal.h"

#include <string.h>

static int starts_comment(char c)
{
    return c == '#' || c == ';';
}

static int rest_is_empty(text_span s)
{
    s = acc_trim(s);
    return s.len == 0 || starts_comment(s.p[0]);
}

lsa_accounts_status acc_scan_value(text_span after_eq, value_text *v)
{
    text_span s = acc_trim(after_eq);

    memset(v, 0, sizeof(*v));
    if (s.len > 0 && s.p[0] == '"') {
        size_t i = 1;

        v->quoted = 1;
        for (;;) {
            if (i == s.len)
                return LSA_ACCOUNTS_SYNTAX; /* no closing quote */
            if (s.p[i] == '"')
                break;
            if (s.p[i] == '\\') {
                if (s.len - i < 2 || (s.p[i + 1] != '"' && s.p[i + 1] != '\\'))
                    return LSA_ACCOUNTS_SYNTAX;
                i++;
            }
            i++;
            v->len++;
        }
        v->raw.p = s.p + 1;
        v->raw.len = i - 1;
        if (!rest_is_empty((text_span){ s.p + i + 1, s.len - i - 1 }))
            return LSA_ACCOUNTS_SYNTAX;
    } else {
        size_t end = 0;

        while (end < s.len && !(starts_comment(s.p[end]) && (end == 0 || acc_is_blank(s.p[end - 1]))))
            end++;
        v->raw = acc_trim((text_span){ s.p, end });
        v->len = v->raw.len;
    }
    if (v->len > LSA_ACCOUNTS_MAX_VALUE)
        return LSA_ACCOUNTS_VALUE_TOO_LONG;
    return LSA_ACCOUNTS_OK;
}

char *acc_copy_value(const value_text *v)
{
    char *copy;
    size_t out = 0;

    if (!v->quoted)
        return acc_copy_span(v->raw);
    copy = acc_malloc(v->len + 1);
    if (copy == NULL)
        return NULL;
    for (size_t i = 0; i < v->raw.len; i++) {
        if (v->raw.p[i] == '\\')
            i++; /* acc_scan_value checked that an escaped character follows */
        copy[out++] = v->raw.p[i];
    }
    copy[out] = '\0';
    return copy;
}

/* The raw text when it needs no unescaping: a value of digits, letters and punctuation never does. */
static int plain(const value_text *v)
{
    return !v->quoted || v->len == v->raw.len;
}

lsa_accounts_status acc_parse_nt_hash(const value_text *v, uint8_t hash[16])
{
    if (!plain(v) || v->raw.len != 32)
        return LSA_ACCOUNTS_BAD_HASH;
    for (size_t i = 0; i < 16; i++) {
        int hi = acc_hex_digit(v->raw.p[2 * i]);
        int lo = acc_hex_digit(v->raw.p[2 * i + 1]);

        if (hi < 0 || lo < 0)
            return LSA_ACCOUNTS_BAD_HASH;
        hash[i] = (uint8_t)(hi << 4 | lo);
    }
    return LSA_ACCOUNTS_OK;
}

lsa_accounts_status acc_parse_decimal(const value_text *v, uint32_t min, uint32_t max, lsa_accounts_status bad,
                                      uint32_t *out)
{
    uint64_t value = 0;

    if (v->raw.len == 0 || !plain(v))
        return bad;
    for (size_t i = 0; i < v->raw.len; i++) {
        char c = v->raw.p[i];

        if (c < '0' || c > '9')
            return bad;
        value = value * 10 + (uint64_t)(c - '0');
        if (value > max)
            return bad;
    }
    if (value < min)
        return bad;
    *out = (uint32_t)value;
    return LSA_ACCOUNTS_OK;
}

lsa_accounts_status acc_parse_bool(const value_text *v, int *out)
{
    static const char *const yes[] = { "yes", "true", "1" };
    static const char *const no[] = { "no", "false", "0" };

    if (!plain(v))
        return LSA_ACCOUNTS_BAD_BOOL;
    for (size_t i = 0; i < 3; i++) {
        if (acc_span_equal_nocase(v->raw, yes[i])) {
            *out = 1;
            return LSA_ACCOUNTS_OK;
        }
        if (acc_span_equal_nocase(v->raw, no[i])) {
            *out = 0;
            return LSA_ACCOUNTS_OK;
        }
    }
    return LSA_ACCOUNTS_BAD_BOOL;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard Hinnant's well-known civil algorithms). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t era;
    unsigned doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* digits at s[at..at+n) as a number, or -1 */
static long digits(const char *s, size_t at, size_t n)
{
    long value = 0;

    for (size_t i = at; i < at + n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

lsa_accounts_status acc_parse_time(const value_text *v, int64_t *out)
{
    static const unsigned char month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    const char *s = v->raw.p;
    long year, month, day, hour, minute, second;

    if (!plain(v))
        return LSA_ACCOUNTS_BAD_TIME;
    if (acc_span_equal_nocase(v->raw, "never")) {
        *out = LSA_ACCOUNTS_NEVER;
        return LSA_ACCOUNTS_OK;
    }
    /* exactly YYYY-MM-DDTHH:MM:SSZ: one spelling, so the file reads the same everywhere */
    if (v->raw.len != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
        s[19] != 'Z')
        return LSA_ACCOUNTS_BAD_TIME;
    year = digits(s, 0, 4);
    month = digits(s, 5, 2);
    day = digits(s, 8, 2);
    hour = digits(s, 11, 2);
    minute = digits(s, 14, 2);
    second = digits(s, 17, 2);
    if (year < 1601 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 59)
        return LSA_ACCOUNTS_BAD_TIME;
    if (day > month_days[month - 1] + (month == 2 && leap(year)))
        return LSA_ACCOUNTS_BAD_TIME;
    *out = days_from_civil(year, (unsigned)month, (unsigned)day) * 86400 + hour * 3600 + minute * 60 + second;
    return LSA_ACCOUNTS_OK;
}

void acc_format_time(int64_t t, char out[21])
{
    int64_t days, secs, y;
    unsigned m, d;

    if (t == LSA_ACCOUNTS_NEVER) {
        memcpy(out, "never", 6);
        return;
    }
    days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    secs = t - days * 86400;
    civil_from_days(days, &y, &m, &d);
    /* written by hand: snprintf of int64_t differs between mingw's and glibc's printf */
    {
        unsigned fields[6] = { (unsigned)y, m, d, (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60),
                               (unsigned)(secs % 60) };
        static const char seps[6] = { '-', '-', 'T', ':', ':', 'Z' };
        size_t o = 0;

        for (int f = 0; f < 6; f++) {
            unsigned width = f == 0 ? 4 : 2;

            for (unsigned i = width; i-- > 0;) {
                out[o + i] = (char)('0' + fields[f] % 10);
                fields[f] /= 10;
            }
            o += width;
            out[o++] = seps[f];
        }
        out[o] = '\0';
    }
}

lsa_accounts_status acc_parse_hours(const value_text *v, uint8_t hours[LSA_ACCOUNTS_HOURS_BYTES])
{
    if (!plain(v))
        return LSA_ACCOUNTS_BAD_HOURS;
    if (acc_span_equal_nocase(v->raw, "all")) {
        memset(hours, 0xFF, LSA_ACCOUNTS_HOURS_BYTES);
        return LSA_ACCOUNTS_OK;
    }
    if (v->raw.len != 2 * LSA_ACCOUNTS_HOURS_BYTES)
        return LSA_ACCOUNTS_BAD_HOURS;
    for (size_t i = 0; i < LSA_ACCOUNTS_HOURS_BYTES; i++) {
        int hi = acc_hex_digit(v->raw.p[2 * i]);
        int lo = acc_hex_digit(v->raw.p[2 * i + 1]);

        if (hi < 0 || lo < 0)
            return LSA_ACCOUNTS_BAD_HOURS;
        hours[i] = (uint8_t)(hi << 4 | lo);
    }
    return LSA_ACCOUNTS_OK;
}

/* Items trimmed, joined by ","; an empty item is refused, an empty value is the empty list. */
lsa_accounts_status acc_parse_list(const value_text *v, char **out)
{
    char *text = acc_copy_value(v);
    size_t in = 0, o = 0, n;

    if (text == NULL)
        return LSA_ACCOUNTS_NOMEM;
    n = strlen(text);
    if (acc_trim((text_span){ text, n }).len == 0) {
        text[0] = '\0';
        *out = text;
        return LSA_ACCOUNTS_OK;
    }
    for (;;) {
        const char *comma = memchr(text + in, ',', n - in);
        size_t end = comma != NULL ? (size_t)(comma - text) : n;
        text_span item = acc_trim((text_span){ text + in, end - in });

        if (item.len == 0) {
            acc_free(text);
            return LSA_ACCOUNTS_BAD_LIST;
        }
        if (o != 0)
            text[o++] = ',';
        memmove(text + o, item.p, item.len); /* never ahead of the reading position */
        o += item.len;
        if (comma == NULL)
            break;
        in = end + 1;
    }
    text[o] = '\0';
    *out = text;
    return LSA_ACCOUNTS_OK;
}

lsa_accounts_status acc_parse_drive(const value_text *v, char **out)
{
    text_span s = v->raw;

    if (!plain(v))
        return LSA_ACCOUNTS_BAD_DRIVE;
    if (s.len != 0 && !(s.len == 2 && s.p[1] == ':' && acc_ascii_lower((unsigned char)s.p[0]) >= 'a' &&
                        acc_ascii_lower((unsigned char)s.p[0]) <= 'z'))
        return LSA_ACCOUNTS_BAD_DRIVE;
    *out = acc_copy_span(s);
    return *out != NULL ? LSA_ACCOUNTS_OK : LSA_ACCOUNTS_NOMEM;
}
