/* The sources kerb_config.c consults (kerb_config.h gives the order), each read afresh at every lookup. */
#ifndef LSAEMU_PACKAGES_KERB_CONFIG_SOURCES_H
#define LSAEMU_PACKAGES_KERB_CONFIG_SOURCES_H

#include "pkg_win.h"

#include "k5conf.h"
#include "kerb_config.h"

#define KERB_CONFIG_MAX_FILES 8 /* KRB5_CONFIG's list (MIT separates several files with ':'), then the system file */
#define KERB_CONFIG_SYSTEM_FILE "/etc/krb5.conf"

/* The realm under HKLM\SYSTEM\CurrentControlSet\Control\Lsa\Kerberos\Domains that name (UTF-8, len bytes)
 * designates under rule how and that lists at least one KDC in KdcNames. STATUS_SUCCESS (out filled),
 * STATUS_NOT_FOUND, STATUS_NO_MEMORY. Malformed KdcNames entries are skipped and reported once. */
NTSTATUS kerb_config_registry_find(const char *name, size_t len, k5conf_match how, kerb_realm_info *out);

/* The krb5.conf files in order: each element of KRB5_CONFIG, then /etc/krb5.conf. Absent files are left out; a
 * malformed or oversized one is reported once and left out. Returns how many parsed files were stored in files
 * (each to be released with k5conf_free); STATUS_NO_MEMORY in *status when memory ran out (else STATUS_SUCCESS). */
size_t kerb_config_load_files(k5conf files[KERB_CONFIG_MAX_FILES + 1], NTSTATUS *status);

/* A file named the way KRB5_CONFIG's elements are (a host path "/...", opened through Wine, or a Windows path) as
 * the Windows path to open, in path (KERB_CONFIG_MAX_PATH WCHARs). FALSE when it has none. The machine account's
 * keytab (kerb_machine.c) is named the same way. */
#define KERB_CONFIG_MAX_PATH 4096
BOOL kerb_config_file_path(const char *utf8, WCHAR *path);

/* TRUE the first time a given fingerprint is seen (a bounded memory of recent ones): the warnings about one
 * malformed file or registry value are printed once, not at every logon, until its contents change. */
BOOL kerb_config_first_report(ULONGLONG fingerprint);
ULONGLONG kerb_config_fingerprint(ULONGLONG seed, const void *bytes, size_t len);

#ifdef KERB_CONFIG_TESTING
/* Tests only: the host path read in place of /etc/krb5.conf (NULL restores it), so the fallback is testable without
 * touching the host's file. Not in the package. */
void kerb_config_set_system_file_for_tests(const char *host_path);
#endif

#endif
