/* Encoder and bounds-checked decoder for lsaemu's LSA call messages (see lsa_wire.h for the layout). */
#include "lsa_wire.h"

#include <stdlib.h>
#include <string.h>

/* Test builds count allocations and look for secrets left in freed blocks (tests/unit/test_wire.c). */
#ifdef LSAEMU_WIRE_ALLOC_HOOK
void *lsaemu_wire_test_malloc(size_t size);
void lsaemu_wire_test_free(void *ptr);
#define WIRE_MALLOC lsaemu_wire_test_malloc
#define WIRE_FREE lsaemu_wire_test_free
#else
#define WIRE_MALLOC malloc
#define WIRE_FREE free
#endif

/* ---- output buffer ---------------------------------------------------------------------------------------------- */

/* Requests carry submit buffers (passwords, hashes): every byte a buffer ever held is wiped before its storage is
 * freed, reused or handed back, with stores the compiler cannot drop. */
void lsa_wire_wipe(void *p, size_t n)
{
    volatile uint8_t *v = p;
    while (n--)
        *v++ = 0;
}

void lsa_wbuf_init(lsa_wbuf *b, size_t max)
{
    memset(b, 0, sizeof(*b));
    b->max = max;
}

void lsa_wbuf_init_with(lsa_wbuf *b, void *storage, size_t size, size_t max)
{
    memset(b, 0, sizeof(*b));
    b->max = max;
    if (storage && size) {
        b->data = storage;
        b->cap = size;
        b->borrowed = 1;
    }
}

/* Let go of the current storage (wiped whole: transports read into it past len). */
static void wbuf_release(lsa_wbuf *b)
{
    if (b->data)
        lsa_wire_wipe(b->data, b->cap);
    if (!b->borrowed)
        WIRE_FREE(b->data);
    b->data = NULL;
    b->borrowed = 0;
    b->len = b->cap = 0;
}

void lsa_wbuf_free(lsa_wbuf *b)
{
    wbuf_release(b);
}

void lsa_wbuf_wipe(lsa_wbuf *b)
{
    if (b->data)
        lsa_wire_wipe(b->data, b->cap);
    b->len = 0;
    b->error = LSA_WIRE_OK;
}

void lsa_wbuf_reset(lsa_wbuf *b)
{
    b->len = 0;
    b->error = LSA_WIRE_OK;
}

/* Move to a heap block of `want` bytes keeping the first len bytes; the old storage is wiped (no realloc: it would
 * leave the old block's bytes in the heap). 0 when there is no memory (the buffer is then left as it was). */
static int wbuf_grow(lsa_wbuf *b, size_t want)
{
    uint8_t *grown = WIRE_MALLOC(want);
    size_t keep = b->len;
    if (!grown)
        return 0;
    if (keep)
        memcpy(grown, b->data, keep);
    wbuf_release(b);
    b->data = grown;
    b->cap = want;
    b->len = keep;
    return 1;
}

int lsa_wbuf_reserve(lsa_wbuf *b, size_t n)
{
    if (b->max == 0 || b->max > LSA_WIRE_MAX_MESSAGE)
        b->max = LSA_WIRE_MAX_MESSAGE;
    if (n > b->max)
        return 0;
    if (n <= b->cap)
        return 1;
    return wbuf_grow(b, n);
}

static void wbuf_fail(lsa_wbuf *b, lsa_wire_status why)
{
    lsa_wbuf_free(b);
    b->error = why;
}

static void put_bytes(lsa_wbuf *b, const void *src, size_t n)
{
    if (b->error != LSA_WIRE_OK)
        return;
    if (n > b->max - b->len) { /* len <= max always holds, so this cannot wrap */
        wbuf_fail(b, LSA_WIRE_TOO_LARGE);
        return;
    }
    if (n > b->cap - b->len) {
        size_t want = b->cap ? b->cap : 256;
        while (want - b->len < n)
            want = (want > b->max / 2) ? b->max : want * 2;
        if (!wbuf_grow(b, want)) {
            wbuf_fail(b, LSA_WIRE_NOMEM);
            return;
        }
    }
    if (n)
        memcpy(b->data + b->len, src, n);
    b->len += n;
}

static void put_u8(lsa_wbuf *b, uint8_t v) { put_bytes(b, &v, 1); }

static void put_u16(lsa_wbuf *b, uint16_t v)
{
    uint8_t le[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
    put_bytes(b, le, 2);
}

static void put_u32(lsa_wbuf *b, uint32_t v)
{
    uint8_t le[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    put_bytes(b, le, 4);
}

static void put_u64(lsa_wbuf *b, uint64_t v)
{
    put_u32(b, (uint32_t)v);
    put_u32(b, (uint32_t)(v >> 32));
}

static void put_luid(lsa_wbuf *b, lsa_wire_luid id)
{
    put_u32(b, id.low);
    put_u32(b, (uint32_t)id.high);
}

static void put_blob(lsa_wbuf *b, lsa_wire_bytes s, uint32_t limit)
{
    if (b->error == LSA_WIRE_OK && (s.len > limit || (s.len && !s.data))) {
        wbuf_fail(b, s.len > limit ? LSA_WIRE_TOO_LARGE : LSA_WIRE_BAD_VALUE);
        return;
    }
    put_u32(b, s.len);
    put_bytes(b, s.data, s.len);
}

/* ---- input cursor: moves only on success; the first failure sticks ---------------------------------------------- */

typedef struct reader {
    const uint8_t *p;
    size_t len;
    size_t pos;
    lsa_wire_status err;
} reader;

static int need(reader *r, size_t n)
{
    if (r->err != LSA_WIRE_OK)
        return 0;
    if (n > r->len - r->pos) {
        r->err = LSA_WIRE_TRUNCATED;
        return 0;
    }
    return 1;
}

static uint8_t get_u8(reader *r)
{
    if (!need(r, 1))
        return 0;
    return r->p[r->pos++];
}

static uint16_t get_u16(reader *r)
{
    if (!need(r, 2))
        return 0;
    uint16_t v = (uint16_t)(r->p[r->pos] | (r->p[r->pos + 1] << 8));
    r->pos += 2;
    return v;
}

static uint32_t get_u32(reader *r)
{
    if (!need(r, 4))
        return 0;
    const uint8_t *q = r->p + r->pos;
    uint32_t v = (uint32_t)q[0] | ((uint32_t)q[1] << 8) | ((uint32_t)q[2] << 16) | ((uint32_t)q[3] << 24);
    r->pos += 4;
    return v;
}

static uint64_t get_u64(reader *r)
{
    uint64_t lo = get_u32(r);
    uint64_t hi = get_u32(r);
    return lo | (hi << 32);
}

static lsa_wire_luid get_luid(reader *r)
{
    lsa_wire_luid id;
    id.low = get_u32(r);
    id.high = (int32_t)get_u32(r);
    return id;
}

static uint8_t get_bool(reader *r)
{
    uint8_t v = get_u8(r);
    if (v > 1 && r->err == LSA_WIRE_OK)
        r->err = LSA_WIRE_BAD_VALUE;
    return v;
}

static lsa_wire_bytes get_blob(reader *r, uint32_t limit, lsa_wire_status too_long)
{
    lsa_wire_bytes s = { NULL, 0 };
    uint32_t n = get_u32(r);
    if (r->err != LSA_WIRE_OK)
        return s;
    if (n > limit) {
        r->err = too_long;
        return s;
    }
    if (!need(r, n))
        return s;
    s.data = n ? r->p + r->pos : NULL;
    s.len = n;
    r->pos += n;
    return s;
}

/* A SID in its binary form: revision 1, at most 15 sub-authorities, length exactly 8 + 4n. */
static int sid_valid(const uint8_t *sid, uint32_t len)
{
    if (len < 8 || len > LSA_WIRE_MAX_SID || sid[0] != 1 || sid[1] > 15)
        return 0;
    return len == 8u + 4u * sid[1];
}

/* ---- header ----------------------------------------------------------------------------------------------------- */

static void put_header(lsa_wbuf *b, const lsa_wire_header *h, uint8_t flags, uint32_t status)
{
    put_u32(b, LSA_WIRE_MAGIC);
    put_u16(b, LSA_WIRE_VERSION);
    put_u16(b, h->op);
    put_u32(b, 0); /* length, patched when the body is done */
    put_u32(b, h->call_id);
    put_u8(b, flags);
    put_u8(b, h->ptr_size);
    put_u16(b, 0);
    put_u32(b, status);
}

static lsa_wire_status finish(lsa_wbuf *b)
{
    if (b->error != LSA_WIRE_OK)
        return b->error;
    uint32_t n = (uint32_t)b->len; /* b->max <= LSA_WIRE_MAX_MESSAGE fits in 32 bits */
    b->data[8] = (uint8_t)n;
    b->data[9] = (uint8_t)(n >> 8);
    b->data[10] = (uint8_t)(n >> 16);
    b->data[11] = (uint8_t)(n >> 24);
    return LSA_WIRE_OK;
}

static lsa_wire_status start(lsa_wbuf *b, const lsa_wire_header *h)
{
    if (b->max == 0 || b->max > LSA_WIRE_MAX_MESSAGE)
        b->max = LSA_WIRE_MAX_MESSAGE;
    lsa_wbuf_reset(b);
    if (h->op == 0 || h->op >= LSA_OP_LIMIT)
        return LSA_WIRE_BAD_OP;
    if (h->ptr_size != 4 && h->ptr_size != 8)
        return LSA_WIRE_BAD_PTR_SIZE;
    return LSA_WIRE_OK;
}

lsa_wire_status lsa_wire_decode_header(const uint8_t *msg, size_t len, lsa_wire_header *out)
{
    reader r = { msg, len, 0, LSA_WIRE_OK };
    memset(out, 0, sizeof(*out));
    out->magic = get_u32(&r);
    out->version = get_u16(&r);
    out->op = get_u16(&r);
    out->length = get_u32(&r);
    out->call_id = get_u32(&r);
    out->flags = get_u8(&r);
    out->ptr_size = get_u8(&r);
    out->reserved = get_u16(&r);
    out->status = get_u32(&r);
    if (r.err != LSA_WIRE_OK)
        return r.err;
    if (out->magic != LSA_WIRE_MAGIC)
        return LSA_WIRE_BAD_MAGIC;
    if (out->version != LSA_WIRE_VERSION)
        return LSA_WIRE_BAD_VERSION;
    if (out->length < LSA_WIRE_HEADER_SIZE || out->length > LSA_WIRE_MAX_MESSAGE)
        return LSA_WIRE_BAD_LENGTH;
    if (out->op == 0 || out->op >= LSA_OP_LIMIT)
        return LSA_WIRE_BAD_OP;
    if ((out->flags & ~LSA_WIRE_FLAG_REPLY) || out->reserved)
        return LSA_WIRE_BAD_FLAGS;
    if (out->ptr_size != 4 && out->ptr_size != 8)
        return LSA_WIRE_BAD_PTR_SIZE;
    return LSA_WIRE_OK;
}

/* Header checks shared by both decoders: the whole message must be exactly what the header says. */
static lsa_wire_status open_message(const uint8_t *msg, size_t len, int want_reply, lsa_wire_header *h, reader *r)
{
    lsa_wire_status st = lsa_wire_decode_header(msg, len, h);
    if (st != LSA_WIRE_OK)
        return st;
    if (h->length != len)
        return LSA_WIRE_BAD_LENGTH;
    if (!!(h->flags & LSA_WIRE_FLAG_REPLY) != want_reply)
        return LSA_WIRE_BAD_FLAGS;
    if (!want_reply && h->status != 0)
        return LSA_WIRE_BAD_VALUE;
    r->p = msg;
    r->len = len;
    r->pos = LSA_WIRE_HEADER_SIZE;
    r->err = LSA_WIRE_OK;
    return LSA_WIRE_OK;
}

static lsa_wire_status close_message(reader *r)
{
    if (r->err != LSA_WIRE_OK)
        return r->err;
    return r->pos == r->len ? LSA_WIRE_OK : LSA_WIRE_TRAILING;
}

/* ---- requests --------------------------------------------------------------------------------------------------- */

lsa_wire_status lsa_wire_encode_request(const lsa_wire_request *q, lsa_wbuf *b)
{
    lsa_wire_status st = start(b, &q->hdr);
    if (st != LSA_WIRE_OK)
        return st;
    put_header(b, &q->hdr, 0, 0);
    switch ((lsa_wire_op)q->hdr.op) {
    case LSA_OP_CONNECT_UNTRUSTED:
    case LSA_OP_ENUMERATE_SESSIONS:
    case LSA_OP_LIMIT:
        break;
    case LSA_OP_REGISTER_LOGON_PROCESS:
        put_blob(b, q->u.register_lp.name, LSA_WIRE_MAX_STRING);
        break;
    case LSA_OP_DEREGISTER_LOGON_PROCESS:
        put_u64(b, q->u.deregister.handle);
        break;
    case LSA_OP_LOOKUP_PACKAGE:
        put_u64(b, q->u.lookup.handle);
        put_blob(b, q->u.lookup.name, LSA_WIRE_MAX_STRING);
        break;
    case LSA_OP_LOGON_USER: {
        const lsa_wire_logon_request *l = &q->u.logon;
        if (l->group_count > LSA_WIRE_MAX_GROUPS || (!l->has_local_groups && l->group_count) || l->has_local_groups > 1)
            return LSA_WIRE_BAD_VALUE;
        put_u64(b, l->handle);
        put_blob(b, l->origin, LSA_WIRE_MAX_STRING);
        put_u32(b, l->logon_type);
        put_u32(b, l->package_id);
        put_u64(b, l->client_base);
        put_blob(b, l->auth, LSA_WIRE_MAX_SUBMIT);
        put_u8(b, l->has_local_groups);
        put_u32(b, l->group_count);
        put_blob(b, l->groups, LSA_WIRE_MAX_GROUPS * (LSA_WIRE_MAX_SID + 8u));
        put_bytes(b, l->source_name, sizeof(l->source_name));
        put_luid(b, l->source_id);
        break;
    }
    case LSA_OP_CALL_PACKAGE:
        put_u64(b, q->u.call.handle);
        put_u32(b, q->u.call.package_id);
        put_u64(b, q->u.call.client_base);
        put_blob(b, q->u.call.submit, LSA_WIRE_MAX_SUBMIT);
        break;
    case LSA_OP_FREE_RETURN_BUFFER:
        put_u64(b, q->u.free_buffer.address);
        break;
    case LSA_OP_GET_SESSION_DATA:
        put_luid(b, q->u.session_data.logon_id);
        break;
    case LSA_OP_REGISTER_POLICY_NOTIFICATION:
    case LSA_OP_UNREGISTER_POLICY_NOTIFICATION:
        put_u32(b, q->u.policy.info_class);
        put_u64(b, q->u.policy.event);
        break;
    }
    return finish(b);
}

/* The LocalGroups list: group_count entries of { u32 attributes, u32 sid length, sid }, nothing else. */
static lsa_wire_status check_groups(const lsa_wire_logon_request *l)
{
    reader g = { l->groups.data, l->groups.len, 0, LSA_WIRE_OK };
    for (uint32_t i = 0; i < l->group_count; i++) {
        (void)get_u32(&g);
        lsa_wire_bytes sid = get_blob(&g, LSA_WIRE_MAX_SID, LSA_WIRE_BAD_SID);
        if (g.err != LSA_WIRE_OK)
            return g.err == LSA_WIRE_TRUNCATED ? LSA_WIRE_BAD_VALUE : g.err;
        if (!sid_valid(sid.data, sid.len))
            return LSA_WIRE_BAD_SID;
    }
    return g.pos == g.len ? LSA_WIRE_OK : LSA_WIRE_BAD_VALUE;
}

lsa_wire_status lsa_wire_decode_request(const uint8_t *msg, size_t len, lsa_wire_request *q)
{
    reader r;
    lsa_wire_status st;
    memset(q, 0, sizeof(*q));
    st = open_message(msg, len, 0, &q->hdr, &r);
    if (st != LSA_WIRE_OK)
        goto fail;
    switch ((lsa_wire_op)q->hdr.op) {
    case LSA_OP_CONNECT_UNTRUSTED:
    case LSA_OP_ENUMERATE_SESSIONS:
    case LSA_OP_LIMIT:
        break;
    case LSA_OP_REGISTER_LOGON_PROCESS:
        q->u.register_lp.name = get_blob(&r, LSA_WIRE_MAX_STRING, LSA_WIRE_STRING_TOO_LONG);
        break;
    case LSA_OP_DEREGISTER_LOGON_PROCESS:
        q->u.deregister.handle = get_u64(&r);
        break;
    case LSA_OP_LOOKUP_PACKAGE:
        q->u.lookup.handle = get_u64(&r);
        q->u.lookup.name = get_blob(&r, LSA_WIRE_MAX_STRING, LSA_WIRE_STRING_TOO_LONG);
        break;
    case LSA_OP_LOGON_USER: {
        lsa_wire_logon_request *l = &q->u.logon;
        l->handle = get_u64(&r);
        l->origin = get_blob(&r, LSA_WIRE_MAX_STRING, LSA_WIRE_STRING_TOO_LONG);
        l->logon_type = get_u32(&r);
        l->package_id = get_u32(&r);
        l->client_base = get_u64(&r);
        l->auth = get_blob(&r, LSA_WIRE_MAX_SUBMIT, LSA_WIRE_SUBMIT_TOO_LONG);
        l->has_local_groups = get_bool(&r);
        l->group_count = get_u32(&r);
        if (r.err == LSA_WIRE_OK && l->group_count > LSA_WIRE_MAX_GROUPS)
            r.err = LSA_WIRE_TOO_MANY_GROUPS;
        if (r.err == LSA_WIRE_OK && !l->has_local_groups && l->group_count)
            r.err = LSA_WIRE_BAD_VALUE;
        l->groups = get_blob(&r, LSA_WIRE_MAX_GROUPS * (LSA_WIRE_MAX_SID + 8u), LSA_WIRE_TOO_MANY_GROUPS);
        if (need(&r, sizeof(l->source_name))) {
            memcpy(l->source_name, r.p + r.pos, sizeof(l->source_name));
            r.pos += sizeof(l->source_name);
        }
        l->source_id = get_luid(&r);
        if (r.err == LSA_WIRE_OK)
            r.err = check_groups(l);
        break;
    }
    case LSA_OP_CALL_PACKAGE:
        q->u.call.handle = get_u64(&r);
        q->u.call.package_id = get_u32(&r);
        q->u.call.client_base = get_u64(&r);
        q->u.call.submit = get_blob(&r, LSA_WIRE_MAX_SUBMIT, LSA_WIRE_SUBMIT_TOO_LONG);
        break;
    case LSA_OP_FREE_RETURN_BUFFER:
        q->u.free_buffer.address = get_u64(&r);
        break;
    case LSA_OP_GET_SESSION_DATA:
        q->u.session_data.logon_id = get_luid(&r);
        break;
    case LSA_OP_REGISTER_POLICY_NOTIFICATION:
    case LSA_OP_UNREGISTER_POLICY_NOTIFICATION:
        q->u.policy.info_class = get_u32(&r);
        q->u.policy.event = get_u64(&r);
        break;
    }
    st = close_message(&r);
    if (st == LSA_WIRE_OK)
        return st;
fail:
    memset(q, 0, sizeof(*q));
    return st;
}

/* ---- replies ---------------------------------------------------------------------------------------------------- */

static void put_quotas(lsa_wbuf *b, const lsa_wire_quotas *q)
{
    put_u64(b, q->paged_pool_limit);
    put_u64(b, q->nonpaged_pool_limit);
    put_u64(b, q->minimum_working_set);
    put_u64(b, q->maximum_working_set);
    put_u64(b, q->pagefile_limit);
    put_u64(b, (uint64_t)q->time_limit);
}

static void get_quotas(reader *r, lsa_wire_quotas *q)
{
    q->paged_pool_limit = get_u64(r);
    q->nonpaged_pool_limit = get_u64(r);
    q->minimum_working_set = get_u64(r);
    q->maximum_working_set = get_u64(r);
    q->pagefile_limit = get_u64(r);
    q->time_limit = (int64_t)get_u64(r);
}

lsa_wire_status lsa_wire_encode_reply(const lsa_wire_reply *p, lsa_wbuf *b)
{
    lsa_wire_status st = start(b, &p->hdr);
    if (st != LSA_WIRE_OK)
        return st;
    put_header(b, &p->hdr, LSA_WIRE_FLAG_REPLY, p->hdr.status);
    switch ((lsa_wire_op)p->hdr.op) {
    case LSA_OP_DEREGISTER_LOGON_PROCESS:
    case LSA_OP_FREE_RETURN_BUFFER:
    case LSA_OP_REGISTER_POLICY_NOTIFICATION:
    case LSA_OP_UNREGISTER_POLICY_NOTIFICATION:
    case LSA_OP_LIMIT:
        break;
    case LSA_OP_CONNECT_UNTRUSTED:
        put_u64(b, p->u.connect.handle);
        break;
    case LSA_OP_REGISTER_LOGON_PROCESS:
        put_u64(b, p->u.register_lp.handle);
        put_u32(b, p->u.register_lp.security_mode);
        break;
    case LSA_OP_LOOKUP_PACKAGE:
        put_u32(b, p->u.lookup.package_id);
        break;
    case LSA_OP_LOGON_USER:
        put_u64(b, p->u.logon.profile);
        put_u32(b, p->u.logon.profile_len);
        put_luid(b, p->u.logon.logon_id);
        put_u64(b, p->u.logon.token);
        put_u32(b, p->u.logon.substatus);
        put_quotas(b, &p->u.logon.quotas);
        break;
    case LSA_OP_CALL_PACKAGE:
        put_u64(b, p->u.call.buffer);
        put_u32(b, p->u.call.length);
        put_u32(b, p->u.call.protocol_status);
        break;
    case LSA_OP_ENUMERATE_SESSIONS:
        put_u64(b, p->u.sessions.buffer);
        put_u32(b, p->u.sessions.count);
        break;
    case LSA_OP_GET_SESSION_DATA:
        put_u64(b, p->u.session_data.buffer);
        break;
    }
    return finish(b);
}

lsa_wire_status lsa_wire_decode_reply(const uint8_t *msg, size_t len, uint16_t expected_op, lsa_wire_reply *p)
{
    reader r;
    lsa_wire_status st;
    memset(p, 0, sizeof(*p));
    st = open_message(msg, len, 1, &p->hdr, &r);
    if (st != LSA_WIRE_OK)
        goto fail;
    if (p->hdr.op != expected_op) {
        st = LSA_WIRE_BAD_OP;
        goto fail;
    }
    switch ((lsa_wire_op)p->hdr.op) {
    case LSA_OP_DEREGISTER_LOGON_PROCESS:
    case LSA_OP_FREE_RETURN_BUFFER:
    case LSA_OP_REGISTER_POLICY_NOTIFICATION:
    case LSA_OP_UNREGISTER_POLICY_NOTIFICATION:
    case LSA_OP_LIMIT:
        break;
    case LSA_OP_CONNECT_UNTRUSTED:
        p->u.connect.handle = get_u64(&r);
        break;
    case LSA_OP_REGISTER_LOGON_PROCESS:
        p->u.register_lp.handle = get_u64(&r);
        p->u.register_lp.security_mode = get_u32(&r);
        break;
    case LSA_OP_LOOKUP_PACKAGE:
        p->u.lookup.package_id = get_u32(&r);
        break;
    case LSA_OP_LOGON_USER:
        p->u.logon.profile = get_u64(&r);
        p->u.logon.profile_len = get_u32(&r);
        p->u.logon.logon_id = get_luid(&r);
        p->u.logon.token = get_u64(&r);
        p->u.logon.substatus = get_u32(&r);
        get_quotas(&r, &p->u.logon.quotas);
        break;
    case LSA_OP_CALL_PACKAGE:
        p->u.call.buffer = get_u64(&r);
        p->u.call.length = get_u32(&r);
        p->u.call.protocol_status = get_u32(&r);
        break;
    case LSA_OP_ENUMERATE_SESSIONS:
        p->u.sessions.buffer = get_u64(&r);
        p->u.sessions.count = get_u32(&r);
        break;
    case LSA_OP_GET_SESSION_DATA:
        p->u.session_data.buffer = get_u64(&r);
        break;
    }
    st = close_message(&r);
    if (st == LSA_WIRE_OK)
        return st;
fail:
    memset(p, 0, sizeof(*p));
    return st;
}

/* ---- LocalGroups list ------------------------------------------------------------------------------------------- */

int lsa_wire_next_group(const lsa_wire_logon_request *req, size_t *pos, lsa_wire_bytes *sid, uint32_t *attributes)
{
    /* The list was validated by the decoder; the checks here only keep a misuse from reading out of bounds. */
    reader g = { req->groups.data, req->groups.len, *pos, LSA_WIRE_OK };
    if (*pos >= req->groups.len)
        return 0;
    uint32_t attr = get_u32(&g);
    lsa_wire_bytes s = get_blob(&g, LSA_WIRE_MAX_SID, LSA_WIRE_BAD_SID);
    if (g.err != LSA_WIRE_OK)
        return 0;
    *attributes = attr;
    *sid = s;
    *pos = g.pos;
    return 1;
}

lsa_wire_status lsa_wire_append_group(lsa_wbuf *groups, const uint8_t *sid, uint32_t sid_len, uint32_t attributes)
{
    if (!sid || !sid_valid(sid, sid_len))
        return LSA_WIRE_BAD_SID;
    if (groups->max == 0)
        groups->max = LSA_WIRE_MAX_GROUPS * (LSA_WIRE_MAX_SID + 8u);
    put_u32(groups, attributes);
    put_u32(groups, sid_len);
    put_bytes(groups, sid, sid_len);
    return groups->error;
}

/* ---- names ------------------------------------------------------------------------------------------------------ */

const char *lsa_wire_status_name(lsa_wire_status status)
{
    static const char *const names[] = {
        [LSA_WIRE_OK] = "ok",
        [LSA_WIRE_TRUNCATED] = "truncated",
        [LSA_WIRE_BAD_MAGIC] = "bad magic",
        [LSA_WIRE_BAD_VERSION] = "unsupported version",
        [LSA_WIRE_BAD_LENGTH] = "bad length",
        [LSA_WIRE_BAD_OP] = "bad op",
        [LSA_WIRE_BAD_FLAGS] = "bad flags",
        [LSA_WIRE_BAD_PTR_SIZE] = "bad pointer size",
        [LSA_WIRE_TRAILING] = "trailing bytes",
        [LSA_WIRE_STRING_TOO_LONG] = "string too long",
        [LSA_WIRE_SUBMIT_TOO_LONG] = "submit buffer too long",
        [LSA_WIRE_TOO_MANY_GROUPS] = "too many groups",
        [LSA_WIRE_BAD_SID] = "bad SID",
        [LSA_WIRE_BAD_VALUE] = "bad value",
        [LSA_WIRE_NOMEM] = "out of memory",
        [LSA_WIRE_TOO_LARGE] = "message too large",
    };
    if ((size_t)status < sizeof(names) / sizeof(names[0]) && names[status])
        return names[status];
    return "unknown wire status";
}

const char *lsa_wire_op_name(uint16_t op)
{
    static const char *const names[] = {
        [LSA_OP_CONNECT_UNTRUSTED] = "LsaConnectUntrusted",
        [LSA_OP_REGISTER_LOGON_PROCESS] = "LsaRegisterLogonProcess",
        [LSA_OP_DEREGISTER_LOGON_PROCESS] = "LsaDeregisterLogonProcess",
        [LSA_OP_LOOKUP_PACKAGE] = "LsaLookupAuthenticationPackage",
        [LSA_OP_LOGON_USER] = "LsaLogonUser",
        [LSA_OP_CALL_PACKAGE] = "LsaCallAuthenticationPackage",
        [LSA_OP_FREE_RETURN_BUFFER] = "LsaFreeReturnBuffer",
        [LSA_OP_ENUMERATE_SESSIONS] = "LsaEnumerateLogonSessions",
        [LSA_OP_GET_SESSION_DATA] = "LsaGetLogonSessionData",
        [LSA_OP_REGISTER_POLICY_NOTIFICATION] = "LsaRegisterPolicyChangeNotification",
        [LSA_OP_UNREGISTER_POLICY_NOTIFICATION] = "LsaUnregisterPolicyChangeNotification",
    };
    if (op < sizeof(names) / sizeof(names[0]) && names[op])
        return names[op];
    return "unknown op";
}
