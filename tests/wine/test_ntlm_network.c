/* MSV1_0 network logons the NTLM way, through the public API only (linked against mingw's stock libsecur32.a).
 *
 * The response comes from an independent NTLM client: the host SSPI's "NTLM" package (Wine's builtin, reached
 * through our forwarded exports; under Wine it runs Samba's ntlm_auth) answers a CHALLENGE_MESSAGE we build around
 * a challenge from MsV1_0Lm20ChallengeRequest; the AUTHENTICATE_MESSAGE's responses then go to LsaLogonUser(Network)
 * in an MSV1_0_LM20_LOGON. Also checked end to end: the NTLMv2 example of MS-NLMP section 4.2.4. */
#include "test_msv1_0_fixture.h"

#include <stdlib.h>

#define NTLMSSP_NEGOTIATE_UNICODE 0x00000001u
#define NTLMSSP_REQUEST_TARGET 0x00000004u
#define NTLMSSP_NEGOTIATE_NTLM 0x00000200u
#define NTLMSSP_NEGOTIATE_ALWAYS_SIGN 0x00008000u
#define NTLMSSP_TARGET_TYPE_SERVER 0x00020000u
#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY 0x00080000u
#define NTLMSSP_NEGOTIATE_TARGET_INFO 0x00800000u
#define NTLMSSP_NEGOTIATE_128 0x20000000u
#define NTLMSSP_NEGOTIATE_56 0x80000000u

static BYTE buf[4096];

/* The parts of an AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3) a network logon needs. */
typedef struct auth_msg {
    BYTE lm[64];
    USHORT lm_len;
    BYTE nt[1024];
    USHORT nt_len;
    WCHAR user[64];
    WCHAR domain[64];
    WCHAR workstation[64];
} auth_msg;

static void get_challenge(BYTE challenge[8])
{
    ULONG request = MsV1_0Lm20ChallengeRequest;
    call_result r;

    do_call(lsa, msv, &request, sizeof(request), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    assert_non_null(r.buf);
    assert_int_equal(r.len, 12); /* MSV1_0_LM20_CHALLENGE_RESPONSE: MessageType, ChallengeToClient[8] */
    assert_int_equal(*(ULONG *)r.buf, MsV1_0Lm20ChallengeRequest);
    memcpy(challenge, (BYTE *)r.buf + 4, 8);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

static void put16(BYTE *p, USHORT v) { memcpy(p, &v, 2); }
static void put32(BYTE *p, ULONG v) { memcpy(p, &v, 4); }
static USHORT get16(const BYTE *p) { USHORT v; memcpy(&v, p, 2); return v; }
static ULONG get32(const BYTE *p) { ULONG v; memcpy(&v, p, 4); return v; }

static size_t put_av(BYTE *p, USHORT id, const void *value, USHORT len)
{
    put16(p, id);
    put16(p + 2, len);
    memcpy(p + 4, value, len);
    return 4u + len;
}

/* A CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2) carrying `challenge`, target name "LSAEMU" and a target info list
 * (MsvAvNbDomainName, MsvAvNbComputerName, MsvAvDnsComputerName, MsvAvTimestamp, MsvAvEOL). */
static ULONG build_challenge_message(const BYTE challenge[8], BYTE *out)
{
    static const WCHAR target[] = L"LSAEMU";
    const WCHAR *computer = computer_name();
    USHORT target_len = (USHORT)(wcslen(target) * 2), computer_len = (USHORT)(wcslen(computer) * 2);
    LONGLONG now = now_filetime();
    size_t info = 0, info_at, target_at = 56;
    BYTE *av;

    memset(out, 0, 1024);
    memcpy(out, "NTLMSSP", 8);
    put32(out + 8, 2);
    put16(out + 12, target_len);
    put16(out + 14, target_len);
    put32(out + 16, (ULONG)target_at);
    put32(out + 20, NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_REQUEST_TARGET | NTLMSSP_NEGOTIATE_NTLM |
                        NTLMSSP_NEGOTIATE_ALWAYS_SIGN | NTLMSSP_TARGET_TYPE_SERVER |
                        NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_TARGET_INFO |
                        NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_56);
    memcpy(out + 24, challenge, 8);
    /* 32..39 Reserved, 40..47 TargetInfoFields, 48..55 Version (not negotiated: zero) */
    memcpy(out + target_at, target, target_len);
    info_at = target_at + target_len;
    av = out + info_at;
    info += put_av(av + info, 2, target, target_len);
    info += put_av(av + info, 1, computer, computer_len);
    info += put_av(av + info, 3, computer, computer_len);
    info += put_av(av + info, 7, &now, 8);
    info += put_av(av + info, 0, NULL, 0);
    put16(out + 40, (USHORT)info);
    put16(out + 42, (USHORT)info);
    put32(out + 44, (ULONG)info_at);
    return (ULONG)(info_at + info);
}

/* Copies payload field `at` of an AUTHENTICATE_MESSAGE of `len` bytes. */
static USHORT field(const BYTE *msg, ULONG len, size_t at, void *dst, size_t cap)
{
    USHORT n = get16(msg + at);
    ULONG offset = get32(msg + at + 4);

    assert_true(offset <= len && n <= len - offset);
    assert_true(n <= cap);
    memcpy(dst, msg + offset, n);
    return n;
}

static void parse_authenticate(const BYTE *msg, ULONG len, auth_msg *a)
{
    memset(a, 0, sizeof(*a));
    assert_true(len >= 64);
    assert_memory_equal(msg, "NTLMSSP", 8);
    assert_int_equal(get32(msg + 8), 3);
    a->lm_len = field(msg, len, 12, a->lm, sizeof(a->lm));
    a->nt_len = field(msg, len, 20, a->nt, sizeof(a->nt));
    field(msg, len, 28, a->domain, sizeof(a->domain) - 2);
    field(msg, len, 36, a->user, sizeof(a->user) - 2);
    field(msg, len, 44, a->workstation, sizeof(a->workstation) - 2);
}

/* The host's NTLM client answers our CHALLENGE_MESSAGE for user/password (domain "."). Returns the SSPI status of
 * the step that failed, or SEC_E_OK with *a filled. */
static SECURITY_STATUS ntlm_client(const BYTE challenge[8], const WCHAR *user, const WCHAR *password, auth_msg *a)
{
    SEC_WINNT_AUTH_IDENTITY_W id;
    CredHandle cred;
    CtxtHandle ctx;
    TimeStamp expiry;
    ULONG attrs = 0, chal_len;
    BYTE out1[2048], out2[4096], chal[1024];
    SecBuffer ob = {sizeof(out1), SECBUFFER_TOKEN, out1}, ib;
    SecBufferDesc od = {SECBUFFER_VERSION, 1, &ob}, idesc = {SECBUFFER_VERSION, 1, &ib};
    SECURITY_STATUS st;

    memset(&id, 0, sizeof(id));
    id.User = (unsigned short *)user;
    id.UserLength = (ULONG)wcslen(user);
    id.Domain = (unsigned short *)L".";
    id.DomainLength = 1;
    id.Password = (unsigned short *)password;
    id.PasswordLength = (ULONG)wcslen(password);
    id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
    st = AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"NTLM", SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &cred,
                                   &expiry);
    if (st != SEC_E_OK) {
        print_message("AcquireCredentialsHandleW(NTLM): 0x%08lx\n", (unsigned long)st);
        return st;
    }
    st = InitializeSecurityContextW(&cred, NULL, (SEC_WCHAR *)L"lsaemu-server", 0, 0, SECURITY_NATIVE_DREP, NULL, 0,
                                    &ctx, &od, &attrs, &expiry);
    if (st != SEC_I_CONTINUE_NEEDED) {
        print_message("InitializeSecurityContextW (NEGOTIATE): 0x%08lx\n", (unsigned long)st);
        FreeCredentialsHandle(&cred);
        return st;
    }
    chal_len = build_challenge_message(challenge, chal);
    ib.cbBuffer = chal_len;
    ib.BufferType = SECBUFFER_TOKEN;
    ib.pvBuffer = chal;
    ob.cbBuffer = sizeof(out2);
    ob.pvBuffer = out2;
    st = InitializeSecurityContextW(&cred, &ctx, (SEC_WCHAR *)L"lsaemu-server", 0, 0, SECURITY_NATIVE_DREP, &idesc,
                                    0, &ctx, &od, &attrs, &expiry);
    if (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED) {
        parse_authenticate(out2, ob.cbBuffer, a);
        st = SEC_E_OK;
    } else {
        print_message("InitializeSecurityContextW (AUTHENTICATE): 0x%08lx\n", (unsigned long)st);
    }
    DeleteSecurityContext(&ctx);
    FreeCredentialsHandle(&cred);
    return st;
}

/* An MSV1_0_LM20_LOGON in buf, strings and responses after the structure, in dialect d. */
static void put_string(size_t *used, STRING *f, const void *data, USHORT len, dialect d)
{
    memcpy(buf + *used, data, len);
    f->Length = len;
    f->MaximumLength = len;
    f->Buffer = d == DIALECT_ABSOLUTE ? (PCHAR)(buf + *used) : (PCHAR)(uintptr_t)*used;
    *used += len;
}

static ULONG build_lm20(const WCHAR *domain, const WCHAR *user, const BYTE challenge[8], const void *nt,
                        USHORT nt_len, const void *lm, USHORT lm_len, ULONG flags, dialect d)
{
    MSV1_0_LM20_LOGON *l = (MSV1_0_LM20_LOGON *)buf;
    size_t used = sizeof(*l);

    memset(buf, 0, sizeof(buf));
    l->MessageType = MsV1_0NetworkLogon;
    put_ustring(buf, &used, &l->LogonDomainName, domain, d);
    put_ustring(buf, &used, &l->UserName, user, d);
    put_ustring(buf, &used, &l->Workstation, L"CLIENT", d);
    memcpy(l->ChallengeToClient, challenge, 8);
    put_string(&used, &l->CaseSensitiveChallengeResponse, nt, nt_len, d);
    put_string(&used, &l->CaseInsensitiveChallengeResponse, lm, lm_len, d);
    l->ParameterControl = flags;
    return (ULONG)used;
}

static ULONG build_from_auth(const auth_msg *a, const BYTE challenge[8], dialect d)
{
    return build_lm20(a->domain, a->user, challenge, a->nt, a->nt_len, a->lm, a->lm_len, 0, d);
}

/* A successful network logon: impersonation token, LM20 profile with a session key, a Network session. */
static void check_network_success(logon_result *r, const WCHAR *user)
{
    static const BYTE zero[16] = {0};
    MSV1_0_LM20_LOGON_PROFILE *p = r->profile;
    SECURITY_IMPERSONATION_LEVEL level = 0;
    TOKEN_TYPE type = 0;
    PSECURITY_LOGON_SESSION_DATA data = NULL;
    DWORD got;

    assert_status(r->status, STATUS_SUCCESS);
    assert_status(r->sub, STATUS_SUCCESS);
    assert_non_null(p);
    assert_true(r->profile_len >= sizeof(*p));
    assert_int_equal(p->MessageType, MsV1_0Lm20LogonProfile);
    assert_memory_not_equal(p->UserSessionKey, zero, 16);
    assert_memory_equal(p->LanmanSessionKey, p->UserSessionKey, 8);
    assert_true(p->UserFlags & (LOGON_NT_V2 | LOGON_LM_V2));
    assert_true(p->KickOffTime.QuadPart == 0x7FFFFFFFFFFFFFFFLL);
    assert_true(p->LogoffTime.QuadPart == 0x7FFFFFFFFFFFFFFFLL);
    assert_block_ustring(p, r->profile_len, &p->LogonDomainName, computer_name());
    assert_block_ustring(p, r->profile_len, &p->LogonServer, computer_name());
    assert_block_ustring(p, r->profile_len, &p->UserParameters, L"");

    assert_non_null(r->token);
    assert_true(GetTokenInformation(r->token, TokenType, &type, sizeof(type), &got));
    assert_int_equal(type, TokenImpersonation);
    assert_true(GetTokenInformation(r->token, TokenImpersonationLevel, &level, sizeof(level), &got));
    assert_int_equal(level, SecurityImpersonation);

    assert_status(LsaGetLogonSessionData(&r->id, &data), STATUS_SUCCESS);
    assert_int_equal(data->LogonType, Network);
    assert_int_equal(data->UserName.Length, wcslen(user) * 2);
    assert_true(CompareStringOrdinal(data->UserName.Buffer, data->UserName.Length / 2, user, -1, TRUE) ==
                CSTR_EQUAL);
    LsaFreeReturnBuffer(data);
}

static void test_challenge_request(void **state)
{
    BYTE a[8], b[8];
    HANDLE untrusted = connect_untrusted();
    ULONG request = MsV1_0Lm20ChallengeRequest;
    call_result r;

    (void)state;
    get_challenge(a);
    get_challenge(b);
    assert_memory_not_equal(a, b, 8);
    do_call(untrusted, msv, &request, sizeof(request), &r);
    assert_status(r.status, STATUS_ACCESS_DENIED);
    assert_no_return_buffer(&r);
    LsaDeregisterLogonProcess(untrusted);
}

/* The right password logs on, in both pointer dialects, each with a fresh challenge. */
static void test_ntlm_client_round_trip(void **state)
{
    dialect d;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        BYTE challenge[8];
        auth_msg a;
        logon_result r;
        ULONG len;

        get_challenge(challenge);
        assert_int_equal(ntlm_client(challenge, L"alice", L"Secret123", &a), SEC_E_OK);
        print_message("%s: AUTHENTICATE user \"%ls\" domain \"%ls\" workstation \"%ls\", NT %u bytes, LM %u\n",
                      dialect_name(d), a.user, a.domain, a.workstation, a.nt_len, a.lm_len);
        assert_true(a.nt_len > 24); /* NTLMv2 */
        len = build_from_auth(&a, challenge, d);
        do_logon(lsa, msv, Network, buf, len, &r);
        check_network_success(&r, L"alice");
        assert_true(((MSV1_0_LM20_LOGON_PROFILE *)r.profile)->UserFlags & LOGON_NT_V2);
        release_logon(&r);

        /* The same response again: the challenge we issued is used up. */
        len = build_from_auth(&a, challenge, d);
        do_logon(lsa, msv, Network, buf, len, &r);
        assert_status(r.status, STATUS_LOGON_FAILURE);
        assert_logon_cleared(&r);
    }
}

static void test_ntlm_client_wrong_password(void **state)
{
    BYTE challenge[8];
    auth_msg a;
    logon_result r;
    ULONG len;

    (void)state;
    get_challenge(challenge);
    assert_int_equal(ntlm_client(challenge, L"alice", L"Secret124", &a), SEC_E_OK);
    len = build_from_auth(&a, challenge, DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_status(r.sub, STATUS_SUCCESS);
    assert_logon_cleared(&r);

    get_challenge(challenge);
    assert_int_equal(ntlm_client(challenge, L"nobody", L"Secret123", &a), SEC_E_OK);
    len = build_from_auth(&a, challenge, DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);
}

/* The right response submitted with another ChallengeToClient fails; then with its own it still succeeds. */
static void test_ntlm_client_other_challenge(void **state)
{
    BYTE challenge[8], other[8];
    auth_msg a;
    logon_result r;
    ULONG len;

    (void)state;
    get_challenge(challenge);
    get_challenge(other);
    assert_int_equal(ntlm_client(challenge, L"alice", L"Secret123", &a), SEC_E_OK);
    len = build_from_auth(&a, other, DIALECT_RELATIVE);
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);

    len = build_from_auth(&a, challenge, DIALECT_RELATIVE);
    do_logon(lsa, msv, Network, buf, len, &r);
    check_network_success(&r, L"alice");
    release_logon(&r);
}

/* MS-NLMP 4.2.4 end to end: an account "User" / "Password", ServerChallenge 0123456789abcdef, the documented
 * NTLMv2 response (4.2.4.2.2) and session base key (4.2.4.1.2). The challenge was not issued by us (a server that
 * makes its own), which Windows' MSV1_0 accepts. */
static const BYTE nlmp_challenge[8] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
static const BYTE nlmp_v2[84] = {
    0x68, 0xcd, 0x0a, 0xb8, 0x51, 0xe5, 0x1c, 0x96, 0xaa, 0xbc, 0x92, 0x7b, 0xeb, 0xef, 0x6a, 0x1c,
    0x01, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0, 0, 0, 0,
    0x02, 0x00, 0x0c, 0x00, 'D', 0, 'o', 0, 'm', 0, 'a', 0, 'i', 0, 'n', 0,
    0x01, 0x00, 0x0c, 0x00, 'S', 0, 'e', 0, 'r', 0, 'v', 0, 'e', 0, 'r', 0,
    0, 0, 0, 0, 0, 0, 0, 0};
static const BYTE nlmp_lmv2[24] = {0x86, 0xc3, 0x50, 0x97, 0xac, 0x9c, 0xec, 0x10, 0x25, 0x54, 0x76, 0x4a,
                                   0x57, 0xcc, 0xcc, 0x19, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa};
static const BYTE nlmp_session_base_key[16] = {0x8d, 0xe4, 0x0c, 0xca, 0xdb, 0xc1, 0x4a, 0x82,
                                               0xf1, 0x5c, 0xb0, 0xad, 0x0d, 0xe9, 0x5c, 0xa3};

static char saved_accounts[1024], nlmp_accounts[MAX_PATH];

static void use_nlmp_accounts(void)
{
    char dir[MAX_PATH];
    HANDLE f;
    DWORD written;
    static const char text[] = "[User]\npassword = Password\nrid = 1010\n";

    assert_true(GetEnvironmentVariableA("LSAEMU_ACCOUNTS", saved_accounts, sizeof(saved_accounts)) > 0);
    assert_true(GetTempPathA(sizeof(dir), dir) > 0);
    snprintf(nlmp_accounts, sizeof(nlmp_accounts), "%slsaemu-nlmp-%lu.ini", dir, GetCurrentProcessId());
    f = CreateFileA(nlmp_accounts, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    assert_true(f != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(f, text, sizeof(text) - 1, &written, NULL));
    CloseHandle(f);
    msv1_0_leave_server();
    SetEnvironmentVariableA("LSAEMU_ACCOUNTS", nlmp_accounts);
    msv1_0_follow_server(TRUE);
}

static void restore_accounts(void)
{
    msv1_0_leave_server();
    SetEnvironmentVariableA("LSAEMU_ACCOUNTS", saved_accounts);
    msv1_0_follow_server(TRUE);
    DeleteFileA(nlmp_accounts);
}

static void test_ms_nlmp_vector(void **state)
{
    logon_result r;
    ULONG len;
    BYTE challenge[8];
    dialect d;

    (void)state;
    use_nlmp_accounts();
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        len = build_lm20(L"Domain", L"User", nlmp_challenge, nlmp_v2, sizeof(nlmp_v2), nlmp_lmv2, sizeof(nlmp_lmv2),
                         0, d);
        do_logon(lsa, msv, Network, buf, len, &r);
        check_network_success(&r, L"User");
        assert_memory_equal(((MSV1_0_LM20_LOGON_PROFILE *)r.profile)->UserSessionKey, nlmp_session_base_key, 16);
        assert_int_equal(((MSV1_0_LM20_LOGON_PROFILE *)r.profile)->UserFlags, LOGON_NTLMV2_ENABLED | LOGON_NT_V2);
        release_logon(&r);
    }
    /* LMv2 alone (4.2.4.2.1) also logs on. */
    len = build_lm20(L"Domain", L"user", nlmp_challenge, NULL, 0, nlmp_lmv2, sizeof(nlmp_lmv2), 0, DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Network, buf, len, &r);
    check_network_success(&r, L"User");
    assert_int_equal(((MSV1_0_LM20_LOGON_PROFILE *)r.profile)->UserFlags, LOGON_NTLMV2_ENABLED | LOGON_LM_V2);
    release_logon(&r);
    /* Another challenge, another domain's key, a truncated response: refused. */
    memcpy(challenge, nlmp_challenge, 8);
    challenge[0] ^= 1;
    len = build_lm20(L"Domain", L"User", challenge, nlmp_v2, sizeof(nlmp_v2), nlmp_lmv2, 24, 0, DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);
    len = build_lm20(L"Domain", L"User", nlmp_challenge, nlmp_v2, sizeof(nlmp_v2) - 1, NULL, 0, 0, DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);
    /* A 24-byte response that is not this password's NTLMv1 response. */
    len = build_lm20(L"Domain", L"User", nlmp_challenge, nlmp_lmv2, 24, NULL, 0, 0, DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);
    /* Only the specified domain: "Domain" is not this computer, and there is no domain controller. */
    len = build_lm20(L"Domain", L"User", nlmp_challenge, nlmp_v2, sizeof(nlmp_v2), NULL, 0,
                     MSV1_0_TRY_SPECIFIED_DOMAIN_ONLY, DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_NO_LOGON_SERVERS);
    assert_logon_cleared(&r);
    restore_accounts();
}

/* MS-NLMP 4.2.2.2.1 NTLMv1 response, 4.2.3.2.1/4.2.3.2.2 LM field and NTLMv1 response with extended session
 * security, 4.2.2.1.3 session base key (MD4 of the NT hash). */
static const BYTE nlmp_v1[24] = {0x67, 0xc4, 0x30, 0x11, 0xf3, 0x02, 0x98, 0xa2, 0xad, 0x35, 0xec, 0xe6,
                                 0x4f, 0x16, 0x33, 0x1c, 0x44, 0xbd, 0xbe, 0xd9, 0x27, 0x84, 0x1f, 0x94};
static const BYTE nlmp_ess_lm[24] = {0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa};
static const BYTE nlmp_ess_v1[24] = {0x75, 0x37, 0xf8, 0x03, 0xae, 0x36, 0x71, 0x28, 0xca, 0x45, 0x82, 0x04,
                                     0xbd, 0xe7, 0xca, 0xf8, 0x1e, 0x97, 0xed, 0x26, 0x83, 0x26, 0x72, 0x32};
static const BYTE nlmp_v1_key[16] = {0xd8, 0x72, 0x62, 0xb0, 0xcd, 0xe4, 0xb1, 0xcb,
                                     0x74, 0x99, 0xbe, 0xcc, 0xcd, 0xf1, 0x07, 0x84};

#define LSA_KEY L"SYSTEM\\CurrentControlSet\\Control\\Lsa"

/* Sets LmCompatibilityLevel (or deletes it for -1); returns the previous value, -1 when absent. */
static LONG set_lmcompat(LONG level)
{
    DWORD old = 0, size = sizeof(old), value = (DWORD)level;
    LONG previous = -1;
    HKEY key;

    assert_int_equal(RegCreateKeyExW(HKEY_LOCAL_MACHINE, LSA_KEY, 0, NULL, 0, KEY_QUERY_VALUE | KEY_SET_VALUE, NULL,
                                     &key, NULL), ERROR_SUCCESS);
    if (RegQueryValueExW(key, L"LmCompatibilityLevel", NULL, NULL, (BYTE *)&old, &size) == ERROR_SUCCESS)
        previous = (LONG)old;
    if (level < 0)
        RegDeleteValueW(key, L"LmCompatibilityLevel");
    else
        assert_int_equal(RegSetValueExW(key, L"LmCompatibilityLevel", 0, REG_DWORD, (BYTE *)&value, sizeof(value)),
                         ERROR_SUCCESS);
    RegCloseKey(key);
    return previous;
}

static void v1_logon(const BYTE *nt, const BYTE *lm, NTSTATUS expected)
{
    logon_result r;
    ULONG len = build_lm20(L"Domain", L"User", nlmp_challenge, nt, 24, lm, lm ? 24 : 0, 0, DIALECT_RELATIVE);

    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, expected);
    if (expected == STATUS_SUCCESS) {
        MSV1_0_LM20_LOGON_PROFILE *p = r.profile;

        assert_memory_equal(p->UserSessionKey, nlmp_v1_key, 16);
        assert_int_equal(p->UserFlags, 0);
        release_logon(&r);
    } else {
        assert_logon_cleared(&r);
    }
}

/* NTLMv1 per LmCompatibilityLevel: accepted at 0-4 (and when absent: 3), refused at 5. */
static void test_ntlmv1_lmcompat(void **state)
{
    static const LONG levels[] = {-1, 0, 3, 4, 5, 7};
    LONG previous;
    size_t i;

    (void)state;
    use_nlmp_accounts();
    previous = set_lmcompat(-1);
    for (i = 0; i < ARRAYSIZE(levels); i++) {
        NTSTATUS expected = levels[i] >= 5 ? STATUS_LOGON_FAILURE : STATUS_SUCCESS;

        print_message("LmCompatibilityLevel %ld\n", levels[i]);
        set_lmcompat(levels[i]);
        v1_logon(nlmp_v1, NULL, expected);
        v1_logon(nlmp_ess_v1, nlmp_ess_lm, expected);
        /* The ESS response without its client challenge, and the plain one with one, do not match. */
        v1_logon(nlmp_ess_v1, NULL, STATUS_LOGON_FAILURE);
        v1_logon(nlmp_v1, nlmp_ess_lm, STATUS_LOGON_FAILURE);
    }
    set_lmcompat(previous);
    restore_accounts();
}

/* MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED: the case-sensitive "response" is the UTF-16LE password. */
static void test_cleartext_supplied(void **state)
{
    static const WCHAR right[] = L"Secret123", wrong[] = L"Secret12";
    BYTE challenge[8] = {0};
    logon_result r;
    ULONG len;

    (void)state;
    len = build_lm20(L"", L"alice", challenge, right, sizeof(right) - 2, NULL, 0,
                     MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED, DIALECT_RELATIVE);
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_int_equal(((MSV1_0_LM20_LOGON_PROFILE *)r.profile)->UserFlags, LOGON_NOENCRYPTION);
    release_logon(&r);
    len = build_lm20(L"", L"alice", challenge, wrong, sizeof(wrong) - 2, NULL, 0,
                     MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED, DIALECT_RELATIVE);
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);
    len = build_lm20(L"", L"alice", challenge, right, 5, NULL, 0, MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED,
                     DIALECT_RELATIVE);
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_logon_cleared(&r);
}

/* One clear-text network logon of carol (password Secret123) from a scratch accounts file holding `lines`. */
static void carol_network_logon(scratch_accounts *acc, const char *lines, ULONG flags, logon_result *r)
{
    static const WCHAR right[] = L"Secret123";
    BYTE challenge[8] = {0};
    char text[512];
    ULONG len;

    snprintf(text, sizeof(text), "[carol]\npassword = Secret123\nrid = 1010\nlogon_count = 5\n%s\n", lines);
    msv1_0_use_scratch_accounts(acc, L"netstat", text);
    len = build_lm20(L"", L"carol", challenge, right, sizeof(right) - 2, NULL, 0,
                     MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED | flags, DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Network, buf, len, r);
}

/* MSV1_0_UPDATE_LOGON_STATISTICS counts a success only once the restrictions have passed: a disabled account with
 * the right password is neither a logon nor a bad password. Without the flag nothing is counted. */
static void test_statistics_after_restrictions(void **state)
{
    scratch_accounts acc;
    logon_result r;

    (void)state;
    assert_true(GetEnvironmentVariableA("LSAEMU_ACCOUNTS", saved_accounts, sizeof(saved_accounts)) > 0);
    carol_network_logon(&acc, "disabled = yes", MSV1_0_UPDATE_LOGON_STATISTICS, &r);
    assert_status(r.status, STATUS_ACCOUNT_RESTRICTION);
    assert_status(r.sub, STATUS_ACCOUNT_DISABLED);
    assert_logon_cleared(&r);
    assert_non_null(strstr(scratch_accounts_current(&acc), "logon_count = 5"));
    assert_null(strstr(scratch_accounts_current(&acc), "last_logon"));
    assert_null(strstr(scratch_accounts_current(&acc), "bad_password_count"));

    carol_network_logon(&acc, "", 0, &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
    assert_non_null(strstr(scratch_accounts_current(&acc), "logon_count = 5"));

    carol_network_logon(&acc, "", MSV1_0_UPDATE_LOGON_STATISTICS, &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
    assert_non_null(strstr(scratch_accounts_current(&acc), "logon_count = 6"));
    assert_non_null(strstr(scratch_accounts_current(&acc), "last_logon = 20"));
    msv1_0_leave_server();
    SetEnvironmentVariableA("LSAEMU_ACCOUNTS", saved_accounts);
    msv1_0_follow_server(TRUE);
}

/* Malformed MSV1_0_LM20_LOGON buffers: STATUS_INVALID_PARAMETER, nothing left behind; wrong logon type. */
static void test_malformed_lm20(void **state)
{
    static const size_t strings[] = {offsetof(MSV1_0_LM20_LOGON, LogonDomainName),
                                     offsetof(MSV1_0_LM20_LOGON, UserName),
                                     offsetof(MSV1_0_LM20_LOGON, Workstation)};
    static const size_t blobs[] = {offsetof(MSV1_0_LM20_LOGON, CaseSensitiveChallengeResponse),
                                   offsetof(MSV1_0_LM20_LOGON, CaseInsensitiveChallengeResponse)};
    BYTE challenge[8] = {1};
    logon_result r;
    ULONG len, cut;
    size_t i;
    dialect d;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        for (i = 0; i < ARRAYSIZE(strings); i++) {
            UNICODE_STRING *s;

            len = build_lm20(L"", L"alice", challenge, nlmp_v2, sizeof(nlmp_v2), nlmp_lmv2, 24, 0, d);
            s = (UNICODE_STRING *)(buf + strings[i]);
            s->Length = 3; /* odd */
            s->MaximumLength = 4;
            do_logon(lsa, msv, Network, buf, len, &r);
            assert_status(r.status, STATUS_INVALID_PARAMETER);
            assert_logon_cleared(&r);
            s->Length = 4;
            s->Buffer = d == DIALECT_ABSOLUTE ? (PWSTR)(buf + len) : (PWSTR)(uintptr_t)(len - 2); /* outside */
            do_logon(lsa, msv, Network, buf, len, &r);
            assert_status(r.status, STATUS_INVALID_PARAMETER);
        }
        for (i = 0; i < ARRAYSIZE(blobs); i++) {
            STRING *s;

            len = build_lm20(L"", L"alice", challenge, nlmp_v2, sizeof(nlmp_v2), nlmp_lmv2, 24, 0, d);
            s = (STRING *)(buf + blobs[i]);
            s->MaximumLength = (USHORT)(s->Length - 1);
            do_logon(lsa, msv, Network, buf, len, &r);
            assert_status(r.status, STATUS_INVALID_PARAMETER);
            s->MaximumLength = s->Length;
            s->Buffer = NULL;
            do_logon(lsa, msv, Network, buf, len, &r);
            assert_status(r.status, STATUS_INVALID_PARAMETER);
            s->Buffer = d == DIALECT_ABSOLUTE ? (PCHAR)(buf + len - 10) : (PCHAR)(uintptr_t)(len - 10);
            do_logon(lsa, msv, Network, buf, len, &r);
            assert_status(r.status, STATUS_INVALID_PARAMETER);
            assert_logon_cleared(&r);
        }
    }
    /* Every buffer shorter than the structure. */
    len = build_lm20(L"", L"alice", challenge, nlmp_v2, sizeof(nlmp_v2), nlmp_lmv2, 24, 0, DIALECT_RELATIVE);
    for (cut = sizeof(ULONG); cut < sizeof(MSV1_0_LM20_LOGON); cut++) {
        do_logon(lsa, msv, Network, buf, cut, &r);
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        assert_logon_cleared(&r);
    }
    /* A well-formed LM20 buffer for a logon type other than Network. */
    do_logon(lsa, msv, Interactive, buf, len, &r);
    assert_status(r.status, STATUS_INVALID_LOGON_TYPE);
    assert_logon_cleared(&r);
    ((MSV1_0_LM20_LOGON *)buf)->MessageType = MsV1_0Lm20Logon;
    do_logon(lsa, msv, Batch, buf, len, &r);
    assert_status(r.status, STATUS_INVALID_LOGON_TYPE);
    /* Guest-only: there is no guest account. */
    ((MSV1_0_LM20_LOGON *)buf)->ParameterControl = MSV1_0_TRY_GUEST_ACCOUNT_ONLY;
    do_logon(lsa, msv, Network, buf, len, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_challenge_request),
        cmocka_unit_test(test_ntlm_client_round_trip),
        cmocka_unit_test(test_ntlm_client_wrong_password),
        cmocka_unit_test(test_ntlm_client_other_challenge),
        cmocka_unit_test(test_ms_nlmp_vector),
        cmocka_unit_test(test_ntlmv1_lmcompat),
        cmocka_unit_test(test_cleartext_supplied),
        cmocka_unit_test(test_statistics_after_restrictions),
        cmocka_unit_test(test_malformed_lm20),
    };
    return cmocka_run_group_tests(tests, msv1_0_setup, msv1_0_teardown);
}
