/* Internal interfaces of the LSA core, one section per file. Nothing here is visible outside the core. */
#ifndef LSAEMU_LSA_LSA_INTERNAL_H
#define LSAEMU_LSA_LSA_INTERNAL_H

#include "lsa_windows.h"
#include "lsa_core.h"
#include "lsa_trace.h"
#include "lsa_wire.h"

/* Windows' limit on an LSA_STRING package or logon-process name (LSA's own check, not the wire's). */
#define LSA_MAX_NAME_CHARS 127

/* ---- lsa_caller.c: who is calling, decided from the OS -------------------------------------------------------- */

/* Open the caller's effective token (its thread token when impersonating, else its process token). */
NTSTATUS lsa_caller_open_token(const lsa_core_caller *caller, DWORD access, HANDLE *token);
/* The same without a handle duplicate when the process token (kept open) will do: close *token only if *owned. */
NTSTATUS lsa_caller_borrow_token(const lsa_core_caller *caller, DWORD access, HANDLE *token, BOOL *owned);
/* The terminal session of the caller's process (0 when it cannot be learnt). */
DWORD lsa_caller_terminal_session(const lsa_core_caller *caller);
/* This computer's NetBIOS name, read once (Windows applies a rename at the next boot). */
const WCHAR *lsa_computer_name(void);
/* TRUE when the caller's effective token holds SeTcbPrivilege *enabled* (see docs/design.md: a privilege check, as
 * Windows' LSA does it, looks at enabled privileges only). */
BOOL lsa_caller_has_tcb(const lsa_core_caller *caller);
/* Fill SECPKG_CLIENT_INFO from the caller's token. */
NTSTATUS lsa_caller_client_info(const lsa_core_caller *caller, BOOL trusted, SECPKG_CLIENT_INFO *info);

/* ---- lsa_handles.c: LSA connection handles -------------------------------------------------------------------- */

typedef struct lsa_connection {
    uint64_t handle;
    BOOL trusted;
} lsa_connection;

/* A handle for the caller's process: one of another process (caller->process set) is closed with that process. */
NTSTATUS lsa_handles_open(const lsa_core_caller *caller, BOOL trusted, uint64_t *handle);
/* STATUS_INVALID_HANDLE for 0, garbage, or a closed handle. */
NTSTATUS lsa_handles_get(uint64_t handle, lsa_connection *out);
NTSTATUS lsa_handles_close(uint64_t handle);
size_t lsa_handles_open_count(void);
/* Close every handle of client process pid (it has exited), or of every client process that has exited. */
void lsa_handles_forget_process(DWORD pid);
void lsa_handles_forget_exited(void);

/* ---- lsa_clientmem.c: memory the LSA hands to clients --------------------------------------------------------- */

/* Return buffers are blocks of a private heap, each registered here with its owner: the call that allocated it while
 * the call runs, then the process it was returned to. The owner of a returned block is the calling process, or
 * LSA_CLIENTMEM_OWNER_LSA for the result of a package's CallPackage. Unknown, foreign and unaligned addresses get
 * STATUS_MEMORY_NOT_ALLOCATED (free) or STATUS_ACCESS_VIOLATION (copy). */
#define LSA_CLIENTMEM_OWNER_LSA ((uint64_t)1 << 32) /* above every process id */

/* Where a caller's blocks live: its own process (a handle with VM rights) or this one (process NULL); and, for a
 * client of the LSA server that lent a grant with its request, the placement that lays blocks out in it first. */
typedef struct lsa_client_space {
    DWORD pid;
    HANDLE process;
    struct lsa_placement *placement;
} lsa_client_space;
/* Who may act on a block: anyone (the core's own blocks), the running call that allocated it, or the process it
 * was returned to. */
typedef enum lsa_block_rule {
    LSA_BLOCK_ANY,
    LSA_BLOCK_OF_CALL,
    LSA_BLOCK_RETURNED_TO,
} lsa_block_rule;
struct lsa_call;

/* Blocks the core builds and returns itself (session lists, session data): returned to the caller at once. The
 * core's own free and write accept any registered block of the caller's process. */
NTSTATUS lsa_clientmem_alloc(const lsa_core_caller *caller, size_t size, uint64_t *address);
NTSTATUS lsa_clientmem_free(const lsa_core_caller *caller, uint64_t address);
/* Copy into [address, address+len), which must lie inside one registered block. */
NTSTATUS lsa_clientmem_write(const lsa_core_caller *caller, uint64_t address, const void *src, size_t len);
/* LsaFreeReturnBuffer / the table's FreeReturnBuffer (caller NULL: the LSA's own blocks): only a block returned to
 * `owner`; NULL is STATUS_INVALID_PARAMETER. */
NTSTATUS lsa_clientmem_free_returned(const lsa_core_caller *caller, uint64_t owner, uint64_t address);
/* The running call's blocks (AllocateClientBuffer, FreeClientBuffer, CopyTo/FromClientBuffer). */
NTSTATUS lsa_clientmem_call_alloc(const struct lsa_call *call, size_t size, uint64_t *address);
NTSTATUS lsa_clientmem_call_free(const struct lsa_call *call, uint64_t address);
NTSTATUS lsa_clientmem_call_write(const struct lsa_call *call, uint64_t address, const void *src, size_t len);
NTSTATUS lsa_clientmem_call_read(const struct lsa_call *call, uint64_t address, void *dst, size_t len);
/* The call failed: free every block it still owns (any number). Returns how many. */
size_t lsa_clientmem_call_release(const struct lsa_call *call);
/* The call succeeded: what it still owns now belongs to `owner`. */
void lsa_clientmem_call_hand_over(const struct lsa_call *call, uint64_t owner);
/* A client process has exited: drop its blocks' entries (its memory went with it). */
void lsa_clientmem_forget_process(uint32_t pid);
/* lsa_clientmem_remote.c: the memory of blocks in another process (space->process set); zeroed. */
void *lsa_clientmem_remote_alloc(const lsa_client_space *space, size_t size);
void lsa_clientmem_remote_free(const lsa_client_space *space, uint64_t address, size_t size);
void lsa_clientmem_remote_forget(uint32_t pid);
/* A client process that has exited while we still hold an arena of it (0: none), and the sweep that forgets every
 * such client: a client may close all its connections before it exits, so no connection sees it go. */
uint32_t lsa_clientmem_remote_exited(void);
void lsa_clientmem_forget_exited(void);
/* lsa_clientmem_placed.c: blocks in the grant of the request being served (placement NULL or without a grant:
 * none). Addresses inside the grant are the placement's alone; the table never holds them. */
BOOL lsa_placed_in_grant(const struct lsa_placement *p, uint64_t address);
BOOL lsa_placed_alloc(struct lsa_placement *p, size_t size, uint64_t owner, BOOL returned, uint64_t *address);
NTSTATUS lsa_placed_free(struct lsa_placement *p, uint64_t address, lsa_block_rule rule, uint64_t owner);
NTSTATUS lsa_placed_copy(struct lsa_placement *p, uint64_t address, void *local, size_t len, BOOL to_block,
                         lsa_block_rule rule, uint64_t owner);
size_t lsa_placed_release_call(struct lsa_placement *p, uint64_t call);
void lsa_placed_hand_over(struct lsa_placement *p, uint64_t call, uint64_t owner);
/* Registered blocks, for the tests. */
size_t lsa_clientmem_live_count(void);
/* The table's slots and its deleted ones (tombstones), for lsa_core_read_counts. */
void lsa_clientmem_table_size(size_t *slots, size_t *deleted);
size_t lsa_clientmem_remote_arena_count(void);

/* ---- lsa_call.c: the context of one call, visible to the dispatch-table functions ----------------------------- */

typedef struct lsa_call {
    uint64_t id;                /* unique per call, never reused: the owner of the client blocks it allocates */
    const lsa_core_caller *caller;
    BOOL trusted;
    BOOL internal;              /* a package's CallPackage: the "client" is the LSA itself */
    ULONG package_id;
    uint8_t ptr_size;
    const uint8_t *submit;      /* the copy of the submit buffer */
    size_t submit_len;
    uint64_t client_base;       /* the client's address of that buffer */
    BOOL have_client_info;
    SECPKG_CLIENT_INFO client_info;
    LUID *sessions;             /* sessions created during this call (deleted if it fails): lsa_heap, any number */
    size_t session_count, session_capacity;
    BOOL session_overflow;      /* one could not be recorded (out of memory) */
    ULONG block_allocs;         /* client blocks allocated (lets enter/leave skip the block table when 0) */
    HANDLE saved_thread_token;  /* the client thread's own impersonation, restored after ImpersonateClient */
    BOOL impersonated;
    ULONG call_count;
    struct lsa_call *outer;
} lsa_call;

void lsa_call_enter(lsa_call *call);
void lsa_call_leave(lsa_call *call);
lsa_call *lsa_call_current(void);
/* The current call if `request` names it (or is NULL); NULL otherwise. */
lsa_call *lsa_call_from_request(PLSA_CLIENT_REQUEST request);
void lsa_call_note_session(lsa_call *call, const LUID *id);
/* On failure: free the blocks the call still owns and delete the sessions it created. Without a rollback,
 * lsa_call_leave hands the call's blocks to the process it returns to (the LSA itself for an internal call). */
void lsa_call_rollback(lsa_call *call);

/* ---- lsa_heap.c: the LSA's own heaps ------------------------------------------------------------------------ */

void *lsa_heap_alloc(size_t size); /* zeroed */
void lsa_heap_free(void *p);
SIZE_T lsa_heap_size(const void *p); /* 0 when p is NULL or not an LSA heap block */
void *lsa_private_heap_alloc(size_t size);
void lsa_private_heap_free(void *p);
UNICODE_STRING *lsa_heap_ustring_from_w(const WCHAR *s, size_t chars);

/* ---- lsa_packages.c: package registry ------------------------------------------------------------------------ */

/* mingw's LSA_AP_LOGON_USER_EX2 typedef lacks NTAPI; packages define the function stdcall, so on i686 calling through
 * mingw's type would corrupt the stack. */
typedef NTSTATUS(NTAPI lsa_ap_logon_user_ex2_fn)(PLSA_CLIENT_REQUEST, SECURITY_LOGON_TYPE, PVOID, PVOID, ULONG, PVOID *,
                                                 PULONG, PLUID, PNTSTATUS, PLSA_TOKEN_INFORMATION_TYPE, PVOID *,
                                                 PUNICODE_STRING *, PUNICODE_STRING *, PUNICODE_STRING *,
                                                 PSECPKG_PRIMARY_CRED, PSECPKG_SUPPLEMENTAL_CRED_ARRAY *);

typedef struct lsa_package {
    ULONG id;
    char name[LSA_MAX_NAME_CHARS + 1];
    WCHAR module[MAX_PATH];
    PLSA_AP_INITIALIZE_PACKAGE initialize;
    lsa_ap_logon_user_ex2_fn *logon_ex2;
    PLSA_AP_LOGON_USER_EX logon_ex;
    PLSA_AP_LOGON_USER logon;
    PLSA_AP_CALL_PACKAGE call;
    PLSA_AP_CALL_PACKAGE_UNTRUSTED call_untrusted;
    PLSA_AP_CALL_PACKAGE_PASSTHROUGH call_passthrough;
    PLSA_AP_LOGON_TERMINATED logon_terminated;
} lsa_package;

/* Loads built-ins then the registry's "Authentication Packages" once; thread-safe. */
void lsa_packages_init(void);
const lsa_package *lsa_packages_by_id(ULONG id);
/* Case-insensitive; `name` is LSA_STRING bytes. NULL when unknown. */
const lsa_package *lsa_packages_by_name(const char *name, size_t len);
const lsa_package *lsa_packages_by_wname(const WCHAR *name, size_t chars);
ULONG lsa_packages_count(void);
/* Tell every package a logon session ended. */
void lsa_packages_logon_terminated(const LUID *id);

/* ---- lsa_negotiate.c: the packages a Negotiate logon runs ----------------------------------------------------- */

#define LSA_NEGOTIATE_MAX_ROUTE 2
/* TRUE for the Negotiate package (id 0). */
BOOL lsa_negotiate_is(const lsa_package *pkg);
/* For a logon submitted to Negotiate: the packages to try, in order, in order[LSA_NEGOTIATE_MAX_ROUTE]; returns how
 * many (0: Negotiate answers the message itself). */
size_t lsa_negotiate_route(const uint8_t *submit, size_t len, uint64_t client_base, const lsa_package **order);
/* TRUE when `tried` failing with `status` passes the logon to the next package of the route. */
BOOL lsa_negotiate_next(const lsa_package *tried, NTSTATUS status);

/* ---- lsa_functable.c: the dispatch table handed to packages ------------------------------------------------- */

/* Windows' table continues past mingw's LSA_SECPKG_FUNCTION_TABLE (GetExtendedCallFlags, DuplicateTokenHandle, ...);
 * packages built with a newer SDK call those, so ours carries them too, each working or returning a status. */
PLSA_SECPKG_FUNCTION_TABLE lsa_function_table(void);

/* ---- lsa_sessions.c: logon sessions ------------------------------------------------------------------------- */

typedef struct lsa_session_info {
    LUID logon_id;
    ULONG logon_type;
    ULONG package_id;
    WCHAR user[257];
    WCHAR domain[257];
    WCHAR logon_server[257];
    WCHAR dns_domain[257];
    WCHAR upn[257];
    WCHAR package_name[LSA_MAX_NAME_CHARS + 1];
    BYTE sid[SECURITY_MAX_SID_SIZE];
    BOOL has_sid;
    LARGE_INTEGER logon_time;
    ULONG session;
    BOOL complete; /* FALSE while the package's LogonUser is still running */
} lsa_session_info;

NTSTATUS lsa_sessions_create(const LUID *id, ULONG package_id);
NTSTATUS lsa_sessions_delete(const LUID *id);
BOOL lsa_sessions_exists(const LUID *id);
NTSTATUS lsa_sessions_complete(const lsa_session_info *info);
NTSTATUS lsa_sessions_get(const LUID *id, lsa_session_info *out);
/* Snapshot of completed session ids; *ids is lsa_heap memory. */
NTSTATUS lsa_sessions_list(LUID **ids, ULONG *count);
/* Watch a token made for the session (the LSA keeps a handle to it): the session ends once nobody else references
 * any of its tokens. */
NTSTATUS lsa_sessions_set_token(const LUID *id, HANDLE token);
/* The same with the LSA's own handle, which the session takes over (closed by it, also on failure): saves a
 * duplicate when the caller gets a handle of its own another way (the LSA server's clients). */
NTSTATUS lsa_sessions_keep_token(const LUID *id, HANDLE token);
/* End every watched session whose tokens nobody but the LSA references any more; _one does it for one id. */
ULONG lsa_sessions_sweep(void); /* how many sessions it ended */
void lsa_sessions_sweep_one(const LUID *id);
BOOL lsa_sessions_any_watched(void);
/* Finish up to max sessions a sweep ended (0: all): wipe their credentials, close the LSA's token handles, tell the
 * packages. Every sweep finishes what is left before it returns; each logon first takes a few, so under load the work
 * is shared by the threads that cause it. */
#define LSA_SESSIONS_FINISH_PER_LOGON 2
ULONG lsa_sessions_finish_ended(ULONG max);
/* Sessions in the table (complete or not) and those with a watched token. */
void lsa_sessions_count(size_t *all, size_t *watched);
/* lsa_session_heap.c: the session table's memory (zeroed blocks), a heap destroyed when none of it is left. */
void *lsa_session_alloc(size_t size);
void *lsa_session_realloc(void *p, size_t size);
void lsa_session_free(void *p);
size_t lsa_session_heap_blocks(void);
/* Destroy the heap if no block of it is left (TRUE: destroyed); the next allocation makes a new one. */
BOOL lsa_session_heap_release(void);
/* lsa_sessions_machine.c: add the well-known machine sessions (once) and the caller's own session (once per id). */
void lsa_sessions_add_machine(const lsa_core_caller *caller);
NTSTATUS lsa_sessions_open_token(const LUID *id, HANDLE *token);
NTSTATUS lsa_credentials_add(const LUID *id, ULONG package, const LSA_STRING *key, const LSA_STRING *creds);
NTSTATUS lsa_credentials_get(const LUID *id, ULONG package, PULONG context, BOOLEAN all, PLSA_STRING key,
                             PULONG key_len, PLSA_STRING creds);
NTSTATUS lsa_credentials_delete(const LUID *id, ULONG package, const LSA_STRING *key);

/* ---- lsa_session_watch.c: when a session's tokens are released ----------------------------------------------- */

typedef struct lsa_watched_token {
    HANDLE handle;    /* the LSA's own handle */
    ULONG other_refs; /* references that are not handles, when the watch began */
    BOOL readable;    /* the host reports the token's counts */
} lsa_watched_token;

/* Begin watching a token the LSA has just made and kept a handle to. */
void lsa_watched_token_start(lsa_watched_token *w);
/* FALSE once the LSA's handle is the token's only handle and no thread impersonates with it. */
BOOL lsa_watched_token_in_use(const lsa_watched_token *w);
/* Make sure the watcher thread runs (it stops by itself when no session is watched). */
void lsa_session_watcher_start(void);

/* ---- lsa_token.c: tokens from package token information ------------------------------------------------------ */

typedef struct lsa_token_request {
    const LUID *logon_id;
    const TOKEN_SOURCE *source;
    SECURITY_LOGON_TYPE logon_type;
    SECURITY_IMPERSONATION_LEVEL level; /* SecurityAnonymous..: 0 = primary token */
    LSA_TOKEN_INFORMATION_TYPE info_type;
    const void *info;
    const TOKEN_GROUPS *local_groups;   /* NULL, or only from a trusted caller */
    const lsa_core_caller *caller;
} lsa_token_request;

/* The group list a token gets: the package's groups, then WORLD, the logon-type group, then LocalGroups (duplicates
 * dropped). Exposed for the unit tests; the result is lsa_heap memory. */
NTSTATUS lsa_token_compose_groups(const TOKEN_GROUPS *package_groups, SECURITY_LOGON_TYPE logon_type,
                                  const TOKEN_GROUPS *local_groups, TOKEN_GROUPS **out);
NTSTATUS lsa_token_create(const lsa_token_request *req, HANDLE *token);
/* The SID of the token information's user (points into info). */
PSID lsa_token_info_user(LSA_TOKEN_INFORMATION_TYPE type, const void *info);
void lsa_token_info_free(LSA_TOKEN_INFORMATION_TYPE type, void *info);
/* TRUE when this host can build real tokens (NtCreateToken exported). */
BOOL lsa_token_native_available(void);

/* ---- op handlers (lsa_op_*.c) ----------------------------------------------------------------------------------- */

NTSTATUS lsa_op_logon_user(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep);
NTSTATUS lsa_op_call_package(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep);
NTSTATUS lsa_op_enumerate_sessions(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep);
NTSTATUS lsa_op_get_session_data(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep);
NTSTATUS lsa_op_policy_notification(const lsa_wire_request *req, lsa_wire_reply *rep);
/* The SECURITY_LOGON_SESSION_DATA block's size: the structure, the SID (4-aligned), then `count` strings of
 * string_bytes[i] bytes plus a NUL each (2-aligned). FALSE when a string cannot be a UNICODE_STRING or the sum
 * overflows. Exposed for the unit tests. */
BOOL lsa_session_data_size(size_t sid_len, const size_t *string_bytes, size_t count, size_t *size);

/* Package invocation shared by LsaCallAuthenticationPackage and the table's CallPackage family. */
NTSTATUS lsa_invoke_call_package(const lsa_package *pkg, lsa_call *call, BOOL passthrough, void *submit, ULONG len,
                                 void **ret, ULONG *ret_len, NTSTATUS *protocol_status);

#endif
