/* Printing helpers of lsaemu_demo: times in UTC, counted strings, Kerberos encryption type names. */
#include "lsaemu_demo.h"

#include <stdio.h>

void demo_print_time(const char *label, LARGE_INTEGER t)
{
    SYSTEMTIME st;
    if (t.QuadPart == 0x7FFFFFFFFFFFFFFFll || t.QuadPart == 0) {
        printf("  %-20s %s\n", label, t.QuadPart ? "never" : "none");
        return;
    }
    if (!FileTimeToSystemTime((const FILETIME *)&t, &st)) {
        printf("  %-20s %lld\n", label, (long long)t.QuadPart);
        return;
    }
    printf("  %-20s %04u-%02u-%02u %02u:%02u:%02u UTC\n", label, st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
           st.wSecond);
}

void demo_print_ustr(const char *label, const UNICODE_STRING *s)
{
    printf("  %-20s \"%.*ls\"\n", label, (int)(s->Length / sizeof(WCHAR)), s->Buffer ? s->Buffer : L"");
}

/* The names klist prints (RFC 3961/3962/4757/8009 numbers). */
const char *demo_etype_name(LONG etype)
{
    switch (etype) {
    case 17: return "AES-128-CTS-HMAC-SHA1-96";
    case 18: return "AES-256-CTS-HMAC-SHA1-96";
    case 19: return "AES-128-CTS-HMAC-SHA256-128";
    case 20: return "AES-256-CTS-HMAC-SHA384-192";
    case 23: return "RSADSI RC4-HMAC(NT)";
    default: return "(unknown)";
    }
}
