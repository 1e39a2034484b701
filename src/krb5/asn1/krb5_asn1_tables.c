/* The Kerberos types of RFC 4120 section 5 as field tables (the module uses EXPLICIT TAGS: each [n] wraps the
 * field's own TLV). Field order is the RFC's; the codec relies on it. */
#include "krb5_asn1_schema.h"

#define REQ(n, kind, type, member) {n, kind, 0, 0, offsetof(type, member), NULL}
#define OPT(n, kind, type, member) {n, kind, 0, 1, offsetof(type, member), NULL}
#define REQ_S(n, sub, type, member) {n, K5_STRUCT, 0, 0, offsetof(type, member), &sub}
#define OPT_S(n, sub, type, member) {n, K5_STRUCT, 0, 1, offsetof(type, member), &sub}
#define REQ_L(n, elem, sub, type, member) {n, K5_LIST, elem, 0, offsetof(type, member), sub}
#define OPT_L(n, elem, sub, type, member) {n, K5_LIST, elem, 1, offsetof(type, member), sub}
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define TYPE(var, name, app, ctype, fields) \
    const k5_asn1_type var = {name, app, 0, sizeof(ctype), fields, COUNT(fields)}
#define LIST_TYPE(var, name, elem, sub)                                                        \
    static const k5_field var##_fields[] = {REQ_L(0, elem, sub, k5_sequence_of, items)};     \
    const k5_asn1_type var = {name, -1, 1, sizeof(k5_sequence_of), var##_fields, 1}

static const k5_field principal_name[] = {
    REQ(0, K5_INT32, k5_principal_name, name_type),
    REQ_L(1, K5_STRING, NULL, k5_principal_name, name_string),
};
TYPE(k5_PrincipalName, "PrincipalName", -1, k5_principal_name, principal_name);

static const k5_field encryption_key[] = {
    REQ(0, K5_INT32, k5_encryption_key, keytype),
    REQ(1, K5_OCTETS, k5_encryption_key, keyvalue),
};
TYPE(k5_EncryptionKey, "EncryptionKey", -1, k5_encryption_key, encryption_key);

static const k5_field encrypted_data[] = {
    REQ(0, K5_INT32, k5_encrypted_data, etype),
    OPT(1, K5_UINT32, k5_encrypted_data, kvno),
    REQ(2, K5_OCTETS, k5_encrypted_data, cipher),
};
TYPE(k5_EncryptedData, "EncryptedData", -1, k5_encrypted_data, encrypted_data);

static const k5_field checksum[] = {
    REQ(0, K5_INT32, k5_checksum, cksumtype),
    REQ(1, K5_OCTETS, k5_checksum, checksum),
};
TYPE(k5_Checksum, "Checksum", -1, k5_checksum, checksum);

static const k5_field pa_data[] = {
    REQ(1, K5_INT32, k5_pa_data, padata_type),
    REQ(2, K5_OCTETS, k5_pa_data, padata_value),
};
TYPE(k5_PA_DATA, "PA-DATA", -1, k5_pa_data, pa_data);
LIST_TYPE(k5_METHOD_DATA, "METHOD-DATA", K5_STRUCT, &k5_PA_DATA);

static const k5_field host_address[] = {
    REQ(0, K5_INT32, k5_host_address, addr_type),
    REQ(1, K5_OCTETS, k5_host_address, address),
};
TYPE(k5_HostAddress, "HostAddress", -1, k5_host_address, host_address);
LIST_TYPE(k5_HostAddresses, "HostAddresses", K5_STRUCT, &k5_HostAddress);

static const k5_field authorization_data_entry[] = {
    REQ(0, K5_INT32, k5_authorization_data_entry, ad_type),
    REQ(1, K5_OCTETS, k5_authorization_data_entry, ad_data),
};
static TYPE(authorization_data_entry_type, "AuthorizationData entry", -1, k5_authorization_data_entry,
            authorization_data_entry);
LIST_TYPE(k5_AuthorizationData, "AuthorizationData", K5_STRUCT, &authorization_data_entry_type);

static const k5_field last_req_entry[] = {
    REQ(0, K5_INT32, k5_last_req_entry, lr_type),
    REQ(1, K5_TIME, k5_last_req_entry, lr_value),
};
static TYPE(last_req_entry_type, "LastReq entry", -1, k5_last_req_entry, last_req_entry);
LIST_TYPE(k5_LastReq, "LastReq", K5_STRUCT, &last_req_entry_type);

static const k5_field transited_encoding[] = {
    REQ(0, K5_INT32, k5_transited_encoding, tr_type),
    REQ(1, K5_OCTETS, k5_transited_encoding, contents),
};
TYPE(k5_TransitedEncoding, "TransitedEncoding", -1, k5_transited_encoding, transited_encoding);

static const k5_field ticket[] = {
    REQ(0, K5_INT32, k5_ticket, tkt_vno),
    REQ(1, K5_STRING, k5_ticket, realm),
    REQ_S(2, k5_PrincipalName, k5_ticket, sname),
    REQ_S(3, k5_EncryptedData, k5_ticket, enc_part),
};
TYPE(k5_Ticket, "Ticket", 1, k5_ticket, ticket);

static const k5_field kdc_req_body[] = {
    REQ(0, K5_FLAGS, k5_kdc_req_body, kdc_options),
    OPT_S(1, k5_PrincipalName, k5_kdc_req_body, cname),
    REQ(2, K5_STRING, k5_kdc_req_body, realm),
    OPT_S(3, k5_PrincipalName, k5_kdc_req_body, sname),
    OPT(4, K5_TIME, k5_kdc_req_body, from),
    REQ(5, K5_TIME, k5_kdc_req_body, till),
    OPT(6, K5_TIME, k5_kdc_req_body, rtime),
    REQ(7, K5_UINT32, k5_kdc_req_body, nonce),
    REQ_L(8, K5_INT32, NULL, k5_kdc_req_body, etype),
    OPT_L(9, K5_STRUCT, &k5_HostAddress, k5_kdc_req_body, addresses),
    OPT_S(10, k5_EncryptedData, k5_kdc_req_body, enc_authorization_data),
    OPT_L(11, K5_STRUCT, &k5_Ticket, k5_kdc_req_body, additional_tickets),
};
TYPE(k5_KDC_REQ_BODY, "KDC-REQ-BODY", -1, k5_kdc_req_body, kdc_req_body);

static const k5_field kdc_req[] = {
    REQ(1, K5_INT32, k5_kdc_req, pvno),
    REQ(2, K5_INT32, k5_kdc_req, msg_type),
    OPT_L(3, K5_STRUCT, &k5_PA_DATA, k5_kdc_req, padata),
    REQ_S(4, k5_KDC_REQ_BODY, k5_kdc_req, req_body),
};
TYPE(k5_AS_REQ, "AS-REQ", 10, k5_kdc_req, kdc_req);
TYPE(k5_TGS_REQ, "TGS-REQ", 12, k5_kdc_req, kdc_req);

static const k5_field kdc_rep[] = {
    REQ(0, K5_INT32, k5_kdc_rep, pvno),
    REQ(1, K5_INT32, k5_kdc_rep, msg_type),
    OPT_L(2, K5_STRUCT, &k5_PA_DATA, k5_kdc_rep, padata),
    REQ(3, K5_STRING, k5_kdc_rep, crealm),
    REQ_S(4, k5_PrincipalName, k5_kdc_rep, cname),
    REQ_S(5, k5_Ticket, k5_kdc_rep, ticket),
    REQ_S(6, k5_EncryptedData, k5_kdc_rep, enc_part),
};
TYPE(k5_AS_REP, "AS-REP", 11, k5_kdc_rep, kdc_rep);
TYPE(k5_TGS_REP, "TGS-REP", 13, k5_kdc_rep, kdc_rep);

static const k5_field enc_kdc_rep_part[] = {
    REQ_S(0, k5_EncryptionKey, k5_enc_kdc_rep_part, key),
    REQ_L(1, K5_STRUCT, &last_req_entry_type, k5_enc_kdc_rep_part, last_req),
    REQ(2, K5_UINT32, k5_enc_kdc_rep_part, nonce),
    OPT(3, K5_TIME, k5_enc_kdc_rep_part, key_expiration),
    REQ(4, K5_FLAGS, k5_enc_kdc_rep_part, flags),
    REQ(5, K5_TIME, k5_enc_kdc_rep_part, authtime),
    OPT(6, K5_TIME, k5_enc_kdc_rep_part, starttime),
    REQ(7, K5_TIME, k5_enc_kdc_rep_part, endtime),
    OPT(8, K5_TIME, k5_enc_kdc_rep_part, renew_till),
    REQ(9, K5_STRING, k5_enc_kdc_rep_part, srealm),
    REQ_S(10, k5_PrincipalName, k5_enc_kdc_rep_part, sname),
    OPT_L(11, K5_STRUCT, &k5_HostAddress, k5_enc_kdc_rep_part, caddr),
};
TYPE(k5_EncASRepPart, "EncASRepPart", 25, k5_enc_kdc_rep_part, enc_kdc_rep_part);
TYPE(k5_EncTGSRepPart, "EncTGSRepPart", 26, k5_enc_kdc_rep_part, enc_kdc_rep_part);

static const k5_field enc_ticket_part[] = {
    REQ(0, K5_FLAGS, k5_enc_ticket_part, flags),
    REQ_S(1, k5_EncryptionKey, k5_enc_ticket_part, key),
    REQ(2, K5_STRING, k5_enc_ticket_part, crealm),
    REQ_S(3, k5_PrincipalName, k5_enc_ticket_part, cname),
    REQ_S(4, k5_TransitedEncoding, k5_enc_ticket_part, transited),
    REQ(5, K5_TIME, k5_enc_ticket_part, authtime),
    OPT(6, K5_TIME, k5_enc_ticket_part, starttime),
    REQ(7, K5_TIME, k5_enc_ticket_part, endtime),
    OPT(8, K5_TIME, k5_enc_ticket_part, renew_till),
    OPT_L(9, K5_STRUCT, &k5_HostAddress, k5_enc_ticket_part, caddr),
    OPT_L(10, K5_STRUCT, &authorization_data_entry_type, k5_enc_ticket_part, authorization_data),
};
TYPE(k5_EncTicketPart, "EncTicketPart", 3, k5_enc_ticket_part, enc_ticket_part);

static const k5_field authenticator[] = {
    REQ(0, K5_INT32, k5_authenticator, authenticator_vno),
    REQ(1, K5_STRING, k5_authenticator, crealm),
    REQ_S(2, k5_PrincipalName, k5_authenticator, cname),
    OPT_S(3, k5_Checksum, k5_authenticator, cksum),
    REQ(4, K5_USEC, k5_authenticator, cusec),
    REQ(5, K5_TIME, k5_authenticator, ctime),
    OPT_S(6, k5_EncryptionKey, k5_authenticator, subkey),
    OPT(7, K5_UINT32, k5_authenticator, seq_number),
    OPT_L(8, K5_STRUCT, &authorization_data_entry_type, k5_authenticator, authorization_data),
};
TYPE(k5_Authenticator, "Authenticator", 2, k5_authenticator, authenticator);

static const k5_field ap_req[] = {
    REQ(0, K5_INT32, k5_ap_req, pvno),
    REQ(1, K5_INT32, k5_ap_req, msg_type),
    REQ(2, K5_FLAGS, k5_ap_req, ap_options),
    REQ_S(3, k5_Ticket, k5_ap_req, ticket),
    REQ_S(4, k5_EncryptedData, k5_ap_req, authenticator),
};
TYPE(k5_AP_REQ, "AP-REQ", 14, k5_ap_req, ap_req);

static const k5_field krb_error[] = {
    REQ(0, K5_INT32, k5_krb_error, pvno),
    REQ(1, K5_INT32, k5_krb_error, msg_type),
    OPT(2, K5_TIME, k5_krb_error, ctime),
    OPT(3, K5_USEC, k5_krb_error, cusec),
    REQ(4, K5_TIME, k5_krb_error, stime),
    REQ(5, K5_USEC, k5_krb_error, susec),
    REQ(6, K5_INT32, k5_krb_error, error_code),
    OPT(7, K5_STRING, k5_krb_error, crealm),
    OPT_S(8, k5_PrincipalName, k5_krb_error, cname),
    REQ(9, K5_STRING, k5_krb_error, realm),
    REQ_S(10, k5_PrincipalName, k5_krb_error, sname),
    OPT(11, K5_STRING, k5_krb_error, e_text),
    OPT(12, K5_OCTETS, k5_krb_error, e_data),
};
TYPE(k5_KRB_ERROR, "KRB-ERROR", 30, k5_krb_error, krb_error);

static const k5_field etype_info2_entry[] = {
    REQ(0, K5_INT32, k5_etype_info2_entry, etype),
    OPT(1, K5_STRING, k5_etype_info2_entry, salt),
    OPT(2, K5_OCTETS, k5_etype_info2_entry, s2kparams),
};
TYPE(k5_ETYPE_INFO2_ENTRY, "ETYPE-INFO2-ENTRY", -1, k5_etype_info2_entry, etype_info2_entry);
LIST_TYPE(k5_ETYPE_INFO2, "ETYPE-INFO2", K5_STRUCT, &k5_ETYPE_INFO2_ENTRY);

static const k5_field pa_enc_ts_enc[] = {
    REQ(0, K5_TIME, k5_pa_enc_ts_enc, patimestamp),
    OPT(1, K5_USEC, k5_pa_enc_ts_enc, pausec),
};
TYPE(k5_PA_ENC_TS_ENC, "PA-ENC-TS-ENC", -1, k5_pa_enc_ts_enc, pa_enc_ts_enc);

static const k5_field krb_cred[] = {
    REQ(0, K5_INT32, k5_krb_cred, pvno),
    REQ(1, K5_INT32, k5_krb_cred, msg_type),
    REQ_L(2, K5_STRUCT, &k5_Ticket, k5_krb_cred, tickets),
    REQ_S(3, k5_EncryptedData, k5_krb_cred, enc_part),
};
TYPE(k5_KRB_CRED, "KRB-CRED", 22, k5_krb_cred, krb_cred);

static const k5_field krb_cred_info[] = {
    REQ_S(0, k5_EncryptionKey, k5_krb_cred_info, key),
    OPT(1, K5_STRING, k5_krb_cred_info, prealm),
    OPT_S(2, k5_PrincipalName, k5_krb_cred_info, pname),
    OPT(3, K5_FLAGS, k5_krb_cred_info, flags),
    OPT(4, K5_TIME, k5_krb_cred_info, authtime),
    OPT(5, K5_TIME, k5_krb_cred_info, starttime),
    OPT(6, K5_TIME, k5_krb_cred_info, endtime),
    OPT(7, K5_TIME, k5_krb_cred_info, renew_till),
    OPT(8, K5_STRING, k5_krb_cred_info, srealm),
    OPT_S(9, k5_PrincipalName, k5_krb_cred_info, sname),
    OPT_L(10, K5_STRUCT, &k5_HostAddress, k5_krb_cred_info, caddr),
};
TYPE(k5_KrbCredInfo, "KrbCredInfo", -1, k5_krb_cred_info, krb_cred_info);

static const k5_field enc_krb_cred_part[] = {
    REQ_L(0, K5_STRUCT, &k5_KrbCredInfo, k5_enc_krb_cred_part, ticket_info),
    OPT(1, K5_UINT32, k5_enc_krb_cred_part, nonce),
    OPT(2, K5_TIME, k5_enc_krb_cred_part, timestamp),
    OPT(3, K5_USEC, k5_enc_krb_cred_part, usec),
    OPT_S(4, k5_HostAddress, k5_enc_krb_cred_part, s_address),
    OPT_S(5, k5_HostAddress, k5_enc_krb_cred_part, r_address),
};
TYPE(k5_EncKrbCredPart, "EncKrbCredPart", 29, k5_enc_krb_cred_part, enc_krb_cred_part);

static const k5_field ap_rep[] = {
    REQ(0, K5_INT32, k5_ap_rep, pvno),
    REQ(1, K5_INT32, k5_ap_rep, msg_type),
    REQ_S(2, k5_EncryptedData, k5_ap_rep, enc_part),
};
TYPE(k5_AP_REP, "AP-REP", 15, k5_ap_rep, ap_rep);

static const k5_field enc_ap_rep_part[] = {
    REQ(0, K5_TIME, k5_enc_ap_rep_part, ctime),
    REQ(1, K5_USEC, k5_enc_ap_rep_part, cusec),
    OPT_S(2, k5_EncryptionKey, k5_enc_ap_rep_part, subkey),
    OPT(3, K5_UINT32, k5_enc_ap_rep_part, seq_number),
};
TYPE(k5_EncAPRepPart, "EncAPRepPart", 27, k5_enc_ap_rep_part, enc_ap_rep_part);

static const k5_field krb_priv[] = {
    REQ(0, K5_INT32, k5_krb_priv, pvno),
    REQ(1, K5_INT32, k5_krb_priv, msg_type),
    REQ_S(3, k5_EncryptedData, k5_krb_priv, enc_part),
};
TYPE(k5_KRB_PRIV, "KRB-PRIV", 21, k5_krb_priv, krb_priv);

/* s-address is required by RFC 4120, but MIT and Heimdal decode it as OPTIONAL and leave it out when the sender has
 * no address to give: do the same so their messages decode. */
static const k5_field enc_krb_priv_part[] = {
    REQ(0, K5_OCTETS, k5_enc_krb_priv_part, user_data),
    OPT(1, K5_TIME, k5_enc_krb_priv_part, timestamp),
    OPT(2, K5_USEC, k5_enc_krb_priv_part, usec),
    OPT(3, K5_UINT32, k5_enc_krb_priv_part, seq_number),
    OPT_S(4, k5_HostAddress, k5_enc_krb_priv_part, s_address),
    OPT_S(5, k5_HostAddress, k5_enc_krb_priv_part, r_address),
};
TYPE(k5_EncKrbPrivPart, "EncKrbPrivPart", 28, k5_enc_krb_priv_part, enc_krb_priv_part);

static const k5_field change_passwd_data[] = {
    REQ(0, K5_OCTETS, k5_change_passwd_data, newpasswd),
    OPT_S(1, k5_PrincipalName, k5_change_passwd_data, targname),
    OPT(2, K5_STRING, k5_change_passwd_data, targrealm),
};
TYPE(k5_ChangePasswdData, "ChangePasswdData", -1, k5_change_passwd_data, change_passwd_data);

static const k5_field pa_for_user[] = {
    REQ_S(0, k5_PrincipalName, k5_pa_for_user, user_name),
    REQ(1, K5_STRING, k5_pa_for_user, user_realm),
    REQ_S(2, k5_Checksum, k5_pa_for_user, cksum),
    REQ(3, K5_STRING, k5_pa_for_user, auth_package),
};
TYPE(k5_PA_FOR_USER, "PA-FOR-USER", -1, k5_pa_for_user, pa_for_user);

static const k5_field s4u_user_id[] = {
    REQ(0, K5_UINT32, k5_s4u_user_id, nonce),
    OPT_S(1, k5_PrincipalName, k5_s4u_user_id, cname),
    REQ(2, K5_STRING, k5_s4u_user_id, crealm),
    OPT(3, K5_OCTETS, k5_s4u_user_id, subject_certificate),
    OPT(4, K5_FLAGS, k5_s4u_user_id, options),
};
TYPE(k5_S4UUserID, "S4UUserID", -1, k5_s4u_user_id, s4u_user_id);

static const k5_field pa_s4u_x509_user[] = {
    REQ_S(0, k5_S4UUserID, k5_pa_s4u_x509_user, user_id),
    REQ_S(1, k5_Checksum, k5_pa_s4u_x509_user, checksum),
};
TYPE(k5_PA_S4U_X509_USER, "PA-S4U-X509-USER", -1, k5_pa_s4u_x509_user, pa_s4u_x509_user);

/* New types go at the end: the fuzzer's seeds name a type by its index here. */
const k5_asn1_type *const k5_asn1_all_types[] = {
    &k5_PrincipalName, &k5_EncryptionKey, &k5_EncryptedData, &k5_Checksum, &k5_PA_DATA, &k5_METHOD_DATA,
    &k5_HostAddress, &k5_HostAddresses, &k5_KDC_REQ_BODY, &k5_AS_REQ, &k5_TGS_REQ, &k5_AS_REP, &k5_TGS_REP,
    &k5_EncASRepPart, &k5_EncTGSRepPart, &k5_LastReq, &k5_Ticket, &k5_EncTicketPart, &k5_TransitedEncoding,
    &k5_AuthorizationData, &k5_Authenticator, &k5_AP_REQ, &k5_KRB_ERROR, &k5_ETYPE_INFO2_ENTRY, &k5_ETYPE_INFO2,
    &k5_PA_ENC_TS_ENC, &k5_KRB_CRED, &k5_EncKrbCredPart, &k5_KrbCredInfo, &k5_AP_REP, &k5_EncAPRepPart,
    &k5_KRB_PRIV, &k5_EncKrbPrivPart, &k5_ChangePasswdData, &k5_PA_FOR_USER, &k5_S4UUserID, &k5_PA_S4U_X509_USER,
};
const size_t k5_asn1_all_types_count = COUNT(k5_asn1_all_types);
