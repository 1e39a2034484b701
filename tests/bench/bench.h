/* lsabench: shared declarations. Each measured thing is a "subject" that can run one of four operations: our
 * secur32 (as the program imported it), Wine's builtin secur32 (loaded by full path), or raw pipe round trips sized
 * like the messages our pipe transport carries for that operation. Subjects in one process are timed interleaved,
 * call by call, so the ratios between them do not drift with the machine's load. */
#ifndef LSAEMU_TESTS_BENCH_BENCH_H
#define LSAEMU_TESTS_BENCH_BENCH_H

#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <ntsecapi.h>
#include <winternl.h> /* NT_SUCCESS */

enum { OP_CONNECT, OP_LOOKUP, OP_CALLPKG, OP_LOGON, OP_NETLOGON, OP_KRBLOGON, OP_TKTFETCH, OP_TKTCACHE, OP_S4ULOGON,
       OP_TKTLOGON, OP_COUNT };
/* connect lookup callpkg logon netlogon krblogon tktfetch tktcache s4ulogon tktlogon */
extern const char *const bench_op_names[OP_COUNT];
extern const char *const bench_op_titles[OP_COUNT]; /* what each one calls */
#define BENCH_ORIGIN "lsabench"

typedef struct bench_config {
    int iterations;
    int warmup;
    const WCHAR *user, *password, *domain; /* NULL user: the logon operation is skipped */
    /* The KDC fixture's realm, user, password and service (kdc.env): NULL krb_user skips the Kerberos operations. */
    const WCHAR *krb_realm, *krb_user, *krb_password, *krb_service;
    const WCHAR *krb_machine; /* the machine account (LSAEMU_KDC_MACHINE): NULL skips tktlogon */
} bench_config;

typedef struct bench_result {
    BOOL measured;
    double median_us, p90_us;
    NTSTATUS status;  /* of the first call (the operation's main call) */
    NTSTATUS status2; /* its ProtocolStatus / SubStatus / deregister status */
} bench_result;

typedef struct bench_subject {
    const char *name;
    void *ctx;
    /* Run op once; FALSE when this subject cannot run it (e.g. logon without a user). */
    BOOL (*run)(void *ctx, int op, NTSTATUS *status, NTSTATUS *status2);
} bench_subject;

typedef struct bench_api {
    NTSTATUS (NTAPI *connect)(PHANDLE);
    NTSTATUS (NTAPI *deregister)(HANDLE);
    NTSTATUS (NTAPI *lookup)(HANDLE, PLSA_STRING, PULONG);
    NTSTATUS (NTAPI *call)(HANDLE, ULONG, PVOID, ULONG, PVOID *, PULONG, PNTSTATUS);
    NTSTATUS (NTAPI *free_buffer)(PVOID);
    NTSTATUS (NTAPI *logon)(HANDLE, PLSA_STRING, SECURITY_LOGON_TYPE, ULONG, PVOID, ULONG, PTOKEN_GROUPS,
                            PTOKEN_SOURCE, PVOID *, PULONG, PLUID, PHANDLE, PQUOTA_LIMITS, PNTSTATUS);
    /* LsaRegisterLogonProcess, for the Kerberos operations (another session's tickets need a trusted connection);
     * NULL for Wine's builtin, whose stub LsaLogonUser makes no session to fetch tickets for. */
    NTSTATUS (NTAPI *register_logon)(PLSA_STRING, PHANDLE, PLSA_OPERATIONAL_MODE);
} bench_api;

/* bench_lsa.c: the steps several operations share. bench_logon: one LsaLogonUser with lsabench's origin and source,
 * the profile freed, *token (NULL when none) the caller's; bench_logon_and_close: the same, the token closed at once
 * (the session ends with it). bench_register_trusted: LsaRegisterLogonProcess("lsabench") with SeTcbPrivilege
 * enabled for the call only (FALSE when refused); bench_lookup_kerberos: the Kerberos package's id on lsa. */
void bench_logon(const bench_api *api, HANDLE lsa, SECURITY_LOGON_TYPE type, ULONG package, void *auth,
                 ULONG auth_len, LUID *id, HANDLE *token, NTSTATUS *status, NTSTATUS *sub);
void bench_logon_and_close(const bench_api *api, HANDLE lsa, SECURITY_LOGON_TYPE type, ULONG package, void *auth,
                           ULONG auth_len, NTSTATUS *status, NTSTATUS *sub);
BOOL bench_register_trusted(const bench_api *api, HANDLE *trusted);
NTSTATUS bench_lookup_kerberos(const bench_api *api, HANDLE lsa, ULONG *kerberos);

/* bench_ops.c: the LSA operations through a secur32 implementation. */
void *bench_ops_open(const bench_api *api, const bench_config *cfg);
BOOL bench_ops_run(void *ctx, int op, NTSTATUS *status, NTSTATUS *status2);
void bench_ops_close(void *ctx);
/* The auth buffer the logon operation submits (the raw pipe sizes its messages from it too); free() it. */
void *bench_logon_buffer(const bench_config *cfg, ULONG *len);

/* bench_kerberos.c: the Kerberos operations through our secur32 against the KDC of cfg: krblogon (an interactive
 * logon: AS exchange, session, token closed), tktfetch (KerbRetrieveEncodedTicketMessage with DONT_USE_CACHE: a TGS
 * exchange each time) and tktcache (DEFAULT: from the session's cache after the first), both for a session logged on
 * once at open. NULL when there is no KDC in cfg or that first logon fails (the operations are then skipped). */
void *bench_krb_open(const bench_api *api, const bench_config *cfg);
BOOL bench_krb_run(void *ctx, int op, NTSTATUS *status, NTSTATUS *status2);
void bench_krb_close(void *ctx);
/* The KERB_INTERACTIVE_LOGON krblogon submits, and the KERB_RETRIEVE_TKT_REQUEST of the ticket operations (the raw
 * pipe sizes its messages from them); free() them. */
void *bench_krb_logon_buffer(const bench_config *cfg, ULONG *len);
void *bench_krb_retrieve_request(const bench_config *cfg, LUID session, ULONG cache_options, ULONG *len);

/* bench_s4u.c: s4ulogon, LsaLogonUser(Kerberos, KERB_S4U_LOGON, Network) of cfg's Kerberos user on a trusted
 * connection with the KDC fixture's machine account (LSAEMU_KDC_MACHINE / _KEYTAB of kdc.env, unless
 * LSAEMU_MACHINE_ACCOUNT names one already); the token closed each time. NULL when there is no KDC user or no trusted
 * connection. The KERB_S4U_LOGON it submits (absolute pointers) for the raw pipe's sizes; free() it. */
void *bench_s4u_open(const bench_api *api, const bench_config *cfg);
BOOL bench_s4u_run(void *ctx, int op, NTSTATUS *status, NTSTATUS *status2);
void bench_s4u_close(void *ctx);
void *bench_s4u_logon_buffer(const bench_config *cfg, ULONG *len);

/* bench_ticket_logon.c: tktlogon, a KERB_TICKET_LOGON (Network) with a ticket for cfg's machine account and the
 * TGT as a clear KRB-CRED, both fetched once from session through trusted; logons go through lsa. NULL when there is
 * no machine account in cfg or the fetch fails (the operation is then skipped). */
void *bench_tkt_open(const bench_api *api, const bench_config *cfg, HANDLE trusted, HANDLE lsa, ULONG kerberos,
                     LUID session);
BOOL bench_tkt_run(void *ctx, NTSTATUS *status, NTSTATUS *sub);
void bench_tkt_close(void *ctx);

/* bench_ntlm.c: the client half of an NTLMv2 network logon. ResponseKeyNT of cfg's user, password and domain; then
 * the MSV1_0_LM20_LOGON answering `challenge` (serial varies the client challenge) in buf; 0 if it does not fit. */
BOOL bench_ntlm_response_key(const bench_config *cfg, BYTE key[16]);
ULONG bench_ntlm_lm20(const bench_config *cfg, const BYTE key[16], const BYTE challenge[8], ULONG serial, BYTE *buf,
                      ULONG cap);

/* bench_raw.c: raw named-pipe round trips (message mode, TransactNamedPipe, as the pipe transport uses) between two
 * threads, or two processes (other_process), as many per operation and as large as our wire encoding makes that
 * operation's messages. bench_raw_echo_main is the echo process's main (`lsabench --raw-echo <handle, hex>`). */
void *bench_raw_open(const bench_config *cfg, BOOL other_process);
int bench_raw_echo_main(const WCHAR *handle_text);
BOOL bench_raw_run(void *ctx, int op, NTSTATUS *status, NTSTATUS *status2);
void bench_raw_close(void *ctx);

/* bench_enum.c: --enum, a failed logon of a known user (wrong password) against one of an unknown user, interleaved;
 * prints both medians. Exit code 0 when both were measured. */
int bench_enum_main(const bench_api *api, const bench_config *cfg);

/* bench_stats.c: time op on every subject, interleaved (order alternating per iteration); out[i] for subjects[i]. */
void bench_measure(const bench_subject *subjects, int count, int op, const bench_config *cfg, bench_result *out);

/* bench_stress.c: `threads` threads x `calls` mixed calls over this process's transport, memory at start/middle/end;
 * 0 when every call gave the status expected. `marker` is unique text of this process's command line. */
int bench_stress_child(const bench_config *cfg, const char *transport, int threads, int calls, const char *marker);

#endif
