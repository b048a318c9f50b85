/* test_grow.c — the growing-array step: capacities, contents kept, overflow
 * refused with the array untouched; and the typed lists built on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/grow.h"
#include "core/registry.h"

static void doubles_from_sixteen_and_keeps_contents(void **state)
{
    int   *a = NULL;
    size_t cap = 0, n;
    (void)state;

    for (n = 0; n < 100; n++) {
        void *p = a;
        assert_int_equal(grow_for_one(&p, &cap, n, sizeof *a), 0);
        a = p;
        a[n] = (int)n * 3;
        if (n < 16)
            assert_int_equal(cap, 16);
    }
    assert_int_equal(cap, 128);
    for (n = 0; n < 100; n++)
        assert_int_equal(a[n], (int)n * 3);
    /* Room left: nothing moves. */
    {
        void *p = a;
        assert_int_equal(grow_for_one(&p, &cap, 100, sizeof *a), 0);
        assert_ptr_equal(p, a);
        assert_int_equal(cap, 128);
    }
    free(a);
}

static void overflow_is_refused_untouched(void **state)
{
    void  *p = NULL;
    size_t cap = SIZE_MAX / 8 + 1;   /* doubling would pass SIZE_MAX / 8 elements of 8 */
    (void)state;

    assert_int_equal(grow_for_one(&p, &cap, cap, 8), -1);
    assert_null(p);
    assert_int_equal(cap, SIZE_MAX / 8 + 1);
    cap = 0;
    assert_int_equal(grow_for_one(&p, &cap, 0, 0), -1);
    assert_int_equal(cap, 0);
}

static void model_list_push_many(void **state)
{
    ModelList l = { 0 };
    (void)state;

    for (int i = 0; i < 40; i++) {
        RegisteredModel m = { 0 };
        char name[16];
        snprintf(name, sizeof name, "m%d", i);
        m.name = strdup(name);
        assert_int_equal(modellist_push(&l, &m), 0);
        assert_null(m.name);   /* the list owns it now */
    }
    assert_int_equal(l.n, 40);
    assert_string_equal(l.items[0].name, "m0");
    assert_string_equal(l.items[39].name, "m39");
    modellist_clear(&l);
    assert_int_equal(l.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(doubles_from_sixteen_and_keeps_contents),
        cmocka_unit_test(overflow_is_refused_untouched),
        cmocka_unit_test(model_list_push_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
