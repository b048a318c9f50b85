/* test_compare.c — comparing runs: which direction is better for a metric,
 * the best value, which rows differ, the row list, marks kept by run id, and
 * the run_id IN filter used to refresh compared runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "api/runids.h"
#include "core/compare.h"
#include "core/idset.h"

/* ---- fixtures: four forests and a KNN run, as in Hazardous_NEOs ---- */

typedef struct R {
    const char *id, *name;
    const char *criterion, *n_estimators;  /* params; NULL: not logged */
    double      f1, loss;                  /* metrics; -1: not logged */
    const char *note;                      /* tag "note"; NULL: none */
} R;

static RunSet *make(const R *rows, size_t n)
{
    RunSet *rs = runset_new();

    assert_non_null(rs);
    for (size_t i = 0; i < n; i++) {
        RunInfoIn in = { .run_id = rows[i].id, .run_name = rows[i].name, .user_id = "alonso",
                         .status = RUN_FINISHED, .lifecycle = LIFE_ACTIVE,
                         .start_time = 1000, .end_time = 2000 };
        assert_int_equal(runset_begin_run(rs, &in), 0);
        if (rows[i].criterion)
            runset_add_param(rs, "criterion", rows[i].criterion);
        if (rows[i].n_estimators)
            runset_add_param(rs, "n_estimators", rows[i].n_estimators);
        if (rows[i].f1 != -1)
            runset_add_metric(rs, "f1", rows[i].f1, 0);
        if (rows[i].loss != -1)
            runset_add_metric(rs, "training_log_loss", rows[i].loss, 0);
        if (rows[i].note)
            runset_add_tag(rs, "note", rows[i].note);
        runset_add_tag(rs, "mlflow.runName", rows[i].name);
        assert_int_equal(runset_end_run(rs), 0);
    }
    return rs;
}

static const R forests[] = {
    { "a1", "big-skink-198",     "gini", "10000", 1.0,   0.01879, "best" },
    { "b2", "chill-seal-447",    "gini", "1000",  1.0,   0.01887, NULL },
    { "c3", "salty-stork-902",   "gini", "100",   1.0,   0.01912, NULL },
    { "d4", "honorable-cub-563", "gini", "10",    0.977, 0.02431, NULL },
};

static const uint32_t all4[] = { 0, 1, 2, 3 };

static Column param(const RunSet *rs, const char *k)
{
    return (Column){ COL_PARAM, runset_key(rs, k) };
}

static Column metric(const RunSet *rs, const char *k)
{
    return (Column){ COL_METRIC, runset_key(rs, k) };
}

/* The rows as "#Group" / "name" joined by spaces. */
static const char *rows_text(const RunSet *rs, const CompareRow *rows, size_t n)
{
    static const char *const g[] = { "#attrs", "#params", "#metrics", "#tags", "#system" };
    static char buf[2048];
    size_t o = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char t[256];
        if (rows[i].group)
            snprintf(t, sizeof t, "%s", g[rows[i].g]);
        else
            column_title(rs, rows[i].col, t, sizeof t);
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? " " : "", t);
    }
    return buf;
}

/* ---- better direction ---- */

static void higher_is_better_for_scores(void **state)
{
    (void)state;
    assert_true(compare_higher_is_better("f1"));
    assert_true(compare_higher_is_better("accuracy"));
    assert_true(compare_higher_is_better("auc"));
    assert_true(compare_higher_is_better("precision"));
}

static void lower_is_better_for_losses_and_errors(void **state)
{
    (void)state;
    assert_false(compare_higher_is_better("loss"));
    assert_false(compare_higher_is_better("val_loss"));
    assert_false(compare_higher_is_better("training_log_loss"));
    assert_false(compare_higher_is_better("logloss"));
    assert_false(compare_higher_is_better("error"));
    assert_false(compare_higher_is_better("test_error_rate"));
    assert_false(compare_higher_is_better("rmse"));
    assert_false(compare_higher_is_better("mse"));
    assert_false(compare_higher_is_better("val_mae"));
    /* "err" as a word (what the runs table's sort also took), not inside one */
    assert_false(compare_higher_is_better("test_err"));
    assert_false(compare_higher_is_better("err"));
    assert_false(compare_higher_is_better("Err-rate"));
    assert_true(compare_higher_is_better("transferred_rows"));
    assert_true(compare_higher_is_better("referrals"));
    assert_true(compare_higher_is_better("errands"));
}

static void better_direction_ignores_case(void **state)
{
    (void)state;
    assert_false(compare_higher_is_better("Val_Loss"));
    assert_false(compare_higher_is_better("RMSE"));
    assert_true(compare_higher_is_better("F1"));
}

/* ---- best value ---- */

static void best_is_the_largest_when_higher_is_better(void **state)
{
    double v[] = { 0.5, 0.977, 0.9 }, b = 0;
    (void)state;
    assert_true(compare_best(v, 3, true, &b));
    assert_true(b == 0.977);
}

static void best_is_the_smallest_when_lower_is_better(void **state)
{
    double v[] = { 0.02431, 0.01879, 0.01912 }, b = 0;
    (void)state;
    assert_true(compare_best(v, 3, false, &b));
    assert_true(b == 0.01879);
}

static void best_ignores_nan(void **state)
{
    double v[] = { NAN, 0.3, NAN, 0.7 }, b = 0;
    (void)state;
    assert_true(compare_best(v, 4, true, &b));
    assert_true(b == 0.7);
    assert_true(compare_best(v, 4, false, &b));
    assert_true(b == 0.3);
}

static void no_best_when_all_equal_or_no_number(void **state)
{
    double same[] = { 1, 1, 1 }, nan2[] = { NAN, NAN }, one[] = { NAN, 4 }, b = 42;
    (void)state;
    assert_false(compare_best(same, 3, true, &b));
    assert_false(compare_best(nan2, 2, true, &b));
    assert_false(compare_best(one, 2, true, &b));
    assert_false(compare_best(NULL, 0, true, &b));
    assert_true(b == 42);
}

static void best_with_ties_keeps_the_shared_value(void **state)
{
    double v[] = { 1, 1, 1, 0.977 }, b = 0;
    (void)state;
    assert_true(compare_best(v, 4, true, &b));
    assert_true(b == 1);
}

/* ---- differences ---- */

static void shared_param_does_not_differ(void **state)
{
    RunSet *rs = make(forests, 4);
    (void)state;
    assert_false(compare_differs(rs, all4, 4, param(rs, "criterion"), 0));
    runset_free(rs);
}

static void param_with_distinct_values_differs(void **state)
{
    RunSet *rs = make(forests, 4);
    (void)state;
    assert_true(compare_differs(rs, all4, 4, param(rs, "n_estimators"), 0));
    runset_free(rs);
}

static void missing_value_differs_from_present_one(void **state)
{
    R rows[] = { forests[0], forests[1] };
    rows[1].criterion = NULL;
    rows[1].f1 = -1;
    RunSet *rs = make(rows, 2);
    (void)state;
    assert_true(compare_differs(rs, all4, 2, param(rs, "criterion"), 0));
    assert_true(compare_differs(rs, all4, 2, metric(rs, "f1"), 0));
    runset_free(rs);
}

static void two_nan_metrics_do_not_differ(void **state)
{
    R rows[] = { forests[0], forests[1] };
    rows[0].f1 = NAN;
    rows[1].f1 = NAN;
    RunSet *rs = make(rows, 2);
    (void)state;
    assert_false(compare_differs(rs, all4, 2, metric(rs, "f1"), 0));
    runset_free(rs);
}

static void metric_differs_by_value_not_by_display(void **state)
{
    R rows[] = { forests[0], forests[1] };
    rows[0].f1 = 0.9999991;   /* both show as "1" with 6 digits */
    rows[1].f1 = 0.9999992;
    RunSet *rs = make(rows, 2);
    (void)state;
    assert_true(compare_differs(rs, all4, 2, metric(rs, "f1"), 0));
    runset_free(rs);
}

static void attribute_compares_as_shown(void **state)
{
    RunSet *rs = make(forests, 4);
    (void)state;
    assert_false(compare_differs(rs, all4, 4, (Column){ COL_ATTR, ATTR_USER }, 0));
    assert_false(compare_differs(rs, all4, 4, (Column){ COL_ATTR, ATTR_STATUS }, 0));
    runset_free(rs);
}

static void one_run_never_differs(void **state)
{
    RunSet *rs = make(forests, 4);
    (void)state;
    assert_false(compare_differs(rs, all4, 1, param(rs, "n_estimators"), 0));
    runset_free(rs);
}

/* ---- the row list ---- */

static void rows_are_grouped_attributes_params_metrics_tags(void **state)
{
    RunSet *rs = make(forests, 4);
    CompareRow *rows;
    size_t n = compare_rows(rs, all4, 4, false, 0, &rows);
    (void)state;
    assert_string_equal(rows_text(rs, rows, n),
                        "#attrs Status Start Duration User Source Model "
                        "#params criterion n_estimators #metrics f1 training_log_loss "
                        "#tags note #system mlflow.runName");
    free(rows);
    runset_free(rs);
}

static void diff_only_drops_shared_param_and_keeps_n_estimators(void **state)
{
    RunSet *rs = make(forests, 4);
    CompareRow *rows;
    size_t n = compare_rows(rs, all4, 4, true, 0, &rows);
    (void)state;
    /* criterion is gini for all four forests; every attribute is shared;
     * only big-skink-198 has the tag "note" (missing elsewhere: differs). */
    assert_string_equal(rows_text(rs, rows, n),
                        "#params n_estimators #metrics f1 training_log_loss "
                        "#tags note #system mlflow.runName");
    free(rows);
    runset_free(rs);
}

static void diff_only_drops_a_group_with_no_difference(void **state)
{
    RunSet *rs = make(forests, 4);
    CompareRow *rows;
    /* The first three forests: f1 1 for all, different losses. */
    size_t n = compare_rows(rs, all4, 3, true, 0, &rows);
    (void)state;
    assert_string_equal(rows_text(rs, rows, n),
                        "#params n_estimators #metrics training_log_loss "
                        "#tags note #system mlflow.runName");
    free(rows);
    runset_free(rs);
}

static void rows_only_for_keys_the_compared_runs_hold(void **state)
{
    static const R mixed[] = {
        { "a1", "forest", "gini", "10", 1.0, -1, NULL },
        { "k1", "knn",    NULL,   NULL, 0.5, -1, NULL },
        { "x9", "other",  NULL,   NULL, -1,  0.2, "x" },
    };
    RunSet *rs = make(mixed, 3);
    static const uint32_t first2[] = { 0, 1 };
    CompareRow *rows;
    size_t n = compare_rows(rs, first2, 2, false, 0, &rows);
    (void)state;
    assert_string_equal(rows_text(rs, rows, n),
                        "#attrs Status Start Duration User Source Model "
                        "#params criterion n_estimators #metrics f1 #system mlflow.runName");
    free(rows);
    runset_free(rs);
}

static void copy_keeps_the_given_order(void **state)
{
    RunSet *rs = make(forests, 4);
    static const uint32_t order[] = { 3, 0 };
    RunSet *c = compare_copy_runs(rs, order, 2);
    (void)state;
    assert_non_null(c);
    assert_int_equal(c->n_runs, 2);
    assert_string_equal(runset_str(c, c->runs[0].name), "honorable-cub-563");
    assert_string_equal(runset_str(c, c->runs[1].name), "big-skink-198");
    assert_string_equal(runset_str(c, runset_param(c, 0, runset_key(c, "n_estimators"))), "10");
    assert_true(runset_metric(c, 1, runset_key(c, "training_log_loss"))->value == 0.01879);
    runset_free(c);
    runset_free(rs);
}

/* ---- marks by run id ---- */

static void idset_adds_finds_and_removes(void **state)
{
    IdSet s = { 0 };
    (void)state;
    assert_false(idset_has(&s, "a1"));
    assert_int_equal(idset_add(&s, "a1"), 1);
    assert_int_equal(idset_add(&s, "a1"), 0);
    assert_true(idset_has(&s, "a1"));
    assert_int_equal(idset_count(&s), 1);
    assert_true(idset_remove(&s, "a1"));
    assert_false(idset_remove(&s, "a1"));
    assert_false(idset_has(&s, "a1"));
    assert_int_equal(idset_count(&s), 0);
    idset_free(&s);
}

static void idset_toggle_flips_membership(void **state)
{
    IdSet s = { 0 };
    (void)state;
    assert_true(idset_toggle(&s, "b2"));
    assert_true(idset_has(&s, "b2"));
    assert_false(idset_toggle(&s, "b2"));
    assert_false(idset_has(&s, "b2"));
    idset_free(&s);
}

static void idset_holds_many_ids_through_removals(void **state)
{
    IdSet s = { 0 };
    char id[32];
    (void)state;
    for (int i = 0; i < 20000; i++) {
        snprintf(id, sizeof id, "run%05d", i);
        assert_int_equal(idset_add(&s, id), 1);
    }
    for (int i = 0; i < 20000; i += 2) {
        snprintf(id, sizeof id, "run%05d", i);
        assert_true(idset_remove(&s, id));
    }
    for (int i = 0; i < 20000; i++) {
        snprintf(id, sizeof id, "run%05d", i);
        assert_int_equal(idset_has(&s, id), i % 2 == 1);
    }
    assert_int_equal(idset_count(&s), 10000);
    idset_clear(&s);
    assert_int_equal(idset_count(&s), 0);
    assert_false(idset_has(&s, "run00001"));
    idset_free(&s);
}

/* ---- the refresh filter ---- */

static void ids_filter_lists_quoted_ids(void **state)
{
    const char *ids[] = { "a1", "b2", "c3" };
    char *f = api_run_ids_filter(ids, 3);
    (void)state;
    assert_non_null(f);
    assert_string_equal(f, "attributes.run_id IN ('a1','b2','c3')");
    free(f);
}

static void ids_filter_skips_ids_that_would_break_the_quotes(void **state)
{
    const char *ids[] = { "a1", "x') OR ('1", "b\\2", "", "c3" };
    const char *bad[] = { "'" };
    char *f = api_run_ids_filter(ids, 5);
    (void)state;
    assert_string_equal(f, "attributes.run_id IN ('a1','c3')");
    free(f);
    assert_null(api_run_ids_filter(bad, 1));
    assert_null(api_run_ids_filter(NULL, 0));
}

static void ids_are_fetched_in_chunks_of_100(void **state)
{
    (void)state;
    assert_int_equal(api_run_ids_requests(0), 0);
    assert_int_equal(api_run_ids_requests(1), 1);
    assert_int_equal(api_run_ids_requests(100), 1);
    assert_int_equal(api_run_ids_requests(101), 2);
    assert_int_equal(api_run_ids_requests(450), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(higher_is_better_for_scores),
        cmocka_unit_test(lower_is_better_for_losses_and_errors),
        cmocka_unit_test(better_direction_ignores_case),
        cmocka_unit_test(best_is_the_largest_when_higher_is_better),
        cmocka_unit_test(best_is_the_smallest_when_lower_is_better),
        cmocka_unit_test(best_ignores_nan),
        cmocka_unit_test(no_best_when_all_equal_or_no_number),
        cmocka_unit_test(best_with_ties_keeps_the_shared_value),
        cmocka_unit_test(shared_param_does_not_differ),
        cmocka_unit_test(param_with_distinct_values_differs),
        cmocka_unit_test(missing_value_differs_from_present_one),
        cmocka_unit_test(two_nan_metrics_do_not_differ),
        cmocka_unit_test(metric_differs_by_value_not_by_display),
        cmocka_unit_test(attribute_compares_as_shown),
        cmocka_unit_test(one_run_never_differs),
        cmocka_unit_test(rows_are_grouped_attributes_params_metrics_tags),
        cmocka_unit_test(diff_only_drops_shared_param_and_keeps_n_estimators),
        cmocka_unit_test(diff_only_drops_a_group_with_no_difference),
        cmocka_unit_test(rows_only_for_keys_the_compared_runs_hold),
        cmocka_unit_test(copy_keeps_the_given_order),
        cmocka_unit_test(idset_adds_finds_and_removes),
        cmocka_unit_test(idset_toggle_flips_membership),
        cmocka_unit_test(idset_holds_many_ids_through_removals),
        cmocka_unit_test(ids_filter_lists_quoted_ids),
        cmocka_unit_test(ids_filter_skips_ids_that_would_break_the_quotes),
        cmocka_unit_test(ids_are_fetched_in_chunks_of_100),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
