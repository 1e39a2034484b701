/* DLL entry: nothing is started here (threads and host modules are created lazily on first use, never under the
 * loader lock); thread detach frees the thread's cached message buffers. */
#include "lsa_client.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    switch (reason) {
    case DLL_THREAD_DETACH:
        lsa_client_thread_detach();
        break;
    case DLL_PROCESS_DETACH:
        /* At process exit (reserved != NULL) other threads are gone mid-flight: touch nothing. */
        if (!reserved)
            lsa_client_thread_detach();
        break;
    default:
        break;
    }
    return TRUE;
}
