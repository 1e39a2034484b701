/* lsaemu's public header: what a program or tool needs to recognise lsaemu's secur32.dll and configure it.
 *
 * Programs never need it to use the LSA API: they call secur32 exactly as on Windows (ntsecapi.h). This header only
 * names lsaemu's own additions. */
#ifndef LSAEMU_LSAEMU_H
#define LSAEMU_LSAEMU_H

#ifdef __cplusplus
extern "C" {
#endif

/* Environment variables, read once per process. */
#define LSAEMU_ENV_ACCOUNTS "LSAEMU_ACCOUNTS"   /* the accounts file (Windows path, or a Unix path under Wine) */
#define LSAEMU_ENV_TRANSPORT "LSAEMU_TRANSPORT" /* "inproc" (default) or "pipe" */
#define LSAEMU_ENV_DEBUG "LSAEMU_DEBUG"         /* "err" (default), "fixme", "warn", "trace", "none" */

/* Registry: HKEY_LOCAL_MACHINE\Software\lsaemu, value AccountsFile (REG_SZ), used when LSAEMU_ACCOUNTS is unset. */
#define LSAEMU_REGISTRY_KEY L"Software\\lsaemu"
#define LSAEMU_REGISTRY_ACCOUNTS_VALUE L"AccountsFile"
/* The accounts file used when neither is set. */
#define LSAEMU_DEFAULT_ACCOUNTS_FILE L"C:\\ProgramData\\lsaemu\\accounts.ini"

/* Session details for LsaGetLogonSessionData. A package that wants UserFlags, LastLogonInfo, LogonScript,
 * ProfilePath, HomeDirectory, HomeDirectoryDrive and the logoff/password times reported for a session it created calls
 *     AddCredential(&LogonId, its package id, &key, &blob)
 * from LsaApLogonUser*, with key = this primary key (an LSA_STRING without the NUL) and blob = the version-1 layout
 * described in src/common/lsa_session_details.h (little-endian header, then UTF-16LE strings). The core reads it back
 * when the session's data is asked for; a missing blob leaves those fields empty and the times "never", a malformed
 * one too (with one diagnostic). MSV1_0 attaches one to every session it makes. */
#define LSAEMU_SESSION_DETAILS_KEY "lsaemu:session-details"

/* Exported by lsaemu's secur32.dll only (not by Windows' or Wine's), so
 *     GetProcAddress(GetModuleHandleW(L"secur32.dll"), LSAEMU_VERSION_EXPORT)
 * tells which secur32 a process loaded. Returns "lsaemu <version>". */
#define LSAEMU_VERSION_EXPORT "lsaemu_version"
#ifdef _WIN32
const char *__stdcall lsaemu_version(void);
#endif

#ifdef __cplusplus
}
#endif

#endif
