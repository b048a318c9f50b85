/* local.c — the typed requests of the local data source, run as API jobs
 * (see local.h for why jobs and why JSON for api_call). */
#define _GNU_SOURCE
#include "api/local.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/registry.h"
#include "api/transport.h"
#include "core/filter.h"

struct Local {
    Store          *store;
    char           *uri;        /* the store's path, for messages */
    char            label[300];
    pthread_mutex_t mu;         /* one job at a time in the store */
};

/* One request: the Req built for the network (its parameters owned by it),
 * and an ApiCall view of a REQ_CALL's path and body. */
typedef struct Job {
    Local    *l;
    Req      *r;
    ApiCall   call;     /* REQ_CALL: path after the base URL, body, save_to */
} Job;

static void job_free(void *ctx)
{
    Job *j = ctx;

    if (!j)
        return;
    transport_req_free(j->r);
    free(j);
}

static void invalid_filter(Err *err, const char *why)
{
    err_clear(err);
    err->kind = ERR_SERVER;
    err->http_status = 400;
    snprintf(err->code, sizeof err->code, "INVALID_PARAMETER_VALUE");
    snprintf(err->message, sizeof err->message, "%s", why);
}

/* A registry search answered as the JSON of one page and read back by the
 * server's parser (registry.c), so both sources give the same lists. */
static void registry_search(Store *s, const Req *q, ApiResult *r)
{
    bool versions = q->kind == REQ_VERSIONS_SEARCH;
    char *tok = NULL;

    local_registry_search(s, q->filter, versions, r);
    if (r->err.kind != ERR_OK || !r->body)
        goto out;
    if (versions ? !(r->versions = calloc(1, sizeof *r->versions))
                 : !(r->models = calloc(1, sizeof *r->models))) {
        err_set(&r->err, ERR_NOMEM, "out of memory");
        goto out;
    }
    if (versions)
        reg_parse_versions(r->body, r->body_len, r->versions, &tok, &r->err);
    else
        reg_parse_models(r->body, r->body_len, r->models, &tok, &r->err);
out:
    free(tok);
    free(r->body);
    free(r->content_type);
    r->body = r->content_type = NULL;
    r->body_len = 0;
    r->status = 0;
}

/* Runs of a local store come in two results when there are many: the
 * first LOCAL_FIRST_RUNS in MLflow's default order as soon as they are read
 * (a third of a second on 100,000 runs: rows on screen at once, as a
 * server's first page), then the rest (store_runs_first). */
#define LOCAL_FIRST_RUNS 1000

typedef struct Early {
    ApiJobSink *sink;
    int         tag;
} Early;

static void send_early(void *ctx, RunSet *rs)
{
    Early *e = ctx;
    ApiResult *r = api_job_result(e->sink);

    if (!r) {   /* out of memory: the runs are dropped, and the read fails */
        runset_free(rs);
        e->sink = NULL;
        return;
    }
    r->runs = rs;
    r->tag = e->tag;
    r->final = false;
    api_job_send(e->sink, r);
}

/* Answers one request from the store (worker thread, store lock held). */
static void answer(Local *l, Job *j, ApiJobSink *sink, ApiResult *r)
{
    const Req *q = j->r;
    Filter f = { 0 };
    char why[512];

    switch (q->kind) {
    case REQ_EXPERIMENTS_SEARCH:
        if (filter_parse(q->filter, FILTER_EXPERIMENTS, &f, why, sizeof why) < 0) {
            invalid_filter(&r->err, why);
            break;
        }
        if (!(r->experiments = calloc(1, sizeof *r->experiments))) {
            err_set(&r->err, ERR_NOMEM, "out of memory");
            break;
        }
        if (store_experiments(l->store, q->view_type, &f, r->experiments, &r->err) < 0) {
            explist_free(r->experiments);
            r->experiments = NULL;
        }
        break;
    case REQ_EXPERIMENT_GET:
        /* by name: mlflow.c keeps the name in arg2 (arg1 NULL) */
        if (!(r->experiment = calloc(1, sizeof *r->experiment))) {
            err_set(&r->err, ERR_NOMEM, "out of memory");
            break;
        }
        if (store_experiment_get(l->store, q->arg2 ? NULL : q->arg1, q->arg2, r->experiment,
                                 &r->err) < 0) {
            free(r->experiment);
            r->experiment = NULL;
        }
        break;
    case REQ_RUNS_SEARCH:
        /* All runs at once, in MLflow's default order; order_by is not applied
         * (views sort what they hold). */
        if (filter_parse(q->filter, FILTER_RUNS, &f, why, sizeof why) < 0) {
            invalid_filter(&r->err, why);
            break;
        }
        if (!(r->runs = runset_new())) {
            err_set(&r->err, ERR_NOMEM, "out of memory");
            break;
        }
        if (q->max_total <= 0) {
            Early e = { .sink = sink, .tag = q->tag };
            StoreFirst fs = { .first = LOCAL_FIRST_RUNS, .early = send_early, .ctx = &e };
            int rc = store_runs_first(l->store, (const char *const *)q->exp_ids, q->n_exp_ids,
                                      q->view_type, &f, &fs, r->runs, &r->err);
            if (rc == 0 && !e.sink)
                err_set(&r->err, ERR_NOMEM, "Out of memory delivering runs");
            if (rc < 0 || !e.sink) {
                runset_free(r->runs);
                r->runs = NULL;
            }
            break;
        }
        if (store_runs(l->store, (const char *const *)q->exp_ids, q->n_exp_ids, q->view_type,
                       &f, r->runs, &r->err) < 0) {
            runset_free(r->runs);
            r->runs = NULL;
            break;
        }
        if (q->max_total > 0 && r->runs->n_runs > (size_t)q->max_total) {
            uint32_t *idx = malloc((size_t)q->max_total * sizeof *idx);
            if (!idx) {
                err_set(&r->err, ERR_NOMEM, "out of memory");
                runset_free(r->runs);
                r->runs = NULL;
                break;
            }
            for (long i = 0; i < q->max_total; i++)
                idx[i] = (uint32_t)i;
            runset_select(r->runs, idx, (size_t)q->max_total);
            free(idx);
        }
        break;
    case REQ_RUN_GET:
        if (!(r->runs = runset_new())) {
            err_set(&r->err, ERR_NOMEM, "out of memory");
            break;
        }
        if (store_run_get(l->store, q->arg1, r->runs, &r->err) < 0) {
            runset_free(r->runs);
            r->runs = NULL;
        }
        break;
    case REQ_METRIC_HISTORY:
        store_metric_history(l->store, q->arg1, q->arg2, &r->history, &r->err);
        break;
    case REQ_MODELS_SEARCH:
    case REQ_VERSIONS_SEARCH:
        registry_search(l->store, q, r);
        break;
    case REQ_CALL:
        local_rest(l->store, &j->call, l->uri, r);
        break;
    }
    filter_free(&f);
    {
        char w[600];
        if (store_take_warning(l->store, w, sizeof w) > 0)
            r->warning = strdup(w);
    }
}

static void job_run(void *ctx, ApiJobSink *sink, const atomic_int *cancelled)
{
    Job *j = ctx;
    ApiResult *r;

    if (atomic_load(cancelled) || !(r = api_job_result(sink)))
        return;
    r->final = true;
    r->page = 1;
    r->tag = j->r->tag;
    pthread_mutex_lock(&j->l->mu);
    store_set_cancel(j->l->store, cancelled);   /* Esc stops a long read */
    answer(j->l, j, sink, r);
    store_set_cancel(j->l->store, NULL);
    pthread_mutex_unlock(&j->l->mu);
    api_job_send(sink, r);
}

Local *local_new(StoreKind kind, const char *path, const char *artifacts_root, Err *err)
{
    Local *l = calloc(1, sizeof *l);

    if (!l) {
        err_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&l->mu, NULL);
    if (!(l->store = store_open(kind, path, artifacts_root, err)))
        goto fail;
    if (!(l->uri = strdup(path))) {
        err_set(err, ERR_NOMEM, "out of memory");
        goto fail;
    }
    snprintf(l->label, sizeof l->label, "%s %s", kind == STORE_SQLITE ? "sqlite:" : "file store:",
             path);
    return l;
fail:
    local_free(l);
    return NULL;
}

void local_free(Local *l)
{
    if (!l)
        return;
    store_close(l->store);
    pthread_mutex_destroy(&l->mu);
    free(l->uri);
    free(l);
}

const char *local_describe(const Local *l) { return store_describe(l->store); }
const char *local_label(const Local *l) { return l->label; }

void local_read_only_message(const Local *l, char *buf, size_t size)
{
    snprintf(buf, size, "This is a local store opened read-only; run `mlflow server "
             "--backend-store-uri %s%s` to change it.",
             store_kind(l->store) == STORE_SQLITE ? "sqlite:///" : "", l->uri);
}

static const char *kind_label(ReqKind k)
{
    switch (k) {
    case REQ_EXPERIMENTS_SEARCH: return "reading experiments";
    case REQ_EXPERIMENT_GET:     return "reading an experiment";
    case REQ_RUNS_SEARCH:        return "reading runs";
    case REQ_RUN_GET:            return "reading a run";
    case REQ_METRIC_HISTORY:     return "reading a metric history";
    case REQ_CALL:               return "reading";
    case REQ_MODELS_SEARCH:      return "reading registered models";
    case REQ_VERSIONS_SEARCH:    return "reading model versions";
    }
    return "reading";
}

uint64_t local_submit(Local *l, Api *api, Req *r)
{
    Job *j = calloc(1, sizeof *j);
    uint64_t id = 0;
    Err e;

    if (j) {
        j->l = l;
        j->r = r;
        if (r->kind == REQ_CALL) {
            /* api_call built url as base_url + path; the base is the label */
            size_t base = strlen(api->base_url);
            const char *path = r->url && !strncmp(r->url, api->base_url, base) ? r->url + base
                                                                              : "/";
            j->call = (ApiCall){ .method = r->method, .path = path, .body = r->post,
                                 .body_len = r->post_len, .tag = r->tag,
                                 .save_to = r->save_to, .label = r->label,
                                 /* the caps the transport would apply */
                                 .max_bytes = r->save_to ? r->max_save : r->max_body };
        }
        id = api_job(api, r->owner, r->gen, r->kind,
                     r->kind == REQ_CALL && r->label ? r->label : kind_label(r->kind),
                     job_run, j, job_free);
    }
    if (id)
        return id;
    free(j);
    id = r->id;
    err_set(&e, ERR_NOMEM, "Out of memory starting %s", r->endpoint);
    queue_error(api, r, &e);
    transport_req_free(r);
    return id;
}

/* ---- api.h's questions about the data source ---- */

bool api_is_local(const Api *api)
{
    return api && api->local;
}

const char *api_source_describe(const Api *api)
{
    return api && api->local ? local_describe(api->local) : api_base_url(api);
}

const char *api_read_only_reason(const Api *api)
{
    Api *a = (Api *)api;

    if (!api || !api->local)
        return "";
    local_read_only_message(api->local, a->reason, sizeof a->reason);
    return a->reason;
}
