/* parse.c — MLflow JSON replies -> core structs; see parse.h.
 *
 * Why it looks the way it does:
 * - MLflow leaves out every empty or unset field (an empty result is just {}),
 *   so every lookup tolerates absence and falls back to a neutral value.
 * - Metric values arrive as JSON numbers or as the proto-JSON strings "NaN",
 *   "Infinity", "-Infinity"; int64 fields are numbers from MLflow but strings
 *   from other proto-JSON encoders, so both are accepted.
 * - cJSON decodes \u escapes (surrogate pairs included) to UTF-8 itself; its
 *   number parser follows the C locale's decimal point correctly, so an
 *   LC_NUMERIC of "de_DE" set by the UI does not break it.
 * - Every cJSON tree is freed before returning: nothing outside api/ sees one. */
#include "api/parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "api/json.h"

/* ---- small helpers ------------------------------------------------------ */

double parse_metric_string(const char *s)
{
    const char *p = s;
    int neg = 0;
    char *end;
    double v;

    if (!s)
        return NAN;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    if (strcasecmp(p, "nan") == 0)
        return NAN;
    if (strcasecmp(p, "inf") == 0 || strcasecmp(p, "infinity") == 0)
        return neg ? -INFINITY : INFINITY;
    /* Plain numbers sent as strings. strtod honours LC_NUMERIC; MLflow never
     * sends these, so the rare locale mismatch only costs a NaN. */
    errno = 0;
    v = strtod(s, &end);
    if (end == s)
        return NAN;
    while (isspace((unsigned char)*end))
        end++;
    return *end == '\0' ? v : NAN;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* ---- experiments -------------------------------------------------------- */

static int fill_experiment(const cJSON *o, Experiment *e, Err *err)
{
    const cJSON *tags, *t;
    size_t n = 0;

    memset(e, 0, sizeof *e);
    e->creation_time = INT64_MIN;
    e->last_update_time = INT64_MIN;
    e->run_count = -1;
    if (!cJSON_IsObject(o))
        goto bad;
    e->id = strdup(json_str(o, "experiment_id") ? json_str(o, "experiment_id") : "");
    e->name = strdup(json_str(o, "name") ? json_str(o, "name") : "");
    e->lifecycle_stage = strdup(json_str(o, "lifecycle_stage") ? json_str(o, "lifecycle_stage")
                                                               : "");
    e->artifact_location = dup_or_null(json_str(o, "artifact_location"));
    if (!e->id || !e->name || !e->lifecycle_stage
        || (json_str(o, "artifact_location") && !e->artifact_location))
        goto nomem;
    e->creation_time = json_get_int64(o, "creation_time", INT64_MIN);
    e->last_update_time = json_get_int64(o, "last_update_time", INT64_MIN);
    tags = json_arr(o, "tags");
    if (tags && cJSON_GetArraySize(tags) > 0) {
        e->tags = calloc((size_t)cJSON_GetArraySize(tags), sizeof *e->tags);
        if (!e->tags)
            goto nomem;
        cJSON_ArrayForEach(t, tags) {
            const char *k = json_str(t, "key"), *v = json_str(t, "value");
            if (!k)
                continue;
            e->tags[n].key = strdup(k);
            e->tags[n].value = strdup(v ? v : "");
            if (!e->tags[n].key || !e->tags[n].value) {
                free(e->tags[n].key);
                free(e->tags[n].value);
                goto nomem;
            }
            e->n_tags = ++n;
        }
    }
    return 0;
bad:
    err_set(err, ERR_PARSE, "An experiment in the reply is not a JSON object");
    experiment_free_fields(e);
    return -1;
nomem:
    json_nomem(err);
    experiment_free_fields(e);
    return -1;
}

int parse_experiments(const char *body, size_t len, ExperimentList *out,
                      char **next_token, Err *err)
{
    cJSON *root;
    const cJSON *arr, *it;
    int rc = -1;

    if (next_token)
        *next_token = NULL;
    root = json_root(body, len, "experiments/search", err);
    if (!root)
        return -1;
    arr = json_arr(root, "experiments");
    if (arr) {
        cJSON_ArrayForEach(it, arr) {
            Experiment e;
            if (fill_experiment(it, &e, err) < 0)
                goto out;
            if (explist_push(out, &e, 1) < 0) {
                experiment_free_fields(&e);
                json_nomem(err);
                goto out;
            }
        }
    }
    if (json_take_token(root, next_token, err) < 0)
        goto out;
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

static int read_experiment(const cJSON *obj, void *out, Err *err)
{
    return fill_experiment(obj, out, err);
}

int parse_experiment(const char *body, size_t len, Experiment *out, Err *err)
{
    return json_read_object(body, len, "experiments/get", "experiment", read_experiment, out,
                            err);
}

/* ---- runs --------------------------------------------------------------- */

static const cJSON *find_tag(const cJSON *tags, const char *key)
{
    const cJSON *t;

    if (!tags)
        return NULL;
    cJSON_ArrayForEach(t, tags) {
        const char *k = json_str(t, "key");
        if (k && strcmp(k, key) == 0)
            return t;
    }
    return NULL;
}

/* Flavour names from the mlflow.log-model.history tag: a JSON list of
 * {flavors: {name: {...}}}. The latest model wins; within it the first flavour
 * that is not the generic python_function. Writes into buf, returns buf or NULL. */
static const char *flavour_from_history(const char *hist, char *buf, size_t size)
{
    cJSON *root = cJSON_Parse(hist);
    const cJSON *entry, *fl, *f;
    const char *found = NULL;
    int i;

    if (!root)
        return NULL;
    if (!cJSON_IsArray(root))
        goto out;
    for (i = cJSON_GetArraySize(root) - 1; i >= 0 && !found; i--) {
        entry = cJSON_GetArrayItem(root, i);
        fl = cJSON_GetObjectItemCaseSensitive(entry, "flavors");
        if (!cJSON_IsObject(fl))
            continue;
        cJSON_ArrayForEach(f, fl) {
            if (!f->string)
                continue;
            if (strcmp(f->string, "python_function") != 0) {
                snprintf(buf, size, "%s", f->string);
                found = buf;
                break;
            }
            if (!buf[0])
                snprintf(buf, size, "%s", f->string);
        }
    }
    if (!found && buf[0])
        found = buf;
out:
    cJSON_Delete(root);
    return found;
}

const char *parse_flavour(const char *log_model_history, const char *model_flavor,
                          const char *estimator_class, char *buf, size_t size)
{
    const char *f;

    if (size == 0)
        return NULL;
    buf[0] = '\0';
    if (log_model_history && log_model_history[0]) {
        f = flavour_from_history(log_model_history, buf, size);
        if (f)
            return f;
    }
    if (model_flavor && model_flavor[0]) {
        snprintf(buf, size, "%s", model_flavor);
        return buf;
    }
    if (estimator_class && estimator_class[0]) {
        /* "sklearn.ensemble._forest.RandomForestClassifier" -> "sklearn" */
        size_t n = strcspn(estimator_class, ".");
        if (n >= size)
            n = size - 1;
        memcpy(buf, estimator_class, n);
        buf[n] = '\0';
        return buf;
    }
    return NULL;
}

static RunStatus status_of(const char *s)
{
    return s ? run_status_parse(s) : RUN_STATUS_UNKNOWN;
}

static Lifecycle lifecycle_of(const char *s)
{
    if (!s)
        return LIFE_ACTIVE;   /* MLflow omits nothing here, but absent means active */
    if (strcasecmp(s, "active") == 0)
        return LIFE_ACTIVE;
    if (strcasecmp(s, "deleted") == 0)
        return LIFE_DELETED;
    return LIFE_UNKNOWN;
}

static const char *tag_value(const cJSON *tags, const char *key)
{
    return json_str(find_tag(tags, key), "value");
}

/* Appends one run object {info, data} to rs. */
static int add_run(RunSet *rs, const cJSON *run, Err *err)
{
    const cJSON *info, *data, *metrics, *params, *tags, *it;
    RunInfoIn in;
    char flav[128];
    const char *f;

    if (!cJSON_IsObject(run)) {
        err_set(err, ERR_PARSE, "A run in the reply is not a JSON object");
        return -1;
    }
    info = cJSON_GetObjectItemCaseSensitive(run, "info");
    data = cJSON_GetObjectItemCaseSensitive(run, "data");
    if (!cJSON_IsObject(info))
        info = NULL;
    if (!cJSON_IsObject(data))
        data = NULL;
    metrics = data ? json_arr(data, "metrics") : NULL;
    params = data ? json_arr(data, "params") : NULL;
    tags = data ? json_arr(data, "tags") : NULL;

    memset(&in, 0, sizeof in);
    in.run_id = json_str(info, "run_id");
    if (!in.run_id)
        in.run_id = json_str(info, "run_uuid");
    in.run_name = json_str(info, "run_name");
    if (!in.run_name)
        in.run_name = tag_value(tags, "mlflow.runName");
    in.experiment_id = json_str(info, "experiment_id");
    in.user_id = json_str(info, "user_id");
    if (!in.user_id)
        in.user_id = tag_value(tags, "mlflow.user");
    in.artifact_uri = json_str(info, "artifact_uri");
    in.status = status_of(json_str(info, "status"));
    in.lifecycle = lifecycle_of(json_str(info, "lifecycle_stage"));
    in.start_time = json_get_int64(info, "start_time", TIME_NONE);
    in.end_time = json_get_int64(info, "end_time", TIME_NONE);
    if (!in.run_id) {
        err_set(err, ERR_PARSE, "A run in the reply has no run_id");
        return -1;
    }
    if (runset_begin_run(rs, &in) < 0)
        goto nomem;
    if (metrics) {
        cJSON_ArrayForEach(it, metrics) {
            const char *k = json_str(it, "key");
            if (!k)
                continue;
            if (runset_add_metric(rs, k, json_metric(it, "value"), json_get_int64(it, "step", 0)) < 0)
                goto nomem;
        }
    }
    if (params) {
        cJSON_ArrayForEach(it, params) {
            const char *k = json_str(it, "key"), *v = json_str(it, "value");
            if (!k)
                continue;
            if (runset_add_param(rs, k, v ? v : "") < 0)
                goto nomem;
        }
    }
    if (tags) {
        cJSON_ArrayForEach(it, tags) {
            const char *k = json_str(it, "key"), *v = json_str(it, "value");
            if (!k)
                continue;
            if (runset_add_tag(rs, k, v ? v : "") < 0)
                goto nomem;
        }
    }
    f = parse_flavour(tag_value(tags, "mlflow.log-model.history"),
                      tag_value(tags, "model_flavor"),
                      tag_value(tags, "estimator_class"), flav, sizeof flav);
    if (f && runset_set_flavour(rs, f) < 0)
        goto nomem;
    if (runset_end_run(rs) < 0)
        goto nomem;
    return 0;
nomem:
    json_nomem(err);
    return -1;
}

int parse_runs(const char *body, size_t len, RunSet *out, char **next_token, Err *err)
{
    return parse_runs_max(body, len, out, 0, next_token, err);
}

int parse_runs_open(const char *body, size_t len, void **tree, char **next_token,
                    size_t *n_runs, Err *err)
{
    cJSON *root;
    const cJSON *arr;

    *tree = NULL;
    if (next_token)
        *next_token = NULL;
    root = json_root(body, len, "runs/search", err);
    if (!root)
        return -1;
    if (json_take_token(root, next_token, err) < 0) {
        cJSON_Delete(root);
        return -1;
    }
    arr = json_arr(root, "runs");
    if (n_runs)
        *n_runs = arr ? (size_t)cJSON_GetArraySize(arr) : 0;
    *tree = root;
    return 0;
}

int parse_runs_take(void *tree, RunSet *out, long max, Err *err)
{
    cJSON *root = tree;
    const cJSON *arr, *it;
    long taken = 0;
    int rc = 0;

    if (!root)
        return 0;
    arr = max < 0 ? NULL : json_arr(root, "runs");
    if (arr) {
        cJSON_ArrayForEach(it, arr) {
            if (max > 0 && taken++ >= max)
                break;
            if (add_run(out, it, err) < 0) {
                rc = -1;
                break;
            }
        }
    }
    cJSON_Delete(root);
    return rc;
}

int parse_runs_max(const char *body, size_t len, RunSet *out, long max, char **next_token,
                   Err *err)
{
    void *tree;

    if (parse_runs_open(body, len, &tree, next_token, NULL, err) < 0)
        return -1;
    if (parse_runs_take(tree, out, max, err) < 0) {
        if (next_token) {
            free(*next_token);
            *next_token = NULL;
        }
        return -1;
    }
    return 0;
}

static int read_run(const cJSON *obj, void *out, Err *err)
{
    return add_run(out, obj, err);
}

int parse_run(const char *body, size_t len, RunSet *out, Err *err)
{
    return json_read_object(body, len, "runs/get", "run", read_run, out, err);
}

/* ---- metric history ----------------------------------------------------- */

int parse_history(const char *body, size_t len, MetricHistory *out, char **next_token,
                  Err *err)
{
    cJSON *root;
    const cJSON *arr, *it;
    int rc = -1;

    if (next_token)
        *next_token = NULL;
    root = json_root(body, len, "metrics/get-history", err);
    if (!root)
        return -1;
    arr = json_arr(root, "metrics");
    if (arr) {
        cJSON_ArrayForEach(it, arr) {
            if (!cJSON_IsObject(it))
                continue;
            if (history_push(out, json_get_int64(it, "step", 0), json_get_int64(it, "timestamp", 0),
                             json_metric(it, "value")) < 0) {
                json_nomem(err);
                goto out;
            }
        }
    }
    if (json_take_token(root, next_token, err) < 0)
        goto out;
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

/* ---- errors ------------------------------------------------------------- */

void parse_one_line(char *dst, size_t size, const char *src, size_t len, size_t max)
{
    size_t o = 0, i;
    int space = 0, cut = 0;

    if (size == 0)
        return;
    if (max == 0 || max > size - 1)
        max = size - 1;
    for (i = 0; i < len && src[i]; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c < 0x20 || c == 0x7f || c == ' ') {
            space = o > 0;
            continue;
        }
        if (o + (space ? 2 : 1) > max) {
            cut = 1;
            break;
        }
        if (space)
            dst[o++] = ' ';
        space = 0;
        dst[o++] = (char)c;
    }
    if (cut) {
        /* Make room for "...", then back off to a UTF-8 character boundary. */
        size_t written = o;
        unsigned char next = (unsigned char)src[i];
        o = o > max - 3 ? max - 3 : o;
        /* the byte that would follow dst[o-1] must start a character */
        while (o > 0 && (((o < written ? (unsigned char)dst[o] : next) & 0xC0) == 0x80))
            o--;
        while (o > 0 && dst[o - 1] == ' ')
            o--;
        memcpy(dst + o, "...", 3);
        o += 3;
    }
    dst[o] = '\0';
}

/* Plain text of an HTML page: its <title>, else the text with tags removed. */
static void html_text(char *dst, size_t size, const char *body, size_t len)
{
    char tmp[1024];
    size_t o = 0, i;
    const char *t = NULL, *te = NULL;
    int intag = 0;

    for (i = 0; i + 7 <= len; i++) {
        if (strncasecmp(body + i, "<title>", 7) == 0) {
            t = body + i + 7;
            break;
        }
    }
    if (t) {
        for (te = t; te < body + len && *te && *te != '<'; te++)
            ;
        parse_one_line(dst, size, t, (size_t)(te - t), 160);
        if (dst[0])
            return;
    }
    for (i = 0; i < len && body[i] && o + 1 < sizeof tmp; i++) {
        if (body[i] == '<')
            intag = 1;
        else if (body[i] == '>')
            intag = 0, tmp[o++] = ' ';
        else if (!intag)
            tmp[o++] = body[i];
    }
    tmp[o] = '\0';
    parse_one_line(dst, size, tmp, o, 160);
}

static int is_json_type(const char *ct)
{
    return ct && strstr(ct, "json") != NULL;
}

static int is_html(const char *ct, const char *body, size_t len)
{
    size_t i = 0;

    if (ct && strstr(ct, "html"))
        return 1;
    while (i < len && isspace((unsigned char)body[i]))
        i++;
    return i < len && body[i] == '<';
}

static const char *status_hint(long status)
{
    switch (status) {
    case 400: return "bad request";
    case 404: return "endpoint not found \xe2\x80\x94 is this an MLflow server, is the URI right?";
    case 405: return "method not allowed \xe2\x80\x94 is this an MLflow server, is the URI right?";
    case 408: return "request timeout";
    case 413: return "request too large";
    case 429: return "too many requests \xe2\x80\x94 try again later";
    case 500: return "internal server error";
    case 502: return "bad gateway \xe2\x80\x94 is the server behind the proxy running?";
    case 503: return "service unavailable \xe2\x80\x94 try again later";
    case 504: return "gateway timeout \xe2\x80\x94 the server took too long";
    default:  return NULL;
    }
}

void parse_error_reply_at(long status, const char *content_type, const char *body,
                          size_t len, const char *path, Err *err)
{
    char text[320] = "";
    char from[200] = "";
    char code[sizeof err->code] = "";
    cJSON *root = NULL;
    const char *hint;

    if (!body)
        len = 0;
    if (path && path[0])
        snprintf(from, sizeof from, " from %s", path);

    /* MLflow's own error body, whatever the status. */
    if (len > 0 && (is_json_type(content_type) || (body[0] == '{')))
        root = cJSON_ParseWithLength(body, len);
    if (cJSON_IsObject(root)) {
        const char *c = json_str(root, "error_code"), *m = json_str(root, "message");
        if (c)
            snprintf(code, sizeof code, "%s", c);
        if (m)
            parse_one_line(text, sizeof text, m, strlen(m), 300);
        else if (c)
            snprintf(text, sizeof text, "%s", c);
        if (!c && !m) {
            /* Some proxies answer {"detail": ...} or {"error": ...}. */
            const char *d = json_str(root, "detail") ? json_str(root, "detail")
                                                     : json_str(root, "error");
            if (d)
                parse_one_line(text, sizeof text, d, strlen(d), 300);
        }
    } else if (len > 0) {
        if (is_html(content_type, body, len))
            html_text(text, sizeof text, body, len);
        else
            parse_one_line(text, sizeof text, body, len, 300);
    }

    if (status == 401) {
        err_set(err, ERR_AUTH, "Not authenticated (401): set MLFLOW_TRACKING_USERNAME/PASSWORD "
                "or MLFLOW_TRACKING_TOKEN");
    } else if (status == 403 && strstr(text, "Invalid Host header")) {
        err_set(err, ERR_AUTH, "Permission denied (403): the server rejected the Host header "
                "(\"Invalid Host header - possible DNS rebinding attack detected\"): start it "
                "with --allowed-hosts (or MLFLOW_SERVER_ALLOWED_HOSTS) including the host "
                "name and port you used");
    } else if (status == 403) {
        err_set(err, ERR_AUTH, "Permission denied (403)%s: %s", from,
                text[0] ? text : "this user may not do that; check the credentials in "
                "MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN");
    } else if (code[0]) {
        err_set(err, ERR_SERVER, "%s", text[0] ? text : code);
    } else {
        hint = status_hint(status);
        if (hint && text[0] && status >= 500 && status != 502)
            err_set(err, ERR_HTTP, "HTTP %ld%s: %s: %s", status, from, hint, text);
        else if (hint)
            err_set(err, ERR_HTTP, "HTTP %ld%s: %s", status, from, hint);
        else if (status >= 300 && status < 400)
            err_set(err, ERR_HTTP, "HTTP %ld%s: redirected \xe2\x80\x94 use the final address "
                    "as the tracking URI", status, from);
        else if (text[0])
            err_set(err, ERR_HTTP, "HTTP %ld%s: %s", status, from, text);
        else
            err_set(err, ERR_HTTP, "HTTP %ld%s", status, from);
    }
    err->http_status = (int)status;
    memcpy(err->code, code, sizeof err->code);
    cJSON_Delete(root);
}

void parse_error_reply(long status, const char *content_type, const char *body, size_t len,
                       Err *err)
{
    parse_error_reply_at(status, content_type, body, len, NULL, err);
}
