/* The session-details blob; see lsa_session_details.h. */
#include "lsa_session_details.h"

#include <string.h>

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, int64_t v)
{
    uint64_t u = (uint64_t)v;
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(u >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int64_t get64(const uint8_t *p)
{
    return (int64_t)((uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32);
}

/* The fixed fields in layout order, so encode and decode share one description. */
#define TIME_FIELDS 7
static int64_t *time_field(lsa_session_details *d, int i)
{
    int64_t *const fields[TIME_FIELDS] = {&d->logoff_time,          &d->kickoff_time,
                                          &d->password_last_set,    &d->password_can_change,
                                          &d->password_must_change, &d->last_successful_logon,
                                          &d->last_failed_logon};
    return fields[i];
}

lsa_sd_status lsa_session_details_size(const lsa_session_details *in, size_t *size)
{
    size_t total = LSA_SD_HEADER;

    for (int i = 0; i < LSA_SD_STRINGS; i++) {
        if (in->strings[i].bytes > LSA_SD_MAX_STRING)
            return LSA_SD_LONG_STRING;
        if (in->strings[i].bytes % 2)
            return LSA_SD_ODD_STRING;
        total += in->strings[i].bytes; /* at most 104 + 4 * 65532: no overflow */
    }
    *size = total;
    return LSA_SD_OK;
}

lsa_sd_status lsa_session_details_encode(const lsa_session_details *in, uint8_t *out, size_t cap, size_t *written)
{
    lsa_session_details copy = *in;
    size_t size, at = LSA_SD_HEADER;
    lsa_sd_status st;

    *written = 0;
    if ((st = lsa_session_details_size(in, &size)) != LSA_SD_OK)
        return st;
    if (cap < size)
        return LSA_SD_NO_ROOM;
    put32(out, LSA_SD_VERSION);
    put32(out + 4, (uint32_t)size);
    put32(out + 8, in->user_flags);
    put32(out + 12, in->failed_attempts);
    for (int i = 0; i < TIME_FIELDS; i++)
        put64(out + 16 + 8 * i, *time_field(&copy, i));
    for (int i = 0; i < LSA_SD_STRINGS; i++) {
        put32(out + 72 + 8 * i, (uint32_t)at);
        put32(out + 76 + 8 * i, in->strings[i].bytes);
        if (in->strings[i].bytes)
            memcpy(out + at, in->strings[i].data, in->strings[i].bytes);
        at += in->strings[i].bytes;
    }
    *written = size;
    return LSA_SD_OK;
}

lsa_sd_status lsa_session_details_decode(const uint8_t *blob, size_t len, lsa_session_details *out)
{
    lsa_sd_status st = LSA_SD_OK;

    memset(out, 0, sizeof(*out));
    if (!blob || len < LSA_SD_HEADER)
        return LSA_SD_SHORT;
    if (get32(blob) != LSA_SD_VERSION)
        return LSA_SD_BAD_VERSION;
    if (get32(blob + 4) != len)
        return LSA_SD_BAD_SIZE;
    out->user_flags = get32(blob + 8);
    out->failed_attempts = get32(blob + 12);
    for (int i = 0; i < TIME_FIELDS; i++)
        *time_field(out, i) = get64(blob + 16 + 8 * i);
    for (int i = 0; i < LSA_SD_STRINGS && st == LSA_SD_OK; i++) {
        uint32_t offset = get32(blob + 72 + 8 * i), bytes = get32(blob + 76 + 8 * i);

        if (bytes % 2)
            st = LSA_SD_ODD_STRING;
        else if (bytes > LSA_SD_MAX_STRING)
            st = LSA_SD_LONG_STRING;
        /* Inside [header, len): compared without adding, so nothing can overflow. */
        else if (offset < LSA_SD_HEADER || offset > len || bytes > len - offset)
            st = LSA_SD_STRING_RANGE;
        else if (bytes) {
            out->strings[i].data = blob + offset;
            out->strings[i].bytes = bytes;
        }
    }
    if (st != LSA_SD_OK)
        memset(out, 0, sizeof(*out));
    return st;
}

const char *lsa_sd_status_name(lsa_sd_status status)
{
    switch (status) {
    case LSA_SD_OK: return "ok";
    case LSA_SD_SHORT: return "shorter than the header";
    case LSA_SD_BAD_VERSION: return "unknown version";
    case LSA_SD_BAD_SIZE: return "size field differs from the length";
    case LSA_SD_ODD_STRING: return "string of odd length";
    case LSA_SD_LONG_STRING: return "string too long";
    case LSA_SD_STRING_RANGE: return "string outside the blob";
    case LSA_SD_NO_ROOM: return "output buffer too small";
    }
    return "unknown status";
}
