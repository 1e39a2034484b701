/* lsa_addr_map.h: open addressing over a power-of-two table, at most 3/4 full counting tombstones. */
#include "lsa_addr_map.h"

#include <stdlib.h>

#define EMPTY 0u
#define DELETED 1u

static size_t slot_of(uint64_t key, size_t capacity)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return (size_t)key & (capacity - 1);
}

static lsa_addr_entry *find(const lsa_addr_map *m, uint64_t key)
{
    if (!m->capacity || key <= DELETED)
        return NULL;
    for (size_t i = slot_of(key, m->capacity), n = 0; n < m->capacity; i = (i + 1) & (m->capacity - 1), n++) {
        if (m->slots[i].key == key)
            return &m->slots[i];
        if (m->slots[i].key == EMPTY)
            return NULL;
    }
    return NULL;
}

/* Rebuild into a table sized for the live entries (grown when they need it), dropping tombstones. */
static int rebuild(lsa_addr_map *m)
{
    size_t capacity = m->capacity ? m->capacity : 16;
    lsa_addr_entry *fresh;
    while ((m->used + 1) * 4 > capacity * 3 / 2) /* live entries at most 3/8 after a rebuild: room to insert */
        capacity *= 2;
    if (capacity > SIZE_MAX / sizeof(*fresh) || !(fresh = calloc(capacity, sizeof(*fresh))))
        return 0;
    for (size_t i = 0; i < m->capacity; i++) {
        if (m->slots[i].key > DELETED) {
            size_t j = slot_of(m->slots[i].key, capacity);
            while (fresh[j].key != EMPTY)
                j = (j + 1) & (capacity - 1);
            fresh[j] = m->slots[i];
        }
    }
    free(m->slots);
    m->slots = fresh;
    m->capacity = capacity;
    m->tombstones = 0;
    return 1;
}

int lsa_addr_map_put(lsa_addr_map *m, uint64_t key, uint64_t a, uint64_t b)
{
    lsa_addr_entry *e;
    size_t i;
    if (key <= DELETED)
        return 0;
    if ((e = find(m, key))) {
        e->a = a, e->b = b;
        return 1;
    }
    if ((m->used + m->tombstones + 1) * 4 > m->capacity * 3 && !rebuild(m))
        return 0;
    i = slot_of(key, m->capacity);
    while (m->slots[i].key > DELETED)
        i = (i + 1) & (m->capacity - 1);
    if (m->slots[i].key == DELETED)
        m->tombstones--;
    m->slots[i].key = key, m->slots[i].a = a, m->slots[i].b = b;
    m->used++;
    return 1;
}

const lsa_addr_entry *lsa_addr_map_get(const lsa_addr_map *m, uint64_t key)
{
    return find(m, key);
}

int lsa_addr_map_remove(lsa_addr_map *m, uint64_t key, uint64_t *a, uint64_t *b)
{
    lsa_addr_entry *e = find(m, key);
    if (!e)
        return 0;
    if (a)
        *a = e->a;
    if (b)
        *b = e->b;
    e->key = DELETED, e->a = 0, e->b = 0;
    m->used--;
    m->tombstones++;
    if (!m->used) /* empty: drop the table, so a burst of blocks leaves nothing behind */
        lsa_addr_map_clear(m);
    return 1;
}

void lsa_addr_map_clear(lsa_addr_map *m)
{
    free(m->slots);
    m->slots = NULL;
    m->capacity = m->used = m->tombstones = 0;
}
