/* krb5.conf reader (src/krb5/config) with its allocations routed here (LSAEMU_K5CONF_ALLOC_HOOK): each allocation of a
 * parse fails in turn, and every failure must give K5CONF_E_NO_MEMORY with nothing left allocated and the output
 * empty; then the parse succeeds and reads the same as an unhooked one would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "k5conf.h"

void *lsaemu_k5conf_test_realloc(void *ptr, size_t size);
void lsaemu_k5conf_test_free(void *ptr);

static long fail_at = -1; /* the index of the allocation to fail; -1: none */
static long calls, live;

void *lsaemu_k5conf_test_realloc(void *ptr, size_t size)
{
    if (calls++ == fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        live++;
    return p;
}

void lsaemu_k5conf_test_free(void *ptr)
{
    if (ptr)
        live--;
    free(ptr);
}

static void test_every_allocation_fails_in_turn(void **state)
{
    (void)state;
    /* Enough realms to make the table grow several times (8, 16, 32, 40). */
    char text[8192];
    size_t at = (size_t)snprintf(text, sizeof(text), "[libdefaults]\n default_realm = R0.X\n[realms]\n");
    for (int i = 0; i < 40; i++)
        at += (size_t)snprintf(text + at, sizeof(text) - at, " R%d.X = {\n  kdc = kdc%d.x:%d\n }\n", i, i, 100 + i);
    long needed = -1;
    for (fail_at = 0;; fail_at++) {
        calls = 0;
        live = 0;
        k5conf conf;
        size_t line = 0;
        k5conf_status st = k5conf_parse(text, at, &conf, &line);
        if (st == K5CONF_OK) {
            needed = calls;
            assert_int_equal(conf.realm_count, 40);
            assert_string_equal(conf.realms[39].kdcs[0].host, "kdc39.x");
            assert_int_equal(conf.realms[39].kdcs[0].port, 139);
            k5conf_free(&conf);
            assert_int_equal(live, 0);
            break;
        }
        assert_int_equal(st, K5CONF_E_NO_MEMORY);
        assert_null(conf.realms);
        assert_int_equal(conf.realm_count, 0);
        assert_int_equal(live, 0);
        assert_true(line > 0);
    }
    assert_int_equal(needed, fail_at); /* the run that passed failed nothing: it made exactly fail_at allocations */
    assert_true(needed >= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_fails_in_turn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
