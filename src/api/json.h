/* json.h — the small cJSON readers every reply parser in api/ shares
 * (parse.c, registry.c, logged_models.c): a reply's root object, typed members with
 * defaults, MLflow's int64s (numbers or strings) and the next page token.
 * cJSON never leaves api/. */
#ifndef MLTUI_API_JSON_H
#define MLTUI_API_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/err.h"
#include "core/model.h"

/* The reply body as a JSON object, or NULL with err (ERR_PARSE) naming what
 * (e.g. "runs/search"): empty, not JSON, or not an object. */
cJSON       *json_root(const char *body, size_t len, const char *what, Err *err);
/* A string / array member, or NULL when absent or of another type. */
const char  *json_str(const cJSON *obj, const char *name);
const cJSON *json_arr(const cJSON *obj, const char *name);
/* An int64 sent as a JSON number or a decimal string (MLflow sends both);
 * dflt when absent, of another type or out of range. */
int64_t      json_int64(const cJSON *it, int64_t dflt);
int64_t      json_get_int64(const cJSON *obj, const char *name, int64_t dflt);
/* A metric value sent as a JSON number or a string ("NaN", "Infinity",
 * "-inf", "1e3": MLflow writes non-finite values as strings); NaN when
 * absent or of another type. */
double       json_metric(const cJSON *obj, const char *name);
/* *next_token := root's next_page_token (malloc'd) or NULL; -1 with err
 * (ERR_NOMEM) when out of memory. next_token NULL: nothing to do. */
int          json_take_token(const cJSON *root, char **next_token, Err *err);
/* err := out of memory while reading a reply; returns -1. */
int          json_nomem(Err *err);

/* One item of a reply: reads obj into out; 0, or -1 with err set (a fill
 * that can only run out of memory may leave err to the caller: see below). */
typedef int (*JsonItemFn)(const cJSON *obj, void *out, Err *err);
/* A list reply (runs/search's shape): each object of root[key] (absent or
 * not an array: none) given to item, then *next_token := the page token.
 * -1 stops at the first item that fails; an item that failed without
 * setting err is reported as out of memory. */
int json_read_list(const char *body, size_t len, const char *what, const char *key,
                   JsonItemFn item, void *out, char **next_token, Err *err);
/* A single-object reply (runs/get's shape): root[key] given to item; -1 with
 * "Reply to WHAT has no KEY" when it is missing or not an object. */
int json_read_object(const char *body, size_t len, const char *what, const char *key,
                     JsonItemFn item, void *out, Err *err);

/* Writers of the same shapes (the local cache keeps lists as MLflow's
 * replies, read back by the parsers above). Each adds member name to obj
 * and returns false when out of memory. */
/* s NULL is written as "" (what the parsers make of an absent string). */
bool json_add_str(cJSON *obj, const char *name, const char *s);
/* Left out when v == none; a number when a double holds it exactly, else a
 * decimal string (json_int64 reads both). */
bool json_add_int64(cJSON *obj, const char *name, int64_t v, int64_t none);
/* A number; NaN and the infinities as MLflow's strings ("NaN", "Infinity",
 * "-Infinity"), which json_metric reads back. */
bool json_add_metric(cJSON *obj, const char *name, double v);
/* A new object appended to array arr, or NULL. */
cJSON *json_push_object(cJSON *arr);
/* [{"key", "value"}, ...] (always present, maybe empty). */
bool json_add_tags(cJSON *obj, const char *name, const Tag *tags, size_t n);

#endif
