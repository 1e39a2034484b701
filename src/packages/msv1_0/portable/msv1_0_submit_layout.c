/* The MSV1_0 submit structures' field tables; see msv1_0_submit_layout.h. */
#include "msv1_0_submit_layout.h"

#include <stdint.h>

#define NONE { SIZE_MAX, SIZE_MAX }
#define AT(name) { name##_X64, name##_X86 }

static const msv1_0_submit_field interactive_fields[] = {
    { "LogonDomainName", AT(MSV1_0_INTERACTIVE_DOMAIN), MSV1_0_FIELD_USTRING },
    { "UserName", AT(MSV1_0_INTERACTIVE_USER), MSV1_0_FIELD_USTRING },
    { "Password", AT(MSV1_0_INTERACTIVE_PASSWORD), MSV1_0_FIELD_USTRING },
};

static const msv1_0_submit_field s4u_fields[] = {
    { "UserPrincipalName", AT(MSV1_0_S4U_UPN), MSV1_0_FIELD_USTRING },
    { "DomainName", AT(MSV1_0_S4U_DOMAIN), MSV1_0_FIELD_USTRING },
};

static const msv1_0_submit_field lm20_fields[] = {
    { "LogonDomainName", AT(MSV1_0_LM20_DOMAIN), MSV1_0_FIELD_USTRING },
    { "UserName", AT(MSV1_0_LM20_USER), MSV1_0_FIELD_USTRING },
    { "Workstation", AT(MSV1_0_LM20_WORKSTATION), MSV1_0_FIELD_USTRING },
    { "CaseSensitiveChallengeResponse", AT(MSV1_0_LM20_NT_RESPONSE), MSV1_0_FIELD_BYTES },
    { "CaseInsensitiveChallengeResponse", AT(MSV1_0_LM20_LM_RESPONSE), MSV1_0_FIELD_BYTES },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const msv1_0_submit_layout msv1_0_submit_layouts[MSV1_0_SUBMIT_KINDS] = {
    [MSV1_0_SUBMIT_INTERACTIVE] = { "interactive", AT(MSV1_0_INTERACTIVE_SIZE), interactive_fields,
                                    COUNT(interactive_fields), NONE, NONE, NONE },
    [MSV1_0_SUBMIT_UNLOCK] = { "unlock", AT(MSV1_0_UNLOCK_SIZE), interactive_fields, COUNT(interactive_fields), NONE,
                               NONE, AT(MSV1_0_UNLOCK_LOGON_ID) },
    [MSV1_0_SUBMIT_S4U] = { "S4U", AT(MSV1_0_S4U_SIZE), s4u_fields, COUNT(s4u_fields), AT(MSV1_0_S4U_FLAGS), NONE,
                            NONE },
    [MSV1_0_SUBMIT_LM20] = { "LM20", AT(MSV1_0_LM20_SIZE), lm20_fields, COUNT(lm20_fields),
                             AT(MSV1_0_LM20_PARAMETER_CONTROL), AT(MSV1_0_LM20_CHALLENGE), NONE },
};
