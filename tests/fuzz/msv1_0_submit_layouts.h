/* Where Windows puts the fields of the MSV1_0 submit structures fuzz_submit lays out, for x86_64 (_X64) and i686
 * (_X86) clients. Plain numbers, so the native harness needs no windows.h; msv1_0_submit_layouts_check.c holds them
 * against mingw's ntsecapi.h at compile time (in the x86_64 mingw build, which builds the tests; the i686 numbers
 * pass the same file compiled by i686-w64-mingw32-gcc). A UNICODE_STRING or STRING is {USHORT Length,
 * USHORT MaximumLength, pointer Buffer}: 16 bytes (Buffer at 8) on x86_64, 8 (Buffer at 4) on i686. */
#ifndef LSAEMU_FUZZ_MSV1_0_SUBMIT_LAYOUTS_H
#define LSAEMU_FUZZ_MSV1_0_SUBMIT_LAYOUTS_H

enum {
    /* MSV1_0_INTERACTIVE_LOGON: MessageType, LogonDomainName, UserName, Password */
    INTERACTIVE_SIZE_X64 = 56, INTERACTIVE_SIZE_X86 = 28,
    INTERACTIVE_DOMAIN_X64 = 8, INTERACTIVE_DOMAIN_X86 = 4,
    INTERACTIVE_USER_X64 = 24, INTERACTIVE_USER_X86 = 12,
    INTERACTIVE_PASSWORD_X64 = 40, INTERACTIVE_PASSWORD_X86 = 20,
    /* MsV1_0WorkstationUnlockLogon: MSV1_0_INTERACTIVE_LOGON, then the LUID being unlocked */
    UNLOCK_SIZE_X64 = 64, UNLOCK_SIZE_X86 = 36,
    /* MSV1_0_S4U_LOGON: MessageType, Flags, UserPrincipalName, DomainName */
    S4U_SIZE_X64 = 40, S4U_SIZE_X86 = 24,
    S4U_UPN_X64 = 8, S4U_UPN_X86 = 8,
    S4U_DOMAIN_X64 = 24, S4U_DOMAIN_X86 = 16,
    /* MSV1_0_LM20_LOGON: MessageType, LogonDomainName, UserName, Workstation, ChallengeToClient[8],
     * CaseSensitiveChallengeResponse, CaseInsensitiveChallengeResponse, ParameterControl */
    LM20_SIZE_X64 = 104, LM20_SIZE_X86 = 56,
    LM20_DOMAIN_X64 = 8, LM20_DOMAIN_X86 = 4,
    LM20_USER_X64 = 24, LM20_USER_X86 = 12,
    LM20_WORKSTATION_X64 = 40, LM20_WORKSTATION_X86 = 20,
    LM20_NT_RESPONSE_X64 = 64, LM20_NT_RESPONSE_X86 = 36,
    LM20_LM_RESPONSE_X64 = 80, LM20_LM_RESPONSE_X86 = 44,
    LM20_PARAMETER_CONTROL_X64 = 96, LM20_PARAMETER_CONTROL_X86 = 52,
};

#define LAYOUT_CLEARTEXT_PASSWORD_SUPPLIED 0x4000u /* MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED, in ParameterControl */

#endif
