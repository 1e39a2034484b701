/* The parts every Kerberos logon reports the same way (kerb_logon_parts.h). */
#include "pkg_win.h"

#include <string.h>

#include "kerb_cache.h"
#include "kerb_logon_parts.h"
#include "kerb_package.h"
#include "kerb_token.h"
#include "pkg_heap.h"
#include "pkg_trace.h"

static void widen(const char *utf8, WCHAR *out, size_t cap)
{
    if (MultiByteToWideChar(CP_UTF8, 0, utf8, -1, out, (int)cap) <= 0)
        out[0] = 0;
}

void kerb_logon_names_fill(const WCHAR *user_given, const kerb_realm_info *realm, const kcc_principal *client,
                           const char *kdc, const kerb_account *mapped, kerb_logon_names *n)
{
    WCHAR *end;

    memset(n, 0, sizeof(*n));
    widen(realm->realm, n->realm, ARRAYSIZE(n->realm));
    lstrcpynW(n->netbios, n->realm, ARRAYSIZE(n->netbios));
    if ((end = wcschr(n->netbios, L'.')))
        *end = 0;
    widen(kdc ? kdc : "", n->server, ARRAYSIZE(n->server));
    /* "host:port" -> host; "[v6]:port" -> v6 */
    if (n->server[0] == L'[' && (end = wcschr(n->server, L']'))) {
        *end = 0;
        memmove(n->server, n->server + 1, (wcslen(n->server + 1) + 1) * sizeof(WCHAR));
    } else if ((end = wcsrchr(n->server, L':')) && wcschr(n->server, L':') == end) {
        *end = 0;
    }
    /* The KDC's spelling of a one-component client name is the canonical one (Windows reports the DC's). */
    lstrcpynW(n->user, user_given, ARRAYSIZE(n->user));
    if (client && client->count == 1 && client->components[0].length &&
        client->components[0].length < KERB_MAX_USER) {
        const kcc_data *name = &client->components[0];
        int chars = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, (const char *)name->bytes, (int)name->length,
                                        n->user, KERB_MAX_USER - 1);
        if (chars > 0)
            n->user[chars] = 0;
        else
            lstrcpynW(n->user, user_given, ARRAYSIZE(n->user));
    }
    lstrcpynW(n->upn, n->user, KERB_MAX_USER); /* user < KERB_MAX_USER, realm < KERB_MAX_REALM: it fits */
    lstrcatW(n->upn, L"@");
    lstrcatW(n->upn, n->realm);
    n->account = mapped ? mapped->name : n->user;
}

NTSTATUS kerb_logon_identity(const kerb_logon_names *n, const kerb_account *mapped, pkg_logon_out *o)
{
    NTSTATUS status;

    if ((status = kerb_token_build(kerb_lsa, n->realm, n->account, mapped, &o->token)))
        return status;
    if ((status = pkg_heap_ustring(kerb_lsa, n->account, wcslen(n->account), &o->account)) ||
        (status = pkg_heap_ustring(kerb_lsa, n->netbios, wcslen(n->netbios), &o->authority)) ||
        (status = pkg_heap_ustring(kerb_lsa, n->netbios, wcslen(n->netbios), &o->machine)))
        return status;
    return pkg_logon_out_start_session(kerb_lsa, KERB_TRACE, o);
}

/* A LSA-heap copy of text in a UNICODE_STRING the core frees (Buffer separately, as SECPKG_PRIMARY_CRED's are). */
static BOOL heap_string(UNICODE_STRING *s, const WCHAR *text)
{
    size_t chars = wcslen(text);

    if (chars > 0x7FFE / sizeof(WCHAR) || !(s->Buffer = kerb_lsa->AllocateLsaHeap((ULONG)(chars + 1) * sizeof(WCHAR))))
        return FALSE;
    memcpy(s->Buffer, text, (chars + 1) * sizeof(WCHAR));
    s->Length = (USHORT)(chars * sizeof(WCHAR));
    s->MaximumLength = (USHORT)(s->Length + sizeof(WCHAR));
    return TRUE;
}

NTSTATUS kerb_logon_fill_primary(PSECPKG_PRIMARY_CRED primary, const pkg_logon_out *o, const kerb_logon_names *n)
{
    PSID sid = o->token->User.User.Sid;
    DWORD len = GetLengthSid(sid);

    primary->LogonId = o->logon_id;
    if (!heap_string(&primary->DownlevelName, n->account) || !heap_string(&primary->DomainName, n->netbios) ||
        !heap_string(&primary->LogonServer, n->server) || !heap_string(&primary->DnsDomainName, n->realm) ||
        !heap_string(&primary->Upn, n->upn) || !(primary->UserSid = kerb_lsa->AllocateLsaHeap(len)) ||
        !CopySid(len, primary->UserSid, sid))
        return STATUS_NO_MEMORY; /* the core frees what was filled */
    return STATUS_SUCCESS;
}

void kerb_logon_release(pkg_logon_out *o, PLSA_CLIENT_REQUEST request)
{
    if (o->session)
        kerb_cache_drop_session(&o->logon_id);
    pkg_logon_out_release(kerb_lsa, request, o);
}

NTSTATUS kerb_logon_finish(NTSTATUS status, PLSA_CLIENT_REQUEST request, pkg_logon_out *o, PVOID *profile,
                           PULONG profile_len, PLUID logon_id, PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token,
                           PUNICODE_STRING *account_name, PUNICODE_STRING *authority, PUNICODE_STRING *machine_name)
{
    if (status != STATUS_SUCCESS) {
        kerb_logon_release(o, request);
        return status;
    }
    pkg_logon_out_hand_over(kerb_lsa, o, profile, profile_len, logon_id, token_type, token, account_name, authority,
                            machine_name);
    return STATUS_SUCCESS;
}
