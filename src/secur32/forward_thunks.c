/* The exported thunks for forwarded_exports.h, as file-scope assembly generated from that list (one C file for both
 * architectures, so the build needs no ASM language). This file holds no C data or code: top-level asm changes
 * sections behind the compiler's back, which is harmless only when the compiler emits nothing of its own.
 *
 * Per export NAME, with desc = lsaemu_fwd_desc_NAME (forward.c, `target` first):
 *   NAME              jmp *desc.target                  the export; arguments untouched
 *   lsaemu_fwdr_NAME  resolver: desc.target's initial value; calls lsaemu_fwd_resolve(&desc) keeping the caller's
 *                     arguments, then jumps to the result
 *   lsaemu_fwdf_NAME  fallback: returns lsaemu_fwd_fail(&desc) to the caller (popping the stdcall bytes on i686) */

#if defined(__x86_64__)

/* Win64: arguments in rcx, rdx, r8, r9 (none of these functions takes floating-point arguments) and on the stack
 * above the caller's 32-byte home area. The resolver spills the four registers into that home area (ours to use),
 * reserves 40 bytes (home area for the call plus realignment to 16) and reloads them before jumping on. The unwind
 * directives describe that frame for exception dispatch and debuggers. */
#define LSAEMU_FORWARD(name, bytes, kind)                                                                              \
    __asm__(".text\n"                                                                                                  \
            "\t.p2align 4\n"                                                                                           \
            "\t.globl " #name "\n"                                                                                     \
            "\t.def " #name "; .scl 2; .type 32; .endef\n" #name ":\n"                                                 \
            "\tjmp *lsaemu_fwd_desc_" #name "(%rip)\n"                                                                 \
            "\t.p2align 4\n"                                                                                           \
            "\t.globl lsaemu_fwdr_" #name "\n"                                                                         \
            "\t.def lsaemu_fwdr_" #name "; .scl 2; .type 32; .endef\n"                                                 \
            "\t.seh_proc lsaemu_fwdr_" #name "\n"                                                                      \
            "lsaemu_fwdr_" #name ":\n"                                                                                 \
            "\tmovq %rcx, 8(%rsp)\n"                                                                                   \
            "\tmovq %rdx, 16(%rsp)\n"                                                                                  \
            "\tmovq %r8, 24(%rsp)\n"                                                                                   \
            "\tmovq %r9, 32(%rsp)\n"                                                                                   \
            "\tsubq $40, %rsp\n"                                                                                       \
            "\t.seh_stackalloc 40\n"                                                                                   \
            "\t.seh_endprologue\n"                                                                                     \
            "\tleaq lsaemu_fwd_desc_" #name "(%rip), %rcx\n"                                                           \
            "\tcall lsaemu_fwd_resolve\n"                                                                              \
            "\tmovq 48(%rsp), %rcx\n"                                                                                  \
            "\tmovq 56(%rsp), %rdx\n"                                                                                  \
            "\tmovq 64(%rsp), %r8\n"                                                                                   \
            "\tmovq 72(%rsp), %r9\n"                                                                                   \
            "\taddq $40, %rsp\n"                                                                                       \
            "\tjmp *%rax\n"                                                                                            \
            "\t.seh_endproc\n"                                                                                         \
            "\t.p2align 4\n"                                                                                           \
            "\t.globl lsaemu_fwdf_" #name "\n"                                                                         \
            "\t.def lsaemu_fwdf_" #name "; .scl 2; .type 32; .endef\n"                                                 \
            "lsaemu_fwdf_" #name ":\n"                                                                                 \
            "\tleaq lsaemu_fwd_desc_" #name "(%rip), %rcx\n"                                                           \
            "\tjmp lsaemu_fwd_fail\n");

#elif defined(__i386__)

/* i686 stdcall: arguments only on the stack, callee pops `bytes`; eax, ecx, edx are the callee's to clobber. The export
 * symbol carries the stdcall decoration (_NAME@bytes) like a C WINAPI function, so C callers inside the DLL link to it;
 * the .def file exports it undecorated (--enable-stdcall-fixup). C symbols have a leading underscore. */
#define LSAEMU_FORWARD(name, bytes, kind)                                                                              \
    __asm__(".text\n"                                                                                                  \
            "\t.p2align 4\n"                                                                                           \
            "\t.globl _" #name "@" #bytes "\n"                                                                         \
            "\t.def _" #name "@" #bytes "; .scl 2; .type 32; .endef\n"                                                 \
            "_" #name "@" #bytes ":\n"                                                                                 \
            "\tjmp *_lsaemu_fwd_desc_" #name "\n"                                                                      \
            "\t.p2align 4\n"                                                                                           \
            "\t.globl _lsaemu_fwdr_" #name "\n"                                                                        \
            "\t.def _lsaemu_fwdr_" #name "; .scl 2; .type 32; .endef\n"                                                \
            "_lsaemu_fwdr_" #name ":\n"                                                                                \
            "\tpushl $_lsaemu_fwd_desc_" #name "\n"                                                                    \
            "\tcall _lsaemu_fwd_resolve\n"                                                                             \
            "\taddl $4, %esp\n"                                                                                        \
            "\tjmp *%eax\n"                                                                                            \
            "\t.p2align 4\n"                                                                                           \
            "\t.globl _lsaemu_fwdf_" #name "\n"                                                                        \
            "\t.def _lsaemu_fwdf_" #name "; .scl 2; .type 32; .endef\n"                                                \
            "_lsaemu_fwdf_" #name ":\n"                                                                                \
            "\tpushl $_lsaemu_fwd_desc_" #name "\n"                                                                    \
            "\tcall _lsaemu_fwd_fail\n"                                                                                \
            "\taddl $4, %esp\n"                                                                                        \
            "\tret $" #bytes "\n");

#else
#error "forward_thunks.c supports x86_64 and i686 only"
#endif

#include "forwarded_exports.h"
#undef LSAEMU_FORWARD
