/* LsaEnumerateLogonSessions and LsaGetLogonSessionData: answers built as single client blocks whose embedded
 * pointers point into themselves, freed by one LsaFreeReturnBuffer. */
#include "lsa_internal.h"

#include <stddef.h>
#include <string.h>
#include <wchar.h>

#include "lsa_session_details.h"
#include "lsaemu/lsaemu.h"

/* Windows' offsets of the fields the session details fill (x86_64 : i686; the size is in lsa_layout_checks.c): a
 * client reads them from the block at these places whatever header it was built with. */
#define P (sizeof(void *))
_Static_assert(offsetof(SECURITY_LOGON_SESSION_DATA, UserFlags) == (P == 8 ? 136 : 80), "UserFlags");
_Static_assert(offsetof(SECURITY_LOGON_SESSION_DATA, LastLogonInfo) == (P == 8 ? 144 : 88), "LastLogonInfo");
_Static_assert(sizeof(LSA_LAST_INTER_LOGON_INFO) == 24, "LSA_LAST_INTER_LOGON_INFO");
_Static_assert(offsetof(SECURITY_LOGON_SESSION_DATA, LogonScript) == (P == 8 ? 168 : 112), "LogonScript");
_Static_assert(offsetof(SECURITY_LOGON_SESSION_DATA, HomeDirectoryDrive) == (P == 8 ? 216 : 136),
               "HomeDirectoryDrive");
_Static_assert(offsetof(SECURITY_LOGON_SESSION_DATA, LogoffTime) == (P == 8 ? 232 : 144), "LogoffTime");
_Static_assert(offsetof(SECURITY_LOGON_SESSION_DATA, PasswordMustChange) == (P == 8 ? 264 : 176),
               "PasswordMustChange");
#undef P

NTSTATUS lsa_op_enumerate_sessions(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep)
{
    LUID *ids;
    ULONG count;
    uint64_t block;
    NTSTATUS st;
    (void)req;
    lsa_sessions_add_machine(caller);
    /* Sessions whose last token was closed end now, not at the watcher's next tick: the list is exact. */
    lsa_sessions_sweep();
    st = lsa_sessions_list(&ids, &count);
    if (st != STATUS_SUCCESS)
        return st;
    st = lsa_clientmem_alloc(caller, (size_t)count * sizeof(LUID), &block);
    if (st == STATUS_SUCCESS) {
        st = lsa_clientmem_write(caller, block, ids, (size_t)count * sizeof(LUID));
        if (st == STATUS_SUCCESS) {
            rep->u.sessions.buffer = block;
            rep->u.sessions.count = count;
        } else {
            lsa_clientmem_free(caller, block);
        }
    }
    lsa_heap_free(ids);
    return st;
}

/* Lay a string out after the structure; the UNICODE_STRING points at its client address. */
static void place_string(BYTE *base, uint64_t client, size_t *used, LSA_UNICODE_STRING *dst, const WCHAR *src)
{
    size_t chars = wcslen(src);
    dst->Length = (USHORT)(chars * sizeof(WCHAR));
    dst->MaximumLength = (USHORT)(dst->Length + sizeof(WCHAR));
    dst->Buffer = (PWSTR)(uintptr_t)(client + *used);
    memcpy(base + *used, src, (chars + 1) * sizeof(WCHAR));
    *used += dst->MaximumLength;
}

/* The same for a counted string of the session details (UTF-16LE bytes, possibly unaligned), NUL-terminated. */
static void place_counted(BYTE *base, uint64_t client, size_t *used, LSA_UNICODE_STRING *dst, const lsa_sd_string *src)
{
    dst->Length = (USHORT)src->bytes; /* at most LSA_SD_MAX_STRING */
    dst->MaximumLength = (USHORT)(src->bytes + sizeof(WCHAR));
    dst->Buffer = (PWSTR)(uintptr_t)(client + *used);
    if (src->bytes)
        memcpy(base + *used, src->data, src->bytes);
    memset(base + *used + src->bytes, 0, sizeof(WCHAR));
    *used += dst->MaximumLength;
}

#define NEVER 0x7FFFFFFFFFFFFFFFll

BOOL lsa_session_data_size(size_t sid_len, const size_t *string_bytes, size_t count, size_t *size)
{
    size_t total = sizeof(SECURITY_LOGON_SESSION_DATA);
    *size = 0;
    if (sid_len) {
        total = (total + 3) & ~(size_t)3;
        if (sid_len > SIZE_MAX - total)
            return FALSE;
        total += sid_len;
    }
    if (total > SIZE_MAX - 1)
        return FALSE;
    total = (total + 1) & ~(size_t)1;
    for (size_t i = 0; i < count; i++) {
        /* A UNICODE_STRING's MaximumLength (the bytes and the NUL) must fit a USHORT. */
        if (string_bytes[i] > 0xFFFF - sizeof(WCHAR) || string_bytes[i] + sizeof(WCHAR) > SIZE_MAX - total)
            return FALSE;
        total += string_bytes[i] + sizeof(WCHAR);
    }
    *size = total;
    return TRUE;
}

/* What the session's package said about it with AddCredential(LSAEMU_SESSION_DETAILS_KEY): *blob keeps the copy the
 * strings point into (lsa_heap_free it). Without one, or with a malformed one, the fields stay empty and the
 * logoff, kickoff and must-change times "never", as for a package that says nothing. */
static void load_details(const LUID *id, ULONG package, lsa_session_details *d, LSA_STRING *blob)
{
    LSA_STRING key;
    lsa_sd_status sd = LSA_SD_OK;

    memset(blob, 0, sizeof(*blob));
    key.Buffer = (PCHAR)LSAEMU_SESSION_DETAILS_KEY;
    key.Length = (USHORT)strlen(LSAEMU_SESSION_DETAILS_KEY);
    key.MaximumLength = key.Length;
    if (lsa_credentials_get(id, package, NULL, FALSE, &key, NULL, blob) == STATUS_SUCCESS &&
        (sd = lsa_session_details_decode((const uint8_t *)blob->Buffer, blob->Length, d)) == LSA_SD_OK)
        return;
    if (sd != LSA_SD_OK)
        ERR("package %lu attached malformed session details to logon session %08lx:%08lx (%s); reporting none",
            (unsigned long)package, (unsigned long)id->HighPart, (unsigned long)id->LowPart,
            lsa_sd_status_name(sd));
    memset(d, 0, sizeof(*d));
    d->logoff_time = d->kickoff_time = d->password_must_change = NEVER;
}

NTSTATUS lsa_op_get_session_data(const lsa_core_caller *caller, const lsa_wire_request *req, lsa_wire_reply *rep)
{
    lsa_session_info info;
    LUID id;
    SECURITY_LOGON_SESSION_DATA *data;
    BYTE *buf;
    size_t size, used, sid_len;
    uint64_t block;
    NTSTATUS st;
    lsa_session_details details;
    LSA_STRING blob;

    id.LowPart = req->u.session_data.logon_id.low;
    id.HighPart = req->u.session_data.logon_id.high;
    lsa_sessions_add_machine(caller);
    lsa_sessions_sweep_one(&id); /* a session whose last token was just closed is gone */
    st = lsa_sessions_get(&id, &info);
    if (st != STATUS_SUCCESS)
        return st;
    load_details(&id, info.package_id, &details, &blob);
    /* The whole layout is sized and checked before anything is written. */
    const WCHAR *names[] = { info.user, info.domain, info.package_name, info.logon_server, info.dns_domain, info.upn };
    size_t string_bytes[ARRAYSIZE(names) + LSA_SD_STRINGS];
    for (size_t i = 0; i < ARRAYSIZE(names); i++)
        string_bytes[i] = wcslen(names[i]) * sizeof(WCHAR);
    for (size_t i = 0; i < LSA_SD_STRINGS; i++)
        string_bytes[ARRAYSIZE(names) + i] = details.strings[i].bytes;
    sid_len = info.has_sid ? GetLengthSid(info.sid) : 0;
    if (!lsa_session_data_size(sid_len, string_bytes, ARRAYSIZE(string_bytes), &size)) {
        ERR("session data too large");
        lsa_heap_free(blob.Buffer);
        return STATUS_INTERNAL_ERROR;
    }
    if (!(buf = lsa_heap_alloc(size))) {
        lsa_heap_free(blob.Buffer);
        return STATUS_NO_MEMORY;
    }
    st = lsa_clientmem_alloc(caller, size, &block);
    if (st != STATUS_SUCCESS) {
        lsa_heap_free(blob.Buffer);
        lsa_heap_free(buf);
        return st;
    }
    data = (SECURITY_LOGON_SESSION_DATA *)buf;
    used = sizeof(*data);
    data->Size = sizeof(*data);
    data->LogonId = id;
    data->LogonType = info.logon_type;
    data->Session = info.session;
    data->LogonTime = info.logon_time;
    if (sid_len) {
        used = (used + 3) & ~(size_t)3;
        memcpy(buf + used, info.sid, sid_len);
        data->Sid = (PSID)(uintptr_t)(block + used);
        used += sid_len;
    }
    used = (used + 1) & ~(size_t)1;
    place_string(buf, block, &used, &data->UserName, info.user);
    place_string(buf, block, &used, &data->LogonDomain, info.domain);
    place_string(buf, block, &used, &data->AuthenticationPackage, info.package_name);
    place_string(buf, block, &used, &data->LogonServer, info.logon_server);
    place_string(buf, block, &used, &data->DnsDomainName, info.dns_domain);
    place_string(buf, block, &used, &data->Upn, info.upn);
    place_counted(buf, block, &used, &data->LogonScript, &details.strings[LSA_SD_LOGON_SCRIPT]);
    place_counted(buf, block, &used, &data->ProfilePath, &details.strings[LSA_SD_PROFILE_PATH]);
    place_counted(buf, block, &used, &data->HomeDirectory, &details.strings[LSA_SD_HOME_DIRECTORY]);
    place_counted(buf, block, &used, &data->HomeDirectoryDrive, &details.strings[LSA_SD_HOME_DIRECTORY_DRIVE]);
    data->UserFlags = details.user_flags;
    data->LastLogonInfo.LastSuccessfulLogon.QuadPart = details.last_successful_logon;
    data->LastLogonInfo.LastFailedLogon.QuadPart = details.last_failed_logon;
    data->LastLogonInfo.FailedAttemptCountSinceLastSuccessfulLogon = details.failed_attempts;
    data->LogoffTime.QuadPart = details.logoff_time;
    data->KickOffTime.QuadPart = details.kickoff_time;
    data->PasswordLastSet.QuadPart = details.password_last_set;
    data->PasswordCanChange.QuadPart = details.password_can_change;
    data->PasswordMustChange.QuadPart = details.password_must_change;
    lsa_heap_free(blob.Buffer);
    if (used > size) {
        ERR("session data layout overflow");
        lsa_clientmem_free(caller, block);
        lsa_heap_free(buf);
        return STATUS_INTERNAL_ERROR;
    }
    st = lsa_clientmem_write(caller, block, buf, used);
    lsa_heap_free(buf);
    if (st != STATUS_SUCCESS) {
        lsa_clientmem_free(caller, block);
        return st;
    }
    rep->u.session_data.buffer = block;
    return STATUS_SUCCESS;
}
