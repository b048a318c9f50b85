/* filestore_reg.c — the file store's model registry (mlruns/models/<name>/,
 * version-<n>/) and MLflow 3 logged models (mlruns/<exp>/models/<m-id>/), as
 * the JSON objects MLflow's REST API sends for them. */
#define _GNU_SOURCE
/* Paths are built into fixed buffers of 1-2 KB; a store path so long that one
 * would be cut yields a failed open (a warning), never an overflow. */
#if defined(__GNUC__) && !defined(__clang__)   /* clang has no such warning */
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
#include "store/store_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/meta.h"

static int add_nonempty(cJSON *o, const char *name, const char *v)
{
    return v && *v ? store_json_str(o, name, v) : 0;
}

static int on_kv(Store *s, void *ctx, const char *key, char *content, size_t len,
                 const char *shown)
{
    cJSON *arr = ctx, *o = cJSON_CreateObject();

    (void)s; (void)len; (void)shown;
    if (!o || !cJSON_AddItemToArray(arr, o))
        return -1;
    return store_json_str(o, "key", key) < 0 || store_json_str(o, "value", content) < 0 ? -1 : 0;
}

typedef struct AliasCtx {
    cJSON      *arr;
    const char *only_version;   /* NULL: [{alias, version}], else [alias...] of it */
} AliasCtx;

static int on_alias(Store *s, void *ctx, const char *key, char *content, size_t len,
                    const char *shown)
{
    AliasCtx *a = ctx;
    cJSON *o;

    (void)s; (void)len; (void)shown;
    if (a->only_version) {
        if (strcmp(content, a->only_version))
            return 0;
        return cJSON_AddItemToArray(a->arr, cJSON_CreateString(key)) ? 0 : -1;
    }
    o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(a->arr, o))
        return -1;
    return store_json_str(o, "alias", key) < 0 || store_json_str(o, "version", content) < 0
        ? -1 : 0;
}

/* One version-<n>/ directory as a model_version object, or NULL (warned). */
static cJSON *version_json(Store *s, int modelfd, const char *dname, const char *shown_model,
                           int *oom)
{
    char shown[1400], why[256];
    Meta m;
    cJSON *o = NULL, *tags, *aliases;
    AliasCtx ac;
    int fd;
    const char *ver;

    snprintf(shown, sizeof shown, "%s/%s", shown_model, dname);
    fd = fs_open_dir(modelfd, dname);
    if (fd < 0) {
        store_warn(s, "%s: cannot read: %s", shown, strerror(errno));
        return NULL;
    }
    if (meta_read(fd, "meta.yaml", &m, why, sizeof why) < 0) {
        store_warn(s, "%s/meta.yaml: %s; version skipped", shown, why);
        close(fd);
        return NULL;
    }
    ver = meta_get(&m, "version") ? meta_get(&m, "version") : dname + 8;
    if (!(o = cJSON_CreateObject()))
        goto nomem;
    store_json_str(o, "name", meta_get(&m, "name") ? meta_get(&m, "name") : "");
    store_json_str(o, "version", ver);
    store_json_time(o, "creation_timestamp", meta_int(&m, "creation_timestamp", TIME_NONE));
    store_json_time(o, "last_updated_timestamp",
                    meta_int(&m, "last_updated_timestamp", TIME_NONE));
    store_json_str(o, "current_stage", meta_get(&m, "current_stage")
                                       ? meta_get(&m, "current_stage") : "None");
    add_nonempty(o, "description", meta_get(&m, "description"));
    add_nonempty(o, "user_id", meta_get(&m, "user_id"));
    add_nonempty(o, "source", meta_get(&m, "source"));
    add_nonempty(o, "run_id", meta_get(&m, "run_id"));
    add_nonempty(o, "status", meta_get(&m, "status"));
    add_nonempty(o, "status_message", meta_get(&m, "status_message"));
    store_json_str(o, "run_link", meta_get(&m, "run_link") ? meta_get(&m, "run_link") : "");
    add_nonempty(o, "storage_location", meta_get(&m, "storage_location"));
    add_nonempty(o, "model_id", meta_get(&m, "model_id"));
    if (!(tags = cJSON_AddArrayToObject(o, "tags")) ||
        !(aliases = cJSON_AddArrayToObject(o, "aliases")) ||
        fs_keys_of(s, fd, "tags", shown, on_kv, tags) < 0)
        goto nomem;
    ac.arr = aliases;
    ac.only_version = ver;
    if (fs_keys_of(s, modelfd, "aliases", shown_model, on_alias, &ac) < 0)
        goto nomem;
    meta_free(&m);
    close(fd);
    return o;
nomem:
    *oom = 1;
    cJSON_Delete(o);
    meta_free(&m);
    close(fd);
    return NULL;
}

static int cmp_version(const void *a, const void *b)
{
    const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;
    const char *xn = cJSON_GetStringValue(cJSON_GetObjectItem(x, "name"));
    const char *yn = cJSON_GetStringValue(cJSON_GetObjectItem(y, "name"));
    int c = strcmp(xn ? xn : "", yn ? yn : "");
    if (c)
        return c;
    return atol(cJSON_GetStringValue(cJSON_GetObjectItem(x, "version")) ?: "0") -
           atol(cJSON_GetStringValue(cJSON_GetObjectItem(y, "version")) ?: "0");
}

/* Sorts a JSON array of versions by name, then version number. */
static cJSON *sorted(cJSON *arr)
{
    int n = cJSON_GetArraySize(arr), i = 0;
    cJSON **v = malloc((size_t)(n ? n : 1) * sizeof *v), *it, *out;

    if (!v)
        return arr;
    cJSON_ArrayForEach(it, arr)
        v[i++] = it;
    qsort(v, (size_t)n, sizeof *v, cmp_version);
    out = cJSON_CreateArray();
    if (!out) {
        free(v);
        return arr;
    }
    for (i = 0; i < n; i++) {
        cJSON_DetachItemViaPointer(arr, v[i]);
        cJSON_AddItemToArray(out, v[i]);
    }
    cJSON_Delete(arr);
    free(v);
    return out;
}

/* Versions of model dir `name` (or of all models) appended to arr. */
static int versions_of(Store *s, int modelsfd, const char *name, const char *shown_models,
                       cJSON *arr)
{
    char shown[1200];
    int fd = fs_open_dir(modelsfd, name), oom = 0;
    DIR *dir;
    struct dirent *d;

    snprintf(shown, sizeof shown, "%s/%s", shown_models, name);
    if (fd < 0)
        return 0;
    if (!(dir = fdopendir(fd))) {
        close(fd);
        return 0;
    }
    while ((d = readdir(dir)) != NULL) {
        cJSON *v;
        if (strncmp(d->d_name, "version-", 8) || !fs_is_subdir(dirfd(dir), d))
            continue;
        v = version_json(s, dirfd(dir), d->d_name, shown, &oom);
        if (oom)
            break;
        if (v)
            cJSON_AddItemToArray(arr, v);
    }
    closedir(dir);
    return oom ? -1 : 0;
}

static int models_dir(Store *s, char *shown, size_t size)
{
    snprintf(shown, size, "%s/models", s->path);
    return fs_open_dir(AT_FDCWD, shown);
}

cJSON *filestore_versions(Store *s, const char *name, Err *err)
{
    char shown[1100];
    cJSON *arr = cJSON_CreateArray();
    int fd = models_dir(s, shown, sizeof shown);
    DIR *dir = NULL;
    struct dirent *d;

    if (!arr)
        goto nomem;
    if (fd < 0)
        return arr;
    if (name) {
        int rc = (!*name || strchr(name, '/') || fs_dot(name)) ? 0
                 : versions_of(s, fd, name, shown, arr);
        close(fd);
        if (rc < 0)
            goto nomem;
        return sorted(arr);
    }
    if (!(dir = fdopendir(fd))) {
        close(fd);
        return arr;
    }
    while ((d = readdir(dir)) != NULL) {
        if (fs_dot(d->d_name) || !fs_is_subdir(dirfd(dir), d))
            continue;
        if (versions_of(s, dirfd(dir), d->d_name, shown, arr) < 0)
            goto nomem;
    }
    closedir(dir);
    return sorted(arr);
nomem:
    if (dir)
        closedir(dir);
    cJSON_Delete(arr);
    err_set(err, ERR_NOMEM, "out of memory");
    return NULL;
}

cJSON *filestore_models(Store *s, Err *err)
{
    char shown[1100];
    cJSON *arr = cJSON_CreateArray(), *versions = NULL;
    int fd = models_dir(s, shown, sizeof shown);
    DIR *dir = NULL;
    struct dirent *d;

    if (!arr)
        goto nomem;
    if (fd < 0)
        return arr;
    if (!(versions = filestore_versions(s, NULL, err)) || !(dir = fdopendir(fd))) {
        if (fd >= 0 && !dir)
            close(fd);
        cJSON_Delete(arr);
        cJSON_Delete(versions);
        return versions ? cJSON_CreateArray() : NULL;
    }
    while ((d = readdir(dir)) != NULL) {
        char mshown[1400], why[256];
        Meta m;
        cJSON *o, *lv, *tags, *aliases, *v;
        AliasCtx ac;
        int mfd;
        const char *name;
        static const char *const stages[4] = { "None", "Staging", "Production", "Archived" };

        if (fs_dot(d->d_name) || !fs_is_subdir(dirfd(dir), d))
            continue;
        snprintf(mshown, sizeof mshown, "%s/%s", shown, d->d_name);
        if ((mfd = fs_open_dir(dirfd(dir), d->d_name)) < 0) {
            store_warn(s, "%s: cannot read: %s", mshown, strerror(errno));
            continue;
        }
        if (meta_read(mfd, "meta.yaml", &m, why, sizeof why) < 0) {
            store_warn(s, "%s/meta.yaml: %s; model skipped", mshown, why);
            close(mfd);
            continue;
        }
        name = meta_get(&m, "name") ? meta_get(&m, "name") : d->d_name;
        if (!(o = cJSON_CreateObject()) || !cJSON_AddItemToArray(arr, o)) {
            meta_free(&m);
            close(mfd);
            goto nomem;
        }
        store_json_str(o, "name", name);
        store_json_time(o, "creation_timestamp", meta_int(&m, "creation_timestamp", TIME_NONE));
        store_json_time(o, "last_updated_timestamp",
                        meta_int(&m, "last_updated_timestamp", TIME_NONE));
        add_nonempty(o, "description", meta_get(&m, "description"));
        lv = cJSON_AddArrayToObject(o, "latest_versions");
        tags = cJSON_AddArrayToObject(o, "tags");
        aliases = cJSON_AddArrayToObject(o, "aliases");
        ac.arr = aliases;
        ac.only_version = NULL;
        if (!lv || !tags || !aliases || fs_keys_of(s, mfd, "tags", mshown, on_kv, tags) < 0 ||
            fs_keys_of(s, mfd, "aliases", mshown, on_alias, &ac) < 0) {
            meta_free(&m);
            close(mfd);
            goto nomem;
        }
        for (int st = 0; st < 4; st++) {
            const cJSON *best = NULL;
            cJSON_ArrayForEach(v, versions) {
                const char *vn = cJSON_GetStringValue(cJSON_GetObjectItem(v, "name"));
                const char *vs = cJSON_GetStringValue(cJSON_GetObjectItem(v, "current_stage"));
                if (vn && vs && !strcmp(vn, name) && !strcmp(vs, stages[st]))
                    best = v;
            }
            if (best) {
                cJSON *c = cJSON_Duplicate(best, 1);
                if (!c)
                    break;
                cJSON_DeleteItemFromObject(c, "aliases");
                cJSON_DeleteItemFromObject(c, "storage_location");
                cJSON_DeleteItemFromObject(c, "model_id");
                cJSON_AddItemToArray(lv, c);
            }
        }
        meta_free(&m);
        close(mfd);
    }
    closedir(dir);
    cJSON_Delete(versions);
    return arr;
nomem:
    if (dir)
        closedir(dir);
    cJSON_Delete(versions);
    cJSON_Delete(arr);
    err_set(err, ERR_NOMEM, "out of memory");
    return NULL;
}

/* ---- logged models ---- */

typedef struct LmCtx {
    cJSON      *arr;
    const char *model_id;
} LmCtx;

/* metric file of a logged model: "timestamp value step run_id" lines */
static int on_lm_metric(Store *s, void *ctx, const char *key, char *content, size_t len,
                        const char *shown)
{
    LmCtx *c = ctx;
    char *save = NULL;
    size_t lineno = 0;

    (void)len;
    for (char *line = strtok_r(content, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        long long ts, step;
        double v;
        char run[128] = "", vbuf[64];
        cJSON *o;
        lineno++;
        if (sscanf(line, "%lld %63s %lld %127s", &ts, vbuf, &step, run) < 3) {
            store_warn(s, "%s: line %zu is not \"timestamp value step run_id\"; skipped", shown,
                       lineno);
            continue;
        }
        v = strtod(vbuf, NULL);
        if (!(o = cJSON_CreateObject()) || !cJSON_AddItemToArray(c->arr, o))
            return -1;
        store_json_str(o, "key", key);
        cJSON_AddNumberToObject(o, "value", v);
        store_json_time(o, "timestamp", ts);
        store_json_time(o, "step", step);
        add_nonempty(o, "run_id", run);
        store_json_str(o, "model_id", c->model_id);
    }
    return 0;
}

static const char *lm_status(const char *v)
{
    int n = v ? atoi(v) : 0;
    return n == 1 ? "LOGGED_MODEL_PENDING" : n == 2 ? "LOGGED_MODEL_READY"
         : n == 3 ? "LOGGED_MODEL_UPLOAD_FAILED" : "LOGGED_MODEL_STATUS_UNSPECIFIED";
}

static int logged_of_exp(Store *s, const char *exp_path, cJSON *arr)
{
    char shown[1300];
    int fd;
    DIR *dir;
    struct dirent *d;
    int rc = 0;

    snprintf(shown, sizeof shown, "%s/models", exp_path);
    if ((fd = fs_open_dir(AT_FDCWD, shown)) < 0)
        return 0;
    if (!(dir = fdopendir(fd))) {
        close(fd);
        return 0;
    }
    while ((d = readdir(dir)) != NULL && rc == 0) {
        char mshown[1600], why[256];
        Meta m;
        cJSON *o, *info, *data, *tags, *params, *metrics;
        LmCtx lc;
        int mfd;
        const char *id;

        if (fs_dot(d->d_name) || !fs_is_subdir(dirfd(dir), d))
            continue;
        snprintf(mshown, sizeof mshown, "%s/%s", shown, d->d_name);
        if ((mfd = fs_open_dir(dirfd(dir), d->d_name)) < 0)
            continue;
        if (meta_read(mfd, "meta.yaml", &m, why, sizeof why) < 0) {
            store_warn(s, "%s/meta.yaml: %s; logged model skipped", mshown, why);
            close(mfd);
            continue;
        }
        id = meta_get(&m, "model_id") ? meta_get(&m, "model_id") : d->d_name;
        rc = -1;
        if ((o = cJSON_CreateObject()) && cJSON_AddItemToArray(arr, o) &&
            (info = cJSON_AddObjectToObject(o, "info")) &&
            (data = cJSON_AddObjectToObject(o, "data"))) {
            store_json_str(info, "model_id", id);
            store_json_str(info, "experiment_id", meta_get(&m, "experiment_id")
                                                  ? meta_get(&m, "experiment_id") : "");
            store_json_str(info, "name", meta_get(&m, "name") ? meta_get(&m, "name") : "");
            add_nonempty(info, "artifact_uri", meta_get(&m, "artifact_location"));
            store_json_time(info, "creation_timestamp_ms",
                            meta_int(&m, "creation_timestamp", TIME_NONE));
            store_json_time(info, "last_updated_timestamp_ms",
                            meta_int(&m, "last_updated_timestamp", TIME_NONE));
            store_json_str(info, "status", lm_status(meta_get(&m, "status")));
            add_nonempty(info, "model_type", meta_get(&m, "model_type"));
            add_nonempty(info, "source_run_id", meta_get(&m, "source_run_id"));
            add_nonempty(info, "status_message", meta_get(&m, "status_message"));
            lc.model_id = id;
            if ((tags = cJSON_AddArrayToObject(info, "tags")) &&
                (params = cJSON_AddArrayToObject(data, "params")) &&
                (metrics = cJSON_AddArrayToObject(data, "metrics")) &&
                fs_keys_of(s, mfd, "tags", mshown, on_kv, tags) == 0 &&
                fs_keys_of(s, mfd, "params", mshown, on_kv, params) == 0 &&
                (lc.arr = metrics) &&
                fs_keys_of(s, mfd, "metrics", mshown, on_lm_metric, &lc) == 0)
                rc = 0;
        }
        meta_free(&m);
        close(mfd);
    }
    closedir(dir);
    return rc;
}

cJSON *filestore_logged_models(Store *s, const char *exp_id, Err *err)
{
    cJSON *arr = cJSON_CreateArray();
    char path[1200];
    DIR *dir;
    struct dirent *d;

    if (!arr)
        goto nomem;
    if (exp_id) {
        if (!*exp_id || strchr(exp_id, '/') || fs_dot(exp_id))
            return arr;
        snprintf(path, sizeof path, "%s/%s", s->path, exp_id);
        if (logged_of_exp(s, path, arr) < 0)
            goto nomem;
        return arr;
    }
    if (!(dir = opendir(s->path)))
        return arr;
    while ((d = readdir(dir)) != NULL) {
        if (d->d_name[0] == '.' || !strcmp(d->d_name, "models") || !fs_is_subdir(dirfd(dir), d))
            continue;
        snprintf(path, sizeof path, "%s/%s", s->path, d->d_name);
        if (logged_of_exp(s, path, arr) < 0) {
            closedir(dir);
            goto nomem;
        }
    }
    closedir(dir);
    return arr;
nomem:
    cJSON_Delete(arr);
    err_set(err, ERR_NOMEM, "out of memory");
    return NULL;
}

/* ---- a run's dataset inputs and model outputs (MLflow 3) ---- */

static int dataset_input(Store *s, int inputsfd, const char *name, const char *exp_dir,
                         const char *shown_run, cJSON *dsets)
{
    char p[1600], why[256], dpath[1700];
    Meta m, dm;
    cJSON *o, *d, *tags;
    int fd = fs_open_dir(inputsfd, name);

    snprintf(p, sizeof p, "%s/inputs/%s", shown_run, name);
    if (fd < 0)
        return 0;
    if (meta_read(fd, "meta.yaml", &m, why, sizeof why) < 0) {
        store_warn(s, "%s/meta.yaml: %s; input skipped", p, why);
        close(fd);
        return 0;
    }
    close(fd);
    if (!meta_get(&m, "source_type") || strcmp(meta_get(&m, "source_type"), "DATASET") ||
        !meta_get(&m, "source_id") || strchr(meta_get(&m, "source_id"), '/')) {
        meta_free(&m);
        return 0;
    }
    snprintf(dpath, sizeof dpath, "%s/datasets/%s", exp_dir, meta_get(&m, "source_id"));
    if (meta_read(AT_FDCWD, strcat(dpath, "/meta.yaml"), &dm, why, sizeof why) < 0) {
        store_warn(s, "%s: %s; input skipped", dpath, why);
        meta_free(&m);
        return 0;
    }
    if (!(o = cJSON_CreateObject()) || !cJSON_AddItemToArray(dsets, o) ||
        !(d = cJSON_AddObjectToObject(o, "dataset")) || !(tags = cJSON_AddArrayToObject(o, "tags"))) {
        meta_free(&m);
        meta_free(&dm);
        return -1;
    }
    store_json_str(d, "name", meta_get(&dm, "name") ? meta_get(&dm, "name") : "");
    store_json_str(d, "digest", meta_get(&dm, "digest") ? meta_get(&dm, "digest") : "");
    add_nonempty(d, "source_type", meta_get(&dm, "source_type"));
    add_nonempty(d, "source", meta_get(&dm, "source"));
    add_nonempty(d, "schema", meta_get(&dm, "schema"));
    add_nonempty(d, "profile", meta_get(&dm, "profile"));
    for (size_t i = 0; i < m.n; i++) {
        cJSON *t;
        if (strncmp(m.keys[i], "tags.", 5) || !(t = cJSON_CreateObject()))
            continue;
        cJSON_AddItemToArray(tags, t);
        store_json_str(t, "key", m.keys[i] + 5);
        store_json_str(t, "value", m.vals[i] ? m.vals[i] : "");
    }
    meta_free(&m);
    meta_free(&dm);
    return 0;
}

int filestore_run_io(Store *s, const char *run_id, cJSON *dsets, cJSON *outs, Err *err)
{
    char shown[1200], exp_dir[1200];
    int fd = fs_run_dir(s, run_id, shown, sizeof shown), sub;
    DIR *dir;
    struct dirent *d;
    char *slash;

    if (fd < 0) {
        store_not_found(err, "Run with id=%s not found", run_id);
        return -1;
    }
    snprintf(exp_dir, sizeof exp_dir, "%s", shown);
    if ((slash = strrchr(exp_dir, '/')))
        *slash = '\0';
    if ((sub = fs_open_dir(fd, "inputs")) >= 0 && (dir = fdopendir(sub))) {
        while ((d = readdir(dir)) != NULL)
            if (!fs_dot(d->d_name) && dataset_input(s, dirfd(dir), d->d_name, exp_dir, shown,
                                                    dsets) < 0)
                break;
        closedir(dir);
    }
    if ((sub = fs_open_dir(fd, "outputs")) >= 0 && (dir = fdopendir(sub))) {
        while ((d = readdir(dir)) != NULL) {
            char why[256];
            Meta m;
            int ofd;
            cJSON *o;
            if (fs_dot(d->d_name) || (ofd = fs_open_dir(dirfd(dir), d->d_name)) < 0)
                continue;
            if (meta_read(ofd, "meta.yaml", &m, why, sizeof why) == 0) {
                const char *dest = meta_get(&m, "destination_id");
                if ((o = cJSON_CreateObject()) && cJSON_AddItemToArray(outs, o)) {
                    store_json_str(o, "model_id", dest ? dest : d->d_name);
                    cJSON_AddNumberToObject(o, "step", (double)meta_int(&m, "step", 0));
                }
                meta_free(&m);
            } else {
                store_warn(s, "%s/outputs/%s/meta.yaml: %s; output skipped", shown, d->d_name, why);
            }
            close(ofd);
        }
        closedir(dir);
    }
    close(fd);
    return 0;
}
