/* The machine account (kerb_machine.h): its principal, its keys and its TGT.
 *
 * Principal: env LSAEMU_MACHINE_ACCOUNT, else HKLM\Software\lsaemu\Kerberos MachineAccount (REG_SZ), else
 * host/<computer name, lower case>.<default realm, lower case>@<default realm>; "a/b" without "@REALM" is in the
 * default realm (no backslash escapes). Keys: the entries of that principal in a keytab (env LSAEMU_MACHINE_KEYTAB,
 * else registry MachineKeytab, else KRB5_KTNAME's FILE: path, else /etc/krb5.keytab; named as KRB5_CONFIG's files
 * are), highest kvno first; without any, string-to-key of registry MachinePassword (what Windows keeps as the LSA
 * secret $MACHINE.ACC) with the default salt for every supported enctype, kvno 0. Passwords and keys are wiped after
 * use and never logged. */
#include "pkg_win.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "k5proto.h"
#include "kerb_bcrypt.h"
#include "kerb_cache.h"
#include "kerb_clock.h"
#include "kerb_config_sources.h"
#include "kerb_machine.h"
#include "kerb_package.h"
#include "kkt.h"
#include "krb5_enctype.h"
#include "pkg_trace.h"

#define MACHINE_KEY L"Software\\lsaemu\\Kerberos"
#define MAX_NAME_CHARS 1024                   /* a principal or a keytab path as configured */
#define MAX_PASSWORD_CHARS 1024               /* a machine password (Windows' are 120 characters) */
#define MAX_KEYTAB_BYTES (4u * 1024u * 1024u) /* far beyond any real keytab */
#define TGT_MARGIN_SECONDS 300                /* a cached TGT this close to its end is fetched again */

static const LUID system_session = {0x3e7, 0};

/* The enctypes in the order their keys are tried for the TGT (the AS exchange's default preference). */
static const int32_t preference[] = {18, 17, 20, 19, 23};

static size_t preference_rank(int32_t enctype)
{
    for (size_t i = 0; i < ARRAYSIZE(preference); i++)
        if (preference[i] == enctype)
            return i;
    return ARRAYSIZE(preference);
}

/* A value from the environment, else from the registry (REG_SZ under MACHINE_KEY); FALSE when neither has it. */
static BOOL setting(const WCHAR *env, const WCHAR *value, WCHAR *out, DWORD chars)
{
    DWORD bytes = chars * sizeof(WCHAR);
    DWORD n = env ? GetEnvironmentVariableW(env, out, chars) : 0;

    if (n > 0 && n < chars)
        return TRUE;
    out[0] = 0;
    if (value && RegGetValueW(HKEY_LOCAL_MACHINE, MACHINE_KEY, value, RRF_RT_REG_SZ, NULL, out, &bytes) ==
                     ERROR_SUCCESS && out[0])
        return TRUE;
    out[0] = 0;
    return FALSE;
}

static BOOL to_utf8(const WCHAR *w, char *out, int cap)
{
    return WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, out, cap, NULL, NULL) > 0;
}

static void lower_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* "a/b[@REALM]" split into components (text is cut in place); FALSE when a component is empty or too many. */
static BOOL split_principal(char *text, const char **comps, size_t *count, const char **realm)
{
    char *at = strchr(text, '@');

    *realm = NULL;
    *count = 0;
    if (at) {
        *at = 0;
        *realm = at + 1;
        if (!**realm || strchr(*realm, '@'))
            return FALSE;
    }
    for (char *c = text;;) {
        char *slash = strchr(c, '/');

        if (slash)
            *slash = 0;
        if (!*c || *count == KCC_MAX_COMPONENTS)
            return FALSE;
        comps[(*count)++] = c;
        if (!slash)
            return TRUE;
        c = slash + 1;
    }
}

/* The principal and its realm. STATUS_NO_TRUST_LSA_SECRET for a malformed configured principal,
 * STATUS_NO_LOGON_SERVERS when no realm is named and the default realm has no KDC. A realm the principal names but
 * no source gives a KDC is kept with none: a ticket logon opens tickets with the keys alone, and only the machine's
 * TGT (kerb_machine_get_tgt) needs a KDC. */
static NTSTATUS load_principal(kerb_machine_account *a)
{
    WCHAR wide[MAX_NAME_CHARS];
    char text[MAX_NAME_CHARS * 3];
    const char *comps[KCC_MAX_COMPONENTS], *realm = NULL;
    size_t count;
    NTSTATUS st;

    if (setting(L"LSAEMU_MACHINE_ACCOUNT", L"MachineAccount", wide, ARRAYSIZE(wide))) {
        if (!to_utf8(wide, text, sizeof(text)) || !split_principal(text, comps, &count, &realm)) {
            pkg_warn(KERB_TRACE, "the machine account's principal is malformed");
            return STATUS_NO_TRUST_LSA_SECRET;
        }
        st = realm ? kerb_config_find_realm_utf8(realm, &a->realm) : kerb_config_find_realm(NULL, 0, &a->realm);
        if (st == STATUS_NOT_FOUND && realm && strlen(realm) < sizeof(a->realm.realm)) {
            memset(&a->realm, 0, sizeof(a->realm));
            strcpy(a->realm.realm, realm); /* length checked above */
            st = STATUS_SUCCESS;
        }
    } else {
        WCHAR computer[MAX_COMPUTERNAME_LENGTH + 1];
        DWORD chars = ARRAYSIZE(computer);
        char name[(MAX_COMPUTERNAME_LENGTH + 1) * 3];

        if ((st = kerb_config_find_realm(NULL, 0, &a->realm)) == STATUS_SUCCESS) {
            if (!GetComputerNameW(computer, &chars) || !to_utf8(computer, name, sizeof(name)))
                return STATUS_NO_TRUST_LSA_SECRET;
            snprintf(text, sizeof(text), "host/%s.%s", name, a->realm.realm);
            lower_ascii(text);
            (void)split_principal(text, comps, &count, &realm);
        }
    }
    if (st == STATUS_NOT_FOUND) {
        pkg_warn(KERB_TRACE, "no realm with a KDC for the machine account");
        return STATUS_NO_LOGON_SERVERS;
    }
    if (st != STATUS_SUCCESS)
        return st;
    /* The realm as the configuration spells it (a principal's realm matches it case-insensitively). */
    return kcc_principal_set(&a->principal, 1, a->realm.realm, count, comps) == KCC_OK ? STATUS_SUCCESS
                                                                                       : STATUS_NO_MEMORY;
}

/* Components exactly, realm case-insensitively. */
static BOOL same_principal(const kcc_principal *a, const kcc_principal *b)
{
    if (a->count != b->count || a->realm.length != b->realm.length)
        return FALSE;
    for (uint32_t i = 0; i < a->realm.length; i++) {
        uint8_t x = a->realm.bytes[i], y = b->realm.bytes[i];
        if ((x >= 'a' && x <= 'z' ? x - 32 : x) != (y >= 'a' && y <= 'z' ? y - 32 : y))
            return FALSE;
    }
    for (uint32_t i = 0; i < a->count; i++)
        if (a->components[i].length != b->components[i].length ||
            (a->components[i].length &&
             memcmp(a->components[i].bytes, b->components[i].bytes, a->components[i].length)))
            return FALSE;
    return TRUE;
}

/* The keytab's name as a path (UTF-8): FALSE when KRB5_KTNAME names another keytab type. */
static BOOL keytab_name(char *out, size_t cap)
{
    WCHAR wide[MAX_NAME_CHARS];
    const char *path;
    char *colon;

    if (!setting(L"LSAEMU_MACHINE_KEYTAB", L"MachineKeytab", wide, ARRAYSIZE(wide)) &&
        !setting(L"KRB5_KTNAME", NULL, wide, ARRAYSIZE(wide))) {
        snprintf(out, cap, "/etc/krb5.keytab");
        return TRUE;
    }
    if (!to_utf8(wide, out, (int)cap))
        return FALSE;
    path = out;
    colon = strchr(out, ':');
    /* "FILE:path" as MIT writes it; another "TYPE:" is not a file (a drive letter "C:" is). */
    if (colon && colon - out > 1) {
        if (colon - out != 4 || _strnicmp(out, "FILE", 4)) {
            pkg_warn(KERB_TRACE, "machine keytab of a type other than FILE not read");
            return FALSE;
        }
        path = colon + 1;
    }
    memmove(out, path, strlen(path) + 1);
    return out[0] != 0;
}

/* The whole file: NULL when absent, unreadable or over MAX_KEYTAB_BYTES. */
static uint8_t *read_file(const char *name, size_t *size)
{
    WCHAR *path = malloc(KERB_CONFIG_MAX_PATH * sizeof(WCHAR));
    uint8_t *bytes = NULL;
    LARGE_INTEGER li;
    HANDLE h = INVALID_HANDLE_VALUE;
    DWORD got = 0;

    *size = 0;
    if (path && kerb_config_file_path(name, path))
        h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                        OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(path);
    if (h == INVALID_HANDLE_VALUE)
        return NULL;
    if (GetFileSizeEx(h, &li) && li.QuadPart > 0 && (ULONGLONG)li.QuadPart <= MAX_KEYTAB_BYTES &&
        (bytes = malloc((size_t)li.QuadPart)) &&
        (!ReadFile(h, bytes, (DWORD)li.QuadPart, &got, NULL) || got != (DWORD)li.QuadPart)) {
        SecureZeroMemory(bytes, (size_t)li.QuadPart);
        free(bytes);
        bytes = NULL;
    }
    CloseHandle(h);
    if (bytes)
        *size = got;
    return bytes;
}

/* Sorted insertion: highest kvno first, then the enctypes' preference; when full, the last one drops out. */
static void add_key(kerb_machine_account *a, int32_t enctype, uint32_t kvno, const uint8_t *key, size_t key_len)
{
    size_t at = a->key_count;

    while (at > 0) {
        const kerb_machine_key *before = &a->keys[at - 1];
        if (before->kvno > kvno ||
            (before->kvno == kvno && preference_rank(before->enctype) <= preference_rank(enctype)))
            break;
        at--;
    }
    if (at == KERB_MACHINE_MAX_KEYS)
        return;
    if (a->key_count == KERB_MACHINE_MAX_KEYS) {
        SecureZeroMemory(&a->keys[KERB_MACHINE_MAX_KEYS - 1], sizeof(a->keys[0]));
        a->key_count--;
    }
    memmove(&a->keys[at + 1], &a->keys[at], (a->key_count - at) * sizeof(a->keys[0]));
    a->keys[at].enctype = enctype;
    a->keys[at].kvno = kvno;
    memcpy(a->keys[at].key, key, key_len);
    a->keys[at].key_len = key_len;
    a->key_count++;
}

static NTSTATUS keys_from_keytab(kerb_machine_account *a)
{
    char name[MAX_NAME_CHARS * 3];
    kkt_keytab kt;
    size_t size;
    uint8_t *bytes;
    kkt_status ks;

    if (!keytab_name(name, sizeof(name)) || !(bytes = read_file(name, &size)))
        return STATUS_SUCCESS;
    ks = kkt_parse(bytes, size, &kt);
    SecureZeroMemory(bytes, size);
    free(bytes);
    if (ks == KKT_E_NO_MEMORY)
        return STATUS_NO_MEMORY;
    if (ks != KKT_OK) {
        pkg_warn(KERB_TRACE, "the machine keytab %s is malformed (%d)", name, (int)ks);
        return STATUS_SUCCESS;
    }
    for (size_t i = 0; i < kt.count; i++) {
        const kkt_entry *e = &kt.entries[i];
        const krb5_enctype *et = krb5_enctype_lookup(e->enctype);

        if (et && e->key.length == et->key_size && et->key_size <= KERB_MAX_LONG_TERM_KEY &&
            same_principal(&e->principal, &a->principal))
            add_key(a, e->enctype, e->kvno, e->key.bytes, e->key.length);
    }
    kkt_free(&kt);
    return STATUS_SUCCESS;
}

static NTSTATUS keys_from_password(kerb_machine_account *a)
{
    WCHAR *wide = malloc(MAX_PASSWORD_CHARS * sizeof(WCHAR));
    char *utf8 = malloc(MAX_PASSWORD_CHARS * 3);
    NTSTATUS st = STATUS_SUCCESS;

    if (!wide || !utf8) {
        st = STATUS_NO_MEMORY;
    } else if (setting(NULL, L"MachinePassword", wide, MAX_PASSWORD_CHARS) &&
               to_utf8(wide, utf8, MAX_PASSWORD_CHARS * 3)) {
        k5p_as_params params = {0};
        size_t count;
        const krb5_enctype *table = krb5_enctype_table(&count);

        params.client = &a->principal;
        params.password = (const uint8_t *)utf8;
        params.password_len = strlen(utf8);
        for (size_t i = 0; i < count; i++) {
            k5p_s2k s2k = {0};
            uint8_t key[KRB5_MAX_KEY];
            size_t key_len = 0;

            s2k.etype = table[i].id;
            if (k5p_string_to_key(kerb_bcrypt_primitives(), &params, &s2k, key, &key_len) == K5P_OK &&
                key_len <= KERB_MAX_LONG_TERM_KEY)
                add_key(a, table[i].id, 0, key, key_len);
            SecureZeroMemory(key, sizeof(key));
        }
    }
    if (wide) {
        SecureZeroMemory(wide, MAX_PASSWORD_CHARS * sizeof(WCHAR));
        free(wide);
    }
    if (utf8) {
        SecureZeroMemory(utf8, MAX_PASSWORD_CHARS * 3);
        free(utf8);
    }
    return st;
}

NTSTATUS kerb_machine_load(kerb_machine_account *out)
{
    NTSTATUS st;

    memset(out, 0, sizeof(*out));
    if ((st = load_principal(out)) == STATUS_SUCCESS && (st = keys_from_keytab(out)) == STATUS_SUCCESS &&
        !out->key_count)
        st = keys_from_password(out);
    if (st == STATUS_SUCCESS && !out->key_count) {
        pkg_warn(KERB_TRACE, "no key of the machine account (no keytab entry of its principal, no MachinePassword)");
        st = STATUS_NO_TRUST_LSA_SECRET;
    }
    if (st != STATUS_SUCCESS)
        kerb_machine_free(out);
    return st;
}

void kerb_machine_free(kerb_machine_account *a)
{
    if (!a)
        return;
    kcc_principal_free(&a->principal);
    SecureZeroMemory(a, sizeof(*a));
}

NTSTATUS kerb_machine_find_key(const kerb_machine_account *a, const kcc_principal *server, int32_t etype,
                               uint32_t kvno, const kerb_machine_key **key)
{
    *key = NULL;
    if (!same_principal(server, &a->principal))
        return STATUS_NO_TRUST_LSA_SECRET;
    /* Keys from a password have no known kvno (0): they stand for any. */
    for (size_t i = 0; i < a->key_count; i++)
        if (a->keys[i].enctype == etype && (!kvno || !a->keys[i].kvno || a->keys[i].kvno == kvno)) {
            *key = &a->keys[i];
            return STATUS_SUCCESS;
        }
    return (NTSTATUS)SEC_E_ETYPE_NOT_SUPP;
}

static BOOL is_krbtgt(const kcc_principal *p, const kcc_data *realm)
{
    return p->count == 2 && p->components[0].length == 6 && !memcmp(p->components[0].bytes, "krbtgt", 6) &&
           p->components[1].length == realm->length && p->realm.length == realm->length && realm->length &&
           !memcmp(p->components[1].bytes, realm->bytes, realm->length) &&
           !memcmp(p->realm.bytes, realm->bytes, realm->length);
}

/* The machine's TGT from the SYSTEM session's cache when it is not near its end (moved into *out). */
static BOOL cached_tgt(const kerb_machine_account *a, kcc_cred *out)
{
    kerb_snapshot snap;
    int64_t now = kerb_clock_now(NULL);
    BOOL found = FALSE;

    if (kerb_cache_snapshot(&system_session, &snap) != STATUS_SUCCESS)
        return FALSE;
    for (size_t i = 0; i < snap.cache.cred_count && !found; i++) {
        kcc_cred *c = &snap.cache.creds[i];

        if (!kcc_is_config(c) && same_principal(&c->client, &a->principal) &&
            is_krbtgt(&c->server, &c->client.realm) && (int64_t)c->endtime - now > TGT_MARGIN_SECONDS) {
            *out = *c; /* moved: the snapshot's copy is forgotten, not freed */
            memset(c, 0, sizeof(*c));
            found = TRUE;
        }
    }
    kerb_snapshot_free(&snap);
    return found;
}

NTSTATUS kerb_machine_get_tgt(const kerb_machine_account *a, kcc_cred *out)
{
    kerb_tgt_result r;
    NTSTATUS st = STATUS_NO_TRUST_LSA_SECRET, sub;

    memset(out, 0, sizeof(*out));
    if (cached_tgt(a, out))
        return STATUS_SUCCESS;
    if (!a->realm.kdc_count) {
        pkg_warn(KERB_TRACE, "no KDC for the machine account's realm");
        return STATUS_NO_LOGON_SERVERS;
    }
    /* Each key in turn (highest kvno first) until the KDC takes one; no KDC answering ends the attempt. */
    for (size_t i = 0; i < a->key_count; i++) {
        const kerb_machine_key *k = &a->keys[i];

        st = kerb_kdc_get_tgt_for_principal_with_key(&a->realm, &a->principal, k->enctype, k->key, k->key_len, &r,
                                                      &sub);
        if (st == STATUS_SUCCESS || st == STATUS_NO_LOGON_SERVERS || st == STATUS_NO_MEMORY)
            break;
    }
    if (st != STATUS_SUCCESS)
        return st;
    {
        kerb_cred_info info;

        memset(&info, 0, sizeof(info));
        memcpy(info.kdc, r.kdc, sizeof(info.kdc));
        info.cache_flags = KERB_CACHE_FLAG_PRIMARY;
        st = kerb_cache_store(&system_session, &r.tgt, &info);
        if (st == STATUS_NOT_FOUND)
            st = kerb_cache_start_session(&system_session, &a->realm, &r);
    }
    if (st == STATUS_SUCCESS) {
        *out = r.tgt; /* moved */
        memset(&r.tgt, 0, sizeof(r.tgt));
    }
    kerb_tgt_result_free(&r);
    return st;
}
