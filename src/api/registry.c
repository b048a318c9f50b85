/* registry.c — see registry.h.
 *
 * Why it looks the way it does:
 * - Bodies are built with cJSON, never by hand; query values go through
 *   api_escape.
 * - MLflow leaves out empty fields, so every parsed string defaults to "" and
 *   every timestamp to TIME_NONE; int64 fields come as numbers or strings.
 * - model-versions/search replies carry no aliases: screens take them from the
 *   registered model (registered-models/get), which lists alias -> version.
 * - An MLmodel file is YAML (api/mlmodel.c reads it with libyaml); its
 *   signature holds the inputs and outputs as JSON text, read by the same
 *   column reader as the artifact preview's (artifacts_parse_signature). */
#include "api/registry.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api/artifacts.h"
#include "api/json.h"
#include "api/mlmodel.h"

#include "core/runset.h"

/* ---- requests ---- */

static uint64_t get(Api *api, int owner, unsigned gen, int tag, const char *path,
                    const char *label)
{
    ApiCall c = { .method = "GET", .path = path, .tag = tag, .label = label };
    return api_call(api, owner, gen, &c);
}

/* Appends "&key=escaped(value)" (or "?" first) to buf. Returns -1 on overflow/ENOMEM. */
static int add_query(char *buf, size_t size, const char *key, const char *value)
{
    char *esc;
    size_t used = strlen(buf);
    int w;

    if (!value)
        return 0;
    if (!(esc = api_escape(value)))
        return -1;
    w = snprintf(buf + used, size - used, "%s%s=%s", strchr(buf, '?') ? "&" : "?", key, esc);
    free(esc);
    return w < 0 || (size_t)w >= size - used ? -1 : 0;
}

static uint64_t send_json(Api *api, int owner, unsigned gen, int tag, const char *method,
                          const char *path, cJSON *body, const char *label)
{
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    uint64_t id = 0;

    if (text) {
        ApiCall c = { .method = method, .path = path, .body = text, .tag = tag,
                      .label = label };
        id = api_call(api, owner, gen, &c);
    }
    free(text);
    cJSON_Delete(body);
    return id;
}

/* An object of string members: obj("name", n, "version", v, NULL). NULL values are left out. */
static cJSON *obj(const char *k, ...)
{
    va_list ap;
    cJSON *o = cJSON_CreateObject();

    va_start(ap, k);
    while (o && k) {
        const char *v = va_arg(ap, const char *);
        if (v && !cJSON_AddStringToObject(o, k, v)) {
            cJSON_Delete(o);
            o = NULL;
        }
        k = va_arg(ap, const char *);
    }
    va_end(ap);
    return o;
}

uint64_t reg_models_search(Api *api, int owner, unsigned gen, int tag, const char *filter,
                           const char *page_token)
{
    char path[4096] = "/api/2.0/mlflow/registered-models/search?max_results=100";

    if (filter && *filter && add_query(path, sizeof path, "filter", filter) != 0)
        return 0;
    if (page_token && add_query(path, sizeof path, "page_token", page_token) != 0)
        return 0;
    return get(api, owner, gen, tag, path, "registered-models/search");
}

uint64_t reg_model_get(Api *api, int owner, unsigned gen, int tag, const char *name)
{
    char path[2048] = "/api/2.0/mlflow/registered-models/get";

    if (add_query(path, sizeof path, "name", name) != 0)
        return 0;
    return get(api, owner, gen, tag, path, "registered-models/get");
}

uint64_t reg_versions_search(Api *api, int owner, unsigned gen, int tag, const char *filter,
                             const char *page_token)
{
    char path[4096] = "/api/2.0/mlflow/model-versions/search?max_results=1000";

    if (filter && *filter && add_query(path, sizeof path, "filter", filter) != 0)
        return 0;
    if (page_token && add_query(path, sizeof path, "page_token", page_token) != 0)
        return 0;
    return get(api, owner, gen, tag, path, "model-versions/search");
}

uint64_t reg_version_get(Api *api, int owner, unsigned gen, int tag, const char *name,
                         const char *version)
{
    char path[2048] = "/api/2.0/mlflow/model-versions/get";

    if (add_query(path, sizeof path, "name", name) != 0 ||
        add_query(path, sizeof path, "version", version) != 0)
        return 0;
    return get(api, owner, gen, tag, path, "model-versions/get");
}

uint64_t reg_version_file(Api *api, int owner, unsigned gen, int tag, const char *name,
                          const char *version, const char *file)
{
    char path[2048] = "/model-versions/get-artifact";

    if (add_query(path, sizeof path, "name", name) != 0 ||
        add_query(path, sizeof path, "version", version) != 0 ||
        add_query(path, sizeof path, "path", file) != 0)
        return 0;
    return get(api, owner, gen, tag, path, "model version file");
}

uint64_t reg_artifacts_list(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                            const char *dir)
{
    char path[2048] = "/api/2.0/mlflow/artifacts/list";

    if (add_query(path, sizeof path, "run_id", run_id) != 0 ||
        (dir && *dir && add_query(path, sizeof path, "path", dir) != 0))
        return 0;
    return get(api, owner, gen, tag, path, "artifacts/list");
}

uint64_t reg_transition(Api *api, int owner, unsigned gen, int tag, const char *name,
                        const char *version, const char *stage, bool archive_existing)
{
    cJSON *o = obj("name", name, "version", version, "stage", stage, NULL);

    if (o && !cJSON_AddBoolToObject(o, "archive_existing_versions", archive_existing)) {
        cJSON_Delete(o);
        o = NULL;
    }
    return send_json(api, owner, gen, tag, "POST",
                     "/api/2.0/mlflow/model-versions/transition-stage", o, "transition-stage");
}

uint64_t reg_alias_set(Api *api, int owner, unsigned gen, int tag, const char *name,
                       const char *alias, const char *version)
{
    return send_json(api, owner, gen, tag, "POST", "/api/2.0/mlflow/registered-models/alias",
                     obj("name", name, "alias", alias, "version", version, NULL), "set alias");
}

uint64_t reg_alias_delete(Api *api, int owner, unsigned gen, int tag, const char *name,
                          const char *alias)
{
    return send_json(api, owner, gen, tag, "DELETE", "/api/2.0/mlflow/registered-models/alias",
                     obj("name", name, "alias", alias, NULL), "delete alias");
}

uint64_t reg_model_create(Api *api, int owner, unsigned gen, int tag, const char *name)
{
    return send_json(api, owner, gen, tag, "POST", "/api/2.0/mlflow/registered-models/create",
                     obj("name", name, NULL), "registered-models/create");
}

uint64_t reg_version_create(Api *api, int owner, unsigned gen, int tag, const char *name,
                            const char *source, const char *run_id)
{
    return send_json(api, owner, gen, tag, "POST", "/api/2.0/mlflow/model-versions/create",
                     obj("name", name, "source", source, "run_id", run_id, NULL),
                     "model-versions/create");
}

uint64_t reg_describe(Api *api, int owner, unsigned gen, int tag, const char *name,
                      const char *version, const char *description)
{
    return send_json(api, owner, gen, tag, "PATCH",
                     version ? "/api/2.0/mlflow/model-versions/update"
                             : "/api/2.0/mlflow/registered-models/update",
                     obj("name", name, "version", version, "description", description, NULL),
                     "update description");
}

uint64_t reg_set_tag(Api *api, int owner, unsigned gen, int tag, const char *name,
                     const char *version, const char *key, const char *value)
{
    return send_json(api, owner, gen, tag, "POST",
                     version ? "/api/2.0/mlflow/model-versions/set-tag"
                             : "/api/2.0/mlflow/registered-models/set-tag",
                     obj("name", name, "version", version, "key", key, "value", value, NULL),
                     "set tag");
}

uint64_t reg_delete_tag(Api *api, int owner, unsigned gen, int tag, const char *name,
                        const char *version, const char *key)
{
    return send_json(api, owner, gen, tag, "DELETE",
                     version ? "/api/2.0/mlflow/model-versions/delete-tag"
                             : "/api/2.0/mlflow/registered-models/delete-tag",
                     obj("name", name, "version", version, "key", key, NULL), "delete tag");
}

uint64_t reg_run_set_tag(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                         const char *key, const char *value)
{
    return send_json(api, owner, gen, tag, "POST", "/api/2.0/mlflow/runs/set-tag",
                     obj("run_id", run_id, "key", key, "value", value, NULL), "runs/set-tag");
}

uint64_t reg_run_delete_tag(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                            const char *key)
{
    return send_json(api, owner, gen, tag, "POST", "/api/2.0/mlflow/runs/delete-tag",
                     obj("run_id", run_id, "key", key, NULL), "runs/delete-tag");
}

uint64_t reg_run_rename(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                        const char *run_name)
{
    return send_json(api, owner, gen, tag, "POST", "/api/2.0/mlflow/runs/update",
                     obj("run_id", run_id, "run_name", run_name, NULL), "runs/update");
}

uint64_t reg_run_lifecycle(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                           bool restore)
{
    return send_json(api, owner, gen, tag, "POST",
                     restore ? "/api/2.0/mlflow/runs/restore" : "/api/2.0/mlflow/runs/delete",
                     obj("run_id", run_id, NULL), restore ? "runs/restore" : "runs/delete");
}

/* ---- parsing ---- */

static char *sdup(const char *s, int *fail)
{
    char *d = strdup(s ? s : "");
    if (!d)
        *fail = 1;
    return d;
}

/* tags: [{key, value}] */
static int parse_tags(const cJSON *arr, Tag **tags, size_t *n)
{
    int fail = 0, count = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    const cJSON *t;

    *tags = NULL;
    *n = 0;
    if (count <= 0)
        return 0;
    if (!(*tags = calloc((size_t)count, sizeof **tags)))
        return -1;
    cJSON_ArrayForEach(t, arr) {
        if (!cJSON_IsObject(t) || !json_str(t, "key"))
            continue;
        (*tags)[*n].key = sdup(json_str(t, "key"), &fail);
        (*tags)[*n].value = sdup(json_str(t, "value"), &fail);
        (*n)++;
    }
    return fail ? -1 : 0;
}

static int fill_version(const cJSON *o, ModelVersion *v)
{
    int fail = 0;
    const cJSON *al = cJSON_GetObjectItemCaseSensitive(o, "aliases"), *a;

    memset(v, 0, sizeof *v);
    v->name = sdup(json_str(o, "name"), &fail);
    v->version = sdup(json_str(o, "version"), &fail);
    v->stage = sdup(json_str(o, "current_stage"), &fail);
    v->description = sdup(json_str(o, "description"), &fail);
    v->source = sdup(json_str(o, "source"), &fail);
    v->run_id = sdup(json_str(o, "run_id"), &fail);
    v->status = sdup(json_str(o, "status"), &fail);
    v->run_link = sdup(json_str(o, "run_link"), &fail);
    v->created = json_get_int64(o, "creation_timestamp", TIME_NONE);
    v->updated = json_get_int64(o, "last_updated_timestamp", TIME_NONE);
    if (parse_tags(cJSON_GetObjectItemCaseSensitive(o, "tags"), &v->tags, &v->n_tags) != 0)
        fail = 1;
    if (cJSON_IsArray(al) && cJSON_GetArraySize(al) > 0) {
        v->aliases = calloc((size_t)cJSON_GetArraySize(al), sizeof *v->aliases);
        if (!v->aliases)
            fail = 1;
        cJSON_ArrayForEach(a, al) {
            if (v->aliases && cJSON_IsString(a))
                v->aliases[v->n_aliases++] = sdup(a->valuestring, &fail);
        }
    }
    if (fail) {
        model_version_free_fields(v);
        return -1;
    }
    return 0;
}

static int fill_model(const cJSON *o, RegisteredModel *m)
{
    int fail = 0;
    const cJSON *lv = cJSON_GetObjectItemCaseSensitive(o, "latest_versions");
    const cJSON *al = cJSON_GetObjectItemCaseSensitive(o, "aliases"), *it;

    memset(m, 0, sizeof *m);
    m->name = sdup(json_str(o, "name"), &fail);
    m->description = sdup(json_str(o, "description"), &fail);
    m->created = json_get_int64(o, "creation_timestamp", TIME_NONE);
    m->updated = json_get_int64(o, "last_updated_timestamp", TIME_NONE);
    if (parse_tags(cJSON_GetObjectItemCaseSensitive(o, "tags"), &m->tags, &m->n_tags) != 0)
        fail = 1;
    if (!fail && cJSON_IsArray(lv) && cJSON_GetArraySize(lv) > 0) {
        m->latest = calloc((size_t)cJSON_GetArraySize(lv), sizeof *m->latest);
        if (!m->latest)
            fail = 1;
        cJSON_ArrayForEach(it, lv) {
            if (fail || !cJSON_IsObject(it))
                continue;
            if (fill_version(it, &m->latest[m->n_latest]) != 0)
                fail = 1;
            else
                m->n_latest++;
        }
    }
    if (!fail && cJSON_IsArray(al) && cJSON_GetArraySize(al) > 0) {
        m->aliases = calloc((size_t)cJSON_GetArraySize(al), sizeof *m->aliases);
        if (!m->aliases)
            fail = 1;
        cJSON_ArrayForEach(it, al) {
            if (fail || !cJSON_IsObject(it) || !json_str(it, "alias"))
                continue;
            m->aliases[m->n_aliases].alias = sdup(json_str(it, "alias"), &fail);
            m->aliases[m->n_aliases].version = sdup(json_str(it, "version"), &fail);
            m->n_aliases++;
        }
    }
    if (fail) {
        registered_model_free_fields(m);
        return -1;
    }
    return 0;
}

/* Items of the replies for json_read_list / json_read_object: fill_* can only
 * run out of memory, which json.c reports when err is left unset. */
static int push_model(const cJSON *it, void *out, Err *err)
{
    RegisteredModel m;
    (void)err;
    return fill_model(it, &m) == 0 && modellist_push(out, &m) == 0 ? 0 : -1;
}

static int push_version(const cJSON *it, void *out, Err *err)
{
    ModelVersion v;
    (void)err;
    return fill_version(it, &v) == 0 && versionlist_push(out, &v) == 0 ? 0 : -1;
}

static int read_model(const cJSON *obj, void *out, Err *err)
{
    (void)err;
    return fill_model(obj, out);
}

static int read_version(const cJSON *obj, void *out, Err *err)
{
    (void)err;
    return fill_version(obj, out);
}

int reg_parse_models(const char *body, size_t len, ModelList *out, char **next_token,
                     Err *err)
{
    return json_read_list(body, len, "registered-models/search", "registered_models",
                          push_model, out, next_token, err);
}

int reg_parse_model(const char *body, size_t len, RegisteredModel *out, Err *err)
{
    memset(out, 0, sizeof *out);
    return json_read_object(body, len, "registered-models/get", "registered_model", read_model,
                            out, err);
}

int reg_parse_versions(const char *body, size_t len, VersionList *out, char **next_token,
                       Err *err)
{
    return json_read_list(body, len, "model-versions/search", "model_versions", push_version,
                          out, next_token, err);
}

int reg_parse_version(const char *body, size_t len, ModelVersion *out, Err *err)
{
    memset(out, 0, sizeof *out);
    return json_read_object(body, len, "model-versions/get", "model_version", read_version, out,
                            err);
}

/* ---- writing the same shapes (the local cache) ---- */

static bool put_version(cJSON *o, const ModelVersion *v)
{
    bool ok = json_add_str(o, "name", v->name) && json_add_str(o, "version", v->version) &&
              json_add_str(o, "current_stage", v->stage) &&
              json_add_str(o, "description", v->description) &&
              json_add_str(o, "source", v->source) && json_add_str(o, "run_id", v->run_id) &&
              json_add_str(o, "status", v->status) && json_add_str(o, "run_link", v->run_link) &&
              json_add_int64(o, "creation_timestamp", v->created, TIME_NONE) &&
              json_add_int64(o, "last_updated_timestamp", v->updated, TIME_NONE) &&
              json_add_tags(o, "tags", v->tags, v->n_tags);
    cJSON *al = ok && v->n_aliases ? cJSON_AddArrayToObject(o, "aliases") : NULL;

    if (ok && v->n_aliases && !al)
        return false;
    for (size_t i = 0; ok && i < v->n_aliases; i++) {
        cJSON *a = cJSON_CreateString(v->aliases[i] ? v->aliases[i] : "");
        ok = a && cJSON_AddItemToArray(al, a);
        if (!ok)
            cJSON_Delete(a);
    }
    return ok;
}

static bool put_model(cJSON *o, const RegisteredModel *m)
{
    bool ok = json_add_str(o, "name", m->name) &&
              json_add_str(o, "description", m->description) &&
              json_add_int64(o, "creation_timestamp", m->created, TIME_NONE) &&
              json_add_int64(o, "last_updated_timestamp", m->updated, TIME_NONE) &&
              json_add_tags(o, "tags", m->tags, m->n_tags);
    cJSON *lv = ok ? cJSON_AddArrayToObject(o, "latest_versions") : NULL;
    cJSON *al = lv ? cJSON_AddArrayToObject(o, "aliases") : NULL;

    ok = ok && al;
    for (size_t i = 0; ok && i < m->n_latest; i++) {
        cJSON *v = json_push_object(lv);
        ok = v && put_version(v, &m->latest[i]);
    }
    for (size_t i = 0; ok && i < m->n_aliases; i++) {
        cJSON *a = json_push_object(al);
        ok = a && json_add_str(a, "alias", m->aliases[i].alias) &&
             json_add_str(a, "version", m->aliases[i].version);
    }
    return ok;
}

static char *print_or_null(cJSON *root, bool ok)
{
    char *out = ok && root ? cJSON_PrintUnformatted(root) : NULL;

    cJSON_Delete(root);
    return out;
}

char *reg_models_json(const RegisteredModel *items, size_t n)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = root ? cJSON_AddArrayToObject(root, "registered_models") : NULL;
    bool   ok = arr != NULL;

    for (size_t i = 0; ok && i < n; i++) {
        cJSON *o = json_push_object(arr);
        ok = o && put_model(o, &items[i]);
    }
    return print_or_null(root, ok);
}

char *reg_versions_json(const ModelVersion *items, size_t n, const RegisteredModel *model)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = root ? cJSON_AddArrayToObject(root, "model_versions") : NULL;
    cJSON *m = arr && model ? cJSON_AddObjectToObject(root, "registered_model") : NULL;
    bool   ok = arr && (!model || (m && put_model(m, model)));

    for (size_t i = 0; ok && i < n; i++) {
        cJSON *o = json_push_object(arr);
        ok = o && put_version(o, &items[i]);
    }
    return print_or_null(root, ok);
}

void reg_files_free(RegFile *files, size_t n)
{
    for (size_t i = 0; files && i < n; i++)
        free(files[i].path);
    free(files);
}

int reg_parse_files(const char *body, size_t len, RegFile **files, size_t *n, Err *err)
{
    cJSON *root = json_root(body, len, "artifacts/list", err), *it;
    const cJSON *arr;
    int count, fail = 0;

    *files = NULL;
    *n = 0;
    if (!root)
        return -1;
    arr = cJSON_GetObjectItemCaseSensitive(root, "files");
    count = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (count > 0 && !(*files = calloc((size_t)count, sizeof **files)))
        fail = 1;
    if (count <= 0 || fail)
        arr = NULL;
    cJSON_ArrayForEach(it, arr) {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(it, "is_dir");
        if (!json_str(it, "path"))
            continue;
        (*files)[*n].path = sdup(json_str(it, "path"), &fail);
        (*files)[*n].is_dir = cJSON_IsTrue(d);
        (*n)++;
    }
    cJSON_Delete(root);
    if (fail) {
        reg_files_free(*files, *n);
        *files = NULL;
        *n = 0;
        return json_nomem(err);
    }
    return 0;
}

/* ---- MLmodel signature ---- */

/* One of the signature's JSON column lists (NULL: none) into *cols / *n. */
static int sig_list(const char *json, const char *what, SigColumn **cols, size_t *n, Err *err)
{
    long k;

    if (!json)
        return 0;
    k = artifacts_parse_signature(json, cols);
    if (k < 0) {
        err_set(err, ERR_PARSE, "The model signature's %s are not a JSON list of columns", what);
        return -1;
    }
    *n = (size_t)k;
    return 0;
}

int reg_parse_signature(const char *mlmodel, size_t len, Signature *out, Err *err)
{
    MlModelInfo m;
    int rc;

    memset(out, 0, sizeof *out);
    if (!mlmodel)
        return 0;
    if (mlmodel_parse(mlmodel, len, &m, err) != 0)
        return -1;
    out->present = m.has_signature;
    rc = sig_list(m.sig_inputs, "inputs", &out->inputs, &out->n_inputs, err) == 0 &&
         sig_list(m.sig_outputs, "outputs", &out->outputs, &out->n_outputs, err) == 0 ? 0 : -1;
    mlmodel_free(&m);
    if (rc != 0)
        signature_clear(out);
    return rc;
}
