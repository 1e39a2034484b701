/* The field-table form of a Kerberos type (private to the codec and its tables). */
#ifndef LSAEMU_KRB5_ASN1_SCHEMA_H
#define LSAEMU_KRB5_ASN1_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "krb5_asn1.h"

typedef enum k5_kind {
    K5_INT32,   /* Int32: int32_t */
    K5_UINT32,  /* UInt32: uint32_t */
    K5_USEC,    /* Microseconds (0..999999): int32_t */
    K5_OCTETS,  /* OCTET STRING: k5_octets */
    K5_STRING,  /* KerberosString / Realm (GeneralString): k5_octets */
    K5_TIME,    /* KerberosTime: int64_t */
    K5_FLAGS,   /* KerberosFlags: uint32_t */
    K5_STRUCT,  /* another type, embedded by value (sub) */
    K5_LIST,    /* SEQUENCE OF elem (sub when elem is K5_STRUCT): k5_list */
} k5_kind;

typedef struct k5_field {
    uint8_t tag;      /* context tag [n], also the bit in present */
    uint8_t kind;     /* k5_kind */
    uint8_t elem;     /* element kind of a K5_LIST */
    uint8_t optional;
    size_t offset;    /* into the type's struct */
    const k5_asn1_type *sub;
} k5_field;

struct k5_asn1_type {
    const char *name;
    int app_tag;      /* [APPLICATION n] wrapped around the SEQUENCE, or -1 */
    int is_list;      /* a SEQUENCE OF itself: fields[0] is its K5_LIST, with no context tag */
    size_t size;
    const k5_field *fields;
    size_t nfields;
};

#endif
