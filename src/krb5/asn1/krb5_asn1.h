/* Kerberos V5 messages (RFC 4120 section 5) as C structs, and one table-driven DER codec for all of them: each type
 * is a field table (krb5_asn1_tables.c), so a message is data, not code. Portable, no windows.h.
 *
 * Conventions of every struct below:
 * - present: bit n set when context field [n] is there. The decoder sets it for every field it reads; the encoder
 *   writes an OPTIONAL field only when its bit is set and always writes the required ones.
 * - k5_octets for OCTET STRING and KerberosString (strings are NUL-terminated after len, for convenience only).
 * - k5_list for SEQUENCE OF: items points to count elements of the element's C type (named in the comment).
 * - KerberosTime is seconds since 1970-01-01T00:00:00Z (int64_t); KerberosFlags a uint32_t whose bit 0 (RFC 4120
 *   numbering) is 0x80000000.
 * Decoding allocates everything in a k5_arena, freed (and wiped) by one k5_arena_free. */
#ifndef LSAEMU_KRB5_ASN1_H
#define LSAEMU_KRB5_ASN1_H

#include <stddef.h>
#include <stdint.h>

#include "asn1_der.h"

#define K5_HAS(msg, n) (((msg)->present >> (n)) & 1u)
#define K5_SET(msg, n) ((msg)->present |= 1u << (n))

typedef struct k5_octets {
    uint8_t *data;
    size_t len;
} k5_octets;

typedef struct k5_list {
    void *items;
    size_t count;
} k5_list;

typedef struct k5_principal_name {
    uint32_t present;
    int32_t name_type;  /* [0] */
    k5_list name_string; /* [1] k5_octets */
} k5_principal_name;

typedef struct k5_encryption_key {
    uint32_t present;
    int32_t keytype;    /* [0] */
    k5_octets keyvalue; /* [1] secret */
} k5_encryption_key;

typedef struct k5_encrypted_data {
    uint32_t present;
    int32_t etype;    /* [0] */
    uint32_t kvno;    /* [1] OPTIONAL */
    k5_octets cipher; /* [2] */
} k5_encrypted_data;

typedef struct k5_checksum {
    uint32_t present;
    int32_t cksumtype;  /* [0] */
    k5_octets checksum; /* [1] */
} k5_checksum;

typedef struct k5_pa_data {
    uint32_t present;
    int32_t padata_type;    /* [1] (PA-DATA starts at 1) */
    k5_octets padata_value; /* [2] */
} k5_pa_data;

typedef struct k5_host_address {
    uint32_t present;
    int32_t addr_type; /* [0] */
    k5_octets address; /* [1] */
} k5_host_address;

typedef struct k5_authorization_data_entry {
    uint32_t present;
    int32_t ad_type;   /* [0] */
    k5_octets ad_data; /* [1] */
} k5_authorization_data_entry;

typedef struct k5_last_req_entry {
    uint32_t present;
    int32_t lr_type;  /* [0] */
    int64_t lr_value; /* [1] */
} k5_last_req_entry;

typedef struct k5_transited_encoding {
    uint32_t present;
    int32_t tr_type;    /* [0] */
    k5_octets contents; /* [1] */
} k5_transited_encoding;

/* A top-level SEQUENCE OF (ETYPE-INFO2, LastReq, AuthorizationData, HostAddresses, METHOD-DATA): bit 0 of present
 * is always set. */
typedef struct k5_sequence_of {
    uint32_t present;
    k5_list items;
} k5_sequence_of;

typedef struct k5_ticket { /* [APPLICATION 1] */
    uint32_t present;
    int32_t tkt_vno;             /* [0] */
    k5_octets realm;             /* [1] */
    k5_principal_name sname;     /* [2] */
    k5_encrypted_data enc_part;  /* [3] */
} k5_ticket;

typedef struct k5_kdc_req_body {
    uint32_t present;
    uint32_t kdc_options;                     /* [0] */
    k5_principal_name cname;                  /* [1] OPTIONAL */
    k5_octets realm;                          /* [2] */
    k5_principal_name sname;                  /* [3] OPTIONAL */
    int64_t from;                             /* [4] OPTIONAL */
    int64_t till;                             /* [5] */
    int64_t rtime;                            /* [6] OPTIONAL */
    uint32_t nonce;                           /* [7] */
    k5_list etype;                            /* [8] int32_t */
    k5_list addresses;                        /* [9] OPTIONAL k5_host_address */
    k5_encrypted_data enc_authorization_data; /* [10] OPTIONAL */
    k5_list additional_tickets;               /* [11] OPTIONAL k5_ticket */
} k5_kdc_req_body;

typedef struct k5_kdc_req { /* AS-REQ [APPLICATION 10], TGS-REQ [APPLICATION 12] */
    uint32_t present;
    int32_t pvno;             /* [1] */
    int32_t msg_type;         /* [2] */
    k5_list padata;           /* [3] OPTIONAL k5_pa_data */
    k5_kdc_req_body req_body; /* [4] */
} k5_kdc_req;

typedef struct k5_kdc_rep { /* AS-REP [APPLICATION 11], TGS-REP [APPLICATION 13] */
    uint32_t present;
    int32_t pvno;               /* [0] */
    int32_t msg_type;           /* [1] */
    k5_list padata;             /* [2] OPTIONAL k5_pa_data */
    k5_octets crealm;           /* [3] */
    k5_principal_name cname;    /* [4] */
    k5_ticket ticket;           /* [5] */
    k5_encrypted_data enc_part; /* [6] */
} k5_kdc_rep;

typedef struct k5_enc_kdc_rep_part { /* EncASRepPart [APPLICATION 25], EncTGSRepPart [APPLICATION 26] */
    uint32_t present;
    k5_encryption_key key;   /* [0] */
    k5_list last_req;        /* [1] k5_last_req_entry */
    uint32_t nonce;          /* [2] */
    int64_t key_expiration;  /* [3] OPTIONAL */
    uint32_t flags;          /* [4] */
    int64_t authtime;        /* [5] */
    int64_t starttime;       /* [6] OPTIONAL */
    int64_t endtime;         /* [7] */
    int64_t renew_till;      /* [8] OPTIONAL */
    k5_octets srealm;        /* [9] */
    k5_principal_name sname; /* [10] */
    k5_list caddr;           /* [11] OPTIONAL k5_host_address */
} k5_enc_kdc_rep_part;

typedef struct k5_enc_ticket_part { /* [APPLICATION 3] */
    uint32_t present;
    uint32_t flags;                  /* [0] */
    k5_encryption_key key;           /* [1] */
    k5_octets crealm;                /* [2] */
    k5_principal_name cname;         /* [3] */
    k5_transited_encoding transited; /* [4] */
    int64_t authtime;                /* [5] */
    int64_t starttime;               /* [6] OPTIONAL */
    int64_t endtime;                 /* [7] */
    int64_t renew_till;              /* [8] OPTIONAL */
    k5_list caddr;                   /* [9] OPTIONAL k5_host_address */
    k5_list authorization_data;      /* [10] OPTIONAL k5_authorization_data_entry */
} k5_enc_ticket_part;

typedef struct k5_authenticator { /* [APPLICATION 2] */
    uint32_t present;
    int32_t authenticator_vno;  /* [0] */
    k5_octets crealm;           /* [1] */
    k5_principal_name cname;    /* [2] */
    k5_checksum cksum;          /* [3] OPTIONAL */
    int32_t cusec;              /* [4] Microseconds */
    int64_t ctime;              /* [5] */
    k5_encryption_key subkey;   /* [6] OPTIONAL */
    uint32_t seq_number;        /* [7] OPTIONAL */
    k5_list authorization_data; /* [8] OPTIONAL k5_authorization_data_entry */
} k5_authenticator;

typedef struct k5_ap_req { /* [APPLICATION 14] */
    uint32_t present;
    int32_t pvno;                    /* [0] */
    int32_t msg_type;                /* [1] */
    uint32_t ap_options;             /* [2] */
    k5_ticket ticket;                /* [3] */
    k5_encrypted_data authenticator; /* [4] */
} k5_ap_req;

typedef struct k5_krb_error { /* [APPLICATION 30] */
    uint32_t present;
    int32_t pvno;            /* [0] */
    int32_t msg_type;        /* [1] */
    int64_t ctime;           /* [2] OPTIONAL */
    int32_t cusec;           /* [3] OPTIONAL */
    int64_t stime;           /* [4] */
    int32_t susec;           /* [5] */
    int32_t error_code;      /* [6] */
    k5_octets crealm;        /* [7] OPTIONAL */
    k5_principal_name cname; /* [8] OPTIONAL */
    k5_octets realm;         /* [9] */
    k5_principal_name sname; /* [10] */
    k5_octets e_text;        /* [11] OPTIONAL */
    k5_octets e_data;        /* [12] OPTIONAL */
} k5_krb_error;

typedef struct k5_etype_info2_entry {
    uint32_t present;
    int32_t etype;       /* [0] */
    k5_octets salt;      /* [1] OPTIONAL */
    k5_octets s2kparams; /* [2] OPTIONAL */
} k5_etype_info2_entry;

typedef struct k5_pa_enc_ts_enc {
    uint32_t present;
    int64_t patimestamp; /* [0] */
    int32_t pausec;      /* [1] OPTIONAL */
} k5_pa_enc_ts_enc;

typedef struct k5_krb_cred { /* [APPLICATION 22] */
    uint32_t present;
    int32_t pvno;               /* [0] */
    int32_t msg_type;           /* [1] */
    k5_list tickets;            /* [2] k5_ticket */
    k5_encrypted_data enc_part; /* [3] */
} k5_krb_cred;

typedef struct k5_krb_cred_info {
    uint32_t present;
    k5_encryption_key key;   /* [0] */
    k5_octets prealm;        /* [1] OPTIONAL */
    k5_principal_name pname; /* [2] OPTIONAL */
    uint32_t flags;          /* [3] OPTIONAL */
    int64_t authtime;        /* [4] OPTIONAL */
    int64_t starttime;       /* [5] OPTIONAL */
    int64_t endtime;         /* [6] OPTIONAL */
    int64_t renew_till;      /* [7] OPTIONAL */
    k5_octets srealm;        /* [8] OPTIONAL */
    k5_principal_name sname; /* [9] OPTIONAL */
    k5_list caddr;           /* [10] OPTIONAL k5_host_address */
} k5_krb_cred_info;

typedef struct k5_enc_krb_cred_part { /* [APPLICATION 29] */
    uint32_t present;
    k5_list ticket_info;       /* [0] k5_krb_cred_info */
    uint32_t nonce;            /* [1] OPTIONAL */
    int64_t timestamp;         /* [2] OPTIONAL */
    int32_t usec;              /* [3] OPTIONAL */
    k5_host_address s_address; /* [4] OPTIONAL */
    k5_host_address r_address; /* [5] OPTIONAL */
} k5_enc_krb_cred_part;

typedef struct k5_ap_rep { /* [APPLICATION 15] */
    uint32_t present;
    int32_t pvno;               /* [0] */
    int32_t msg_type;           /* [1] */
    k5_encrypted_data enc_part; /* [2] */
} k5_ap_rep;

typedef struct k5_enc_ap_rep_part { /* [APPLICATION 27] */
    uint32_t present;
    int64_t ctime;            /* [0] */
    int32_t cusec;            /* [1] */
    k5_encryption_key subkey; /* [2] OPTIONAL */
    uint32_t seq_number;      /* [3] OPTIONAL */
} k5_enc_ap_rep_part;

typedef struct k5_krb_priv { /* [APPLICATION 21]; the RFC leaves out [2] */
    uint32_t present;
    int32_t pvno;               /* [0] */
    int32_t msg_type;           /* [1] */
    k5_encrypted_data enc_part; /* [3] */
} k5_krb_priv;

typedef struct k5_enc_krb_priv_part { /* [APPLICATION 28] */
    uint32_t present;
    k5_octets user_data;       /* [0] */
    int64_t timestamp;         /* [1] OPTIONAL */
    int32_t usec;              /* [2] OPTIONAL */
    uint32_t seq_number;       /* [3] OPTIONAL */
    k5_host_address s_address; /* [4] OPTIONAL here (see the table) */
    k5_host_address r_address; /* [5] OPTIONAL */
} k5_enc_krb_priv_part;

typedef struct k5_change_passwd_data { /* RFC 3244 */
    uint32_t present;
    k5_octets newpasswd;         /* [0] secret */
    k5_principal_name targname;  /* [1] OPTIONAL */
    k5_octets targrealm;         /* [2] OPTIONAL */
} k5_change_passwd_data;

typedef struct k5_pa_for_user { /* MS-SFU 2.2.1 PA-FOR-USER */
    uint32_t present;
    k5_principal_name user_name; /* [0] */
    k5_octets user_realm;        /* [1] */
    k5_checksum cksum;           /* [2] */
    k5_octets auth_package;      /* [3] */
} k5_pa_for_user;

typedef struct k5_s4u_user_id { /* MS-SFU 2.2.2 S4UUserID */
    uint32_t present;
    uint32_t nonce;                /* [0] the KDC-REQ-BODY's nonce */
    k5_principal_name cname;       /* [1] OPTIONAL */
    k5_octets crealm;              /* [2] */
    k5_octets subject_certificate; /* [3] OPTIONAL */
    uint32_t options;              /* [4] OPTIONAL, BIT STRING as KerberosFlags */
} k5_s4u_user_id;

typedef struct k5_pa_s4u_x509_user { /* MS-SFU 2.2.2 PA-S4U-X509-USER */
    uint32_t present;
    k5_s4u_user_id user_id; /* [0] */
    k5_checksum checksum;   /* [1] */
} k5_pa_s4u_x509_user;

/* A type's description (opaque here; the tables are in krb5_asn1_tables.c). */
typedef struct k5_asn1_type k5_asn1_type;

extern const k5_asn1_type k5_PrincipalName, k5_EncryptionKey, k5_EncryptedData, k5_Checksum, k5_PA_DATA,
    k5_METHOD_DATA, k5_HostAddress, k5_HostAddresses, k5_KDC_REQ_BODY, k5_AS_REQ, k5_TGS_REQ, k5_AS_REP, k5_TGS_REP,
    k5_EncASRepPart, k5_EncTGSRepPart, k5_LastReq, k5_Ticket, k5_EncTicketPart, k5_TransitedEncoding,
    k5_AuthorizationData, k5_Authenticator, k5_AP_REQ, k5_KRB_ERROR, k5_ETYPE_INFO2_ENTRY, k5_ETYPE_INFO2,
    k5_PA_ENC_TS_ENC, k5_KRB_CRED, k5_EncKrbCredPart, k5_KrbCredInfo, k5_AP_REP, k5_EncAPRepPart, k5_KRB_PRIV,
    k5_EncKrbPrivPart, k5_ChangePasswdData, k5_PA_FOR_USER, k5_S4UUserID, k5_PA_S4U_X509_USER;

/* Every type above, for harnesses that go through them all. */
extern const k5_asn1_type *const k5_asn1_all_types[];
extern const size_t k5_asn1_all_types_count;

const char *k5_asn1_type_name(const k5_asn1_type *type);
size_t k5_asn1_type_size(const k5_asn1_type *type); /* sizeof the C struct it decodes into */

/* Per-message allocations, each wiped before it is freed (decoded keys live here). */
typedef struct k5_arena {
    struct k5_arena_block *head;
} k5_arena;

void k5_arena_init(k5_arena *a);
void *k5_arena_alloc(k5_arena *a, size_t size); /* zeroed; NULL on overflow or no memory */
void k5_arena_free(k5_arena *a);

/* Decode exactly one DER value of type from der[0..len) into out (a struct of the type's C type, zeroed on entry
 * and again on failure). Allocations go to arena; after a failure, free the arena to reclaim them. */
asn1_status k5_asn1_decode(const k5_asn1_type *type, const uint8_t *der, size_t len, k5_arena *arena, void *out);
/* Append the DER encoding of in to w (w->error is also set on failure). */
asn1_status k5_asn1_encode(const k5_asn1_type *type, const void *in, asn1_wbuf *w);
/* 1 if a and b hold the same value: the same OPTIONAL fields present and every field there equal (octet contents
 * compared without an early exit). What decode(encode(x)) == x means. */
int k5_asn1_equal(const k5_asn1_type *type, const void *a, const void *b);

#endif
