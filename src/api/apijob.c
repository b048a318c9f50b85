/* apijob.c — api_job (see api.h): work on worker threads (api/jobs.h)
 * delivered through api_next_result like a transfer's replies. */
#include "api/transport.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

/* One api_job: its request fields, and the worker-side state of api_job_send.
 * Lives from api_job until the job's done callback on the loop thread. */
struct ApiJobSink {
    Api        *api;
    uint64_t    req_id, job_id;
    int         owner;
    unsigned    gen;
    ReqKind     kind;
    int         pages;        /* results sent (worker side) */
    bool        sent_final;   /* worker side */
    atomic_int  dropped;      /* its owner went away: results are not delivered */
    char        label[96];
    ApiJobFn    fn;
    void       *ctx;
    void      (*free_ctx)(void *ctx);
    struct ApiJobSink *next;
};

static void api_wake(void *arg)
{
    curl_multi_wakeup(((Api *)arg)->multi);
}

ApiResult *api_job_result(ApiJobSink *s)
{
    ResNode *n = calloc(1, sizeof *n);

    if (!n)
        return NULL;
    n->r.kind = s->kind;
    n->r.req_id = s->req_id;
    n->r.owner = s->owner;
    n->r.gen = s->gen;
    return &n->r;
}

void api_job_send(ApiJobSink *s, ApiResult *r)
{
    ResNode *n = (ResNode *)r;

    if (!r)
        return;
    r->page = ++s->pages;
    if (r->err.kind != ERR_OK)
        r->final = true;
    s->sent_final = r->final;
    pthread_mutex_lock(&s->api->inbox_mu);
    n->next = NULL;
    if (s->api->inbox_tail)
        s->api->inbox_tail->next = n;
    else
        s->api->inbox = n;
    s->api->inbox_tail = n;
    pthread_mutex_unlock(&s->api->inbox_mu);
    api_wake(s->api);
}

static void job_run(void *ctx, const atomic_int *cancelled)
{
    ApiJobSink *s = ctx;

    s->fn(s->ctx, s, cancelled);
}

static void sink_unlink(Api *api, ApiJobSink *s)
{
    for (ApiJobSink **p = &api->sinks; *p; p = &(*p)->next)
        if (*p == s) {
            *p = s->next;
            api->n_sinks--;
            return;
        }
}

static void inbox_move(Api *api);

/* On the loop thread, once the worker has returned (or never started). */
static void job_done(void *ctx, bool cancelled, void *user)
{
    ApiJobSink *s = ctx;
    Api        *api = s->api;

    (void)user;
    /* Its results were all in the inbox before it finished, but perhaps not
     * when jobs_deliver last emptied it: move them while s still routes them,
     * or they would be dropped as a finished job's (a lost final result). */
    inbox_move(api);
    /* A job that ended without a final result still owes its view one. */
    if (!cancelled && !s->sent_final && !atomic_load(&s->dropped)) {
        ApiResult *r = api_job_result(s);

        if (r) {   /* on the loop thread already: straight into the queue */
            err_set(&r->err, ERR_PARSE, "%s ended without a result", s->label);
            r->page = s->pages + 1;
            r->final = true;
            result_queue(api, (ResNode *)r);
        }
    }
    sink_unlink(api, s);
    if (s->free_ctx)
        s->free_ctx(s->ctx);
    free(s);
}

static uint64_t job_submit(Api *api, int owner, unsigned gen, ReqKind kind, const char *label,
                           bool keep, ApiJobFn fn, void *ctx, void (*free_ctx)(void *ctx))
{
    ApiJobSink *s;

    if (!api || !fn)
        return 0;
    if (!api->jobs && !(api->jobs = jobs_new(2, api_wake, api)))
        return 0;
    s = calloc(1, sizeof *s);
    if (!s)
        return 0;
    s->api = api;
    s->req_id = api->next_id++;
    s->owner = owner;
    s->gen = gen;
    s->kind = kind;
    snprintf(s->label, sizeof s->label, "%s", label ? label : "working");
    s->fn = fn;
    s->ctx = ctx;
    s->free_ctx = free_ctx;
    s->job_id = keep ? jobs_submit_kept(api->jobs, owner, job_run, job_done, s)
                     : jobs_submit(api->jobs, owner, job_run, job_done, s);
    if (!s->job_id) {
        free(s);
        return 0;
    }
    s->next = api->sinks;
    api->sinks = s;
    api->n_sinks++;
    return s->req_id;
}

uint64_t api_job(Api *api, int owner, unsigned gen, ReqKind kind, const char *label,
                 ApiJobFn fn, void *ctx, void (*free_ctx)(void *ctx))
{
    return job_submit(api, owner, gen, kind, label, false, fn, ctx, free_ctx);
}

uint64_t api_job_kept(Api *api, const char *label, ApiJobFn fn, void *ctx,
                      void (*free_ctx)(void *ctx))
{
    return job_submit(api, 0, 0, REQ_CALL, label, true, fn, ctx, free_ctx);
}

/* Moves what workers sent into the result queue, dropping what belongs to
 * cancelled or unknown jobs. */
static void inbox_move(Api *api)
{
    ResNode *n, *next;

    pthread_mutex_lock(&api->inbox_mu);
    n = api->inbox;
    api->inbox = api->inbox_tail = NULL;
    pthread_mutex_unlock(&api->inbox_mu);
    for (; n; n = next) {
        ApiJobSink *s;

        next = n->next;
        n->next = NULL;
        for (s = api->sinks; s && s->req_id != n->r.req_id; s = s->next)
            ;
        if (!s || atomic_load(&s->dropped))
            api_result_free(&n->r);
        else
            result_queue(api, n);
    }
}

/* Moves what workers sent into the result queue, then lets finished jobs
 * free their context (job_done moves the inbox again first: a job may have
 * sent its last result and finished after the first move). */
void jobs_deliver(Api *api)
{
    if (!api->jobs)
        return;
    inbox_move(api);
    jobs_collect(api->jobs, api);
}

void job_cancel(Api *api, uint64_t req_id)
{
    for (ApiJobSink *s = api->sinks; s; s = s->next)
        if (s->req_id == req_id && !atomic_load(&s->dropped)) {
            ResNode *n = calloc(1, sizeof *n);

            atomic_store(&s->dropped, 1);
            jobs_cancel(api->jobs, s->job_id);
            if (n) {   /* as api_cancel promises: one final ERR_CANCELLED result */
                n->r.kind = s->kind;
                n->r.req_id = s->req_id;
                n->r.owner = s->owner;
                n->r.gen = s->gen;
                n->r.final = true;
                err_set(&n->r.err, ERR_CANCELLED, "Cancelled %s", s->label);
                result_queue(api, n);
            }
            return;
        }
}

void job_cancel_owner(Api *api, int owner)
{
    for (ApiJobSink *s = api->sinks; s; s = s->next)
        if (s->owner == owner)
            atomic_store(&s->dropped, 1);
    if (api->jobs)
        jobs_cancel_owner(api->jobs, owner);
}

void job_activity(const Api *api, char *buf, size_t size)
{
    const ApiJobSink *s = api->sinks;

    if (s)   /* the oldest is last: sinks are pushed at the head */
        while (s->next)
            s = s->next;
    if (s)
        snprintf(buf, size, "%s", s->label);
}

void jobs_free_all(Api *api)
{
    ResNode *n, *next;

    for (ApiJobSink *s = api->sinks; s; s = s->next)
        atomic_store(&s->dropped, 1);
    jobs_free(api->jobs);   /* joins the workers; every job_done runs */
    api->jobs = NULL;
    for (n = api->inbox; n; n = next) {
        next = n->next;
        api_result_free(&n->r);
    }
    api->inbox = api->inbox_tail = NULL;
}
