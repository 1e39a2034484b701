/* The KDC path of KerbRetrieveEncodedTicketMessage, with the package linked directly and kerb_kdc.h answered by a
 * fake KDC defined here (the build links this program with the package's sources minus kerb_kdc.c): what is asked
 * of the KDC (server, KDC options from TicketFlags, etype), which CacheOptions go to the KDC and which tickets are
 * kept, an AS_KERB_CRED of a fetched ticket, the TGT fetched again with the kept key after it was purged, KDC
 * errors passed through, and the host's session fetching with its own TGT. */
#include "test_kerberos_pkg.h"

#include "kcred.h"

/* ---- the fake KDC: records what it was asked, answers with real.ccache's tickets ---- */
static struct {
    int tgt_calls, service_calls, renew_calls;
    char user[64];
    int32_t key_enctype;
    uint8_t key[KERB_MAX_LONG_TERM_KEY];
    size_t key_len;
    char server[256];
    uint32_t kdc_options;
    int32_t etype;
    char tgt_client[64];
    NTSTATUS fail; /* the next service ticket's status when not STATUS_SUCCESS */
} kdc;

static void principal_text(const kcc_principal *p, char *out, size_t cap)
{
    size_t used = 0;

    out[0] = 0;
    for (uint32_t i = 0; i < p->count && used < cap; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s%.*s", i ? "/" : "", (int)p->components[i].length,
                                 (const char *)p->components[i].bytes);
    if (used < cap)
        snprintf(out + used, cap - used, "@%.*s", (int)p->realm.length, (const char *)p->realm.bytes);
}

NTSTATUS kerb_kdc_get_tgt(const kerb_realm_info *r, const char *user, const WCHAR *password, size_t password_chars,
                          kerb_tgt_result *out, NTSTATUS *sub_status)
{
    (void)r;
    (void)user;
    (void)password;
    (void)password_chars;
    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    return STATUS_NO_LOGON_SERVERS; /* logons are not this program's business */
}

NTSTATUS kerb_kdc_get_tgt_with_key(const kerb_realm_info *r, const char *user, int32_t key_enctype,
                                   const uint8_t *key, size_t key_len, kerb_tgt_result *out, NTSTATUS *sub_status)
{
    kcc_cache holder = {0};

    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    kdc.tgt_calls++;
    assert_string_equal(r->realm, "LSAEMU.TEST");
    snprintf(kdc.user, sizeof(kdc.user), "%s", user);
    kdc.key_enctype = key_enctype;
    assert_true(key_len <= sizeof(kdc.key));
    memcpy(kdc.key, key, key_len);
    kdc.key_len = key_len;
    assert_int_equal(kcc_add_cred(&holder, tgt), KCC_OK);
    out->tgt = holder.creds[0];
    free(holder.creds);
    out->key_enctype = key_enctype;
    memcpy(out->key, key, key_len);
    out->key_len = key_len;
    strcpy(out->kdc, "kdc-as.lsaemu.test:88");
    return STATUS_SUCCESS;
}

NTSTATUS kerb_kdc_get_service_ticket(const kerb_realm_info *r, const kcc_cred *with, const kcc_principal *server,
                                     uint32_t kdc_options, int32_t etype, kcc_cred *out,
                                     char kdc_name[KERB_MAX_KDC_NAME])
{
    kcc_cache holder = {0};

    memset(out, 0, sizeof(*out));
    kdc_name[0] = 0;
    kdc.service_calls++;
    assert_string_equal(r->realm, "LSAEMU.TEST");
    principal_text(&with->client, kdc.tgt_client, sizeof(kdc.tgt_client));
    assert_true(kcc_principal_equal(&with->server, &tgt->server));
    principal_text(server, kdc.server, sizeof(kdc.server));
    kdc.kdc_options = kdc_options;
    kdc.etype = etype;
    if (kdc.fail != STATUS_SUCCESS) {
        NTSTATUS f = kdc.fail;
        kdc.fail = STATUS_SUCCESS;
        return f;
    }
    /* real.ccache's service ticket, renamed to what was asked (the ticket's bytes stay host/svc's). */
    assert_int_equal(kcc_add_cred(&holder, svc), KCC_OK);
    *out = holder.creds[0];
    free(holder.creds);
    kcc_principal_free(&out->server);
    assert_int_equal(kcc_principal_copy(&out->server, server), KCC_OK);
    strcpy(kdc_name, "kdc-tgs.lsaemu.test:750");
    return STATUS_SUCCESS;
}

/* Renewal answers real.ccache's TGT again (the sessions here hold a current TGT: it is not expected to be called). */
NTSTATUS kerb_kdc_renew_tgt(const kerb_realm_info *r, const kcc_cred *old, kcc_cred *out,
                            char kdc_name[KERB_MAX_KDC_NAME])
{
    kcc_cache holder = {0};

    memset(out, 0, sizeof(*out));
    kdc.renew_calls++;
    assert_string_equal(r->realm, "LSAEMU.TEST");
    assert_true(kcc_principal_equal(&old->server, &tgt->server));
    assert_int_equal(kcc_add_cred(&holder, tgt), KCC_OK);
    *out = holder.creds[0];
    free(holder.creds);
    strcpy(kdc_name, "kdc-tgs.lsaemu.test:750");
    return STATUS_SUCCESS;
}

/* Password changes are not this program's business either (the package's other exchanges link against these). */
NTSTATUS kerb_kdc_get_changepw_ticket(const kerb_realm_info *r, const char *user, const WCHAR *password,
                                      size_t password_chars, kerb_tgt_result *out, NTSTATUS *sub_status)
{
    return kerb_kdc_get_tgt(r, user, password, password_chars, out, sub_status);
}

/* The machine account's exchanges (S4U and ticket logons load the machine): not this program's business either. */
NTSTATUS kerb_kdc_get_tgt_for_principal_with_key(const kerb_realm_info *r, const kcc_principal *client,
                                                 int32_t key_enctype, const uint8_t *key, size_t key_len,
                                                 kerb_tgt_result *out, NTSTATUS *sub_status)
{
    (void)r, (void)client, (void)key_enctype, (void)key, (void)key_len;
    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    return STATUS_NO_LOGON_SERVERS;
}

NTSTATUS kerb_kdc_get_s4u2self(const kerb_realm_info *r, const kcc_cred *with, const kcc_principal *user,
                               kcc_cred *out, char kdc_name[KERB_MAX_KDC_NAME], NTSTATUS *sub_status)
{
    (void)r, (void)with, (void)user;
    memset(out, 0, sizeof(*out));
    kdc_name[0] = 0;
    *sub_status = STATUS_SUCCESS;
    return STATUS_NO_LOGON_SERVERS;
}

void kerb_kdc_env(k5p_env *env)
{
    memset(env, 0, sizeof(*env));
}

/* ---- fixtures ---- */
static int setup(void **state)
{
    char path[MAX_PATH];

    (void)state;
    pkg_test_setup(path, sizeof(path));
    SetEnvironmentVariableA("KRB5CCNAME", "FILE:/nonexistent/lsaemu-kcache-fetch");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pkg_test_teardown();
    return 0;
}

static int fresh(void **state)
{
    memset(&kdc, 0, sizeof(kdc));
    return start(state);
}

static ULONG cached_count(void)
{
    result r;
    ULONG n;

    query(TRUE, KerbQueryTicketCacheMessage, session, &r);
    assert_int_equal(r.protocol, STATUS_SUCCESS);
    n = ((KERB_QUERY_TKT_CACHE_RESPONSE *)r.buf)->CountOfTickets;
    done(&r);
    return n;
}

/* A retrieve request (len bytes in buf) for the session, answered with ProtocolStatus STATUS_SUCCESS; the KDC has
 * been asked for service tickets `service_calls` times in all and the session's cache holds `cached` tickets. */
static void expect_retrieved(BYTE *buf, ULONG len, int service_calls, ULONG cached)
{
    result r;

    call(TRUE, buf, len, &r);
    assert_int_equal(r.protocol, STATUS_SUCCESS);
    assert_int_equal(kdc.service_calls, service_calls);
    assert_int_equal(cached_count(), cached);
    done(&r);
}

static ULONG with_flags_etype(BYTE *buf, const WCHAR *target, ULONG options, ULONG flags, LONG etype)
{
    ULONG len = retrieve_request(buf, target, options, session);
    KERB_RETRIEVE_TKT_REQUEST *req = (KERB_RETRIEVE_TKT_REQUEST *)buf;

    req->TicketFlags = flags;
    req->EncryptionType = etype;
    return len;
}

/* DEFAULT: a ticket not cached is asked of the KDC with the session's TGT, returned and kept; the next DEFAULT
 * request is answered from the cache. */
static void test_default_fetches_then_caches(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    const KERB_TICKET_CACHE_INFO_EX3 *e;
    BYTE buf[512];
    result r;

    (void)state;
    call(TRUE, buf, retrieve_request(buf, L"cifs/files.lsaemu.test", 0, session), &r);
    assert_int_equal(r.status, STATUS_SUCCESS);
    assert_int_equal(r.protocol, STATUS_SUCCESS);
    assert_int_equal(kdc.service_calls, 1);
    assert_string_equal(kdc.server, "cifs/files.lsaemu.test@LSAEMU.TEST");
    assert_string_equal(kdc.tgt_client, "alice@LSAEMU.TEST");
    assert_int_equal(kdc.kdc_options, 0);
    assert_int_equal(kdc.etype, 0);
    t = &((KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    assert_int_equal(t->EncodedTicketSize, svc->ticket.length);
    assert_memory_equal(t->EncodedTicket, svc->ticket.bytes, svc->ticket.length);
    assert_int_equal(t->SessionKey.Length, 32);
    assert_memory_equal(t->SessionKey.Value, svc->key.bytes, 32);
    assert_ustring(&t->ServiceName->Names[0], L"cifs");
    assert_ustring(&t->ServiceName->Names[1], L"files.lsaemu.test");
    done(&r);

    query(TRUE, KerbQueryTicketCacheEx3Message, session, &r);
    e = entries(&r, 2);
    assert_ustring(&e[1].ServerName, L"cifs/files.lsaemu.test");
    assert_ustring(&e[1].KdcCalled, L"kdc-tgs.lsaemu.test:750");
    assert_int_equal(e[1].CacheFlags, 0);
    done(&r);

    expect_retrieved(buf, retrieve_request(buf, L"cifs/files.lsaemu.test", 0, session), 1, 2);
}

/* Documented: a ticket asked with CacheOptions, TicketFlags or EncryptionType is not kept, except that CACHE_TICKET
 * and MAX_LIFETIME ask for it to be; DONT_USE_CACHE and MAX_LIFETIME always ask the KDC. */
static void test_options(void **state)
{
    BYTE buf[512];

    (void)state;
    expect_retrieved(buf, retrieve_request(buf, L"host/a.lsaemu.test", KERB_RETRIEVE_TICKET_DONT_USE_CACHE, session),
                     1, 1);
    expect_retrieved(buf, with_flags_etype(buf, L"host/a.lsaemu.test", 0, KERB_TICKET_FLAGS_forwardable, 0), 2, 1);
    assert_int_equal(kdc.kdc_options, KERB_TICKET_FLAGS_forwardable);
    expect_retrieved(buf, with_flags_etype(buf, L"host/a.lsaemu.test", 0, 0, 17), 3, 1);
    assert_int_equal(kdc.etype, 17);
    expect_retrieved(buf, retrieve_request(buf, L"host/a.lsaemu.test", KERB_RETRIEVE_TICKET_CACHE_TICKET, session),
                     4, 2);
    /* Cached now: CACHE_TICKET returns it without the KDC; MAX_LIFETIME asks again and keeps the fresh one. */
    expect_retrieved(buf, retrieve_request(buf, L"host/a.lsaemu.test", KERB_RETRIEVE_TICKET_CACHE_TICKET, session),
                     4, 2);
    expect_retrieved(buf, retrieve_request(buf, L"host/a.lsaemu.test", KERB_RETRIEVE_TICKET_MAX_LIFETIME, session),
                     5, 2);
}

/* AS_KERB_CRED of a fetched ticket: a KRB-CRED holding it, with its key. */
static void test_fetched_as_krb_cred(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    kcc_cache parsed = {0};
    BYTE buf[512];
    result r;

    (void)state;
    call(TRUE, buf, retrieve_request(buf, L"http/web.lsaemu.test", KERB_RETRIEVE_TICKET_AS_KERB_CRED, session), &r);
    assert_int_equal(r.protocol, STATUS_SUCCESS);
    assert_int_equal(kdc.service_calls, 1);
    t = &((KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    assert_int_equal(kcred_parse(t->EncodedTicket, t->EncodedTicketSize, &parsed), KCRED_OK);
    assert_int_equal(parsed.cred_count, 1);
    assert_int_equal(parsed.creds[0].ticket.length, svc->ticket.length);
    assert_memory_equal(parsed.creds[0].ticket.bytes, svc->ticket.bytes, svc->ticket.length);
    assert_memory_equal(parsed.creds[0].key.bytes, svc->key.bytes, 32);
    kcc_cache_free(&parsed);
    done(&r);
    assert_int_equal(cached_count(), 1); /* CacheOptions not 0: not kept */
}

/* The TGT purged: the next fetch first gets a TGT with the kept key (user and key as the logon left them), stores it
 * as the session's PRIMARY ticket, then asks for the service. */
static void test_tgt_fetched_again_with_kept_key(void **state)
{
    const KERB_TICKET_CACHE_INFO_EX3 *e;
    BYTE buf[512], key[32];
    result r;

    (void)state;
    purge_all(session, &r);
    assert_int_equal(cached_count(), 0);

    expect_retrieved(buf, retrieve_request(buf, L"host/b.lsaemu.test", 0, session), 1, 2);
    assert_int_equal(kdc.tgt_calls, 1);
    assert_string_equal(kdc.user, "alice");
    assert_int_equal(kdc.key_enctype, AES256);
    memset(key, 0x11, sizeof(key));
    assert_int_equal(kdc.key_len, 32);
    assert_memory_equal(kdc.key, key, 32);
    assert_int_equal(kdc.service_calls, 1);

    query(TRUE, KerbQueryTicketCacheEx3Message, session, &r);
    e = entries(&r, 2);
    assert_ustring(&e[0].ServerName, L"krbtgt/LSAEMU.TEST");
    assert_int_equal(e[0].CacheFlags, KERB_CACHE_FLAG_PRIMARY);
    assert_ustring(&e[0].KdcCalled, L"kdc-as.lsaemu.test");
    assert_ustring(&e[1].ServerName, L"host/b.lsaemu.test");
    done(&r);
}

/* KerbRetrieveTicketMessage after the TGT was purged: a new one with the kept key, returned and kept. */
static void test_retrieve_tgt_fetches_again(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    result r;

    (void)state;
    purge_all(session, &r);
    query(TRUE, KerbRetrieveTicketMessage, session, &r);
    assert_int_equal(r.protocol, STATUS_SUCCESS);
    assert_int_equal(kdc.tgt_calls, 1);
    assert_int_equal(kdc.service_calls, 0);
    t = &((KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    assert_int_equal(t->EncodedTicketSize, tgt->ticket.length);
    assert_memory_equal(t->EncodedTicket, tgt->ticket.bytes, tgt->ticket.length);
    done(&r);
    assert_int_equal(cached_count(), 1);
    /* Current now: no second AS exchange, no renewal. */
    query(TRUE, KerbRetrieveTicketMessage, session, &r);
    assert_int_equal(r.protocol, STATUS_SUCCESS);
    assert_int_equal(kdc.tgt_calls, 1);
    assert_int_equal(kdc.renew_calls, 0);
    done(&r);
}

/* A KDC error is the message's ProtocolStatus, nothing cached; USE_CACHE_ONLY never reaches the KDC. */
static void test_kdc_errors(void **state)
{
    BYTE buf[512];
    result r;

    (void)state;
    kdc.fail = STATUS_NO_TRUST_SAM_ACCOUNT;
    call(TRUE, buf, retrieve_request(buf, L"host/unknown.lsaemu.test", 0, session), &r);
    assert_int_equal(r.status, STATUS_SUCCESS);
    assert_int_equal(r.protocol, STATUS_NO_TRUST_SAM_ACCOUNT);
    assert_null(r.buf);
    assert_int_equal(cached_count(), 1);
    call(TRUE, buf, retrieve_request(buf, L"host/c.lsaemu.test", KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, session), &r);
    assert_int_equal(r.protocol, STATUS_OBJECT_NAME_NOT_FOUND);
    assert_int_equal(kdc.service_calls, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_default_fetches_then_caches, fresh),
        cmocka_unit_test_setup(test_options, fresh),
        cmocka_unit_test_setup(test_fetched_as_krb_cred, fresh),
        cmocka_unit_test_setup(test_tgt_fetched_again_with_kept_key, fresh),
        cmocka_unit_test_setup(test_retrieve_tgt_fetches_again, fresh),
        cmocka_unit_test_setup(test_kdc_errors, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
