/* MIT krb5 FILE credential cache ("ccache") files, in memory. Format versions 0x0504 (header fields, e.g. the KDC
 * time offset) and 0x0503 (no header, keyblock enctype written twice); big-endian throughout. The parser copies
 * everything it keeps, so the input may be freed at once; keyblock contents are secrets and are wiped on free. */
#ifndef LSAEMU_KCC_H
#define LSAEMU_KCC_H

#include <stddef.h>
#include <stdint.h>

#define KCC_VERSION_3 0x0503
#define KCC_VERSION_4 0x0504
#define KCC_TAG_KDC_OFFSET 1

/* Limits no real cache comes near; they keep a hostile file from asking for huge allocations before its bytes
 * are seen to exist (every count is also checked against the bytes left). */
#define KCC_MAX_COMPONENTS 64
#define KCC_MAX_LIST 1024

/* The realm MIT gives configuration entries' server principals, and their first component. */
#define KCC_CONF_REALM "X-CACHECONF:"
#define KCC_CONF_NAME "krb5_ccache_conf_data"

typedef enum {
    KCC_OK = 0,
    KCC_E_TRUNCATED,   /* a field runs past the end of the input */
    KCC_E_VERSION,     /* not 0x0503/0x0504 */
    KCC_E_HEADER,      /* header fields do not fill the header exactly, or a known field has the wrong length */
    KCC_E_COUNT,       /* a component, address or authdata count over its limit or over the bytes left */
    KCC_E_KEYBLOCK,    /* version 3: the two enctype copies differ */
    KCC_E_BAD_FIELD,   /* is_skey neither 0 nor 1 */
    KCC_E_NO_MEMORY,
    KCC_E_TOO_BIG,     /* the serialised form would not fit in size_t / a 32-bit length */
    KCC_E_BUFFER,      /* output buffer too small */
    KCC_E_NOT_FOUND,
    KCC_E_ARGUMENT,
} kcc_status;

typedef struct {
    uint8_t *bytes; /* NULL when length is 0 */
    uint32_t length;
} kcc_data;

typedef struct {
    uint32_t name_type;
    kcc_data realm;
    uint32_t count;
    kcc_data *components;
} kcc_principal;

/* An address (addrtype) or an authorization-data element (ad_type). */
typedef struct {
    uint16_t type;
    kcc_data value;
} kcc_typed_data;

typedef struct {
    kcc_principal client;
    kcc_principal server;
    uint16_t enctype;
    kcc_data key; /* secret */
    uint32_t authtime, starttime, endtime, renew_till;
    uint8_t is_skey;
    uint32_t ticket_flags;
    uint32_t address_count;
    kcc_typed_data *addresses;
    uint32_t authdata_count;
    kcc_typed_data *authdata;
    kcc_data ticket;
    kcc_data second_ticket;
} kcc_cred;

/* A version-4 header field; unknown tags are kept so a rewrite loses nothing. */
typedef struct {
    uint16_t tag;
    kcc_data value;
} kcc_header_field;

typedef struct {
    uint16_t version;
    uint32_t field_count;
    kcc_header_field *fields;
    kcc_principal default_principal;
    size_t cred_count;
    kcc_cred *creds;
} kcc_cache;

/* Parsing and serialisation (kcc_parse.c, kcc_write.c). On failure *cache is left empty. */
kcc_status kcc_parse(const uint8_t *bytes, size_t size, kcc_cache *cache);
kcc_status kcc_serialized_size(const kcc_cache *cache, size_t *size);
kcc_status kcc_serialize(const kcc_cache *cache, uint8_t *out, size_t capacity, size_t *written);

/* The KDC time offset header field (tag 1, 8 bytes): KCC_E_NOT_FOUND when absent. Setting one on a version-3 cache
 * is refused (KCC_E_VERSION): that format has no header. */
kcc_status kcc_get_kdc_offset(const kcc_cache *cache, int32_t *seconds, int32_t *microseconds);
kcc_status kcc_set_kdc_offset(kcc_cache *cache, int32_t seconds, int32_t microseconds);

/* Building and comparing (kcc_edit.c). Principals compare by realm and components (not name type), as MIT does. */
kcc_status kcc_principal_set(kcc_principal *p, uint32_t name_type, const char *realm, size_t count,
                             const char *const *components);
kcc_status kcc_principal_copy(kcc_principal *to, const kcc_principal *from);
int kcc_principal_equal(const kcc_principal *a, const kcc_principal *b);
kcc_status kcc_data_set(kcc_data *d, const void *bytes, size_t length);

/* Appends a deep copy of cred. */
kcc_status kcc_add_cred(kcc_cache *cache, const kcc_cred *cred);
/* The first credential at or after *index whose server principal equals server (config entries included only if
 * server is one); *index is set to it. KCC_E_NOT_FOUND when none. */
kcc_status kcc_find_by_server(const kcc_cache *cache, const kcc_principal *server, size_t *index);
/* Removes every credential for server / every non-config credential whose server realm is realm; *removed counts
 * them (NULL allowed). Removing nothing is not an error. */
kcc_status kcc_remove_server(kcc_cache *cache, const kcc_principal *server, size_t *removed);
kcc_status kcc_purge_realm(kcc_cache *cache, const char *realm, size_t *removed);

/* Configuration entries: server = krb5_ccache_conf_data/key[/principal]@X-CACHECONF:, value in the ticket field,
 * client the default principal, every other field zero. Setting replaces an existing entry with the same key and
 * principal. */
int kcc_is_config(const kcc_cred *cred);
kcc_status kcc_set_config(kcc_cache *cache, const char *key, const kcc_principal *about, const void *value,
                          size_t length);
kcc_status kcc_get_config(const kcc_cache *cache, const char *key, const kcc_principal *about, const kcc_data **value);
/* Listing skips configuration entries: the next ordinary credential at or after *index (KCC_E_NOT_FOUND at the end). */
kcc_status kcc_next_listed(const kcc_cache *cache, size_t *index);

/* Releasing (kcc_free.c): wipes key material, frees everything, leaves the structure zeroed. */
void kcc_principal_free(kcc_principal *p);
void kcc_cred_free(kcc_cred *cred);
void kcc_cache_free(kcc_cache *cache);
void kcc_wipe(void *bytes, size_t length);

#endif
