/* UTF-16LE <-> UTF-8 conversion and name comparison for the portable code (account names arrive from packages as
 * UTF-16LE bytes; the accounts file is UTF-8). Strict: unpaired surrogates and invalid UTF-8 are refused. */
#ifndef LSAEMU_COMMON_LSA_UTF_H
#define LSAEMU_COMMON_LSA_UTF_H

#include <stddef.h>
#include <stdint.h>

/* Convert `src_bytes` bytes of UTF-16LE (must be even) to NUL-terminated UTF-8 in dst[dst_size].
 * Returns 0 and sets *out_len (excluding the NUL; out_len may be NULL), or -1 on odd length, invalid UTF-16, an
 * embedded U+0000 (it would cut the name short), or a dst too small. On failure what was written is zeroed, so dst
 * reads as "" (when dst_size > 0) and holds no prefix of the text. */
int lsa_utf16le_to_utf8(const uint8_t *src, size_t src_bytes, char *dst, size_t dst_size, size_t *out_len);

/* Convert NUL-terminated UTF-8 to UTF-16LE bytes in dst[dst_size] (no terminator written).
 * Returns 0 and sets *out_bytes (may be NULL), or -1 on invalid UTF-8 or a dst too small. On failure the bytes
 * written so far are zeroed (the source may be a password). */
int lsa_utf8_to_utf16le(const char *src, uint8_t *dst, size_t dst_size, size_t *out_bytes);

/* Non-zero if `s` is valid UTF-8 of `len` bytes. */
int lsa_utf8_valid(const char *s, size_t len);

/* Case-insensitive equality of two UTF-8 names. Folds ASCII and the Latin-1 Supplement/Latin Extended-A letters as
 * Windows' upcase table does for them; other code points must match exactly. */
int lsa_name_equal(const char *a, const char *b);

/* The order behind lsa_name_equal (<0, 0, >0; equal exactly when lsa_name_equal says so), for sorting names to find
 * duplicates without comparing every pair. NULL sorts before every string and equals only NULL; invalid UTF-8 bytes
 * sort above all code points. */
int lsa_name_compare(const char *a, const char *b);

#endif
