/* test_api.c — the REST client (src/api/: transport.c, mlflow.c, config.c ...) over real HTTP on loopback.
 *
 * Two kinds of peer:
 * - the project's MLflow test server (tests/server/mlflow_server.py), started by
 *   tests/api/run.sh, which passes its address in the environment:
 *     MLTUI_TEST_URI         plain server seeded with tests/fixtures/neos.json
 *     MLTUI_TEST_LOG         its request log (one line per request)
 *     MLTUI_TEST_URI_BASIC   server with --basic-auth $MLTUI_TEST_BASIC_USER:$..._PASS
 *     MLTUI_TEST_URI_TOKEN   server with --token $MLTUI_TEST_TOKEN
 *     MLTUI_TEST_URI_SLOW    server with --delay-ms (a few hundred ms or more)
 *   Tests whose server is not given are skipped.
 * - a one-connection stub inside this file, driven from the same loop as the
 *   client, to see the exact request bytes and to send replies no MLflow server
 *   sends (redirects, huge or non-JSON bodies). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "api/api.h"

#define OWNER 7

/* ---- helpers ------------------------------------------------------------ */

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *env_or_skip(const char *name)
{
    const char *v = getenv(name);

    if (!v || !*v) {
        print_message("  (%s not set: skipped)\n", name);
        skip();
    }
    return v;
}

static Api *api_for(const char *uri, int first_page, int page_size)
{
    ApiConfig cfg;
    Api *api;
    Err e;

    api_config_from_env(&cfg, uri);
    cfg.username = cfg.password = cfg.token = NULL;  /* the caller's shell must not leak in */
    cfg.first_page = first_page;
    cfg.page_size = page_size;
    cfg.max_retries = 0;   /* errors here are meant as they come; retries: test_faults.c */
    api = api_new(&cfg, &e);
    if (!api)
        fail_msg("api_new: %s", e.message);
    return api;
}

/* Runs the loop until every result of request id has arrived (the last has
 * final set); stores up to max of them in out. Returns how many arrived. */
static int collect(Api *api, uint64_t id, ApiResult **out, int max, int timeout_ms)
{
    long end = now_ms() + timeout_ms;
    int n = 0;
    bool done = false;

    while (!done && now_ms() < end) {
        ApiResult *r;
        api_wait(api, -1, 50);
        api_perform(api);
        while ((r = api_next_result(api))) {
            if (r->req_id != id) {
                api_result_free(r);
                continue;
            }
            done = r->final;
            if (n < max)
                out[n++] = r;
            else
                api_result_free(r);
        }
    }
    if (!done)
        fail_msg("request %" PRIu64 " did not finish in %d ms", id, timeout_ms);
    return n;
}

static ApiResult *one(Api *api, uint64_t id)
{
    ApiResult *r[1];

    assert_int_equal(collect(api, id, r, 1, 15000), 1);
    assert_true(r[0]->final);
    return r[0];
}

static void free_all(ApiResult **r, int n)
{
    for (int i = 0; i < n; i++)
        api_result_free(r[i]);
}

static void assert_ok(const ApiResult *r)
{
    if (r->err.kind != ERR_OK)
        fail_msg("%s: %s", err_kind_name(r->err.kind), r->err.message);
}

/* The id of experiment name on the server (experiments/get-by-name). */
static char *experiment_id(Api *api, const char *name)
{
    ApiResult *r = one(api, api_experiment_get_by_name(api, OWNER, 1, name));
    char *id;

    assert_ok(r);
    assert_non_null(r->experiment);
    id = strdup(r->experiment->id);
    api_result_free(r);
    return id;
}

/* Every run of experiment name (all pages merged), view type vt. */
static RunSet *all_runs(Api *api, const char *name, int vt)
{
    char *eid = experiment_id(api, name);
    const char *ids[] = { eid };
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1, .view_type = vt };
    ApiResult *res[64];
    RunSet *rs = runset_new();
    int n = collect(api, api_runs_search(api, OWNER, 1, &q), res, 64, 15000);

    for (int i = 0; i < n; i++) {
        assert_ok(res[i]);
        assert_int_equal(runset_merge(rs, res[i]->runs), 0);
    }
    free_all(res, n);
    free(eid);
    return rs;
}

static char *run_id_named(Api *api, const char *exp, const char *run_name)
{
    RunSet *rs = all_runs(api, exp, 2);
    char *id = NULL;

    for (size_t i = 0; i < rs->n_runs; i++)
        if (strcmp(runset_str(rs, rs->runs[i].name), run_name) == 0)
            id = strdup(runset_str(rs, rs->runs[i].run_id));
    runset_free(rs);
    if (!id)
        fail_msg("no run named %s", run_name);
    return id;
}

/* The server's request log: lines appended since mark. */
static size_t log_size(void)
{
    const char *p = getenv("MLTUI_TEST_LOG");
    FILE *f = p && *p ? fopen(p, "rb") : NULL;
    long n = 0;

    if (!f)
        return 0;
    if (fseek(f, 0, SEEK_END) == 0)
        n = ftell(f);
    fclose(f);
    return n > 0 ? (size_t)n : 0;
}

static char *log_since(size_t mark)
{
    const char *p = getenv("MLTUI_TEST_LOG");
    FILE *f = p && *p ? fopen(p, "rb") : NULL;
    char *buf;
    size_t n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = (size_t)ftell(f);
    if (n < mark)
        mark = 0;
    buf = calloc(1, n - mark + 1);
    fseek(f, (long)mark, SEEK_SET);
    if (buf && fread(buf, 1, n - mark, f) != n - mark)
        buf[0] = '\0';
    fclose(f);
    return buf;
}

/* Whether the log checks apply: the log is given (then it must hold lines). */
static bool log_wanted(const char *log)
{
    if (!getenv("MLTUI_TEST_LOG"))
        return false;
    assert_true(log && *log);
    return true;
}

/* Lines of log text that contain every one of the given strings. */
static int log_count(const char *log, const char *a, const char *b)
{
    int n = 0;
    const char *line = log;

    while (line && *line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char *l = strndup(line, len);
        if (strstr(l, a) && (!b || strstr(l, b)))
            n++;
        free(l);
        line = nl ? nl + 1 : NULL;
    }
    return n;
}

/* The page tokens in log lines about endpoint; returns how many, fills v. */
static int log_tokens(const char *log, const char *endpoint, char v[][128], int max)
{
    int n = 0;
    const char *line = log;

    while (line && *line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char *l = strndup(line, len);
        const char *t = strstr(l, endpoint) ? strstr(l, "page_token") : NULL;
        if (t && n < max) {
            size_t k = 0;
            t += strlen("page_token");
            while (*t && strchr("\"': =\\", *t))
                t++;
            while (*t && k + 1 < 128 && (isalnum((unsigned char)*t) || strchr("+/=%_-", *t)))
                v[n][k++] = *t++;
            v[n][k] = '\0';
            if (k > 0)
                n++;
        }
        free(l);
        line = nl ? nl + 1 : NULL;
    }
    return n;
}

/* ---- a one-connection stub server --------------------------------------- */

typedef struct Stub {
    int    lfd, cfd;
    int    port;
    char   req[65536];
    size_t req_n;
    const char *reply;
    size_t reply_n, sent;
    bool   got_request, closed;
} Stub;

static void stub_open(Stub *s, const char *reply, size_t reply_n)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int one = 1;

    memset(s, 0, sizeof *s);
    s->cfd = -1;
    s->reply = reply;
    s->reply_n = reply_n;
    s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    assert_true(s->lfd >= 0);
    setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(s->lfd, 4), 0);
    assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&a, &al), 0);
    s->port = ntohs(a.sin_port);
}

static void stub_close(Stub *s)
{
    if (s->cfd >= 0)
        close(s->cfd);
    if (s->lfd >= 0)
        close(s->lfd);
}

static bool request_complete(const Stub *s)
{
    const char *end = memmem(s->req, s->req_n, "\r\n\r\n", 4);
    const char *cl;
    size_t want = 0;

    if (!end)
        return false;
    cl = strcasestr(s->req, "\r\nContent-Length:");
    if (cl && cl < end)
        want = (size_t)strtoul(cl + 17, NULL, 10);
    return s->req_n >= (size_t)(end + 4 - s->req) + want;
}

/* Advances the stub without blocking. */
static void stub_step(Stub *s)
{
    ssize_t n;

    if (s->cfd < 0) {
        s->cfd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK);
        if (s->cfd < 0)
            return;
    }
    while (!s->got_request && s->req_n + 1 < sizeof s->req) {
        n = recv(s->cfd, s->req + s->req_n, sizeof s->req - 1 - s->req_n, 0);
        if (n <= 0)
            break;
        s->req_n += (size_t)n;
        s->req[s->req_n] = '\0';
        s->got_request = request_complete(s);
    }
    while (s->got_request && s->sent < s->reply_n) {
        n = send(s->cfd, s->reply + s->sent, s->reply_n - s->sent, MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
                s->sent = s->reply_n;   /* the client hung up: fine */
            break;
        }
        s->sent += (size_t)n;
    }
    if (s->got_request && s->sent == s->reply_n && s->reply_n > 0 && !s->closed) {
        shutdown(s->cfd, SHUT_WR);   /* "Connection: close" means it */
        s->closed = true;
    }
}

/* Runs client and stub together until request id finishes; returns its result. */
static ApiResult *stub_run(Stub *s, Api *api, uint64_t id)
{
    long end = now_ms() + 10000;
    ApiResult *r = NULL;

    while (!r && now_ms() < end) {
        api_wait(api, s->cfd >= 0 ? s->cfd : s->lfd, 10);
        api_perform(api);
        stub_step(s);
        r = api_next_result(api);
    }
    assert_non_null(r);
    assert_int_equal(r->req_id, id);
    assert_true(r->final);
    return r;
}

/* An Api on the stub; cfg (may be NULL) supplies everything but the URL. */
static Api *api_for_stub(const Stub *s, const char *path, const ApiConfig *cfg)
{
    char uri[128];
    ApiConfig c;
    Api *api;
    Err e;

    snprintf(uri, sizeof uri, "http://127.0.0.1:%d%s", s->port, path);
    if (cfg) {
        c = *cfg;
    } else {
        memset(&c, 0, sizeof c);
    }
    c.base_url = uri;
    api = api_new(&c, &e);
    if (!api)
        fail_msg("api_new: %s", e.message);
    return api;
}

static const char EMPTY_OK[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
    "Connection: close\r\n\r\n{}";

/* ---- the test server ---------------------------------------------------- */

static void experiments_search_follows_every_page(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    ApiResult *res[16];
    size_t mark = log_size(), total = 0;
    char *log;
    int n;

    (void)state;
    api_set_experiments_page(api, 1);
    n = collect(api, api_experiments_search(api, OWNER, 3, NULL, 0), res, 16, 15000);
    assert_true(n >= 3);   /* one experiment per page, maybe an empty last page */
    for (int i = 0; i < n; i++) {
        assert_ok(res[i]);
        assert_non_null(res[i]->experiments);
        assert_int_equal(res[i]->kind, REQ_EXPERIMENTS_SEARCH);
        assert_int_equal(res[i]->owner, OWNER);
        assert_int_equal(res[i]->gen, 3);
        assert_int_equal(res[i]->page, i + 1);
        assert_int_equal(res[i]->final, i == n - 1);
        total += res[i]->experiments->n;
    }
    assert_int_equal(total, 3);
    free_all(res, n);
    log = log_since(mark);
    if (log_wanted(log))
        assert_int_equal(log_count(log, "experiments/search", NULL), n);
    free(log);
    api_free(api);
}

static void experiments_search_default_sends_max_results_and_gets_all(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    ApiResult *r;
    size_t mark = log_size();
    char *log;

    (void)state;
    r = one(api, api_experiments_search(api, OWNER, 1, NULL, 0));
    assert_ok(r);
    assert_int_equal(r->experiments->n, 3);
    assert_int_equal(r->page, 1);
    api_result_free(r);
    log = log_since(mark);
    if (log_wanted(log))
        assert_int_equal(log_count(log, "experiments/search", "1000"), 1);
    free(log);
    api_free(api);
}

static void experiment_get_by_id_and_by_name_agree(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    char *id = experiment_id(api, "Hazardous_NEOs");
    ApiResult *r = one(api, api_experiment_get(api, OWNER, 1, id));

    (void)state;
    assert_ok(r);
    assert_int_equal(r->kind, REQ_EXPERIMENT_GET);
    assert_string_equal(r->experiment->name, "Hazardous_NEOs");
    assert_string_equal(r->experiment->id, id);
    api_result_free(r);
    r = one(api, api_experiment_get_by_name(api, OWNER, 1, "no such experiment"));
    assert_int_equal(r->err.kind, ERR_SERVER);
    assert_string_equal(r->err.code, "RESOURCE_DOES_NOT_EXIST");
    assert_null(r->experiment);
    api_result_free(r);
    free(id);
    api_free(api);
}

static void runs_search_streams_pages_and_never_fetches_one_twice(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 10, 10);
    char *eid = experiment_id(api, "Hazardous_NEOs");
    const char *ids[] = { eid };
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1 };
    ApiResult *res[32];
    RunSet *all = runset_new();
    size_t mark = log_size();
    char *log, tokens[32][128];
    int n, nt;

    (void)state;
    n = collect(api, api_runs_search(api, OWNER, 1, &q), res, 32, 15000);
    assert_true(n >= 4);         /* 10 + 10 + 10 + 4 */
    assert_false(res[0]->final);
    assert_int_equal(res[0]->runs->n_runs, 10);
    for (int i = 0; i < n; i++) {
        assert_ok(res[i]);
        assert_int_equal(res[i]->page, i + 1);
        assert_int_equal(res[i]->final, i == n - 1);
        assert_int_equal(runset_merge(all, res[i]->runs), 0);
    }
    assert_int_equal(all->n_runs, 34);
    free_all(res, n);
    runset_free(all);
    log = log_since(mark);
    if (log_wanted(log)) {
        assert_int_equal(log_count(log, "runs/search", NULL), n);
        nt = log_tokens(log, "runs/search", tokens, 32);
        assert_int_equal(nt, n - 1);
        for (int i = 0; i < nt; i++)
            for (int j = i + 1; j < nt; j++)
                assert_string_not_equal(tokens[i], tokens[j]);
    }
    free(log);
    free(eid);
    api_free(api);
}

static void runs_search_activity_names_the_page_while_streaming(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 10, 10);
    char *eid = experiment_id(api, "Hazardous_NEOs");
    const char *ids[] = { eid };
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1 };
    char buf[128];
    bool saw_page2 = false;
    ApiResult *r;
    uint64_t id;
    long end = now_ms() + 15000;
    bool done = false;

    (void)state;
    api_activity(api, buf, sizeof buf);
    assert_string_equal(buf, "");
    id = api_runs_search(api, OWNER, 1, &q);
    assert_int_equal(api_in_flight(api), 1);
    api_activity(api, buf, sizeof buf);
    assert_string_equal(buf, "runs/search: page 1");
    while (!done && now_ms() < end) {
        api_wait(api, -1, 50);
        api_perform(api);
        api_activity(api, buf, sizeof buf);
        if (strcmp(buf, "runs/search: page 2, 10 runs") == 0)
            saw_page2 = true;
        while ((r = api_next_result(api))) {
            assert_int_equal(r->req_id, id);
            done = r->final;
            api_result_free(r);
        }
    }
    assert_true(done);
    assert_true(saw_page2);
    assert_int_equal(api_in_flight(api), 0);
    api_activity(api, buf, sizeof buf);
    assert_string_equal(buf, "");
    free(eid);
    api_free(api);
}

static void runs_search_respects_max_total(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 10, 10);
    char *eid = experiment_id(api, "Hazardous_NEOs");
    const char *ids[] = { eid };
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1, .max_total = 15 };
    ApiResult *res[8];
    int n;

    (void)state;
    n = collect(api, api_runs_search(api, OWNER, 1, &q), res, 8, 15000);
    assert_int_equal(n, 2);
    assert_int_equal(res[0]->runs->n_runs, 10);
    assert_int_equal(res[1]->runs->n_runs, 5);
    assert_true(res[1]->final);
    free_all(res, n);
    free(eid);
    api_free(api);
}

static void runs_search_order_by_f1_desc_puts_big_skink_first(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    char *eid = experiment_id(api, "Hazardous_NEOs");
    const char *ids[] = { eid };
    const char *order[] = { "metrics.f1 DESC" };
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1,
                    .order_by = order, .n_order_by = 1 };
    ApiResult *r;

    (void)state;
    r = one(api, api_runs_search(api, OWNER, 1, &q));
    assert_ok(r);
    assert_int_equal(r->runs->n_runs, 34);
    assert_string_equal(runset_str(r->runs, r->runs->runs[0].name), "big-skink-198");
    assert_string_equal(runset_str(r->runs, r->runs->runs[1].name), "chill-seal-447");
    api_result_free(r);
    free(eid);
    api_free(api);
}

static void runs_search_bad_filter_gives_the_servers_message(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    char *eid = experiment_id(api, "Hazardous_NEOs");
    const char *ids[] = { eid };
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1, .filter = "metrics.f1 >> 1" };
    ApiResult *r;

    (void)state;
    r = one(api, api_runs_search(api, OWNER, 1, &q));
    assert_int_equal(r->err.kind, ERR_SERVER);
    assert_int_equal(r->err.http_status, 400);
    assert_string_equal(r->err.code, "INVALID_PARAMETER_VALUE");
    assert_non_null(strstr(r->err.message, ">>"));
    assert_null(strchr(r->err.message, '\n'));
    assert_null(r->runs);
    api_result_free(r);
    free(eid);
    api_free(api);
}

static void runs_search_view_types_count_active_deleted_all(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    RunSet *rs;

    (void)state;
    rs = all_runs(api, "Hazardous_NEOs", 0);
    assert_int_equal(rs->n_runs, 34);
    runset_free(rs);
    rs = all_runs(api, "Hazardous_NEOs", 1);
    assert_int_equal(rs->n_runs, 1);
    assert_int_equal(rs->runs[0].lifecycle, LIFE_DELETED);
    runset_free(rs);
    rs = all_runs(api, "Hazardous_NEOs", 2);
    assert_int_equal(rs->n_runs, 35);
    runset_free(rs);
    api_free(api);
}

static void run_get_returns_the_run(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    char *rid = run_id_named(api, "Hazardous_NEOs", "big-skink-198");
    ApiResult *r = one(api, api_run_get(api, OWNER, 1, rid));
    uint32_t k;

    (void)state;
    assert_ok(r);
    assert_int_equal(r->kind, REQ_RUN_GET);
    assert_int_equal(r->runs->n_runs, 1);
    assert_string_equal(runset_str(r->runs, r->runs->runs[0].run_id), rid);
    k = runset_key(r->runs, "f1");
    assert_true(k != UINT32_MAX);
    assert_true(runset_metric(r->runs, 0, k)->value == 1.0);
    api_result_free(r);
    r = one(api, api_run_get(api, OWNER, 1, "0000000000000000000000000000dead"));
    assert_int_equal(r->err.kind, ERR_SERVER);
    assert_string_equal(r->err.code, "RESOURCE_DOES_NOT_EXIST");
    api_result_free(r);
    free(rid);
    api_free(api);
}

static void metric_history_is_delivered_whole_once_with_max_results(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    char *rid = run_id_named(api, "Hazardous_NEOs", "capable-moose-731");
    ApiResult *res[4];
    size_t mark = log_size();
    char *log;
    int n;

    (void)state;
    n = collect(api, api_metric_history(api, OWNER, 1, rid, "training_logloss"), res, 4, 15000);
    assert_int_equal(n, 1);
    assert_ok(res[0]);
    assert_true(res[0]->final);
    assert_non_null(res[0]->history);
    assert_int_equal(res[0]->history->n, 50);
    assert_string_equal(res[0]->history->key, "training_logloss");
    assert_string_equal(res[0]->history->run_id, rid);
    free_all(res, n);
    log = log_since(mark);
    if (log_wanted(log))
        assert_int_equal(log_count(log, "get-history", "max_results"), 1);
    free(log);
    free(rid);
    api_free(api);
}

static void connection_refused_says_so(void **state)
{
    Stub s;
    char uri[64];
    Api *api;
    ApiResult *r;

    (void)state;
    stub_open(&s, "", 0);     /* take a free port, then close it */
    snprintf(uri, sizeof uri, "http://127.0.0.1:%d", s.port);
    stub_close(&s);
    api = api_for(uri, 0, 0);
    r = one(api, api_experiments_search(api, OWNER, 1, NULL, 0));
    assert_int_equal(r->err.kind, ERR_TRANSPORT);
    assert_int_equal(r->err.http_status, 0);
    assert_non_null(strstr(r->err.message, "Cannot connect to http://127.0.0.1:"));
    assert_non_null(strstr(r->err.message, "connection refused"));
    assert_non_null(strstr(r->err.message, "is the server running?"));
    api_result_free(r);
    api_free(api);
}

static Api *api_auth(const char *uri, const char *user, const char *pass, const char *token)
{
    ApiConfig cfg;
    Api *api;
    Err e;

    api_config_from_env(&cfg, uri);
    cfg.username = user;
    cfg.password = pass;
    cfg.token = token;
    api = api_new(&cfg, &e);
    if (!api)
        fail_msg("api_new: %s", e.message);
    return api;
}

static ErrKind experiments_err(Api *api, ApiResult **keep)
{
    ApiResult *r = one(api, api_experiments_search(api, OWNER, 1, NULL, 0));
    ErrKind k = r->err.kind;

    if (keep)
        *keep = r;
    else
        api_result_free(r);
    return k;
}

static void basic_auth_right_and_wrong_credentials(void **state)
{
    const char *uri = env_or_skip("MLTUI_TEST_URI_BASIC");
    const char *user = env_or_skip("MLTUI_TEST_BASIC_USER");
    const char *pass = env_or_skip("MLTUI_TEST_BASIC_PASS");
    Api *api;
    ApiResult *r;

    (void)state;
    api = api_auth(uri, user, pass, NULL);
    assert_int_equal(experiments_err(api, NULL), ERR_OK);
    api_free(api);
    api = api_auth(uri, user, "wrong-password", NULL);
    assert_int_equal(experiments_err(api, &r), ERR_AUTH);
    assert_int_equal(r->err.http_status, 401);
    assert_non_null(strstr(r->err.message, "MLFLOW_TRACKING_USERNAME"));
    api_result_free(r);
    api_free(api);
    api = api_auth(uri, NULL, NULL, NULL);
    assert_int_equal(experiments_err(api, NULL), ERR_AUTH);
    api_free(api);
}

static void bearer_token_right_and_wrong(void **state)
{
    const char *uri = env_or_skip("MLTUI_TEST_URI_TOKEN");
    const char *tok = env_or_skip("MLTUI_TEST_TOKEN");
    Api *api;

    (void)state;
    api = api_auth(uri, NULL, NULL, tok);
    assert_int_equal(experiments_err(api, NULL), ERR_OK);
    api_free(api);
    api = api_auth(uri, NULL, NULL, "not-the-token");
    assert_int_equal(experiments_err(api, NULL), ERR_AUTH);
    api_free(api);
}

/* The slow server delays every runs/search by a couple of seconds. */
static const char *slow_ids[] = { "0" };
static const RunsQuery slow_q = { .experiment_ids = slow_ids, .n_experiment_ids = 1 };

static void cancel_mid_transfer_delivers_cancelled_at_once(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI_SLOW"), 0, 0);
    uint64_t id;
    ApiResult *r;
    long t0;

    (void)state;
    id = api_runs_search(api, OWNER, 1, &slow_q);
    t0 = now_ms();
    while (now_ms() - t0 < 150) {       /* let the request reach the server */
        api_wait(api, -1, 20);
        api_perform(api);
    }
    assert_null(api_next_result(api));
    assert_int_equal(api_in_flight(api), 1);
    t0 = now_ms();
    api_cancel(api, id);
    assert_int_equal(api_in_flight(api), 0);
    r = api_next_result(api);
    assert_non_null(r);
    assert_true(now_ms() - t0 < 100);
    assert_int_equal(r->req_id, id);
    assert_int_equal(r->err.kind, ERR_CANCELLED);
    assert_true(r->final);
    api_result_free(r);
    api_cancel(api, id);               /* unknown now: no-op */
    assert_null(api_next_result(api));
    api_free(api);
}

static void cancel_owner_drops_everything_silently(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI_SLOW"), 0, 0);
    uint64_t keep;
    ApiResult *r;

    (void)state;
    api_runs_search(api, OWNER, 1, &slow_q);
    api_runs_search(api, OWNER, 2, &slow_q);
    keep = api_runs_search(api, OWNER + 1, 1, &slow_q);
    assert_int_equal(api_in_flight(api), 3);
    api_cancel_owner(api, OWNER);
    assert_int_equal(api_in_flight(api), 1);
    r = one(api, keep);
    assert_ok(r);
    api_result_free(r);
    assert_null(api_next_result(api));
    api_free(api);
}

static void slow_reply_beyond_timeout_is_err_timeout(void **state)
{
    const char *uri = env_or_skip("MLTUI_TEST_URI_SLOW");
    ApiConfig cfg;
    Api *api;
    ApiResult *r;
    Err e;

    (void)state;
    api_config_from_env(&cfg, uri);
    cfg.username = cfg.password = cfg.token = NULL;
    cfg.timeout_ms = 150;
    api = api_new(&cfg, &e);
    assert_non_null(api);
    r = one(api, api_runs_search(api, OWNER, 1, &slow_q));
    assert_int_equal(r->err.kind, ERR_TIMEOUT);
    assert_null(strchr(r->err.message, '\n'));
    api_result_free(r);
    api_free(api);
}

/* ---- no server needed / the stub ---------------------------------------- */

static void wait_returns_1_when_extra_fd_is_readable(void **state)
{
    ApiConfig cfg;
    Api *api;
    Err e;
    int p[2];
    long t0;

    (void)state;
    api_config_from_env(&cfg, "http://127.0.0.1:9");
    api = api_new(&cfg, &e);
    assert_non_null(api);
    assert_int_equal(pipe(p), 0);
    t0 = now_ms();
    assert_int_equal(api_wait(api, p[0], 100), 0);
    assert_true(now_ms() - t0 >= 80);
    assert_int_equal(write(p[1], "x", 1), 1);
    t0 = now_ms();
    assert_int_equal(api_wait(api, p[0], 5000), 1);
    assert_true(now_ms() - t0 < 1000);
    assert_int_equal(api_wait(api, -1, 10), 0);
    close(p[0]);
    close(p[1]);
    api_free(api);
}

static void request_headers_are_what_mlflow_expects(void **state)
{
    Stub s;
    ApiConfig cfg;
    Api *api;
    ApiResult *r;
    const char *ids[] = { "1" };
    RunsQuery q = { .experiment_ids = ids, .n_experiment_ids = 1, .filter = "params.x = 'a\"b'",
                    .view_type = 2 };

    (void)state;
    stub_open(&s, EMPTY_OK, sizeof EMPTY_OK - 1);
    memset(&cfg, 0, sizeof cfg);
    cfg.token = "s3cret";
    cfg.first_page = 100;
    api = api_for_stub(&s, "/mlflow/", &cfg);
    assert_non_null(strstr(api_base_url(api), ":"));
    r = stub_run(&s, api, api_runs_search(api, OWNER, 1, &q));
    assert_ok(r);
    assert_int_equal(r->runs->n_runs, 0);
    api_result_free(r);
    assert_int_equal(strncmp(s.req, "POST /mlflow/api/2.0/mlflow/runs/search HTTP/1.1\r\n", 50), 0);
    assert_non_null(strcasestr(s.req, "\r\nUser-Agent: mltui/"));
    assert_non_null(strcasestr(s.req, "\r\nAccept: application/json\r\n"));
    assert_non_null(strcasestr(s.req, "\r\nContent-Type: application/json\r\n"));
    assert_non_null(strcasestr(s.req, "\r\nAuthorization: Bearer s3cret\r\n"));
    assert_null(strcasestr(s.req, "\r\nOrigin:"));
    assert_null(strcasestr(s.req, "\r\nExpect:"));
    assert_non_null(strstr(s.req, "\"max_results\":100"));
    assert_non_null(strstr(s.req, "\"run_view_type\":\"ALL\""));
    assert_non_null(strstr(s.req, "\"experiment_ids\":[\"1\"]"));
    assert_non_null(strstr(s.req, "\"filter\":\"params.x = 'a\\\"b'\""));
    assert_null(strstr(s.req, "page_token"));
    stub_close(&s);
    api_free(api);
}

static void basic_auth_header_wins_over_token(void **state)
{
    Stub s;
    ApiConfig cfg;
    Api *api;
    ApiResult *r;

    (void)state;
    stub_open(&s, EMPTY_OK, sizeof EMPTY_OK - 1);
    memset(&cfg, 0, sizeof cfg);
    cfg.username = "alice";
    cfg.password = "pw";
    cfg.token = "ignored";
    api = api_for_stub(&s, "", &cfg);
    r = stub_run(&s, api, api_experiments_search(api, OWNER, 1, NULL, 0));
    assert_ok(r);
    api_result_free(r);
    /* base64("alice:pw") */
    assert_non_null(strcasestr(s.req, "\r\nAuthorization: Basic YWxpY2U6cHc=\r\n"));
    assert_null(strstr(s.req, "Bearer"));
    assert_non_null(strstr(s.req, "\"max_results\":1000"));
    stub_close(&s);
    api_free(api);
}

static void history_request_always_sends_max_results(void **state)
{
    Stub s;
    Api *api;
    ApiResult *r;

    (void)state;
    stub_open(&s, EMPTY_OK, sizeof EMPTY_OK - 1);
    api = api_for_stub(&s, "", NULL);
    r = stub_run(&s, api, api_metric_history(api, OWNER, 1, "abc", "val/loss"));
    assert_ok(r);
    assert_non_null(r->history);
    assert_int_equal(r->history->n, 0);
    api_result_free(r);
    assert_int_equal(strncmp(s.req, "GET /api/2.0/mlflow/metrics/get-history?run_id=abc&"
                             "metric_key=val%2Floss&max_results=25000 HTTP/1.1", 91), 0);
    stub_close(&s);
    api_free(api);
}

static void redirect_is_not_followed(void **state)
{
    static const char reply[] =
        "HTTP/1.1 302 Found\r\nLocation: http://example.com/elsewhere\r\n"
        "Content-Length: 0\r\nConnection: close\r\n\r\n";
    Stub s;
    Api *api;
    ApiResult *r;

    (void)state;
    stub_open(&s, reply, sizeof reply - 1);
    api = api_for_stub(&s, "", NULL);
    r = stub_run(&s, api, api_run_get(api, OWNER, 1, "x"));
    assert_int_equal(r->err.kind, ERR_HTTP);
    assert_int_equal(r->err.http_status, 302);
    assert_non_null(strstr(r->err.message, "http://example.com/elsewhere"));
    api_result_free(r);
    stub_close(&s);
    api_free(api);
}

static void html_page_with_200_is_a_parse_error(void **state)
{
    static const char reply[] =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 27\r\n"
        "Connection: close\r\n\r\n<html><body>hi</body></html";
    Stub s;
    Api *api;
    ApiResult *r;

    (void)state;
    stub_open(&s, reply, sizeof reply - 1);
    api = api_for_stub(&s, "", NULL);
    r = stub_run(&s, api, api_run_get(api, OWNER, 1, "x"));
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "not JSON"));
    assert_null(r->runs);
    api_result_free(r);
    stub_close(&s);
    api_free(api);
}

static void reply_beyond_the_cap_is_too_large(void **state)
{
    size_t body = 4 << 20, hl;
    char *reply = malloc(body + 256);
    Stub s;
    Api *api;
    ApiResult *r;

    (void)state;
    hl = (size_t)sprintf(reply, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Connection: close\r\n\r\n");    /* no length: streamed */
    memset(reply + hl, ' ', body);
    reply[hl] = '{';
    stub_open(&s, reply, hl + body);
    api = api_for_stub(&s, "", NULL);
    api_set_max_body(api, 1 << 20);
    r = stub_run(&s, api, api_experiments_search(api, OWNER, 1, NULL, 0));
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_non_null(strstr(r->err.message, "too large"));
    api_result_free(r);
    stub_close(&s);
    api_free(api);
    free(reply);
}

static void truncated_reply_is_a_parse_error(void **state)
{
    static const char reply[] =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n"
        "Connection: close\r\n\r\n{\"runs\": [{";
    Stub s;
    Api *api;
    ApiResult *r;

    (void)state;
    stub_open(&s, reply, sizeof reply - 1);
    api = api_for_stub(&s, "", NULL);
    r = stub_run(&s, api, api_runs_search(api, OWNER, 1, NULL));
    /* curl sees the short body (ERR_TRANSPORT) or the parser does (ERR_PARSE). */
    assert_true(r->err.kind == ERR_PARSE || r->err.kind == ERR_TRANSPORT);
    api_result_free(r);
    stub_close(&s);
    api_free(api);
}

static void non_http_uri_is_refused_at_start(void **state)
{
    ApiConfig cfg;
    Err e;

    (void)state;
    api_config_from_env(&cfg, "ftp://127.0.0.1/mlruns");
    assert_null(api_new(&cfg, &e));
    assert_int_equal(e.kind, ERR_TRANSPORT);
    assert_non_null(strstr(e.message, "http"));
    /* file:// and sqlite:// name local stores (api/local.h): one that is not there */
    api_config_from_env(&cfg, "file:///nonexistent-mltui-test/mlruns");
    assert_null(api_new(&cfg, &e));
    assert_non_null(strstr(e.message, "No MLflow store at file:///nonexistent-mltui-test/mlruns"));
}

static void config_from_env_reads_mlflow_variables(void **state)
{
    ApiConfig cfg;

    (void)state;
    setenv("MLFLOW_TRACKING_URI", "http://h:1/p", 1);
    setenv("MLFLOW_TRACKING_USERNAME", "u", 1);
    setenv("MLFLOW_TRACKING_PASSWORD", "p", 1);
    setenv("MLFLOW_TRACKING_TOKEN", "t", 1);
    setenv("MLFLOW_TRACKING_INSECURE_TLS", "TRUE", 1);
    setenv("MLFLOW_TRACKING_SERVER_CERT_PATH", "/ca.pem", 1);
    api_config_from_env(&cfg, NULL);
    assert_string_equal(cfg.base_url, "http://h:1/p");
    assert_string_equal(cfg.username, "u");
    assert_string_equal(cfg.password, "p");
    assert_string_equal(cfg.token, "t");
    assert_true(cfg.insecure_tls);
    assert_string_equal(cfg.server_cert, "/ca.pem");
    assert_int_equal(cfg.timeout_ms, 120000);   /* MLFLOW_HTTP_REQUEST_TIMEOUT's default */
    assert_int_equal(cfg.first_page, 100);
    assert_int_equal(cfg.page_size, 1000);
    assert_int_equal(cfg.max_retries, 7);
    assert_true(cfg.backoff_factor == 2.0);
    assert_true(cfg.backoff_jitter == 1.0);
    setenv("MLFLOW_HTTP_REQUEST_TIMEOUT", "3", 1);
    setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "99", 1);        /* clamped as MLflow's 0..9 */
    setenv("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "0.5", 1);
    setenv("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "nonsense", 1);  /* default kept */
    api_config_from_env(&cfg, NULL);
    assert_int_equal(cfg.timeout_ms, 3000);
    assert_int_equal(cfg.max_retries, 9);
    assert_true(cfg.backoff_factor == 0.5);
    assert_true(cfg.backoff_jitter == 1.0);
    unsetenv("MLFLOW_HTTP_REQUEST_TIMEOUT");
    unsetenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES");
    unsetenv("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR");
    unsetenv("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER");
    api_config_from_env(&cfg, "http://given");
    assert_string_equal(cfg.base_url, "http://given");
    setenv("MLFLOW_TRACKING_INSECURE_TLS", "false", 1);
    unsetenv("MLFLOW_TRACKING_URI");
    api_config_from_env(&cfg, NULL);
    assert_false(cfg.insecure_tls);
    assert_string_equal(cfg.base_url, "http://127.0.0.1:5000");
    unsetenv("MLFLOW_TRACKING_USERNAME");
    unsetenv("MLFLOW_TRACKING_PASSWORD");
    unsetenv("MLFLOW_TRACKING_TOKEN");
    unsetenv("MLFLOW_TRACKING_INSECURE_TLS");
    unsetenv("MLFLOW_TRACKING_SERVER_CERT_PATH");
}

/* ---- api_call: the plain request endpoint modules build on ---- */

static void call_get_returns_status_and_body(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    ApiCall c = { .path = "/api/2.0/mlflow/registered-models/get?name=NEOs", .tag = 7 };
    ApiResult *r = one(api, api_call(api, OWNER, 1, &c));

    (void)state;
    assert_ok(r);
    assert_int_equal(r->kind, REQ_CALL);
    assert_int_equal(r->tag, 7);
    assert_int_equal(r->status, 200);
    assert_non_null(strstr(r->body, "\"name\": \"NEOs\""));
    assert_int_equal(strlen(r->body), r->body_len);
    assert_non_null(r->content_type);
    assert_non_null(strstr(r->content_type, "application/json"));
    api_result_free(r);
    api_free(api);
}

static void call_error_reply_becomes_err_with_servers_code(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    ApiCall c = { .path = "/api/2.0/mlflow/registered-models/get?name=no-such-model" };
    ApiResult *r = one(api, api_call(api, OWNER, 1, &c));

    (void)state;
    assert_int_equal(r->err.kind, ERR_SERVER);
    assert_string_equal(r->err.code, "RESOURCE_DOES_NOT_EXIST");
    assert_int_equal(r->err.http_status, 404);
    assert_null(r->body);
    api_result_free(r);
    api_free(api);
}

static void call_put_then_download_to_file_round_trips_bytes(void **state)
{
    Api *api = api_for(env_or_skip("MLTUI_TEST_URI"), 0, 0);
    char *rid = run_id_named(api, "Hazardous_NEOs", "big-skink-198");
    char path[512], dir[] = "/tmp/mltui-test-XXXXXX", file[600];
    static const char bytes[] = "line one\n\0binary\xff\xfe tail";
    ApiResult *r;
    FILE *f;
    char got[64];
    size_t n;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "/api/2.0/mlflow-artifacts/artifacts/1/%s/artifacts/t/up%%20load.bin",
             rid);
    ApiCall put = { .method = "PUT", .path = path, .body = bytes, .body_len = sizeof bytes - 1,
                    .content_type = "application/octet-stream" };
    r = one(api, api_call(api, OWNER, 1, &put));
    assert_ok(r);
    api_result_free(r);

    snprintf(file, sizeof file, "%s/dl", dir);
    ApiCall get = { .path = path, .save_to = file, .label = "download" };
    r = one(api, api_call(api, OWNER, 1, &get));
    assert_ok(r);
    assert_int_equal(r->saved, sizeof bytes - 1);
    api_result_free(r);
    f = fopen(file, "rb");
    assert_non_null(f);
    n = fread(got, 1, sizeof got, f);
    fclose(f);
    assert_int_equal(n, sizeof bytes - 1);
    assert_memory_equal(got, bytes, n);

    /* The file exists now: a second download must not overwrite it. */
    r = one(api, api_call(api, OWNER, 1, &get));
    assert_int_equal(r->err.kind, ERR_TRANSPORT);
    api_result_free(r);
    f = fopen(file, "rb");
    assert_non_null(f);
    assert_int_equal(fread(got, 1, sizeof got, f), sizeof bytes - 1);
    fclose(f);
    unlink(file);

    /* A failed download leaves no file behind. */
    snprintf(path, sizeof path, "/api/2.0/mlflow-artifacts/artifacts/1/%s/artifacts/missing.bin",
             rid);
    ApiCall miss = { .path = path, .save_to = file };
    r = one(api, api_call(api, OWNER, 1, &miss));
    assert_true(r->err.kind != ERR_OK);
    api_result_free(r);
    assert_int_equal(access(file, F_OK), -1);
    rmdir(dir);
    free(rid);
    api_free(api);
}

static void escape_encodes_query_values(void **state)
{
    char *e = api_escape("a b/c&d=é");

    (void)state;
    assert_string_equal(e, "a%20b%2Fc%26d%3D%C3%A9");
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(experiments_search_follows_every_page),
        cmocka_unit_test(experiments_search_default_sends_max_results_and_gets_all),
        cmocka_unit_test(experiment_get_by_id_and_by_name_agree),
        cmocka_unit_test(runs_search_streams_pages_and_never_fetches_one_twice),
        cmocka_unit_test(runs_search_activity_names_the_page_while_streaming),
        cmocka_unit_test(runs_search_respects_max_total),
        cmocka_unit_test(runs_search_order_by_f1_desc_puts_big_skink_first),
        cmocka_unit_test(runs_search_bad_filter_gives_the_servers_message),
        cmocka_unit_test(runs_search_view_types_count_active_deleted_all),
        cmocka_unit_test(run_get_returns_the_run),
        cmocka_unit_test(metric_history_is_delivered_whole_once_with_max_results),
        cmocka_unit_test(connection_refused_says_so),
        cmocka_unit_test(basic_auth_right_and_wrong_credentials),
        cmocka_unit_test(bearer_token_right_and_wrong),
        cmocka_unit_test(cancel_mid_transfer_delivers_cancelled_at_once),
        cmocka_unit_test(cancel_owner_drops_everything_silently),
        cmocka_unit_test(slow_reply_beyond_timeout_is_err_timeout),
        cmocka_unit_test(wait_returns_1_when_extra_fd_is_readable),
        cmocka_unit_test(request_headers_are_what_mlflow_expects),
        cmocka_unit_test(basic_auth_header_wins_over_token),
        cmocka_unit_test(history_request_always_sends_max_results),
        cmocka_unit_test(redirect_is_not_followed),
        cmocka_unit_test(html_page_with_200_is_a_parse_error),
        cmocka_unit_test(reply_beyond_the_cap_is_too_large),
        cmocka_unit_test(truncated_reply_is_a_parse_error),
        cmocka_unit_test(non_http_uri_is_refused_at_start),
        cmocka_unit_test(call_get_returns_status_and_body),
        cmocka_unit_test(call_error_reply_becomes_err_with_servers_code),
        cmocka_unit_test(call_put_then_download_to_file_round_trips_bytes),
        cmocka_unit_test(escape_encodes_query_values),
        cmocka_unit_test(config_from_env_reads_mlflow_variables),
    };

    signal(SIGPIPE, SIG_IGN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
