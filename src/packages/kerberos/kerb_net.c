/* One request/reply exchange with a KDC over Winsock (kerb_net.h; RFC 4120 section 7.2). Every address the name
 * resolves to is tried in turn within one deadline; sockets are non-blocking and every wait is a select() bounded by
 * what is left of it, so a silent KDC costs at most timeout_ms. Nothing of the messages is logged. */
/* winsock2.h must precede windows.h (pkg_win.h), with the same WIN32_NO_STATUS guard pkg_win.h uses. */
#define WIN32_NO_STATUS
#include <winsock2.h>
#include <ws2tcpip.h>
#undef WIN32_NO_STATUS

#include "pkg_win.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kerb_net.h"

#define UDP_MAX_DATAGRAM 65535u
#define TCP_MAX_REQUEST 0x7fffffffu
#define UDP_POLL_MS 50 /* the length prefix's top bit is reserved (RFC 4120 7.2.2) */

static DWORD remaining_ms(ULONGLONG deadline)
{
    ULONGLONG now = GetTickCount64();
    return now >= deadline ? 0 : (DWORD)(deadline - now);
}

/* Waits until s is readable (write == FALSE) or writable/failed (write == TRUE). STATUS_SUCCESS, STATUS_IO_TIMEOUT. */
static NTSTATUS wait_socket(SOCKET s, BOOL write, ULONGLONG deadline)
{
    DWORD left = remaining_ms(deadline);
    fd_set ready, failed;
    FD_ZERO(&ready);
    FD_ZERO(&failed);
    FD_SET(s, &ready);
    FD_SET(s, &failed);
    struct timeval tv = {(long)(left / 1000), (long)(left % 1000) * 1000};
    int n = select(0, write ? NULL : &ready, write ? &ready : NULL, &failed, &tv);
    if (n == 0)
        return STATUS_IO_TIMEOUT;
    return STATUS_SUCCESS; /* readiness or failure: the next call on the socket says which */
}

static NTSTATUS socket_error_status(int error)
{
    switch (error) {
    case WSAECONNREFUSED:
    case WSAECONNRESET: /* a UDP send answered by ICMP port unreachable */
        return STATUS_CONNECTION_REFUSED;
    case WSAETIMEDOUT:
        return STATUS_IO_TIMEOUT;
    case WSAENOBUFS:
        return STATUS_NO_MEMORY;
    default:
        return STATUS_HOST_UNREACHABLE;
    }
}

/* Sends `out` or receives into `in` (the other is NULL) exactly len bytes, waiting whenever the socket would block;
 * the peer closing before the last byte is a malformed frame. */
static NTSTATUS transfer(SOCKET s, const BYTE *out, BYTE *in, size_t len, ULONGLONG deadline)
{
    size_t done = 0;

    while (done < len) {
        int chunk = len - done > 0x10000 ? 0x10000 : (int)(len - done);
        int n = out ? send(s, (const char *)out + done, chunk, 0) : recv(s, (char *)in + done, chunk, 0);
        if (n == 0 && !out)
            return STATUS_INVALID_NETWORK_RESPONSE;
        if (n == SOCKET_ERROR) {
            int error = WSAGetLastError();
            if (error != WSAEWOULDBLOCK)
                return socket_error_status(error);
            NTSTATUS st = wait_socket(s, out != NULL, deadline);
            if (st != STATUS_SUCCESS)
                return st;
            continue;
        }
        done += (size_t)n;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS connect_within(SOCKET s, const struct addrinfo *ai, ULONGLONG deadline)
{
    if (connect(s, ai->ai_addr, (int)ai->ai_addrlen) == 0)
        return STATUS_SUCCESS;
    int error = WSAGetLastError();
    if (error != WSAEWOULDBLOCK)
        return socket_error_status(error);
    NTSTATUS st = wait_socket(s, TRUE, deadline);
    if (st != STATUS_SUCCESS)
        return st;
    int so_error = 0, size = sizeof(so_error);
    if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&so_error, &size) == SOCKET_ERROR)
        return socket_error_status(WSAGetLastError());
    return so_error ? socket_error_status(so_error) : STATUS_SUCCESS;
}

static NTSTATUS exchange_udp(SOCKET s, const BYTE *req, size_t req_len, ULONGLONG deadline, BYTE **reply,
                             size_t *reply_len)
{
    if (send(s, (const char *)req, (int)req_len, 0) == SOCKET_ERROR)
        return socket_error_status(WSAGetLastError());
    BYTE *buf = malloc(UDP_MAX_DATAGRAM);
    if (!buf)
        return STATUS_NO_MEMORY;
    for (;;) {
        /* Short waits, each followed by a read attempt and a look at SO_ERROR: Wine's select() and recv() do not
         * report the error an ICMP "port unreachable" leaves on the socket, SO_ERROR does (measured under Wine 8;
         * Windows reports it as WSAECONNRESET from recv). */
        ULONGLONG slice = GetTickCount64() + UDP_POLL_MS;
        BOOL last = slice >= deadline;
        NTSTATUS st = wait_socket(s, FALSE, last ? deadline : slice);
        if (st != STATUS_SUCCESS && last) {
            free(buf);
            return st;
        }
        int n = recv(s, (char *)buf, UDP_MAX_DATAGRAM, 0);
        if (n == SOCKET_ERROR) {
            int error = WSAGetLastError();
            int so_error = 0, size = sizeof(so_error);
            if (error == WSAEWOULDBLOCK &&
                getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&so_error, &size) == 0 && so_error != 0)
                error = so_error;
            if (error == WSAEWOULDBLOCK)
                continue;
            free(buf);
            return error == WSAEMSGSIZE ? STATUS_INVALID_NETWORK_RESPONSE : socket_error_status(error);
        }
        if (n == 0)
            continue; /* an empty datagram is no Kerberos message: keep waiting for the real one */
        BYTE *shrunk = realloc(buf, (size_t)n);
        *reply = shrunk ? shrunk : buf;
        *reply_len = (size_t)n;
        return STATUS_SUCCESS;
    }
}

static NTSTATUS exchange_tcp(SOCKET s, const BYTE *req, size_t req_len, ULONGLONG deadline, BYTE **reply,
                             size_t *reply_len)
{
    BYTE prefix[4] = {(BYTE)(req_len >> 24), (BYTE)(req_len >> 16), (BYTE)(req_len >> 8), (BYTE)req_len};
    NTSTATUS st = transfer(s, prefix, NULL, sizeof(prefix), deadline);
    if (st == STATUS_SUCCESS)
        st = transfer(s, req, NULL, req_len, deadline);
    if (st == STATUS_SUCCESS)
        st = transfer(s, NULL, prefix, sizeof(prefix), deadline);
    /* Connected already: a reset now is a peer that dropped the exchange, not a refusal. */
    if (st == STATUS_CONNECTION_REFUSED)
        st = STATUS_INVALID_NETWORK_RESPONSE;
    if (st != STATUS_SUCCESS)
        return st;
    DWORD len = ((DWORD)prefix[0] << 24) | ((DWORD)prefix[1] << 16) | ((DWORD)prefix[2] << 8) | prefix[3];
    if (len == 0 || (len & 0x80000000u) || len > KERB_NET_MAX_REPLY)
        return STATUS_INVALID_NETWORK_RESPONSE;
    BYTE *buf = malloc(len);
    if (!buf)
        return STATUS_NO_MEMORY;
    st = transfer(s, NULL, buf, len, deadline);
    if (st == STATUS_CONNECTION_REFUSED)
        st = STATUS_INVALID_NETWORK_RESPONSE;
    if (st != STATUS_SUCCESS) {
        free(buf);
        return st;
    }
    *reply = buf;
    *reply_len = len;
    return STATUS_SUCCESS;
}

static NTSTATUS exchange_one(const struct addrinfo *ai, BOOL tcp, const BYTE *req, size_t req_len,
                             ULONGLONG deadline, BYTE **reply, size_t *reply_len)
{
    SOCKET s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (s == INVALID_SOCKET)
        return socket_error_status(WSAGetLastError());
    u_long nonblocking = 1;
    NTSTATUS st = ioctlsocket(s, FIONBIO, &nonblocking) == 0 ? STATUS_SUCCESS : STATUS_HOST_UNREACHABLE;
    /* UDP is connected too, so that an ICMP "port unreachable" comes back as a refusal instead of a timeout. */
    if (st == STATUS_SUCCESS)
        st = connect_within(s, ai, deadline);
    if (st == STATUS_SUCCESS)
        st = tcp ? exchange_tcp(s, req, req_len, deadline, reply, reply_len)
                 : exchange_udp(s, req, req_len, deadline, reply, reply_len);
    closesocket(s);
    return st;
}

NTSTATUS kerb_net_exchange(const kerb_kdc_addr *kdc, BOOL tcp, const BYTE *req, size_t req_len, DWORD timeout_ms,
                           BYTE **reply, size_t *reply_len)
{
    *reply = NULL;
    *reply_len = 0;
    if (!kdc || !req || req_len == 0 || req_len > (tcp ? TCP_MAX_REQUEST : UDP_MAX_DATAGRAM - 8 - 20) ||
        !memchr(kdc->host, '\0', sizeof(kdc->host)) || !kdc->host[0] || kdc->port == 0)
        return STATUS_INVALID_PARAMETER;
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return STATUS_HOST_UNREACHABLE;
    char port[8];
    snprintf(port, sizeof(port), "%u", (unsigned)kdc->port);
    struct addrinfo hints, *list = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = tcp ? SOCK_STREAM : SOCK_DGRAM;
    hints.ai_protocol = tcp ? IPPROTO_TCP : IPPROTO_UDP;
    hints.ai_flags = AI_NUMERICSERV;
    NTSTATUS st = STATUS_HOST_UNREACHABLE;
    if (getaddrinfo(kdc->host, port, &hints, &list) == 0) {
        /* Each address in turn until one answers or the time is up; the last failure is the one reported. */
        for (const struct addrinfo *ai = list; ai; ai = ai->ai_next) {
            if (remaining_ms(deadline) == 0) {
                st = STATUS_IO_TIMEOUT;
                break;
            }
            st = exchange_one(ai, tcp, req, req_len, deadline, reply, reply_len);
            if (st == STATUS_SUCCESS || st == STATUS_NO_MEMORY || st == STATUS_INVALID_NETWORK_RESPONSE)
                break;
        }
        freeaddrinfo(list);
    }
    WSACleanup();
    return st;
}

NTSTATUS kerb_net_local_address(const kerb_kdc_addr *kdc, int32_t *addr_type, BYTE addr[16], size_t *addr_len)
{
    *addr_type = 0;
    *addr_len = 0;
    if (!kdc || !memchr(kdc->host, '\0', sizeof(kdc->host)) || !kdc->host[0] || kdc->port == 0)
        return STATUS_INVALID_PARAMETER;
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return STATUS_HOST_UNREACHABLE;
    char port[8];
    snprintf(port, sizeof(port), "%u", (unsigned)kdc->port);
    struct addrinfo hints, *list = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_protocol = IPPROTO_UDP;
    hints.ai_flags = AI_NUMERICSERV;
    NTSTATUS st = STATUS_HOST_UNREACHABLE;
    if (getaddrinfo(kdc->host, port, &hints, &list) == 0) {
        SOCKET s = socket(list->ai_family, list->ai_socktype, list->ai_protocol);
        struct sockaddr_storage name;
        int size = sizeof(name);
        if (s != INVALID_SOCKET && connect(s, list->ai_addr, (int)list->ai_addrlen) == 0 &&
            getsockname(s, (struct sockaddr *)&name, &size) == 0) {
            if (name.ss_family == AF_INET) {
                memcpy(addr, &((struct sockaddr_in *)&name)->sin_addr, 4);
                *addr_type = 2;
                *addr_len = 4;
                st = STATUS_SUCCESS;
            } else if (name.ss_family == AF_INET6) {
                memcpy(addr, &((struct sockaddr_in6 *)&name)->sin6_addr, 16);
                *addr_type = 24;
                *addr_len = 16;
                st = STATUS_SUCCESS;
            }
        }
        if (s != INVALID_SOCKET)
            closesocket(s);
        freeaddrinfo(list);
    }
    WSACleanup();
    return st;
}
