/* KerbChangePasswordMessage (kerb_kpasswd.h): an initial ticket to kadmin/changepw with the old password
 * (kerb_kdc.c), then the RFC 3244 request to each kpasswd server of the realm (kerb_config.h says which) over UDP,
 * then TCP, until one answers (kerb_kpasswd_send, which KerbSetPasswordMessage's kerb_setpw.c shares). Each attempt
 * is a fresh request: a server must not see the same authenticator twice (replay cache). The KRB-PRIV's s-address
 * is the local address this host sends from to the server. */
#include "pkg_win.h"
/* windows.h's winsock.h defines s_addr as a macro; here it is only k5kpasswd.h's field. */
#undef s_addr

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "k5kpasswd.h"
#include "kerb_config.h"
#include "kerb_kdc.h"
#include "kerb_kpasswd.h"
#include "kerb_net.h"
#include "kerb_newkey.h"
#include "kerb_package.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

#define KPASSWD_TIMEOUT_MS 3000u
#define KPASSWD_MAX_REQUEST (64u << 10)

NTSTATUS kerb_kpasswd_account(const pkg_wstr *account, char user[KPASSWD_MAX_USER])
{
    WCHAR account_buf[KPASSWD_MAX_ACCOUNT];

    if (!account->bytes || !pkg_wstr_copy(account, account_buf, ARRAYSIZE(account_buf)))
        return STATUS_INVALID_PARAMETER;
    if (WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, account_buf, -1, user, KPASSWD_MAX_USER, NULL, NULL) <= 1)
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

NTSTATUS kerb_kpasswd_realm(const pkg_wstr *domain, kerb_realm_info *realm)
{
    WCHAR domain_buf[KERB_MAX_REALM];

    /* A name that does not fit cannot be any realm's. */
    if (!pkg_wstr_copy(domain, domain_buf, ARRAYSIZE(domain_buf)) ||
        kerb_config_find_realm(domain_buf, lstrlenW(domain_buf), realm) != STATUS_SUCCESS)
        return STATUS_NO_LOGON_SERVERS;
    return STATUS_SUCCESS;
}

NTSTATUS kerb_kpasswd_copy_password(const pkg_wstr *s, WCHAR **out, size_t *chars)
{
    *chars = s->bytes / sizeof(WCHAR);
    if (!(*out = malloc(((size_t)*chars + 1) * sizeof(WCHAR))))
        return STATUS_NO_MEMORY;
    if (s->bytes)
        memcpy(*out, s->data, (size_t)*chars * sizeof(WCHAR));
    (*out)[*chars] = 0;
    return STATUS_SUCCESS;
}

void kerb_kpasswd_wipe_password(WCHAR *s, size_t chars)
{
    if (s) {
        SecureZeroMemory(s, (chars + 1) * sizeof(WCHAR));
        free(s);
    }
}

/* The new password as UTF-8 (what RFC 3244 carries), malloc'd; the caller wipes and frees it. */
static NTSTATUS to_utf8(const WCHAR *w, size_t chars, char **out, size_t *len)
{
    int n = 0;

    *out = NULL;
    *len = 0;
    if (chars > INT_MAX / 4)
        return STATUS_INVALID_PARAMETER;
    if (chars && (n = WideCharToMultiByte(CP_UTF8, 0, w, (int)chars, NULL, 0, NULL, NULL)) <= 0)
        return STATUS_INVALID_PARAMETER;
    if (!(*out = malloc((size_t)n + 1)))
        return STATUS_NO_MEMORY;
    if (n && WideCharToMultiByte(CP_UTF8, 0, w, (int)chars, *out, n, NULL, NULL) != n) {
        free(*out);
        *out = NULL;
        return STATUS_INVALID_PARAMETER;
    }
    *len = (size_t)n;
    return STATUS_SUCCESS;
}

/* One request to one server over one transport. STATUS_SUCCESS with *status the server's answer; else why there
 * was none (a network status, or STATUS_INVALID_NETWORK_RESPONSE for a reply that does not verify). */
static NTSTATUS exchange(const kerb_kdc_addr *server, BOOL tcp, const kcc_cred *ticket, const kcc_principal *target,
                         const char *pw, size_t pw_len, NTSTATUS *status)
{
    k5kp_request_params p = {0};
    k5kp_state st;
    k5p_env env;
    asn1_wbuf w;
    BYTE addr[16], *reply = NULL;
    size_t addr_len, reply_len = 0;
    int32_t addr_type, result_code = -1, krb_error = 0;
    NTSTATUS net;

    if ((net = kerb_net_local_address(server, &addr_type, addr, &addr_len)) != STATUS_SUCCESS)
        return net;
    kerb_kdc_env(&env);
    p.cred = ticket;
    p.version = target ? K5KP_VERSION_SET : K5KP_VERSION_CHANGE;
    p.target = target;
    p.new_password = (const uint8_t *)pw;
    p.new_password_len = pw_len;
    p.s_addr_type = addr_type;
    p.s_addr = addr;
    p.s_addr_len = addr_len;
    memset(&st, 0, sizeof(st));
    asn1_wbuf_init(&w, KPASSWD_MAX_REQUEST);
    if (k5kp_build_request(&env, &p, &st, &w) != K5P_OK || w.error) {
        asn1_wbuf_free(&w);
        k5kp_state_wipe(&st);
        return STATUS_INTERNAL_ERROR;
    }
    net = kerb_net_exchange(server, tcp, w.data, w.len, KPASSWD_TIMEOUT_MS, &reply, &reply_len);
    asn1_wbuf_free(&w);
    if (net == STATUS_SUCCESS) {
        k5p_result r = k5kp_process_reply(&env, &st, reply, reply_len, &result_code, &krb_error);
        if (r == K5P_OK || (r == K5P_E_KDC_ERROR && result_code >= 0))
            *status = (NTSTATUS)k5kp_result_status(result_code);
        else if (r == K5P_E_KDC_ERROR)
            *status = STATUS_UNSUCCESSFUL; /* a KRB-ERROR with no result code: the server's own failure */
        else
            net = STATUS_INVALID_NETWORK_RESPONSE;
        if (r != K5P_OK || result_code != K5KP_RESULT_SUCCESS)
            pkg_warn(KERB_TRACE, "kpasswd %s:%u (%s): result %d, code %d, KRB-ERROR %ld", server->host,
                     (unsigned)server->port, tcp ? "tcp" : "udp", (int)r, (int)result_code, (long)krb_error);
    }
    free(reply);
    k5kp_state_wipe(&st);
    return net;
}

/* Every server of the realm, UDP then TCP each; the first answer counts. */
static NTSTATUS send_utf8(const kerb_realm_info *realm, const kcc_cred *ticket, const kcc_principal *target,
                          const char *pw, size_t pw_len)
{
    size_t count = realm->has_kpasswd ? 1 : realm->kdc_count;
    NTSTATUS last = STATUS_NO_LOGON_SERVERS, status = STATUS_NO_LOGON_SERVERS;

    for (size_t i = 0; i < count && i < KERB_MAX_KDCS; i++) {
        kerb_kdc_addr server = realm->has_kpasswd ? realm->kpasswd : realm->kdcs[i];
        if (!realm->has_kpasswd)
            server.port = K5KP_PORT;
        for (int tcp = 0; tcp < 2; tcp++) {
            NTSTATUS net = exchange(&server, tcp ? TRUE : FALSE, ticket, target, pw, pw_len, &status);
            if (net == STATUS_SUCCESS)
                return status;
            if (net == STATUS_NO_MEMORY || net == STATUS_INTERNAL_ERROR)
                return net;
            if (net == STATUS_INVALID_NETWORK_RESPONSE)
                last = net;
        }
    }
    return last;
}

NTSTATUS kerb_kpasswd_send(const kerb_realm_info *realm, const kcc_cred *ticket, const kcc_principal *target,
                           const WCHAR *password, size_t chars)
{
    char *utf8 = NULL;
    size_t len = 0;
    NTSTATUS status;

    if ((status = to_utf8(password, chars, &utf8, &len)) != STATUS_SUCCESS)
        return status;
    status = send_utf8(realm, ticket, target, utf8, len);
    SecureZeroMemory(utf8, len + 1);
    free(utf8);
    return status;
}

NTSTATUS kerb_change_password(const void *submit, ULONG len, const void *base)
{
    pkg_wstr domain, account, old_pw, new_pw;
    WCHAR *old_w = NULL, *new_w = NULL;
    size_t old_chars = 0, new_chars = 0;
    char user[KPASSWD_MAX_USER];
    kerb_realm_info realm;
    kerb_tgt_result ticket;
    NTSTATUS status, sub;

    if (len < sizeof(KERB_CHANGEPASSWORD_REQUEST))
        return STATUS_INVALID_PARAMETER;
    if ((status = pkg_submit_ustring(KERB_TRACE, "DomainName", submit, len, base,
                                     offsetof(KERB_CHANGEPASSWORD_REQUEST, DomainName), &domain)) ||
        (status = pkg_submit_ustring(KERB_TRACE, "AccountName", submit, len, base,
                                     offsetof(KERB_CHANGEPASSWORD_REQUEST, AccountName), &account)) ||
        (status = pkg_submit_ustring(KERB_TRACE, "OldPassword", submit, len, base,
                                     offsetof(KERB_CHANGEPASSWORD_REQUEST, OldPassword), &old_pw)) ||
        (status = pkg_submit_ustring(KERB_TRACE, "NewPassword", submit, len, base,
                                     offsetof(KERB_CHANGEPASSWORD_REQUEST, NewPassword), &new_pw)))
        return status;
    if ((status = kerb_kpasswd_account(&account, user)) != STATUS_SUCCESS ||
        (status = kerb_kpasswd_realm(&domain, &realm)) != STATUS_SUCCESS)
        return status;
    if ((status = kerb_kpasswd_copy_password(&old_pw, &old_w, &old_chars)) != STATUS_SUCCESS ||
        (status = kerb_kpasswd_copy_password(&new_pw, &new_w, &new_chars)) != STATUS_SUCCESS)
        goto done;
    status = kerb_kdc_get_changepw_ticket(&realm, user, old_w, old_chars, &ticket, &sub);
    if (status != STATUS_SUCCESS) {
        /* LsaLogonUser's SubStatus of the same KDC error says what was wrong: the old password, the account. */
        if (sub != STATUS_SUCCESS)
            status = sub;
        goto done;
    }
    status = kerb_kpasswd_send(&realm, &ticket.tgt, NULL, new_w, new_chars);
    kerb_tgt_result_free(&ticket);
    if (status != STATUS_SUCCESS)
        pkg_warn(KERB_TRACE, "password change for %s@%s: 0x%08lx", user, realm.realm, (unsigned long)status);
    else
        kerb_newkey_update_sessions(&realm, user, new_w, new_chars);
done:
    kerb_kpasswd_wipe_password(old_w, old_chars);
    kerb_kpasswd_wipe_password(new_w, new_chars);
    return status;
}
