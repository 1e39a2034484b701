/* kerb_net_exchange (the Kerberos package's Winsock exchange, kerb_net.c linked directly) against small servers on
 * loopback run by this program: a UDP reply, a TCP reply with its length framing (also through "localhost", whose
 * names are tried in turn), and each refusal with its status: a TCP length over KERB_NET_MAX_REPLY or with the
 * reserved high bit, a frame cut short, a server that never answers (UDP and TCP), a port nobody listens on. */
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

#include "kerb_net.h"

typedef enum { S_ANSWER, S_OVERSIZE, S_HIGH_BIT, S_CUT_SHORT, S_SILENT } server_mode;

typedef struct server {
    SOCKET listen;
    BOOL tcp;
    server_mode mode;
    HANDLE thread;
    unsigned short port;
} server;

static const BYTE request[] = "AS-REQ, as far as this test cares";
static const BYTE answer[] = "the KDC's answer";

static void put_be32(BYTE *b, DWORD v)
{
    b[0] = (BYTE)(v >> 24);
    b[1] = (BYTE)(v >> 16);
    b[2] = (BYTE)(v >> 8);
    b[3] = (BYTE)v;
}

static DWORD WINAPI serve(void *arg)
{
    server *s = arg;
    BYTE buf[256], head[4];
    int n;

    if (!s->tcp) {
        struct sockaddr_storage from;
        int from_len = sizeof(from);
        n = recvfrom(s->listen, (char *)buf, sizeof(buf), 0, (struct sockaddr *)&from, &from_len);
        if (n == (int)sizeof(request) && !memcmp(buf, request, sizeof(request)) && s->mode == S_ANSWER)
            sendto(s->listen, (const char *)answer, sizeof(answer), 0, (struct sockaddr *)&from, from_len);
        return 0;
    }
    SOCKET c = accept(s->listen, NULL, NULL);
    if (c == INVALID_SOCKET)
        return 0;
    n = recv(c, (char *)buf, sizeof(buf), MSG_WAITALL);
    /* 4-byte length then the request, possibly in one segment */
    if (n >= 4) {
        switch (s->mode) {
        case S_ANSWER: put_be32(head, sizeof(answer)); break;
        case S_OVERSIZE: put_be32(head, KERB_NET_MAX_REPLY + 1); break;
        case S_HIGH_BIT: put_be32(head, 0x80000010u); break;
        case S_CUT_SHORT: put_be32(head, 100); break;
        case S_SILENT: Sleep(1500); closesocket(c); return 0;
        }
        send(c, (const char *)head, 4, 0);
        /* An oversized length gets no body and the connection stays open: only the cap ends the wait early. */
        if (s->mode == S_OVERSIZE || s->mode == S_HIGH_BIT)
            Sleep(1500);
        else
            send(c, (const char *)answer, s->mode == S_CUT_SHORT ? 10 : (int)sizeof(answer), 0);
    }
    Sleep(100);
    closesocket(c);
    return 0;
}

static void start(server *s, BOOL tcp, server_mode mode)
{
    struct sockaddr_in sa;
    int len = sizeof(sa);

    memset(s, 0, sizeof(*s));
    s->tcp = tcp;
    s->mode = mode;
    s->listen = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, tcp ? IPPROTO_TCP : IPPROTO_UDP);
    assert_true(s->listen != INVALID_SOCKET);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s->listen, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(getsockname(s->listen, (struct sockaddr *)&sa, &len), 0);
    s->port = ntohs(sa.sin_port);
    if (tcp)
        assert_int_equal(listen(s->listen, 4), 0);
    s->thread = CreateThread(NULL, 0, serve, s, 0, NULL);
    assert_non_null(s->thread);
}

static void stop(server *s)
{
    closesocket(s->listen); /* ends a server still waiting in accept/recvfrom */
    WaitForSingleObject(s->thread, 5000);
    CloseHandle(s->thread);
}

static NTSTATUS exchange(const char *host, unsigned short port, BOOL tcp, DWORD timeout, BYTE **reply,
                         size_t *len)
{
    kerb_kdc_addr kdc;

    memset(&kdc, 0, sizeof(kdc));
    snprintf(kdc.host, sizeof(kdc.host), "%s", host);
    kdc.port = port;
    return kerb_net_exchange(&kdc, tcp, request, sizeof(request), timeout, reply, len);
}

static void test_answers(void **state)
{
    server s;
    BYTE *reply;
    size_t len;

    (void)state;
    for (int tcp = 0; tcp < 2; tcp++) {
        start(&s, tcp, S_ANSWER);
        assert_int_equal(exchange("127.0.0.1", s.port, tcp, 2000, &reply, &len), STATUS_SUCCESS);
        assert_int_equal(len, sizeof(answer));
        assert_memory_equal(reply, answer, sizeof(answer));
        free(reply);
        stop(&s);
    }
    /* A name: each of its addresses in turn (::1 first, where nothing listens, then 127.0.0.1). */
    start(&s, TRUE, S_ANSWER);
    assert_int_equal(exchange("localhost", s.port, TRUE, 2000, &reply, &len), STATUS_SUCCESS);
    assert_memory_equal(reply, answer, sizeof(answer));
    free(reply);
    stop(&s);
}

static void expect_tcp(server_mode mode, NTSTATUS want)
{
    server s;
    BYTE *reply = (BYTE *)1;
    size_t len = 1;

    start(&s, TRUE, mode);
    assert_int_equal(exchange("127.0.0.1", s.port, TRUE, 500, &reply, &len), want);
    assert_null(reply);
    assert_int_equal(len, 0);
    stop(&s);
}

static void test_refusals(void **state)
{
    server s;
    BYTE *reply;
    size_t len;
    unsigned short closed;

    (void)state;
    expect_tcp(S_OVERSIZE, STATUS_INVALID_NETWORK_RESPONSE);
    expect_tcp(S_HIGH_BIT, STATUS_INVALID_NETWORK_RESPONSE);
    expect_tcp(S_CUT_SHORT, STATUS_INVALID_NETWORK_RESPONSE);
    expect_tcp(S_SILENT, STATUS_IO_TIMEOUT);
    start(&s, FALSE, S_SILENT);
    assert_int_equal(exchange("127.0.0.1", s.port, FALSE, 300, &reply, &len), STATUS_IO_TIMEOUT);
    assert_null(reply);
    closed = s.port;
    stop(&s);
    assert_int_equal(exchange("127.0.0.1", closed, TRUE, 2000, &reply, &len), STATUS_CONNECTION_REFUSED);
    assert_null(reply);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers),
        cmocka_unit_test(test_refusals),
    };
    WSADATA wsa;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
