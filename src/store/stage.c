/* stage.c — see stage.h. */
#include "store/stage.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/parse.h"

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t n = *cap ? *cap : 256;
    void *np;

    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    if (n > SIZE_MAX / elem || !(np = realloc(*p, n * elem)))
        return -1;
    *p = np;
    *cap = n;
    return 0;
}

int stage_init(Stage *st)
{
    memset(st, 0, sizeof *st);
    st->last_key = UINT32_MAX;
    st->pool = strpool_new();
    return st->pool ? 0 : -1;
}

void stage_free(Stage *st)
{
    strpool_free(st->pool);
    free(st->hint[0]);
    free(st->hint[1]);
    free(st->runs);
    free(st->metrics);
    free(st->params);
    free(st->tags);
    memset(st, 0, sizeof *st);
}

static uint32_t intern(Stage *st, const char *s)
{
    return s ? strpool_intern(st->pool, s, strlen(s)) : 0;
}

/* Whether pool string id is s[0..len). */
static bool is(const Stage *st, uint32_t id, const char *s, size_t len)
{
    return id < strpool_count(st->pool) && strpool_len(st->pool, id) == len
           && !memcmp(strpool_get(st->pool, id), s, len);
}

/* st->hint[which][at] (UINT32_MAX when unset), growing the array to hold
 * at; NULL when out of memory (then no guess is made). */
static uint32_t *hint_slot(Stage *st, int which, uint32_t at)
{
    if (at >= st->n_hint[which]) {
        size_t n = st->n_hint[which] ? st->n_hint[which] : 256;
        uint32_t *h;
        while (n <= at)
            n *= 2;
        if (!(h = realloc(st->hint[which], n * sizeof *h)))
            return NULL;
        memset(h + st->n_hint[which], 0xff, (n - st->n_hint[which]) * sizeof *h);
        st->hint[which] = h;
        st->n_hint[which] = n;
    }
    return &st->hint[which][at];
}

/* Interns s, trying first a guess before the hash: for a key (which 0),
 * the key that followed key `after` last time (runs repeat their keys in
 * the same order); for a value (which 1), the value key `after` had last
 * (many params and tags keep theirs from run to run). The result is the
 * same as intern's; only cheaper when the guess is right. */
static uint32_t intern_guess(Stage *st, int which, uint32_t after, const char *s)
{
    size_t len = strlen(s);
    uint32_t *slot = after == UINT32_MAX ? NULL : hint_slot(st, which, after), id;

    if (slot && is(st, *slot, s, len))
        return *slot;
    id = strpool_intern(st->pool, s, len);
    if (slot)
        *slot = id;
    return id;
}

long stage_begin_run(Stage *st, const RunInfoIn *in)
{
    StageRun r = {
        .run_id = intern(st, in->run_id), .name = intern(st, in->run_name),
        .experiment_id = intern(st, in->experiment_id), .user = intern(st, in->user_id),
        .artifact_uri = intern(st, in->artifact_uri), .status = in->status,
        .lifecycle = in->lifecycle, .start_time = in->start_time, .end_time = in->end_time,
    };

    if (r.run_id == UINT32_MAX || r.name == UINT32_MAX || r.experiment_id == UINT32_MAX
        || r.user == UINT32_MAX || r.artifact_uri == UINT32_MAX || st->n_runs >= UINT32_MAX - 1
        || grow((void **)&st->runs, &st->cap_runs, st->n_runs + 1, sizeof *st->runs) < 0)
        return -1;
    st->runs[st->n_runs] = r;
    return (long)st->n_runs++;
}

int stage_metric(Stage *st, uint32_t run, const char *key, double value, int64_t step)
{
    uint32_t k;

    if (!key)
        return 0;
    k = intern_guess(st, 0, st->last_key, key);
    if (k == UINT32_MAX || st->n_metrics >= UINT32_MAX
        || grow((void **)&st->metrics, &st->cap_metrics, st->n_metrics + 1,
                sizeof *st->metrics) < 0)
        return -1;
    st->last_key = k;
    st->metrics[st->n_metrics++] = (StageMetric){ .value = value, .step = step, .run = run,
                                                  .key = k };
    return 0;
}

static int add_kv(Stage *st, StageKV **arr, size_t *n, size_t *cap, uint32_t run,
                  const char *key, const char *value)
{
    uint32_t k, v;

    if (!key)
        return 0;
    k = intern_guess(st, 0, st->last_key, key);
    if (k == UINT32_MAX)
        return -1;
    st->last_key = k;
    v = intern_guess(st, 1, k, value ? value : "");
    if (v == UINT32_MAX || *n >= UINT32_MAX || grow((void **)arr, cap, *n + 1, sizeof **arr) < 0)
        return -1;
    (*arr)[(*n)++] = (StageKV){ .run = run, .key = k, .value = v };
    return 0;
}

int stage_param(Stage *st, uint32_t run, const char *key, const char *value)
{
    return add_kv(st, &st->params, &st->n_params, &st->cap_params, run, key, value);
}

int stage_tag(Stage *st, uint32_t run, const char *key, const char *value)
{
    return add_kv(st, &st->tags, &st->n_tags, &st->cap_tags, run, key, value);
}

/* ---- building ---- */

/* The entries of each run, in the order they were added: run r's are
 * order[start[r] .. start[r+1]) (order NULL: the identity, when the entries
 * already come run by run). A stable counting sort otherwise. */
typedef struct Groups {
    size_t   *start;
    uint32_t *order;
} Groups;

static uint32_t run_at(const void *base, size_t sz, size_t off, size_t i)
{
    uint32_t r;

    memcpy(&r, (const char *)base + i * sz + off, sizeof r);
    return r;
}

static int group(const void *base, size_t n, size_t sz, size_t off, size_t n_runs, Groups *g)
{
    bool sorted = true;

    g->order = NULL;
    if (!(g->start = calloc(n_runs + 2, sizeof *g->start)))
        return -1;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = run_at(base, sz, off, i);
        if (r >= n_runs)
            r = (uint32_t)n_runs;   /* not a run of the stage: dropped */
        if (i && r < run_at(base, sz, off, i - 1))
            sorted = false;
        g->start[r + 1]++;
    }
    for (size_t r = 0; r <= n_runs; r++)
        g->start[r + 1] += g->start[r];
    if (sorted)
        return 0;
    if (!(g->order = malloc((n ? n : 1) * sizeof *g->order))) {
        free(g->start);
        g->start = NULL;
        return -1;
    }
    {
        size_t *at = malloc((n_runs + 1) * sizeof *at);
        if (!at) {
            free(g->start);
            free(g->order);
            g->start = NULL;
            g->order = NULL;
            return -1;
        }
        memcpy(at, g->start, (n_runs + 1) * sizeof *at);
        for (size_t i = 0; i < n; i++) {
            uint32_t r = run_at(base, sz, off, i);
            g->order[at[r < n_runs ? r : n_runs]++] = (uint32_t)i;
        }
        free(at);
    }
    return 0;
}

static void groups_free(Groups *g)
{
    free(g->start);
    free(g->order);
}

#define AT(g, i) ((g)->order ? (g)->order[i] : (i))

/* A stage's pool ids -> the RunSet's, interned on first use (so in the
 * order a direct reader would have interned them). */
typedef struct Map {
    const StrPool *pool;
    uint32_t      *ids;
} Map;

static int map_init(Map *m, const StrPool *pool)
{
    size_t n = strpool_count(pool);

    m->pool = pool;
    if (!(m->ids = malloc((n ? n : 1) * sizeof *m->ids)))
        return -1;
    memset(m->ids, 0xff, n * sizeof *m->ids);
    return 0;
}

static uint32_t xl(Map *m, RunSet *rs, uint32_t id)
{
    if (m->ids[id] == UINT32_MAX)
        m->ids[id] = runset_intern(rs, strpool_get(m->pool, id), strpool_len(m->pool, id));
    return m->ids[id];
}

static uint32_t find(const StrPool *p, const char *s)
{
    return strpool_find(p, s, strlen(s));
}

/* The map of stage x: one per distinct stage (they may be the same). */
static Map *map_of(Map *maps, const Stage *const *stages, int i)
{
    for (int j = 0; j < i; j++)
        if (stages[j] == stages[i])
            return &maps[j];
    return &maps[i];
}

int stage_build(const Stage *st, const Stage *metrics, const Stage *params, const Stage *tags,
                const bool *skip, RunSet *out)
{
    const Stage *src[4] = { st, metrics ? metrics : st, params ? params : st, tags ? tags : st };
    const Stage *ms = src[1], *ps = src[2], *ts = src[3];
    Groups gm = { 0 }, gp = { 0 }, gt = { 0 };
    Map maps[4] = { { 0 } }, *map, *mm, *pm, *tm;
    uint32_t k_hist = find(ts->pool, "mlflow.log-model.history");
    uint32_t k_est = find(ts->pool, "estimator_class");
    uint32_t k_flav = find(ts->pool, "model_flavor");
    int rc = -1;

    for (int i = 0; i < 4; i++)
        if (map_of(maps, src, i) == &maps[i] && map_init(&maps[i], src[i]->pool) < 0)
            goto out;
    map = map_of(maps, src, 0);
    mm = map_of(maps, src, 1);
    pm = map_of(maps, src, 2);
    tm = map_of(maps, src, 3);
    if (group(ms->metrics, ms->n_metrics, sizeof *ms->metrics, offsetof(StageMetric, run),
              st->n_runs, &gm) < 0
        || group(ps->params, ps->n_params, sizeof *ps->params, offsetof(StageKV, run),
                 st->n_runs, &gp) < 0
        || group(ts->tags, ts->n_tags, sizeof *ts->tags, offsetof(StageKV, run),
                 st->n_runs, &gt) < 0)
        goto out;
    for (size_t i = 0; i < st->n_runs; i++) {
        const StageRun *sr = &st->runs[i];
        Run r = { 0 };
        const char *hist = NULL, *est = NULL, *flav = NULL, *fl;
        char buf[64];

        if (skip && skip[i])
            continue;
        r.run_id = xl(map, out, sr->run_id);
        r.name = xl(map, out, sr->name);
        r.experiment_id = xl(map, out, sr->experiment_id);
        r.user = xl(map, out, sr->user);
        r.artifact_uri = xl(map, out, sr->artifact_uri);
        r.status = sr->status;
        r.lifecycle = sr->lifecycle;
        r.start_time = sr->start_time;
        r.end_time = sr->end_time;
        if (runset_begin_run_ids(out, &r) < 0)
            goto out;
        for (size_t j = gm.start[i]; j < gm.start[i + 1]; j++) {
            const StageMetric *m = &ms->metrics[AT(&gm, j)];
            if (runset_add_metric_id(out, xl(mm, out, m->key), m->value, m->step) < 0)
                goto out;
        }
        /* key before value: the order a direct reader's
         * runset_add_param(rs, key, value) interns them in (two statements
         * there, not two arguments, whose order C leaves open), so the ids
         * come out the same. */
        for (size_t j = gp.start[i]; j < gp.start[i + 1]; j++) {
            const StageKV *kv = &ps->params[AT(&gp, j)];
            uint32_t k = xl(pm, out, kv->key);
            uint32_t v = xl(pm, out, kv->value);
            if (runset_add_param_id(out, k, v) < 0)
                goto out;
        }
        for (size_t j = gt.start[i]; j < gt.start[i + 1]; j++) {
            const StageKV *kv = &ts->tags[AT(&gt, j)];
            uint32_t k = xl(tm, out, kv->key);
            uint32_t v = xl(tm, out, kv->value);
            if (runset_add_tag_id(out, k, v) < 0)
                goto out;
            if (kv->key == k_hist)
                hist = strpool_get(ts->pool, kv->value);
            else if (kv->key == k_est)
                est = strpool_get(ts->pool, kv->value);
            else if (kv->key == k_flav)
                flav = strpool_get(ts->pool, kv->value);
        }
        fl = parse_flavour(hist, flav, est, buf, sizeof buf);
        if ((fl && runset_set_flavour(out, fl) < 0) || runset_end_run(out) < 0)
            goto out;
    }
    rc = 0;
out:
    groups_free(&gm);
    groups_free(&gp);
    groups_free(&gt);
    for (int i = 0; i < 4; i++)
        free(maps[i].ids);
    return rc;
}
