/* KRB-CRED (RFC 4120 section 5.8) with its EncKrbCredPart unencrypted: enc-part etype 0 and the DER of the
 * EncKrbCredPart as the cipher, which is how Windows' LSA hands tickets out (KERB_RETRIEVE_TICKET_AS_KERB_CRED) and
 * takes them in (KerbSubmitTicketMessage), and what MIT's krb5_rd_cred accepts without a key. One KrbCredInfo per
 * ticket, in order: the session key, prealm/pname (the client), flags, authtime/starttime/endtime/renew-till,
 * srealm/sname (the server), caddr. The output holds session keys: kcred_free wipes it. */
#ifndef LSAEMU_KCRED_H
#define LSAEMU_KCRED_H

#include <stddef.h>
#include <stdint.h>

#include "kcc.h"

#define KCRED_MAX_TICKETS 256 /* no real KRB-CRED comes near; bounds a hostile one */

typedef enum {
    KCRED_OK = 0,
    KCRED_E_ARGUMENT,  /* no credentials, too many, or a credential whose ticket is not a Ticket's DER */
    KCRED_E_NO_MEMORY,
    KCRED_E_ENCODE,    /* a field the DER encoder cannot express (a time out of range, a NUL in a name) */
    KCRED_E_DECODE,    /* not a KRB-CRED, or its enc-part not an EncKrbCredPart (strict DER) */
    KCRED_E_VERSION,   /* pvno not 5 or msg-type not 22 */
    KCRED_E_ENCRYPTED, /* enc-part etype other than 0: a key would be needed */
    KCRED_E_MISMATCH,  /* as many KrbCredInfo as tickets it is not */
    KCRED_E_MISSING,   /* a KrbCredInfo without the client or server name or realm, or an out-of-range field */
} kcred_status;

/* Builds the KRB-CRED of count credentials into a new buffer (*der, *len; free with kcred_free). */
kcred_status kcred_build(const kcc_cred *creds, size_t count, uint8_t **der, size_t *len);

/* Parses a KRB-CRED: every ticket becomes a credential appended to cache (a zeroed or existing cache; a zeroed one
 * becomes a version-4 cache whose default principal is the first ticket's client). On failure cache is as it was. */
kcred_status kcred_parse(const uint8_t *der, size_t len, kcc_cache *cache);

void kcred_free(uint8_t *der, size_t len);

#endif
