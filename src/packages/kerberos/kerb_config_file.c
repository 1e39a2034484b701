/* The krb5.conf files: those KRB5_CONFIG names (a host path list, as MIT reads it: absolute Unix paths separated by
 * ':'; a value starting with neither '/' nor ':' is taken as one Windows path), then /etc/krb5.conf. Under Wine a host
 * path is opened through kernel32's wine_get_dos_file_name, else through Wine's "\\?\unix" prefix; on Windows
 * neither exists and a host path names no file. */
#include "pkg_win.h"

#include <stdlib.h>
#include <string.h>

#include "kerb_config_sources.h"
#include "kerb_package.h"
#include "pkg_trace.h"

#define MAX_PATH_CHARS KERB_CONFIG_MAX_PATH

typedef WCHAR *(CDECL *wine_get_dos_file_name_fn)(const char *unix_path);

#ifdef KERB_CONFIG_TESTING
static const char *system_file = KERB_CONFIG_SYSTEM_FILE;
void kerb_config_set_system_file_for_tests(const char *host_path)
{
    system_file = host_path ? host_path : KERB_CONFIG_SYSTEM_FILE;
}
#else
static const char *const system_file = KERB_CONFIG_SYSTEM_FILE;
#endif

/* A host path ("/...", UTF-8, NUL-terminated) as a Windows path in out (MAX_PATH_CHARS); FALSE if it has none. */
static BOOL host_to_windows(const char *host_path, WCHAR *out)
{
    HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
    wine_get_dos_file_name_fn to_dos =
        kernel32 ? (wine_get_dos_file_name_fn)(void (*)(void))GetProcAddress(kernel32, "wine_get_dos_file_name")
                 : NULL;
    if (to_dos) {
        WCHAR *dos = to_dos(host_path);
        BOOL ok = dos && wcslen(dos) < MAX_PATH_CHARS;
        if (ok)
            wcscpy(out, dos);
        if (dos)
            HeapFree(GetProcessHeap(), 0, dos);
        return ok;
    }
    /* No Wine export: Wine's ntdll also resolves "\\?\unix\..." itself; on Windows the open simply fails. */
    static const WCHAR prefix[] = L"\\\\?\\unix";
    size_t p = ARRAYSIZE(prefix) - 1;
    wcscpy(out, prefix);
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, host_path, -1, out + p, (int)(MAX_PATH_CHARS - p));
    if (n <= 0)
        return FALSE;
    for (WCHAR *c = out + p; *c; c++)
        if (*c == L'/')
            *c = L'\\';
    return TRUE;
}

static void report(const char *shown, ULONGLONG print, const char *what, size_t line)
{
    if (!kerb_config_first_report(print))
        return;
    if (line)
        pkg_warn(KERB_TRACE, "%s skipped: %s at line %lu", shown, what, (unsigned long)line);
    else
        pkg_warn(KERB_TRACE, "%s skipped: %s", shown, what);
}

/* Reads and parses one file. FALSE when it is absent, unreadable, oversized or malformed (reported once). */
static BOOL load_one(const WCHAR *path, const char *shown, k5conf *conf, NTSTATUS *status)
{
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    ULONGLONG print = kerb_config_fingerprint(0, shown, strlen(shown));
    LARGE_INTEGER size;
    BOOL ok = FALSE;
    char *text = NULL;
    if (!GetFileSizeEx(h, &size) || size.QuadPart < 0) {
        report(shown, print, "unreadable", 0);
    } else if ((ULONGLONG)size.QuadPart > K5CONF_MAX_TEXT) {
        report(shown, kerb_config_fingerprint(print, &size, sizeof(size)), "larger than 1 MiB", 0);
    } else if (!(text = malloc((size_t)size.QuadPart + 1))) {
        *status = STATUS_NO_MEMORY;
    } else {
        DWORD got = 0;
        if (!ReadFile(h, text, (DWORD)size.QuadPart, &got, NULL) || got != (DWORD)size.QuadPart) {
            report(shown, print, "unreadable", 0);
        } else {
            size_t line = 0;
            k5conf_status st = k5conf_parse(text, got, conf, &line);
            if (st == K5CONF_E_NO_MEMORY)
                *status = STATUS_NO_MEMORY;
            else if (st != K5CONF_OK)
                report(shown, kerb_config_fingerprint(print, text, got), k5conf_status_name(st), line);
            else {
                ok = TRUE;
                if (conf->ignored_directives &&
                    kerb_config_first_report(kerb_config_fingerprint(print ^ 1, text, got)))
                    pkg_warn(KERB_TRACE, "%s: %lu include/includedir/module line(s) not followed", shown,
                             (unsigned long)conf->ignored_directives);
            }
        }
    }
    free(text);
    CloseHandle(h);
    return ok;
}

BOOL kerb_config_file_path(const char *utf8, WCHAR *path)
{
    return utf8[0] == '/' ? host_to_windows(utf8, path)
                          : MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, path, MAX_PATH_CHARS) > 0;
}

/* One element of the list: a host path (converted) or a Windows path (as is). */
static BOOL load_path(const char *utf8, k5conf *conf, NTSTATUS *status)
{
    WCHAR *path = malloc(MAX_PATH_CHARS * sizeof(WCHAR));
    BOOL ok = FALSE;
    if (!path) {
        *status = STATUS_NO_MEMORY;
        return FALSE;
    }
    if (kerb_config_file_path(utf8, path))
        ok = load_one(path, utf8, conf, status);
    free(path);
    return ok;
}

size_t kerb_config_load_files(k5conf files[KERB_CONFIG_MAX_FILES + 1], NTSTATUS *status)
{
    *status = STATUS_SUCCESS;
    size_t count = 0;
    WCHAR *env = malloc(MAX_PATH_CHARS * sizeof(WCHAR));
    char *list = malloc(MAX_PATH_CHARS * 3);
    if (!env || !list) {
        *status = STATUS_NO_MEMORY;
        free(env);
        free(list);
        return 0;
    }
    DWORD n = GetEnvironmentVariableW(L"KRB5_CONFIG", env, MAX_PATH_CHARS);
    if (n > 0 && n < MAX_PATH_CHARS &&
        WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, env, -1, list, MAX_PATH_CHARS * 3, NULL, NULL) > 0) {
        /* MIT's list of host paths (empty elements skipped), or else one Windows path. */
        BOOL host_list = list[0] == '/' || list[0] == ':';
        char *cursor = list;
        while (cursor && count < KERB_CONFIG_MAX_FILES && *status == STATUS_SUCCESS) {
            char *next = NULL;
            if (host_list) {
                char *colon = strchr(cursor, ':');
                if (colon) {
                    *colon = '\0';
                    next = colon + 1;
                }
            }
            if (cursor[0] && load_path(cursor, &files[count], status))
                count++;
            cursor = next;
        }
    }
    if (*status == STATUS_SUCCESS && load_path(system_file, &files[count], status))
        count++;
    free(env);
    free(list);
    return count;
}
