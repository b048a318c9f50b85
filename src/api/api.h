/* api.h — the MLflow REST client: libcurl multi transfers driven by the UI's
 * one event loop. Requests return at once with an id; replies come back as
 * ApiResults from api_next_result. Paged endpoints follow next_page_token by
 * themselves and deliver one result per page (final set on the last one), so
 * a view can show the first page while the rest stream in. Never prints.
 *
 * Bounds: a paged request stops when the server sends a page token it sent
 * before or after ApiConfig.max_pages pages (default 1000): what arrived is
 * delivered (final false), then a final ERR_PARSE result says why. A
 * runs/search page is cut to the max_results asked for. Every reply held in
 * memory has a cap on its decoded size: runs/search 256 KiB a run asked for
 * (at least 16 MiB), other endpoints 64 MiB, api_call ApiCall.max_bytes; all
 * under api_set_max_body (512 MiB).
 *
 * Driving it from the one event loop:
 *     for (;;) {
 *         int key_ready = api_wait(api, STDIN_FILENO, api_in_flight(api) ? 100 : 1000);
 *         if (key_ready) ...read every pending key...
 *         api_perform(api);                 // advance transfers, queue results
 *         while ((r = api_next_result(api))) {
 *             ...route r to the view r->owner if r->gen is still current...
 *             api_result_free(r);           // after taking r->runs etc. (set NULL)
 *         }
 *         ...redraw if anything changed; show api_activity() on the status line...
 *     }
 * api_wait returns at once when results are already queued. */
#ifndef MLTUI_API_H
#define MLTUI_API_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"
#include "core/registry.h"
#include "core/runset.h"

typedef struct ApiConfig {
    const char *base_url;        /* "http://127.0.0.1:5000", no trailing slash needed */
    const char *username, *password;  /* Basic when both set */
    const char *token;           /* else Bearer when set */
    bool        insecure_tls;    /* MLFLOW_TRACKING_INSECURE_TLS */
    const char *server_cert;     /* MLFLOW_TRACKING_SERVER_CERT_PATH (CA bundle) */
    const char *client_cert;     /* MLFLOW_TRACKING_CLIENT_CERT_PATH */
    long        timeout_ms;      /* whole-transfer limit, default 30000 */
    long        connect_timeout_ms; /* default 5000 */
    int         first_page;      /* runs/search first page size, default 100 */
    int         page_size;       /* later pages, default 1000 */
    /* Reads that fail transiently (reset before a reply, 408, 429, 500, 502,
     * 503, 504) are retried as MLflow's client does; writes never are. */
    int         max_retries;     /* MLFLOW_HTTP_REQUEST_MAX_RETRIES, default 7 (0..9) */
    double      backoff_factor;  /* MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR, default 2 s */
    double      backoff_jitter;  /* MLFLOW_HTTP_REQUEST_BACKOFF_JITTER, default 1 s */
    int         max_pages;       /* pages one paged request follows, default 1000 */
    const char *artifacts_root;  /* local stores: where mlflow-artifacts:/ points
                                    (NULL: mlartifacts/ beside the store) */
} ApiConfig;

/* Fills cfg from MLFLOW_TRACKING_* environment variables; base_url from uri
 * if non-NULL, else MLFLOW_TRACKING_URI, else ./mlflow.db if it exists, else
 * ./mlruns if it exists, else http://127.0.0.1:5000 (MLflow's own order of
 * local defaults, then the usual server). Strings point into the environment
 * or uri (not copied).
 * base_url may name a local store instead of a server: sqlite:///path.db,
 * file:///path/mlruns, or a plain path to an mlflow.db or an mlruns/ folder.
 * Then api_new opens that store read-only and answers every request from it
 * (api/local.h), through the same results and the same event loop. */
void api_config_from_env(ApiConfig *cfg, const char *uri);

typedef enum {
    REQ_EXPERIMENTS_SEARCH,   /* result: experiments (one page per result) */
    REQ_EXPERIMENT_GET,       /* result: experiment (by id or by name) */
    REQ_RUNS_SEARCH,          /* result: runs (one page per result) */
    REQ_RUN_GET,              /* result: runs (one run) */
    REQ_METRIC_HISTORY,       /* result: history (all pages, delivered once) */
    REQ_CALL,                 /* api_call: result: status, body, content_type, tag */
    REQ_MODELS_SEARCH,        /* result: models (all pages, delivered once) */
    REQ_VERSIONS_SEARCH,      /* result: versions (all pages, delivered once) */
} ReqKind;

typedef struct RunsQuery {
    const char **experiment_ids; size_t n_experiment_ids;
    const char  *filter;          /* MLflow filter string or NULL */
    const char **order_by;  size_t n_order_by;
    int          view_type;       /* 0 ACTIVE_ONLY, 1 DELETED_ONLY, 2 ALL */
    long         max_total;       /* stop after this many runs; 0 = all */
} RunsQuery;

typedef struct ApiResult {
    ReqKind   kind;
    uint64_t  req_id;
    int       owner;        /* as given with the request (a view id) */
    unsigned  gen;          /* as given with the request */
    Err       err;          /* err.kind == ERR_OK on success */
    bool      final;        /* no more results will come for req_id */
    int       page;         /* 1-based page number for paged requests */
    ExperimentList *experiments;  /* owned by the result; set NULL to keep it */
    Experiment     *experiment;
    RunSet         *runs;
    MetricHistory  *history;
    ModelList      *models;
    VersionList    *versions;
    bool            cached;       /* from the local cache (api_cache_runs, _experiments,
                                     _list), not the server */
    int64_t         cached_ms;    /* when the cache entry was stored (ms since epoch) */
    /* REQ_CALL only: */
    int             tag;          /* as given in the ApiCall */
    long            status;       /* HTTP status (2xx on success) */
    char           *body;         /* reply bytes, NUL-terminated; owned (set NULL to keep) */
    size_t          body_len;
    char           *content_type; /* owned, may be NULL */
    long long       saved;        /* bytes written to save_to */
    /* Local stores: what was skipped while answering (one line naming the
     * file, e.g. a malformed meta.yaml), or NULL. Owned. */
    char           *warning;
} ApiResult;

/* One plain request, for endpoint modules built on top of this client
 * (registry, artifacts): no paging, one result. A 2xx reply is a success
 * (err.kind == ERR_OK) whatever its body; anything else becomes an Err as
 * for the other requests.
 *
 * Writes (any method but GET, or .write set) go out exactly once: on a fresh
 * connection that is closed afterwards (never one kept alive from an earlier
 * request, which libcurl would silently re-send on when it died), and never
 * retried. When the request was sent but no complete reply came back the
 * result is ERR_UNKNOWN_OUTCOME (the server may or may not have applied it:
 * re-read); ERR_TRANSPORT on a write means nothing reached the server. */
typedef struct ApiCall {
    const char *method;        /* "GET" (default), "POST", "PATCH", "DELETE", "PUT" */
    const char *path;          /* after the base URL, with its query already escaped
                                  (api_escape), e.g. "/api/2.0/mlflow/registered-models/get?name=NEOs" */
    const char *body;          /* request body or NULL */
    size_t      body_len;      /* 0: strlen(body) */
    const char *content_type;  /* default "application/json" when body is set */
    int         tag;           /* returned in the result, to tell replies apart */
    const char *save_to;       /* download: a 2xx body goes to this file (must not exist:
                                  created O_EXCL, mode 0600) instead of memory; it is
                                  removed again when the request fails */
    const char *label;         /* status line text; default: the path */
    long        timeout_ms;    /* 0: the client's default; downloads may want more */
    bool        write;         /* a write even if method is GET (every non-GET is one) */
    size_t      max_bytes;     /* cap on the (decoded) reply in memory; 0: 64 MiB. A
                                  larger reply ends the request with ERR_PARSE "too large".
                                  With save_to: cap on the bytes written (0: none), so a
                                  server that lists a file small cannot fill the disk */
} ApiCall;

typedef struct Api Api;

/* Returns NULL and fills err when libcurl cannot start. Copies cfg strings. */
Api     *api_new(const ApiConfig *cfg, Err *err);
void     api_free(Api *api);
/* The server URL, or for a local store a short label ("sqlite: ./mlflow.db"). */
const char *api_base_url(const Api *api);
/* Whether requests are answered from a local store (read-only). */
bool        api_is_local(const Api *api);
/* One line saying which data source is open ("SQLite store ./mlflow.db (MLflow
 * schema bf29a5ff90ea, read-only)", or the server URL). */
const char *api_source_describe(const Api *api);
/* For a local store, the line a refused write gets ("This is a local store
 * opened read-only; run `mlflow server --backend-store-uri ...` to change it.");
 * "" for a server. Overwritten by the next call. */
const char *api_read_only_reason(const Api *api);

uint64_t api_experiments_search(Api *api, int owner, unsigned gen, const char *filter,
                                int view_type);
uint64_t api_experiment_get(Api *api, int owner, unsigned gen, const char *id);
uint64_t api_experiment_get_by_name(Api *api, int owner, unsigned gen, const char *name);
uint64_t api_runs_search(Api *api, int owner, unsigned gen, const RunsQuery *q);
uint64_t api_run_get(Api *api, int owner, unsigned gen, const char *run_id);
uint64_t api_metric_history(Api *api, int owner, unsigned gen, const char *run_id,
                            const char *key);
/* registered-models/search (100 a page) and model-versions/search (1000 a
 * page) with filter (NULL: all), every page followed; one result with all
 * of them (models / versions). */
uint64_t api_models_search(Api *api, int owner, unsigned gen, const char *filter);
uint64_t api_versions_search(Api *api, int owner, unsigned gen, const char *filter);

uint64_t api_call(Api *api, int owner, unsigned gen, const ApiCall *call);
/* URL-encodes s (for a query value or one path segment); malloc'd, NULL on ENOMEM. */
char    *api_escape(const char *s);
/* The MLflow web UI's address of route (e.g. "#/experiments/1/runs/<id>") on
 * this server, without the credentials or query the tracking URI may hold;
 * malloc'd, or NULL for a local store (it has no web UI) or out of memory. */
char    *api_web_url(const Api *api, const char *route);

/* Cancels a request: its transfer is stopped and one final result with
 * ERR_CANCELLED is delivered. No-op for an unknown or finished id. */
void     api_cancel(Api *api, uint64_t req_id);
/* Cancels every request of owner (no results delivered for them). */
void     api_cancel_owner(Api *api, int owner);

/* Waits up to timeout_ms for network activity or for extra_fd (-1: none) to be
 * readable; returns 1 if extra_fd is readable, 0 otherwise. */
int      api_wait(Api *api, int extra_fd, int timeout_ms);
/* Advances transfers without blocking. */
void     api_perform(Api *api);
/* The next finished result, or NULL. Caller frees with api_result_free. */
ApiResult *api_next_result(Api *api);
void     api_result_free(ApiResult *r);

/* Requests in flight, and a short description of the oldest for the status
 * line ("runs/search page 3, 2,100 runs"), or "" when idle. */
size_t   api_in_flight(const Api *api);
void     api_activity(const Api *api, char *buf, size_t size);

/* Additions beyond the first contract. */

/* Caps one reply body (default 512 MB; 0 restores it). A larger reply ends its
 * request with ERR_PARSE "... too large". Applies to requests made afterwards. */
void     api_set_max_body(Api *api, size_t bytes);
/* experiments/search page size (max_results; default 1000, 1..50000). */
void     api_set_experiments_page(Api *api, int n);

/* Jobs: work that is not a transfer but may take long (a local store's query,
 * the cache), run on a worker thread (api/jobs.h) and delivered through
 * api_next_result exactly like a transfer's replies: same owner/gen routing,
 * api_cancel (one final ERR_CANCELLED), api_cancel_owner (nothing more
 * delivered), counted by api_in_flight, named by api_activity (label).
 *
 * fn runs on a worker with its own ctx only (never the UI's data). For each
 * result it takes api_job_result(sink) (kind/owner/gen/req_id filled; NULL
 * when out of memory), fills it (runs, experiments, err, …; final on the
 * last) and api_job_send(sink, r) — several times for a paged answer. It
 * may stop early when *cancelled. A job that returns without a final result
 * gets an error result. free_ctx(ctx) runs on the loop's thread afterwards. */
typedef struct ApiJobSink ApiJobSink;
typedef void (*ApiJobFn)(void *ctx, ApiJobSink *sink, const atomic_int *cancelled);
uint64_t   api_job(Api *api, int owner, unsigned gen, ReqKind kind, const char *label,
                   ApiJobFn fn, void *ctx, void (*free_ctx)(void *ctx));
/* A job nobody waits for that must still finish if mltui quits meanwhile
 * (saving to the cache): api_free runs it instead of dropping it. */
uint64_t   api_job_kept(Api *api, const char *label, ApiJobFn fn, void *ctx,
                        void (*free_ctx)(void *ctx));
ApiResult *api_job_result(ApiJobSink *sink);
void       api_job_send(ApiJobSink *sink, ApiResult *r);

/* The local cache of what this server sent (store/cache.h: stale-while-
 * revalidate), used only on worker threads through jobs, so neither opening
 * it (it is checked) nor reading 90 MB of runs holds up the screen. Off until
 * api_cache_enable; every call below is a no-op (0) while it is off. */
void     api_cache_enable(Api *api, const char *dir, size_t max_bytes);
bool     api_cache_enabled(const Api *api);
/* The cached runs of an experiment: one final REQ_RUNS_SEARCH result with
 * cached = true, cached_ms and runs — or runs NULL when nothing is cached. */
uint64_t api_cache_runs(Api *api, int owner, unsigned gen, const char *experiment_id);
/* Stores a copy of rs for the experiment (encoded now, written by a worker;
 * nobody is told when it is done). */
void     api_cache_store_runs(Api *api, const char *experiment_id, const RunSet *rs);
/* The experiments list as last seen (active experiments): one final
 * REQ_EXPERIMENTS_SEARCH result with cached = true and experiments — NULL
 * when nothing is cached. Stored as MLflow's own reply shape and read back
 * through the same parser as a server's reply. */
uint64_t api_cache_experiments(Api *api, int owner, unsigned gen);
void     api_cache_store_experiments(Api *api, const ExperimentList *l);
/* Any other list, kept the same way: as one reply of MLflow's shape (JSON
 * text; api/registry.h and api/logged_models.h write them from their
 * structs) under kind ("models", "versions", "logged-models") and key (""
 * for the unfiltered registry, a model name, an experiment id). Reading
 * gives one final REQ_CALL result with tag, cached = true, cached_ms, and the
 * JSON in body/body_len — body NULL when nothing is cached — for the same
 * parser as the server's reply. Storing takes json (malloc'd; NULL: no-op). */
uint64_t api_cache_list(Api *api, int owner, unsigned gen, int tag, const char *kind,
                        const char *key);
void     api_cache_store_list(Api *api, const char *kind, const char *key, char *json);
/* Deletes every entry / finds the cache's size; the answer comes as a note. */
void     api_cache_clear(Api *api);
void     api_cache_usage(Api *api);
/* What the cache has to say — from opening it ("Discarded … damaged", "No
 * cache: …"), clearing it or measuring it — handed out once (malloc'd; the
 * caller frees), or NULL. */
char    *api_cache_take_note(Api *api);

#endif
