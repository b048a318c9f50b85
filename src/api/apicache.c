/* apicache.c — the API layer's side of the local cache (see api.h,
 * "The local cache"): the store/cache.h file opened on first use and used
 * only inside jobs (api_job), one call at a time under its mutex. Keys are
 * the server URL without credentials (cache_server_key) and the experiment. */
#include "api/api.h"
#include "api/transport.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "api/parse.h"
#include "core/format.h"
#include "core/runblob.h"
#include "store/cache.h"

struct ApiCache {
    pthread_mutex_t mu;
    Cache          *cache;     /* NULL until opened (or when it cannot be) */
    bool            tried;
    char           *dir;       /* NULL: the default folder */
    size_t          max_bytes;
    char           *note;      /* from opening, until taken */
    char           *server;    /* the cache key of this API's server */
};


static int64_t wall_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void api_cache_enable(Api *api, const char *dir, size_t max_bytes)
{
    struct ApiCache **slot, *c;

    if (!api || *(slot = api__cache_slot(api)))
        return;
    c = calloc(1, sizeof *c);
    if (!c)
        return;
    pthread_mutex_init(&c->mu, NULL);
    c->dir = dir ? strdup(dir) : NULL;
    c->max_bytes = max_bytes;
    c->server = cache_server_key(api_base_url(api));
    if ((dir && !c->dir) || !c->server) {
        api__cache_free(c);
        return;
    }
    *slot = c;
}

bool api_cache_enabled(const Api *api)
{
    return api && *api__cache_slot((Api *)api);
}

void api__cache_free(struct ApiCache *c)
{
    if (!c)
        return;
    cache_close(c->cache);
    pthread_mutex_destroy(&c->mu);
    free(c->dir);
    free(c->note);
    free(c->server);
    free(c);
}

/* On a worker, with c->mu held: the open cache, or NULL. */
static Cache *opened(struct ApiCache *c)
{
    if (!c->tried) {
        char note[512];

        c->tried = true;
        c->cache = cache_open(c->dir, c->max_bytes, note, sizeof note);
        if (note[0])
            c->note = strdup(note);
    }
    return c->cache;
}

char *api_cache_take_note(Api *api)
{
    struct ApiCache *c = api ? *api__cache_slot(api) : NULL;
    char            *n;

    if (!c)
        return NULL;
    pthread_mutex_lock(&c->mu);
    n = c->note;
    c->note = NULL;
    pthread_mutex_unlock(&c->mu);
    return n;
}

/* ---- jobs ---- */

typedef struct CacheJob {
    struct ApiCache *c;
    char            *key;     /* experiment id */
    unsigned char   *blob;    /* store: the encoded runs (or JSON) */
    size_t           len;
    const char      *kind;    /* store: the entry's kind; NULL: "runs" */
} CacheJob;

static void job_free(void *p)
{
    CacheJob *j = p;

    free(j->key);
    free(j->blob);
    free(j);
}

static CacheJob *job_new(struct ApiCache *c, const char *key)
{
    CacheJob *j = calloc(1, sizeof *j);

    if (j && key && !(j->key = strdup(key))) {
        free(j);
        return NULL;
    }
    if (j)
        j->c = c;
    return j;
}

static void run_get(void *ctx, ApiJobSink *sink, const atomic_int *cancelled)
{
    CacheJob  *j = ctx;
    ApiResult *r = api_job_result(sink);
    Cache     *cache;

    (void)cancelled;
    if (!r)
        return;
    pthread_mutex_lock(&j->c->mu);
    if ((cache = opened(j->c)))
        r->runs = cache_get_runs(cache, j->c->server, j->key, &r->cached_ms, wall_ms());
    pthread_mutex_unlock(&j->c->mu);
    r->cached = true;
    r->final = true;
    api_job_send(sink, r);
}

uint64_t api_cache_runs(Api *api, int owner, unsigned gen, const char *experiment_id)
{
    struct ApiCache *c = api ? *api__cache_slot(api) : NULL;
    CacheJob        *j;
    uint64_t         id;

    if (!c || !experiment_id || !(j = job_new(c, experiment_id)))
        return 0;
    id = api_job(api, owner, gen, REQ_RUNS_SEARCH, "reading the cache", run_get, j, job_free);
    if (!id)
        job_free(j);
    return id;
}

static void run_put(void *ctx, ApiJobSink *sink, const atomic_int *cancelled)
{
    CacheJob  *j = ctx;
    ApiResult *r = api_job_result(sink);
    Cache     *cache;

    (void)cancelled;
    pthread_mutex_lock(&j->c->mu);
    if ((cache = opened(j->c)))
        cache_put(cache, j->c->server, j->kind ? j->kind : "runs", j->key, j->blob, j->len,
                  wall_ms());
    pthread_mutex_unlock(&j->c->mu);
    if (r) {
        r->final = true;
        api_job_send(sink, r);
    }
}

void api_cache_store_runs(Api *api, const char *experiment_id, const RunSet *rs)
{
    struct ApiCache *c = api ? *api__cache_slot(api) : NULL;
    CacheJob        *j;

    if (!c || !experiment_id || !rs || !(j = job_new(c, experiment_id)))
        return;
    /* Encoded here, on the loop's thread, because rs belongs to a view and may
     * change the moment we return; the blob is the job's own. */
    j->blob = runblob_encode(rs, &j->len);
    if (!j->blob || !api_job_kept(api, "saving to the cache", run_put, j, job_free))
        job_free(j);
}

/* ---- lists kept as one JSON reply -------------------------------------
 *
 * Every list but the runs (experiments, registered models, a model's
 * versions, an experiment's logged models) is kept as the reply MLflow's
 * server would send for it, and read back through that reply's own parser:
 * one path for all of them, here. */

typedef struct ListJob {
    CacheJob   base;
    const char *kind;
    int         tag;         /* given back in the result */
    int        (*parse)(ApiResult *r, const char *json, size_t len);  /* NULL: body */
} ListJob;

static void run_get_list(void *ctx, ApiJobSink *sink, const atomic_int *cancelled)
{
    ListJob   *j = ctx;
    ApiResult *r = api_job_result(sink);
    Cache     *cache;
    char      *blob = NULL;
    size_t     len = 0;

    (void)cancelled;
    if (!r)
        return;
    pthread_mutex_lock(&j->base.c->mu);
    if ((cache = opened(j->base.c)))
        blob = cache_get(cache, j->base.c->server, j->kind, j->base.key, &len, &r->cached_ms,
                         wall_ms());
    pthread_mutex_unlock(&j->base.c->mu);
    if (blob) {
        char *text = realloc(blob, len + 1);   /* a NUL after the JSON, as a reply has */

        if (text) {
            blob = text;
            blob[len] = '\0';
            if (!j->parse) {
                r->body = blob;
                r->body_len = len;
                blob = NULL;
            } else if (j->parse(r, blob, len) < 0) {
                r->cached_ms = 0;   /* not what we wrote: ignored */
            }
        }
    }
    free(blob);
    r->tag = j->tag;
    r->cached = true;
    r->final = true;
    api_job_send(sink, r);
}

static uint64_t get_list(Api *api, int owner, unsigned gen, ReqKind as, int tag,
                         const char *kind, const char *key,
                         int (*parse)(ApiResult *r, const char *json, size_t len))
{
    struct ApiCache *c = api ? *api__cache_slot(api) : NULL;
    ListJob         *j;
    uint64_t         id;

    if (!c || !key || !(j = calloc(1, sizeof *j)))
        return 0;
    if (!(j->base.key = strdup(key))) {
        free(j);
        return 0;
    }
    j->base.c = c;
    j->kind = kind;
    j->tag = tag;
    j->parse = parse;
    id = api_job(api, owner, gen, as, "reading the cache", run_get_list, j, job_free);
    if (!id)
        job_free(j);
    return id;
}

/* Takes json (malloc'd, NUL-terminated; NULL: nothing to store). */
static void put_list(Api *api, const char *kind, const char *key, char *json)
{
    struct ApiCache *c = api ? *api__cache_slot(api) : NULL;
    CacheJob        *j;

    if (!c || !key || !json || !(j = job_new(c, key))) {
        free(json);
        return;
    }
    j->blob = (unsigned char *)json;
    j->len = strlen(json);
    j->kind = kind;
    if (!api_job_kept(api, "saving to the cache", run_put, j, job_free))
        job_free(j);
}

uint64_t api_cache_list(Api *api, int owner, unsigned gen, int tag, const char *kind,
                        const char *key)
{
    return get_list(api, owner, gen, REQ_CALL, tag, kind, key, NULL);
}

void api_cache_store_list(Api *api, const char *kind, const char *key, char *json)
{
    put_list(api, kind, key, json);
}

/* ---- the experiments list ---- */

static int parse_cached_experiments(ApiResult *r, const char *json, size_t len)
{
    Err e;

    err_clear(&e);
    if (!(r->experiments = calloc(1, sizeof *r->experiments)))
        return -1;
    if (parse_experiments(json, len, r->experiments, NULL, &e) < 0) {
        explist_free(r->experiments);
        r->experiments = NULL;
        return -1;
    }
    return 0;
}

uint64_t api_cache_experiments(Api *api, int owner, unsigned gen)
{
    return get_list(api, owner, gen, REQ_EXPERIMENTS_SEARCH, 0, "experiments", "active",
                    parse_cached_experiments);
}

/* MLflow's experiments/search reply shape, so the server's parser reads it. */
static char *experiments_json(const ExperimentList *l)
{
    cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "experiments");
    char  *out = NULL;
    bool   ok = root && arr;

    for (size_t i = 0; ok && i < l->n; i++) {
        const Experiment *x = &l->items[i];
        cJSON *o = cJSON_CreateObject(), *tags;

        ok = o && cJSON_AddItemToArray(arr, o) &&
             cJSON_AddStringToObject(o, "experiment_id", x->id ? x->id : "") &&
             cJSON_AddStringToObject(o, "name", x->name ? x->name : "") &&
             (!x->artifact_location ||
              cJSON_AddStringToObject(o, "artifact_location", x->artifact_location)) &&
             (!x->lifecycle_stage ||
              cJSON_AddStringToObject(o, "lifecycle_stage", x->lifecycle_stage)) &&
             (x->creation_time == TIME_NONE ||
              cJSON_AddNumberToObject(o, "creation_time", (double)x->creation_time)) &&
             (x->last_update_time == TIME_NONE ||
              cJSON_AddNumberToObject(o, "last_update_time", (double)x->last_update_time)) &&
             (tags = cJSON_AddArrayToObject(o, "tags"));
        for (size_t t = 0; ok && t < x->n_tags; t++) {
            cJSON *tg = cJSON_CreateObject();
            ok = tg && cJSON_AddItemToArray(tags, tg) &&
                 cJSON_AddStringToObject(tg, "key", x->tags[t].key ? x->tags[t].key : "") &&
                 cJSON_AddStringToObject(tg, "value", x->tags[t].value ? x->tags[t].value : "");
        }
    }
    if (ok)
        out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

void api_cache_store_experiments(Api *api, const ExperimentList *l)
{
    if (api && *api__cache_slot(api) && l)
        put_list(api, "experiments", "active", experiments_json(l));
}

/* On a worker, with c->mu held: replaces the note. */
static void set_note(struct ApiCache *c, const char *text)
{
    free(c->note);
    c->note = strdup(text);
}

static void run_admin(void *ctx, ApiJobSink *sink, const atomic_int *cancelled)
{
    CacheJob  *j = ctx;
    ApiResult *r = api_job_result(sink);
    Cache     *cache;
    char       buf[700], size[32];

    (void)cancelled;
    pthread_mutex_lock(&j->c->mu);
    if ((cache = opened(j->c))) {
        size_t bytes = 0, n = 0;
        long   gone = j->key ? cache_clear(cache) : 0;

        if (gone < 0) {
            snprintf(buf, sizeof buf, "Could not clear the cache %s", cache_path(cache));
        } else if (j->key) {
            snprintf(buf, sizeof buf, "Cleared the cache: %ld entr%s deleted (%s)", gone,
                     gone == 1 ? "y" : "ies", cache_path(cache));
        } else if (cache_usage(cache, &bytes, &n) == 0) {
            fmt_bytes(bytes, size, sizeof size);
            snprintf(buf, sizeof buf, "Cache: %s in %zu entr%s (%s)", size, n,
                     n == 1 ? "y" : "ies", cache_path(cache));
        } else {
            snprintf(buf, sizeof buf, "Could not read the cache %s", cache_path(cache));
        }
        set_note(j->c, buf);
    }
    pthread_mutex_unlock(&j->c->mu);
    if (r) {
        r->final = true;
        api_job_send(sink, r);
    }
}

static void cache_admin(Api *api, bool clear)
{
    struct ApiCache *c = api ? *api__cache_slot(api) : NULL;
    CacheJob        *j;

    /* key marks a clear (its text is not used) */
    if (!c || !(j = job_new(c, clear ? "clear" : NULL)))
        return;
    if (!api_job(api, 0, 0, REQ_CALL, clear ? "clearing the cache" : "measuring the cache",
                 run_admin, j, job_free))
        job_free(j);
}

void api_cache_clear(Api *api)
{
    cache_admin(api, true);
}

void api_cache_usage(Api *api)
{
    cache_admin(api, false);
}
