/* Tickets as a KDC issues them for a service (RFC 4120 5.3), built field by field so that each check of
 * k5p_open_ticket can be shown a ticket that breaks only it: the unit test's and the fuzzer seeds' source. */
#ifndef LSAEMU_TESTS_KRB5_TICKET_BUILDER_H
#define LSAEMU_TESTS_KRB5_TICKET_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "krb5_primitives.h"

typedef struct tkt_spec {
    const char *realm, *service, *host; /* the ticket's sname service/host@realm (host NULL: one component) */
    const char *crealm, *client;        /* the client, one component */
    int32_t etype;                      /* the enc-part's enctype and the service key */
    const uint8_t *key;
    uint32_t kvno;                      /* 0: no kvno */
    int32_t session_etype;              /* the session key's enctype and bytes */
    const uint8_t *session_key;
    size_t session_key_len;
    uint32_t flags;
    int64_t authtime, starttime, endtime, renew_till; /* starttime, renew_till 0: absent */
    int with_address;                   /* caddr: one IPv4 address 192.0.2.1 */
    int plain_not_der;                  /* encrypt bytes that are no EncTicketPart instead */
} tkt_spec;

/* A spec for alice@EXAMPLE.COM to host/ws.example.com@EXAMPLE.COM, aes256 service key key (32 bytes), aes256
 * session key session (32 bytes), forwardable+renewable+initial+pre-authent, authtime now, ten hours. */
tkt_spec tkt_spec_default(const uint8_t *key, const uint8_t *session, int64_t now);

/* The Ticket DER (malloc'd); aborts when a step fails. */
uint8_t *tkt_build(const krb5_primitives *p, const tkt_spec *s, size_t *len);

#endif
