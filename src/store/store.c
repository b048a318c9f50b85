/* store.c — what both local readers share: URI forms, opening, the warning
 * line, MLflow's default run order, and where artifacts really are. */
#define _GNU_SOURCE
#include "store/store_int.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* %XX-decodes a file:// path in place. */
static void uri_decode(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        unsigned v;
        if (r[0] == '%' && r[1] && r[2] && sscanf(r + 1, "%2x", &v) == 1 && v) {
            *w++ = (char)v;
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

int store_uri_parse(const char *uri, StoreKind *kind, char *path, size_t size)
{
    const char *p = uri;
    bool sqlite = false;

    if (!uri || !*uri || size == 0)
        return -1;
    if (!strncmp(uri, "sqlite:///", 10)) {
        p = uri + 10;
        /* sqlite:////abs (four slashes) is absolute; three is relative (SQLAlchemy). */
        sqlite = true;
    } else if (!strncmp(uri, "file://", 7)) {
        p = uri + 7;
        if (!strncmp(p, "localhost/", 10))
            p += 9;
    } else if (strstr(uri, "://") || !strncmp(uri, "http:", 5) || !strncmp(uri, "https:", 6) ||
               !strncmp(uri, "databricks", 10)) {
        return -1;
    }
    if ((size_t)snprintf(path, size, "%s", p) >= size)
        return -1;
    if (!strncmp(uri, "file://", 7))
        uri_decode(path);
    if (sqlite) {
        char *q = strchr(path, '?');   /* sqlite:///x.db?mode=... : drop options */
        if (q)
            *q = '\0';
        if (!exists(path))
            return -1;
        *kind = STORE_SQLITE;
        return 0;
    }
    if (is_dir(path)) {
        *kind = STORE_FILE;
        return 0;
    }
    if (exists(path)) {
        *kind = STORE_SQLITE;
        return 0;
    }
    return -1;
}

void store_warn(Store *s, const char *fmt, ...)
{
    va_list ap;

    if (s->n_warnings++ == 0) {
        va_start(ap, fmt);
        vsnprintf(s->warning, sizeof s->warning, fmt, ap);
        va_end(ap);
    }
}

int store_take_warning(Store *s, char *buf, size_t size)
{
    int n = s->n_warnings;

    if (size) {
        if (n > 1)
            snprintf(buf, size, "%s (and %d more skipped)", s->warning, n - 1);
        else
            snprintf(buf, size, "%s", n ? s->warning : "");
    }
    s->n_warnings = 0;
    s->warning[0] = '\0';
    return n;
}

void store_not_found(Err *err, const char *fmt, ...)
{
    va_list ap;

    err_clear(err);
    err->kind = ERR_SERVER;
    err->http_status = 404;
    snprintf(err->code, sizeof err->code, "RESOURCE_DOES_NOT_EXIST");
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

static char *dir_of(const char *path)
{
    char *d = strdup(path), *slash;

    if (!d)
        return NULL;
    /* strip trailing slashes, then the last component */
    for (size_t n = strlen(d); n > 1 && d[n - 1] == '/'; n--)
        d[n - 1] = '\0';
    slash = strrchr(d, '/');
    if (!slash) {
        free(d);
        return strdup(".");
    }
    if (slash == d)
        slash[1] = '\0';
    else
        *slash = '\0';
    return d;
}

Store *store_open(StoreKind kind, const char *path, const char *artifacts_root, Err *err)
{
    Store *s = calloc(1, sizeof *s);
    char  *p = NULL;

    err_clear(err);
    if (!s)
        goto nomem;
    s->kind = kind;
    s->busy_ms = 5000;
    s->path = strdup(path);
    s->base = dir_of(path);
    if (!s->path || !s->base)
        goto nomem;
    for (size_t n = strlen(s->path); n > 1 && s->path[n - 1] == '/'; n--)
        s->path[n - 1] = '\0';
    if (artifacts_root && *artifacts_root) {
        s->artroot = strdup(artifacts_root);
    } else if (asprintf(&p, "%s/mlartifacts", s->base) >= 0) {
        s->artroot = p;
    }
    if (!s->artroot)
        goto nomem;
    if ((kind == STORE_SQLITE ? sqlstore_open(s, err) : filestore_open(s, err)) < 0) {
        store_close(s);
        return NULL;
    }
    if (kind == STORE_SQLITE && sqlstore_known_revision(s->revision))
        snprintf(s->describe, sizeof s->describe, "SQLite store %s (%s schema, revision %s, "
                 "read-only)", s->path, sqlstore_known_revision(s->revision), s->revision);
    else if (kind == STORE_SQLITE)
        snprintf(s->describe, sizeof s->describe, "SQLite store %s (schema revision %s, not one "
                 "mltui was tested on: read as far as its tables allow; read-only)", s->path,
                 s->revision);
    else
        snprintf(s->describe, sizeof s->describe, "file store %s (read-only)", s->path);
    return s;
nomem:
    err_set(err, ERR_NOMEM, "out of memory opening %s", path);
    store_close(s);
    return NULL;
}

void store_close(Store *s)
{
    if (!s)
        return;
    if (s->kind == STORE_SQLITE)
        sqlstore_close(s);
    free(s->path);
    free(s->base);
    free(s->artroot);
    free(s);
}

void store_set_busy_ms(Store *s, int ms)
{
    s->busy_ms = ms > 0 ? ms : 0;
    if (s->kind == STORE_SQLITE)
        sqlstore_set_busy(s);
}

StoreKind store_kind(const Store *s) { return s->kind; }
const char *store_path(const Store *s) { return s->path; }
void store_set_cancel(Store *s, const atomic_int *flag)
{
    if (s)
        s->cancel = flag;
}

const char *store_describe(const Store *s) { return s->describe; }

int store_experiments(Store *s, int view_type, const Filter *f, ExperimentList *out, Err *err)
{
    err_clear(err);
    return s->kind == STORE_SQLITE ? sqlstore_experiments(s, view_type, f, out, err)
                                   : filestore_experiments(s, view_type, f, out, err);
}

int store_experiment_get(Store *s, const char *id, const char *name, Experiment *out, Err *err)
{
    ExperimentList l = { 0 };
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (store_experiments(s, 2, NULL, &l, err) < 0)
        return -1;
    for (size_t i = 0; i < l.n; i++) {
        Experiment *e = &l.items[i];
        if ((id && e->id && !strcmp(e->id, id)) || (name && e->name && !strcmp(e->name, name))) {
            *out = *e;
            memset(e, 0, sizeof *e);
            rc = 0;
            break;
        }
    }
    if (rc < 0) {
        if (id)
            store_not_found(err, "No Experiment with id=%s exists", id);
        else
            store_not_found(err, "Could not find experiment with name %s", name ? name : "");
    }
    explist_clear(&l);
    free(l.items);
    return rc;
}

int store_runs(Store *s, const char *const *exp_ids, size_t n_exp, int view_type,
               const Filter *f, RunSet *out, Err *err)
{
    err_clear(err);
    return s->kind == STORE_SQLITE
        ? sqlstore_runs(s, exp_ids, n_exp, view_type, NULL, f, NULL, out, err)
        : filestore_runs(s, exp_ids, n_exp, view_type, NULL, f, out, err);
}

int store_runs_first(Store *s, const char *const *exp_ids, size_t n_exp, int view_type,
                     const Filter *f, const StoreFirst *fs, RunSet *out, Err *err)
{
    err_clear(err);
    return s->kind == STORE_SQLITE
        ? sqlstore_runs(s, exp_ids, n_exp, view_type, NULL, f, fs, out, err)
        : filestore_runs(s, exp_ids, n_exp, view_type, NULL, f, out, err);
}

int store_run_get(Store *s, const char *run_id, RunSet *out, Err *err)
{
    int rc;

    err_clear(err);
    rc = s->kind == STORE_SQLITE ? sqlstore_runs(s, NULL, 0, 2, run_id, NULL, NULL, out, err)
                                 : filestore_runs(s, NULL, 0, 2, run_id, NULL, out, err);
    if (rc == 0 && out->n_runs == 0) {
        store_not_found(err, "Run with id=%s not found", run_id);
        rc = -1;
    }
    return rc;
}

int store_metric_history(Store *s, const char *run_id, const char *key, MetricHistory **out,
                         Err *err)
{
    err_clear(err);
    *out = NULL;
    return s->kind == STORE_SQLITE ? sqlstore_history(s, run_id, key, out, err)
                                   : filestore_history(s, run_id, key, out, err);
}

cJSON *store_registered_models(Store *s, Err *err)
{
    err_clear(err);
    return s->kind == STORE_SQLITE ? sqlstore_models(s, err) : filestore_models(s, err);
}

cJSON *store_model_versions(Store *s, const char *name, Err *err)
{
    err_clear(err);
    return s->kind == STORE_SQLITE ? sqlstore_versions(s, name, err)
                                   : filestore_versions(s, name, err);
}

cJSON *store_logged_models(Store *s, const char *exp_id, Err *err)
{
    err_clear(err);
    return s->kind == STORE_SQLITE ? sqlstore_logged_models(s, exp_id, err)
                                   : filestore_logged_models(s, exp_id, err);
}

cJSON *store_run_io(Store *s, const char *run_id, Err *err)
{
    cJSON *o = cJSON_CreateObject(), *in, *out, *dsets, *outs;

    err_clear(err);
    if (!o || !(in = cJSON_AddObjectToObject(o, "inputs")) ||
        !(out = cJSON_AddObjectToObject(o, "outputs")) ||
        !(dsets = cJSON_AddArrayToObject(in, "dataset_inputs")) ||
        !(outs = cJSON_AddArrayToObject(out, "model_outputs"))) {
        cJSON_Delete(o);
        err_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    if ((s->kind == STORE_SQLITE ? sqlstore_run_io(s, run_id, dsets, outs, err)
                                 : filestore_run_io(s, run_id, dsets, outs, err)) < 0) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

char *store_run_artifact_dir(Store *s, const char *run_id, Err *err)
{
    char *uri, *dir;

    err_clear(err);
    uri = s->kind == STORE_SQLITE ? sqlstore_artifact_uri(s, run_id, err)
                                  : filestore_artifact_uri(s, run_id, err);
    if (!uri)
        return NULL;
    dir = store_resolve_location(s, uri);
    if (!dir)
        err_set(err, ERR_PARSE, "Artifacts of run %s are at %s, which is not on this machine",
                run_id, uri);
    free(uri);
    return dir;
}

/* An absolute path that does not exist: the longest tail of it (two
 * components at least) that exists under the store's folder; else, when the
 * path runs through the store folder's own name, the path under it. */
static char *reroot(const Store *s, const char *abs)
{
    const char *base_name = strrchr(s->base, '/');
    char *cand = NULL;

    base_name = base_name ? base_name + 1 : s->base;
    for (const char *p = abs; (p = strchr(p, '/')) != NULL; p++) {
        const char *tail = p + 1;
        if (!*tail || !strchr(tail, '/'))
            break;
        if (asprintf(&cand, "%s/%s", s->base, tail) < 0)
            return NULL;
        if (exists(cand))
            return cand;
        free(cand);
        cand = NULL;
    }
    if (*base_name) {
        size_t bn = strlen(base_name);
        for (const char *p = abs; (p = strstr(p, base_name)) != NULL; p++) {
            if (p > abs && p[-1] == '/' && p[bn] == '/') {
                if (asprintf(&cand, "%s%s", s->base, p + bn) < 0)
                    return NULL;
                return cand;
            }
        }
    }
    return strdup(abs);
}

char *store_resolve_location(const Store *s, const char *loc)
{
    char *out = NULL;

    if (!loc || !*loc)
        return NULL;
    if (!strncmp(loc, "mlflow-artifacts:", 17)) {
        const char *rest = loc + 17;
        /* mlflow-artifacts:/X, or mlflow-artifacts://host:port/X */
        if (!strncmp(rest, "//", 2)) {
            rest = strchr(rest + 2, '/');
            if (!rest)
                rest = "";
        }
        while (*rest == '/')
            rest++;
        if (asprintf(&out, "%s%s%s", s->artroot, *rest ? "/" : "", rest) < 0)
            return NULL;
        return out;
    }
    if (!strncmp(loc, "file://", 7)) {
        const char *p = loc + 7;
        if (!strncmp(p, "localhost/", 10))
            p += 9;
        out = strdup(p);
        if (!out)
            return NULL;
        uri_decode(out);
    } else if (strstr(loc, "://") || !strncmp(loc, "models:", 7) || !strncmp(loc, "runs:", 5)) {
        return NULL;   /* s3://, gs://, ...: not readable here */
    } else if (loc[0] == '/') {
        out = strdup(loc);
    } else if (asprintf(&out, "%s/%s", s->base, loc) < 0) {
        return NULL;
    }
    if (out && out[0] == '/' && !exists(out)) {
        char *r = reroot(s, out);
        free(out);
        out = r;
    }
    return out;
}

/* ---- shared by both readers ---- */

typedef struct OrderKey {
    int64_t     start;
    const char *id;
    uint32_t    idx;
} OrderKey;

static int order_cmp(const void *a, const void *b)
{
    const OrderKey *x = a, *y = b;
    /* start_time DESC with missing last, then run id ASC */
    if (x->start != y->start) {
        if (x->start == TIME_NONE)
            return 1;
        if (y->start == TIME_NONE)
            return -1;
        return x->start > y->start ? -1 : 1;
    }
    return strcmp(x->id, y->id);
}

int store_pick_first(const int64_t *start, const char *const *id, size_t n, size_t first,
                     bool *pick)
{
    OrderKey *k = malloc((n ? n : 1) * sizeof *k);

    if (!k)
        return -1;
    for (size_t i = 0; i < n; i++)
        k[i] = (OrderKey){ .start = start[i], .id = id[i], .idx = (uint32_t)i };
    qsort(k, n, sizeof *k, order_cmp);
    for (size_t i = 0; i < n; i++)
        pick[k[i].idx] = i < first;
    free(k);
    return 0;
}

int store_finish_runs(RunSet *rs, const Filter *f)
{
    OrderKey *k = malloc((rs->n_runs ? rs->n_runs : 1) * sizeof *k);
    uint32_t *idx = malloc((rs->n_runs ? rs->n_runs : 1) * sizeof *idx);
    size_t n = 0;
    int rc = -1;

    if (!k || !idx)
        goto out;
    for (size_t i = 0; i < rs->n_runs; i++) {
        if (f && f->n && !filter_match_run(f, rs, i))
            continue;
        k[n].start = rs->runs[i].start_time;
        k[n].id = runset_str(rs, rs->runs[i].run_id);
        k[n].idx = (uint32_t)i;
        n++;
    }
    qsort(k, n, sizeof *k, order_cmp);
    for (size_t i = 0; i < n; i++)
        idx[i] = k[i].idx;
    rc = runset_select(rs, idx, n);
out:
    free(k);
    free(idx);
    return rc;
}

bool store_match_experiment(const Filter *f, const Experiment *e)
{
    if (!f)
        return true;
    for (size_t i = 0; i < f->n; i++) {
        const FilterClause *c = &f->clauses[i];
        bool ok = false;
        if (c->entity == FENT_TAG) {
            for (size_t t = 0; t < e->n_tags && !ok; t++)
                if (!strcmp(e->tags[t].key, c->key))
                    ok = filter_clause_string(c, e->tags[t].value);
        } else if (!strcmp(c->key, "name")) {
            ok = filter_clause_string(c, e->name);
        } else if (!strcmp(c->key, "creation_time")) {
            ok = e->creation_time != TIME_NONE && filter_clause_number(c, (double)e->creation_time);
        } else if (!strcmp(c->key, "last_update_time")) {
            ok = e->last_update_time != TIME_NONE &&
                 filter_clause_number(c, (double)e->last_update_time);
        }
        if (!ok)
            return false;
    }
    return true;
}

int store_json_time(cJSON *o, const char *name, int64_t v)
{
    if (v == TIME_NONE)
        return 0;
    return cJSON_AddNumberToObject(o, name, (double)v) ? 0 : -1;
}

int store_json_str(cJSON *o, const char *name, const char *v)
{
    if (!v)
        return 0;
    return cJSON_AddStringToObject(o, name, v) ? 0 : -1;
}
