/* Renewal and expiry end to end through the LSA, against the fixture's KDC (lsaemu_kdc, tests/kdc/kdc.sh) and its
 * principal "shortlife", whose tickets last 3 seconds and are renewable for 8: a Kerberos logon; once its TGT has
 * ended, the next KerbRetrieveEncodedTicket works and the session's PRIMARY TGT (KerbQueryTicketCacheEx3) is a renewed
 * one (a new end, the same renew-till: only a renewal keeps it, since a new AS exchange starts a new one); a service
 * ticket past its end is not returned from the cache (USE_CACHE_ONLY: STATUS_OBJECT_NAME_NOT_FOUND); once the
 * renew-till has passed, the next retrieval works again with a TGT fetched with the kept key (a later renew-till).
 * The waits are the tickets' own times plus a little, never a bound on how long anything takes.
 * The logon's TGT and the renewed one, as KerbRetrieveTicketMessage returns them (ticket.der, session.hex, enctype:
 * judge_files.h), go to LSAEMU_RENEW_TICKETS_DIR/<transport>.<mode>/original and .../renewed, where
 * judge.renewed_tgt.<transport>.<mode> (tests/judge/judge_renewed_tgt.sh) opens both with the realm's krbtgt keys:
 * the renewed one keeps the original's authtime and renew-till, ends later, and holds the key the LSA reported.
 * Exits 77 (skipped) without the fixture. */
#include "test_packages_common.h"

#include "judge_files.h"

#include "kdc_env.h"
#include "kdc_realm.h"

#include <stdio.h>

static HANDLE trusted;
static ULONG kerb;
static WCHAR realm[256], address[300], user[256], password[256], service[300], krbtgt[300];
static logon_result session;
static BYTE buf[4096];
static LONGLONG first_end, first_renew; /* the logon's TGT */
static LONGLONG svc_end;                /* the service ticket fetched with the renewed TGT */
static char out_dir[1024];              /* the judge's folder (Unix path), empty when nothing is to be written */

typedef struct tgt_times {
    LONGLONG end, renew;
    ULONG flags, cache_flags;
} tgt_times;

/* Sleeps until a moment past filetime (a ticket's end): the KDC and the LSA read the same clock. */
static void wait_past(LONGLONG filetime)
{
    LONGLONG now = now_filetime();

    if (filetime >= now)
        Sleep((DWORD)((filetime - now) / 10000) + 1200);
}

static const KERB_EXTERNAL_TICKET *retrieve(const WCHAR *target, ULONG options, call_result *r)
{
    ULONG len = build_retrieve_in(buf, sizeof(buf), target, options, 0, 0, session.id, DIALECT_ABSOLUTE);

    do_call(trusted, kerb, buf, len, r);
    assert_status(r->status, STATUS_SUCCESS);
    if (r->protocol != STATUS_SUCCESS) {
        assert_no_return_buffer(r);
        return NULL;
    }
    assert_true(r->len >= sizeof(KERB_RETRIEVE_TKT_RESPONSE));
    return &((const KERB_RETRIEVE_TKT_RESPONSE *)r->buf)->Ticket;
}

static BOOL ustring_is(const UNICODE_STRING *s, const WCHAR *text)
{
    return s->Length == wcslen(text) * sizeof(WCHAR) && !memcmp(s->Buffer, text, s->Length);
}

/* The session's TGT as KerbQueryTicketCacheEx3 lists it. */
static tgt_times listed_tgt(void)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;
    const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *q;
    tgt_times t = {0};
    call_result r;
    ULONG i, found = 0;

    memset(&req, 0, sizeof(req));
    req.MessageType = KerbQueryTicketCacheEx3Message;
    req.LogonId = session.id;
    do_call(trusted, kerb, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    q = r.buf;
    assert_true(r.len >= offsetof(KERB_QUERY_TKT_CACHE_EX3_RESPONSE, Tickets) +
                             q->CountOfTickets * sizeof(KERB_TICKET_CACHE_INFO_EX3));
    for (i = 0; i < q->CountOfTickets; i++) {
        const KERB_TICKET_CACHE_INFO_EX3 *e = &q->Tickets[i];
        if (!ustring_is(&e->ServerName, krbtgt))
            continue;
        found++;
        t.end = e->EndTime.QuadPart;
        t.renew = e->RenewTime.QuadPart;
        t.flags = e->TicketFlags;
        t.cache_flags = e->CacheFlags;
    }
    assert_int_equal(found, 1); /* the new TGT replaced the old one */
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    return t;
}

/* The session's TGT as KerbRetrieveTicketMessage returns it (a trusted caller: with its session key), written to
 * out_dir/sub for the judge; its end as the LSA reported it. */
static LONGLONG write_tgt(const char *sub)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;
    const KERB_EXTERNAL_TICKET *t;
    LONGLONG end;
    call_result r;
    ULONG i, zero = 0;

    memset(&req, 0, sizeof(req));
    req.MessageType = KerbRetrieveTicketMessage;
    req.LogonId = session.id;
    do_call(trusted, kerb, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    assert_true(r.len >= sizeof(KERB_RETRIEVE_TKT_RESPONSE));
    t = &((const KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    assert_true(inside(r.buf, r.len, t->EncodedTicket, t->EncodedTicketSize));
    assert_true(inside(r.buf, r.len, t->SessionKey.Value, t->SessionKey.Length));
    for (i = 0; i < t->SessionKey.Length; i++)
        zero += t->SessionKey.Value[i] == 0;
    assert_true(t->SessionKey.Length && zero < t->SessionKey.Length); /* the key itself, not a hidden one */
    judge_write_ticket(out_dir, sub, t);
    end = t->EndTime.QuadPart;
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    return end;
}

static void check_service_ticket(const call_result *r, const KERB_EXTERNAL_TICKET *t)
{
    LONGLONG now = now_filetime();

    if (!t)
        fail_msg("%ls: ProtocolStatus 0x%08lx", service, (unsigned long)r->protocol);
    assert_true(inside(r->buf, r->len, t->EncodedTicket, t->EncodedTicketSize));
    assert_int_equal(t->EncodedTicket[0], 0x61); /* [APPLICATION 1] Ticket */
    assert_block_ustring(r->buf, r->len, &t->DomainName, realm);
    assert_true(t->StartTime.QuadPart <= now && now < t->EndTime.QuadPart);
}

static void test_logon(void **state)
{
    ULONG len = build_interactive_in(buf, sizeof(KERB_INTERACTIVE_LOGON), KerbInteractiveLogon, realm, user,
                                     password, DIALECT_ABSOLUTE);
    tgt_times t;

    (void)state;
    do_logon(trusted, kerb, Interactive, buf, len, &session);
    SecureZeroMemory(buf, sizeof(buf));
    if (session.status != STATUS_SUCCESS)
        fail_msg("logon: 0x%08lx sub 0x%08lx", (unsigned long)session.status, (unsigned long)session.sub);
    t = listed_tgt();
    assert_true(t.flags & KERB_TICKET_FLAGS_renewable);
    assert_int_equal(t.cache_flags, 0x1); /* KERB_TICKET_CACHE_PRIMARY_TGT */
    assert_true(t.renew > t.end); /* renewable beyond its end (kdc.sh: 3 s of life, 8 of renewal) */
    first_end = t.end;
    first_renew = t.renew;
    assert_true(write_tgt("original") == first_end);
}

/* Past the TGT's end, within its renew-till: the next retrieval renews it. */
static void test_renewed_after_end(void **state)
{
    const KERB_EXTERNAL_TICKET *k;
    call_result r;
    tgt_times t;

    (void)state;
    wait_past(first_end);
    k = retrieve(service, KERB_RETRIEVE_TICKET_DEFAULT, &r);
    check_service_ticket(&r, k);
    svc_end = k->EndTime.QuadPart;
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    t = listed_tgt();
    assert_true(t.end > first_end);
    assert_true(t.end <= first_renew);
    assert_true(t.renew == first_renew); /* renewed: the logon's renew-till (and authtime) kept */
    assert_true(t.flags & KERB_TICKET_FLAGS_renewable);
    assert_int_equal(t.cache_flags, 0x1); /* KERB_TICKET_CACHE_PRIMARY_TGT */
    assert_true(svc_end <= t.end); /* a service ticket never outlives its TGT */
    /* Renewed once more if it ended meanwhile (3 s of life): still a renewal of the logon's TGT. */
    assert_true(write_tgt("renewed") > first_end);
}

/* A service ticket past its end is not returned: USE_CACHE_ONLY finds nothing. */
static void test_expired_service_ticket(void **state)
{
    call_result r;

    (void)state;
    wait_past(svc_end);
    assert_null(retrieve(service, KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, &r));
    assert_status(r.protocol, STATUS_OBJECT_NAME_NOT_FOUND);
}

/* Past the renew-till: the next retrieval gets a TGT with the kept key, a new logon to the KDC (a later renew-till). */
static void test_refetched_after_renew_till(void **state)
{
    const KERB_EXTERNAL_TICKET *k;
    call_result r;
    tgt_times t;

    (void)state;
    wait_past(first_renew);
    k = retrieve(service, KERB_RETRIEVE_TICKET_DEFAULT, &r);
    check_service_ticket(&r, k);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    t = listed_tgt();
    assert_true(t.renew > first_renew);
    assert_true(t.end > now_filetime() - 10000000LL * 2); /* current (or ending just now), not the old one */
    assert_int_equal(t.cache_flags, 0x1); /* KERB_TICKET_CACHE_PRIMARY_TGT */
}

static int setup(void **state)
{
    static const char *const files[] = {"original/ticket.der", "original/session.hex", "original/enctype",
                                        "renewed/ticket.der",  "renewed/session.hex",  "renewed/enctype"};

    (void)state;
    judge_prepare("LSAEMU_RENEW_TICKETS_DIR", files, ARRAYSIZE(files), out_dir, sizeof(out_dir));
    trusted = connect_trusted();
    kerb = kerberos_id(trusted);
    swprintf(krbtgt, ARRAYSIZE(krbtgt), L"krbtgt/%ls", realm);
    return kdc_realm_set(realm, address) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    release_logon(&session);
    kdc_realm_unset(realm);
    LsaDeregisterLogonProcess(trusted);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logon),
        cmocka_unit_test(test_renewed_after_end),
        cmocka_unit_test(test_expired_service_ticket),
        cmocka_unit_test(test_refetched_after_renew_till),
    };
    const kdc_env_var vars[] = {
        KDC_ENV_VAR(L"LSAEMU_KDC_REALM", realm),
        KDC_ENV_VAR(L"LSAEMU_KDC_ADDRESS", address),
        KDC_ENV_VAR(L"LSAEMU_KDC_SHORT_USER", user),
        KDC_ENV_VAR(L"LSAEMU_KDC_OTHER_PASSWORD", password),
        KDC_ENV_VAR(L"LSAEMU_KDC_SERVICE", service),
    };

    if (!kdc_env_load_or_say_skip())
        return 77;
    if (!kdc_env_read(vars, ARRAYSIZE(vars)))
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
