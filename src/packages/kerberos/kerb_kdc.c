/* The package's KDC exchanges (kerb_kdc.h): the portable protocol of src/krb5/proto with bcrypt's primitives
 * (kerb_bcrypt.c), the system clock and Winsock (kerb_net.c). The password is converted to UTF-8 (what the enctypes'
 * string-to-key takes; RC4 converts back itself) and wiped after use. Traces name the principal and the outcome,
 * never a password, a key or a ticket. */
#include "pkg_win.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "k5proto.h"
#include "kerb_bcrypt.h"
#include "kerb_clock.h"
#include "kerb_kdc.h"
#include "kerb_net.h"
#include "pkg_trace.h"

#define KERB_PACKAGE "Kerberos"

static int64_t system_now(void *ctx, int32_t *usec)
{
    (void)ctx;
    return kerb_clock_now(usec);
}

static uint64_t tick_ms(void *ctx)
{
    (void)ctx;
    return GetTickCount64();
}

static k5p_net_result winsock_exchange(void *ctx, size_t kdc, int tcp, const uint8_t *req, size_t req_len,
                                       uint32_t timeout_ms, uint8_t **reply, size_t *reply_len)
{
    const kerb_realm_info *realm = ctx;
    NTSTATUS st = kerb_net_exchange(&realm->kdcs[kdc], tcp ? TRUE : FALSE, req, req_len, timeout_ms, reply,
                                    reply_len);

    switch (st) {
    case STATUS_SUCCESS: return K5P_NET_OK;
    case STATUS_IO_TIMEOUT: return K5P_NET_TIMEOUT;
    case STATUS_HOST_UNREACHABLE:
    case STATUS_CONNECTION_REFUSED: return K5P_NET_UNREACHABLE;
    default: return K5P_NET_ERROR;
    }
}

void kerb_kdc_env(k5p_env *env)
{
    *env = (k5p_env){kerb_bcrypt_primitives(), system_now, NULL};
}

static void setup(const kerb_realm_info *realm, k5p_env *env, k5p_net *net)
{
    kerb_kdc_env(env);
    *net = (k5p_net){(void *)realm, realm->kdc_count, winsock_exchange, tick_ms, 0, 0};
    if (net->kdc_count > KERB_MAX_KDCS)
        net->kdc_count = KERB_MAX_KDCS;
}

/* The start of a TGS-side exchange: outputs cleared, a realm with a KDC, the environment set up. */
static NTSTATUS begin_tgs(const kerb_realm_info *realm, kcc_cred *out, char kdc[KERB_MAX_KDC_NAME], k5p_env *env,
                          k5p_net *net)
{
    memset(out, 0, sizeof(*out));
    kdc[0] = 0;
    if (!realm->kdc_count)
        return STATUS_NO_LOGON_SERVERS;
    setup(realm, env, net);
    return STATUS_SUCCESS;
}

static void kdc_name(const kerb_realm_info *realm, const k5p_outcome *o, char kdc[KERB_MAX_KDC_NAME])
{
    const kerb_kdc_addr *a = &realm->kdcs[o->kdc_index < realm->kdc_count ? o->kdc_index : 0];

    snprintf(kdc, KERB_MAX_KDC_NAME, "%s:%u", a->host, a->port ? a->port : KERB_DEFAULT_PORT);
}

static void trace_failure(const char *what, const char *name, const char *realm, const k5p_outcome *o)
{
    pkg_warn(KERB_PACKAGE, "%s for %s@%s: result %d, KDC error %ld, status 0x%08lx, substatus 0x%08lx", what, name,
             realm, (int)o->result, (long)o->krb_error, (unsigned long)o->status, (unsigned long)o->sub_status);
}

/* The AS exchange for client (any number of components; name for traces). service NULL: a TGT; else that service
 * of the realm asked for directly (kadmin/changepw). etypes NULL: the protocol's default list. */
static NTSTATUS get_tgt_principal(const kerb_realm_info *realm, const kcc_principal *client, const char *name,
                                  const uint8_t *password, size_t password_len, int32_t key_enctype,
                                  const uint8_t *key, size_t key_len, const int32_t *etypes, size_t etype_count,
                                  const kcc_principal *service, kerb_tgt_result *out, NTSTATUS *sub_status)
{
    k5p_as_params params = {0};
    k5p_env env;
    k5p_net net;
    k5p_tgt t;
    k5p_outcome o;

    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    if (!realm->kdc_count)
        return STATUS_NO_LOGON_SERVERS;
    setup(realm, &env, &net);
    params.client = client;
    params.password = password;
    params.password_len = password_len;
    params.key_enctype = key_enctype;
    params.key = key;
    params.key_len = key_len;
    params.service = service;
    params.etypes = etypes;
    params.etype_count = etype_count;
    if (k5p_get_tgt(&env, &net, &params, &t, &o) != K5P_OK) {
        trace_failure("AS exchange", name, realm->realm, &o);
        *sub_status = (NTSTATUS)o.sub_status;
        return (NTSTATUS)o.status;
    }
    out->tgt = t.cred; /* moved: t's copy is forgotten, not freed */
    memset(&t.cred, 0, sizeof(t.cred));
    out->key_enctype = t.key_enctype;
    memcpy(out->key, t.key, t.key_len);
    out->key_len = t.key_len;
    kdc_name(realm, &o, out->kdc);
    k5p_tgt_free(&t);
    return STATUS_SUCCESS;
}

/* The same for a one-component user of the realm. */
static NTSTATUS get_tgt(const kerb_realm_info *realm, const char *user, const uint8_t *password,
                        size_t password_len, int32_t key_enctype, const uint8_t *key, size_t key_len,
                        const kcc_principal *service, kerb_tgt_result *out, NTSTATUS *sub_status)
{
    kcc_principal client = {0};
    const char *comp[1] = {user};
    NTSTATUS st;

    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    if (!realm->kdc_count)
        return STATUS_NO_LOGON_SERVERS;
    if (!user[0])
        return STATUS_INVALID_PARAMETER;
    if (kcc_principal_set(&client, 1, realm->realm, 1, comp) != KCC_OK)
        return STATUS_NO_MEMORY;
    st = get_tgt_principal(realm, &client, user, password, password_len, key_enctype, key, key_len, NULL, 0, service,
                           out, sub_status);
    kcc_principal_free(&client);
    return st;
}

/* The password as UTF-8 (what the enctypes' string-to-key takes; RC4 converts back itself) in *utf8 (malloc'd,
 * len bytes plus a NUL; the caller wipes and frees it). */
static NTSTATUS password_utf8(const WCHAR *password, size_t password_chars, char **utf8, int *len)
{
    *utf8 = NULL;
    *len = 0;
    if (password_chars > INT_MAX / 4)
        return STATUS_INVALID_PARAMETER;
    if (password_chars) {
        *len = WideCharToMultiByte(CP_UTF8, 0, password, (int)password_chars, NULL, 0, NULL, NULL);
        if (*len <= 0)
            return STATUS_INVALID_PARAMETER;
    }
    if (!(*utf8 = malloc((size_t)*len + 1)))
        return STATUS_NO_MEMORY;
    if (*len && WideCharToMultiByte(CP_UTF8, 0, password, (int)password_chars, *utf8, *len, NULL, NULL) != *len) {
        free(*utf8);
        *utf8 = NULL;
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS get_with_password(const kerb_realm_info *realm, const char *user, const WCHAR *password,
                                  size_t password_chars, const kcc_principal *service, kerb_tgt_result *out,
                                  NTSTATUS *sub_status)
{
    char *utf8;
    int len;
    NTSTATUS st;

    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    if ((st = password_utf8(password, password_chars, &utf8, &len)) != STATUS_SUCCESS)
        return st;
    st = get_tgt(realm, user, (const uint8_t *)utf8, (size_t)len, 0, NULL, 0, service, out, sub_status);
    SecureZeroMemory(utf8, (size_t)len + 1);
    free(utf8);
    return st;
}

NTSTATUS kerb_kdc_get_tgt(const kerb_realm_info *realm, const char *user, const WCHAR *password,
                          size_t password_chars, kerb_tgt_result *out, NTSTATUS *sub_status)
{
    return get_with_password(realm, user, password, password_chars, NULL, out, sub_status);
}

NTSTATUS kerb_kdc_get_changepw_ticket(const kerb_realm_info *realm, const char *user, const WCHAR *password,
                                      size_t password_chars, kerb_tgt_result *out, NTSTATUS *sub_status)
{
    kcc_principal service = {0};
    const char *comp[2] = {"kadmin", "changepw"};
    NTSTATUS st;

    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    if (kcc_principal_set(&service, 0, "", 2, comp) != KCC_OK)
        return STATUS_NO_MEMORY;
    st = get_with_password(realm, user, password, password_chars, &service, out, sub_status);
    kcc_principal_free(&service);
    return st;
}

NTSTATUS kerb_kdc_get_tgt_with_key(const kerb_realm_info *realm, const char *user, int32_t key_enctype,
                                   const uint8_t *key, size_t key_len, kerb_tgt_result *out, NTSTATUS *sub_status)
{
    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    if (!key || !key_len || key_len > KERB_MAX_LONG_TERM_KEY)
        return STATUS_INVALID_PARAMETER;
    return get_tgt(realm, user, NULL, 0, key_enctype, key, key_len, NULL, out, sub_status);
}

NTSTATUS kerb_kdc_get_tgt_for_principal_with_key(const kerb_realm_info *realm, const kcc_principal *client,
                                                 int32_t key_enctype, const uint8_t *key, size_t key_len,
                                                 kerb_tgt_result *out, NTSTATUS *sub_status)
{
    char name[256];
    size_t used = 0;

    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    if (!key || !key_len || key_len > KERB_MAX_LONG_TERM_KEY || !client->count)
        return STATUS_INVALID_PARAMETER;
    /* The name for traces: components joined by '/', cut to the buffer. */
    name[0] = 0;
    for (uint32_t i = 0; i < client->count && used < sizeof(name) - 1; i++) {
        int n = snprintf(name + used, sizeof(name) - used, "%s%.*s", i ? "/" : "",
                         (int)client->components[i].length, (const char *)client->components[i].bytes);
        if (n < 0)
            break;
        used += (size_t)n < sizeof(name) - used ? (size_t)n : sizeof(name) - 1 - used;
    }
    /* Only the key's enctype: the KDC then answers in the one key we hold for this attempt. */
    return get_tgt_principal(realm, client, name, NULL, 0, key_enctype, key, key_len, &key_enctype, 1, NULL, out,
                             sub_status);
}

NTSTATUS kerb_kdc_get_service_ticket(const kerb_realm_info *realm, const kcc_cred *tgt, const kcc_principal *server,
                                     uint32_t kdc_options, int32_t etype, kcc_cred *out,
                                     char kdc[KERB_MAX_KDC_NAME])
{
    k5p_tgs_params params = {0};
    k5p_env env;
    k5p_net net;
    k5p_outcome o;

    if (begin_tgs(realm, out, kdc, &env, &net) != STATUS_SUCCESS)
        return STATUS_NO_LOGON_SERVERS;
    params.tgt = tgt;
    params.server = server;
    params.kdc_options = kdc_options;
    params.etype = etype;
    if (k5p_get_service_ticket(&env, &net, &params, out, &o) != K5P_OK) {
        char name[300];
        size_t off = 0;
        name[0] = 0;
        for (uint32_t i = 0; i < server->count && off < sizeof(name) - 1; i++)
            off += (size_t)snprintf(name + off, sizeof(name) - off, "%s%.*s", i ? "/" : "",
                                    (int)(server->components[i].length > 200 ? 200 : server->components[i].length),
                                    (const char *)server->components[i].bytes);
        trace_failure("TGS exchange", name, realm->realm, &o);
        return (NTSTATUS)o.status;
    }
    kdc_name(realm, &o, kdc);
    return STATUS_SUCCESS;
}

NTSTATUS kerb_kdc_renew_tgt(const kerb_realm_info *realm, const kcc_cred *tgt, kcc_cred *out,
                            char kdc[KERB_MAX_KDC_NAME])
{
    k5p_env env;
    k5p_net net;
    k5p_outcome o;

    if (begin_tgs(realm, out, kdc, &env, &net) != STATUS_SUCCESS)
        return STATUS_NO_LOGON_SERVERS;
    if (k5p_renew_tgt(&env, &net, tgt, out, &o) != K5P_OK) {
        trace_failure("TGT renewal", "krbtgt", realm->realm, &o);
        return (NTSTATUS)o.status;
    }
    kdc_name(realm, &o, kdc);
    return STATUS_SUCCESS;
}

NTSTATUS kerb_kdc_get_s4u2self(const kerb_realm_info *realm, const kcc_cred *tgt, const kcc_principal *user,
                               kcc_cred *out, char kdc[KERB_MAX_KDC_NAME], NTSTATUS *sub_status)
{
    k5p_s4u_params params = {0};
    k5p_env env;
    k5p_net net;
    k5p_outcome o;
    NTSTATUS status;

    *sub_status = STATUS_SUCCESS;
    if ((status = begin_tgs(realm, out, kdc, &env, &net)) != STATUS_SUCCESS)
        return status;
    params.tgt = tgt;
    params.user = user;
    if (k5p_get_s4u2self(&env, &net, &params, out, &o) != K5P_OK) {
        trace_failure("S4U2Self", "(user)", realm->realm, &o);
        /* A logon's mapping: the user's account problems as STATUS_ACCOUNT_RESTRICTION + SubStatus. */
        k5p_outcome_map(&o, 0);
        *sub_status = (NTSTATUS)o.sub_status;
        return (NTSTATUS)o.status;
    }
    kdc_name(realm, &o, kdc);
    return STATUS_SUCCESS;
}
