/* MsV1_0SetProcessOption / MsV1_0SetThreadOption; see msv1_0_msg_options.h. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_msg_options.h"
#include "msv1_0_package.h"
#include "pkg_trace.h"

typedef struct option_entry {
    BOOL used;
    DWORD process_id;
    DWORD thread_id; /* 0 in the process table */
    ULONG options;
    ULONGLONG serial; /* age, for dropping the oldest */
} option_entry;

static option_entry process_table[MSV1_0_OPTION_SLOTS], thread_table[MSV1_0_OPTION_SLOTS];
static ULONGLONG next_serial;
static SRWLOCK lock = SRWLOCK_INIT;

static option_entry *find(option_entry *table, DWORD process_id, DWORD thread_id)
{
    for (size_t i = 0; i < MSV1_0_OPTION_SLOTS; i++)
        if (table[i].used && table[i].process_id == process_id && table[i].thread_id == thread_id)
            return &table[i];
    return NULL;
}

/* The caller's entry, created (empty) if absent; called under the exclusive lock. */
static option_entry *find_or_add(option_entry *table, DWORD process_id, DWORD thread_id)
{
    option_entry *slot = find(table, process_id, thread_id);

    if (slot)
        return slot;
    slot = &table[0];
    for (size_t i = 0; i < MSV1_0_OPTION_SLOTS; i++) {
        if (!table[i].used) {
            slot = &table[i];
            break;
        }
        if (table[i].serial < slot->serial)
            slot = &table[i];
    }
    memset(slot, 0, sizeof(*slot));
    slot->used = TRUE;
    slot->process_id = process_id;
    slot->thread_id = thread_id;
    slot->serial = ++next_serial;
    return slot;
}

static NTSTATUS caller(SECPKG_CLIENT_INFO *info)
{
    NTSTATUS status;

    memset(info, 0, sizeof(*info));
    if ((status = msv1_0_lsa->GetClientInfo(info)) != STATUS_SUCCESS)
        pkg_err(MSV1_0_TRACE, "GetClientInfo failed: 0x%08lx", (unsigned long)status);
    return status;
}

static void apply(option_entry *e, ULONG options, BOOLEAN disable)
{
    if (disable)
        e->options &= ~options;
    else
        e->options |= options;
}

NTSTATUS msv1_0_msg_set_process_option(const void *submit, ULONG submit_len)
{
    MSV1_0_SETPROCESSOPTION_REQUEST_ req;
    SECPKG_CLIENT_INFO info;
    NTSTATUS status;

    if (submit_len < sizeof(req))
        return STATUS_INVALID_PARAMETER;
    memcpy(&req, submit, sizeof(req));
    if (req.ProcessOptions & ~MSV1_0_OPTIONS_VALID) {
        pkg_warn(MSV1_0_TRACE, "SetProcessOption: unknown options 0x%lx", (unsigned long)req.ProcessOptions);
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = caller(&info)) != STATUS_SUCCESS)
        return status;
    AcquireSRWLockExclusive(&lock);
    apply(find_or_add(process_table, info.ProcessID, 0), req.ProcessOptions, req.DisableOptions);
    ReleaseSRWLockExclusive(&lock);
    return STATUS_SUCCESS;
}

NTSTATUS msv1_0_msg_set_thread_option(const void *submit, ULONG submit_len)
{
    MSV1_0_SETTHREADOPTION_REQUEST_ req;
    SECPKG_CLIENT_INFO info;
    option_entry *e;
    NTSTATUS status;

    if (submit_len < sizeof(req))
        return STATUS_INVALID_PARAMETER;
    memcpy(&req, submit, sizeof(req));
    if (req.ThreadOptions & ~MSV1_0_OPTIONS_VALID) {
        pkg_warn(MSV1_0_TRACE, "SetThreadOption: unknown options 0x%lx", (unsigned long)req.ThreadOptions);
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = caller(&info)) != STATUS_SUCCESS)
        return status;
    AcquireSRWLockExclusive(&lock);
    if (req.Revert) {
        if ((e = find(thread_table, info.ProcessID, info.ThreadID)))
            memset(e, 0, sizeof(*e));
    } else {
        apply(find_or_add(thread_table, info.ProcessID, info.ThreadID), req.ThreadOptions, req.DisableOptions);
    }
    ReleaseSRWLockExclusive(&lock);
    return STATUS_SUCCESS;
}

ULONG msv1_0_options_effective(DWORD process_id, DWORD thread_id)
{
    const option_entry *e;
    ULONG options = 0;

    AcquireSRWLockShared(&lock);
    if ((e = find(thread_table, process_id, thread_id)) || (e = find(process_table, process_id, 0)))
        options = e->options;
    ReleaseSRWLockShared(&lock);
    return options;
}
