/* lsaemu_demo's parts: printing helpers shared by the MSV1_0 and Kerberos parts, the klist-style ticket listing, and
 * the Kerberos part (a logon against a KDC tools/demo.sh starts). */
#ifndef LSAEMU_TOOLS_LSAEMU_DEMO_H
#define LSAEMU_TOOLS_LSAEMU_DEMO_H

#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <ntsecapi.h>

/* lsaemu_demo_print.c */
void demo_print_time(const char *label, LARGE_INTEGER t);
void demo_print_ustr(const char *label, const UNICODE_STRING *s);
const char *demo_etype_name(LONG etype);

/* lsaemu_demo_klist.c: the logon session's ticket cache as Windows' klist prints it (KerbQueryTicketCacheEx3). */
NTSTATUS demo_klist(HANDLE lsa, ULONG kerberos, LUID logon_id);

/* lsaemu_demo_kerberos.c: logs the KDC's user on through Kerberos, prints the session, gets a service ticket, lists
 * the cache, then logs on through Negotiate. 0 when it all worked, 1 on a failure, 77 when there is no KDC. */
int demo_kerberos(void);

#endif
