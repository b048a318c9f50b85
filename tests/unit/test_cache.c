/* test_cache.c — the run blob (core/runblob), the local cache file
 * (store/cache), and the API's path for lists kept as replies (api/apicache:
 * on workers, through api_next_result). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "api/api.h"
#include "core/runblob.h"
#include "store/cache.h"

#define SERVER "http://127.0.0.1:5000"

static void add_run(RunSet *rs, const char *id, const char *name, RunStatus st, double f1)
{
    RunInfoIn in = { .run_id = id, .run_name = name, .experiment_id = "7", .user_id = "ana",
                     .artifact_uri = "mlflow-artifacts:/7/x", .status = st,
                     .lifecycle = LIFE_ACTIVE, .start_time = 1700000000000,
                     .end_time = TIME_NONE };

    assert_int_equal(runset_begin_run(rs, &in), 0);
    assert_int_equal(runset_add_metric(rs, "f1", f1, 3), 0);
    assert_int_equal(runset_add_metric(rs, "loss", -INFINITY, 7), 0);
    assert_int_equal(runset_add_param(rs, "n_estimators", "300"), 0);
    assert_int_equal(runset_add_tag(rs, "mlflow.source.name", "train.py"), 0);
    assert_int_equal(runset_set_flavour(rs, "sklearn"), 0);
    assert_int_equal(runset_end_run(rs), 0);
}

static RunSet *sample(void)
{
    RunSet *rs = runset_new();

    add_run(rs, "a1", "rf_10", RUN_FINISHED, 0.91);
    add_run(rs, "b2", "rf_300", RUN_RUNNING, NAN);
    add_run(rs, "c3", "knn_\x1b[31m", RUN_FAILED, 0.5);
    return rs;
}

static double f1_of(const RunSet *rs, long run)
{
    const MetricVal *m = runset_metric(rs, (size_t)run, runset_key(rs, "f1"));

    assert_non_null(m);
    return m->value;
}

static void runblob_round_trip_keeps_every_field(void **state)
{
    RunSet        *rs = sample(), *back;
    size_t         len = 0;
    unsigned char *blob = runblob_encode(rs, &len);
    long           i;
    const Run     *r;

    (void)state;
    assert_non_null(blob);
    back = runblob_decode(blob, len);
    assert_non_null(back);
    assert_int_equal(back->n_runs, 3);
    i = runset_find(back, "b2");
    assert_true(i >= 0);
    r = &back->runs[i];
    assert_string_equal(runset_str(back, r->name), "rf_300");
    assert_int_equal(r->status, RUN_RUNNING);
    assert_int_equal(r->start_time, 1700000000000);
    assert_int_equal(r->end_time, TIME_NONE);
    assert_string_equal(runset_str(back, r->flavour), "sklearn");
    assert_string_equal(runset_str(back, r->source), "train.py");
    assert_true(isnan(f1_of(back, i)));
    assert_true(isinf(runset_metric(back, (size_t)i, runset_key(back, "loss"))->value));
    assert_int_equal(runset_metric(back, (size_t)i, runset_key(back, "loss"))->step, 7);
    assert_string_equal(runset_str(back, runset_param(back, (size_t)i,
                                                      runset_key(back, "n_estimators"))),
                        "300");
    i = runset_find(back, "c3");
    assert_string_equal(runset_str(back, back->runs[i].name), "knn_\x1b[31m");
    assert_true(f1_of(back, runset_find(back, "a1")) == 0.91);
    free(blob);
    runset_free(rs);
    runset_free(back);
}

static void runblob_refuses_every_truncation_and_trailing_bytes(void **state)
{
    RunSet        *rs = sample();
    size_t         len = 0, n;
    unsigned char *blob = runblob_encode(rs, &len), *longer;

    (void)state;
    for (n = 0; n < len; n++) {
        RunSet *back = runblob_decode(blob, n);

        assert_null(back);
    }
    longer = malloc(len + 1);
    memcpy(longer, blob, len);
    longer[len] = 0;
    assert_null(runblob_decode(longer, len + 1));
    free(longer);
    free(blob);
    runset_free(rs);
}

static void runblob_refuses_wrong_magic_ids_out_of_range_and_huge_counts(void **state)
{
    RunSet        *rs = sample();
    size_t         len = 0, at;
    unsigned char *blob = runblob_encode(rs, &len), *copy = malloc(len);
    uint32_t       n_strs;

    (void)state;
    memcpy(copy, blob, len);
    copy[0] = 'X';
    assert_null(runblob_decode(copy, len));

    /* the first run's run_id index sits after the string table */
    memcpy(&n_strs, blob + 8, 4);
    at = 12;
    for (uint32_t i = 0; i < n_strs; i++) {
        uint32_t l;

        memcpy(&l, blob + at, 4);
        at += 4 + l;
    }
    at += 4;   /* n_runs */
    memcpy(copy, blob, len);
    copy[at] = 0xff; copy[at + 1] = 0xff; copy[at + 2] = 0xff; copy[at + 3] = 0x7f;
    assert_null(runblob_decode(copy, len));

    memcpy(copy, blob, len);
    copy[8] = 0xff; copy[9] = 0xff; copy[10] = 0xff; copy[11] = 0xff;   /* n_strings */
    assert_null(runblob_decode(copy, len));
    free(copy);
    free(blob);
    runset_free(rs);
}

static void runblob_leaves_out_replaced_runs(void **state)
{
    RunSet        *a = sample(), *b = sample();
    size_t         la = 0, lb = 0;
    unsigned char *ba, *bb;

    (void)state;
    /* b replaces run a1 ten times with a different name: old strings stay in its pool */
    for (int i = 0; i < 10; i++) {
        char name[32];

        snprintf(name, sizeof name, "renamed_%d", i);
        add_run(b, "a1", name, RUN_FINISHED, 0.91);
    }
    add_run(a, "a1", "renamed_9", RUN_FINISHED, 0.91);
    ba = runblob_encode(a, &la);
    bb = runblob_encode(b, &lb);
    assert_int_equal(la, lb);
    free(ba);
    free(bb);
    runset_free(a);
    runset_free(b);
}

/* ---- the cache file ---------------------------------------------------- */

typedef struct Dir {
    char path[64];
    char file[96];
} Dir;

static Dir *dir_new(void)
{
    Dir *d = calloc(1, sizeof *d);

    snprintf(d->path, sizeof d->path, "/tmp/mltui-cache-test.XXXXXX");
    assert_non_null(mkdtemp(d->path));
    snprintf(d->file, sizeof d->file, "%s/mltui/cache.sqlite", d->path);
    return d;
}

static void dir_free(Dir *d)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->path);
    assert_int_equal(system(cmd), 0);
    free(d);
}

static Cache *open_in(Dir *d, size_t max, char *note, size_t n)
{
    char sub[80];

    snprintf(sub, sizeof sub, "%s/mltui", d->path);
    return cache_open(sub, max, note, n);
}

static void cache_returns_runs_it_stored_with_their_time(void **state)
{
    Dir    *d = dir_new();
    char    note[256];
    Cache  *c = open_in(d, 0, note, sizeof note);
    RunSet *rs = sample(), *back;
    int64_t saved = 0;

    (void)state;
    assert_non_null(c);
    assert_string_equal(note, "");
    assert_null(cache_get_runs(c, SERVER, "7", &saved, 1));
    assert_int_equal(cache_put_runs(c, SERVER, "7", rs, 1234), 0);
    back = cache_get_runs(c, SERVER, "7", &saved, 2000);
    assert_non_null(back);
    assert_int_equal(saved, 1234);
    assert_int_equal(back->n_runs, 3);
    assert_null(cache_get_runs(c, SERVER, "8", &saved, 1));
    assert_null(cache_get_runs(c, "http://127.0.0.1:5001", "7", &saved, 1));
    runset_free(back);
    runset_free(rs);
    cache_close(c);
    dir_free(d);
}

static void cache_folder_is_0700_and_file_0600(void **state)
{
    Dir        *d = dir_new();
    char        note[256], sub[80];
    Cache      *c;
    struct stat st;
    mode_t      old = umask(0);   /* even with a permissive umask */

    (void)state;
    c = open_in(d, 0, note, sizeof note);
    umask(old);
    assert_non_null(c);
    snprintf(sub, sizeof sub, "%s/mltui", d->path);
    assert_int_equal(stat(sub, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(stat(d->file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    cache_close(c);
    dir_free(d);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* XDG_CACHE_HOME naming folders that do not exist yet: made, each 0700 (the
 * XDG spec's mode), and the cache opens in $XDG_CACHE_HOME/mltui. */
static void default_folder_made_with_its_missing_parents(void **state)
{
    Dir        *d = dir_new();
    char        note[256], xdg[128], path[160];
    const char *old_xdg = getenv("XDG_CACHE_HOME");
    char       *saved = old_xdg ? strdup(old_xdg) : NULL;
    Cache      *c;
    struct stat st;
    mode_t      old = umask(0);

    (void)state;
    snprintf(xdg, sizeof xdg, "%s/a/b", d->path);
    setenv("XDG_CACHE_HOME", xdg, 1);
    c = cache_open(NULL, 0, note, sizeof note);
    umask(old);
    if (saved)
        setenv("XDG_CACHE_HOME", saved, 1);
    else
        unsetenv("XDG_CACHE_HOME");
    free(saved);
    assert_non_null(c);
    assert_string_equal(note, "");
    snprintf(path, sizeof path, "%s/a", d->path);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    snprintf(path, sizeof path, "%s/a/b/mltui/cache.sqlite", d->path);
    assert_int_equal(stat(path, &st), 0);
    cache_close(c);
    dir_free(d);
}

/* A folder that cannot be made is named, with the reason. */
static void unmakeable_folder_is_named(void **state)
{
    Dir   *d = dir_new();
    char   note[256], file[96], sub[128];
    Cache *c;

    (void)state;
    snprintf(file, sizeof file, "%s/plain", d->path);
    write_file(file, "not a folder");
    snprintf(sub, sizeof sub, "%s/plain/mltui", d->path);
    c = cache_open(sub, 0, note, sizeof note);
    assert_null(c);
    assert_non_null(strstr(note, "cannot make the folder"));
    assert_non_null(strstr(note, sub));
    assert_null(strstr(note, "$HOME"));
    dir_free(d);
}


static void cache_discards_a_file_that_is_not_sqlite(void **state)
{
    Dir    *d = dir_new();
    char    note[256], sub[80];
    Cache  *c;
    RunSet *rs = sample();

    (void)state;
    snprintf(sub, sizeof sub, "%s/mltui", d->path);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(d->file, "this is not a database, it is a text file of some length.....\n");
    c = open_in(d, 0, note, sizeof note);
    assert_non_null(c);
    assert_non_null(strstr(note, "Discarded"));
    assert_non_null(strstr(note, "a damaged cache file"));
    assert_int_equal(cache_put_runs(c, SERVER, "7", rs, 1), 0);
    cache_close(c);
    /* and the fresh file is trusted on the next open */
    c = open_in(d, 0, note, sizeof note);
    assert_string_equal(note, "");
    cache_close(c);
    runset_free(rs);
    dir_free(d);
}

static void cache_discards_a_sqlite_file_of_someone_else(void **state)
{
    Dir     *d = dir_new();
    char     note[256], sub[80];
    sqlite3 *db;
    Cache   *c;

    (void)state;
    snprintf(sub, sizeof sub, "%s/mltui", d->path);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(sqlite3_open(d->file, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE runs(id TEXT)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    c = open_in(d, 0, note, sizeof note);
    assert_non_null(c);
    assert_non_null(strstr(note, "not mltui's cache"));
    cache_close(c);
    dir_free(d);
}

static void cache_drops_an_entry_whose_bytes_changed(void **state)
{
    Dir     *d = dir_new();
    char     note[256];
    Cache   *c = open_in(d, 0, note, sizeof note);
    RunSet  *rs = sample();
    sqlite3 *db;
    int64_t  saved;
    size_t   bytes = 0, n = 9;

    (void)state;
    assert_int_equal(cache_put_runs(c, SERVER, "7", rs, 1), 0);
    cache_close(c);
    assert_int_equal(sqlite3_open(d->file, &db), SQLITE_OK);
    /* flip one byte in the middle of the blob, as a bad disk would */
    assert_int_equal(sqlite3_exec(db, "UPDATE blobs SET data = CAST(substr(data, 1, 40) "
                                      "|| CASE WHEN substr(data, 41, 1) = x'5a' THEN x'5b' "
                                      "ELSE x'5a' END || substr(data, 42) AS BLOB)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    c = open_in(d, 0, note, sizeof note);
    assert_null(cache_get_runs(c, SERVER, "7", &saved, 2));
    assert_int_equal(cache_usage(c, &bytes, &n), 0);
    assert_int_equal(n, 0);
    cache_close(c);
    runset_free(rs);
    dir_free(d);
}

static void cache_evicts_least_recently_used_over_the_limit(void **state)
{
    Dir   *d = dir_new();
    char   note[256], blob[400];
    Cache *c = open_in(d, 1000, note, sizeof note);
    size_t len, bytes, n;
    void  *got;

    (void)state;
    memset(blob, 'x', sizeof blob);
    assert_int_equal(cache_put(c, SERVER, "runs", "1", blob, sizeof blob, 10), 0);
    assert_int_equal(cache_put(c, SERVER, "runs", "2", blob, sizeof blob, 20), 0);
    got = cache_get(c, SERVER, "runs", "1", &len, NULL, 30);   /* 1 is now the newer */
    assert_non_null(got);
    free(got);
    assert_int_equal(cache_put(c, SERVER, "runs", "3", blob, sizeof blob, 40), 0);
    assert_int_equal(cache_usage(c, &bytes, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(bytes, 800);
    got = cache_get(c, SERVER, "runs", "2", &len, NULL, 50);
    assert_null(got);
    got = cache_get(c, SERVER, "runs", "1", &len, NULL, 50);
    assert_non_null(got);
    free(got);
    /* larger than the whole limit: not stored, nothing evicted for it */
    {
        char *big = calloc(1, 2000);

        assert_int_equal(cache_put(c, SERVER, "runs", "4", big, 2000, 60), -1);
        free(big);
    }
    assert_int_equal(cache_usage(c, &bytes, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(cache_clear(c), 2);
    assert_int_equal(cache_usage(c, &bytes, &n), 0);
    assert_int_equal(n, 0);
    cache_close(c);
    dir_free(d);
}

static void cache_key_of_a_server_has_no_credentials(void **state)
{
    char *k;

    (void)state;
    k = cache_server_key("https://ana:s3cret@mlflow.example:8443/mlflow/?token=x#frag");
    assert_string_equal(k, "https://mlflow.example:8443/mlflow");
    free(k);
    k = cache_server_key("http://127.0.0.1:5000/");
    assert_string_equal(k, "http://127.0.0.1:5000");
    free(k);
    k = cache_server_key("http://127.0.0.1:5000/a@b");   /* '@' in the path is not userinfo */
    assert_string_equal(k, "http://127.0.0.1:5000/a@b");
    free(k);
}

static void cache_file_holds_no_password(void **state)
{
    Dir    *d = dir_new();
    char    note[256], *key, buf[65536];
    Cache  *c = open_in(d, 0, note, sizeof note);
    RunSet *rs = sample();
    FILE   *f;
    size_t  n;

    (void)state;
    key = cache_server_key("http://ana:s3cret-pw@127.0.0.1:5000");
    assert_int_equal(cache_put_runs(c, key, "7", rs, 1), 0);
    cache_close(c);
    f = fopen(d->file, "rb");
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(n > 0);
    for (size_t i = 0; i + 9 < n; i++)
        assert_false(memcmp(buf + i, "s3cret-pw", 9) == 0);
    free(key);
    runset_free(rs);
    dir_free(d);
}

static void cache_does_not_follow_a_symlink_in_its_place(void **state)
{
    Dir        *d = dir_new();
    char        note[256], sub[80], target[96];
    Cache      *c;
    struct stat st;

    (void)state;
    snprintf(sub, sizeof sub, "%s/mltui", d->path);
    snprintf(target, sizeof target, "%s/victim", d->path);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(target, "precious\n");
    assert_int_equal(symlink(target, d->file), 0);
    c = open_in(d, 0, note, sizeof note);
    assert_non_null(c);
    assert_int_equal(lstat(d->file, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_size, 9);   /* untouched */
    cache_close(c);
    dir_free(d);
}

/* ---- lists through the API (api_cache_list / api_cache_store_list) ---- */

static Api *cached_api(const char *url, const Dir *d)
{
    ApiConfig cfg;
    Err       e;
    Api      *a;
    char      sub[80];

    api_config_from_env(&cfg, url);
    a = api_new(&cfg, &e);
    assert_non_null(a);
    snprintf(sub, sizeof sub, "%s/mltui", d->path);
    api_cache_enable(a, sub, 0);
    assert_true(api_cache_enabled(a));
    return a;
}

/* The next result, waiting at most 5 s. */
static ApiResult *next_result(Api *a)
{
    for (int i = 0; i < 500; i++) {
        ApiResult *r;

        api_perform(a);
        if ((r = api_next_result(a)))
            return r;
        api_wait(a, -1, 10);
    }
    fail_msg("no result within 5 s");
    return NULL;
}

static ApiResult *read_list(Api *a, const char *kind, const char *key)
{
    ApiResult *r;

    assert_true(api_cache_list(a, 7, 3, 42, kind, key) != 0);
    r = next_result(a);
    assert_int_equal(r->kind, REQ_CALL);
    assert_true(r->cached);
    assert_true(r->final);
    assert_int_equal(r->owner, 7);
    assert_int_equal(r->gen, 3);
    assert_int_equal(r->tag, 42);
    assert_int_equal(r->err.kind, ERR_OK);
    return r;
}

static void lists_come_back_by_kind_key_and_server(void **state)
{
    Dir       *d = dir_new();
    Api       *a = cached_api("http://ana:secret@127.0.0.1:5000/", d);
    ApiResult *r;
    const char *models = "{\"registered_models\":[{\"name\":\"NEOs\"}]}";
    const char *versions = "{\"model_versions\":[{\"name\":\"NEOs\",\"version\":\"2\"}]}";

    (void)state;
    api_cache_store_list(a, "models", "", strdup(models));
    api_cache_store_list(a, "versions", "NEOs", strdup(versions));
    api_cache_store_list(a, "versions", "NEOs", NULL);    /* nothing to store: no-op */
    api_free(a);                                          /* the stores finish first */

    a = cached_api("http://127.0.0.1:5000", d);           /* same server, no credentials */
    r = read_list(a, "models", "");
    assert_non_null(r->body);
    assert_string_equal(r->body, models);
    assert_int_equal(r->body_len, strlen(models));
    assert_true(r->cached_ms > 0);
    api_result_free(r);
    r = read_list(a, "versions", "NEOs");
    assert_string_equal(r->body, versions);
    api_result_free(r);
    r = read_list(a, "versions", "Other");                /* another key: nothing */
    assert_null(r->body);
    api_result_free(r);
    r = read_list(a, "logged-models", "");                /* another kind: nothing */
    assert_null(r->body);
    api_result_free(r);
    api_free(a);

    a = cached_api("http://127.0.0.1:5001", d);           /* another server: nothing */
    r = read_list(a, "models", "");
    assert_null(r->body);
    api_result_free(r);
    api_free(a);
    dir_free(d);
}

static void lists_are_not_kept_while_the_cache_is_off(void **state)
{
    ApiConfig cfg;
    Err       e;
    Api      *a;

    (void)state;
    api_config_from_env(&cfg, "http://127.0.0.1:5000");
    a = api_new(&cfg, &e);
    assert_non_null(a);
    assert_false(api_cache_enabled(a));
    assert_true(api_cache_list(a, 7, 3, 42, "models", "") == 0);
    api_cache_store_list(a, "models", "", strdup("{}"));  /* freed, not kept (ASan) */
    assert_int_equal(api_in_flight(a), 0);
    api_free(a);
}

/* The experiments list goes the same way, parsed on the worker. */
static void experiments_list_comes_back_parsed(void **state)
{
    Dir            *d = dir_new();
    Api            *a = cached_api("http://127.0.0.1:5000", d);
    ApiResult      *r;
    ExperimentList  l = { 0 };
    Experiment      x = { 0 };

    (void)state;
    x.id = "4";
    x.name = "Hazardous_NEOs";
    x.creation_time = 1700000000000;
    x.last_update_time = TIME_NONE;
    assert_int_equal(explist_push(&l, &x, 0), 0);   /* a copy */
    api_cache_store_experiments(a, &l);
    api_free(a);
    a = cached_api("http://127.0.0.1:5000", d);
    assert_true(api_cache_experiments(a, 1, 1) != 0);
    r = next_result(a);
    assert_int_equal(r->kind, REQ_EXPERIMENTS_SEARCH);
    assert_true(r->cached);
    assert_non_null(r->experiments);
    assert_int_equal(r->experiments->n, 1);
    assert_string_equal(r->experiments->items[0].name, "Hazardous_NEOs");
    assert_true(r->experiments->items[0].creation_time == 1700000000000);
    assert_true(r->experiments->items[0].last_update_time == TIME_NONE);
    api_result_free(r);
    api_free(a);
    explist_clear(&l);
    free(l.items);
    dir_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runblob_round_trip_keeps_every_field),
        cmocka_unit_test(runblob_refuses_every_truncation_and_trailing_bytes),
        cmocka_unit_test(runblob_refuses_wrong_magic_ids_out_of_range_and_huge_counts),
        cmocka_unit_test(runblob_leaves_out_replaced_runs),
        cmocka_unit_test(cache_returns_runs_it_stored_with_their_time),
        cmocka_unit_test(cache_folder_is_0700_and_file_0600),
        cmocka_unit_test(default_folder_made_with_its_missing_parents),
        cmocka_unit_test(unmakeable_folder_is_named),
        cmocka_unit_test(cache_discards_a_file_that_is_not_sqlite),
        cmocka_unit_test(cache_discards_a_sqlite_file_of_someone_else),
        cmocka_unit_test(cache_drops_an_entry_whose_bytes_changed),
        cmocka_unit_test(cache_evicts_least_recently_used_over_the_limit),
        cmocka_unit_test(cache_key_of_a_server_has_no_credentials),
        cmocka_unit_test(cache_file_holds_no_password),
        cmocka_unit_test(cache_does_not_follow_a_symlink_in_its_place),
        cmocka_unit_test(lists_come_back_by_kind_key_and_server),
        cmocka_unit_test(lists_are_not_kept_while_the_cache_is_off),
        cmocka_unit_test(experiments_list_comes_back_parsed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
