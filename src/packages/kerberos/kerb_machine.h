/* The computer's own Kerberos identity, its machine account (host/<computer>... or <COMPUTER>$ in the machine's
 * realm): S4U logons ask the KDC with the machine's TGT, ticket logons open tickets sent to the machine with its
 * keys. Windows keeps the account's password as the LSA secret $MACHINE.ACC; here it comes from a keytab file or a
 * password named in the registry (README "Machine account"). Read afresh on each load; keys are secret (wiped by
 * kerb_machine_free, never logged). */
#ifndef LSAEMU_PACKAGES_KERB_MACHINE_H
#define LSAEMU_PACKAGES_KERB_MACHINE_H

#include "pkg_win.h"

#include <stdint.h>

#include "kcc.h"
#include "kerb_config.h"
#include "kerb_kdc.h"

#define KERB_MACHINE_MAX_KEYS 16

#ifndef SEC_E_ETYPE_NOT_SUPP /* not in every mingw-w64's winerror.h */
#define SEC_E_ETYPE_NOT_SUPP _HRESULT_TYPEDEF_(0x80090341L)
#endif

typedef struct kerb_machine_key {
    int32_t enctype;
    uint32_t kvno; /* 0 when unknown (keys derived from a password) */
    uint8_t key[KERB_MAX_LONG_TERM_KEY];
    size_t key_len;
} kerb_machine_key;

typedef struct kerb_machine_account {
    kerb_realm_info realm;   /* the machine's realm and its KDCs */
    kcc_principal principal; /* the account as configured, realm included */
    size_t key_count;
    kerb_machine_key keys[KERB_MACHINE_MAX_KEYS]; /* secret */
} kerb_machine_account;

/* Loads the machine account. STATUS_SUCCESS; STATUS_NO_TRUST_LSA_SECRET when none is configured, or the keytab has
 * no key of the principal (Windows' status for a workstation without its trust secret); STATUS_NO_LOGON_SERVERS when
 * its realm has no KDC; STATUS_NO_MEMORY. On failure *out is zeroed. */
NTSTATUS kerb_machine_load(kerb_machine_account *out);

/* Wipes the keys, frees the principal, zeroes *a. */
void kerb_machine_free(kerb_machine_account *a);

/* The key that opens a ticket whose enc-part names etype and kvno (0: any kvno), for server (compared with the
 * machine principal: components exactly, realm case-insensitively). STATUS_SUCCESS with *key pointing into a;
 * STATUS_NO_TRUST_LSA_SECRET when server is not the machine; SEC_E_ETYPE_NOT_SUPP when no key has that enctype (and
 * kvno). */
NTSTATUS kerb_machine_find_key(const kerb_machine_account *a, const kcc_principal *server, int32_t etype,
                               uint32_t kvno, const kerb_machine_key **key);

/* The machine's TGT (an AS exchange with its keys; kept in the SYSTEM session's cache, LogonId 0x3e7, and fetched
 * again when ended or near its end). *out is a copy the caller frees (kcc_cred_free). Statuses as kerb_kdc_get_tgt. */
NTSTATUS kerb_machine_get_tgt(const kerb_machine_account *a, kcc_cred *out);

#endif
