/* test_store_bad.c — bad input to the local store readers: a file that is
 * not SQLite, a SQLite file that is not MLflow's, a truncated or locked
 * database, malformed and missing meta.yaml, metric lines that do not parse,
 * symlink loops, unreadable files. Each gives one line naming the file, the
 * rest is still read, and the damaged store's bytes stay as they were. The
 * damage is done to copies of the fixtures in a temporary directory. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"

#include "top.h"

static char tmp[256];


static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st; (void)flag; (void)f;
    chmod(p, 0700);
    return remove(p);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "%s/mltui-storebad.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(tmp));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

/* Copies fixture folder into tmp; returns the copy's store path. */
static void copy_fixture(const char *folder, const char *store, char *out, size_t size)
{
    char cmd[3000];
    snprintf(cmd, sizeof cmd, "cp -r '%stests/fixtures/local-stores/%s' '%s/' && chmod -R u+w '%s'",
             top, folder, tmp, tmp);
    assert_int_equal(system(cmd), 0);
    snprintf(out, size, "%s/%s/%s", tmp, folder, store);
}

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

static uint64_t tree_digest(void)
{
    digest = 1469598103934665603ULL;
    nftw(tmp, digest_one, 16, FTW_PHYS);
    return digest;
}

static void write_file(const char *path, const char *content)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

/* The directory of the run named name in a file store (by its tags). */
static void run_dir_named(const char *mlruns, const char *name, char *out, size_t size)
{
    char cmd[2000];
    FILE *p;

    snprintf(cmd, sizeof cmd, "grep -lx '%s' '%s'/*/*/tags/mlflow.runName | head -1", name,
             mlruns);
    p = popen(cmd, "r");
    assert_non_null(p);
    assert_non_null(fgets(out, (int)size, p));
    pclose(p);
    out[strcspn(out, "\n")] = '\0';
    *strstr(out, "/tags/mlflow.runName") = '\0';
}

static size_t count_runs(Store *s, int view_type)
{
    RunSet *rs = runset_new();
    Err err;
    size_t n;

    assert_int_equal(store_runs(s, NULL, 0, view_type, NULL, rs, &err), 0);
    n = rs->n_runs;
    runset_free(rs);
    return n;
}

static void not_sqlite_names_the_file(void **state)
{
    char p[600];
    Err err;
    uint64_t before;

    (void)state;
    snprintf(p, sizeof p, "%s/mlflow.db", tmp);
    write_file(p, "this is a text file, not a database\n");
    before = tree_digest();
    assert_null(store_open(STORE_SQLITE, p, NULL, &err));
    assert_non_null(strstr(err.message, p));
    assert_non_null(strstr(err.message, "not a SQLite database"));
    assert_null(strchr(err.message, '\n'));
    assert_true(tree_digest() == before);
}

static void sqlite_but_not_mlflow(void **state)
{
    char p[600];
    sqlite3 *db;
    Err err;
    uint64_t before;

    (void)state;
    snprintf(p, sizeof p, "%s/other.db", tmp);
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes(x TEXT)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    before = tree_digest();
    assert_null(store_open(STORE_SQLITE, p, NULL, &err));
    assert_non_null(strstr(err.message, p));
    assert_non_null(strstr(err.message, "not an MLflow tracking store"));
    assert_true(tree_digest() == before);
}

static void alembic_without_the_tables_is_refused(void **state)
{
    char p[600];
    sqlite3 *db;
    Err err;

    (void)state;
    snprintf(p, sizeof p, "%s/future.db", tmp);
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE alembic_version(version_num TEXT);"
                                  "INSERT INTO alembic_version VALUES('ffffffffffff');"
                                  "CREATE TABLE experiments(x);", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_null(store_open(STORE_SQLITE, p, NULL, &err));
    assert_non_null(strstr(err.message, "ffffffffffff"));
    assert_non_null(strstr(err.message, "lacks table"));
}

/* Revisions: the two MLflow heads of the fixtures are named; another
 * revision whose tables are all there is read (and said to be untested). */
static void revisions_known_and_unknown(void **state)
{
    char p[600], cmd[1400];
    Err err;
    Store *s;
    RunSet *rs;

    (void)state;
    copy_fixture("mlflow2-client-sqlite", "mlflow.db", p, sizeof p);
    assert_non_null(s = store_open(STORE_SQLITE, p, NULL, &err));
    assert_non_null(strstr(store_describe(s), "(MLflow 2.17 schema, revision f5a4f2784254"));
    store_close(s);
    copy_fixture("mlflow3-client-sqlite", "mlflow.db", p, sizeof p);
    assert_non_null(s = store_open(STORE_SQLITE, p, NULL, &err));
    assert_non_null(strstr(store_describe(s), "(MLflow 3.5 schema, revision bf29a5ff90ea"));
    store_close(s);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"UPDATE alembic_version SET version_num = "
             "'0123456789ab'\"", p);
    assert_int_equal(system(cmd), 0);
    assert_non_null(s = store_open(STORE_SQLITE, p, NULL, &err));
    assert_non_null(strstr(store_describe(s), "schema revision 0123456789ab, not one mltui was "
                                              "tested on"));
    rs = runset_new();
    assert_int_equal(store_runs(s, NULL, 0, 2, NULL, rs, &err), 0);
    assert_true(rs->n_runs > 0);
    runset_free(rs);
    store_close(s);
}

/* store_set_cancel: a read with the flag raised stops with ERR_CANCELLED on
 * both kinds of store; with the flag cleared the store reads again. */
static void cancelled_reads_stop(void **state)
{
    static const char *const kinds[][2] = { { "mlflow3-server-sqlite", "mlflow.db" },
                                            { "mlflow3-server-filestore", "mlruns" } };
    atomic_int flag = 1;

    (void)state;
    for (size_t k = 0; k < 2; k++) {
        char p[600];
        Err err;
        Store *s;
        RunSet *rs = runset_new();
        copy_fixture(kinds[k][0], kinds[k][1], p, sizeof p);
        assert_non_null(s = store_open(k == 0 ? STORE_SQLITE : STORE_FILE, p, NULL, &err));
        store_set_cancel(s, &flag);
        assert_int_equal(store_runs(s, NULL, 0, 2, NULL, rs, &err), -1);
        assert_int_equal(err.kind, ERR_CANCELLED);
        runset_free(rs);
        rs = runset_new();
        store_set_cancel(s, NULL);
        assert_int_equal(store_runs(s, NULL, 0, 2, NULL, rs, &err), 0);
        assert_true(rs->n_runs > 30);
        runset_free(rs);
        store_close(s);
    }
}

static void truncated_database(void **state)
{
    char p[600], cut[700], cmd[1600];
    Err err;
    Store *s;
    uint64_t before;

    (void)state;
    copy_fixture("mlflow3-server-sqlite", "mlflow.db", p, sizeof p);
    snprintf(cut, sizeof cut, "%s/cut.db", tmp);
    snprintf(cmd, sizeof cmd, "head -c 98304 '%s' > '%s'", p, cut);
    assert_int_equal(system(cmd), 0);
    before = tree_digest();
    s = store_open(STORE_SQLITE, cut, NULL, &err);
    if (s) {   /* the head may still open: then reading fails, naming the file */
        RunSet *rs = runset_new();
        int rc = store_runs(s, NULL, 0, 2, NULL, rs, &err);
        runset_free(rs);
        if (rc == 0) {
            cJSON *m = store_model_versions(s, NULL, &err);
            assert_null(m);
        }
        store_close(s);
    }
    assert_non_null(strstr(err.message, cut));
    assert_true(tree_digest() == before);
}

static void locked_database_is_retried_then_reported(void **state)
{
    char p[600];
    sqlite3 *w;
    Err err;
    Store *s;
    RunSet *rs;

    (void)state;
    copy_fixture("mlflow2-client-sqlite", "mlflow.db", p, sizeof p);
    s = store_open(STORE_SQLITE, p, NULL, &err);
    assert_non_null(s);
    store_set_busy_ms(s, 200);
    assert_int_equal(sqlite3_open(p, &w), SQLITE_OK);
    assert_int_equal(sqlite3_exec(w, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    rs = runset_new();
    assert_int_equal(store_runs(s, NULL, 0, 2, NULL, rs, &err), -1);
    assert_non_null(strstr(err.message, "locked"));
    assert_non_null(strstr(err.message, p));
    runset_free(rs);
    /* once the writer is done, the same store reads fine */
    assert_int_equal(sqlite3_exec(w, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(w);
    assert_int_equal(count_runs(s, 2), 9);
    store_close(s);
}

static void reader_never_blocks_a_writer(void **state)
{
    char p[600];
    sqlite3 *w;
    Err err;
    Store *s;
    RunSet *rs = runset_new();

    (void)state;
    copy_fixture("mlflow2-client-sqlite", "mlflow.db", p, sizeof p);
    s = store_open(STORE_SQLITE, p, NULL, &err);
    assert_non_null(s);
    assert_int_equal(store_runs(s, NULL, 0, 2, NULL, rs, &err), 0);
    /* after a read, a training script can still take the write lock at once */
    assert_int_equal(sqlite3_open(p, &w), SQLITE_OK);
    assert_int_equal(sqlite3_exec(w, "BEGIN IMMEDIATE; UPDATE runs SET name = name; COMMIT",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(w);
    runset_free(rs);
    store_close(s);
}

static void malformed_and_missing_meta_yaml(void **state)
{
    char p[600], run[1200], mp[1300];
    Err err;
    Store *s;
    char w[600];
    uint64_t before;

    (void)state;
    copy_fixture("mlflow3-client-filestore", "mlruns", p, sizeof p);
    run_dir_named(p, "knn_3", run, sizeof run);
    snprintf(mp, sizeof mp, "%s/meta.yaml", run);
    write_file(mp, "run_id: [unclosed\n  : : :\n");
    before = tree_digest();
    s = store_open(STORE_FILE, p, NULL, &err);
    assert_non_null(s);
    assert_int_equal(count_runs(s, 2), 8);   /* 9 less the broken one */
    assert_int_equal(store_take_warning(s, w, sizeof w), 1);
    assert_non_null(strstr(w, mp));
    assert_non_null(strstr(w, "not valid YAML"));
    assert_null(strchr(w, '\n'));
    /* missing */
    remove(mp);
    assert_int_equal(count_runs(s, 2), 8);
    assert_int_equal(store_take_warning(s, w, sizeof w), 1);
    assert_non_null(strstr(w, "meta.yaml: missing"));
    store_close(s);
    (void)before;
}

static void bad_metric_lines_are_skipped(void **state)
{
    char p[600], run[1200], mp[1300], w[600];
    Err err;
    Store *s;
    RunSet *rs;
    MetricHistory *h = NULL;
    FILE *f;
    uint64_t before;

    (void)state;
    copy_fixture("mlflow2-client-filestore", "mlruns", p, sizeof p);
    run_dir_named(p, "rf_10", run, sizeof run);
    snprintf(mp, sizeof mp, "%s/metrics/train_loss", run);
    f = fopen(mp, "a");
    assert_non_null(f);
    fputs("garbage here\n1796178024457 notanumber 3\n", f);
    fclose(f);
    before = tree_digest();
    s = store_open(STORE_FILE, p, NULL, &err);
    assert_non_null(s);
    rs = runset_new();
    assert_int_equal(store_runs(s, NULL, 0, 0, NULL, rs, &err), 0);
    assert_int_equal(rs->n_runs, 7);
    assert_int_equal(store_take_warning(s, w, sizeof w), 2);
    assert_non_null(strstr(w, mp));
    assert_non_null(strstr(w, "line 21"));
    assert_non_null(strstr(w, "and 1 more"));
    {   /* the good 20 points are still there */
        const char *id = NULL;
        for (size_t i = 0; i < rs->n_runs; i++)
            if (!strcmp(runset_str(rs, rs->runs[i].name), "rf_10"))
                id = runset_str(rs, rs->runs[i].run_id);
        assert_non_null(id);
        assert_int_equal(store_metric_history(s, id, "train_loss", &h, &err), 0);
        assert_int_equal(h->n, 20);
        history_free(h);
    }
    store_take_warning(s, w, sizeof w);
    runset_free(rs);
    store_close(s);
    assert_true(tree_digest() == before);
}

static void symlink_loops_end(void **state)
{
    char p[600], run[1200], lp[1300], w[600];
    Err err;
    Store *s;

    (void)state;
    copy_fixture("mlflow3-client-filestore", "mlruns", p, sizeof p);
    run_dir_named(p, "rf_100", run, sizeof run);
    snprintf(lp, sizeof lp, "%s/params/loop", run);       /* a directory loop */
    assert_int_equal(symlink(".", lp), 0);
    snprintf(lp, sizeof lp, "%s/tags/self", run);        /* a link to itself */
    assert_int_equal(symlink("self", lp), 0);
    s = store_open(STORE_FILE, p, NULL, &err);
    assert_non_null(s);
    assert_int_equal(count_runs(s, 2), 9);
    assert_true(store_take_warning(s, w, sizeof w) >= 2);
    assert_non_null(strstr(w, run));
    store_close(s);
}

static void unreadable_files_are_named(void **state)
{
    char p[600], run[1200], fp[1300], w[600];
    Err err;
    Store *s;

    (void)state;
    copy_fixture("mlflow2-client-filestore", "mlruns", p, sizeof p);
    run_dir_named(p, "knn_7", run, sizeof run);
    snprintf(fp, sizeof fp, "%s/params/n_neighbors", run);
    if (geteuid() == 0) {
        /* root reads mode-0 files: a dangling link is what root cannot read */
        remove(fp);
        assert_int_equal(symlink("/nonexistent/mltui-test", fp), 0);
    } else {
        assert_int_equal(chmod(fp, 0), 0);
    }
    s = store_open(STORE_FILE, p, NULL, &err);
    assert_non_null(s);
    assert_int_equal(count_runs(s, 2), 9);
    assert_int_equal(store_take_warning(s, w, sizeof w), 1);
    assert_non_null(strstr(w, fp));
    assert_non_null(strstr(w, "cannot read"));
    store_close(s);
}

static void an_experiment_folder_is_not_a_store(void **state)
{
    char p[600], e[700];
    Err err;

    (void)state;
    copy_fixture("mlflow2-client-filestore", "mlruns", p, sizeof p);
    snprintf(e, sizeof e, "%s/0", p);
    assert_null(store_open(STORE_FILE, e, NULL, &err));
    assert_non_null(strstr(err.message, "open the mlruns/ folder"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(not_sqlite_names_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(sqlite_but_not_mlflow, setup, teardown),
        cmocka_unit_test_setup_teardown(alembic_without_the_tables_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(revisions_known_and_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(cancelled_reads_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(truncated_database, setup, teardown),
        cmocka_unit_test_setup_teardown(locked_database_is_retried_then_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(reader_never_blocks_a_writer, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_and_missing_meta_yaml, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_metric_lines_are_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(symlink_loops_end, setup, teardown),
        cmocka_unit_test_setup_teardown(unreadable_files_are_named, setup, teardown),
        cmocka_unit_test_setup_teardown(an_experiment_folder_is_not_a_store, setup, teardown),
    };

    find_top();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
