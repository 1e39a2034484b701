/* One exchange with one KDC over Winsock (kerb_net.h): UDP, one datagram each way; TCP, each message preceded by its
 * 4-byte big-endian length (RFC 4120 7.2.2). Every wait is bounded by the caller's timeout; nothing of the messages
 * is logged. */
#define WIN32_NO_STATUS
#include <winsock2.h>
#include <ws2tcpip.h>
#undef WIN32_NO_STATUS
#include "pkg_win.h"

#include <stdio.h>
#include <stdlib.h>

#include "kerb_net.h"

#define UDP_MAX 65535

static INIT_ONCE wsa_once = INIT_ONCE_STATIC_INIT;
static BOOL wsa_ok;

static BOOL CALLBACK wsa_start(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    WSADATA data;

    (void)once;
    (void)param;
    (void)ctx;
    wsa_ok = WSAStartup(MAKEWORD(2, 2), &data) == 0; /* once per process, never cleaned up: the DLL may be in use */
    return TRUE;
}

/* Waits until s is readable (or writable) or the deadline passes: 1 ready, 0 timed out, -1 failed. */
static int wait_socket(SOCKET s, BOOL write, ULONGLONG deadline)
{
    ULONGLONG now = GetTickCount64();
    fd_set set, err;
    struct timeval tv;
    ULONGLONG left;
    int n;

    if (now >= deadline)
        return 0;
    left = deadline - now;
    tv.tv_sec = (long)(left / 1000);
    tv.tv_usec = (long)(left % 1000) * 1000;
    FD_ZERO(&set);
    FD_SET(s, &set);
    FD_ZERO(&err);
    FD_SET(s, &err);
    n = select(0, write ? NULL : &set, write ? &set : NULL, &err, &tv);
    if (n < 0 || FD_ISSET(s, &err))
        return -1;
    return n > 0;
}

static NTSTATUS socket_error_status(int err)
{
    switch (err) {
    case WSAECONNREFUSED:
    case WSAECONNRESET: /* UDP: the ICMP "port unreachable" of a host with no KDC */
        return STATUS_CONNECTION_REFUSED;
    case WSAEHOSTUNREACH:
    case WSAENETUNREACH:
    case WSAEADDRNOTAVAIL:
        return STATUS_HOST_UNREACHABLE;
    case WSAETIMEDOUT:
        return STATUS_IO_TIMEOUT;
    default:
        return STATUS_INVALID_NETWORK_RESPONSE;
    }
}

static NTSTATUS recv_exact(SOCKET s, BYTE *buf, size_t len, ULONGLONG deadline)
{
    while (len) {
        int w = wait_socket(s, FALSE, deadline), n;
        if (w == 0)
            return STATUS_IO_TIMEOUT;
        if (w < 0)
            return STATUS_CONNECTION_REFUSED;
        n = recv(s, (char *)buf, len > INT_MAX ? INT_MAX : (int)len, 0);
        if (n == 0)
            return STATUS_INVALID_NETWORK_RESPONSE; /* closed before the whole message */
        if (n < 0)
            return socket_error_status(WSAGetLastError());
        buf += n;
        len -= (size_t)n;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS send_all(SOCKET s, const BYTE *buf, size_t len)
{
    while (len) {
        int n = send(s, (const char *)buf, len > INT_MAX ? INT_MAX : (int)len, 0);
        if (n <= 0)
            return socket_error_status(WSAGetLastError());
        buf += n;
        len -= (size_t)n;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS exchange_udp(SOCKET s, const BYTE *req, size_t req_len, ULONGLONG deadline, BYTE **reply,
                             size_t *reply_len)
{
    BYTE *buf;
    NTSTATUS st;
    int w, n;

    if (req_len > UDP_MAX)
        return STATUS_INVALID_PARAMETER;
    if ((st = send_all(s, req, req_len)) != STATUS_SUCCESS)
        return st;
    if ((w = wait_socket(s, FALSE, deadline)) == 0)
        return STATUS_IO_TIMEOUT;
    if (!(buf = malloc(UDP_MAX)))
        return STATUS_NO_MEMORY;
    n = recv(s, (char *)buf, UDP_MAX, 0);
    if (n <= 0) {
        free(buf);
        return n == 0 ? STATUS_INVALID_NETWORK_RESPONSE : socket_error_status(WSAGetLastError());
    }
    *reply = buf;
    *reply_len = (size_t)n;
    return STATUS_SUCCESS;
}

static NTSTATUS exchange_tcp(SOCKET s, const struct addrinfo *ai, const BYTE *req, size_t req_len,
                             ULONGLONG deadline, BYTE **reply, size_t *reply_len)
{
    u_long nonblocking = 1, blocking = 0;
    BYTE len4[4];
    DWORD len;
    BYTE *buf;
    NTSTATUS st;
    int w;

    if (req_len > 0x7fffffff)
        return STATUS_INVALID_PARAMETER;
    /* connect without blocking, so that an unanswered SYN is bounded by the deadline too */
    ioctlsocket(s, FIONBIO, &nonblocking);
    if (connect(s, ai->ai_addr, (int)ai->ai_addrlen) != 0 && WSAGetLastError() != WSAEWOULDBLOCK)
        return socket_error_status(WSAGetLastError());
    if ((w = wait_socket(s, TRUE, deadline)) == 0)
        return STATUS_IO_TIMEOUT;
    if (w < 0) {
        int err = 0, err_len = sizeof(err);
        getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &err_len);
        return err ? socket_error_status(err) : STATUS_CONNECTION_REFUSED;
    }
    ioctlsocket(s, FIONBIO, &blocking);
    len4[0] = (BYTE)(req_len >> 24);
    len4[1] = (BYTE)(req_len >> 16);
    len4[2] = (BYTE)(req_len >> 8);
    len4[3] = (BYTE)req_len;
    if ((st = send_all(s, len4, 4)) != STATUS_SUCCESS || (st = send_all(s, req, req_len)) != STATUS_SUCCESS ||
        (st = recv_exact(s, len4, 4, deadline)) != STATUS_SUCCESS)
        return st;
    len = (DWORD)len4[0] << 24 | (DWORD)len4[1] << 16 | (DWORD)len4[2] << 8 | len4[3];
    if (len > KERB_NET_MAX_REPLY) /* also the high bit RFC 4120 reserves for extensions */
        return STATUS_INVALID_NETWORK_RESPONSE;
    if (!(buf = malloc(len ? len : 1)))
        return STATUS_NO_MEMORY;
    if ((st = recv_exact(s, buf, len, deadline)) != STATUS_SUCCESS) {
        free(buf);
        return st;
    }
    *reply = buf;
    *reply_len = len;
    return STATUS_SUCCESS;
}

NTSTATUS kerb_net_exchange(const kerb_kdc_addr *kdc, BOOL tcp, const BYTE *req, size_t req_len, DWORD timeout_ms,
                           BYTE **reply, size_t *reply_len)
{
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    struct addrinfo hints, *list = NULL, *ai;
    char port[8];
    NTSTATUS st = STATUS_HOST_UNREACHABLE;

    *reply = NULL;
    *reply_len = 0;
    InitOnceExecuteOnce(&wsa_once, wsa_start, NULL, NULL);
    if (!wsa_ok)
        return STATUS_HOST_UNREACHABLE;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = tcp ? SOCK_STREAM : SOCK_DGRAM;
    hints.ai_protocol = tcp ? IPPROTO_TCP : IPPROTO_UDP;
    snprintf(port, sizeof(port), "%u", kdc->port ? kdc->port : KERB_DEFAULT_PORT);
    if (getaddrinfo(kdc->host, port, &hints, &list) != 0)
        return STATUS_HOST_UNREACHABLE;
    /* Each address of the name in turn, within the one deadline. */
    for (ai = list; ai && st != STATUS_SUCCESS && GetTickCount64() < deadline; ai = ai->ai_next) {
        SOCKET s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s == INVALID_SOCKET) {
            st = socket_error_status(WSAGetLastError());
            continue;
        }
        if (tcp)
            st = exchange_tcp(s, ai, req, req_len, deadline, reply, reply_len);
        else if (connect(s, ai->ai_addr, (int)ai->ai_addrlen) != 0)
            st = socket_error_status(WSAGetLastError());
        else
            st = exchange_udp(s, req, req_len, deadline, reply, reply_len);
        closesocket(s);
    }
    if (st != STATUS_SUCCESS && GetTickCount64() >= deadline)
        st = STATUS_IO_TIMEOUT;
    freeaddrinfo(list);
    return st;
}
