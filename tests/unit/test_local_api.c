/* test_local_api.c — the API layer with a local store behind it (api/local.c,
 * api/local_rest.c): api_new picks the store from the URI, requests come back
 * as ApiResults through api_wait / api_next_result from API jobs (workers), the
 * registry and artifact endpoints answer with MLflow's JSON (read back by the
 * same parsers as a server's replies), and writes are refused. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "api/artifacts.h"
#include "api/logged_models.h"
#include "api/registry.h"


#include "top.h"

static Api *open_store(const char *folder, const char *store)
{
    char uri[1400];
    ApiConfig cfg;
    Err err;
    Api *api;

    snprintf(uri, sizeof uri, "%stests/fixtures/local-stores/%s/%s", top, folder, store);
    api_config_from_env(&cfg, uri);
    api = api_new(&cfg, &err);
    if (!api)
        fail_msg("%s: %s", uri, err.message);
    assert_true(api_is_local(api));
    return api;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Drives the loop until the final result of id (10 s at most). */
static ApiResult *wait_final(Api *api, uint64_t id)
{
    double deadline = now_s() + 10;

    assert_int_not_equal(id, 0);
    while (now_s() < deadline) {
        ApiResult *r;
        api_wait(api, -1, 100);
        api_perform(api);
        while ((r = api_next_result(api))) {
            if (r->req_id == id && r->final)
                return r;
            api_result_free(r);
        }
    }
    fail_msg("no result for request %llu", (unsigned long long)id);
    return NULL;
}

static void runs_arrive_through_the_event_loop(void **state)
{
    Api *api = open_store("mlflow3-server-sqlite", "mlflow.db");
    const char *ids[] = { "1" };
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1,
                    .filter = "metrics.f1 > 0.9" };
    ApiResult *r;

    (void)state;
    r = wait_final(api, api_runs_search(api, 7, 3, &q));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_int_equal(r->owner, 7);
    assert_int_equal(r->gen, 3);
    assert_non_null(r->runs);
    assert_true(r->runs->n_runs > 0 && r->runs->n_runs < 34);
    api_result_free(r);
    {   /* the job is counted until the loop has collected it */
        double deadline = now_s() + 5;
        while (api_in_flight(api) && now_s() < deadline) {
            api_wait(api, -1, 50);
            api_perform(api);
        }
        assert_int_equal(api_in_flight(api), 0);
    }
    /* a bad filter is MLflow's error, not a crash */
    q.filter = "metrics.f1 >> 1";
    r = wait_final(api, api_runs_search(api, 7, 3, &q));
    assert_int_equal(r->err.kind, ERR_SERVER);
    assert_string_equal(r->err.code, "INVALID_PARAMETER_VALUE");
    api_result_free(r);
    api_free(api);
}

static void experiments_history_and_describe(void **state)
{
    Api *api = open_store("mlflow2-client-filestore", "mlruns");
    ApiResult *r;

    (void)state;
    assert_non_null(strstr(api_source_describe(api), "file store"));
    assert_non_null(strstr(api_read_only_reason(api), "mlflow server --backend-store-uri"));
    r = wait_final(api, api_experiments_search(api, 1, 1, "name LIKE 'NEO%'", 0));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_int_equal(r->experiments->n, 1);
    assert_string_equal(r->experiments->items[0].name, "NEOs_real_client");
    api_result_free(r);
    r = wait_final(api, api_experiment_get_by_name(api, 1, 1, "edge_cases"));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_string_equal(r->experiment->name, "edge_cases");
    api_result_free(r);
    api_free(api);
}

static void registry_replies_parse_like_a_servers(void **state)
{
    Api *api = open_store("mlflow3-client-sqlite", "mlflow.db");
    ApiResult *r;
    ModelList ml = { 0 };
    VersionList vl = { 0 };
    ModelVersion v = { 0 };
    Err err;
    char *tok = NULL;

    (void)state;
    r = wait_final(api, reg_models_search(api, 1, 1, 5, NULL, NULL));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_int_equal(r->tag, 5);
    assert_int_equal(reg_parse_models(r->body, r->body_len, &ml, &tok, &err), 0);
    assert_int_equal(ml.n, 1);
    assert_string_equal(ml.items[0].name, "NEOs_real");
    assert_int_equal(ml.items[0].n_aliases, 1);
    assert_null(tok);
    modellist_clear(&ml);
    free(ml.items);
    api_result_free(r);
    r = wait_final(api, reg_versions_search(api, 1, 1, 6, "name='NEOs_real'", NULL));
    assert_int_equal(reg_parse_versions(r->body, r->body_len, &vl, &tok, &err), 0);
    assert_int_equal(vl.n, 2);
    versionlist_clear(&vl);
    free(vl.items);
    api_result_free(r);
    r = wait_final(api, reg_version_get(api, 1, 1, 7, "NEOs_real", "2"));
    assert_int_equal(reg_parse_version(r->body, r->body_len, &v, &err), 0);
    assert_string_equal(v.stage, "Production");
    assert_int_equal(v.n_aliases, 1);
    model_version_free_fields(&v);
    api_result_free(r);
    /* the version's MLmodel, found through models:/<id> -> the logged model */
    r = wait_final(api, reg_version_file(api, 1, 1, 8, "NEOs_real", "2", "MLmodel"));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_non_null(strstr(r->body, "flavors:"));
    api_result_free(r);
    r = wait_final(api, reg_version_get(api, 1, 1, 7, "NEOs_real", "9"));
    assert_int_equal(r->err.kind, ERR_SERVER);
    assert_string_equal(r->err.code, "RESOURCE_DOES_NOT_EXIST");
    api_result_free(r);
    api_free(api);
}

/* The typed registry searches (what the models and versions screens ask):
 * every model and version in one result, a filter in MLflow's syntax, a bad
 * filter as MLflow's 400. */
static void typed_registry_searches_answer_from_the_store(void **state)
{
    Api *api = open_store("mlflow3-server-filestore", "mlruns");
    ApiResult *r;

    (void)state;
    r = wait_final(api, api_models_search(api, 2, 4, NULL));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_int_equal(r->kind, REQ_MODELS_SEARCH);
    assert_int_equal(r->owner, 2);
    assert_non_null(r->models);
    assert_int_equal(r->models->n, 2);   /* NEOs (the server's study) and NEOs_real */
    assert_true(!strcmp(r->models->items[0].name, "NEOs_real") ||
                !strcmp(r->models->items[1].name, "NEOs_real"));
    assert_null(r->body);
    api_result_free(r);
    r = wait_final(api, api_versions_search(api, 2, 4, "name = 'NEOs_real' and "
                                                       "version_number = 2"));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_non_null(r->versions);
    assert_int_equal(r->versions->n, 1);
    assert_string_equal(r->versions->items[0].version, "2");
    assert_string_equal(r->versions->items[0].stage, "Production");
    api_result_free(r);
    r = wait_final(api, api_versions_search(api, 2, 4, "name = 'no such model'"));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_int_equal(r->versions->n, 0);
    api_result_free(r);
    r = wait_final(api, api_models_search(api, 2, 4, "name ==="));
    assert_int_equal(r->err.kind, ERR_SERVER);
    assert_int_equal(r->err.http_status, 400);
    assert_null(r->models);
    api_result_free(r);
    api_free(api);
}

static void writes_are_refused_and_nothing_changes(void **state)
{
    Api *api = open_store("mlflow3-server-filestore", "mlruns");
    ApiResult *r;

    (void)state;
    r = wait_final(api, reg_transition(api, 1, 1, 9, "NEOs_real", "1", "Production", true));
    assert_int_equal(r->err.kind, ERR_SERVER);
    assert_non_null(strstr(r->err.message, "This is a local store opened read-only; run "
                                           "`mlflow server --backend-store-uri"));
    api_result_free(r);
    api_free(api);
}

static void artifacts_list_and_path_escapes(void **state)
{
    Api *api = open_store("mlflow2-client-sqlite", "mlflow.db");
    const char *ids[] = { "1" };
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1,
                    .filter = "attributes.run_name = 'rf_10'" };
    ApiResult *r = wait_final(api, api_runs_search(api, 1, 1, &q));
    char run_id[64], path[256];
    RegFile *files = NULL;
    size_t n = 0;
    Err err;
    bool png = false;

    (void)state;
    assert_int_equal(r->runs->n_runs, 1);
    snprintf(run_id, sizeof run_id, "%s", runset_str(r->runs, r->runs->runs[0].run_id));
    api_result_free(r);
    r = wait_final(api, reg_artifacts_list(api, 1, 1, 2, run_id, NULL));
    assert_int_equal(reg_parse_files(r->body, r->body_len, &files, &n, &err), 0);
    for (size_t i = 0; i < n; i++)
        png |= !strcmp(files[i].path, "confusion_matrix.png");
    assert_true(png);
    reg_files_free(files, n);
    api_result_free(r);
    /* ../ never leaves the run's artifacts */
    snprintf(path, sizeof path, "/get-artifact?path=..%%2F..%%2F..%%2Fmlflow.db&run_uuid=%s",
             run_id);
    ApiCall c = { .method = "GET", .path = path };
    r = wait_final(api, api_call(api, 1, 1, &c));
    assert_int_not_equal(r->err.kind, ERR_OK);
    api_result_free(r);
    api_free(api);
}

/* The caps a server's replies get hold for a local file too: a download
 * writes at most max_bytes (more: ERR_PARSE, no partial file), a preview reads
 * at most its budget; under the caps the bytes are the store's. */
static void downloads_and_previews_keep_their_caps(void **state)
{
    Api *api = open_store("mlflow2-client-sqlite", "mlflow.db");
    const char *ids[] = { "1" };
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1,
                    .filter = "attributes.run_name = 'rf_10'" };
    ApiResult *r = wait_final(api, api_runs_search(api, 1, 1, &q));
    char run_id[64], uri[1200], dst[64];
    ApiCall small = { .method = "GET", .max_bytes = 1024 };

    (void)state;
    assert_int_equal(r->runs->n_runs, 1);
    snprintf(run_id, sizeof run_id, "%s", runset_str(r->runs, r->runs->runs[0].run_id));
    snprintf(uri, sizeof uri, "%s", runset_str(r->runs, r->runs->runs[0].artifact_uri));
    api_result_free(r);
    snprintf(dst, sizeof dst, "/tmp/mltui-local-dl.%d", (int)getpid());
    unlink(dst);
    r = wait_final(api, artifacts_save(api, 1, 1, 1, run_id, uri, "confusion_matrix.png", dst,
                                       NULL, 1024));
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "larger than the download may be (over 1 KiB)"));
    assert_int_not_equal(access(dst, F_OK), 0);   /* no partial file */
    api_result_free(r);
    r = wait_final(api, artifacts_save(api, 1, 1, 1, run_id, uri, "confusion_matrix.png", dst,
                                       NULL, 0));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_true(r->saved > 1024);
    api_result_free(r);
    assert_int_equal(unlink(dst), 0);
    {   /* a preview over its budget */
        char *url = artifacts_file_url(run_id, uri, "confusion_matrix.png");
        small.path = url;
        r = wait_final(api, api_call(api, 1, 1, &small));
        free(url);
        assert_int_equal(r->err.kind, ERR_PARSE);
        assert_non_null(strstr(r->err.message, "too large (over 1 KiB)"));
        assert_null(r->body);
        api_result_free(r);
    }
    api_free(api);
}

/* A 100-run query answered while the loop keeps turning: api_wait returns on
 * the terminal's fd at once even with the worker busy. */
static void the_loop_is_never_blocked(void **state)
{
    Api *api = open_store("mlflow3-server-filestore", "mlruns");
    int p[2];
    double t0;
    uint64_t id;
    ApiResult *r;

    (void)state;
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "k", 1), 1);   /* a key is waiting */
    id = api_runs_search(api, 1, 1, &(RunsQuery){ .view_type = 2 });
    t0 = now_s();
    assert_int_equal(api_wait(api, p[0], 5000), 1);
    assert_true(now_s() - t0 < 1.0);
    r = wait_final(api, id);
    assert_int_equal(r->runs->n_runs, 49);
    api_result_free(r);
    close(p[0]);
    close(p[1]);
    /* cancel: one final ERR_CANCELLED, or the result if it was already done */
    id = api_runs_search(api, 1, 1, &(RunsQuery){ .view_type = 2 });
    api_cancel(api, id);
    r = wait_final(api, id);
    assert_true(r->err.kind == ERR_CANCELLED || r->err.kind == ERR_OK);
    api_result_free(r);
    api_free(api);
}

/* MLflow 3 logged models and a run's links, read by api/logged_models.c's
 * parsers exactly as from a server. */
static void logged_models_and_run_links(void **state)
{
    Api *api = open_store("mlflow3-client-filestore", "mlruns");
    ApiResult *r;
    LoggedModelList ml = { 0 };
    RunLinks links = { 0 };
    Err err;
    char *tok = NULL, exp_id[64], run_id[64] = "";
    const LoggedModel *m = NULL;

    (void)state;
    r = wait_final(api, api_experiment_get_by_name(api, 1, 1, "NEOs_real_client"));
    snprintf(exp_id, sizeof exp_id, "%s", r->experiment->id);
    api_result_free(r);
    r = wait_final(api, lm_search(api, 1, 1, 3, &(LmQuery){ .experiment_id = exp_id }));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_int_equal(lm_parse_search(r->body, r->body_len, &ml, &tok, &err), 0);
    assert_int_equal(ml.n, 3);
    m = &ml.items[0];
    assert_true(!strncmp(m->model_id, "m-", 2));
    snprintf(run_id, sizeof run_id, "%s", m->source_run_id);
    api_result_free(r);
    r = wait_final(api, lm_get(api, 1, 1, 4, m->model_id));
    assert_int_equal(r->err.kind, ERR_OK);
    api_result_free(r);
    r = wait_final(api, lm_artifacts_list(api, 1, 1, 5, m->model_id, NULL));
    assert_int_equal(r->err.kind, ERR_OK);
    assert_non_null(strstr(r->body, "\"MLmodel\""));
    api_result_free(r);
    {
        char *url = lm_file_url(m->model_id, m->artifact_uri, "MLmodel");
        ApiCall c = { .method = "GET", .path = url };
        r = wait_final(api, api_call(api, 1, 1, &c));
        free(url);
        assert_int_equal(r->err.kind, ERR_OK);
        assert_non_null(strstr(r->body, "flavors:"));
        api_result_free(r);
    }
    {
        char path[200];
        snprintf(path, sizeof path, "/api/2.0/mlflow/runs/get?run_id=%s", run_id);
        ApiCall c = { .method = "GET", .path = path };
        r = wait_final(api, api_call(api, 1, 1, &c));
        assert_int_equal(r->err.kind, ERR_OK);
        assert_int_equal(lm_parse_run_links(r->body, r->body_len, &links, &err), 0);
        assert_true(links.has_outputs);
        assert_int_equal(links.n_models, 1);
        assert_string_equal(links.models[0].model_id, m->model_id);
        run_links_clear(&links);
        api_result_free(r);
    }
    lmlist_clear(&ml);
    free(ml.items);
    free(tok);
    /* /version: a store holding logged models speaks MLflow 3 */
    r = wait_final(api, lm_server_version(api, 1, 1, 6));
    assert_true(r->body && r->body[0] == '3');
    api_result_free(r);
    api_free(api);
}

static void not_a_store_is_a_clear_error(void **state)
{
    ApiConfig cfg;
    Err err;

    (void)state;
    api_config_from_env(&cfg, "sqlite:///no/such/dir/mlflow.db");
    assert_null(api_new(&cfg, &err));
    assert_non_null(strstr(err.message, "No MLflow store at sqlite:///no/such/dir/mlflow.db"));
    api_config_from_env(&cfg, "./no-such-mlruns/");
    assert_null(api_new(&cfg, &err));
    assert_non_null(strstr(err.message, "No MLflow store"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runs_arrive_through_the_event_loop),
        cmocka_unit_test(experiments_history_and_describe),
        cmocka_unit_test(registry_replies_parse_like_a_servers),
        cmocka_unit_test(typed_registry_searches_answer_from_the_store),
        cmocka_unit_test(writes_are_refused_and_nothing_changes),
        cmocka_unit_test(artifacts_list_and_path_escapes),
        cmocka_unit_test(downloads_and_previews_keep_their_caps),
        cmocka_unit_test(the_loop_is_never_blocked),
        cmocka_unit_test(logged_models_and_run_links),
        cmocka_unit_test(not_a_store_is_a_clear_error),
    };

    find_top();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
