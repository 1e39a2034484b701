/* LsaLogonUser in the core: copy and hand the submit buffer to the package, build the token, complete the session.
 * On any failure nothing is left behind: no session, no token, no client buffer. */
#include "lsa_internal.h"

#include <string.h>

/* Windows' default process quotas, reported for every logon (the emulated LSA has no per-user quota policy). */
static const lsa_wire_quotas default_quotas = {
    0x2000000,  /* PagedPoolLimit */
    0x100000,   /* NonPagedPoolLimit */
    0x10000,    /* MinimumWorkingSetSize */
    0xF000000,  /* MaximumWorkingSetSize */
    0,          /* PagefileLimit: no limit */
    0,          /* TimeLimit: none */
};

/* Unpack the wire's LocalGroups into a TOKEN_GROUPS (lsa heap). */
static NTSTATUS local_groups_from_wire(const lsa_wire_logon_request *l, TOKEN_GROUPS **out)
{
    size_t pos = 0, i = 0, header;
    lsa_wire_bytes sid;
    uint32_t attrs;
    TOKEN_GROUPS *g;
    BYTE *sids;

    *out = NULL;
    if (!l->has_local_groups)
        return STATUS_SUCCESS;
    header = FIELD_OFFSET(TOKEN_GROUPS, Groups) + (size_t)(l->group_count ? l->group_count : 1) *
             sizeof(SID_AND_ATTRIBUTES);
    if (!(g = lsa_heap_alloc(header + l->groups.len)))
        return STATUS_NO_MEMORY;
    sids = (BYTE *)g + header;
    while (i < l->group_count && lsa_wire_next_group(l, &pos, &sid, &attrs)) {
        memcpy(sids, sid.data, sid.len);
        g->Groups[i].Sid = sids;
        g->Groups[i].Attributes = attrs;
        sids += sid.len;
        i++;
    }
    g->GroupCount = (DWORD)i;
    *out = g;
    return STATUS_SUCCESS;
}

static void copy_ustring(WCHAR *dst, size_t dst_chars, const UNICODE_STRING *src)
{
    size_t n = 0;
    if (src && src->Buffer) {
        n = src->Length / sizeof(WCHAR);
        if (n >= dst_chars)
            n = dst_chars - 1;
        memcpy(dst, src->Buffer, n * sizeof(WCHAR));
    }
    dst[n] = 0;
}

static void free_ustring(UNICODE_STRING *s)
{
    if (!s)
        return;
    /* Packages allocate the struct and its buffer separately, or in one block (buffer inside the struct's block). */
    if (s->Buffer && (BYTE *)s->Buffer != (BYTE *)(s + 1))
        lsa_heap_free(s->Buffer);
    lsa_heap_free(s);
}

static void free_primary_cred(SECPKG_PRIMARY_CRED *c)
{
    UNICODE_STRING *strings[] = { &c->DownlevelName, &c->DomainName, &c->Password, &c->OldPassword,
                                  &c->LogonServer, &c->Upn, &c->DnsDomainName,
                                  &c->Spare1, &c->Spare2, &c->Spare3, &c->Spare4 };
    for (size_t i = 0; i < ARRAYSIZE(strings); i++) {
        if (strings[i]->Buffer) {
            if (strings[i] == &c->Password || strings[i] == &c->OldPassword)
                SecureZeroMemory(strings[i]->Buffer, strings[i]->MaximumLength);
            lsa_heap_free(strings[i]->Buffer);
        }
    }
    lsa_heap_free(c->UserSid);
    memset(c, 0, sizeof(*c));
}

/* The name LsaGetLogonSessionData reports: MSV1_0 logons are "NTLM", as Windows names them by the SSP. */
static void session_package_name(const lsa_package *pkg, WCHAR *out, size_t chars)
{
    const char *name = pkg->name;
    size_t i = 0;
    if (!_stricmp(name, MSV1_0_PACKAGE_NAME))
        name = "NTLM";
    for (; name[i] && i + 1 < chars; i++)
        out[i] = (WCHAR)(unsigned char)name[i];
    out[i] = 0;
}

static INIT_ONCE computer_once = INIT_ONCE_STATIC_INIT;
static WCHAR computer[MAX_COMPUTERNAME_LENGTH + 1];

static BOOL CALLBACK read_computer_name(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    DWORD n = ARRAYSIZE(computer);
    (void)once; (void)param; (void)ctx;
    if (!GetComputerNameW(computer, &n))
        computer[0] = 0;
    return TRUE;
}

const WCHAR *lsa_computer_name(void)
{
    InitOnceExecuteOnce(&computer_once, read_computer_name, NULL, NULL);
    return computer;
}

static BOOL is_this_computer(const WCHAR *domain)
{
    return lsa_computer_name()[0] && !_wcsicmp(lsa_computer_name(), domain);
}

/* What a package's LogonUser hands back. */
typedef struct logon_outputs {
    void *profile;
    ULONG profile_len;
    LUID logon_id;
    NTSTATUS sub;
    LSA_TOKEN_INFORMATION_TYPE info_type;
    void *token_info;
    UNICODE_STRING *account, *authority, *machine;
    SECPKG_PRIMARY_CRED primary;
    PSECPKG_SUPPLEMENTAL_CRED_ARRAY supplemental;
} logon_outputs;

static void outputs_release(logon_outputs *o)
{
    lsa_token_info_free(o->info_type, o->token_info);
    free_ustring(o->account);
    free_ustring(o->authority);
    free_ustring(o->machine);
    free_primary_cred(&o->primary);
    lsa_heap_free(o->supplemental);
    memset(o, 0, sizeof(*o));
}

/* Runs one package's LogonUser on a fresh copy of the submit buffer (a package may decode or wipe a password in
 * place, and a Negotiate logon may hand the same request to a second package). */
static NTSTATUS run_package(const lsa_package *pkg, lsa_call *call, const lsa_wire_logon_request *l, void *auth,
                            logon_outputs *o)
{
    NTSTATUS st;

    memset(o, 0, sizeof(*o));
    o->sub = STATUS_SUCCESS;
    o->info_type = LsaTokenInformationNull;
    if (l->auth.len)
        memcpy(auth, l->auth.data, l->auth.len);
    call->package_id = pkg->id;
    if (pkg->logon_ex2) {
        st = pkg->logon_ex2((PLSA_CLIENT_REQUEST)call, (SECURITY_LOGON_TYPE)l->logon_type, auth,
                            (PVOID)(uintptr_t)l->client_base, l->auth.len, &o->profile, &o->profile_len, &o->logon_id,
                            &o->sub, &o->info_type, &o->token_info, &o->account, &o->authority, &o->machine,
                            &o->primary, &o->supplemental);
    } else if (pkg->logon_ex) {
        st = pkg->logon_ex((PLSA_CLIENT_REQUEST)call, (SECURITY_LOGON_TYPE)l->logon_type, auth,
                           (PVOID)(uintptr_t)l->client_base, l->auth.len, &o->profile, &o->profile_len, &o->logon_id,
                           &o->sub, &o->info_type, &o->token_info, &o->account, &o->authority, &o->machine);
    } else {
        st = pkg->logon((PLSA_CLIENT_REQUEST)call, (SECURITY_LOGON_TYPE)l->logon_type, auth,
                        (PVOID)(uintptr_t)l->client_base, l->auth.len, &o->profile, &o->profile_len, &o->logon_id,
                        &o->sub, &o->info_type, &o->token_info, (PLSA_UNICODE_STRING *)&o->account,
                        (PLSA_UNICODE_STRING *)&o->authority);
    }
    TRACE("package %s LogonUser: %08lx substatus %08lx", pkg->name, (unsigned long)st, (unsigned long)o->sub);
    return st;
}

/* The package's logon, or for Negotiate the route of lsa_negotiate.c: each package tried in turn, a failed attempt
 * rolled back completely before the next. *pkg becomes the package whose answer stands. */
static NTSTATUS run_logon(const lsa_package **pkg, lsa_call *call, const lsa_wire_logon_request *l, void *auth,
                          logon_outputs *o)
{
    const lsa_package *route[LSA_NEGOTIATE_MAX_ROUTE];
    size_t count = 0, i;
    NTSTATUS st;

    if (lsa_negotiate_is(*pkg))
        count = lsa_negotiate_route(l->auth.data, l->auth.len, l->client_base, route);
    if (!count)
        return run_package(*pkg, call, l, auth, o);
    for (i = 0;; i++) {
        *pkg = route[i];
        st = run_package(route[i], call, l, auth, o);
        if (NT_SUCCESS(st) || i + 1 == count || !lsa_negotiate_next(route[i], st))
            return st;
        TRACE("Negotiate: %s answered %08lx; trying %s", route[i]->name, (unsigned long)st, route[i + 1]->name);
        outputs_release(o);
        lsa_call_rollback(call);
    }
}

NTSTATUS lsa_op_logon_user(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep)
{
    const lsa_wire_logon_request *l = &req->u.logon;
    lsa_connection conn;
    const lsa_package *pkg;
    lsa_call call;
    NTSTATUS st;
    void *auth = NULL;
    logon_outputs o;
    TOKEN_GROUPS *local_groups = NULL;
    HANDLE token = NULL;
    TOKEN_SOURCE source;

    /* Sessions ended meanwhile are finished by the logons too, so they cannot pile up under load (lsa_sessions.c). */
    lsa_sessions_finish_ended(LSA_SESSIONS_FINISH_PER_LOGON);
    st = lsa_handles_get(l->handle, &conn);
    if (st != STATUS_SUCCESS)
        return st;
    if (!(pkg = lsa_packages_by_id(l->package_id)))
        return STATUS_NO_SUCH_PACKAGE;
    if (l->logon_type < Interactive || l->logon_type > CachedUnlock)
        return STATUS_INVALID_LOGON_TYPE;
    if (l->has_local_groups && !conn.trusted) {
        /* Adding groups to a token is a TCB operation; an untrusted caller may not. */
        WARN("LocalGroups from an untrusted connection");
        return STATUS_ACCESS_DENIED;
    }
    st = local_groups_from_wire(l, &local_groups);
    if (st != STATUS_SUCCESS)
        return st;

    /* The package gets its own writable copy (packages may decode a password in place). */
    if (!(auth = lsa_heap_alloc(l->auth.len))) {
        lsa_heap_free(local_groups);
        return STATUS_NO_MEMORY;
    }

    memset(&call, 0, sizeof(call));
    call.caller = caller;
    call.trusted = conn.trusted;
    call.ptr_size = req->hdr.ptr_size;
    call.submit = auth;
    call.submit_len = l->auth.len;
    call.client_base = l->client_base;
    lsa_call_enter(&call);

    st = run_logon(&pkg, &call, l, auth, &o);

    if (NT_SUCCESS(st)) {
        if (!o.token_info) {
            ERR("package %s returned success without token information", pkg->name);
            st = STATUS_INTERNAL_ERROR;
        } else if (!lsa_sessions_exists(&o.logon_id)) {
            /* Packages create their session; one that did not gets one now, so the logon id is real. */
            WARN("package %s did not create logon session %lx:%lx", pkg->name, o.logon_id.HighPart,
                 o.logon_id.LowPart);
            if (!o.logon_id.LowPart && !o.logon_id.HighPart)
                AllocateLocallyUniqueId(&o.logon_id);
            st = lsa_sessions_create(&o.logon_id, pkg->id);
            if (st == STATUS_SUCCESS)
                lsa_call_note_session(&call, &o.logon_id);
        }
    }
    if (NT_SUCCESS(st)) {
        lsa_token_request treq;
        memcpy(source.SourceName, l->source_name, sizeof(source.SourceName));
        source.SourceIdentifier.LowPart = l->source_id.low;
        source.SourceIdentifier.HighPart = l->source_id.high;
        memset(&treq, 0, sizeof(treq));
        treq.logon_id = &o.logon_id;
        treq.source = &source;
        treq.logon_type = (SECURITY_LOGON_TYPE)l->logon_type;
        /* A package flags PRIMARY_CRED_LOGON_NO_TCB when it logged someone on for a caller without TCB (S4U):
         * such a caller gets an identification token, as Windows documents for S4U. Network logons otherwise get
         * impersonation tokens, every other type a primary token. */
        if (o.primary.Flags & PRIMARY_CRED_LOGON_NO_TCB)
            treq.level = SecurityIdentification;
        else if (l->logon_type == Network || l->logon_type == NetworkCleartext)
            treq.level = SecurityImpersonation;
        else
            treq.level = 0;
        treq.info_type = o.info_type;
        treq.info = o.token_info;
        treq.local_groups = local_groups;
        treq.caller = caller;
        st = lsa_token_create(&treq, &token);
    }
    if (NT_SUCCESS(st)) {
        lsa_session_info info;
        PSID sid = lsa_token_info_user(o.info_type, o.token_info);
        memset(&info, 0, sizeof(info));
        info.logon_id = o.logon_id;
        info.logon_type = l->logon_type;
        info.package_id = pkg->id;
        copy_ustring(info.user, ARRAYSIZE(info.user), o.account);
        copy_ustring(info.domain, ARRAYSIZE(info.domain), o.authority);
        /* SECPKG_PRIMARY_CRED documents LogonServer, DnsDomainName and Upn: a package that knows them says so
         * there. Otherwise a local account's logon server is this computer. */
        copy_ustring(info.logon_server, ARRAYSIZE(info.logon_server), &o.primary.LogonServer);
        copy_ustring(info.dns_domain, ARRAYSIZE(info.dns_domain), &o.primary.DnsDomainName);
        copy_ustring(info.upn, ARRAYSIZE(info.upn), &o.primary.Upn);
        if (!info.logon_server[0] && info.domain[0] && is_this_computer(info.domain))
            lstrcpynW(info.logon_server, info.domain, ARRAYSIZE(info.logon_server));
        session_package_name(pkg, info.package_name, ARRAYSIZE(info.package_name));
        if (sid && GetLengthSid(sid) <= sizeof(info.sid) && CopySid(sizeof(info.sid), info.sid, sid))
            info.has_sid = TRUE;
        GetSystemTimeAsFileTime((FILETIME *)&info.logon_time);
        info.session = lsa_caller_terminal_session(caller);
        st = lsa_sessions_complete(&info);
    }
    if (NT_SUCCESS(st) && caller->process) {
        /* A client in another process gets its own handle, and the session watcher (which counts handles in every
         * process) takes ours over: a handle is in the client before the watcher looks. */
        HANDLE theirs = NULL;
        if (DuplicateHandle(GetCurrentProcess(), token, caller->process, &theirs, 0, FALSE, DUPLICATE_SAME_ACCESS)) {
            lsa_sessions_keep_token(&o.logon_id, token);
            token = theirs;
        } else {
            ERR("cannot hand the token to process %lu: %lu", (unsigned long)caller->process_id, GetLastError());
            st = STATUS_NO_MEMORY;
        }
    } else if (NT_SUCCESS(st)) {
        lsa_sessions_set_token(&o.logon_id, token);
    }

    if (NT_SUCCESS(st)) {
        rep->u.logon.profile = (uint64_t)(uintptr_t)o.profile;
        rep->u.logon.profile_len = o.profile ? o.profile_len : 0;
        rep->u.logon.logon_id.low = o.logon_id.LowPart;
        rep->u.logon.logon_id.high = o.logon_id.HighPart;
        rep->u.logon.token = (uint64_t)(uintptr_t)token;
        rep->u.logon.quotas = default_quotas;
    } else {
        if (token)
            CloseHandle(token);
        lsa_call_rollback(&call); /* the profile block and any session the package left */
        memset(&rep->u.logon, 0, sizeof(rep->u.logon));
    }
    rep->u.logon.substatus = (uint32_t)o.sub;

    lsa_call_leave(&call);
    outputs_release(&o);
    lsa_heap_free(local_groups);
    SecureZeroMemory(auth, l->auth.len);
    lsa_heap_free(auth);
    return st;
}
