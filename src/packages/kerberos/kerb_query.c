/* Ticket cache query responses; see kerb_query.h. The four response layouts differ only in the entry type, so one
 * routine lays them out, driven by which strings and fields the entry type has. */
#include "pkg_win.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "kerb_cred_view.h"
#include "kerb_package.h"
#include "kerb_query.h"
#include "pkg_block.h"

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

static size_t strings_size(KERB_PROTOCOL_MESSAGE_TYPE type, const kerb_cred_view *v)
{
    size_t n = pkg_block_wstr_size(wcslen(v->server)) + pkg_block_wstr_size(wcslen(v->server_realm));

    if (type != KerbQueryTicketCacheMessage)
        n += pkg_block_wstr_size(wcslen(v->client)) + pkg_block_wstr_size(wcslen(v->client_realm));
    if (type == KerbQueryTicketCacheEx3Message)
        n += pkg_block_wstr_size(wcslen(v->kdc));
    return n;
}

static void fill_basic(pkg_block *b, KERB_TICKET_CACHE_INFO *e, const kerb_cred_view *v)
{
    pkg_block_put_wstr(b, &e->ServerName, v->server, wcslen(v->server));
    pkg_block_put_wstr(b, &e->RealmName, v->server_realm, wcslen(v->server_realm));
    e->StartTime = v->start;
    e->EndTime = v->end;
    e->RenewTime = v->renew;
    e->EncryptionType = v->ticket_etype;
    e->TicketFlags = v->flags;
}

/* The Ex, Ex2 and Ex3 entries share their leading fields; Ex2 adds SessionKeyType, Ex3 BranchId, CacheFlags and
 * KdcCalled. Filling through the Ex3 type and copying only entry_size bytes keeps one code path. BranchId stays 0:
 * Windows numbers the KDC branch (RODC) that issued the ticket, and only full KDCs exist here. */
static void fill_ex(pkg_block *b, KERB_PROTOCOL_MESSAGE_TYPE type, BYTE *dst, const kerb_cred_view *v,
                    const kerb_cred_info *info)
{
    KERB_TICKET_CACHE_INFO_EX3 e;

    memset(&e, 0, sizeof(e));
    pkg_block_put_wstr(b, &e.ClientName, v->client, wcslen(v->client));
    pkg_block_put_wstr(b, &e.ClientRealm, v->client_realm, wcslen(v->client_realm));
    pkg_block_put_wstr(b, &e.ServerName, v->server, wcslen(v->server));
    pkg_block_put_wstr(b, &e.ServerRealm, v->server_realm, wcslen(v->server_realm));
    e.StartTime = v->start;
    e.EndTime = v->end;
    e.RenewTime = v->renew;
    e.EncryptionType = v->ticket_etype;
    e.TicketFlags = v->flags;
    e.SessionKeyType = (ULONG)v->key_etype;
    if (type == KerbQueryTicketCacheEx3Message) {
        e.BranchId = 0;
        e.CacheFlags = info->cache_flags;
        pkg_block_put_wstr(b, &e.KdcCalled, v->kdc, wcslen(v->kdc));
    }
    memcpy(dst, &e, entry_size(type));
}

NTSTATUS kerb_query_response(PLSA_CLIENT_REQUEST request, KERB_PROTOCOL_MESSAGE_TYPE type,
                             const kerb_snapshot *snap, PVOID *ret, PULONG ret_len)
{
    size_t esize = entry_size(type), count = snap->cache.cred_count, size, i;
    BYTE *header, *entries;
    kerb_cred_view *v;
    pkg_block block;
    NTSTATUS status;
    ULONG count32;

    *ret = NULL;
    *ret_len = 0;
    if (count > (0xFFFFFFFFu - HEADER_SIZE) / esize)
        return STATUS_NO_MEMORY;
    if (!(v = malloc(sizeof(*v))))
        return STATUS_NO_MEMORY;
    size = HEADER_SIZE + count * esize;
    for (i = 0; i < count; i++) {
        kerb_cred_view_make(&snap->cache.creds[i], &snap->info[i], v);
        size += strings_size(type, v);
    }
    if (size > 0xFFFFFFFFu) {
        free(v);
        return STATUS_NO_MEMORY;
    }
    if ((status = pkg_block_open(&block, kerb_lsa, request, (ULONG)size)) != STATUS_SUCCESS) {
        free(v);
        return status;
    }
    header = pkg_block_take(&block, (ULONG)HEADER_SIZE, 8, NULL);
    entries = pkg_block_take(&block, (ULONG)(count * esize), 8, NULL);
    if (header && (entries || !count)) {
        count32 = (ULONG)count;
        /* MessageType echoes the request, as on Windows; CountOfTickets follows it. */
        memcpy(header, &type, sizeof(ULONG));
        memcpy(header + sizeof(ULONG), &count32, sizeof(ULONG));
        for (i = 0; i < count; i++) {
            kerb_cred_view_make(&snap->cache.creds[i], &snap->info[i], v);
            if (type == KerbQueryTicketCacheMessage)
                fill_basic(&block, (KERB_TICKET_CACHE_INFO *)(entries + i * esize), v);
            else
                fill_ex(&block, type, entries + i * esize, v, &snap->info[i]);
        }
    }
    free(v);
    if ((status = pkg_block_close(&block, ret)) != STATUS_SUCCESS)
        return status;
    *ret_len = (ULONG)size;
    return STATUS_SUCCESS;
}
