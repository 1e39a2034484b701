/* Objects a package hands to the LSA core, allocated from the LSA heap (AllocateLsaHeap) so the core can free them
 * with FreeLsaHeap: the package name at initialisation, the account/authority/machine names of a logon, and SIDs.
 * Each structure and each buffer it points to is a separate allocation, as the core frees them one by one. */
#ifndef LSAEMU_PACKAGES_PKG_HEAP_H
#define LSAEMU_PACKAGES_PKG_HEAP_H

#include "pkg_win.h"

/* An LSA_STRING holding `name` and a terminating NUL (not counted in Length). */
NTSTATUS pkg_heap_lsa_string(const LSA_SECPKG_FUNCTION_TABLE *lsa, const char *name, PLSA_STRING *out);

/* A UNICODE_STRING holding `chars` WCHARs from `text` and a terminating NUL (not counted in Length).
 * STATUS_INVALID_PARAMETER if the text does not fit a UNICODE_STRING. */
NTSTATUS pkg_heap_ustring(const LSA_SECPKG_FUNCTION_TABLE *lsa, const WCHAR *text, size_t chars,
                          PUNICODE_STRING *out);

/* Frees a UNICODE_STRING made by pkg_heap_ustring (its buffer, then the structure). NULL is accepted. */
void pkg_heap_ustring_free(const LSA_SECPKG_FUNCTION_TABLE *lsa, PUNICODE_STRING s);

/* A SID from an authority and sub-authorities, or a copy of `prefix` with one more sub-authority `rid` appended. */
PSID pkg_heap_sid(const LSA_SECPKG_FUNCTION_TABLE *lsa, BYTE authority, const DWORD *subs, BYTE count);
PSID pkg_heap_sid_append(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID prefix, DWORD rid);

/* Frees with FreeLsaHeap; NULL is accepted. */
void pkg_heap_free(const LSA_SECPKG_FUNCTION_TABLE *lsa, void *p);

#endif
