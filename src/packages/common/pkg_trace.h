/* Diagnostics for the packages, with fixed meanings as in Wine's debug channels.
 *
 * pkg_warn: odd input handled (a refused buffer, an unsupported message); printed when LSAEMU_DEBUG is warn or trace.
 * pkg_err:  an internal failure (allocation, an LSA callback failing); printed unless LSAEMU_DEBUG is none (err is
 *           the default), as the core's ERR channel.
 * pkg_user_diag: something the user can fix (a malformed accounts file); always printed on stderr, and callers make
 *           sure it is printed once per cause.
 * Never pass secrets (passwords, hashes) to any of these. */
#ifndef LSAEMU_PACKAGES_PKG_TRACE_H
#define LSAEMU_PACKAGES_PKG_TRACE_H

#if defined(__GNUC__)
#define PKG_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#else
#define PKG_PRINTF(f, a)
#endif

void pkg_warn(const char *package, const char *fmt, ...) PKG_PRINTF(2, 3);
void pkg_err(const char *package, const char *fmt, ...) PKG_PRINTF(2, 3);
void pkg_user_diag(const char *fmt, ...) PKG_PRINTF(1, 2);

#endif
