/* test_runsdiff.c — what changed between two run sets of the same query. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "core/runsdiff.h"

typedef struct Spec {
    const char *id, *name;
    RunStatus   status;
    double      f1;
    int64_t     step;
    const char *depth;     /* param, or NULL */
    const char *tag;       /* value of tag "team", or NULL */
} Spec;

/* Builds a run; `reverse` adds the entries in another order (and interns an
 * unrelated string first) so key ids differ from a set built plainly. */
static void add(RunSet *rs, const Spec *s, bool reverse)
{
    RunInfoIn in = { .run_id = s->id, .run_name = s->name, .experiment_id = "1",
                     .status = s->status, .lifecycle = LIFE_ACTIVE, .start_time = 100,
                     .end_time = TIME_NONE };

    assert_int_equal(runset_begin_run(rs, &in), 0);
    if (reverse) {
        if (s->tag)
            runset_add_tag(rs, "team", s->tag);
        if (s->depth)
            runset_add_param(rs, "depth", s->depth);
        runset_add_metric(rs, "zzz_unrelated_first", 1, 0);
    }
    runset_add_metric(rs, "f1", s->f1, s->step);
    if (!reverse) {
        runset_add_metric(rs, "zzz_unrelated_first", 1, 0);
        if (s->depth)
            runset_add_param(rs, "depth", s->depth);
        if (s->tag)
            runset_add_tag(rs, "team", s->tag);
    }
    assert_int_equal(runset_end_run(rs), 0);
}

static const Spec base[] = {
    { "a", "rf_10", RUN_FINISHED, 0.9, 5, "10", "ml" },
    { "b", "rf_300", RUN_RUNNING, NAN, 1, NULL, NULL },
    { "c", "knn", RUN_FAILED, 0.5, 0, "3", "ops" },
};

static RunSet *set_of(const Spec *specs, size_t n, bool reverse)
{
    RunSet *rs = runset_new();

    if (reverse)
        runset_begin_run(rs, &(RunInfoIn){ .run_id = "x-unrelated" }), runset_end_run(rs);
    for (size_t i = 0; i < n; i++)
        add(rs, &specs[i], reverse);
    return rs;
}

static void diff_of(const Spec *b, size_t nb, RunsDiff *d)
{
    RunSet *old = set_of(base, 3, false), *new = set_of(b, nb, true);

    /* the unrelated run only in new must show as added, nothing else */
    assert_int_equal(runsdiff_compute(old, new, d), 0);
    assert_true(idset_has(&d->added, "x-unrelated"));
    idset_remove(&d->added, "x-unrelated");
    runset_free(old);
    runset_free(new);
}

static void same_values_in_other_pools_are_no_change_nan_included(void **state)
{
    RunsDiff d;

    (void)state;
    diff_of(base, 3, &d);
    assert_true(runsdiff_empty(&d));
    runsdiff_free(&d);
}

static void metric_value_step_status_param_tag_each_make_a_change(void **state)
{
    static const Spec variants[][3] = {
        { { "a", "rf_10", RUN_FINISHED, 0.91, 5, "10", "ml" } },   /* value */
        { { "a", "rf_10", RUN_FINISHED, 0.9, 6, "10", "ml" } },    /* step */
        { { "a", "rf_10", RUN_KILLED, 0.9, 5, "10", "ml" } },      /* status */
        { { "a", "rf_10", RUN_FINISHED, 0.9, 5, "11", "ml" } },    /* param */
        { { "a", "rf_10", RUN_FINISHED, 0.9, 5, "10", NULL } },    /* tag gone */
        { { "a", "renamed", RUN_FINISHED, 0.9, 5, "10", "ml" } },  /* name */
    };

    (void)state;
    for (size_t v = 0; v < sizeof variants / sizeof *variants; v++) {
        Spec     b[3] = { variants[v][0], base[1], base[2] };
        RunsDiff d;

        diff_of(b, 3, &d);
        assert_int_equal(idset_count(&d.changed), 1);
        assert_true(idset_has(&d.changed, "a"));
        assert_int_equal(idset_count(&d.added), 0);
        assert_int_equal(idset_count(&d.removed), 0);
        runsdiff_free(&d);
    }
}

static void nan_turning_into_a_value_is_a_change(void **state)
{
    Spec     b[3] = { base[0], base[1], base[2] };
    RunsDiff d;

    (void)state;
    b[1].f1 = 0.7;
    diff_of(b, 3, &d);
    assert_true(idset_has(&d.changed, "b"));
    assert_int_equal(idset_count(&d.changed), 1);
    runsdiff_free(&d);
}

static void runs_added_and_removed(void **state)
{
    Spec     b[3] = { base[0], base[2], { "d", "new", RUN_RUNNING, 0.1, 0, NULL, NULL } };
    RunsDiff d;

    (void)state;
    diff_of(b, 3, &d);
    assert_true(idset_has(&d.removed, "b"));
    assert_true(idset_has(&d.added, "d"));
    assert_int_equal(idset_count(&d.removed), 1);
    assert_int_equal(idset_count(&d.added), 1);
    assert_int_equal(idset_count(&d.changed), 0);
    runsdiff_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_values_in_other_pools_are_no_change_nan_included),
        cmocka_unit_test(metric_value_step_status_param_tag_each_make_a_change),
        cmocka_unit_test(nan_turning_into_a_value_is_a_change),
        cmocka_unit_test(runs_added_and_removed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
