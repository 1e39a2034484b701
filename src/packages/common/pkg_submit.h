/* Reading a copied submit buffer (LsaLogonUser / LsaCallAuthenticationPackage input).
 *
 * The package gets the core's copy of the client's bytes plus the client's address of them (ClientBufferBase).
 * Embedded UNICODE_STRING buffers come as absolute client pointers or as offsets from the buffer start; both are
 * relocated into the copy and range-checked by lsa_buf_locate_ustring. Every refusal is STATUS_INVALID_PARAMETER. */
#ifndef LSAEMU_PACKAGES_PKG_SUBMIT_H
#define LSAEMU_PACKAGES_PKG_SUBMIT_H

#include "pkg_win.h"

/* A string located inside the copy: `bytes` bytes of UTF-16LE at `data` (possibly unaligned; NULL when empty). */
typedef struct pkg_wstr {
    const BYTE *data;
    USHORT bytes;
} pkg_wstr;

/* The leading ULONG message type, or STATUS_INVALID_PARAMETER if the buffer is shorter than that. */
NTSTATUS pkg_submit_message_type(const void *submit, ULONG submit_len, ULONG *type);

/* Locates the UNICODE_STRING stored at `field_offset` of the copy. The structure holding it must already be known
 * to fit (the caller checked submit_len against its size). `what` names the field for the trace. */
NTSTATUS pkg_submit_ustring(const char *package, const char *what, const void *submit, ULONG submit_len,
                            const void *client_base, size_t field_offset, pkg_wstr *out);

/* Copies a located string into `dst` (capacity `cap` WCHARs, NUL-terminated). FALSE if it does not fit. */
BOOL pkg_wstr_copy(const pkg_wstr *s, WCHAR *dst, size_t cap);

/* Case-insensitive comparison of a located string with NUL-terminated text (ordinal, as Windows compares names). */
BOOL pkg_wstr_equal_nocase(const pkg_wstr *s, const WCHAR *text);

#endif
