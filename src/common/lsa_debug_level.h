/* The LSAEMU_DEBUG setting, read the same way by the core's channels and the packages' (which cannot call the core),
 * so every channel obeys one setting. Header-only: both sides link it without a shared object. */
#ifndef LSAEMU_COMMON_LSA_DEBUG_LEVEL_H
#define LSAEMU_COMMON_LSA_DEBUG_LEVEL_H

#include <string.h>

/* A channel prints when its level is at most the setting; none (0) silences every channel. */
enum { LSA_DEBUG_NONE = 0, LSA_DEBUG_ERR = 1, LSA_DEBUG_FIXME = 2, LSA_DEBUG_WARN = 3, LSA_DEBUG_TRACE = 4 };

/* NULL (unset) and unknown values keep the default, err. */
static inline int lsa_debug_level_parse(const char *value)
{
    if (!value)
        return LSA_DEBUG_ERR;
    if (!strcmp(value, "trace") || !strcmp(value, "all"))
        return LSA_DEBUG_TRACE;
    if (!strcmp(value, "warn"))
        return LSA_DEBUG_WARN;
    if (!strcmp(value, "fixme"))
        return LSA_DEBUG_FIXME;
    if (!strcmp(value, "none") || !strcmp(value, "-all"))
        return LSA_DEBUG_NONE;
    return LSA_DEBUG_ERR;
}

#endif
