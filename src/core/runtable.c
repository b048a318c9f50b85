/* runtable.c — see runtable.h.
 *
 * Sorting extracts every shown run's sort keys into a flat array of items once
 * (one metric binary search or one strtod per row and key), then qsorts the
 * items: a comparison touches only the two items, never the RunSet; one
 * numeric key (a metric) is radix-sorted instead (sort_rows_numeric). The quick
 * filter memoises its verdict per strpool id, so a param value shared by many
 * runs is searched once. */
#include "core/runtable.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/compare.h"
#include "core/format.h"
#include "core/text.h"

static const struct {
    const char *name, *title;
} attrs[ATTR__COUNT] = {
    [ATTR_NAME]       = { "name", "Name" },
    [ATTR_RUN_ID]     = { "run_id", "Run ID" },
    [ATTR_STATUS]     = { "status", "Status" },
    [ATTR_START]      = { "start", "Start" },
    [ATTR_END]        = { "end", "End" },
    [ATTR_DURATION]   = { "duration", "Duration" },
    [ATTR_USER]       = { "user", "User" },
    [ATTR_SOURCE]     = { "source", "Source" },
    [ATTR_MODEL]      = { "model", "Model" },
    [ATTR_LIFECYCLE]  = { "lifecycle", "Lifecycle" },
    [ATTR_EXPERIMENT] = { "experiment", "Experiment" },
};

/* MLflow's own spellings, accepted as well. */
static const struct {
    const char *name;
    AttrId      id;
} attr_aliases[] = {
    { "run_name", ATTR_NAME },      { "runName", ATTR_NAME },
    { "run_uuid", ATTR_RUN_ID },    { "start_time", ATTR_START },
    { "end_time", ATTR_END },       { "user_id", ATTR_USER },
    { "lifecycle_stage", ATTR_LIFECYCLE }, { "experiment_id", ATTR_EXPERIMENT },
};

/* ---- lifetime ------------------------------------------------------------- */

void runtable_init(RunTable *t, const RunSet *rs)
{
    memset(t, 0, sizeof *t);
    t->rs = rs;
}

void runtable_free(RunTable *t)
{
    free(t->rows);
    free(t->quick);
    free(t->cols);
    free(t->hidden);
    memset(t, 0, sizeof *t);
}

/* ---- columns -------------------------------------------------------------- */

bool column_equal(Column a, Column b)
{
    return a.kind == b.kind && a.id == b.id;
}

bool column_is_numeric(Column c)
{
    return c.kind == COL_METRIC
           || (c.kind == COL_ATTR
               && (c.id == ATTR_START || c.id == ATTR_END || c.id == ATTR_DURATION));
}

static bool col_insert(Column **arr, size_t *n, size_t *cap, size_t at, const Column *c,
                       size_t count)
{
    if (*n + count > *cap) {
        size_t  nc = *cap ? *cap : 32;
        Column *p;

        while (nc < *n + count)
            nc *= 2;
        p = realloc(*arr, nc * sizeof *p);
        if (!p)
            return false;
        *arr = p;
        *cap = nc;
    }
    if (at > *n)
        at = *n;
    memmove(*arr + at + count, *arr + at, (*n - at) * sizeof **arr);
    memcpy(*arr + at, c, count * sizeof *c);
    *n += count;
    return true;
}

static long col_index(const Column *arr, size_t n, Column c)
{
    for (size_t i = 0; i < n; i++)
        if (column_equal(arr[i], c))
            return (long)i;
    return -1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

/* Sorted ids of the shown and hidden columns of one kind, for bsearch. */
static uint32_t *known_ids(const RunTable *t, ColKind kind, size_t *n)
{
    uint32_t *ids = malloc((t->n_cols + t->n_hidden + 1) * sizeof *ids);

    *n = 0;
    if (!ids)
        return NULL;
    for (size_t i = 0; i < t->n_cols; i++)
        if (t->cols[i].kind == kind)
            ids[(*n)++] = t->cols[i].id;
    for (size_t i = 0; i < t->n_hidden; i++)
        if (t->hidden[i].kind == kind)
            ids[(*n)++] = t->hidden[i].id;
    qsort(ids, *n, sizeof *ids, cmp_u32);
    return ids;
}

/* Inserts the keys of kl not yet known as kind-columns at the end of the
 * kind's group (or before the first column of a later kind). */
static void sync_kind(RunTable *t, const KeyList *kl, ColKind kind)
{
    size_t    n_known, n_new = 0, at;
    uint32_t *known = known_ids(t, kind, &n_known);
    Column   *add = malloc((kl->n + 1) * sizeof *add);
    long      last = -1, first_later = -1;

    if (!known || !add)
        goto out;
    for (size_t i = 0; i < kl->n; i++)
        if (kl->counts[i] > 0
            && !bsearch(&kl->ids[i], known, n_known, sizeof *known, cmp_u32))
            add[n_new++] = (Column){ .kind = kind, .id = kl->ids[i] };
    if (!n_new)
        goto out;
    /* After the last column of this kind (a param: else after the last
     * metric), else before the first column of a later kind, else at the end. */
    for (size_t i = 0; i < t->n_cols; i++)
        if (t->cols[i].kind == kind)
            last = (long)i;
    for (size_t i = 0; last < 0 && kind == COL_PARAM && i < t->n_cols; i++)
        if (t->cols[i].kind == COL_METRIC
            && (i + 1 == t->n_cols || t->cols[i + 1].kind != COL_METRIC))
            last = (long)i;
    for (size_t i = 0; first_later < 0 && i < t->n_cols; i++)
        if (t->cols[i].kind > kind)
            first_later = (long)i;
    at = last >= 0 ? (size_t)last + 1 : first_later >= 0 ? (size_t)first_later : t->n_cols;
    if (at == 0 && t->n_cols)
        at = 1;  /* never before the pinned name */
    col_insert(&t->cols, &t->n_cols, &t->cap_cols, at, add, n_new);
out:
    free(known);
    free(add);
}

void runtable_sync_columns(RunTable *t)
{
    static const AttrId defaults[] = { ATTR_NAME, ATTR_STATUS, ATTR_START, ATTR_DURATION,
                                       ATTR_USER, ATTR_SOURCE, ATTR_MODEL };

    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) {
        Column c = { .kind = COL_ATTR, .id = defaults[i] };
        size_t at = t->n_cols;

        if (col_index(t->cols, t->n_cols, c) >= 0 || col_index(t->hidden, t->n_hidden, c) >= 0)
            continue;
        if (defaults[i] == ATTR_NAME) {
            at = 0;
        } else {  /* after the attribute columns already there */
            at = 0;
            while (at < t->n_cols && t->cols[at].kind == COL_ATTR)
                at++;
        }
        col_insert(&t->cols, &t->n_cols, &t->cap_cols, at, &c, 1);
    }
    sync_kind(t, &t->rs->metric_keys, COL_METRIC);
    sync_kind(t, &t->rs->param_keys, COL_PARAM);
}

bool runtable_col_hide(RunTable *t, size_t idx)
{
    Column c;

    if (idx == 0 || idx >= t->n_cols)
        return false;
    c = t->cols[idx];
    if (!col_insert(&t->hidden, &t->n_hidden, &t->cap_hidden, t->n_hidden, &c, 1))
        return false;
    memmove(t->cols + idx, t->cols + idx + 1, (t->n_cols - idx - 1) * sizeof *t->cols);
    t->n_cols--;
    return true;
}

bool runtable_col_show(RunTable *t, Column c, size_t at)
{
    long h;

    if (col_index(t->cols, t->n_cols, c) >= 0)
        return false;
    if (at == 0 && t->n_cols)
        at = 1;
    if (!col_insert(&t->cols, &t->n_cols, &t->cap_cols, at, &c, 1))
        return false;
    h = col_index(t->hidden, t->n_hidden, c);
    if (h >= 0) {
        memmove(t->hidden + h, t->hidden + h + 1,
                (t->n_hidden - (size_t)h - 1) * sizeof *t->hidden);
        t->n_hidden--;
    }
    return true;
}

bool runtable_col_move(RunTable *t, size_t idx, int delta)
{
    long   to;
    Column c;

    if (idx == 0 || idx >= t->n_cols)
        return false;
    to = (long)idx + delta;
    if (to < 1)
        to = 1;
    if (to > (long)t->n_cols - 1)
        to = (long)t->n_cols - 1;
    if ((size_t)to == idx)
        return false;
    c = t->cols[idx];
    if ((size_t)to < idx)
        memmove(t->cols + to + 1, t->cols + to, (idx - (size_t)to) * sizeof *t->cols);
    else
        memmove(t->cols + idx, t->cols + idx + 1, ((size_t)to - idx) * sizeof *t->cols);
    t->cols[to] = c;
    return true;
}

/* ---- names ---------------------------------------------------------------- */

static bool key_in(const RunSet *rs, const KeyList *kl, const char *key, size_t len,
                   uint32_t *id)
{
    uint32_t k = strpool_find(rs->pool, key, len);

    if (k == UINT32_MAX || keylist_find(kl, k) < 0)
        return false;
    *id = k;
    return true;
}

bool runtable_parse_column(const RunSet *rs, const char *text, Column *out)
{
    static const struct {
        const char *prefix;
        ColKind     kind;
    } prefixes[] = {
        { "metrics.", COL_METRIC }, { "metric.", COL_METRIC },  { "params.", COL_PARAM },
        { "param.", COL_PARAM },    { "parameters.", COL_PARAM }, { "tags.", COL_TAG },
        { "tag.", COL_TAG },        { "attributes.", COL_ATTR }, { "attribute.", COL_ATTR },
        { "attr.", COL_ATTR },
    };
    const KeyList *lists[] = { [COL_METRIC] = &rs->metric_keys, [COL_PARAM] = &rs->param_keys,
                               [COL_TAG] = &rs->tag_keys };
    const char    *key = text;
    size_t         len;
    int            kind = -1;   /* -1: bare */
    uint32_t       id;

    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t pl = strlen(prefixes[i].prefix);

        if (strncmp(text, prefixes[i].prefix, pl) == 0) {
            kind = (int)prefixes[i].kind;
            key = text + pl;
            break;
        }
    }
    len = strlen(key);
    if (len >= 2 && key[0] == '`' && key[len - 1] == '`') {
        key++;
        len -= 2;
    }
    if (!len)
        return false;
    if (kind == -1 || kind == COL_ATTR) {
        for (int a = 0; a < ATTR__COUNT; a++)
            if (strlen(attrs[a].name) == len && strncmp(attrs[a].name, key, len) == 0) {
                *out = (Column){ .kind = COL_ATTR, .id = (uint32_t)a };
                return true;
            }
        for (size_t a = 0; a < sizeof attr_aliases / sizeof *attr_aliases; a++)
            if (strlen(attr_aliases[a].name) == len
                && strncmp(attr_aliases[a].name, key, len) == 0) {
                *out = (Column){ .kind = COL_ATTR, .id = attr_aliases[a].id };
                return true;
            }
        if (kind == COL_ATTR)
            return false;
        for (int k = COL_METRIC; k <= COL_TAG; k++)
            if (key_in(rs, lists[k], key, len, &id)) {
                *out = (Column){ .kind = (ColKind)k, .id = id };
                return true;
            }
        return false;
    }
    if (!key_in(rs, lists[kind], key, len, &id))
        return false;
    *out = (Column){ .kind = (ColKind)kind, .id = id };
    return true;
}

void column_title(const RunSet *rs, Column c, char *buf, size_t size)
{
    if (!size)
        return;
    if (c.kind == COL_ATTR)
        snprintf(buf, size, "%s", c.id < ATTR__COUNT ? attrs[c.id].title : "?");
    else
        snprintf(buf, size, "%s", runset_str(rs, c.id));
}

bool runtable_default_desc(const RunSet *rs, Column c)
{
    if (c.kind == COL_ATTR)
        return c.id == ATTR_START || c.id == ATTR_END || c.id == ATTR_DURATION;
    return c.kind == COL_METRIC && compare_higher_is_better(runset_str(rs, c.id));
}

bool runtable_parse_dir(const char *s, bool *desc)
{
    if (strcasecmp(s, "desc") == 0 || strcmp(s, "-") == 0) {
        *desc = true;
        return true;
    }
    if (strcasecmp(s, "asc") == 0 || strcmp(s, "+") == 0) {
        *desc = false;
        return true;
    }
    return false;
}

void column_name(const RunSet *rs, Column c, char *buf, size_t size)
{
    static const char *const prefix[] = { [COL_METRIC] = "metrics.", [COL_PARAM] = "params.",
                                          [COL_TAG] = "tags." };
    const char *key;

    if (!size)
        return;
    if (c.kind == COL_ATTR) {
        snprintf(buf, size, "%s", c.id < ATTR__COUNT ? attrs[c.id].name : "?");
        return;
    }
    key = runset_str(rs, c.id);
    /* Backticks keep a key with spaces, or with a leading backtick, one word. */
    if (strpbrk(key, " `\t") && !strchr(key, '`'))
        snprintf(buf, size, "%s`%s`", prefix[c.kind], key);
    else
        snprintf(buf, size, "%s%s", prefix[c.kind], key);
}

/* ---- cells ---------------------------------------------------------------- */

static const char *lifecycle_name(Lifecycle l)
{
    return l == LIFE_ACTIVE ? "active" : l == LIFE_DELETED ? "deleted" : "";
}

void runtable_cell(const RunSet *rs, size_t r, Column c, int64_t now_ms, char *buf, size_t size)
{
    const Run *run = &rs->runs[r];
    uint32_t   v;

    if (!size)
        return;
    buf[0] = '\0';
    switch (c.kind) {
    case COL_METRIC: {
        const MetricVal *m = runset_metric(rs, r, c.id);

        if (m)
            fmt_metric(m->value, buf, size);
        return;
    }
    case COL_PARAM:
    case COL_TAG:
        v = c.kind == COL_PARAM ? runset_param(rs, r, c.id) : runset_tag(rs, r, c.id);
        if (v != UINT32_MAX)
            snprintf(buf, size, "%s", runset_str(rs, v));
        return;
    case COL_ATTR:
        break;
    }
    switch ((AttrId)c.id) {
    case ATTR_NAME:       snprintf(buf, size, "%s", runset_str(rs, run->name)); break;
    case ATTR_RUN_ID:     snprintf(buf, size, "%s", runset_str(rs, run->run_id)); break;
    case ATTR_STATUS:     snprintf(buf, size, "%s", run_status_name(run->status)); break;
    case ATTR_START:      fmt_time(run->start_time, buf, size); break;
    case ATTR_END:        fmt_time(run->end_time, buf, size); break;
    case ATTR_DURATION:
        if (run->start_time == TIME_NONE)
            break;
        if (run->end_time != TIME_NONE)
            fmt_duration(run->end_time - run->start_time, buf, size);
        else if (run->status == RUN_RUNNING)
            fmt_duration(now_ms - run->start_time, buf, size);
        break;
    case ATTR_USER:       snprintf(buf, size, "%s", runset_str(rs, run->user)); break;
    case ATTR_SOURCE:     snprintf(buf, size, "%s", runset_str(rs, run->source)); break;
    case ATTR_MODEL:      snprintf(buf, size, "%s", runset_str(rs, run->flavour)); break;
    case ATTR_LIFECYCLE:  snprintf(buf, size, "%s", lifecycle_name(run->lifecycle)); break;
    case ATTR_EXPERIMENT: snprintf(buf, size, "%s", runset_str(rs, run->experiment_id)); break;
    case ATTR__COUNT:     break;
    }
}

/* ---- quick filter --------------------------------------------------------- */

void runtable_set_quick(RunTable *t, const char *text)
{
    free(t->quick);
    t->quick = text && *text ? strdup(text) : NULL;
}

/* memo[id]: 0 not yet known, 1 matches, 2 does not. */
static bool id_matches(const RunSet *rs, uint32_t id, const char *needle, uint8_t *memo)
{
    bool m;

    if (memo && memo[id])
        return memo[id] == 1;
    m = id != 0 && text_icontains(runset_str(rs, id), needle);
    if (memo)
        memo[id] = m ? 1 : 2;
    return m;
}

static bool run_matches(const RunSet *rs, size_t r, const char *needle, uint8_t *memo)
{
    const Run    *run = &rs->runs[r];
    const KeyVal *p = run->p_n ? rs->params + run->p_off : NULL;   /* NULL + 0 is undefined */

    if (id_matches(rs, run->name, needle, memo) || id_matches(rs, run->run_id, needle, memo)
        || id_matches(rs, run->user, needle, memo) || id_matches(rs, run->source, needle, memo)
        || id_matches(rs, run->flavour, needle, memo)
        || text_icontains(run_status_name(run->status), needle))
        return true;
    for (uint32_t i = 0; i < run->p_n; i++)
        if (id_matches(rs, p[i].value, needle, memo))
            return true;
    return false;
}

/* ---- sorting -------------------------------------------------------------- */

/* In this order whatever the direction: values, then NaN, then missing
 * (as MLflow's SQL store orders a metric sort). */
enum { CLS_NUM, CLS_STR, CLS_NAN, CLS_MISSING };

typedef struct SortItem {
    union {
        double      d;
        const char *s;
    } v[RUNTABLE_MAX_SORT];
    int64_t     start;
    const char *run_id;
    uint32_t    run;
    uint8_t     cls[RUNTABLE_MAX_SORT];
    uint8_t     n_keys, desc;   /* desc: bit k set when key k is descending */
} SortItem;

/* A whole string that strtod reads as a number (surrounding blanks allowed). */
static bool parse_number(const char *s, double *out)
{
    char *end;

    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return false;
    /* Quick rejection keeps strtod off ordinary words. */
    if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.' || *s == 'i'
          || *s == 'I' || *s == 'n' || *s == 'N'))
        return false;
    *out = strtod(s, &end);
    if (end == s)
        return false;
    while (*end == ' ' || *end == '\t')
        end++;
    return *end == '\0';
}

static void key_string(SortItem *it, int k, const RunSet *rs, uint32_t id)
{
    if (id == 0 || id == UINT32_MAX) {
        it->cls[k] = CLS_MISSING;
    } else {
        it->cls[k] = CLS_STR;
        it->v[k].s = runset_str(rs, id);
    }
}

static void key_number(SortItem *it, int k, double d)
{
    it->cls[k] = isnan(d) ? CLS_NAN : CLS_NUM;
    it->v[k].d = d;
}

static void extract(SortItem *it, int k, const RunSet *rs, uint32_t r, Column c)
{
    const Run *run = &rs->runs[r];
    uint32_t   v;
    double     d;

    it->cls[k] = CLS_MISSING;
    switch (c.kind) {
    case COL_METRIC: {
        const MetricVal *m = runset_metric(rs, r, c.id);

        if (m)
            key_number(it, k, m->value);
        return;
    }
    case COL_PARAM:
    case COL_TAG:
        v = c.kind == COL_PARAM ? runset_param(rs, r, c.id) : runset_tag(rs, r, c.id);
        if (v == UINT32_MAX)
            return;
        if (parse_number(runset_str(rs, v), &d))
            key_number(it, k, d);
        else
            key_string(it, k, rs, v);
        return;
    case COL_ATTR:
        break;
    }
    switch ((AttrId)c.id) {
    case ATTR_NAME:       key_string(it, k, rs, run->name); break;
    case ATTR_RUN_ID:     key_string(it, k, rs, run->run_id); break;
    case ATTR_USER:       key_string(it, k, rs, run->user); break;
    case ATTR_SOURCE:     key_string(it, k, rs, run->source); break;
    case ATTR_MODEL:      key_string(it, k, rs, run->flavour); break;
    case ATTR_EXPERIMENT: key_string(it, k, rs, run->experiment_id); break;
    case ATTR_STATUS:
        if (run->status != RUN_STATUS_UNKNOWN) {
            it->cls[k] = CLS_STR;
            it->v[k].s = run_status_name(run->status);
        }
        break;
    case ATTR_LIFECYCLE:
        if (run->lifecycle != LIFE_UNKNOWN) {
            it->cls[k] = CLS_STR;
            it->v[k].s = lifecycle_name(run->lifecycle);
        }
        break;
    case ATTR_START:
        if (run->start_time != TIME_NONE)
            key_number(it, k, (double)run->start_time);
        break;
    case ATTR_END:
        if (run->end_time != TIME_NONE)
            key_number(it, k, (double)run->end_time);
        break;
    case ATTR_DURATION:
        if (run->start_time != TIME_NONE && run->end_time != TIME_NONE
            && run->end_time >= run->start_time)
            key_number(it, k, (double)(run->end_time - run->start_time));
        break;
    case ATTR__COUNT:
        break;
    }
}

static int cmp_items(const void *pa, const void *pb)
{
    const SortItem *a = pa, *b = pb;
    int             r;

    for (int k = 0; k < a->n_keys; k++) {
        int ca = a->cls[k], cb = b->cls[k];

        if (ca >= CLS_NAN || cb >= CLS_NAN) {
            if (ca == cb)
                continue;
            return ca > cb ? 1 : -1;             /* last, whatever the direction */
        }
        if (ca != cb)
            r = ca < cb ? -1 : 1;                /* numbers before strings */
        else if (ca == CLS_NUM)
            r = (a->v[k].d > b->v[k].d) - (a->v[k].d < b->v[k].d);
        else
            r = strcmp(a->v[k].s, b->v[k].s);
        if (r)
            return (a->desc >> k & 1) ? -r : r;
    }
    if (a->start != b->start)
        return a->start > b->start ? -1 : 1;     /* newest first; TIME_NONE last */
    r = strcmp(a->run_id, b->run_id);
    if (r)
        return r;
    return (a->run > b->run) - (a->run < b->run);
}

/* One numeric key (sorting by a metric, the common case): no comparisons.
 * Every row becomes a pair of 64-bit keys whose unsigned order is the order
 * cmp_items gives — the value's (numbers in the direction asked, then NaN,
 * then missing) and the start time's (newest first) — and an LSD radix sort,
 * stable, orders the rows by value then start. Rows still tied on both (the
 * same value at the same millisecond) are ordered by run id, then row, as
 * cmp_items does. */
typedef struct RadixItem {
    uint64_t k;      /* the value's key */
    uint64_t s;      /* the start time's key */
    uint32_t run;
} RadixItem;

#define KEY_NAN     (UINT64_MAX - 1)
#define KEY_MISSING UINT64_MAX

/* d's bits as an unsigned key in d's order (-inf lowest, +inf highest; -0
 * is 0, as == has it); desc reverses it. NaN is not given here. Either way
 * the keys of numbers stay below KEY_NAN: +inf maps to 0xfff0000000000000
 * ascending, -inf to the same descending. */
static uint64_t value_key(double d, bool desc)
{
    uint64_t u;

    if (d == 0)
        d = 0.0;
    memcpy(&u, &d, sizeof u);
    u = u >> 63 ? ~u : u | (UINT64_C(1) << 63);
    return desc ? ~u : u;
}

/* Newest first: the int64's order, reversed. */
static uint64_t start_key(int64_t start)
{
    return ~((uint64_t)start ^ (UINT64_C(1) << 63));
}

static int cmp_tied(const RadixItem *a, const RadixItem *b, const RunSet *rs)
{
    int r = strcmp(runset_str(rs, rs->runs[a->run].run_id),
                   runset_str(rs, rs->runs[b->run].run_id));

    return r ? r : (a->run > b->run) - (a->run < b->run);
}

typedef struct TiedItem {
    const char *run_id;
    uint32_t    run;
} TiedItem;

static int cmp_tied_items(const void *pa, const void *pb)
{
    const TiedItem *a = pa, *b = pb;
    int             r = strcmp(a->run_id, b->run_id);

    return r ? r : (a->run > b->run) - (a->run < b->run);
}

/* Rows tied on both keys (all with the same k and s): usually two or three,
 * sorted in place; a large group (runs without the value or a start time)
 * through qsort. */
static void sort_tied(RadixItem *it, size_t n, const RunSet *rs)
{
    TiedItem *ti;

    if (n > 16 && (ti = malloc(n * sizeof *ti))) {
        for (size_t i = 0; i < n; i++)
            ti[i] = (TiedItem){ runset_str(rs, rs->runs[it[i].run].run_id), it[i].run };
        qsort(ti, n, sizeof *ti, cmp_tied_items);
        for (size_t i = 0; i < n; i++)
            it[i].run = ti[i].run;
        free(ti);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        RadixItem x = it[i];
        size_t    j = i;

        for (; j > 0 && cmp_tied(&it[j - 1], &x, rs) > 0; j--)
            it[j] = it[j - 1];
        it[j] = x;
    }
}

/* LSD radix sort of n items on (k, s), 8 bits a pass; a pass whose digit is
 * the same in every item is skipped. Returns the sorted array (a or tmp). */
static RadixItem *radix_sort(RadixItem *a, RadixItem *tmp, size_t n)
{
    static const int field_of[16] = { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 };
    size_t (*count)[256] = calloc(16, sizeof *count);

    if (!count)
        return NULL;
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++) {
            count[b][a[i].s >> (8 * b) & 0xff]++;
            count[8 + b][a[i].k >> (8 * b) & 0xff]++;
        }
    for (int p = 0; p < 16; p++) {
        uint64_t  first = field_of[p] ? a[0].s : a[0].k;
        int       shift = 8 * (p & 7);
        size_t    sum = 0, *c = count[p];
        RadixItem *t;

        if (c[first >> shift & 0xff] == n)
            continue;   /* every item has this digit */
        for (int d = 0; d < 256; d++) {
            size_t x = c[d];
            c[d] = sum;
            sum += x;
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t v = field_of[p] ? a[i].s : a[i].k;
            tmp[c[v >> shift & 0xff]++] = a[i];
        }
        t = a;
        a = tmp;
        tmp = t;
    }
    free(count);
    return a;
}

/* Sorts by one key when every value is a number, NaN or missing; false
 * (nothing done) when a string turns up or memory runs out. */
static bool sort_rows_numeric(RunTable *t)
{
    const RunSet *rs = t->rs;
    size_t        n = t->n_rows;
    RadixItem    *items = malloc(2 * n * sizeof *items), *sorted;
    bool          desc = t->sort[0].desc;
    SortItem      it;

    if (!items)
        return false;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = t->rows[i];

        extract(&it, 0, rs, r, t->sort[0].col);
        if (it.cls[0] == CLS_STR) {
            free(items);
            return false;
        }
        items[i].k = it.cls[0] == CLS_NUM ? value_key(it.v[0].d, desc)
                   : it.cls[0] == CLS_NAN ? KEY_NAN : KEY_MISSING;
        items[i].s = start_key(rs->runs[r].start_time);
        items[i].run = r;
    }
    if (!(sorted = radix_sort(items, items + n, n))) {
        free(items);
        return false;
    }
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && sorted[j].k == sorted[i].k && sorted[j].s == sorted[i].s; j++)
            ;
        if (j - i > 1)
            sort_tied(sorted + i, j - i, rs);
        t->rows[i] = sorted[i].run;
        for (size_t m = i + 1; m < j; m++)
            t->rows[m] = sorted[m].run;
    }
    free(items);
    return true;
}

static void sort_rows(RunTable *t)
{
    const RunSet *rs = t->rs;
    SortItem     *items;
    uint8_t       desc = 0;

    if (t->n_sort <= 0 || t->n_rows < 2)
        return;
    if (t->n_sort == 1 && sort_rows_numeric(t))
        return;
    items = malloc(t->n_rows * sizeof *items);
    if (!items)
        return;  /* out of memory: the rows stay in server order */
    for (int k = 0; k < t->n_sort; k++)
        if (t->sort[k].desc)
            desc |= (uint8_t)(1u << k);
    for (size_t i = 0; i < t->n_rows; i++) {
        SortItem  *it = &items[i];
        uint32_t   r = t->rows[i];
        const Run *run = &rs->runs[r];

        it->run = r;
        it->start = run->start_time;
        it->run_id = runset_str(rs, run->run_id);
        it->n_keys = (uint8_t)t->n_sort;
        it->desc = desc;
        for (int k = 0; k < t->n_sort; k++)
            extract(it, k, rs, r, t->sort[k].col);
    }
    qsort(items, t->n_rows, sizeof *items, cmp_items);
    for (size_t i = 0; i < t->n_rows; i++)
        t->rows[i] = items[i].run;
    free(items);
}

void runtable_sort_by(RunTable *t, Column c, bool desc)
{
    t->sort[0] = (SortKey){ .col = c, .desc = desc };
    t->n_sort = 1;
}

void runtable_refresh(RunTable *t)
{
    const RunSet *rs = t->rs;
    size_t        n = rs->n_runs;
    uint8_t      *memo = NULL;

    if (rs->building >= 0)
        n = (size_t)rs->building;  /* a run half built is not shown */
    if (n > t->cap_rows) {
        uint32_t *rows = realloc(t->rows, n * sizeof *rows);

        if (!rows) {
            t->n_rows = 0;  /* out of memory: show nothing rather than stale indices */
            return;
        }
        t->rows = rows;
        t->cap_rows = n;
    }
    t->n_rows = 0;
    if (t->quick)
        memo = calloc(strpool_count(rs->pool), 1);  /* NULL only costs speed */
    for (size_t r = 0; r < n; r++)
        if (!t->quick || run_matches(rs, r, t->quick, memo))
            t->rows[t->n_rows++] = (uint32_t)r;
    free(memo);
    sort_rows(t);
}

void runtable_carry_columns(RunTable *nt, const RunTable *old, const RunSet *ors)
{
    char name[512];
    Column c;

    for (size_t i = 0; i < old->n_hidden; i++) {
        column_name(ors, old->hidden[i], name, sizeof name);
        if (!runtable_parse_column(nt->rs, name, &c))
            continue;
        for (size_t j = 1; j < nt->n_cols; j++)
            if (column_equal(nt->cols[j], c)) {
                runtable_col_hide(nt, j);
                break;
            }
    }
    for (size_t i = 1; i < old->n_cols; i++) {
        bool shown = false;
        column_name(ors, old->cols[i], name, sizeof name);
        if (!runtable_parse_column(nt->rs, name, &c))
            continue;
        for (size_t j = 0; j < nt->n_cols && !shown; j++)
            shown = column_equal(nt->cols[j], c);
        if (!shown)
            runtable_col_show(nt, c, nt->n_cols);
    }
}
