/* logged_model.c — see logged_model.h.
 *
 * Why it looks the way it does:
 * - A logged model has params, metrics and tags like a run, so the table of
 *   logged models is a RunSet: sorting (NaN and missing last, stable ties),
 *   quick search and `:sort f1 desc` are the runs table's code, not a copy.
 * - The latest value of a metric is chosen as the server chooses it for
 *   order_by (newest timestamp, then highest step), so a local sort agrees with
 *   a server-side one. */
#include "core/logged_model.h"
#include "core/grow.h"


#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void free_tags(Tag *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(t[i].key);
        free(t[i].value);
    }
    free(t);
}

void logged_model_free_fields(LoggedModel *m)
{
    if (!m)
        return;
    free(m->model_id);
    free(m->experiment_id);
    free(m->name);
    free(m->artifact_uri);
    free(m->status);
    free(m->model_type);
    free(m->source_run_id);
    free(m->status_message);
    free_tags(m->tags, m->n_tags);
    free_tags(m->params, m->n_params);
    for (size_t i = 0; i < m->n_metrics; i++) {
        free(m->metrics[i].key);
        free(m->metrics[i].dataset_name);
        free(m->metrics[i].dataset_digest);
        free(m->metrics[i].run_id);
    }
    free(m->metrics);
    for (size_t i = 0; i < m->n_versions; i++) {
        free(m->versions[i].name);
        free(m->versions[i].version);
    }
    free(m->versions);
    memset(m, 0, sizeof *m);
}

int lmlist_push(LoggedModelList *l, LoggedModel *m)
{
    void *items = l->items;
    if (grow_for_one(&items, &l->cap, l->n, sizeof *l->items) != 0) {
        logged_model_free_fields(m);
        return -1;
    }
    l->items = items;
    l->items[l->n++] = *m;
    memset(m, 0, sizeof *m);
    return 0;
}

void lmlist_clear(LoggedModelList *l)
{
    for (size_t i = 0; i < l->n; i++)
        logged_model_free_fields(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

const LoggedModel *lmlist_find(const LoggedModelList *l, const char *model_id)
{
    if (!model_id)
        return NULL;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].model_id, model_id) == 0)
            return &l->items[i];
    return NULL;
}

size_t lmlist_of_run(const LoggedModelList *l, const char *run_id, size_t *out, size_t max)
{
    size_t k = 0;

    if (!run_id || !*run_id)
        return 0;
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->items[i].source_run_id, run_id) != 0)
            continue;
        if (k < max)
            out[k] = i;
        k++;
    }
    return k;
}

void run_links_clear(RunLinks *r)
{
    for (size_t i = 0; i < r->n_models; i++)
        free(r->models[i].model_id);
    free(r->models);
    for (size_t i = 0; i < r->n_datasets; i++) {
        DatasetInput *d = &r->datasets[i];
        free(d->name);
        free(d->digest);
        free(d->source_type);
        free(d->source);
        free(d->context);
    }
    free(r->datasets);
    memset(r, 0, sizeof *r);
}

const LmMetric *logged_model_metric(const LoggedModel *m, const char *key)
{
    const LmMetric *best = NULL;

    for (size_t i = 0; i < m->n_metrics; i++) {
        const LmMetric *x = &m->metrics[i];
        if (strcmp(x->key, key) != 0)
            continue;
        if (!best || x->timestamp > best->timestamp ||
            (x->timestamp == best->timestamp && x->step > best->step))
            best = x;
    }
    return best;
}

const char *logged_model_status_short(const char *status)
{
    static const char prefix[] = "LOGGED_MODEL_";

    if (!status)
        return "";
    if (strncmp(status, prefix, sizeof prefix - 1) == 0) {
        const char *s = status + sizeof prefix - 1;
        return strcmp(s, "UPLOAD_FAILED") == 0 ? "FAILED" : s;
    }
    return status;
}

const char *logged_model_id_from_source(const char *source, char *buf, size_t size)
{
    static const char scheme[] = "models:/m-";
    const char *id;
    size_t n;

    if (!source || strncmp(source, scheme, sizeof scheme - 1) != 0)
        return NULL;
    id = source + sizeof "models:/" - 1;
    n = strlen(id);
    if (n <= 2 || n >= size)
        return NULL;
    for (size_t i = 2; i < n; i++)
        if (!isalnum((unsigned char)id[i]))
            return NULL;    /* models:/name/version or models:/name@alias */
    memcpy(buf, id, n + 1);
    return buf;
}

const char *logged_model_flavour(const char *const *flavours, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(flavours[i], "python_function") != 0)
            return flavours[i];
    return n ? flavours[0] : "";
}

ServerGen server_gen_from_version(const char *version)
{
    long major;
    char *end;

    if (!version)
        return SERVER_UNKNOWN;
    while (isspace((unsigned char)*version))
        version++;
    if (!isdigit((unsigned char)*version))
        return SERVER_UNKNOWN;
    major = strtol(version, &end, 10);
    if (*end != '.' && *end != '\0' && !isspace((unsigned char)*end))
        return SERVER_UNKNOWN;
    if (major >= 3)
        return SERVER_MLFLOW3;
    if (major >= 1)
        return SERVER_MLFLOW2;
    return SERVER_UNKNOWN;
}

bool server_err_is_missing_route(const Err *e)
{
    return e && e->kind == ERR_HTTP && e->http_status == 404;
}

static RunStatus status_as_run(const char *s)
{
    const char *x = logged_model_status_short(s);

    if (strcmp(x, "READY") == 0)
        return RUN_FINISHED;
    if (strcmp(x, "PENDING") == 0)
        return RUN_RUNNING;
    if (strcmp(x, "FAILED") == 0)
        return RUN_FAILED;
    return RUN_STATUS_UNKNOWN;
}

static const char *tag_of(const LoggedModel *m, const char *key)
{
    for (size_t i = 0; i < m->n_tags; i++)
        if (strcmp(m->tags[i].key, key) == 0)
            return m->tags[i].value;
    return NULL;
}

int logged_models_to_runset(const LoggedModel *ms, size_t n, const LmRowExtras *x,
                            RunSet *rs)
{
    for (size_t i = 0; i < n; i++) {
        const LoggedModel *m = &ms[i];
        RunInfoIn in = {
            .run_id = m->model_id, .run_name = m->name, .experiment_id = m->experiment_id,
            .user_id = tag_of(m, "mlflow.user"), .artifact_uri = m->artifact_uri,
            .status = status_as_run(m->status), .lifecycle = LIFE_ACTIVE,
            .start_time = m->created, .end_time = m->updated,
        };
        if (runset_begin_run(rs, &in) < 0)
            return -1;
        for (size_t k = 0; k < m->n_metrics; k++) {
            const LmMetric *best = logged_model_metric(m, m->metrics[k].key);
            if (best != &m->metrics[k])
                continue;   /* only the latest value of each key */
            if (runset_add_metric(rs, best->key, best->value, best->step) < 0)
                return -1;
        }
        for (size_t k = 0; k < m->n_params; k++)
            if (runset_add_param(rs, m->params[k].key, m->params[k].value) < 0)
                return -1;
        for (size_t k = 0; k < m->n_tags; k++)
            if (runset_add_tag(rs, m->tags[k].key, m->tags[k].value) < 0)
                return -1;
        if (m->source_run_id[0]) {
            const char *rn = x && x->run_names && x->run_names[i] && x->run_names[i][0]
                                 ? x->run_names[i] : m->source_run_id;
            if (runset_add_tag(rs, LM_TAG_SOURCE_RUN, rn) < 0)
                return -1;
        }
        if (m->n_versions) {
            char buf[512];
            size_t used = 0;
            buf[0] = '\0';
            for (size_t k = 0; k < m->n_versions && used < sizeof buf; k++) {
                int w = snprintf(buf + used, sizeof buf - used, "%s%s v%s", k ? ", " : "",
                                 m->versions[k].name, m->versions[k].version);
                if (w < 0)
                    break;
                used += (size_t)w;
            }
            if (runset_add_tag(rs, LM_TAG_VERSIONS, buf) < 0)
                return -1;
        }
        if (x && x->flavours && x->flavours[i] && x->flavours[i][0] &&
            runset_set_flavour(rs, x->flavours[i]) < 0)
            return -1;
        if (runset_end_run(rs) < 0)
            return -1;
    }
    return 0;
}

const char *lm_row_label(const RunSet *rs, size_t r, char *buf, size_t size)
{
    const char *name = runset_str(rs, rs->runs[r].name);
    uint32_t key = runset_key(rs, LM_TAG_SOURCE_RUN);
    uint32_t v = key == UINT32_MAX ? UINT32_MAX : runset_tag(rs, r, key);
    const char *run = v == UINT32_MAX ? "" : runset_str(rs, v);

    if (!*run)
        return name;
    snprintf(buf, size, "%s · %s", *name ? name : "?", run);
    return buf;
}
