/* The LSA connection and dispatch surface, as an unmodified Windows program sees it: linked against mingw's stock
 * libsecur32.a, run under Wine with our secur32.dll chosen by WINEDLLOVERRIDES. Windows' documented behaviour only. */
#include "test_common.h"

static void connect_untrusted_and_deregister(void **state)
{
    HANDLE h = (HANDLE)(ULONG_PTR)0xdeadbeef;
    (void)state;
    assert_status(LsaConnectUntrusted(&h), STATUS_SUCCESS);
    assert_non_null(h);
    assert_true(h != (HANDLE)(ULONG_PTR)0xdeadbeef);
    assert_status(LsaDeregisterLogonProcess(h), STATUS_SUCCESS);
    /* Already closed: the same value is now garbage. */
    assert_status(LsaDeregisterLogonProcess(h), STATUS_INVALID_HANDLE);
}

static void bad_handles_give_invalid_handle_everywhere(void **state)
{
    static const ULONG_PTR values[] = { 0, 1, 0x5, 0xdeadbeef, (ULONG_PTR)-1, 0x12345675 };
    HANDLE closed;
    LSA_STRING name;
    ULONG package = 0xdeadbeef;
    (void)state;
    assert_status(LsaConnectUntrusted(&closed), STATUS_SUCCESS);
    assert_status(LsaDeregisterLogonProcess(closed), STATUS_SUCCESS);
    init_lsa_string(&name, MICROSOFT_KERBEROS_NAME_A);
    for (size_t i = 0; i <= ARRAYSIZE(values); i++) {
        HANDLE h = i < ARRAYSIZE(values) ? (HANDLE)values[i] : closed;
        KERB_QUERY_TKT_CACHE_REQUEST q = { KerbQueryTicketCacheMessage, { 0, 0 } };
        PVOID ret = (PVOID)(ULONG_PTR)0xdeadbeef;
        ULONG ret_len = 0xdeadbeef;
        NTSTATUS proto = (NTSTATUS)0xdeadbeef;
        print_message("handle %p\n", h);
        assert_status(LsaLookupAuthenticationPackage(h, &name, &package), STATUS_INVALID_HANDLE);
        assert_status(LsaCallAuthenticationPackage(h, 2, &q, sizeof(q), &ret, &ret_len, &proto),
                      STATUS_INVALID_HANDLE);
        assert_null(ret);
        assert_int_equal(ret_len, 0);
        assert_status(proto, STATUS_SUCCESS);
        assert_status(LsaDeregisterLogonProcess(h), STATUS_INVALID_HANDLE);
    }
}

static void register_logon_process_needs_enabled_tcb(void **state)
{
    LSA_STRING name;
    HANDLE h = (HANDLE)(ULONG_PTR)0xdeadbeef;
    LSA_OPERATIONAL_MODE mode = 0xdeadbeef;
    (void)state;
    init_lsa_string(&name, "lsaemu-test");
    /* Wine's token holds SeTcbPrivilege disabled: a privilege check sees only enabled privileges. */
    assert_true(set_privilege(SE_TCB_NAME, FALSE));
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_PORT_CONNECTION_REFUSED);
    assert_null(h);
    assert_true(set_privilege(SE_TCB_NAME, TRUE));
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_SUCCESS);
    assert_non_null(h);
    assert_int_equal(mode, 0);
    assert_status(LsaDeregisterLogonProcess(h), STATUS_SUCCESS);
    assert_true(set_privilege(SE_TCB_NAME, FALSE));
}

static void register_logon_process_name_too_long(void **state)
{
    char long_name[200];
    LSA_STRING name;
    HANDLE h;
    LSA_OPERATIONAL_MODE mode;
    (void)state;
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = 0;
    init_lsa_string(&name, long_name);
    assert_true(set_privilege(SE_TCB_NAME, TRUE));
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_NAME_TOO_LONG);
    assert_true(set_privilege(SE_TCB_NAME, FALSE));
}

static void lookup_is_case_insensitive(void **state)
{
    static const struct { const char *name; ULONG id; } cases[] = {
        { "Negotiate", 0 },
        { "negotiate", 0 },
        { MSV1_0_PACKAGE_NAME, 1 },
        { "microsoft_authentication_package_v1_0", 1 },
        { MICROSOFT_KERBEROS_NAME_A, 2 },
        { "KERBEROS", 2 },
    };
    HANDLE h = connect_untrusted();
    (void)state;
    for (size_t i = 0; i < ARRAYSIZE(cases); i++) {
        LSA_STRING name;
        ULONG id = 0xdeadbeef;
        init_lsa_string(&name, cases[i].name);
        print_message("%s\n", cases[i].name);
        assert_status(LsaLookupAuthenticationPackage(h, &name, &id), STATUS_SUCCESS);
        assert_int_equal(id, cases[i].id);
    }
    LsaDeregisterLogonProcess(h);
}

static void lookup_unknown_and_too_long(void **state)
{
    HANDLE h = connect_untrusted();
    LSA_STRING name;
    ULONG id = 0xdeadbeef;
    char long_name[300];
    (void)state;
    init_lsa_string(&name, "NoSuchPackage");
    assert_status(LsaLookupAuthenticationPackage(h, &name, &id), STATUS_NO_SUCH_PACKAGE);
    init_lsa_string(&name, "Kerberos2");
    assert_status(LsaLookupAuthenticationPackage(h, &name, &id), STATUS_NO_SUCH_PACKAGE);
    init_lsa_string(&name, "");
    assert_status(LsaLookupAuthenticationPackage(h, &name, &id), STATUS_NO_SUCH_PACKAGE);
    memset(long_name, 'K', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = 0;
    init_lsa_string(&name, long_name);
    assert_status(LsaLookupAuthenticationPackage(h, &name, &id), STATUS_NAME_TOO_LONG);
    LsaDeregisterLogonProcess(h);
}

static void call_package_clears_outputs_and_checks_package_first(void **state)
{
    HANDLE h = connect_untrusted();
    PVOID ret = (PVOID)(ULONG_PTR)0xdeadbeef;
    ULONG ret_len = 0xdeadbeef;
    NTSTATUS proto = (NTSTATUS)0xdeadbeef;
    KERB_QUERY_TKT_CACHE_REQUEST q = { KerbQueryTicketCacheMessage, { 0, 0 } };
    (void)state;
    /* Unknown package id wins over a NULL buffer. */
    assert_status(LsaCallAuthenticationPackage(h, 0xdead, NULL, 0, &ret, &ret_len, &proto), STATUS_NO_SUCH_PACKAGE);
    assert_null(ret);
    assert_int_equal(ret_len, 0);
    assert_status(proto, STATUS_SUCCESS);
    ret = (PVOID)(ULONG_PTR)0xdeadbeef;
    assert_status(LsaCallAuthenticationPackage(h, 0xdead, &q, sizeof(q), &ret, &ret_len, &proto),
                  STATUS_NO_SUCH_PACKAGE);
    assert_null(ret);
    assert_status(LsaCallAuthenticationPackage(h, kerberos_id(h), NULL, 0, &ret, &ret_len, &proto),
                  STATUS_INVALID_PARAMETER);
    assert_status(LsaCallAuthenticationPackage(h, kerberos_id(h), NULL, sizeof(q), &ret, &ret_len, &proto),
                  STATUS_INVALID_PARAMETER);
    assert_status(LsaCallAuthenticationPackage(h, kerberos_id(h), &q, 0, &ret, &ret_len, &proto),
                  STATUS_INVALID_PARAMETER);
    /* A message the package cannot dispatch: the status, mirrored in ProtocolStatus, and no buffer. */
    ret = (PVOID)(ULONG_PTR)0xdeadbeef;
    proto = (NTSTATUS)0xdeadbeef;
    assert_status(LsaCallAuthenticationPackage(h, kerberos_id(h), &q, 2, &ret, &ret_len, &proto),
                  STATUS_INVALID_PARAMETER);
    assert_null(ret);
    assert_int_equal(ret_len, 0);
    assert_status(proto, STATUS_INVALID_PARAMETER);
    LsaDeregisterLogonProcess(h);
}

static void return_buffer_is_one_block_freed_once(void **state)
{
    HANDLE h = connect_untrusted();
    KERB_QUERY_TKT_CACHE_REQUEST q = { KerbQueryTicketCacheMessage, { 0, 0 } };
    KERB_QUERY_TKT_CACHE_RESPONSE *resp = NULL;
    ULONG len = 0;
    NTSTATUS proto = (NTSTATUS)0xdeadbeef;
    (void)state;
    assert_status(LsaCallAuthenticationPackage(h, kerberos_id(h), &q, sizeof(q), (PVOID *)&resp, &len, &proto),
                  STATUS_SUCCESS);
    assert_status(proto, STATUS_SUCCESS);
    assert_non_null(resp);
    assert_true(len >= FIELD_OFFSET(KERB_QUERY_TKT_CACHE_RESPONSE, Tickets));
    assert_int_equal(resp->MessageType, KerbQueryTicketCacheMessage);
    assert_int_equal(resp->CountOfTickets, 0);
    assert_status(LsaFreeReturnBuffer(resp), STATUS_SUCCESS);
    /* A second free, or an address the LSA never handed out, is refused rather than corrupting the heap. */
    assert_status(LsaFreeReturnBuffer(resp), STATUS_MEMORY_NOT_ALLOCATED);
    assert_status(LsaFreeReturnBuffer(&q), STATUS_MEMORY_NOT_ALLOCATED);
    assert_status(LsaFreeReturnBuffer((PVOID)1), STATUS_MEMORY_NOT_ALLOCATED);
    assert_status(LsaFreeReturnBuffer((PVOID)((ULONG_PTR)&q + 1)), STATUS_MEMORY_NOT_ALLOCATED);
    assert_status(LsaFreeReturnBuffer(NULL), STATUS_INVALID_PARAMETER);
    LsaDeregisterLogonProcess(h);
}

static void policy_notifications(void **state)
{
    HANDLE event = CreateEventW(NULL, FALSE, FALSE, NULL);
    (void)state;
    assert_status(LsaRegisterPolicyChangeNotification(PolicyNotifyAuditEventsInformation, event), STATUS_SUCCESS);
    assert_status(LsaUnregisterPolicyChangeNotification(PolicyNotifyAuditEventsInformation, event), STATUS_SUCCESS);
    assert_status(LsaUnregisterPolicyChangeNotification(PolicyNotifyAuditEventsInformation, event),
                  STATUS_NOT_FOUND);
    assert_status(LsaRegisterPolicyChangeNotification((POLICY_NOTIFICATION_INFORMATION_CLASS)0, event),
                  STATUS_INVALID_PARAMETER);
    assert_status(LsaRegisterPolicyChangeNotification(PolicyNotifyMax, event), STATUS_INVALID_PARAMETER);
    assert_status(LsaRegisterPolicyChangeNotification(PolicyNotifyAuditEventsInformation, NULL),
                  STATUS_INVALID_HANDLE);
    CloseHandle(event);
}

static void sessions_unknown_id(void **state)
{
    LUID none = { 0x7fffffff, 0x7fffffff };
    PSECURITY_LOGON_SESSION_DATA data = (PSECURITY_LOGON_SESSION_DATA)(ULONG_PTR)0xdeadbeef;
    (void)state;
    assert_status(LsaGetLogonSessionData(&none, &data), STATUS_NO_SUCH_LOGON_SESSION);
    assert_null(data);
    assert_status(LsaGetLogonSessionData(NULL, &data), STATUS_INVALID_PARAMETER);
}

/* ---- concurrency: many threads, one handle or many ---------------------------------------------------------- */

#define THREADS 16
#define ROUNDS 200

static HANDLE shared_handle;
static volatile LONG failures;

static DWORD WINAPI hammer(void *arg)
{
    BOOL own = (ULONG_PTR)arg & 1;
    for (int i = 0; i < ROUNDS; i++) {
        HANDLE h = shared_handle;
        LSA_STRING name;
        ULONG id = 0xdeadbeef;
        KERB_QUERY_TKT_CACHE_REQUEST q = { KerbQueryTicketCacheMessage, { 0, 0 } };
        KERB_QUERY_TKT_CACHE_RESPONSE *resp = NULL;
        ULONG len = 0;
        NTSTATUS proto;
        if (own && LsaConnectUntrusted(&h) != STATUS_SUCCESS) {
            InterlockedIncrement(&failures);
            continue;
        }
        init_lsa_string(&name, (i & 1) ? "kerberos" : MSV1_0_PACKAGE_NAME);
        if (LsaLookupAuthenticationPackage(h, &name, &id) != STATUS_SUCCESS || id != ((i & 1) ? 2u : 1u))
            InterlockedIncrement(&failures);
        if (LsaCallAuthenticationPackage(h, 2, &q, sizeof(q), (PVOID *)&resp, &len, &proto) != STATUS_SUCCESS ||
            proto != STATUS_SUCCESS || !resp || resp->MessageType != KerbQueryTicketCacheMessage)
            InterlockedIncrement(&failures);
        if (resp && LsaFreeReturnBuffer(resp) != STATUS_SUCCESS)
            InterlockedIncrement(&failures);
        if (own && LsaDeregisterLogonProcess(h) != STATUS_SUCCESS)
            InterlockedIncrement(&failures);
    }
    return 0;
}

static void concurrent_calls(void **state)
{
    HANDLE threads[THREADS];
    (void)state;
    shared_handle = connect_untrusted();
    failures = 0;
    for (ULONG_PTR i = 0; i < THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, hammer, (void *)i, 0, NULL);
        assert_non_null(threads[i]);
    }
    assert_int_equal(WaitForMultipleObjects(THREADS, threads, TRUE, 120000), WAIT_OBJECT_0);
    for (int i = 0; i < THREADS; i++)
        CloseHandle(threads[i]);
    assert_int_equal(failures, 0);
    assert_status(LsaDeregisterLogonProcess(shared_handle), STATUS_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(connect_untrusted_and_deregister),
        cmocka_unit_test(bad_handles_give_invalid_handle_everywhere),
        cmocka_unit_test(register_logon_process_needs_enabled_tcb),
        cmocka_unit_test(register_logon_process_name_too_long),
        cmocka_unit_test(lookup_is_case_insensitive),
        cmocka_unit_test(lookup_unknown_and_too_long),
        cmocka_unit_test(call_package_clears_outputs_and_checks_package_first),
        cmocka_unit_test(return_buffer_is_one_block_freed_once),
        cmocka_unit_test(policy_notifications),
        cmocka_unit_test(sessions_unknown_id),
        cmocka_unit_test(concurrent_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
