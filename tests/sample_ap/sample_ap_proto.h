/* The protocol of the sample third-party authentication package (sample_ap.dll), shared by the DLL and
 * tests/wine/test_sample_ap.c. The package exists to prove that the LSA core hosts a foreign AP DLL through the
 * documented ntsecpkg.h interface: lookup by name, LsaLogonUser and LsaCallAuthenticationPackage reach it, trusted
 * and untrusted connections reach different entry points, and client buffers travel both ways. */
#ifndef LSAEMU_TESTS_SAMPLE_AP_PROTO_H
#define LSAEMU_TESTS_SAMPLE_AP_PROTO_H

#define SAMPLE_AP_NAME "LSAEMU_SAMPLE_AP"
#define SAMPLE_AP_NAME_W L"LSAEMU_SAMPLE_AP"

/* The fixed identity every successful logon gets. */
#define SAMPLE_AP_USER L"sampleuser"
#define SAMPLE_AP_AUTHORITY L"SAMPLEAP"
#define SAMPLE_AP_SID_SUBS {21, 111, 222, 333, 1001} /* S-1-5-21-111-222-333-1001 */
#define SAMPLE_AP_GREETING L"hello from sample_ap"
/* What a successful logon puts in SECPKG_PRIMARY_CRED, for LsaGetLogonSessionData to report. */
#define SAMPLE_AP_LOGON_SERVER L"SAMPLEDC"
#define SAMPLE_AP_DNS_DOMAIN L"sample.test"
#define SAMPLE_AP_UPN L"sampleuser@sample.test"
#define SAMPLE_AP_MAGIC 0x53415031u /* "SAP1" */

/* LsaLogonUser submit buffer: SAMPLE_AP_LOGON_REQUEST. */
enum sample_ap_logon_type {
    SAMPLE_AP_LOGON = 1,                    /* succeed */
    SAMPLE_AP_LOGON_FAIL_AFTER_SESSION = 2, /* create a session, then fail cleanly (delete it): STATUS_LOGON_FAILURE */
    SAMPLE_AP_LOGON_LEAK_SESSION = 3,       /* create a session, then fail WITHOUT deleting it: the core must */
    SAMPLE_AP_LOGON_NO_TCB = 4,             /* succeed, flagging PRIMARY_CRED_LOGON_NO_TCB as an S4U logon for a
                                               caller without TCB does: the LSA must hand out an identification token */
};

typedef struct SAMPLE_AP_LOGON_REQUEST {
    ULONG MessageType;
    ULONG Cookie; /* echoed in the profile */
} SAMPLE_AP_LOGON_REQUEST;

/* The profile: one client block; Greeting.Buffer points inside it. */
typedef struct SAMPLE_AP_PROFILE {
    ULONG Magic;        /* SAMPLE_AP_MAGIC */
    ULONG ProcessId;    /* the caller, as GetClientInfo reported it */
    ULONG Cookie;       /* from the request */
    ULONG SubmitLength; /* the length the package was given */
    UNICODE_STRING Greeting;
} SAMPLE_AP_PROFILE;

/* LsaCallAuthenticationPackage submit buffer: SAMPLE_AP_CALL_REQUEST, then any bytes. */
enum sample_ap_call_type {
    SAMPLE_AP_ECHO = 1,                /* SAMPLE_AP_ECHO_RESPONSE; ProtocolStatus STATUS_SUCCESS */
    SAMPLE_AP_SET_PROTOCOL_STATUS = 2, /* no buffer, returns STATUS_SUCCESS, ProtocolStatus = Value */
    SAMPLE_AP_RETURN_STATUS = 3,       /* no buffer, returns Value (ProtocolStatus = Value too) */
};

typedef struct SAMPLE_AP_CALL_REQUEST {
    ULONG MessageType;
    ULONG Value;
} SAMPLE_AP_CALL_REQUEST;

enum sample_ap_entry_point {
    SAMPLE_AP_ENTRY_TRUSTED = 1,   /* LsaApCallPackage */
    SAMPLE_AP_ENTRY_UNTRUSTED = 2, /* LsaApCallPackageUntrusted */
};

/* The echo: one client block; Submit points at the copy of the request inside it (read back from the client
 * through CopyFromClientBuffer at ClientBufferBase). */
typedef struct SAMPLE_AP_ECHO_RESPONSE {
    ULONG EntryPoint;
    ULONG ProcessId;
    ULONG ThreadId;
    BOOLEAN HasTcbPrivilege;
    LUID LogonId;
    ULONG SubmitLength;
    PUCHAR Submit;
} SAMPLE_AP_ECHO_RESPONSE;

#endif
