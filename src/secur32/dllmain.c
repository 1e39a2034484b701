/* DLL entry: nothing is started here. Threads and host modules are created lazily on first use, never under the
 * loader lock, and no per-thread state needs cleaning up. The one thing removed on unload is the guarded reads'
 * exception handler, which would otherwise point into unmapped code. */
#include "lsa_client.h"
#include "lsa_client_memory.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
        DisableThreadLibraryCalls(instance);
    else if (reason == DLL_PROCESS_DETACH && !reserved) /* FreeLibrary, not process exit */
        lsa_client_memory_unload();
    return TRUE;
}
