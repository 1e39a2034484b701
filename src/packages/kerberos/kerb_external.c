/* KERB_EXTERNAL_TICKET responses; see kerb_external.h. Sizes are computed first, then the block is laid out in
 * one pass, as kerb_query.c does. */
#include "pkg_win.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "kerb_cred_view.h"
#include "kerb_external.h"
#include "kerb_names.h"
#include "kerb_package.h"
#include "pkg_block.h"

static size_t name_size(const kcc_principal *p)
{
    return offsetof(KERB_EXTERNAL_NAME, Names) + (p->count ? p->count : 1) * sizeof(UNICODE_STRING);
}

static size_t name_strings_size(const kcc_principal *p, WCHAR *scratch)
{
    size_t n = 0;
    uint32_t i;

    for (i = 0; i < p->count; i++) {
        if (!kerb_component_wstr(p, i, scratch, KERB_MAX_NAME))
            scratch[0] = 0;
        n += pkg_block_wstr_size(wcslen(scratch));
    }
    return n;
}

/* Lays out one KERB_EXTERNAL_NAME and its strings; returns its client address. */
static PKERB_EXTERNAL_NAME put_name(pkg_block *b, const kcc_principal *p, WCHAR *scratch)
{
    KERB_EXTERNAL_NAME *n;
    void *client = NULL;
    uint32_t i;

    if (!(n = pkg_block_take(b, (ULONG)name_size(p), 8, &client)))
        return NULL;
    n->NameType = (SHORT)p->name_type;
    n->NameCount = (USHORT)p->count;
    for (i = 0; i < p->count; i++) {
        if (!kerb_component_wstr(p, i, scratch, KERB_MAX_NAME))
            scratch[0] = 0;
        pkg_block_put_wstr(b, &n->Names[i], scratch, wcslen(scratch));
    }
    return client;
}

NTSTATUS kerb_external_ticket_response(PLSA_CLIENT_REQUEST request, const kcc_cred *cred,
                                       const kcc_principal *target, BOOL with_key, const uint8_t *encoded,
                                       size_t encoded_len, int32_t time_skew, PVOID *ret, PULONG ret_len)
{
    const kcc_principal *tname = target ? target : &cred->server;
    WCHAR *scratch, srealm[KERB_MAX_NAME];
    KERB_RETRIEVE_TKT_RESPONSE *resp;
    KERB_EXTERNAL_TICKET *t;
    void *client = NULL;
    pkg_block block;
    NTSTATUS status;
    size_t size;
    BYTE *local;

    *ret = NULL;
    *ret_len = 0;
    if (cred->client.count > KCC_MAX_COMPONENTS || cred->server.count > KCC_MAX_COMPONENTS ||
        tname->count > KCC_MAX_COMPONENTS || encoded_len > 0x7FFFFFFF)
        return STATUS_INVALID_PARAMETER;
    if (!(scratch = malloc(KERB_MAX_NAME * sizeof(WCHAR))))
        return STATUS_NO_MEMORY;
    if (!kerb_realm_wstr(&cred->server.realm, srealm, ARRAYSIZE(srealm)))
        srealm[0] = 0;
    size = sizeof(*resp) + 3 * 8; /* the response, then alignment slack before each name */
    size += name_size(&cred->server) + name_strings_size(&cred->server, scratch);
    size += name_size(tname) + name_strings_size(tname, scratch);
    size += name_size(&cred->client) + name_strings_size(&cred->client, scratch);
    size += 3 * pkg_block_wstr_size(wcslen(srealm));
    size += cred->key.length + encoded_len + 8;
    if (size > 0xFFFFFFFFu) {
        free(scratch);
        return STATUS_NO_MEMORY;
    }
    if ((status = pkg_block_open(&block, kerb_lsa, request, (ULONG)size)) != STATUS_SUCCESS) {
        free(scratch);
        return status;
    }
    if ((resp = pkg_block_take(&block, sizeof(*resp), 8, NULL))) {
        t = &resp->Ticket;
        t->ServiceName = put_name(&block, &cred->server, scratch);
        t->TargetName = put_name(&block, tname, scratch);
        t->ClientName = put_name(&block, &cred->client, scratch);
        /* The realm that issued the ticket; the target's realm is the same here (no referrals are followed). */
        pkg_block_put_wstr(&block, &t->DomainName, srealm, wcslen(srealm));
        pkg_block_put_wstr(&block, &t->TargetDomainName, srealm, wcslen(srealm));
        pkg_block_put_wstr(&block, &t->AltTargetDomainName, srealm, wcslen(srealm));
        t->SessionKey.KeyType = cred->enctype;
        t->SessionKey.Length = cred->key.length;
        if (cred->key.length && (local = pkg_block_take(&block, cred->key.length, 1, &client))) {
            if (with_key)
                memcpy(local, cred->key.bytes, cred->key.length);
            t->SessionKey.Value = client;
        }
        t->TicketFlags = cred->ticket_flags;
        t->Flags = 0;
        t->KeyExpirationTime.QuadPart = 0; /* Windows leaves it 0 for tickets from the cache */
        t->StartTime = kerb_unix_to_filetime(cred->starttime ? cred->starttime : cred->authtime);
        t->EndTime = kerb_unix_to_filetime(cred->endtime);
        t->RenewUntil = kerb_unix_to_filetime(cred->renew_till);
        t->TimeSkew.QuadPart = (LONGLONG)time_skew * 10000000LL;
        t->EncodedTicketSize = (ULONG)encoded_len;
        if (encoded_len && (local = pkg_block_take(&block, (ULONG)encoded_len, 1, &client))) {
            memcpy(local, encoded, encoded_len);
            t->EncodedTicket = client;
        }
    }
    free(scratch);
    /* The block is sized with slack for alignment: the response's size is all of it. */
    if ((status = pkg_block_close(&block, ret)) != STATUS_SUCCESS)
        return status;
    *ret_len = (ULONG)size;
    return STATUS_SUCCESS;
}
