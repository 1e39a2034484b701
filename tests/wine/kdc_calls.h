/* The calls the Wine programs against the KDC fixture make alike, over a connection lsa to the Kerberos package kerb:
 * an interactive password logon and a KerbRetrieveEncodedTicketMessage, each built in the program's own buf (size
 * bytes). Header-only; include after test_packages_common.h. */
#ifndef LSAEMU_TESTS_KDC_CALLS_H
#define LSAEMU_TESTS_KDC_CALLS_H

/* KERB_INTERACTIVE_LOGON of name in realm with pw; buf wiped after (it held the password). */
static inline void kdc_password_logon(HANDLE lsa, ULONG kerb, BYTE *buf, size_t size, const WCHAR *realm,
                                      const WCHAR *name, const WCHAR *pw, logon_result *l)
{
    ULONG len = build_interactive_in(buf, sizeof(KERB_INTERACTIVE_LOGON), KerbInteractiveLogon, realm, name, pw,
                                     DIALECT_ABSOLUTE);

    do_logon(lsa, kerb, Interactive, buf, len, l);
    SecureZeroMemory(buf, size);
}

/* kdc_password_logon that must succeed: the test fails naming the status and SubStatus otherwise. */
static inline void kdc_password_logon_ok(HANDLE lsa, ULONG kerb, BYTE *buf, size_t size, const WCHAR *realm,
                                         const WCHAR *name, const WCHAR *pw, logon_result *l)
{
    kdc_password_logon(lsa, kerb, buf, size, realm, name, pw, l);
    if (l->status != STATUS_SUCCESS)
        fail_msg("logon %ls: 0x%08lx sub 0x%08lx", name, (unsigned long)l->status, (unsigned long)l->sub);
}

/* KerbRetrieveEncodedTicket of target in session id with cache options; the call itself must succeed. The ticket,
 * or NULL with r->protocol the refusal. */
static inline const KERB_EXTERNAL_TICKET *kdc_retrieve(HANDLE lsa, ULONG kerb, BYTE *buf, size_t size, LUID id,
                                                       const WCHAR *target, ULONG options, call_result *r)
{
    ULONG len = build_retrieve_in(buf, size, target, options, 0, 0, id, DIALECT_ABSOLUTE);

    do_call(lsa, kerb, buf, len, r);
    assert_status(r->status, STATUS_SUCCESS);
    if (r->protocol != STATUS_SUCCESS)
        return NULL;
    assert_true(r->len >= sizeof(KERB_RETRIEVE_TKT_RESPONSE));
    return &((const KERB_RETRIEVE_TKT_RESPONSE *)r->buf)->Ticket;
}

#endif
