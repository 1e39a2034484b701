/* Strict parser of a whole keytab file held in memory. Each record is parsed inside its own bounds (its size checked
 * against the bytes left first), so a field can neither run past its record nor past the input. */
#include <stdlib.h>
#include <string.h>

#include "kcc_reader.h"
#include "kkt.h"

typedef kcc_reader reader; /* little_endian: version 1 */

static kkt_status get_u8(reader *r, uint8_t *v)
{
    return kcc_read_u8(r, v) ? KKT_OK : KKT_E_RECORD;
}

static kkt_status get_u16(reader *r, uint16_t *v)
{
    return kcc_read_u16(r, v) ? KKT_OK : KKT_E_RECORD;
}

static kkt_status get_u32(reader *r, uint32_t *v)
{
    return kcc_read_u32(r, v) ? KKT_OK : KKT_E_RECORD;
}

/* counted_octet_string ::= length (16 bits) bytes */
static kkt_status get_counted(reader *r, kcc_data *d)
{
    uint16_t length;
    kkt_status s = get_u16(r, &length);

    if (s != KKT_OK)
        return s;
    switch (kcc_read_bytes(r, length, d)) {
    case KCC_OK: return KKT_OK;
    case KCC_E_NO_MEMORY: return KKT_E_NO_MEMORY;
    default: return KKT_E_RECORD;
    }
}

static kkt_status get_principal(reader *r, uint16_t version, kcc_principal *p)
{
    uint16_t count;
    kkt_status s;

    if ((s = get_u16(r, &count)) != KKT_OK)
        return s;
    /* Version 1 counts the realm among the components. */
    if (version == KKT_VERSION_1) {
        if (count == 0)
            return KKT_E_RECORD;
        count--;
    }
    /* Each component takes at least its 2-byte length. */
    if (count > KCC_MAX_COMPONENTS || count > kcc_reader_left(r) / 2)
        return KKT_E_RECORD;
    if ((s = get_counted(r, &p->realm)) != KKT_OK)
        return s;
    if (count) {
        p->components = calloc(count, sizeof(*p->components));
        if (!p->components)
            return KKT_E_NO_MEMORY;
    }
    for (; p->count < count; p->count++)
        if ((s = get_counted(r, &p->components[p->count])) != KKT_OK)
            return s;
    /* Version 1 has no name type: MIT reads it as KRB5_NT_UNKNOWN (0). */
    return version == KKT_VERSION_1 ? KKT_OK : get_u32(r, &p->name_type);
}

static void entry_free(kkt_entry *e)
{
    kcc_principal_free(&e->principal);
    if (e->key.bytes)
        kcc_wipe(e->key.bytes, e->key.length);
    free(e->key.bytes);
    memset(e, 0, sizeof(*e));
}

/* One record, r bounded by the record's own size. */
static kkt_status get_entry(reader *r, uint16_t version, kkt_entry *e)
{
    uint8_t kvno8;
    uint16_t enctype;
    kkt_status s;

    memset(e, 0, sizeof(*e));
    if ((s = get_principal(r, version, &e->principal)) != KKT_OK || (s = get_u32(r, &e->timestamp)) != KKT_OK ||
        (s = get_u8(r, &kvno8)) != KKT_OK || (s = get_u16(r, &enctype)) != KKT_OK ||
        (s = get_counted(r, &e->key)) != KKT_OK) {
        entry_free(e);
        return s;
    }
    e->enctype = (int16_t)enctype;
    e->kvno = kvno8;
    /* The 32-bit kvno when the record has room; the rest of the record (padding) is ignored, as MIT does. */
    if (kcc_reader_left(r) >= 4) {
        uint32_t kvno32;
        (void)get_u32(r, &kvno32);
        if (kvno32 != 0)
            e->kvno = kvno32;
    }
    return KKT_OK;
}

static kkt_status append(kkt_keytab *kt, size_t *capacity, const kkt_entry *e)
{
    if (kt->count == *capacity) {
        size_t want = *capacity ? *capacity * 2 : 8;
        kkt_entry *grown;

        if (*capacity >= KKT_MAX_ENTRIES)
            return KKT_E_TOO_MANY;
        if (want > KKT_MAX_ENTRIES)
            want = KKT_MAX_ENTRIES;
        grown = realloc(kt->entries, want * sizeof(*grown));
        if (!grown)
            return KKT_E_NO_MEMORY;
        kt->entries = grown;
        *capacity = want;
    }
    kt->entries[kt->count++] = *e;
    return KKT_OK;
}

kkt_status kkt_parse(const uint8_t *bytes, size_t size, kkt_keytab *keytab)
{
    reader file = {bytes, size, 0, 0};
    size_t capacity = 0;
    kkt_status s = KKT_OK;

    memset(keytab, 0, sizeof(*keytab));
    if (size < 2)
        return KKT_E_TRUNCATED;
    if (bytes[0] != 0x05 || (bytes[1] != 0x01 && bytes[1] != 0x02))
        return KKT_E_VERSION;
    keytab->version = (uint16_t)(bytes[0] << 8 | bytes[1]);
    file.little_endian = keytab->version == KKT_VERSION_1;
    file.pos = 2;
    /* The file may end right after a record (MIT's own files do) or with a zero size. */
    while (kcc_reader_left(&file) > 0) {
        uint32_t raw;
        int32_t record_size;
        kkt_entry e;

        if (kcc_reader_left(&file) < 4) {
            s = KKT_E_TRUNCATED;
            break;
        }
        (void)get_u32(&file, &raw);
        record_size = (int32_t)raw;
        if (record_size == 0)
            break;
        if (record_size == INT32_MIN) {
            s = KKT_E_RECORD;
            break;
        }
        if (record_size < 0) {
            /* A hole: skip its bytes. */
            if ((uint32_t)-record_size > kcc_reader_left(&file)) {
                s = KKT_E_TRUNCATED;
                break;
            }
            file.pos += (uint32_t)-record_size;
            continue;
        }
        if ((uint32_t)record_size > kcc_reader_left(&file)) {
            s = KKT_E_TRUNCATED;
            break;
        }
        {
            reader rec = {bytes + file.pos, (uint32_t)record_size, 0, file.little_endian};

            if ((s = get_entry(&rec, keytab->version, &e)) != KKT_OK)
                break;
        }
        file.pos += (uint32_t)record_size;
        if ((s = append(keytab, &capacity, &e)) != KKT_OK) {
            entry_free(&e);
            break;
        }
    }
    if (s != KKT_OK)
        kkt_free(keytab);
    return s;
}

void kkt_free(kkt_keytab *keytab)
{
    if (!keytab)
        return;
    for (size_t i = 0; keytab->entries && i < keytab->count; i++)
        entry_free(&keytab->entries[i]);
    free(keytab->entries);
    memset(keytab, 0, sizeof(*keytab));
}
