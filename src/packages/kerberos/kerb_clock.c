/* The system clock (kerb_clock.h). */
#include "pkg_win.h"

#include "kerb_clock.h"

#define EPOCH_1601_TO_1970 11644473600LL /* seconds between FILETIME's origin and Kerberos' */

int64_t kerb_clock_now(int32_t *usec)
{
    FILETIME ft;
    ULARGE_INTEGER t;

    GetSystemTimeAsFileTime(&ft);
    t.LowPart = ft.dwLowDateTime;
    t.HighPart = ft.dwHighDateTime;
    if (usec)
        *usec = (int32_t)((t.QuadPart / 10) % 1000000);
    return (int64_t)(t.QuadPart / 10000000) - EPOCH_1601_TO_1970;
}
