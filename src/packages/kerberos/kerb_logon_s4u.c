/* Kerberos S4U logon; see kerb_logon_s4u.h. */
#include "pkg_win.h"

#include <stddef.h>
#include <string.h>

#include "kerb_account.h"
#include "kerb_cache.h"
#include "kerb_kdc.h"
#include "kerb_logon_parts.h"
#include "kerb_logon_s4u.h"
#include "kerb_machine.h"
#include "kerb_package.h"
#include "kerb_profile.h"
#include "lsa_utf.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

#ifndef KERB_S4U_LOGON_FLAG_IDENTIFY
#define KERB_S4U_LOGON_FLAG_IDENTIFY 0x8
#endif

typedef struct s4u_request {
    ULONG flags;
    WCHAR user[KERB_MAX_USER];       /* ClientUpn before its last '@' */
    char user_utf8[KERB_MAX_USER * 3];
    WCHAR domain[KERB_MAX_REALM];    /* ClientRealm, else the UPN's suffix, else "" (the machine's realm) */
    BOOL user_valid;
} s4u_request;

/* What a logon needs besides the request, allocated together (they are large). */
typedef struct s4u_state {
    kerb_machine_account machine;
    kerb_realm_info user_realm;
    kerb_account mapped;
    kerb_logon_names names;
    kcc_cred tgt, ticket;
    char kdc[KERB_MAX_KDC_NAME];
} s4u_state;

static NTSTATUS read_request(PVOID submit, ULONG len, PVOID base, s4u_request *out)
{
    pkg_wstr upn, realm;
    NTSTATUS status;
    WCHAR *at;
    size_t bytes = 0;

    memset(out, 0, sizeof(*out));
    if (len < sizeof(KERB_S4U_LOGON))
        return STATUS_INVALID_PARAMETER;
    memcpy(&out->flags, (const BYTE *)submit + offsetof(KERB_S4U_LOGON, Flags), sizeof(out->flags));
    if ((status = pkg_submit_ustring(KERB_TRACE, "ClientUpn", submit, len, base, offsetof(KERB_S4U_LOGON, ClientUpn),
                                     &upn)) ||
        (status = pkg_submit_ustring(KERB_TRACE, "ClientRealm", submit, len, base,
                                     offsetof(KERB_S4U_LOGON, ClientRealm), &realm)))
        return status;
    /* Documented as required. */
    if (!upn.bytes)
        return STATUS_INVALID_PARAMETER;
    if (!pkg_wstr_copy(&realm, out->domain, ARRAYSIZE(out->domain)))
        lstrcpynW(out->domain, L"?", ARRAYSIZE(out->domain)); /* too long for any realm: names none */
    if (!pkg_wstr_copy(&upn, out->user, ARRAYSIZE(out->user)))
        return STATUS_SUCCESS; /* names no principal */
    if ((at = wcsrchr(out->user, L'@')) && at[1]) {
        if (!out->domain[0])
            lstrcpynW(out->domain, at + 1, ARRAYSIZE(out->domain));
        *at = 0;
    }
    out->user_valid = out->user[0] &&
                      !lsa_utf16le_to_utf8((const uint8_t *)out->user, wcslen(out->user) * sizeof(WCHAR),
                                           out->user_utf8, sizeof(out->user_utf8), &bytes) &&
                      bytes;
    return STATUS_SUCCESS;
}

static NTSTATUS caller_has_tcb(BOOL *has_tcb)
{
    SECPKG_CLIENT_INFO info;
    NTSTATUS status;

    memset(&info, 0, sizeof(info));
    if ((status = kerb_lsa->GetClientInfo(&info)) != STATUS_SUCCESS) {
        pkg_err(KERB_TRACE, "GetClientInfo failed: 0x%08lx", (unsigned long)status);
        return status;
    }
    *has_tcb = info.HasTcbPrivilege;
    return STATUS_SUCCESS;
}

/* The user's realm: ClientRealm / the UPN's suffix (full name or first label), "" the machine's. Only the machine's
 * own realm is served: asking another realm's KDC would need a cross-realm referral chain. */
static NTSTATUS user_realm(const s4u_request *req, s4u_state *s)
{
    NTSTATUS status;

    if (!req->domain[0]) {
        s->user_realm = s->machine.realm;
        return STATUS_SUCCESS;
    }
    status = kerb_config_find_realm(req->domain, wcslen(req->domain), &s->user_realm);
    if (status == STATUS_NOT_FOUND ||
        (status == STATUS_SUCCESS && _stricmp(s->user_realm.realm, s->machine.realm.realm))) {
        pkg_warn(KERB_TRACE, "S4U logon of a user of another realm than the machine's: not served");
        return STATUS_NO_LOGON_SERVERS;
    }
    return status;
}

/* The session: its cache holds the S4U2Self ticket alone (kerb_cache_import: no TGT, no kept key), with the KDC
 * that issued it (kerb_cache_store's info, what KdcCalled reports). */
static NTSTATUS build_outputs(PLSA_CLIENT_REQUEST request, s4u_state *s, const kerb_account *mapped, pkg_logon_out *o)
{
    kcc_cache creds;
    kerb_cred_info info;
    LONGLONG logon_time;
    NTSTATUS status;

    if ((status = kerb_logon_identity(&s->names, mapped, o)) != STATUS_SUCCESS)
        return status;
    memset(&creds, 0, sizeof(creds));
    creds.cred_count = 1;
    creds.creds = &s->ticket;
    memset(&info, 0, sizeof(info));
    memcpy(info.kdc, s->kdc, sizeof(info.kdc));
    if ((status = kerb_cache_import(&o->logon_id, &s->machine.realm, &creds)) != STATUS_SUCCESS ||
        (status = kerb_cache_store(&o->logon_id, &s->ticket, &info)) != STATUS_SUCCESS) {
        pkg_err(KERB_TRACE, "the session's ticket cache could not be started: 0x%08lx", (unsigned long)status);
        return status;
    }
    logon_time = ((LONGLONG)s->ticket.authtime + KERB_EPOCH_DIFFERENCE) * 10000000LL;
    return kerb_profile_build(kerb_lsa, request, mapped, logon_time, s->names.server, &o->profile, &o->profile_len);
}

static NTSTATUS ask_kdc(const s4u_request *req, s4u_state *s, NTSTATUS *sub_status)
{
    kcc_principal user = {0};
    const char *comp[1] = {req->user_utf8};
    NTSTATUS status;

    status = kerb_machine_get_tgt(&s->machine, &s->tgt);
    if (status == STATUS_LOGON_FAILURE || status == STATUS_ACCOUNT_RESTRICTION) {
        pkg_warn(KERB_TRACE, "the KDC refuses the machine account: 0x%08lx", (unsigned long)status);
        return STATUS_TRUSTED_RELATIONSHIP_FAILURE;
    }
    if (status != STATUS_SUCCESS)
        return status;
    if (kcc_principal_set(&user, 1, s->user_realm.realm, 1, comp) != KCC_OK)
        return STATUS_NO_MEMORY;
    status = kerb_kdc_get_s4u2self(&s->machine.realm, &s->tgt, &user, &s->ticket, s->kdc, sub_status);
    kcc_principal_free(&user);
    /* As kerb_logon.c: a SubStatus only with STATUS_ACCOUNT_RESTRICTION, so no caller learns which names exist. */
    if (status != STATUS_ACCOUNT_RESTRICTION)
        *sub_status = STATUS_SUCCESS;
    return status;
}

static NTSTATUS s4u_logon(PLSA_CLIENT_REQUEST request, SECURITY_LOGON_TYPE logon_type, PVOID submit, PVOID client_base,
                          ULONG submit_len, PNTSTATUS sub_status, pkg_logon_out *o, PSECPKG_PRIMARY_CRED primary)
{
    s4u_request req;
    s4u_state *s;
    BOOL has_tcb = FALSE;
    NTSTATUS status;

    if (!pkg_logon_type_ok(FALSE, logon_type)) {
        pkg_warn(KERB_TRACE, "logon type %d not served by an S4U logon", (int)logon_type);
        return STATUS_INVALID_LOGON_TYPE;
    }
    if ((status = read_request(submit, submit_len, client_base, &req)) != STATUS_SUCCESS)
        return status;
    if ((status = caller_has_tcb(&has_tcb)) != STATUS_SUCCESS)
        return status;
    if (!(s = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*s))))
        return STATUS_NO_MEMORY;
    status = kerb_machine_load(&s->machine);
    if (status == STATUS_SUCCESS)
        status = user_realm(&req, s);
    if (status == STATUS_SUCCESS && !req.user_valid)
        status = STATUS_LOGON_FAILURE;
    if (status == STATUS_SUCCESS && (status = ask_kdc(&req, s, sub_status)) != STATUS_SUCCESS)
        pkg_warn(KERB_TRACE, "S4U logon refused: 0x%08lx, SubStatus 0x%08lx", (unsigned long)status,
                 (unsigned long)*sub_status);
    if (status == STATUS_SUCCESS) {
        status = kerb_account_find(req.user_utf8, &s->mapped);
        if (status == STATUS_SUCCESS || status == STATUS_NO_SUCH_USER) {
            const kerb_account *mapped = status == STATUS_SUCCESS ? &s->mapped : NULL;
            kerb_logon_names_fill(req.user, &s->machine.realm, &s->ticket.client, s->kdc, mapped, &s->names);
            status = build_outputs(request, s, mapped, o);
        }
        if (status == STATUS_SUCCESS && primary) {
            status = kerb_logon_fill_primary(primary, o, &s->names);
            /* The LSA then issues an identification token (LsaLogonUser's rule for S4U without TCB). */
            if (status == STATUS_SUCCESS && (!has_tcb || (req.flags & KERB_S4U_LOGON_FLAG_IDENTIFY)))
                primary->Flags |= PRIMARY_CRED_LOGON_NO_TCB;
        }
    }
    kcc_cred_free(&s->tgt);
    kcc_cred_free(&s->ticket);
    kerb_machine_free(&s->machine);
    SecureZeroMemory(s, sizeof(*s));
    HeapFree(GetProcessHeap(), 0, s);
    return status;
}

NTSTATUS kerb_logon_s4u(PLSA_CLIENT_REQUEST request, SECURITY_LOGON_TYPE logon_type, PVOID submit, PVOID client_base,
                        ULONG submit_len, PVOID *profile, PULONG profile_len, PLUID logon_id, PNTSTATUS sub_status,
                        PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token, PUNICODE_STRING *account_name,
                        PUNICODE_STRING *authority, PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary)
{
    pkg_logon_out o;
    NTSTATUS status;

    memset(&o, 0, sizeof(o));
    status = s4u_logon(request, logon_type, submit, client_base, submit_len, sub_status, &o, primary);
    return kerb_logon_finish(status, request, &o, profile, profile_len, logon_id, token_type, token, account_name,
                             authority, machine_name);
}
