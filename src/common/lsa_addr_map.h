/* A map from a non-zero 64-bit key (an address) to two 64-bit values: open addressing, linear probing, tombstones
 * rehashed away when the table grows or fills with them. Portable (no windows.h); not thread-safe (callers lock).
 * The server transport's client side keeps the return blocks it placed in the caller's memory here. */
#ifndef LSAEMU_COMMON_LSA_ADDR_MAP_H
#define LSAEMU_COMMON_LSA_ADDR_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct lsa_addr_entry {
    uint64_t key; /* 0: empty, 1: deleted; keys must be above 1 */
    uint64_t a, b;
} lsa_addr_entry;

typedef struct lsa_addr_map {
    lsa_addr_entry *slots;
    size_t capacity, used, tombstones;
} lsa_addr_map;

#define LSA_ADDR_MAP_INIT { NULL, 0, 0, 0 }

/* Insert or replace. 0 when out of memory or key <= 1 (the map is unchanged). */
int lsa_addr_map_put(lsa_addr_map *m, uint64_t key, uint64_t a, uint64_t b);
/* The entry for key, or NULL; valid until the next put or remove. */
const lsa_addr_entry *lsa_addr_map_get(const lsa_addr_map *m, uint64_t key);
/* Remove key; 1 if it was there (its values in *a, *b when not NULL). */
int lsa_addr_map_remove(lsa_addr_map *m, uint64_t key, uint64_t *a, uint64_t *b);
/* Free the table; the map is empty and usable again. */
void lsa_addr_map_clear(lsa_addr_map *m);

#endif
