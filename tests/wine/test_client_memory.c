/* The client stubs' reads of caller memory (src/secur32/lsa_client_memory.c), linked directly: the VirtualQuery check
 * refuses what cannot be read, and the guard turns a fault after the check (another thread protecting the buffer in
 * between) into STATUS_ACCESS_VIOLATION instead of a crash. */
#include "test_common.h"

#include "lsa_client_memory.h"

static SYSTEM_INFO sys;

static BYTE *two_pages(void)
{
    DWORD old;
    BYTE *p;
    GetSystemInfo(&sys);
    p = VirtualAlloc(NULL, 2 * sys.dwPageSize, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    assert_non_null(p);
    assert_true(VirtualProtect(p + sys.dwPageSize, sys.dwPageSize, PAGE_NOACCESS, &old));
    return p;
}

static void check_read_refusals(void **state)
{
    BYTE *p = two_pages(), *reserved;
    DWORD old;
    (void)state;

    assert_status(lsa_client_check_read(NULL, 0), STATUS_SUCCESS);
    assert_status(lsa_client_check_read(NULL, 1), STATUS_ACCESS_VIOLATION);
    assert_status(lsa_client_check_read(p, sys.dwPageSize), STATUS_SUCCESS);
    assert_status(lsa_client_check_read(p, sys.dwPageSize + 1), STATUS_ACCESS_VIOLATION);
    assert_status(lsa_client_check_read(p + sys.dwPageSize - 1, (size_t)-1), STATUS_ACCESS_VIOLATION); /* wraps */
    assert_true(VirtualProtect(p, sys.dwPageSize, PAGE_READWRITE | PAGE_GUARD, &old));
    assert_status(lsa_client_check_read(p, 1), STATUS_ACCESS_VIOLATION);
    reserved = VirtualAlloc(NULL, sys.dwPageSize, MEM_RESERVE, PAGE_READWRITE);
    assert_non_null(reserved);
    assert_status(lsa_client_check_read(reserved, 1), STATUS_ACCESS_VIOLATION);
    VirtualFree(reserved, 0, MEM_RELEASE);
    VirtualFree(p, 0, MEM_RELEASE);
}

typedef struct touch_args {
    const volatile BYTE *at;
    BYTE got;
} touch_args;

static void touch(void *arg)
{
    touch_args *t = arg;
    t->got = *t->at;
}

static void guard_catches_a_fault_in_its_range(void **state)
{
    BYTE *p = two_pages();
    lsa_client_range range = { p + sys.dwPageSize - 8, 16 };
    touch_args t = { p + sys.dwPageSize, 0 };
    BYTE dst[16];
    (void)state;

    assert_status(lsa_client_guarded(&range, 1, touch, &t), STATUS_ACCESS_VIOLATION);
    /* Again (the guard was put back), and a read that does not fault. */
    assert_status(lsa_client_guarded(&range, 1, touch, &t), STATUS_ACCESS_VIOLATION);
    p[sys.dwPageSize - 1] = 0x5a;
    t.at = p + sys.dwPageSize - 1;
    assert_status(lsa_client_guarded(&range, 1, touch, &t), STATUS_SUCCESS);
    assert_int_equal(t.got, 0x5a);
    assert_status(lsa_client_read(dst, p + sys.dwPageSize - 8, 8), STATUS_SUCCESS);
    assert_int_equal(dst[7], 0x5a);
    assert_status(lsa_client_read(dst, p + sys.dwPageSize - 8, 9), STATUS_ACCESS_VIOLATION);
    VirtualFree(p, 0, MEM_RELEASE);
}

/* ---- another thread protecting the buffer while it is read ---- */

static volatile LONG stop;
static BYTE *flipping;

static DWORD WINAPI flip(void *arg)
{
    DWORD old;
    (void)arg;
    while (!stop) {
        VirtualProtect(flipping, sys.dwPageSize, PAGE_NOACCESS, &old);
        VirtualProtect(flipping, sys.dwPageSize, PAGE_READWRITE, &old);
    }
    return 0;
}

static void read_survives_a_racing_protect(void **state)
{
    BYTE dst[256];
    HANDLE thread;
    unsigned ok = 0, refused = 0;
    (void)state;

    flipping = two_pages();
    memset(flipping, 0x42, sys.dwPageSize);
    stop = 0;
    thread = CreateThread(NULL, 0, flip, NULL, 0, NULL);
    assert_non_null(thread);
    for (int i = 0; i < 100000; i++) {
        NTSTATUS st = lsa_client_read(dst, flipping + sys.dwPageSize - sizeof(dst), sizeof(dst));
        if (st == STATUS_SUCCESS) {
            assert_int_equal(dst[0], 0x42);
            assert_int_equal(dst[sizeof(dst) - 1], 0x42);
            ok++;
        } else {
            assert_status(st, STATUS_ACCESS_VIOLATION);
            refused++;
        }
    }
    InterlockedExchange(&stop, 1);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    print_message("%u reads, %u refused\n", ok, refused);
    VirtualFree(flipping, 0, MEM_RELEASE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(check_read_refusals),
        cmocka_unit_test(guard_catches_a_fault_in_its_range),
        cmocka_unit_test(read_survives_a_racing_protect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
