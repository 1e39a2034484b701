/* Placeholder until the AS/TGS exchanges land (kerb_kdc.h): no KDC is reached. */
#include "pkg_win.h"

#include <string.h>

#include "kerb_kdc.h"

NTSTATUS kerb_kdc_get_tgt(const kerb_realm_info *realm, const char *user, const WCHAR *password,
                          size_t password_chars, kerb_tgt_result *out, NTSTATUS *sub_status)
{
    (void)realm;
    (void)user;
    (void)password;
    (void)password_chars;
    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    return STATUS_NO_LOGON_SERVERS;
}

NTSTATUS kerb_kdc_get_tgt_with_key(const kerb_realm_info *realm, const char *user, int32_t key_enctype,
                                   const uint8_t *key, size_t key_len, kerb_tgt_result *out, NTSTATUS *sub_status)
{
    (void)realm;
    (void)user;
    (void)key_enctype;
    (void)key;
    (void)key_len;
    memset(out, 0, sizeof(*out));
    *sub_status = STATUS_SUCCESS;
    return STATUS_NO_LOGON_SERVERS;
}

NTSTATUS kerb_kdc_get_service_ticket(const kerb_realm_info *realm, const kcc_cred *tgt, const kcc_principal *server,
                                     uint32_t kdc_options, int32_t etype, kcc_cred *out,
                                     char kdc[KERB_MAX_KDC_NAME])
{
    (void)realm;
    (void)tgt;
    (void)server;
    (void)kdc_options;
    (void)etype;
    memset(out, 0, sizeof(*out));
    kdc[0] = 0;
    return STATUS_NO_LOGON_SERVERS;
}

void kerb_tgt_result_free(kerb_tgt_result *r)
{
    if (!r)
        return;
    kcc_cred_free(&r->tgt);
    SecureZeroMemory(r, sizeof(*r));
}
