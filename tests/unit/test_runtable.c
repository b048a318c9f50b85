/* test_runtable.c — columns, quick filter and sorting over a RunSet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <float.h>
#include <cmocka.h>

#include "core/runtable.h"

#define NONE (-12345.0)   /* "no metric" in the tables below */

typedef struct R {
    const char *id, *name;
    int64_t     start;
    double      f1;       /* NONE: not logged */
    const char *p;        /* param "p", NULL: not logged */
} R;

static RunSet *make(const R *rows, size_t n)
{
    RunSet *rs = runset_new();

    for (size_t i = 0; i < n; i++) {
        RunInfoIn in = { .run_id = rows[i].id, .run_name = rows[i].name, .user_id = "ana",
                         .status = RUN_FINISHED, .lifecycle = LIFE_ACTIVE,
                         .start_time = rows[i].start, .end_time = TIME_NONE };

        assert_int_equal(runset_begin_run(rs, &in), 0);
        if (rows[i].f1 != NONE)
            runset_add_metric(rs, "f1", rows[i].f1, 0);
        if (rows[i].p)
            runset_add_param(rs, "p", rows[i].p);
        assert_int_equal(runset_end_run(rs), 0);
    }
    return rs;
}

/* The shown runs' ids joined by spaces. */
static const char *order(const RunTable *t)
{
    static char buf[1024];
    size_t      o = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < t->n_rows; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? " " : "",
                              runset_str(t->rs, t->rs->runs[t->rows[i]].run_id));
    return buf;
}

static Column col(const RunSet *rs, const char *name)
{
    Column c;

    assert_true(runtable_parse_column(rs, name, &c));
    return c;
}

static const char *sorted(RunTable *t, const char *name, bool desc)
{
    runtable_sort_by(t, col(t->rs, name), desc);
    runtable_refresh(t);
    return order(t);
}

/* ---- sorting ---- */

static const R metric_rows[] = {
    { "a", "a", 100, 0.5, NULL },   { "b", "b", 100, NAN, NULL },
    { "c", "c", 100, 0.9, NULL },   { "d", "d", 100, NONE, NULL },
    { "e", "e", 100, -INFINITY, NULL }, { "f", "f", 100, 0.7, NULL },
    { "g", "g", 100, DBL_MAX, NULL },
};

/* :sort's defaults, the same for the runs and the logged-models tables. */
static void default_direction_and_direction_words(void **state)
{
    RunSet *rs = make(metric_rows, 2);
    bool    desc = false;
    (void)state;

    runset_begin_run(rs, &(RunInfoIn){ .run_id = "z", .status = RUN_FINISHED,
                                       .lifecycle = LIFE_ACTIVE, .start_time = 1,
                                       .end_time = TIME_NONE });
    runset_add_metric(rs, "val_loss", 0.1, 0);
    runset_add_metric(rs, "test_err", 0.1, 0);
    runset_add_metric(rs, "transferred", 3, 0);
    assert_int_equal(runset_end_run(rs), 0);
    assert_true(runtable_default_desc(rs, col(rs, "f1")));          /* best first */
    assert_false(runtable_default_desc(rs, col(rs, "val_loss")));
    assert_false(runtable_default_desc(rs, col(rs, "test_err")));
    assert_true(runtable_default_desc(rs, col(rs, "transferred")));
    assert_true(runtable_default_desc(rs, col(rs, "start_time")));  /* newest first */
    assert_false(runtable_default_desc(rs, col(rs, "name")));
    assert_true(runtable_parse_dir("DESC", &desc) && desc);
    assert_true(runtable_parse_dir("+", &desc) && !desc);
    assert_true(runtable_parse_dir("-", &desc) && desc);
    assert_true(runtable_parse_dir("asc", &desc) && !desc);
    desc = true;
    assert_false(runtable_parse_dir("down", &desc));
    assert_true(desc);                                               /* untouched */
    runset_free(rs);
}

static void no_sort_keeps_server_order(void **state)
{
    RunSet  *rs = make(metric_rows, 7);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    runtable_refresh(&t);
    assert_string_equal(order(&t), "a b c d e f g");
    runtable_free(&t);
    runset_free(rs);
}

static void sort_by_metric_ascending(void **state)
{
    RunSet  *rs = make(metric_rows, 7);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(sorted(&t, "metrics.f1", false), "e a f c g b d");
    runtable_free(&t);
    runset_free(rs);
}

static void sort_by_metric_descending(void **state)
{
    RunSet  *rs = make(metric_rows, 7);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(sorted(&t, "metrics.f1", true), "g c f a e b d");
    runtable_free(&t);
    runset_free(rs);
}

static void sort_puts_nan_last_in_both_directions(void **state)
{
    static const R rows[] = {
        { "n1", "n1", 100, NAN, NULL }, { "x", "x", 100, 1.0, NULL },
        { "n2", "n2", 200, NAN, NULL }, { "y", "y", 100, 2.0, NULL },
    };
    RunSet  *rs = make(rows, 4);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    /* the two NaN runs tie: newest start first */
    assert_string_equal(sorted(&t, "f1", false), "x y n2 n1");
    assert_string_equal(sorted(&t, "f1", true), "y x n2 n1");
    runtable_free(&t);
    runset_free(rs);
}

/* MLflow orders a metric sort as: values, then NaN, then runs without it. */
static void sort_puts_nan_before_missing_in_both_directions(void **state)
{
    static const R rows[] = {
        { "m", "m", 300, NONE, NULL }, { "n", "n", 100, NAN, NULL },
        { "x", "x", 100, 1.0, NULL },  { "y", "y", 100, 2.0, NULL },
    };
    RunSet  *rs = make(rows, 4);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(sorted(&t, "f1", false), "x y n m");
    assert_string_equal(sorted(&t, "f1", true), "y x n m");
    runtable_free(&t);
    runset_free(rs);
}

static void sort_puts_missing_last_in_both_directions(void **state)
{
    static const R rows[] = {
        { "m", "m", 100, NONE, "1" }, { "x", "x", 100, 1.0, NULL }, { "y", "y", 100, 2.0, "2" },
    };
    RunSet  *rs = make(rows, 3);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(sorted(&t, "f1", false), "x y m");
    assert_string_equal(sorted(&t, "f1", true), "y x m");
    assert_string_equal(sorted(&t, "params.p", false), "m y x");
    assert_string_equal(sorted(&t, "params.p", true), "y m x");
    runtable_free(&t);
    runset_free(rs);
}

static void sort_ties_break_on_start_newest_first_then_run_id(void **state)
{
    static const R rows[] = {
        { "r3", "a", 100, 0.5, NULL }, { "r1", "b", 300, 0.5, NULL },
        { "r2", "c", 100, 0.5, NULL }, { "r0", "d", TIME_NONE, 0.5, NULL },
        { "r9", "e", 100, 0.9, NULL },
    };
    RunSet  *rs = make(rows, 5);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(sorted(&t, "f1", false), "r1 r2 r3 r0 r9");
    assert_string_equal(sorted(&t, "f1", true), "r9 r1 r2 r3 r0");
    runtable_free(&t);
    runset_free(rs);
}

/* The one-key numeric sort (a radix sort on the value's bits): infinities at
 * the ends, -0 equal to 0 (so their tie breaks on start), denormals and the
 * extremes in place, then NaN, then missing, in both directions. */
static void sort_numeric_orders_infinities_zeros_nan_missing(void **state)
{
    static const R rows[] = {
        { "pinf", "a", 10, INFINITY, NULL },   { "ninf", "b", 10, -INFINITY, NULL },
        { "zero", "c", 10, 0.0, NULL },        { "nzero", "d", 20, -0.0, NULL },
        { "tiny", "e", 10, 4.9e-324, NULL },   { "ntiny", "f", 10, -4.9e-324, NULL },
        { "max", "g", 10, DBL_MAX, NULL },     { "nmax", "h", 10, -DBL_MAX, NULL },
        { "nan", "i", 10, NAN, NULL },         { "miss", "j", 10, NONE, NULL },
        { "one", "k", 10, 1.0, NULL },         { "none", "l", 10, -1.0, NULL },
        { "nnan", "m", 30, -NAN, NULL },
    };
    RunSet  *rs = make(rows, sizeof rows / sizeof *rows);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(sorted(&t, "f1", false),
                        "ninf nmax none ntiny nzero zero tiny one max pinf nnan nan miss");
    assert_string_equal(sorted(&t, "f1", true),
                        "pinf max one tiny nzero zero ntiny none nmax ninf nnan nan miss");
    runtable_free(&t);
    runset_free(rs);
}

/* Ties of the numeric sort: same value, then newest start first (no start
 * last), then run id — among NaN and missing values too. */
static void sort_numeric_ties_among_values_nan_and_missing(void **state)
{
    static const R rows[] = {
        { "v2", "a", 5, 0.25, NULL },      { "v1", "b", 5, 0.25, NULL },
        { "v0", "c", TIME_NONE, 0.25, NULL }, { "v3", "d", 9, 0.25, NULL },
        { "n2", "e", 1, NAN, NULL },       { "n1", "f", 1, NAN, NULL },
        { "n0", "g", 2, NAN, NULL },       { "m2", "h", 1, NONE, NULL },
        { "m1", "i", TIME_NONE, NONE, NULL }, { "m0", "j", 1, NONE, NULL },
        { "w", "k", -7, 0.5, NULL },
    };
    RunSet  *rs = make(rows, sizeof rows / sizeof *rows);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(sorted(&t, "f1", false), "v3 v1 v2 v0 w n0 n1 n2 m0 m2 m1");
    assert_string_equal(sorted(&t, "f1", true), "w v3 v1 v2 v0 n0 n1 n2 m0 m2 m1");
    runtable_free(&t);
    runset_free(rs);
}

/* The numeric path and the general comparator (used for two keys) agree on
 * every order: many runs drawn from few values (ties), NaN, infinities, ±0,
 * missing values, few start times (some none, some negative). The second key
 * is the same string in every run, so it changes nothing. */
static void sort_numeric_matches_the_general_comparator(void **state)
{
    static const double vals[] = { 0.5, -0.5, 0.0, -0.0, INFINITY, -INFINITY, NAN, 1e-310,
                                   3.0, -3.0, 0.1, NONE };
    static const int64_t starts[] = { 0, 1, 2, -5, TIME_NONE, 1700000000000, INT64_MAX };
    const int n = 6000;
    RunSet   *rs = runset_new();
    RunTable  one, two;
    uint32_t  x = 777;
    char      id[16];

    (void)state;
    for (int i = 0; i < n; i++) {
        RunInfoIn in = { .run_id = id, .end_time = TIME_NONE };
        double    v;

        x = x * 1103515245u + 12345u;
        snprintf(id, sizeof id, "r%04u", (x >> 4) % 100000);
        if (runset_find(rs, id) >= 0)
            continue;
        in.start_time = starts[(x >> 12) % (sizeof starts / sizeof *starts)];
        assert_int_equal(runset_begin_run(rs, &in), 0);
        v = vals[(x >> 20) % (sizeof vals / sizeof *vals)];
        if (v != NONE)
            runset_add_metric(rs, "f1", v, 0);
        runset_add_param(rs, "k", "same");
        assert_int_equal(runset_end_run(rs), 0);
    }
    assert_true(rs->n_runs > 1000);
    for (int desc = 0; desc < 2; desc++) {
        runtable_init(&one, rs);
        runtable_init(&two, rs);
        runtable_sort_by(&one, col(rs, "f1"), desc);
        two.sort[0] = (SortKey){ col(rs, "f1"), desc };
        two.sort[1] = (SortKey){ col(rs, "params.k"), false };
        two.n_sort = 2;
        runtable_refresh(&one);
        runtable_refresh(&two);
        assert_int_equal(one.n_rows, rs->n_runs);
        assert_int_equal(two.n_rows, rs->n_runs);
        assert_memory_equal(one.rows, two.rows, one.n_rows * sizeof *one.rows);
        runtable_free(&one);
        runtable_free(&two);
    }
    runset_free(rs);
}

static void sort_compares_numeric_params_as_numbers(void **state)
{
    static const R rows[] = {
        { "a", "a", 0, NONE, "100" }, { "b", "b", 0, NONE, "9" }, { "c", "c", 0, NONE, "10000" },
        { "d", "d", 0, NONE, "-1.5" }, { "e", "e", 0, NONE, "1e3" },
    };
    RunSet  *rs = make(rows, 5);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(sorted(&t, "params.p", false), "d b a e c");
    assert_string_equal(sorted(&t, "params.p", true), "c e a b d");
    runtable_free(&t);
    runset_free(rs);
}

static void sort_compares_other_params_as_strings_after_numbers(void **state)
{
    static const R rows[] = {
        { "a", "a", 0, NONE, "gini" }, { "b", "b", 0, NONE, "10" }, { "c", "c", 0, NONE, "entropy" },
        { "d", "d", 0, NONE, "9" },    { "e", "e", 0, NONE, "10x" },  { "f", "f", 0, NONE, "nan" },
    };
    RunSet  *rs = make(rows, 6);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    /* numbers (9 < 10), then strings bytewise ("10x" < "entropy" < "gini"), "nan" missing */
    assert_string_equal(sorted(&t, "p", false), "d b e c a f");
    assert_string_equal(sorted(&t, "p", true), "a c e b d f");
    runtable_free(&t);
    runset_free(rs);
}

static void sort_by_name_and_start_attributes(void **state)
{
    static const R rows[] = {
        { "1", "knn_5", 300, NONE, NULL }, { "2", "", 100, NONE, NULL },
        { "3", "h2o_automl", 200, NONE, NULL }, { "4", "rf_10", TIME_NONE, NONE, NULL },
    };
    RunSet  *rs = make(rows, 4);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(sorted(&t, "name", false), "3 1 4 2");
    assert_string_equal(sorted(&t, "name", true), "4 1 3 2");
    assert_string_equal(sorted(&t, "start", false), "2 3 1 4");
    assert_string_equal(sorted(&t, "start", true), "1 3 2 4");
    runtable_free(&t);
    runset_free(rs);
}

static void sort_by_duration_needs_both_times(void **state)
{
    RunSet  *rs = runset_new();
    RunTable t;
    struct { const char *id; int64_t s, e; } d[] = {
        { "long", 0, 5000 }, { "open", 0, TIME_NONE }, { "short", 1000, 1500 }, { "mid", 0, 2000 },
    };

    (void)state;
    for (int i = 0; i < 4; i++) {
        RunInfoIn in = { .run_id = d[i].id, .run_name = d[i].id, .status = RUN_RUNNING,
                         .start_time = d[i].s, .end_time = d[i].e };

        runset_begin_run(rs, &in);
        runset_end_run(rs);
    }
    runtable_init(&t, rs);
    assert_string_equal(sorted(&t, "duration", false), "short mid long open");
    assert_string_equal(sorted(&t, "duration", true), "long mid short open");
    runtable_free(&t);
    runset_free(rs);
}

static void multi_key_sort_orders_by_second_key_within_ties(void **state)
{
    static const R rows[] = {
        { "a", "a", 0, 0.5, "3" }, { "b", "b", 0, 0.9, "1" }, { "c", "c", 0, 0.5, "1" },
        { "d", "d", 0, 0.9, "2" }, { "e", "e", 0, 0.5, NULL },
    };
    RunSet  *rs = make(rows, 5);
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    t.sort[0] = (SortKey){ col(rs, "f1"), true };
    t.sort[1] = (SortKey){ col(rs, "p"), false };
    t.n_sort = 2;
    runtable_refresh(&t);
    assert_string_equal(order(&t), "b d c a e");
    runtable_free(&t);
    runset_free(rs);
}

static void sort_of_many_runs_is_ordered_and_complete(void **state)
{
    RunSet   *rs = runset_new();
    RunTable  t;
    uint32_t  x = 12345;
    char      id[16];
    uint8_t  *seen;
    const int n = 20000;

    (void)state;
    for (int i = 0; i < n; i++) {
        RunInfoIn in = { .run_id = id, .start_time = i % 7, .end_time = TIME_NONE };

        snprintf(id, sizeof id, "r%05d", i);
        runset_begin_run(rs, &in);
        x = x * 1103515245u + 12345u;
        if (x % 10)  /* every tenth run has no f1 */
            runset_add_metric(rs, "f1", (x >> 8) % 1000 / 1000.0, 0);
        runset_end_run(rs);
    }
    runtable_init(&t, rs);
    runtable_sort_by(&t, col(rs, "f1"), true);
    runtable_refresh(&t);
    assert_int_equal(t.n_rows, n);
    seen = calloc((size_t)n, 1);
    for (int i = 0; i < n; i++) {
        assert_false(seen[t.rows[i]]);
        seen[t.rows[i]] = 1;
    }
    for (int i = 1; i < n; i++) {
        const MetricVal *a = runset_metric(rs, t.rows[i - 1], col(rs, "f1").id);
        const MetricVal *b = runset_metric(rs, t.rows[i], col(rs, "f1").id);

        assert_true(!b || (a && a->value >= b->value));
        if (a && b && a->value == b->value)
            assert_true(rs->runs[t.rows[i - 1]].start_time >= rs->runs[t.rows[i]].start_time);
    }
    free(seen);
    runtable_free(&t);
    runset_free(rs);
}

/* ---- quick filter ---- */

static RunSet *filter_set(void)
{
    RunSet *rs = runset_new();
    struct { const char *id, *name, *user, *status, *p; } d[] = {
        { "0a1", "RandomForest_10000", "ana", "FINISHED", "gini" },
        { "0b2", "knn_5", "bob", "FAILED", "entropy" },
        { "0c3", "h2o_automl", "carla", "RUNNING", "GINI-x" },
    };

    for (int i = 0; i < 3; i++) {
        RunInfoIn in = { .run_id = d[i].id, .run_name = d[i].name, .user_id = d[i].user,
                         .status = run_status_parse(d[i].status), .start_time = 0,
                         .end_time = TIME_NONE };

        runset_begin_run(rs, &in);
        runset_add_param(rs, "criterion", d[i].p);
        runset_add_tag(rs, "note", "tagged-only");
        runset_end_run(rs);
    }
    return rs;
}

static const char *quick(RunTable *t, const char *text)
{
    runtable_set_quick(t, text);
    runtable_refresh(t);
    return order(t);
}

static void quick_filter_matches_name_ignoring_case(void **state)
{
    RunSet  *rs = filter_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(quick(&t, "randomforest"), "0a1");
    assert_string_equal(quick(&t, "KNN"), "0b2");
    runtable_free(&t);
    runset_free(rs);
}

static void quick_filter_matches_param_values(void **state)
{
    RunSet  *rs = filter_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(quick(&t, "gini"), "0a1 0c3");
    assert_string_equal(quick(&t, "entropy"), "0b2");
    runtable_free(&t);
    runset_free(rs);
}

static void quick_filter_matches_run_id_user_and_status(void **state)
{
    RunSet  *rs = filter_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(quick(&t, "0c"), "0c3");
    assert_string_equal(quick(&t, "carla"), "0c3");
    assert_string_equal(quick(&t, "failed"), "0b2");
    runtable_free(&t);
    runset_free(rs);
}

static void quick_filter_ignores_tags_and_keys(void **state)
{
    RunSet  *rs = filter_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(quick(&t, "tagged"), "");
    assert_string_equal(quick(&t, "criterion"), "");
    runtable_free(&t);
    runset_free(rs);
}

static void quick_filter_empty_or_null_shows_every_run(void **state)
{
    RunSet  *rs = filter_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    assert_string_equal(quick(&t, "zzz"), "");
    assert_string_equal(quick(&t, ""), "0a1 0b2 0c3");
    assert_null(t.quick);
    quick(&t, "zzz");
    assert_string_equal(quick(&t, NULL), "0a1 0b2 0c3");
    runtable_free(&t);
    runset_free(rs);
}

static void quick_filter_and_sort_combine(void **state)
{
    RunSet  *rs = filter_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    runtable_sort_by(&t, col(rs, "name"), true);
    /* "gini", "GINI-x"; names compare bytewise: "h2o_automl" > "RandomForest_10000" */
    assert_string_equal(quick(&t, "gini"), "0c3 0a1");
    runtable_free(&t);
    runset_free(rs);
}

/* ---- columns ---- */

static RunSet *column_set(void)
{
    RunSet   *rs = runset_new();
    RunInfoIn in = { .run_id = "r1", .run_name = "one", .start_time = 0, .end_time = TIME_NONE };

    runset_begin_run(rs, &in);
    runset_add_param(rs, "n_estimators", "10");
    runset_add_metric(rs, "f1", 0.5, 0);
    runset_add_tag(rs, "team", "neo");
    runset_add_metric(rs, "accuracy", 0.9, 0);
    runset_add_param(rs, "f1", "dup");   /* a param named like a metric */
    runset_add_tag(rs, "only_tag", "x");
    runset_end_run(rs);
    return rs;
}

static const char *col_names(const RunTable *t)
{
    static char buf[1024];
    size_t      o = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < t->n_cols; i++) {
        char n[128];

        column_name(t->rs, t->cols[i], n, sizeof n);
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? " " : "", n);
    }
    return buf;
}

static void sync_columns_uses_default_order(void **state)
{
    RunSet  *rs = column_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    runtable_sync_columns(&t);
    assert_string_equal(col_names(&t), "name status start duration user source model "
                                       "metrics.f1 metrics.accuracy params.n_estimators params.f1");
    runtable_free(&t);
    runset_free(rs);
}

static void sync_columns_adds_new_keys_in_their_group(void **state)
{
    RunSet  *rs = column_set(), *page = runset_new();
    RunTable t;
    RunInfoIn in = { .run_id = "r2", .start_time = 0, .end_time = TIME_NONE };

    (void)state;
    runtable_init(&t, rs);
    runtable_sync_columns(&t);
    runset_begin_run(page, &in);
    runset_add_param(page, "max_depth", "3");
    runset_add_metric(page, "auc", 0.8, 0);
    runset_end_run(page);
    runset_merge(rs, page);
    runtable_sync_columns(&t);
    assert_string_equal(col_names(&t), "name status start duration user source model "
                                       "metrics.f1 metrics.accuracy metrics.auc "
                                       "params.n_estimators params.f1 params.max_depth");
    runtable_sync_columns(&t);   /* nothing new: nothing added */
    assert_int_equal(t.n_cols, 13);
    runtable_free(&t);
    runset_free(page);
    runset_free(rs);
}

static void sync_columns_does_not_bring_back_hidden_columns(void **state)
{
    RunSet  *rs = column_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    runtable_sync_columns(&t);
    assert_true(runtable_col_hide(&t, 7));   /* metrics.f1 */
    assert_true(runtable_col_hide(&t, 1));   /* status */
    runtable_sync_columns(&t);
    assert_string_equal(col_names(&t), "name start duration user source model "
                                       "metrics.accuracy params.n_estimators params.f1");
    assert_int_equal(t.n_hidden, 2);
    runtable_free(&t);
    runset_free(rs);
}

static void col_hide_refuses_the_pinned_name(void **state)
{
    RunSet  *rs = column_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    runtable_sync_columns(&t);
    assert_false(runtable_col_hide(&t, 0));
    assert_false(runtable_col_hide(&t, t.n_cols));
    assert_int_equal(t.n_cols, 11);
    runtable_free(&t);
    runset_free(rs);
}

static void col_show_inserts_a_hidden_or_new_column(void **state)
{
    RunSet  *rs = column_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    runtable_sync_columns(&t);
    runtable_col_hide(&t, 1);                                   /* status */
    assert_true(runtable_col_show(&t, col(rs, "status"), 3));
    assert_int_equal(t.n_hidden, 0);
    assert_true(runtable_col_show(&t, col(rs, "tags.team"), 0)); /* never before name */
    assert_false(runtable_col_show(&t, col(rs, "tags.team"), 5)); /* already shown */
    assert_string_equal(col_names(&t), "name tags.team start duration status user source "
                                       "model metrics.f1 metrics.accuracy params.n_estimators "
                                       "params.f1");
    runtable_free(&t);
    runset_free(rs);
}

static void col_move_clamps_and_keeps_name_first(void **state)
{
    RunSet  *rs = column_set();
    RunTable t;

    (void)state;
    runtable_init(&t, rs);
    runtable_sync_columns(&t);
    assert_true(runtable_col_move(&t, 7, -100));    /* metrics.f1 to the front */
    assert_false(runtable_col_move(&t, 1, -1));     /* already first after name */
    assert_false(runtable_col_move(&t, 0, 1));      /* name does not move */
    assert_true(runtable_col_move(&t, 2, 1));       /* status one right */
    assert_true(runtable_col_move(&t, 1, 100));     /* f1 to the end */
    assert_string_equal(col_names(&t), "name start status duration user source model "
                                       "metrics.accuracy params.n_estimators params.f1 "
                                       "metrics.f1");
    runtable_free(&t);
    runset_free(rs);
}

static void parse_column_takes_prefixed_names(void **state)
{
    RunSet *rs = column_set();
    Column  c;

    (void)state;
    assert_true(runtable_parse_column(rs, "metrics.accuracy", &c));
    assert_int_equal(c.kind, COL_METRIC);
    assert_int_equal(c.id, runset_key(rs, "accuracy"));
    assert_true(runtable_parse_column(rs, "params.f1", &c));
    assert_int_equal(c.kind, COL_PARAM);
    assert_int_equal(c.id, runset_key(rs, "f1"));
    assert_true(runtable_parse_column(rs, "tags.team", &c));
    assert_int_equal(c.kind, COL_TAG);
    assert_true(runtable_parse_column(rs, "metric.f1", &c));
    assert_int_equal(c.kind, COL_METRIC);
    assert_false(runtable_parse_column(rs, "metrics.n_estimators", &c));
    assert_false(runtable_parse_column(rs, "tags.f1", &c));
    runset_free(rs);
}

static void parse_column_takes_attribute_names(void **state)
{
    RunSet *rs = column_set();
    Column  c;

    (void)state;
    assert_true(runtable_parse_column(rs, "name", &c));
    assert_true(c.kind == COL_ATTR && c.id == ATTR_NAME);
    assert_true(runtable_parse_column(rs, "run_id", &c));
    assert_true(c.kind == COL_ATTR && c.id == ATTR_RUN_ID);
    assert_true(runtable_parse_column(rs, "attributes.start_time", &c));
    assert_true(c.kind == COL_ATTR && c.id == ATTR_START);
    assert_true(runtable_parse_column(rs, "duration", &c));
    assert_true(c.kind == COL_ATTR && c.id == ATTR_DURATION);
    assert_false(runtable_parse_column(rs, "attributes.f1", &c));
    runset_free(rs);
}

static void parse_column_bare_key_prefers_metric(void **state)
{
    RunSet *rs = column_set();
    Column  c;

    (void)state;
    assert_true(runtable_parse_column(rs, "f1", &c));
    assert_int_equal(c.kind, COL_METRIC);
    assert_true(runtable_parse_column(rs, "n_estimators", &c));
    assert_int_equal(c.kind, COL_PARAM);
    assert_true(runtable_parse_column(rs, "only_tag", &c));
    assert_int_equal(c.kind, COL_TAG);
    assert_false(runtable_parse_column(rs, "nope", &c));
    assert_false(runtable_parse_column(rs, "", &c));
    runset_free(rs);
}

static void parse_column_strips_backticks(void **state)
{
    RunSet   *rs = runset_new();
    RunInfoIn in = { .run_id = "r", .start_time = 0, .end_time = TIME_NONE };
    Column    c;
    char      name[64];

    (void)state;
    runset_begin_run(rs, &in);
    runset_add_metric(rs, "val loss", 1, 0);
    runset_end_run(rs);
    assert_true(runtable_parse_column(rs, "metrics.`val loss`", &c));
    assert_int_equal(c.id, runset_key(rs, "val loss"));
    assert_true(runtable_parse_column(rs, "`val loss`", &c));
    column_name(rs, c, name, sizeof name);
    assert_string_equal(name, "metrics.`val loss`");
    runset_free(rs);
}

static void column_title_is_key_or_attribute_title(void **state)
{
    RunSet *rs = column_set();
    char    buf[32];

    (void)state;
    column_title(rs, col(rs, "f1"), buf, sizeof buf);
    assert_string_equal(buf, "f1");
    column_title(rs, col(rs, "start"), buf, sizeof buf);
    assert_string_equal(buf, "Start");
    column_title(rs, col(rs, "params.n_estimators"), buf, sizeof buf);
    assert_string_equal(buf, "n_estimators");
    runset_free(rs);
}

static void column_numeric_for_metrics_and_times(void **state)
{
    RunSet *rs = column_set();

    (void)state;
    assert_true(column_is_numeric(col(rs, "f1")));
    assert_true(column_is_numeric(col(rs, "duration")));
    assert_true(column_is_numeric(col(rs, "end")));
    assert_false(column_is_numeric(col(rs, "n_estimators")));
    assert_false(column_is_numeric(col(rs, "name")));
    runset_free(rs);
}

static void cell_shows_values_as_text(void **state)
{
    RunSet   *rs = runset_new();
    RunInfoIn in = { .run_id = "abc", .run_name = "rf", .status = RUN_RUNNING,
                     .lifecycle = LIFE_DELETED, .start_time = 1000, .end_time = TIME_NONE };
    char      buf[64];

    (void)state;
    runset_begin_run(rs, &in);
    runset_add_metric(rs, "f1", 0.123456789, 0);
    runset_add_param(rs, "p", "gini");
    runset_end_run(rs);
    runtable_cell(rs, 0, col(rs, "f1"), 0, buf, sizeof buf);
    assert_string_equal(buf, "0.123457");
    runtable_cell(rs, 0, col(rs, "p"), 0, buf, sizeof buf);
    assert_string_equal(buf, "gini");
    runtable_cell(rs, 0, col(rs, "status"), 0, buf, sizeof buf);
    assert_string_equal(buf, "RUNNING");
    runtable_cell(rs, 0, col(rs, "lifecycle"), 0, buf, sizeof buf);
    assert_string_equal(buf, "deleted");
    runtable_cell(rs, 0, col(rs, "duration"), 31000, buf, sizeof buf);  /* running: to now */
    assert_string_equal(buf, "30.0s");
    runtable_cell(rs, 0, col(rs, "end"), 0, buf, sizeof buf);
    assert_string_equal(buf, "");
    runtable_cell(rs, 0, col(rs, "user"), 0, buf, sizeof buf);
    assert_string_equal(buf, "");
    runset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_direction_and_direction_words),
        cmocka_unit_test(no_sort_keeps_server_order),
        cmocka_unit_test(sort_by_metric_ascending),
        cmocka_unit_test(sort_by_metric_descending),
        cmocka_unit_test(sort_puts_nan_last_in_both_directions),
        cmocka_unit_test(sort_puts_nan_before_missing_in_both_directions),
        cmocka_unit_test(sort_puts_missing_last_in_both_directions),
        cmocka_unit_test(sort_ties_break_on_start_newest_first_then_run_id),
        cmocka_unit_test(sort_numeric_orders_infinities_zeros_nan_missing),
        cmocka_unit_test(sort_numeric_ties_among_values_nan_and_missing),
        cmocka_unit_test(sort_numeric_matches_the_general_comparator),
        cmocka_unit_test(sort_compares_numeric_params_as_numbers),
        cmocka_unit_test(sort_compares_other_params_as_strings_after_numbers),
        cmocka_unit_test(sort_by_name_and_start_attributes),
        cmocka_unit_test(sort_by_duration_needs_both_times),
        cmocka_unit_test(multi_key_sort_orders_by_second_key_within_ties),
        cmocka_unit_test(sort_of_many_runs_is_ordered_and_complete),
        cmocka_unit_test(quick_filter_matches_name_ignoring_case),
        cmocka_unit_test(quick_filter_matches_param_values),
        cmocka_unit_test(quick_filter_matches_run_id_user_and_status),
        cmocka_unit_test(quick_filter_ignores_tags_and_keys),
        cmocka_unit_test(quick_filter_empty_or_null_shows_every_run),
        cmocka_unit_test(quick_filter_and_sort_combine),
        cmocka_unit_test(sync_columns_uses_default_order),
        cmocka_unit_test(sync_columns_adds_new_keys_in_their_group),
        cmocka_unit_test(sync_columns_does_not_bring_back_hidden_columns),
        cmocka_unit_test(col_hide_refuses_the_pinned_name),
        cmocka_unit_test(col_show_inserts_a_hidden_or_new_column),
        cmocka_unit_test(col_move_clamps_and_keeps_name_first),
        cmocka_unit_test(parse_column_takes_prefixed_names),
        cmocka_unit_test(parse_column_takes_attribute_names),
        cmocka_unit_test(parse_column_bare_key_prefers_metric),
        cmocka_unit_test(parse_column_strips_backticks),
        cmocka_unit_test(column_title_is_key_or_attribute_title),
        cmocka_unit_test(column_numeric_for_metrics_and_times),
        cmocka_unit_test(cell_shows_values_as_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
