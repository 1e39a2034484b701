/* libFuzzer: a kpasswd reply (src/krb5/proto/k5p_kpasswd.c) read against a fixed request state, real crypto from
 * OpenSSL. Whatever the bytes, the reader answers one of its results, and a result code only with K5P_OK or a
 * KRB-ERROR, within 16 bits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "k5kpasswd.h"
#include "krb5_openssl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t fixed_now(void *ctx, int32_t *usec)
{
    (void)ctx;
    *usec = 424242;
    return 1700000000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    k5p_env env = {krb5_openssl_primitives(), fixed_now, NULL};
    k5kp_state st;
    int32_t code, krb_error;
    k5p_result rc;

    memset(&st, 0, sizeof(st));
    st.session_enctype = 18;
    st.session_key_len = 32;
    for (size_t i = 0; i < 32; i++) {
        st.session_key[i] = (uint8_t)(i * 7 + 1);
        st.subkey[i] = (uint8_t)(i * 11 + 3);
    }
    st.ctime = 1700000000;
    st.cusec = 424242;
    rc = k5kp_process_reply(&env, &st, data, size, &code, &krb_error);
    if (rc == K5P_OK && (code < 0 || code > 0xffff || krb_error != -1))
        abort();
    if (rc == K5P_E_KDC_ERROR && code > 0xffff)
        abort();
    if (rc != K5P_OK && rc != K5P_E_KDC_ERROR && code != -1)
        abort();
    (void)k5kp_result_status(code);
    return 0;
}
