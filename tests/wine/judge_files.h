/* What a Wine test writes for MIT's library to judge natively (tests/judge): files under a Unix folder named by an
 * environment variable, one subfolder per variant (<LSAEMU_TRANSPORT>.<LSAEMU_TEST_MODE>), in the forms krb5_judge
 * takes: a ticket's DER, its session key as hex, the key's enctype. Paths go through wine_get_dos_file_name. */
#ifndef LSAEMU_TESTS_JUDGE_FILES_H
#define LSAEMU_TESTS_JUDGE_FILES_H

#include "test_packages_common.h"

#include <stdio.h>
#include <string.h>

static inline WCHAR *judge_dos_path(const char *unix_path)
{
    typedef WCHAR *(CDECL * to_dos_fn)(const char *);
    to_dos_fn to_dos = (to_dos_fn)(void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "wine_get_dos_file_name");

    return to_dos ? to_dos(unix_path) : NULL;
}

static inline void judge_make_dir(const char *unix_path)
{
    WCHAR *dos = judge_dos_path(unix_path);

    assert_non_null(dos);
    if (!CreateDirectoryW(dos, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        fail_msg("cannot create %s (%lu)", unix_path, (unsigned long)GetLastError());
    HeapFree(GetProcessHeap(), 0, dos);
}

/* The variant's folder under the folder env_name names, made, with the given files (relative paths) of an earlier
 * run deleted so that only this run's can be judged. out[0] = 0 when env_name is unset (nothing is written). */
static inline void judge_prepare(const char *env_name, const char *const *files, size_t count, char *out, size_t cap)
{
    char base[900], transport[32], mode[32], path[1200];
    size_t i;

    out[0] = 0;
    if (!GetEnvironmentVariableA(env_name, base, sizeof(base)) ||
        !GetEnvironmentVariableA("LSAEMU_TRANSPORT", transport, sizeof(transport)) ||
        !GetEnvironmentVariableA("LSAEMU_TEST_MODE", mode, sizeof(mode)))
        return;
    snprintf(out, cap, "%s/%s.%s", base, transport, mode);
    judge_make_dir(base);
    judge_make_dir(out);
    for (i = 0; i < count; i++) {
        WCHAR *dos;
        snprintf(path, sizeof(path), "%s/%s", out, files[i]);
        if ((dos = judge_dos_path(path))) {
            DeleteFileW(dos);
            HeapFree(GetProcessHeap(), 0, dos);
        }
    }
}

/* out/sub/name := bytes (nothing when out is empty). */
static inline void judge_write(const char *out, const char *sub, const char *name, const void *bytes, size_t len)
{
    char path[1200];
    WCHAR *dos;
    FILE *f;

    if (!out[0])
        return;
    snprintf(path, sizeof(path), "%s/%s", out, sub);
    judge_make_dir(path);
    snprintf(path, sizeof(path), "%s/%s/%s", out, sub, name);
    assert_non_null(dos = judge_dos_path(path));
    f = _wfopen(dos, L"wb");
    HeapFree(GetProcessHeap(), 0, dos);
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0)
        fail_msg("cannot write %s", path);
}

/* ticket.der, session.hex and enctype of a KERB_EXTERNAL_TICKET in out/sub. */
static inline void judge_write_ticket(const char *out, const char *sub, const KERB_EXTERNAL_TICKET *t)
{
    char hex[2 * 64 + 1], etype[16];
    ULONG i;

    assert_true(t->SessionKey.Length <= 64);
    for (i = 0; i < t->SessionKey.Length; i++)
        snprintf(hex + 2 * i, 3, "%02x", t->SessionKey.Value[i]);
    hex[2 * i] = 0;
    snprintf(etype, sizeof(etype), "%ld", (long)t->SessionKey.KeyType);
    judge_write(out, sub, "ticket.der", t->EncodedTicket, t->EncodedTicketSize);
    judge_write(out, sub, "session.hex", hex, strlen(hex));
    judge_write(out, sub, "enctype", etype, strlen(etype));
}

#endif
