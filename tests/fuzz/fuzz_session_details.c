/* libFuzzer: the session-details decoder. Whatever it accepts must re-encode, and the re-encoding must decode to the
 * same values (the canonical form is a fixed point). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lsa_session_details.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lsa_session_details a, b;
    uint8_t *again;
    size_t n = 0, need = 0;

    if (lsa_session_details_decode(data, size, &a) != LSA_SD_OK)
        return 0;
    if (lsa_session_details_size(&a, &need) != LSA_SD_OK || !(again = malloc(need)))
        abort();
    if (lsa_session_details_encode(&a, again, need, &n) != LSA_SD_OK || n != need ||
        lsa_session_details_decode(again, n, &b) != LSA_SD_OK)
        abort();
    if (a.user_flags != b.user_flags || a.failed_attempts != b.failed_attempts || a.logoff_time != b.logoff_time ||
        a.kickoff_time != b.kickoff_time || a.password_last_set != b.password_last_set ||
        a.password_can_change != b.password_can_change || a.password_must_change != b.password_must_change ||
        a.last_successful_logon != b.last_successful_logon || a.last_failed_logon != b.last_failed_logon)
        abort();
    for (int i = 0; i < LSA_SD_STRINGS; i++)
        if (a.strings[i].bytes != b.strings[i].bytes ||
            (a.strings[i].bytes && memcmp(a.strings[i].data, b.strings[i].data, a.strings[i].bytes)))
            abort();
    free(again);
    return 0;
}
