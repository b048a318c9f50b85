/* transport.c — the HTTP side of the MLflow client (see api.h, transport.h):
 * libcurl's multi interface, auth, TLS, reply limits, read retries and their
 * timers, results and cancelling. The MLflow endpoints (mlflow.c) say what to
 * send and how to read a page; this file sends it and never blocks.
 *
 * Every request is a Req holding one easy handle that is reused for each of
 * its pages (the multi handle keeps the connection alive between them; a
 * write gets a fresh connection of its own). The UI's loop calls api_wait
 * (curl_multi_poll plus the terminal fd, waking for retry timers), then
 * api_perform, which drives curl, turns finished transfers into ApiResults
 * (queued in order) and re-adds the handle for the next page or retry.
 * Nothing here blocks except api_wait, and only up to its timeout. No threads.
 *
 * Long because a request's life is one piece: its easy handle's options, the
 * body callback with its caps (memory, saved bytes, gzip), completion with
 * paging, bounds and pipelining, the result queue and cancelling all touch the
 * same Req; retry.c, failure.c and activity.c already hold what stands apart. */
#include "api/transport.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "api/local.h"
#include "api/parse.h"

#ifndef MLTUI_VERSION
#define MLTUI_VERSION "0.1.0"
#endif

static int global_users;

/* ---- the client ---------------------------------------------------------- */

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
    StoreKind store_kind = STORE_SQLITE;
    char store_path[4096];
    bool is_local = false;

    err_clear(err);
    /* A local store: the Api is set up as for a server (its jobs wake the same
     * curl_multi_poll), and every request goes to a Local instead. */
    if (store_uri_parse(u, &store_kind, store_path, sizeof store_path) == 0) {
        is_local = true;
        u = "http://127.0.0.1";   /* never contacted; replaced by the store's label */
    } else if (!strncmp(u, "sqlite:", 7) || !strncmp(u, "file:", 5)
               || (!strstr(u, "://") && (strchr(u, '/') || strstr(u, ".db")))) {
        err_set(err, ERR_TRANSPORT, "No MLflow store at %.300s (an mlflow.db file or an "
                "mlruns/ folder)", u);
        return NULL;
    }
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
    api->exp_page = 0;   /* mlflow.c: its default */
    api->max_pages = cfg && cfg->max_pages > 0 ? cfg->max_pages : MAX_PAGES;
    api->max_retries = cfg && cfg->max_retries > 0 ? (cfg->max_retries > 9 ? 9 : cfg->max_retries)
                                                  : 0;
    api->backoff_factor = cfg && cfg->backoff_factor > 0 ? cfg->backoff_factor : 0;
    api->backoff_jitter = cfg && cfg->backoff_jitter > 0 ? cfg->backoff_jitter : 0;
    api->next_id = 1;
    if (is_local) {
        api->local = local_new(store_kind, store_path, cfg ? cfg->artifacts_root : NULL, err);
        if (!api->local)
            goto fail;
        free(api->base_url);
        if (!(api->base_url = strdup(local_label(api->local))))
            goto nomem;
    }
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

static void free_strv(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void transport_req_free(Req *r)
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
    if (r->models)
        modellist_clear(r->models);
    free(r->models);
    if (r->versions)
        versionlist_clear(r->versions);
    free(r->versions);
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
void req_finish(Api *api, Req *r)
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
    transport_req_free(r);
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

void result_queue(Api *api, ResNode *n)
{
    if (api->res_tail)
        api->res_tail->next = n;
    else
        api->res_head = n;
    api->res_tail = n;
}

/* Queues a final error result for r (or, when even that cannot be
 * allocated, nothing: the view then learns of it from api_in_flight). */
void queue_error(Api *api, const Req *r, const Err *e)
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
    if (r->models)
        modellist_clear(r->models);
    free(r->models);
    if (r->versions)
        versionlist_clear(r->versions);
    free(r->versions);
    free(r->body);
    free(r->content_type);
    free(r->warning);
    free((ResNode *)r);
}

void api_free(Api *api)
{
    ResNode *n, *nn;

    if (!api)
        return;
    jobs_free_all(api);   /* before the cache and the store: jobs may be using them */
    api__cache_free(api->cache);
    local_free(api->local);
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
            if (r->max_save && (size_t)r->saved + len > r->max_save) {
                r->too_large = true;      /* larger than the download may be */
                return 0;
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
int req_start_page(Api *api, Req *r)
{
    r->body.n = 0;
    r->too_large = false;
    /* A Content-Length over the cap ends it at once; the decoded bytes are
     * counted in on_body whatever the headers say (gzip included). A download
     * to a file has no in-memory cap. */
    curl_easy_setopt(r->easy, CURLOPT_MAXFILESIZE_LARGE,
                     (curl_off_t)(r->save_to ? 0 : r->max_body));
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

Req *transport_req_new(Api *api, ReqKind kind, int owner, unsigned gen)
{
    Req *r = calloc(1, sizeof *r);

    if (!r)
        return NULL;
    r->id = api->next_id++;
    r->kind = kind;
    r->owner = owner;
    r->gen = gen;
    r->endpoint = mlflow_endpoint(kind, false);
    r->max_body = api->max_body < ENDPOINT_MAX_BODY ? api->max_body : ENDPOINT_MAX_BODY;
    return r;
}

/* Starts r (built by the caller) or, on failure, queues an error for it.
 * Returns r's id either way. */
uint64_t transport_submit(Api *api, Req *r, bool ok)
{
    uint64_t id = r->id;
    Err e;

    if (ok && api->local)
        return local_submit(api->local, api, r);
    r->body.n = 0;
    if (ok && req_setup_easy(api, r) == 0 && mlflow_build_page(api, r) == 0
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
    transport_req_free(r);
    return id;
}

static Req *req_by_id(const Api *api, uint64_t id)
{
    Req *r;

    for (r = api->reqs; r; r = r->next)
        if (r->id == id)
            return r;
    return NULL;
}

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

/* One transfer of r ended with rc. Queues its result(s); either restarts r for
 * the next page (returns 1) or finishes and frees it (returns 0). */
static int req_done(Api *api, Req *r, CURLcode rc)
{
    long status = 0;
    char *ctype = NULL, *tok = NULL;
    ResNode *n = NULL;
    Err e;
    bool more = false;
    void *pending = NULL;      /* a runs page read as JSON, converted below */
    size_t count = 0;

    err_clear(&e);
    curl_multi_remove_handle(api->multi, r->easy);
    if (retry_schedule(api, r, rc))
        return 0;
    if (rc != CURLE_OK) {
        transport_describe_error(api, r, rc, &e);
        goto fail;
    }
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ctype);
    if (status < 200 || status >= 300) {
        parse_error_reply_at(status, ctype, r->body.p, r->body.n, transport_url_path(r), &e);
        if (status >= 300 && status < 400) {
            char *loc = NULL;
            curl_easy_getinfo(r->easy, CURLINFO_REDIRECT_URL, &loc);
            if (loc)
                err_set(&e, ERR_HTTP, "HTTP %ld from %.150s: redirected to %.200s \xe2\x80\x94 "
                        "use that address as the tracking URI", status, transport_url_path(r), loc);
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
    /* A runs page: ask for the next one before this one is parsed, with the
     * token read from the reply's tail (MLflow writes it last). Parsing 100
     * runs takes a few ms a page that a plain client spends nowhere; the
     * whole parse below checks the guess, and a wrong one is taken back.
     * Not on the first page: it is small (100 runs: little to overlap) and
     * its rows are what the user waits for. */
    char *body = r->body.p;
    size_t body_n = r->body.n, body_cap = r->body.cap;
    char *guess = NULL;
    bool guessed = false;
    if (r->kind == REQ_RUNS_SEARCH && r->page > 0 && r->max_total <= 0
        && r->page + 1 < api->max_pages
        && (guess = mlflow_tail_token(body, body_n)) && !token_seen(r, guess)) {
        char *pushed = strdup(guess);
        r->body.p = NULL;            /* this page's bytes stay ours to parse */
        r->body.n = r->body.cap = 0;
        r->page++;                   /* built as the page after this one */
        if (pushed && token_push(r, pushed)) {
            if (mlflow_build_page(api, r) == 0 && req_start_page(api, r) == 0) {
                int running;
                guessed = true;
                curl_multi_perform(api->multi, &running);
            } else {
                free(r->tokens[--r->n_tokens]);
            }
        } else {
            free(pushed);
        }
        r->page--;
        if (!guessed) {              /* nothing was sent: as if never tried */
            free(r->body.p);
            r->body.p = body;
            r->body.n = body_n;
            r->body.cap = body_cap;
        }
    }
    if (mlflow_parse_page(r, body, body_n, n, &tok, &pending, &count, &e) < 0 || guessed) {
        if (guessed) {
            free(body);              /* parsed (pending holds what it needs) */
            body = NULL;
        }
        if (guessed && (e.kind != ERR_OK || !tok || strcmp(tok, guess) != 0)) {
            /* The guess was wrong (or the page did not parse): the page asked
             * for with it is taken back before any of it is used. */
            curl_multi_remove_handle(api->multi, r->easy);
            r->body.n = 0;
            free(r->tokens[--r->n_tokens]);
            guessed = false;
        }
    }
    if (e.kind != ERR_OK) {
        free(guess);
        if (e.kind == ERR_PARSE && ctype && !strstr(ctype, "json"))
            err_set(&e, ERR_PARSE, "Reply from %.200s is %.60s, not JSON \xe2\x80\x94 is this "
                    "an MLflow server, is the URI right?", transport_url_path(r), ctype);
        e.http_status = (int)status;
        mlflow_clear_payload(n);
        free(n);
        n = NULL;
        goto fail;
    }
    r->page++;
    if (r->kind == REQ_RUNS_SEARCH)
        r->total += (long)count;      /* converted after the next page is asked for */
    else if (r->kind == REQ_METRIC_HISTORY)
        r->total = (long)r->hist->n;
    else if (r->kind == REQ_EXPERIMENTS_SEARCH)
        r->total += (long)n->r.experiments->n;
    else if (r->kind == REQ_MODELS_SEARCH)
        r->total = (long)r->models->n;
    else if (r->kind == REQ_VERSIONS_SEARCH)
        r->total = (long)r->versions->n;

    bool want_more = tok && r->kind != REQ_EXPERIMENT_GET && r->kind != REQ_RUN_GET
                     && !(r->kind == REQ_RUNS_SEARCH && r->max_total > 0
                          && r->total >= r->max_total);
    bool bounded = false;
    free(guess);
    if (guessed) {
        /* Asked for already, with this very token (checked above). */
    } else if (want_more && token_seen(r, tok)) {
        err_set(&e, ERR_PARSE, "%s: the server sent the same page token twice; stopped "
                "after %d page%s", r->endpoint, r->page, r->page == 1 ? "" : "s");
        bounded = true;
    } else if (want_more && r->page >= api->max_pages) {
        err_set(&e, ERR_PARSE, "%s: stopped after %d pages (the server kept sending page "
                "tokens)", r->endpoint, r->page);
        bounded = true;
    }
    more = want_more && !bounded;
    if (more && !guessed) {
        if (!token_push(r, tok)) {
            more = false;
            free(tok);
        }
        tok = NULL;
    }
    free(tok);
    if (more && !guessed && (mlflow_build_page(api, r) < 0 || req_start_page(api, r) < 0)) {
        more = false;
        err_set(&e, ERR_NOMEM, "Out of memory starting page %d of %s", r->page + 1,
                r->endpoint);
        bounded = true;
    }
    if (pending) {
        /* The next page is asked for before this one's runs are converted:
         * send it now, so the server works while we parse. */
        int running;
        Err fe;

        err_clear(&fe);
        if (more)
            curl_multi_perform(api->multi, &running);
        if (mlflow_finish_page(n, pending, count, &fe) < 0) {
            e = fe;
            mlflow_clear_payload(n);
            free(n);
            n = NULL;
            goto fail;          /* stops the next page too (req_finish) */
        }
        r->total += (long)n->r.runs->n_runs - (long)count;   /* runs that did not read */
    }
    if (mlflow_delivered_whole(r->kind)) {
        if (more) {
            free(n);   /* delivered once, whole */
            return 1;
        }
        mlflow_take_whole(r, n);
    }
    if (bounded) {
        result_queue(api, n);  /* deliver what arrived, then the error */
        n = NULL;
        goto fail;
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

    if (!api || !c || !c->path || !(r = transport_req_new(api, REQ_CALL, owner, gen)))
        return 0;
    r->method = strdup(c->method ? c->method : "GET");
    r->tag = c->tag;
    r->call_timeout_ms = c->timeout_ms;
    if (c->max_bytes && c->save_to)
        r->max_save = c->max_bytes;
    else if (c->max_bytes)
        r->max_body = c->max_bytes < api->max_body ? c->max_bytes : api->max_body;
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
    return transport_submit(api, r, ok);
}

struct ApiCache **api__cache_slot(Api *api)
{
    return &api->cache;
}
