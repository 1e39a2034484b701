/* Loopback ports for "no KDC" cases of the Wine tests (Winsock started by the caller; include after cmocka.h and
 * winsock2.h). */
#ifndef LSAEMU_TESTS_LOOPBACK_PORT_H
#define LSAEMU_TESTS_LOOPBACK_PORT_H

/* A loopback port with nothing behind it (bound, read, closed; udp and tcp NULL), or one with sockets that take
 * requests and never answer: a UDP socket and a TCP listener on the same port number, left in *udp and *tcp. */
static unsigned short loopback_port(SOCKET *udp, SOCKET *tcp)
{
    struct sockaddr_in sa;
    int len = sizeof(sa);
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP), t;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(u, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(getsockname(u, (struct sockaddr *)&sa, &len), 0);
    if (!udp) {
        closesocket(u);
        return ntohs(sa.sin_port);
    }
    t = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    assert_int_equal(bind(t, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(listen(t, 4), 0);
    *udp = u;
    *tcp = t;
    return ntohs(sa.sin_port);
}

#endif
