/* MIT krb5 FILE keytabs, in memory. A file is 0x05, a version byte (2: big-endian; 1: the writing host's byte order,
 * read here as little-endian, the order of every host we run on, and its component count includes the realm), then
 * records: a 32-bit size, then that many bytes. A negative size is a hole of that many bytes (a deleted entry); a zero
 * size ends the file. A record: principal (count, realm, components, name type; counted strings with 16-bit lengths),
 * timestamp, 8-bit kvno, keyblock (16-bit enctype, 16-bit length, bytes), and a 32-bit kvno when the record has room
 * for one (it wins over the 8-bit one unless it is 0). The parser copies what it keeps; keys are secrets, wiped on
 * free. */
#ifndef LSAEMU_KKT_H
#define LSAEMU_KKT_H

#include <stddef.h>
#include <stdint.h>

#include "kcc.h"

#define KKT_VERSION_1 0x0501
#define KKT_VERSION_2 0x0502
/* More entries than any real keytab has; keeps a hostile file's allocations bounded. */
#define KKT_MAX_ENTRIES 4096

typedef enum {
    KKT_OK = 0,
    KKT_E_TRUNCATED, /* a field or record runs past the end of the input */
    KKT_E_VERSION,   /* not 0x0501/0x0502 */
    KKT_E_RECORD,    /* a field runs past its record's size, a count over its limit, a hole of INT32_MIN */
    KKT_E_TOO_MANY,  /* more than KKT_MAX_ENTRIES entries */
    KKT_E_NO_MEMORY,
} kkt_status;

typedef struct {
    kcc_principal principal;
    uint32_t timestamp;
    uint32_t kvno;   /* the 32-bit kvno when present and not 0, else the 8-bit one */
    int32_t enctype; /* the 16-bit field, sign-extended as MIT reads it */
    kcc_data key;    /* secret */
} kkt_entry;

typedef struct {
    uint16_t version;
    size_t count;
    kkt_entry *entries;
} kkt_keytab;

/* On failure *keytab is left empty. */
kkt_status kkt_parse(const uint8_t *bytes, size_t size, kkt_keytab *keytab);

/* Wipes every key, frees everything, leaves *keytab zeroed. */
void kkt_free(kkt_keytab *keytab);

#endif
