/* DLL entry: nothing is started or freed here. Threads and host modules are created lazily on first use, never under
 * the loader lock, and no per-thread state needs cleaning up. */
#include "lsa_client.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH)
        DisableThreadLibraryCalls(instance);
    return TRUE;
}
