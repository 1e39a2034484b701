/* The session-details blob: what a package tells the LSA about a logon session beyond its documented outputs, so
 * LsaGetLogonSessionData can fill UserFlags, LastLogonInfo, the profile paths and the password times.
 *
 * On Windows MSV1_0 and Kerberos hand lsasrv their validation information through a private channel. Here a package
 * uses the public AddCredential call instead: it attaches this blob to the session it created, under its own package
 * id and the primary key LSAEMU_SESSION_DETAILS_KEY (include/lsaemu/lsaemu.h), and the core reads it back. A
 * third-party AP DLL can do the same.
 *
 * Layout (little-endian, version 1; all offsets from the blob's start):
 *     0  u32 version (1)            4  u32 total size in bytes
 *     8  u32 UserFlags             12  u32 LastLogonInfo.FailedAttemptCountSinceLastSuccessfulLogon
 *    16  i64 LogoffTime            24  i64 KickOffTime           32  i64 PasswordLastSet
 *    40  i64 PasswordCanChange     48  i64 PasswordMustChange
 *    56  i64 LastLogonInfo.LastSuccessfulLogon                   64  i64 LastLogonInfo.LastFailedLogon
 *    72  4 x {u32 offset, u32 byte length}: LogonScript, ProfilePath, HomeDirectory, HomeDirectoryDrive, UTF-16LE
 *   104  string bytes
 * Times are FILETIME values (100 ns since 1601); "never" is 0x7FFFFFFFFFFFFFFF.
 *
 * Portable (no windows.h). Decoding is strict: every check below has its own code. */
#ifndef LSAEMU_COMMON_LSA_SESSION_DETAILS_H
#define LSAEMU_COMMON_LSA_SESSION_DETAILS_H

#include <stddef.h>
#include <stdint.h>

#define LSA_SD_VERSION 1u
#define LSA_SD_HEADER 104u
#define LSA_SD_MAX_STRING 65532u /* a UNICODE_STRING's Length, leaving room for the terminating NUL */

enum { LSA_SD_LOGON_SCRIPT, LSA_SD_PROFILE_PATH, LSA_SD_HOME_DIRECTORY, LSA_SD_HOME_DIRECTORY_DRIVE, LSA_SD_STRINGS };

typedef enum lsa_sd_status {
    LSA_SD_OK = 0,
    LSA_SD_SHORT,          /* shorter than the header */
    LSA_SD_BAD_VERSION,    /* a version this code does not know */
    LSA_SD_BAD_SIZE,       /* the size field differs from the blob's length */
    LSA_SD_ODD_STRING,     /* a string of odd byte length */
    LSA_SD_LONG_STRING,    /* a string longer than LSA_SD_MAX_STRING */
    LSA_SD_STRING_RANGE,   /* a string not wholly inside the string area */
    LSA_SD_NO_ROOM,        /* encode: the output buffer is too small */
} lsa_sd_status;

typedef struct lsa_sd_string {
    const uint8_t *data; /* UTF-16LE, not NUL-terminated; may be unaligned; NULL when bytes is 0 */
    uint32_t bytes;
} lsa_sd_string;

typedef struct lsa_session_details {
    uint32_t user_flags;
    uint32_t failed_attempts;
    int64_t logoff_time, kickoff_time, password_last_set, password_can_change, password_must_change;
    int64_t last_successful_logon, last_failed_logon;
    lsa_sd_string strings[LSA_SD_STRINGS];
} lsa_session_details;

/* The encoded size of `in` (LSA_SD_LONG_STRING / LSA_SD_ODD_STRING if a string cannot be encoded). */
lsa_sd_status lsa_session_details_size(const lsa_session_details *in, size_t *size);

/* Encodes into out[cap]; *written is the size. Strings follow the header in the order of the enumeration. */
lsa_sd_status lsa_session_details_encode(const lsa_session_details *in, uint8_t *out, size_t cap, size_t *written);

/* Decodes blob[len]; on success out's strings point into blob. On failure *out is zeroed. */
lsa_sd_status lsa_session_details_decode(const uint8_t *blob, size_t len, lsa_session_details *out);

const char *lsa_sd_status_name(lsa_sd_status status);

#endif
