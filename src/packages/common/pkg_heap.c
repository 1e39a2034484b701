/* LSA-heap allocations handed to the core; see pkg_heap.h. */
#include "pkg_win.h"

#include <string.h>

#include "pkg_heap.h"

NTSTATUS pkg_heap_lsa_string(const LSA_SECPKG_FUNCTION_TABLE *lsa, const char *name, PLSA_STRING *out)
{
    size_t len = strlen(name);
    PLSA_STRING s;
    char *buf;

    *out = NULL;
    if (len >= 0xFFFF)
        return STATUS_INVALID_PARAMETER;
    if (!(s = lsa->AllocateLsaHeap(sizeof(*s))))
        return STATUS_NO_MEMORY;
    if (!(buf = lsa->AllocateLsaHeap((ULONG)len + 1))) {
        lsa->FreeLsaHeap(s);
        return STATUS_NO_MEMORY;
    }
    memcpy(buf, name, len + 1);
    s->Length = (USHORT)len;
    s->MaximumLength = (USHORT)(len + 1);
    s->Buffer = buf;
    *out = s;
    return STATUS_SUCCESS;
}

NTSTATUS pkg_heap_ustring(const LSA_SECPKG_FUNCTION_TABLE *lsa, const WCHAR *text, size_t chars,
                          PUNICODE_STRING *out)
{
    PUNICODE_STRING s;
    WCHAR *buf;

    *out = NULL;
    /* Length counts bytes in a USHORT and the NUL must fit MaximumLength as well. */
    if (chars > 0xFFFE / sizeof(WCHAR) - 1)
        return STATUS_INVALID_PARAMETER;
    if (!(s = lsa->AllocateLsaHeap(sizeof(*s))))
        return STATUS_NO_MEMORY;
    if (!(buf = lsa->AllocateLsaHeap((ULONG)((chars + 1) * sizeof(WCHAR))))) {
        lsa->FreeLsaHeap(s);
        return STATUS_NO_MEMORY;
    }
    if (chars)
        memcpy(buf, text, chars * sizeof(WCHAR));
    buf[chars] = 0;
    s->Length = (USHORT)(chars * sizeof(WCHAR));
    s->MaximumLength = (USHORT)((chars + 1) * sizeof(WCHAR));
    s->Buffer = buf;
    *out = s;
    return STATUS_SUCCESS;
}

void pkg_heap_ustring_free(const LSA_SECPKG_FUNCTION_TABLE *lsa, PUNICODE_STRING s)
{
    if (!s)
        return;
    if (s->Buffer)
        lsa->FreeLsaHeap(s->Buffer);
    lsa->FreeLsaHeap(s);
}

PSID pkg_heap_sid(const LSA_SECPKG_FUNCTION_TABLE *lsa, BYTE authority, const DWORD *subs, BYTE count)
{
    SID_IDENTIFIER_AUTHORITY auth = {{0, 0, 0, 0, 0, authority}};
    PSID sid;
    BYTE i;

    if (count > SID_MAX_SUB_AUTHORITIES)
        return NULL;
    if (!(sid = lsa->AllocateLsaHeap(GetSidLengthRequired(count))))
        return NULL;
    InitializeSid(sid, &auth, count);
    for (i = 0; i < count; i++)
        *GetSidSubAuthority(sid, i) = subs[i];
    return sid;
}

PSID pkg_heap_sid_append(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID prefix, DWORD rid)
{
    BYTE count = *GetSidSubAuthorityCount(prefix);
    PSID sid;
    BYTE i;

    if (count >= SID_MAX_SUB_AUTHORITIES)
        return NULL;
    if (!(sid = lsa->AllocateLsaHeap(GetSidLengthRequired(count + 1))))
        return NULL;
    InitializeSid(sid, GetSidIdentifierAuthority(prefix), count + 1);
    for (i = 0; i < count; i++)
        *GetSidSubAuthority(sid, i) = *GetSidSubAuthority(prefix, i);
    *GetSidSubAuthority(sid, count) = rid;
    return sid;
}

void pkg_heap_free(const LSA_SECPKG_FUNCTION_TABLE *lsa, void *p)
{
    if (p)
        lsa->FreeLsaHeap(p);
}
