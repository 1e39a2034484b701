/* Where Windows puts the fields of the MSV1_0 submit structures LsaLogonUser takes, for 64-bit (_X64) and 32-bit
 * (_X86) clients.
 *
 * Portable (no windows.h): plain numbers, so the native unit test and fuzzer read the bytes exactly as the package
 * does. The package's build holds them against mingw's ntsecapi.h at compile time for the pointer size it builds
 * (msv1_0_submit_layout_check.c). A UNICODE_STRING or STRING is {USHORT Length, USHORT MaximumLength, pointer
 * Buffer}: 16 bytes (Buffer at 8) for 64-bit clients, 8 (Buffer at 4) for 32-bit ones. */
#ifndef LSAEMU_MSV1_0_SUBMIT_LAYOUT_H
#define LSAEMU_MSV1_0_SUBMIT_LAYOUT_H

#include <stddef.h>

enum {
    /* MSV1_0_INTERACTIVE_LOGON: MessageType, LogonDomainName, UserName, Password */
    MSV1_0_INTERACTIVE_SIZE_X64 = 56, MSV1_0_INTERACTIVE_SIZE_X86 = 28,
    MSV1_0_INTERACTIVE_DOMAIN_X64 = 8, MSV1_0_INTERACTIVE_DOMAIN_X86 = 4,
    MSV1_0_INTERACTIVE_USER_X64 = 24, MSV1_0_INTERACTIVE_USER_X86 = 12,
    MSV1_0_INTERACTIVE_PASSWORD_X64 = 40, MSV1_0_INTERACTIVE_PASSWORD_X86 = 20,
    /* MsV1_0WorkstationUnlockLogon: MSV1_0_INTERACTIVE_LOGON, then the LUID being unlocked */
    MSV1_0_UNLOCK_SIZE_X64 = 64, MSV1_0_UNLOCK_SIZE_X86 = 36,
    MSV1_0_UNLOCK_LOGON_ID_X64 = 56, MSV1_0_UNLOCK_LOGON_ID_X86 = 28,
    /* MSV1_0_S4U_LOGON: MessageType, Flags, UserPrincipalName, DomainName */
    MSV1_0_S4U_SIZE_X64 = 40, MSV1_0_S4U_SIZE_X86 = 24,
    MSV1_0_S4U_FLAGS_X64 = 4, MSV1_0_S4U_FLAGS_X86 = 4,
    MSV1_0_S4U_UPN_X64 = 8, MSV1_0_S4U_UPN_X86 = 8,
    MSV1_0_S4U_DOMAIN_X64 = 24, MSV1_0_S4U_DOMAIN_X86 = 16,
    /* MSV1_0_LM20_LOGON: MessageType, LogonDomainName, UserName, Workstation, ChallengeToClient[8],
     * CaseSensitiveChallengeResponse, CaseInsensitiveChallengeResponse, ParameterControl */
    MSV1_0_LM20_SIZE_X64 = 104, MSV1_0_LM20_SIZE_X86 = 56,
    MSV1_0_LM20_DOMAIN_X64 = 8, MSV1_0_LM20_DOMAIN_X86 = 4,
    MSV1_0_LM20_USER_X64 = 24, MSV1_0_LM20_USER_X86 = 12,
    MSV1_0_LM20_WORKSTATION_X64 = 40, MSV1_0_LM20_WORKSTATION_X86 = 20,
    MSV1_0_LM20_CHALLENGE_X64 = 56, MSV1_0_LM20_CHALLENGE_X86 = 28,
    MSV1_0_LM20_NT_RESPONSE_X64 = 64, MSV1_0_LM20_NT_RESPONSE_X86 = 36,
    MSV1_0_LM20_LM_RESPONSE_X64 = 80, MSV1_0_LM20_LM_RESPONSE_X86 = 44,
    MSV1_0_LM20_PARAMETER_CONTROL_X64 = 96, MSV1_0_LM20_PARAMETER_CONTROL_X86 = 52,
};

#define MSV1_0_SUBMIT_CHALLENGE_LENGTH 8 /* MSV1_0_CHALLENGE_LENGTH */
#define MSV1_0_SUBMIT_LUID_LENGTH 8      /* LUID {LowPart, HighPart} */
#define MSV1_0_SUBMIT_CLEARTEXT_PASSWORD_SUPPLIED 0x4000u /* MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED (ParameterControl) */

/* The client's pointer size: indexes every [2] below. */
typedef enum msv1_0_client_width {
    MSV1_0_CLIENT_64 = 0,
    MSV1_0_CLIENT_32 = 1,
} msv1_0_client_width;

/* The structures, in the order msv1_0_submit_layouts lists them. */
typedef enum msv1_0_submit_kind {
    MSV1_0_SUBMIT_INTERACTIVE,
    MSV1_0_SUBMIT_UNLOCK,
    MSV1_0_SUBMIT_S4U,
    MSV1_0_SUBMIT_LM20,
    MSV1_0_SUBMIT_KINDS
} msv1_0_submit_kind;

/* Field indexes into a layout's fields (and a check's spans), per structure. */
enum { MSV1_0_INTERACTIVE_FIELD_DOMAIN, MSV1_0_INTERACTIVE_FIELD_USER, MSV1_0_INTERACTIVE_FIELD_PASSWORD };
enum { MSV1_0_S4U_FIELD_UPN, MSV1_0_S4U_FIELD_DOMAIN };
enum {
    MSV1_0_LM20_FIELD_DOMAIN,
    MSV1_0_LM20_FIELD_USER,
    MSV1_0_LM20_FIELD_WORKSTATION,
    MSV1_0_LM20_FIELD_NT_RESPONSE,
    MSV1_0_LM20_FIELD_LM_RESPONSE
};
#define MSV1_0_SUBMIT_MAX_FIELDS 5

typedef enum msv1_0_field_kind {
    MSV1_0_FIELD_USTRING, /* UNICODE_STRING: even Length (lsa_buf_locate_ustring) */
    MSV1_0_FIELD_BYTES,   /* STRING of bytes: any Length, MaximumLength >= Length (lsa_buf_locate_region) */
} msv1_0_field_kind;

typedef struct msv1_0_submit_field {
    const char *name; /* Windows' member name, for traces */
    size_t offset[2]; /* of the {Length, MaximumLength, Buffer} triple */
    msv1_0_field_kind kind;
} msv1_0_submit_field;

/* One structure. A field in `extra` is a fixed-size value the check copies out (unlock: LogonId; S4U: Flags; LM20:
 * ChallengeToClient and ParameterControl); SIZE_MAX offsets mark the ones a structure does not have. */
typedef struct msv1_0_submit_layout {
    const char *name;
    size_t size[2];
    const msv1_0_submit_field *fields;
    size_t count;
    size_t flags_offset[2];     /* S4U Flags or LM20 ParameterControl (ULONG) */
    size_t challenge_offset[2]; /* LM20 ChallengeToClient */
    size_t logon_id_offset[2];  /* unlock LogonId */
} msv1_0_submit_layout;

extern const msv1_0_submit_layout msv1_0_submit_layouts[MSV1_0_SUBMIT_KINDS];

#endif
