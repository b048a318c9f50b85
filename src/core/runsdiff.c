/* runsdiff.c — see runsdiff.h.
 *
 * A key of old is looked up in new's pool at most once: map[] caches, per
 * string id of old, the id of the same text in new (or NONE). With that, a
 * run's entries compare by binary search in new, and 100,000 runs of 70
 * entries take a few million integer steps, not string hashes. */
#include "core/runsdiff.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define UNSET UINT32_MAX        /* not looked up yet */
#define NONE  (UINT32_MAX - 1)  /* new has no such string */

typedef struct Map {
    const RunSet *old, *new;
    uint32_t     *ids;
    size_t        n;
} Map;

static uint32_t map_id(Map *m, uint32_t id)
{
    if (id >= m->n)
        return NONE;
    if (m->ids[id] == UNSET) {
        const char *s = runset_str(m->old, id);
        uint32_t    k = strpool_find(m->new->pool, s, strlen(s));

        m->ids[id] = k == UINT32_MAX ? NONE : k;
    }
    return m->ids[id];
}

static bool same_str(const Map *m, uint32_t a, uint32_t b)
{
    return strcmp(runset_str(m->old, a), runset_str(m->new, b)) == 0;
}

static bool same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0 || a == b;
}

static bool same_kv(Map *m, const KeyVal *a, uint32_t na, size_t jb, bool params)
{
    for (uint32_t i = 0; i < na; i++) {
        uint32_t k = map_id(m, a[i].key), v;

        if (k == NONE)
            return false;
        v = params ? runset_param(m->new, jb, k) : runset_tag(m->new, jb, k);
        if (v == UINT32_MAX || !same_str(m, a[i].value, v))
            return false;
    }
    return true;
}

static bool same_run(Map *m, size_t ia, size_t jb)
{
    const Run *a = &m->old->runs[ia], *b = &m->new->runs[jb];

    if (a->status != b->status || a->lifecycle != b->lifecycle
        || a->start_time != b->start_time || a->end_time != b->end_time
        || a->m_n != b->m_n || a->p_n != b->p_n || a->t_n != b->t_n
        || !same_str(m, a->name, b->name))
        return false;
    for (uint32_t i = 0; i < a->m_n; i++) {
        const MetricVal *x = &m->old->metrics[a->m_off + i], *y;
        uint32_t         k = map_id(m, x->key);

        if (k == NONE || !(y = runset_metric(m->new, jb, k)) || x->step != y->step
            || !same_double(x->value, y->value))
            return false;
    }
    return same_kv(m, m->old->params + a->p_off, a->p_n, jb, true)
        && same_kv(m, m->old->tags + a->t_off, a->t_n, jb, false);
}

int runsdiff_compute(const RunSet *old, const RunSet *new, RunsDiff *d)
{
    Map    m = { .old = old, .new = new, .n = strpool_count(old->pool) };
    size_t i;
    int    rc = -1;

    memset(d, 0, sizeof *d);
    m.ids = malloc((m.n ? m.n : 1) * sizeof *m.ids);
    if (!m.ids)
        return -1;
    memset(m.ids, 0xff, (m.n ? m.n : 1) * sizeof *m.ids);   /* every entry UNSET */
    for (i = 0; i < old->n_runs; i++) {
        const char *id = runset_str(old, old->runs[i].run_id);
        long        j = runset_find(new, id);

        if (j < 0) {
            if (idset_add(&d->removed, id) < 0)
                goto out;
        } else if (!same_run(&m, i, (size_t)j) && idset_add(&d->changed, id) < 0) {
            goto out;
        }
    }
    for (i = 0; i < new->n_runs; i++) {
        const char *id = runset_str(new, new->runs[i].run_id);

        if (runset_find(old, id) < 0 && idset_add(&d->added, id) < 0)
            goto out;
    }
    rc = 0;
out:
    free(m.ids);
    if (rc < 0)
        runsdiff_free(d);
    return rc;
}

void runsdiff_free(RunsDiff *d)
{
    idset_free(&d->added);
    idset_free(&d->removed);
    idset_free(&d->changed);
}
