/* test_stage.c — runs read in parallel and put into a RunSet in a fixed
 * order (src/store/stage.c), and the SQLite reader built on it: whatever
 * order a store's rows come in, and whichever way a table is read (a whole
 * table scan for most of a store's runs, the run_uuid index for a few, on
 * one thread or two), the RunSet is the one a run-by-run reader builds —
 * same values, same string ids, keys (the runs table's columns) in the
 * order they were first met. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/api.h"
#include "core/filter.h"
#include "core/runset.h"
#include "store/stage.h"
#include "store/store.h"

static char tmp[256];

#include "top.h"

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st; (void)flag; (void)f;
    return remove(p);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "%s/mltui-stage.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(tmp));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

/* The RunSet as text: every string in id order, the key lists in order, and
 * every run with its entries — equal texts, equal RunSets. */
static char *dump(const RunSet *rs)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const KeyList *kl[3] = { &rs->metric_keys, &rs->param_keys, &rs->tag_keys };

    assert_non_null(f);
    for (size_t i = 0; i < strpool_count(rs->pool); i++)
        fprintf(f, "s%zu=%s\n", i, strpool_get(rs->pool, (uint32_t)i));
    for (int k = 0; k < 3; k++) {
        fprintf(f, "keys%d:", k);
        for (size_t i = 0; i < kl[k]->n; i++)
            fprintf(f, " %s/%u", runset_str(rs, kl[k]->ids[i]), kl[k]->counts[i]);
        fprintf(f, "\n");
    }
    for (size_t i = 0; i < rs->n_runs; i++) {
        const Run *r = &rs->runs[i];
        fprintf(f, "run %u %u %u %u %u %u %u %u %d %d %lld %lld\n", r->run_id, r->name,
                r->experiment_id, r->user, r->artifact_uri, r->source, r->flavour,
                r->git_commit, r->status, r->lifecycle, (long long)r->start_time,
                (long long)r->end_time);
        for (uint32_t j = 0; j < r->m_n; j++)
            fprintf(f, " m %u %.17g %u\n", rs->metrics[r->m_off + j].key,
                    rs->metrics[r->m_off + j].value, rs->metrics[r->m_off + j].step);
        for (uint32_t j = 0; j < r->p_n; j++)
            fprintf(f, " p %u %u\n", rs->params[r->p_off + j].key, rs->params[r->p_off + j].value);
        for (uint32_t j = 0; j < r->t_n; j++)
            fprintf(f, " t %u %u\n", rs->tags[r->t_off + j].key, rs->tags[r->t_off + j].value);
    }
    fclose(f);
    return buf;
}

/* ---- the stage alone ---- */

/* Entries added in any run order, from up to three stages (as the SQLite
 * reader's threads add them), build the RunSet a direct reader builds when
 * it adds each run's entries in the order they were staged. */
static void stage_builds_what_a_direct_reader_builds(void **state)
{
    static const char *const ids[3] = { "run-b", "run-a", "run-c" };
    Stage runs, metrics, kv;
    RunSet *direct = runset_new(), *staged = runset_new();
    char *a, *b;

    (void)state;
    assert_int_equal(stage_init(&runs), 0);
    assert_int_equal(stage_init(&metrics), 0);
    assert_int_equal(stage_init(&kv), 0);
    for (int i = 0; i < 3; i++) {
        RunInfoIn in = { .run_id = ids[i], .run_name = i == 1 ? NULL : "shared",
                         .experiment_id = "7", .status = RUN_FINISHED,
                         .lifecycle = LIFE_ACTIVE, .start_time = 100 + i, .end_time = TIME_NONE };
        assert_int_equal(stage_begin_run(&runs, &in), i);
    }
    /* run 2's entries first, then run 0's, then run 1's; a value that is
     * also a key ("zeta"), a NULL key (skipped), the flavour tags */
    assert_int_equal(stage_metric(&metrics, 2, "zeta", 1.5, 3), 0);
    assert_int_equal(stage_metric(&metrics, 0, "zeta", NAN, 0), 0);
    assert_int_equal(stage_metric(&metrics, 0, "alpha", -INFINITY, 7), 0);
    assert_int_equal(stage_metric(&metrics, 2, "alpha", 2.5, 1), 0);
    assert_int_equal(stage_metric(&metrics, 1, NULL, 9, 9), 0);
    assert_int_equal(stage_metric(&metrics, 1, "alpha", 0.25, 2), 0);
    assert_int_equal(stage_param(&kv, 1, "lr", "zeta"), 0);
    assert_int_equal(stage_param(&kv, 0, "lr", "0.1"), 0);
    assert_int_equal(stage_param(&kv, 0, "depth", NULL), 0);
    assert_int_equal(stage_tag(&runs, 2, "estimator_class", "sklearn.ensemble.RF"), 0);
    assert_int_equal(stage_tag(&runs, 0, "model_flavor", "xgboost"), 0);
    assert_int_equal(stage_tag(&runs, 0, "mlflow.source.name", "train.py"), 0);
    assert_int_equal(stage_tag(&runs, 1, "mlflow.runName", "named-by-tag"), 0);
    assert_int_equal(stage_build(&runs, &metrics, &kv, &runs, NULL, staged), 0);

    /* the same, directly, run by run */
    for (int i = 0; i < 3; i++) {
        RunInfoIn in = { .run_id = ids[i], .run_name = i == 1 ? NULL : "shared",
                         .experiment_id = "7", .status = RUN_FINISHED,
                         .lifecycle = LIFE_ACTIVE, .start_time = 100 + i, .end_time = TIME_NONE };
        assert_int_equal(runset_begin_run(direct, &in), 0);
        if (i == 0) {
            assert_int_equal(runset_add_metric(direct, "zeta", NAN, 0), 0);
            assert_int_equal(runset_add_metric(direct, "alpha", -INFINITY, 7), 0);
            assert_int_equal(runset_add_param(direct, "lr", "0.1"), 0);
            assert_int_equal(runset_add_param(direct, "depth", ""), 0);
            assert_int_equal(runset_add_tag(direct, "model_flavor", "xgboost"), 0);
            assert_int_equal(runset_add_tag(direct, "mlflow.source.name", "train.py"), 0);
            assert_int_equal(runset_set_flavour(direct, "xgboost"), 0);
        } else if (i == 1) {
            assert_int_equal(runset_add_metric(direct, "alpha", 0.25, 2), 0);
            assert_int_equal(runset_add_param(direct, "lr", "zeta"), 0);
            assert_int_equal(runset_add_tag(direct, "mlflow.runName", "named-by-tag"), 0);
        } else {
            assert_int_equal(runset_add_metric(direct, "zeta", 1.5, 3), 0);
            assert_int_equal(runset_add_metric(direct, "alpha", 2.5, 1), 0);
            assert_int_equal(runset_add_tag(direct, "estimator_class", "sklearn.ensemble.RF"), 0);
            assert_int_equal(runset_set_flavour(direct, "sklearn"), 0);
        }
        assert_int_equal(runset_end_run(direct), 0);
    }
    a = dump(direct);
    b = dump(staged);
    assert_string_equal(a, b);
    /* and what that means: keys in first-met order, values and flavours kept */
    assert_int_equal(staged->metric_keys.n, 2);
    assert_string_equal(runset_str(staged, staged->metric_keys.ids[0]), "zeta");
    assert_string_equal(runset_str(staged, staged->metric_keys.ids[1]), "alpha");
    assert_true(isnan(runset_metric(staged, 0, runset_key(staged, "zeta"))->value));
    assert_string_equal(runset_str(staged, staged->runs[0].flavour), "xgboost");
    assert_string_equal(runset_str(staged, staged->runs[2].flavour), "sklearn");
    assert_string_equal(runset_str(staged, staged->runs[1].name), "named-by-tag");
    assert_string_equal(runset_str(staged, staged->runs[0].source), "train.py");
    free(a);
    free(b);
    runset_free(direct);
    runset_free(staged);
    stage_free(&runs);
    stage_free(&metrics);
    stage_free(&kv);
}

/* ---- the SQLite reader ---- */

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* A store in MLflow 3.5's schema (taken from a fixture) with n runs in
 * experiment 1 and 3 in experiment 2, whose latest_metrics, params and tags
 * rows are inserted in a shuffled order, so no run's rows are together and
 * a run's keys come in a different order from run to run. */
static void make_store(const char *path, int n)
{
    char fix[1400], sql[512];
    sqlite3 *src, *db;
    sqlite3_stmt *st;
    unsigned seed = 7;
    typedef struct Row { int run, kind, key, val; unsigned order; } Row;
    Row *rows = calloc((size_t)(n + 3) * 40, sizeof *rows);
    size_t n_rows = 0;

    assert_non_null(rows);
    snprintf(fix, sizeof fix, "%stests/fixtures/local-stores/mlflow3-client-sqlite/mlflow.db",
             top);
    assert_int_equal(sqlite3_open_v2(fix, &src, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(src, "SELECT sql FROM sqlite_master WHERE sql IS NOT "
                                        "NULL AND name NOT LIKE 'sqlite_%' ORDER BY "
                                        "type = 'index', rowid", -1, &st, NULL), SQLITE_OK);
    exec(db, "BEGIN");
    while (sqlite3_step(st) == SQLITE_ROW)
        exec(db, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(src);
    exec(db, "INSERT INTO alembic_version VALUES ('bf29a5ff90ea')");
    exec(db, "INSERT INTO experiments VALUES (1, 'big', '/tmp/a', 'active', 1, 1)");
    exec(db, "INSERT INTO experiments VALUES (2, 'small', '/tmp/b', 'active', 1, 1)");
    for (int i = 0; i < n + 3; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO runs (run_uuid, name, source_type, user_id, "
                 "status, start_time, end_time, lifecycle_stage, artifact_uri, experiment_id) "
                 "VALUES ('%08x%024d', %s, 'LOCAL', 'u%d', 'FINISHED', %d, NULL, '%s', "
                 "'/tmp/%d', %d)", (i * 2654435761u) >> 4, i,
                 i % 5 ? "'run'" : "NULL", i % 3, 1000 + i % 17,
                 i % 11 == 3 ? "deleted" : "active", i, i < n ? 1 : 2);
        exec(db, sql);
        for (int k = 0; k < 12; k++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 4 == 0)
                continue;   /* runs differ in the keys they have */
            rows[n_rows++] = (Row){ i, k % 3, k, (int)((seed >> 8) % 5), seed };
        }
    }
    /* shuffle */
    for (size_t i = n_rows; i > 1; i--) {
        size_t j;
        Row t;
        seed = seed * 1103515245u + 12345u;
        j = (seed >> 8) % i;
        t = rows[i - 1];
        rows[i - 1] = rows[j];
        rows[j] = t;
    }
    for (size_t i = 0; i < n_rows; i++) {
        const Row *r = &rows[i];
        char uuid[40];
        snprintf(uuid, sizeof uuid, "%08x%024d", (r->run * 2654435761u) >> 4, r->run);
        if (r->kind == 0)
            snprintf(sql, sizeof sql, "INSERT INTO latest_metrics VALUES ('m%d', %d.5, 1, %d, "
                     "%d, '%s')", r->key, r->val, r->val, r->val == 4, uuid);
        else if (r->kind == 1)  /* a value that is also a key name: m3 */
            snprintf(sql, sizeof sql, "INSERT INTO params VALUES ('p%d', '%s', '%s')", r->key,
                     r->val == 3 ? "m3" : r->val ? "v" : "", uuid);
        else
        {
            char key[32];
            snprintf(key, sizeof key, "t%d", r->key);
            snprintf(sql, sizeof sql, "INSERT INTO tags VALUES ('%s', '%s%d', '%s')",
                     r->key == 2 ? "model_flavor" : r->key == 5 ? "mlflow.runName" : key,
                     r->key == 2 ? "lightgbm" : "tv", r->val, uuid);
        }
        exec(db, sql);
    }
    exec(db, "COMMIT");
    sqlite3_close(db);
    free(rows);
}

/* Experiment 1 (most of the store: whole tables scanned, two threads) and
 * every run read alone (the index) agree on each run's values; experiment 2
 * (3 runs of hundreds: the index) equals experiment 1's reader applied to
 * it; and the key order is the first-met order in run_uuid order, not the
 * order of the rows in the file. */
static void sqlite_reads_the_same_whichever_way(void **state)
{
    char path[400];
    const char *big[] = { "1" }, *small[] = { "2" };
    RunSet *a = runset_new(), *b = runset_new();
    Store *s;
    Err err;

    (void)state;
    snprintf(path, sizeof path, "%s/shuffled.db", tmp);
    make_store(path, 600);
    assert_non_null(s = store_open(STORE_SQLITE, path, NULL, &err));
    assert_int_equal(store_runs(s, big, 1, 2, NULL, a, &err), 0);
    assert_int_equal(a->n_runs, 600);
    /* each run as read alone through the index: same entries */
    for (size_t i = 0; i < a->n_runs; i += 37) {
        const char *id = runset_str(a, a->runs[i].run_id);
        RunSet *one = runset_new();
        assert_int_equal(store_run_get(s, id, one, &err), 0);
        assert_int_equal(one->runs[0].m_n, a->runs[i].m_n);
        assert_int_equal(one->runs[0].p_n, a->runs[i].p_n);
        assert_int_equal(one->runs[0].t_n, a->runs[i].t_n);
        for (uint32_t j = 0; j < a->runs[i].m_n; j++) {
            const MetricVal *m = &a->metrics[a->runs[i].m_off + j];
            const MetricVal *o = runset_metric(one, 0, runset_key(one, runset_str(a, m->key)));
            assert_non_null(o);
            assert_true(m->value == o->value || (isnan(m->value) && isnan(o->value)));
            assert_int_equal(m->step, o->step);
        }
        for (uint32_t j = 0; j < a->runs[i].p_n; j++) {
            const KeyVal *kv = &a->params[a->runs[i].p_off + j];
            uint32_t v = runset_param(one, 0, runset_key(one, runset_str(a, kv->key)));
            assert_int_not_equal(v, UINT32_MAX);
            assert_string_equal(runset_str(one, v), runset_str(a, kv->value));
        }
        assert_int_equal(one->runs[0].flavour != 0, a->runs[i].flavour != 0);
        runset_free(one);
    }
    /* the small experiment, through the index, on one thread */
    assert_int_equal(store_runs(s, small, 1, 2, NULL, b, &err), 0);
    assert_int_equal(b->n_runs, 3);
    {
        /* the same three runs within a whole-table read of both experiments */
        const char *both[] = { "1", "2" };
        RunSet *all = runset_new();
        assert_int_equal(store_runs(s, both, 2, 2, NULL, all, &err), 0);
        assert_int_equal(all->n_runs, 603);
        for (size_t i = 0; i < b->n_runs; i++) {
            long j = runset_find(all, runset_str(b, b->runs[i].run_id));
            assert_true(j >= 0);
            assert_int_equal(all->runs[j].m_n, b->runs[i].m_n);
            assert_int_equal(all->runs[j].p_n, b->runs[i].p_n);
            assert_int_equal(all->runs[j].t_n, b->runs[i].t_n);
        }
        runset_free(all);
    }
    /* keys in first-met order: the run with the smallest run_uuid first, its
     * rows in the order they were inserted (rowid); not the order of the
     * table's rows, which the whole-table scan meets them in */
    {
        static const char *const sql[2] = {
            "SELECT m.key FROM runs r JOIN latest_metrics m ON m.run_uuid = r.run_uuid "
            "WHERE r.experiment_id = 1 ORDER BY r.run_uuid, m.rowid",
            "SELECT m.key FROM latest_metrics m JOIN runs r ON m.run_uuid = r.run_uuid "
            "WHERE r.experiment_id = 1 ORDER BY m.rowid",
        };
        char order[2][64][8];
        size_t n[2] = { 0, 0 };
        sqlite3 *db;
        assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        for (int q = 0; q < 2; q++) {
            sqlite3_stmt *st;
            assert_int_equal(sqlite3_prepare_v2(db, sql[q], -1, &st, NULL), SQLITE_OK);
            while (sqlite3_step(st) == SQLITE_ROW) {
                const char *k = (const char *)sqlite3_column_text(st, 0);
                size_t i;
                for (i = 0; i < n[q] && strcmp(order[q][i], k); i++)
                    ;
                if (i == n[q] && n[q] < 64)
                    snprintf(order[q][n[q]++], sizeof order[q][0], "%s", k);
            }
            sqlite3_finalize(st);
        }
        sqlite3_close(db);
        assert_int_equal(a->metric_keys.n, n[0]);
        for (size_t i = 0; i < n[0]; i++)
            assert_string_equal(runset_str(a, a->metric_keys.ids[i]), order[0][i]);
        assert_int_equal(n[1], n[0]);
        assert_memory_not_equal(order[0], order[1], sizeof order[0][0] * n[0]);
    }
    runset_free(a);
    runset_free(b);
    store_close(s);
}

/* ---- the file store ---- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* An mlruns/ of 300 runs in experiment 1 (three readers' chunks), with
 * problems spread over it: a run without meta.yaml, metric lines that do
 * not parse. Read on several threads, it gives what one reader gives: the
 * runs in directory order before sorting, the keys in first-met order, and
 * the first problem in directory order named, the others counted. */
static void filestore_reads_in_directory_order(void **state)
{
    char root[400], p[900], text[600];
    const char *ids[] = { "1" };
    RunSet *rs = runset_new();
    Store *s;
    Err err;
    DIR *dir;
    struct dirent *d;
    int n = 300, expect_warnings = 0;
    char first_bad[1400] = "", first_keys[2][256] = { "", "" };
    size_t n_first = 0;

    (void)state;
    snprintf(root, sizeof root, "%s/mlruns", tmp);
    mkdir(root, 0755);
    snprintf(p, sizeof p, "%s/1", root);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/1/meta.yaml", root);
    write_file(p, "artifact_location: /tmp/x\nexperiment_id: '1'\nlifecycle_stage: active\n"
                  "name: many\n");
    for (int i = 0; i < n; i++) {
        char run[64];
        snprintf(run, sizeof run, "%032x", (unsigned)(i * 2654435761u));
        snprintf(p, sizeof p, "%s/1/%s", root, run);
        mkdir(p, 0755);
        if (i % 97 != 5) {
            snprintf(p, sizeof p, "%s/1/%s/meta.yaml", root, run);
            snprintf(text, sizeof text, "artifact_uri: /tmp/x/%s\nexperiment_id: '1'\n"
                     "lifecycle_stage: active\nrun_id: %s\nrun_name: r%d\nstart_time: %d\n"
                     "status: 3\nuser_id: u\n", run, run, i, 1000 + i);
            write_file(p, text);
        }
        snprintf(p, sizeof p, "%s/1/%s/metrics", root, run);
        mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/1/%s/params", root, run);
        mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/1/%s/tags", root, run);
        mkdir(p, 0755);
        /* keys differ from run to run: b-i%3 and a */
        snprintf(p, sizeof p, "%s/1/%s/metrics/b%d", root, run, i % 3);
        write_file(p, i % 53 == 7 ? "1 0.5 0\nnot a metric line\n" : "1 0.5 0\n2 0.75 1\n");
        snprintf(p, sizeof p, "%s/1/%s/metrics/a", root, run);
        snprintf(text, sizeof text, "5 %d 2\n", i);
        write_file(p, text);
        snprintf(p, sizeof p, "%s/1/%s/params/lr", root, run);
        write_file(p, i % 2 ? "0.1" : "0.01");
        snprintf(p, sizeof p, "%s/1/%s/tags/model_flavor", root, run);
        write_file(p, "sklearn");
    }
    /* what one reader meets first, in directory order */
    snprintf(p, sizeof p, "%s/1", root);
    assert_non_null(dir = opendir(p));
    while ((d = readdir(dir)) != NULL) {
        unsigned v;
        int i;
        if (d->d_name[0] == '.' || !strcmp(d->d_name, "meta.yaml"))
            continue;
        sscanf(d->d_name, "%x", &v);
        for (i = 0; i < n && (unsigned)(i * 2654435761u) != v; i++)
            ;
        assert_true(i < n);
        if (i % 97 == 5 || i % 53 == 7) {
            expect_warnings++;
            if (!*first_bad)
            {
                if (i % 97 == 5)
                    snprintf(first_bad, sizeof first_bad, "%s/1/%s/meta.yaml: missing", root,
                             d->d_name);
                else
                    snprintf(first_bad, sizeof first_bad, "%s/1/%s/metrics/b%d: line 2 is not",
                             root, d->d_name, i % 3);
            }
        }
        if (i % 97 != 5 && n_first < 2) {
            /* a run's metric files in its directory's order */
            DIR *md;
            struct dirent *m;
            snprintf(p, sizeof p, "%s/1/%s/metrics", root, d->d_name);
            assert_non_null(md = opendir(p));
            while ((m = readdir(md)) != NULL && n_first < 2) {
                bool seen = false;
                if (m->d_name[0] == '.')
                    continue;
                for (size_t k = 0; k < n_first; k++)
                    seen = seen || !strcmp(first_keys[k], m->d_name);
                if (!seen)
                    snprintf(first_keys[n_first++], sizeof first_keys[0], "%s", m->d_name);
            }
            closedir(md);
        }
    }
    closedir(dir);
    assert_true(expect_warnings > 5);

    assert_non_null(s = store_open(STORE_FILE, root, NULL, &err));
    assert_int_equal(store_runs(s, ids, 1, 0, NULL, rs, &err), 0);
    assert_int_equal(rs->n_runs, (size_t)(n - (n + 91) / 97));
    {
        char w[2000];
        char want[80];
        assert_int_equal(store_take_warning(s, w, sizeof w), expect_warnings);
        assert_non_null(strstr(w, first_bad));
        snprintf(want, sizeof want, "(and %d more skipped)", expect_warnings - 1);
        assert_non_null(strstr(w, want));
    }
    /* the first two keys met are the first run's, in its directory's order */
    assert_true(rs->metric_keys.n >= 2);
    assert_string_equal(runset_str(rs, rs->metric_keys.ids[0]), first_keys[0]);
    assert_string_equal(runset_str(rs, rs->metric_keys.ids[1]), first_keys[1]);
    /* values: each run against itself read alone */
    for (size_t i = 0; i < rs->n_runs; i += 41) {
        RunSet *one = runset_new();
        const char *id = runset_str(rs, rs->runs[i].run_id);
        unsigned v;
        int k;
        assert_int_equal(store_run_get(s, id, one, &err), 0);
        sscanf(id, "%x", &v);
        for (k = 0; (unsigned)(k * 2654435761u) != v; k++)
            ;
        assert_int_equal(rs->runs[i].start_time, 1000 + k);
        assert_true(runset_metric(rs, i, runset_key(rs, "a"))->value == k);
        assert_int_equal(one->runs[0].m_n, rs->runs[i].m_n);
        assert_string_equal(runset_str(rs, runset_param(rs, i, runset_key(rs, "lr"))),
                            k % 2 ? "0.1" : "0.01");
        assert_string_equal(runset_str(rs, rs->runs[i].flavour), "sklearn");
        runset_free(one);
    }
    runset_free(rs);
    store_close(s);
}

/* Reading a file store leaves access times alone (O_NOATIME: the files are
 * ours here), even those relatime would update — older than the change. */
static void filestore_read_leaves_access_times(void **state)
{
    static const char *const files[] = { "1/meta.yaml", "1/r1/meta.yaml", "1/r1/metrics/m",
                                         "1/r1/params/p", "1/r1/tags/t" };
    char root[400], p[600];
    const char *ids[] = { "1" };
    struct timespec old[2] = { { .tv_sec = 1000000000 }, { .tv_sec = 0, .tv_nsec = UTIME_OMIT } };
    RunSet *rs = runset_new();
    Store *s;
    Err err;

    (void)state;
    snprintf(root, sizeof root, "%s/mlruns", tmp);
    mkdir(root, 0755);
    for (const char *d = "1\0" "1/r1\0" "1/r1/metrics\0" "1/r1/params\0" "1/r1/tags\0"; *d;
         d += strlen(d) + 1) {
        snprintf(p, sizeof p, "%s/%s", root, d);
        mkdir(p, 0755);
    }
    snprintf(p, sizeof p, "%s/1/meta.yaml", root);
    write_file(p, "experiment_id: '1'\nlifecycle_stage: active\nname: e\n");
    snprintf(p, sizeof p, "%s/1/r1/meta.yaml", root);
    write_file(p, "run_id: r1\nexperiment_id: '1'\nlifecycle_stage: active\nstart_time: 5\n");
    snprintf(p, sizeof p, "%s/1/r1/metrics/m", root);
    write_file(p, "1 0.5 0\n");
    snprintf(p, sizeof p, "%s/1/r1/params/p", root);
    write_file(p, "v");
    snprintf(p, sizeof p, "%s/1/r1/tags/t", root);
    write_file(p, "v");
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(p, sizeof p, "%s/%s", root, files[i]);
        assert_int_equal(utimensat(AT_FDCWD, p, old, 0), 0);
    }
    assert_non_null(s = store_open(STORE_FILE, root, NULL, &err));
    assert_int_equal(store_runs(s, ids, 1, 0, NULL, rs, &err), 0);
    assert_int_equal(rs->n_runs, 1);
    assert_int_equal(rs->runs[0].m_n, 1);
    store_close(s);
    runset_free(rs);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", root, files[i]);
        assert_int_equal(stat(p, &st), 0);
        assert_int_equal(st.st_atim.tv_sec, 1000000000);
    }
}

/* ---- the first runs first ---- */

static void keep_early(void *ctx, RunSet *rs)
{
    RunSet **slot = ctx;

    assert_null(*slot);   /* once */
    *slot = rs;
}

/* store_runs_first: the newest `first` runs (MLflow's default order) come
 * on their own first, filtered; the rest with out; together exactly
 * store_runs's runs and values. A store with fewer runs: one part. */
static void first_runs_come_first(void **state)
{
    char path[400];
    const char *big[] = { "1" };
    RunSet *all = runset_new(), *early = NULL, *rest = runset_new();
    StoreFirst fs = { .first = 100, .early = keep_early, .ctx = &early };
    Filter f = { 0 };
    char why[200];
    Store *s;
    Err err;

    (void)state;
    snprintf(path, sizeof path, "%s/shuffled.db", tmp);
    make_store(path, 600);
    assert_non_null(s = store_open(STORE_SQLITE, path, NULL, &err));
    assert_int_equal(store_runs(s, big, 1, 2, NULL, all, &err), 0);
    assert_int_equal(store_runs_first(s, big, 1, 2, NULL, &fs, rest, &err), 0);
    assert_non_null(early);
    assert_int_equal(early->n_runs, 100);
    assert_int_equal(rest->n_runs, 500);
    /* all is in the default order: its first 100 are the early ones, in order */
    for (size_t i = 0; i < all->n_runs; i++) {
        const char *id = runset_str(all, all->runs[i].run_id);
        RunSet *in = i < 100 ? early : rest;
        long j = runset_find(in, id);
        assert_true(j >= 0);
        if (i < 100)
            assert_int_equal(j, (long)i);
        else
            assert_int_equal(j, (long)i - 100);
        assert_int_equal(in->runs[j].m_n, all->runs[i].m_n);
        assert_int_equal(in->runs[j].p_n, all->runs[i].p_n);
        assert_int_equal(in->runs[j].t_n, all->runs[i].t_n);
        assert_int_equal(in->runs[j].flavour != 0, all->runs[i].flavour != 0);
        for (uint32_t k = 0; k < all->runs[i].m_n; k++) {
            const MetricVal *m = &all->metrics[all->runs[i].m_off + k];
            const MetricVal *o = runset_metric(in, (size_t)j,
                                               runset_key(in, runset_str(all, m->key)));
            assert_non_null(o);
            assert_true(m->value == o->value || (isnan(m->value) && isnan(o->value)));
        }
    }
    runset_free(early);
    runset_free(rest);
    /* with a filter: both parts filtered */
    early = NULL;
    rest = runset_new();
    assert_int_equal(filter_parse("metrics.m0 > 1", FILTER_RUNS, &f, why, sizeof why), 0);
    assert_int_equal(store_runs_first(s, big, 1, 2, &f, &fs, rest, &err), 0);
    assert_non_null(early);
    assert_true(early->n_runs > 0 && early->n_runs < 100);
    for (size_t i = 0; i < early->n_runs; i++)
        assert_true(runset_metric(early, i, runset_key(early, "m0"))->value > 1);
    for (size_t i = 0; i < rest->n_runs; i++)
        assert_true(runset_metric(rest, i, runset_key(rest, "m0"))->value > 1);
    filter_free(&f);
    runset_free(early);
    runset_free(rest);
    /* 600 runs, first 1000: one part */
    early = NULL;
    rest = runset_new();
    fs.first = 1000;
    assert_int_equal(store_runs_first(s, big, 1, 2, NULL, &fs, rest, &err), 0);
    assert_null(early);
    assert_int_equal(rest->n_runs, 600);
    runset_free(rest);
    runset_free(all);
    store_close(s);
}

/* Through the API, as the runs screen asks: a runs/search of more than
 * 1,000 runs of a local store answers in two results, the first not
 * final and holding the newest 1,000. */
static void local_runs_search_comes_in_two(void **state)
{
    char path[400];
    const char *ids[] = { "1" };
    ApiConfig cfg;
    Api *api;
    Err err;
    RunSet *got = runset_new();
    int results = 0;
    size_t first_n = 0;
    bool done = false;
    uint64_t id;

    (void)state;
    snprintf(path, sizeof path, "%s/many.db", tmp);
    make_store(path, 1500);
    api_config_from_env(&cfg, path);
    assert_non_null(api = api_new(&cfg, &err));
    id = api_runs_search(api, 1, 1, &(RunsQuery){ .experiment_ids = ids, .n_experiment_ids = 1,
                                                 .view_type = 2 });
    assert_int_not_equal(id, 0);
    for (int spins = 0; !done && spins < 600; spins++) {
        ApiResult *r;
        api_wait(api, -1, 100);
        api_perform(api);
        while ((r = api_next_result(api))) {
            if (r->req_id == id) {
                assert_int_equal(r->err.kind, ERR_OK);
                assert_non_null(r->runs);
                if (++results == 1) {
                    first_n = r->runs->n_runs;
                    assert_false(r->final);
                }
                assert_int_equal(runset_merge(got, r->runs), 0);
                done = r->final;
            }
            api_result_free(r);
        }
    }
    assert_true(done);
    assert_int_equal(results, 2);
    assert_int_equal(first_n, 1000);
    assert_int_equal(got->n_runs, 1500);
    runset_free(got);
    api_free(api);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stage_builds_what_a_direct_reader_builds),
        cmocka_unit_test_setup_teardown(sqlite_reads_the_same_whichever_way, setup, teardown),
        cmocka_unit_test_setup_teardown(filestore_reads_in_directory_order, setup, teardown),
        cmocka_unit_test_setup_teardown(filestore_read_leaves_access_times, setup, teardown),
        cmocka_unit_test_setup_teardown(first_runs_come_first, setup, teardown),
        cmocka_unit_test_setup_teardown(local_runs_search_comes_in_two, setup, teardown),
    };

    find_top();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
