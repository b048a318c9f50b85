/* logged_models.c — see logged_models.h.
 *
 * Why it looks the way it does:
 * - Bodies are built with cJSON and query values escaped with api_escape, as
 *   in registry.c; order_by is a list of objects here ({"field_name",
 *   "ascending"}), not the strings of runs/search.
 * - MLflow leaves out empty fields: strings default to "", times to
 *   TIME_NONE, metric values may be "NaN"/"Infinity" strings (parse.h).
 * - The mlflow.modelVersions tag is a JSON list that the MLflow 3 client and
 *   the server each append to when a version is registered, so the same
 *   version appears twice, once with a numeric and once with a string
 *   version: entries are kept once per (name, version).
 * - A model's files go through the artifact proxy under its artifact_uri, the
 *   same route the run artifacts use, so the artifacts browser serves both. */
#include "api/logged_models.h"
#include "api/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api/artifacts.h"
#include "api/parse.h"
#include "core/strbuf.h"

#define LM_PATH "/api/2.0/mlflow/logged-models"
#define PROXY_PREFIX "/api/2.0/mlflow-artifacts/artifacts"

/* ---- requests ----------------------------------------------------------- */

static void cat(StrBuf *b, const char *s)
{
    strbuf_add(b, s, strlen(s));
}

static void cat_escaped(StrBuf *b, const char *s)
{
    char *e = api_escape(s ? s : "");

    if (!e)
        b->oom = true;
    else
        cat(b, e);
    free(e);
}

static char *done(StrBuf *b)
{
    if (b->oom || !b->s) {
        free(b->s);
        return NULL;
    }
    return b->s;
}

/* GETs path (freed); max_bytes 0: the endpoint's default cap. */
static uint64_t get_max(Api *api, int owner, unsigned gen, int tag, char *path,
                        const char *label, size_t max_bytes)
{
    uint64_t id = 0;

    if (path) {
        ApiCall c = { .method = "GET", .path = path, .tag = tag, .label = label,
                      .max_bytes = max_bytes };
        id = api_call(api, owner, gen, &c);
    }
    free(path);
    return id;
}

static uint64_t get(Api *api, int owner, unsigned gen, int tag, char *path, const char *label)
{
    return get_max(api, owner, gen, tag, path, label, 0);
}

static uint64_t post(Api *api, int owner, unsigned gen, int tag, const char *path,
                     cJSON *body, const char *label)
{
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    uint64_t id = 0;

    if (text) {
        ApiCall c = { .method = "POST", .path = path, .body = text, .tag = tag,
                      .label = label };
        id = api_call(api, owner, gen, &c);
    }
    free(text);
    cJSON_Delete(body);
    return id;
}

uint64_t lm_search(Api *api, int owner, unsigned gen, int tag, const LmQuery *q)
{
    cJSON *b = cJSON_CreateObject(), *ids, *order, *o;

    if (!b || !q || !q->experiment_id)
        goto fail;
    ids = cJSON_AddArrayToObject(b, "experiment_ids");
    if (!ids || !cJSON_AddItemToArray(ids, cJSON_CreateString(q->experiment_id)))
        goto fail;
    if (q->filter && *q->filter && !cJSON_AddStringToObject(b, "filter", q->filter))
        goto fail;
    if (q->order_field && *q->order_field) {
        order = cJSON_AddArrayToObject(b, "order_by");
        o = cJSON_CreateObject();
        if (!order || !o || !cJSON_AddItemToArray(order, o)) {
            cJSON_Delete(o);
            goto fail;
        }
        if (!cJSON_AddStringToObject(o, "field_name", q->order_field) ||
            !cJSON_AddBoolToObject(o, "ascending", q->order_ascending))
            goto fail;
    }
    if (q->max_results > 0 && !cJSON_AddNumberToObject(b, "max_results", q->max_results))
        goto fail;
    if (q->page_token && *q->page_token &&
        !cJSON_AddStringToObject(b, "page_token", q->page_token))
        goto fail;
    return post(api, owner, gen, tag, LM_PATH "/search", b,
                q->page_token ? "logged-models/search (next page)" : "logged-models/search");
fail:
    cJSON_Delete(b);
    return 0;
}

static char *model_path(const char *model_id, const char *rest)
{
    StrBuf b = { 0 };

    cat(&b, LM_PATH "/");
    cat_escaped(&b, model_id);
    cat(&b, rest);
    return done(&b);
}

uint64_t lm_get(Api *api, int owner, unsigned gen, int tag, const char *model_id)
{
    return get(api, owner, gen, tag, model_path(model_id, ""), "logged-models/get");
}

uint64_t lm_artifacts_list(Api *api, int owner, unsigned gen, int tag, const char *model_id,
                           const char *path)
{
    StrBuf b = { 0 };
    char *p = model_path(model_id, "/artifacts/directories");

    if (!p)
        return 0;
    cat(&b, p);
    free(p);
    if (path && *path) {
        cat(&b, "?artifact_directory_path=");
        cat_escaped(&b, path);
    }
    return get_max(api, owner, gen, tag, done(&b), "logged model artifacts",
                   ARTIFACTS_LIST_MAX_BYTES);
}

/* "/seg/seg" with each segment URL-encoded. */
static void add_segments(StrBuf *b, const char *path)
{
    const char *p = path;

    while (*p) {
        size_t n = strcspn(p, "/");
        if (n) {
            char *seg = strndup(p, n);
            if (!seg)
                b->oom = true;
            else {
                cat(b, "/");
                cat_escaped(b, seg);
            }
            free(seg);
        }
        p += n;
        if (*p == '/')
            p++;
    }
}

char *lm_file_url(const char *model_id, const char *artifact_uri, const char *path)
{
    static const char scheme[] = "mlflow-artifacts:";
    StrBuf b = { 0 };

    if (artifact_uri && strncmp(artifact_uri, scheme, sizeof scheme - 1) == 0) {
        const char *rest = artifact_uri + sizeof scheme - 1;
        if (rest[0] == '/' && rest[1] == '/') {   /* mlflow-artifacts://host:port/path */
            rest += 2;
            rest += strcspn(rest, "/");
        }
        cat(&b, PROXY_PREFIX);
        add_segments(&b, rest);
        add_segments(&b, path ? path : "");
        return done(&b);
    }
    cat(&b, "/ajax-api/2.0/mlflow/logged-models/");
    cat_escaped(&b, model_id);
    cat(&b, "/artifacts/files?artifact_file_path=");
    cat_escaped(&b, path);
    return done(&b);
}

uint64_t lm_file_get(Api *api, int owner, unsigned gen, int tag, const char *model_id,
                     const char *artifact_uri, const char *path, const char *save_to)
{
    return lm_file_save(api, owner, gen, tag, model_id, artifact_uri, path, save_to, 0);
}

uint64_t lm_file_save(Api *api, int owner, unsigned gen, int tag, const char *model_id,
                      const char *artifact_uri, const char *path, const char *save_to,
                      size_t max_bytes)
{
    char *url = lm_file_url(model_id, artifact_uri, path);
    uint64_t id = 0;

    if (url) {
        ApiCall c = { .method = "GET", .path = url, .tag = tag, .save_to = save_to,
                      .label = path, .max_bytes = save_to ? max_bytes : 0,
                      .timeout_ms = save_to ? 3600000 : 0 };
        id = api_call(api, owner, gen, &c);
    }
    free(url);
    return id;
}

uint64_t lm_server_version(Api *api, int owner, unsigned gen, int tag)
{
    ApiCall c = { .method = "GET", .path = "/version", .tag = tag, .label = "version" };

    return api_call(api, owner, gen, &c);
}

uint64_t lm_register(Api *api, int owner, unsigned gen, int tag, const char *name,
                     const char *model_id, const char *run_id)
{
    cJSON *b = cJSON_CreateObject();
    StrBuf src = { 0 };

    cat(&src, "models:/");
    cat(&src, model_id ? model_id : "");
    if (!b || src.oom || !name || !model_id ||
        !cJSON_AddStringToObject(b, "name", name) ||
        !cJSON_AddStringToObject(b, "source", src.s) ||
        (run_id && *run_id && !cJSON_AddStringToObject(b, "run_id", run_id)) ||
        !cJSON_AddStringToObject(b, "model_id", model_id)) {
        cJSON_Delete(b);
        free(src.s);
        return 0;
    }
    free(src.s);
    return post(api, owner, gen, tag, "/api/2.0/mlflow/model-versions/create", b,
                "model-versions/create");
}

/* ---- which server ------------------------------------------------------- */

static ServerGen server_gen = SERVER_UNKNOWN;

ServerGen lm_server_gen(void)
{
    return server_gen;
}

void lm_note_version(const char *body)
{
    ServerGen g = server_gen_from_version(body);

    if (g != SERVER_UNKNOWN)
        server_gen = g;
}

void lm_note_reply(const ApiResult *r)
{
    if (!r)
        return;
    if (r->err.kind == ERR_OK)
        server_gen = SERVER_MLFLOW3;
    else if (server_err_is_missing_route(&r->err))
        server_gen = SERVER_MLFLOW2;
}

/* ---- parsers ------------------------------------------------------------ */


/* strdup of s or "" (NULL only when out of memory; *oom set). */
static char *dup(const char *s, bool *oom)
{
    char *d = strdup(s ? s : "");

    if (!d)
        *oom = true;
    return d;
}

static Tag *key_values(const cJSON *arr, size_t *n, bool *oom)
{
    size_t cnt = 0, k = 0;
    const cJSON *it;
    Tag *t;

    *n = 0;
    if (!arr)
        return NULL;
    cJSON_ArrayForEach(it, arr)
        if (json_str(it, "key"))
            cnt++;
    if (!cnt)
        return NULL;
    t = calloc(cnt, sizeof *t);
    if (!t) {
        *oom = true;
        return NULL;
    }
    cJSON_ArrayForEach(it, arr) {
        if (!json_str(it, "key"))
            continue;
        t[k].key = dup(json_str(it, "key"), oom);
        t[k].value = dup(json_str(it, "value"), oom);
        k++;
    }
    *n = k;
    return t;
}

/* The mlflow.modelVersions tag: [{"name": "...", "version": 1 | "1"}, ...]. */
static void parse_versions(LoggedModel *m, bool *oom)
{
    const char *text = NULL;
    cJSON *arr;
    const cJSON *it;

    for (size_t i = 0; i < m->n_tags; i++)
        if (strcmp(m->tags[i].key, "mlflow.modelVersions") == 0)
            text = m->tags[i].value;
    if (!text || !(arr = cJSON_Parse(text)))
        return;
    if (cJSON_IsArray(arr)) {
        size_t cap = (size_t)cJSON_GetArraySize(arr);
        m->versions = cap ? calloc(cap, sizeof *m->versions) : NULL;
        if (cap && !m->versions)
            *oom = true;
        cJSON_ArrayForEach(it, arr) {
            const char *name = json_str(it, "name");
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "version");
            char ver[32];
            bool seen = false;
            if (!m->versions || !name)
                continue;
            if (cJSON_IsNumber(v))
                snprintf(ver, sizeof ver, "%.0f", v->valuedouble);
            else if (cJSON_IsString(v))
                snprintf(ver, sizeof ver, "%s", v->valuestring);
            else
                continue;
            for (size_t k = 0; k < m->n_versions && !seen; k++)
                seen = strcmp(m->versions[k].name, name) == 0 &&
                       strcmp(m->versions[k].version, ver) == 0;
            if (seen)
                continue;
            m->versions[m->n_versions].name = dup(name, oom);
            m->versions[m->n_versions].version = dup(ver, oom);
            m->n_versions++;
        }
    }
    cJSON_Delete(arr);
}

static int fill_model(const cJSON *o, LoggedModel *m, Err *err)
{
    const cJSON *info = cJSON_GetObjectItemCaseSensitive(o, "info");
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(o, "data");
    const cJSON *metrics, *it;
    bool oom = false;
    size_t n;

    memset(m, 0, sizeof *m);
    if (!cJSON_IsObject(info) || !json_str(info, "model_id")) {
        err_set(err, ERR_PARSE, "A logged model in the reply has no model_id");
        return -1;
    }
    if (!cJSON_IsObject(data))
        data = NULL;
    m->model_id = dup(json_str(info, "model_id"), &oom);
    m->experiment_id = dup(json_str(info, "experiment_id"), &oom);
    m->name = dup(json_str(info, "name"), &oom);
    m->artifact_uri = dup(json_str(info, "artifact_uri"), &oom);
    m->status = dup(json_str(info, "status"), &oom);
    m->model_type = dup(json_str(info, "model_type"), &oom);
    m->source_run_id = dup(json_str(info, "source_run_id"), &oom);
    m->status_message = dup(json_str(info, "status_message"), &oom);
    m->created = json_get_int64(info, "creation_timestamp_ms", TIME_NONE);
    m->updated = json_get_int64(info, "last_updated_timestamp_ms", TIME_NONE);
    m->tags = key_values(json_arr(info, "tags"), &m->n_tags, &oom);
    m->params = data ? key_values(json_arr(data, "params"), &m->n_params, &oom) : NULL;
    metrics = data ? json_arr(data, "metrics") : NULL;
    n = metrics ? (size_t)cJSON_GetArraySize(metrics) : 0;
    if (n && !(m->metrics = calloc(n, sizeof *m->metrics)))
        oom = true;
    if (m->metrics) {
        cJSON_ArrayForEach(it, metrics) {
            LmMetric *x = &m->metrics[m->n_metrics];
            if (!json_str(it, "key"))
                continue;
            x->key = dup(json_str(it, "key"), &oom);
            x->dataset_name = dup(json_str(it, "dataset_name"), &oom);
            x->dataset_digest = dup(json_str(it, "dataset_digest"), &oom);
            x->run_id = dup(json_str(it, "run_id"), &oom);
            x->value = json_metric(it, "value");
            x->step = json_get_int64(it, "step", 0);
            x->timestamp = json_get_int64(it, "timestamp", TIME_NONE);
            m->n_metrics++;
        }
    }
    if (!oom)
        parse_versions(m, &oom);
    if (oom) {
        logged_model_free_fields(m);
        err_set(err, ERR_NOMEM, "Out of memory");
        return -1;
    }
    return 0;
}

static int push_model(const cJSON *it, void *out, Err *err)
{
    LoggedModel m;

    if (fill_model(it, &m, err) < 0)
        return -1;
    if (lmlist_push(out, &m) < 0) {
        err_set(err, ERR_NOMEM, "Out of memory");
        return -1;
    }
    return 0;
}

int lm_parse_search(const char *body, size_t len, LoggedModelList *out, char **next_token,
                    Err *err)
{
    return json_read_list(body, len, "logged-models/search", "models", push_model, out,
                          next_token, err);
}

/* ---- writing the same shape (the local cache) ---- */

static bool put_logged_model(cJSON *o, const LoggedModel *m)
{
    cJSON *info = cJSON_AddObjectToObject(o, "info");
    cJSON *data = info ? cJSON_AddObjectToObject(o, "data") : NULL;
    cJSON *metrics;
    bool   ok = data && json_add_str(info, "model_id", m->model_id) &&
                json_add_str(info, "experiment_id", m->experiment_id) &&
                json_add_str(info, "name", m->name) &&
                json_add_str(info, "artifact_uri", m->artifact_uri) &&
                json_add_str(info, "status", m->status) &&
                json_add_str(info, "model_type", m->model_type) &&
                json_add_str(info, "source_run_id", m->source_run_id) &&
                json_add_str(info, "status_message", m->status_message) &&
                json_add_int64(info, "creation_timestamp_ms", m->created, TIME_NONE) &&
                json_add_int64(info, "last_updated_timestamp_ms", m->updated, TIME_NONE) &&
                json_add_tags(info, "tags", m->tags, m->n_tags) &&
                json_add_tags(data, "params", m->params, m->n_params);

    metrics = ok ? cJSON_AddArrayToObject(data, "metrics") : NULL;
    ok = ok && metrics;
    for (size_t i = 0; ok && i < m->n_metrics; i++) {
        const LmMetric *x = &m->metrics[i];
        cJSON *it = json_push_object(metrics);

        ok = it && json_add_str(it, "key", x->key) &&
             json_add_str(it, "dataset_name", x->dataset_name) &&
             json_add_str(it, "dataset_digest", x->dataset_digest) &&
             json_add_str(it, "run_id", x->run_id) && json_add_metric(it, "value", x->value) &&
             json_add_int64(it, "step", x->step, INT64_MIN) &&
             json_add_int64(it, "timestamp", x->timestamp, TIME_NONE);
    }
    return ok;
}

char *lm_search_json(const LoggedModel *items, size_t n)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = root ? cJSON_AddArrayToObject(root, "models") : NULL;
    char  *out = NULL;
    bool   ok = arr != NULL;

    for (size_t i = 0; ok && i < n; i++) {
        cJSON *o = json_push_object(arr);
        ok = o && put_logged_model(o, &items[i]);
    }
    if (ok)
        out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

static int read_model(const cJSON *obj, void *out, Err *err)
{
    return fill_model(obj, out, err);
}

int lm_parse_get(const char *body, size_t len, LoggedModel *out, Err *err)
{
    memset(out, 0, sizeof *out);
    return json_read_object(body, len, "logged-models/get", "model", read_model, out, err);
}

int lm_parse_run_links(const char *body, size_t len, RunLinks *out, Err *err)
{
    cJSON *root = json_root(body, len, "runs/get", err);
    const cJSON *run, *outputs, *inputs, *arr, *it;
    bool oom = false;
    size_t n;

    memset(out, 0, sizeof *out);
    if (!root)
        return -1;
    run = cJSON_GetObjectItemCaseSensitive(root, "run");
    if (!cJSON_IsObject(run))
        run = root;
    outputs = cJSON_GetObjectItemCaseSensitive(run, "outputs");
    inputs = cJSON_GetObjectItemCaseSensitive(run, "inputs");
    out->has_outputs = cJSON_IsObject(outputs);
    arr = out->has_outputs ? json_arr(outputs, "model_outputs") : NULL;
    n = arr ? (size_t)cJSON_GetArraySize(arr) : 0;
    if (n && !(out->models = calloc(n, sizeof *out->models)))
        oom = true;
    if (out->models) {
        cJSON_ArrayForEach(it, arr) {
            if (!json_str(it, "model_id"))
                continue;
            out->models[out->n_models].model_id = dup(json_str(it, "model_id"), &oom);
            out->models[out->n_models].step = json_get_int64(it, "step", 0);
            out->n_models++;
        }
    }
    arr = cJSON_IsObject(inputs) ? json_arr(inputs, "dataset_inputs") : NULL;
    n = arr ? (size_t)cJSON_GetArraySize(arr) : 0;
    if (n && !(out->datasets = calloc(n, sizeof *out->datasets)))
        oom = true;
    if (out->datasets) {
        cJSON_ArrayForEach(it, arr) {
            const cJSON *ds = cJSON_GetObjectItemCaseSensitive(it, "dataset");
            const cJSON *tags = json_arr(it, "tags"), *t;
            const char *context = NULL;
            DatasetInput *d = &out->datasets[out->n_datasets];
            if (!cJSON_IsObject(ds))
                continue;
            if (tags) {
                cJSON_ArrayForEach(t, tags) {
                    const char *k = json_str(t, "key");
                    if (k && strcmp(k, "mlflow.data.context") == 0)
                        context = json_str(t, "value");
                }
            }
            d->name = dup(json_str(ds, "name"), &oom);
            d->digest = dup(json_str(ds, "digest"), &oom);
            d->source_type = dup(json_str(ds, "source_type"), &oom);
            d->source = dup(json_str(ds, "source"), &oom);
            d->context = dup(context, &oom);
            out->n_datasets++;
        }
    }
    cJSON_Delete(root);
    if (oom) {
        run_links_clear(out);
        err_set(err, ERR_NOMEM, "Out of memory");
        return -1;
    }
    return 0;
}
