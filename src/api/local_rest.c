/* local_rest.c — api_call requests answered from a local store with the
 * reply MLflow's server would send: the registry (registered-models/search,
 * get, alias; model-versions/search, get, get-artifact), run artifacts
 * (artifacts/list, get-artifact, the mlflow-artifacts proxy), MLflow 3
 * logged models (search, get, artifact directories and files) and /version.
 *
 * Why JSON and not typed calls: the endpoint modules built on api_call
 * (api/registry.c, api/artifacts.c, api/logged_models.c) each own the parser
 * that turns MLflow's reply into structs, tested against recordings of a real
 * server. Answering in the same JSON keeps those parsers the one place replies
 * become structs, so a local store cannot drift from what the server path
 * shows; the cost (building and parsing a few KB of JSON for a registry
 * screen) is negligible next to the runs table, which stays typed.
 *
 * Every write (anything but GET, except the read-only POST searches) is
 * refused with the read-only message; nothing is ever written to the store.
 * Artifact paths are checked: no "..", no absolute paths, so a request can
 * only read below the artifact location it names. */
#define _GNU_SOURCE
#include "api/local.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/filter.h"

#define MLFLOW "/api/2.0/mlflow/"
#define PROXY  "/api/2.0/mlflow-artifacts/artifacts/"
#define MAX_FILE ((size_t)512 << 20)

/* ---- query strings ---- */

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* %XX-decodes s[0..n) (and '+' as a space in a query) into a new string. */
static char *decode(const char *s, size_t n, bool plus)
{
    char *out = malloc(n + 1), *w = out;

    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            *w++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            *w++ = plus && s[i] == '+' ? ' ' : s[i];
        }
    }
    *w = '\0';
    return out;
}

/* The decoded value of query parameter name (malloc'd), or NULL. */
static char *qparam(const char *query, const char *name)
{
    size_t nl = strlen(name);

    for (const char *p = query; p && *p;) {
        size_t len = strcspn(p, "&");
        if (len > nl && !strncmp(p, name, nl) && p[nl] == '=')
            return decode(p + nl + 1, len - nl - 1, true);
        p += len;
        if (*p == '&')
            p++;
    }
    return NULL;
}

/* ---- replies ---- */

static void reply_json(ApiResult *r, cJSON *body)
{
    r->body = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    if (!r->body) {
        err_set(&r->err, ERR_NOMEM, "out of memory");
        return;
    }
    r->body_len = strlen(r->body);
    r->status = 200;
    r->content_type = strdup("application/json");
}

static void reply_error(ApiResult *r, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void reply_error(ApiResult *r, int status, const char *code, const char *fmt, ...)
{
    va_list ap;
    cJSON *o = cJSON_CreateObject();

    err_clear(&r->err);
    r->err.kind = ERR_SERVER;
    r->err.http_status = status;
    snprintf(r->err.code, sizeof r->err.code, "%s", code);
    va_start(ap, fmt);
    vsnprintf(r->err.message, sizeof r->err.message, fmt, ap);
    va_end(ap);
    r->status = status;
    if (o) {
        cJSON_AddStringToObject(o, "error_code", code);
        cJSON_AddStringToObject(o, "message", r->err.message);
        r->body = cJSON_PrintUnformatted(o);
        r->body_len = r->body ? strlen(r->body) : 0;
        r->content_type = strdup("application/json");
        cJSON_Delete(o);
    }
}

static void reply_store_error(ApiResult *r, const Err *e)
{
    if (e->kind == ERR_SERVER) {
        reply_error(r, e->http_status ? e->http_status : 404, e->code, "%s", e->message);
        return;
    }
    r->err = *e;
}

/* ---- artifacts ---- */

/* Whether rel is safe below a root: relative, no "..", no empty segments. */
static bool safe_rel(const char *rel)
{
    if (!rel || rel[0] == '/')
        return false;
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return false;
        p += n;
        if (*p == '/')
            p++;
    }
    return true;
}

static const char *content_type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return "text/plain";
    if (!strcasecmp(dot, ".png"))
        return "image/png";
    if (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg"))
        return "image/jpeg";
    if (!strcasecmp(dot, ".json"))
        return "application/json";
    if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))
        return "text/html";
    if (!strcasecmp(dot, ".pkl") || !strcasecmp(dot, ".bin") || !strcasecmp(dot, ".gz"))
        return "application/octet-stream";
    return "text/plain";
}

/* "12 MiB" / "512 KiB" for a cap, as the transport words it. */
static void cap_words(size_t cap, char *buf, size_t size)
{
    snprintf(buf, size, "%zu %s", cap >= (1u << 20) ? cap >> 20 : cap >> 10,
             cap >= (1u << 20) ? "MiB" : "KiB");
}

/* Sends the file at path: into c->save_to (created O_EXCL 0600; at most
 * c->max_bytes written when set, else the partial file is removed) or the
 * body (at most c->max_bytes, else ERR_PARSE "too large", as the transport
 * says for a server's reply). O_NONBLOCK: a FIFO never hangs the worker. */
static void reply_file(ApiResult *r, const char *path, const ApiCall *c, const char *shown)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), out = -1;
    const char *save_to = c->save_to;
    struct stat st;
    char *buf = NULL, words[32];
    size_t n = 0, cap = c->max_bytes;

    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        reply_error(r, 404, "RESOURCE_DOES_NOT_EXIST", "File %s not found (%s)", shown, path);
        return;
    }
    if (save_to) {
        char chunk[65536];
        ssize_t k;
        out = open(save_to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (out < 0) {
            err_set(&r->err, ERR_TRANSPORT, "Cannot write %.300s: %s", save_to,
                    errno == EEXIST ? "it exists already (not overwritten)" : strerror(errno));
            close(fd);
            return;
        }
        while ((k = read(fd, chunk, sizeof chunk)) != 0) {
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                err_set(&r->err, ERR_TRANSPORT, "Cannot read %.300s: %s", path, strerror(errno));
                goto save_failed;
            }
            if (cap && (size_t)r->saved + (size_t)k > cap) {
                cap_words(cap, words, sizeof words);
                err_set(&r->err, ERR_PARSE, "%.200s is larger than the download may be (over "
                        "%s); the partial file was removed", c->label ? c->label : save_to,
                        words);
                goto save_failed;
            }
            if (write(out, chunk, (size_t)k) != k) {
                err_set(&r->err, ERR_TRANSPORT, "Cannot write %.300s: %s", save_to,
                        strerror(errno));
                goto save_failed;
            }
            r->saved += k;
        }
        close(out);
        close(fd);
        r->status = 200;
        r->content_type = strdup(content_type_of(path));
        return;
save_failed:
        close(out);
        close(fd);
        unlink(save_to);
        r->saved = 0;
        return;
    }
    if (!cap || cap > MAX_FILE)
        cap = MAX_FILE;
    if ((size_t)st.st_size > cap) {
        close(fd);
        cap_words(cap, words, sizeof words);
        err_set(&r->err, ERR_PARSE, "Reply to %.200s too large (over %s)",
                c->label ? c->label : shown, words);
        return;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        close(fd);
        err_set(&r->err, ERR_NOMEM, "out of memory");
        return;
    }
    while (n < (size_t)st.st_size) {
        ssize_t k = read(fd, buf + n, (size_t)st.st_size - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    buf[n] = '\0';
    r->body = buf;
    r->body_len = n;
    r->status = 200;
    r->content_type = strdup(content_type_of(path));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* {root_uri, files: [{path, is_dir, file_size}]} of dir/rel (missing: no files). */
static cJSON *listing(const char *root_uri, const char *dir, const char *rel)
{
    cJSON *o = cJSON_CreateObject(), *files = NULL;
    char *full = NULL, **names = NULL;
    size_t n = 0, cap = 0;
    DIR *d;
    struct dirent *e;

    if (!o)
        return NULL;
    if (root_uri)
        cJSON_AddStringToObject(o, "root_uri", root_uri);
    if (asprintf(&full, "%s%s%s", dir, rel && *rel ? "/" : "", rel ? rel : "") < 0)
        return o;
    d = opendir(full);
    if (!d) {
        free(full);
        return o;   /* MLflow: a missing path lists as no files */
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char *p = NULL, *shown = NULL;
        struct stat st;
        cJSON *f;
        if (asprintf(&p, "%s/%s", full, names[i]) < 0 ||
            asprintf(&shown, "%s%s%s", rel && *rel ? rel : "", rel && *rel ? "/" : "",
                     names[i]) < 0 || stat(p, &st) < 0) {
            free(p);
            free(shown);
            continue;
        }
        if (!files)
            files = cJSON_AddArrayToObject(o, "files");
        if (files && (f = cJSON_CreateObject()) && cJSON_AddItemToArray(files, f)) {
            cJSON_AddStringToObject(f, "path", shown);
            cJSON_AddBoolToObject(f, "is_dir", S_ISDIR(st.st_mode));
            if (!S_ISDIR(st.st_mode))
                cJSON_AddNumberToObject(f, "file_size", (double)st.st_size);
        }
        free(p);
        free(shown);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(full);
    return o;
}

static char *run_artifact_uri(Store *s, const char *run_id, Err *err)
{
    RunSet *rs = runset_new();
    char *uri = NULL;

    if (rs && store_run_get(s, run_id, rs, err) == 0 && rs->n_runs)
        uri = strdup(runset_str(rs, rs->runs[0].artifact_uri));
    runset_free(rs);
    return uri;
}

static void artifacts_list(Store *s, const char *q, ApiResult *r)
{
    char *run_id = qparam(q, "run_id"), *path = qparam(q, "path"), *dir = NULL, *uri = NULL;
    Err err;

    if (!run_id) {
        reply_error(r, 400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter "
                    "'run_id'.");
        goto out;
    }
    if (path && *path && !safe_rel(path)) {
        reply_error(r, 400, "INVALID_PARAMETER_VALUE", "Invalid path: %s", path);
        goto out;
    }
    if (!(uri = run_artifact_uri(s, run_id, &err)) ||
        !(dir = store_run_artifact_dir(s, run_id, &err))) {
        reply_store_error(r, &err);
        goto out;
    }
    reply_json(r, listing(uri, dir, path));
out:
    free(run_id);
    free(path);
    free(dir);
    free(uri);
}

static void get_artifact(Store *s, const char *q, const ApiCall *c, ApiResult *r)
{
    char *run_id = qparam(q, "run_uuid"), *path = qparam(q, "path"), *dir = NULL, *full = NULL;
    Err err;

    if (!run_id)
        run_id = qparam(q, "run_id");
    if (!run_id || !path || !safe_rel(path)) {
        reply_error(r, 400, "INVALID_PARAMETER_VALUE", "Invalid run or path");
        goto out;
    }
    if (!(dir = store_run_artifact_dir(s, run_id, &err))) {
        reply_store_error(r, &err);
        goto out;
    }
    if (asprintf(&full, "%s/%s", dir, path) < 0)
        goto out;
    reply_file(r, full, c, path);
out:
    free(run_id);
    free(path);
    free(dir);
    free(full);
}

/* /api/2.0/mlflow-artifacts/artifacts/<rest>: a file under the artifacts root. */
static void proxy_file(Store *s, const char *rest, const ApiCall *c, ApiResult *r)
{
    char *rel = decode(rest, strlen(rest), false), *uri = NULL, *path = NULL;

    if (!rel || !safe_rel(rel) || asprintf(&uri, "mlflow-artifacts:/%s", rel) < 0) {
        reply_error(r, 400, "INVALID_PARAMETER_VALUE", "Invalid path");
        goto out;
    }
    path = store_resolve_location(s, uri);
    if (!path)
        reply_error(r, 404, "RESOURCE_DOES_NOT_EXIST", "%s not found", rel);
    else
        reply_file(r, path, c, rel);
out:
    free(rel);
    free(uri);
    free(path);
}

/* ---- registry ---- */

static const char *jstr(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* Whether a registry object (model or version) passes f. */
static bool reg_match(const Filter *f, const cJSON *o)
{
    for (size_t i = 0; i < f->n; i++) {
        const FilterClause *c = &f->clauses[i];
        bool ok = false;
        if (c->entity == FENT_TAG) {
            const cJSON *t;
            cJSON_ArrayForEach(t, cJSON_GetObjectItem(o, "tags"))
                if (jstr(t, "key") && !strcmp(jstr(t, "key"), c->key))
                    ok = filter_clause_string(c, jstr(t, "value"));
        } else if (!strcmp(c->key, "version_number")) {
            ok = filter_clause_string(c, jstr(o, "version"));
        } else {
            ok = filter_clause_string(c, jstr(o, c->key));
        }
        if (!ok)
            return false;
    }
    return true;
}

void local_registry_search(Store *s, const char *text, bool versions, ApiResult *r)
{
    char why[512];
    Filter f;
    Err err;
    cJSON *all, *out, *it, *next;

    if (filter_parse(text, versions ? FILTER_VERSIONS : FILTER_MODELS, &f, why,
                     sizeof why) < 0) {
        reply_error(r, 400, "INVALID_PARAMETER_VALUE", "%s", why);
        return;
    }
    all = versions ? store_model_versions(s, NULL, &err) : store_registered_models(s, &err);
    if (!all) {
        filter_free(&f);
        reply_store_error(r, &err);
        return;
    }
    for (it = all->child; it; it = next) {
        next = it->next;
        if (!reg_match(&f, it))
            cJSON_Delete(cJSON_DetachItemViaPointer(all, it));
    }
    filter_free(&f);
    out = cJSON_CreateObject();
    if (out && cJSON_GetArraySize(all) > 0)
        cJSON_AddItemToObject(out, versions ? "model_versions" : "registered_models", all);
    else
        cJSON_Delete(all);
    reply_json(r, out);
}

static void search(Store *s, const char *q, bool versions, ApiResult *r)
{
    char *text = qparam(q, "filter");

    local_registry_search(s, text, versions, r);
    free(text);
}

static cJSON *find_version(Store *s, const char *name, const char *version, Err *err)
{
    cJSON *all = store_model_versions(s, name, err), *it, *found = NULL;

    if (!all)
        return NULL;
    cJSON_ArrayForEach(it, all)
        if (jstr(it, "version") && !strcmp(jstr(it, "version"), version)) {
            found = cJSON_DetachItemViaPointer(all, it);
            break;
        }
    cJSON_Delete(all);
    if (!found)
        store_not_found(err, "Model Version (name=%s, version=%s) not found", name, version);
    return found;
}

static void version_get(Store *s, const char *q, ApiResult *r)
{
    char *name = qparam(q, "name"), *version = qparam(q, "version");
    Err err;
    cJSON *v = name && version ? find_version(s, name, version, &err) : NULL, *o;

    if (!v) {
        if (!name || !version)
            reply_error(r, 400, "INVALID_PARAMETER_VALUE", "Missing name or version");
        else
            reply_store_error(r, &err);
    } else if ((o = cJSON_CreateObject())) {
        cJSON_AddItemToObject(o, "model_version", v);
        reply_json(r, o);
    }
    free(name);
    free(version);
}

static void model_get(Store *s, const char *q, ApiResult *r, bool alias)
{
    char *name = qparam(q, "name"), *al = alias ? qparam(q, "alias") : NULL;
    Err err;
    cJSON *all = name ? store_registered_models(s, &err) : NULL, *it, *o;

    if (!name) {
        reply_error(r, 400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter "
                    "'name'.");
        goto out;
    }
    if (!all) {
        reply_store_error(r, &err);
        goto out;
    }
    cJSON_ArrayForEach(it, all) {
        if (!jstr(it, "name") || strcmp(jstr(it, "name"), name))
            continue;
        if (alias) {
            const cJSON *a;
            cJSON_ArrayForEach(a, cJSON_GetObjectItem(it, "aliases"))
                if (al && jstr(a, "alias") && !strcmp(jstr(a, "alias"), al)) {
                    cJSON *v = find_version(s, name, jstr(a, "version"), &err);
                    if (v && (o = cJSON_CreateObject())) {
                        cJSON_AddItemToObject(o, "model_version", v);
                        reply_json(r, o);
                    } else {
                        cJSON_Delete(v);
                        reply_store_error(r, &err);
                    }
                    goto out;
                }
            reply_error(r, 404, "RESOURCE_DOES_NOT_EXIST", "Registered model alias %s not found.",
                        al ? al : "");
            goto out;
        }
        if ((o = cJSON_CreateObject())) {
            cJSON_AddItemToObject(o, "registered_model", cJSON_DetachItemViaPointer(all, it));
            reply_json(r, o);
        }
        goto out;
    }
    reply_error(r, 404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=%s not found",
                name);
out:
    cJSON_Delete(all);
    free(name);
    free(al);
}

/* models:/<m-id> -> that logged model's artifact location; else the location. */
static char *version_dir(Store *s, const cJSON *v)
{
    const char *loc = jstr(v, "storage_location");
    const char *src = jstr(v, "source");

    if (src && !strncmp(src, "models:/", 8) && (!loc || !*loc)) {
        Err err;
        cJSON *lm = store_logged_models(s, NULL, &err), *it;
        char *dir = NULL;
        cJSON_ArrayForEach(it, lm) {
            const cJSON *info = cJSON_GetObjectItem(it, "info");
            if (jstr(info, "model_id") && !strcmp(jstr(info, "model_id"), src + 8))
                dir = store_resolve_location(s, jstr(info, "artifact_uri"));
        }
        cJSON_Delete(lm);
        return dir;
    }
    return store_resolve_location(s, loc && *loc ? loc : src);
}

static void version_artifact(Store *s, const char *q, const ApiCall *c, ApiResult *r)
{
    char *name = qparam(q, "name"), *version = qparam(q, "version"), *path = qparam(q, "path");
    char *dir = NULL, *full = NULL;
    Err err;
    cJSON *v = NULL;

    if (!name || !version || !path || !safe_rel(path)) {
        reply_error(r, 400, "INVALID_PARAMETER_VALUE", "Missing or invalid name, version or path");
        goto out;
    }
    if (!(v = find_version(s, name, version, &err))) {
        reply_store_error(r, &err);
        goto out;
    }
    if (!(dir = version_dir(s, v)) || asprintf(&full, "%s/%s", dir, path) < 0) {
        reply_error(r, 404, "RESOURCE_DOES_NOT_EXIST", "The files of %s version %s are not on "
                    "this machine", name, version);
        goto out;
    }
    reply_file(r, full, c, path);
out:
    cJSON_Delete(v);
    free(name);
    free(version);
    free(path);
    free(dir);
    free(full);
}

/* ---- runs/get (with MLflow 3's inputs and outputs) ---- */

static void add_metric_value(cJSON *o, double v)
{
    if (isnan(v))
        cJSON_AddStringToObject(o, "value", "NaN");
    else if (isinf(v))
        cJSON_AddStringToObject(o, "value", v > 0 ? "Infinity" : "-Infinity");
    else
        cJSON_AddNumberToObject(o, "value", v);
}

static void add_kvs(const RunSet *rs, const KeyVal *kv, uint32_t n, cJSON *arr)
{
    for (uint32_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o))
            return;
        cJSON_AddStringToObject(o, "key", runset_str(rs, kv[i].key));
        cJSON_AddStringToObject(o, "value", runset_str(rs, kv[i].value));
    }
}

static void run_get(Store *s, const char *q, ApiResult *r)
{
    char *id = qparam(q, "run_id");
    RunSet *rs = runset_new();
    Err err;
    cJSON *out = NULL, *run, *info, *data, *metrics, *params, *tags, *io, *it;

    if (!id)
        id = qparam(q, "run_uuid");
    if (!id || !rs) {
        reply_error(r, 400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter "
                    "'run_id'.");
        goto out;
    }
    if (store_run_get(s, id, rs, &err) < 0) {
        reply_store_error(r, &err);
        goto out;
    }
    if (!(io = store_run_io(s, id, &err))) {
        reply_store_error(r, &err);
        goto out;
    }
    const Run *ru = &rs->runs[0];
    if (!(out = cJSON_CreateObject()) || !(run = cJSON_AddObjectToObject(out, "run")) ||
        !(info = cJSON_AddObjectToObject(run, "info")) ||
        !(data = cJSON_AddObjectToObject(run, "data")) ||
        !(metrics = cJSON_AddArrayToObject(data, "metrics")) ||
        !(params = cJSON_AddArrayToObject(data, "params")) ||
        !(tags = cJSON_AddArrayToObject(data, "tags"))) {
        cJSON_Delete(io);
        err_set(&r->err, ERR_NOMEM, "out of memory");
        goto out;
    }
    cJSON_AddStringToObject(info, "run_id", runset_str(rs, ru->run_id));
    cJSON_AddStringToObject(info, "run_uuid", runset_str(rs, ru->run_id));
    cJSON_AddStringToObject(info, "run_name", runset_str(rs, ru->name));
    cJSON_AddStringToObject(info, "experiment_id", runset_str(rs, ru->experiment_id));
    cJSON_AddStringToObject(info, "user_id", runset_str(rs, ru->user));
    cJSON_AddStringToObject(info, "status", run_status_name(ru->status));
    if (ru->start_time != TIME_NONE)
        cJSON_AddNumberToObject(info, "start_time", (double)ru->start_time);
    if (ru->end_time != TIME_NONE)
        cJSON_AddNumberToObject(info, "end_time", (double)ru->end_time);
    cJSON_AddStringToObject(info, "artifact_uri", runset_str(rs, ru->artifact_uri));
    cJSON_AddStringToObject(info, "lifecycle_stage",
                            ru->lifecycle == LIFE_DELETED ? "deleted" : "active");
    for (uint32_t i = 0; i < ru->m_n; i++) {
        const MetricVal *m = &rs->metrics[ru->m_off + i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(metrics, o))
            break;
        cJSON_AddStringToObject(o, "key", runset_str(rs, m->key));
        add_metric_value(o, m->value);
        cJSON_AddNumberToObject(o, "step", m->step);
    }
    add_kvs(rs, rs->params + ru->p_off, ru->p_n, params);
    add_kvs(rs, rs->tags + ru->t_off, ru->t_n, tags);
    for (it = io->child; it;) {
        cJSON *next = it->next;
        cJSON_AddItemToObject(run, it->string, cJSON_DetachItemViaPointer(io, it));
        it = next;
    }
    cJSON_Delete(io);
    reply_json(r, out);
out:
    runset_free(rs);
    free(id);
}

/* ---- logged models ---- */

static void logged_search(Store *s, const char *body, ApiResult *r)
{
    cJSON *req = body ? cJSON_Parse(body) : NULL, *ids, *all = NULL, *out, *id;
    Err err;

    out = cJSON_CreateObject();
    ids = req ? cJSON_GetObjectItem(req, "experiment_ids") : NULL;
    if (!out || !(all = cJSON_CreateArray()))
        goto nomem;
    cJSON_ArrayForEach(id, ids) {
        cJSON *lm, *it, *next;
        if (!cJSON_IsString(id))
            continue;
        if (!(lm = store_logged_models(s, id->valuestring, &err))) {
            reply_store_error(r, &err);
            goto fail;
        }
        for (it = lm->child; it; it = next) {
            next = it->next;
            cJSON_AddItemToArray(all, cJSON_DetachItemViaPointer(lm, it));
        }
        cJSON_Delete(lm);
    }
    cJSON_AddItemToObject(out, "models", all);
    cJSON_Delete(req);
    reply_json(r, out);
    return;
nomem:
    err_set(&r->err, ERR_NOMEM, "out of memory");
fail:
    cJSON_Delete(req);
    cJSON_Delete(all);
    cJSON_Delete(out);
}

/* GET logged-models/<id>[/artifacts/directories|/artifacts/files]. */
static void logged_get(Store *s, const char *rest, const char *q, const ApiCall *c,
                       ApiResult *r)
{
    size_t n = strcspn(rest, "/?");
    char *id = decode(rest, n, false), *dir = NULL, *path = NULL, *full = NULL;
    const char *tail = rest + n;
    Err err;
    cJSON *lm = store_logged_models(s, NULL, &err), *it, *found = NULL;

    if (!id || !lm) {
        reply_store_error(r, &err);
        goto out;
    }
    cJSON_ArrayForEach(it, lm) {
        const cJSON *info = cJSON_GetObjectItem(it, "info");
        if (jstr(info, "model_id") && !strcmp(jstr(info, "model_id"), id))
            found = it;
    }
    if (!found) {
        reply_error(r, 404, "RESOURCE_DOES_NOT_EXIST", "Logged model with ID '%s' not found.", id);
        goto out;
    }
    if (!*tail || *tail == '?') {
        cJSON *o = cJSON_CreateObject();
        if (o) {
            cJSON_AddItemToObject(o, "model", cJSON_DetachItemViaPointer(lm, found));
            reply_json(r, o);
        }
        goto out;
    }
    dir = store_resolve_location(s, jstr(cJSON_GetObjectItem(found, "info"), "artifact_uri"));
    if (!dir) {
        reply_error(r, 404, "RESOURCE_DOES_NOT_EXIST", "The files of %s are not on this machine",
                    id);
        goto out;
    }
    if (!strncmp(tail, "/artifacts/directories", 22)) {
        path = qparam(q, "artifact_directory_path");
        if (path && *path && !safe_rel(path)) {
            reply_error(r, 400, "INVALID_PARAMETER_VALUE", "Invalid path");
            goto out;
        }
        reply_json(r, listing(jstr(cJSON_GetObjectItem(found, "info"), "artifact_uri"), dir,
                              path));
    } else if (!strncmp(tail, "/artifacts/files", 16)) {
        path = qparam(q, "artifact_file_path");
        if (!path || !safe_rel(path) || asprintf(&full, "%s/%s", dir, path) < 0) {
            reply_error(r, 400, "INVALID_PARAMETER_VALUE", "Invalid path");
            goto out;
        }
        reply_file(r, full, c, path);
    } else {
        reply_error(r, 404, "ENDPOINT_NOT_FOUND", "No local answer for %s", rest);
    }
out:
    cJSON_Delete(lm);
    free(id);
    free(dir);
    free(path);
    free(full);
}

static void version(Store *s, ApiResult *r)
{
    Err err;
    cJSON *lm = store_logged_models(s, NULL, &err);
    /* a store with MLflow 3's logged models (or their table) speaks 3 */
    const char *v = lm && cJSON_GetArraySize(lm) > 0 ? "3.5.0" : "2.17.0";

    cJSON_Delete(lm);
    r->body = strdup(v);
    r->body_len = strlen(v);
    r->status = 200;
    r->content_type = strdup("text/plain");
}

static bool is_read_post(const char *route)
{
    return !strcmp(route, "logged-models/search") || !strcmp(route, "runs/search") ||
           !strcmp(route, "experiments/search");
}

void local_rest(Store *s, const ApiCall *c, const char *uri, ApiResult *r)
{
    const char *method = c->method ? c->method : "GET";
    size_t plen = strcspn(c->path, "?");
    char *path = decode(c->path, plen, false);
    const char *q = c->path[plen] == '?' ? c->path + plen + 1 : "";
    const char *route;

    if (!path) {
        err_set(&r->err, ERR_NOMEM, "out of memory");
        return;
    }
    route = !strncmp(path, MLFLOW, strlen(MLFLOW)) ? path + strlen(MLFLOW)
          : !strncmp(path, "/ajax-api/2.0/mlflow/", 21) ? path + 21 : NULL;
    if (strcmp(method, "GET") && !(route && !strcmp(method, "POST") && is_read_post(route))) {
        reply_error(r, 403, "PERMISSION_DENIED", "This is a local store opened read-only; run "
                    "`mlflow server --backend-store-uri %s%s` to change it.",
                    strstr(uri, ".db") || !strstr(uri, "mlruns") ? "sqlite:///" : "", uri);
        free(path);
        return;
    }
    if (route && !strcmp(route, "registered-models/search"))
        search(s, q, false, r);
    else if (route && !strcmp(route, "model-versions/search"))
        search(s, q, true, r);
    else if (route && !strcmp(route, "registered-models/get"))
        model_get(s, q, r, false);
    else if (route && !strcmp(route, "registered-models/alias"))
        model_get(s, q, r, true);
    else if (route && !strcmp(route, "model-versions/get"))
        version_get(s, q, r);
    else if ((route && !strcmp(route, "model-versions/get-artifact")) ||
             !strcmp(path, "/model-versions/get-artifact"))
        version_artifact(s, q, c, r);
    else if (route && !strcmp(route, "runs/get"))
        run_get(s, q, r);
    else if (route && !strcmp(route, "artifacts/list"))
        artifacts_list(s, q, r);
    else if (route && !strcmp(route, "logged-models/search"))
        logged_search(s, c->body, r);
    else if (route && !strncmp(route, "logged-models/", 14))
        logged_get(s, c->path + (route - path) + 14, q, c, r);
    else if (!strcmp(path, "/get-artifact"))
        get_artifact(s, q, c, r);
    else if (!strncmp(c->path, PROXY, strlen(PROXY)))
        proxy_file(s, c->path + strlen(PROXY), c, r);
    else if (!strcmp(path, "/version"))
        version(s, r);
    else if (!strcmp(path, "/health"))
        r->status = 200, r->body = strdup("OK"), r->body_len = 2;
    else
        reply_error(r, 404, "ENDPOINT_NOT_FOUND", "A local store has no answer for %s %s",
                    method, path);
    free(path);
}
