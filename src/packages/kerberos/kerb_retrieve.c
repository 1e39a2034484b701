/* Ticket retrieval; see kerb_retrieve.h.
 *
 * Statuses (ProtocolStatus), as Windows documents or returns them:
 *   STATUS_INVALID_PARAMETER      a TargetName that is empty or does not parse
 *   STATUS_OBJECT_NAME_NOT_FOUND  KERB_RETRIEVE_TICKET_USE_CACHE_ONLY and no matching ticket cached (documented)
 *   STATUS_NOT_SUPPORTED          KERB_RETRIEVE_TICKET_USE_CREDHANDLE (SSPI credential handles are not ours)
 *   SEC_E_NO_CREDENTIALS          the session has no TGT to ask the KDC with (no Kerberos logon, an empty host cache)
 *   STATUS_NO_SUCH_LOGON_SESSION  KerbRetrieveTicketMessage for a session without a TGT (a session of ours gets a
 *                                 purged or expired one renewed or again with its kept key first)
 *   otherwise what the KDC exchange gives (kerb_kdc.h).
 * The session key of a TGT goes out to trusted callers (TCB, as elevated tools get it on Windows) and to others
 * only when HKLM\SYSTEM\CurrentControlSet\Control\Lsa\Kerberos\Parameters AllowTgtSessionKey is a nonzero DWORD;
 * otherwise it keeps its type and length and reads as zeros. Service tickets' keys always go out. */
#include "pkg_win.h"

#include <stdlib.h>
#include <string.h>

#include "k5proto.h"
#include "kcred.h"
#include "kerb_cred_view.h"
#include "kerb_external.h"
#include "kerb_clock.h"
#include "kerb_kdc.h"
#include "kerb_names.h"
#include "kerb_package.h"
#include "kerb_retrieve.h"
#include "pkg_trace.h"

/* Ticket times are the ccache's 32-bit seconds. */
static uint32_t unix_now(void)
{
    return (uint32_t)kerb_clock_now(NULL);
}

static BOOL data_is(const kcc_data *d, const char *s)
{
    size_t n = strlen(s);
    return d->length == n && !memcmp(d->bytes, s, n);
}

static BOOL is_tgt(const kcc_principal *server)
{
    return server->count == 2 && data_is(&server->components[0], "krbtgt");
}

static BOOL tgt_key_allowed(BOOL trusted)
{
    DWORD value = 0, size = sizeof(value);

    if (trusted)
        return TRUE;
    return RegGetValueW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters",
                        L"AllowTgtSessionKey", RRF_RT_REG_DWORD, NULL, &value, &size) == ERROR_SUCCESS &&
           value != 0;
}

/* The session's TGT: krbtgt/R@R for the realm R of the default principal (else of the first TGT listed). */
static const kcc_cred *find_tgt(const kerb_snapshot *snap)
{
    const kcc_data *realm = &snap->cache.default_principal.realm;
    size_t i;

    for (i = 0; i < snap->cache.cred_count; i++) {
        const kcc_cred *c = &snap->cache.creds[i];
        if (is_tgt(&c->server) && (!realm->length || (c->server.realm.length == realm->length &&
                                                      !memcmp(c->server.realm.bytes, realm->bytes, realm->length) &&
                                                      c->server.components[1].length == realm->length &&
                                                      !memcmp(c->server.components[1].bytes, realm->bytes,
                                                              realm->length))))
            return c;
    }
    return NULL;
}

static int32_t kdc_offset(const kerb_snapshot *snap)
{
    int32_t seconds = 0, usec = 0;

    return kcc_get_kdc_offset(&snap->cache, &seconds, &usec) == KCC_OK ? seconds : 0;
}

static NTSTATUS respond(PLSA_CLIENT_REQUEST request, BOOL trusted, const kcc_cred *cred, const kcc_principal *target,
                        BOOL as_krb_cred, int32_t skew, PVOID *ret, PULONG ret_len)
{
    BOOL with_key = !is_tgt(&cred->server) || tgt_key_allowed(trusted);
    uint8_t *der = NULL;
    size_t der_len = 0;
    kcc_cred hidden;
    NTSTATUS status;
    kcred_status ks;

    if (!as_krb_cred)
        return kerb_external_ticket_response(request, cred, target, with_key, cred->ticket.bytes,
                                             cred->ticket.length, skew, ret, ret_len);
    /* The KRB-CRED carries the key too: hidden there as well when the caller may not see it. */
    hidden = *cred;
    if (!with_key) {
        hidden.key.bytes = NULL;
        if (cred->key.length && !(hidden.key.bytes = calloc(1, cred->key.length)))
            return STATUS_NO_MEMORY;
    }
    ks = kcred_build(&hidden, 1, &der, &der_len);
    if (!with_key)
        free(hidden.key.bytes);
    if (ks != KCRED_OK) {
        pkg_warn(KERB_TRACE, "cannot build a KRB-CRED (status %d)", (int)ks);
        return ks == KCRED_E_NO_MEMORY ? STATUS_NO_MEMORY : STATUS_INVALID_PARAMETER;
    }
    status = kerb_external_ticket_response(request, cred, target, with_key, der, der_len, skew, ret, ret_len);
    kcred_free(der, der_len);
    return status;
}

/* Case-insensitive equality of two principals' shown names and realms, as Windows compares service names. */
static BOOL same_principal(const kcc_principal *a, const kcc_principal *b)
{
    WCHAR an[KERB_MAX_NAME], bn[KERB_MAX_NAME];

    if (!kerb_name_wstr(a, an, ARRAYSIZE(an)) || !kerb_name_wstr(b, bn, ARRAYSIZE(bn)) ||
        CompareStringOrdinal(an, -1, bn, -1, TRUE) != CSTR_EQUAL)
        return FALSE;
    if (!kerb_realm_wstr(&a->realm, an, ARRAYSIZE(an)) || !kerb_realm_wstr(&b->realm, bn, ARRAYSIZE(bn)))
        return FALSE;
    return CompareStringOrdinal(an, -1, bn, -1, TRUE) == CSTR_EQUAL;
}

static const kcc_cred *find_cached(const kerb_snapshot *snap, const kcc_principal *server,
                                   const kerb_retrieve_options *opt, uint32_t now)
{
    size_t i;

    for (i = 0; i < snap->cache.cred_count; i++) {
        const kcc_cred *c = &snap->cache.creds[i];
        if (!same_principal(&c->server, server) || c->endtime <= now)
            continue;
        if (opt->etype && kerb_ticket_etype(&c->ticket) != opt->etype)
            continue;
        if ((c->ticket_flags & opt->ticket_flags) != opt->ticket_flags)
            continue;
        return c;
    }
    return NULL;
}

/* The user's name without realm, UTF-8, for an AS exchange with the kept key. */
static BOOL user_utf8(const kcc_principal *p, char *out, size_t cap)
{
    size_t used = 0;
    uint32_t i;

    for (i = 0; i < p->count; i++) {
        size_t n = p->components[i].length;
        if (n + (i ? 1 : 0) >= cap - used)
            return FALSE;
        if (i)
            out[used++] = '/';
        memcpy(out + used, p->components[i].bytes, n);
        used += n;
    }
    out[used] = 0;
    return used != 0;
}

/* A TGT is renewed (or fetched again) once it has at most this many seconds left. Why: a service ticket cannot
 * outlive the TGT it comes from, and a KDC whose clock runs ahead by RFC 4120's customary skew (5 minutes) already
 * sees such a TGT expired. The margin is capped at a quarter of the TGT's lifetime so that a short-lived TGT is not
 * renewed at every use. */
#define KERB_TGT_RENEW_MARGIN 300u

static BOOL tgt_needs_renewal(const kcc_cred *tgt, uint32_t now)
{
    uint32_t start = tgt->starttime ? tgt->starttime : tgt->authtime;
    uint32_t life = tgt->endtime > start ? tgt->endtime - start : 0;
    uint32_t margin = life / 4 < KERB_TGT_RENEW_MARGIN ? life / 4 : KERB_TGT_RENEW_MARGIN;

    return tgt->endtime <= now || tgt->endtime - now <= margin;
}

/* A new TGT for a session of ours in *fresh: the old one renewed while it is renewable and within its renew_till
 * (RFC 4120 3.3.3; the logon's authtime is kept), else a new one with the kept long-term key (a new authtime). */
static NTSTATUS new_tgt(const kerb_realm_info *realm, const kerb_logon_state *logon, const kcc_cred *old,
                        uint32_t now, kerb_tgt_result *fresh)
{
    char user[KERB_MAX_NAME];
    NTSTATUS sub;

    if (old && (old->ticket_flags & K5P_TKT_FLG_RENEWABLE) && old->renew_till > now &&
        kerb_kdc_renew_tgt(realm, old, &fresh->tgt, fresh->kdc) == STATUS_SUCCESS)
        return STATUS_SUCCESS;
    /* A session whose tickets were submitted (KerbSubmitTicketMessage) has no long-term key to fetch with. */
    if (!logon->key_len || !user_utf8(&logon->user, user, sizeof(user)))
        return (NTSTATUS)SEC_E_NO_CREDENTIALS;
    return kerb_kdc_get_tgt_with_key(realm, user, logon->key_enctype, logon->key, logon->key_len, fresh, &sub);
}

/* The TGT to use and its realm's KDCs. A session of ours whose TGT is missing (purged), expired or near its end
 * (tgt_needs_renewal) gets a new one first (new_tgt), stored as its PRIMARY ticket and held in *fresh (free it); when
 * that fails a TGT not yet expired is still used. The host's session cannot (the host file has no key).
 * SEC_E_NO_CREDENTIALS when there is no TGT to be had. */
static NTSTATUS usable_tgt(const kerb_source *src, const kerb_snapshot *snap, uint32_t now, const kcc_cred **tgt,
                           kerb_realm_info *realm, kerb_tgt_result *fresh)
{
    kerb_logon_state logon;
    kerb_cred_info tgt_info;
    NTSTATUS status;
    char realm_name[KERB_MAX_REALM];

    *tgt = find_tgt(snap);
    memset(fresh, 0, sizeof(*fresh));
    if (src->host) {
        if (!*tgt || (*tgt)->endtime <= now || (*tgt)->server.realm.length >= sizeof(realm_name))
            return (NTSTATUS)SEC_E_NO_CREDENTIALS;
        memcpy(realm_name, (*tgt)->server.realm.bytes, (*tgt)->server.realm.length);
        realm_name[(*tgt)->server.realm.length] = 0;
        return kerb_config_find_realm_utf8(realm_name, realm) == STATUS_SUCCESS ? STATUS_SUCCESS
                                                                                 : STATUS_NO_LOGON_SERVERS;
    }
    if ((status = kerb_cache_logon_state(&src->session, &logon)) != STATUS_SUCCESS)
        return status == STATUS_NOT_FOUND ? (NTSTATUS)SEC_E_NO_CREDENTIALS : status;
    *realm = logon.realm;
    if (*tgt && !tgt_needs_renewal(*tgt, now)) {
        kerb_logon_state_free(&logon);
        return STATUS_SUCCESS;
    }
    status = new_tgt(realm, &logon, *tgt, now, fresh);
    kerb_logon_state_free(&logon);
    if (status != STATUS_SUCCESS) {
        kerb_tgt_result_free(fresh);
        return *tgt && (*tgt)->endtime > now ? STATUS_SUCCESS : status;
    }
    memset(&tgt_info, 0, sizeof(tgt_info));
    lstrcpynA(tgt_info.kdc, fresh->kdc, sizeof(tgt_info.kdc));
    tgt_info.cache_flags = KERB_CACHE_FLAG_PRIMARY;
    if ((status = kerb_cache_store(&src->session, &fresh->tgt, &tgt_info)) != STATUS_SUCCESS) {
        kerb_tgt_result_free(fresh);
        return status;
    }
    *tgt = &fresh->tgt;
    return STATUS_SUCCESS;
}

/* Asks the KDC for server with the session's TGT. */
static NTSTATUS fetch(const kerb_source *src, const kerb_snapshot *snap, const kcc_principal *server,
                      const kerb_retrieve_options *opt, uint32_t now, kcc_cred *out, kerb_cred_info *info)
{
    const kcc_cred *tgt;
    kerb_tgt_result fresh;
    kerb_realm_info realm;
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    memset(info, 0, sizeof(*info));
    if ((status = usable_tgt(src, snap, now, &tgt, &realm, &fresh)) != STATUS_SUCCESS)
        return status;
    status = kerb_kdc_get_service_ticket(&realm, tgt, server, opt->ticket_flags, opt->etype, out, info->kdc);
    kerb_tgt_result_free(&fresh);
    return status;
}

NTSTATUS kerb_retrieve_tgt(PLSA_CLIENT_REQUEST request, BOOL trusted, const kerb_source *src, PVOID *ret,
                           PULONG ret_len)
{
    const kcc_cred *tgt;
    kerb_tgt_result fresh;
    kerb_realm_info realm;
    kerb_snapshot snap;
    NTSTATUS status;

    memset(&fresh, 0, sizeof(fresh));
    if ((status = kerb_source_snapshot(src, &snap)) != STATUS_SUCCESS)
        return status;
    tgt = find_tgt(&snap);
    /* A session of ours gets a purged, expired or ending TGT renewed or fetched again, as Windows does unasked. */
    if (!src->host && (!tgt || tgt_needs_renewal(tgt, unix_now()))) {
        status = usable_tgt(src, &snap, unix_now(), &tgt, &realm, &fresh);
        if (status == (NTSTATUS)SEC_E_NO_CREDENTIALS)
            tgt = NULL; /* no Kerberos logon behind the session */
        else if (status != STATUS_SUCCESS)
            goto done;
    }
    status = tgt ? respond(request, trusted, tgt, NULL, FALSE, kdc_offset(&snap), ret, ret_len)
                 : STATUS_NO_SUCH_LOGON_SESSION;
done:
    kerb_tgt_result_free(&fresh);
    kerb_snapshot_free(&snap);
    return status;
}

NTSTATUS kerb_retrieve_encoded(PLSA_CLIENT_REQUEST request, BOOL trusted, const kerb_source *src,
                               const WCHAR *target_name, size_t chars, const kerb_retrieve_options *opt, PVOID *ret,
                               PULONG ret_len)
{
    ULONG o = opt->cache_options;
    BOOL look = !(o & (KERB_RETRIEVE_TICKET_DONT_USE_CACHE | KERB_RETRIEVE_TICKET_MAX_LIFETIME));
    BOOL keep;
    char default_realm[KERB_MAX_REALM] = "";
    const kcc_data *dr;
    const kcc_cred *found;
    kcc_principal server;
    kerb_snapshot snap;
    kerb_cred_info info;
    kcc_cred fetched;
    NTSTATUS status;
    uint32_t now = unix_now();

    if (o & KERB_RETRIEVE_TICKET_USE_CREDHANDLE)
        return STATUS_NOT_SUPPORTED;
    if ((status = kerb_source_snapshot(src, &snap)) != STATUS_SUCCESS)
        return status;
    dr = &snap.cache.default_principal.realm;
    if (dr->length < sizeof(default_realm)) {
        if (dr->length)
            memcpy(default_realm, dr->bytes, dr->length);
        default_realm[dr->length] = 0;
    }
    if ((status = kerb_name_parse(target_name, chars, default_realm, &server)) != STATUS_SUCCESS) {
        kerb_snapshot_free(&snap);
        return status;
    }
    found = look ? find_cached(&snap, &server, opt, now) : NULL;
    if (found) {
        status = respond(request, trusted, found, &server, (o & KERB_RETRIEVE_TICKET_AS_KERB_CRED) != 0,
                         kdc_offset(&snap), ret, ret_len);
    } else if (o & KERB_RETRIEVE_TICKET_USE_CACHE_ONLY) {
        status = STATUS_OBJECT_NAME_NOT_FOUND;
    } else if ((status = fetch(src, &snap, &server, opt, now, &fetched, &info)) == STATUS_SUCCESS) {
        /* Documented: a ticket asked with flags, an etype or cache options is not cached, except that CACHE_TICKET
         * and MAX_LIFETIME ask for it to be. */
        keep = (!o && !opt->ticket_flags && !opt->etype) ||
               (o & (KERB_RETRIEVE_TICKET_CACHE_TICKET | KERB_RETRIEVE_TICKET_MAX_LIFETIME));
        if (keep && kerb_source_store(src, &fetched, &info) != STATUS_SUCCESS)
            pkg_warn(KERB_TRACE, "a fetched ticket could not be cached");
        status = respond(request, trusted, &fetched, &server, (o & KERB_RETRIEVE_TICKET_AS_KERB_CRED) != 0,
                         kdc_offset(&snap), ret, ret_len);
        kcc_cred_free(&fetched);
    }
    kcc_principal_free(&server);
    kerb_snapshot_free(&snap);
    return status;
}

NTSTATUS kerb_retrieve_fetch(const kerb_source *src, const kcc_principal *server, kcc_cred *out,
                             kerb_realm_info *realm)
{
    const kcc_cred *tgt;
    kerb_tgt_result fresh;
    kerb_snapshot snap;
    NTSTATUS status;
    char kdc[KERB_MAX_KDC_NAME];

    memset(out, 0, sizeof(*out));
    if ((status = kerb_source_snapshot(src, &snap)) != STATUS_SUCCESS)
        return status;
    if ((status = usable_tgt(src, &snap, unix_now(), &tgt, realm, &fresh)) == STATUS_SUCCESS) {
        status = kerb_kdc_get_service_ticket(realm, tgt, server, 0, 0, out, kdc);
        kerb_tgt_result_free(&fresh);
    }
    kerb_snapshot_free(&snap);
    return status;
}
