/* bench_store.c — loading local MLflow stores (issue 10, item 5): a SQLite
 * store of 100,000 runs x 30 metrics x 30 params x 10 tags in MLflow's real
 * schema, and a file store of 10,000 runs of the same shape, both built by
 * bench/make_stores.py (once, into $BUILD/bench-data). Each load is timed to
 * the full RunSet and printed beside a baseline measured in the same run:
 * the sqlite3 shell selecting the same rows (output to /dev/null: with the
 * statements mltui runs, and with the run-ordered joins it ran before), and
 * cat(1) of every file of the file store. Best of REPS (the cat baseline
 * once: it spawns a cat per few thousand files).
 *
 * Then the point of it all: the same 10,000 runs (the test server's
 * synthetic experiment, also written by make_stores.py as synthetic.db)
 * loaded through the API layer exactly as the runs screen does — once from
 * the test server over HTTP on loopback (python3 tests/server/mlflow_server.py
 * --synthetic-runs 10000, started here), once from the SQLite file through
 * the local store's worker job — from the request to the last run merged.
 *
 *     make bench   (or: build/bench/bench_store [DATADIR])
 * BENCH_STORE_PARTS=sqlite,files,server (default all) runs only those parts.
 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "store/store.h"
#include "test_server.h"


#define REPS    3
#define REPS_FS 2   /* 700,000 small files a pass: fewer passes */

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The machine's load: the figures are only as good as the quiet they ran in. */
static void print_load(const char *when)
{
    double l[3];
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

    if (getloadavg(l, 3) == 3)
        printf("(%s: %ld cores, load average %.2f %.2f %.2f)\n", when, ncpu, l[0], l[1], l[2]);
}

static double time_cmd(const char *cmd, int reps)
{
    double best = 1e9;

    for (int r = 0; r < reps; r++) {
        double t0 = now_s();
        if (system(cmd) != 0) {
            fprintf(stderr, "bench_store: failed: %s\n", cmd);
            exit(1);
        }
        double t = now_s() - t0;
        if (t < best)
            best = t;
    }
    return best;
}

/* CPU time (user + system) this process has used, all threads. */
static double cpu_s(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec
           + ru.ru_stime.tv_usec / 1e6;
}

/* Best wall time of reps loads; *cpu: the CPU time of that load (on a
 * machine shared with other jobs, what the load would take with its cores
 * to itself is about cpu / threads). */
static double time_load(StoreKind kind, const char *path, size_t *n_runs, size_t *mem, int reps,
                        double *cpu)
{
    double best = 1e9;
    const char *ids[] = { "1" };

    for (int r = 0; r < reps; r++) {
        double c0 = cpu_s(), t0 = now_s();
        Err err;
        Store *s = store_open(kind, path, NULL, &err);
        RunSet *rs = runset_new();
        if (!s || store_runs(s, ids, 1, 0, NULL, rs, &err) != 0) {
            fprintf(stderr, "bench_store: %s\n", err.message);
            exit(1);
        }
        double t = now_s() - t0, c = cpu_s() - c0;
        *n_runs = rs->n_runs;
        *mem = runset_memory(rs);
        runset_free(rs);
        store_close(s);
        if (t < best) {
            best = t;
            *cpu = c;
        }
    }
    return best;
}

/* ---- the same runs over HTTP and from a file ------------------------------ */

#define SERVER_RUNS 10000

/* Starts the test server with the synthetic experiment on a free loopback
 * port; url gets its address. -1 when it did not come up within 5 min. */
static int start_server(char *url, size_t size)
{
    char  dir[] = "/tmp/mltui-bench-store.XXXXXX", nruns[32];
    char *args[] = { "--synthetic-runs", nruns, NULL };
    int   rc;

    if (!mkdtemp(dir))
        return -1;
    snprintf(nruns, sizeof nruns, "%d", SERVER_RUNS);
    rc = bench_server_start(dir, args, 300, url, size);
    rmdir(dir);
    return rc;
}

static double merge_s;   /* time spent in runset_merge by await_final */

/* The final result of request id (driving the loop as the UI does). */
static ApiResult *await_final(Api *api, uint64_t id, RunSet *merge_into, double *first_s,
                              double t0)
{
    for (;;) {
        ApiResult *r;
        api_wait(api, -1, 100);
        api_perform(api);
        while ((r = api_next_result(api))) {
            if (r->req_id != id) {
                api_result_free(r);
                continue;
            }
            if (r->err.kind != ERR_OK) {
                fprintf(stderr, "bench_store: %s\n", r->err.message);
                exit(1);
            }
            if (r->runs && merge_into) {
                double m0 = now_s();
                if (first_s && *first_s < 0)
                    *first_s = m0 - t0;
                runset_merge(merge_into, r->runs);
                merge_s += now_s() - m0;
            }
            if (r->final)
                return r;
            api_result_free(r);
        }
    }
}

/* Loads experiment `name` from uri through the API layer: the time from
 * the runs/search request to its first rows and to the last run merged.
 * n_runs / n_metrics: what arrived (to check both sources agree). */
static void api_load(const char *uri, const char *name, double *first_s, double *all_s,
                     size_t *n_runs, size_t *n_metrics)
{
    ApiConfig cfg;
    Err e;
    Api *api;
    ApiResult *r;
    char id[64];
    const char *ids[1] = { id };
    RunSet *rs = runset_new();
    double t0;

    api_config_from_env(&cfg, uri);
    cfg.timeout_ms = 600000;
    if (!(api = api_new(&cfg, &e)) || !rs) {
        fprintf(stderr, "bench_store: %s: %s\n", uri, e.message);
        exit(1);
    }
    r = await_final(api, api_experiment_get_by_name(api, 1, 1, name), NULL, NULL, 0);
    snprintf(id, sizeof id, "%s", r->experiment->id);
    api_result_free(r);
    *first_s = -1;
    t0 = now_s();
    r = await_final(api, api_runs_search(api, 1, 1, &(RunsQuery){ .experiment_ids = ids,
                                                               .n_experiment_ids = 1 }),
                    rs, first_s, t0);
    *all_s = now_s() - t0;   /* await_final merged the last page too */
    if (*first_s < 0)
        *first_s = *all_s;
    api_result_free(r);
    *n_runs = rs->n_runs;
    *n_metrics = 0;
    for (size_t i = 0; i < rs->n_runs; i++)
        *n_metrics += rs->runs[i].m_n;
    runset_free(rs);
    api_free(api);
}

int main(int argc, char **argv)
{
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    char dir[1024], cmd[4096], db[1200], mlruns[1200];
    size_t n, mem;
    double t_sql, t_cli, t_cli_idx, t_fs, t_cat, cpu;
    const char *where = "r.lifecycle_stage = 'active' AND r.experiment_id IN (1)";

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1)
        snprintf(dir, sizeof dir, "%s", argv[1]);
    else
        snprintf(dir, sizeof dir, "%s/bench-data", build);
    snprintf(cmd, sizeof cmd, "python3 bench/make_stores.py '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "bench_store: could not build the stores in %s\n", dir);
        return 1;
    }
    snprintf(db, sizeof db, "%s/bench.db", dir);
    snprintf(mlruns, sizeof mlruns, "%s/mlruns", dir);

    const char *parts = getenv("BENCH_STORE_PARTS");
    print_load("before");
    if (parts && !strstr(parts, "sqlite"))
        goto files;
    t_sql = time_load(STORE_SQLITE, db, &n, &mem, REPS, &cpu);
    printf("sqlite store: %zu runs x 30 metrics x 30 params x 10 tags loaded in %.2f s "
           "(RunSet %.0f MB; %.2f s of CPU on 2 threads)\n", n, t_sql, mem / 1048576.0, cpu);
    /* Two baselines: the sqlite3 shell running the statements mltui runs
     * (whole tables in rowid order: every run of bench.db is asked for),
     * and running the four run-ordered joins through the run_uuid index
     * that mltui used before (and still uses for a few runs). Same rows. */
    snprintf(cmd, sizeof cmd,
             "sqlite3 -readonly '%s' \""
             "SELECT r.run_uuid, r.name, r.experiment_id, r.user_id, r.artifact_uri, r.status, "
             "r.lifecycle_stage, r.start_time, r.end_time FROM runs r WHERE %s ORDER BY r.run_uuid;"
             "SELECT run_uuid, key, value, is_nan, step FROM latest_metrics ORDER BY rowid;"
             "SELECT run_uuid, key, value FROM params ORDER BY rowid;"
             "SELECT run_uuid, key, value FROM tags ORDER BY rowid;\" > /dev/null", db, where);
    t_cli = time_cmd(cmd, REPS);
    snprintf(cmd, sizeof cmd,
             "sqlite3 -readonly '%s' \""
             "SELECT r.run_uuid, r.name, r.experiment_id, r.user_id, r.artifact_uri, r.status, "
             "r.lifecycle_stage, r.start_time, r.end_time FROM runs r WHERE %s ORDER BY r.run_uuid;"
             "SELECT m.run_uuid, m.key, m.value, m.is_nan, m.step FROM runs r JOIN latest_metrics m "
             "ON m.run_uuid = r.run_uuid WHERE %s ORDER BY r.run_uuid;"
             "SELECT p.run_uuid, p.key, p.value FROM runs r JOIN params p ON p.run_uuid = r.run_uuid "
             "WHERE %s ORDER BY r.run_uuid;"
             "SELECT t.run_uuid, t.key, t.value FROM runs r JOIN tags t ON t.run_uuid = r.run_uuid "
             "WHERE %s ORDER BY r.run_uuid;\" > /dev/null", db, where, where, where, where);
    t_cli_idx = time_cmd(cmd, REPS);
    printf("  baseline: sqlite3 shell selecting the same rows  %.2f s (the same whole-table "
           "statements), %.2f s (run-ordered joins through the index)\n", t_cli, t_cli_idx);
    printf("  ratio mltui / sqlite3 = %.2f (%.2f against the joins)   (target: <= 1.5, and "
           "<= 2 s: %s)\n", t_sql / t_cli, t_sql / t_cli_idx,
           t_sql / t_cli <= 1.5 && t_sql <= 2.0 ? "met" : "NOT MET");
    {   /* the same, as the runs screen gets them: through the API layer (the
         * newest 1,000 runs first), merged into the screen's table */
        double first = 1e9, all = 1e9, merge = 0;
        size_t m;
        for (int r = 0; r < REPS; r++) {
            double f1, a1;
            merge_s = 0;
            api_load(db, "bench", &f1, &a1, &n, &m);
            if (a1 < all) {
                all = a1;
                merge = merge_s;
            }
            first = f1 < first ? f1 : first;
        }
        printf("  through the API layer as the runs screen loads them: first rows %.2f s, "
               "all %zu runs %.2f s (of which %.2f s merging into the screen's table)\n",
               first, n, all, merge);
    }

files:
    if (parts && !strstr(parts, "files"))
        goto server;
    t_fs = time_load(STORE_FILE, mlruns, &n, &mem, REPS_FS, &cpu);
    printf("file store: %zu runs x 30 metrics x 30 params x 10 tags loaded in %.2f s "
           "(%.2f s of CPU on %ld threads)\n", n, t_fs, cpu,
           sysconf(_SC_NPROCESSORS_ONLN) < 4 ? sysconf(_SC_NPROCESSORS_ONLN) : 4);
    snprintf(cmd, sizeof cmd, "find '%s/1' -type f -exec cat {} + > /dev/null", mlruns);
    t_cat = time_cmd(cmd, 1);   /* minutes on a slow file system: once */
    printf("  baseline: cat of every file of the store  %.2f s\n", t_cat);
    printf("  ratio mltui / cat = %.2f   (target: <= 3 s: %s)\n", t_fs / t_cat,
           t_fs <= 3.0 ? "met" : "NOT MET");

server:
    if (parts && !strstr(parts, "server")) {
        print_load("after");
        return 0;
    }
    {
        char url[128], syn[1200];
        double s_first, s_all, l_first = 1e9, l_all = 1e9;
        size_t s_n, s_m, l_n, l_m;

        snprintf(syn, sizeof syn, "%s/synthetic.db", dir);
        if (start_server(url, sizeof url) < 0) {
            fprintf(stderr, "bench_store: could not start the test server\n");
            return 1;
        }
        api_load(url, "synthetic", &s_first, &s_all, &s_n, &s_m);
        bench_server_stop();
        for (int r = 0; r < REPS; r++) {
            double f, a;
            api_load(syn, "synthetic", &f, &a, &l_n, &l_m);
            l_first = f < l_first ? f : l_first;
            l_all = a < l_all ? a : l_all;
        }
        if (s_n != l_n || s_m != l_m) {
            fprintf(stderr, "bench_store: the server sent %zu runs (%zu metric values), the "
                    "store held %zu (%zu): not the same runs\n", s_n, s_m, l_n, l_m);
            return 1;
        }
        printf("the same %zu active runs (of %d) through the API layer, as the runs screen "
               "loads them:\n", l_n, SERVER_RUNS);
        printf("  local SQLite store: first rows %.2f s, all %.2f s\n", l_first, l_all);
        printf("  baseline: the test server over HTTP (loopback): first rows %.2f s, all "
               "%.2f s\n", s_first, s_all);
        printf("  ratio server / local, all runs = %.1fx   (target: all on screen in about "
               "1 s: %s)\n", s_all / l_all, l_all <= 1.5 ? "met" : "NOT MET");
    }
    print_load("after");
    return 0;
}
