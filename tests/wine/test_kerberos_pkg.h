/* Shared by the Wine tests that link the Kerberos package directly (test_kerberos_sessions.c,
 * test_kerberos_fetch.c): a fake LSA function table (client memory is the test's own, two sessions exist), the
 * package's initialization, a Kerberos logon's state made from tests/data/krb5/real.ccache (times moved to now), and
 * request helpers. Header-only; one test program includes it once. */
#ifndef LSAEMU_TESTS_WINE_TEST_KERBEROS_PKG_H
#define LSAEMU_TESTS_WINE_TEST_KERBEROS_PKG_H

#include "pkg_win.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <cmocka.h>

#include "builtin_package.h"
#include "kcc.h"
#include "kerb_cache.h"
#include "kerb_names.h"
#include "kerb_package.h"
#include "kerb_source.h"
#include "test_kcc_file.h"

#define AES256 18
#define KDC_NAME "127.0.0.1:18803"

static LUID caller = {0x999, 0};             /* GetClientInfo's LogonId */
static const LUID session = {0x5000, 0};     /* a session "logged on through Kerberos" */
static const LUID other_known = {0x5001, 0}; /* a session the fake LSA knows, with no Kerberos cache */
static kcc_cache real;
static const kcc_cred *tgt, *svc;
static kerb_realm_info realm;
static LSA_SECPKG_FUNCTION_TABLE lsa;

/* ---- the fake LSA: client memory is ours, two sessions exist ---- */
static inline NTSTATUS NTAPI fake_client_info(PSECPKG_CLIENT_INFO info)
{
    memset(info, 0, sizeof(*info));
    info->LogonId = caller;
    info->HasTcbPrivilege = TRUE;
    return STATUS_SUCCESS;
}

static inline NTSTATUS NTAPI fake_get_credentials(PLUID id, ULONG package, PULONG context, BOOLEAN more,
                                                  PLSA_STRING key, PULONG key_len, PLSA_STRING creds)
{
    (void)package;
    (void)context;
    (void)more;
    (void)key;
    (void)key_len;
    (void)creds;
    if ((id->LowPart == session.LowPart || id->LowPart == other_known.LowPart) && !id->HighPart)
        return STATUS_NOT_FOUND;
    return STATUS_NO_SUCH_LOGON_SESSION;
}

static inline PVOID NTAPI fake_heap(ULONG size)
{
    return calloc(1, size);
}

static inline VOID NTAPI fake_free_heap(PVOID p)
{
    free(p);
}

static inline NTSTATUS NTAPI fake_alloc_client(PLSA_CLIENT_REQUEST request, ULONG size, PVOID *out)
{
    (void)request;
    *out = calloc(1, size);
    return *out ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

static inline NTSTATUS NTAPI fake_free_client(PLSA_CLIENT_REQUEST request, PVOID p)
{
    (void)request;
    free(p);
    return STATUS_SUCCESS;
}

static inline NTSTATUS NTAPI fake_copy_to_client(PLSA_CLIENT_REQUEST request, ULONG size, PVOID client,
                                                 PVOID local)
{
    (void)request;
    memcpy(client, local, size);
    return STATUS_SUCCESS;
}

typedef struct result {
    NTSTATUS status, protocol;
    void *buf;
    ULONG len;
} result;

static inline void call(BOOL trusted, void *submit, ULONG len, result *r)
{
    r->buf = NULL;
    r->len = 0;
    r->protocol = (NTSTATUS)0xdeadbeef;
    r->status = (trusted ? kerb_call_package : kerb_call_package_untrusted)(NULL, submit, submit, len, &r->buf,
                                                                           &r->len, &r->protocol);
}

static inline void done(result *r)
{
    free(r->buf);
    r->buf = NULL;
}

/* ---- fixtures ---- */
/* A TGT result as a Kerberos logon gives it: real.ccache's TGT, moved to now, and a long-term key. */
static inline void make_logon(kerb_tgt_result *r)
{
    memset(r, 0, sizeof(*r));
    {
        kcc_cache holder = {0};
        assert_int_equal(kcc_add_cred(&holder, tgt), KCC_OK);
        r->tgt = holder.creds[0];
        free(holder.creds);
    }
    r->key_enctype = AES256;
    memset(r->key, 0x11, 32);
    r->key_len = 32;
    strcpy(r->kdc, KDC_NAME);
}

/* Loads real.ccache (times moved to now), fills the realm and the fake table, initializes the package. path gets
 * the file's path. */
static inline void pkg_test_setup(char *path, size_t cap)
{
    const char *data = getenv("LSAEMU_KRB5_DATA");
    PLSA_AP_INITIALIZE_PACKAGE init = NULL;
    PLSA_STRING name = NULL;
    size_t i = 0;

    assert_non_null(data);
    snprintf(path, cap, "%s/real.ccache", data);
    kcc_file_load(path, &real);
    kcc_file_shift_times(&real, (int64_t)time(NULL) - 3600 - real.creds[1].authtime);
    assert_int_equal(kcc_next_listed(&real, &i), KCC_OK);
    tgt = &real.creds[i++];
    assert_int_equal(kcc_next_listed(&real, &i), KCC_OK);
    svc = &real.creds[i];
    strcpy(realm.realm, "LSAEMU.TEST");
    realm.kdc_count = 1;
    strcpy(realm.kdcs[0].host, "127.0.0.1");
    realm.kdcs[0].port = 9; /* discard: no KDC answers there */

    lsa.GetClientInfo = fake_client_info;
    lsa.GetCredentials = fake_get_credentials;
    lsa.AllocateLsaHeap = fake_heap;
    lsa.FreeLsaHeap = fake_free_heap;
    lsa.AllocateClientBuffer = fake_alloc_client;
    lsa.FreeClientBuffer = fake_free_client;
    lsa.CopyToClientBuffer = fake_copy_to_client;
    for (i = 0; i < lsa_builtin_kerberos.export_count; i++)
        if (!strcmp(lsa_builtin_kerberos.exports[i].name, "LsaApInitializePackage"))
            init = (PLSA_AP_INITIALIZE_PACKAGE)(void (*)(void))lsa_builtin_kerberos.exports[i].proc;
    assert_non_null(init);
    assert_int_equal(init(2, (PLSA_DISPATCH_TABLE)&lsa, NULL, NULL, &name), STATUS_SUCCESS);
    fake_free_heap(name->Buffer);
    fake_free_heap(name);
}

static inline void pkg_test_teardown(void)
{
    kerb_cache_drop_session(&session);
    kcc_cache_free(&real);
}

/* A Kerberos logon's state for `session`, as kerb_logon gives it. */
static inline int start(void **state)
{
    kerb_tgt_result r;

    (void)state;
    caller.LowPart = 0x999;
    make_logon(&r);
    assert_int_equal(kerb_cache_start_session(&session, &realm, &r), STATUS_SUCCESS);
    /* The cache took copies: the caller's result is still the caller's to free. */
    kerb_tgt_result_free(&r);
    return 0;
}

/* ---- requests ---- */
static inline void query(BOOL trusted, ULONG type, LUID id, result *r)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;

    memset(&req, 0, sizeof(req));
    req.MessageType = (KERB_PROTOCOL_MESSAGE_TYPE)type;
    req.LogonId = id;
    call(trusted, &req, sizeof(req), r);
}

/* KerbPurgeTicketCacheExMessage with KERB_PURGE_ALL_TICKETS for session `id`, from a trusted caller. */
static inline void purge_all(LUID id, result *r)
{
    KERB_PURGE_TKT_CACHE_EX_REQUEST ex;

    memset(&ex, 0, sizeof(ex));
    ex.MessageType = KerbPurgeTicketCacheExMessage;
    ex.LogonId = id;
    ex.Flags = KERB_PURGE_ALL_TICKETS;
    call(TRUE, &ex, sizeof(ex), r);
}

static inline ULONG retrieve_request(BYTE *buf, const WCHAR *target, ULONG options, LUID id)
{
    KERB_RETRIEVE_TKT_REQUEST *req = (KERB_RETRIEVE_TKT_REQUEST *)buf;
    size_t n = wcslen(target) * sizeof(WCHAR);

    memset(buf, 0, sizeof(*req) + n + 2);
    req->MessageType = KerbRetrieveEncodedTicketMessage;
    req->LogonId = id;
    req->CacheOptions = options;
    memcpy(buf + sizeof(*req), target, n);
    req->TargetName.Length = (USHORT)n;
    req->TargetName.MaximumLength = (USHORT)(n + 2);
    req->TargetName.Buffer = (PWSTR)(buf + sizeof(*req)); /* absolute: the copy is at the client's address */
    return (ULONG)(sizeof(*req) + n + 2);
}

static inline void assert_ustring(const UNICODE_STRING *s, const WCHAR *want)
{
    assert_int_equal(s->Length, wcslen(want) * sizeof(WCHAR));
    assert_memory_equal(s->Buffer, want, s->Length);
}

static inline const KERB_TICKET_CACHE_INFO_EX3 *entries(const result *r, ULONG count)
{
    const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *resp = r->buf;

    assert_int_equal(r->status, STATUS_SUCCESS);
    assert_int_equal(r->protocol, STATUS_SUCCESS);
    assert_non_null(resp);
    assert_int_equal(resp->CountOfTickets, count);
    return resp->Tickets;
}

#endif
