/* Sessions of our own: the Kerberos package linked directly, with a fake LSA function table, so that
 * kerb_cache_start_session (which a Kerberos logon calls) can be given a TGT taken from tests/data/krb5/real.ccache.
 * The messages then answer from the session's cache (and never from the host's file, which KRB5CCNAME also names
 * here): Ex3's CacheFlags and KdcCalled, the TGT's key for trusted callers only, stored service tickets, purges, the
 * kept key, refetches that find no KDC, the kept key replaced after a password change, and the session's end. */
#include "test_kerberos_pkg.h"

static int setup(void **state)
{
    char path[MAX_PATH], env[MAX_PATH + 8];

    (void)state;
    pkg_test_setup(path, sizeof(path));
    /* The host's file names the same tickets: a session of ours must not show them. */
    snprintf(env, sizeof(env), "FILE:%s", path);
    SetEnvironmentVariableA("KRB5CCNAME", env);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pkg_test_teardown();
    return 0;
}

/* Ex3 of a session of ours: the TGT is PRIMARY and names the KDC that answered the logon; a stored service ticket
 * names its own KDC; the host's file (which KRB5CCNAME names) is not what the session shows. */
static void test_query_session(void **state)
{
    const KERB_TICKET_CACHE_INFO_EX3 *e;
    kerb_cred_info info = {"kdc2.lsaemu.test:88", 0};
    result r;

    (void)state;
    query(TRUE, KerbQueryTicketCacheEx3Message, session, &r);
    e = entries(&r, 1);
    assert_ustring(&e[0].ClientName, L"alice");
    assert_ustring(&e[0].ServerName, L"krbtgt/LSAEMU.TEST");
    assert_int_equal(e[0].CacheFlags, KERB_CACHE_FLAG_PRIMARY);
    assert_ustring(&e[0].KdcCalled, L"" KDC_NAME);
    assert_int_equal(e[0].SessionKeyType, AES256);
    assert_int_equal(e[0].EncryptionType, AES256);
    done(&r);

    assert_int_equal(kerb_cache_store(&session, svc, &info), STATUS_SUCCESS);
    assert_int_equal(kerb_cache_store(&session, svc, &info), STATUS_SUCCESS); /* replaces, does not add */
    query(TRUE, KerbQueryTicketCacheEx3Message, session, &r);
    e = entries(&r, 2);
    assert_ustring(&e[1].ServerName, L"host/svc.lsaemu.test");
    assert_int_equal(e[1].CacheFlags, 0);
    assert_ustring(&e[1].KdcCalled, L"kdc2.lsaemu.test"); /* the default port is not shown, as on Windows */
    done(&r);

    /* The caller in that session, untrusted, LogonId 0: the session's cache, not the host's file. */
    caller = session;
    query(FALSE, KerbQueryTicketCacheExMessage, (LUID){0, 0}, &r);
    assert_int_equal(((KERB_QUERY_TKT_CACHE_EX_RESPONSE *)r.buf)->CountOfTickets, 2);
    done(&r);
    /* A known session without a Kerberos logon: empty, and not the host's file either (it is not the caller's). */
    caller.LowPart = 0x999;
    query(TRUE, KerbQueryTicketCacheMessage, other_known, &r);
    assert_int_equal(((KERB_QUERY_TKT_CACHE_RESPONSE *)r.buf)->CountOfTickets, 0);
    done(&r);
    assert_int_equal(kerb_cache_store(&other_known, svc, &info), STATUS_NOT_FOUND);
}

static void test_retrieve_from_session(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    kerb_cred_info info = {"", 0};
    BYTE buf[512];
    BYTE zeros[32] = {0};
    result r;

    (void)state;
    query(TRUE, KerbRetrieveTicketMessage, session, &r);
    assert_int_equal(r.protocol, STATUS_SUCCESS);
    t = &((KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    assert_int_equal(t->EncodedTicketSize, tgt->ticket.length);
    assert_memory_equal(t->EncodedTicket, tgt->ticket.bytes, tgt->ticket.length);
    assert_int_equal(t->SessionKey.Length, 32);
    assert_memory_equal(t->SessionKey.Value, tgt->key.bytes, 32);
    done(&r);
    /* The session's own untrusted caller: the TGT's key is hidden (AllowTgtSessionKey is not set). */
    caller = session;
    query(FALSE, KerbRetrieveTicketMessage, (LUID){0, 0}, &r); /* LogonId 0: its own session */
    assert_int_equal(r.protocol, STATUS_SUCCESS);
    t = &((KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    assert_int_equal(t->SessionKey.KeyType, AES256);
    assert_int_equal(t->SessionKey.Length, 32);
    assert_memory_equal(t->SessionKey.Value, zeros, 32);
    done(&r);
    caller.LowPart = 0x999;

    assert_int_equal(kerb_cache_store(&session, svc, &info), STATUS_SUCCESS);
    call(TRUE, buf, retrieve_request(buf, L"host/svc.lsaemu.test", KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, session),
         &r);
    assert_int_equal(r.protocol, STATUS_SUCCESS);
    t = &((KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    assert_int_equal(t->EncodedTicketSize, svc->ticket.length);
    assert_memory_equal(t->EncodedTicket, svc->ticket.bytes, svc->ticket.length);
    assert_memory_equal(t->SessionKey.Value, svc->key.bytes, 32);
    done(&r);
    /* Not cached: the KDC of the session's realm is asked, and none answers. */
    call(TRUE, buf, retrieve_request(buf, L"host/other.lsaemu.test", 0, session), &r);
    assert_int_equal(r.status, STATUS_SUCCESS);
    assert_int_equal(r.protocol, STATUS_NO_LOGON_SERVERS);
    assert_null(r.buf);
}

/* Purges, then the kept key: with no TGT left a fetch first asks for a new TGT with the key, and no KDC answers. */
static void test_purge_and_kept_key(void **state)
{
    kerb_cred_info info = {"", 0};
    kerb_logon_state s;
    BYTE buf[512];
    result r;

    (void)state;
    assert_int_equal(kerb_cache_store(&session, svc, &info), STATUS_SUCCESS);
    purge_all(session, &r);
    assert_int_equal(r.protocol, STATUS_SUCCESS);
    query(TRUE, KerbQueryTicketCacheMessage, session, &r);
    assert_int_equal(((KERB_QUERY_TKT_CACHE_RESPONSE *)r.buf)->CountOfTickets, 0);
    done(&r);
    /* Both ask for a new TGT with the kept key first; no KDC answers at the realm's address. */
    query(TRUE, KerbRetrieveTicketMessage, session, &r);
    assert_int_equal(r.protocol, STATUS_NO_LOGON_SERVERS);
    assert_null(r.buf);
    call(TRUE, buf, retrieve_request(buf, L"host/svc.lsaemu.test", 0, session), &r);
    assert_int_equal(r.protocol, STATUS_NO_LOGON_SERVERS);

    /* The purge took tickets, not the logon's state. */
    assert_int_equal(kerb_cache_logon_state(&session, &s), STATUS_SUCCESS);
    assert_string_equal(s.realm.realm, "LSAEMU.TEST");
    assert_int_equal(s.key_enctype, AES256);
    assert_int_equal(s.key_len, 32);
    assert_int_equal(s.key[0], 0x11);
    assert_true(kcc_principal_equal(&s.user, &tgt->client));
    kerb_logon_state_free(&s);
}

/* After a password change (kerb_newkey.c): every session of the user gets the new key, the old one wiped; another
 * user's session and a session without a kept key (submitted tickets) stay as they were. */
static void test_update_key(void **state)
{
    static const LUID second = {0x6001, 0}, imported = {0x6002, 0};
    static const char *const nobody_name[1] = {"nobody"};
    uint8_t key[KERB_MAX_LONG_TERM_KEY + 8];
    kcc_principal nobody, shouted;
    kcc_cache one = {0};
    kerb_logon_state s;
    kerb_tgt_result r;
    const LUID *updated[2] = {&session, &second};
    size_t i;

    (void)state;
    make_logon(&r);
    assert_int_equal(kerb_cache_start_session(&second, &realm, &r), STATUS_SUCCESS);
    kerb_tgt_result_free(&r);
    assert_int_equal(kcc_add_cred(&one, tgt), KCC_OK);
    assert_int_equal(kerb_cache_import(&imported, &realm, &one), STATUS_SUCCESS);
    kcc_cache_free(&one);
    memset(&nobody, 0, sizeof(nobody));
    assert_int_equal(kcc_principal_set(&nobody, 1, "LSAEMU.TEST", 1, nobody_name), KCC_OK);
    memset(&shouted, 0, sizeof(shouted));
    assert_int_equal(kcc_principal_copy(&shouted, &tgt->client), KCC_OK);
    for (i = 0; i < shouted.components[0].length; i++)
        if (shouted.components[0].bytes[i] >= 'a' && shouted.components[0].bytes[i] <= 'z')
            shouted.components[0].bytes[i] = (uint8_t)(shouted.components[0].bytes[i] - 'a' + 'A');

    assert_true(kerb_cache_has_user(&tgt->client));
    assert_true(kerb_cache_has_user(&shouted)); /* the cheap question ignores case */
    assert_false(kerb_cache_has_user(&nobody));
    memset(key, 0x22, sizeof(key));
    assert_int_equal(kerb_cache_update_key(&nobody, 17, key, 16), 0);
    assert_int_equal(kerb_cache_update_key(&tgt->client, 17, key, KERB_MAX_LONG_TERM_KEY + 1), 0);
    assert_int_equal(kerb_cache_update_key(&tgt->client, 17, key, 16), 2);
    for (i = 0; i < 2; i++) {
        assert_int_equal(kerb_cache_logon_state(updated[i], &s), STATUS_SUCCESS);
        assert_int_equal(s.key_enctype, 17);
        assert_int_equal(s.key_len, 16);
        assert_int_equal(s.key[0], 0x22);
        assert_int_equal(s.key[15], 0x22);
        assert_int_equal(s.key[16], 0); /* the rest of the old 32-byte key wiped */
        assert_int_equal(s.key[31], 0);
        kerb_logon_state_free(&s);
    }
    assert_int_equal(kerb_cache_logon_state(&imported, &s), STATUS_SUCCESS);
    assert_int_equal(s.key_len, 0);
    kerb_logon_state_free(&s);
    kcc_principal_free(&nobody);
    kcc_principal_free(&shouted);
    kerb_cache_drop_session(&second);
    kerb_cache_drop_session(&imported);
}

/* A new logon for the same session replaces its cache; the session's end forgets everything. */
static void test_restart_and_end(void **state)
{
    kerb_cred_info info = {"", 0};
    kerb_logon_state s;
    kerb_tgt_result r;
    result q;

    (void)state;
    assert_int_equal(kerb_cache_store(&session, svc, &info), STATUS_SUCCESS);
    make_logon(&r);
    assert_int_equal(kerb_cache_start_session(&session, &realm, &r), STATUS_SUCCESS);
    r.key_len = KERB_MAX_LONG_TERM_KEY + 1;
    assert_int_equal(kerb_cache_start_session(&other_known, &realm, &r), STATUS_INVALID_PARAMETER);
    assert_false(kerb_cache_has_session(&other_known));
    r.key_len = 32;
    kerb_tgt_result_free(&r);
    query(TRUE, KerbQueryTicketCacheMessage, session, &q);
    assert_int_equal(((KERB_QUERY_TKT_CACHE_RESPONSE *)q.buf)->CountOfTickets, 1);
    done(&q);

    kerb_logon_terminated((PLUID)&session);
    assert_false(kerb_cache_has_session(&session));
    assert_int_equal(kerb_cache_logon_state(&session, &s), STATUS_NOT_FOUND);
    query(TRUE, KerbQueryTicketCacheMessage, session, &q);
    assert_int_equal(((KERB_QUERY_TKT_CACHE_RESPONSE *)q.buf)->CountOfTickets, 0);
    done(&q);
}

/* A service ticket fetched for the caller's own session, which shows the host's file, goes into that file as
 * MIT's kvno puts it: appended, an older one for the same server replaced, everything else kept. */
static void test_host_file_gets_new_ticket(void **state)
{
    const char *work = getenv("LSAEMU_KCACHE_WORK");
    kerb_cred_info info = {"", 0};
    char path[MAX_PATH], env[MAX_PATH + 8];
    kcc_cache start, after;
    kerb_source src;
    size_t i;

    (void)state;
    assert_non_null(work);
    CreateDirectoryA(work, NULL);
    snprintf(path, sizeof(path), "%s/krb5cc_sessions_%lu", work, (unsigned long)GetCurrentProcessId());
    memset(&start, 0, sizeof(start));
    /* The file holds the TGT and the configuration entries, not the service ticket yet. */
    start.version = KCC_VERSION_4;
    assert_int_equal(kcc_principal_copy(&start.default_principal, &real.default_principal), KCC_OK);
    for (i = 0; i < real.cred_count; i++)
        if (&real.creds[i] != svc)
            assert_int_equal(kcc_add_cred(&start, &real.creds[i]), KCC_OK);
    kcc_file_write(path, &start);
    snprintf(env, sizeof(env), "FILE:%s", path);
    SetEnvironmentVariableA("KRB5CCNAME", env);

    kerb_source_for(&caller, TRUE, &src);
    assert_true(src.host);
    assert_int_equal(kerb_source_store(&src, svc, &info), STATUS_SUCCESS);
    assert_int_equal(kerb_source_store(&src, svc, &info), STATUS_SUCCESS);
    kcc_file_load(path, &after);
    assert_int_equal(after.cred_count, start.cred_count + 1);
    assert_true(kcc_principal_equal(&after.creds[after.cred_count - 1].server, &svc->server));
    assert_int_equal(after.creds[after.cred_count - 1].ticket.length, svc->ticket.length);
    assert_memory_equal(after.creds[after.cred_count - 1].ticket.bytes, svc->ticket.bytes, svc->ticket.length);
    assert_int_equal(kcc_file_config_count(&after), kcc_file_config_count(&start));
    assert_true(kcc_principal_equal(&after.default_principal, &start.default_principal));
    kcc_cache_free(&after);
    kcc_cache_free(&start);

    /* No file: nothing is created for a ticket. */
    DeleteFileA(path);
    assert_int_equal(kerb_source_store(&src, svc, &info), STATUS_SUCCESS);
    assert_int_equal(GetFileAttributesA(path), INVALID_FILE_ATTRIBUTES);
}

/* TargetName parsing: components split at '/', the realm after the last unescaped '@', '\\' escaping the next
 * character, the session's realm when none is given; refusals for what cannot name a principal. */
static void test_target_names(void **state)
{
    static const struct {
        const WCHAR *text;
        uint32_t type;
        const char *realm, *c0, *c1, *c2;
    } good[] = {
        {L"host/svc.lsaemu.test", KERB_NT_SRV_INST, "DEF.REALM", "host", "svc.lsaemu.test", NULL},
        {L"host/svc.lsaemu.test@LSAEMU.TEST", KERB_NT_SRV_INST, "LSAEMU.TEST", "host", "svc.lsaemu.test", NULL},
        {L"alice", KERB_NT_PRINCIPAL, "DEF.REALM", "alice", NULL, NULL},
        {L"alice@user.example@LSAEMU.TEST", KERB_NT_PRINCIPAL, "LSAEMU.TEST", "alice@user.example", NULL, NULL},
        {L"a\\/b/c", KERB_NT_SRV_INST, "DEF.REALM", "a/b", "c", NULL},
        {L"a\\@b", KERB_NT_PRINCIPAL, "DEF.REALM", "a@b", NULL, NULL},
        {L"a\\\\b", KERB_NT_PRINCIPAL, "DEF.REALM", "a\\b", NULL, NULL},
        {L"HTTP/web.example.com:8080/extra@R", KERB_NT_SRV_INST, "R", "HTTP", "web.example.com:8080", "extra"},
        {L"s\u00e9rvice/h\u00f4te", KERB_NT_SRV_INST, "DEF.REALM", "s\xc3\xa9rvice", "h\xc3\xb4te", NULL},
    };
    static const WCHAR *const bad[] = {L"", L"/", L"host/", L"/host", L"a//b", L"host/x@", L"@R", L"a\\",
                                       L"\xd800x"};
    const char *want[3];
    kcc_principal p;
    size_t i;
    uint32_t j;

    (void)state;
    for (i = 0; i < ARRAYSIZE(good); i++) {
        assert_int_equal(kerb_name_parse(good[i].text, wcslen(good[i].text), "DEF.REALM", &p), STATUS_SUCCESS);
        want[0] = good[i].c0;
        want[1] = good[i].c1;
        want[2] = good[i].c2;
        assert_int_equal(p.name_type, good[i].type);
        assert_int_equal(p.realm.length, strlen(good[i].realm));
        assert_memory_equal(p.realm.bytes, good[i].realm, p.realm.length);
        for (j = 0; j < 3 && want[j]; j++) {
            assert_true(j < p.count);
            assert_int_equal(p.components[j].length, strlen(want[j]));
            assert_memory_equal(p.components[j].bytes, want[j], p.components[j].length);
        }
        assert_int_equal(p.count, j);
        kcc_principal_free(&p);
    }
    for (i = 0; i < ARRAYSIZE(bad); i++) {
        if (kerb_name_parse(bad[i], wcslen(bad[i]), "DEF.REALM", &p) != STATUS_INVALID_PARAMETER)
            fail_msg("\"%ls\" was accepted", bad[i]);
        assert_int_equal(p.count, 0);
    }
    /* Without a default realm the name stands, with an empty realm that names no ticket. */
    assert_int_equal(kerb_name_parse(L"host/x", 6, NULL, &p), STATUS_SUCCESS);
    assert_int_equal(p.realm.length, 0);
    kcc_principal_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_query_session, start),
        cmocka_unit_test_setup(test_retrieve_from_session, start),
        cmocka_unit_test_setup(test_purge_and_kept_key, start),
        cmocka_unit_test_setup(test_update_key, start),
        cmocka_unit_test_setup(test_restart_and_end, start),
        cmocka_unit_test(test_host_file_gets_new_ticket),
        cmocka_unit_test(test_target_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
