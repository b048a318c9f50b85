/* runblob.c — see runblob.h.
 *
 * Only strings that live runs reference are written, each once, so a RunSet
 * that replaced many runs does not carry their garbage into the cache. Decoding
 * interns the string table once and then builds runs through the id forms of
 * runset_begin_run/add/end_run (no hash lookup an entry), so a decoded RunSet
 * obeys every invariant of one built from a server reply (sorted entries, one
 * id once, key counts). */
#include "core/runblob.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


static const char MAGIC[8] = { 'M', 'L', 'T', 'R', 'S', 'B', '0', '1' };

/* ---- encoding --------------------------------------------------------- */

typedef struct Out {
    unsigned char *p;
    size_t         n, cap;
    int            failed;
} Out;

static void out_bytes(Out *o, const void *b, size_t n)
{
    if (o->failed)
        return;
    if (o->n + n > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        unsigned char *q;

        while (cap < o->n + n)
            cap *= 2;
        q = realloc(o->p, cap);
        if (!q) {
            o->failed = 1;
            return;
        }
        o->p = q;
        o->cap = cap;
    }
    memcpy(o->p + o->n, b, n);
    o->n += n;
}

static void out_u8(Out *o, unsigned v)
{
    unsigned char b = (unsigned char)v;

    out_bytes(o, &b, 1);
}

static void out_u32(Out *o, uint32_t v)
{
    unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                           (unsigned char)(v >> 16), (unsigned char)(v >> 24) };

    out_bytes(o, b, 4);
}

static void out_u64(Out *o, uint64_t v)
{
    out_u32(o, (uint32_t)v);
    out_u32(o, (uint32_t)(v >> 32));
}

static void out_f64(Out *o, double d)
{
    uint64_t v;

    memcpy(&v, &d, sizeof v);
    out_u64(o, v);
}

/* Blob index of pool id (assigning the next one on first use), written later. */
typedef struct StrMap {
    uint32_t *slot;   /* pool id -> blob index + 1 */
    uint32_t *order;  /* blob index -> pool id */
    uint32_t  n;
} StrMap;

static uint32_t map_id(StrMap *m, uint32_t id)
{
    if (!m->slot[id]) {
        m->order[m->n] = id;
        m->slot[id] = ++m->n;
    }
    return m->slot[id] - 1;
}

unsigned char *runblob_encode(const RunSet *rs, size_t *len)
{
    size_t  n_pool = strpool_count(rs->pool), i, j;
    StrMap  m = { 0 };
    Out     head = { 0 }, body = { 0 };
    unsigned char *res = NULL;

    /* A pool id can be referenced at most once per distinct string: n_pool bounds both. */
    m.slot = calloc(n_pool + 1, sizeof *m.slot);
    m.order = malloc((n_pool + 1) * sizeof *m.order);
    if (!m.slot || !m.order)
        goto out;

    out_u32(&body, (uint32_t)rs->n_runs);
    for (i = 0; i < rs->n_runs; i++) {
        const Run *r = &rs->runs[i];
        uint32_t ids[6] = { r->run_id, r->name, r->experiment_id, r->user, r->artifact_uri,
                            r->flavour };

        for (j = 0; j < 6; j++)
            out_u32(&body, map_id(&m, ids[j] < n_pool ? ids[j] : 0));
        out_u8(&body, r->status);
        out_u8(&body, r->lifecycle);
        out_u64(&body, (uint64_t)r->start_time);
        out_u64(&body, (uint64_t)r->end_time);
        out_u32(&body, r->m_n);
        out_u32(&body, r->p_n);
        out_u32(&body, r->t_n);
        for (j = 0; j < r->m_n; j++) {
            const MetricVal *mv = &rs->metrics[r->m_off + j];

            out_u32(&body, map_id(&m, mv->key));
            out_f64(&body, mv->value);
            out_u32(&body, mv->step);
        }
        for (j = 0; j < r->p_n; j++) {
            out_u32(&body, map_id(&m, rs->params[r->p_off + j].key));
            out_u32(&body, map_id(&m, rs->params[r->p_off + j].value));
        }
        for (j = 0; j < r->t_n; j++) {
            out_u32(&body, map_id(&m, rs->tags[r->t_off + j].key));
            out_u32(&body, map_id(&m, rs->tags[r->t_off + j].value));
        }
    }

    out_bytes(&head, MAGIC, sizeof MAGIC);
    out_u32(&head, m.n);
    for (i = 0; i < m.n; i++) {
        size_t l = strpool_len(rs->pool, m.order[i]);

        out_u32(&head, (uint32_t)l);
        out_bytes(&head, strpool_get(rs->pool, m.order[i]), l);
    }
    out_bytes(&head, body.p, body.n);
    if (head.failed || body.failed)
        goto out;
    res = head.p;
    head.p = NULL;
    *len = head.n;
out:
    free(m.slot);
    free(m.order);
    free(head.p);
    free(body.p);
    return res;
}

/* ---- decoding --------------------------------------------------------- */

typedef struct In {
    const unsigned char *p;
    size_t               n, at;
    int                  bad;
} In;

static const unsigned char *in_take(In *in, size_t n)
{
    const unsigned char *b;

    if (in->bad || n > in->n - in->at) {
        in->bad = 1;
        return NULL;
    }
    b = in->p + in->at;
    in->at += n;
    return b;
}

static unsigned in_u8(In *in)
{
    const unsigned char *b = in_take(in, 1);

    return b ? b[0] : 0;
}

static uint32_t in_u32(In *in)
{
    const unsigned char *b = in_take(in, 4);

    return b ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16
                   | (uint32_t)b[3] << 24
             : 0;
}

static uint64_t in_u64(In *in)
{
    uint64_t lo = in_u32(in);

    return lo | (uint64_t)in_u32(in) << 32;
}

static double in_f64(In *in)
{
    uint64_t v = in_u64(in);
    double   d;

    memcpy(&d, &v, sizeof d);
    return d;
}

/* A string index read from the blob, as an id of the new pool; 0 (and
 * in->bad) when out of range. */
static uint32_t in_str(In *in, const uint32_t *ids, uint32_t n_strs)
{
    uint32_t i = in_u32(in);

    if (in->bad || i >= n_strs) {
        in->bad = 1;
        return 0;
    }
    return ids[i];
}

RunSet *runblob_decode(const unsigned char *buf, size_t len)
{
    In           in = { .p = buf, .n = len };
    const unsigned char *magic = in_take(&in, sizeof MAGIC);
    uint32_t     n_strs, n_runs, i, j;
    uint32_t    *ids = NULL;
    RunSet      *rs = NULL;
    int          ok = 0;

    if (!magic || memcmp(magic, MAGIC, sizeof MAGIC) != 0)
        return NULL;
    n_strs = in_u32(&in);
    /* Each string takes at least its 4-byte length: a count the blob cannot hold is a lie. */
    if (in.bad || n_strs > (len - in.at) / 4)
        return NULL;
    ids = malloc((n_strs ? n_strs : 1) * sizeof *ids);
    rs = runset_new();
    if (!ids || !rs)
        goto out;
    for (i = 0; i < n_strs; i++) {
        uint32_t l = in_u32(&in);
        const unsigned char *s = in_take(&in, l);

        if (!s || memchr(s, '\0', l))   /* runset strings are C strings */
            goto out;
        ids[i] = runset_intern(rs, (const char *)s, l);
        if (ids[i] == UINT32_MAX)
            goto out;
    }

    n_runs = in_u32(&in);
    for (i = 0; !in.bad && i < n_runs; i++) {
        Run      r;
        uint32_t nm, np, nt;
        unsigned status, life;

        memset(&r, 0, sizeof r);
        r.run_id = in_str(&in, ids, n_strs);
        r.name = in_str(&in, ids, n_strs);
        r.experiment_id = in_str(&in, ids, n_strs);
        r.user = in_str(&in, ids, n_strs);
        r.artifact_uri = in_str(&in, ids, n_strs);
        r.flavour = in_str(&in, ids, n_strs);
        status = in_u8(&in);
        life = in_u8(&in);
        r.start_time = (int64_t)in_u64(&in);
        r.end_time = (int64_t)in_u64(&in);
        nm = in_u32(&in);
        np = in_u32(&in);
        nt = in_u32(&in);
        if (in.bad || status > RUN_STATUS_UNKNOWN || life > LIFE_UNKNOWN
            /* entries are 16 or 8 bytes: counts the rest of the blob cannot hold are lies */
            || (uint64_t)nm * 16 + (uint64_t)np * 8 + (uint64_t)nt * 8 > len - in.at)
            goto out;
        r.status = (RunStatus)status;
        r.lifecycle = (Lifecycle)life;
        if (runset_begin_run_ids(rs, &r) < 0)
            goto out;
        for (j = 0; j < nm; j++) {
            uint32_t k = in_str(&in, ids, n_strs);
            double   v = in_f64(&in);
            uint32_t step = in_u32(&in);

            if (in.bad || runset_add_metric_id(rs, k, v, step) < 0)
                goto out;
        }
        for (j = 0; j < np + nt; j++) {
            uint32_t k = in_str(&in, ids, n_strs);
            uint32_t v = in_str(&in, ids, n_strs);

            if (in.bad || (j < np ? runset_add_param_id(rs, k, v) : runset_add_tag_id(rs, k, v)) < 0)
                goto out;
        }
        if (runset_end_run(rs) < 0)
            goto out;
    }
    ok = !in.bad && in.at == len;
out:
    free(ids);
    if (!ok) {
        runset_free(rs);
        rs = NULL;
    }
    return rs;
}
