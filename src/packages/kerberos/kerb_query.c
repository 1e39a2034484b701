/* Ticket cache query responses; see kerb_query.h. The four response layouts differ only in the entry type, so one
 * routine lays them out, driven by which strings and fields the entry type has. */
#include "pkg_win.h"

#include <stddef.h>
#include <string.h>

#include "kerb_package.h"
#include "kerb_query.h"
#include "pkg_block.h"

static const WCHAR *nz(const WCHAR *s)
{
    return s ? s : L"";
}

static size_t wlen(const WCHAR *s)
{
    return s ? (size_t)lstrlenW(s) : 0;
}

static size_t entry_size(KERB_PROTOCOL_MESSAGE_TYPE type)
{
    switch (type) {
    case KerbQueryTicketCacheMessage:
        return sizeof(KERB_TICKET_CACHE_INFO);
    case KerbQueryTicketCacheExMessage:
        return sizeof(KERB_TICKET_CACHE_INFO_EX);
    case KerbQueryTicketCacheEx2Message:
        return sizeof(KERB_TICKET_CACHE_INFO_EX2);
    default:
        return sizeof(KERB_TICKET_CACHE_INFO_EX3);
    }
}

/* Offsets of the Tickets arrays agree for the four responses (MessageType, CountOfTickets, then 8-aligned). */
#define HEADER_SIZE offsetof(KERB_QUERY_TKT_CACHE_RESPONSE, Tickets)
_Static_assert(offsetof(KERB_QUERY_TKT_CACHE_EX_RESPONSE, Tickets) == HEADER_SIZE, "Ex header");
_Static_assert(offsetof(KERB_QUERY_TKT_CACHE_EX2_RESPONSE, Tickets) == HEADER_SIZE, "Ex2 header");
_Static_assert(offsetof(KERB_QUERY_TKT_CACHE_EX3_RESPONSE, Tickets) == HEADER_SIZE, "Ex3 header");
_Static_assert(offsetof(KERB_TICKET_CACHE_INFO_EX2, SessionKeyType) ==
                   offsetof(KERB_TICKET_CACHE_INFO_EX3, SessionKeyType), "Ex2 prefix of Ex3");

static size_t strings_size(KERB_PROTOCOL_MESSAGE_TYPE type, const kerb_ticket *t)
{
    size_t n = pkg_block_wstr_size(wlen(t->server_name)) + pkg_block_wstr_size(wlen(t->server_realm));

    if (type != KerbQueryTicketCacheMessage)
        n += pkg_block_wstr_size(wlen(t->client_name)) + pkg_block_wstr_size(wlen(t->client_realm));
    if (type == KerbQueryTicketCacheEx3Message)
        n += pkg_block_wstr_size(wlen(t->kdc_called));
    return n;
}

static void fill_basic(pkg_block *b, KERB_TICKET_CACHE_INFO *e, const kerb_ticket *t)
{
    pkg_block_put_wstr(b, &e->ServerName, nz(t->server_name), wlen(t->server_name));
    pkg_block_put_wstr(b, &e->RealmName, nz(t->server_realm), wlen(t->server_realm));
    e->StartTime = t->start_time;
    e->EndTime = t->end_time;
    e->RenewTime = t->renew_time;
    e->EncryptionType = t->encryption_type;
    e->TicketFlags = t->ticket_flags;
}

/* The Ex, Ex2 and Ex3 entries share their leading fields; Ex2 adds SessionKeyType, Ex3 BranchId, CacheFlags and
 * KdcCalled. Filling through the Ex3 type and copying only entry_size bytes keeps one code path. */
static void fill_ex(pkg_block *b, KERB_PROTOCOL_MESSAGE_TYPE type, BYTE *dst, const kerb_ticket *t)
{
    KERB_TICKET_CACHE_INFO_EX3 e;

    memset(&e, 0, sizeof(e));
    pkg_block_put_wstr(b, &e.ClientName, nz(t->client_name), wlen(t->client_name));
    pkg_block_put_wstr(b, &e.ClientRealm, nz(t->client_realm), wlen(t->client_realm));
    pkg_block_put_wstr(b, &e.ServerName, nz(t->server_name), wlen(t->server_name));
    pkg_block_put_wstr(b, &e.ServerRealm, nz(t->server_realm), wlen(t->server_realm));
    e.StartTime = t->start_time;
    e.EndTime = t->end_time;
    e.RenewTime = t->renew_time;
    e.EncryptionType = t->encryption_type;
    e.TicketFlags = t->ticket_flags;
    e.SessionKeyType = t->session_key_type;
    if (type == KerbQueryTicketCacheEx3Message) {
        e.BranchId = t->branch_id;
        e.CacheFlags = t->cache_flags;
        pkg_block_put_wstr(b, &e.KdcCalled, nz(t->kdc_called), wlen(t->kdc_called));
    }
    memcpy(dst, &e, entry_size(type));
}

NTSTATUS kerb_query_response(PLSA_CLIENT_REQUEST request, KERB_PROTOCOL_MESSAGE_TYPE type,
                             const kerb_snapshot *snap, PVOID *ret, PULONG ret_len)
{
    size_t esize = entry_size(type), size = HEADER_SIZE + snap->count * esize;
    BYTE *header, *entries;
    pkg_block block;
    NTSTATUS status;
    ULONG i, count;

    *ret = NULL;
    *ret_len = 0;
    for (i = 0; i < snap->count; i++)
        size += strings_size(type, &snap->tickets[i]);
    if (size > 0xFFFFFFFFu)
        return STATUS_NO_MEMORY;
    if ((status = pkg_block_open(&block, kerb_lsa, request, (ULONG)size)) != STATUS_SUCCESS)
        return status;
    header = pkg_block_take(&block, (ULONG)HEADER_SIZE, 8, NULL);
    entries = pkg_block_take(&block, (ULONG)(snap->count * esize), 8, NULL);
    if (header && (entries || !snap->count)) {
        count = snap->count;
        /* MessageType echoes the request, as on Windows; CountOfTickets follows it. */
        memcpy(header, &type, sizeof(ULONG));
        memcpy(header + sizeof(ULONG), &count, sizeof(ULONG));
        for (i = 0; i < snap->count; i++) {
            if (type == KerbQueryTicketCacheMessage)
                fill_basic(&block, (KERB_TICKET_CACHE_INFO *)(entries + i * esize), &snap->tickets[i]);
            else
                fill_ex(&block, type, entries + i * esize, &snap->tickets[i]);
        }
    }
    if ((status = pkg_block_close(&block, ret)) != STATUS_SUCCESS)
        return status;
    *ret_len = (ULONG)size;
    return STATUS_SUCCESS;
}
