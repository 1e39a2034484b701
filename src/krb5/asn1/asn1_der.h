/* Strict ASN.1 DER: a cursor-based reader and a growable writer, the primitives Kerberos uses (RFC 4120 section 5).
 * Portable, no windows.h. Only what DER allows is accepted: definite, minimal lengths; low-tag-number form; minimal
 * INTEGERs; primitive strings. Every length is checked against what remains before use. */
#ifndef LSAEMU_ASN1_DER_H
#define LSAEMU_ASN1_DER_H

#include <stddef.h>
#include <stdint.h>

typedef enum asn1_status {
    ASN1_OK = 0,
    ASN1_ERR_TRUNCATED,          /* the identifier or length octets run past the end */
    ASN1_ERR_LENGTH_PAST_END,    /* the contents run past the enclosing element */
    ASN1_ERR_INDEFINITE_LENGTH,  /* 0x80: BER only */
    ASN1_ERR_NONMINIMAL_LENGTH,  /* long form where short fits, or leading zero length octets */
    ASN1_ERR_LENGTH_TOO_BIG,     /* more than 4 length octets (or the reserved 0xFF) */
    ASN1_ERR_HIGH_TAG,           /* high-tag-number form: Kerberos has no tag above 30 */
    ASN1_ERR_UNEXPECTED_TAG,     /* not the element the schema wants here (also a field out of order or unknown) */
    ASN1_ERR_WRONG_FORM,         /* constructed where primitive is required or the reverse */
    ASN1_ERR_DEPTH,              /* nesting deeper than ASN1_MAX_DEPTH */
    ASN1_ERR_INTEGER_ENCODING,   /* empty or non-minimal INTEGER */
    ASN1_ERR_INTEGER_RANGE,      /* outside Int32 / UInt32 / Microseconds */
    ASN1_ERR_BAD_STRING,         /* a NUL inside a KerberosString */
    ASN1_ERR_BAD_TIME,           /* not YYYYMMDDHHMMSSZ, or not a real date and time */
    ASN1_ERR_BAD_BIT_STRING,     /* KerberosFlags: not exactly 32 bits */
    ASN1_ERR_TRAILING_DATA,      /* bytes after the element that should end its container */
    ASN1_ERR_MISSING_FIELD,      /* a required field absent */
    ASN1_ERR_NO_MEMORY,
    ASN1_ERR_TOO_LARGE,          /* the writer's maximum would be exceeded */
    ASN1_ERR_INVALID_VALUE,      /* the encoder was given a value it cannot express (time, usec, NUL in string) */
} asn1_status;

const char *asn1_status_name(asn1_status status);

/* Deepest legal Kerberos nesting is 13 (TGS-REQ additional ticket's name strings); leave room, still bounded. */
#define ASN1_MAX_DEPTH 24

enum { ASN1_CLASS_UNIVERSAL = 0, ASN1_CLASS_APPLICATION = 1, ASN1_CLASS_CONTEXT = 2, ASN1_CLASS_PRIVATE = 3 };
enum {
    ASN1_TAG_INTEGER = 2, ASN1_TAG_BIT_STRING = 3, ASN1_TAG_OCTET_STRING = 4, ASN1_TAG_SEQUENCE = 16,
    ASN1_TAG_GENERALIZED_TIME = 24, ASN1_TAG_GENERAL_STRING = 27
};

typedef struct asn1_reader {
    const uint8_t *p;
    size_t left;
} asn1_reader;

typedef struct asn1_tlv {
    uint8_t cls;         /* ASN1_CLASS_* */
    uint8_t constructed; /* 1 if constructed */
    uint8_t tag;         /* 0..30 */
    const uint8_t *value;
    size_t len;
} asn1_tlv;

void asn1_reader_init(asn1_reader *r, const uint8_t *p, size_t len);
/* Parse the next element's header and consume the whole element. */
asn1_status asn1_read_tlv(asn1_reader *r, asn1_tlv *out);
/* The same without consuming. */
asn1_status asn1_peek_tlv(const asn1_reader *r, asn1_tlv *out);
/* Read the next element, which must have this class, form and tag (ASN1_ERR_UNEXPECTED_TAG / _WRONG_FORM). */
asn1_status asn1_read_expect(asn1_reader *r, uint8_t cls, uint8_t constructed, uint8_t tag, asn1_tlv *out);
/* Walk a whole DER element tree (the buffer must hold exactly one element) checking every header and the depth. */
asn1_status asn1_check_structure(const uint8_t *p, size_t len, unsigned max_depth);

/* Primitive contents (the value of a TLV already read). */
asn1_status asn1_decode_int64(const uint8_t *v, size_t len, int64_t *out); /* up to 8 octets, minimal */
asn1_status asn1_decode_int32(const uint8_t *v, size_t len, int32_t *out);
asn1_status asn1_decode_uint32(const uint8_t *v, size_t len, uint32_t *out);
/* KerberosTime, GeneralizedTime "YYYYMMDDHHMMSSZ" only: seconds since 1970-01-01T00:00:00Z (years 0000-9999). */
asn1_status asn1_decode_time(const uint8_t *v, size_t len, int64_t *out);
/* KerberosFlags: exactly 32 bits, bit 0 (the first, RFC 4120 numbering) is 0x80000000. */
asn1_status asn1_decode_flags(const uint8_t *v, size_t len, uint32_t *out);
/* KerberosString contents: any octet but NUL (RFC 4120 5.2.1 allows UTF-8 in practice). */
asn1_status asn1_check_string(const uint8_t *v, size_t len);

/* A growable output buffer with a maximum; wiped on free since keys and tickets pass through it. The first failure
 * sticks in error and later writes do nothing. */
typedef struct asn1_wbuf {
    uint8_t *data;
    size_t len;
    size_t cap;
    size_t max;
    asn1_status error;
} asn1_wbuf;

void asn1_wbuf_init(asn1_wbuf *w, size_t max);
void asn1_wbuf_free(asn1_wbuf *w); /* wipes the whole storage first */
void asn1_wipe(void *p, size_t n);  /* stores the compiler cannot drop */

void asn1_write_bytes(asn1_wbuf *w, const void *p, size_t n);
/* Start a constructed element: the identifier and a one-octet length placeholder; returns where its contents start. */
size_t asn1_write_open(asn1_wbuf *w, uint8_t cls, uint8_t tag);
/* Close it: write the definite length of everything since open, in its minimal form. */
void asn1_write_close(asn1_wbuf *w, size_t start);
void asn1_write_primitive(asn1_wbuf *w, uint8_t tag, const void *p, size_t n);
void asn1_write_int64(asn1_wbuf *w, int64_t v);
void asn1_write_time(asn1_wbuf *w, int64_t t); /* ASN1_ERR_INVALID_VALUE outside years 0000-9999 */
void asn1_write_flags(asn1_wbuf *w, uint32_t flags);

#endif
