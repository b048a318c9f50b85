/* api.c — the MLflow REST client on libcurl's multi interface; see api.h.
 *
 * Every request is a Req holding one easy handle that is reused for each of
 * its pages (the multi handle keeps the connection alive between them). The
 * UI's loop calls api_wait (curl_multi_poll plus the terminal fd), then
 * api_perform, which drives curl, turns finished transfers into ApiResults
 * (queued in order) and re-adds the handle for the next page. Nothing here
 * blocks except api_wait, and only up to its timeout. No threads. */
#include "api/api.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "api/jobs.h"
#include "api/parse.h"

#ifndef MLTUI_VERSION
#define MLTUI_VERSION "0.1.0"
#endif

#define API_PREFIX         "/api/2.0/mlflow/"
#define EXP_PAGE           1000      /* experiments/search max_results by default */
#define HISTORY_PAGE       25000     /* metrics/get-history max_results, as MLflow's client */
#define DEFAULT_MAX_BODY   ((size_t)512 << 20)

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
    int      max_retries;
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
};

static int global_users;

/* ---- configuration ------------------------------------------------------ */

static const char *env_nonempty(const char *name)
{
    const char *v = getenv(name);

    return v && *v ? v : NULL;
}

/* A number from the environment: def when unset or not a number, clamped to
 * lo..hi (MLflow refuses retries >= 10 and a backoff factor >= 120). */
static double env_number(const char *name, double def, double lo, double hi)
{
    const char *v = env_nonempty(name);
    char *end;
    double d;

    if (!v)
        return def;
    d = strtod(v, &end);
    if (end == v || *end || d != d)
        return def;
    return d < lo ? lo : d > hi ? hi : d;
}

void api_config_from_env(ApiConfig *cfg, const char *uri)
{
    const char *insecure = env_nonempty("MLFLOW_TRACKING_INSECURE_TLS");

    memset(cfg, 0, sizeof *cfg);
    cfg->base_url = uri && *uri ? uri : env_nonempty("MLFLOW_TRACKING_URI");
    if (!cfg->base_url)
        cfg->base_url = "http://127.0.0.1:5000";
    cfg->username = env_nonempty("MLFLOW_TRACKING_USERNAME");
    cfg->password = env_nonempty("MLFLOW_TRACKING_PASSWORD");
    cfg->token = env_nonempty("MLFLOW_TRACKING_TOKEN");
    cfg->insecure_tls = insecure && (strcasecmp(insecure, "true") == 0
                                     || strcmp(insecure, "1") == 0);
    cfg->server_cert = env_nonempty("MLFLOW_TRACKING_SERVER_CERT_PATH");
    cfg->client_cert = env_nonempty("MLFLOW_TRACKING_CLIENT_CERT_PATH");
    cfg->timeout_ms = (long)(env_number("MLFLOW_HTTP_REQUEST_TIMEOUT", 120, 1, 86400) * 1000);
    cfg->connect_timeout_ms = 5000;
    cfg->first_page = 100;
    cfg->page_size = 1000;
    cfg->max_retries = (int)env_number("MLFLOW_HTTP_REQUEST_MAX_RETRIES", 7, 0, 9);
    cfg->backoff_factor = env_number("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", 2, 0, 119);
    cfg->backoff_jitter = env_number("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", 1, 0, 60);
}

/* Whether a PEM file also holds a private key (then it is the SSLKEY too). */
static bool file_has_private_key(const char *path)
{
    char line[256];
    bool found = false;
    FILE *f = fopen(path, "r");

    if (!f)
        return false;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, "PRIVATE KEY-----") != NULL;
    fclose(f);
    return found;
}

Api *api_new(const ApiConfig *cfg, Err *err)
{
    Api *api;
    const char *u = cfg && cfg->base_url && *cfg->base_url ? cfg->base_url
                                                         : "http://127.0.0.1:5000";
    size_t n;

    err_clear(err);
    if (!strstr(u, "://")) {
        /* "localhost:5000" -> http://localhost:5000, as a user means it. */
    } else if (strncasecmp(u, "http://", 7) != 0 && strncasecmp(u, "https://", 8) != 0) {
        err_set(err, ERR_TRANSPORT, "Tracking URI %.200s is not http:// or https:// "
                "(mltui talks to a tracking server over REST)", u);
        return NULL;
    }
    api = calloc(1, sizeof *api);
    if (!api) {
        err_set(err, ERR_NOMEM, "Out of memory");
        return NULL;
    }
    if (global_users++ == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        global_users--;
        free(api);
        err_set(err, ERR_TRANSPORT, "libcurl failed to initialise");
        return NULL;
    }
    api->multi = curl_multi_init();
    pthread_mutex_init(&api->inbox_mu, NULL);
    if (!api->multi) {
        err_set(err, ERR_TRANSPORT, "libcurl failed to initialise");
        goto fail;
    }
    if (!strstr(u, "://")) {
        n = strlen(u) + 8;
        api->base_url = malloc(n);
        if (api->base_url)
            snprintf(api->base_url, n, "http://%s", u);
    } else {
        api->base_url = strdup(u);
    }
    if (!api->base_url)
        goto nomem;
    n = strlen(api->base_url);
    while (n > 0 && api->base_url[n - 1] == '/')
        api->base_url[--n] = '\0';
    if (cfg && cfg->username && *cfg->username && cfg->password && *cfg->password) {
        api->username = strdup(cfg->username);
        api->password = strdup(cfg->password);
        if (!api->username || !api->password)
            goto nomem;
    } else if (cfg && cfg->token && *cfg->token) {
        n = strlen(cfg->token) + 32;
        api->auth_header = malloc(n);
        if (!api->auth_header)
            goto nomem;
        snprintf(api->auth_header, n, "Authorization: Bearer %s", cfg->token);
    }
    api->insecure_tls = cfg && cfg->insecure_tls;
    if (cfg && cfg->server_cert && *cfg->server_cert
        && !(api->server_cert = strdup(cfg->server_cert)))
        goto nomem;
    if (cfg && cfg->client_cert && *cfg->client_cert) {
        if (!(api->client_cert = strdup(cfg->client_cert)))
            goto nomem;
        api->client_cert_has_key = file_has_private_key(api->client_cert);
    }
    api->timeout_ms = cfg && cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000;
    api->connect_timeout_ms = cfg && cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms
                                                                : 5000;
    api->first_page = cfg && cfg->first_page > 0 ? cfg->first_page : 100;
    api->page_size = cfg && cfg->page_size > 0 ? cfg->page_size : 1000;
    if (api->first_page > 50000)
        api->first_page = 50000;
    if (api->page_size > 50000)
        api->page_size = 50000;
    api->max_body = DEFAULT_MAX_BODY;
    api->exp_page = EXP_PAGE;
    api->max_retries = cfg && cfg->max_retries > 0 ? (cfg->max_retries > 9 ? 9 : cfg->max_retries)
                                                  : 0;
    api->backoff_factor = cfg && cfg->backoff_factor > 0 ? cfg->backoff_factor : 0;
    api->backoff_jitter = cfg && cfg->backoff_jitter > 0 ? cfg->backoff_jitter : 0;
    api->next_id = 1;
    return api;
nomem:
    err_set(err, ERR_NOMEM, "Out of memory");
fail:
    api_free(api);
    return NULL;
}

const char *api_base_url(const Api *api)
{
    return api ? api->base_url : "";
}

void api_set_max_body(Api *api, size_t bytes)
{
    if (api)
        api->max_body = bytes ? bytes : DEFAULT_MAX_BODY;
}

void api_set_experiments_page(Api *api, int n)
{
    if (api)
        api->exp_page = n >= 1 && n <= 50000 ? n : EXP_PAGE;
}

/* ---- requests: lifetime ------------------------------------------------- */

static void free_strv(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void req_free(Req *r)
{
    if (!r)
        return;
    if (r->easy)
        curl_easy_cleanup(r->easy);
    curl_slist_free_all(r->hdrs);
    free(r->url);
    free(r->post);
    free(r->body.p);
    free_strv(r->tokens, r->n_tokens);
    free(r->filter);
    free_strv(r->exp_ids, r->n_exp_ids);
    free_strv(r->order_by, r->n_order_by);
    free(r->arg1);
    free(r->arg2);
    history_free(r->hist);
    free(r->method);
    free(r->ctype_hdr);
    free(r->label);
    if (r->save) {
        fclose(r->save);
        r->save = NULL;
        if (r->save_to)
            unlink(r->save_to);   /* an unfinished download never stays behind */
    }
    free(r->save_to);
    free(r);
}

/* Takes r out of the in-flight list and out of the multi handle; frees it. */
static void req_finish(Api *api, Req *r)
{
    Req **pp, *prev = NULL;

    for (pp = &api->reqs; *pp; prev = *pp, pp = &(*pp)->next) {
        if (*pp == r) {
            *pp = r->next;
            if (api->reqs_tail == r)
                api->reqs_tail = prev;
            api->n_reqs--;
            break;
        }
    }
    if (r->easy)
        curl_multi_remove_handle(api->multi, r->easy);
    req_free(r);
}

static ResNode *result_new(const Req *r)
{
    ResNode *n = calloc(1, sizeof *n);

    if (!n)
        return NULL;
    n->r.kind = r->kind;
    n->r.tag = r->tag;
    n->r.req_id = r->id;
    n->r.owner = r->owner;
    n->r.gen = r->gen;
    n->r.page = r->page > 0 ? r->page : 1;
    return n;
}

static void result_queue(Api *api, ResNode *n)
{
    if (api->res_tail)
        api->res_tail->next = n;
    else
        api->res_head = n;
    api->res_tail = n;
}

/* Queues a final error result for r (or, when even that cannot be
 * allocated, nothing: the view then learns of it from api_in_flight). */
static void queue_error(Api *api, const Req *r, const Err *e)
{
    ResNode *n = result_new(r);

    if (!n)
        return;
    n->r.err = *e;
    n->r.final = true;
    result_queue(api, n);
}

void api_result_free(ApiResult *r)
{
    if (!r)
        return;
    if (r->experiments)
        explist_free(r->experiments);
    if (r->experiment) {
        experiment_free_fields(r->experiment);
        free(r->experiment);
    }
    runset_free(r->runs);
    history_free(r->history);
    free(r->body);
    free(r->content_type);
    free((ResNode *)r);
}

static void jobs_free_all(Api *api);

void api_free(Api *api)
{
    ResNode *n, *nn;

    if (!api)
        return;
    jobs_free_all(api);
    while (api->reqs)
        req_finish(api, api->reqs);
    for (n = api->res_head; n; n = nn) {
        nn = n->next;
        api_result_free(&n->r);
    }
    if (api->multi)
        curl_multi_cleanup(api->multi);
    free(api->base_url);
    free(api->username);
    free(api->password);
    free(api->server_cert);
    free(api->client_cert);
    free(api->auth_header);
    pthread_mutex_destroy(&api->inbox_mu);
    free(api);
    if (--global_users == 0)
        curl_global_cleanup();
}

/* ---- requests: building and starting ----------------------------------- */

/* Accumulates the reply; beyond max_body the transfer stops (CURLE_WRITE_ERROR)
 * and too_large tells why. Pages of 10+ MB are normal, so the buffer doubles. */
static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    Req *r = userp;
    size_t len = size * nmemb, cap;
    char *p;

    if (len == 0)
        return 0;
    if (r->save_to && !r->save_failed) {
        long status = 0;
        curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
        if (status >= 200 && status < 300) {
            if (!r->save) {
                int fd = open(r->save_to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
                if (fd < 0 || !(r->save = fdopen(fd, "wb"))) {
                    int saved_errno = errno;
                    if (fd >= 0) {
                        close(fd);
                        unlink(r->save_to);
                    }
                    errno = saved_errno;
                    r->save_failed = true;
                    r->save_to_ours = false;
                    return 0;
                }
                r->save_to_ours = true;
            }
            if (fwrite(data, 1, len, r->save) != len) {
                r->save_failed = true;
                return 0;
            }
            r->saved += (long long)len;
            return len;
        }
    }
    if (r->body.n + len > r->max_body) {
        r->too_large = true;
        return 0;
    }
    if (r->body.n + len + 1 > r->body.cap) {
        cap = r->body.cap ? r->body.cap : 16384;
        while (cap < r->body.n + len + 1)
            cap *= 2;
        p = realloc(r->body.p, cap);
        if (!p)
            return 0;   /* CURLE_WRITE_ERROR with too_large unset -> ERR_NOMEM */
        r->body.p = p;
        r->body.cap = cap;
    }
    memcpy(r->body.p + r->body.n, data, len);
    r->body.n += len;
    r->body.p[r->body.n] = '\0';
    return len;
}

static int req_setup_easy(Api *api, Req *r)
{
    CURL *e = curl_easy_init();
    struct curl_slist *h = NULL, *t;

    if (!e)
        return -1;
    r->easy = e;
    curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)r);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "mltui/" MLTUI_VERSION);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    if (r->is_write) {
        /* Exactly once: libcurl re-sends a request on a reused keep-alive
         * connection that dies before the first reply byte. A write never
         * rides on one, and leaves none behind for a later request. */
        curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
    }
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, api->timeout_ms);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, api->connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)api->max_body);
    if (api->insecure_tls) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    } else {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    }
    if (api->server_cert)
        curl_easy_setopt(e, CURLOPT_CAINFO, api->server_cert);
    if (api->client_cert) {
        curl_easy_setopt(e, CURLOPT_SSLCERT, api->client_cert);
        if (api->client_cert_has_key)
            curl_easy_setopt(e, CURLOPT_SSLKEY, api->client_cert);
    }
    if (api->username) {
        curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(e, CURLOPT_USERNAME, api->username);
        curl_easy_setopt(e, CURLOPT_PASSWORD, api->password);
    }
    /* No Origin header ever: MLflow 3.5 refuses cross-origin POSTs. */
    if (!(t = curl_slist_append(h, "Accept: application/json")))
        goto nomem;
    h = t;
    if (!(t = curl_slist_append(h, "Expect:")))
        goto nomem;
    h = t;
    if (r->kind == REQ_EXPERIMENTS_SEARCH || r->kind == REQ_RUNS_SEARCH) {  /* POSTs */
        if (!(t = curl_slist_append(h, "Content-Type: application/json")))
            goto nomem;
        h = t;
    }
    if (r->kind == REQ_CALL) {
        if (r->ctype_hdr) {
            if (!(t = curl_slist_append(h, r->ctype_hdr)))
                goto nomem;
            h = t;
        }
        if (r->method && strcmp(r->method, "GET") != 0 && strcmp(r->method, "POST") != 0)
            curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
        if (r->call_timeout_ms > 0)
            curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, r->call_timeout_ms);
        if (r->save_to)   /* downloads may be big: no in-memory cap on the file */
            curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)0);
    }
    if (api->auth_header) {
        if (!(t = curl_slist_append(h, api->auth_header)))
            goto nomem;
        h = t;
    }
    r->hdrs = h;
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    return 0;
nomem:
    curl_slist_free_all(h);
    return -1;
}

/* Points r's handle at its current url/post and adds it to the multi handle. */
static int req_start_page(Api *api, Req *r)
{
    r->body.n = 0;
    r->too_large = false;
    curl_easy_setopt(r->easy, CURLOPT_URL, r->url);
    if (r->post) {
        curl_easy_setopt(r->easy, CURLOPT_POSTFIELDS, r->post);
        curl_easy_setopt(r->easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)(r->kind == REQ_CALL ? r->post_len : strlen(r->post)));
    } else if (r->kind == REQ_CALL && r->method && strcmp(r->method, "GET") != 0) {
        /* A body-less DELETE/POST. */
        curl_easy_setopt(r->easy, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(r->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
    } else {
        curl_easy_setopt(r->easy, CURLOPT_HTTPGET, 1L);
    }
    return curl_multi_add_handle(api->multi, r->easy) == CURLM_OK ? 0 : -1;
}

/* base + /api/2.0/mlflow/ + endpoint + query (already escaped). */
static char *make_url(const Api *api, const char *endpoint, const char *query)
{
    size_t n = strlen(api->base_url) + strlen(API_PREFIX) + strlen(endpoint)
               + (query ? strlen(query) + 1 : 0) + 1;
    char *u = malloc(n);

    if (u)
        snprintf(u, n, "%s%s%s%s%s", api->base_url, API_PREFIX, endpoint,
                 query ? "?" : "", query ? query : "");
    return u;
}

/* Appends "&name=escaped(value)" (or without '&' first) to a growable query. */
static int query_add(CURL *e, char **q, const char *name, const char *value)
{
    char *ev = curl_easy_escape(e, value ? value : "", 0);
    size_t old = *q ? strlen(*q) : 0, n;
    char *p;

    if (!ev)
        return -1;
    n = old + strlen(name) + strlen(ev) + 3;
    p = realloc(*q, n);
    if (!p) {
        curl_free(ev);
        return -1;
    }
    snprintf(p + old, n - old, "%s%s=%s", old ? "&" : "", name, ev);
    *q = p;
    curl_free(ev);
    return 0;
}

static const char *view_type_name(int v)
{
    return v == 1 ? "DELETED_ONLY" : v == 2 ? "ALL" : "ACTIVE_ONLY";
}

/* The last page token followed, or NULL on the first page. */
static const char *req_token(const Req *r)
{
    return r->n_tokens ? r->tokens[r->n_tokens - 1] : NULL;
}

/* Builds url/post for r's next page (r->page + 1) from its parameters. */
static int req_build(Api *api, Req *r)
{
    char *q = NULL;
    cJSON *o = NULL, *a;
    const char *tok = req_token(r);
    size_t i;
    int rc = -1;

    if (r->kind == REQ_CALL)
        return r->url ? 0 : -1;   /* built once by api_call */
    free(r->url);
    free(r->post);
    r->url = r->post = NULL;
    switch (r->kind) {
    case REQ_CALL:
        break;
    case REQ_EXPERIMENTS_SEARCH:
        o = cJSON_CreateObject();
        if (!o || !cJSON_AddNumberToObject(o, "max_results", api->exp_page)
            || !cJSON_AddStringToObject(o, "view_type", view_type_name(r->view_type))
            || (r->filter && !cJSON_AddStringToObject(o, "filter", r->filter))
            || (tok && !cJSON_AddStringToObject(o, "page_token", tok)))
            goto out;
        break;
    case REQ_RUNS_SEARCH: {
        long want = r->page == 0 ? api->first_page : api->page_size;
        if (r->max_total > 0 && r->max_total - r->total < want)
            want = r->max_total - r->total;
        o = cJSON_CreateObject();
        if (!o || !(a = cJSON_AddArrayToObject(o, "experiment_ids")))
            goto out;
        for (i = 0; i < r->n_exp_ids; i++) {
            cJSON *s = cJSON_CreateString(r->exp_ids[i]);
            if (!s || !cJSON_AddItemToArray(a, s)) {
                cJSON_Delete(s);
                goto out;
            }
        }
        if ((r->filter && !cJSON_AddStringToObject(o, "filter", r->filter))
            || !cJSON_AddStringToObject(o, "run_view_type", view_type_name(r->view_type))
            || !cJSON_AddNumberToObject(o, "max_results", (double)want))
            goto out;
        if (r->n_order_by) {
            if (!(a = cJSON_AddArrayToObject(o, "order_by")))
                goto out;
            for (i = 0; i < r->n_order_by; i++) {
                cJSON *s = cJSON_CreateString(r->order_by[i]);
                if (!s || !cJSON_AddItemToArray(a, s)) {
                    cJSON_Delete(s);
                    goto out;
                }
            }
        }
        if (tok && !cJSON_AddStringToObject(o, "page_token", tok))
            goto out;
        break;
    }
    case REQ_EXPERIMENT_GET:
        if (query_add(r->easy, &q, r->arg2 ? "experiment_name" : "experiment_id",
                      r->arg2 ? r->arg2 : r->arg1) < 0)
            goto out;
        break;
    case REQ_RUN_GET:
        if (query_add(r->easy, &q, "run_id", r->arg1) < 0)
            goto out;
        break;
    case REQ_METRIC_HISTORY: {
        char mr[24];
        snprintf(mr, sizeof mr, "%d", HISTORY_PAGE);
        if (query_add(r->easy, &q, "run_id", r->arg1) < 0
            || query_add(r->easy, &q, "metric_key", r->arg2) < 0
            || query_add(r->easy, &q, "max_results", mr) < 0
            || (tok && query_add(r->easy, &q, "page_token", tok) < 0))
            goto out;
        break;
    }
    }
    if (o && !(r->post = cJSON_PrintUnformatted(o)))
        goto out;
    if (!(r->url = make_url(api, r->endpoint, q)))
        goto out;
    rc = 0;
out:
    cJSON_Delete(o);
    free(q);
    return rc;
}

static const char *endpoint_of(ReqKind k, bool by_name)
{
    switch (k) {
    case REQ_EXPERIMENTS_SEARCH: return "experiments/search";
    case REQ_EXPERIMENT_GET:     return by_name ? "experiments/get-by-name" : "experiments/get";
    case REQ_RUNS_SEARCH:        return "runs/search";
    case REQ_RUN_GET:            return "runs/get";
    case REQ_METRIC_HISTORY:     return "metrics/get-history";
    case REQ_CALL:               return "request";
    }
    return "?";
}

static Req *req_alloc(Api *api, ReqKind kind, int owner, unsigned gen)
{
    Req *r = calloc(1, sizeof *r);

    if (!r)
        return NULL;
    r->id = api->next_id++;
    r->kind = kind;
    r->owner = owner;
    r->gen = gen;
    r->endpoint = endpoint_of(kind, false);
    r->max_body = api->max_body;
    return r;
}

/* Starts r (built by the caller) or, on failure, queues an error for it.
 * Returns r's id either way. */
static uint64_t req_submit(Api *api, Req *r, bool ok)
{
    uint64_t id = r->id;
    Err e;

    r->body.n = 0;
    if (ok && req_setup_easy(api, r) == 0 && req_build(api, r) == 0
        && req_start_page(api, r) == 0) {
        if (api->reqs_tail)
            api->reqs_tail->next = r;
        else
            api->reqs = r;
        api->reqs_tail = r;
        api->n_reqs++;
        return id;
    }
    err_set(&e, ERR_NOMEM, "Out of memory starting %s", r->endpoint);
    queue_error(api, r, &e);
    if (r->easy)
        curl_multi_remove_handle(api->multi, r->easy);
    req_free(r);
    return id;
}

static char **dup_strv(const char *const *v, size_t n, bool *ok)
{
    char **out;
    size_t i;

    if (n == 0 || !v)
        return NULL;
    out = calloc(n, sizeof *out);
    if (!out) {
        *ok = false;
        return NULL;
    }
    for (i = 0; i < n; i++) {
        out[i] = strdup(v[i] ? v[i] : "");
        if (!out[i])
            *ok = false;
    }
    return out;
}

uint64_t api_experiments_search(Api *api, int owner, unsigned gen, const char *filter,
                                int view_type)
{
    Req *r;
    bool ok = true;

    if (!api || !(r = req_alloc(api, REQ_EXPERIMENTS_SEARCH, owner, gen)))
        return 0;
    r->view_type = view_type;
    if (filter && *filter && !(r->filter = strdup(filter)))
        ok = false;
    return req_submit(api, r, ok);
}

uint64_t api_experiment_get(Api *api, int owner, unsigned gen, const char *id)
{
    Req *r;

    if (!api || !(r = req_alloc(api, REQ_EXPERIMENT_GET, owner, gen)))
        return 0;
    r->arg1 = strdup(id ? id : "");
    return req_submit(api, r, r->arg1 != NULL);
}

uint64_t api_experiment_get_by_name(Api *api, int owner, unsigned gen, const char *name)
{
    Req *r;

    if (!api || !(r = req_alloc(api, REQ_EXPERIMENT_GET, owner, gen)))
        return 0;
    r->endpoint = endpoint_of(REQ_EXPERIMENT_GET, true);
    r->arg2 = strdup(name ? name : "");
    return req_submit(api, r, r->arg2 != NULL);
}

uint64_t api_runs_search(Api *api, int owner, unsigned gen, const RunsQuery *q)
{
    Req *r;
    bool ok = true;

    if (!api || !(r = req_alloc(api, REQ_RUNS_SEARCH, owner, gen)))
        return 0;
    if (q) {
        r->exp_ids = dup_strv(q->experiment_ids, q->n_experiment_ids, &ok);
        r->n_exp_ids = r->exp_ids ? q->n_experiment_ids : 0;
        r->order_by = dup_strv(q->order_by, q->n_order_by, &ok);
        r->n_order_by = r->order_by ? q->n_order_by : 0;
        if (q->filter && *q->filter && !(r->filter = strdup(q->filter)))
            ok = false;
        r->view_type = q->view_type;
        r->max_total = q->max_total > 0 ? q->max_total : 0;
    }
    return req_submit(api, r, ok);
}

uint64_t api_run_get(Api *api, int owner, unsigned gen, const char *run_id)
{
    Req *r;

    if (!api || !(r = req_alloc(api, REQ_RUN_GET, owner, gen)))
        return 0;
    r->arg1 = strdup(run_id ? run_id : "");
    return req_submit(api, r, r->arg1 != NULL);
}

uint64_t api_metric_history(Api *api, int owner, unsigned gen, const char *run_id,
                            const char *key)
{
    Req *r;
    bool ok;

    if (!api || !(r = req_alloc(api, REQ_METRIC_HISTORY, owner, gen)))
        return 0;
    r->arg1 = strdup(run_id ? run_id : "");
    r->arg2 = strdup(key ? key : "");
    r->hist = history_new(run_id ? run_id : "", key ? key : "");
    ok = r->arg1 && r->arg2 && r->hist;
    return req_submit(api, r, ok);
}

/* ---- cancelling --------------------------------------------------------- */

static Req *req_by_id(const Api *api, uint64_t id)
{
    Req *r;

    for (r = api->reqs; r; r = r->next)
        if (r->id == id)
            return r;
    return NULL;
}

static void job_cancel(Api *api, uint64_t req_id);
static void job_cancel_owner(Api *api, int owner);

void api_cancel(Api *api, uint64_t req_id)
{
    Req *r;
    Err e;

    if (!api)
        return;
    if (!(r = req_by_id(api, req_id))) {
        job_cancel(api, req_id);
        return;
    }
    err_set(&e, ERR_CANCELLED, "Cancelled %s", r->endpoint);
    r->page++;
    queue_error(api, r, &e);
    req_finish(api, r);
}

void api_cancel_owner(Api *api, int owner)
{
    Req *r, *next;
    ResNode **pp, *n;

    if (!api)
        return;
    job_cancel_owner(api, owner);
    for (r = api->reqs; r; r = next) {
        next = r->next;
        if (r->owner == owner)
            req_finish(api, r);
    }
    /* Results already queued for the owner are dropped too: it went away. */
    api->res_tail = NULL;
    for (pp = &api->res_head; *pp;) {
        n = *pp;
        if (n->r.owner == owner) {
            *pp = n->next;
            api_result_free(&n->r);
        } else {
            api->res_tail = n;
            pp = &n->next;
        }
    }
}

/* ---- finishing transfers ------------------------------------------------ */

/* The path part of r's URL, for messages ("/mlflow/api/2.0/mlflow/runs/search"). */
static const char *url_path(const Req *r)
{
    const char *p = strstr(r->url, "://");

    p = p ? strchr(p + 3, '/') : NULL;
    return p ? p : r->url;
}


/* Whether a failed transfer of r may have reached the server: some request
 * bytes went out (or, conservatively, a connection was made and the failure
 * was not in setting it up). */
static bool request_was_sent(const Req *r, CURLcode rc)
{
    long req_size = 0;
    curl_off_t up = 0;

    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_PEER_FAILED_VERIFICATION:
        return false;
    default:
        break;
    }
    curl_easy_getinfo(r->easy, CURLINFO_REQUEST_SIZE, &req_size);
    curl_easy_getinfo(r->easy, CURLINFO_SIZE_UPLOAD_T, &up);
    if (req_size > 0 || up > 0)
        return true;
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        double ct = 0;
        curl_easy_getinfo(r->easy, CURLINFO_CONNECT_TIME, &ct);
        return ct > 0;   /* connected, then no reply in time: bytes may be out */
    }
    return false;
}

static void transport_error(const Api *api, const Req *r, CURLcode rc, Err *e)
{
    long oserr = 0;
    const char *what = curl_easy_strerror(rc);

    curl_easy_getinfo(r->easy, CURLINFO_OS_ERRNO, &oserr);
    if (r->is_write && !r->save_failed && request_was_sent(r, rc)) {
        err_set(e, ERR_UNKNOWN_OUTCOME, "%s %.200s was sent to %.200s but no complete reply "
                "came back (%s): the server may or may not have applied it",
                r->method ? r->method : "POST", url_path(r), api->base_url, what);
        return;
    }
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
        if (oserr == ECONNREFUSED)
            err_set(e, ERR_TRANSPORT, "Cannot connect to %.300s: connection refused "
                    "\xe2\x80\x94 is the server running?", api->base_url);
        else
            err_set(e, ERR_TRANSPORT, "Cannot connect to %.300s: %s \xe2\x80\x94 is the "
                    "server running, is the URI right?", api->base_url,
                    oserr ? strerror((int)oserr) : what);
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        err_set(e, ERR_TRANSPORT, "Cannot resolve the host of %.300s \xe2\x80\x94 check "
                "MLFLOW_TRACKING_URI", api->base_url);
        break;
    case CURLE_OPERATION_TIMEDOUT: {
        double ct = 0;
        curl_easy_getinfo(r->easy, CURLINFO_CONNECT_TIME, &ct);
        if (ct <= 0)
            err_set(e, ERR_TIMEOUT, "Timed out connecting to %.300s after %.1f s",
                    api->base_url, (double)api->connect_timeout_ms / 1000.0);
        else
            err_set(e, ERR_TIMEOUT, "No complete reply to %s within %.1f s (page %d) "
                    "\xe2\x80\x94 the server may be overloaded", r->endpoint,
                    (double)api->timeout_ms / 1000.0, r->page + 1);
        break;
    }
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        if (r->save_failed) {
            err_set(e, ERR_TRANSPORT, "Cannot write %.300s: %s", r->save_to,
                    errno == EEXIST ? "it exists already (not overwritten)"
                                    : strerror(errno ? errno : EIO));
            break;
        }
        if (r->too_large || rc == CURLE_FILESIZE_EXCEEDED)
            err_set(e, ERR_PARSE, "Reply to %s too large (over %zu MB)", r->endpoint,
                    api->max_body >> 20);
        else
            err_set(e, ERR_NOMEM, "Out of memory reading the reply to %s", r->endpoint);
        break;
    case CURLE_OUT_OF_MEMORY:
        err_set(e, ERR_NOMEM, "Out of memory (libcurl)");
        break;
    case CURLE_UNSUPPORTED_PROTOCOL:
        err_set(e, ERR_TRANSPORT, "Unsupported protocol in %.300s: only http and https",
                api->base_url);
        break;
    case CURLE_URL_MALFORMAT:
        err_set(e, ERR_TRANSPORT, "Malformed tracking URI %.300s", api->base_url);
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
        err_set(e, ERR_TRANSPORT, "TLS error with %.300s: %s \xe2\x80\x94 set "
                "MLFLOW_TRACKING_SERVER_CERT_PATH to its CA bundle (or "
                "MLFLOW_TRACKING_INSECURE_TLS=true)", api->base_url, what);
        break;
    default:
        err_set(e, ERR_TRANSPORT, "Connection to %.300s failed: %s", api->base_url, what);
        break;
    }
}

static bool token_seen(const Req *r, const char *tok)
{
    size_t i;

    for (i = 0; i < r->n_tokens; i++)
        if (strcmp(r->tokens[i], tok) == 0)
            return true;
    return false;
}

/* Records tok as followed; returns false when out of memory. */
static bool token_push(Req *r, char *tok)
{
    char **v = realloc(r->tokens, (r->n_tokens + 1) * sizeof *v);

    if (!v)
        return false;
    r->tokens = v;
    r->tokens[r->n_tokens++] = tok;
    return true;
}

/* Parses a 2xx body into n; sets *tok to the next page token (or NULL). */
static int parse_page(Req *r, ResNode *n, char **tok, Err *e)
{
    const char *b = r->body.p ? r->body.p : "";
    size_t len = r->body.n;

    *tok = NULL;
    switch (r->kind) {
    case REQ_EXPERIMENTS_SEARCH:
        n->r.experiments = calloc(1, sizeof *n->r.experiments);
        if (!n->r.experiments)
            break;
        return parse_experiments(b, len, n->r.experiments, tok, e);
    case REQ_EXPERIMENT_GET:
        n->r.experiment = calloc(1, sizeof *n->r.experiment);
        if (!n->r.experiment)
            break;
        if (parse_experiment(b, len, n->r.experiment, e) < 0) {
            free(n->r.experiment);
            n->r.experiment = NULL;
            return -1;
        }
        return 0;
    case REQ_RUNS_SEARCH:
        if (!(n->r.runs = runset_new()))
            break;
        return parse_runs(b, len, n->r.runs, tok, e);
    case REQ_RUN_GET:
        if (!(n->r.runs = runset_new()))
            break;
        return parse_run(b, len, n->r.runs, e);
    case REQ_METRIC_HISTORY:
        return parse_history(b, len, r->hist, tok, e);
    case REQ_CALL:
        return 0;
    }
    err_set(e, ERR_NOMEM, "Out of memory reading the reply to %s", r->endpoint);
    return -1;
}

/* Drops the payload of a result that turned into an error. */
static void result_clear_payload(ResNode *n)
{
    if (n->r.experiments)
        explist_free(n->r.experiments);
    n->r.experiments = NULL;
    if (n->r.experiment) {
        experiment_free_fields(n->r.experiment);
        free(n->r.experiment);
    }
    n->r.experiment = NULL;
    runset_free(n->r.runs);
    n->r.runs = NULL;
}

/* ---- retries (reads only) ---------------------------------------------- */

#define BACKOFF_MAX_S      120.0     /* urllib3's Retry.DEFAULT_BACKOFF_MAX */

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether a failed read is one MLflow's client retries: no reply at all
 * because the connection was reset or closed, or a transient status (408,
 * 429, 500, 502, 503, 504: mlflow/utils/request_utils.py). */
static bool retryable(CURLcode rc, long status, char *why, size_t size)
{
    if (rc != CURLE_OK) {
        if (status != 0)
            return false;   /* a reply had begun: not "before a reply" */
        if (rc != CURLE_RECV_ERROR && rc != CURLE_SEND_ERROR && rc != CURLE_GOT_NOTHING)
            return false;
        snprintf(why, size, "%s", rc == CURLE_GOT_NOTHING ? "connection closed"
                                                          : "connection reset");
        return true;
    }
    if (status == 408 || status == 429 || status == 500 || status == 502 || status == 503
        || status == 504) {
        snprintf(why, size, "HTTP %ld", status);
        return true;
    }
    return false;
}

/* The wait before retry number n (1-based), as urllib3's Retry.get_backoff_time
 * that MLflow's client uses: none before the first retry, then
 * factor * 2^(n-1) plus up to `jitter` random seconds, at most 120 s. A
 * Retry-After the server sent (on 429 / 503) wins, up to the same 120 s. */
static double backoff_s(const Api *api, int n, long status, curl_off_t retry_after)
{
    double d;

    if (retry_after >= 0 && (status == 429 || status == 503 || status == 413))
        return retry_after > (curl_off_t)BACKOFF_MAX_S ? BACKOFF_MAX_S : (double)retry_after;
    if (n <= 1)
        return 0;
    d = api->backoff_factor * (double)(1L << (n - 1 > 20 ? 20 : n - 1));
    if (api->backoff_jitter > 0)
        d += api->backoff_jitter * ((double)rand() / ((double)RAND_MAX + 1.0));
    return d < 0 ? 0 : d > BACKOFF_MAX_S ? BACKOFF_MAX_S : d;
}

/* Schedules r's current page again if it is a read that failed transiently
 * and retries are left; its handle is out of the multi handle meanwhile and
 * api_perform re-adds it when the time comes. Returns true when scheduled. */
static bool retry_schedule(Api *api, Req *r, CURLcode rc)
{
    long status = 0;
    curl_off_t after = -1;
    char why[sizeof r->retry_why];

    if (r->is_write || r->retries >= api->max_retries || r->save_failed)
        return false;
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
    if (!retryable(rc, status, why, sizeof why))
        return false;
    if (rc == CURLE_OK && curl_easy_getinfo(r->easy, CURLINFO_RETRY_AFTER, &after) != CURLE_OK)
        after = -1;
    if (rc == CURLE_OK && after == 0) {
        /* libcurl reports 0 both for "Retry-After: 0" and for none at all. */
        struct curl_header *h = NULL;
        if (curl_easy_header(r->easy, "Retry-After", 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
            after = -1;
    }
    r->retries++;
    snprintf(r->retry_why, sizeof r->retry_why, "%s", why);
    r->retry_at = now_ms() + (long long)(backoff_s(api, r->retries, status, after) * 1000.0);
    if (r->retry_at <= 0)
        r->retry_at = 1;
    if (r->save) {   /* never: only 2xx bodies are saved, and those are not retried */
        fclose(r->save);
        r->save = NULL;
        unlink(r->save_to);
    }
    r->body.n = 0;
    return true;
}

/* Restarts every request whose retry time has come. */
static void retry_due(Api *api)
{
    long long now = now_ms();
    Req *r, *next;
    Err e;

    for (r = api->reqs; r; r = next) {
        next = r->next;
        if (!r->retry_at || r->retry_at > now)
            continue;
        r->retry_at = 0;
        if (req_start_page(api, r) < 0) {
            err_set(&e, ERR_NOMEM, "Out of memory retrying %s", r->endpoint);
            r->page++;
            queue_error(api, r, &e);
            req_finish(api, r);
        }
    }
}

/* Milliseconds until the next retry is due (0: now), or -1 when none waits. */
static long retry_next_ms(const Api *api)
{
    long long now = now_ms(), best = -1;
    const Req *r;

    for (r = api->reqs; r; r = r->next)
        if (r->retry_at && (best < 0 || r->retry_at - now < best))
            best = r->retry_at - now < 0 ? 0 : r->retry_at - now;
    return (long)best;
}

/* One transfer of r ended with rc. Queues its result(s); either restarts r for
 * the next page (returns 1) or finishes and frees it (returns 0). */
static int req_done(Api *api, Req *r, CURLcode rc)
{
    long status = 0;
    char *ctype = NULL, *tok = NULL;
    ResNode *n = NULL;
    Err e;
    bool more = false;

    err_clear(&e);
    curl_multi_remove_handle(api->multi, r->easy);
    if (retry_schedule(api, r, rc))
        return 0;
    if (rc != CURLE_OK) {
        transport_error(api, r, rc, &e);
        goto fail;
    }
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ctype);
    if (status < 200 || status >= 300) {
        parse_error_reply_at(status, ctype, r->body.p, r->body.n, url_path(r), &e);
        if (status >= 300 && status < 400) {
            char *loc = NULL;
            curl_easy_getinfo(r->easy, CURLINFO_REDIRECT_URL, &loc);
            if (loc)
                err_set(&e, ERR_HTTP, "HTTP %ld from %.150s: redirected to %.200s \xe2\x80\x94 "
                        "use that address as the tracking URI", status, url_path(r), loc);
            e.http_status = (int)status;
        }
        goto fail;
    }
    if (!(n = result_new(r))) {
        err_set(&e, ERR_NOMEM, "Out of memory");
        goto fail;
    }
    n->r.page = r->page + 1;
    r->retries = 0;
    if (r->kind == REQ_CALL) {
        if (r->save_to) {
            bool ok = !r->save_failed;
            int why = 0;
            if (ok && !r->save) {   /* an empty file: nothing was written yet */
                int fd = open(r->save_to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
                if (fd >= 0)
                    r->save_to_ours = true;
                if (fd < 0 || !(r->save = fdopen(fd, "wb"))) {
                    why = errno;
                    if (fd >= 0)
                        close(fd);
                    ok = false;
                }
            }
            if (r->save && fclose(r->save) != 0) {
                why = errno;
                ok = false;
            }
            r->save = NULL;
            if (!ok) {
                /* Remove only a file this request created: never the user's. */
                if (r->save_to_ours)
                    unlink(r->save_to);
                err_set(&e, ERR_TRANSPORT, "Cannot write %.300s: %s", r->save_to,
                        why == EEXIST ? "it exists already (not overwritten)"
                                      : strerror(why ? why : EIO));
                free(n);
                n = NULL;
                goto fail;
            }
            n->r.saved = r->saved;
        }
        n->r.status = status;
        n->r.body = r->body.p ? r->body.p : strdup("");
        n->r.body_len = r->body.n;
        r->body.p = NULL;
        r->body.n = r->body.cap = 0;
        n->r.content_type = ctype ? strdup(ctype) : NULL;
        n->r.final = true;
        r->page++;
        result_queue(api, n);
        req_finish(api, r);
        return 0;
    }
    if (parse_page(r, n, &tok, &e) < 0) {
        if (e.kind == ERR_PARSE && ctype && !strstr(ctype, "json"))
            err_set(&e, ERR_PARSE, "Reply from %.200s is %.60s, not JSON \xe2\x80\x94 is this "
                    "an MLflow server, is the URI right?", url_path(r), ctype);
        e.http_status = (int)status;
        result_clear_payload(n);
        free(n);
        n = NULL;
        goto fail;
    }
    r->page++;
    if (r->kind == REQ_RUNS_SEARCH)
        r->total += (long)n->r.runs->n_runs;
    else if (r->kind == REQ_METRIC_HISTORY)
        r->total = (long)r->hist->n;
    else if (r->kind == REQ_EXPERIMENTS_SEARCH)
        r->total += (long)n->r.experiments->n;

    more = tok && !token_seen(r, tok)
           && r->kind != REQ_EXPERIMENT_GET && r->kind != REQ_RUN_GET
           && !(r->kind == REQ_RUNS_SEARCH && r->max_total > 0 && r->total >= r->max_total);
    if (more) {
        if (!token_push(r, tok)) {
            more = false;
            free(tok);
        }
        tok = NULL;
    }
    free(tok);
    if (more && (req_build(api, r) < 0 || req_start_page(api, r) < 0)) {
        more = false;
        err_set(&e, ERR_NOMEM, "Out of memory starting page %d of %s", r->page + 1,
                r->endpoint);
        if (r->kind != REQ_METRIC_HISTORY) {
            result_queue(api, n);  /* deliver what arrived, then the error */
            n = NULL;
        }
        goto fail;
    }
    if (r->kind == REQ_METRIC_HISTORY) {
        if (more) {
            free(n);   /* history is delivered once, whole */
            return 1;
        }
        n->r.history = r->hist;
        r->hist = NULL;
    }
    n->r.final = !more;
    result_queue(api, n);
    if (more)
        return 1;
    req_finish(api, r);
    return 0;
fail:
    if (n)
        free(n);
    if (r->retries > 0) {
        size_t used = strlen(e.message);
        snprintf(e.message + used, sizeof e.message - used, " (after %d retr%s)", r->retries,
                 r->retries == 1 ? "y" : "ies");
    }
    r->page++;
    if (r->save) {
        fclose(r->save);
        r->save = NULL;
        unlink(r->save_to);
    }
    queue_error(api, r, &e);
    req_finish(api, r);
    return 0;
}

static void jobs_deliver(Api *api);

void api_perform(Api *api)
{
    int running = 0, left, again, rounds = 0;
    CURLMsg *m;

    if (!api)
        return;
    jobs_deliver(api);
    retry_due(api);
    do {
        again = 0;
        curl_multi_perform(api->multi, &running);
        while ((m = curl_multi_info_read(api->multi, &left))) {
            Req *r = NULL;
            CURL *easy = m->easy_handle;
            CURLcode rc = m->data.result;

            if (m->msg != CURLMSG_DONE)
                continue;
            curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&r);
            if (r && req_done(api, r, rc))
                again = 1;   /* a next page was added: get it going now */
        }
    } while (again && ++rounds < 4);
}

int api_wait(Api *api, int extra_fd, int timeout_ms)
{
    struct curl_waitfd w;
    int numfds = 0;

    if (!api)
        return 0;
    memset(&w, 0, sizeof w);
    w.fd = extra_fd;
    w.events = CURL_WAIT_POLLIN;
    if (api->res_head)
        timeout_ms = 0;   /* results are waiting: do not sleep on them */
    long due = retry_next_ms(api);
    if (due >= 0 && due < timeout_ms)
        timeout_ms = (int)due;   /* wake for a retry's timer */
    if (timeout_ms < 0)
        timeout_ms = 0;
    if (curl_multi_poll(api->multi, extra_fd >= 0 ? &w : NULL, extra_fd >= 0 ? 1 : 0,
                        timeout_ms, &numfds) != CURLM_OK)
        return 0;
    return extra_fd >= 0 && (w.revents & (CURL_WAIT_POLLIN | CURL_WAIT_POLLPRI)) ? 1 : 0;
}

ApiResult *api_next_result(Api *api)
{
    ResNode *n;

    if (!api || !(n = api->res_head))
        return NULL;
    api->res_head = n->next;
    if (!api->res_head)
        api->res_tail = NULL;
    n->next = NULL;
    return &n->r;
}

size_t api_in_flight(const Api *api)
{
    return api ? api->n_reqs + api->n_sinks : 0;
}

static void fmt_thousands(long v, char *buf, size_t size)
{
    char tmp[32];
    int len = snprintf(tmp, sizeof tmp, "%ld", v < 0 ? 0 : v), i, o = 0;

    for (i = 0; i < len && (size_t)o + 1 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0 && (size_t)o + 2 < size)
            buf[o++] = ',';
        buf[o++] = tmp[i];
    }
    buf[o] = '\0';
}

static void job_activity(const Api *api, char *buf, size_t size);

void api_activity(const Api *api, char *buf, size_t size)
{
    const Req *r;
    char n[32];

    if (!buf || size == 0)
        return;
    buf[0] = '\0';
    if (!api)
        return;
    for (const Req *w = api->reqs; w; w = w->next)
        if (w->retry_at) {
            long long left = w->retry_at - now_ms();
            snprintf(buf, size, "%s: retry %d/%d in %lld s (%s)",
                     w->kind == REQ_CALL ? w->label : w->endpoint, w->retries,
                     api->max_retries, left <= 0 ? 0 : (left + 999) / 1000, w->retry_why);
            return;
        }
    if (!(r = api->reqs)) {
        job_activity(api, buf, size);
        return;
    }
    fmt_thousands(r->total, n, sizeof n);
    switch (r->kind) {
    case REQ_RUNS_SEARCH:
        if (r->page == 0)
            snprintf(buf, size, "runs/search: page 1");
        else
            snprintf(buf, size, "runs/search: page %d, %s run%s", r->page + 1, n,
                     r->total == 1 ? "" : "s");
        break;
    case REQ_EXPERIMENTS_SEARCH:
        if (r->page == 0)
            snprintf(buf, size, "experiments/search");
        else
            snprintf(buf, size, "experiments/search: page %d, %s experiments",
                     r->page + 1, n);
        break;
    case REQ_METRIC_HISTORY:
        if (r->page == 0)
            snprintf(buf, size, "metrics/get-history");
        else
            snprintf(buf, size, "metrics/get-history: page %d, %s points", r->page + 1, n);
        break;
    case REQ_CALL:
        if (r->save_to) {
            curl_off_t total = -1;
            char got[32], all[32];
            curl_easy_getinfo(r->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &total);
            fmt_thousands((long)(r->saved / 1024), got, sizeof got);
            if (total > 0) {
                fmt_thousands((long)(total / 1024), all, sizeof all);
                snprintf(buf, size, "%s: %s of %s KiB", r->label, got, all);
            } else {
                snprintf(buf, size, "%s: %s KiB", r->label, got);
            }
        } else {
            snprintf(buf, size, "%s", r->label);
        }
        break;
    default:
        snprintf(buf, size, "%s", r->endpoint);
        break;
    }
}

char *api_escape(const char *s)
{
    CURL *e = curl_easy_init();
    char *esc, *out = NULL;

    if (!e)
        return NULL;
    esc = curl_easy_escape(e, s, 0);
    if (esc) {
        out = strdup(esc);
        curl_free(esc);
    }
    curl_easy_cleanup(e);
    return out;
}

uint64_t api_call(Api *api, int owner, unsigned gen, const ApiCall *c)
{
    Req *r;
    bool ok = true;
    size_t n;

    if (!api || !c || !c->path || !(r = req_alloc(api, REQ_CALL, owner, gen)))
        return 0;
    r->method = strdup(c->method ? c->method : "GET");
    r->tag = c->tag;
    r->call_timeout_ms = c->timeout_ms;
    r->is_write = c->write || (c->method && strcmp(c->method, "GET") != 0);
    r->label = strdup(c->label ? c->label : c->path);
    if (!r->method || !r->label)
        ok = false;
    n = strlen(api->base_url) + strlen(c->path) + 2;
    if (ok && (r->url = malloc(n)))
        snprintf(r->url, n, "%s%s%s", api->base_url, c->path[0] == '/' ? "" : "/", c->path);
    else
        ok = false;
    if (ok && c->body) {
        r->post_len = c->body_len ? c->body_len : strlen(c->body);
        if ((r->post = malloc(r->post_len + 1))) {
            memcpy(r->post, c->body, r->post_len);
            r->post[r->post_len] = '\0';
        } else {
            ok = false;
        }
        char hdr[160];
        snprintf(hdr, sizeof hdr, "Content-Type: %.120s",
                 c->content_type ? c->content_type : "application/json");
        if (ok && !(r->ctype_hdr = strdup(hdr)))
            ok = false;
    }
    if (ok && c->save_to && !(r->save_to = strdup(c->save_to)))
        ok = false;
    return req_submit(api, r, ok);
}

/* ---- jobs: work on worker threads, delivered like transfers ------------- */

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

/* On the loop thread, once the worker has returned (or never started). */
static void job_done(void *ctx, bool cancelled, void *user)
{
    ApiJobSink *s = ctx;
    Api        *api = s->api;

    (void)user;
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

uint64_t api_job(Api *api, int owner, unsigned gen, ReqKind kind, const char *label,
                 ApiJobFn fn, void *ctx, void (*free_ctx)(void *ctx))
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
    s->job_id = jobs_submit(api->jobs, owner, job_run, job_done, s);
    if (!s->job_id) {
        free(s);
        return 0;
    }
    s->next = api->sinks;
    api->sinks = s;
    api->n_sinks++;
    return s->req_id;
}

/* Moves what workers sent into the result queue (dropping what belongs to
 * cancelled jobs), then lets finished jobs free their context. Results are
 * moved first so a job's last result always precedes its completion. */
static void jobs_deliver(Api *api)
{
    ResNode *n, *next;

    if (!api->jobs)
        return;
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
    jobs_collect(api->jobs, api);
}

static void job_cancel(Api *api, uint64_t req_id)
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

static void job_cancel_owner(Api *api, int owner)
{
    for (ApiJobSink *s = api->sinks; s; s = s->next)
        if (s->owner == owner)
            atomic_store(&s->dropped, 1);
    if (api->jobs)
        jobs_cancel_owner(api->jobs, owner);
}

static void job_activity(const Api *api, char *buf, size_t size)
{
    const ApiJobSink *s = api->sinks;

    if (s)   /* the oldest is last: sinks are pushed at the head */
        while (s->next)
            s = s->next;
    if (s)
        snprintf(buf, size, "%s", s->label);
}

static void jobs_free_all(Api *api)
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
