/* test_strpool.c — interning: one id per distinct string, id 0 is "". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/strpool.h"

static uint32_t in(StrPool *sp, const char *s)
{
    return strpool_intern(sp, s, strlen(s));
}

static void new_pool_holds_only_the_empty_string_as_id_zero(void **state)
{
    StrPool *sp = strpool_new();

    (void)state;
    assert_int_equal(strpool_count(sp), 1);
    assert_string_equal(strpool_get(sp, 0), "");
    assert_int_equal(strpool_len(sp, 0), 0);
    assert_int_equal(in(sp, ""), 0);
    assert_int_equal(strpool_count(sp), 1);
    strpool_free(sp);
}

static void intern_gives_equal_strings_the_same_id(void **state)
{
    StrPool *sp = strpool_new();
    char     copy[] = "n_estimators";
    uint32_t a = in(sp, "n_estimators"), b = in(sp, copy);

    (void)state;
    assert_int_equal(a, b);
    assert_int_equal(a, 1);
    assert_int_equal(strpool_count(sp), 2);
    strpool_free(sp);
}

static void intern_gives_different_strings_different_ids(void **state)
{
    StrPool *sp = strpool_new();
    uint32_t ab = in(sp, "ab"), abc = in(sp, "abc"), a = in(sp, "a"), AB = in(sp, "AB");

    (void)state;
    assert_int_not_equal(ab, abc);
    assert_int_not_equal(ab, a);
    assert_int_not_equal(ab, AB);
    assert_int_not_equal(a, abc);
    assert_string_equal(strpool_get(sp, abc), "abc");
    assert_string_equal(strpool_get(sp, AB), "AB");
    assert_int_equal(strpool_count(sp), 5);
    strpool_free(sp);
}

static void intern_reads_only_len_bytes_and_terminates_the_copy(void **state)
{
    StrPool *sp = strpool_new();
    uint32_t id = strpool_intern(sp, "metrics.f1", 7);

    (void)state;
    assert_string_equal(strpool_get(sp, id), "metrics");
    assert_int_equal(strpool_len(sp, id), 7);
    assert_int_equal(in(sp, "metrics"), id);
    strpool_free(sp);
}

static void intern_keeps_embedded_nul_bytes_in_length(void **state)
{
    StrPool *sp = strpool_new();
    uint32_t a = strpool_intern(sp, "a\0b", 3), b = strpool_intern(sp, "a\0c", 3);

    (void)state;
    assert_int_not_equal(a, b);
    assert_int_equal(strpool_len(sp, a), 3);
    assert_memory_equal(strpool_get(sp, b), "a\0c", 4);
    strpool_free(sp);
}

static void find_returns_id_without_adding(void **state)
{
    StrPool *sp = strpool_new();
    uint32_t id = in(sp, "f1");

    (void)state;
    assert_int_equal(strpool_find(sp, "f1", 2), id);
    assert_int_equal(strpool_find(sp, "f2", 2), UINT32_MAX);
    assert_int_equal(strpool_find(sp, "", 0), 0);
    assert_int_equal(strpool_count(sp), 2);
    strpool_free(sp);
}

static void strings_keep_their_address_while_the_pool_grows(void **state)
{
    StrPool    *sp = strpool_new();
    uint32_t    first = in(sp, "first");
    const char *p = strpool_get(sp, first);
    char        buf[32];

    (void)state;
    for (int i = 0; i < 200000; i++) {
        snprintf(buf, sizeof buf, "value-%d", i);
        assert_int_equal(in(sp, buf), (uint32_t)i + 2);
    }
    assert_ptr_equal(strpool_get(sp, first), p);
    assert_string_equal(p, "first");
    assert_int_equal(strpool_count(sp), 200002);
    assert_int_equal(strpool_find(sp, "value-123456", 12), 123456 + 2);
    assert_string_equal(strpool_get(sp, 99999 + 2), "value-99999");
    strpool_free(sp);
}

static void long_strings_are_stored_whole(void **state)
{
    StrPool *sp = strpool_new();
    size_t   n = 300000;
    char    *big = malloc(n);
    uint32_t small1, id, small2;

    (void)state;
    memset(big, 'x', n);
    big[n - 1] = 'y';
    small1 = in(sp, "before");
    id = strpool_intern(sp, big, n);
    small2 = in(sp, "after");
    assert_int_equal(strpool_len(sp, id), n);
    assert_memory_equal(strpool_get(sp, id), big, n);
    assert_string_equal(strpool_get(sp, small1), "before");
    assert_string_equal(strpool_get(sp, small2), "after");
    assert_int_equal(strpool_intern(sp, big, n), id);
    free(big);
    strpool_free(sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_pool_holds_only_the_empty_string_as_id_zero),
        cmocka_unit_test(intern_gives_equal_strings_the_same_id),
        cmocka_unit_test(intern_gives_different_strings_different_ids),
        cmocka_unit_test(intern_reads_only_len_bytes_and_terminates_the_copy),
        cmocka_unit_test(intern_keeps_embedded_nul_bytes_in_length),
        cmocka_unit_test(find_returns_id_without_adding),
        cmocka_unit_test(strings_keep_their_address_while_the_pool_grows),
        cmocka_unit_test(long_strings_are_stored_whole),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
