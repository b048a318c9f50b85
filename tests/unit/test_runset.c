/* test_runset.c — building, merging and looking up runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "core/runset.h"
#include "core/runtable.h"

static void begin(RunSet *rs, const char *id, const char *name, int64_t start)
{
    RunInfoIn in = { .run_id = id, .run_name = name, .experiment_id = "7", .user_id = "ana",
                     .artifact_uri = "mlflow-artifacts:/7/x", .status = RUN_FINISHED,
                     .lifecycle = LIFE_ACTIVE, .start_time = start, .end_time = start + 1000 };

    assert_int_equal(runset_begin_run(rs, &in), 0);
}

static const MetricVal *metric(const RunSet *rs, long run, const char *key)
{
    uint32_t k = runset_key(rs, key);

    return k == UINT32_MAX ? NULL : runset_metric(rs, (size_t)run, k);
}

static const char *param(const RunSet *rs, long run, const char *key)
{
    uint32_t k = runset_key(rs, key), v;

    if (k == UINT32_MAX)
        return NULL;
    v = runset_param(rs, (size_t)run, k);
    return v == UINT32_MAX ? NULL : runset_str(rs, v);
}

static const char *tag(const RunSet *rs, long run, const char *key)
{
    uint32_t k = runset_key(rs, key), v;

    if (k == UINT32_MAX)
        return NULL;
    v = runset_tag(rs, (size_t)run, k);
    return v == UINT32_MAX ? NULL : runset_str(rs, v);
}

static long key_count(const KeyList *kl, const RunSet *rs, const char *key)
{
    long i = keylist_find(kl, runset_key(rs, key));

    return i < 0 ? -1 : (long)kl->counts[i];
}

static void build_stores_run_attributes(void **state)
{
    RunSet    *rs = runset_new();
    const Run *r;

    (void)state;
    begin(rs, "abc123", "rf_10000", 1684060509000);
    assert_int_equal(runset_end_run(rs), 0);
    assert_int_equal(rs->n_runs, 1);
    r = &rs->runs[0];
    assert_string_equal(runset_str(rs, r->run_id), "abc123");
    assert_string_equal(runset_str(rs, r->name), "rf_10000");
    assert_string_equal(runset_str(rs, r->experiment_id), "7");
    assert_string_equal(runset_str(rs, r->user), "ana");
    assert_string_equal(runset_str(rs, r->artifact_uri), "mlflow-artifacts:/7/x");
    assert_int_equal(r->status, RUN_FINISHED);
    assert_int_equal(r->lifecycle, LIFE_ACTIVE);
    assert_true(r->start_time == 1684060509000);
    assert_true(r->end_time == 1684060510000);
    assert_int_equal(r->source, 0);
    runset_free(rs);
}

static void null_info_strings_are_empty(void **state)
{
    RunSet   *rs = runset_new();
    RunInfoIn in = { .status = RUN_RUNNING, .start_time = TIME_NONE, .end_time = TIME_NONE };

    (void)state;
    assert_int_equal(runset_begin_run(rs, &in), 0);
    assert_int_equal(runset_end_run(rs), 0);
    assert_int_equal(rs->runs[0].run_id, 0);
    assert_int_equal(rs->runs[0].name, 0);
    assert_true(rs->runs[0].start_time == TIME_NONE);
    runset_free(rs);
}

static void entries_are_stored_and_looked_up_by_key(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    begin(rs, "r1", "one", 1000);
    runset_add_metric(rs, "f1", 0.91, 3);
    runset_add_metric(rs, "accuracy", 0.97, 3);
    runset_add_param(rs, "n_estimators", "10000");
    runset_add_tag(rs, "team", "neo");
    runset_end_run(rs);
    assert_true(metric(rs, 0, "f1")->value == 0.91);
    assert_int_equal(metric(rs, 0, "f1")->step, 3);
    assert_true(metric(rs, 0, "accuracy")->value == 0.97);
    assert_string_equal(param(rs, 0, "n_estimators"), "10000");
    assert_string_equal(tag(rs, 0, "team"), "neo");
    runset_free(rs);
}

static void lookup_of_absent_key_reports_missing(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    begin(rs, "r1", "one", 1000);
    runset_add_metric(rs, "f1", 0.5, 0);
    runset_end_run(rs);
    begin(rs, "r2", "two", 1000);
    runset_add_param(rs, "depth", "3");
    runset_end_run(rs);
    assert_null(metric(rs, 1, "f1"));
    assert_null(param(rs, 0, "depth"));
    /* a key id that exists but is a param, asked as a metric */
    assert_null(runset_metric(rs, 1, runset_key(rs, "depth")));
    assert_int_equal(runset_tag(rs, 0, runset_key(rs, "f1")), UINT32_MAX);
    assert_int_equal(runset_key(rs, "never-seen"), UINT32_MAX);
    runset_free(rs);
}

static void key_repeated_in_one_run_keeps_the_last_value(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    begin(rs, "r1", "one", 1000);
    runset_add_metric(rs, "loss", 0.9, 1);
    runset_add_param(rs, "lr", "0.1");
    runset_add_metric(rs, "f1", 0.1, 1);
    runset_add_metric(rs, "loss", 0.5, 2);
    runset_add_tag(rs, "t", "first");
    runset_add_param(rs, "lr", "0.01");
    runset_add_metric(rs, "loss", 0.2, 3);
    runset_add_tag(rs, "t", "second");
    runset_end_run(rs);
    assert_int_equal(rs->runs[0].m_n, 2);
    assert_int_equal(rs->runs[0].p_n, 1);
    assert_int_equal(rs->runs[0].t_n, 1);
    assert_true(metric(rs, 0, "loss")->value == 0.2);
    assert_int_equal(metric(rs, 0, "loss")->step, 3);
    assert_string_equal(param(rs, 0, "lr"), "0.01");
    assert_string_equal(tag(rs, 0, "t"), "second");
    assert_int_equal(key_count(&rs->metric_keys, rs, "loss"), 1);
    runset_free(rs);
}

static void many_entries_in_one_run_are_sorted_and_deduplicated(void **state)
{
    RunSet *rs = runset_new();
    char    k[32], v[32];

    (void)state;
    /* Intern keys in ascending order first, then add them shuffled, twice. */
    begin(rs, "seed", "seed", 0);
    for (int i = 0; i < 500; i++) {
        snprintf(k, sizeof k, "p%03d", i);
        runset_add_param(rs, k, "x");
    }
    runset_end_run(rs);
    begin(rs, "r", "r", 0);
    for (int pass = 0; pass < 2; pass++)
        for (int j = 0; j < 500; j++) {
            int i = (j * 7919) % 500;  /* a permutation of 0..499 */

            snprintf(k, sizeof k, "p%03d", i);
            snprintf(v, sizeof v, "%d-%d", i, pass);
            runset_add_param(rs, k, v);
        }
    runset_end_run(rs);
    assert_int_equal(rs->runs[1].p_n, 500);
    for (uint32_t i = 1; i < rs->runs[1].p_n; i++)
        assert_true(rs->params[rs->runs[1].p_off + i - 1].key
                    < rs->params[rs->runs[1].p_off + i].key);
    assert_string_equal(param(rs, 1, "p000"), "0-1");
    assert_string_equal(param(rs, 1, "p123"), "123-1");
    assert_string_equal(param(rs, 1, "p499"), "499-1");
    runset_free(rs);
}

static void metric_step_is_clamped_to_u32(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    begin(rs, "r", "r", 0);
    runset_add_metric(rs, "neg", 1, -5);
    runset_add_metric(rs, "big", 1, INT64_C(1) << 40);
    runset_end_run(rs);
    assert_int_equal(metric(rs, 0, "neg")->step, 0);
    assert_int_equal(metric(rs, 0, "big")->step, UINT32_MAX);
    runset_free(rs);
}

static void nan_and_infinite_metrics_are_kept(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    begin(rs, "r", "r", 0);
    runset_add_metric(rs, "a", NAN, 0);
    runset_add_metric(rs, "b", -INFINITY, 0);
    runset_end_run(rs);
    assert_true(isnan(metric(rs, 0, "a")->value));
    assert_true(isinf(metric(rs, 0, "b")->value) && metric(rs, 0, "b")->value < 0);
    runset_free(rs);
}

static void adding_outside_a_run_fails(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    assert_int_equal(runset_add_metric(rs, "f1", 1, 0), -1);
    assert_int_equal(runset_add_param(rs, "p", "v"), -1);
    assert_int_equal(runset_add_tag(rs, "t", "v"), -1);
    assert_int_equal(runset_end_run(rs), -1);
    assert_int_equal(rs->n_runs, 0);
    runset_free(rs);
}

static void source_commit_and_flavour_are_recorded(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    begin(rs, "r", "r", 0);
    runset_add_tag(rs, "mlflow.source.name", "train.py");
    runset_add_tag(rs, "mlflow.source.git.commit", "deadbeef");
    runset_set_flavour(rs, "sklearn");
    runset_end_run(rs);
    assert_string_equal(runset_str(rs, rs->runs[0].source), "train.py");
    assert_string_equal(runset_str(rs, rs->runs[0].git_commit), "deadbeef");
    assert_string_equal(runset_str(rs, rs->runs[0].flavour), "sklearn");
    runset_free(rs);
}

static void missing_name_and_user_come_from_mlflow_tags(void **state)
{
    RunSet   *rs = runset_new();
    RunInfoIn in = { .run_id = "r", .start_time = 0, .end_time = TIME_NONE };

    (void)state;
    runset_begin_run(rs, &in);
    runset_add_tag(rs, "mlflow.runName", "bright-fox-42");
    runset_add_tag(rs, "mlflow.user", "bob");
    runset_end_run(rs);
    assert_string_equal(runset_str(rs, rs->runs[0].name), "bright-fox-42");
    assert_string_equal(runset_str(rs, rs->runs[0].user), "bob");
    runset_free(rs);
}

static void key_lists_hold_keys_in_first_seen_order_with_run_counts(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    begin(rs, "r1", "a", 0);
    runset_add_metric(rs, "loss", 1, 0);
    runset_add_metric(rs, "f1", 1, 0);
    runset_end_run(rs);
    begin(rs, "r2", "b", 0);
    runset_add_metric(rs, "f1", 1, 0);
    runset_add_metric(rs, "auc", 1, 0);
    runset_add_param(rs, "depth", "3");
    runset_end_run(rs);
    assert_int_equal(rs->metric_keys.n, 3);
    assert_string_equal(runset_str(rs, rs->metric_keys.ids[0]), "loss");
    assert_string_equal(runset_str(rs, rs->metric_keys.ids[1]), "f1");
    assert_string_equal(runset_str(rs, rs->metric_keys.ids[2]), "auc");
    assert_int_equal(key_count(&rs->metric_keys, rs, "f1"), 2);
    assert_int_equal(key_count(&rs->metric_keys, rs, "loss"), 1);
    assert_int_equal(rs->param_keys.n, 1);
    assert_int_equal(key_count(&rs->param_keys, rs, "depth"), 1);
    assert_int_equal(rs->tag_keys.n, 0);
    assert_int_equal(keylist_find(&rs->param_keys, runset_key(rs, "f1")), -1);
    runset_free(rs);
}

static void find_returns_index_of_run_id(void **state)
{
    RunSet *rs = runset_new();
    char    id[16];

    (void)state;
    for (int i = 0; i < 5000; i++) {
        snprintf(id, sizeof id, "run%d", i);
        begin(rs, id, id, i);
        runset_end_run(rs);
    }
    assert_int_equal(runset_find(rs, "run0"), 0);
    assert_int_equal(runset_find(rs, "run4321"), 4321);
    assert_int_equal(runset_find(rs, "run4999"), 4999);
    assert_int_equal(runset_find(rs, "run5000"), -1);
    assert_int_equal(runset_find(rs, "run4321 "), -1);
    assert_int_equal(runset_find(rs, ""), -1);
    runset_free(rs);
}

static void building_a_run_id_already_present_replaces_it_in_place(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    begin(rs, "a", "first a", 0);
    runset_add_metric(rs, "f1", 0.1, 0);
    runset_end_run(rs);
    begin(rs, "b", "b", 0);
    runset_end_run(rs);
    begin(rs, "a", "second a", 0);
    runset_add_metric(rs, "f1", 0.2, 0);
    runset_end_run(rs);
    assert_int_equal(rs->n_runs, 2);
    assert_int_equal(runset_find(rs, "a"), 0);
    assert_string_equal(runset_str(rs, rs->runs[0].name), "second a");
    assert_true(metric(rs, 0, "f1")->value == 0.2);
    assert_int_equal(key_count(&rs->metric_keys, rs, "f1"), 1);
    runset_free(rs);
}

static void runs_without_id_are_never_merged(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    begin(rs, "", "x", 0);
    runset_end_run(rs);
    begin(rs, "", "y", 0);
    runset_end_run(rs);
    assert_int_equal(rs->n_runs, 2);
    runset_free(rs);
}

static void merge_appends_runs_with_strings_reinterned(void **state)
{
    RunSet *dst = runset_new(), *src = runset_new();

    (void)state;
    begin(dst, "old", "old", 0);
    runset_add_param(dst, "zz", "1");
    runset_end_run(dst);
    begin(src, "new", "new", 5);
    runset_add_metric(src, "f1", 0.75, 2);
    runset_add_param(src, "n_estimators", "100");
    runset_add_param(src, "zz", "2");
    runset_add_tag(src, "mlflow.source.name", "nb.ipynb");
    runset_set_flavour(src, "h2o");
    runset_end_run(src);
    assert_int_equal(runset_merge(dst, src), 0);
    runset_free(src);  /* dst must not point into src's pool */
    assert_int_equal(dst->n_runs, 2);
    assert_int_equal(runset_find(dst, "new"), 1);
    assert_string_equal(runset_str(dst, dst->runs[1].name), "new");
    assert_true(metric(dst, 1, "f1")->value == 0.75);
    assert_int_equal(metric(dst, 1, "f1")->step, 2);
    assert_string_equal(param(dst, 1, "n_estimators"), "100");
    assert_string_equal(param(dst, 1, "zz"), "2");
    assert_string_equal(param(dst, 0, "zz"), "1");
    assert_string_equal(tag(dst, 1, "mlflow.source.name"), "nb.ipynb");
    assert_string_equal(runset_str(dst, dst->runs[1].source), "nb.ipynb");
    assert_string_equal(runset_str(dst, dst->runs[1].flavour), "h2o");
    assert_int_equal(key_count(&dst->param_keys, dst, "zz"), 2);
    assert_true(dst->runs[1].start_time == 5);
    runset_free(dst);
}

static void merged_entries_are_sorted_by_destination_key_ids(void **state)
{
    RunSet *dst = runset_new(), *src = runset_new();

    (void)state;
    /* dst sees "b" before "a"; src the other way round. */
    begin(dst, "d", "d", 0);
    runset_add_metric(dst, "b", 2, 0);
    runset_add_metric(dst, "a", 1, 0);
    runset_end_run(dst);
    begin(src, "s", "s", 0);
    runset_add_metric(src, "a", 10, 0);
    runset_add_metric(src, "b", 20, 0);
    runset_end_run(src);
    runset_merge(dst, src);
    assert_true(metric(dst, 1, "a")->value == 10);
    assert_true(metric(dst, 1, "b")->value == 20);
    assert_true(dst->metrics[dst->runs[1].m_off].key < dst->metrics[dst->runs[1].m_off + 1].key);
    runset_free(src);
    runset_free(dst);
}

static void merge_replaces_run_with_same_id(void **state)
{
    RunSet *dst = runset_new(), *src = runset_new();

    (void)state;
    begin(dst, "a", "a", 0);
    runset_end_run(dst);
    begin(dst, "b", "b-running", 0);
    runset_add_metric(dst, "loss", 0.9, 1);
    runset_add_param(dst, "lr", "0.1");
    runset_end_run(dst);
    begin(dst, "c", "c", 0);
    runset_end_run(dst);
    begin(src, "b", "b-finished", 0);
    runset_add_metric(src, "f1", 0.8, 9);
    runset_add_param(src, "lr", "0.2");
    runset_end_run(src);
    assert_int_equal(runset_merge(dst, src), 0);
    assert_int_equal(dst->n_runs, 3);
    assert_int_equal(runset_find(dst, "b"), 1);
    assert_string_equal(runset_str(dst, dst->runs[1].name), "b-finished");
    assert_true(metric(dst, 1, "f1")->value == 0.8);
    assert_null(metric(dst, 1, "loss"));
    assert_string_equal(param(dst, 1, "lr"), "0.2");
    assert_int_equal(key_count(&dst->metric_keys, dst, "loss"), 0);
    assert_int_equal(key_count(&dst->metric_keys, dst, "f1"), 1);
    assert_int_equal(runset_find(dst, "c"), 2);
    runset_free(src);
    runset_free(dst);
}

static void repeated_replacement_keeps_memory_bounded(void **state)
{
    RunSet *rs = runset_new(), *page = runset_new();
    char    id[32], v[32];
    size_t  cap_after_first = 0;

    (void)state;
    for (int round = 0; round < 50; round++) {
        runset_clear(page);
        for (int i = 0; i < 200; i++) {
            snprintf(id, sizeof id, "run%d", i);
            begin(page, id, id, i);
            for (int m = 0; m < 10; m++) {
                char k[16];

                snprintf(k, sizeof k, "m%d", m);
                runset_add_metric(page, k, round * 1000 + i, round);
            }
            snprintf(v, sizeof v, "%d", round);
            runset_add_param(page, "round", v);
            runset_end_run(page);
        }
        assert_int_equal(runset_merge(rs, page), 0);
        if (round == 1)
            cap_after_first = rs->cap_metrics;
    }
    assert_int_equal(rs->n_runs, 200);
    assert_true(rs->cap_metrics <= 4 * cap_after_first);
    /* 50 rounds x 2000 metric values were stored; without compaction 100,000 */
    assert_true(rs->n_metrics <= 10000);
    assert_true(metric(rs, runset_find(rs, "run7"), "m3")->value == 49 * 1000 + 7);
    assert_string_equal(param(rs, runset_find(rs, "run199"), "round"), "49");
    assert_int_equal(key_count(&rs->metric_keys, rs, "m0"), 200);
    runset_free(page);
    runset_free(rs);
}

static void clear_removes_every_run(void **state)
{
    RunSet *rs = runset_new();

    (void)state;
    begin(rs, "a", "a", 0);
    runset_add_metric(rs, "f1", 1, 0);
    runset_end_run(rs);
    runset_clear(rs);
    assert_int_equal(rs->n_runs, 0);
    assert_int_equal(rs->n_metrics, 0);
    assert_int_equal(rs->metric_keys.n, 0);
    assert_int_equal(runset_find(rs, "a"), -1);
    begin(rs, "a", "again", 0);
    runset_end_run(rs);
    assert_int_equal(runset_find(rs, "a"), 0);
    assert_string_equal(runset_str(rs, rs->runs[0].name), "again");
    runset_free(rs);
}

static void version_changes_with_every_change(void **state)
{
    RunSet  *rs = runset_new(), *src = runset_new();
    uint64_t v0 = rs->version, v1, v2;

    (void)state;
    begin(rs, "a", "a", 0);
    runset_end_run(rs);
    v1 = rs->version;
    begin(src, "b", "b", 0);
    runset_end_run(src);
    runset_merge(rs, src);
    v2 = rs->version;
    runset_clear(rs);
    assert_true(v1 != v0);
    assert_true(v2 != v1);
    assert_true(rs->version != v2);
    runset_free(src);
    runset_free(rs);
}

static void status_names_round_trip(void **state)
{
    (void)state;
    assert_string_equal(run_status_name(RUN_FINISHED), "FINISHED");
    assert_string_equal(run_status_name(RUN_FAILED), "FAILED");
    assert_int_equal(run_status_parse("RUNNING"), RUN_RUNNING);
    assert_int_equal(run_status_parse("SCHEDULED"), RUN_SCHEDULED);
    assert_int_equal(run_status_parse("KILLED"), RUN_KILLED);
    assert_int_equal(run_status_parse("finished"), RUN_STATUS_UNKNOWN);
    assert_int_equal(run_status_parse(NULL), RUN_STATUS_UNKNOWN);
}

/* A run with no metrics, params or tags in a set that has none either: every
 * array is still NULL. Lookups and the quick filter must not do NULL + 0
 * (undefined behaviour that clang's UBSan reports; make fuzz-ci runs these
 * tests under it). */
static void run_without_any_entries_is_looked_up_without_null_arithmetic(void **state)
{
    RunSet  *rs = runset_new();
    RunTable t;

    (void)state;
    begin(rs, "bare", "bare-run", 1000);
    assert_int_equal(runset_end_run(rs), 0);
    assert_null(rs->metrics);
    assert_null(runset_metric(rs, 0, 1));
    assert_int_equal(runset_param(rs, 0, 1), UINT32_MAX);
    assert_int_equal(runset_tag(rs, 0, 1), UINT32_MAX);
    runtable_init(&t, rs);
    runtable_set_quick(&t, "nothing-matches");
    runtable_refresh(&t);
    assert_int_equal(t.n_rows, 0);
    runtable_set_quick(&t, "bare");
    runtable_refresh(&t);
    assert_int_equal(t.n_rows, 1);
    runtable_free(&t);
    runset_free(rs);
}

static void sorted_keys_are_alphabetical_per_kind(void **state)
{
    RunSet *rs = runset_new();
    uint32_t n;
    const char **k;

    (void)state;
    begin(rs, "a", "one", 1000);
    runset_add_metric(rs, "zeta", 1, 0);
    runset_add_metric(rs, "alpha", 2, 0);
    runset_add_metric(rs, "mid", 3, 0);
    runset_add_param(rs, "p2", "x");
    runset_add_param(rs, "p1", "y");
    assert_int_equal(runset_end_run(rs), 0);
    k = runset_sorted_keys(rs, 0, RUN_METRIC_KEYS, &n);
    assert_non_null(k);
    assert_int_equal(n, 3);
    assert_string_equal(k[0], "alpha");
    assert_string_equal(k[1], "mid");
    assert_string_equal(k[2], "zeta");
    free(k);
    k = runset_sorted_keys(rs, 0, RUN_PARAM_KEYS, &n);
    assert_int_equal(n, 2);
    assert_string_equal(k[0], "p1");
    assert_string_equal(k[1], "p2");
    free(k);
    k = runset_sorted_keys(rs, 0, RUN_TAG_KEYS, &n);
    assert_non_null(k);
    assert_int_equal(n, 0);
    free(k);
    runset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(build_stores_run_attributes),
        cmocka_unit_test(run_without_any_entries_is_looked_up_without_null_arithmetic),
        cmocka_unit_test(null_info_strings_are_empty),
        cmocka_unit_test(entries_are_stored_and_looked_up_by_key),
        cmocka_unit_test(lookup_of_absent_key_reports_missing),
        cmocka_unit_test(key_repeated_in_one_run_keeps_the_last_value),
        cmocka_unit_test(many_entries_in_one_run_are_sorted_and_deduplicated),
        cmocka_unit_test(metric_step_is_clamped_to_u32),
        cmocka_unit_test(nan_and_infinite_metrics_are_kept),
        cmocka_unit_test(adding_outside_a_run_fails),
        cmocka_unit_test(source_commit_and_flavour_are_recorded),
        cmocka_unit_test(missing_name_and_user_come_from_mlflow_tags),
        cmocka_unit_test(key_lists_hold_keys_in_first_seen_order_with_run_counts),
        cmocka_unit_test(find_returns_index_of_run_id),
        cmocka_unit_test(building_a_run_id_already_present_replaces_it_in_place),
        cmocka_unit_test(runs_without_id_are_never_merged),
        cmocka_unit_test(merge_appends_runs_with_strings_reinterned),
        cmocka_unit_test(merged_entries_are_sorted_by_destination_key_ids),
        cmocka_unit_test(merge_replaces_run_with_same_id),
        cmocka_unit_test(repeated_replacement_keeps_memory_bounded),
        cmocka_unit_test(clear_removes_every_run),
        cmocka_unit_test(version_changes_with_every_change),
        cmocka_unit_test(status_names_round_trip),
        cmocka_unit_test(sorted_keys_are_alphabetical_per_kind),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
