/* sqlite.c — MLflow's SQLAlchemy store (mlflow.db) read with libsqlite3.
 *
 * Opened as a `file:` URI with mode=ro: SQLite never takes a write lock, so a
 * training script logging to the same file is never blocked; a busy database
 * (a writer mid-commit) is retried by SQLite's busy handler for busy_ms, and
 * only then reported. The schema is recognised by the tables it needs, not by
 * a list of alembic revisions: MLflow 2.x and 3.x share them, and a newer
 * revision keeps working as long as they are there.
 *
 * Runs are read as four ordered scans merged by run_uuid (runs, latest_metrics,
 * params, tags, each through MLflow's own run_uuid indexes) instead of one
 * query per run: that keeps 100,000 runs within a small factor of what the
 * sqlite3 shell needs just to print the same rows (bench/bench_store.c). */
#include "store/store_int.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/parse.h"
#include "store/stage.h"

static sqlite3 *db_of(Store *s) { return s->db; }

static void db_err_on(Store *s, sqlite3 *db, Err *err, const char *what)
{
    int code = db ? sqlite3_errcode(db) : SQLITE_ERROR;
    const char *msg = db ? sqlite3_errmsg(db) : "cannot open";

    if (code == SQLITE_INTERRUPT || store_cancelled(s))
        err_set(err, ERR_CANCELLED, "%s: %s: cancelled", s->path, what);
    else if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        err_set(err, ERR_TRANSPORT, "%s: %s: database is locked by another program "
                "(retried for %.1f s)", s->path, what, s->busy_ms / 1000.0);
    else if (code == SQLITE_NOTADB)
        err_set(err, ERR_PARSE, "%s: not a SQLite database", s->path);
    else if (code == SQLITE_CORRUPT)
        err_set(err, ERR_PARSE, "%s: damaged or truncated SQLite database (%s)", s->path, msg);
    else
        err_set(err, ERR_PARSE, "%s: %s: %s", s->path, what, msg);
}

static void db_err(Store *s, Err *err, const char *what)
{
    db_err_on(s, db_of(s), err, what);
}

/* SQLite's progress callback: non-zero interrupts the statement running. */
static int progress(void *arg)
{
    return store_cancelled(arg);
}

static sqlite3_stmt *prep(Store *s, const char *sql, Err *err)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(db_of(s), sql, -1, &st, NULL) != SQLITE_OK) {
        db_err(s, err, "reading");
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

static bool has_table(Store *s, const char *name)
{
    sqlite3_stmt *st = NULL;
    bool found = false;

    if (sqlite3_prepare_v2(db_of(s), "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return found;
}

/* "file:" + the path with the characters a URI gives meaning to escaped. */
static char *file_uri(const char *path)
{
    size_t n = strlen(path);
    char *u = malloc(n * 3 + 32), *w = u;

    if (!u)
        return NULL;
    w += sprintf(w, "file:");
    for (const char *p = path; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '?' || c == '#' || c == '%' || c < 0x20 || c == 0x7f)
            w += sprintf(w, "%%%02X", c);
        else
            *w++ = (char)c;
    }
    sprintf(w, "?mode=ro");
    return u;
}

/* The alembic heads of the MLflow releases whose stores are in the fixtures
 * (tests/fixtures/local-stores/README.md). Any other revision is still read
 * when the tables mltui needs are there; the status line says it is untested. */
const char *sqlstore_known_revision(const char *revision)
{
    static const struct { const char *rev, *release; } known[] = {
        { "bf29a5ff90ea", "MLflow 3.5" },    /* add jobs table */
        { "f5a4f2784254", "MLflow 2.17" },   /* increase run tag value limit to 8000 */
    };

    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (revision && !strcmp(revision, known[i].rev))
            return known[i].release;
    return NULL;
}

int sqlstore_open(Store *s, Err *err)
{
    static const char *const need[] = { "experiments", "experiment_tags", "runs",
        "latest_metrics", "metrics", "params", "tags" };
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *uri = file_uri(s->path);
    FILE *f;
    char head[16] = "";

    if (!uri) {
        err_set(err, ERR_NOMEM, "out of memory");
        return -1;
    }
    /* An unreadable file would otherwise become SQLite's vague "unable to open". */
    f = fopen(s->path, "rb");
    if (!f) {
        err_set(err, ERR_PARSE, "%s: cannot read: %s", s->path, strerror(errno));
        free(uri);
        return -1;
    }
    if (fread(head, 1, sizeof head, f) != sizeof head || memcmp(head, "SQLite format 3", 16)) {
        fclose(f);
        free(uri);
        err_set(err, ERR_PARSE, "%s: not a SQLite database (nor an mlruns/ folder)", s->path);
        return -1;
    }
    fclose(f);
    /* NOMUTEX: a Store is used by one thread at a time (store.h), so SQLite's
     * per-call mutex would only cost. */
    if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        err_set(err, ERR_PARSE, "%s: %s", s->path, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        free(uri);
        return -1;
    }
    free(uri);
    s->db = db;
    sqlite3_busy_timeout(db, s->busy_ms);
    sqlite3_progress_handler(db, 10000, progress, s);
    if (sqlite3_prepare_v2(db, "SELECT version_num FROM alembic_version", -1, &st, NULL)
        != SQLITE_OK) {
        int code = sqlite3_errcode(db);
        if (code == SQLITE_ERROR && strstr(sqlite3_errmsg(db), "no such table"))
            err_set(err, ERR_PARSE, "%s: a SQLite database, but not an MLflow tracking store "
                    "(no alembic_version table)", s->path);
        else
            db_err(s, err, "opening");
        goto fail;
    }
    switch (sqlite3_step(st)) {
    case SQLITE_ROW:
        snprintf(s->revision, sizeof s->revision, "%s",
                 (const char *)sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
                                                          : "?");
        break;
    case SQLITE_DONE:
        snprintf(s->revision, sizeof s->revision, "unknown");
        break;
    default:
        db_err(s, err, "opening");
        goto fail;
    }
    sqlite3_finalize(st);
    st = NULL;
    for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
        if (!has_table(s, need[i])) {
            err_set(err, ERR_PARSE, "%s: MLflow schema revision %s lacks table %s: not a "
                    "tracking store mltui can read", s->path, s->revision, need[i]);
            goto fail;
        }
    }
    return 0;
fail:
    sqlite3_finalize(st);
    sqlite3_close(db);
    s->db = NULL;
    return -1;
}

void sqlstore_set_busy(Store *s)
{
    if (s->db)
        sqlite3_busy_timeout(db_of(s), s->busy_ms);
}

void sqlstore_close(Store *s)
{
    if (s->db)
        sqlite3_close(db_of(s));
    s->db = NULL;
}

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static int64_t col_time(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? TIME_NONE : sqlite3_column_int64(st, i);
}

static const char *lifecycle_sql(int view_type)
{
    return view_type == 1 ? "lifecycle_stage = 'deleted'"
         : view_type == 2 ? "1"
         : "lifecycle_stage = 'active'";
}

/* ---- experiments ---- */

int sqlstore_experiments(Store *s, int view_type, const Filter *f, ExperimentList *out,
                         Err *err)
{
    char sql[512];
    sqlite3_stmt *st = NULL, *tg = NULL, *cnt = NULL;
    ExperimentList all = { 0 };
    int rc = -1, r;

    snprintf(sql, sizeof sql, "SELECT experiment_id, name, artifact_location, lifecycle_stage, "
             "creation_time, last_update_time FROM experiments WHERE %s "
             "ORDER BY creation_time DESC, experiment_id ASC", lifecycle_sql(view_type));
    if (!(st = prep(s, sql, err)))
        goto out;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        Experiment e = { 0 };
        e.id = (char *)col(st, 0);
        e.name = (char *)col(st, 1);
        e.artifact_location = (char *)col(st, 2);
        e.lifecycle_stage = (char *)col(st, 3);
        e.creation_time = col_time(st, 4);
        e.last_update_time = col_time(st, 5);
        e.run_count = 0;
        if (explist_push(&all, &e, 0) < 0)
            goto nomem;
    }
    if (r != SQLITE_DONE) {
        db_err(s, err, "reading experiments");
        goto out;
    }
    if (!(tg = prep(s, "SELECT experiment_id, key, value FROM experiment_tags", err)))
        goto out;
    while ((r = sqlite3_step(tg)) == SQLITE_ROW) {
        const char *id = col(tg, 0);
        for (size_t i = 0; id && i < all.n; i++) {
            Experiment *e = &all.items[i];
            Tag *nt;
            if (strcmp(e->id, id))
                continue;
            nt = realloc(e->tags, (e->n_tags + 1) * sizeof *nt);
            if (!nt)
                goto nomem;
            e->tags = nt;
            nt[e->n_tags].key = strdup(col(tg, 1) ? col(tg, 1) : "");
            nt[e->n_tags].value = strdup(col(tg, 2) ? col(tg, 2) : "");
            if (!nt[e->n_tags].key || !nt[e->n_tags].value) {
                free(nt[e->n_tags].key);
                free(nt[e->n_tags].value);
                goto nomem;
            }
            e->n_tags++;
            break;
        }
    }
    if (r != SQLITE_DONE) {
        db_err(s, err, "reading experiment tags");
        goto out;
    }
    if (!(cnt = prep(s, "SELECT experiment_id, count(*) FROM runs WHERE lifecycle_stage = "
                     "'active' GROUP BY experiment_id", err)))
        goto out;
    while ((r = sqlite3_step(cnt)) == SQLITE_ROW) {
        const char *id = col(cnt, 0);
        for (size_t i = 0; id && i < all.n; i++)
            if (!strcmp(all.items[i].id, id))
                all.items[i].run_count = sqlite3_column_int64(cnt, 1);
    }
    for (size_t i = 0; i < all.n; i++) {
        if (!store_match_experiment(f, &all.items[i]))
            continue;
        if (explist_push(out, &all.items[i], 1) < 0)
            goto nomem;
    }
    rc = 0;
    goto out;
nomem:
    err_set(err, ERR_NOMEM, "out of memory reading %s", s->path);
out:
    sqlite3_finalize(st);
    sqlite3_finalize(tg);
    sqlite3_finalize(cnt);
    explist_clear(&all);
    free(all.items);
    return rc;
}

/* ---- runs ---- */

/* Runs are read with four statements — the runs asked for from runs, and
 * the rows of latest_metrics, params and tags — each into a Stage
 * (store/stage.h): its rows name their run by run_uuid, found in a hash
 * once the runs are known; stage_build then puts everything into the
 * RunSet in the order a run-by-run reader would (same string ids, same
 * column order). The statements run on two threads, each with its own
 * read-only connection: runs then params on this one, latest_metrics then
 * tags on the other — about half the work each on 2 cores. (Each
 * connection reads its own snapshot: if a writer commits in between, a row
 * of a run this read does not have is skipped, as a server's later page
 * could differ from an earlier one.)
 *
 * How a table is read depends on the share of the store's runs asked for.
 * Most of them (the usual case: an experiment that is most of the store):
 * one scan of the whole table in rowid order, skipping other runs' rows —
 * sequential pages, the cheapest read SQLite has, about twice as fast as
 * going through the run_uuid index, whose every row costs a lookup of the
 * table row. A few (a small experiment of a big store, one run): through
 * MLflow's run_uuid index, for just those runs. Both give a run's rows in
 * rowid order (the index holds (run_uuid, rowid)), so both read the same. */

/* Binds the WHERE clause parameters of the runs asked for. */
static void bind_where(sqlite3_stmt *st, const char *const *ids, size_t n, const char *run_id)
{
    if (run_id) {
        sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char *end;
        long long v = strtoll(ids[i], &end, 10);
        if (*ids[i] && !*end)
            sqlite3_bind_int64(st, (int)i + 1, v);
        else
            sqlite3_bind_text(st, (int)i + 1, ids[i], -1, SQLITE_STATIC);
    }
}

/* One statement's rows read into a stage, possibly on a thread of its own.
 * Entries name their run by an id in uuids (the scan's own pool of the
 * run_uuids it met), turned into run indices once every scan is done. */
typedef struct Scan {
    Store              *s;
    sqlite3            *db;
    int                 kind;     /* 0 latest_metrics, 1 params, 2 tags, 3 runs */
    bool                full;     /* the whole table, else through the index */
    const char         *where;    /* the runs asked for */
    const char *const  *ids;
    size_t              n;
    const char         *run_id;
    StrPool            *uuids;
    uint32_t           *run_of;   /* runs scan: uuids id -> run index */
    size_t              cap_of;
    Stage              *st;
    struct Scan        *next;     /* read after this one, when it succeeded */
    int                 rc;       /* 0, -1 with err, -2 out of memory */
    Err                 err;
} Scan;

static int scan_run_row(Scan *e, sqlite3_stmt *st)
{
    const char *u = col(st, 0) ? col(st, 0) : "";
    RunInfoIn in = { 0 };

    in.run_id = u;
    in.run_name = col(st, 1);
    in.experiment_id = col(st, 2);
    in.user_id = col(st, 3);
    in.artifact_uri = col(st, 4);
    in.status = run_status_parse(col(st, 5));
    in.lifecycle = col(st, 6) && !strcmp(col(st, 6), "deleted") ? LIFE_DELETED : LIFE_ACTIVE;
    in.start_time = col_time(st, 7);
    in.end_time = col_time(st, 8);
    long i = stage_begin_run(e->st, &in);
    uint32_t id = i < 0 ? UINT32_MAX : strpool_intern(e->uuids, u, strlen(u));

    if (id == UINT32_MAX)
        return -1;
    if (id >= e->cap_of) {
        size_t nc = e->cap_of ? e->cap_of * 2 : 1024;
        uint32_t *nr;
        while (nc <= id)
            nc *= 2;
        if (!(nr = realloc(e->run_of, nc * sizeof *nr)))
            return -1;
        memset(nr + e->cap_of, 0xff, (nc - e->cap_of) * sizeof *nr);
        e->run_of = nr;
        e->cap_of = nc;
    }
    e->run_of[id] = (uint32_t)i;   /* run_uuid is unique: one run an id */
    return 0;
}

static void *scan(void *arg)
{
    static const char *const full_sql[3] = {
        "SELECT run_uuid, key, value, is_nan, step FROM latest_metrics ORDER BY rowid",
        "SELECT run_uuid, key, value FROM params ORDER BY rowid",
        "SELECT run_uuid, key, value FROM tags ORDER BY rowid",
    };
    static const char *const index_sql[4] = {
        "SELECT m.run_uuid, m.key, m.value, m.is_nan, m.step FROM runs r "
        "JOIN latest_metrics m ON m.run_uuid = r.run_uuid WHERE %s ORDER BY r.run_uuid, m.rowid",
        "SELECT p.run_uuid, p.key, p.value FROM runs r "
        "JOIN params p ON p.run_uuid = r.run_uuid WHERE %s ORDER BY r.run_uuid, p.rowid",
        "SELECT t.run_uuid, t.key, t.value FROM runs r "
        "JOIN tags t ON t.run_uuid = r.run_uuid WHERE %s ORDER BY r.run_uuid, t.rowid",
        "SELECT r.run_uuid, r.name, r.experiment_id, r.user_id, r.artifact_uri, r.status, "
        "r.lifecycle_stage, r.start_time, r.end_time FROM runs r WHERE %s ORDER BY r.run_uuid",
    };
    Scan *e = arg;
    sqlite3_stmt *st = NULL;
    char *sql = NULL;
    const char *last = "";
    size_t last_len = SIZE_MAX;
    uint32_t last_id = 0;
    bool full = e->full && e->kind < 3;
    int r;

    e->rc = 0;
    if (!full) {
        size_t len = strlen(e->where) + strlen(index_sql[e->kind]) + 1;
        if (!(sql = malloc(len))) {
            e->rc = -2;
            return NULL;
        }
        snprintf(sql, len, index_sql[e->kind], e->where);
    }
    if (sqlite3_prepare_v2(e->db, full ? full_sql[e->kind] : sql, -1, &st, NULL) != SQLITE_OK)
        goto dberr;
    if (!full)
        bind_where(st, e->ids, e->n, e->run_id);
    for (size_t row = 0; (r = sqlite3_step(st)) == SQLITE_ROW; row++) {
        const char *u = col(st, 0);
        size_t len;
        int rc;

        /* the progress handler stops long statements; this, short reads */
        if (!(row & 1023) && store_cancelled(e->s))
            goto dberr;
        if (e->kind == 3) {
            if (scan_run_row(e, st) < 0)
                goto nomem;
            continue;
        }
        if (!u)
            continue;
        /* A run's rows mostly follow each other (a run logs its own): the
         * last run_uuid is tried before the hash. */
        len = strlen(u);
        if (len != last_len || memcmp(u, last, len)) {
            if ((last_id = strpool_intern(e->uuids, u, len)) == UINT32_MAX)
                goto nomem;
            last = strpool_get(e->uuids, last_id);
            last_len = len;
        }
        if (e->kind == 0)
            rc = stage_metric(e->st, last_id, col(st, 1),
                              sqlite3_column_int(st, 3) ? NAN : sqlite3_column_double(st, 2),
                              sqlite3_column_int64(st, 4));
        else if (e->kind == 1)
            rc = stage_param(e->st, last_id, col(st, 1), col(st, 2));
        else
            rc = stage_tag(e->st, last_id, col(st, 1), col(st, 2));
        if (rc < 0)
            goto nomem;
    }
    if (r == SQLITE_DONE)
        goto out;
dberr:
    db_err_on(e->s, e->db, &e->err, "reading runs");
    e->rc = -1;
    goto out;
nomem:
    e->rc = -2;
out:
    sqlite3_finalize(st);   /* ends this connection's read */
    free(sql);
    if (e->rc == 0 && e->next)
        return scan(e->next);
    return NULL;
}

/* Turns the entries' run field from an id in e->uuids into the index of
 * that run in the runs scan (UINT32_MAX: not a run asked for; dropped). */
static int resolve_runs(const Scan *e, const Scan *runs)
{
    size_t n = strpool_count(e->uuids);
    uint32_t *to = malloc((n ? n : 1) * sizeof *to);
    Stage *st = e->st;

    if (!to)
        return -1;
    for (size_t i = 0; i < n; i++) {
        uint32_t id = strpool_find(runs->uuids, strpool_get(e->uuids, (uint32_t)i),
                                   strpool_len(e->uuids, (uint32_t)i));
        to[i] = id == UINT32_MAX || id >= runs->cap_of ? UINT32_MAX : runs->run_of[id];
    }
    for (size_t i = 0; i < st->n_metrics; i++)
        st->metrics[i].run = to[st->metrics[i].run];
    for (size_t i = 0; i < st->n_params; i++)
        st->params[i].run = to[st->params[i].run];
    for (size_t i = 0; i < st->n_tags; i++)
        st->tags[i].run = to[st->tags[i].run];
    free(to);
    return 0;
}

/* A second read-only connection to the store, for a reader thread; NULL
 * when it cannot be opened (the caller then reads on its own). */
static sqlite3 *open_second(Store *s)
{
    char *uri = file_uri(s->path);
    sqlite3 *db = NULL;

    if (!uri)
        return NULL;
    if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        sqlite3_close(db);
        db = NULL;
    }
    free(uri);
    if (db) {
        sqlite3_busy_timeout(db, s->busy_ms);
        sqlite3_progress_handler(db, 10000, progress, s);
    }
    return db;
}

/* Runs asked for at or above which the second thread is worth starting;
 * whole tables are scanned when those runs are at least 1/FULL_SHARE of
 * the store's. */
#define THREAD_MIN  256
#define FULL_SHARE  4

/* The `first` runs of stage runs in MLflow's default order, read through
 * the run_uuid index (a few ms for 1,000) into a RunSet of their own,
 * filtered by f, ordered and handed to early; picked[i] marks them. */
static int read_first(Store *s, const Stage *runs, const StoreFirst *fs, const Filter *f,
                      bool *picked, Err *err)
{
    static const char *const sql[3] = {
        "SELECT key, value, is_nan, step FROM latest_metrics WHERE run_uuid = ?1 ORDER BY rowid",
        "SELECT key, value FROM params WHERE run_uuid = ?1 ORDER BY rowid",
        "SELECT key, value FROM tags WHERE run_uuid = ?1 ORDER BY rowid",
    };
    const StrPool *pool = runs->pool;
    int64_t *start = malloc((runs->n_runs ? runs->n_runs : 1) * sizeof *start);
    const char **id = malloc((runs->n_runs ? runs->n_runs : 1) * sizeof *id);
    sqlite3_stmt *q[3] = { NULL, NULL, NULL };
    RunSet *rs = NULL;
    Stage sl = { 0 };
    int rc = -1;

    if (!start || !id || stage_init(&sl) < 0)
        goto nomem;
    for (size_t i = 0; i < runs->n_runs; i++) {
        start[i] = runs->runs[i].start_time;
        id[i] = strpool_get(pool, runs->runs[i].run_id);
    }
    if (store_pick_first(start, id, runs->n_runs, fs->first, picked) < 0)
        goto nomem;
    for (int k = 0; k < 3; k++)
        if (!(q[k] = prep(s, sql[k], err)))
            goto out;
    for (size_t i = 0; i < runs->n_runs; i++) {
        const StageRun *r = &runs->runs[i];
        RunInfoIn in = { .run_id = id[i], .run_name = strpool_get(pool, r->name),
                         .experiment_id = strpool_get(pool, r->experiment_id),
                         .user_id = strpool_get(pool, r->user),
                         .artifact_uri = strpool_get(pool, r->artifact_uri),
                         .status = r->status, .lifecycle = r->lifecycle,
                         .start_time = r->start_time, .end_time = r->end_time };
        long j;

        if (!picked[i])
            continue;
        if (store_cancelled(s)) {
            db_err(s, err, "reading runs");
            goto out;
        }
        if ((j = stage_begin_run(&sl, &in)) < 0)
            goto nomem;
        for (int k = 0; k < 3; k++) {
            int r2, ok = 0;
            sqlite3_reset(q[k]);
            sqlite3_bind_text(q[k], 1, id[i], -1, SQLITE_STATIC);
            while (ok == 0 && (r2 = sqlite3_step(q[k])) == SQLITE_ROW) {
                if (k == 0)
                    ok = stage_metric(&sl, (uint32_t)j, col(q[k], 0),
                                      sqlite3_column_int(q[k], 2) ? NAN
                                                                  : sqlite3_column_double(q[k], 1),
                                      sqlite3_column_int64(q[k], 3));
                else if (k == 1)
                    ok = stage_param(&sl, (uint32_t)j, col(q[k], 0), col(q[k], 1));
                else
                    ok = stage_tag(&sl, (uint32_t)j, col(q[k], 0), col(q[k], 1));
            }
            if (ok < 0)
                goto nomem;
            if (r2 != SQLITE_DONE) {
                db_err(s, err, "reading runs");
                goto out;
            }
        }
    }
    for (int k = 0; k < 3; k++) {   /* ends this connection's read */
        sqlite3_finalize(q[k]);
        q[k] = NULL;
    }
    if (!(rs = runset_new()) || stage_build(&sl, NULL, NULL, NULL, NULL, rs) < 0
        || store_finish_runs(rs, f) < 0)
        goto nomem;
    fs->early(fs->ctx, rs);
    rs = NULL;
    rc = 0;
    goto out;
nomem:
    err_set(err, ERR_NOMEM, "out of memory reading %s", s->path);
out:
    for (int k = 0; k < 3; k++)
        sqlite3_finalize(q[k]);
    runset_free(rs);
    stage_free(&sl);
    free(start);
    free(id);
    return rc;
}

int sqlstore_runs(Store *s, const char *const *ids, size_t n, int view_type,
                  const char *run_id, const Filter *f, const StoreFirst *fs, RunSet *out,
                  Err *err)
{
    char *where = NULL, *sql = NULL;
    size_t wlen = 64 + n * 2;
    sqlite3_stmt *cnt = NULL;
    Stage stage[4] = { { 0 } };   /* metrics, params, tags, runs */
    Scan sc[4];
    sqlite3 *db2 = NULL;
    pthread_t th;
    bool full = false, threaded = false, *picked = NULL;
    long long n_sel = 0, n_all = 0;
    int rc = -1;

    memset(sc, 0, sizeof sc);
    where = malloc(wlen + 64);
    sql = malloc(wlen + 512);
    if (!where || !sql)
        goto nomem;
    for (int k = 0; k < 4; k++)
        if (stage_init(&stage[k]) < 0 || !(sc[k].uuids = strpool_new()))
            goto nomem;
    if (run_id) {
        snprintf(where, wlen + 64, "r.run_uuid = ?1");
    } else {
        size_t w = (size_t)snprintf(where, wlen + 64, "r.%s", lifecycle_sql(view_type));
        if (view_type == 2)
            w = (size_t)snprintf(where, wlen + 64, "1");
        if (n) {
            w += (size_t)snprintf(where + w, wlen + 64 - w, " AND r.experiment_id IN (");
            for (size_t i = 0; i < n; i++)
                w += (size_t)snprintf(where + w, wlen + 64 - w, i ? ",?" : "?");
            snprintf(where + w, wlen + 64 - w, ")");
        }
    }
    /* how many runs, of how many: which way to read (a few ms) */
    if (!run_id) {
        snprintf(sql, wlen + 512, "SELECT (SELECT count(*) FROM runs r WHERE %s), "
                 "(SELECT count(*) FROM runs)", where);
        if (!(cnt = prep(s, sql, err)))
            goto out;
        bind_where(cnt, ids, n, run_id);
        if (sqlite3_step(cnt) != SQLITE_ROW) {
            db_err(s, err, "reading runs");
            goto out;
        }
        n_sel = sqlite3_column_int64(cnt, 0);
        n_all = sqlite3_column_int64(cnt, 1);
        sqlite3_finalize(cnt);
        cnt = NULL;
        full = n_sel * FULL_SHARE >= n_all;
    }
    for (int k = 0; k < 4; k++) {
        StrPool *u = sc[k].uuids;
        sc[k] = (Scan){ .s = s, .db = db_of(s), .kind = k, .full = full, .where = where,
                        .ids = ids, .n = n, .run_id = run_id, .uuids = u, .st = &stage[k] };
    }
    /* runs then params here, latest_metrics then tags on the second thread */
    sc[3].next = &sc[1];
    sc[0].next = &sc[2];
    if (n_sel >= THREAD_MIN && (db2 = open_second(s))) {
        sc[0].db = sc[2].db = db2;
        threaded = pthread_create(&th, NULL, scan, &sc[0]) == 0;
        if (!threaded)
            sc[0].db = sc[2].db = db_of(s);
    }
    if (fs && fs->early && !run_id && n_sel > (long long)fs->first) {
        /* the first runs to show, read (here) while the big scans run */
        sc[3].next = NULL;
        scan(&sc[3]);
        if (sc[3].rc == 0) {
            if (!(picked = calloc(stage[3].n_runs + 1, sizeof *picked))) {
                sc[3].rc = -2;
            } else if (read_first(s, &stage[3], fs, f, picked, &sc[3].err) < 0) {
                sc[3].rc = sc[3].err.kind == ERR_NOMEM ? -2 : -1;
            } else {
                scan(&sc[1]);
            }
        }
    } else {
        scan(&sc[3]);
    }
    if (threaded)
        pthread_join(th, NULL);
    else if (sc[3].rc == 0 && sc[1].rc == 0)
        scan(&sc[0]);
    for (int k = 3; k >= 0; k--) {
        if (sc[k].rc == -2)
            goto nomem;
        if (sc[k].rc < 0) {
            *err = sc[k].err;
            goto out;
        }
    }
    for (int k = 0; k < 3; k++)
        if (resolve_runs(&sc[k], &sc[3]) < 0)
            goto nomem;
    if (stage_build(&stage[3], &stage[0], &stage[1], &stage[2], picked, out) < 0
        || store_finish_runs(out, f) < 0)
        goto nomem;
    rc = 0;
    goto out;
nomem:
    err_set(err, ERR_NOMEM, "out of memory reading %s", s->path);
out:
    sqlite3_finalize(cnt);
    sqlite3_close(db2);
    free(picked);
    for (int k = 0; k < 4; k++) {
        stage_free(&stage[k]);
        strpool_free(sc[k].uuids);
        free(sc[k].run_of);
    }
    free(where);
    free(sql);
    return rc;
}

int sqlstore_history(Store *s, const char *run_id, const char *key, MetricHistory **out,
                     Err *err)
{
    sqlite3_stmt *st = NULL;
    MetricHistory *h = history_new(run_id, key);
    int rc = -1, r;

    if (!h)
        goto nomem;
    if (!(st = prep(s, "SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ? "
                    "AND key = ? ORDER BY step, timestamp, value", err)))
        goto out;
    sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        double v = sqlite3_column_int(st, 3) ? NAN : sqlite3_column_double(st, 2);
        if (history_push(h, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), v) < 0)
            goto nomem;
    }
    if (r != SQLITE_DONE) {
        db_err(s, err, "reading metric history");
        goto out;
    }
    *out = h;
    h = NULL;
    rc = 0;
    goto out;
nomem:
    err_set(err, ERR_NOMEM, "out of memory reading %s", s->path);
out:
    sqlite3_finalize(st);
    history_free(h);
    return rc;
}

char *sqlstore_artifact_uri(Store *s, const char *run_id, Err *err)
{
    sqlite3_stmt *st = prep(s, "SELECT artifact_uri FROM runs WHERE run_uuid = ?", err);
    char *uri = NULL;

    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && col(st, 0))
        uri = strdup(col(st, 0));
    else
        store_not_found(err, "Run with id=%s not found", run_id);
    sqlite3_finalize(st);
    return uri;
}

/* ---- registry and logged models, as MLflow's REST replies ---- */

static int add_str_nonempty(cJSON *o, const char *name, const char *v)
{
    return v && *v ? store_json_str(o, name, v) : 0;
}

/* Appends {key, value} objects from a query whose columns are key, value. */
static int add_kv(Store *s, cJSON *arr, const char *sql, const char *a, const char *b,
                  const char *kname, Err *err)
{
    sqlite3_stmt *st = prep(s, sql, err);
    int r;

    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o) ||
            store_json_str(o, kname, col(st, 0) ? col(st, 0) : "") < 0 ||
            store_json_str(o, "value", col(st, 1) ? col(st, 1) : "") < 0) {
            sqlite3_finalize(st);
            return -1;
        }
    }
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) {
        db_err(s, err, "reading the registry");
        return -1;
    }
    return 0;
}

static cJSON *version_json(Store *s, sqlite3_stmt *st, Err *err)
{
    cJSON *o = cJSON_CreateObject(), *tags, *aliases;
    char ver[32];
    const char *name = col(st, 0);

    if (!o)
        return NULL;
    snprintf(ver, sizeof ver, "%lld", (long long)sqlite3_column_int64(st, 1));
    store_json_str(o, "name", name ? name : "");
    store_json_str(o, "version", ver);
    store_json_time(o, "creation_timestamp", col_time(st, 2));
    store_json_time(o, "last_updated_timestamp", col_time(st, 3));
    add_str_nonempty(o, "description", col(st, 4));
    add_str_nonempty(o, "user_id", col(st, 5));
    store_json_str(o, "current_stage", col(st, 6) ? col(st, 6) : "None");
    add_str_nonempty(o, "source", col(st, 7));
    add_str_nonempty(o, "run_id", col(st, 8));
    add_str_nonempty(o, "status", col(st, 9));
    add_str_nonempty(o, "status_message", col(st, 10));
    store_json_str(o, "run_link", col(st, 11) ? col(st, 11) : "");
    add_str_nonempty(o, "storage_location", col(st, 12));
    tags = cJSON_AddArrayToObject(o, "tags");
    aliases = cJSON_AddArrayToObject(o, "aliases");
    if (!tags || !aliases ||
        add_kv(s, tags, "SELECT key, value FROM model_version_tags WHERE name = ? AND version = ?",
               name ? name : "", ver, "key", err) < 0)
        goto fail;
    {
        sqlite3_stmt *al = prep(s, "SELECT alias FROM registered_model_aliases WHERE name = ? "
                                "AND version = ? ORDER BY alias", err);
        if (!al)
            goto fail;
        sqlite3_bind_text(al, 1, name ? name : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(al, 2, sqlite3_column_int64(st, 1));
        while (sqlite3_step(al) == SQLITE_ROW)
            cJSON_AddItemToArray(aliases, cJSON_CreateString(col(al, 0) ? col(al, 0) : ""));
        sqlite3_finalize(al);
    }
    return o;
fail:
    cJSON_Delete(o);
    return NULL;
}

#define MV_COLS "name, version, creation_time, last_updated_time, description, user_id, " \
                "current_stage, source, run_id, status, status_message, run_link, " \
                "storage_location"

cJSON *sqlstore_versions(Store *s, const char *name, Err *err)
{
    cJSON *arr = cJSON_CreateArray();
    sqlite3_stmt *st = NULL;
    int r;

    if (!arr)
        goto nomem;
    if (!has_table(s, "model_versions"))
        return arr;
    st = prep(s, name ? "SELECT " MV_COLS " FROM model_versions WHERE name = ? ORDER BY version"
                      : "SELECT " MV_COLS " FROM model_versions ORDER BY name, version", err);
    if (!st)
        goto fail;
    if (name)
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        cJSON *v = version_json(s, st, err);
        if (!v) {
            if (err->kind == ERR_OK)
                goto nomem;
            goto fail;
        }
        cJSON_AddItemToArray(arr, v);
    }
    if (r != SQLITE_DONE) {
        db_err(s, err, "reading model versions");
        goto fail;
    }
    sqlite3_finalize(st);
    return arr;
nomem:
    err_set(err, ERR_NOMEM, "out of memory reading %s", s->path);
fail:
    sqlite3_finalize(st);
    cJSON_Delete(arr);
    return NULL;
}

cJSON *sqlstore_models(Store *s, Err *err)
{
    cJSON *arr = cJSON_CreateArray(), *versions = NULL;
    sqlite3_stmt *st = NULL;
    int r;

    if (!arr)
        goto nomem;
    if (!has_table(s, "registered_models"))
        return arr;
    if (!(versions = sqlstore_versions(s, NULL, err)))
        goto fail;
    if (!(st = prep(s, "SELECT name, creation_time, last_updated_time, description FROM "
                    "registered_models ORDER BY name", err)))
        goto fail;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = col(st, 0) ? col(st, 0) : "";
        cJSON *m = cJSON_CreateObject(), *lv, *tags, *aliases, *v;
        if (!m || !cJSON_AddItemToArray(arr, m))
            goto nomem;
        store_json_str(m, "name", name);
        store_json_time(m, "creation_timestamp", col_time(st, 1));
        store_json_time(m, "last_updated_timestamp", col_time(st, 2));
        add_str_nonempty(m, "description", col(st, 3));
        lv = cJSON_AddArrayToObject(m, "latest_versions");
        tags = cJSON_AddArrayToObject(m, "tags");
        aliases = cJSON_AddArrayToObject(m, "aliases");
        if (!lv || !tags || !aliases)
            goto nomem;
        /* latest version per stage, in version order (as MLflow's SQL store) */
        for (int pass = 0; pass < 4; pass++) {
            static const char *const stages[4] = { "None", "Staging", "Production", "Archived" };
            const cJSON *best = NULL;
            cJSON_ArrayForEach(v, versions) {
                const char *vn = cJSON_GetStringValue(cJSON_GetObjectItem(v, "name"));
                const char *stg = cJSON_GetStringValue(cJSON_GetObjectItem(v, "current_stage"));
                if (vn && stg && !strcmp(vn, name) && !strcmp(stg, stages[pass]))
                    best = v;
            }
            if (best) {
                cJSON *d = cJSON_Duplicate(best, 1);
                if (!d)
                    goto nomem;
                cJSON_DeleteItemFromObject(d, "aliases");
                cJSON_DeleteItemFromObject(d, "storage_location");
                cJSON_AddItemToArray(lv, d);
            }
        }
        if (add_kv(s, tags, "SELECT key, value FROM registered_model_tags WHERE name = ?", name,
                   NULL, "key", err) < 0)
            goto fail;
        {
            sqlite3_stmt *al = prep(s, "SELECT alias, version FROM registered_model_aliases "
                                    "WHERE name = ? ORDER BY alias", err);
            if (!al)
                goto fail;
            sqlite3_bind_text(al, 1, name, -1, SQLITE_STATIC);
            while (sqlite3_step(al) == SQLITE_ROW) {
                cJSON *a = cJSON_CreateObject();
                char ver[32];
                snprintf(ver, sizeof ver, "%lld", (long long)sqlite3_column_int64(al, 1));
                if (!a || !cJSON_AddItemToArray(aliases, a)) {
                    sqlite3_finalize(al);
                    goto nomem;
                }
                store_json_str(a, "alias", col(al, 0) ? col(al, 0) : "");
                store_json_str(a, "version", ver);
            }
            sqlite3_finalize(al);
        }
    }
    if (r != SQLITE_DONE) {
        db_err(s, err, "reading registered models");
        goto fail;
    }
    sqlite3_finalize(st);
    cJSON_Delete(versions);
    return arr;
nomem:
    err_set(err, ERR_NOMEM, "out of memory reading %s", s->path);
fail:
    sqlite3_finalize(st);
    cJSON_Delete(versions);
    cJSON_Delete(arr);
    return NULL;
}

static const char *logged_status(int v)
{
    return v == 1 ? "LOGGED_MODEL_PENDING" : v == 2 ? "LOGGED_MODEL_READY"
         : v == 3 ? "LOGGED_MODEL_UPLOAD_FAILED" : "LOGGED_MODEL_STATUS_UNSPECIFIED";
}

cJSON *sqlstore_logged_models(Store *s, const char *exp_id, Err *err)
{
    cJSON *arr = cJSON_CreateArray();
    sqlite3_stmt *st = NULL, *mt = NULL;
    int r;

    if (!arr)
        goto nomem;
    if (!has_table(s, "logged_models"))
        return arr;
    st = prep(s, exp_id ? "SELECT model_id, experiment_id, name, artifact_location, "
                "creation_timestamp_ms, last_updated_timestamp_ms, status, lifecycle_stage, "
                "model_type, source_run_id, status_message FROM logged_models "
                "WHERE experiment_id = ? ORDER BY creation_timestamp_ms DESC, model_id"
              : "SELECT model_id, experiment_id, name, artifact_location, "
                "creation_timestamp_ms, last_updated_timestamp_ms, status, lifecycle_stage, "
                "model_type, source_run_id, status_message FROM logged_models "
                "ORDER BY creation_timestamp_ms DESC, model_id", err);
    if (!st)
        goto fail;
    if (exp_id)
        sqlite3_bind_text(st, 1, exp_id, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = col(st, 0) ? col(st, 0) : "";
        cJSON *m = cJSON_CreateObject(), *info, *data, *tags, *params, *metrics;
        if (!m || !cJSON_AddItemToArray(arr, m) ||
            !(info = cJSON_AddObjectToObject(m, "info")) ||
            !(data = cJSON_AddObjectToObject(m, "data")))
            goto nomem;
        store_json_str(info, "model_id", id);
        store_json_str(info, "experiment_id", col(st, 1) ? col(st, 1) : "");
        store_json_str(info, "name", col(st, 2) ? col(st, 2) : "");
        add_str_nonempty(info, "artifact_uri", col(st, 3));
        store_json_time(info, "creation_timestamp_ms", col_time(st, 4));
        store_json_time(info, "last_updated_timestamp_ms", col_time(st, 5));
        store_json_str(info, "status", logged_status(sqlite3_column_int(st, 6)));
        add_str_nonempty(info, "lifecycle_stage", col(st, 7));
        add_str_nonempty(info, "model_type", col(st, 8));
        add_str_nonempty(info, "source_run_id", col(st, 9));
        add_str_nonempty(info, "status_message", col(st, 10));
        if (!(tags = cJSON_AddArrayToObject(info, "tags")) ||
            !(params = cJSON_AddArrayToObject(data, "params")) ||
            !(metrics = cJSON_AddArrayToObject(data, "metrics")))
            goto nomem;
        if (add_kv(s, tags, "SELECT tag_key, tag_value FROM logged_model_tags WHERE model_id = ?",
                   id, NULL, "key", err) < 0 ||
            add_kv(s, params, "SELECT param_key, param_value FROM logged_model_params "
                   "WHERE model_id = ?", id, NULL, "key", err) < 0)
            goto fail;
        if (!(mt = prep(s, "SELECT metric_name, metric_value, metric_timestamp_ms, metric_step, "
                        "run_id, dataset_name, dataset_digest FROM logged_model_metrics "
                        "WHERE model_id = ? ORDER BY metric_name, metric_step", err)))
            goto fail;
        sqlite3_bind_text(mt, 1, id, -1, SQLITE_STATIC);
        while (sqlite3_step(mt) == SQLITE_ROW) {
            cJSON *o = cJSON_CreateObject();
            if (!o || !cJSON_AddItemToArray(metrics, o))
                goto nomem;
            store_json_str(o, "key", col(mt, 0) ? col(mt, 0) : "");
            cJSON_AddNumberToObject(o, "value", sqlite3_column_double(mt, 1));
            store_json_time(o, "timestamp", col_time(mt, 2));
            store_json_time(o, "step", col_time(mt, 3));
            add_str_nonempty(o, "run_id", col(mt, 4));
            add_str_nonempty(o, "dataset_name", col(mt, 5));
            add_str_nonempty(o, "dataset_digest", col(mt, 6));
            store_json_str(o, "model_id", id);
        }
        sqlite3_finalize(mt);
        mt = NULL;
    }
    if (r != SQLITE_DONE) {
        db_err(s, err, "reading logged models");
        goto fail;
    }
    sqlite3_finalize(st);
    return arr;
nomem:
    err_set(err, ERR_NOMEM, "out of memory reading %s", s->path);
fail:
    sqlite3_finalize(st);
    sqlite3_finalize(mt);
    cJSON_Delete(arr);
    return NULL;
}

/* ---- a run's dataset inputs and model outputs (MLflow 3) ---- */

int sqlstore_run_io(Store *s, const char *run_id, cJSON *dsets, cJSON *outs, Err *err)
{
    sqlite3_stmt *st = NULL, *tg = NULL;
    bool has_step = false;
    int rc = -1;

    if (!has_table(s, "inputs") || !has_table(s, "datasets"))
        return 0;
    /* inputs.step exists from MLflow 3 on */
    if (sqlite3_prepare_v2(db_of(s), "SELECT step FROM inputs LIMIT 0", -1, &st, NULL) == SQLITE_OK)
        has_step = true;
    sqlite3_finalize(st);
    st = NULL;
    if (!(st = prep(s, "SELECT i.input_uuid, d.name, d.digest, d.dataset_source_type, "
                    "d.dataset_source, d.dataset_schema, d.dataset_profile FROM inputs i "
                    "JOIN datasets d ON d.dataset_uuid = i.source_id WHERE i.source_type = "
                    "'DATASET' AND i.destination_type = 'RUN' AND i.destination_id = ?", err)))
        goto out;
    sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject(), *d, *tags;
        if (!o || !cJSON_AddItemToArray(dsets, o) || !(d = cJSON_AddObjectToObject(o, "dataset")) ||
            !(tags = cJSON_AddArrayToObject(o, "tags")))
            goto nomem;
        store_json_str(d, "name", col(st, 1) ? col(st, 1) : "");
        store_json_str(d, "digest", col(st, 2) ? col(st, 2) : "");
        add_str_nonempty(d, "source_type", col(st, 3));
        add_str_nonempty(d, "source", col(st, 4));
        add_str_nonempty(d, "schema", col(st, 5));
        add_str_nonempty(d, "profile", col(st, 6));
        if (add_kv(s, tags, "SELECT name, value FROM input_tags WHERE input_uuid = ?",
                   col(st, 0) ? col(st, 0) : "", NULL, "key", err) < 0)
            goto out;
    }
    sqlite3_finalize(st);
    st = prep(s, has_step ? "SELECT destination_id, step FROM inputs WHERE source_type = "
                            "'RUN_OUTPUT' AND source_id = ? AND destination_type = 'MODEL_OUTPUT'"
                          : "SELECT destination_id, 0 FROM inputs WHERE source_type = "
                            "'RUN_OUTPUT' AND source_id = ? AND destination_type = 'MODEL_OUTPUT'",
              err);
    if (!st)
        goto out;
    sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(outs, o))
            goto nomem;
        store_json_str(o, "model_id", col(st, 0) ? col(st, 0) : "");
        cJSON_AddNumberToObject(o, "step", (double)sqlite3_column_int64(st, 1));
    }
    rc = 0;
    goto out;
nomem:
    err_set(err, ERR_NOMEM, "out of memory");
out:
    sqlite3_finalize(st);
    sqlite3_finalize(tg);
    return rc;
}
