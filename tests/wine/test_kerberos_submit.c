/* KerbSubmitTicketMessage end to end (fixture lsaemu_kdc, tests/kdc/kdc.sh): alice logs on through Kerberos, her TGT
 * is exported as a KRB-CRED (KerbRetrieveEncodedTicket, AS_KERB_CRED) and submitted by a trusted caller into the
 * session of a second Kerberos logon (aes128user): that session then lists alice's TGT and gets a service ticket
 * for alice with it. The same KRB-CRED encrypted (key usage 14) imports with its key; the refusals (truncated, not
 * a KRB-CRED, wrong key, no key, a key of another enctype, an unknown enctype, ranges out of the request, an
 * untrusted caller naming another session) leave the cache as it was. A KRB-CRED of alice's TGT made by MIT's
 * krb5_mk_1cred (tests/judge/judge_mk_cred.sh, fixture mit_cred, file LSAEMU_MIT_CRED) imports and serves a TGS
 * too; that case is skipped only where libkrb5 is not there to make it. Exits 77 (skipped) without the fixture. */
#define WIN32_NO_STATUS
#include <winsock2.h>
#undef WIN32_NO_STATUS
#include "test_packages_common.h"

#include "kdc_calls.h"
#include "kdc_env.h"
#include "kdc_realm.h"
#include "kerb_bcrypt.h"
#include "krb5_asn1.h"
#include "krb5_enctype.h"

#include <stdio.h>
#include <stdlib.h>

#define AES256 18

/* winerror.h's "The encryption type requested is not supported by the KDC", which mingw-w64 lacks. */
#ifndef SEC_E_ETYPE_NOT_SUPP
#define SEC_E_ETYPE_NOT_SUPP _HRESULT_TYPEDEF_(0x80090341L)
#endif

static HANDLE trusted;
static ULONG kerb;
static WCHAR realm[256], address[300], user[256], password[256], other_user[64], other_password[256];
static WCHAR service[300], krbtgt[300];
static logon_result alice, other;
static BYTE buf[16384];
static BYTE cred[8192], enc_cred[8192], key[32];
static ULONG cred_len, enc_cred_len;

static void logon(const WCHAR *name, const WCHAR *pw, logon_result *l)
{
    kdc_password_logon_ok(trusted, kerb, buf, sizeof(buf), realm, name, pw, l);
}

/* KerbRetrieveEncodedTicket of target in session id; NULL with r->protocol the refusal. */
static const KERB_EXTERNAL_TICKET *retrieve(HANDLE lsa, LUID id, const WCHAR *target, ULONG options, call_result *r)
{
    return kdc_retrieve(lsa, kerb, buf, sizeof(buf), id, target, options, r);
}

/* A KerbSubmitTicketMessage request in buf: the KRB-CRED, then the key, after the structure. */
static ULONG build_submit(LUID id, const BYTE *der, ULONG der_len, LONG key_type, const BYTE *k, ULONG key_len)
{
    KERB_SUBMIT_TKT_REQUEST *req = (KERB_SUBMIT_TKT_REQUEST *)buf;
    ULONG used = sizeof(*req);

    memset(buf, 0, sizeof(buf));
    req->MessageType = KerbSubmitTicketMessage;
    req->LogonId = id;
    req->KerbCredOffset = used;
    req->KerbCredSize = der_len;
    memcpy(buf + used, der, der_len);
    used += der_len;
    req->Key.KeyType = key_type;
    req->Key.Length = key_len;
    req->Key.Offset = key_len ? used : 0;
    memcpy(buf + used, k, key_len);
    return used + key_len;
}

static NTSTATUS submit(HANDLE lsa, ULONG len)
{
    call_result r;

    do_call(lsa, kerb, buf, len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_no_return_buffer(&r);
    return r.protocol;
}

/* Ex3's listing of session id: how many tickets, and the client of the one for server (NULL if none). */
static ULONG listing(LUID id, const WCHAR *server, WCHAR *client, size_t cap)
{
    const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *q;
    KERB_QUERY_TKT_CACHE_REQUEST req;
    call_result r;
    ULONG i, n;

    memset(&req, 0, sizeof(req));
    req.MessageType = KerbQueryTicketCacheEx3Message;
    req.LogonId = id;
    do_call(trusted, kerb, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    q = r.buf;
    n = q->CountOfTickets;
    client[0] = 0;
    for (i = 0; i < n; i++) {
        const UNICODE_STRING *s = &q->Tickets[i].ServerName;
        if (s->Length == wcslen(server) * sizeof(WCHAR) && !memcmp(s->Buffer, server, s->Length) &&
            q->Tickets[i].ClientName.Length < cap * sizeof(WCHAR)) {
            memcpy(client, q->Tickets[i].ClientName.Buffer, q->Tickets[i].ClientName.Length);
            client[q->Tickets[i].ClientName.Length / sizeof(WCHAR)] = 0;
        }
    }
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    return n;
}

/* enc_cred = cred with its EncKrbCredPart encrypted under key (aes256, usage 14), as RFC 4120 5.8.1. */
static void encrypt_cred(void)
{
    const krb5_enctype *et = krb5_enctype_lookup(AES256);
    k5_krb_cred c;
    asn1_wbuf w;
    k5_arena a;
    BYTE *cipher;
    size_t clen;

    assert_non_null(et);
    k5_arena_init(&a);
    assert_int_equal(k5_asn1_decode(&k5_KRB_CRED, cred, cred_len, &a, &c), ASN1_OK);
    assert_int_equal(c.enc_part.etype, 0);
    clen = krb5_ciphertext_len(et, c.enc_part.cipher.len);
    assert_non_null(cipher = k5_arena_alloc(&a, clen));
    assert_int_equal(BCryptGenRandom(NULL, key, sizeof(key), BCRYPT_USE_SYSTEM_PREFERRED_RNG), 0);
    assert_int_equal(et->encrypt(kerb_bcrypt_primitives(), et, key, 14, NULL, c.enc_part.cipher.data,
                                 c.enc_part.cipher.len, cipher),
                     KRB5C_OK);
    c.enc_part.etype = AES256;
    c.enc_part.cipher.data = cipher;
    c.enc_part.cipher.len = clen;
    asn1_wbuf_init(&w, sizeof(enc_cred));
    assert_int_equal(k5_asn1_encode(&k5_KRB_CRED, &c, &w), ASN1_OK);
    memcpy(enc_cred, w.data, w.len);
    enc_cred_len = (ULONG)w.len;
    asn1_wbuf_free(&w);
    k5_arena_free(&a);
}

/* ---- the tests, in order ---- */

static void test_logons(void **state)
{
    (void)state;
    logon(user, password, &alice);
    logon(other_user, other_password, &other);
}

/* alice's TGT as a KRB-CRED ([APPLICATION 22]) with the ticket's session key in the clear part. */
static void test_export(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    call_result r;

    (void)state;
    t = retrieve(trusted, alice.id, krbtgt, KERB_RETRIEVE_TICKET_AS_KERB_CRED, &r);
    if (!t)
        fail_msg("export: 0x%08lx", (unsigned long)r.protocol);
    assert_true(t->EncodedTicketSize > 100 && t->EncodedTicketSize <= sizeof(cred));
    assert_int_equal(t->EncodedTicket[0], 0x76);
    memcpy(cred, t->EncodedTicket, t->EncodedTicketSize);
    cred_len = t->EncodedTicketSize;
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    encrypt_cred();
}

/* Every refusal leaves the other session's cache as it was: its own TGT, nothing of alice's. */
static void test_refusals(void **state)
{
    static const BYTE not_cred[] = {0x30, 0x03, 0x02, 0x01, 0x05};
    BYTE wrong[32], bad_etype[8192];
    WCHAR client[256];
    ULONG before, len;
    HANDLE untrusted;

    (void)state;
    before = listing(other.id, krbtgt, client, ARRAYSIZE(client));
    assert_true(before >= 1);
    assert_true(!wcscmp(client, other_user));
    assert_status(submit(trusted, build_submit(other.id, cred, cred_len / 2, 0, NULL, 0)), STATUS_INVALID_PARAMETER);
    assert_status(submit(trusted, build_submit(other.id, not_cred, sizeof(not_cred), 0, NULL, 0)),
                  STATUS_INVALID_PARAMETER);
    assert_status(submit(trusted, build_submit(other.id, cred, 0, 0, NULL, 0)), STATUS_INVALID_PARAMETER);
    /* KerbCred past the request's end. */
    len = build_submit(other.id, cred, cred_len, 0, NULL, 0);
    ((KERB_SUBMIT_TKT_REQUEST *)buf)->KerbCredSize = cred_len + 1;
    assert_status(submit(trusted, len), STATUS_INVALID_PARAMETER);
    /* The request shorter than its structure. */
    assert_status(submit(trusted, sizeof(KERB_SUBMIT_TKT_REQUEST) - 1), STATUS_INVALID_PARAMETER);
    /* Encrypted: no key, the wrong key, a key of another enctype, a key of the wrong length. */
    assert_status(submit(trusted, build_submit(other.id, enc_cred, enc_cred_len, 0, NULL, 0)),
                  SEC_E_DECRYPT_FAILURE);
    memcpy(wrong, key, sizeof(wrong));
    wrong[0] ^= 1;
    assert_status(submit(trusted, build_submit(other.id, enc_cred, enc_cred_len, AES256, wrong, sizeof(wrong))),
                  SEC_E_DECRYPT_FAILURE);
    assert_status(submit(trusted, build_submit(other.id, enc_cred, enc_cred_len, 17, key, 16)),
                  SEC_E_DECRYPT_FAILURE);
    assert_status(submit(trusted, build_submit(other.id, enc_cred, enc_cred_len, AES256, key, 16)),
                  STATUS_INVALID_PARAMETER);
    /* An enctype nobody has (the etype's INTEGER [0] of enc-part patched from 18 to 99). */
    memcpy(bad_etype, enc_cred, enc_cred_len);
    {
        ULONG i, patched = 0;
        for (i = 0; i + 5 <= enc_cred_len; i++)
            if (!memcmp(bad_etype + i, "\xa0\x03\x02\x01\x12\xa2", 6) && !patched++)
                bad_etype[i + 4] = 99;
        assert_int_equal(patched, 1);
    }
    assert_status(submit(trusted, build_submit(other.id, bad_etype, enc_cred_len, 99, key, sizeof(key))),
                  SEC_E_ETYPE_NOT_SUPP);
    /* Another session's cache from an untrusted connection. */
    assert_status(LsaConnectUntrusted(&untrusted), STATUS_SUCCESS);
    assert_status(submit(untrusted, build_submit(other.id, cred, cred_len, 0, NULL, 0)), STATUS_ACCESS_DENIED);
    LsaDeregisterLogonProcess(untrusted);
    assert_int_equal(listing(other.id, krbtgt, client, ARRAYSIZE(client)), before);
    assert_true(!wcscmp(client, other_user));
}

/* The clear KRB-CRED goes in: the other session now holds alice's TGT (replacing its own) and a service ticket it
 * asks for is alice's. */
static void test_submit_clear(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    WCHAR client[256];
    call_result r;

    ULONG len;

    (void)state;
    /* No key (Length 0): its Offset is not looked at. */
    len = build_submit(other.id, cred, cred_len, 0, NULL, 0);
    ((KERB_SUBMIT_TKT_REQUEST *)buf)->Key.Offset = 0xfffffff0;
    assert_status(submit(trusted, len), STATUS_SUCCESS);
    listing(other.id, krbtgt, client, ARRAYSIZE(client));
    assert_true(!wcscmp(client, user));
    t = retrieve(trusted, other.id, service, 0, &r);
    if (!t)
        fail_msg("TGS with the submitted TGT: 0x%08lx", (unsigned long)r.protocol);
    assert_int_equal(t->ClientName->NameCount, 1);
    assert_block_ustring(r.buf, r.len, &t->ClientName->Names[0], user);
    assert_int_equal(t->EncodedTicket[0], 0x61);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    listing(other.id, service, client, ARRAYSIZE(client));
    assert_true(!wcscmp(client, user));
}

/* The encrypted KRB-CRED with its key, into a fresh logon of the other user. */
static void test_submit_encrypted(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    WCHAR client[256];
    call_result r;

    (void)state;
    release_logon(&other);
    logon(other_user, other_password, &other);
    listing(other.id, krbtgt, client, ARRAYSIZE(client));
    assert_true(!wcscmp(client, other_user));
    assert_status(submit(trusted, build_submit(other.id, enc_cred, enc_cred_len, AES256, key, sizeof(key))),
                  STATUS_SUCCESS);
    listing(other.id, krbtgt, client, ARRAYSIZE(client));
    assert_true(!wcscmp(client, user));
    t = retrieve(trusted, other.id, service, KERB_RETRIEVE_TICKET_DONT_USE_CACHE, &r);
    if (!t)
        fail_msg("TGS with the submitted TGT: 0x%08lx", (unsigned long)r.protocol);
    assert_block_ustring(r.buf, r.len, &t->ClientName->Names[0], user);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* MIT's KRB-CRED (Unix path LSAEMU_MIT_CRED) into a fresh logon of the other user. */
static void test_submit_mit(void **state)
{
    typedef WCHAR *(CDECL * to_dos_fn)(const char *);
    to_dos_fn to_dos = (to_dos_fn)(void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "wine_get_dos_file_name");
    const KERB_EXTERNAL_TICKET *t;
    char unix_path[1024];
    WCHAR client[256], *dos = NULL;
    HANDLE f = INVALID_HANDLE_VALUE;
    DWORD got = 0;
    call_result r;

    (void)state;
    if (GetEnvironmentVariableA("LSAEMU_MIT_CRED", unix_path, sizeof(unix_path)) && to_dos &&
        (dos = to_dos(unix_path)))
        f = CreateFileW(dos, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (dos)
        HeapFree(GetProcessHeap(), 0, dos);
    if (f == INVALID_HANDLE_VALUE) {
        print_message("no KRB-CRED from MIT (libkrb5 not found at build time): skipped\n");
        skip();
    }
    assert_true(ReadFile(f, cred, sizeof(cred), &got, NULL));
    CloseHandle(f);
    assert_true(got > 100 && got < sizeof(cred));
    assert_int_equal(cred[0], 0x76);
    release_logon(&other);
    logon(other_user, other_password, &other);
    assert_status(submit(trusted, build_submit(other.id, cred, got, 0, NULL, 0)), STATUS_SUCCESS);
    listing(other.id, krbtgt, client, ARRAYSIZE(client));
    assert_true(!wcscmp(client, user));
    t = retrieve(trusted, other.id, service, KERB_RETRIEVE_TICKET_DONT_USE_CACHE, &r);
    if (!t)
        fail_msg("TGS with MIT's TGT: 0x%08lx", (unsigned long)r.protocol);
    assert_block_ustring(r.buf, r.len, &t->ClientName->Names[0], user);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

static int setup(void **state)
{
    (void)state;
    trusted = connect_trusted();
    kerb = kerberos_id(trusted);
    swprintf(krbtgt, ARRAYSIZE(krbtgt), L"krbtgt/%ls", realm);
    return kdc_realm_set(realm, address) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    release_logon(&alice);
    release_logon(&other);
    kdc_realm_unset(realm);
    LsaDeregisterLogonProcess(trusted);
    SecureZeroMemory(key, sizeof(key));
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logons),        cmocka_unit_test(test_export),
        cmocka_unit_test(test_refusals),      cmocka_unit_test(test_submit_clear),
        cmocka_unit_test(test_submit_encrypted), cmocka_unit_test(test_submit_mit),
    };
    const kdc_env_var vars[] = {
        KDC_ENV_LOGON_VARS(realm, address, user, password),
        KDC_ENV_VAR(L"LSAEMU_KDC_OTHER_PASSWORD", other_password),
        KDC_ENV_VAR(L"LSAEMU_KDC_SERVICE", service),
    };

    if (!kdc_env_load_or_say_skip())
        return 77;
    if (!kdc_env_read(vars, ARRAYSIZE(vars)) || !kdc_env_other_user(other_user, ARRAYSIZE(other_user)))
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
