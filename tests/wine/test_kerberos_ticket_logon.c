/* KERB_TICKET_LOGON and KERB_TICKET_UNLOCK_LOGON end to end (fixture lsaemu_kdc, tests/kdc/kdc.sh): alice logs on
 * with her password, gets a ticket for the machine account (LSAEMU_KDC_MACHINE, whose keys are in the fixture's
 * machine.keytab, named to the package by the registry's MachineAccount / MachineKeytab) and exports her TGT as a
 * KRB-CRED; a ticket logon with them is alice's Network logon through Kerberos, its profile carries the ticket's
 * session key, and its session's cache holds the TGT and gets service tickets with it. The TGT KRB-CRED also goes
 * encrypted in the ticket's session key (usage 14), or not at all. Refused: a tampered ticket, a ticket for another
 * service, a truncated one, bad ranges and logon types, another user's TGT, a TGT under another key, no machine
 * account; an expired ticket (the shortlife user's, SkewTime 0) unless KERB_LOGON_FLAG_ALLOW_EXPIRED_TICKET. Tickets
 * the test makes itself with the machine's key from the keytab (tests/unit/krb5_ticket_builder.c) show the checks a
 * KDC's tickets cannot reach: not yet valid, INVALID, long expired, with addresses, a session key of no enctype of
 * ours. MIT's
 * own ticket and forwarded TGT (tests/judge/judge_mk_ticket_logon.sh, file LSAEMU_MIT_TICKET_LOGON_DIR) log on too.
 * Exits 77 (skipped) without the fixture. */
#define WIN32_NO_STATUS
#include <winsock2.h>
#undef WIN32_NO_STATUS
#include "test_packages_common.h"

#include "kdc_calls.h"
#include "kdc_env.h"
#include "kdc_machine.h"
#include "kdc_realm.h"
#include "kerb_bcrypt.h"
#include "kkt.h"
#include "krb5_asn1.h"
#include "krb5_enctype.h"
#include "krb5_ticket_builder.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PARAMETERS_KEY L"SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters"

#ifndef SEC_E_ETYPE_NOT_SUPP
#define SEC_E_ETYPE_NOT_SUPP _HRESULT_TYPEDEF_(0x80090341L)
#endif
#ifndef SEC_E_WRONG_PRINCIPAL
#define SEC_E_WRONG_PRINCIPAL _HRESULT_TYPEDEF_(0x80090322L)
#endif

/* What a ticket logon is sent: a service ticket and, optionally, a KRB-CRED. */
typedef struct ticket_set {
    BYTE ticket[4096];
    ULONG ticket_len;
    LONG key_type;
    BYTE key[32];
    ULONG key_len;
    BYTE cred[8192];
    ULONG cred_len;
} ticket_set;

static HANDLE trusted;
static ULONG kerb;
static WCHAR realm[256], address[300], user[256], password[256], other_user[64], other_password[256];
static WCHAR short_user[64], service[300], machine[300], krbtgt[300], keytab[1024];
static logon_result alice, other;
static BYTE buf[32768];
static ticket_set alice_set, other_set, enc_cred_set;
static BOOL had_skew;
static DWORD old_skew;

static void password_logon(const WCHAR *name, const WCHAR *pw, logon_result *l)
{
    kdc_password_logon_ok(trusted, kerb, buf, sizeof(buf), realm, name, pw, l);
}

/* KerbRetrieveEncodedTicket of target in session id; NULL with r->protocol the refusal. */
static const KERB_EXTERNAL_TICKET *retrieve(LUID id, const WCHAR *target, ULONG options, call_result *r)
{
    return kdc_retrieve(trusted, kerb, buf, sizeof(buf), id, target, options, r);
}

/* Session id's ticket for target (its DER and session key) and its TGT as a clear KRB-CRED into s. */
static void fetch_set(LUID id, const WCHAR *target, ticket_set *s)
{
    const KERB_EXTERNAL_TICKET *t;
    call_result r;

    memset(s, 0, sizeof(*s));
    if (!(t = retrieve(id, target, 0, &r)))
        fail_msg("ticket for %ls: 0x%08lx", target, (unsigned long)r.protocol);
    assert_true(t->EncodedTicketSize > 100 && t->EncodedTicketSize <= sizeof(s->ticket));
    assert_int_equal(t->EncodedTicket[0], 0x61);
    memcpy(s->ticket, t->EncodedTicket, t->EncodedTicketSize);
    s->ticket_len = t->EncodedTicketSize;
    assert_true(t->SessionKey.Length > 0 && t->SessionKey.Length <= sizeof(s->key));
    memcpy(s->key, t->SessionKey.Value, t->SessionKey.Length);
    s->key_len = t->SessionKey.Length;
    s->key_type = t->SessionKey.KeyType;
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    if (!(t = retrieve(id, krbtgt, KERB_RETRIEVE_TICKET_AS_KERB_CRED, &r)))
        fail_msg("TGT export: 0x%08lx", (unsigned long)r.protocol);
    assert_true(t->EncodedTicketSize > 100 && t->EncodedTicketSize <= sizeof(s->cred));
    assert_int_equal(t->EncodedTicket[0], 0x76);
    memcpy(s->cred, t->EncodedTicket, t->EncodedTicketSize);
    s->cred_len = t->EncodedTicketSize;
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* out = s's KRB-CRED with its EncKrbCredPart encrypted under key (usage 14, RFC 4120 5.8.1). */
static void encrypt_cred(const ticket_set *s, LONG key_type, const BYTE *key, ticket_set *out)
{
    const krb5_enctype *et = krb5_enctype_lookup(key_type);
    k5_krb_cred c;
    asn1_wbuf w;
    k5_arena a;
    BYTE *cipher;
    size_t clen;

    assert_non_null(et);
    *out = *s;
    k5_arena_init(&a);
    assert_int_equal(k5_asn1_decode(&k5_KRB_CRED, s->cred, s->cred_len, &a, &c), ASN1_OK);
    assert_int_equal(c.enc_part.etype, 0);
    clen = krb5_ciphertext_len(et, c.enc_part.cipher.len);
    assert_non_null(cipher = k5_arena_alloc(&a, clen));
    assert_int_equal(et->encrypt(kerb_bcrypt_primitives(), et, key, 14, NULL, c.enc_part.cipher.data,
                                 c.enc_part.cipher.len, cipher),
                     KRB5C_OK);
    c.enc_part.etype = key_type;
    c.enc_part.cipher.data = cipher;
    c.enc_part.cipher.len = clen;
    asn1_wbuf_init(&w, sizeof(out->cred));
    assert_int_equal(k5_asn1_encode(&k5_KRB_CRED, &c, &w), ASN1_OK);
    memcpy(out->cred, w.data, w.len);
    out->cred_len = (ULONG)w.len;
    asn1_wbuf_free(&w);
    k5_arena_free(&a);
}

/* A KERB_TICKET_LOGON (or, unlock, KERB_TICKET_UNLOCK_LOGON) in buf: the ticket, then the KRB-CRED (cred_len 0:
 * none), after the structure, as absolute addresses or offsets. */
static ULONG build_ticket_logon(BOOL unlock, ULONG flags, const BYTE *ticket, ULONG ticket_len, const BYTE *cred,
                                ULONG cred_len, dialect d)
{
    KERB_TICKET_UNLOCK_LOGON *u = (KERB_TICKET_UNLOCK_LOGON *)buf;
    KERB_TICKET_LOGON *t = &u->Logon;
    ULONG used = unlock ? sizeof(*u) : sizeof(*t);

    memset(buf, 0, sizeof(buf));
    t->MessageType = unlock ? KerbTicketUnlockLogon : KerbTicketLogon;
    t->Flags = flags;
    t->ServiceTicketLength = ticket_len;
    t->ServiceTicket = d == DIALECT_ABSOLUTE ? buf + used : (PUCHAR)(ULONG_PTR)used;
    memcpy(buf + used, ticket, ticket_len);
    used += ticket_len;
    t->TicketGrantingTicketLength = cred_len;
    if (cred_len) {
        t->TicketGrantingTicket = d == DIALECT_ABSOLUTE ? buf + used : (PUCHAR)(ULONG_PTR)used;
        memcpy(buf + used, cred, cred_len);
        used += cred_len;
    }
    if (unlock)
        u->LogonId = alice.id;
    return used;
}

static void ticket_logon(SECURITY_LOGON_TYPE type, ULONG len, logon_result *l)
{
    do_logon(trusted, kerb, type, buf, len, l);
}

static void assert_refused(SECURITY_LOGON_TYPE type, ULONG len, NTSTATUS want)
{
    logon_result l;

    ticket_logon(type, len, &l);
    assert_status(l.status, want);
    assert_logon_cleared(&l);
}

static void assert_ustring(const UNICODE_STRING *s, const WCHAR *expected)
{
    size_t n = wcslen(expected);

    if (s->Length != n * sizeof(WCHAR) || (n && memcmp(s->Buffer, expected, n * sizeof(WCHAR))))
        fail_msg("string is \"%.*ls\", expected \"%ls\"", (int)(s->Length / sizeof(WCHAR)), s->Buffer, expected);
}

/* Ex3's listing of session id: whether it holds a ticket for server whose client is client. */
static BOOL lists(LUID id, const WCHAR *server, const WCHAR *client)
{
    const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *q;
    KERB_QUERY_TKT_CACHE_REQUEST req;
    call_result r;
    BOOL found = FALSE;

    memset(&req, 0, sizeof(req));
    req.MessageType = KerbQueryTicketCacheEx3Message;
    req.LogonId = id;
    do_call(trusted, kerb, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    if (r.protocol != STATUS_SUCCESS)
        return FALSE;
    q = r.buf;
    for (ULONG i = 0; i < q->CountOfTickets; i++) {
        const UNICODE_STRING *s = &q->Tickets[i].ServerName, *c = &q->Tickets[i].ClientName;
        found |= s->Length == wcslen(server) * sizeof(WCHAR) && !memcmp(s->Buffer, server, s->Length) &&
                 c->Length == wcslen(client) * sizeof(WCHAR) && !memcmp(c->Buffer, client, c->Length);
    }
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    return found;
}

/* A successful ticket logon of alice's: the profile, the session data, the token's user. */
static void check_alice_logon(const logon_result *l, SECURITY_LOGON_TYPE type, const ticket_set *s)
{
    const KERB_TICKET_PROFILE *p = l->profile;
    PSECURITY_LOGON_SESSION_DATA data = NULL;

    assert_status(l->status, STATUS_SUCCESS);
    assert_non_null(p);
    assert_true(l->profile_len >= sizeof(*p));
    assert_int_equal(p->Profile.MessageType, KerbInteractiveProfile);
    assert_true(p->Profile.LogonTime.QuadPart > 0 && p->Profile.LogonTime.QuadPart <= now_filetime());
    assert_block_ustring(p, l->profile_len, &p->Profile.LogonServer, L"");
    assert_int_equal(p->SessionKey.KeyType, s->key_type);
    assert_int_equal(p->SessionKey.Length, s->key_len);
    assert_true(inside(p, l->profile_len, p->SessionKey.Value, s->key_len));
    assert_memory_equal(p->SessionKey.Value, s->key, s->key_len);
    assert_non_null(l->token);
    assert_status(LsaGetLogonSessionData((PLUID)&l->id, &data), STATUS_SUCCESS);
    assert_ustring(&data->AuthenticationPackage, L"Kerberos");
    assert_ustring(&data->UserName, user);
    assert_ustring(&data->DnsDomainName, realm);
    assert_int_equal(data->LogonType, type);
    LsaFreeReturnBuffer(data);
}

/* ---- the tests, in order ---- */

static void test_prepare(void **state)
{
    (void)state;
    password_logon(user, password, &alice);
    password_logon(other_user, other_password, &other);
    fetch_set(alice.id, machine, &alice_set);
    fetch_set(other.id, machine, &other_set);
    encrypt_cred(&alice_set, alice_set.key_type, alice_set.key, &enc_cred_set);
}

/* The ticket and the clear KRB-CRED (offsets): alice's Network logon, whose cache holds her TGT and serves a TGS. */
static void test_logon_clear_tgt(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    logon_result l;
    call_result r;

    (void)state;
    ticket_logon(Network, build_ticket_logon(FALSE, 0, alice_set.ticket, alice_set.ticket_len, alice_set.cred,
                                             alice_set.cred_len, DIALECT_RELATIVE), &l);
    if (l.status != STATUS_SUCCESS)
        fail_msg("ticket logon: 0x%08lx", (unsigned long)l.status);
    check_alice_logon(&l, Network, &alice_set);
    assert_true(lists(l.id, krbtgt, user));
    if (!(t = retrieve(l.id, service, 0, &r)))
        fail_msg("TGS with the forwarded TGT: 0x%08lx", (unsigned long)r.protocol);
    assert_int_equal(t->ClientName->NameCount, 1);
    assert_block_ustring(r.buf, r.len, &t->ClientName->Names[0], user);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    assert_true(lists(l.id, service, user));
    release_logon(&l);
}

/* Submitted to Negotiate: the LSA hands a ticket logon to Kerberos alone, and the session says Kerberos. */
static void test_through_negotiate(void **state)
{
    LSA_STRING name = {9, 10, (PCHAR) "Negotiate"};
    ULONG negotiate = ~0u;
    logon_result l;

    (void)state;
    assert_status(LsaLookupAuthenticationPackage(trusted, &name, &negotiate), STATUS_SUCCESS);
    do_logon(trusted, negotiate, Network,
             buf, build_ticket_logon(FALSE, 0, alice_set.ticket, alice_set.ticket_len, alice_set.cred,
                                     alice_set.cred_len, DIALECT_ABSOLUTE), &l);
    if (l.status != STATUS_SUCCESS)
        fail_msg("ticket logon through Negotiate: 0x%08lx", (unsigned long)l.status);
    check_alice_logon(&l, Network, &alice_set);
    assert_true(lists(l.id, krbtgt, user));
    release_logon(&l);
}

/* The KRB-CRED encrypted in the ticket's session key (absolute addresses); then no KRB-CRED at all: a logon with no
 * TGT to get tickets with. */
static void test_logon_encrypted_tgt_and_none(void **state)
{
    logon_result l;
    call_result r;

    (void)state;
    ticket_logon(Network, build_ticket_logon(FALSE, 0, enc_cred_set.ticket, enc_cred_set.ticket_len,
                                             enc_cred_set.cred, enc_cred_set.cred_len, DIALECT_ABSOLUTE), &l);
    check_alice_logon(&l, Network, &alice_set);
    assert_true(lists(l.id, krbtgt, user));
    release_logon(&l);
    ticket_logon(Interactive, build_ticket_logon(FALSE, 0, alice_set.ticket, alice_set.ticket_len, NULL, 0,
                                                 DIALECT_ABSOLUTE), &l);
    check_alice_logon(&l, Interactive, &alice_set);
    assert_false(lists(l.id, krbtgt, user));
    assert_null(retrieve(l.id, service, 0, &r));
    release_logon(&l);
}

static void test_refusals(void **state)
{
    ticket_set s;
    BYTE wrong[32];
    ULONG len;

    (void)state;
    /* Tampered: one octet near the end of the ticket (its enc-part's ciphertext). */
    s = alice_set;
    s.ticket[s.ticket_len - 20] ^= 0x01;
    assert_refused(Network, build_ticket_logon(FALSE, 0, s.ticket, s.ticket_len, NULL, 0, DIALECT_ABSOLUTE),
                   STATUS_LOGON_FAILURE);
    /* Truncated: not a Ticket. Empty. */
    assert_refused(Network, build_ticket_logon(FALSE, 0, alice_set.ticket, alice_set.ticket_len / 2, NULL, 0,
                                               DIALECT_ABSOLUTE), STATUS_INVALID_PARAMETER);
    assert_refused(Network, build_ticket_logon(FALSE, 0, alice_set.ticket, 0, NULL, 0, DIALECT_ABSOLUTE),
                   STATUS_INVALID_PARAMETER);
    /* The ticket past the request's end; the request shorter than its structure. */
    len = build_ticket_logon(FALSE, 0, alice_set.ticket, alice_set.ticket_len, NULL, 0, DIALECT_RELATIVE);
    ((KERB_TICKET_LOGON *)buf)->ServiceTicketLength++;
    assert_refused(Network, len, STATUS_INVALID_PARAMETER);
    assert_refused(Network, sizeof(KERB_TICKET_LOGON) - 1, STATUS_INVALID_PARAMETER);
    /* Logon types: a ticket logon never for Unlock or Proxy; the unlock form only for Unlock. */
    len = build_ticket_logon(FALSE, 0, alice_set.ticket, alice_set.ticket_len, NULL, 0, DIALECT_ABSOLUTE);
    assert_refused(Unlock, len, STATUS_INVALID_LOGON_TYPE);
    assert_refused(Proxy, len, STATUS_INVALID_LOGON_TYPE);
    len = build_ticket_logon(TRUE, 0, alice_set.ticket, alice_set.ticket_len, NULL, 0, DIALECT_ABSOLUTE);
    assert_refused(Network, len, STATUS_INVALID_LOGON_TYPE);
    /* Another user's TGT with alice's ticket; her TGT under a key that is not the ticket's. */
    assert_refused(Network, build_ticket_logon(FALSE, 0, alice_set.ticket, alice_set.ticket_len, other_set.cred,
                                               other_set.cred_len, DIALECT_ABSOLUTE), STATUS_INVALID_PARAMETER);
    memcpy(wrong, alice_set.key, sizeof(wrong));
    wrong[0] ^= 1;
    encrypt_cred(&alice_set, alice_set.key_type, wrong, &s);
    assert_refused(Network, build_ticket_logon(FALSE, 0, s.ticket, s.ticket_len, s.cred, s.cred_len,
                                               DIALECT_ABSOLUTE), SEC_E_DECRYPT_FAILURE);
    /* A KRB-CRED that is not one. */
    assert_refused(Network, build_ticket_logon(FALSE, 0, alice_set.ticket, alice_set.ticket_len, alice_set.ticket,
                                               alice_set.ticket_len, DIALECT_ABSOLUTE), STATUS_INVALID_PARAMETER);
}

/* alice's ticket for another service (the fixture's LSAEMU_KDC_SERVICE): not the machine's. */
static void test_other_service(void **state)
{
    ticket_set s;

    (void)state;
    fetch_set(alice.id, service, &s);
    assert_refused(Network, build_ticket_logon(FALSE, 0, s.ticket, s.ticket_len, NULL, 0, DIALECT_ABSOLUTE),
                   SEC_E_WRONG_PRINCIPAL);
}

/* The unlock form, LogonType Unlock. */
static void test_unlock(void **state)
{
    logon_result l;

    (void)state;
    ticket_logon(Unlock, build_ticket_logon(TRUE, 0, alice_set.ticket, alice_set.ticket_len, alice_set.cred,
                                            alice_set.cred_len, DIALECT_RELATIVE), &l);
    check_alice_logon(&l, Unlock, &alice_set);
    release_logon(&l);
}

/* shortlife's tickets last 3 seconds: once ended (SkewTime 0) the ticket is refused, unless ALLOW_EXPIRED. */
static void test_expired(void **state)
{
    logon_result sl, l;
    ticket_set s;
    ULONG len;

    (void)state;
    password_logon(short_user, other_password, &sl);
    fetch_set(sl.id, machine, &s);
    len = build_ticket_logon(FALSE, 0, s.ticket, s.ticket_len, NULL, 0, DIALECT_ABSOLUTE);
    ticket_logon(Network, len, &l);
    assert_status(l.status, STATUS_SUCCESS); /* still within its 3 seconds */
    release_logon(&l);
    Sleep(4500);
    assert_refused(Network, len, STATUS_TIME_DIFFERENCE_AT_DC);
    ticket_logon(Network, build_ticket_logon(FALSE, KERB_LOGON_FLAG_ALLOW_EXPIRED_TICKET, s.ticket, s.ticket_len,
                                             NULL, 0, DIALECT_ABSOLUTE), &l);
    assert_status(l.status, STATUS_SUCCESS);
    release_logon(&l);
    release_logon(&sl);
}

/* No machine account: its keytab gone. Last, as it changes the package's configuration. */
static void test_no_machine_account(void **state)
{
    (void)state;
    assert_true(kdc_machine_set(machine, L"/nonexistent/lsaemu-machine.keytab"));
    assert_refused(Network, build_ticket_logon(FALSE, 0, alice_set.ticket, alice_set.ticket_len, NULL, 0,
                                               DIALECT_ABSOLUTE), STATUS_NO_TRUST_LSA_SECRET);
    assert_true(kdc_machine_set(machine, keytab));
}

/* MIT's ticket for the machine and alice's TGT forwarded by krb5_fwd_tgt_creds (encrypted in that ticket's session
 * key, as MIT sends it), from LSAEMU_MIT_TICKET_LOGON_DIR: ticket.der, cred.der. */
static BOOL read_unix_file(const char *dir, const char *name, BYTE *out, ULONG cap, ULONG *got)
{
    char path[1200];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (!(f = kdc_env_open(path)))
        return FALSE;
    *got = (ULONG)fread(out, 1, cap, f);
    fclose(f);
    return *got > 0 && *got < cap;
}

static void test_mit_made(void **state)
{
    char dir[1024];
    ticket_set s;
    logon_result l;

    (void)state;
    memset(&s, 0, sizeof(s));
    if (!GetEnvironmentVariableA("LSAEMU_MIT_TICKET_LOGON_DIR", dir, sizeof(dir)) ||
        !read_unix_file(dir, "ticket.der", s.ticket, sizeof(s.ticket), &s.ticket_len) ||
        !read_unix_file(dir, "cred.der", s.cred, sizeof(s.cred), &s.cred_len)) {
        print_message("no ticket from MIT (libkrb5 not found at build time): skipped\n");
        skip();
    }
    assert_int_equal(s.ticket[0], 0x61);
    assert_int_equal(s.cred[0], 0x76);
    ticket_logon(Network, build_ticket_logon(FALSE, 0, s.ticket, s.ticket_len, s.cred, s.cred_len,
                                             DIALECT_ABSOLUTE), &l);
    if (l.status != STATUS_SUCCESS)
        fail_msg("ticket logon with MIT's ticket: 0x%08lx", (unsigned long)l.status);
    assert_true(lists(l.id, krbtgt, user));
    release_logon(&l);
}

/* The machine's aes256 key from its keytab (the highest kvno). */
static BOOL machine_key(BYTE key[32], uint32_t *kvno)
{
    char path[1024];
    BYTE file[65536];
    kkt_keytab kt;
    size_t n;
    FILE *f;
    BOOL found = FALSE;

    if (!GetEnvironmentVariableA("LSAEMU_KDC_MACHINE_KEYTAB", path, sizeof(path)) || !(f = kdc_env_open(path)))
        return FALSE;
    n = fread(file, 1, sizeof(file), f);
    fclose(f);
    if (kkt_parse(file, n, &kt) != KKT_OK)
        return FALSE;
    for (size_t i = 0; i < kt.count; i++) {
        const kkt_entry *e = &kt.entries[i];
        if (e->enctype == 18 && e->key.length == 32 && e->principal.count == 2 && (!found || e->kvno > *kvno)) {
            memcpy(key, e->key.bytes, 32);
            *kvno = e->kvno;
            found = TRUE;
        }
    }
    kkt_free(&kt);
    SecureZeroMemory(file, sizeof(file));
    return found;
}

/* A ticket for the machine as the spec says, logged on with (flags), its status. */
static NTSTATUS made_ticket_logon(const tkt_spec *spec, ULONG flags)
{
    ticket_set s;
    logon_result l;
    size_t len;
    BYTE *der = tkt_build(kerb_bcrypt_primitives(), spec, &len);

    memset(&s, 0, sizeof(s));
    assert_true(len <= sizeof(s.ticket));
    memcpy(s.ticket, der, len);
    free(der);
    ticket_logon(Network, build_ticket_logon(FALSE, flags, s.ticket, (ULONG)len, NULL, 0, DIALECT_ABSOLUTE), &l);
    if (l.status == STATUS_SUCCESS) {
        const KERB_TICKET_PROFILE *p = l.profile;
        assert_int_equal(p->SessionKey.KeyType, spec->session_etype);
        assert_memory_equal(p->SessionKey.Value, spec->session_key, spec->session_key_len);
        release_logon(&l);
    } else {
        assert_logon_cleared(&l);
    }
    return l.status;
}

static void test_made_tickets(void **state)
{
    char machine_a[300], realm_a[256], user_a[256];
    BYTE key[32], session[32];
    uint32_t kvno = 0;
    LONGLONG now = (LONGLONG)time(NULL);
    tkt_spec spec;

    (void)state;
    assert_true(machine_key(key, &kvno));
    assert_true(BCryptGenRandom(NULL, session, sizeof(session), BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0);
    WideCharToMultiByte(CP_UTF8, 0, machine, -1, machine_a, sizeof(machine_a), NULL, NULL);
    WideCharToMultiByte(CP_UTF8, 0, realm, -1, realm_a, sizeof(realm_a), NULL, NULL);
    WideCharToMultiByte(CP_UTF8, 0, user, -1, user_a, sizeof(user_a), NULL, NULL);
    assert_non_null(strchr(machine_a, '/'));
    *strchr(machine_a, '/') = 0;
    spec = tkt_spec_default(key, session, now - 60);
    spec.realm = spec.crealm = realm_a;
    spec.service = machine_a;
    spec.host = machine_a + strlen(machine_a) + 1;
    spec.client = user_a;
    spec.kvno = kvno;
    assert_status(made_ticket_logon(&spec, 0), STATUS_SUCCESS);
    spec.with_address = 1; /* addresses are not checked: the logon has no client address to compare */
    assert_status(made_ticket_logon(&spec, 0), STATUS_SUCCESS);
    spec.with_address = 0;
    spec.starttime = now + 3600; /* not yet valid, whatever the flags */
    assert_status(made_ticket_logon(&spec, 0), STATUS_TIME_DIFFERENCE_AT_DC);
    assert_status(made_ticket_logon(&spec, KERB_LOGON_FLAG_ALLOW_EXPIRED_TICKET), STATUS_TIME_DIFFERENCE_AT_DC);
    spec.starttime = 0;
    spec.flags |= 0x01000000; /* INVALID: a postdated ticket not validated */
    assert_status(made_ticket_logon(&spec, KERB_LOGON_FLAG_ALLOW_EXPIRED_TICKET), STATUS_TIME_DIFFERENCE_AT_DC);
    spec.flags &= ~0x01000000u;
    spec.authtime = now - 7200; /* ended an hour ago */
    spec.endtime = now - 3600;
    assert_status(made_ticket_logon(&spec, 0), STATUS_TIME_DIFFERENCE_AT_DC);
    assert_status(made_ticket_logon(&spec, KERB_LOGON_FLAG_ALLOW_EXPIRED_TICKET), STATUS_SUCCESS);
    spec = tkt_spec_default(key, session, now - 60);
    spec.realm = spec.crealm = realm_a;
    spec.service = machine_a;
    spec.host = machine_a + strlen(machine_a) + 1;
    spec.client = user_a;
    spec.session_etype = 16; /* des3: not an enctype of ours */
    spec.session_key_len = 24;
    assert_status(made_ticket_logon(&spec, 0), SEC_E_ETYPE_NOT_SUPP);
    SecureZeroMemory(key, sizeof(key));
    SecureZeroMemory(session, sizeof(session));
}

static int setup(void **state)
{
    DWORD size = sizeof(old_skew), zero = 0;
    HKEY key;

    (void)state;
    trusted = connect_trusted();
    kerb = kerberos_id(trusted);
    swprintf(krbtgt, ARRAYSIZE(krbtgt), L"krbtgt/%ls", realm);
    /* The package finds the machine account through the registry (README "Machine account"), in every LSA. */
    assert_true(kdc_machine_set(machine, keytab));
    had_skew = RegGetValueW(HKEY_LOCAL_MACHINE, PARAMETERS_KEY, L"SkewTime", RRF_RT_REG_DWORD, NULL, &old_skew,
                            &size) == ERROR_SUCCESS;
    /* No clock skew, so that a 3-second ticket is seen to end seconds later (the fixture's lock keeps other
     * Kerberos tests from running meanwhile). */
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, PARAMETERS_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL))
        return -1;
    RegSetValueExW(key, L"SkewTime", 0, REG_DWORD, (const BYTE *)&zero, sizeof(zero));
    RegCloseKey(key);
    return kdc_realm_set(realm, address) ? 0 : -1;
}

static int teardown(void **state)
{
    HKEY key;

    (void)state;
    release_logon(&alice);
    release_logon(&other);
    kdc_realm_unset(realm);
    kdc_machine_unset();
    if (!RegOpenKeyExW(HKEY_LOCAL_MACHINE, PARAMETERS_KEY, 0, KEY_SET_VALUE, &key)) {
        if (had_skew)
            RegSetValueExW(key, L"SkewTime", 0, REG_DWORD, (const BYTE *)&old_skew, sizeof(old_skew));
        else
            RegDeleteValueW(key, L"SkewTime");
        RegCloseKey(key);
    }
    LsaDeregisterLogonProcess(trusted);
    SecureZeroMemory(&alice_set, sizeof(alice_set));
    SecureZeroMemory(&enc_cred_set, sizeof(enc_cred_set));
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prepare),           cmocka_unit_test(test_logon_clear_tgt),
        cmocka_unit_test(test_logon_encrypted_tgt_and_none), cmocka_unit_test(test_through_negotiate),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_other_service),     cmocka_unit_test(test_unlock),
        cmocka_unit_test(test_expired),           cmocka_unit_test(test_made_tickets),
        cmocka_unit_test(test_mit_made),
        cmocka_unit_test(test_no_machine_account),
    };
    const kdc_env_var vars[] = {
        KDC_ENV_LOGON_VARS(realm, address, user, password),
        KDC_ENV_VAR(L"LSAEMU_KDC_OTHER_PASSWORD", other_password),
        KDC_ENV_VAR(L"LSAEMU_KDC_SHORT_USER", short_user),
        KDC_ENV_VAR(L"LSAEMU_KDC_SERVICE", service),
        KDC_ENV_VAR(L"LSAEMU_KDC_MACHINE", machine),
        KDC_ENV_VAR(L"LSAEMU_KDC_MACHINE_KEYTAB", keytab),
    };

    if (!kdc_env_load_or_say_skip())
        return 77;
    if (!kdc_env_read(vars, ARRAYSIZE(vars)) || !kdc_env_other_user(other_user, ARRAYSIZE(other_user)))
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
