/* lsaemu_lsass.exe, the prefix's shared LSA server: the listener (lsass_main.c) and one thread per client connection
 * (lsass_connection.c). */
#ifndef LSAEMU_SERVER_LSASS_SERVER_H
#define LSAEMU_SERVER_LSASS_SERVER_H

#include "lsa_windows.h"

/* Serve one connected pipe instance (overlapped handle) on a new thread, which closes it. FALSE: not started (the
 * handle is closed). */
BOOL lsass_connection_start(HANDLE pipe);

/* Connections being served, for the idle exit. */
LONG lsass_connection_count(void);

#endif
