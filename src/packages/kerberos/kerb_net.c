/* Placeholder until the Winsock exchange lands (kerb_net.h). */
#include "pkg_win.h"

#include "kerb_net.h"

NTSTATUS kerb_net_exchange(const kerb_kdc_addr *kdc, BOOL tcp, const BYTE *req, size_t req_len, DWORD timeout_ms,
                           BYTE **reply, size_t *reply_len)
{
    (void)kdc;
    (void)tcp;
    (void)req;
    (void)req_len;
    (void)timeout_ms;
    *reply = NULL;
    *reply_len = 0;
    return STATUS_HOST_UNREACHABLE;
}
