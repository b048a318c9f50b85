/* test_faults.c — the REST client against a hostile server: the fault proxy
 * (tests/server/faultproxy.py) in front of the project's MLflow test server,
 * both started by tests/api/run.sh:
 *     MLTUI_TEST_URI_FAULT   the proxy (faults set per test through its
 *                            /__fault__/ control endpoints, counts read back)
 * Each test clears the proxy's rules and counters first. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "api/api.h"
#include "api/artifacts.h"
#include "api/logged_models.h"
#include "api/registry.h"

#define OWNER 3

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *fault_uri(void)
{
    const char *v = getenv("MLTUI_TEST_URI_FAULT");

    if (!v || !*v)
        fail_msg("MLTUI_TEST_URI_FAULT not set (run through tests/api/run.sh)");
    return v;
}

static Api *api_with(const ApiConfig *over)
{
    ApiConfig cfg;
    Api *api;
    Err e;

    api_config_from_env(&cfg, fault_uri());
    if (over) {
        cfg.max_retries = over->max_retries;
        cfg.backoff_factor = over->backoff_factor;
        cfg.backoff_jitter = over->backoff_jitter;
        if (over->timeout_ms)
            cfg.timeout_ms = over->timeout_ms;
        cfg.max_pages = over->max_pages;
    }
    cfg.username = cfg.password = cfg.token = NULL;
    api = api_new(&cfg, &e);
    if (!api)
        fail_msg("api_new: %s", e.message);
    return api;
}

/* Runs the loop until the final result of id; returns it (others are freed).
 * *n_results (when non-NULL) gets how many results id delivered. */
static ApiResult *wait_final(Api *api, uint64_t id, int timeout_ms, int *n_results)
{
    long end = now_ms() + timeout_ms;
    int n = 0;

    assert_true(id != 0);
    while (now_ms() < end) {
        ApiResult *r;
        api_wait(api, -1, 50);
        api_perform(api);
        while ((r = api_next_result(api))) {
            if (r->req_id == id)
                n++;
            if (r->req_id == id && r->final) {
                if (n_results)
                    *n_results = n;
                return r;
            }
            api_result_free(r);
        }
    }
    fail_msg("request %" PRIu64 " did not finish in %d ms", id, timeout_ms);
    return NULL;
}

/* A control call to the proxy (goes through the same client and connections). */
static char *control(Api *api, const char *method, const char *path, const char *body)
{
    ApiCall c = { .method = method, .path = path, .body = body };
    ApiResult *r = wait_final(api, api_call(api, OWNER, 1, &c), 10000, NULL);
    char *out;

    if (r->err.kind != ERR_OK)
        fail_msg("proxy control %s: %s", path, r->err.message);
    out = strdup(r->body ? r->body : "");
    api_result_free(r);
    return out;
}

static void fault_clear(Api *api)
{
    free(control(api, "POST", "/__fault__/clear", "{}"));
}

/* times 0: every matching request. arg2 NULL: none. */
static void fault_set(Api *api, const char *pattern, const char *fault, const char *arg,
                      const char *arg2, int times)
{
    cJSON *o = cJSON_CreateObject();
    char *text;

    cJSON_AddStringToObject(o, "pattern", pattern);
    cJSON_AddStringToObject(o, "fault", fault);
    if (arg)
        cJSON_AddStringToObject(o, "arg", arg);
    if (arg2)
        cJSON_AddStringToObject(o, "arg2", arg2);
    cJSON_AddNumberToObject(o, "times", times);
    text = cJSON_PrintUnformatted(o);
    free(control(api, "POST", "/__fault__/set", text));
    free(text);
    cJSON_Delete(o);
}

/* How many requests for path the proxy received ("received") or passed on
 * to the server ("forwarded"). */
static int fault_count(Api *api, const char *which, const char *path)
{
    char *body = control(api, "GET", "/__fault__/counts", NULL);
    cJSON *o = cJSON_Parse(body);
    cJSON *n = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, which),
                                                path);
    int v = cJSON_IsNumber(n) ? n->valueint : 0;

    cJSON_Delete(o);
    free(body);
    return v;
}

static void model_name(char *buf, size_t size, const char *what)
{
    snprintf(buf, size, "fault-%s-%ld-%d", what, now_ms(), rand());
}

/* ---- writes: exactly once ---------------------------------------------- */

/* The connection is reset after the server got (and applied) the write: one
 * request reaches the server, and the result says the outcome is unknown.
 * Without a fresh connection libcurl re-sends on the kept-alive one. */
static void write_reset_after_request_is_sent_once_and_unknown(void **state)
{
    Api *api = api_with(NULL);
    const char *path = "/api/2.0/mlflow/registered-models/create";
    char name[128];
    ApiResult *r;

    (void)state;
    fault_clear(api);
    /* A read first, so a kept-alive connection to the proxy is in the pool. */
    r = wait_final(api, api_experiments_search(api, OWNER, 1, NULL, 0), 10000, NULL);
    assert_int_equal(r->err.kind, ERR_OK);
    api_result_free(r);
    fault_set(api, "registered-models/create$", "reset-after-request", NULL, NULL, 0);
    model_name(name, sizeof name, "once");
    r = wait_final(api, reg_model_create(api, OWNER, 1, 1, name), 15000, NULL);
    if (r->err.kind != ERR_UNKNOWN_OUTCOME)
        fail_msg("want unknown outcome, got %s: %s", err_kind_name(r->err.kind),
                 r->err.message);
    assert_non_null(strstr(r->err.message, "may or may not"));
    api_result_free(r);
    fault_clear(api);
    assert_int_equal(fault_count(api, "received", path), 0);   /* cleared */
    /* Re-check with counts kept: a second model, counters read before clearing. */
    fault_set(api, "registered-models/create$", "reset-after-request", NULL, NULL, 0);
    model_name(name, sizeof name, "once2");
    r = wait_final(api, reg_model_create(api, OWNER, 1, 1, name), 15000, NULL);
    assert_int_equal(r->err.kind, ERR_UNKNOWN_OUTCOME);
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", path), 1);
    assert_int_equal(fault_count(api, "forwarded", path), 1);
    /* The server did apply it: the model exists. */
    fault_clear(api);
    r = wait_final(api, reg_model_get(api, OWNER, 1, 2, name), 10000, NULL);
    assert_int_equal(r->err.kind, ERR_OK);
    api_result_free(r);
    api_free(api);
}

/* Reset before the request was forwarded: still one request, still unknown
 * (the client cannot tell where the reset happened). */
static void write_reset_is_sent_once(void **state)
{
    Api *api = api_with(NULL);
    const char *path = "/api/2.0/mlflow/registered-models/create";
    char name[128];
    ApiResult *r;

    (void)state;
    fault_clear(api);
    fault_set(api, "registered-models/create$", "reset", NULL, NULL, 0);
    model_name(name, sizeof name, "reset");
    r = wait_final(api, reg_model_create(api, OWNER, 1, 1, name), 15000, NULL);
    assert_int_equal(r->err.kind, ERR_UNKNOWN_OUTCOME);
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", path), 1);
    assert_int_equal(fault_count(api, "forwarded", path), 0);
    api_free(api);
}

/* Nothing listens: nothing was sent, and the error says so (not unknown). */
static void write_connect_failure_is_transport_error(void **state)
{
    ApiConfig cfg;
    Api *api;
    Err e;
    ApiResult *r;

    (void)state;
    api_config_from_env(&cfg, "http://127.0.0.1:1");
    cfg.username = cfg.password = cfg.token = NULL;
    api = api_new(&cfg, &e);
    assert_non_null(api);
    r = wait_final(api, reg_model_create(api, OWNER, 1, 1, "never"), 10000, NULL);
    assert_int_equal(r->err.kind, ERR_TRANSPORT);
    api_result_free(r);
    api_free(api);
}

/* A write answered 503 is not retried: one request, the server's error. */
static void write_503_is_not_retried(void **state)
{
    ApiConfig over = { .max_retries = 5, .backoff_factor = 0.01 };
    Api *api = api_with(&over);
    const char *path = "/api/2.0/mlflow/registered-models/create";
    char name[128];
    ApiResult *r;

    (void)state;
    fault_clear(api);
    fault_set(api, "registered-models/create$", "status", "503", "0", 0);
    model_name(name, sizeof name, "503");
    r = wait_final(api, reg_model_create(api, OWNER, 1, 1, name), 15000, NULL);
    assert_int_not_equal(r->err.kind, ERR_OK);
    assert_int_equal(r->err.http_status, 503);
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", path), 1);
    api_free(api);
}


/* ---- reads: retried like MLflow's client --------------------------------- */

static const char *EXP_SEARCH = "/api/2.0/mlflow/experiments/search";

static void read_503_twice_then_ok_is_retried(void **state)
{
    ApiConfig over = { .max_retries = 3, .backoff_factor = 0.05 };
    Api *api = api_with(&over);
    ApiResult *r;

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "status", "503", NULL, 2);
    r = wait_final(api, api_experiments_search(api, OWNER, 1, NULL, 0), 15000, NULL);
    if (r->err.kind != ERR_OK)
        fail_msg("%s", r->err.message);
    assert_non_null(r->experiments);
    assert_true(r->experiments->n > 0);
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", EXP_SEARCH), 3);
    api_free(api);
}

static void read_gives_up_after_max_retries(void **state)
{
    ApiConfig over = { .max_retries = 2, .backoff_factor = 0.05 };
    Api *api = api_with(&over);
    ApiResult *r;

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "status", "502", NULL, 0);
    r = wait_final(api, api_experiments_search(api, OWNER, 1, NULL, 0), 15000, NULL);
    assert_int_not_equal(r->err.kind, ERR_OK);
    assert_int_equal(r->err.http_status, 502);
    assert_non_null(strstr(r->err.message, "after 2 retries"));
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", EXP_SEARCH), 3);
    api_free(api);
}

static void read_not_retried_on_400_or_when_retries_are_off(void **state)
{
    ApiConfig over = { .max_retries = 0 };
    Api *api = api_with(&over);
    ApiResult *r;

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "status", "503", NULL, 0);
    r = wait_final(api, api_experiments_search(api, OWNER, 1, NULL, 0), 15000, NULL);
    assert_int_equal(r->err.http_status, 503);
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", EXP_SEARCH), 1);
    api_free(api);
    over.max_retries = 5;
    api = api_with(&over);
    fault_clear(api);
    fault_set(api, "experiments/search$", "status", "400", NULL, 0);
    r = wait_final(api, api_experiments_search(api, OWNER, 1, NULL, 0), 15000, NULL);
    assert_int_equal(r->err.http_status, 400);
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", EXP_SEARCH), 1);
    api_free(api);
}

static void read_reset_before_reply_is_retried(void **state)
{
    ApiConfig over = { .max_retries = 3, .backoff_factor = 0.05 };
    Api *api = api_with(&over);
    ApiResult *r;

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "reset", NULL, NULL, 1);
    r = wait_final(api, api_experiments_search(api, OWNER, 1, NULL, 0), 15000, NULL);
    if (r->err.kind != ERR_OK)
        fail_msg("%s", r->err.message);
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", EXP_SEARCH), 2);
    api_free(api);
}

/* Retry-After: 1 on a 429 makes the retry wait a second (the backoff alone
 * would retry at once), and the status line says so meanwhile. */
static void retry_after_is_honoured_and_shown(void **state)
{
    ApiConfig over = { .max_retries = 3, .backoff_factor = 0 };
    Api *api = api_with(&over);
    char act[200] = "";
    bool seen = false;
    long t0, dt;
    uint64_t id;
    ApiResult *r = NULL;

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "status", "429", "1", 1);
    t0 = now_ms();
    id = api_experiments_search(api, OWNER, 1, NULL, 0);
    while (!r && now_ms() - t0 < 10000) {
        ApiResult *x;
        api_wait(api, -1, 50);
        api_perform(api);
        api_activity(api, act, sizeof act);
        if (strstr(act, "retry 1/3 in 1 s (HTTP 429)"))
            seen = true;
        while ((x = api_next_result(api))) {
            if (x->req_id == id && x->final)
                r = x;
            else
                api_result_free(x);
        }
    }
    dt = now_ms() - t0;
    assert_non_null(r);
    assert_int_equal(r->err.kind, ERR_OK);
    api_result_free(r);
    assert_true(seen);
    assert_true(dt >= 950);
    assert_int_equal(fault_count(api, "received", EXP_SEARCH), 2);
    api_free(api);
}

/* The retry wait is a timer of the one loop: api_wait with a long timeout
 * wakes when a retry is due (it never sleeps past it), and the backoff
 * grows as factor * 2^(n-1) from the second retry: "retry 2/4 in 1 s". */
static void retry_timer_wakes_api_wait(void **state)
{
    ApiConfig over = { .max_retries = 4, .backoff_factor = 0.5 };
    Api *api = api_with(&over);
    char act[200] = "";
    bool seen = false;
    long t0, dt;
    uint64_t id;
    ApiResult *r = NULL;

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "status", "503", NULL, 2);
    t0 = now_ms();
    id = api_experiments_search(api, OWNER, 1, NULL, 0);
    while (!r && now_ms() - t0 < 20000) {
        ApiResult *x;
        api_perform(api);
        api_activity(api, act, sizeof act);
        if (strstr(act, "retry 2/4 in 1 s (HTTP 503)"))
            seen = true;
        while ((x = api_next_result(api))) {
            if (x->req_id == id && x->final)
                r = x;
            else
                api_result_free(x);
        }
        if (!r)
            api_wait(api, -1, 10000);
    }
    dt = now_ms() - t0;
    assert_non_null(r);
    assert_int_equal(r->err.kind, ERR_OK);
    api_result_free(r);
    assert_true(seen);
    assert_true(dt >= 900);      /* the second retry waited 0.5 * 2^1 s */
    assert_true(dt < 5000);      /* and api_wait did not sleep its 10 s */
    api_free(api);
}

/* Esc during a retry wait: cancelled at once, one final ERR_CANCELLED. */
static void cancel_during_retry_wait(void **state)
{
    ApiConfig over = { .max_retries = 5, .backoff_factor = 30 };
    Api *api = api_with(&over);
    char act[200] = "";
    long t0;
    uint64_t id;
    ApiResult *r;
    int n = 0;

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "status", "503", NULL, 0);
    t0 = now_ms();
    id = api_experiments_search(api, OWNER, 1, NULL, 0);
    while (!strstr(act, "retry 2/5") && now_ms() - t0 < 10000) {
        api_wait(api, -1, 50);
        api_perform(api);
        api_activity(api, act, sizeof act);
    }
    assert_non_null(strstr(act, "retry 2/5 in "));
    assert_int_equal(api_in_flight(api), 1);
    api_cancel(api, id);
    assert_int_equal(api_in_flight(api), 0);
    r = wait_final(api, id, 1000, &n);
    assert_int_equal(r->err.kind, ERR_CANCELLED);
    api_result_free(r);
    assert_true(now_ms() - t0 < 10000);
    api_free(api);
}


/* ---- bounds --------------------------------------------------------------- */

/* Collects every result of id; returns the final one, *pages = non-final ones
 * (freed), *items = experiments in them plus the final one's. */
static ApiResult *collect_exps(Api *api, uint64_t id, int *pages, size_t *items)
{
    long end = now_ms() + 20000;

    *pages = 0;
    *items = 0;
    while (now_ms() < end) {
        ApiResult *r;
        api_wait(api, -1, 50);
        api_perform(api);
        while ((r = api_next_result(api))) {
            if (r->req_id != id) {
                api_result_free(r);
                continue;
            }
            if (r->experiments)
                *items += r->experiments->n;
            if (r->final)
                return r;
            (*pages)++;
            api_result_free(r);
        }
    }
    fail_msg("request did not finish");
    return NULL;
}

static void repeated_page_token_stops_with_message(void **state)
{
    Api *api = api_with(NULL);
    ApiResult *r;
    int pages;
    size_t items;

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "token-repeat", NULL, NULL, 0);
    r = collect_exps(api, api_experiments_search(api, OWNER, 1, NULL, 0), &pages, &items);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "same page token twice"));
    assert_true(pages >= 1);          /* what arrived was delivered first */
    assert_true(items > 0);
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", EXP_SEARCH), 2);
    api_free(api);
}

static void endless_page_tokens_stop_at_the_page_limit(void **state)
{
    ApiConfig over = { .max_pages = 5 };
    Api *api = api_with(&over);
    ApiResult *r;
    int pages;
    size_t items;

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "token-endless", NULL, NULL, 0);
    r = collect_exps(api, api_experiments_search(api, OWNER, 1, NULL, 0), &pages, &items);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "stopped after 5 pages"));
    assert_int_equal(pages, 5);
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", EXP_SEARCH), 5);
    api_free(api);
}

/* The registry searches page inside the API now, with the same bounds. */
static void models_search_is_typed_and_bounded(void **state)
{
    Api *api = api_with(NULL);
    const char *path = "/api/2.0/mlflow/registered-models/search";
    ApiResult *r;
    int n = 0;
    uint64_t id;

    (void)state;
    fault_clear(api);
    r = wait_final(api, api_models_search(api, OWNER, 1, NULL), 10000, &n);
    assert_int_equal(r->err.kind, ERR_OK);
    assert_non_null(r->models);
    assert_true(r->models->n >= 1);
    assert_int_equal(n, 1);
    api_result_free(r);
    r = wait_final(api, api_versions_search(api, OWNER, 1, "name='NEOs'"), 10000, NULL);
    assert_int_equal(r->err.kind, ERR_OK);
    assert_non_null(r->versions);
    assert_true(r->versions->n >= 2);
    api_result_free(r);

    fault_clear(api);
    fault_set(api, "registered-models/search$", "token-repeat", NULL, NULL, 0);
    id = api_models_search(api, OWNER, 1, NULL);
    size_t got = 0;
    long end = now_ms() + 15000;
    r = NULL;
    while (!r && now_ms() < end) {
        ApiResult *x;
        api_wait(api, -1, 50);
        api_perform(api);
        while ((x = api_next_result(api))) {
            if (x->req_id == id && x->models)
                got = x->models->n;
            if (x->req_id == id && x->final)
                r = x;
            else
                api_result_free(x);
        }
    }
    assert_non_null(r);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "registered-models/search"));
    assert_true(got >= 1);      /* the models that arrived came first */
    api_result_free(r);
    assert_int_equal(fault_count(api, "received", path), 2);
    api_free(api);
}

/* A client of the fault proxy reading runs pages of `page` runs, without
 * credentials, the proxy's rules cleared; *ex: Hazardous_NEOs looked up (its
 * id for a RunsQuery; the caller frees it). */
static Api *runs_client(int page, ApiResult **ex)
{
    ApiConfig cfg;
    Api *api;
    Err e;

    api_config_from_env(&cfg, fault_uri());
    cfg.username = cfg.password = cfg.token = NULL;
    cfg.first_page = page;
    cfg.page_size = page;
    api = api_new(&cfg, &e);
    assert_non_null(api);
    fault_clear(api);
    *ex = wait_final(api, api_experiment_get_by_name(api, OWNER, 1, "Hazardous_NEOs"), 10000,
                     NULL);
    assert_int_equal((*ex)->err.kind, ERR_OK);
    return api;
}

/* A server that sends more runs than max_results asked for: the page is cut
 * to what was asked. */
static void runs_page_cut_to_what_was_asked(void **state)
{
    ApiResult *r, *ex;
    Api *api = runs_client(3, &ex);
    const char *ids[1] = { ex->experiment->id };

    (void)state;
    fault_set(api, "runs/search$", "overfull", NULL, NULL, 0);
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1, .max_total = 3 };
    r = wait_final(api, api_runs_search(api, OWNER, 1, &q), 10000, NULL);
    assert_int_equal(r->err.kind, ERR_OK);
    assert_non_null(r->runs);
    assert_int_equal(r->runs->n_runs, 3);     /* the server sent all 34 */
    api_result_free(r);
    api_result_free(ex);
    api_free(api);
}

/* Every result of a runs request until its final one: the runs merged into
 * one set (a run sent twice is held once) and the count of runs sent. */
static RunSet *collect_runs(Api *api, uint64_t id, size_t *sent, Err *err)
{
    long end = now_ms() + 10000;
    RunSet *all = runset_new();

    *sent = 0;
    err_clear(err);
    while (now_ms() < end) {
        ApiResult *r;
        api_wait(api, -1, 50);
        api_perform(api);
        while ((r = api_next_result(api))) {
            bool last = r->req_id == id && r->final;
            if (r->req_id == id && r->err.kind != ERR_OK)
                *err = r->err;
            if (r->req_id == id && r->runs) {
                *sent += r->runs->n_runs;
                assert_int_equal(runset_merge(all, r->runs), 0);
            }
            api_result_free(r);
            if (last)
                return all;
        }
    }
    fail_msg("request %" PRIu64 " did not finish", id);
    return all;
}

/* The next runs page is asked for with the token read from the reply's tail
 * before the page is parsed; a reply whose tail holds another token (a decoy
 * after the real one) has that early request taken back and the right page
 * asked for: every run arrives once, no error. */
static void runs_page_token_guess_taken_back_when_wrong(void **state)
{
    ApiResult *ex;
    Api *api = runs_client(5, &ex);
    const char *ids[1] = { ex->experiment->id };
    Err e;

    (void)state;
    fault_set(api, "runs/search$", "token-first", NULL, NULL, 0);
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1 };
    size_t sent;
    RunSet *all = collect_runs(api, api_runs_search(api, OWNER, 1, &q), &sent, &e);
    if (e.kind != ERR_OK)
        fail_msg("%s", e.message);
    assert_int_equal(all->n_runs, 34);    /* all of Hazardous_NEOs */
    assert_int_equal(sent, 34);           /* each once */
    /* 7 pages of 5, and the decoy guesses sent (then taken back) as well */
    assert_true(fault_count(api, "received", "/api/2.0/mlflow/runs/search") > 7);
    runset_free(all);
    fault_clear(api);
    /* The same without the decoy: every guess right, exactly the 7 pages. */
    all = collect_runs(api, api_runs_search(api, OWNER, 2, &q), &sent, &e);
    assert_int_equal(e.kind, ERR_OK);
    assert_int_equal(all->n_runs, 34);
    assert_int_equal(sent, 34);
    assert_int_equal(fault_count(api, "received", "/api/2.0/mlflow/runs/search"), 7);
    runset_free(all);
    api_result_free(ex);
    api_free(api);
}

static void huge_reply_capped_per_endpoint(void **state)
{
    Api *api = api_with(NULL);
    ApiResult *r;
    long t0 = now_ms();

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "huge", "80", NULL, 0);
    r = wait_final(api, api_experiments_search(api, OWNER, 1, NULL, 0), 30000, NULL);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "too large (over 64 MiB)"));
    api_result_free(r);
    print_message("  80 MiB reply refused in %ld ms\n", now_ms() - t0);
    api_free(api);
}

/* An artifact listing is one reply (MLflow never pages it): capped at 16 MiB,
 * a run's listing and a logged model's alike. */
static void artifact_listing_capped_at_16_mib(void **state)
{
    Api *api = api_with(NULL);
    ApiResult *r;

    (void)state;
    fault_clear(api);
    fault_set(api, "artifacts/list$", "huge", "20", NULL, 0);
    r = wait_final(api, artifacts_list(api, OWNER, 1, 1, "0123456789abcdef", "model"), 20000,
                   NULL);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "too large (over 16 MiB)"));
    api_result_free(r);
    fault_set(api, "artifacts/directories$", "huge", "20", NULL, 0);
    r = wait_final(api, lm_artifacts_list(api, OWNER, 1, 1, "m-0123", NULL), 20000, NULL);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "too large (over 16 MiB)"));
    api_result_free(r);
    api_free(api);
}

/* Content-Encoding: gzip whose body inflates far past the cap: the decoded
 * bytes are counted, not the compressed ones. */
static void gzip_bomb_capped_on_decoded_bytes(void **state)
{
    Api *api = api_with(NULL);
    ApiResult *r;
    struct rusage ru;

    (void)state;
    fault_clear(api);
    fault_set(api, "experiments/search$", "gzip-lie", "256", NULL, 0);
    r = wait_final(api, api_experiments_search(api, OWNER, 1, NULL, 0), 60000, NULL);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "too large"));
    api_result_free(r);
    getrusage(RUSAGE_SELF, &ru);
    print_message("  max RSS %ld MiB\n", ru.ru_maxrss >> 10);
    assert_true(ru.ru_maxrss < (200L << 10));   /* KiB: far below the 256 MiB inflated */
    api_free(api);
}

static void call_max_bytes_caps_the_reply(void **state)
{
    Api *api = api_with(NULL);
    ApiCall c = { .path = "/api/2.0/mlflow/experiments/search?max_results=100",
                  .max_bytes = 100, .label = "small" };
    ApiResult *r;

    (void)state;
    fault_clear(api);
    r = wait_final(api, api_call(api, OWNER, 1, &c), 10000, NULL);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "small too large (over 0 KiB)") ||
                    strstr(r->err.message, "small too large"));
    api_result_free(r);
    api_free(api);
}

/* A preview reads at most its budget (4 MiB text, 32 MiB PNG) whatever the
 * listing claimed: here the "file" is 8 MiB. */
static void artifact_preview_reads_at_most_its_budget(void **state)
{
    Api *api = api_with(NULL);
    ApiResult *r;

    (void)state;
    assert_int_equal(artifacts_preview_budget("plots/roc.PNG"), 32u << 20);
    assert_int_equal(artifacts_preview_budget("notes.txt"), 4u << 20);
    assert_int_equal(artifacts_preview_budget("model/MLmodel"), 4u << 20);
    fault_clear(api);
    fault_set(api, "artifacts/big\\.json$", "huge", "8", NULL, 0);
    r = wait_final(api, artifacts_get(api, OWNER, 1, 1, "0123456789abcdef",
                                      "mlflow-artifacts:/1/0123456789abcdef/artifacts",
                                      "big.json", NULL, NULL),
                   20000, NULL);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "big.json too large (over 4 MiB)"));
    api_result_free(r);
    api_free(api);
}

/* A download writes at most what it may (the download's byte limit), however
 * small the listing said the file was: here 8 MiB against a 1 MiB cap; the
 * partial file is removed. */
static void artifact_download_writes_at_most_its_cap(void **state)
{
    Api *api = api_with(NULL);
    ApiResult *r;
    char dir[] = "/tmp/mltui-dlcap.XXXXXX", path[64];
    struct stat st;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/big.json", dir);
    fault_clear(api);
    fault_set(api, "artifacts/big\\.json$", "huge", "8", NULL, 0);
    r = wait_final(api, artifacts_save(api, OWNER, 1, 1, "0123456789abcdef",
                                       "mlflow-artifacts:/1/0123456789abcdef/artifacts",
                                       "big.json", path, NULL, 1u << 20),
                   20000, NULL);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "larger than the download may be (over 1 MiB)"));
    assert_int_equal(stat(path, &st), -1);           /* no partial file left */
    api_result_free(r);
    /* Without a cap the same file is written whole. */
    r = wait_final(api, artifacts_save(api, OWNER, 1, 1, "0123456789abcdef",
                                       "mlflow-artifacts:/1/0123456789abcdef/artifacts",
                                       "big.json", path, NULL, 0),
                   20000, NULL);
    assert_int_equal(r->err.kind, ERR_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size >= (8 << 20));
    api_result_free(r);
    unlink(path);
    rmdir(dir);
    api_free(api);
}

/* ---- every other fault: a readable error, never a crash ------------------ */

static void each_fault_gives_a_readable_error(void **state)
{
    static const struct { const char *fault, *arg; ErrKind want; } faults[] = {
        { "malformed", NULL, ERR_PARSE },
        { "wrong-types", NULL, ERR_OK },   /* lists as objects: read as empty, no crash */
        { "deep-nesting", "100000", ERR_PARSE },
        { "truncate", NULL, ERR_PARSE },
        { "close-mid-body", NULL, ERR_TRANSPORT },
        { "drip", "200", ERR_TIMEOUT },
        { "redirect-off-host", NULL, ERR_HTTP },
        { "status", "418", ERR_SERVER },
        { "reset", NULL, ERR_TRANSPORT },
    };
    ApiConfig over = { .max_retries = 0, .timeout_ms = 1500 };
    Api *api = api_with(&over);

    (void)state;
    for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
        ApiResult *r;
        fault_clear(api);
        fault_set(api, "experiments/search$", faults[i].fault, faults[i].arg, NULL, 0);
        r = wait_final(api, api_experiments_search(api, OWNER, 1, NULL, 0), 20000, NULL);
        print_message("  %-18s -> %s: %s\n", faults[i].fault, err_kind_name(r->err.kind),
                      r->err.message);
        if (r->err.kind != faults[i].want)
            fail_msg("fault %s: want %s, got %s (%s)", faults[i].fault,
                     err_kind_name(faults[i].want), err_kind_name(r->err.kind),
                     r->err.message);
        if (r->err.kind != ERR_OK)
            assert_true(strlen(r->err.message) > 10);
        assert_null(strchr(r->err.message, '\n'));
        api_result_free(r);
    }
    api_free(api);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(write_reset_after_request_is_sent_once_and_unknown),
        cmocka_unit_test(write_reset_is_sent_once),
        cmocka_unit_test(write_connect_failure_is_transport_error),
        cmocka_unit_test(write_503_is_not_retried),
        cmocka_unit_test(read_503_twice_then_ok_is_retried),
        cmocka_unit_test(read_gives_up_after_max_retries),
        cmocka_unit_test(read_not_retried_on_400_or_when_retries_are_off),
        cmocka_unit_test(read_reset_before_reply_is_retried),
        cmocka_unit_test(retry_after_is_honoured_and_shown),
        cmocka_unit_test(retry_timer_wakes_api_wait),
        cmocka_unit_test(cancel_during_retry_wait),
        cmocka_unit_test(repeated_page_token_stops_with_message),
        cmocka_unit_test(endless_page_tokens_stop_at_the_page_limit),
        cmocka_unit_test(models_search_is_typed_and_bounded),
        cmocka_unit_test(runs_page_cut_to_what_was_asked),
        cmocka_unit_test(runs_page_token_guess_taken_back_when_wrong),
        cmocka_unit_test(huge_reply_capped_per_endpoint),
        cmocka_unit_test(artifact_listing_capped_at_16_mib),
        cmocka_unit_test(gzip_bomb_capped_on_decoded_bytes),
        cmocka_unit_test(call_max_bytes_caps_the_reply),
        cmocka_unit_test(artifact_preview_reads_at_most_its_budget),
        cmocka_unit_test(artifact_download_writes_at_most_its_cap),
        cmocka_unit_test(each_fault_gives_a_readable_error),
    };

    srand((unsigned)time(NULL));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
