/* Allocation entry points of the ccache library. A test build (LSAEMU_KCC_ALLOC_HOOK) routes them through the unit
 * test, which fails each allocation in turn and looks for key bytes left in freed blocks; the library's own sources
 * are compiled again for it, not a copy. */
#ifndef LSAEMU_KCC_ALLOC_H
#define LSAEMU_KCC_ALLOC_H

#include <stdlib.h>

#ifdef LSAEMU_KCC_ALLOC_HOOK
void *lsaemu_kcc_test_malloc(size_t size);
void *lsaemu_kcc_test_calloc(size_t count, size_t size);
void *lsaemu_kcc_test_realloc(void *ptr, size_t size);
void lsaemu_kcc_test_free(void *ptr);
#define KCC_MALLOC lsaemu_kcc_test_malloc
#define KCC_CALLOC lsaemu_kcc_test_calloc
#define KCC_REALLOC lsaemu_kcc_test_realloc
#define KCC_FREE lsaemu_kcc_test_free
#else
#define KCC_MALLOC malloc
#define KCC_CALLOC calloc
#define KCC_REALLOC realloc
#define KCC_FREE free
#endif

#endif
