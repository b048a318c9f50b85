/* plot.c — see plot.h. */
#include "core/plot.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/format.h"

/* ---- axes ---- */

static bool present(double v)
{
    return isfinite(v) && v < DBL_MAX && v > -DBL_MAX;
}

bool plot_parse_number(const char *s, double *out)
{
    char *end;
    double v;

    if (!s || !*s)
        return false;
    v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (end == s || *end)
        return false;
    *out = v;
    return true;
}

double plot_nice_step(double range, int max_ticks)
{
    double raw, mag, f;

    if (!(range > 0) || max_ticks < 1)
        return 1;
    if (!isfinite(range))
        range = DBL_MAX;
    raw = range / max_ticks;
    mag = pow(10, floor(log10(raw)));
    if (!(mag > 0) || !isfinite(mag))    /* raw near the smallest denormals */
        return raw > 0 ? raw : range;
    f = raw / mag;
    if (f <= 1)
        return mag;
    if (f <= 2)
        return 2 * mag;
    if (f <= 5)
        return 5 * mag;
    return 10 * mag;
}

static int add_tick(PlotAxis *ax, double pos, const char *label, size_t *cap)
{
    if (ax->n_ticks == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        PlotTick *t = realloc(ax->ticks, nc * sizeof *t);
        if (!t)
            return -1;
        ax->ticks = t;
        *cap = nc;
    }
    ax->ticks[ax->n_ticks].pos = pos;
    snprintf(ax->ticks[ax->n_ticks].label, sizeof ax->ticks[0].label, "%s", label);
    ax->n_ticks++;
    return 0;
}

static double scaled(const PlotAxis *ax, double v)
{
    return ax->kind == AXIS_LOG ? log10(v) : v;
}

/* (v - a) / (b - a) without overflow: with a span past DBL_MAX (say -1e308 to
 * 1e308) the halves are subtracted instead. NaN when the span is empty. */
static double frac(double v, double a, double b)
{
    double d = b - a;

    if (isfinite(d))
        return (v - a) / d;
    return (v / 2 - a / 2) / (b / 2 - a / 2);
}

double plot_axis_pos(const PlotAxis *ax, double v)
{
    double p;

    if (!present(v) || ax->kind == AXIS_CATEGORICAL || (ax->kind == AXIS_LOG && v <= 0))
        return PLOT_MISSING;
    p = frac(scaled(ax, v), scaled(ax, ax->lo), scaled(ax, ax->hi));
    if (isnan(p))
        return PLOT_MISSING;
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

double plot_axis_value(const PlotAxis *ax, double p)
{
    /* a (1 - p) + b p stays finite for finite a and b, unlike a + p (b - a). */
    double a = scaled(ax, ax->lo), b = scaled(ax, ax->hi), s = a * (1 - p) + b * p;
    return ax->kind == AXIS_LOG ? pow(10, s) : s;
}

/* Ticks at the data ends only: for spans no "nice" step can walk. */
static int end_ticks(PlotAxis *ax, size_t *cap)
{
    char buf[64];

    if (add_tick(ax, 0, fmt_metric(ax->lo, buf, sizeof buf), cap) != 0)
        return -1;
    return add_tick(ax, 1, fmt_metric(ax->hi, buf, sizeof buf), cap);
}

/* Ticks at the multiples k * step inside [lo, hi]. The multiples are counted
 * by an integer, never by adding step to a running value: near 1e17 a step
 * of 5 is below the spacing of doubles, and t += step would never move. */
static int linear_ticks(PlotAxis *ax, size_t *cap)
{
    double range = ax->hi - ax->lo, step, k0, k1, prev = NAN;
    char buf[64];

    if (!isfinite(range))
        range = DBL_MAX;    /* a span past DBL_MAX: the step need only be about right */
    step = plot_nice_step(range, 5);
    if (!(step > 0) || !isfinite(step))
        return end_ticks(ax, cap);
    k0 = ceil(ax->lo / step - 1e-9);
    k1 = floor(ax->hi / step + 1e-9);
    if (!isfinite(k0) || !isfinite(k1) || k1 < k0 || k1 - k0 > PLOT_MAX_TICKS)
        return end_ticks(ax, cap);
    for (int i = 0; i <= (int)(k1 - k0); i++) {
        double t = (k0 + i) * step, v = fabs(t) < step * 1e-9 ? 0 : t;
        if (v == prev)
            continue;    /* no two ticks at one double */
        prev = v;
        if (add_tick(ax, plot_axis_pos(ax, v), fmt_metric(v, buf, sizeof buf), cap) != 0)
            return -1;
    }
    return ax->n_ticks ? 0 : end_ticks(ax, cap);
}

static int log_ticks(PlotAxis *ax, size_t *cap)
{
    double a = floor(log10(ax->lo)), b = ceil(log10(ax->hi));
    char buf[64];
    /* Under two decades the 2 and 5 multiples help; over eight, every other
     * power, and over 32 about 16 powers in all. */
    static const double few[] = { 1, 2, 5 }, one[] = { 1 };
    const double *mult = b - a <= 2 ? few : one;
    int n_mult = b - a <= 2 ? 3 : 1, every = b - a > 32 ? (int)ceil((b - a) / 16)
                                            : b - a > 8 ? 2 : 1;

    /* lo and hi are finite and > 0, so a and b lie in [-324, 309]. */
    if (!isfinite(a) || !isfinite(b))
        return end_ticks(ax, cap);
    for (int e = (int)a; e <= (int)b; e += every)
        for (int i = 0; i < n_mult; i++) {
            double v = mult[i] * pow(10, e);
            if (v < ax->lo * (1 - 1e-9) || v > ax->hi * (1 + 1e-9))
                continue;
            if (add_tick(ax, plot_axis_pos(ax, v), fmt_metric(v, buf, sizeof buf), cap) != 0)
                return -1;
        }
    return ax->n_ticks ? 0 : end_ticks(ax, cap);
}

int plot_axis_numeric(PlotAxis *ax, const double *v, size_t n, bool want_log)
{
    size_t cap = 0, n_present = 0;
    bool positive = true;

    memset(ax, 0, sizeof *ax);
    ax->kind = AXIS_LINEAR;
    ax->dmin = INFINITY;
    ax->dmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (!present(v[i])) {
            ax->n_missing++;
            continue;
        }
        n_present++;
        if (v[i] < ax->dmin) ax->dmin = v[i];
        if (v[i] > ax->dmax) ax->dmax = v[i];
        if (v[i] <= 0)
            positive = false;
    }
    if (n_present == 0) {
        ax->dmin = ax->dmax = NAN;
        ax->lo = 0;
        ax->hi = 1;
        if (want_log)
            snprintf(ax->note, sizeof ax->note, "no values");
        return 0;
    }
    ax->lo = ax->dmin;
    ax->hi = ax->dmax;
    if (want_log && positive) {
        ax->kind = AXIS_LOG;
        if (ax->lo == ax->hi) {
            /* Widen by a factor of 2 each way where that stays a positive
             * finite double (not for 5e-324 or 1.7e308). */
            if (ax->lo / 2 > 0)
                ax->lo /= 2;
            if (ax->hi <= DBL_MAX / 2)
                ax->hi *= 2;
        }
        return log_ticks(ax, &cap);
    }
    if (want_log)
        snprintf(ax->note, sizeof ax->note, "log scale needs values > 0: linear");
    if (ax->lo == ax->hi) {
        /* Half the value each way; 0.5 for zero and denormals (half of
         * those may round back to the value itself). */
        double d = fabs(ax->lo) >= DBL_MIN ? fabs(ax->lo) * 0.5 : 0.5;
        ax->lo = fmax(ax->lo - d, -DBL_MAX);
        ax->hi = fmin(ax->hi + d, DBL_MAX);
    }
    return linear_ticks(ax, &cap);
}

static int cmp_cat_num(const void *a, const void *b)
{
    double x = strtod(*(const char *const *)a, NULL), y = strtod(*(const char *const *)b, NULL);
    /* "nan" parses too: NaNs after every number, so the order stays total
     * (qsort needs a consistent comparison). */
    if (isnan(x) != isnan(y))
        return isnan(x) ? 1 : -1;
    if (!isnan(x) && x != y)
        return x < y ? -1 : 1;
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_cat_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int plot_axis_categorical(PlotAxis *ax, const char *const *s, size_t n)
{
    const char **tmp;
    size_t m = 0, cap = 0;
    bool all_num = true;
    double d;

    memset(ax, 0, sizeof *ax);
    ax->kind = AXIS_CATEGORICAL;
    ax->dmin = ax->dmax = NAN;
    ax->lo = 0;
    ax->hi = 1;
    tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!s[i]) {
            ax->n_missing++;
            continue;
        }
        tmp[m++] = s[i];
        if (!plot_parse_number(s[i], &d))
            all_num = false;
    }
    qsort(tmp, m, sizeof *tmp, all_num ? cmp_cat_num : cmp_cat_str);
    ax->cats = malloc((m ? m : 1) * sizeof *ax->cats);
    if (!ax->cats) {
        free(tmp);
        return -1;
    }
    for (size_t i = 0; i < m; i++)
        if (ax->n_cats == 0 || strcmp(ax->cats[ax->n_cats - 1], tmp[i]) != 0) {
            ax->cats[ax->n_cats] = strdup(tmp[i]);
            if (!ax->cats[ax->n_cats]) {
                free(tmp);
                return -1;
            }
            ax->n_cats++;
        }
    free(tmp);
    for (size_t i = 0; i < ax->n_cats; i++) {
        double p = ax->n_cats == 1 ? 0.5 : (double)i / (double)(ax->n_cats - 1);
        if (add_tick(ax, p, ax->cats[i], &cap) != 0)
            return -1;
    }
    return 0;
}

double plot_axis_pos_cat(const PlotAxis *ax, const char *s)
{
    size_t lo = 0, hi = ax->n_cats;
    bool num = true;
    double d;

    if (!s || ax->kind != AXIS_CATEGORICAL || ax->n_cats == 0)
        return PLOT_MISSING;
    /* The categories are sorted: binary search with the axis' own order. */
    for (size_t i = 0; i < ax->n_cats && num; i++)
        num = plot_parse_number(ax->cats[i], &d);
    if (!num) {
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = strcmp(ax->cats[mid], s);
            if (c == 0)
                return ax->n_cats == 1 ? 0.5 : (double)mid / (double)(ax->n_cats - 1);
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return PLOT_MISSING;
    }
    for (size_t i = 0; i < ax->n_cats; i++)
        if (strcmp(ax->cats[i], s) == 0)
            return ax->n_cats == 1 ? 0.5 : (double)i / (double)(ax->n_cats - 1);
    return PLOT_MISSING;
}

void plot_axis_free(PlotAxis *ax)
{
    for (size_t i = 0; i < ax->n_cats; i++)
        free(ax->cats[i]);
    free(ax->cats);
    free(ax->ticks);
    memset(ax, 0, sizeof *ax);
}

const char *plot_axis_kind_name(AxisKind k)
{
    switch (k) {
    case AXIS_LINEAR: return "linear";
    case AXIS_LOG: return "log";
    default: return "categorical";
    }
}

/* ---- dimensions ---- */

static bool attr_numeric(Column c)
{
    return c.kind == COL_ATTR && (c.id == ATTR_START || c.id == ATTR_END ||
                                  c.id == ATTR_DURATION);
}

static double attr_value(const RunSet *rs, size_t r, Column c)
{
    const Run *run = &rs->runs[r];

    switch ((AttrId)c.id) {
    case ATTR_START:
        return run->start_time == TIME_NONE ? NAN : run->start_time / 1000.0;
    case ATTR_END:
        return run->end_time == TIME_NONE ? NAN : run->end_time / 1000.0;
    case ATTR_DURATION:
        return run->start_time == TIME_NONE || run->end_time == TIME_NONE
                   ? NAN : (run->end_time - run->start_time) / 1000.0;
    default:
        return NAN;
    }
}

static const char *attr_text(const RunSet *rs, size_t r, Column c)
{
    const Run *run = &rs->runs[r];
    const char *s = NULL;

    switch ((AttrId)c.id) {
    case ATTR_NAME:       s = runset_str(rs, run->name); break;
    case ATTR_RUN_ID:     s = runset_str(rs, run->run_id); break;
    case ATTR_STATUS:     s = run_status_name(run->status); break;
    case ATTR_USER:       s = runset_str(rs, run->user); break;
    case ATTR_SOURCE:     s = runset_str(rs, run->source); break;
    case ATTR_MODEL:      s = runset_str(rs, run->flavour); break;
    case ATTR_LIFECYCLE:  s = run->lifecycle == LIFE_DELETED ? "deleted" : "active"; break;
    case ATTR_EXPERIMENT: s = runset_str(rs, run->experiment_id); break;
    default: break;
    }
    return s && *s ? s : NULL;
}

int plot_dim_build(PlotDim *d, const RunSet *rs, const uint32_t *rows, size_t n, Column c,
                   PlotScale scale)
{
    size_t m = n ? n : 1;
    int rc;

    memset(d, 0, sizeof *d);
    d->col = c;
    d->scale = scale;
    column_title(rs, c, d->name, sizeof d->name);
    d->val = malloc(m * sizeof *d->val);
    d->str = calloc(m, sizeof *d->str);
    d->pos = malloc(m * sizeof *d->pos);
    if (!d->val || !d->str || !d->pos) {
        plot_dim_free(d);
        return -1;
    }
    d->numeric = true;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows[i];
        d->val[i] = NAN;
        if (c.kind == COL_METRIC) {
            const MetricVal *mv = runset_metric(rs, r, c.id);
            if (mv)
                d->val[i] = mv->value;
        } else if (attr_numeric(c)) {
            d->val[i] = attr_value(rs, r, c);
        } else {
            uint32_t v = UINT32_MAX;
            if (c.kind == COL_PARAM)
                v = runset_param(rs, r, c.id);
            else if (c.kind == COL_TAG)
                v = runset_tag(rs, r, c.id);
            d->str[i] = c.kind == COL_ATTR ? attr_text(rs, r, c)
                        : v == UINT32_MAX ? NULL : runset_str(rs, v);
            if (d->str[i] && !plot_parse_number(d->str[i], &d->val[i]))
                d->numeric = false;
        }
    }
    if (c.kind == COL_METRIC || attr_numeric(c)) {
        if (scale == SCALE_CATEGORICAL)
            scale = SCALE_LINEAR;
    } else if (!d->numeric || scale == SCALE_AUTO) {
        scale = SCALE_CATEGORICAL;
    }
    if (scale == SCALE_AUTO)
        scale = SCALE_LINEAR;
    d->scale = scale;
    if (scale == SCALE_CATEGORICAL) {
        rc = plot_axis_categorical(&d->axis, d->str, n);
        for (size_t i = 0; rc == 0 && i < n; i++)
            d->pos[i] = plot_axis_pos_cat(&d->axis, d->str[i]);
    } else {
        rc = plot_axis_numeric(&d->axis, d->val, n, scale == SCALE_LOG);
        for (size_t i = 0; rc == 0 && i < n; i++)
            d->pos[i] = plot_axis_pos(&d->axis, d->val[i]);
    }
    if (rc != 0)
        plot_dim_free(d);
    return rc;
}

void plot_dim_free(PlotDim *d)
{
    plot_axis_free(&d->axis);
    free(d->val);
    free(d->str);
    free(d->pos);
    d->val = NULL;
    d->str = NULL;
    d->pos = NULL;
}

PlotScale plot_dim_next_scale(const PlotDim *d)
{
    if (d->col.kind == COL_METRIC || attr_numeric(d->col))
        return d->scale == SCALE_LOG ? SCALE_LINEAR : SCALE_LOG;
    if (!d->numeric)
        return SCALE_CATEGORICAL;
    switch (d->scale) {
    case SCALE_CATEGORICAL: return SCALE_LINEAR;
    case SCALE_LINEAR: return SCALE_LOG;
    default: return SCALE_CATEGORICAL;
    }
}

/* ---- colour ---- */

/* viridis at t = 0, 1/8, ..., 1 */
static const PlotRgba ramp_pts[9] = {
    0x440154ff, 0x472d7bff, 0x3b528bff, 0x2c728eff, 0x21918cff,
    0x28ae80ff, 0x5ec962ff, 0xaddc30ff, 0xfde725ff,
};

PlotRgba plot_ramp(double t)
{
    double f;
    int i;
    PlotRgba a, b, out = 0xff;

    if (isnan(t))
        return PLOT_GREY;
    if (t <= 0)
        return ramp_pts[0];
    if (t >= 1)
        return ramp_pts[8];
    f = t * 8;
    i = (int)f;
    f -= i;
    a = ramp_pts[i];
    b = ramp_pts[i + 1];
    for (int sh = 24; sh >= 8; sh -= 8) {
        double ca = (a >> sh) & 0xff, cb = (b >> sh) & 0xff;
        out |= (PlotRgba)lround(ca + (cb - ca) * f) << sh;
    }
    return out;
}

int plot_rgb_xterm(PlotRgba c)
{
    static const int level[6] = { 0, 95, 135, 175, 215, 255 };
    int idx[3];

    for (int k = 0; k < 3; k++) {
        int v = (int)((c >> (24 - 8 * k)) & 0xff), best = 0;
        for (int j = 1; j < 6; j++)
            if (abs(level[j] - v) < abs(level[best] - v))
                best = j;
        idx[k] = best;
    }
    return 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
}

int plot_ramp_xterm(double t)
{
    return plot_rgb_xterm(plot_ramp(t));
}

PlotRgba plot_series_color(int i)
{
    /* Tableau 10: distinct hues, readable on white and on dark terminals. */
    static const PlotRgba pal[10] = {
        0x4e79a7ff, 0xf28e2bff, 0xe15759ff, 0x76b7b2ff, 0x59a14fff,
        0xedc948ff, 0xb07aa1ff, 0xff9da7ff, 0x9c755fff, 0xbab0acff,
    };
    return pal[(i % 10 + 10) % 10];
}

void plot_default_filename(const char *kind, long long t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char stamp[32] = "0";

    if (localtime_r(&tt, &tm))
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(buf, size, "mltui-%s-%s.png", kind, stamp);
}

RunSet *plot_copy_runs(const RunSet *src, const uint32_t *rows, size_t n)
{
    RunSet *rs = runset_new();

    for (size_t i = 0; rs && i < n; i++) {
        const Run *r = &src->runs[rows[i]];
        RunInfoIn in = {
            .run_id = runset_str(src, r->run_id), .run_name = runset_str(src, r->name),
            .experiment_id = runset_str(src, r->experiment_id),
            .user_id = runset_str(src, r->user), .artifact_uri = runset_str(src, r->artifact_uri),
            .status = r->status, .lifecycle = r->lifecycle, .start_time = r->start_time,
            .end_time = r->end_time,
        };
        int rc = runset_begin_run(rs, &in);
        for (uint32_t j = 0; rc == 0 && j < r->m_n; j++) {
            const MetricVal *m = &src->metrics[r->m_off + j];
            rc = runset_add_metric(rs, runset_str(src, m->key), m->value, m->step);
        }
        for (uint32_t j = 0; rc == 0 && j < r->p_n; j++)
            rc = runset_add_param(rs, runset_str(src, src->params[r->p_off + j].key),
                                  runset_str(src, src->params[r->p_off + j].value));
        for (uint32_t j = 0; rc == 0 && j < r->t_n; j++)
            rc = runset_add_tag(rs, runset_str(src, src->tags[r->t_off + j].key),
                                runset_str(src, src->tags[r->t_off + j].value));
        if (rc == 0 && r->flavour)
            rc = runset_set_flavour(rs, runset_str(src, r->flavour));
        if (rc == 0)
            rc = runset_end_run(rs);
        if (rc != 0) {
            runset_free(rs);
            return NULL;
        }
    }
    return rs;
}
