/* test_store.c — the local store readers (src/store/) on the six real stores
 * in tests/fixtures/local-stores/ (MLflow 3.5 and 2.17, SQLite and file
 * stores, written by a server and by the client alone): experiments, runs,
 * NaN and infinities, histories, deleted runs and experiments, the registry
 * with stages and aliases, logged models, artifact locations. Every test
 * checks the store's bytes are unchanged afterwards. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store.h"

typedef struct Fixture {
    const char *folder;
    const char *store;     /* below the folder */
    bool        server;    /* seeded from neos.json too */
    bool        mlflow3;
    bool        sqlite;
} Fixture;

static const Fixture fixtures[] = {
    { "mlflow3-server-sqlite", "mlflow.db", true, true, true },
    { "mlflow3-server-filestore", "mlruns", true, true, false },
    { "mlflow3-client-sqlite", "mlflow.db", false, true, true },
    { "mlflow3-client-filestore", "mlruns", false, true, false },
    { "mlflow2-client-sqlite", "mlflow.db", false, false, true },
    { "mlflow2-client-filestore", "mlruns", false, false, false },
};
#define N_FIX (sizeof fixtures / sizeof *fixtures)


#include "top.h"

static void fixture_path(const Fixture *f, char *buf, size_t size)
{
    snprintf(buf, size, "%stests/fixtures/local-stores/%s/%s", top, f->folder, f->store);
}

/* ---- the store's bytes: a digest of every file's name, size and content ---- */

static uint64_t digest;

static int digest_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    for (const char *p = path; *p; p++)
        digest = (digest ^ (unsigned char)*p) * 1099511628211ULL;
    digest = (digest ^ (uint64_t)st->st_size) * 1099511628211ULL;
    digest = (digest ^ (uint64_t)st->st_mtime) * 1099511628211ULL;
    if (flag == FTW_F) {
        FILE *f = fopen(path, "rb");
        int c;
        if (f) {
            while ((c = getc(f)) != EOF)
                digest = (digest ^ (unsigned char)c) * 1099511628211ULL;
            fclose(f);
        }
    }
    return 0;
}

static uint64_t folder_digest(const Fixture *f)
{
    char p[1200];
    snprintf(p, sizeof p, "%stests/fixtures/local-stores/%s", top, f->folder);
    digest = 1469598103934665603ULL;
    nftw(p, digest_one, 16, FTW_PHYS);
    return digest;
}

typedef struct T {
    const Fixture *f;
    Store         *s;
    uint64_t       before;
} T;

static int setup(void **state, size_t i)
{
    T *t = calloc(1, sizeof *t);
    char p[1200], path[1200];
    StoreKind kind;
    Err err;

    t->f = &fixtures[i];
    t->before = folder_digest(t->f);
    fixture_path(t->f, p, sizeof p);
    assert_int_equal(store_uri_parse(p, &kind, path, sizeof path), 0);
    assert_int_equal(kind, t->f->sqlite ? STORE_SQLITE : STORE_FILE);
    t->s = store_open(kind, path, NULL, &err);
    if (!t->s)
        fail_msg("%s: %s", p, err.message);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    T *t = *state;
    char w[600];
    int n;

    n = store_take_warning(t->s, w, sizeof w);
    if (n)
        fail_msg("%s: unexpected warning: %s", t->f->folder, w);
    store_close(t->s);
    assert_true(folder_digest(t->f) == t->before);   /* nothing written */
    free(t);
    return 0;
}

#define SETUP(i) static int setup##i(void **s) { return setup(s, i); }
SETUP(0) SETUP(1) SETUP(2) SETUP(3) SETUP(4) SETUP(5)

static const Experiment *exp_named(const ExperimentList *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].name, name))
            return &l->items[i];
    return NULL;
}

static long run_named(const RunSet *rs, const char *name)
{
    for (size_t i = 0; i < rs->n_runs; i++)
        if (!strcmp(runset_str(rs, rs->runs[i].name), name))
            return (long)i;
    return -1;
}

static double metric(const RunSet *rs, long run, const char *key)
{
    uint32_t k = runset_key(rs, key);
    const MetricVal *m;

    assert_true(run >= 0);
    assert_int_not_equal(k, UINT32_MAX);
    m = runset_metric(rs, (size_t)run, k);
    assert_non_null(m);
    return m->value;
}

static RunSet *runs_of(T *t, const char *exp_name, int view_type, const char *filter)
{
    ExperimentList l = { 0 };
    const Experiment *e;
    RunSet *rs = runset_new();
    Filter f = { 0 };
    char why[300];
    Err err;
    const char *ids[1];

    assert_int_equal(store_experiments(t->s, 2, NULL, &l, &err), 0);
    e = exp_named(&l, exp_name);
    assert_non_null(e);
    ids[0] = e->id;
    if (filter)
        assert_int_equal(filter_parse(filter, FILTER_RUNS, &f, why, sizeof why), 0);
    if (store_runs(t->s, ids, 1, view_type, &f, rs, &err) != 0)
        fail_msg("%s", err.message);
    filter_free(&f);
    explist_clear(&l);
    free(l.items);
    return rs;
}

/* ---- tests ---- */

static void experiments_active_and_deleted(void **state)
{
    T *t = *state;
    ExperimentList active = { 0 }, all = { 0 }, deleted = { 0 };
    Err err;
    const Experiment *d;

    assert_int_equal(store_experiments(t->s, 0, NULL, &active, &err), 0);
    assert_int_equal(store_experiments(t->s, 2, NULL, &all, &err), 0);
    assert_int_equal(store_experiments(t->s, 1, NULL, &deleted, &err), 0);
    assert_int_equal(all.n, t->f->server ? 6 : 4);
    assert_int_equal(active.n, all.n - 1);
    assert_int_equal(deleted.n, 1);
    assert_string_equal(deleted.items[0].name, "deleted_experiment");
    assert_string_equal(deleted.items[0].lifecycle_stage, "deleted");
    assert_non_null(exp_named(&active, "Default"));
    assert_non_null(exp_named(&active, "NEOs_real_client"));
    assert_non_null(exp_named(&active, "edge_cases"));
    assert_null(exp_named(&active, "deleted_experiment"));
    d = exp_named(&all, "Default");
    assert_string_equal(d->id, "0");
    if (t->f->server) {
        const Experiment *h = exp_named(&all, "Hazardous_NEOs");
        bool found = false;
        assert_non_null(h);
        for (size_t i = 0; i < h->n_tags; i++)
            found |= !strcmp(h->tags[i].key, "project");
        assert_true(found);
    }
    explist_clear(&active); free(active.items);
    explist_clear(&all); free(all.items);
    explist_clear(&deleted); free(deleted.items);
}

static void experiment_get_by_id_and_name(void **state)
{
    T *t = *state;
    Experiment e, e2;
    Err err;

    assert_int_equal(store_experiment_get(t->s, NULL, "edge_cases", &e, &err), 0);
    assert_int_equal(store_experiment_get(t->s, e.id, NULL, &e2, &err), 0);
    assert_string_equal(e2.name, "edge_cases");
    experiment_free_fields(&e);
    experiment_free_fields(&e2);
    assert_int_equal(store_experiment_get(t->s, NULL, "no such", &e, &err), -1);
    assert_int_equal(err.kind, ERR_SERVER);
    assert_string_equal(err.code, "RESOURCE_DOES_NOT_EXIST");
}

static void runs_metrics_params_tags(void **state)
{
    T *t = *state;
    RunSet *rs = runs_of(t, "NEOs_real_client", 0, NULL);
    long rf10, rf300, knn7, autolog;
    uint32_t k;

    assert_int_equal(rs->n_runs, 6);
    rf10 = run_named(rs, "rf_10");
    rf300 = run_named(rs, "rf_300");
    knn7 = run_named(rs, "knn_7");
    autolog = run_named(rs, "rf_autolog");
    assert_true(rf10 >= 0 && rf300 >= 0 && knn7 >= 0 && autolog >= 0);
    assert_true(fabs(metric(rs, rf10, "f1") - 0.857142857142857) < 1e-12);
    assert_true(fabs(metric(rs, rf300, "f1") - 0.88) < 1e-12);
    assert_true(fabs(metric(rs, knn7, "f1") - 0.791666666666667) < 1e-12);
    /* latest of a 20-step history is step 19 */
    k = runset_key(rs, "train_loss");
    assert_int_equal(runset_metric(rs, (size_t)rf10, k)->step, 19);
    k = runset_key(rs, "n_estimators");
    assert_string_equal(runset_str(rs, runset_param(rs, (size_t)rf300, k)), "300");
    k = runset_key(rs, "mlflow.runName");
    assert_string_equal(runset_str(rs, runset_tag(rs, (size_t)knn7, k)), "knn_7");
    assert_int_equal(rs->runs[rf10].status, RUN_FINISHED);
    assert_int_equal(rs->runs[rf10].lifecycle, LIFE_ACTIVE);
    assert_true(rs->runs[rf10].start_time > 1796178000000LL);
    /* MLflow's default order: newest first */
    for (size_t i = 1; i < rs->n_runs; i++)
        assert_true(rs->runs[i - 1].start_time >= rs->runs[i].start_time);
    /* the autologged run's 18 params */
    assert_int_equal(rs->runs[autolog].p_n, 18);
    runset_free(rs);
}

static void nan_and_infinities(void **state)
{
    T *t = *state;
    RunSet *rs = runs_of(t, "edge_cases", 0, NULL);
    long nf = run_named(rs, "nonfinite");
    double pinf = metric(rs, nf, "pos_inf"), ninf = metric(rs, nf, "neg_inf");

    assert_int_equal(rs->n_runs, 1);   /* deleted_run is not active */
    assert_true(isnan(metric(rs, nf, "nan_metric")));
    if (t->f->sqlite) {   /* MLflow's SQL store keeps +-inf as +-DBL_MAX */
        assert_true(pinf == DBL_MAX);
        assert_true(ninf == -DBL_MAX);
    } else {
        assert_true(isinf(pinf) && pinf > 0);
        assert_true(isinf(ninf) && ninf < 0);
    }
    runset_free(rs);
}

static void deleted_runs_by_view_type(void **state)
{
    T *t = *state;
    RunSet *all = runs_of(t, "edge_cases", 2, NULL);
    RunSet *del = runs_of(t, "edge_cases", 1, NULL);
    long d;

    assert_int_equal(all->n_runs, 2);
    assert_int_equal(del->n_runs, 1);
    d = run_named(del, "deleted_run");
    assert_true(d >= 0);
    assert_int_equal(del->runs[d].lifecycle, LIFE_DELETED);
    assert_true(metric(del, d, "m") == 1.0);
    runset_free(all);
    runset_free(del);
    /* runs of the deleted experiment are readable too */
    all = runs_of(t, "deleted_experiment", 2, NULL);
    assert_int_equal(all->n_runs, 1);
    assert_true(run_named(all, "in_deleted_experiment") >= 0);
    runset_free(all);
}

static void all_runs_of_every_experiment(void **state)
{
    T *t = *state;
    RunSet *rs = runset_new();
    Err err;
    size_t deleted = 0;

    assert_int_equal(store_runs(t->s, NULL, 0, 2, NULL, rs, &err), 0);
    assert_int_equal(rs->n_runs, t->f->server ? 49 : 9);
    for (size_t i = 0; i < rs->n_runs; i++)
        deleted += rs->runs[i].lifecycle == LIFE_DELETED;
    assert_int_equal(deleted, t->f->server ? 3 : 2);
    runset_free(rs);
}

static void filter_on_real_runs(void **state)
{
    T *t = *state;
    RunSet *rs = runs_of(t, "NEOs_real_client", 0, "metrics.f1 > 0.85");

    assert_int_equal(rs->n_runs, 3);   /* rf_10, rf_100, rf_300 */
    assert_true(run_named(rs, "knn_7") < 0);
    runset_free(rs);
    rs = runs_of(t, "NEOs_real_client", 0, "params.n_neighbors = '7' and attributes.run_name LIKE 'knn%'");
    assert_int_equal(rs->n_runs, 1);
    assert_true(run_named(rs, "knn_7") == 0);
    runset_free(rs);
    rs = runs_of(t, "edge_cases", 2, "attributes.status = 'FINISHED' AND metrics.m = 1");
    assert_int_equal(rs->n_runs, 1);
    runset_free(rs);
}

static void run_get_and_history(void **state)
{
    T *t = *state;
    RunSet *rs = runs_of(t, "edge_cases", 0, NULL), *one = runset_new();
    const char *id = runset_str(rs, rs->runs[0].run_id);
    MetricHistory *h = NULL;
    Err err;

    assert_int_equal(store_run_get(t->s, id, one, &err), 0);
    assert_int_equal(one->n_runs, 1);
    assert_string_equal(runset_str(one, one->runs[0].name), "nonfinite");
    assert_int_equal(store_metric_history(t->s, id, "mixed_history", &h, &err), 0);
    assert_int_equal(h->n, 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(h->pts[i].step, (int64_t)i);
    assert_true(h->pts[0].value == 1.0);
    assert_true(isnan(h->pts[1].value));
    assert_true(h->pts[2].value > 1e308);
    assert_true(h->pts[3].value < -1e308);
    assert_true(h->pts[4].value == 0.5);
    history_free(h);
    h = NULL;
    /* an unknown key is an empty history, an unknown run is not found */
    assert_int_equal(store_metric_history(t->s, id, "no_such_metric", &h, &err), 0);
    assert_int_equal(h->n, 0);
    history_free(h);
    runset_free(one);
    one = runset_new();
    assert_int_equal(store_run_get(t->s, "0123456789abcdef0123456789abcdef", one, &err), -1);
    assert_string_equal(err.code, "RESOURCE_DOES_NOT_EXIST");
    runset_free(one);
    runset_free(rs);
}

static const cJSON *find_by(const cJSON *arr, const char *field, const char *value)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(it, field));
        if (v && !strcmp(v, value))
            return it;
    }
    return NULL;
}

static void registry_stages_and_aliases(void **state)
{
    T *t = *state;
    Err err;
    cJSON *models = store_registered_models(t->s, &err);
    cJSON *versions = store_model_versions(t->s, "NEOs_real", &err);
    const cJSON *m, *v1, *v2, *lv, *al;

    assert_non_null(models);
    assert_non_null(versions);
    assert_int_equal(cJSON_GetArraySize(models), t->f->server ? 2 : 1);
    m = find_by(models, "name", "NEOs_real");
    assert_non_null(m);
    al = cJSON_GetObjectItem(m, "aliases");
    assert_int_equal(cJSON_GetArraySize(al), 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(al, 0),
                                                                 "alias")), "champion");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(al, 0),
                                                                 "version")), "2");
    lv = cJSON_GetObjectItem(m, "latest_versions");
    assert_int_equal(cJSON_GetArraySize(lv), 2);   /* Production v2, Archived v1 */
    assert_int_equal(cJSON_GetArraySize(versions), 2);
    v1 = find_by(versions, "version", "1");
    v2 = find_by(versions, "version", "2");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(v1, "current_stage")), "Archived");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(v2, "current_stage")), "Production");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(v2, "aliases")), 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(v1, "aliases")), 0);
    assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(v1, "run_id")));
    if (t->f->mlflow3)
        assert_true(!strncmp(cJSON_GetStringValue(cJSON_GetObjectItem(v1, "source")), "models:/m-", 10));
    if (t->f->server) {
        const cJSON *neos = find_by(models, "name", "NEOs");
        assert_non_null(neos);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(neos, "tags")), 3);
        assert_non_null(cJSON_GetObjectItem(neos, "description"));
    }
    cJSON_Delete(models);
    cJSON_Delete(versions);
    versions = store_model_versions(t->s, NULL, &err);
    assert_int_equal(cJSON_GetArraySize(versions), t->f->server ? 4 : 2);
    cJSON_Delete(versions);
}

static void logged_models_in_mlflow3_only(void **state)
{
    T *t = *state;
    Err err;
    cJSON *lm = store_logged_models(t->s, NULL, &err);
    const cJSON *it;

    assert_non_null(lm);
    assert_int_equal(cJSON_GetArraySize(lm), t->f->mlflow3 ? 3 : 0);
    cJSON_ArrayForEach(it, lm) {
        const cJSON *info = cJSON_GetObjectItem(it, "info");
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(info, "model_id"));
        assert_true(id && !strncmp(id, "m-", 2));
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(info, "status")),
                            "LOGGED_MODEL_READY");
        assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(info, "source_run_id")));
    }
    cJSON_Delete(lm);
}

static void artifacts_resolve_to_the_fixture(void **state)
{
    T *t = *state;
    RunSet *rs = runs_of(t, "NEOs_real_client", 0, NULL);
    long rf10 = run_named(rs, "rf_10");
    Err err;
    char *dir = store_run_artifact_dir(t->s, runset_str(rs, rs->runs[rf10].run_id), &err);
    char png[2048];
    struct stat st;

    assert_non_null(dir);
    /* recorded under /tmp/stores/<folder>/ or mlflow-artifacts:/, found here */
    assert_non_null(strstr(dir, t->f->folder));
    snprintf(png, sizeof png, "%s/confusion_matrix.png", dir);
    assert_int_equal(stat(png, &st), 0);
    assert_true(st.st_size > 1000);
    free(dir);
    runset_free(rs);
}

static void run_inputs_and_outputs(void **state)
{
    T *t = *state;
    RunSet *rs = runs_of(t, "NEOs_real_client", 0, NULL);
    Err err;
    long autolog = run_named(rs, "rf_autolog"), rf10 = run_named(rs, "rf_10");
    cJSON *io = store_run_io(t->s, runset_str(rs, rs->runs[autolog].run_id), &err);
    const cJSON *ds, *tag;

    assert_non_null(io);
    ds = cJSON_GetObjectItem(cJSON_GetObjectItem(io, "inputs"), "dataset_inputs");
    assert_int_equal(cJSON_GetArraySize(ds), 1);
    tag = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(ds, 0), "tags"), 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(tag, "key")), "mlflow.data.context");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(tag, "value")), "train");
    cJSON_Delete(io);
    io = store_run_io(t->s, runset_str(rs, rs->runs[rf10].run_id), &err);
    assert_non_null(io);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(io, "outputs"),
                                                            "model_outputs")),
                     t->f->mlflow3 ? 1 : 0);
    cJSON_Delete(io);
    runset_free(rs);
}

#define STORE_TESTS(i) \
    cmocka_unit_test_setup_teardown(experiments_active_and_deleted, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(experiment_get_by_id_and_name, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(runs_metrics_params_tags, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(nan_and_infinities, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(deleted_runs_by_view_type, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(all_runs_of_every_experiment, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(filter_on_real_runs, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(run_get_and_history, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(registry_stages_and_aliases, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(logged_models_in_mlflow3_only, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(run_inputs_and_outputs, setup##i, teardown), \
    cmocka_unit_test_setup_teardown(artifacts_resolve_to_the_fixture, setup##i, teardown)

static void uri_forms(void **state)
{
    char p[1200], uri[1300], out[1300];
    StoreKind k;

    (void)state;
    fixture_path(&fixtures[2], p, sizeof p);
    if (p[0] == '/') {
        snprintf(uri, sizeof uri, "sqlite:///%s", p);   /* sqlite:////abs */
        assert_int_equal(store_uri_parse(uri, &k, out, sizeof out), 0);
        assert_int_equal(k, STORE_SQLITE);
        fixture_path(&fixtures[3], p, sizeof p);
        snprintf(uri, sizeof uri, "file://%s", p);
        assert_int_equal(store_uri_parse(uri, &k, out, sizeof out), 0);
        assert_int_equal(k, STORE_FILE);
        assert_string_equal(out, p);
    }
    assert_int_equal(store_uri_parse("http://127.0.0.1:5000", &k, out, sizeof out), -1);
    assert_int_equal(store_uri_parse("https://example.com", &k, out, sizeof out), -1);
    assert_int_equal(store_uri_parse("databricks", &k, out, sizeof out), -1);
    assert_int_equal(store_uri_parse("/no/such/mlruns", &k, out, sizeof out), -1);
}

static void artifact_root_and_reroot(void **state)
{
    char p[1200], path[1200];
    StoreKind k;
    Err err;
    Store *s;
    char *r;

    (void)state;
    fixture_path(&fixtures[0], p, sizeof p);
    assert_int_equal(store_uri_parse(p, &k, path, sizeof path), 0);
    s = store_open(k, path, "/srv/artifacts", &err);
    assert_non_null(s);
    r = store_resolve_location(s, "mlflow-artifacts:/3/abc/artifacts");
    assert_string_equal(r, "/srv/artifacts/3/abc/artifacts");
    free(r);
    r = store_resolve_location(s, "file:///data/x%20y");
    assert_string_equal(r, "/data/x y");
    free(r);
    assert_null(store_resolve_location(s, "s3://bucket/x"));
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        STORE_TESTS(0), STORE_TESTS(1), STORE_TESTS(2), STORE_TESTS(3), STORE_TESTS(4),
        STORE_TESTS(5),
        cmocka_unit_test(uri_forms),
        cmocka_unit_test(artifact_root_and_reroot),
    };

    find_top();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
