/* Client side of a transport: carries one request message to the LSA core and brings its reply back.
 *
 * The message is the contract; the transport is pluggable (DESIGN.md section 2). Selected once per process by
 * LSAEMU_TRANSPORT=inproc|pipe|server, else the registry value HKLM\Software\lsaemu Transport (default inproc: it
 * measures fastest). Every transport is safe to call from many threads at once. */
#ifndef LSAEMU_TRANSPORT_LSA_TRANSPORT_H
#define LSAEMU_TRANSPORT_LSA_TRANSPORT_H

#include "lsa_windows.h"
#include "lsa_wire.h"

typedef struct lsa_transport {
    const char *name; /* "inproc", "pipe", "server" */
    /* Send request[len] and receive the reply into *reply (replacing its contents). Returns STATUS_SUCCESS when a
     * reply arrived (whatever NTSTATUS it carries), else the transport failure (STATUS_NO_MEMORY,
     * STATUS_PORT_DISCONNECTED, ...). */
    NTSTATUS (*call)(const uint8_t *request, size_t len, lsa_wbuf *reply);
    /* LsaFreeReturnBuffer in this process, without a message, of a block the transport itself placed here (the
     * server transport's grants); FALSE: not such a block, the core decides. NULL: the transport places none. */
    BOOL (*free_local)(void *address);
} lsa_transport;

extern const lsa_transport lsa_transport_inproc;
extern const lsa_transport lsa_transport_pipe;
extern const lsa_transport lsa_transport_server; /* the prefix's LSA server, lsaemu_lsass.exe */

/* The transport chosen by LSAEMU_TRANSPORT, else the registry value (read once). An unknown value selects the
 * default and is reported once on stderr, so a typo is visible. */
const lsa_transport *lsa_transport_get(void);

#endif
