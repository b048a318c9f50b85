/* bench_store.c — loading local MLflow stores (issue 10, item 5): a SQLite
 * store of 100,000 runs x 30 metrics x 30 params x 10 tags in MLflow's real
 * schema, and a file store of 10,000 runs of the same shape, both built by
 * bench/make_stores.py (once, into $BUILD/bench-data). Each load is timed to
 * the full RunSet and printed beside a baseline measured in the same run:
 * the sqlite3 shell selecting the same rows (the same four queries, output
 * to /dev/null), and cat(1) of every file of the file store. Best of REPS.
 *
 *     make bench   (or: build/bench/bench_store [DATADIR])
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"

#define REPS    3
#define REPS_FS 2   /* 700,000 small files a pass: fewer passes */

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
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

static double time_load(StoreKind kind, const char *path, size_t *n_runs, size_t *mem, int reps)
{
    double best = 1e9;
    const char *ids[] = { "1" };

    for (int r = 0; r < reps; r++) {
        double t0 = now_s();
        Err err;
        Store *s = store_open(kind, path, NULL, &err);
        RunSet *rs = runset_new();
        if (!s || store_runs(s, ids, 1, 0, NULL, rs, &err) != 0) {
            fprintf(stderr, "bench_store: %s\n", err.message);
            exit(1);
        }
        double t = now_s() - t0;
        *n_runs = rs->n_runs;
        *mem = runset_memory(rs);
        runset_free(rs);
        store_close(s);
        if (t < best)
            best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    char dir[1024], cmd[4096], db[1200], mlruns[1200];
    size_t n, mem;
    double t_sql, t_cli, t_fs, t_cat;
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

    t_sql = time_load(STORE_SQLITE, db, &n, &mem, REPS);
    printf("sqlite store: %zu runs x 30 metrics x 30 params x 10 tags loaded in %.2f s "
           "(RunSet %.0f MB)\n", n, t_sql, mem / 1048576.0);
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
    t_cli = time_cmd(cmd, REPS);
    printf("  baseline: sqlite3 shell selecting the same rows  %.2f s\n", t_cli);
    printf("  ratio mltui / sqlite3 = %.2f   (target: <= 1.5, and <= 2 s: %s)\n",
           t_sql / t_cli, t_sql / t_cli <= 1.5 && t_sql <= 2.0 ? "met" : "NOT MET");

    t_fs = time_load(STORE_FILE, mlruns, &n, &mem, REPS_FS);
    printf("file store: %zu runs x 30 metrics x 30 params x 10 tags loaded in %.2f s\n", n, t_fs);
    snprintf(cmd, sizeof cmd, "find '%s/1' -type f -exec cat {} + > /dev/null", mlruns);
    t_cat = time_cmd(cmd, REPS_FS);
    printf("  baseline: cat of every file of the store  %.2f s\n", t_cat);
    printf("  ratio mltui / cat = %.2f   (target: <= 3 s: %s)\n", t_fs / t_cat,
           t_fs <= 3.0 ? "met" : "NOT MET");
    return 0;
}
