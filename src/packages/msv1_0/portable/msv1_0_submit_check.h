/* Validation of the MSV1_0 submit structures of LsaLogonUser, from the bytes of the core's copy.
 *
 * Portable (no windows.h): the package's parsers (msv1_0_submit.c, msv1_0_lm20_submit.c) call it and only turn its
 * answer into Windows types and traces; the native unit test and fuzz_submit run the same code under ASan+UBSan.
 * Each field's Length, MaximumLength and 4- or 8-byte Buffer are read from the bytes (little-endian, no alignment
 * assumed) and located by lsa_buf_locate_ustring / lsa_buf_locate_region in both pointer dialects. Refused, in this
 * order: a buffer shorter than the structure; the first field (in structure order) that does not locate; S4U
 * without a UserPrincipalName; LM20 with MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED and an odd
 * CaseSensitiveChallengeResponse (the clear-text password is UTF-16LE). The package maps every refusal to
 * STATUS_INVALID_PARAMETER. */
#ifndef LSAEMU_MSV1_0_SUBMIT_CHECK_H
#define LSAEMU_MSV1_0_SUBMIT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "lsa_buffer.h"
#include "msv1_0_submit_layout.h"

typedef enum msv1_0_submit_status {
    MSV1_0_SUBMIT_OK = 0,
    MSV1_0_SUBMIT_SHORT,           /* no buffer, or shorter than the structure */
    MSV1_0_SUBMIT_BAD_FIELD,       /* fields[field] refused: buf_status says why */
    MSV1_0_SUBMIT_NO_UPN,          /* S4U with an empty UserPrincipalName (documented as required) */
    MSV1_0_SUBMIT_ODD_CLEARTEXT,   /* LM20 clear-text password of odd length */
} msv1_0_submit_status;

/* A located region of the copy: `len` bytes at `offset` (offset 0 when len is 0). */
typedef struct msv1_0_span {
    size_t offset;
    uint16_t len;
} msv1_0_span;

typedef struct msv1_0_submit_result {
    msv1_0_submit_status status;
    /* MSV1_0_SUBMIT_BAD_FIELD: which field, why, and its raw lengths (for the trace). */
    size_t field;
    lsa_buf_status buf_status;
    uint16_t length, max_length;
    /* MSV1_0_SUBMIT_OK: every field of the layout, in its order, and the fixed-size values the layout has. */
    msv1_0_span spans[MSV1_0_SUBMIT_MAX_FIELDS];
    uint32_t flags;                                      /* S4U Flags, LM20 ParameterControl */
    uint8_t challenge[MSV1_0_SUBMIT_CHALLENGE_LENGTH];   /* LM20 ChallengeToClient */
    uint8_t logon_id[MSV1_0_SUBMIT_LUID_LENGTH];         /* unlock LogonId, as stored (LowPart, HighPart) */
} msv1_0_submit_result;

/* Validates `len` bytes at `buf` (may be NULL: refused as short) as structure `kind` from a client of pointer size
 * `width`, whose address of the buffer is `client_base`. *out is cleared on entry; on a refusal only status and the
 * refusal's details are set. Returns out->status. */
msv1_0_submit_status msv1_0_submit_check(msv1_0_submit_kind kind, msv1_0_client_width width, const uint8_t *buf,
                                         size_t len, uint64_t client_base, msv1_0_submit_result *out);

/* Static English name of a status, for traces. Never NULL. */
const char *msv1_0_submit_status_name(msv1_0_submit_status status);

#endif
