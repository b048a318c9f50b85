/* json.c — see json.h. */
#include "api/json.h"

#include <errno.h>
#include <math.h>
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
