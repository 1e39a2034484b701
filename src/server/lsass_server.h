/* lsaemu_lsass.exe, the prefix's shared LSA server: its entry (lsass_main.c), the service shell (lsass_service.c), the
 * listener (lsass_listen.c) and one thread per client connection (lsass_connection.c). */
#ifndef LSAEMU_SERVER_LSASS_SERVER_H
#define LSAEMU_SERVER_LSASS_SERVER_H

#include "lsa_windows.h"

/* Serve one connected pipe instance (overlapped handle) on a new thread, which closes it. FALSE: not started (the
 * handle is closed). */
BOOL lsass_connection_start(HANDLE pipe);

/* Connections being served, for the idle exit. */
LONG lsass_connection_count(void);

/* The LSAEMU_SERVER_STATS_MS line (lsass_stats.c), when it is due; called on the listener's tick. */
void lsass_stats_tick(void);

/* Listen on the server's pipe until idle (stop NULL) or until stop is set. The process's exit code. */
int lsass_listen(HANDLE stop);

/* Run as a Windows service: StartServiceCtrlDispatcher, then lsass_listen until SERVICE_CONTROL_STOP. */
int lsass_service_main(void);

#endif
