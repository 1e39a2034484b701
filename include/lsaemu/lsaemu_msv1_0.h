/* lsaemu's private MSV1_0 messages: LsaCallAuthenticationPackage requests to MSV1_0_PACKAGE_NAME whose message type
 * lies outside Windows' MSV1_0_PROTOCOL_MESSAGE_TYPE enumeration (0..24 today), so no Windows message can ever share
 * the number. A Windows MSV1_0, or Wine's builtin one, answers them as the unknown message they are there. */
#ifndef LSAEMU_LSAEMU_MSV1_0_H
#define LSAEMU_LSAEMU_MSV1_0_H

#ifdef __cplusplus
extern "C" {
#endif

/* Flush the accounts file: writes every password check whose logon statistics (logon_count, last_logon, the bad
 * password count, a lockout) MSV1_0 still holds in memory (written behind: the LSA server's
 * LSAEMU_ACCOUNTS_WRITE_DELAY_MS) and answers once the file holds them, so a reader of the file that sends it first
 * sees what the LSA sees. The submit buffer is this message type as a 4-byte ULONG (more bytes are ignored); no
 * return buffer. The call's status and ProtocolStatus alike:
 *   STATUS_SUCCESS                  written, or nothing was waiting (at once: in process, write-through is the default)
 *   STATUS_ACCESS_DENIED            an untrusted connection (LsaConnectUntrusted): like MSV1_0's other trusted-only
 *                                   messages; register with LsaRegisterLogonProcess (SeTcbPrivilege enabled)
 *   STATUS_INTERNAL_DB_ERROR        the file could not be written (unwritable, or its lock held too long); the checks
 *                                   stay in memory and the LSA keeps trying
 *   STATUS_INTERNAL_DB_CORRUPTION   the file on disk is malformed (it is never overwritten then)
 *   STATUS_NO_MEMORY                out of memory */
#define LSAEMU_MSV1_0_FLUSH_ACCOUNTS 0x4C530001u /* 'L' 'S' in the high half: lsaemu's private range */

#ifdef __cplusplus
}
#endif

#endif
