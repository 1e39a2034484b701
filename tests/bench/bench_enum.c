/* lsabench --enum: does the time of a failed MSV1_0 logon tell whether the account exists? A wrong password for a
 * known account and any password for a name that names none both answer STATUS_LOGON_FAILURE; this times the two,
 * interleaved call by call (bench_measure), and prints their medians side by side. It reports; it judges nothing.
 *
 *   WINEDLLOVERRIDES=secur32=n,b LSAEMU_ACCOUNTS=accounts.ini [LSAEMU_TRANSPORT=pipe] wine lsabench.exe --enum 1
 *       -u alice [-n 300] [-w 10]
 *
 * The accounts file must set no [:policy] lockout_threshold: a locked account answers STATUS_ACCOUNT_LOCKED_OUT
 * without counting, which is another path (and says by itself that the account exists). */
#include "bench.h"

#include <stdio.h>

#define WRONG_PASSWORD L"lsabench-wrong-password"
#define UNKNOWN_USER L"lsabench-no-such-user"

int bench_enum_main(const bench_api *api, const bench_config *cfg)
{
    bench_config known = *cfg, unknown = *cfg;
    bench_subject subjects[2];
    bench_result r[2];
    WCHAR transport[16];

    if (!cfg->user) {
        fprintf(stderr, "lsabench: --enum needs a known user (-u or LSABENCH_USER)\n");
        return 2;
    }
    known.password = unknown.password = WRONG_PASSWORD;
    unknown.user = UNKNOWN_USER;
    subjects[0] = (bench_subject){ "known-wrong", bench_ops_open(api, &known), bench_ops_run };
    subjects[1] = (bench_subject){ "unknown-user", bench_ops_open(api, &unknown), bench_ops_run };
    if (!subjects[0].ctx || !subjects[1].ctx) {
        fprintf(stderr, "lsabench: LsaConnectUntrusted through our DLL failed\n");
        bench_ops_close(subjects[0].ctx);
        bench_ops_close(subjects[1].ctx);
        return 1;
    }
    bench_measure(subjects, 2, OP_LOGON, cfg, r);
    bench_ops_close(subjects[0].ctx);
    bench_ops_close(subjects[1].ctx);
    if (!GetEnvironmentVariableW(L"LSAEMU_TRANSPORT", transport, ARRAYSIZE(transport)))
        wcscpy(transport, L"(default)");

    printf("lsabench --enum: failed LsaLogonUser(MSV1_0 interactive), microseconds, %d interleaved tries each after "
           "%d warm-up, LSAEMU_TRANSPORT=%ls\n", cfg->iterations, cfg->warmup, transport);
    printf("%-28s %12s %12s %12s\n", "", "median", "p90", "status");
    printf("%-28s %12.1f %12.1f   0x%08lx\n", "known user, wrong password", r[0].median_us, r[0].p90_us,
           (unsigned long)r[0].status);
    printf("%-28s %12.1f %12.1f   0x%08lx\n", "unknown user", r[1].median_us, r[1].p90_us,
           (unsigned long)r[1].status);
    printf("RESULT enum known-wrong median_us=%.3f p90_us=%.3f\n", r[0].median_us, r[0].p90_us);
    printf("RESULT enum unknown-user median_us=%.3f p90_us=%.3f\n", r[1].median_us, r[1].p90_us);
    if (r[1].median_us > 0)
        printf("RATIO enum known-wrong/unknown-user %.2f\n", r[0].median_us / r[1].median_us);
    /* Only a measurement that could not be taken fails; the statuses are printed for the reader. */
    return r[0].measured && r[1].measured ? 0 : 1;
}
