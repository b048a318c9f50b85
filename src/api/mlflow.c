/* mlflow.c — the MLflow tracking endpoints of the client (see api.h): the
 * URL and JSON body of each page of experiments/search, runs/search,
 * experiments/get(-by-name), runs/get and metrics/get-history, and the
 * parsing of each reply page (api/parse.c). transport.c sends them. */
#include "api/transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api/json.h"
#include "api/parse.h"
#include "api/registry.h"

#define API_PREFIX         "/api/2.0/mlflow/"

#define EXP_PAGE           1000      /* experiments/search max_results by default */

#define MODELS_PAGE        "100"     /* registered-models/search, as the registry views had */
#define VERSIONS_PAGE      "1000"    /* model-versions/search */
#define HISTORY_PAGE       25000     /* metrics/get-history max_results, as MLflow's client */

void api_set_experiments_page(Api *api, int n)
{
    if (api)
        api->exp_page = n >= 1 && n <= 50000 ? n : EXP_PAGE;
}

/* ---- building pages ----------------------------------------------------- */

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
int mlflow_build_page(Api *api, Req *r)
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
        if (!o || !cJSON_AddNumberToObject(o, "max_results",
                                           api->exp_page > 0 ? api->exp_page : EXP_PAGE)
            || !cJSON_AddStringToObject(o, "view_type", view_type_name(r->view_type))
            || (r->filter && !cJSON_AddStringToObject(o, "filter", r->filter))
            || (tok && !cJSON_AddStringToObject(o, "page_token", tok)))
            goto out;
        break;
    case REQ_RUNS_SEARCH: {
        long want = r->page == 0 ? api->first_page : api->page_size;
        if (r->max_total > 0 && r->max_total - r->total < want)
            want = r->max_total - r->total;
        r->want = want;
        r->max_body = (size_t)want * RUN_MAX_BYTES;
        if (r->max_body < RUNS_MIN_BODY)
            r->max_body = RUNS_MIN_BODY;
        if (r->max_body > api->max_body)
            r->max_body = api->max_body;
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
    case REQ_MODELS_SEARCH:
    case REQ_VERSIONS_SEARCH:
        if (query_add(r->easy, &q, "max_results",
                      r->kind == REQ_MODELS_SEARCH ? MODELS_PAGE : VERSIONS_PAGE) < 0
            || (r->filter && query_add(r->easy, &q, "filter", r->filter) < 0)
            || (tok && query_add(r->easy, &q, "page_token", tok) < 0))
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

const char *mlflow_endpoint(ReqKind k, bool by_name)
{
    switch (k) {
    case REQ_EXPERIMENTS_SEARCH: return "experiments/search";
    case REQ_EXPERIMENT_GET:     return by_name ? "experiments/get-by-name" : "experiments/get";
    case REQ_RUNS_SEARCH:        return "runs/search";
    case REQ_RUN_GET:            return "runs/get";
    case REQ_METRIC_HISTORY:     return "metrics/get-history";
    case REQ_CALL:               return "request";
    case REQ_MODELS_SEARCH:      return "registered-models/search";
    case REQ_VERSIONS_SEARCH:    return "model-versions/search";
    }
    return "?";
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

    if (!api || !(r = transport_req_new(api, REQ_EXPERIMENTS_SEARCH, owner, gen)))
        return 0;
    r->view_type = view_type;
    if (filter && *filter && !(r->filter = strdup(filter)))
        ok = false;
    return transport_submit(api, r, ok);
}

uint64_t api_experiment_get(Api *api, int owner, unsigned gen, const char *id)
{
    Req *r;

    if (!api || !(r = transport_req_new(api, REQ_EXPERIMENT_GET, owner, gen)))
        return 0;
    r->arg1 = strdup(id ? id : "");
    return transport_submit(api, r, r->arg1 != NULL);
}

uint64_t api_experiment_get_by_name(Api *api, int owner, unsigned gen, const char *name)
{
    Req *r;

    if (!api || !(r = transport_req_new(api, REQ_EXPERIMENT_GET, owner, gen)))
        return 0;
    r->endpoint = mlflow_endpoint(REQ_EXPERIMENT_GET, true);
    r->arg2 = strdup(name ? name : "");
    return transport_submit(api, r, r->arg2 != NULL);
}

uint64_t api_runs_search(Api *api, int owner, unsigned gen, const RunsQuery *q)
{
    Req *r;
    bool ok = true;

    if (!api || !(r = transport_req_new(api, REQ_RUNS_SEARCH, owner, gen)))
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
    return transport_submit(api, r, ok);
}

uint64_t api_run_get(Api *api, int owner, unsigned gen, const char *run_id)
{
    Req *r;

    if (!api || !(r = transport_req_new(api, REQ_RUN_GET, owner, gen)))
        return 0;
    r->arg1 = strdup(run_id ? run_id : "");
    return transport_submit(api, r, r->arg1 != NULL);
}

uint64_t api_metric_history(Api *api, int owner, unsigned gen, const char *run_id,
                            const char *key)
{
    Req *r;
    bool ok;

    if (!api || !(r = transport_req_new(api, REQ_METRIC_HISTORY, owner, gen)))
        return 0;
    r->arg1 = strdup(run_id ? run_id : "");
    r->arg2 = strdup(key ? key : "");
    r->hist = history_new(run_id ? run_id : "", key ? key : "");
    ok = r->arg1 && r->arg2 && r->hist;
    return transport_submit(api, r, ok);
}

/* ---- reading pages ------------------------------------------------------ */

char *mlflow_tail_token(const char *b, size_t n)
{
    static const char key[] = "\"next_page_token\"";
    const size_t k = sizeof key - 1;
    const char *at = NULL;
    char *frag, *tok = NULL;
    cJSON *o;

    if (!b || n < k)
        return NULL;
    /* The last occurrence, within the reply's last 8 KiB (a token is short). */
    for (size_t i = n - k + 1; i-- > 0 && n - i <= 8192;)
        if (memcmp(b + i, key, k) == 0) {
            at = b + i;
            break;
        }
    if (!at || !(frag = malloc((size_t)(b + n - at) + 2)))
        return NULL;
    frag[0] = '{';
    memcpy(frag + 1, at, (size_t)(b + n - at));
    frag[b + n - at + 1] = '\0';
    /* `{"next_page_token": "…"}`: parsed by cJSON, or no guess at all. */
    if ((o = cJSON_Parse(frag))) {
        const char *t = json_str(o, "next_page_token");
        if (t && *t)
            tok = strdup(t);
        cJSON_Delete(o);
    }
    free(frag);
    return tok;
}

/* Parses a 2xx body into n; sets *tok to the next page token (or NULL). */
int mlflow_parse_page(Req *r, const char *body, size_t len, ResNode *n, char **tok,
                      void **pending, size_t *count, Err *e)
{
    const char *b = body ? body : "";

    *tok = NULL;
    *pending = NULL;
    *count = 0;
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
        if (parse_runs_open(b, len, pending, tok, count, e) < 0)
            return -1;
        if (r->want > 0 && *count > (size_t)r->want)
            *count = (size_t)r->want;   /* a page past what was asked is cut */
        return 0;
    case REQ_RUN_GET:
        if (!(n->r.runs = runset_new()))
            break;
        return parse_run(b, len, n->r.runs, e);
    case REQ_METRIC_HISTORY:
        return parse_history(b, len, r->hist, tok, e);
    case REQ_CALL:
        return 0;
    case REQ_MODELS_SEARCH:
        return reg_parse_models(b, len, r->models, tok, e);
    case REQ_VERSIONS_SEARCH:
        return reg_parse_versions(b, len, r->versions, tok, e);
    }
    err_set(e, ERR_NOMEM, "Out of memory reading the reply to %s", r->endpoint);
    return -1;
}

int mlflow_finish_page(ResNode *n, void *pending, size_t count, Err *e)
{
    if (!pending)
        return 0;
    if (!count) {
        parse_runs_take(pending, n->r.runs, -1, e);   /* frees it; takes none */
        return 0;
    }
    return parse_runs_take(pending, n->r.runs, (long)count, e);
}

/* Drops the payload of a result that turned into an error. */
void mlflow_clear_payload(ResNode *n)
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

bool mlflow_delivered_whole(ReqKind k)
{
    return k == REQ_METRIC_HISTORY || k == REQ_MODELS_SEARCH || k == REQ_VERSIONS_SEARCH;
}

void mlflow_take_whole(Req *r, ResNode *n)
{
    n->r.history = r->hist;
    r->hist = NULL;
    n->r.models = r->models;
    r->models = NULL;
    n->r.versions = r->versions;
    r->versions = NULL;
}

/* ---- model registry searches -------------------------------------------- */

static uint64_t registry_search(Api *api, int owner, unsigned gen, ReqKind kind,
                                const char *filter)
{
    Req *r;
    bool ok = true;

    if (!api || !(r = transport_req_new(api, kind, owner, gen)))
        return 0;
    if (filter && *filter && !(r->filter = strdup(filter)))
        ok = false;
    if (kind == REQ_MODELS_SEARCH)
        ok = ok && (r->models = calloc(1, sizeof *r->models));
    else
        ok = ok && (r->versions = calloc(1, sizeof *r->versions));
    return transport_submit(api, r, ok);
}

uint64_t api_models_search(Api *api, int owner, unsigned gen, const char *filter)
{
    return registry_search(api, owner, gen, REQ_MODELS_SEARCH, filter);
}

uint64_t api_versions_search(Api *api, int owner, unsigned gen, const char *filter)
{
    return registry_search(api, owner, gen, REQ_VERSIONS_SEARCH, filter);
}

/* ---- the web UI ---------------------------------------------------------- */

char *api_web_url(const Api *api, const char *route)
{
    CURLU *u;
    char  *base = NULL, *out = NULL;
    size_t n;

    if (!api || api_is_local(api) || !route || !(u = curl_url()))
        return NULL;
    if (curl_url_set(u, CURLUPART_URL, api_base_url(api), 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_USER, NULL, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_QUERY, NULL, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &base, 0) == CURLUE_OK) {
        n = strlen(base);
        while (n && base[n - 1] == '/')
            n--;
        if ((out = malloc(n + 1 + strlen(route) + 1)))
            sprintf(out, "%.*s/%s", (int)n, base, route);
    }
    curl_free(base);
    curl_url_cleanup(u);
    return out;
}
