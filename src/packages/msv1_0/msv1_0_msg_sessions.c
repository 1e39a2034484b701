/* MsV1_0EnumerateUsers / MsV1_0GetUserInfo over a registry of this package's logons.
 *
 * EnumerateUsers lists the LogonIds (EnumHandles are their positions); GetUserInfo answers for one of them, else
 * STATUS_NO_SUCH_LOGON_SESSION. A request shorter than its structure is STATUS_INVALID_PARAMETER. The registry is a
 * fixed table behind a lock: when full, the oldest entry is dropped (it can then no longer be queried). */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_machine.h"
#include "msv1_0_msg_sessions.h"
#include "msv1_0_package.h"
#include "pkg_block.h"

#define MAX_SESSIONS 256
#define NAME_MAX_CHARS 256

typedef struct entry {
    BOOL used;
    LUID id;
    WCHAR user[NAME_MAX_CHARS + 1];
    WCHAR domain[NAME_MAX_CHARS + 1];
    ULONG logon_type;
    BYTE sid[SECURITY_MAX_SID_SIZE];
    ULONGLONG serial; /* age, for dropping the oldest */
} entry;

static entry table[MAX_SESSIONS];
static ULONGLONG next_serial;
static SRWLOCK lock = SRWLOCK_INIT;

static BOOL same(const LUID *a, const LUID *b)
{
    return a->LowPart == b->LowPart && a->HighPart == b->HighPart;
}

void msv1_0_msg_note_logon(const LUID *id, const WCHAR *user, const WCHAR *domain, ULONG logon_type, PSID sid)
{
    entry *slot = &table[0];
    size_t i;

    if (!id || !sid || !IsValidSid(sid) || GetLengthSid(sid) > SECURITY_MAX_SID_SIZE)
        return;
    AcquireSRWLockExclusive(&lock);
    for (i = 0; i < MAX_SESSIONS; i++) {
        if (!table[i].used) {
            slot = &table[i];
            break;
        }
        if (table[i].serial < slot->serial)
            slot = &table[i];
    }
    memset(slot, 0, sizeof(*slot));
    slot->used = TRUE;
    slot->id = *id;
    lstrcpynW(slot->user, user ? user : L"", NAME_MAX_CHARS + 1);
    lstrcpynW(slot->domain, domain ? domain : L"", NAME_MAX_CHARS + 1);
    slot->logon_type = logon_type;
    CopySid(sizeof(slot->sid), slot->sid, sid);
    slot->serial = ++next_serial;
    ReleaseSRWLockExclusive(&lock);
}

void msv1_0_msg_note_logoff(const LUID *id)
{
    size_t i;

    AcquireSRWLockExclusive(&lock);
    for (i = 0; i < MAX_SESSIONS; i++)
        if (table[i].used && same(&table[i].id, id))
            table[i].used = FALSE;
    ReleaseSRWLockExclusive(&lock);
}

NTSTATUS msv1_0_msg_enumerate_users(PLSA_CLIENT_REQUEST request, PVOID *ret, PULONG ret_len)
{
    static LUID ids[MAX_SESSIONS]; /* snapshot, used under the lock only */
    MSV1_0_ENUMUSERS_RESPONSE *r;
    LUID *out_ids;
    ULONG *handles, count = 0, i, size;
    void *client_ids, *client_handles;
    pkg_block block;
    NTSTATUS status;

    AcquireSRWLockExclusive(&lock);
    for (i = 0; i < MAX_SESSIONS; i++)
        if (table[i].used)
            ids[count++] = table[i].id;
    size = sizeof(*r) + count * (sizeof(LUID) + sizeof(ULONG)) + 16;
    if ((status = pkg_block_open(&block, msv1_0_lsa, request, size)) != STATUS_SUCCESS) {
        ReleaseSRWLockExclusive(&lock);
        return status;
    }
    r = pkg_block_take(&block, sizeof(*r), 8, NULL);
    out_ids = count ? pkg_block_take(&block, count * sizeof(LUID), 8, &client_ids) : NULL;
    handles = count ? pkg_block_take(&block, count * sizeof(ULONG), sizeof(ULONG), &client_handles) : NULL;
    if (r) {
        r->MessageType = MsV1_0EnumerateUsers;
        r->NumberOfLoggedOnUsers = count;
        if (out_ids && handles) {
            memcpy(out_ids, ids, count * sizeof(LUID));
            for (i = 0; i < count; i++)
                handles[i] = i;
            r->LogonIds = client_ids;
            r->EnumHandles = client_handles;
        }
    }
    ReleaseSRWLockExclusive(&lock);
    if ((status = pkg_block_close(&block, ret)) != STATUS_SUCCESS)
        return status;
    *ret_len = size;
    return STATUS_SUCCESS;
}

NTSTATUS msv1_0_msg_get_user_info(PLSA_CLIENT_REQUEST request, const void *submit, ULONG submit_len, PVOID *ret,
                                  PULONG ret_len)
{
    const msv1_0_machine *machine = msv1_0_machine_get();
    MSV1_0_GETUSERINFO_REQUEST req;
    MSV1_0_GETUSERINFO_RESPONSE *r;
    entry found;
    BYTE *sid;
    void *client_sid;
    ULONG size, sid_len;
    pkg_block block;
    NTSTATUS status = STATUS_NO_SUCH_LOGON_SESSION;
    size_t i;

    if (submit_len < sizeof(req))
        return STATUS_INVALID_PARAMETER;
    memcpy(&req, submit, sizeof(req));
    AcquireSRWLockShared(&lock);
    for (i = 0; i < MAX_SESSIONS; i++)
        if (table[i].used && same(&table[i].id, &req.LogonId)) {
            found = table[i];
            status = STATUS_SUCCESS;
        }
    ReleaseSRWLockShared(&lock);
    if (status != STATUS_SUCCESS)
        return status;
    sid_len = GetLengthSid(found.sid);
    size = (ULONG)(sizeof(*r) + sid_len + 8 + pkg_block_wstr_size(wcslen(found.user)) +
                   pkg_block_wstr_size(wcslen(found.domain)) + pkg_block_wstr_size(machine->name_chars));
    if ((status = pkg_block_open(&block, msv1_0_lsa, request, size)) != STATUS_SUCCESS)
        return status;
    r = pkg_block_take(&block, sizeof(*r), 8, NULL);
    sid = pkg_block_take(&block, sid_len, 4, &client_sid);
    if (r && sid) {
        r->MessageType = MsV1_0GetUserInfo;
        memcpy(sid, found.sid, sid_len);
        r->UserSid = client_sid;
        pkg_block_put_wstr(&block, &r->UserName, found.user, wcslen(found.user));
        pkg_block_put_wstr(&block, &r->LogonDomainName, found.domain, wcslen(found.domain));
        pkg_block_put_wstr(&block, &r->LogonServer, machine->name, machine->name_chars);
        r->LogonType = (SECURITY_LOGON_TYPE)found.logon_type;
    }
    if ((status = pkg_block_close(&block, ret)) != STATUS_SUCCESS)
        return status;
    *ret_len = size;
    return STATUS_SUCCESS;
}
