/* Building a return buffer in client memory: one allocation whose embedded pointers point into itself.
 *
 * The block is composed in a local image, with every embedded pointer computed from the client's address of the
 * block, then copied over in one CopyToClientBuffer. The client frees it with one LsaFreeReturnBuffer.
 *
 *   pkg_block b;
 *   if ((status = pkg_block_open(&b, lsa, request, size))) return status;
 *   resp = pkg_block_take(&b, sizeof(*resp), 8, NULL);
 *   pkg_block_put_wstr(&b, &resp->Name, text, chars);
 *   status = pkg_block_close(&b, &client_ptr);   // frees the image; on failure the client block too
 *
 * Sizes are computed by the caller beforehand with pkg_block_wstr_size; a take beyond the size is a programming
 * error and returns NULL (then close fails with STATUS_INTERNAL_ERROR). */
#ifndef LSAEMU_PACKAGES_PKG_BLOCK_H
#define LSAEMU_PACKAGES_PKG_BLOCK_H

#include "pkg_win.h"

typedef struct pkg_block {
    const LSA_SECPKG_FUNCTION_TABLE *lsa;
    PLSA_CLIENT_REQUEST request;
    BYTE *image;  /* local composition buffer, zero-filled */
    BYTE *client; /* the client's address of the block */
    ULONG size;
    ULONG used;
    BOOL overflow;
} pkg_block;

/* Bytes a NUL-terminated string of `chars` WCHARs takes in a block (WCHAR-aligned). */
size_t pkg_block_wstr_size(size_t chars);

/* Allocates `size` bytes of client memory and a zeroed local image. */
NTSTATUS pkg_block_open(pkg_block *b, const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request, ULONG size);

/* Reserves `bytes` at the next `align`-aligned offset; returns the local address, and the client address in
 * *client_addr when not NULL. */
void *pkg_block_take(pkg_block *b, ULONG bytes, ULONG align, void **client_addr);

/* Stores `chars` WCHARs plus a NUL and points `field` (which lies in the image) at the client copy. */
void pkg_block_put_wstr(pkg_block *b, UNICODE_STRING *field, const WCHAR *text, size_t chars);

/* Copies the image to the client and returns the client address; frees the image. On failure the client block is
 * freed as well and *client_out is NULL. */
NTSTATUS pkg_block_close(pkg_block *b, void **client_out);

/* Abandons the block: frees the image and the client memory. */
void pkg_block_discard(pkg_block *b);

#endif
