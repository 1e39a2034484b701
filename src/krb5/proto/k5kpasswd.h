/* The Kerberos change/set password protocol (RFC 3244, and version 1 as MIT's kpasswd speaks it): the request frame
 * (AP-REQ with a kadmin/changepw ticket and a fresh subkey, then KRB-PRIV carrying the new password under that
 * subkey), the reply frame (AP-REP + KRB-PRIV, or a KRB-ERROR) checked against the request, and the result codes as
 * NTSTATUS. Portable, pure functions over bytes; the ticket comes from an AS exchange the caller makes. */
#ifndef LSAEMU_K5KPASSWD_H
#define LSAEMU_K5KPASSWD_H

#include <stddef.h>
#include <stdint.h>

#include "k5proto.h"

#define K5KP_VERSION_CHANGE 0x0001u /* user-data is the new password itself */
#define K5KP_VERSION_SET 0xff80u    /* user-data is a ChangePasswdData */
#define K5KP_PORT 464               /* the kpasswd service */

/* RFC 3244 result codes. */
#define K5KP_RESULT_SUCCESS 0
#define K5KP_RESULT_MALFORMED 1
#define K5KP_RESULT_HARDERROR 2
#define K5KP_RESULT_AUTHERROR 3
#define K5KP_RESULT_SOFTERROR 4 /* MIT and Active Directory: the password policy refused the new password */
#define K5KP_RESULT_ACCESSDENIED 5
#define K5KP_RESULT_BAD_VERSION 6
#define K5KP_RESULT_INITIAL_FLAG_NEEDED 7

/* The statuses only this protocol gives (the others are in k5p_status.h). */
#define K5KP_STATUS_UNSUCCESSFUL 0xC0000001u
#define K5KP_STATUS_ACCESS_DENIED 0xC0000022u
#define K5KP_STATUS_PASSWORD_RESTRICTION 0xC000006Cu

typedef struct k5kp_request_params {
    const kcc_cred *cred;    /* a ticket for kadmin/changepw and its session key */
    uint16_t version;        /* K5KP_VERSION_CHANGE or K5KP_VERSION_SET */
    const uint8_t *new_password; /* UTF-8, not NUL-terminated */
    size_t new_password_len;
    const kcc_principal *target; /* K5KP_VERSION_SET only: whose password; NULL: the ticket's client */
    /* KRB-PRIV's s-address: the address the server sees the request come from (MIT compares them). */
    int32_t s_addr_type;
    const uint8_t *s_addr;
    size_t s_addr_len;
} k5kp_request_params;

/* What the reply is checked against, kept between building the request and reading the reply. Secret: wipe it
 * (k5kp_state_wipe). */
typedef struct k5kp_state {
    int32_t session_enctype;
    uint8_t session_key[32];
    size_t session_key_len;
    uint8_t subkey[32]; /* same enctype as the session key */
    int64_t ctime;
    int32_t cusec;
    uint32_t seq_number;
} k5kp_state;

void k5kp_state_wipe(k5kp_state *st);

/* The request frame (length, version, AP-REQ length, AP-REQ, KRB-PRIV) appended to w; *st filled for the reply. */
k5p_result k5kp_build_request(const k5p_env *env, const k5kp_request_params *p, k5kp_state *st, asn1_wbuf *w);

/* What the server answered: K5P_OK with *result_code from the KRB-PRIV (AP-REP's ctime/cusec ours, KRB-PRIV under
 * the subkey); K5P_E_KDC_ERROR with *krb_error and, when its e-data carries one, *result_code (else -1);
 * K5P_E_MALFORMED (frame lengths, types), K5P_E_INTEGRITY (a MAC mismatch or an AP-REP for another request). */
k5p_result k5kp_process_reply(const k5p_env *env, const k5kp_state *st, const uint8_t *rep, size_t len,
                              int32_t *result_code, int32_t *krb_error);

/* The NTSTATUS a result code stands for (docs/design.md "Kerberos: password change"). */
uint32_t k5kp_result_status(int32_t result_code);

#endif
