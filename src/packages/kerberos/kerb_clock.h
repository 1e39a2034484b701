/* The system clock as Kerberos counts time, for every part of the package that compares ticket times or stamps a
 * request (kerb_kdc.c's protocol environment, the ticket cache, the machine account). */
#ifndef LSAEMU_PACKAGES_KERB_CLOCK_H
#define LSAEMU_PACKAGES_KERB_CLOCK_H

#include <stdint.h>

/* Seconds since 1970-01-01 UTC; *usec (unless NULL) the microseconds within that second. */
int64_t kerb_clock_now(int32_t *usec);

#endif
