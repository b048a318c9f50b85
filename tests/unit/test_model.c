/* test_model.c — experiment lists and metric histories own their data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/model.h"

static void explist_push_copies_an_experiment(void **state)
{
    ExperimentList *l = calloc(1, sizeof *l);
    char            name[] = "Hazardous_NEOs";
    Tag             tags[] = { { "team", "neo" } };
    Experiment      e = { .id = "1", .name = name, .tags = tags, .n_tags = 1, .run_count = 34 };

    (void)state;
    assert_int_equal(explist_push(l, &e, 0), 0);
    name[0] = 'X';                       /* the copy must not see this */
    assert_int_equal(l->n, 1);
    assert_string_equal(l->items[0].name, "Hazardous_NEOs");
    assert_string_equal(l->items[0].id, "1");
    assert_null(l->items[0].lifecycle_stage);
    assert_int_equal(l->items[0].n_tags, 1);
    assert_string_equal(l->items[0].tags[0].value, "neo");
    assert_int_equal(l->items[0].run_count, 34);
    explist_free(l);
}

static void explist_push_steals_and_clears_the_source(void **state)
{
    ExperimentList *l = calloc(1, sizeof *l);
    Experiment      e = { .id = strdup("2"), .name = strdup("x"), .run_count = -1 };
    char           *name = e.name;

    (void)state;
    for (int i = 0; i < 40; i++) {      /* past the first growth */
        Experiment c = { .id = strdup("n"), .name = strdup("n") };

        assert_int_equal(explist_push(l, &c, 1), 0);
    }
    assert_int_equal(explist_push(l, &e, 1), 0);
    assert_ptr_equal(l->items[40].name, name);
    assert_null(e.name);
    assert_int_equal(l->n, 41);
    explist_clear(l);
    assert_int_equal(l->n, 0);
    explist_free(l);
}

static void history_keeps_points_in_order(void **state)
{
    MetricHistory *h = history_new("run1", "loss");

    (void)state;
    assert_string_equal(h->run_id, "run1");
    assert_string_equal(h->key, "loss");
    for (int i = 0; i < 1000; i++)
        assert_int_equal(history_push(h, i, 1000 + i, 1.0 / (i + 1)), 0);
    assert_int_equal(h->n, 1000);
    assert_true(h->pts[0].value == 1.0);
    assert_true(h->pts[999].step == 999);
    assert_true(h->pts[999].timestamp == 1999);
    assert_true(h->pts[3].value == 0.25);
    history_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(explist_push_copies_an_experiment),
        cmocka_unit_test(explist_push_steals_and_clears_the_source),
        cmocka_unit_test(history_keeps_points_in_order),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
