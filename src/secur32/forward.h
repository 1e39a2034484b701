/* Forwarding of the secur32 exports lsaemu does not implement (listed in forwarded_exports.h) to the host's own
 * implementation.
 *
 * Each such export is a tiny thunk (forward_thunks.c) that jumps through a per-export pointer. The pointer starts at a
 * resolver stub; the first call resolves the host function (loading the host module once, outside DllMain, since
 * LoadLibrary under the loader lock is unsafe), stores it, and jumps there with the caller's arguments untouched, so
 * later calls cost one indirect jump. If the host module or the name is missing, the pointer is set to a fallback that
 * returns a failure (popping the right stdcall argument bytes on i686) and says so once on stderr.
 *
 * Host module:
 *  - under Wine (ntdll exports wine_get_version): <system32>\secur32.dll, which loads Wine's builtin as a separate
 *    module when we are app-local; if that yields ourselves (installed prefix-wide over system32\secur32.dll), Wine's
 *    builtin file from Wine's own library folder (environment variable WINEDLLDIR0), else
 *    <system32>\lsaemu_host_secur32.dll, the copy of Wine's builtin the installer puts there (DESIGN.md section 6; that
 *    copy works but lacks Schannel, see forward.c);
 *  - on Windows: <system32>\sspicli.dll, then <system32>\secur32.dll for names sspicli lacks. */
#ifndef LSAEMU_SECUR32_FORWARD_H
#define LSAEMU_SECUR32_FORWARD_H

#include <windows.h>

/* The module forwarded calls go to first (Wine's builtin secur32, or sspicli.dll on Windows), loading it on first use;
 * NULL if none could be loaded. Do not call from DllMain (it may call LoadLibrary). The handle stays loaded for the
 * life of the process; do not FreeLibrary it. */
HMODULE lsaemu_host_module(void);

/* ---- Internal to forward.c and forward_thunks.c ---- */

enum lsaemu_fwd_fail_kind { LSAEMU_FWD_FAIL_SEC, LSAEMU_FWD_FAIL_ZERO, LSAEMU_FWD_FAIL_NONE };

/* One per forwarded export. `target` must stay the first member: the thunk jumps through the descriptor's address. */
struct lsaemu_fwd_desc {
    void *volatile target;  /* resolver stub, then the host function or `fail` */
    void (*fail)(void);     /* fallback stub for this export */
    const char *name;       /* export name, looked up in the host module */
    unsigned kind;          /* enum lsaemu_fwd_fail_kind */
    volatile LONG warned;   /* the stderr message is written once */
};

/* Called by the resolver stubs (plain cdecl on i686): returns where the thunk should jump, after storing it. */
void *lsaemu_fwd_resolve(struct lsaemu_fwd_desc *desc);
/* Called by the fallback stubs: reports once, returns the failure value for desc->kind. */
LONG_PTR lsaemu_fwd_fail(struct lsaemu_fwd_desc *desc);

#endif
