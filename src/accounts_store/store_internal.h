/* Shared by the files of the accounts store. */
#ifndef LSAEMU_ACCOUNTS_STORE_INTERNAL_H
#define LSAEMU_ACCOUNTS_STORE_INTERNAL_H

#include "accounts_store.h"

/* The whole file in a heap block with a NUL after it; a missing file gives NULL, 0 and LSA_STORE_OK. */
lsa_store_status store_read_file(const WCHAR *path, char **text, size_t *len, DWORD *win32);
void store_free_text(char *text, size_t len);

/* The exclusive lock `<path>.lock`: INVALID_HANDLE_VALUE on failure (LSA_STORE_LOCKED or LSA_STORE_IO in *st). */
HANDLE store_lock(const WCHAR *path, lsa_store_status *st, DWORD *win32);
void store_unlock(HANDLE lock);

#endif
