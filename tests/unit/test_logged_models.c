/* test_logged_models.c — MLflow 3 logged models: the parsers of
 * src/api/logged_models.c fed with the exchanges recorded from a real MLflow
 * 3.5 server (tests/conformance/recorded-logged-models), the request paths
 * and bodies, and core/logged_model.c (rows for the runs table code, server
 * generation, models:/ sources). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "api/logged_models.h"
#include "api/mlmodel.h"
#include "api/registry.h"
#include "core/logged_model.h"
#include "core/runtable.h"

#define RF300 "m-eb3805b5bc4846ceafbe66b557ce5018"
#define RF100 "m-ef0bf53d9f964786823c773454aadd59"
#define RF10  "m-9ae30ce818cc4312be0e5bf61f4c5c8f"

/* ---- recordings --------------------------------------------------------- */

static const char *rec_dir(void)
{
    static char dir[1024];
    const char *top = getenv("MLTUI_TOP");
    const char *here = __FILE__;
    const char *cut = strstr(here, "tests/unit/");

    if (top)
        snprintf(dir, sizeof dir, "%s/tests/conformance/recorded-logged-models", top);
    else if (cut && cut != here)
        snprintf(dir, sizeof dir, "%.*stests/conformance/recorded-logged-models",
                 (int)(cut - here), here);
    else
        snprintf(dir, sizeof dir, "tests/conformance/recorded-logged-models");
    return dir;
}

/* The response body of a recorded exchange as the server sent it (JSON
 * re-serialised, or the text), malloc'd; *status gets the HTTP status. */
static char *rec_body(const char *name, long *status)
{
    char path[1200];
    FILE *f;
    long n;
    char *text = NULL, *out = NULL;
    cJSON *root = NULL;
    const cJSON *resp, *b;

    snprintf(path, sizeof path, "%s/%s", rec_dir(), name);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    root = cJSON_Parse(text);
    assert_non_null(root);
    resp = cJSON_GetObjectItem(root, "response");
    if (status)
        *status = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(resp, "status"));
    b = cJSON_GetObjectItem(resp, "body");
    out = cJSON_IsString(b) ? strdup(b->valuestring) : cJSON_PrintUnformatted(b);
    assert_non_null(out);
    cJSON_Delete(root);
    free(text);
    return out;
}

static void search_file(const char *name, LoggedModelList *l, char **tok)
{
    char *body = rec_body(name, NULL);
    Err e = { 0 };

    assert_int_equal(lm_parse_search(body, strlen(body), l, tok, &e), 0);
    free(body);
}

/* ---- parsers ------------------------------------------------------------ */

static void search_recorded_gives_three_models_newest_first(void **state)
{
    LoggedModelList l = { 0 };
    char *tok = (char *)1;

    (void)state;
    search_file("006_logged_models_search.json", &l, &tok);
    assert_null(tok);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[0].model_id, RF300);
    assert_string_equal(l.items[1].model_id, RF100);
    assert_string_equal(l.items[2].model_id, RF10);
    assert_string_equal(l.items[0].name, "model");
    assert_string_equal(l.items[0].status, "LOGGED_MODEL_READY");
    assert_string_equal(l.items[0].experiment_id, "6");
    assert_string_equal(l.items[0].source_run_id, "10fd8fdc29f648bcaa13d529d5c9c29c");
    assert_string_equal(l.items[0].artifact_uri,
                        "mlflow-artifacts:/6/models/" RF300 "/artifacts");
    assert_true(l.items[0].created == 1796177877150LL);
    assert_int_equal(l.items[0].n_params, 3);
    assert_int_equal(l.items[0].n_metrics, 6);
    assert_string_equal(l.items[0].metrics[0].key, "f1");
    assert_true(fabs(l.items[0].metrics[0].value - 0.88) < 1e-12);
    assert_string_equal(l.items[0].metrics[0].run_id, "10fd8fdc29f648bcaa13d529d5c9c29c");
    assert_string_equal(l.items[0].metrics[0].dataset_name, "");
    lmlist_clear(&l);
}

static void model_versions_tag_lists_each_version_once(void **state)
{
    LoggedModelList l = { 0 };

    (void)state;
    /* the tag holds {"version": 1} and {"version": "1"}: client and server each add one */
    search_file("006_logged_models_search.json", &l, NULL);
    assert_int_equal(l.items[0].n_versions, 1);
    assert_string_equal(l.items[0].versions[0].name, "NEOs_real");
    assert_string_equal(l.items[0].versions[0].version, "1");
    assert_int_equal(l.items[1].n_versions, 1);
    assert_string_equal(l.items[1].versions[0].version, "2");
    assert_int_equal(l.items[2].n_versions, 0);
    lmlist_clear(&l);
}

static void pages_follow_the_token(void **state)
{
    LoggedModelList l = { 0 };
    char *tok = NULL;

    (void)state;
    search_file("011_logged_models_search_page1.json", &l, &tok);
    assert_non_null(tok);
    assert_int_equal(l.n, 2);
    free(tok);
    search_file("012_logged_models_search_next_page.json", &l, &tok);
    assert_null(tok);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[2].model_id, RF10);
    lmlist_clear(&l);
}

static void get_recorded_and_bad_bodies(void **state)
{
    LoggedModel m;
    Err e = { 0 };
    char *body = rec_body("014_logged_models_get.json", NULL);
    static const char *bad[] = { "", "[]", "{}", "{\"model\": 3}",
                                 "{\"model\": {\"info\": {}}}", "{\"model\"" };

    (void)state;
    assert_int_equal(lm_parse_get(body, strlen(body), &m, &e), 0);
    assert_string_equal(m.model_id, RF300);
    assert_int_equal(m.n_tags, 5);
    logged_model_free_fields(&m);
    free(body);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&e, 0, sizeof e);
        assert_int_equal(lm_parse_get(bad[i], strlen(bad[i]), &m, &e), -1);
        assert_int_equal(e.kind, ERR_PARSE);
    }
}

static void hostile_values_are_tolerated(void **state)
{
    const char *b = "{\"models\": [{\"info\": {\"model_id\": \"m-1\", \"tags\": ["
                    "{\"key\": \"mlflow.modelVersions\", \"value\": \"not json\"}, {\"value\": 1}]},"
                    " \"data\": {\"metrics\": [{\"key\": \"f1\", \"value\": \"NaN\", \"step\": \"7\"},"
                    " {\"value\": 1}, 5], \"params\": {}}}], \"next_page_token\": 7}";
    LoggedModelList l = { 0 };
    char *tok = NULL;
    Err e = { 0 };

    (void)state;
    assert_int_equal(lm_parse_search(b, strlen(b), &l, &tok, &e), 0);
    assert_null(tok);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].n_tags, 1);
    assert_int_equal(l.items[0].n_versions, 0);
    assert_int_equal(l.items[0].n_metrics, 1);
    assert_true(isnan(l.items[0].metrics[0].value));
    assert_true(l.items[0].metrics[0].step == 7);
    assert_true(l.items[0].created == TIME_NONE);
    lmlist_clear(&l);
}

/* Written back for the local cache (lm_search_json), a list parses to the
 * same models: every field, metrics with NaN and infinities, the versions
 * read from the mlflow.modelVersions tag. */
static void kv_equal(const Tag *a, size_t na, const Tag *b, size_t nb)
{
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(a[i].key, b[i].key);
        assert_string_equal(a[i].value, b[i].value);
    }
}

static void search_written_back_parses_to_the_same_models(void **state)
{
    const char *odd = "{\"models\": [{\"info\": {\"model_id\": \"m-odd\", \"name\": \"\\u00e9\\\"x\","
                      " \"last_updated_timestamp_ms\": 5},"
                      " \"data\": {\"metrics\": [{\"key\": \"f1\", \"value\": \"NaN\", \"step\": 3},"
                      " {\"key\": \"up\", \"value\": \"Infinity\"}, {\"key\": \"down\", \"value\":"
                      " \"-Infinity\"}, {\"key\": \"tiny\", \"value\": 4.9e-324, \"timestamp\": 1}]}}]}";
    LoggedModelList a = { 0 }, b = { 0 };
    char *json;
    Err e = { 0 };

    (void)state;
    search_file("006_logged_models_search.json", &a, NULL);
    assert_int_equal(lm_parse_search(odd, strlen(odd), &a, NULL, &e), 0);
    assert_int_equal(a.n, 4);
    json = lm_search_json(a.items, a.n);
    assert_non_null(json);
    assert_int_equal(lm_parse_search(json, strlen(json), &b, NULL, &e), 0);
    assert_int_equal(b.n, a.n);
    for (size_t i = 0; i < a.n; i++) {
        const LoggedModel *x = &a.items[i], *y = &b.items[i];

        assert_string_equal(x->model_id, y->model_id);
        assert_string_equal(x->experiment_id, y->experiment_id);
        assert_string_equal(x->name, y->name);
        assert_string_equal(x->artifact_uri, y->artifact_uri);
        assert_string_equal(x->status, y->status);
        assert_string_equal(x->model_type, y->model_type);
        assert_string_equal(x->source_run_id, y->source_run_id);
        assert_string_equal(x->status_message, y->status_message);
        assert_true(x->created == y->created);
        assert_true(x->updated == y->updated);
        kv_equal(x->tags, x->n_tags, y->tags, y->n_tags);
        kv_equal(x->params, x->n_params, y->params, y->n_params);
        assert_int_equal(x->n_metrics, y->n_metrics);
        for (size_t k = 0; k < x->n_metrics; k++) {
            const LmMetric *p = &x->metrics[k], *q = &y->metrics[k];

            assert_string_equal(p->key, q->key);
            assert_string_equal(p->dataset_name, q->dataset_name);
            assert_string_equal(p->dataset_digest, q->dataset_digest);
            assert_string_equal(p->run_id, q->run_id);
            assert_true(isnan(p->value) ? isnan(q->value) : p->value == q->value);
            assert_true(p->step == q->step);
            assert_true(p->timestamp == q->timestamp);
        }
        assert_int_equal(x->n_versions, y->n_versions);
        for (size_t k = 0; k < x->n_versions; k++) {
            assert_string_equal(x->versions[k].name, y->versions[k].name);
            assert_string_equal(x->versions[k].version, y->versions[k].version);
        }
    }
    /* not vacuous: the recorded models carry metrics, params and a version */
    assert_int_equal(b.items[0].n_metrics, 6);
    assert_int_equal(b.items[0].n_versions, 1);
    assert_true(isnan(b.items[3].metrics[0].value));
    assert_true(isinf(b.items[3].metrics[1].value) && b.items[3].metrics[1].value > 0);
    assert_true(isinf(b.items[3].metrics[2].value) && b.items[3].metrics[2].value < 0);
    assert_true(b.items[3].metrics[3].value == 4.9e-324);
    assert_true(b.items[3].created == TIME_NONE);
    free(json);
    lmlist_clear(&a);
    lmlist_clear(&b);
}

/* Numbers past int64 give the default, never an undefined conversion (UBSan:
 * found by tests/fuzz/fuzz_logged_models). */
static void numbers_past_int64_are_defaults(void **state)
{
    const char *b = "{\"models\": [{\"info\": {\"model_id\": \"m-1\", "
                    "\"creation_timestamp_ms\": 1e88, \"last_updated_timestamp_ms\": -1e300},"
                    " \"data\": {\"metrics\": [{\"key\": \"f1\", \"value\": 0.5,"
                    " \"step\": 9.3e18, \"timestamp\": 17961778755555555555555555555555555}]}}]}";
    LoggedModelList l = { 0 };
    char *tok = NULL;
    Err e = { 0 };

    (void)state;
    assert_int_equal(lm_parse_search(b, strlen(b), &l, &tok, &e), 0);
    assert_int_equal(l.n, 1);
    assert_true(l.items[0].created == TIME_NONE);
    assert_true(l.items[0].updated == TIME_NONE);
    assert_int_equal(l.items[0].n_metrics, 1);
    assert_true(l.items[0].metrics[0].step == 0);
    assert_true(l.items[0].metrics[0].timestamp == TIME_NONE);
    lmlist_clear(&l);
}

static void run_links_from_runs_get(void **state)
{
    RunLinks r;
    Err e = { 0 };
    char *body = rec_body("003_runs_get_with_logged_model.json", NULL);

    (void)state;
    assert_int_equal(lm_parse_run_links(body, strlen(body), &r, &e), 0);
    assert_true(r.has_outputs);
    assert_int_equal(r.n_models, 1);
    assert_string_equal(r.models[0].model_id, RF300);
    assert_int_equal(r.n_datasets, 0);
    run_links_clear(&r);
    free(body);

    body = rec_body("004_runs_get_autolog.json", NULL);
    assert_int_equal(lm_parse_run_links(body, strlen(body), &r, &e), 0);
    assert_true(r.has_outputs);
    assert_int_equal(r.n_models, 0);
    assert_int_equal(r.n_datasets, 1);
    assert_string_equal(r.datasets[0].name, "dataset");
    assert_string_equal(r.datasets[0].digest, "ca9ee110");
    assert_string_equal(r.datasets[0].source_type, "code");
    assert_string_equal(r.datasets[0].context, "train");
    run_links_clear(&r);
    free(body);

    /* MLflow 2's runs/get has no outputs */
    body = strdup("{\"run\": {\"info\": {\"run_id\": \"x\"}, \"inputs\": {}}}");
    assert_int_equal(lm_parse_run_links(body, strlen(body), &r, &e), 0);
    assert_false(r.has_outputs);
    run_links_clear(&r);
    free(body);
}

static void version_from_a_logged_model_names_it_in_source(void **state)
{
    ModelVersion v;
    Err e = { 0 };
    char buf[64];
    char *body = rec_body("023_model_versions_get_v2.json", NULL);

    (void)state;
    assert_int_equal(reg_parse_version(body, strlen(body), &v, &e), 0);
    assert_string_equal(logged_model_id_from_source(v.source, buf, sizeof buf), RF100);
    model_version_free_fields(&v);
    free(body);
    assert_null(logged_model_id_from_source("models:/NEOs/2", buf, sizeof buf));
    assert_null(logged_model_id_from_source("models:/NEOs@champion", buf, sizeof buf));
    assert_null(logged_model_id_from_source("mlflow-artifacts:/1/x/artifacts/model", buf,
                                            sizeof buf));
    assert_null(logged_model_id_from_source("models:/" RF100, buf, 8));
    assert_null(logged_model_id_from_source(NULL, buf, sizeof buf));
}

static void mlmodel_flavour_prefers_the_library(void **state)
{
    char *body = rec_body("018_logged_model_artifact_mlmodel_ajax.json", NULL);
    char buf[64];

    (void)state;
    assert_string_equal(mlmodel_flavour(body, strlen(body), buf, sizeof buf), "sklearn");
    free(body);
    {
        static const char pyfunc[] = "flavors:\n  python_function: {}\n";
        /* the length of the text, not past it (ASan: global-buffer-overflow) */
        assert_string_equal(mlmodel_flavour(pyfunc, sizeof pyfunc - 1, buf, sizeof buf),
                            "python_function");
    }
    assert_string_equal(mlmodel_flavour("nothing", 7, buf, sizeof buf), "");
}

/* ---- core --------------------------------------------------------------- */

static void server_generation_from_version_and_errors(void **state)
{
    Err e = { 0 };

    (void)state;
    assert_int_equal(server_gen_from_version("3.5.1.dev0"), SERVER_MLFLOW3);
    assert_int_equal(server_gen_from_version("2.17.2"), SERVER_MLFLOW2);
    assert_int_equal(server_gen_from_version("10.0"), SERVER_MLFLOW3);
    assert_int_equal(server_gen_from_version("<html>"), SERVER_UNKNOWN);
    assert_int_equal(server_gen_from_version(""), SERVER_UNKNOWN);
    assert_int_equal(server_gen_from_version(NULL), SERVER_UNKNOWN);
    e.kind = ERR_HTTP;
    e.http_status = 404;
    assert_true(server_err_is_missing_route(&e));
    e.kind = ERR_SERVER;   /* RESOURCE_DOES_NOT_EXIST: the route exists */
    assert_false(server_err_is_missing_route(&e));
    e.kind = ERR_HTTP;
    e.http_status = 500;
    assert_false(server_err_is_missing_route(&e));
}

static void rows_sort_by_f1_with_the_runs_table_code(void **state)
{
    LoggedModelList l = { 0 };
    RunSet *rs = runset_new();
    RunTable t;
    Column c;
    uint32_t f1;
    char buf[256];

    (void)state;
    search_file("006_logged_models_search.json", &l, NULL);
    const char *names[3] = { "rf_300", NULL, "rf_10" };
    const char *flav[3] = { "sklearn", NULL, NULL };
    LmRowExtras x = { .run_names = names, .flavours = flav };
    assert_int_equal(logged_models_to_runset(l.items, l.n, &x, rs), 0);
    assert_int_equal(rs->n_runs, 3);
    assert_string_equal(runset_str(rs, rs->runs[0].run_id), RF300);
    assert_string_equal(runset_str(rs, rs->runs[0].name), "model");
    assert_int_equal(rs->runs[0].status, RUN_FINISHED);
    assert_string_equal(runset_str(rs, rs->runs[0].user), "root");
    f1 = runset_key(rs, "f1");
    assert_true(f1 != UINT32_MAX);
    assert_non_null(runset_metric(rs, 2, f1));
    assert_true(fabs(runset_metric(rs, 2, f1)->value - 0.8571428571428572) < 1e-12);
    assert_true(runtable_parse_column(rs, "tags.`source run`", &c));
    runtable_cell(rs, 0, c, 0, buf, sizeof buf);
    assert_string_equal(buf, "rf_300");
    runtable_cell(rs, 1, c, 0, buf, sizeof buf);   /* no name known: the id */
    assert_string_equal(buf, "3e18ffe2026a4219bbdc4d4754499d37");
    assert_true(runtable_parse_column(rs, "tags.registered", &c));
    runtable_cell(rs, 0, c, 0, buf, sizeof buf);
    assert_string_equal(buf, "NEOs_real v1");
    assert_true(runtable_parse_column(rs, "model", &c));
    runtable_cell(rs, 0, c, 0, buf, sizeof buf);
    assert_string_equal(buf, "sklearn");
    /* a second page with the same ids replaces the rows */
    assert_int_equal(logged_models_to_runset(l.items, l.n, NULL, rs), 0);
    assert_int_equal(rs->n_runs, 3);

    runtable_init(&t, rs);
    runtable_sync_columns(&t);
    assert_true(runtable_parse_column(rs, "f1", &c));
    runtable_sort_by(&t, c, true);
    runtable_refresh(&t);
    assert_int_equal(t.n_rows, 3);
    /* 0.88, 0.88 (tie: newest first, as start time = creation), 0.857 */
    assert_string_equal(runset_str(rs, rs->runs[t.rows[0]].run_id), RF300);
    assert_string_equal(runset_str(rs, rs->runs[t.rows[1]].run_id), RF100);
    assert_string_equal(runset_str(rs, rs->runs[t.rows[2]].run_id), RF10);
    runtable_sort_by(&t, c, false);
    runtable_refresh(&t);
    assert_string_equal(runset_str(rs, rs->runs[t.rows[0]].run_id), RF10);
    runtable_set_quick(&t, "300");   /* param n_estimators */
    runtable_refresh(&t);
    assert_int_equal(t.n_rows, 1);
    runtable_free(&t);
    runset_free(rs);
    lmlist_clear(&l);
}

static void latest_metric_is_newest_timestamp_then_step(void **state)
{
    LmMetric ms[3] = {
        { .key = "loss", .value = 3, .step = 5, .timestamp = 10 },
        { .key = "loss", .value = 2, .step = 1, .timestamp = 20 },
        { .key = "loss", .value = 1, .step = 2, .timestamp = 20 },
    };
    LoggedModel m = { .metrics = ms, .n_metrics = 3 };

    (void)state;
    assert_true(logged_model_metric(&m, "loss")->value == 1);
    assert_null(logged_model_metric(&m, "f1"));
    assert_string_equal(logged_model_status_short("LOGGED_MODEL_READY"), "READY");
    assert_string_equal(logged_model_status_short("LOGGED_MODEL_UPLOAD_FAILED"), "FAILED");
    assert_string_equal(logged_model_status_short("ODD"), "ODD");
}

static void rows_of_a_run(void **state)
{
    LoggedModelList l = { 0 };
    size_t idx[4];

    (void)state;
    search_file("006_logged_models_search.json", &l, NULL);
    assert_int_equal(lmlist_of_run(&l, "3e18ffe2026a4219bbdc4d4754499d37", idx, 4), 1);
    assert_int_equal(idx[0], 1);
    assert_int_equal(lmlist_of_run(&l, "nope", idx, 4), 0);
    assert_non_null(lmlist_find(&l, RF10));
    assert_null(lmlist_find(&l, "m-0"));
    lmlist_clear(&l);
}

static void file_urls_use_the_proxy_else_the_ui_route(void **state)
{
    char *u = lm_file_url(RF300, "mlflow-artifacts:/6/models/" RF300 "/artifacts", "MLmodel");

    (void)state;
    assert_string_equal(u, "/api/2.0/mlflow-artifacts/artifacts/6/models/" RF300
                           "/artifacts/MLmodel");
    free(u);
    u = lm_file_url(RF300, "s3://bucket/x", "a b/c");
    assert_string_equal(u, "/ajax-api/2.0/mlflow/logged-models/" RF300
                           "/artifacts/files?artifact_file_path=a%20b%2Fc");
    free(u);
}

static void run_flavour_set_after_building(void **state)
{
    RunSet *rs = runset_new();
    RunInfoIn in = { .run_id = "r1", .run_name = "rf_300", .start_time = TIME_NONE,
                     .end_time = TIME_NONE };
    uint64_t before;
    Column c;
    char buf[64];

    (void)state;
    assert_int_equal(runset_begin_run(rs, &in), 0);
    assert_int_equal(runset_end_run(rs), 0);
    before = rs->version;
    assert_int_equal(runset_set_run_flavour(rs, 0, "sklearn"), 0);
    assert_true(rs->version != before);
    assert_true(runtable_parse_column(rs, "model", &c));
    runtable_cell(rs, 0, c, 0, buf, sizeof buf);
    assert_string_equal(buf, "sklearn");
    assert_int_equal(runset_set_run_flavour(rs, 1, "x"), -1);
    runset_free(rs);
}

static void server_generation_is_learnt_from_replies(void **state)
{
    ApiResult r;

    (void)state;
    memset(&r, 0, sizeof r);
    r.err.kind = ERR_HTTP;
    r.err.http_status = 500;
    lm_note_reply(&r);
    assert_int_equal(lm_server_gen(), SERVER_UNKNOWN);
    r.err.http_status = 404;
    lm_note_reply(&r);
    assert_int_equal(lm_server_gen(), SERVER_MLFLOW2);
    lm_note_version("3.5.1.dev0");
    assert_int_equal(lm_server_gen(), SERVER_MLFLOW3);
    lm_note_version("garbage");
    assert_int_equal(lm_server_gen(), SERVER_MLFLOW3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(search_recorded_gives_three_models_newest_first),
        cmocka_unit_test(model_versions_tag_lists_each_version_once),
        cmocka_unit_test(pages_follow_the_token),
        cmocka_unit_test(get_recorded_and_bad_bodies),
        cmocka_unit_test(hostile_values_are_tolerated),
        cmocka_unit_test(search_written_back_parses_to_the_same_models),
        cmocka_unit_test(numbers_past_int64_are_defaults),
        cmocka_unit_test(run_links_from_runs_get),
        cmocka_unit_test(version_from_a_logged_model_names_it_in_source),
        cmocka_unit_test(mlmodel_flavour_prefers_the_library),
        cmocka_unit_test(server_generation_from_version_and_errors),
        cmocka_unit_test(rows_sort_by_f1_with_the_runs_table_code),
        cmocka_unit_test(latest_metric_is_newest_timestamp_then_step),
        cmocka_unit_test(rows_of_a_run),
        cmocka_unit_test(file_urls_use_the_proxy_else_the_ui_route),
        cmocka_unit_test(run_flavour_set_after_building),
        cmocka_unit_test(server_generation_is_learnt_from_replies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
