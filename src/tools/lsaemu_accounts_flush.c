/* Before the tool reads or changes the file: the LSA's logon statistics written to it first. The LSA server writes
 * them behind (LSAEMU_ACCOUNTS_WRITE_DELAY_MS), so without this the tool could show counts one delay old, and a change
 * (an unlock) could land under password checks still waiting in the LSA's memory, which would then be counted on top
 * of it. Sent through secur32 as any logon process would (LsaRegisterLogonProcess, then lsaemu's private MSV1_0
 * message LSAEMU_MSV1_0_FLUSH_ACCOUNTS); loaded at run time, and only when the secur32.dll the process gets is
 * lsaemu's (Wine's builtin has no such LSA). In process it is a no-op: there the default writes through. */
#include "lsaemu_tool_logon.h"

#include <stdio.h>
#include <string.h>

#include "lsaemu/lsaemu.h"
#include "lsaemu/lsaemu_msv1_0.h"
#include "lsaemu_accounts.h"

typedef NTSTATUS(NTAPI *register_fn)(PLSA_STRING, PHANDLE, PLSA_OPERATIONAL_MODE);
typedef NTSTATUS(NTAPI *lookup_fn)(HANDLE, PLSA_STRING, PULONG);
typedef NTSTATUS(NTAPI *call_fn)(HANDLE, ULONG, PVOID, ULONG, PVOID *, PULONG, PNTSTATUS);
typedef NTSTATUS(NTAPI *free_fn)(PVOID);
typedef NTSTATUS(NTAPI *deregister_fn)(HANDLE);

static void lsa_name(LSA_STRING *s, const char *text)
{
    s->Buffer = (PCHAR)text;
    s->Length = (USHORT)strlen(text);
    s->MaximumLength = (USHORT)(s->Length + 1);
}

static void report(const char *step, NTSTATUS status)
{
    fprintf(stderr, "lsaemu_accounts: the LSA's logon statistics could not be written first (%s: 0x%08lX); the file "
                    "may lag behind the LSA by its write delay\n", step, (unsigned long)status);
}

void tool_flush_lsa(void)
{
    HMODULE secur32 = LoadLibraryW(L"secur32.dll");
    register_fn reg;
    lookup_fn lookup;
    call_fn call;
    free_fn release;
    deregister_fn dereg;
    ULONG message = LSAEMU_MSV1_0_FLUSH_ACCOUNTS, package, ret_len = 0;
    LSA_OPERATIONAL_MODE mode;
    LSA_STRING name;
    HANDLE lsa = NULL;
    NTSTATUS status, protocol = STATUS_SUCCESS;
    PVOID ret = NULL;

    if (!secur32 || !GetProcAddress(secur32, LSAEMU_VERSION_EXPORT))
        return; /* not lsaemu's secur32: no LSA of ours holds statistics for this file */
    reg = (register_fn)(void (*)(void))GetProcAddress(secur32, "LsaRegisterLogonProcess");
    lookup = (lookup_fn)(void (*)(void))GetProcAddress(secur32, "LsaLookupAuthenticationPackage");
    call = (call_fn)(void (*)(void))GetProcAddress(secur32, "LsaCallAuthenticationPackage");
    release = (free_fn)(void (*)(void))GetProcAddress(secur32, "LsaFreeReturnBuffer");
    dereg = (deregister_fn)(void (*)(void))GetProcAddress(secur32, "LsaDeregisterLogonProcess");
    if (!reg || !lookup || !call || !release || !dereg) {
        report("secur32 exports", STATUS_PROCEDURE_NOT_FOUND);
        return;
    }
    lsa_name(&name, "lsaemu_accounts");
    lsaemu_tool_set_tcb(TRUE); /* a trusted connection needs SeTcbPrivilege enabled */
    status = reg(&name, &lsa, &mode);
    lsaemu_tool_set_tcb(FALSE);
    if (status != STATUS_SUCCESS) {
        report("LsaRegisterLogonProcess", status);
        return;
    }
    lsa_name(&name, MSV1_0_PACKAGE_NAME);
    if ((status = lookup(lsa, &name, &package)) != STATUS_SUCCESS)
        report("LsaLookupAuthenticationPackage", status);
    else if ((status = call(lsa, package, &message, sizeof(message), &ret, &ret_len, &protocol)) != STATUS_SUCCESS ||
             protocol != STATUS_SUCCESS)
        report("the flush", status != STATUS_SUCCESS ? status : protocol);
    if (ret)
        release(ret);
    dereg(lsa);
}
