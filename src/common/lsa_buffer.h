/* Locating counted strings and regions inside a copied submit buffer.
 *
 * Portable (no windows.h): packages call it with the raw field values they read from the copy. A submit buffer
 * reaches a package as bytes plus the client's base address; its embedded pointers come in two dialects, absolute
 * client addresses (KList, MIT krb5) and offsets from the buffer start (AuthPkgTester, KerbCredOffset). Both are
 * accepted; anything that does not land wholly inside the copy is refused. */
#ifndef LSAEMU_COMMON_LSA_BUFFER_H
#define LSAEMU_COMMON_LSA_BUFFER_H

#include <stddef.h>
#include <stdint.h>

/* One code per cause, so tests and traces can tell them apart; packages map every refusal to
 * STATUS_INVALID_PARAMETER (see lsa_buf_status_name for the trace text). */
typedef enum lsa_buf_status {
    LSA_BUF_OK = 0,
    LSA_BUF_ODD_LENGTH,       /* a UTF-16 byte count that is odd */
    LSA_BUF_MAX_BELOW_LENGTH, /* MaximumLength < Length */
    LSA_BUF_NULL_WITH_LENGTH, /* Buffer is NULL (0) but Length is not 0 */
    LSA_BUF_OUT_OF_RANGE,     /* the region is not wholly inside the submit buffer */
} lsa_buf_status;

/* Locate a region of `length` bytes whose start the client wrote as `ptr`.
 *   buf_len      size of the submit buffer copy
 *   client_base  the client's address of that buffer (ClientBufferBase)
 *   ptr          the embedded pointer: an absolute client address inside [client_base, client_base + buf_len),
 *                or else an offset from the buffer start
 * On success *offset is the region's offset in the copy. ptr 0 is NULL in either dialect: accepted only with length 0
 * (else LSA_BUF_NULL_WITH_LENGTH), giving *offset 0. A zero-length region may also start exactly at the end of the
 * copy. When ptr reads as both (client_base smaller than buf_len), the absolute reading wins. All arithmetic is
 * overflow-free. */
lsa_buf_status lsa_buf_locate_region(size_t buf_len, uint64_t client_base, uint64_t ptr, uint64_t length,
                                     size_t *offset);

/* The same for a UNICODE_STRING {Length, MaximumLength, Buffer}: Length must be even, MaximumLength >= Length, a NULL
 * Buffer only with Length 0; the Length bytes must lie inside the copy (MaximumLength may reach past its end, as the
 * client's capacity is not ours to read). */
lsa_buf_status lsa_buf_locate_ustring(size_t buf_len, uint64_t client_base, uint64_t ptr, uint16_t length,
                                      uint16_t max_length, size_t *offset);

/* Static English name of a status, for traces ("odd length", ...). Never NULL. */
const char *lsa_buf_status_name(lsa_buf_status status);

#endif
