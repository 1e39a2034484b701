/* Kerberos LsaApCallPackage / LsaApCallPackageUntrusted: the ticket cache messages (query, retrieve, purge).
 *
 * Statuses. As Windows' Kerberos does (klist reports STATUS_NO_SUCH_LOGON_SESSION as the "substatus" of a
 * successful call; another session's cache from an untrusted caller is a successful call with ProtocolStatus
 * STATUS_ACCESS_DENIED), a message that was dispatched reports its outcome in ProtocolStatus and returns
 * STATUS_SUCCESS. Only failures to dispatch and internal failures are returned (and mirrored in ProtocolStatus):
 *   returned STATUS_INVALID_PARAMETER  buffer shorter than a message type; a type past the enumeration
 *   returned STATUS_NOT_SUPPORTED      a documented message this emulation does not implement yet (passwords,
 *                                      PAC checks, binding and proxy caches, key tabs: docs/packages.md)
 *   returned STATUS_NO_MEMORY / STATUS_INTERNAL_ERROR   memory, or the client return block
 *   ProtocolStatus STATUS_INVALID_PARAMETER       request shorter than its structure, or a malformed string
 *   ProtocolStatus STATUS_ACCESS_DENIED           another session's cache asked on an untrusted connection
 *   ProtocolStatus STATUS_NO_SUCH_LOGON_SESSION   another session that the LSA does not know (trusted caller)
 *   ProtocolStatus of the retrieve messages       kerb_retrieve.c
 *   ProtocolStatus of KerbSubmitTicketMessage     kerb_submit.h
 *   ProtocolStatus of KerbChangePasswordMessage   kerb_kpasswd.h
 *   ProtocolStatus of KerbSetPasswordMessage      kerb_setpw.h
 * LogonId 0 names the caller's own session (GetClientInfo); when that session has no Kerberos cache of ours, the
 * host's MIT ccache stands for it (kerb_source.h). */
#include "pkg_win.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kerb_cache.h"
#include "kerb_kpasswd.h"
#include "kerb_package.h"
#include "kerb_query.h"
#include "kerb_retrieve.h"
#include "kerb_setpw.h"
#include "kerb_source.h"
#include "kerb_submit.h"
#include "pkg_client.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

#define KERB_MESSAGE_END (KerbRetrieveKeyTabMessage + 1)

/* A purge pattern string copied out of the submit buffer. */
typedef struct pattern {
    WCHAR text[256];
} pattern;

static NTSTATUS read_pattern(const char *what, PVOID submit, ULONG len, PVOID base, size_t offset, pattern *out)
{
    pkg_wstr s;
    NTSTATUS status;

    out->text[0] = 0;
    if ((status = pkg_submit_ustring(KERB_TRACE, what, submit, len, base, offset, &s)) != STATUS_SUCCESS)
        return status;
    /* A name longer than any ticket's can match nothing; keep it non-empty so it does not widen to "any". */
    if (!pkg_wstr_copy(&s, out->text, ARRAYSIZE(out->text)))
        lstrcpyW(out->text, L"\x1");
    return STATUS_SUCCESS;
}

/* MessageType and LogonId lead every request handled here (KERB_QUERY_TKT_CACHE_REQUEST is just those two). */
static NTSTATUS resolve(BOOL trusted, PVOID submit, ULONG len, kerb_source *src)
{
    KERB_QUERY_TKT_CACHE_REQUEST head;
    NTSTATUS status;
    LUID target;
    BOOL own;

    if (len < sizeof(KERB_QUERY_TKT_CACHE_REQUEST))
        return STATUS_INVALID_PARAMETER;
    memcpy(&head, submit, offsetof(KERB_QUERY_TKT_CACHE_REQUEST, LogonId) + sizeof(LUID));
    status = pkg_client_resolve_logon_id(kerb_lsa, kerb_package_id, trusted, &head.LogonId, &target, &own);
    if (status == STATUS_SUCCESS)
        kerb_source_for(&target, own, src);
    return status;
}

static NTSTATUS query(PLSA_CLIENT_REQUEST request, BOOL trusted, KERB_PROTOCOL_MESSAGE_TYPE type, PVOID submit,
                      ULONG len, PVOID *ret, PULONG ret_len)
{
    kerb_snapshot snap;
    kerb_source src;
    NTSTATUS status;

    if ((status = resolve(trusted, submit, len, &src)) || (status = kerb_source_snapshot(&src, &snap)))
        return status;
    status = kerb_query_response(request, type, &snap, ret, ret_len);
    kerb_snapshot_free(&snap);
    return status;
}

static NTSTATUS retrieve_tgt(PLSA_CLIENT_REQUEST request, BOOL trusted, PVOID submit, ULONG len, PVOID *ret,
                             PULONG ret_len)
{
    kerb_source src;
    NTSTATUS status;

    if ((status = resolve(trusted, submit, len, &src)) != STATUS_SUCCESS)
        return status;
    return kerb_retrieve_tgt(request, trusted, &src, ret, ret_len);
}

static NTSTATUS retrieve_encoded(PLSA_CLIENT_REQUEST request, BOOL trusted, PVOID submit, ULONG len, PVOID base,
                                 PVOID *ret, PULONG ret_len)
{
    KERB_RETRIEVE_TKT_REQUEST req;
    kerb_retrieve_options opt;
    WCHAR *name = NULL;
    kerb_source src;
    NTSTATUS status;
    pkg_wstr s;

    if (len < sizeof(KERB_RETRIEVE_TKT_REQUEST))
        return STATUS_INVALID_PARAMETER;
    if ((status = pkg_submit_ustring(KERB_TRACE, "TargetName", submit, len, base,
                                     offsetof(KERB_RETRIEVE_TKT_REQUEST, TargetName), &s)) != STATUS_SUCCESS)
        return status;
    if ((status = resolve(trusted, submit, len, &src)) != STATUS_SUCCESS)
        return status;
    memcpy(&req, submit, sizeof(req));
    opt.ticket_flags = req.TicketFlags;
    opt.cache_options = req.CacheOptions;
    opt.etype = req.EncryptionType;
    if (!s.bytes)
        return STATUS_INVALID_PARAMETER;
    if (!(name = malloc(s.bytes + sizeof(WCHAR))))
        return STATUS_NO_MEMORY;
    pkg_wstr_copy(&s, name, s.bytes / sizeof(WCHAR) + 1);
    status = kerb_retrieve_encoded(request, trusted, &src, name, s.bytes / sizeof(WCHAR), &opt, ret, ret_len);
    free(name);
    return status;
}

static NTSTATUS purge(BOOL trusted, PVOID submit, ULONG len, PVOID base)
{
    pattern server, realm;
    kerb_purge_match m;
    kerb_source src;
    NTSTATUS status;

    if (len < sizeof(KERB_PURGE_TKT_CACHE_REQUEST))
        return STATUS_INVALID_PARAMETER;
    if ((status = read_pattern("ServerName", submit, len, base, offsetof(KERB_PURGE_TKT_CACHE_REQUEST, ServerName),
                               &server)) ||
        (status = read_pattern("RealmName", submit, len, base, offsetof(KERB_PURGE_TKT_CACHE_REQUEST, RealmName),
                               &realm)))
        return status;
    if ((status = resolve(trusted, submit, len, &src)) != STATUS_SUCCESS)
        return status;
    memset(&m, 0, sizeof(m));
    /* Both names empty: every ticket of the session (documented for KerbPurgeTicketCacheMessage). */
    m.all = !server.text[0] && !realm.text[0];
    m.server_name = server.text;
    m.server_realm = realm.text;
    kerb_source_purge(&src, &m);
    return STATUS_SUCCESS;
}

static NTSTATUS purge_ex(BOOL trusted, PVOID submit, ULONG len, PVOID base)
{
    static const struct {
        const char *what;
        size_t offset;
    } fields[4] = {
        {"ClientName", offsetof(KERB_TICKET_CACHE_INFO_EX, ClientName)},
        {"ClientRealm", offsetof(KERB_TICKET_CACHE_INFO_EX, ClientRealm)},
        {"ServerName", offsetof(KERB_TICKET_CACHE_INFO_EX, ServerName)},
        {"ServerRealm", offsetof(KERB_TICKET_CACHE_INFO_EX, ServerRealm)},
    };
    size_t template_at = offsetof(KERB_PURGE_TKT_CACHE_EX_REQUEST, TicketTemplate);
    pattern p[4];
    kerb_purge_match m;
    kerb_source src;
    NTSTATUS status;
    ULONG flags;
    int i;

    if (len < sizeof(KERB_PURGE_TKT_CACHE_EX_REQUEST))
        return STATUS_INVALID_PARAMETER;
    for (i = 0; i < 4; i++)
        if ((status = read_pattern(fields[i].what, submit, len, base, template_at + fields[i].offset, &p[i])))
            return status;
    if ((status = resolve(trusted, submit, len, &src)) != STATUS_SUCCESS)
        return status;
    memcpy(&flags, (BYTE *)submit + offsetof(KERB_PURGE_TKT_CACHE_EX_REQUEST, Flags), sizeof(flags));
    memset(&m, 0, sizeof(m));
    m.all = (flags & KERB_PURGE_ALL_TICKETS) != 0;
    m.client_name = p[0].text;
    m.client_realm = p[1].text;
    m.server_name = p[2].text;
    m.server_realm = p[3].text;
    kerb_source_purge(&src, &m);
    return STATUS_SUCCESS;
}

static NTSTATUS submit_ticket(BOOL trusted, PVOID submit, ULONG len)
{
    kerb_source src;
    NTSTATUS status;

    if (len < sizeof(KERB_SUBMIT_TKT_REQUEST))
        return STATUS_INVALID_PARAMETER;
    if ((status = resolve(trusted, submit, len, &src)) != STATUS_SUCCESS)
        return status;
    return kerb_submit_ticket(&src, submit, len);
}

static NTSTATUS dispatch(PLSA_CLIENT_REQUEST request, BOOL trusted, PVOID submit, PVOID base, ULONG len,
                         PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    NTSTATUS status;
    ULONG type;

    *ret = NULL;
    *ret_len = 0;
    *protocol_status = STATUS_SUCCESS;
    if ((status = pkg_submit_message_type(submit, len, &type)) == STATUS_SUCCESS && type >= KERB_MESSAGE_END)
        status = STATUS_INVALID_PARAMETER;
    if (status != STATUS_SUCCESS) {
        pkg_warn(KERB_TRACE, "cannot dispatch a %lu-byte request", (unsigned long)len);
        *protocol_status = status;
        return status;
    }
    switch (type) {
    case KerbQueryTicketCacheMessage:
    case KerbQueryTicketCacheExMessage:
    case KerbQueryTicketCacheEx2Message:
    case KerbQueryTicketCacheEx3Message:
        status = query(request, trusted, (KERB_PROTOCOL_MESSAGE_TYPE)type, submit, len, ret, ret_len);
        break;
    case KerbRetrieveTicketMessage:
        status = retrieve_tgt(request, trusted, submit, len, ret, ret_len);
        break;
    case KerbRetrieveEncodedTicketMessage:
        status = retrieve_encoded(request, trusted, submit, len, base, ret, ret_len);
        break;
    case KerbPurgeTicketCacheMessage:
        status = purge(trusted, submit, len, base);
        break;
    case KerbPurgeTicketCacheExMessage:
        status = purge_ex(trusted, submit, len, base);
        break;
    case KerbSubmitTicketMessage:
        status = submit_ticket(trusted, submit, len);
        break;
    case KerbChangePasswordMessage:
        status = kerb_change_password(submit, len, base);
        break;
    case KerbSetPasswordMessage:
        status = kerb_set_password(trusted, submit, len, base);
        break;
    default:
        pkg_warn(KERB_TRACE, "message %lu not supported", (unsigned long)type);
        status = STATUS_NOT_SUPPORTED;
        break;
    }
    *protocol_status = status;
    switch (status) {
    case STATUS_NOT_SUPPORTED:
        /* Not dispatched: a message this emulation does not implement. */
        if (type == KerbRetrieveEncodedTicketMessage)
            break; /* dispatched; an option it cannot honour (USE_CREDHANDLE) */
        return status;
    case STATUS_NO_MEMORY:
    case STATUS_INTERNAL_ERROR:
        /* An internal failure (memory, client buffer). */
        return status;
    default:
        break;
    }
    if (status != STATUS_SUCCESS)
        pkg_warn(KERB_TRACE, "message %lu: 0x%08lx", (unsigned long)type, (unsigned long)status);
    /* The message's own outcome. */
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI kerb_call_package(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base, ULONG submit_len,
                                 PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    return dispatch(request, TRUE, submit, client_base, submit_len, ret, ret_len, protocol_status);
}

NTSTATUS NTAPI kerb_call_package_untrusted(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base,
                                           ULONG submit_len, PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    return dispatch(request, FALSE, submit, client_base, submit_len, ret, ret_len, protocol_status);
}
