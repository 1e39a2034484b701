/* Principal names to and from the messages' UTF-16; see kerb_names.h. */
#include "pkg_win.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kerb_names.h"

/* Appends UTF-8 bytes as UTF-16 at out[*used], keeping room for a NUL. */
static BOOL append_utf8(const uint8_t *bytes, uint32_t length, WCHAR *out, size_t cap, size_t *used)
{
    int n;

    if (!length)
        return TRUE;
    if (length > INT_MAX || *used >= cap)
        return FALSE;
    n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, (const char *)bytes, (int)length, NULL, 0);
    if (n <= 0 || (size_t)n >= cap - *used)
        return FALSE;
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, (const char *)bytes, (int)length, out + *used, n);
    *used += (size_t)n;
    return TRUE;
}

BOOL kerb_name_wstr(const kcc_principal *p, WCHAR *out, size_t cap)
{
    size_t used = 0;
    uint32_t i;

    if (!cap)
        return FALSE;
    out[0] = 0;
    for (i = 0; i < p->count; i++) {
        if (i) {
            if (cap - used < 2)
                return FALSE;
            out[used++] = L'/';
        }
        if (!append_utf8(p->components[i].bytes, p->components[i].length, out, cap, &used)) {
            out[0] = 0;
            return FALSE;
        }
    }
    out[used] = 0;
    return TRUE;
}

BOOL kerb_component_wstr(const kcc_principal *p, uint32_t i, WCHAR *out, size_t cap)
{
    size_t used = 0;

    if (!cap || i >= p->count)
        return FALSE;
    if (!append_utf8(p->components[i].bytes, p->components[i].length, out, cap, &used)) {
        out[0] = 0;
        return FALSE;
    }
    out[used] = 0;
    return TRUE;
}

BOOL kerb_realm_wstr(const kcc_data *realm, WCHAR *out, size_t cap)
{
    size_t used = 0;

    if (!cap)
        return FALSE;
    if (!append_utf8(realm->bytes, realm->length, out, cap, &used)) {
        out[0] = 0;
        return FALSE;
    }
    out[used] = 0;
    return TRUE;
}

/* text[0..chars) unescaped into UTF-8, as a NUL-terminated string. */
static NTSTATUS to_utf8(const WCHAR *text, size_t chars, char **out)
{
    int n;

    *out = NULL;
    if (!chars || chars > KERB_MAX_NAME)
        return STATUS_INVALID_PARAMETER;
    n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text, (int)chars, NULL, 0, NULL, NULL);
    if (n <= 0)
        return STATUS_INVALID_PARAMETER;
    if (!(*out = malloc((size_t)n + 1)))
        return STATUS_NO_MEMORY;
    WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text, (int)chars, *out, n, NULL, NULL);
    (*out)[n] = 0;
    return STATUS_SUCCESS;
}

NTSTATUS kerb_name_parse(const WCHAR *text, size_t chars, const char *default_realm, kcc_principal *out)
{
    /* Unescaped components, each a run of plain[] separated at the indices kept in cuts[]. */
    WCHAR plain[KERB_MAX_NAME];
    size_t cuts[KCC_MAX_COMPONENTS + 1], ncomp = 0, n = 0, i, start, realm_at = (size_t)-1;
    char *parts[KCC_MAX_COMPONENTS], *realm = NULL;
    NTSTATUS status = STATUS_INVALID_PARAMETER;
    size_t at_plain = (size_t)-1;

    memset(out, 0, sizeof(*out));
    memset(parts, 0, sizeof(parts));
    if (!chars || chars >= ARRAYSIZE(plain))
        return STATUS_INVALID_PARAMETER;
    cuts[0] = 0;
    for (i = 0; i < chars; i++) {
        WCHAR c = text[i];
        if (!c || (c == L'\\' && i + 1 < chars && !text[i + 1]))
            return STATUS_INVALID_PARAMETER; /* a KerberosString holds no NUL */
        if (c == L'\\') {
            if (++i == chars)
                return STATUS_INVALID_PARAMETER;
            plain[n++] = text[i];
        } else if (c == L'@') {
            /* The last unescaped '@' starts the realm: an earlier one becomes part of the name. */
            if (realm_at != (size_t)-1)
                plain[at_plain] = L'@';
            realm_at = i;
            at_plain = n;
            plain[n++] = 0;
        } else if (c == L'/' && realm_at == (size_t)-1) {
            if (ncomp >= KCC_MAX_COMPONENTS - 1)
                return STATUS_INVALID_PARAMETER;
            cuts[++ncomp] = n + 1;
            plain[n++] = 0;
        } else {
            plain[n++] = c;
        }
    }
    ncomp++;
    /* A '/' after the realm's '@' was part of the realm text, as MIT reads it. */
    for (i = 0; i < ncomp; i++) {
        size_t end = i + 1 < ncomp ? cuts[i + 1] - 1 : (at_plain != (size_t)-1 ? at_plain : n);
        start = cuts[i];
        if (end <= start) {
            status = STATUS_INVALID_PARAMETER;
            goto done;
        }
        if ((status = to_utf8(plain + start, end - start, &parts[i])) != STATUS_SUCCESS)
            goto done;
    }
    if (at_plain != (size_t)-1) {
        if ((status = to_utf8(plain + at_plain + 1, n - at_plain - 1, &realm)) != STATUS_SUCCESS)
            goto done;
    }
    status = kcc_principal_set(out, ncomp > 1 ? KERB_NT_SRV_INST : KERB_NT_PRINCIPAL,
                               realm ? realm : (default_realm ? default_realm : ""),
                               ncomp, (const char *const *)parts) == KCC_OK
                 ? STATUS_SUCCESS
                 : STATUS_NO_MEMORY;
done:
    for (i = 0; i < ARRAYSIZE(parts); i++)
        free(parts[i]);
    free(realm);
    return status;
}
