/* lsabench: shared declarations. The same four operations are timed through any secur32 implementation (a table of
 * entry points), and a raw pipe round trip is timed with the message sizes those operations put on the pipe. */
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

enum { OP_CONNECT, OP_LOOKUP, OP_CALLPKG, OP_LOGON, OP_COUNT };
extern const char *const bench_op_names[OP_COUNT];   /* machine names: connect lookup callpkg logon */
extern const char *const bench_op_titles[OP_COUNT];  /* table titles */

typedef struct bench_api {
    NTSTATUS (NTAPI *connect)(PHANDLE);
    NTSTATUS (NTAPI *deregister)(HANDLE);
    NTSTATUS (NTAPI *lookup)(HANDLE, PLSA_STRING, PULONG);
    NTSTATUS (NTAPI *call)(HANDLE, ULONG, PVOID, ULONG, PVOID *, PULONG, PNTSTATUS);
    NTSTATUS (NTAPI *free_buffer)(PVOID);
    NTSTATUS (NTAPI *logon)(HANDLE, PLSA_STRING, SECURITY_LOGON_TYPE, ULONG, PVOID, ULONG, PTOKEN_GROUPS,
                            PTOKEN_SOURCE, PVOID *, PULONG, PLUID, PHANDLE, PQUOTA_LIMITS, PNTSTATUS);
} bench_api;

typedef struct bench_config {
    int iterations;
    int warmup;
    const WCHAR *user, *password, *domain; /* NULL user: the logon operation is skipped */
} bench_config;

typedef struct bench_result {
    BOOL measured;
    double median_us, p90_us;
    NTSTATUS status;  /* of the first timed call (the operation's main call) */
    NTSTATUS status2; /* ProtocolStatus / SubStatus where the operation has one */
} bench_result;

/* bench_ops.c: time every operation through api. */
void bench_run_ops(const bench_api *api, const bench_config *cfg, bench_result results[OP_COUNT]);
/* The auth buffer the logon operation submits (for the raw pipe's message sizes too); free() it. */
void *bench_logon_buffer(const bench_config *cfg, ULONG *len);
#define BENCH_ORIGIN "lsabench"

/* bench_raw.c: time raw named-pipe round trips (message mode, TransactNamedPipe, like the pipe transport) carrying
 * each operation's request and reply sizes. */
void bench_run_raw(const bench_config *cfg, bench_result results[OP_COUNT]);

/* bench_stats.c */
void bench_summarize(double *samples, int n, bench_result *out);
double bench_now_us(void);

#endif
