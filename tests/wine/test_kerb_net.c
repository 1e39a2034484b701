/* The Kerberos package's KDC exchange (kerb_net.c), linked directly and run under Wine: UDP and TCP against peers
 * this program runs on loopback (exact bytes each way, malformed and oversized TCP frames, silence, refusal), and
 * against MIT's KDC from the shared fixture, found through the realm lookup (kerb_config.c) and the fixture's
 * krb5.conf (an AS-REQ without pre-authentication is answered, over UDP and TCP, with KRB-ERROR
 * KDC_ERR_PREAUTH_REQUIRED). Timings are printed, not asserted. */
#define WIN32_NO_STATUS
#include <winsock2.h>
#include <ws2tcpip.h>
#undef WIN32_NO_STATUS

#include "pkg_win.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kerb_config.h"
#include "kerb_net.h"
#include "krb5_asn1.h"

#define SHORT_TIMEOUT_MS 300

typedef enum {
    PEER_ECHO,       /* answers with the request reversed (so a reply is not mistaken for the request) */
    PEER_SILENT,     /* reads, never answers */
    PEER_CLOSE,      /* TCP: accepts and closes without a word */
    PEER_HIGH_BIT,   /* TCP: a length prefix with the reserved bit */
    PEER_OVERSIZED,  /* TCP: a length over KERB_NET_MAX_REPLY */
    PEER_ZERO,       /* TCP: a zero length */
    PEER_SHORT,      /* TCP: promises 100 bytes, sends 10, closes */
} peer_kind;

typedef struct {
    SOCKET listener;
    BOOL tcp;
    peer_kind kind;
    BYTE got[256];
    size_t got_len;
    HANDLE thread;
    HANDLE done; /* set by the test when a silent peer may go */
} peer;

static kerb_kdc_addr addr(const char *host, unsigned short port)
{
    kerb_kdc_addr a;
    memset(&a, 0, sizeof(a));
    snprintf(a.host, sizeof(a.host), "%s", host);
    a.port = port;
    return a;
}

static void put_be32(BYTE *p, DWORD v)
{
    p[0] = (BYTE)(v >> 24);
    p[1] = (BYTE)(v >> 16);
    p[2] = (BYTE)(v >> 8);
    p[3] = (BYTE)v;
}

static BOOL recv_exact(SOCKET s, BYTE *p, size_t n)
{
    while (n > 0) {
        int got = recv(s, (char *)p, (int)n, 0);
        if (got <= 0)
            return FALSE;
        p += got;
        n -= (size_t)got;
    }
    return TRUE;
}

static DWORD WINAPI peer_thread(void *arg)
{
    peer *pr = arg;
    BYTE reply[300];
    if (!pr->tcp) {
        struct sockaddr_storage from;
        int from_len = sizeof(from);
        int n = recvfrom(pr->listener, (char *)pr->got, sizeof(pr->got), 0, (struct sockaddr *)&from, &from_len);
        if (n <= 0)
            return 1;
        pr->got_len = (size_t)n;
        if (pr->kind == PEER_SILENT) {
            WaitForSingleObject(pr->done, INFINITE);
            return 0;
        }
        for (int i = 0; i < n; i++)
            reply[i] = pr->got[n - 1 - i];
        sendto(pr->listener, (const char *)reply, n, 0, (struct sockaddr *)&from, from_len);
        return 0;
    }
    SOCKET s = accept(pr->listener, NULL, NULL);
    if (s == INVALID_SOCKET)
        return 1;
    BYTE prefix[4];
    if (pr->kind != PEER_CLOSE && recv_exact(s, prefix, 4)) {
        DWORD len = ((DWORD)prefix[0] << 24) | ((DWORD)prefix[1] << 16) | ((DWORD)prefix[2] << 8) | prefix[3];
        if (len <= sizeof(pr->got) && recv_exact(s, pr->got, len))
            pr->got_len = len;
        switch (pr->kind) {
        case PEER_ECHO:
            put_be32(reply, (DWORD)pr->got_len);
            for (size_t i = 0; i < pr->got_len; i++)
                reply[4 + i] = pr->got[pr->got_len - 1 - i];
            send(s, (const char *)reply, (int)(4 + pr->got_len), 0);
            break;
        case PEER_SILENT:
            WaitForSingleObject(pr->done, INFINITE);
            break;
        case PEER_HIGH_BIT:
            put_be32(reply, 0x80000005u);
            memcpy(reply + 4, "abcde", 5);
            send(s, (const char *)reply, 9, 0);
            break;
        case PEER_OVERSIZED:
            put_be32(reply, KERB_NET_MAX_REPLY + 1);
            send(s, (const char *)reply, 4, 0);
            break;
        case PEER_ZERO:
            put_be32(reply, 0);
            send(s, (const char *)reply, 4, 0);
            break;
        case PEER_SHORT:
            put_be32(reply, 100);
            memset(reply + 4, 'x', 10);
            send(s, (const char *)reply, 14, 0);
            break;
        case PEER_CLOSE:
            break;
        }
    }
    shutdown(s, SD_BOTH);
    closesocket(s);
    return 0;
}

/* A peer on family's loopback address; returns its port. */
static unsigned short start_peer(peer *pr, int family, BOOL tcp, peer_kind kind)
{
    memset(pr, 0, sizeof(*pr));
    pr->tcp = tcp;
    pr->kind = kind;
    pr->listener = socket(family, tcp ? SOCK_STREAM : SOCK_DGRAM, tcp ? IPPROTO_TCP : IPPROTO_UDP);
    assert_true(pr->listener != INVALID_SOCKET);
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    int len;
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof(*in);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_addr = in6addr_loopback;
        len = sizeof(*in6);
    }
    assert_int_equal(bind(pr->listener, (struct sockaddr *)&ss, len), 0);
    if (tcp)
        assert_int_equal(listen(pr->listener, 1), 0);
    assert_int_equal(getsockname(pr->listener, (struct sockaddr *)&ss, &len), 0);
    pr->done = CreateEventW(NULL, TRUE, FALSE, NULL);
    pr->thread = CreateThread(NULL, 0, peer_thread, pr, 0, NULL);
    assert_non_null(pr->thread);
    return ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port : ((struct sockaddr_in6 *)&ss)->sin6_port);
}

static void stop_peer(peer *pr)
{
    SetEvent(pr->done);
    closesocket(pr->listener); /* ends a recvfrom/accept still waiting */
    WaitForSingleObject(pr->thread, 5000);
    CloseHandle(pr->thread);
    CloseHandle(pr->done);
}

static const BYTE request[] = {0x6a, 0x03, 0x02, 0x01, 0x05, 0xff, 0x00, 0x7f};

static void exchange_with_echo(int family, const char *host, BOOL tcp)
{
    peer pr;
    unsigned short port = start_peer(&pr, family, tcp, PEER_ECHO);
    kerb_kdc_addr a = addr(host, port);
    BYTE *reply = (BYTE *)1;
    size_t reply_len = 99;
    assert_int_equal(kerb_net_exchange(&a, tcp, request, sizeof(request), 5000, &reply, &reply_len), STATUS_SUCCESS);
    stop_peer(&pr);
    assert_int_equal(pr.got_len, sizeof(request));
    assert_memory_equal(pr.got, request, sizeof(request));
    assert_int_equal(reply_len, sizeof(request));
    for (size_t i = 0; i < sizeof(request); i++)
        assert_int_equal(reply[i], request[sizeof(request) - 1 - i]);
    free(reply);
}

static void test_udp_exchange(void **state)
{
    (void)state;
    exchange_with_echo(AF_INET, "127.0.0.1", FALSE);
    exchange_with_echo(AF_INET, "localhost", FALSE);
}

static void test_tcp_exchange(void **state)
{
    (void)state;
    exchange_with_echo(AF_INET, "127.0.0.1", TRUE);
}

static void test_ipv6(void **state)
{
    (void)state;
    SOCKET probe = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
    if (probe == INVALID_SOCKET)
        skip();
    closesocket(probe);
    exchange_with_echo(AF_INET6, "::1", FALSE);
    exchange_with_echo(AF_INET6, "::1", TRUE);
}

static void expect_failure(BOOL tcp, peer_kind kind, NTSTATUS expected)
{
    peer pr;
    unsigned short port = start_peer(&pr, AF_INET, tcp, kind);
    kerb_kdc_addr a = addr("127.0.0.1", port);
    BYTE *reply = (BYTE *)1;
    size_t reply_len = 99;
    LARGE_INTEGER f, t0, t1;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&t0);
    NTSTATUS st = kerb_net_exchange(&a, tcp, request, sizeof(request), SHORT_TIMEOUT_MS, &reply, &reply_len);
    QueryPerformanceCounter(&t1);
    stop_peer(&pr);
    if (st != expected)
        fail_msg("%s peer %d: 0x%08lx, expected 0x%08lx", tcp ? "tcp" : "udp", (int)kind, (unsigned long)st,
                 (unsigned long)expected);
    assert_null(reply); /* outputs cleared on failure */
    assert_int_equal(reply_len, 0);
    if (expected == STATUS_IO_TIMEOUT)
        printf("# %s silent peer: gave up after %.0f ms (timeout %d ms)\n", tcp ? "tcp" : "udp",
               (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)f.QuadPart, SHORT_TIMEOUT_MS);
}

static void test_silence(void **state)
{
    (void)state;
    expect_failure(FALSE, PEER_SILENT, STATUS_IO_TIMEOUT);
    expect_failure(TRUE, PEER_SILENT, STATUS_IO_TIMEOUT);
}

static void test_malformed_tcp_frames(void **state)
{
    (void)state;
    expect_failure(TRUE, PEER_CLOSE, STATUS_INVALID_NETWORK_RESPONSE);
    expect_failure(TRUE, PEER_HIGH_BIT, STATUS_INVALID_NETWORK_RESPONSE);
    expect_failure(TRUE, PEER_OVERSIZED, STATUS_INVALID_NETWORK_RESPONSE);
    expect_failure(TRUE, PEER_ZERO, STATUS_INVALID_NETWORK_RESPONSE);
    expect_failure(TRUE, PEER_SHORT, STATUS_INVALID_NETWORK_RESPONSE);
}

/* A port nobody listens on: bound, then closed. */
static unsigned short closed_port(BOOL tcp)
{
    SOCKET s = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
    struct sockaddr_in in;
    memset(&in, 0, sizeof(in));
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof(in);
    assert_int_equal(bind(s, (struct sockaddr *)&in, len), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&in, &len), 0);
    closesocket(s);
    return ntohs(in.sin_port);
}

static void test_refused(void **state)
{
    (void)state;
    for (int tcp = 0; tcp <= 1; tcp++) {
        kerb_kdc_addr a = addr("127.0.0.1", closed_port(tcp));
        BYTE *reply = (BYTE *)1;
        size_t reply_len = 99;
        /* UDP learns of the refusal from ICMP port unreachable on its connected socket. */
        assert_int_equal(kerb_net_exchange(&a, tcp, request, sizeof(request), 3000, &reply, &reply_len),
                         STATUS_CONNECTION_REFUSED);
        assert_null(reply);
        assert_int_equal(reply_len, 0);
    }
}

static void test_bad_arguments(void **state)
{
    (void)state;
    BYTE *reply = (BYTE *)1;
    size_t reply_len = 99;
    kerb_kdc_addr a = addr("127.0.0.1", 88);
    assert_int_equal(kerb_net_exchange(NULL, FALSE, request, sizeof(request), 100, &reply, &reply_len),
                     STATUS_INVALID_PARAMETER);
    assert_null(reply);
    assert_int_equal(kerb_net_exchange(&a, FALSE, request, 0, 100, &reply, &reply_len), STATUS_INVALID_PARAMETER);
    static BYTE big[65536];
    assert_int_equal(kerb_net_exchange(&a, FALSE, big, sizeof(big), 100, &reply, &reply_len),
                     STATUS_INVALID_PARAMETER);
    a.port = 0;
    assert_int_equal(kerb_net_exchange(&a, TRUE, request, sizeof(request), 100, &reply, &reply_len),
                     STATUS_INVALID_PARAMETER);
    kerb_kdc_addr bad = addr("", 88);
    assert_int_equal(kerb_net_exchange(&bad, TRUE, request, sizeof(request), 100, &reply, &reply_len),
                     STATUS_INVALID_PARAMETER);
    /* A name that cannot resolve (.invalid is reserved, RFC 2606). */
    kerb_kdc_addr unknown = addr("no-such-kdc.invalid", 88);
    assert_int_equal(kerb_net_exchange(&unknown, FALSE, request, sizeof(request), 2000, &reply, &reply_len),
                     STATUS_HOST_UNREACHABLE);
    assert_null(reply);
}

/* ---- against MIT's KDC (fixture lsaemu_kdc) ---- */

typedef WCHAR *(CDECL *wine_get_dos_file_name_fn)(const char *unix_path);

/* LSAEMU_KDC_PORT from the fixture's kdc.env (LSAEMU_KDC_ENV, a Unix path); 0 when there is no fixture. */
static unsigned short fixture_port(void)
{
    char unix_path[1024];
    DWORD n = GetEnvironmentVariableA("LSAEMU_KDC_ENV", unix_path, sizeof(unix_path));
    if (!n || n >= sizeof(unix_path))
        return 0;
    wine_get_dos_file_name_fn to_dos = (wine_get_dos_file_name_fn)(void (*)(void))GetProcAddress(
        GetModuleHandleW(L"kernel32.dll"), "wine_get_dos_file_name");
    WCHAR *dos = to_dos ? to_dos(unix_path) : NULL;
    if (!dos)
        return 0;
    FILE *f = _wfopen(dos, L"r");
    HeapFree(GetProcessHeap(), 0, dos);
    if (!f)
        return 0;
    char line[512];
    unsigned port = 0;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "LSAEMU_KDC_PORT=%u", &port) == 1)
            break;
    fclose(f);
    return port <= 65535 ? (unsigned short)port : 0;
}

/* The whole path a logon takes to its KDC: the NetBIOS-style domain through the fixture's krb5.conf (KRB5_CONFIG, a
 * Unix path) to the KDC's address, then the exchange with it. */
static void test_mit_kdc(void **state)
{
    (void)state;
    unsigned short port = fixture_port();
    if (!port) {
        printf("# no KDC fixture (LSAEMU_KDC_ENV): skipped\n");
        skip();
    }
    kerb_realm_info realm;
    assert_int_equal(kerb_config_find_realm(L"lsaemu", 6, &realm), STATUS_SUCCESS);
    assert_string_equal(realm.realm, "LSAEMU.TEST");
    assert_int_equal(realm.kdc_count, 1);
    assert_string_equal(realm.kdcs[0].host, "127.0.0.1");
    assert_int_equal(realm.kdcs[0].port, port);
    k5_octets alice[] = {{(uint8_t *)"alice", 5}};
    k5_octets krbtgt[] = {{(uint8_t *)"krbtgt", 6}, {(uint8_t *)"LSAEMU.TEST", 11}};
    int32_t etypes[] = {18, 17, 20, 19, 23};
    k5_kdc_req req;
    memset(&req, 0, sizeof(req));
    req.pvno = 5;
    req.msg_type = 10;
    req.req_body.kdc_options = 0x40000000; /* forwardable */
    K5_SET(&req.req_body, 1);
    req.req_body.cname.name_type = 1;
    req.req_body.cname.name_string = (k5_list){alice, 1};
    req.req_body.realm = (k5_octets){(uint8_t *)"LSAEMU.TEST", 11};
    K5_SET(&req.req_body, 3);
    req.req_body.sname.name_type = 2;
    req.req_body.sname.name_string = (k5_list){krbtgt, 2};
    req.req_body.till = 2136422885; /* 2037-09-13 */
    req.req_body.nonce = GetTickCount() & 0x7fffffff;
    req.req_body.etype = (k5_list){etypes, 5};
    asn1_wbuf w;
    asn1_wbuf_init(&w, 4096);
    assert_int_equal(k5_asn1_encode(&k5_AS_REQ, &req, &w), ASN1_OK);

    for (int tcp = 0; tcp <= 1; tcp++) {
        const kerb_kdc_addr a = realm.kdcs[0];
        BYTE *reply = NULL;
        size_t reply_len = 0;
        LARGE_INTEGER f, t0, t1;
        QueryPerformanceFrequency(&f);
        QueryPerformanceCounter(&t0);
        assert_int_equal(kerb_net_exchange(&a, tcp, w.data, w.len, 5000, &reply, &reply_len), STATUS_SUCCESS);
        QueryPerformanceCounter(&t1);
        k5_arena arena;
        k5_arena_init(&arena);
        k5_krb_error e;
        assert_int_equal(k5_asn1_decode(&k5_KRB_ERROR, reply, reply_len, &arena, &e), ASN1_OK);
        assert_int_equal(e.error_code, 25); /* KDC_ERR_PREAUTH_REQUIRED */
        assert_int_equal(e.realm.len, 11);
        assert_memory_equal(e.realm.data, "LSAEMU.TEST", 11);
        printf("# MIT KDC over %s: %zu-byte request, %zu-byte KRB-ERROR %d in %.1f ms\n", tcp ? "tcp" : "udp", w.len,
               reply_len, (int)e.error_code, (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)f.QuadPart);
        k5_arena_free(&arena);
        free(reply);
    }
    asn1_wbuf_free(&w);
}

int main(void)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_udp_exchange),
        cmocka_unit_test(test_tcp_exchange),
        cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_silence),
        cmocka_unit_test(test_malformed_tcp_frames),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_mit_kdc),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    WSACleanup();
    return rc;
}
