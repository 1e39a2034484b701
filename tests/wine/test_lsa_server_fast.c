/* The server transport's fast channel (LSAEMU_TRANSPORT=server): requests and replies through a section shared with
 * the server and two events, the pipe kept for what does not fit (transport_server_internal.h, "The fast channel").
 *
 * A logon whose submit buffer is larger than the channel's request area goes over the pipe of a connection that has
 * the channel, and its profile still comes back placed. Registered twice: as is, and with
 * LSAEMU_SERVER_FAST_REPLY_MAX=64, so every reply comes over the pipe instead of the channel. On raw connections: the
 * channel is given once per connection; a request whose length breaks the layout ends that connection (the server's
 * own end says so in the channel, so a waiting client wakes), and the server serves others on. */
#include "test_msv1_0_fixture.h"
#include "lsa_server_raw.h"

#define FAST_OPEN_REPLY 32u
#define FAST_MAGIC 0x5346534Cu
#define FAST_HEADER 64u
#define FAST_REQUEST (8u * 1024u)
#define FAST_GONE 0xFFFFFFFEu

static BYTE alice[4096];
static ULONG alice_len;

static int setup(void **state)
{
    alice_len = build_interactive(alice, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
    return msv1_0_setup(state);
}

static void small_and_large_logons(void **state)
{
    static BYTE big[20 * 1024];
    logon_result r;
    ULONG len;
    (void)state;
    for (int i = 0; i < 3; i++) {
        do_logon(lsa, msv, Interactive, alice, alice_len, &r);
        assert_status(r.status, STATUS_SUCCESS);
        assert_true(HeapValidate(GetProcessHeap(), 0, r.profile));
        release_logon(&r);
    }
    /* The strings at the end of a submit buffer larger than the channel's request area. */
    len = build_interactive_in(big, sizeof(big) - 600, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123",
                               DIALECT_ABSOLUTE);
    assert_true(len > FAST_REQUEST);
    do_logon(lsa, msv, Interactive, big, len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_true(HeapValidate(GetProcessHeap(), 0, r.profile));
    assert_block_ustring(r.profile, r.profile_len, &((MSV1_0_INTERACTIVE_PROFILE *)r.profile)->FullName,
                         L"Alice Example");
    release_logon(&r);
}

typedef struct raw_fast {
    HANDLE pipe, section, request, reply;
    BYTE *view;
} raw_fast;

/* Ask for the channel on a raw connection, as the client transport does. */
static BOOL raw_fast_open(HANDLE pipe, raw_fast *f)
{
    BYTE ask[RAW_PREFIX] = { 0 }, answer[FAST_OPEN_REPLY];
    DWORD got = 0, magic;
    memset(f, 0, sizeof(*f));
    f->pipe = pipe;
    raw_put32(ask + 4, 0xFFFFFFFFu);
    if (!TransactNamedPipe(pipe, ask, sizeof(ask), answer, sizeof(answer), &got, NULL) || got != sizeof(answer))
        return FALSE;
    magic = raw_get32(answer);
    if (magic != FAST_MAGIC)
        return FALSE;
    memcpy(&f->section, answer + 8, sizeof(HANDLE));
    memcpy(&f->request, answer + 16, sizeof(HANDLE));
    memcpy(&f->reply, answer + 24, sizeof(HANDLE));
    f->view = MapViewOfFile(f->section, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, 0);
    return f->view != NULL;
}

static void raw_fast_close(raw_fast *f)
{
    UnmapViewOfFile(f->view);
    CloseHandle(f->section);
    CloseHandle(f->request);
    CloseHandle(f->reply);
}

static void channel_once_per_connection(void **state)
{
    raw_fast f, again;
    HANDLE pipe;
    (void)state;
    assert_non_null(pipe = open_server_pipe());
    assert_true(raw_fast_open(pipe, &f));
    assert_false(raw_fast_open(pipe, &again)); /* magic 0: the connection has its channel */
    raw_fast_close(&f);
    CloseHandle(pipe);
}

/* A length past the request area: the server ends that connection, telling a waiting client through the channel,
 * and serves the next one. */
static void broken_length_ends_only_that_connection(void **state)
{
    raw_fast f;
    HANDLE pipe, h;
    BYTE byte;
    DWORD got;
    (void)state;
    assert_non_null(pipe = open_server_pipe());
    assert_true(raw_fast_open(pipe, &f));
    raw_put32(f.view, FAST_REQUEST + 1);
    assert_true(SetEvent(f.request));
    assert_int_equal(WaitForSingleObject(f.reply, 10000), WAIT_OBJECT_0);
    assert_int_equal(raw_get32(f.view + 4), FAST_GONE);
    assert_false(ReadFile(pipe, &byte, 1, &got, NULL)); /* the server closed its end */
    raw_fast_close(&f);
    CloseHandle(pipe);
    h = connect_untrusted();
    assert_status(LsaDeregisterLogonProcess(h), STATUS_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_and_large_logons),
        cmocka_unit_test(channel_once_per_connection),
        cmocka_unit_test(broken_length_ends_only_that_connection),
    };
    if (!lsaemu_loaded())
        return 77;
    return cmocka_run_group_tests(tests, setup, msv1_0_teardown);
}
