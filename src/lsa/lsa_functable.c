/* LSA_SECPKG_FUNCTION_TABLE: the LSA's services to packages (its first 11 entries are LSA_DISPATCH_TABLE).
 *
 * Every entry is filled: each works, or returns a documented NTSTATUS saying why it cannot here (never NULL, never a
 * silent success). The table continues past mingw's definition with the entries Windows SDK 10 adds, because
 * packages built against it call them (and crash on a short table). */
#include "lsa_internal.h"

#include <bcrypt.h>
#include <string.h>

/* ---- logon sessions and credentials ----------------------------------------------------------------------------- */

static NTSTATUS NTAPI fn_create_logon_session(PLUID id)
{
    lsa_call *call = lsa_call_current();
    NTSTATUS st;
    if (!id)
        return STATUS_INVALID_PARAMETER;
    st = lsa_sessions_create(id, call ? call->package_id : (ULONG)-1);
    if (st == STATUS_SUCCESS && call)
        lsa_call_note_session(call, id);
    return st;
}

static NTSTATUS NTAPI fn_delete_logon_session(PLUID id)
{
    return lsa_sessions_delete(id);
}

static NTSTATUS NTAPI fn_add_credential(PLUID id, ULONG package, PLSA_STRING key, PLSA_STRING creds)
{
    return lsa_credentials_add(id, package, key, creds);
}

static NTSTATUS NTAPI fn_get_credentials(PLUID id, ULONG package, PULONG context, BOOLEAN all, PLSA_STRING key,
                                         PULONG key_len, PLSA_STRING creds)
{
    return lsa_credentials_get(id, package, context, all, key, key_len, creds);
}

static NTSTATUS NTAPI fn_delete_credential(PLUID id, ULONG package, PLSA_STRING key)
{
    return lsa_credentials_delete(id, package, key);
}

/* ---- heaps ------------------------------------------------------------------------------------------------------ */

static PVOID NTAPI fn_allocate_lsa_heap(ULONG size)
{
    return lsa_heap_alloc(size);
}

static VOID NTAPI fn_free_lsa_heap(PVOID p)
{
    lsa_heap_free(p);
}

static PVOID NTAPI fn_allocate_private_heap(SIZE_T size)
{
    return lsa_private_heap_alloc(size);
}

static VOID NTAPI fn_free_private_heap(PVOID p)
{
    lsa_private_heap_free(p);
}

/* ---- client memory ---------------------------------------------------------------------------------------------- */

/* Client blocks belong to the call that allocated them: a package reaches only its own call's blocks (or an outer
 * call's, when it passes that call's request), never another call's or an arbitrary address. A package calling a
 * package (an internal call) follows the same rules: its "client" is the LSA, and its result is handed to the LSA. */
static NTSTATUS NTAPI fn_allocate_client_buffer(PLSA_CLIENT_REQUEST request, ULONG length, PVOID *address)
{
    lsa_call *call = lsa_call_from_request(request);
    uint64_t a;
    NTSTATUS st;
    if (!address)
        return STATUS_INVALID_PARAMETER;
    *address = NULL;
    if (!call)
        return STATUS_INVALID_PARAMETER;
    st = lsa_clientmem_call_alloc(call, length, &a);
    if (st != STATUS_SUCCESS)
        return st;
    call->block_allocs++;
    *address = (PVOID)(uintptr_t)a;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI fn_free_client_buffer(PLSA_CLIENT_REQUEST request, PVOID address)
{
    lsa_call *call = lsa_call_from_request(request);
    if (!call)
        return STATUS_INVALID_PARAMETER;
    if (!address)
        return STATUS_SUCCESS; /* documented: a NULL buffer is ignored */
    return lsa_clientmem_call_free(call, (uint64_t)(uintptr_t)address);
}

static NTSTATUS NTAPI fn_copy_to_client_buffer(PLSA_CLIENT_REQUEST request, ULONG length, PVOID client_address,
                                               PVOID source)
{
    lsa_call *call = lsa_call_from_request(request);
    if (!call || (length && (!client_address || !source)))
        return STATUS_INVALID_PARAMETER;
    return lsa_clientmem_call_write(call, (uint64_t)(uintptr_t)client_address, source, length);
}

/* Reads come from the call's copy of the submit buffer (addressed by the client's base) or from the call's own
 * blocks; the core never reads other client memory. */
static NTSTATUS NTAPI fn_copy_from_client_buffer(PLSA_CLIENT_REQUEST request, ULONG length, PVOID dest,
                                                 PVOID client_address)
{
    lsa_call *call = lsa_call_from_request(request);
    uint64_t a = (uint64_t)(uintptr_t)client_address;
    if (!call || (length && (!client_address || !dest)))
        return STATUS_INVALID_PARAMETER;
    if (!length)
        return STATUS_SUCCESS;
    if (call->submit && a >= call->client_base && a - call->client_base <= call->submit_len &&
        length <= call->submit_len - (a - call->client_base)) {
        memcpy(dest, call->submit + (a - call->client_base), length);
        return STATUS_SUCCESS;
    }
    return lsa_clientmem_call_read(call, a, dest, length);
}

/* ---- caller ----------------------------------------------------------------------------------------------------- */

static NTSTATUS NTAPI fn_get_client_info(PSECPKG_CLIENT_INFO info)
{
    lsa_call *call = lsa_call_current();
    NTSTATUS st;
    if (!info)
        return STATUS_INVALID_PARAMETER;
    if (!call)
        return STATUS_NO_SUCH_LOGON_SESSION; /* not inside a client call (e.g. a package's own thread) */
    while (call->internal && call->outer)
        call = call->outer;
    if (!call->have_client_info) {
        st = lsa_caller_client_info(call->caller, call->trusted, &call->client_info);
        if (st != STATUS_SUCCESS)
            return st;
        call->have_client_info = TRUE;
    }
    *info = call->client_info;
    return STATUS_SUCCESS;
}

static BOOLEAN NTAPI fn_get_call_info(PSECPKG_CALL_INFO info)
{
    lsa_call *call = lsa_call_current();
    if (!info || !call)
        return FALSE;
    memset(info, 0, sizeof(*info));
    info->ProcessId = call->caller->process_id;
    info->ThreadId = call->caller->thread_id;
    info->Attributes = SECPKG_CALL_IN_PROC | (call->trusted ? SECPKG_CALL_IS_TCB : 0) |
                       (call->internal ? SECPKG_CALL_RECURSIVE : 0);
    info->CallCount = ++call->call_count;
    return TRUE;
}

static NTSTATUS NTAPI fn_get_extended_call_flags(PULONG flags)
{
    SECPKG_CALL_INFO info;
    if (!flags)
        return STATUS_INVALID_PARAMETER;
    if (!fn_get_call_info(&info))
        return STATUS_INTERNAL_ERROR; /* not within a call */
    *flags = info.Attributes;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI fn_impersonate_client(void)
{
    lsa_call *call = lsa_call_current();
    HANDLE token, dup;
    NTSTATUS st;
    if (!call)
        return STATUS_NO_TOKEN;
    while (call->internal && call->outer)
        call = call->outer;
    st = lsa_caller_open_token(call->caller, TOKEN_DUPLICATE | TOKEN_QUERY | TOKEN_IMPERSONATE, &token);
    if (st != STATUS_SUCCESS)
        return st;
    if (!DuplicateTokenEx(token, TOKEN_IMPERSONATE | TOKEN_QUERY, NULL, SecurityImpersonation, TokenImpersonation,
                          &dup)) {
        CloseHandle(token);
        return STATUS_CANNOT_IMPERSONATE;
    }
    CloseHandle(token);
    if (!call->impersonated && call->caller->thread_id == GetCurrentThreadId())
        OpenThreadToken(GetCurrentThread(), TOKEN_IMPERSONATE, TRUE, &call->saved_thread_token);
    if (!SetThreadToken(NULL, dup)) {
        CloseHandle(dup);
        return STATUS_CANNOT_IMPERSONATE;
    }
    CloseHandle(dup);
    lsa_call_current()->impersonated = TRUE;
    call->impersonated = TRUE;
    return STATUS_SUCCESS;
}

/* ---- packages --------------------------------------------------------------------------------------------------- */

static NTSTATUS NTAPI fn_unload_package(void)
{
    /* Built-ins and loaded DLLs stay for the life of the process, as lsass keeps its packages. */
    return STATUS_NOT_SUPPORTED;
}

static NTSTATUS call_package_common(PUNICODE_STRING name, PVOID client_base, PVOID submit, ULONG len, PVOID *ret,
                                    PULONG ret_len, PNTSTATUS protocol_status, BOOL passthrough)
{
    lsa_call *outer = lsa_call_current();
    lsa_core_caller self = { .process_id = GetCurrentProcessId(), .thread_id = GetCurrentThreadId() };
    const lsa_package *pkg;
    lsa_call inner;
    NTSTATUS st;

    if (ret)
        *ret = NULL;
    if (ret_len)
        *ret_len = 0;
    if (protocol_status)
        *protocol_status = STATUS_SUCCESS;
    if (!name || !name->Buffer || !submit || !ret || !ret_len || !protocol_status)
        return STATUS_INVALID_PARAMETER;
    pkg = lsa_packages_by_wname(name->Buffer, name->Length / sizeof(WCHAR));
    if (!pkg)
        return STATUS_NO_SUCH_PACKAGE;
    memset(&inner, 0, sizeof(inner));
    inner.caller = outer ? outer->caller : NULL;
    inner.trusted = TRUE; /* the LSA calling itself */
    inner.internal = TRUE;
    inner.package_id = pkg->id;
    inner.ptr_size = sizeof(void *);
    inner.submit = submit;
    inner.submit_len = len;
    inner.client_base = (uint64_t)(uintptr_t)(client_base ? client_base : submit);
    if (!inner.caller)
        inner.caller = &self; /* a package's own thread: the LSA is the caller */
    lsa_call_enter(&inner);
    st = lsa_invoke_call_package(pkg, &inner, passthrough, submit, len, ret, ret_len, protocol_status);
    if (!NT_SUCCESS(st)) {
        /* As for a client: no return buffer on failure, and nothing the package allocated survives it. */
        lsa_call_rollback(&inner);
        *ret = NULL;
        *ret_len = 0;
    }
    lsa_call_leave(&inner);
    return st;
}

static NTSTATUS NTAPI fn_call_package(PUNICODE_STRING name, PVOID submit, ULONG len, PVOID *ret, PULONG ret_len,
                                      PNTSTATUS protocol_status)
{
    return call_package_common(name, NULL, submit, len, ret, ret_len, protocol_status, FALSE);
}

static NTSTATUS NTAPI fn_call_package_ex(PUNICODE_STRING name, PVOID client_base, PVOID submit, ULONG len,
                                         PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    return call_package_common(name, client_base, submit, len, ret, ret_len, protocol_status, FALSE);
}

static NTSTATUS NTAPI fn_call_package_passthrough(PUNICODE_STRING name, PVOID client_base, PVOID submit, ULONG len,
                                                  PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    return call_package_common(name, client_base, submit, len, ret, ret_len, protocol_status, TRUE);
}

/* Frees what CallPackage returned: only a block handed to the LSA by a finished internal call. */
static VOID NTAPI fn_free_return_buffer(PVOID p)
{
    if (p && lsa_clientmem_free_returned(NULL, LSA_CLIENTMEM_OWNER_LSA, (uint64_t)(uintptr_t)p) != STATUS_SUCCESS)
        WARN("%p is not a CallPackage return buffer", p);
}

/* ---- handles, threads, notifications ---------------------------------------------------------------------------- */

static NTSTATUS NTAPI fn_duplicate_handle(HANDLE source, PHANDLE dest)
{
    if (!dest)
        return STATUS_INVALID_PARAMETER;
    *dest = NULL;
    if (!DuplicateHandle(GetCurrentProcess(), source, GetCurrentProcess(), dest, 0, FALSE, DUPLICATE_SAME_ACCESS))
        return STATUS_INVALID_HANDLE;
    return STATUS_SUCCESS;
}

static HANDLE NTAPI fn_create_thread(SEC_ATTRS attrs, ULONG stack, SEC_THREAD_START start, PVOID param, ULONG flags,
                                     PULONG thread_id)
{
    DWORD id = 0;
    HANDLE h = CreateThread(attrs, stack, start, param, flags, &id);
    if (thread_id)
        *thread_id = id;
    return h;
}

typedef struct notification {
    SEC_THREAD_START start;
    PVOID param;
    HANDLE wait;   /* RegisterWaitForSingleObject / timer-queue handle */
    BOOL is_timer;
    struct notification *next;
} notification;

/* Live registrations: CancelNotification looks a handle up here and never follows an unknown value. */
static SRWLOCK notifications_lock = SRWLOCK_INIT;
static notification *notifications;

static void notification_add(notification *n)
{
    AcquireSRWLockExclusive(&notifications_lock);
    n->next = notifications;
    notifications = n;
    ReleaseSRWLockExclusive(&notifications_lock);
}

/* Unlink and return the registration whose handle is `handle`; NULL when there is none. */
static notification *notification_take(HANDLE handle)
{
    notification *found = NULL;
    AcquireSRWLockExclusive(&notifications_lock);
    for (notification **link = &notifications; *link; link = &(*link)->next) {
        if ((HANDLE)*link == handle) {
            found = *link;
            *link = found->next;
            break;
        }
    }
    ReleaseSRWLockExclusive(&notifications_lock);
    return found;
}

static VOID CALLBACK notification_fired(PVOID ctx, BOOLEAN timed_out)
{
    notification *n = ctx;
    (void)timed_out;
    n->start(n->param);
}

static DWORD WINAPI immediate_fired(PVOID ctx)
{
    notification *n = ctx;
    DWORD r = n->start(n->param);
    lsa_heap_free(n);
    return r;
}

/* Interval, handle-wait and immediate notifications are served; LSA state-change and notify-event classes have no
 * source of events in an emulated LSA, so registering for them fails (NULL) rather than never firing silently. */
static HANDLE NTAPI fn_register_notification(SEC_THREAD_START start, PVOID param, ULONG type, ULONG nclass,
                                             ULONG flags, ULONG minutes, HANDLE event)
{
    notification *n;
    (void)nclass;
    if (!start)
        return NULL;
    if (!(n = lsa_heap_alloc(sizeof(*n))))
        return NULL;
    n->start = start;
    n->param = param;
    switch (type) {
    case NOTIFIER_TYPE_INTERVAL:
        if (!minutes || !CreateTimerQueueTimer(&n->wait, NULL, notification_fired, n, minutes * 60000u,
                                               (flags & NOTIFIER_FLAG_ONE_SHOT) ? 0 : minutes * 60000u,
                                               WT_EXECUTEDEFAULT))
            break;
        n->is_timer = TRUE;
        notification_add(n);
        return n;
    case NOTIFIER_TYPE_HANDLE_WAIT:
        if (!event || !RegisterWaitForSingleObject(&n->wait, event, notification_fired, n, INFINITE,
                                                   (flags & NOTIFIER_FLAG_ONE_SHOT) ? WT_EXECUTEONLYONCE : 0))
            break;
        notification_add(n);
        return n;
    case NOTIFIER_TYPE_IMMEDIATE:
        if (!QueueUserWorkItem(immediate_fired, n, WT_EXECUTEDEFAULT))
            break;
        return (HANDLE)(ULONG_PTR)-1; /* nothing left to cancel: the work item frees itself */
    default:
        FIXME("notification type %lu not supported", type);
        break;
    }
    lsa_heap_free(n);
    return NULL;
}

static NTSTATUS NTAPI fn_cancel_notification(HANDLE handle)
{
    notification *n = notification_take(handle);
    if (!n)
        return STATUS_INVALID_HANDLE; /* NULL, the immediate marker, cancelled already, or never ours */
    if (n->is_timer)
        DeleteTimerQueueTimer(NULL, n->wait, INVALID_HANDLE_VALUE);
    else
        UnregisterWaitEx(n->wait, INVALID_HANDLE_VALUE);
    lsa_heap_free(n);
    return STATUS_SUCCESS;
}

/* ---- buffers and shared memory ---------------------------------------------------------------------------------- */

/* An unmapped SecBuffer holds a client address: copy it in through the range-checked path; a mapped one is LSA
 * memory already. */
static NTSTATUS NTAPI fn_map_buffer(PSecBuffer input, PSecBuffer output)
{
    void *copy;
    NTSTATUS st;
    if (!input || !output)
        return STATUS_INVALID_PARAMETER;
    if (!(input->BufferType & SECBUFFER_UNMAPPED)) {
        *output = *input;
        return STATUS_SUCCESS;
    }
    if (!(copy = lsa_heap_alloc(input->cbBuffer)))
        return STATUS_NO_MEMORY;
    st = fn_copy_from_client_buffer(NULL, input->cbBuffer, copy, input->pvBuffer);
    if (st != STATUS_SUCCESS) {
        lsa_heap_free(copy);
        return st;
    }
    output->cbBuffer = input->cbBuffer;
    output->BufferType = input->BufferType & ~SECBUFFER_UNMAPPED;
    output->pvBuffer = copy;
    return STATUS_SUCCESS;
}

/* Shared sections between LSA and client: the in-process LSA shares its address space, so a private heap is one. */
static PVOID NTAPI fn_create_shared_memory(ULONG max_size, ULONG initial_size)
{
    return HeapCreate(0, initial_size, max_size);
}

static PVOID NTAPI fn_allocate_shared_memory(PVOID shared, ULONG size)
{
    return shared ? HeapAlloc(shared, HEAP_ZERO_MEMORY, size) : NULL;
}

static VOID NTAPI fn_free_shared_memory(PVOID shared, PVOID memory)
{
    if (shared && memory)
        HeapFree(shared, 0, memory);
}

static BOOLEAN NTAPI fn_delete_shared_memory(PVOID shared)
{
    return shared && HeapDestroy(shared);
}

/* ---- tokens ----------------------------------------------------------------------------------------------------- */

static NTSTATUS create_token_common(PLUID logon_id, PTOKEN_SOURCE source, SECURITY_LOGON_TYPE type,
                                    SECURITY_IMPERSONATION_LEVEL level, LSA_TOKEN_INFORMATION_TYPE info_type,
                                    PVOID info, PTOKEN_GROUPS groups, PHANDLE token, PNTSTATUS sub_status)
{
    lsa_call *call = lsa_call_current();
    lsa_token_request req;
    lsa_core_caller self = { .process_id = GetCurrentProcessId(), .thread_id = GetCurrentThreadId() };
    NTSTATUS st;
    if (sub_status)
        *sub_status = STATUS_SUCCESS;
    if (!token || !logon_id || !source || !info)
        return STATUS_INVALID_PARAMETER;
    *token = NULL;
    memset(&req, 0, sizeof(req));
    req.logon_id = logon_id;
    req.source = source;
    req.logon_type = type;
    req.level = (type == Network) ? level : 0;
    req.info_type = info_type;
    req.info = info;
    req.local_groups = groups;
    req.caller = call ? call->caller : &self;
    st = lsa_token_create(&req, token);
    if (st == STATUS_SUCCESS) {
        lsa_token_info_free(info_type, info); /* documented: the LSA takes ownership of the token information */
        lsa_sessions_set_token(logon_id, *token);
    }
    return st;
}

static NTSTATUS NTAPI fn_create_token(PLUID logon_id, PTOKEN_SOURCE source, SECURITY_LOGON_TYPE type,
                                      SECURITY_IMPERSONATION_LEVEL level, LSA_TOKEN_INFORMATION_TYPE info_type,
                                      PVOID info, PTOKEN_GROUPS groups, PUNICODE_STRING account,
                                      PUNICODE_STRING authority, PUNICODE_STRING workstation,
                                      PUNICODE_STRING profile_path, PHANDLE token, PNTSTATUS sub_status)
{
    (void)account; (void)authority; (void)workstation; (void)profile_path;
    return create_token_common(logon_id, source, type, level, info_type, info, groups, token, sub_status);
}

static NTSTATUS NTAPI fn_create_token_ex(PLUID logon_id, PTOKEN_SOURCE source, SECURITY_LOGON_TYPE type,
                                         SECURITY_IMPERSONATION_LEVEL level, LSA_TOKEN_INFORMATION_TYPE info_type,
                                         PVOID info, PTOKEN_GROUPS groups, PUNICODE_STRING workstation,
                                         PUNICODE_STRING profile_path, PVOID session_info,
                                         SECPKG_SESSIONINFO_TYPE session_info_type, PHANDLE token,
                                         PNTSTATUS sub_status)
{
    (void)workstation; (void)profile_path; (void)session_info; (void)session_info_type;
    return create_token_common(logon_id, source, type, level, info_type, info, groups, token, sub_status);
}

static NTSTATUS NTAPI fn_open_token_by_logon_id(PLUID logon_id, HANDLE *token)
{
    if (!logon_id || !token)
        return STATUS_INVALID_PARAMETER;
    return lsa_sessions_open_token(logon_id, token);
}

/* ---- auditing: there is no security event log; audits go to the trace channel ---------------------------------- */

static VOID NTAPI fn_audit_logon(NTSTATUS status, NTSTATUS sub_status, PUNICODE_STRING account,
                                 PUNICODE_STRING authority, PUNICODE_STRING workstation, PSID sid,
                                 SECURITY_LOGON_TYPE type, PTOKEN_SOURCE source, PLUID logon_id)
{
    (void)account; (void)authority; (void)workstation; (void)sid; (void)source;
    TRACE("audit logon: status %08lx/%08lx type %d id %lx:%lx", (unsigned long)status, (unsigned long)sub_status,
          (int)type, logon_id ? logon_id->HighPart : 0, logon_id ? logon_id->LowPart : 0);
}

static NTSTATUS NTAPI fn_audit_account_logon(ULONG audit_id, BOOLEAN success, PUNICODE_STRING source,
                                             PUNICODE_STRING client, PUNICODE_STRING mapped, NTSTATUS status)
{
    (void)source; (void)client; (void)mapped;
    TRACE("audit account logon %lu: %s %08lx", audit_id, success ? "success" : "failure", (unsigned long)status);
    return STATUS_SUCCESS;
}

static VOID NTAPI fn_audit_logon_ex(NTSTATUS status, NTSTATUS sub_status, PUNICODE_STRING account,
                                    PUNICODE_STRING authority, PUNICODE_STRING workstation, PSID sid,
                                    SECURITY_LOGON_TYPE type, ULONG level, PTOKEN_SOURCE source, PLUID logon_id)
{
    (void)level;
    fn_audit_logon(status, sub_status, account, authority, workstation, sid, type, source, logon_id);
}

/* ---- SAM, domain and credential-manager services this LSA does not host --------------------------------------- */

static NTSTATUS NTAPI fn_save_supplemental_credentials(PLUID id, ULONG size, PVOID creds, BOOLEAN sync)
{
    (void)id; (void)size; (void)creds; (void)sync;
    return STATUS_NOT_SUPPORTED;
}

static NTSTATUS NTAPI fn_open_sam_user(PSECURITY_STRING name, SECPKG_NAME_TYPE type, PSECURITY_STRING prefix,
                                       BOOLEAN allow_guest, ULONG reserved, PVOID *handle)
{
    (void)name; (void)type; (void)prefix; (void)allow_guest; (void)reserved;
    if (handle)
        *handle = NULL;
    return STATUS_NOT_SUPPORTED; /* the accounts database belongs to MSV1_0, not to a SAM service */
}

static NTSTATUS NTAPI fn_get_user_credentials(PVOID handle, PVOID *primary, PULONG primary_size, PVOID *supp,
                                              PULONG supp_size)
{
    (void)handle; (void)primary; (void)primary_size; (void)supp; (void)supp_size;
    return STATUS_INVALID_HANDLE; /* OpenSamUser never hands out a handle */
}

static NTSTATUS NTAPI fn_get_user_auth_data(PVOID handle, PUCHAR *data, PULONG size)
{
    (void)handle; (void)data; (void)size;
    return STATUS_INVALID_HANDLE;
}

static NTSTATUS NTAPI fn_close_sam_user(PVOID handle)
{
    (void)handle;
    return STATUS_INVALID_HANDLE;
}

static NTSTATUS NTAPI fn_convert_auth_data_to_token(PVOID data, ULONG size, SECURITY_IMPERSONATION_LEVEL level,
                                                    PTOKEN_SOURCE source, SECURITY_LOGON_TYPE type,
                                                    PUNICODE_STRING authority, PHANDLE token, PLUID logon_id,
                                                    PUNICODE_STRING account, PNTSTATUS sub_status)
{
    (void)data; (void)size; (void)level; (void)source; (void)type; (void)authority; (void)account;
    if (token)
        *token = NULL;
    if (logon_id)
        memset(logon_id, 0, sizeof(*logon_id));
    if (sub_status)
        *sub_status = STATUS_NOT_SUPPORTED;
    return STATUS_NOT_SUPPORTED; /* needs PAC parsing: the Kerberos issue */
}

static NTSTATUS NTAPI fn_client_callback(PCHAR callback, ULONG_PTR a1, ULONG_PTR a2, PSecBuffer in, PSecBuffer out)
{
    (void)callback; (void)a1; (void)a2; (void)in; (void)out;
    return STATUS_NOT_SUPPORTED; /* no user-mode callback channel to the client */
}

static NTSTATUS NTAPI fn_update_credentials(PSECPKG_PRIMARY_CRED primary, PSECPKG_SUPPLEMENTAL_CRED_ARRAY creds)
{
    (void)primary; (void)creds;
    return STATUS_NOT_SUPPORTED; /* no SSP-mode packages to forward credentials to */
}

static NTSTATUS NTAPI fn_get_auth_data_for_user(PSECURITY_STRING name, SECPKG_NAME_TYPE type,
                                                PSECURITY_STRING prefix, PUCHAR *data, PULONG size,
                                                PUNICODE_STRING flat_name)
{
    (void)name; (void)type; (void)prefix; (void)flat_name;
    if (data)
        *data = NULL;
    if (size)
        *size = 0;
    return STATUS_NOT_SUPPORTED;
}

static NTSTATUS NTAPI fn_crack_single_name(ULONG offered, BOOLEAN at_gc, PUNICODE_STRING input,
                                           PUNICODE_STRING prefix, ULONG requested, PUNICODE_STRING cracked,
                                           PUNICODE_STRING dns_domain, PULONG sub_status)
{
    (void)offered; (void)at_gc; (void)input; (void)prefix; (void)requested; (void)cracked; (void)dns_domain;
    if (sub_status)
        *sub_status = 0;
    return STATUS_NOT_SUPPORTED; /* no directory service */
}

static NTSTATUS NTAPI fn_expand_auth_data_for_domain(PUCHAR data, ULONG size, PVOID reserved, PUCHAR *expanded,
                                                     PULONG expanded_size)
{
    (void)data; (void)size; (void)reserved;
    if (expanded)
        *expanded = NULL;
    if (expanded_size)
        *expanded_size = 0;
    return STATUS_NOT_SUPPORTED;
}

/* Credential Manager entries (CrediRead, CrediReadDomainCredentials, CrediFreeCredentials, CrediWrite) and the
 * Windows 10 tail. Prototypes are spelled out here because mingw's header names the first ones DummyFunctionN. */
typedef NTSTATUS(NTAPI cred_read_fn)(PLUID, ULONG, LPWSTR, ULONG, ULONG, PVOID *);
typedef NTSTATUS(NTAPI cred_read_domain_fn)(PLUID, ULONG, PVOID, ULONG, PULONG, PVOID **);
typedef VOID(NTAPI cred_free_fn)(ULONG, PVOID *);
typedef NTSTATUS(NTAPI cred_write_fn)(PLUID, ULONG, PVOID, ULONG);
typedef NTSTATUS(NTAPI cred_unmarshal_fn)(LPWSTR, LPBYTE *, ULONG *, BOOLEAN *);

static NTSTATUS NTAPI fn_cred_read(PLUID id, ULONG cred_flags, LPWSTR target, ULONG type, ULONG flags, PVOID *cred)
{
    (void)id; (void)cred_flags; (void)target; (void)type; (void)flags;
    if (cred)
        *cred = NULL;
    return STATUS_NOT_FOUND; /* the emulated credential store is empty */
}

static NTSTATUS NTAPI fn_cred_read_domain(PLUID id, ULONG cred_flags, PVOID target_info, ULONG flags, PULONG count,
                                          PVOID **creds)
{
    (void)id; (void)cred_flags; (void)target_info; (void)flags;
    if (count)
        *count = 0;
    if (creds)
        *creds = NULL;
    return STATUS_NOT_FOUND;
}

static VOID NTAPI fn_cred_free(ULONG count, PVOID *creds)
{
    (void)count;
    lsa_heap_free(creds);
}

static NTSTATUS NTAPI fn_cred_write(PLUID id, ULONG cred_flags, PVOID cred, ULONG flags)
{
    (void)id; (void)cred_flags; (void)cred; (void)flags;
    return STATUS_NOT_SUPPORTED;
}

static NTSTATUS NTAPI fn_cred_unmarshal(LPWSTR marshaled, LPBYTE *blob, ULONG *size, BOOLEAN *fatal)
{
    (void)marshaled;
    if (blob)
        *blob = NULL;
    if (size)
        *size = 0;
    if (fatal)
        *fatal = FALSE;
    return STATUS_NOT_SUPPORTED;
}

/* LsaProtectMemory / LsaUnprotectMemory: in place and the same size, any size (Windows' contract), so there is no room
 * to store a nonce. The key stream is AES-CTR under a per-process random key with the counter block made of the
 * buffer's address, its size and the block index: buffers at different places never share a key stream, so equal
 * secrets do not look equal and one known plaintext does not unmask the others (a buffer re-protected in place reuses
 * its own stream: stateless, nothing to lose or leak). The rule that follows (docs/packages.md): a
 * buffer is unprotected at the address and with the size it was protected with; bytes copied elsewhere must be
 * unprotected where they were protected first. Protect and unprotect are the same operation. */
static INIT_ONCE protect_once = INIT_ONCE_STATIC_INIT;
static BCRYPT_KEY_HANDLE protect_key;

static BOOL CALLBACK make_protect_key(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    BCRYPT_ALG_HANDLE alg;
    UCHAR secret[32];
    (void)once; (void)param; (void)ctx;
    if (BCryptOpenAlgorithmProvider(&alg, BCRYPT_AES_ALGORITHM, NULL, 0))
        return TRUE;
    BCryptSetProperty(alg, BCRYPT_CHAINING_MODE, (PUCHAR)BCRYPT_CHAIN_MODE_ECB, sizeof(BCRYPT_CHAIN_MODE_ECB), 0);
    if (!BCryptGenRandom(NULL, secret, sizeof(secret), BCRYPT_USE_SYSTEM_PREFERRED_RNG))
        BCryptGenerateSymmetricKey(alg, &protect_key, NULL, 0, secret, sizeof(secret), 0);
    SecureZeroMemory(secret, sizeof(secret));
    return TRUE;
}

static VOID NTAPI fn_protect_memory(PVOID buffer, ULONG size)
{
    UCHAR counter[16], stream[16];
    uint64_t address = (uint64_t)(uintptr_t)buffer;
    ULONG done, index = 0;
    UCHAR *p = buffer;
    if (!size)
        return;
    InitOnceExecuteOnce(&protect_once, make_protect_key, NULL, NULL);
    if (!protect_key || !buffer) {
        ERR("memory protection unavailable");
        return;
    }
    memcpy(counter, &address, 8);
    memcpy(counter + 8, &size, 4);
    for (ULONG off = 0; off < size; off += 16, index++) {
        memcpy(counter + 12, &index, 4);
        if (BCryptEncrypt(protect_key, counter, 16, NULL, NULL, 0, stream, 16, &done, 0)) {
            ERR("memory protection failed");
            break;
        }
        for (ULONG i = 0; i < 16 && i < size - off; i++)
            p[off + i] ^= stream[i];
    }
    SecureZeroMemory(stream, sizeof(stream));
}

static VOID NTAPI fn_dummy_protect(PVOID buffer, ULONG size)
{
    (void)buffer; (void)size; /* reserved slot in Windows' table: documented to do nothing */
}

static NTSTATUS NTAPI fn_get_service_account_password(PUNICODE_STRING account, PUNICODE_STRING domain, ULONG fetch,
                                                      FILETIME *expiry, PUNICODE_STRING current,
                                                      PUNICODE_STRING previous, FILETIME *current_valid)
{
    (void)account; (void)domain; (void)fetch; (void)expiry; (void)current; (void)previous; (void)current_valid;
    return STATUS_NOT_SUPPORTED; /* no managed service accounts */
}

static NTSTATUS NTAPI fn_check_protected_user_by_token(HANDLE token, PBOOLEAN protected_user)
{
    (void)token;
    if (!protected_user)
        return STATUS_INVALID_PARAMETER;
    *protected_user = FALSE; /* there is no Protected Users group on a workstation without a domain */
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI fn_query_client_request(PLSA_CLIENT_REQUEST request, ULONG query, PVOID *reply)
{
    (void)request; (void)query;
    if (reply)
        *reply = NULL;
    return STATUS_NOT_SUPPORTED;
}

static NTSTATUS NTAPI fn_get_app_mode_info(PULONG function, PULONG_PTR a1, PULONG_PTR a2, PSecBuffer data,
                                           PBOOLEAN return_to_lsa)
{
    (void)function; (void)a1; (void)a2; (void)data; (void)return_to_lsa;
    return STATUS_NOT_SUPPORTED;
}

static NTSTATUS NTAPI fn_set_app_mode_info(ULONG function, ULONG_PTR a1, ULONG_PTR a2, PSecBuffer data,
                                           BOOLEAN return_to_lsa)
{
    (void)function; (void)a1; (void)a2; (void)data; (void)return_to_lsa;
    return STATUS_NOT_SUPPORTED;
}

/* ---- the table -------------------------------------------------------------------------------------------------- */

typedef NTSTATUS(NTAPI get_extended_call_flags_fn)(PULONG);
typedef NTSTATUS(NTAPI get_service_account_password_fn)(PUNICODE_STRING, PUNICODE_STRING, ULONG, FILETIME *,
                                                         PUNICODE_STRING, PUNICODE_STRING, FILETIME *);
typedef VOID(NTAPI audit_logon_ex_fn)(NTSTATUS, NTSTATUS, PUNICODE_STRING, PUNICODE_STRING, PUNICODE_STRING, PSID,
                                      SECURITY_LOGON_TYPE, ULONG, PTOKEN_SOURCE, PLUID);
typedef NTSTATUS(NTAPI check_protected_user_fn)(HANDLE, PBOOLEAN);
typedef NTSTATUS(NTAPI query_client_request_fn)(PLSA_CLIENT_REQUEST, ULONG, PVOID *);
typedef NTSTATUS(NTAPI get_app_mode_info_fn)(PULONG, PULONG_PTR, PULONG_PTR, PSecBuffer, PBOOLEAN);
typedef NTSTATUS(NTAPI set_app_mode_info_fn)(ULONG, ULONG_PTR, ULONG_PTR, PSecBuffer, BOOLEAN);

/* mingw's LSA_SECPKG_FUNCTION_TABLE followed by Windows SDK 10's later entries, in Windows' order. */
typedef struct full_function_table {
    LSA_SECPKG_FUNCTION_TABLE base; /* ... CreateTokenEx, CrediWrite (DummyFunction4) */
    cred_unmarshal_fn *CrediUnmarshalandDecodeString;
    PLSA_PROTECT_MEMORY DummyFunction6;
    get_extended_call_flags_fn *GetExtendedCallFlags;
    PLSA_DUPLICATE_HANDLE DuplicateTokenHandle;
    get_service_account_password_fn *GetServiceAccountPassword;
    PLSA_PROTECT_MEMORY DummyFunction7;
    audit_logon_ex_fn *AuditLogonEx;
    check_protected_user_fn *CheckProtectedUserByToken;
    query_client_request_fn *QueryClientRequest;
    get_app_mode_info_fn *GetAppModeInfo;
    set_app_mode_info_fn *SetAppModeInfo;
} full_function_table;

#define CAST(fn) ((void *)(void (*)(void))(fn))

static full_function_table table;
static INIT_ONCE table_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK fill_table(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    LSA_SECPKG_FUNCTION_TABLE *t = &table.base;
    (void)once; (void)param; (void)ctx;
    t->CreateLogonSession = fn_create_logon_session;
    t->DeleteLogonSession = fn_delete_logon_session;
    t->AddCredential = fn_add_credential;
    t->GetCredentials = fn_get_credentials;
    t->DeleteCredential = fn_delete_credential;
    t->AllocateLsaHeap = fn_allocate_lsa_heap;
    t->FreeLsaHeap = fn_free_lsa_heap;
    t->AllocateClientBuffer = fn_allocate_client_buffer;
    t->FreeClientBuffer = fn_free_client_buffer;
    t->CopyToClientBuffer = fn_copy_to_client_buffer;
    t->CopyFromClientBuffer = fn_copy_from_client_buffer;
    t->ImpersonateClient = fn_impersonate_client;
    t->UnloadPackage = fn_unload_package;
    t->DuplicateHandle = fn_duplicate_handle;
    t->SaveSupplementalCredentials = fn_save_supplemental_credentials;
    t->CreateThread = fn_create_thread;
    t->GetClientInfo = fn_get_client_info;
    t->RegisterNotification = fn_register_notification;
    t->CancelNotification = fn_cancel_notification;
    t->MapBuffer = fn_map_buffer;
    t->CreateToken = fn_create_token;
    t->AuditLogon = fn_audit_logon;
    t->CallPackage = fn_call_package;
    t->FreeReturnBuffer = fn_free_return_buffer;
    t->GetCallInfo = fn_get_call_info;
    t->CallPackageEx = fn_call_package_ex;
    t->CreateSharedMemory = fn_create_shared_memory;
    t->AllocateSharedMemory = fn_allocate_shared_memory;
    t->FreeSharedMemory = fn_free_shared_memory;
    t->DeleteSharedMemory = fn_delete_shared_memory;
    t->OpenSamUser = fn_open_sam_user;
    t->GetUserCredentials = fn_get_user_credentials;
    t->GetUserAuthData = fn_get_user_auth_data;
    t->CloseSamUser = fn_close_sam_user;
    t->ConvertAuthDataToToken = fn_convert_auth_data_to_token;
    t->ClientCallback = fn_client_callback;
    t->UpdateCredentials = fn_update_credentials;
    t->GetAuthDataForUser = fn_get_auth_data_for_user;
    t->CrackSingleName = fn_crack_single_name;
    t->AuditAccountLogon = fn_audit_account_logon;
    t->CallPackagePassthrough = fn_call_package_passthrough;
    t->DummyFunction1 = CAST(fn_cred_read);
    t->DummyFunction2 = CAST(fn_cred_read_domain);
    t->DummyFunction3 = CAST(fn_cred_free);
    t->LsaProtectMemory = fn_protect_memory;
    t->LsaUnprotectMemory = fn_protect_memory;
    t->OpenTokenByLogonId = fn_open_token_by_logon_id;
    t->ExpandAuthDataForDomain = fn_expand_auth_data_for_domain;
    t->AllocatePrivateHeap = fn_allocate_private_heap;
    t->FreePrivateHeap = fn_free_private_heap;
    t->CreateTokenEx = fn_create_token_ex;
    t->DummyFunction4 = CAST(fn_cred_write);
    table.CrediUnmarshalandDecodeString = fn_cred_unmarshal;
    table.DummyFunction6 = fn_dummy_protect;
    table.GetExtendedCallFlags = fn_get_extended_call_flags;
    table.DuplicateTokenHandle = fn_duplicate_handle;
    table.GetServiceAccountPassword = fn_get_service_account_password;
    table.DummyFunction7 = fn_dummy_protect;
    table.AuditLogonEx = fn_audit_logon_ex;
    table.CheckProtectedUserByToken = fn_check_protected_user_by_token;
    table.QueryClientRequest = fn_query_client_request;
    table.GetAppModeInfo = fn_get_app_mode_info;
    table.SetAppModeInfo = fn_set_app_mode_info;
    return TRUE;
}

PLSA_SECPKG_FUNCTION_TABLE lsa_function_table(void)
{
    InitOnceExecuteOnce(&table_once, fill_table, NULL, NULL);
    return &table.base;
}

/* Exposed for the unit test that checks no slot is empty. */
size_t lsa_function_table_size(void)
{
    return sizeof(table);
}
