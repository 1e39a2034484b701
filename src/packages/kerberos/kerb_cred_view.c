/* Credentials as the messages show them; see kerb_cred_view.h. */
#include "pkg_win.h"

#include <string.h>
#include <wchar.h>

#include "krb5_asn1.h"
#include "kerb_cred_view.h"

#define UNIX_EPOCH_AS_FILETIME 116444736000000000LL

LARGE_INTEGER kerb_unix_to_filetime(int64_t seconds)
{
    LARGE_INTEGER t;

    t.QuadPart = seconds ? seconds * 10000000LL + UNIX_EPOCH_AS_FILETIME : 0;
    return t;
}

LONG kerb_ticket_etype(const kcc_data *ticket)
{
    k5_ticket t;
    k5_arena arena;
    LONG etype = 0;

    k5_arena_init(&arena);
    if (ticket->length && k5_asn1_decode(&k5_Ticket, ticket->bytes, ticket->length, &arena, &t) == ASN1_OK)
        etype = t.enc_part.etype;
    k5_arena_free(&arena);
    return etype;
}

void kerb_cred_view_make(const kcc_cred *cred, const kerb_cred_info *info, kerb_cred_view *v)
{
    int n;

    memset(v, 0, sizeof(*v));
    kerb_name_wstr(&cred->client, v->client, ARRAYSIZE(v->client));
    kerb_realm_wstr(&cred->client.realm, v->client_realm, ARRAYSIZE(v->client_realm));
    kerb_name_wstr(&cred->server, v->server, ARRAYSIZE(v->server));
    kerb_realm_wstr(&cred->server.realm, v->server_realm, ARRAYSIZE(v->server_realm));
    n = MultiByteToWideChar(CP_UTF8, 0, info->kdc, -1, v->kdc, ARRAYSIZE(v->kdc));
    if (n <= 0)
        v->kdc[0] = 0;
    /* Windows names the KDC by host alone ("Kdc Called: dc01.example.com"); a port other than 88 stays. */
    else if (n > 4 && !wcscmp(v->kdc + n - 4, L":88"))
        v->kdc[n - 4] = 0;
    v->start = kerb_unix_to_filetime(cred->starttime ? cred->starttime : cred->authtime);
    v->end = kerb_unix_to_filetime(cred->endtime);
    v->renew = kerb_unix_to_filetime(cred->renew_till);
    v->ticket_etype = kerb_ticket_etype(&cred->ticket);
    v->key_etype = cred->enctype;
    v->flags = cred->ticket_flags;
}
