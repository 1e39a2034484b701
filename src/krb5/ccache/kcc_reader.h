/* A bounded reader of the MIT file formats held in memory (ccache, keytab): every read checks the bytes left first,
 * so no field can run past the input. Integers are big-endian, as both formats write them, but for keytab version 1
 * (the writing host's order, taken as little-endian as MIT does on every host it reads it from). */
#ifndef LSAEMU_KRB5_KCC_READER_H
#define LSAEMU_KRB5_KCC_READER_H

#include <stddef.h>
#include <stdint.h>

#include "kcc.h"

typedef struct kcc_reader {
    const uint8_t *bytes;
    size_t size;
    size_t pos;
    int little_endian;
} kcc_reader;

static inline size_t kcc_reader_left(const kcc_reader *r)
{
    return r->size - r->pos;
}

/* 1 with *v read, 0 (nothing consumed) when too few bytes are left. */
int kcc_read_u8(kcc_reader *r, uint8_t *v);
int kcc_read_u16(kcc_reader *r, uint16_t *v);
int kcc_read_u32(kcc_reader *r, uint32_t *v);

/* length bytes copied into d: KCC_E_TRUNCATED (nothing consumed) when fewer are left, KCC_E_NO_MEMORY. */
kcc_status kcc_read_bytes(kcc_reader *r, size_t length, kcc_data *d);

#endif
