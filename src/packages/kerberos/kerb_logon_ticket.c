/* KERB_TICKET_LOGON / KERB_TICKET_UNLOCK_LOGON; see kerb_logon_ticket.h. */
#include "pkg_win.h"

#include <string.h>

#include "asn1_der.h"
#include "k5proto.h"
#include "kcred.h"
#include "kerb_account.h"
#include "kerb_cache.h"
#include "kerb_kdc.h"
#include "kerb_logon_parts.h"
#include "kerb_logon_ticket.h"
#include "kerb_machine.h"
#include "kerb_package.h"
#include "kerb_profile.h"
#include "kerb_submit.h"
#include "kerb_ticket_submit.h"
#include "pkg_block.h"
#include "pkg_logon.h"
#include "pkg_trace.h"

#define TGT_MAX_DER (64u << 20)
#define MAX_SKEW_MINUTES (7u * 24 * 60) /* a week: far beyond any real setting, and far from overflowing */

/* Everything a ticket logon holds at once: too big for the stack, and secret (keys) until wiped. */
typedef struct ticket_logon {
    kerb_machine_account machine;
    kcc_cred ticket; /* the opened service ticket: client, session key, times */
    kcc_cache tgt;   /* the forwarded TGT's KRB-CRED, parsed */
    kerb_realm_info realm, tgt_realm;
    kerb_account mapped;
    kerb_logon_names names;
    char user_utf8[KERB_MAX_USER * 3];
    WCHAR user[KERB_MAX_USER];
} ticket_logon;

/* Windows' SkewTime (minutes), 5 when absent. */
static uint32_t skew_seconds(void)
{
    DWORD minutes = 0, size = sizeof(minutes);

    if (RegGetValueW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters",
                     L"SkewTime", RRF_RT_REG_DWORD, NULL, &minutes, &size) != ERROR_SUCCESS)
        return K5P_DEFAULT_SKEW_SECONDS;
    return (minutes > MAX_SKEW_MINUTES ? MAX_SKEW_MINUTES : minutes) * 60u;
}

static NTSTATUS open_status(k5p_result rc)
{
    switch (rc) {
    case K5P_OK: return STATUS_SUCCESS;
    case K5P_E_NO_MEMORY: return STATUS_NO_MEMORY;
    case K5P_E_SNAME: return (NTSTATUS)SEC_E_WRONG_PRINCIPAL;
    case K5P_E_ETYPE: return (NTSTATUS)SEC_E_ETYPE_NOT_SUPP;
    case K5P_E_TKT_EXPIRED:
    case K5P_E_TKT_NYV:
    case K5P_E_TIMES: return STATUS_TIME_DIFFERENCE_AT_DC;
    default: return STATUS_LOGON_FAILURE; /* a MAC mismatch, or an encrypted part that is no EncTicketPart */
    }
}

/* The service ticket opened with the machine's key. */
static NTSTATUS open_service_ticket(const kerb_ticket_request *req, ticket_logon *t)
{
    const kerb_machine_key *key = NULL;
    k5p_ticket_params params;
    kcc_principal server;
    uint32_t kvno;
    int32_t etype;
    k5p_env env;
    NTSTATUS status;
    k5p_result rc;

    if (k5p_ticket_head(req->ticket, req->ticket_len, &server, &etype, &kvno) != K5P_OK) {
        pkg_warn(KERB_TRACE, "ServiceTicket is not a Ticket");
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = kerb_machine_load(&t->machine)) != STATUS_SUCCESS) {
        pkg_warn(KERB_TRACE, "no machine account: 0x%08lx", (unsigned long)status);
        kcc_principal_free(&server);
        return status;
    }
    status = kerb_machine_find_key(&t->machine, &server, etype, kvno, &key);
    kcc_principal_free(&server);
    if (status == STATUS_NO_TRUST_LSA_SECRET)
        status = (NTSTATUS)SEC_E_WRONG_PRINCIPAL; /* the machine has an account; the ticket is for another one */
    if (status != STATUS_SUCCESS) {
        pkg_warn(KERB_TRACE, "no machine key for the ticket (etype %ld, kvno %lu): 0x%08lx", (long)etype,
                 (unsigned long)kvno, (unsigned long)status);
        return status;
    }
    memset(&params, 0, sizeof(params));
    params.server = &t->machine.principal;
    params.key_enctype = key->enctype;
    params.key = key->key;
    params.key_len = key->key_len;
    params.skew_seconds = skew_seconds();
    params.allow_expired = (req->flags & KERB_LOGON_FLAG_ALLOW_EXPIRED_TICKET) != 0;
    kerb_kdc_env(&env);
    if ((rc = k5p_open_ticket(&env, &params, req->ticket, req->ticket_len, &t->ticket)) != K5P_OK) {
        pkg_warn(KERB_TRACE, "service ticket refused (result %d)", (int)rc);
        return open_status(rc);
    }
    return STATUS_SUCCESS;
}

static BOOL is_tgt(const kcc_principal *server)
{
    return server->count == 2 && server->components[0].length == 6 &&
           !memcmp(server->components[0].bytes, "krbtgt", 6);
}

/* The forwarded TGT: a KRB-CRED in the clear or under the service ticket's session key, holding a TGT, every
 * ticket of it the service ticket's client's. */
static NTSTATUS read_tgt(const kerb_ticket_request *req, ticket_logon *t)
{
    asn1_wbuf clear;
    k5p_env env;
    k5p_result rc;
    NTSTATUS status = STATUS_SUCCESS;
    BOOL has_tgt = FALSE;

    kerb_kdc_env(&env);
    asn1_wbuf_init(&clear, TGT_MAX_DER);
    rc = k5p_krb_cred_clear(env.prims, req->tgt, req->tgt_len, t->ticket.enctype, t->ticket.key.bytes,
                            t->ticket.key.length, &clear);
    if (rc == K5P_E_MALFORMED || rc == K5P_E_ARGUMENT)
        status = STATUS_INVALID_PARAMETER;
    else if (rc == K5P_E_NO_MEMORY)
        status = STATUS_NO_MEMORY;
    else if (rc != K5P_OK)
        status = (NTSTATUS)SEC_E_DECRYPT_FAILURE; /* as KerbSubmitTicketMessage answers a key that does not open it */
    if (status == STATUS_SUCCESS) {
        kcred_status ks = kcred_parse(clear.data, clear.len, &t->tgt);
        status = ks == KCRED_OK ? STATUS_SUCCESS : ks == KCRED_E_NO_MEMORY ? STATUS_NO_MEMORY : STATUS_INVALID_PARAMETER;
    }
    asn1_wbuf_free(&clear);
    for (size_t i = 0; status == STATUS_SUCCESS && i < t->tgt.cred_count; i++) {
        if (!kcc_principal_equal(&t->tgt.creds[i].client, &t->ticket.client))
            status = STATUS_INVALID_PARAMETER; /* somebody else's tickets do not join this logon */
        has_tgt |= is_tgt(&t->tgt.creds[i].server);
    }
    if (status == STATUS_SUCCESS && !has_tgt)
        status = STATUS_INVALID_PARAMETER;
    if (status != STATUS_SUCCESS)
        pkg_warn(KERB_TRACE, "TicketGrantingTicket refused: 0x%08lx", (unsigned long)status);
    return status;
}

/* A realm's configuration by name, or just its name when none is configured (the logon asked no KDC). */
static void realm_named(const kcc_data *name, kerb_realm_info *out)
{
    char realm[KERB_MAX_REALM];
    size_t n = name->length < sizeof(realm) ? name->length : sizeof(realm) - 1;

    memcpy(realm, name->bytes, n);
    realm[n] = 0;
    if (kerb_config_find_realm_utf8(realm, out) != STATUS_SUCCESS) {
        memset(out, 0, sizeof(*out));
        memcpy(out->realm, realm, n + 1);
    }
}

/* The client's name ("a/b" for several components) as UTF-8 and UTF-16; FALSE when it does not fit. */
static BOOL client_name(const kcc_principal *client, ticket_logon *t)
{
    size_t used = 0;

    for (uint32_t i = 0; i < client->count; i++) {
        const kcc_data *c = &client->components[i];
        size_t room = sizeof(t->user_utf8) - 1 - used, sep = i ? 1 : 0; /* used stays below sizeof - 1 */
        if (room < sep || c->length > room - sep)
            return FALSE;
        if (sep)
            t->user_utf8[used++] = '/';
        memcpy(t->user_utf8 + used, c->bytes, c->length);
        used += c->length;
    }
    t->user_utf8[used] = 0;
    return used && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, t->user_utf8, -1, t->user, KERB_MAX_USER) > 0;
}

/* KERB_TICKET_PROFILE: the password logon's profile, then the session key's bytes in the same block. */
static NTSTATUS build_profile(PLSA_CLIENT_REQUEST request, const ticket_logon *t, const kerb_account *mapped,
                              pkg_logon_out *o)
{
    LONGLONG logon_time = ((LONGLONG)t->ticket.authtime + KERB_EPOCH_DIFFERENCE) * 10000000LL;
    size_t size = sizeof(KERB_TICKET_PROFILE) + kerb_profile_strings_size(mapped, t->names.server) +
                  t->ticket.key.length;
    KERB_TICKET_PROFILE *p;
    void *client_key = NULL;
    BYTE *key;
    pkg_block block;
    NTSTATUS status;

    if ((status = pkg_block_open(&block, kerb_lsa, request, (ULONG)size)) != STATUS_SUCCESS)
        return status;
    if ((p = pkg_block_take(&block, sizeof(*p), sizeof(void *), NULL))) {
        kerb_profile_fill(&block, &p->Profile, mapped, logon_time, t->names.server);
        if ((key = pkg_block_take(&block, (ULONG)t->ticket.key.length, 1, &client_key))) {
            memcpy(key, t->ticket.key.bytes, t->ticket.key.length);
            p->SessionKey.KeyType = t->ticket.enctype;
            p->SessionKey.Length = (ULONG)t->ticket.key.length;
            p->SessionKey.Value = client_key;
        }
    }
    if ((status = pkg_block_close(&block, &o->profile)) != STATUS_SUCCESS)
        return status;
    o->profile_len = (ULONG)size;
    return STATUS_SUCCESS;
}

static NTSTATUS logon(PLSA_CLIENT_REQUEST request, const kerb_ticket_request *req, ticket_logon *t, pkg_logon_out *o,
                      PSECPKG_PRIMARY_CRED primary)
{
    const kerb_account *mapped = NULL;
    NTSTATUS status;

    if ((status = open_service_ticket(req, t)) != STATUS_SUCCESS)
        return status;
    if (req->tgt && (status = read_tgt(req, t)) != STATUS_SUCCESS)
        return status;
    if (!client_name(&t->ticket.client, t))
        return STATUS_LOGON_FAILURE; /* a client name no account can have */
    status = kerb_account_find(t->user_utf8, &t->mapped);
    if (status == STATUS_SUCCESS)
        mapped = &t->mapped;
    else if (status != STATUS_NO_SUCH_USER)
        return status;
    realm_named(&t->ticket.client.realm, &t->realm);
    kerb_logon_names_fill(t->user, &t->realm, &t->ticket.client, "", mapped, &t->names);
    if ((status = kerb_logon_identity(&t->names, mapped, o)) != STATUS_SUCCESS)
        return status;
    if (t->tgt.cred_count) {
        realm_named(&t->tgt.creds[0].client.realm, &t->tgt_realm);
        if ((status = kerb_cache_import(&o->logon_id, &t->tgt_realm, &t->tgt)) != STATUS_SUCCESS)
            return status;
    }
    if ((status = build_profile(request, t, mapped, o)) != STATUS_SUCCESS)
        return status;
    return primary ? kerb_logon_fill_primary(primary, o, &t->names) : STATUS_SUCCESS;
}

NTSTATUS kerb_logon_ticket(PLSA_CLIENT_REQUEST request, ULONG type, SECURITY_LOGON_TYPE logon_type, PVOID submit,
                           PVOID client_base, ULONG submit_len, PVOID *profile, PULONG profile_len, PLUID logon_id,
                           PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token, PUNICODE_STRING *account_name,
                           PUNICODE_STRING *authority, PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary)
{
    kerb_ticket_request req;
    ticket_logon *t;
    pkg_logon_out o;
    NTSTATUS status;

    if ((status = kerb_ticket_submit_read(type, logon_type, submit, submit_len, client_base, &req)))
        return status;
    if (!(t = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*t))))
        return STATUS_NO_MEMORY;
    memset(&o, 0, sizeof(o));
    status = logon(request, &req, t, &o, primary);
    kerb_machine_free(&t->machine);
    kcc_cred_free(&t->ticket);
    kcc_cache_free(&t->tgt);
    SecureZeroMemory(t, sizeof(*t));
    HeapFree(GetProcessHeap(), 0, t);
    return kerb_logon_finish(status, request, &o, profile, profile_len, logon_id, token_type, token, account_name,
                             authority, machine_name);
}
