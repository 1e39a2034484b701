/* The marshalled form of every LSA call: the contract between the secur32 client stubs and the LSA core.
 *
 * Portable (no windows.h). A message is a fixed 24-byte header followed by an op-specific body of fixed-width
 * little-endian fields and length-prefixed byte strings (u32 length + bytes). No field is a pointer the receiver
 * follows: client addresses travel as u64 values the core only relocates and range-checks. Requests and replies are
 * separate types (reusing one union for both let reply fields overwrite request fields still in use elsewhere).
 *
 * Header: u32 magic "LSAW" | u16 version | u16 op | u32 total length | u32 call id | u8 flags | u8 client pointer
 * size (4 or 8) | u16 reserved (0) | u32 status (reply: the call's NTSTATUS; request: 0). */
#ifndef LSAEMU_WIRE_LSA_WIRE_H
#define LSAEMU_WIRE_LSA_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define LSA_WIRE_MAGIC 0x5741534Cu /* "LSAW" little-endian */
#define LSA_WIRE_VERSION 1u
#define LSA_WIRE_HEADER_SIZE 24u
#define LSA_WIRE_FLAG_REPLY 0x01u
#define LSA_WIRE_MAX_SUBMIT (16u * 1024u * 1024u) /* largest submit buffer carried */
#define LSA_WIRE_MAX_STRING 65535u                /* names are LSA_STRINGs: USHORT byte length */
#define LSA_WIRE_MAX_GROUPS 1024u                 /* LocalGroups entries */
#define LSA_WIRE_MAX_SID 68u                      /* 8 + 4 * 15 sub-authorities */
#define LSA_WIRE_MAX_MESSAGE (LSA_WIRE_MAX_SUBMIT + 2u * LSA_WIRE_MAX_STRING + \
                              LSA_WIRE_MAX_GROUPS * (LSA_WIRE_MAX_SID + 8u) + 256u)

typedef enum lsa_wire_op {
    LSA_OP_CONNECT_UNTRUSTED = 1,
    LSA_OP_REGISTER_LOGON_PROCESS = 2,
    LSA_OP_DEREGISTER_LOGON_PROCESS = 3,
    LSA_OP_LOOKUP_PACKAGE = 4,
    LSA_OP_LOGON_USER = 5,
    LSA_OP_CALL_PACKAGE = 6,
    LSA_OP_FREE_RETURN_BUFFER = 7,
    LSA_OP_ENUMERATE_SESSIONS = 8,
    LSA_OP_GET_SESSION_DATA = 9,
    LSA_OP_REGISTER_POLICY_NOTIFICATION = 10,
    LSA_OP_UNREGISTER_POLICY_NOTIFICATION = 11,
    LSA_OP_LIMIT /* one past the last op */
} lsa_wire_op;

/* Decode and encode failures, one per cause; the core maps them to NTSTATUS in one place. */
typedef enum lsa_wire_status {
    LSA_WIRE_OK = 0,
    LSA_WIRE_TRUNCATED,      /* a field runs past the end of the message */
    LSA_WIRE_BAD_MAGIC,
    LSA_WIRE_BAD_VERSION,
    LSA_WIRE_BAD_LENGTH,     /* header length differs from the bytes received, or exceeds the maximum */
    LSA_WIRE_BAD_OP,
    LSA_WIRE_BAD_FLAGS,      /* reply flag on a request or missing on a reply, unknown flag bits, reserved != 0 */
    LSA_WIRE_BAD_PTR_SIZE,   /* client pointer size other than 4 or 8 */
    LSA_WIRE_TRAILING,       /* bytes left after the last field */
    LSA_WIRE_STRING_TOO_LONG,
    LSA_WIRE_SUBMIT_TOO_LONG,
    LSA_WIRE_TOO_MANY_GROUPS,
    LSA_WIRE_BAD_SID,        /* a SID whose revision, sub-authority count or length is wrong */
    LSA_WIRE_BAD_VALUE,      /* a boolean that is not 0/1, a status in a request, ... */
    LSA_WIRE_NOMEM,          /* encoder could not grow its buffer */
    LSA_WIRE_TOO_LARGE,      /* encoder output would exceed LSA_WIRE_MAX_MESSAGE */
} lsa_wire_status;

typedef struct lsa_wire_header {
    uint32_t magic;
    uint16_t version;
    uint16_t op;
    uint32_t length;
    uint32_t call_id;
    uint8_t flags;
    uint8_t ptr_size;
    uint16_t reserved;
    uint32_t status;
} lsa_wire_header;

/* A byte string inside a decoded message: points into the message, valid while it lives. */
typedef struct lsa_wire_bytes {
    const uint8_t *data;
    uint32_t len;
} lsa_wire_bytes;

typedef struct lsa_wire_luid {
    uint32_t low;
    int32_t high;
} lsa_wire_luid;

typedef struct lsa_wire_quotas {
    uint64_t paged_pool_limit;
    uint64_t nonpaged_pool_limit;
    uint64_t minimum_working_set;
    uint64_t maximum_working_set;
    uint64_t pagefile_limit;
    int64_t time_limit;
} lsa_wire_quotas;

typedef struct lsa_wire_logon_request {
    uint64_t handle;
    lsa_wire_bytes origin;       /* LSA_STRING OriginName bytes */
    uint32_t logon_type;
    uint32_t package_id;
    uint64_t client_base;        /* client address of the submit buffer */
    lsa_wire_bytes auth;         /* the submit buffer copy */
    uint8_t has_local_groups;    /* 0: LocalGroups was NULL */
    uint32_t group_count;
    lsa_wire_bytes groups;       /* group_count x { u32 attributes, u32 sid length, sid bytes }, validated */
    uint8_t source_name[8];      /* TOKEN_SOURCE */
    lsa_wire_luid source_id;
} lsa_wire_logon_request;

typedef struct lsa_wire_request {
    lsa_wire_header hdr;
    union {
        struct { lsa_wire_bytes name; } register_lp;
        struct { uint64_t handle; } deregister;
        struct { uint64_t handle; lsa_wire_bytes name; } lookup;
        lsa_wire_logon_request logon;
        struct { uint64_t handle; uint32_t package_id; uint64_t client_base; lsa_wire_bytes submit; } call;
        struct { uint64_t address; } free_buffer;
        struct { lsa_wire_luid logon_id; } session_data;
        struct { uint32_t info_class; uint64_t event; } policy;
    } u;
} lsa_wire_request;

typedef struct lsa_wire_reply {
    lsa_wire_header hdr; /* hdr.status carries the call's NTSTATUS */
    union {
        struct { uint64_t handle; } connect;
        struct { uint64_t handle; uint32_t security_mode; } register_lp;
        struct { uint32_t package_id; } lookup;
        struct {
            uint64_t profile;     /* client address of the profile buffer, 0 if none */
            uint32_t profile_len;
            lsa_wire_luid logon_id;
            uint64_t token;       /* token handle value in the client process, 0 if none */
            uint32_t substatus;
            lsa_wire_quotas quotas;
        } logon;
        struct { uint64_t buffer; uint32_t length; uint32_t protocol_status; } call;
        struct { uint64_t buffer; uint32_t count; } sessions;
        struct { uint64_t buffer; } session_data;
    } u;
} lsa_wire_reply;

/* A growable output buffer with a hard maximum (curl's dynbuf shape). On any failure it frees itself and stays
 * failed, so a sequence of writes needs one check at the end. */
typedef struct lsa_wbuf {
    uint8_t *data;
    size_t len;
    size_t cap;
    size_t max;
    lsa_wire_status error; /* LSA_WIRE_OK until a write fails */
    int borrowed;          /* data is the caller's storage (lsa_wbuf_init_with): wiped but never freed, moved to the heap
                            * to grow */
} lsa_wbuf;

void lsa_wbuf_init(lsa_wbuf *b, size_t max);
/* Start with caller-provided storage (e.g. a stack array) so a typical message costs no allocation. */
void lsa_wbuf_init_with(lsa_wbuf *b, void *storage, size_t size, size_t max);
/* Free (or hand back) the storage, wiped whole first: a request may carry a password. */
void lsa_wbuf_free(lsa_wbuf *b);
/* Wipe the whole storage and drop the contents, keeping the allocation (buffers reused across messages). */
void lsa_wbuf_wipe(lsa_wbuf *b);
/* Zero n bytes with stores the compiler cannot drop. */
void lsa_wire_wipe(void *p, size_t n);
/* Make room for n bytes in all (contents kept, the old storage wiped), for transports that read straight into data.
 * 0 if n > max or no memory (the buffer is then left as it was). */
int lsa_wbuf_reserve(lsa_wbuf *b, size_t n);
void lsa_wbuf_reset(lsa_wbuf *b); /* keep the allocation, drop the contents */

/* Encoders fill in magic, version, length and flags themselves; the caller sets op, call_id, ptr_size (and status
 * for replies). The output replaces the buffer's contents. */
lsa_wire_status lsa_wire_encode_request(const lsa_wire_request *req, lsa_wbuf *out);
lsa_wire_status lsa_wire_encode_reply(const lsa_wire_reply *rep, lsa_wbuf *out);

/* Decoders check every length before use; on failure *out is zeroed. Every reply carries its op's full body whatever
 * its status (a failed call sends zeros there, except fields Windows writes on failure too, such as SubStatus), so
 * one layout per op holds. A reply is accepted only for the op its request had (expected_op). */
lsa_wire_status lsa_wire_decode_request(const uint8_t *msg, size_t len, lsa_wire_request *out);
lsa_wire_status lsa_wire_decode_reply(const uint8_t *msg, size_t len, uint16_t expected_op, lsa_wire_reply *out);

/* Peek at a header only (transports use it to learn a message's length). */
lsa_wire_status lsa_wire_decode_header(const uint8_t *msg, size_t len, lsa_wire_header *out);

/* Iterate the validated LocalGroups of a decoded logon request. *pos starts at 0; returns 1 and fills sid/attributes
 * while entries remain, 0 at the end. */
int lsa_wire_next_group(const lsa_wire_logon_request *req, size_t *pos, lsa_wire_bytes *sid, uint32_t *attributes);

/* Append one LocalGroups entry to a group list being built for a request (the encoder copies the list as is). */
lsa_wire_status lsa_wire_append_group(lsa_wbuf *groups, const uint8_t *sid, uint32_t sid_len, uint32_t attributes);

const char *lsa_wire_status_name(lsa_wire_status status);
const char *lsa_wire_op_name(uint16_t op);

#endif
