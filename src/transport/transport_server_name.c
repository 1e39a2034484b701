/* The LSA server's pipe name, read the same way by the client transport and the server. */
#include "transport_server_internal.h"

#include <wctype.h>

BOOL lsa_server_pipe_name(WCHAR name[LSA_SERVER_NAME_MAX])
{
    static const WCHAR prefix[] = L"\\\\.\\pipe\\";
    DWORD n = GetEnvironmentVariableW(LSA_SERVER_PIPE_ENV, name, LSA_SERVER_NAME_MAX);
    if (n == 0) {
        lstrcpyW(name, LSA_SERVER_DEFAULT_PIPE);
        return TRUE;
    }
    if (n >= LSA_SERVER_NAME_MAX || n <= ARRAYSIZE(prefix) - 1)
        return FALSE;
    for (DWORD i = 0; i < ARRAYSIZE(prefix) - 1; i++)
        if (towlower(name[i]) != prefix[i])
            return FALSE;
    return TRUE;
}
