/* KerbSetPasswordMessage; see kerb_setpw.h. The request's account names the target of a ChangePasswdData; the
 * ticket is for kadmin/changepw in the session's realm, obtained with its TGT like any service ticket (not cached:
 * it serves this one exchange), and the request goes to that realm's kpasswd server. */
#include "pkg_win.h"

#include <stddef.h>
#include <string.h>

#include "kerb_config.h"
#include "kerb_kpasswd.h"
#include "kerb_names.h"
#include "kerb_newkey.h"
#include "kerb_package.h"
#include "kerb_retrieve.h"
#include "kerb_setpw.h"
#include "kerb_source.h"
#include "pkg_client.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

/* The session the request names: LogonId when Flags says so, else the caller's. */
static NTSTATUS session_of(BOOL trusted, const KERB_SETPASSWORD_REQUEST *head, kerb_source *src)
{
    LUID requested = {0, 0}, target;
    NTSTATUS status;
    BOOL own;

    if (head->Flags & KERB_SETPASS_USE_LOGONID)
        requested = head->LogonId;
    status = pkg_client_resolve_logon_id(kerb_lsa, kerb_package_id, trusted, &requested, &target, &own);
    if (status == STATUS_SUCCESS)
        kerb_source_for(&target, own, src);
    return status;
}

/* kadmin/changepw of the session's realm, with its TGT. */
static NTSTATUS changepw_ticket(const kerb_source *src, kcc_cred *ticket, kerb_realm_info *realm)
{
    static const char *const comps[2] = {"kadmin", "changepw"};
    kcc_principal service;
    NTSTATUS status;

    memset(&service, 0, sizeof(service));
    if (kcc_principal_set(&service, KERB_NT_SRV_INST, "", 2, comps) != KCC_OK)
        return STATUS_NO_MEMORY;
    status = kerb_retrieve_fetch(src, &service, ticket, realm);
    kcc_principal_free(&service);
    return status;
}

NTSTATUS kerb_set_password(BOOL trusted, const void *submit, ULONG len, const void *base)
{
    KERB_SETPASSWORD_REQUEST head;
    pkg_wstr domain, account, password;
    WCHAR *pw = NULL;
    size_t pw_chars = 0;
    char user[KPASSWD_MAX_USER];
    kerb_realm_info target_realm, realm;
    kcc_principal target;
    kerb_source src;
    kcc_cred ticket;
    NTSTATUS status;

    memset(&target, 0, sizeof(target));
    memset(&ticket, 0, sizeof(ticket));
    if (len < sizeof(KERB_SETPASSWORD_REQUEST))
        return STATUS_INVALID_PARAMETER;
    memcpy(&head, submit, offsetof(KERB_SETPASSWORD_REQUEST, DomainName));
    if (head.Flags & KERB_SETPASS_USE_CREDHANDLE)
        return STATUS_NOT_SUPPORTED;
    if ((status = pkg_submit_ustring(KERB_TRACE, "DomainName", submit, len, base,
                                     offsetof(KERB_SETPASSWORD_REQUEST, DomainName), &domain)) ||
        (status = pkg_submit_ustring(KERB_TRACE, "AccountName", submit, len, base,
                                     offsetof(KERB_SETPASSWORD_REQUEST, AccountName), &account)) ||
        (status = pkg_submit_ustring(KERB_TRACE, "Password", submit, len, base,
                                     offsetof(KERB_SETPASSWORD_REQUEST, Password), &password)))
        return status;
    if ((status = kerb_kpasswd_account(&account, user)) != STATUS_SUCCESS ||
        (status = session_of(trusted, &head, &src)) != STATUS_SUCCESS ||
        (status = kerb_kpasswd_realm(&domain, &target_realm)) != STATUS_SUCCESS)
        return status;
    if (!kerb_newkey_principal(target_realm.realm, user, &target))
        return STATUS_INVALID_PARAMETER;
    if ((status = kerb_kpasswd_copy_password(&password, &pw, &pw_chars)) != STATUS_SUCCESS)
        goto done;
    if ((status = changepw_ticket(&src, &ticket, &realm)) != STATUS_SUCCESS) {
        pkg_warn(KERB_TRACE, "set password of %s@%s: no kadmin/changepw ticket (0x%08lx)", user, target_realm.realm,
                 (unsigned long)status);
        goto done;
    }
    status = kerb_kpasswd_send(&realm, &ticket, &target, pw, pw_chars);
    if (status != STATUS_SUCCESS)
        pkg_warn(KERB_TRACE, "set password of %s@%s: 0x%08lx", user, target_realm.realm, (unsigned long)status);
    else
        kerb_newkey_update_sessions(&target_realm, user, pw, pw_chars);
done:
    kcc_cred_free(&ticket);
    kcc_principal_free(&target);
    kerb_kpasswd_wipe_password(pw, pw_chars);
    return status;
}
