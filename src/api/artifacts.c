/* artifacts.c — see artifacts.h. Requests go through api_call; replies are
 * parsed here so no cJSON tree leaves api/. */
#include "api/artifacts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "core/strbuf.h"

#define PROXY_PREFIX "/api/2.0/mlflow-artifacts/artifacts"

static void str_cat(StrBuf *b, const char *s)
{
    strbuf_add(b, s, strlen(s));
}

/* Appends "/" + each non-empty segment of path[0..len), URL-encoded. */
static void add_segments(StrBuf *b, const char *path, size_t len)
{
    const char *p = path, *end = path + len;

    while (p < end) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        size_t n = slash ? (size_t)(slash - p) : (size_t)(end - p);
        if (n) {
            char *seg = strndup(p, n), *esc = seg ? api_escape(seg) : NULL;
            if (!esc)
                b->oom = true;
            else {
                strbuf_add(b, "/", 1);
                str_cat(b, esc);
            }
            free(seg);
            free(esc);
        }
        p += n + 1;
    }
}

static char *query_url(const char *base, const char *k1, const char *v1, const char *k2,
                       const char *v2)
{
    StrBuf b = { 0 };
    char *e1 = api_escape(v1 ? v1 : ""), *e2 = v2 ? api_escape(v2) : NULL;

    if (!e1 || (v2 && !e2))
        b.oom = true;
    str_cat(&b, base);
    str_cat(&b, "?");
    str_cat(&b, k1);
    str_cat(&b, "=");
    if (e1)
        str_cat(&b, e1);
    if (v2) {
        str_cat(&b, "&");
        str_cat(&b, k2);
        str_cat(&b, "=");
        if (e2)
            str_cat(&b, e2);
    }
    free(e1);
    free(e2);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

uint64_t artifacts_list(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                        const char *path)
{
    char *url = path && *path
                    ? query_url("/api/2.0/mlflow/artifacts/list", "run_id", run_id, "path", path)
                    : query_url("/api/2.0/mlflow/artifacts/list", "run_id", run_id, NULL, NULL);
    char label[160];
    uint64_t id;

    if (!url)
        return 0;
    snprintf(label, sizeof label, "artifacts/list %.120s", path && *path ? path : "/");
    ApiCall c = { .method = "GET", .path = url, .tag = tag, .label = label,
                  .max_bytes = ARTIFACTS_LIST_MAX_BYTES };
    id = api_call(api, owner, gen, &c);
    free(url);
    return id;
}

char *artifacts_file_url(const char *run_id, const char *artifact_uri, const char *path)
{
    static const char scheme[] = "mlflow-artifacts:";
    StrBuf b = { 0 };

    if (artifact_uri && strncmp(artifact_uri, scheme, sizeof scheme - 1) == 0) {
        const char *rest = artifact_uri + sizeof scheme - 1;
        if (rest[0] == '/' && rest[1] == '/') {   /* mlflow-artifacts://host:port/path */
            rest += 2;
            rest += strcspn(rest, "/");
        }
        str_cat(&b, PROXY_PREFIX);
        add_segments(&b, rest, strlen(rest));
        add_segments(&b, path, strlen(path));
        if (b.oom) {
            free(b.s);
            return NULL;
        }
        return b.s;
    }
    return query_url("/get-artifact", "path", path, "run_uuid", run_id);
}

size_t artifacts_preview_budget(const char *path)
{
    size_t n = path ? strlen(path) : 0;

    if (n >= 4 && strcasecmp(path + n - 4, ".png") == 0)
        return PREVIEW_PNG_BYTES;
    return PREVIEW_TEXT_BYTES;
}

uint64_t artifacts_get(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                       const char *artifact_uri, const char *path, const char *save_to,
                       const char *label)
{
    return artifacts_save(api, owner, gen, tag, run_id, artifact_uri, path, save_to, label, 0);
}

uint64_t artifacts_save(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                        const char *artifact_uri, const char *path, const char *save_to,
                        const char *label, size_t max_bytes)
{
    char *url = artifacts_file_url(run_id, artifact_uri, path);
    uint64_t id;

    if (!url)
        return 0;
    ApiCall c = {
        .method = "GET", .path = url, .tag = tag, .save_to = save_to,
        .label = label ? label : path,
        .timeout_ms = save_to ? 3600000 : 0,   /* a big download may take long */
        /* A preview reads at most its budget, whatever size the listing claims. */
        .max_bytes = save_to ? max_bytes : artifacts_preview_budget(path),
    };
    id = api_call(api, owner, gen, &c);
    free(url);
    return id;
}

int artifacts_parse_list(const char *body, size_t len, ArtifactList *out, Err *err)
{
    cJSON *root = cJSON_ParseWithLength(body ? body : "", len), *files, *f;
    int rc = -1;

    if (!cJSON_IsObject(root)) {
        err_set(err, ERR_PARSE, "Artifact list: the reply is not a JSON object");
        goto out;
    }
    const cJSON *ru = cJSON_GetObjectItemCaseSensitive(root, "root_uri");
    if (cJSON_IsString(ru)) {
        char *s = strdup(ru->valuestring);
        if (!s)
            goto nomem;
        free(out->root_uri);
        out->root_uri = s;
    }
    files = cJSON_GetObjectItemCaseSensitive(root, "files");
    if (files && !cJSON_IsArray(files)) {
        err_set(err, ERR_PARSE, "Artifact list: \"files\" is not a list");
        goto out;
    }
    cJSON_ArrayForEach(f, files) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(f, "path");
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(f, "is_dir");
        const cJSON *sz = cJSON_GetObjectItemCaseSensitive(f, "file_size");
        int64_t size = -1;
        if (!cJSON_IsString(p))
            continue;   /* an entry without a path cannot be shown or fetched */
        if (out->n >= ARTIFACTS_LIST_MAX_ENTRIES) {
            out->dropped++;
            continue;
        }
        if (cJSON_IsNumber(sz) && sz->valuedouble >= 0 && sz->valuedouble < 9e18)
            size = (int64_t)sz->valuedouble;
        else if (cJSON_IsString(sz))   /* proto int64 may come as a string */
            size = strtoll(sz->valuestring, NULL, 10);
        if (artifact_list_add(out, p->valuestring, cJSON_IsTrue(d), size) != 0)
            goto nomem;
    }
    rc = 0;
    goto out;
nomem:
    err_set(err, ERR_NOMEM, "Out of memory");
out:
    cJSON_Delete(root);
    return rc;
}

char *artifacts_json_pretty(const char *text, size_t len)
{
    cJSON *root = cJSON_ParseWithLength(text, len);
    char *p, *out;
    StrBuf b = { 0 };

    if (!root)
        return NULL;
    p = cJSON_Print(root);
    cJSON_Delete(root);
    if (!p)
        return NULL;
    /* cJSON indents with tabs and puts one after each ':': two spaces per
     * level and one after the colon read better in a narrow pane. */
    for (const char *s = p; *s; s++) {
        if (*s == '\t')
            strbuf_add(&b, "  ", s > p && s[-1] == ':' ? 1 : 2);
        else
            strbuf_add(&b, s, 1);
    }
    cJSON_free(p);
    out = b.oom ? NULL : b.s;
    if (b.oom)
        free(b.s);
    return out;
}

static char *tensor_type(const cJSON *spec)
{
    const cJSON *dt = cJSON_GetObjectItemCaseSensitive(spec, "dtype");
    const cJSON *shape = cJSON_GetObjectItemCaseSensitive(spec, "shape"), *d;
    StrBuf b = { 0 };
    char num[32];
    bool first = true;

    str_cat(&b, "tensor ");
    str_cat(&b, cJSON_IsString(dt) ? dt->valuestring : "?");
    if (cJSON_IsArray(shape)) {
        str_cat(&b, " (");
        cJSON_ArrayForEach(d, shape) {
            snprintf(num, sizeof num, "%s%.0f", first ? "" : ", ",
                     cJSON_IsNumber(d) ? d->valuedouble : 0.0);
            str_cat(&b, num);
            first = false;
        }
        str_cat(&b, ")");
    }
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

long artifacts_parse_signature(const char *json, SigColumn **cols)
{
    cJSON *root = json ? cJSON_Parse(json) : NULL, *it;
    SigColumn *c = NULL;
    long n = 0;

    *cols = NULL;
    if (!cJSON_IsArray(root)) {
        cJSON_Delete(root);
        return -1;
    }
    c = calloc((size_t)cJSON_GetArraySize(root) + 1, sizeof *c);
    if (!c) {
        cJSON_Delete(root);
        return -1;
    }
    cJSON_ArrayForEach(it, root) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(it, "type");
        const cJSON *req = cJSON_GetObjectItemCaseSensitive(it, "required");
        const cJSON *ts = cJSON_GetObjectItemCaseSensitive(it, "tensor-spec");
        char *t;
        if (cJSON_IsObject(ts)) {
            t = tensor_type(ts);
        } else {
            const char *base = cJSON_IsString(type) ? type->valuestring : "?";
            size_t sz = strlen(base) + 16;
            t = malloc(sz);
            if (t)
                snprintf(t, sz, "%s%s", base, cJSON_IsFalse(req) ? " (optional)" : "");
        }
        c[n].name = strdup(cJSON_IsString(name) ? name->valuestring : "");
        c[n].type = t;
        if (!c[n].name || !c[n].type) {
            sig_columns_free(c, (size_t)n + 1);
            cJSON_Delete(root);
            return -1;
        }
        n++;
    }
    cJSON_Delete(root);
    *cols = c;
    return n;
}
