/* bench_load.c — loading an experiment from the test server, against plain
 * HTTP fetches of the same pages measured in the same run:
 *
 *   first rows     api_runs_search's first page, parsed, vs one plain POST of
 *                  the same 100-run page (target: at most 1.2x);
 *   all runs       every page through the API layer, parsed into the RunSet,
 *                  vs plain POSTs of the same pages, reading only the token
 *                  (target: at most 1.05x);
 *   memory         the loaded RunSet's bytes vs the JSON bytes received;
 *   sort           the loaded runs by a metric (core/runtable);
 *   from cache     storing and re-reading the RunSet through store/cache vs
 *                  the full load.
 *
 * It starts the project's test server itself (python3
 * tests/server/mlflow_server.py --synthetic-runs N on a free port) unless
 * BENCH_URL names a running one with an experiment `synthetic`.
 *
 *     make build/bench/bench_load && build/bench/bench_load [runs]   (default 10000)
 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "api/api.h"
#include "core/runtable.h"
#include "store/cache.h"
#include "test_server.h"


static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- the server ---------------------------------------------------------- */

/* Generating 100,000 synthetic runs takes the server a while: wait up to 10 min. */
static int start_server(long runs, char *url, size_t size)
{
    char  dir[] = "/tmp/mltui-bench-load.XXXXXX", nruns[32];
    char *args[] = { "--fixture", "tests/fixtures/neos.json", "--synthetic-runs", nruns, NULL };
    int   rc;

    if (!mkdtemp(dir))
        return -1;
    snprintf(nruns, sizeof nruns, "%ld", runs);
    rc = bench_server_start(dir, args, 600, url, size);
    rmdir(dir);
    return rc;
}

/* ---- plain libcurl: the baseline ----------------------------------------- */

typedef struct Buf {
    char  *p;
    size_t n, cap;
} Buf;

static size_t on_data(char *d, size_t size, size_t nmemb, void *userp)
{
    Buf   *b = userp;
    size_t n = size * nmemb;

    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1 << 20;
        char  *q;

        while (cap < b->n + n + 1)
            cap *= 2;
        if (!(q = realloc(b->p, cap)))
            return 0;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
    b->p[b->n] = '\0';
    return n;
}

/* The next_page_token of a reply, found from the end (MLflow puts it last),
 * into tok; "" when there is none. Cheaper than any parse: the baseline. */
static void find_token(const Buf *b, char *tok, size_t size)
{
    const char *k = NULL, *p, *q;

    tok[0] = '\0';
    for (p = b->p; (p = strstr(p, "\"next_page_token\"")); p++)
        k = p;
    if (!k || !(p = strchr(k + 17, '"')) || !(q = strchr(p + 1, '"'))
        || (size_t)(q - p - 1) >= size)
        return;
    memcpy(tok, p + 1, (size_t)(q - p - 1));
    tok[q - p - 1] = '\0';
}

/* POSTs runs/search pages (first `first`, then `rest` a page) until the last
 * or `max_pages`; returns the bytes received, -1 on failure. */
static long long plain_fetch(CURL *c, const char *url, const char *exp_id, int first, int rest,
                             int max_pages)
{
    char       endpoint[512], body[1024], tok[1024] = "";
    long long  bytes = 0;
    Buf        b = { 0 };
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");

    snprintf(endpoint, sizeof endpoint, "%s/api/2.0/mlflow/runs/search", url);
    curl_easy_setopt(c, CURLOPT_URL, endpoint);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    for (int page = 0; page < max_pages; page++) {
        if (tok[0])
            snprintf(body, sizeof body,
                     "{\"experiment_ids\":[\"%s\"],\"max_results\":%d,\"page_token\":\"%s\"}",
                     exp_id, page ? rest : first, tok);
        else
            snprintf(body, sizeof body, "{\"experiment_ids\":[\"%s\"],\"max_results\":%d}",
                     exp_id, page ? rest : first);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        b.n = 0;
        if (curl_easy_perform(c) != CURLE_OK) {
            bytes = -1;
            break;
        }
        bytes += (long long)b.n;
        find_token(&b, tok, sizeof tok);
        if (!tok[0])
            break;
    }
    curl_slist_free_all(h);
    free(b.p);
    return bytes;
}

/* ---- through the API layer ----------------------------------------------- */

/* Runs the loop until req's final result; first_ms gets the time of its first
 * page. Returns the merged runs (or NULL on an error). */
static RunSet *api_load(Api *api, const char *exp_id, double *first_ms, double *all_ms,
                        long max_total)
{
    const char *ids[1] = { exp_id };
    RunsQuery   q = { .experiment_ids = ids, .n_experiment_ids = 1, .max_total = max_total };
    RunSet     *rs = runset_new();
    double      t0 = now_ms();
    bool        done = false;

    *first_ms = -1;
    api_runs_search(api, 1, 1, &q);
    while (!done) {
        ApiResult *r;

        api_wait(api, -1, 100);
        api_perform(api);
        while ((r = api_next_result(api))) {
            if (r->err.kind != ERR_OK) {
                fprintf(stderr, "bench_load: %s\n", r->err.message);
                api_result_free(r);
                runset_free(rs);
                return NULL;
            }
            if (r->runs) {
                if (*first_ms < 0)
                    *first_ms = now_ms() - t0;
                runset_merge(rs, r->runs);
            }
            done = r->final;
            api_result_free(r);
        }
    }
    *all_ms = now_ms() - t0;
    return rs;
}

static int experiment_id(Api *api, char *id, size_t size)
{
    api_experiment_get_by_name(api, 1, 1, "synthetic");
    for (;;) {
        ApiResult *r;

        api_wait(api, -1, 100);
        api_perform(api);
        if ((r = api_next_result(api))) {
            int ok = r->err.kind == ERR_OK && r->experiment;

            if (ok)
                snprintf(id, size, "%s", r->experiment->id);
            else
                fprintf(stderr, "bench_load: no experiment 'synthetic': %s\n", r->err.message);
            api_result_free(r);
            return ok ? 0 : -1;
        }
    }
}

#define REPS 3

int main(int argc, char **argv)
{
    long       runs = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
    char       url[128], exp_id[64], dir[] = "/tmp/mltui-bench-cache.XXXXXX", note[256];
    const char *env = getenv("BENCH_URL");
    ApiConfig  cfg;
    Err        e;
    Api       *api;
    CURL      *c;
    double     page = 1e30, all = 1e30, first = 1e30, load = 1e30, t0, ms, f, a;
    double     sort, put, get;
    long long  bytes = 0;
    RunSet    *rs = NULL;
    RunTable   t;
    Column     col;
    Cache     *cache;

    if (env && *env)
        snprintf(url, sizeof url, "%s", env);
    else if (start_server(runs, url, sizeof url) < 0) {
        fprintf(stderr, "bench_load: could not start the test server\n");
        return 1;
    }
    api_config_from_env(&cfg, url);
    cfg.timeout_ms = 600000;
    api = api_new(&cfg, &e);
    c = curl_easy_init();
    if (!api || !c || experiment_id(api, exp_id, sizeof exp_id) < 0)
        return 1;

    for (int rep = 0; rep < REPS; rep++) {
        t0 = now_ms();
        if (plain_fetch(c, url, exp_id, 100, 1000, 1) < 0)
            return 1;
        ms = now_ms() - t0;
        page = ms < page ? ms : page;
        runset_free(api_load(api, exp_id, &f, &a, 100));
        first = f < first ? f : first;
    }
    for (int rep = 0; rep < REPS; rep++) {
        t0 = now_ms();
        bytes = plain_fetch(c, url, exp_id, 100, 1000, 1000000);
        ms = now_ms() - t0;
        all = ms < all ? ms : all;
        runset_free(rs);
        rs = api_load(api, exp_id, &f, &a, 0);
        if (!rs || bytes < 0)
            return 1;
        load = a < load ? a : load;
    }

    runtable_init(&t, rs);
    runtable_parse_column(rs, "f1", &col);
    t0 = now_ms();
    t.sort[0].col = col;
    t.sort[0].desc = true;
    t.n_sort = 1;
    runtable_refresh(&t);
    sort = now_ms() - t0;
    runtable_free(&t);

    if (!mkdtemp(dir) || !(cache = cache_open(dir, 0, note, sizeof note)))
        return 1;
    t0 = now_ms();
    cache_put_runs(cache, url, exp_id, rs, 1);
    put = now_ms() - t0;
    t0 = now_ms();
    runset_free(cache_get_runs(cache, url, exp_id, NULL, 2));
    get = now_ms() - t0;
    cache_close(cache);
    snprintf(note, sizeof note, "rm -rf '%s'", dir);
    if (system(note) != 0)
        return 1;

    printf("test server %s, experiment synthetic: %zu runs, %.1f MB of JSON\n", url, rs->n_runs,
           (double)bytes / 1e6);
    printf("%-34s %9.1f ms (baseline)\n", "plain POST of one 100-run page", page);
    printf("%-34s %9.1f ms (%.2fx one page; target <= 1.2x)\n", "mltui: first rows", first,
           first / page);
    printf("%-34s %9.1f ms (baseline)\n", "plain POSTs of every page", all);
    printf("%-34s %9.1f ms (%.2fx plain; target <= 1.05x)\n", "mltui: all runs parsed", load,
           load / all);
    printf("%-34s %9.1f MB (%.2fx the JSON received)\n", "mltui: memory of the runs",
           (double)runset_memory(rs) / 1e6, (double)runset_memory(rs) / (double)bytes);
    printf("%-34s %9.1f ms\n", "mltui: sort by f1", sort);
    printf("%-34s %9.1f ms (%.3fx the full load)\n", "mltui: re-open from the cache", get,
           get / load);
    printf("%-34s %9.1f ms\n", "mltui: store in the cache", put);
    runset_free(rs);
    curl_easy_cleanup(c);
    api_free(api);
    bench_server_stop();
    return 0;
}
