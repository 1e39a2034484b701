/* LsaRegisterPolicyChangeNotification / LsaUnregisterPolicyChangeNotification.
 *
 * Registrations are kept per (class, event). The emulated LSA has no policy store that changes at run time, so no
 * event is ever signalled; registering and unregistering behave as on Windows (docs/design.md). */
#include "lsa_internal.h"

#define MAX_REGISTRATIONS 256

typedef struct registration {
    ULONG info_class;
    uint64_t event; /* the client's handle value: identity only, never waited on or signalled */
} registration;

static SRWLOCK lock = SRWLOCK_INIT;
static registration regs[MAX_REGISTRATIONS];
static size_t reg_count;

NTSTATUS lsa_op_policy_notification(const lsa_wire_request *req, lsa_wire_reply *rep)
{
    ULONG cls = req->u.policy.info_class;
    uint64_t event = req->u.policy.event;
    NTSTATUS st = STATUS_SUCCESS;
    (void)rep;
    if (cls < PolicyNotifyAuditEventsInformation || cls >= PolicyNotifyMax)
        return STATUS_INVALID_PARAMETER;
    if (!event)
        return STATUS_INVALID_HANDLE;
    AcquireSRWLockExclusive(&lock);
    if (req->hdr.op == LSA_OP_REGISTER_POLICY_NOTIFICATION) {
        if (reg_count == MAX_REGISTRATIONS) {
            st = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            regs[reg_count].info_class = cls;
            regs[reg_count].event = event;
            reg_count++;
        }
    } else {
        st = STATUS_NOT_FOUND;
        for (size_t i = 0; i < reg_count; i++) {
            if (regs[i].info_class == cls && regs[i].event == event) {
                regs[i] = regs[--reg_count];
                st = STATUS_SUCCESS;
                break;
            }
        }
    }
    ReleaseSRWLockExclusive(&lock);
    return st;
}
