/* Little-endian integers in byte buffers, for the framings that are not the wire codec's (the server transport's
 * prefix, reply header, placement section and fast channel). Portable. */
#ifndef LSAEMU_COMMON_LSA_LE_H
#define LSAEMU_COMMON_LSA_LE_H

#include <stdint.h>

static inline uint32_t lsa_le_get32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void lsa_le_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static inline uint64_t lsa_le_get64(const uint8_t *p)
{
    return lsa_le_get32(p) | (uint64_t)lsa_le_get32(p + 4) << 32;
}

static inline void lsa_le_put64(uint8_t *p, uint64_t v)
{
    lsa_le_put32(p, (uint32_t)v);
    lsa_le_put32(p + 4, (uint32_t)(v >> 32));
}

#endif
