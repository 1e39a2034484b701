/* A connection's fast channel, server side (the layout: transport_server_internal.h, "The fast channel"). */
#ifndef LSAEMU_SERVER_LSASS_FAST_H
#define LSAEMU_SERVER_LSASS_FAST_H

#include "lsa_windows.h"
#include "lsa_wire.h"

typedef struct lsass_fast {
    HANDLE section, request, reply; /* ours; NULL: no channel */
    uint8_t *view;
} lsass_fast;

/* Make the channel and give its handles to the client process; the reply to send in out. FALSE: none made (the
 * reply then says so: magic 0), the connection goes on over the pipe. */
BOOL lsass_fast_open(lsass_fast *f, HANDLE client, uint8_t out[32]);
/* Copy the request the client put into the channel into `into` (prefix and wire message, as read from the pipe),
 * wiping the channel's copy. FALSE: its length breaks the layout (the connection ends). */
BOOL lsass_fast_take_request(lsass_fast *f, lsa_wbuf *into);
/* The reply frame into the channel and the client woken; TRUE in *on_pipe when it is too large: the client is told
 * to read it from the pipe, and the caller writes it there. */
void lsass_fast_reply(lsass_fast *f, const uint8_t *frame, size_t len, BOOL *on_pipe);
/* The connection ends: a client waiting in the channel is told so, and the channel goes. */
void lsass_fast_close(lsass_fast *f);

#endif
