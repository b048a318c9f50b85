/* model.c — see model.h. */
#include "core/model.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s, int *fail)
{
    char *d;

    if (!s)
        return NULL;
    d = strdup(s);
    if (!d)
        *fail = 1;
    return d;
}

void experiment_free_fields(Experiment *e)
{
    if (!e)
        return;
    free(e->id);
    free(e->name);
    free(e->lifecycle_stage);
    free(e->artifact_location);
    for (size_t i = 0; i < e->n_tags; i++) {
        free(e->tags[i].key);
        free(e->tags[i].value);
    }
    free(e->tags);
    memset(e, 0, sizeof *e);
}

/* A deep copy of src into *dst; on failure *dst holds nothing. */
static int experiment_copy(Experiment *dst, const Experiment *src)
{
    int fail = 0;

    *dst = *src;
    dst->tags = NULL;
    dst->n_tags = 0;
    dst->id = dup_or_null(src->id, &fail);
    dst->name = dup_or_null(src->name, &fail);
    dst->lifecycle_stage = dup_or_null(src->lifecycle_stage, &fail);
    dst->artifact_location = dup_or_null(src->artifact_location, &fail);
    if (!fail && src->n_tags) {
        dst->tags = calloc(src->n_tags, sizeof *dst->tags);
        if (!dst->tags)
            fail = 1;
        for (size_t i = 0; !fail && i < src->n_tags; i++) {
            dst->tags[i].key = dup_or_null(src->tags[i].key, &fail);
            dst->tags[i].value = dup_or_null(src->tags[i].value, &fail);
            dst->n_tags = i + 1;
        }
    }
    if (fail) {
        experiment_free_fields(dst);
        return -1;
    }
    return 0;
}

int explist_push(ExperimentList *l, Experiment *e, int steal)
{
    if (l->n == l->cap) {
        size_t      cap = l->cap ? l->cap * 2 : 16;
        Experiment *p = realloc(l->items, cap * sizeof *p);

        if (!p)
            return -1;
        l->items = p;
        l->cap = cap;
    }
    if (steal) {
        l->items[l->n] = *e;
        memset(e, 0, sizeof *e);
    } else if (experiment_copy(&l->items[l->n], e) < 0) {
        return -1;
    }
    l->n++;
    return 0;
}

void explist_clear(ExperimentList *l)
{
    for (size_t i = 0; i < l->n; i++)
        experiment_free_fields(&l->items[i]);
    l->n = 0;
}

void explist_free(ExperimentList *l)
{
    if (!l)
        return;
    explist_clear(l);
    free(l->items);
    free(l);
}

MetricHistory *history_new(const char *run_id, const char *key)
{
    MetricHistory *h = calloc(1, sizeof *h);

    if (!h)
        return NULL;
    h->run_id = strdup(run_id ? run_id : "");
    h->key = strdup(key ? key : "");
    if (!h->run_id || !h->key) {
        history_free(h);
        return NULL;
    }
    return h;
}

int history_push(MetricHistory *h, int64_t step, int64_t ts, double v)
{
    if (h->n == h->cap) {
        size_t       cap = h->cap ? h->cap * 2 : 64;
        MetricPoint *p = realloc(h->pts, cap * sizeof *p);

        if (!p)
            return -1;
        h->pts = p;
        h->cap = cap;
    }
    h->pts[h->n++] = (MetricPoint){ .step = step, .timestamp = ts, .value = v };
    return 0;
}

void history_free(MetricHistory *h)
{
    if (!h)
        return;
    free(h->run_id);
    free(h->key);
    free(h->pts);
    free(h);
}
