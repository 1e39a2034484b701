/* KerbSubmitTicketMessage: a KRB-CRED (RFC 4120 5.8) put into a session's cache. */
#ifndef LSAEMU_PACKAGES_KERB_SUBMIT_H
#define LSAEMU_PACKAGES_KERB_SUBMIT_H

#include "pkg_win.h"

#include "kerb_source.h"

/* winerror.h's "The encryption type requested is not supported by the KDC", which mingw-w64 lacks. */
#ifndef SEC_E_ETYPE_NOT_SUPP
#define SEC_E_ETYPE_NOT_SUPP _HRESULT_TYPEDEF_(0x80090341L)
#endif

/* submit is a whole KERB_SUBMIT_TKT_REQUEST of len bytes (its offsets count from its start). The ProtocolStatus:
 *   STATUS_INVALID_PARAMETER  request or its KerbCred/Key ranges out of bounds, no KRB-CRED, a KRB-CRED that does
 *                             not decode (truncated, not DER, pvno/msg-type wrong, tickets and infos mismatched),
 *                             a key whose length is not its enctype's
 *   SEC_E_ETYPE_NOT_SUPP      enc-part encrypted with an enctype the package does not have
 *   SEC_E_DECRYPT_FAILURE     enc-part encrypted and no key given, a key of another enctype, or the wrong key
 *   STATUS_NO_MEMORY / STATUS_INTERNAL_ERROR
 * Nothing is cached unless every credential parsed. */
NTSTATUS kerb_submit_ticket(const kerb_source *src, const void *submit, ULONG len);

#endif
