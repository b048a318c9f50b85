/* transport.h — inside the API layer only (never included by views): the
 * request and client structs shared by the transport (transport.c: libcurl
 * multi, auth, TLS, limits, retries, timers) and the MLflow endpoints
 * (mlflow.c: URLs, bodies, page parsing) that api.h presents as one client. */
#ifndef MLTUI_API_TRANSPORT_H
#define MLTUI_API_TRANSPORT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include <curl/curl.h>

#include "api/api.h"
#include "api/jobs.h"

#define DEFAULT_MAX_BODY   ((size_t)512 << 20)
#define ENDPOINT_MAX_BODY  ((size_t)64 << 20)    /* a reply of any endpoint but runs/search */
#define RUN_MAX_BYTES      ((size_t)256 << 10)   /* runs/search: per run asked for */
#define RUNS_MIN_BODY      ((size_t)16 << 20)
#define MAX_PAGES          1000

typedef struct Buf {
    char  *p;
    size_t n, cap;
} Buf;

typedef struct ResNode {
    ApiResult r;               /* first: api_result_free casts back */
    struct ResNode *next;
} ResNode;

typedef struct Req {
    uint64_t id;
    ReqKind  kind;
    int      owner;
    unsigned gen;
    const char *endpoint;      /* "runs/search" */
    CURL    *easy;
    struct curl_slist *hdrs;
    char    *url;              /* the current page's URL */
    char    *post;             /* the current page's JSON body, or NULL for GET */
    Buf      body;
    size_t   max_body;         /* cap on body.n */
    bool     too_large;
    size_t   max_save;         /* save_to: cap on the bytes written; 0: none */
    int      page;             /* pages delivered so far */
    long     total;            /* runs / points received so far */
    char   **tokens;           /* page tokens already followed (never fetch twice) */
    size_t   n_tokens;
    /* request parameters, owned copies */
    char    *filter;
    char   **exp_ids;  size_t n_exp_ids;
    char   **order_by; size_t n_order_by;
    int      view_type;
    long     max_total;
    char    *arg1, *arg2;      /* id / name / run_id, metric key */
    MetricHistory *hist;       /* metric history being accumulated */
    ModelList   *models;       /* registered models being accumulated */
    VersionList *versions;     /* model versions being accumulated */
    long     want;             /* runs/search: max_results asked on this page */
    /* REQ_CALL */
    char    *method, *ctype_hdr, *label, *save_to;
    size_t   post_len;
    int      tag;
    FILE    *save;             /* open while a 2xx download streams in */
    bool     save_failed;
    bool     save_to_ours;     /* we created save_to (so may remove it) */
    long long saved;
    long     call_timeout_ms;
    bool     is_write;         /* sent once, on its own connection, never retried */
    int      retries;          /* retries of the current page so far */
    long long retry_at;        /* monotonic ms when the waiting retry starts; 0: none */
    char     retry_why[40];    /* "HTTP 503", "connection reset" */
    struct Req *next;          /* in-flight list, oldest first */
} Req;

struct Api {
    CURLM   *multi;
    char    *base_url, *username, *password;
    char    *server_cert, *client_cert;
    bool     insecure_tls, client_cert_has_key;
    long     timeout_ms, connect_timeout_ms;
    int      first_page, page_size, exp_page;
    int      max_retries, max_pages;
    double   backoff_factor, backoff_jitter;
    size_t   max_body;
    uint64_t next_id;
    Req     *reqs, *reqs_tail;
    size_t   n_reqs;
    ResNode *res_head, *res_tail;
    char    *auth_header;      /* "Authorization: Bearer ..." or NULL */
    /* Jobs (api_job): worker threads; their results wait in inbox (under
     * inbox_mu) until api_perform moves them into the result queue. */
    Jobs    *jobs;
    struct ApiJobSink *sinks;  /* live jobs, for cancel and activity */
    size_t   n_sinks;
    pthread_mutex_t inbox_mu;
    ResNode *inbox, *inbox_tail;
    struct ApiCache *cache;    /* api_cache_enable (api/apicache.c) */
    struct Local *local;       /* a local store answers every request (api/local.h) */
    char     reason[512];      /* api_read_only_reason */
};

/* api/apicache.c */
struct ApiCache **api__cache_slot(Api *api);
void api__cache_free(struct ApiCache *c);

/* ---- transport.c, for the endpoints ---- */

/* A new request of kind for owner/gen (id assigned), not started. */
Req     *transport_req_new(Api *api, ReqKind kind, int owner, unsigned gen);
/* Starts r (built by the caller) or, on failure, queues an error for it.
 * Returns r's id either way. With a local store open, r is handed to it
 * instead (api/local.h) and never touches the network. */
uint64_t transport_submit(Api *api, Req *r, bool ok);

/* Starts r's handle on its current url/post (a page or a retry of one). */
int      req_start_page(Api *api, Req *r);
void     req_finish(Api *api, Req *r);
/* Frees a request that is in no list and no multi handle (its easy handle too). */
void     transport_req_free(Req *r);
void     queue_error(Api *api, const Req *r, const Err *e);
void     result_queue(Api *api, ResNode *n);

/* ---- apijob.c ---- */

/* Moves what workers sent into the result queue; lets finished jobs go. */
void     jobs_deliver(Api *api);
void     job_cancel(Api *api, uint64_t req_id);
void     job_cancel_owner(Api *api, int owner);
void     job_activity(const Api *api, char *buf, size_t size);
/* Joins the workers and drops every job's results (api_free). */
void     jobs_free_all(Api *api);

/* ---- failure.c ---- */

/* The path part of r's URL, for messages ("/api/2.0/mlflow/runs/search"). */
const char *transport_url_path(const Req *r);
/* The failed transfer rc of r as e: ERR_UNKNOWN_OUTCOME for a write that was
 * sent without a complete reply, else what happened and what to do. */
void     transport_describe_error(const Api *api, const Req *r, CURLcode rc, Err *e);

/* ---- retry.c ---- */

long long retry_now_ms(void);
/* Schedules r's current page again if it is a read that failed transiently
 * (rc, or the status of its reply) and retries are left; its handle is out of
 * the multi handle meanwhile. Returns true when scheduled. */
bool     retry_schedule(Api *api, Req *r, CURLcode rc);
/* Restarts every request whose retry time has come. */
void     retry_due(Api *api);
/* Milliseconds until the next retry is due (0: now), or -1 when none waits. */
long     retry_next_ms(const Api *api);

/* ---- mlflow.c, for the transport ---- */

/* "runs/search", "experiments/get-by-name" ... */
const char *mlflow_endpoint(ReqKind k, bool by_name);
/* Builds url/post for r's next page (r->page + 1) from its parameters. */
int      mlflow_build_page(Api *api, Req *r);
/* Parses a 2xx body of r into n; sets *tok to the next page token (or NULL).
 * A runs/search page is only read as JSON here (*pending, with *count runs
 * in it, at most what was asked): its runs are converted by
 * mlflow_finish_page after the next page has been asked for, so the server
 * works on that while we convert. Other kinds: *pending NULL, *count 0. */
int      mlflow_parse_page(Req *r, const char *body, size_t len, ResNode *n, char **tok,
                           void **pending, size_t *count, Err *e);
/* The next page token as read from the end of a reply (MLflow writes it
 * last), before the whole reply is parsed: malloc'd, or NULL when the tail
 * holds none that cJSON reads. A guess, only for asking for the next page
 * early: the whole parse has the last word (transport.c). */
char    *mlflow_tail_token(const char *body, size_t len);
/* Converts the first count runs of a pending page into n (frees pending,
 * also on failure); count: what mlflow_parse_page said, since r may be on its
 * next page by then. */
int      mlflow_finish_page(ResNode *n, void *pending, size_t count, Err *e);
/* Whether results of kind are delivered once, whole, after the last page. */
bool     mlflow_delivered_whole(ReqKind k);
/* Moves what r accumulated over its pages into result n. */
void     mlflow_take_whole(Req *r, ResNode *n);
/* Drops the payload of a result that turned into an error. */
void     mlflow_clear_payload(ResNode *n);

#endif
