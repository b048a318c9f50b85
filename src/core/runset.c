/* runset.c — see runset.h.
 *
 * A run's entries are appended at the tail of the shared arrays while it is
 * built, so end_run can sort and de-duplicate them in place. A run replaced by
 * a newer copy (same run_id) keeps its index; its old entries stay in the
 * arrays as garbage until there is more garbage than live data, then the
 * arrays are compacted. run_id -> index and key -> KeyList position are
 * open-addressing hashes over strpool ids, so find and merge are O(1) a run. */
#include "core/runset.h"

#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t n;
    void  *q;

    if (need <= *cap)
        return 0;
    n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static uint32_t hash_id(uint32_t x)
{
    /* Ids are dense small integers: scramble them so linear probing spreads. */
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

/* ---- KeyList ---------------------------------------------------------- */

long keylist_find(const KeyList *kl, uint32_t k)
{
    size_t mask, i;

    if (!kl->n_slots)
        return -1;
    mask = kl->n_slots - 1;
    for (i = hash_id(k) & mask; kl->slots[i]; i = (i + 1) & mask)
        if (kl->ids[kl->slots[i] - 1] == k)
            return (long)kl->slots[i] - 1;
    return -1;
}

static int keylist_rehash(KeyList *kl, size_t n_slots)
{
    uint32_t *slots = calloc(n_slots, sizeof *slots);

    if (!slots)
        return -1;
    for (size_t j = 0; j < kl->n; j++) {
        size_t i = hash_id(kl->ids[j]) & (n_slots - 1);

        while (slots[i])
            i = (i + 1) & (n_slots - 1);
        slots[i] = (uint32_t)j + 1;
    }
    free(kl->slots);
    kl->slots = slots;
    kl->n_slots = n_slots;
    return 0;
}

/* Adds delta to key k's count, appending k when new (delta > 0). */
static int keylist_count(KeyList *kl, uint32_t k, int delta)
{
    long pos = keylist_find(kl, k);

    if (pos >= 0) {
        kl->counts[pos] = (uint32_t)((int64_t)kl->counts[pos] + delta);
        return 0;
    }
    if (delta <= 0)
        return 0;
    if ((kl->n + 1) * 2 > kl->n_slots
        && keylist_rehash(kl, kl->n_slots ? kl->n_slots * 2 : 64) < 0)
        return -1;
    if (kl->n == kl->cap) {
        size_t    cap = kl->cap ? kl->cap * 2 : 16;
        uint32_t *ids = realloc(kl->ids, cap * sizeof *ids), *counts;

        if (!ids)
            return -1;
        kl->ids = ids;
        counts = realloc(kl->counts, cap * sizeof *counts);
        if (!counts)
            return -1;
        kl->counts = counts;
        kl->cap = cap;
    }
    kl->ids[kl->n] = k;
    kl->counts[kl->n] = (uint32_t)delta;
    {
        size_t mask = kl->n_slots - 1, i = hash_id(k) & mask;

        while (kl->slots[i])
            i = (i + 1) & mask;
        kl->slots[i] = (uint32_t)kl->n + 1;
    }
    kl->n++;
    return 0;
}

static void keylist_clear(KeyList *kl)
{
    kl->n = 0;
    if (kl->slots)
        memset(kl->slots, 0, kl->n_slots * sizeof *kl->slots);
}

static void keylist_free(KeyList *kl)
{
    free(kl->ids);
    free(kl->counts);
    free(kl->slots);
    memset(kl, 0, sizeof *kl);
}

/* ---- run_id index ----------------------------------------------------- */

static long id_find(const RunSet *rs, uint32_t rid)
{
    size_t mask, i;

    if (!rs->n_id_slots || rid == 0)
        return -1;
    mask = rs->n_id_slots - 1;
    for (i = hash_id(rid) & mask; rs->id_slots[i]; i = (i + 1) & mask)
        if (rs->runs[rs->id_slots[i] - 1].run_id == rid)
            return (long)rs->id_slots[i] - 1;
    return -1;
}

static void id_insert(uint32_t *slots, size_t n_slots, uint32_t rid, size_t idx)
{
    size_t mask = n_slots - 1, i = hash_id(rid) & mask;

    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = (uint32_t)idx + 1;
}

/* Indexes run idx (whose run_id is not yet indexed). */
static int id_put(RunSet *rs, size_t idx)
{
    uint32_t rid = rs->runs[idx].run_id;

    if (rid == 0)
        return 0;
    if ((idx + 1) * 2 > rs->n_id_slots) {
        size_t    n = rs->n_id_slots ? rs->n_id_slots * 2 : 1024;
        uint32_t *slots;

        while ((idx + 1) * 2 > n)
            n *= 2;
        slots = calloc(n, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t j = 0; j < idx; j++)
            if (rs->runs[j].run_id)
                id_insert(slots, n, rs->runs[j].run_id, j);
        free(rs->id_slots);
        rs->id_slots = slots;
        rs->n_id_slots = n;
    }
    id_insert(rs->id_slots, rs->n_id_slots, rid, idx);
    return 0;
}

/* ---- stable sort of a run's entries by key ----------------------------- */

static uint32_t ekey(const char *e, size_t koff)
{
    uint32_t k;

    memcpy(&k, e + koff, sizeof k);
    return k;
}

static void isort(char *a, size_t n, size_t sz, size_t koff)
{
    char tmp[32];

    for (size_t i = 1; i < n; i++) {
        uint32_t k = ekey(a + i * sz, koff);
        size_t   j = i;

        if (ekey(a + (i - 1) * sz, koff) <= k)
            continue;
        memcpy(tmp, a + i * sz, sz);
        while (j > 0 && ekey(a + (j - 1) * sz, koff) > k) {
            memcpy(a + j * sz, a + (j - 1) * sz, sz);
            j--;
        }
        memcpy(a + j * sz, tmp, sz);
    }
}

/* Stable: insertion-sorted runs of 32, then bottom-up merges. */
static int stable_sort(char *a, size_t n, size_t sz, size_t koff)
{
    char  *tmp, *src, *dst;
    size_t w;

    if (n <= 32) {
        isort(a, n, sz, koff);
        return 0;
    }
    tmp = malloc(n * sz);
    if (!tmp)
        return -1;
    for (size_t i = 0; i < n; i += 32)
        isort(a + i * sz, n - i < 32 ? n - i : 32, sz, koff);
    src = a;
    dst = tmp;
    for (w = 32; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, o = lo;

            while (i < mid && j < hi) {
                if (ekey(src + j * sz, koff) < ekey(src + i * sz, koff))
                    memcpy(dst + o++ * sz, src + j++ * sz, sz);
                else
                    memcpy(dst + o++ * sz, src + i++ * sz, sz);
            }
            memcpy(dst + o * sz, src + i * sz, (mid - i) * sz);
            o += mid - i;
            memcpy(dst + o * sz, src + j * sz, (hi - j) * sz);
        }
        char *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sz);
    free(tmp);
    return 0;
}

/* Sorts a[0..n) by key and keeps the last of each repeated key; returns the
 * new count, or (size_t)-1 on out of memory. */
static size_t sort_dedupe(void *base, size_t n, size_t sz, size_t koff)
{
    char  *a = base;
    size_t out = 0;
    bool   strictly = true;

    for (size_t i = 1; i < n && strictly; i++)
        strictly = ekey(a + (i - 1) * sz, koff) < ekey(a + i * sz, koff);
    if (strictly)
        return n;
    if (stable_sort(a, n, sz, koff) < 0)
        return (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && ekey(a + i * sz, koff) == ekey(a + (i + 1) * sz, koff))
            continue;
        if (out != i)
            memcpy(a + out * sz, a + i * sz, sz);
        out++;
    }
    return out;
}

/* ---- lifetime ----------------------------------------------------------- */

RunSet *runset_new(void)
{
    RunSet *rs = calloc(1, sizeof *rs);

    if (!rs)
        return NULL;
    rs->pool = strpool_new();
    if (!rs->pool) {
        free(rs);
        return NULL;
    }
    rs->building = rs->replace_at = -1;
    return rs;
}

void runset_free(RunSet *rs)
{
    if (!rs)
        return;
    strpool_free(rs->pool);
    free(rs->runs);
    free(rs->metrics);
    free(rs->params);
    free(rs->tags);
    keylist_free(&rs->metric_keys);
    keylist_free(&rs->param_keys);
    keylist_free(&rs->tag_keys);
    free(rs->id_slots);
    free(rs);
}

void runset_clear(RunSet *rs)
{
    StrPool *pool = strpool_new();

    /* A fresh pool, so a reused RunSet does not keep the old strings; if that
     * fails the old pool stays, which is only wasteful. */
    if (pool) {
        strpool_free(rs->pool);
        rs->pool = pool;
    }
    rs->n_runs = rs->n_metrics = rs->n_params = rs->n_tags = 0;
    keylist_clear(&rs->metric_keys);
    keylist_clear(&rs->param_keys);
    keylist_clear(&rs->tag_keys);
    if (rs->id_slots)
        memset(rs->id_slots, 0, rs->n_id_slots * sizeof *rs->id_slots);
    rs->building = rs->replace_at = -1;
    rs->garbage = 0;
    rs->version++;
}

size_t runset_memory(const RunSet *rs)
{
    const KeyList *kls[3] = { &rs->metric_keys, &rs->param_keys, &rs->tag_keys };
    size_t n = sizeof *rs + rs->cap_runs * sizeof *rs->runs
               + rs->cap_metrics * sizeof *rs->metrics + rs->cap_params * sizeof *rs->params
               + rs->cap_tags * sizeof *rs->tags + rs->n_id_slots * sizeof *rs->id_slots
               + strpool_memory(rs->pool);

    for (int i = 0; i < 3; i++)
        n += kls[i]->cap * (sizeof *kls[i]->ids + sizeof *kls[i]->counts)
             + kls[i]->n_slots * sizeof *kls[i]->slots;
    return n;
}

/* ---- building ----------------------------------------------------------- */

static uint32_t intern(RunSet *rs, const char *s)
{
    return s ? strpool_intern(rs->pool, s, strlen(s)) : 0;
}

static void abort_run(RunSet *rs)
{
    Run *r;

    if (rs->building < 0)
        return;
    r = &rs->runs[rs->building];
    rs->n_metrics = r->m_off;
    rs->n_params = r->p_off;
    rs->n_tags = r->t_off;
    rs->n_runs--;
    rs->building = rs->replace_at = -1;
}

static int begin_ids(RunSet *rs, const Run *proto)
{
    Run *r;

    if (rs->building >= 0 && runset_end_run(rs) < 0)
        return -1;
    if (rs->n_runs >= UINT32_MAX - 1
        || grow((void **)&rs->runs, &rs->cap_runs, rs->n_runs + 1, sizeof *rs->runs) < 0)
        return -1;
    r = &rs->runs[rs->n_runs];
    *r = *proto;
    r->m_off = (uint32_t)rs->n_metrics;
    r->p_off = (uint32_t)rs->n_params;
    r->t_off = (uint32_t)rs->n_tags;
    r->m_n = r->p_n = r->t_n = 0;
    rs->replace_at = id_find(rs, r->run_id);
    rs->building = (long)rs->n_runs++;
    return 0;
}

int runset_begin_run(RunSet *rs, const RunInfoIn *info)
{
    Run r = { 0 };

    r.run_id = intern(rs, info->run_id);
    r.name = intern(rs, info->run_name);
    r.experiment_id = intern(rs, info->experiment_id);
    r.user = intern(rs, info->user_id);
    r.artifact_uri = intern(rs, info->artifact_uri);
    if (r.run_id == UINT32_MAX || r.name == UINT32_MAX || r.experiment_id == UINT32_MAX
        || r.user == UINT32_MAX || r.artifact_uri == UINT32_MAX)
        return -1;
    r.status = info->status;
    r.lifecycle = info->lifecycle;
    r.start_time = info->start_time;
    r.end_time = info->end_time;
    return begin_ids(rs, &r);
}

static int add_metric_id(RunSet *rs, uint32_t key, double value, int64_t step)
{
    if (rs->building < 0 || key == UINT32_MAX
        || rs->n_metrics >= UINT32_MAX
        || grow((void **)&rs->metrics, &rs->cap_metrics, rs->n_metrics + 1,
                sizeof *rs->metrics) < 0)
        return -1;
    rs->metrics[rs->n_metrics++] = (MetricVal){
        .value = value, .key = key,
        .step = step < 0 ? 0 : step > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)step,
    };
    rs->runs[rs->building].m_n++;
    return 0;
}

static int add_kv_id(RunSet *rs, KeyVal **arr, size_t *n, size_t *cap, uint32_t *count,
                     uint32_t key, uint32_t value)
{
    if (rs->building < 0 || key == UINT32_MAX || value == UINT32_MAX || *n >= UINT32_MAX
        || grow((void **)arr, cap, *n + 1, sizeof **arr) < 0)
        return -1;
    (*arr)[(*n)++] = (KeyVal){ .key = key, .value = value };
    (*count)++;
    return 0;
}

int runset_add_metric(RunSet *rs, const char *key, double value, int64_t step)
{
    if (rs->building < 0)
        return -1;
    return add_metric_id(rs, intern(rs, key), value, step);
}

int runset_add_param(RunSet *rs, const char *key, const char *value)
{
    uint32_t k, v;

    if (rs->building < 0)
        return -1;
    /* Key, then value: two statements, so the pool's ids come out in the
     * same order whatever the compiler (argument order is unspecified, and
     * GCC and clang differ); the staged readers (store/stage.c) rely on it. */
    k = intern(rs, key);
    v = intern(rs, value);
    return add_kv_id(rs, &rs->params, &rs->n_params, &rs->cap_params, &rs->runs[rs->building].p_n, k, v);
}

int runset_add_tag(RunSet *rs, const char *key, const char *value)
{
    uint32_t k, v;

    if (rs->building < 0)
        return -1;
    /* Key, then value: two statements, so the pool's ids come out in the
     * same order whatever the compiler (argument order is unspecified, and
     * GCC and clang differ); the staged readers (store/stage.c) rely on it. */
    k = intern(rs, key);
    v = intern(rs, value);
    return add_kv_id(rs, &rs->tags, &rs->n_tags, &rs->cap_tags, &rs->runs[rs->building].t_n, k, v);
}

uint32_t runset_intern(RunSet *rs, const char *s, size_t len)
{
    return strpool_intern(rs->pool, s, len);
}

int runset_begin_run_ids(RunSet *rs, const Run *proto)
{
    size_t n = strpool_count(rs->pool);

    if (proto->run_id >= n || proto->name >= n || proto->experiment_id >= n
        || proto->user >= n || proto->artifact_uri >= n || proto->flavour >= n)
        return -1;
    if (begin_ids(rs, proto) < 0)
        return -1;
    rs->runs[rs->building].source = rs->runs[rs->building].git_commit = 0;
    return 0;
}

int runset_add_metric_id(RunSet *rs, uint32_t key, double value, int64_t step)
{
    if (rs->building < 0 || key >= strpool_count(rs->pool))
        return -1;
    return add_metric_id(rs, key, value, step);
}

int runset_add_param_id(RunSet *rs, uint32_t key, uint32_t value)
{
    size_t n = strpool_count(rs->pool);

    if (rs->building < 0 || key >= n || value >= n)
        return -1;
    return add_kv_id(rs, &rs->params, &rs->n_params, &rs->cap_params,
                     &rs->runs[rs->building].p_n, key, value);
}

int runset_add_tag_id(RunSet *rs, uint32_t key, uint32_t value)
{
    size_t n = strpool_count(rs->pool);

    if (rs->building < 0 || key >= n || value >= n)
        return -1;
    return add_kv_id(rs, &rs->tags, &rs->n_tags, &rs->cap_tags,
                     &rs->runs[rs->building].t_n, key, value);
}

int runset_set_flavour(RunSet *rs, const char *flavour)
{
    uint32_t id;

    if (rs->building < 0)
        return -1;
    id = intern(rs, flavour);
    if (id == UINT32_MAX)
        return -1;
    rs->runs[rs->building].flavour = id;
    return 0;
}

int runset_set_run_flavour(RunSet *rs, size_t i, const char *flavour)
{
    uint32_t id;

    if (i >= rs->n_runs || !flavour)
        return -1;
    id = intern(rs, flavour);
    if (id == UINT32_MAX)
        return -1;
    rs->runs[i].flavour = id;
    rs->version++;
    return 0;
}

/* base + off for a run's slice of the metrics/params/tags arrays, and NULL for
 * an empty slice: an array never grown is NULL, and NULL + 0 is undefined. */
#define SLICE(base, off, n) ((n) ? (base) + (off) : NULL)

static uint32_t kv_lookup(const KeyVal *kv, uint32_t n, uint32_t key)
{
    uint32_t lo = 0, hi = n;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;

        if (kv[mid].key < key)
            lo = mid + 1;
        else if (kv[mid].key > key)
            hi = mid;
        else
            return kv[mid].value;
    }
    return UINT32_MAX;
}

static uint32_t tag_named(const RunSet *rs, const Run *r, const char *name)
{
    uint32_t k = strpool_find(rs->pool, name, strlen(name));

    if (k == UINT32_MAX || !r->t_n)
        return UINT32_MAX;
    return kv_lookup(SLICE(rs->tags, r->t_off, r->t_n), r->t_n, k);
}

static int count_keys(RunSet *rs, const Run *r, int delta)
{
    for (uint32_t i = 0; i < r->m_n; i++)
        if (keylist_count(&rs->metric_keys, rs->metrics[r->m_off + i].key, delta) < 0)
            return -1;
    for (uint32_t i = 0; i < r->p_n; i++)
        if (keylist_count(&rs->param_keys, rs->params[r->p_off + i].key, delta) < 0)
            return -1;
    for (uint32_t i = 0; i < r->t_n; i++)
        if (keylist_count(&rs->tag_keys, rs->tags[r->t_off + i].key, delta) < 0)
            return -1;
    return 0;
}

/* Copies every live entry into fresh arrays, in run order. */
static void compact(RunSet *rs)
{
    size_t     nm = 0, np = 0, nt = 0;
    MetricVal *m;
    KeyVal    *p, *t;

    for (size_t i = 0; i < rs->n_runs; i++) {
        nm += rs->runs[i].m_n;
        np += rs->runs[i].p_n;
        nt += rs->runs[i].t_n;
    }
    m = malloc((nm ? nm : 1) * sizeof *m);
    p = malloc((np ? np : 1) * sizeof *p);
    t = malloc((nt ? nt : 1) * sizeof *t);
    if (!m || !p || !t) {  /* not fatal: the garbage just stays */
        free(m);
        free(p);
        free(t);
        return;
    }
    nm = np = nt = 0;
    for (size_t i = 0; i < rs->n_runs; i++) {
        Run *r = &rs->runs[i];

        if (r->m_n)  /* an array never grown is NULL: no memcpy from it */
            memcpy(m + nm, rs->metrics + r->m_off, r->m_n * sizeof *m);
        if (r->p_n)
            memcpy(p + np, rs->params + r->p_off, r->p_n * sizeof *p);
        if (r->t_n)
            memcpy(t + nt, rs->tags + r->t_off, r->t_n * sizeof *t);
        r->m_off = (uint32_t)nm;
        r->p_off = (uint32_t)np;
        r->t_off = (uint32_t)nt;
        nm += r->m_n;
        np += r->p_n;
        nt += r->t_n;
    }
    free(rs->metrics);
    free(rs->params);
    free(rs->tags);
    rs->metrics = m;
    rs->params = p;
    rs->tags = t;
    rs->cap_metrics = nm ? nm : 1;
    rs->cap_params = np ? np : 1;
    rs->cap_tags = nt ? nt : 1;
    rs->n_metrics = nm;
    rs->n_params = np;
    rs->n_tags = nt;
    rs->garbage = 0;
}

int runset_end_run(RunSet *rs)
{
    Run    *r;
    size_t  n;
    uint32_t v;

    if (rs->building < 0)
        return -1;
    r = &rs->runs[rs->building];

    n = sort_dedupe(SLICE(rs->metrics, r->m_off, r->m_n), r->m_n, sizeof(MetricVal),
                    offsetof(MetricVal, key));
    if (n == (size_t)-1)
        goto fail;
    r->m_n = (uint32_t)n;
    rs->n_metrics = r->m_off + n;
    n = sort_dedupe(SLICE(rs->params, r->p_off, r->p_n), r->p_n, sizeof(KeyVal),
                    offsetof(KeyVal, key));
    if (n == (size_t)-1)
        goto fail;
    r->p_n = (uint32_t)n;
    rs->n_params = r->p_off + n;
    n = sort_dedupe(SLICE(rs->tags, r->t_off, r->t_n), r->t_n, sizeof(KeyVal),
                    offsetof(KeyVal, key));
    if (n == (size_t)-1)
        goto fail;
    r->t_n = (uint32_t)n;
    rs->n_tags = r->t_off + n;

    if ((v = tag_named(rs, r, "mlflow.source.name")) != UINT32_MAX)
        r->source = v;
    if ((v = tag_named(rs, r, "mlflow.source.git.commit")) != UINT32_MAX)
        r->git_commit = v;
    if (r->name == 0 && (v = tag_named(rs, r, "mlflow.runName")) != UINT32_MAX)
        r->name = v;
    if (r->user == 0 && (v = tag_named(rs, r, "mlflow.user")) != UINT32_MAX)
        r->user = v;

    if (count_keys(rs, r, +1) < 0)
        goto fail;
    if (rs->replace_at >= 0) {
        Run *old = &rs->runs[rs->replace_at];

        count_keys(rs, old, -1);  /* only decrements: cannot fail */
        rs->garbage += (size_t)old->m_n + old->p_n + old->t_n;
        *old = *r;
        rs->n_runs--;
    } else if (id_put(rs, (size_t)rs->building) < 0) {
        count_keys(rs, r, -1);
        goto fail;
    }
    rs->building = rs->replace_at = -1;
    rs->version++;
    if (rs->garbage > 4096
        && rs->garbage > rs->n_metrics + rs->n_params + rs->n_tags - rs->garbage)
        compact(rs);
    return 0;
fail:
    abort_run(rs);
    return -1;
}

/* ---- merge and lookup ---------------------------------------------------- */

/* src id -> dst id, interning on first use. */
static uint32_t xl(uint32_t *map, const RunSet *src, RunSet *dst, uint32_t id)
{
    if (id == 0)
        return 0;
    if (map[id] == UINT32_MAX)
        map[id] = strpool_intern(dst->pool, strpool_get(src->pool, id),
                                 strpool_len(src->pool, id));
    return map[id];
}

int runset_merge(RunSet *dst, const RunSet *src)
{
    size_t    n_ids = strpool_count(src->pool);
    uint32_t *map;
    int       rc = -1;

    if (dst == src)
        return -1;
    if (dst->building >= 0 && runset_end_run(dst) < 0)
        return -1;
    map = malloc((n_ids ? n_ids : 1) * sizeof *map);
    if (!map)
        return -1;
    memset(map, 0xff, n_ids * sizeof *map);
    for (size_t i = 0; i < src->n_runs; i++) {
        const Run *sr = &src->runs[i];
        Run        r = *sr;

        if ((long)i == src->building)
            continue;
        r.run_id = xl(map, src, dst, sr->run_id);
        r.name = xl(map, src, dst, sr->name);
        r.experiment_id = xl(map, src, dst, sr->experiment_id);
        r.user = xl(map, src, dst, sr->user);
        r.artifact_uri = xl(map, src, dst, sr->artifact_uri);
        r.source = xl(map, src, dst, sr->source);
        r.flavour = xl(map, src, dst, sr->flavour);
        r.git_commit = xl(map, src, dst, sr->git_commit);
        if (r.run_id == UINT32_MAX || r.name == UINT32_MAX || r.experiment_id == UINT32_MAX
            || r.user == UINT32_MAX || r.artifact_uri == UINT32_MAX
            || r.source == UINT32_MAX || r.flavour == UINT32_MAX
            || r.git_commit == UINT32_MAX || begin_ids(dst, &r) < 0)
            goto out;
        for (uint32_t j = 0; j < sr->m_n; j++) {
            const MetricVal *m = &src->metrics[sr->m_off + j];

            if (add_metric_id(dst, xl(map, src, dst, m->key), m->value, m->step) < 0)
                goto abort;
        }
        for (uint32_t j = 0; j < sr->p_n; j++) {
            const KeyVal *kv = &src->params[sr->p_off + j];

            if (add_kv_id(dst, &dst->params, &dst->n_params, &dst->cap_params,
                          &dst->runs[dst->building].p_n, xl(map, src, dst, kv->key),
                          xl(map, src, dst, kv->value)) < 0)
                goto abort;
        }
        for (uint32_t j = 0; j < sr->t_n; j++) {
            const KeyVal *kv = &src->tags[sr->t_off + j];

            if (add_kv_id(dst, &dst->tags, &dst->n_tags, &dst->cap_tags,
                          &dst->runs[dst->building].t_n, xl(map, src, dst, kv->key),
                          xl(map, src, dst, kv->value)) < 0)
                goto abort;
        }
        if (runset_end_run(dst) < 0)
            goto out;
    }
    rc = 0;
    goto out;
abort:
    abort_run(dst);
out:
    free(map);
    return rc;
}

int runset_select(RunSet *rs, const uint32_t *idx, size_t n)
{
    Run      *nr = malloc((n ? n : 1) * sizeof *nr);
    uint8_t  *keep = calloc(rs->n_runs ? rs->n_runs : 1, 1);
    size_t    n_slots = 1024;
    uint32_t *slots;
    int       rc = -1;

    while ((n + 1) * 2 > n_slots)
        n_slots *= 2;
    slots = calloc(n_slots, sizeof *slots);
    if (!nr || !keep || !slots)
        goto out;
    for (size_t i = 0; i < n; i++) {
        keep[idx[i]] = 1;
        nr[i] = rs->runs[idx[i]];
    }
    for (size_t i = 0; i < rs->n_runs; i++) {
        if (keep[i])
            continue;
        count_keys(rs, &rs->runs[i], -1);
        rs->garbage += rs->runs[i].m_n + rs->runs[i].p_n + rs->runs[i].t_n;
    }
    for (size_t i = 0; i < n; i++)
        if (nr[i].run_id)
            id_insert(slots, n_slots, nr[i].run_id, i);
    free(rs->runs);
    free(rs->id_slots);
    rs->runs = nr;
    rs->n_runs = rs->cap_runs = n;
    if (!rs->cap_runs)
        rs->cap_runs = 1;
    rs->id_slots = slots;
    rs->n_id_slots = n_slots;
    rs->version++;
    nr = NULL;
    slots = NULL;
    rc = 0;
out:
    free(nr);
    free(keep);
    free(slots);
    return rc;
}

long runset_find(const RunSet *rs, const char *run_id)
{
    uint32_t id;

    if (!run_id)
        return -1;
    id = strpool_find(rs->pool, run_id, strlen(run_id));
    return id == UINT32_MAX ? -1 : id_find(rs, id);
}

const char *runset_str(const RunSet *rs, uint32_t id)
{
    return strpool_get(rs->pool, id);
}

const MetricVal *runset_metric(const RunSet *rs, size_t run, uint32_t key)
{
    const Run       *r = &rs->runs[run];
    const MetricVal *m = SLICE(rs->metrics, r->m_off, r->m_n);
    uint32_t         lo = 0, hi = r->m_n;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;

        if (m[mid].key < key)
            lo = mid + 1;
        else if (m[mid].key > key)
            hi = mid;
        else
            return &m[mid];
    }
    return NULL;
}

uint32_t runset_param(const RunSet *rs, size_t run, uint32_t key)
{
    const Run *r = &rs->runs[run];

    return kv_lookup(SLICE(rs->params, r->p_off, r->p_n), r->p_n, key);
}

uint32_t runset_tag(const RunSet *rs, size_t run, uint32_t key)
{
    const Run *r = &rs->runs[run];

    return kv_lookup(SLICE(rs->tags, r->t_off, r->t_n), r->t_n, key);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **runset_sorted_keys(const RunSet *rs, size_t i, RunKeyKind kind, uint32_t *n)
{
    const Run   *r = &rs->runs[i];
    uint32_t     cnt = kind == RUN_METRIC_KEYS ? r->m_n : kind == RUN_PARAM_KEYS ? r->p_n : r->t_n;
    const char **keys = malloc((cnt + 1) * sizeof *keys);

    *n = 0;
    if (!keys)
        return NULL;
    for (uint32_t j = 0; j < cnt; j++)
        keys[j] = runset_str(rs, kind == RUN_METRIC_KEYS ? rs->metrics[r->m_off + j].key
                                 : kind == RUN_PARAM_KEYS ? rs->params[r->p_off + j].key
                                                          : rs->tags[r->t_off + j].key);
    qsort(keys, cnt, sizeof *keys, cmp_name);
    *n = cnt;
    return keys;
}

uint32_t runset_key(const RunSet *rs, const char *s)
{
    return s ? strpool_find(rs->pool, s, strlen(s)) : UINT32_MAX;
}

static const char *const status_names[] = {
    [RUN_RUNNING] = "RUNNING",   [RUN_SCHEDULED] = "SCHEDULED", [RUN_FINISHED] = "FINISHED",
    [RUN_FAILED] = "FAILED",     [RUN_KILLED] = "KILLED",       [RUN_STATUS_UNKNOWN] = "UNKNOWN",
};

const char *run_status_name(RunStatus s)
{
    return (unsigned)s <= RUN_STATUS_UNKNOWN ? status_names[s] : "UNKNOWN";
}

RunStatus run_status_parse(const char *s)
{
    if (s)
        for (int i = 0; i < RUN_STATUS_UNKNOWN; i++)
            if (strcmp(s, status_names[i]) == 0)
                return (RunStatus)i;
    return RUN_STATUS_UNKNOWN;
}
