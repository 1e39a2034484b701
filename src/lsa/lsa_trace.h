/* Debug channels with fixed meanings (Wine's habit): TRACE arguments on entry, WARN odd input handled, FIXME
 * something not implemented, ERR an internal failure. Enabled by LSAEMU_DEBUG, e.g. LSAEMU_DEBUG=trace or =warn
 * (warn enables warn, fixme and err; the default is err). Secrets are never passed to these. Messages that a user can
 * act on (a broken accounts file, an unknown transport) go to stderr unconditionally through lsa_diag(). */
#ifndef LSAEMU_LSA_LSA_TRACE_H
#define LSAEMU_LSA_LSA_TRACE_H

enum lsa_trace_level { LSA_TRACE_ERR = 1, LSA_TRACE_FIXME = 2, LSA_TRACE_WARN = 3, LSA_TRACE_TRACE = 4 };

int lsa_trace_enabled(enum lsa_trace_level level);
void lsa_trace_write(enum lsa_trace_level level, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void lsa_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define LSA_LOG_(lvl, ...) \
    do { if (lsa_trace_enabled(lvl)) lsa_trace_write(lvl, __func__, __VA_ARGS__); } while (0)
#define TRACE(...) LSA_LOG_(LSA_TRACE_TRACE, __VA_ARGS__)
#define WARN(...) LSA_LOG_(LSA_TRACE_WARN, __VA_ARGS__)
#define FIXME(...) LSA_LOG_(LSA_TRACE_FIXME, __VA_ARGS__)
#define ERR(...) LSA_LOG_(LSA_TRACE_ERR, __VA_ARGS__)

#endif
