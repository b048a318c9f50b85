/* json.c — see json.h. */
#include "api/json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/parse.h"

cJSON *json_root(const char *body, size_t len, const char *what, Err *err)
{
    cJSON *root;

    if (!body || len == 0) {
        err_set(err, ERR_PARSE, "Empty reply to %s", what);
        return NULL;
    }
    root = cJSON_ParseWithLength(body, len);
    if (!root) {
        err_set(err, ERR_PARSE, "Reply to %s is not valid JSON (%zu bytes)", what, len);
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        err_set(err, ERR_PARSE, "Reply to %s is not a JSON object", what);
        return NULL;
    }
    return root;
}

const char *json_str(const cJSON *obj, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);

    return cJSON_IsString(it) ? it->valuestring : NULL;
}

const cJSON *json_arr(const cJSON *obj, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);

    return cJSON_IsArray(it) ? it : NULL;
}

int64_t json_int64(const cJSON *it, int64_t dflt)
{
    if (cJSON_IsNumber(it)) {
        double d = it->valuedouble;
        /* 9.2e18 is the first double >= 2^63. */
        if (isnan(d) || d >= 9223372036854775807.0 || d < -9223372036854775807.0)
            return dflt;
        return (int64_t)d;
    }
    if (cJSON_IsString(it) && it->valuestring && it->valuestring[0]) {
        const char *s = it->valuestring;
        char *end;
        long long v;

        errno = 0;
        v = strtoll(s, &end, 10);
        if (errno == 0 && end != s && *end == '\0')
            return (int64_t)v;
    }
    return dflt;
}

int64_t json_get_int64(const cJSON *obj, const char *name, int64_t dflt)
{
    return json_int64(cJSON_GetObjectItemCaseSensitive(obj, name), dflt);
}

double json_metric(const cJSON *obj, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);

    if (cJSON_IsNumber(it))
        return it->valuedouble;
    if (cJSON_IsString(it))
        return parse_metric_string(it->valuestring);
    return NAN;  /* absent or of another type: value unknown */
}

int json_nomem(Err *err)
{
    err_set(err, ERR_NOMEM, "Out of memory while reading the reply");
    return -1;
}

int json_take_token(const cJSON *root, char **next_token, Err *err)
{
    const char *t;

    if (!next_token)
        return 0;
    *next_token = NULL;
    t = json_str(root, "next_page_token");
    if (!t || !*t)
        return 0;
    if (!(*next_token = strdup(t)))
        return json_nomem(err);
    return 0;
}

/* An item that failed without saying why ran out of memory. */
static int item_failed(Err *err)
{
    if (err->kind == ERR_OK)
        return json_nomem(err);
    return -1;
}

int json_read_list(const char *body, size_t len, const char *what, const char *key,
                   JsonItemFn item, void *out, char **next_token, Err *err)
{
    cJSON *root;
    const cJSON *it;
    int rc = 0;

    if (next_token)
        *next_token = NULL;
    err_clear(err);
    if (!(root = json_root(body, len, what, err)))
        return -1;
    cJSON_ArrayForEach(it, json_arr(root, key)) {
        if (cJSON_IsObject(it) && item(it, out, err) != 0) {
            rc = item_failed(err);
            break;
        }
    }
    if (rc == 0 && json_take_token(root, next_token, err) != 0)
        rc = -1;
    cJSON_Delete(root);
    return rc;
}

int json_read_object(const char *body, size_t len, const char *what, const char *key,
                     JsonItemFn item, void *out, Err *err)
{
    cJSON *root;
    const cJSON *obj;
    int rc;

    err_clear(err);
    if (!(root = json_root(body, len, what, err)))
        return -1;
    obj = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!cJSON_IsObject(obj)) {
        err_set(err, ERR_PARSE, "Reply to %s has no %s", what, key);
        rc = -1;
    } else if (item(obj, out, err) != 0) {
        rc = item_failed(err);
    } else {
        rc = 0;
    }
    cJSON_Delete(root);
    return rc;
}

/* ---- writers ---- */

bool json_add_str(cJSON *obj, const char *name, const char *s)
{
    return cJSON_AddStringToObject(obj, name, s ? s : "") != NULL;
}

bool json_add_int64(cJSON *obj, const char *name, int64_t v, int64_t none)
{
    char buf[32];

    if (v == none)
        return true;
    if (v <= (INT64_C(1) << 53) && v >= -(INT64_C(1) << 53))
        return cJSON_AddNumberToObject(obj, name, (double)v) != NULL;
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return cJSON_AddStringToObject(obj, name, buf) != NULL;
}

bool json_add_metric(cJSON *obj, const char *name, double v)
{
    if (isnan(v))
        return cJSON_AddStringToObject(obj, name, "NaN") != NULL;
    if (isinf(v))
        return cJSON_AddStringToObject(obj, name, v > 0 ? "Infinity" : "-Infinity") != NULL;
    return cJSON_AddNumberToObject(obj, name, v) != NULL;
}

bool json_add_tags(cJSON *obj, const char *name, const Tag *tags, size_t n)
{
    cJSON *arr = cJSON_AddArrayToObject(obj, name);
    bool   ok = arr != NULL;

    for (size_t i = 0; ok && i < n; i++) {
        cJSON *t = json_push_object(arr);

        ok = t && json_add_str(t, "key", tags[i].key) && json_add_str(t, "value", tags[i].value);
    }
    return ok;
}

cJSON *json_push_object(cJSON *arr)
{
    cJSON *o = cJSON_CreateObject();

    if (o && !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        o = NULL;
    }
    return o;
}
