/* compare.c — see compare.h. Row lists are rebuilt whenever the compared
 * runs change or the differences-only toggle flips: for several hundred
 * runs with a hundred keys that is a few hundred thousand lookups, well
 * under a frame. */
#include "core/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ctype.h>
#include <strings.h>

#include "core/text.h"

/* "err" as a word of the name (test_err, err-rate), not inside one
 * ("transferred", "referral"). */
static bool has_err_word(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (strncasecmp(p, "err", 3) != 0)
            continue;
        if ((p == s || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[3]))
            return true;
    }
    return false;
}

bool compare_higher_is_better(const char *metric)
{
    /* "mse" also covers "rmse"; "loss" covers "logloss": the list is what a
     * reader expects, the matching is by substring. */
    static const char *const lower[] = { "loss", "error", "rmse", "mse", "mae", "logloss", NULL };

    if (!metric)
        return true;
    for (const char *const *p = lower; *p; p++)
        if (text_icontains(metric, *p))
            return false;
    return !has_err_word(metric);
}

bool compare_best(const double *v, size_t n, bool higher, double *best)
{
    bool have = false, differ = false;
    double b = 0;

    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            continue;
        if (!have) {
            b = v[i];
            have = true;
            continue;
        }
        if (v[i] != b)
            differ = true;
        if (higher ? v[i] > b : v[i] < b)
            b = v[i];
    }
    if (!have || !differ)
        return false;
    *best = b;
    return true;
}

static bool same_metric(const MetricVal *a, const MetricVal *b)
{
    if (!a || !b)
        return !a && !b;
    if (isnan(a->value) || isnan(b->value))
        return isnan(a->value) && isnan(b->value);
    return a->value == b->value;
}

bool compare_differs(const RunSet *rs, const uint32_t *runs, size_t n, Column c,
                     int64_t now_ms)
{
    char first[512], other[512];

    if (n < 2)
        return false;
    switch (c.kind) {
    case COL_METRIC: {
        const MetricVal *m0 = runset_metric(rs, runs[0], c.id);
        for (size_t i = 1; i < n; i++)
            if (!same_metric(m0, runset_metric(rs, runs[i], c.id)))
                return true;
        return false;
    }
    case COL_PARAM:
    case COL_TAG: {
        /* Strings are interned: equal strings have equal ids. */
        uint32_t v0 = c.kind == COL_PARAM ? runset_param(rs, runs[0], c.id)
                                          : runset_tag(rs, runs[0], c.id);
        for (size_t i = 1; i < n; i++) {
            uint32_t v = c.kind == COL_PARAM ? runset_param(rs, runs[i], c.id)
                                             : runset_tag(rs, runs[i], c.id);
            if (v != v0)
                return true;
        }
        return false;
    }
    case COL_ATTR:
    default:
        runtable_cell(rs, runs[0], c, now_ms, first, sizeof first);
        for (size_t i = 1; i < n; i++) {
            runtable_cell(rs, runs[i], c, now_ms, other, sizeof other);
            if (strcmp(first, other) != 0)
                return true;
        }
        return false;
    }
}

/* ---- building the rows ---- */

typedef struct Rows {
    CompareRow *v;
    size_t      n, cap;
    bool        oom;
} Rows;

static void push(Rows *r, bool group, CmpGroup g, Column c)
{
    if (r->oom)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        CompareRow *nv = realloc(r->v, cap * sizeof *nv);
        if (!nv) {
            r->oom = true;
            return;
        }
        r->v = nv;
        r->cap = cap;
    }
    r->v[r->n++] = (CompareRow){ .group = group, .g = g, .col = c };
}

static const RunSet *sort_rs;   /* qsort has no context argument in C11 */

static int cmp_key(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = strcmp(runset_str(sort_rs, x), runset_str(sort_rs, y));
    return c ? c : (x > y) - (x < y);
}

/* The distinct keys of one kind the runs hold, alphabetically. */
static uint32_t *collect_keys(const RunSet *rs, const uint32_t *runs, size_t n, ColKind kind,
                              size_t *count)
{
    size_t total = 0, k = 0;
    uint32_t *keys;

    for (size_t i = 0; i < n; i++) {
        const Run *r = &rs->runs[runs[i]];
        total += kind == COL_METRIC ? r->m_n : kind == COL_PARAM ? r->p_n : r->t_n;
    }
    keys = malloc((total ? total : 1) * sizeof *keys);
    if (!keys)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const Run *r = &rs->runs[runs[i]];
        if (kind == COL_METRIC)
            for (uint32_t j = 0; j < r->m_n; j++)
                keys[k++] = rs->metrics[r->m_off + j].key;
        else if (kind == COL_PARAM)
            for (uint32_t j = 0; j < r->p_n; j++)
                keys[k++] = rs->params[r->p_off + j].key;
        else
            for (uint32_t j = 0; j < r->t_n; j++)
                keys[k++] = rs->tags[r->t_off + j].key;
    }
    sort_rs = rs;
    qsort(keys, k, sizeof *keys, cmp_key);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || keys[u - 1] != keys[i])
            keys[u++] = keys[i];
    *count = u;
    return keys;
}

static void add_group(Rows *rows, CmpGroup g, const Column *cols, size_t n_cols,
                      const RunSet *rs, const uint32_t *runs, size_t n, bool diff_only,
                      int64_t now_ms)
{
    bool header = false;

    for (size_t i = 0; i < n_cols; i++) {
        if (diff_only && !compare_differs(rs, runs, n, cols[i], now_ms))
            continue;
        if (!header) {
            push(rows, true, g, cols[i]);
            header = true;
        }
        push(rows, false, g, cols[i]);
    }
}

size_t compare_rows(const RunSet *rs, const uint32_t *runs, size_t n, bool diff_only,
                    int64_t now_ms, CompareRow **out)
{
    static const AttrId attrs[] = { ATTR_STATUS, ATTR_START, ATTR_DURATION, ATTR_USER,
                                    ATTR_SOURCE, ATTR_MODEL };
    static const ColKind kinds[] = { COL_PARAM, COL_METRIC, COL_TAG };
    Rows rows = { 0 };
    Column cols[sizeof attrs / sizeof *attrs];

    *out = NULL;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
        cols[i] = (Column){ COL_ATTR, attrs[i] };
    add_group(&rows, CMP_ATTRS, cols, sizeof attrs / sizeof *attrs, rs, runs, n, diff_only,
              now_ms);
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        size_t nk = 0;
        uint32_t *keys = collect_keys(rs, runs, n, kinds[k], &nk);
        Column *kc = malloc((nk ? nk : 1) * sizeof *kc);
        if (!keys || !kc) {
            free(keys);
            free(kc);
            rows.oom = true;
            break;
        }
        if (kinds[k] == COL_TAG) {
            /* User tags, then system tags (mlflow.*) in their own group. */
            for (int sys = 0; sys < 2; sys++) {
                size_t m = 0;
                for (size_t i = 0; i < nk; i++)
                    if ((strncmp(runset_str(rs, keys[i]), "mlflow.", 7) == 0) == (sys == 1))
                        kc[m++] = (Column){ COL_TAG, keys[i] };
                add_group(&rows, sys ? CMP_SYSTEM_TAGS : CMP_TAGS, kc, m, rs, runs, n,
                          diff_only, now_ms);
            }
        } else {
            for (size_t i = 0; i < nk; i++)
                kc[i] = (Column){ kinds[k], keys[i] };
            add_group(&rows, kinds[k] == COL_PARAM ? CMP_PARAMS : CMP_METRICS, kc, nk, rs,
                      runs, n, diff_only, now_ms);
        }
        free(keys);
        free(kc);
    }
    if (rows.oom) {
        free(rows.v);
        return 0;
    }
    *out = rows.v;
    return rows.n;
}

RunSet *compare_copy_runs(const RunSet *src, const uint32_t *rows, size_t n)
{
    RunSet *rs = runset_new();

    if (!rs)
        return NULL;
    for (size_t k = 0; k < n; k++) {
        const Run *r = &src->runs[rows[k]];
        RunInfoIn in = {
            .run_id = runset_str(src, r->run_id), .run_name = runset_str(src, r->name),
            .experiment_id = runset_str(src, r->experiment_id),
            .user_id = runset_str(src, r->user), .artifact_uri = runset_str(src, r->artifact_uri),
            .status = r->status, .lifecycle = r->lifecycle, .start_time = r->start_time,
            .end_time = r->end_time,
        };
        int err = runset_begin_run(rs, &in);
        for (uint32_t j = 0; !err && j < r->m_n; j++) {
            const MetricVal *m = &src->metrics[r->m_off + j];
            err = runset_add_metric(rs, runset_str(src, m->key), m->value, m->step);
        }
        for (uint32_t j = 0; !err && j < r->p_n; j++)
            err = runset_add_param(rs, runset_str(src, src->params[r->p_off + j].key),
                                   runset_str(src, src->params[r->p_off + j].value));
        for (uint32_t j = 0; !err && j < r->t_n; j++)
            err = runset_add_tag(rs, runset_str(src, src->tags[r->t_off + j].key),
                                 runset_str(src, src->tags[r->t_off + j].value));
        if (!err && r->flavour)
            err = runset_set_flavour(rs, runset_str(src, r->flavour));
        if (err || runset_end_run(rs) != 0) {
            runset_free(rs);
            return NULL;
        }
    }
    return rs;
}
