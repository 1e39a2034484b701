/* Client return blocks; see pkg_block.h. */
#include "pkg_win.h"

#include <stdlib.h>
#include <string.h>

#include "pkg_block.h"
#include "pkg_trace.h"

size_t pkg_block_wstr_size(size_t chars)
{
    return (chars + 1) * sizeof(WCHAR);
}

NTSTATUS pkg_block_open(pkg_block *b, const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request, ULONG size)
{
    void *client = NULL;
    NTSTATUS status;

    memset(b, 0, sizeof(*b));
    if (!size)
        return STATUS_INVALID_PARAMETER;
    if (!(b->image = calloc(1, size)))
        return STATUS_NO_MEMORY;
    status = lsa->AllocateClientBuffer(request, size, &client);
    if (status != STATUS_SUCCESS) {
        pkg_err("packages", "AllocateClientBuffer(%lu) failed: 0x%08lx", (unsigned long)size, (unsigned long)status);
        free(b->image);
        b->image = NULL;
        return status;
    }
    b->lsa = lsa;
    b->request = request;
    b->client = client;
    b->size = size;
    return STATUS_SUCCESS;
}

void *pkg_block_take(pkg_block *b, ULONG bytes, ULONG align, void **client_addr)
{
    ULONG start = b->used;

    if (align > 1 && start % align)
        start += align - start % align;
    if (start > b->size || bytes > b->size - start) {
        b->overflow = TRUE;
        return NULL;
    }
    b->used = start + bytes;
    if (client_addr)
        *client_addr = b->client + start;
    return b->image + start;
}

void pkg_block_put_wstr(pkg_block *b, UNICODE_STRING *field, const WCHAR *text, size_t chars)
{
    void *client;
    WCHAR *local;

    memset(field, 0, sizeof(*field));
    if (chars > 0xFFFE / sizeof(WCHAR) - 1) {
        b->overflow = TRUE;
        return;
    }
    if (!(local = pkg_block_take(b, (ULONG)pkg_block_wstr_size(chars), sizeof(WCHAR), &client)))
        return;
    if (chars)
        memcpy(local, text, chars * sizeof(WCHAR));
    local[chars] = 0;
    field->Length = (USHORT)(chars * sizeof(WCHAR));
    field->MaximumLength = (USHORT)((chars + 1) * sizeof(WCHAR));
    field->Buffer = client;
}

NTSTATUS pkg_block_close(pkg_block *b, void **client_out)
{
    NTSTATUS status;

    *client_out = NULL;
    if (b->overflow) {
        pkg_err("packages", "return block layout overflow (size %lu)", (unsigned long)b->size);
        pkg_block_discard(b);
        return STATUS_INTERNAL_ERROR;
    }
    status = b->lsa->CopyToClientBuffer(b->request, b->size, b->client, b->image);
    if (status != STATUS_SUCCESS) {
        pkg_err("packages", "CopyToClientBuffer failed: 0x%08lx", (unsigned long)status);
        pkg_block_discard(b);
        return status;
    }
    *client_out = b->client;
    SecureZeroMemory(b->image, b->size); /* blocks may carry session keys */
    free(b->image);
    memset(b, 0, sizeof(*b));
    return STATUS_SUCCESS;
}

void pkg_block_discard(pkg_block *b)
{
    if (b->client)
        b->lsa->FreeClientBuffer(b->request, b->client);
    if (b->image)
        SecureZeroMemory(b->image, b->size);
    free(b->image);
    memset(b, 0, sizeof(*b));
}
