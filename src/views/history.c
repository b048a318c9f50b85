/* history.c — one metric over steps (or relative wall time, X toggles) for
 * up to 10 runs, overlaid in distinct colours with a legend giving each
 * run's min, max and last value. Histories come from metrics/get-history
 * (api_metric_history pages by itself) and stay in histcache, so reopening
 * costs nothing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/histcache.h"
#include "core/text.h"
#include "render/plot_png.h"
#include "views/plots.h"
#include "views/viewtab.h"
#include "widgets/canvas_braille.h"
#include "widgets/draw.h"

#define MAX_SERIES 10

typedef struct HistoryView {
    PlotViewBase pb;
    RunSet      *rs;
    size_t       n;
    char         key[256];
    bool         wall, log_y;
    size_t       cursor;
    int          pending;
    double      *xs[MAX_SERIES], *ys[MAX_SERIES];
    size_t       ns[MAX_SERIES];
    PlotAxis     ax, ay;
    bool         built;
    char         title[400];
    Braille     *br;
    bool         following;   /* some of the runs are running: re-read every FOLLOW_MS */
    int64_t      follow_next;
} HistoryView;

#define FOLLOW_MS 5000

static bool is_running(const Run *r)
{
    return r->status == RUN_RUNNING || r->status == RUN_SCHEDULED;
}

static const char *run_id(const HistoryView *hv, size_t i)
{
    return runset_str(hv->rs, hv->rs->runs[i].run_id);
}

static void unbuild(HistoryView *hv)
{
    for (size_t i = 0; i < MAX_SERIES; i++) {
        free(hv->xs[i]);
        free(hv->ys[i]);
        hv->xs[i] = hv->ys[i] = NULL;
        hv->ns[i] = 0;
    }
    if (hv->built) {
        plot_axis_free(&hv->ax);
        plot_axis_free(&hv->ay);
    }
    hv->built = false;
}

static void build(HistoryView *hv)
{
    size_t total = 0, k = 0;
    double *ax, *ay;

    if (hv->built)
        return;
    unbuild(hv);
    for (size_t i = 0; i < hv->n; i++) {
        const MetricHistory *h = histcache_get(run_id(hv, i), hv->key);
        int64_t t0 = INT64_MAX;
        if (!h || h->n == 0)
            continue;
        hv->xs[i] = malloc(h->n * sizeof *hv->xs[i]);
        hv->ys[i] = malloc(h->n * sizeof *hv->ys[i]);
        if (!hv->xs[i] || !hv->ys[i])
            continue;
        for (size_t j = 0; j < h->n; j++)
            if (h->pts[j].timestamp < t0)
                t0 = h->pts[j].timestamp;
        /* Points in step order (the server's order is by step already, mostly). */
        for (size_t j = 0; j < h->n; j++) {
            /* in doubles: server timestamps may be any int64, and their
             * difference need not fit one */
            hv->xs[i][j] = hv->wall ? ((double)h->pts[j].timestamp - (double)t0) / 1000.0
                                    : (double)h->pts[j].step;
            hv->ys[i][j] = h->pts[j].value;
        }
        hv->ns[i] = h->n;
        total += h->n;
    }
    ax = malloc((total ? total : 1) * sizeof *ax);
    ay = malloc((total ? total : 1) * sizeof *ay);
    if (ax && ay) {
        for (size_t i = 0; i < hv->n; i++)
            for (size_t j = 0; j < hv->ns[i]; j++) {
                ax[k] = hv->xs[i][j];
                ay[k++] = hv->ys[i][j];
            }
        if (plot_axis_numeric(&hv->ax, ax, total, false) == 0) {
            if (plot_axis_numeric(&hv->ay, ay, total, hv->log_y) == 0)
                hv->built = true;
            else
                plot_axis_free(&hv->ax);
        }
    }
    free(ax);
    free(ay);
}

static void stats(const HistoryView *hv, size_t i, double *mn, double *mx, double *last)
{
    *mn = INFINITY;
    *mx = -INFINITY;
    *last = NAN;
    for (size_t j = 0; j < hv->ns[i]; j++) {
        double v = hv->ys[i][j];
        if (!isnan(v)) {
            if (v < *mn) *mn = v;
            if (v > *mx) *mx = v;
        }
    }
    if (hv->ns[i]) {
        /* "last" is the value at the highest step. */
        size_t best = 0;
        const MetricHistory *h = histcache_get(run_id(hv, i), hv->key);
        for (size_t j = 1; h && j < h->n; j++)
            if (h->pts[j].step > h->pts[best].step ||
                (h->pts[j].step == h->pts[best].step && h->pts[j].timestamp >= h->pts[best].timestamp))
                best = j;
        *last = hv->ys[i][best];
    }
}

/* Positions are in [0, 1] (plot_axis_pos); anything else is clamped first. */
static double unit(double pos) { return pos >= 0 ? (pos <= 1 ? pos : 1) : 0; }
static int dot_x(const Braille *b, double pos) { return (int)lround(unit(pos) * (2 * b->cols - 1)); }
static int dot_y(const Braille *b, double pos)
{
    return (int)lround((1 - unit(pos)) * (4 * b->rows - 1));
}

static void draw_series(HistoryView *hv, size_t i, uint8_t slot)
{
    int px = 0, py = 0;
    bool have = false;

    for (size_t j = 0; j < hv->ns[i]; j++) {
        double qx = plot_axis_pos(&hv->ax, hv->xs[i][j]), qy = plot_axis_pos(&hv->ay, hv->ys[i][j]);
        if (qx == PLOT_MISSING || qy == PLOT_MISSING) {
            have = false;
            continue;
        }
        int x = dot_x(hv->br, qx), y = dot_y(hv->br, qy);
        if (have)
            braille_line(hv->br, px, py, x, y, slot);
        else
            braille_set(hv->br, x, y, slot);
        px = x;
        py = y;
        have = true;
    }
}

static void legend_line(HistoryView *hv, size_t i, WINDOW *w, int y, int x, int cols)
{
    char buf[300], a[32], b[32], c[32];
    double mn, mx, last;
    bool uni = braille_unicode_ok();
    int used = 0;

    wattrset(w, braille_attr((uint8_t)(BRAILLE_SERIES + i)));
    mvwaddstr(w, y, x, uni ? "━━" : "==");
    wattrset(w, A_NORMAL);
    used = 3;
    used += draw_text(w, y, x + used, runset_str(hv->rs, hv->rs->runs[i].name),
                      cols - used < 24 ? cols - used : 24, i == hv->cursor ? ROLE_CURSOR
                      : ROLE_PINNED, false);
    if (hv->ns[i] == 0) {
        const MetricHistory *h = histcache_get(run_id(hv, i), hv->key);
        draw_text(w, y, x + used + 1, h ? "no values" : "loading…", cols - used - 1, ROLE_DIM,
                  false);
        return;
    }
    stats(hv, i, &mn, &mx, &last);
    snprintf(buf, sizeof buf, " min %s  max %s  last %s  (%zu pt%s)", fmt_metric(mn, a, sizeof a),
             fmt_metric(mx, b, sizeof b), fmt_metric(last, c, sizeof c), hv->ns[i],
             hv->ns[i] == 1 ? "" : "s");
    draw_text(w, y, x + used, buf, cols - used, ROLE_NUMBER, false);
}

static void hv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    HistoryView *hv = (HistoryView *)v;
    char info[600];
    int lw = 9, legend_rows, ch, cw, y_chart = 1;

    (void)app;
    build(hv);
    snprintf(info, sizeof info, " History of %s  %zu run%s  x: %s  y: %s%s", hv->key, hv->n,
             hv->n == 1 ? "" : "s", hv->wall ? "seconds since start" : "step",
             hv->built ? plot_axis_kind_name(hv->ay.kind) : "linear",
             hv->pending ? "  loading…" : "");
    draw_text(w, 0, 0, info, cols, ROLE_SECTION, true);
    legend_rows = (int)hv->n;
    if (legend_rows > rows / 3)
        legend_rows = rows / 3 > 1 ? rows / 3 : 1;
    ch = rows - y_chart - 2 - legend_rows;
    cw = cols - lw - 1;
    for (int i = 0; i < legend_rows; i++) {
        size_t s = (size_t)i;
        /* Keep the cursor's series visible when not all fit. */
        if (hv->cursor >= (size_t)legend_rows)
            s = hv->cursor - (size_t)legend_rows + 1 + (size_t)i;
        legend_line(hv, s, w, rows - legend_rows + i, 1, cols - 2);
    }
    if (ch < 3 || cw < 10 || !hv->built)
        return;
    if (!hv->br || hv->br->cols != cw || hv->br->rows != ch) {
        braille_free(hv->br);
        hv->br = braille_new(cw, ch);
        if (!hv->br)
            return;
    }
    braille_clear(hv->br);
    braille_line(hv->br, 0, 0, 0, 4 * ch - 1, BRAILLE_DIM);
    for (size_t i = 0; i < hv->n; i++)
        if (i != hv->cursor)
            draw_series(hv, i, (uint8_t)(BRAILLE_SERIES + i));
    if (hv->cursor < hv->n)
        draw_series(hv, hv->cursor, (uint8_t)(BRAILLE_SERIES + hv->cursor));
    braille_draw(hv->br, w, y_chart, lw + 1);
    {
        unsigned char taken[512] = { 0 };
        for (size_t t = 0; t < hv->ay.n_ticks; t++) {
            int row = dot_y(hv->br, hv->ay.ticks[t].pos) / 4;
            if (row < 0 || row >= ch || row >= 512 || taken[row])
                continue;
            taken[row] = 1;
            draw_text_right(w, y_chart + row, 0, hv->ay.ticks[t].label, lw, ROLE_NUMBER);
        }
        int next = 0;
        for (size_t t = 0; t < hv->ax.n_ticks; t++) {
            char fit[64];
            int tw = text_fit(hv->ax.ticks[t].label, 12, fit, sizeof fit);
            int col = lw + 1 + dot_x(hv->br, hv->ax.ticks[t].pos) / 2 - tw / 2;
            if (col < lw + 1) col = lw + 1;
            if (col + tw > cols) col = cols - tw;
            if (col < next)
                continue;
            draw_text(w, y_chart + ch, col, fit, tw, ROLE_NUMBER, false);
            next = col + tw + 2;
        }
    }
    draw_text(w, y_chart + ch + 1, lw + 1 + cw / 2 - 6 > 0 ? lw + 1 + cw / 2 - 6 : 0,
              hv->wall ? "seconds since start" : "step", 20, ROLE_HEADER, false);
}

static void request(HistoryView *hv, App *app)
{
    for (size_t i = 0; i < hv->n; i++) {
        if (histcache_get(run_id(hv, i), hv->key))
            continue;
        uint64_t id = api_metric_history(app_api(app), hv->pb.base.id, hv->pb.base.gen,
                                         run_id(hv, i), hv->key);
        if (id) {
            hv->pending++;
            if (!hv->pb.base.req)
                hv->pb.base.req = id;
        }
    }
}

static void hv_start(View *v, App *app)
{
    HistoryView *hv = (HistoryView *)v;
    size_t running = 0;

    request(hv, app);
    for (size_t i = 0; i < hv->n; i++)
        running += is_running(&hv->rs->runs[i]);
    if (running) {
        hv->following = true;
        hv->follow_next = app_now_ms() + FOLLOW_MS;
        app_wake_at(app, hv->follow_next);
        app_message(app, "Following %zu running run%s: the history is read again every 5 s",
                    running, running == 1 ? "" : "s");
    }
}

/* Following running runs: every FOLLOW_MS their status (runs/get) and this
 * metric's history (into histcache, replacing the older one), one look at a
 * time; it stops once none runs. */
static int hv_tick(View *v, App *app, int64_t now)
{
    HistoryView *hv = (HistoryView *)v;

    if (!hv->following)
        return R_NONE;
    if (now >= hv->follow_next && hv->pending == 0) {
        for (size_t i = 0; i < hv->n; i++) {
            if (!is_running(&hv->rs->runs[i]))
                continue;
            if (api_metric_history(app_api(app), v->id, v->gen, run_id(hv, i), hv->key))
                hv->pending++;
            if (api_run_get(app_api(app), v->id, v->gen, run_id(hv, i)))
                hv->pending++;
        }
        hv->follow_next = now + FOLLOW_MS;
    }
    app_wake_at(app, hv->follow_next);
    return R_NONE;
}

static void hv_on_result(View *v, App *app, ApiResult *r)
{
    HistoryView *hv = (HistoryView *)v;

    if (r->kind == REQ_RUN_GET && r->final && hv->pending > 0)
        hv->pending--;
    if (r->kind == REQ_RUN_GET && r->err.kind == ERR_OK && r->runs && r->runs->n_runs) {
        const char *id = runset_str(r->runs, r->runs->runs[0].run_id);
        bool any = false;

        for (size_t i = 0; i < hv->n; i++) {
            if (!strcmp(run_id(hv, i), id) && is_running(&hv->rs->runs[i]) &&
                !is_running(&r->runs->runs[0]))
                hv->rs->runs[i].status = r->runs->runs[0].status;   /* it ended */
            any |= is_running(&hv->rs->runs[i]);
        }
        if (hv->following && !any) {
            hv->following = false;
            app_message(app, "No run of this history is running any more: it stops following");
        }
        return;
    }
    if (r->kind != REQ_METRIC_HISTORY)
        return;
    if (hv->pending > 0)
        hv->pending--;
    if (r->err.kind != ERR_OK) {
        if (r->err.kind != ERR_CANCELLED)
            app_error(app, "%s", r->err.message);
        return;
    }
    if (r->history) {
        histcache_put(r->history);
        r->history = NULL;
        unbuild(hv);
    }
}

static int hv_write(View *v, const char *path, char *err, size_t errsize)
{
    HistoryView *hv = (HistoryView *)v;
    PlotSeries s[MAX_SERIES];
    size_t n = 0;

    build(hv);
    if (!hv->built) {
        snprintf(err, errsize, "no data yet");
        return -1;
    }
    for (size_t i = 0; i < hv->n; i++) {
        s[n].name = runset_str(hv->rs, hv->rs->runs[i].name);
        s[n].x = hv->xs[i];
        s[n].y = hv->ys[i];
        s[n++].n = hv->ns[i];
    }
    return plot_png_save(plot_png_history(hv->title, hv->wall ? "seconds since start" : "step",
                                          hv->key, &hv->ax, &hv->ay, s, n),
                         path, err, errsize);
}

static void set_key(HistoryView *hv, const char *key)
{
    snprintf(hv->key, sizeof hv->key, "%s", key);
    snprintf(hv->title, sizeof hv->title, "%s over %s, %zu run%s", hv->key,
             hv->wall ? "time" : "steps", hv->n, hv->n == 1 ? "" : "s");
    unbuild(hv);
}

static int hv_handle(View *v, App *app, Action a)
{
    HistoryView *hv = (HistoryView *)v;

    switch (a) {
    case ACT_UP:
    case ACT_DOWN:
        if (hv->n)
            hv->cursor = (hv->cursor + (a == ACT_DOWN ? 1 : hv->n - 1)) % hv->n;
        return R_REDRAW;
    case ACT_OPEN:
        if (hv->n)
            view_open(app, VIEW_RUN, &(ViewArgs){ .rs = hv->rs, .run = hv->cursor });
        return R_REDRAW;
    case ACT_X_AXIS:
        hv->wall = !hv->wall;
        set_key(hv, hv->key);
        app_message(app, "x axis: %s", hv->wall ? "seconds since the run's first point" : "step");
        return R_REDRAW;
    case ACT_LOG_SCALE:
        hv->log_y = !hv->log_y;
        unbuild(hv);
        build(hv);
        app_message(app, "y axis: %s%s%s", hv->built ? plot_axis_kind_name(hv->ay.kind) : "?",
                    hv->built && hv->ay.note[0] ? " — " : "", hv->built ? hv->ay.note : "");
        return R_REDRAW;
    case ACT_EXPORT:
        return plots_export(&hv->pb, app, NULL);
    case ACT_RELOAD:
        /* Fetch again; the replies replace the cached histories. */
        api_cancel_owner(app_api(app), hv->pb.base.id);
        hv->pb.base.gen++;
        hv->pb.base.req = 0;
        hv->pending = 0;
        for (size_t i = 0; i < hv->n; i++)
            if (api_metric_history(app_api(app), hv->pb.base.id, hv->pb.base.gen, run_id(hv, i),
                                   hv->key))
                hv->pending++;
        return R_REDRAW;
    default:
        return R_UNKNOWN;
    }
}

static int hv_command(View *v, App *app, int argc, char **argv)
{
    HistoryView *hv = (HistoryView *)v;

    if (strcmp(argv[0], "export") == 0)
        return plots_export(&hv->pb, app, argc > 1 ? app_command_rest(app) : NULL);
    if (strcmp(argv[0], "history") == 0) {
        if (argc < 2) {
            app_error(app, "Usage: :history METRIC");
            return R_REDRAW;
        }
        set_key(hv, argv[1]);
        request(hv, app);
        return R_REDRAW;
    }
    return R_UNKNOWN;
}

static void hv_complete(View *v, App *app, int argc, char **argv, int argi, Completions *out)
{
    HistoryView *hv = (HistoryView *)v;

    (void)app;
    (void)argc;
    if (strcmp(argv[0], "history") == 0 && argi == 1)
        plots_complete_columns(hv->rs, true, out);
}

static void hv_title(View *v, char *buf, size_t size)
{
    snprintf(buf, size, "History %s", ((HistoryView *)v)->key);
}

static void hv_destroy(View *v)
{
    HistoryView *hv = (HistoryView *)v;

    unbuild(hv);
    braille_free(hv->br);
    runset_free(hv->rs);
    free(hv);
}

static const Action hv_actions[] = {
    ACT_UP, ACT_DOWN, ACT_OPEN, ACT_X_AXIS, ACT_LOG_SCALE, ACT_EXPORT, ACT_RELOAD, ACT_PROMPT,
    ACT_HELP, ACT_BACK, ACT_QUIT, ACT_NONE,
};
static const Action hv_hints[] = { ACT_DOWN, ACT_OPEN, ACT_X_AXIS, ACT_LOG_SCALE, ACT_EXPORT,
                                   ACT_BACK, ACT_NONE };
const ViewOps history_view_ops = {
    .name = "history", .actions = hv_actions, .hints = hv_hints,
    .start = hv_start, .draw = hv_draw, .handle = hv_handle, .on_result = hv_on_result,
    .tick = hv_tick,
    .command = hv_command, .complete = hv_complete, .title = hv_title, .destroy = hv_destroy,
};

static View *history_view_new(App *app, const RunSet *rs, const uint32_t *rows, size_t n, int argc,
                       char **argv, const Column *focus)
{
    HistoryView *hv;
    const char *key = NULL;
    char title[256];

    if (n > MAX_SERIES)
        n = MAX_SERIES;
    if (argc > 0) {
        key = argv[0];
    } else if (focus && focus->kind == COL_METRIC) {
        column_title(rs, *focus, title, sizeof title);
        key = title;
    } else {
        /* The first metric logged at more than one step, else the first. */
        for (size_t i = 0; i < n && !key; i++) {
            const Run *r = &rs->runs[rows[i]];
            for (uint32_t j = 0; j < r->m_n && !key; j++)
                if (rs->metrics[r->m_off + j].step > 0)
                    key = runset_str(rs, rs->metrics[r->m_off + j].key);
        }
        if (!key && rs->metric_keys.n)
            key = runset_str(rs, rs->metric_keys.ids[0]);
    }
    if (!key || n == 0) {
        app_error(app, "No metric to show: :history METRIC");
        return NULL;
    }
    hv = calloc(1, sizeof *hv);
    if (!hv)
        return NULL;
    hv->pb.base.ops = &history_view_ops;
    hv->pb.kind = "history";
    hv->pb.write = hv_write;
    hv->rs = plot_copy_runs(rs, rows, n);
    if (!hv->rs) {
        free(hv);
        return NULL;
    }
    hv->n = n;
    set_key(hv, key);
    return &hv->pb.base;
}

View *history_view_open(App *app, const ViewArgs *a)
{
    if (!(a->rs))
        return NULL;
    return history_view_new(app, a->rs, a->rows, a->n_rows, a->argc, a->argv, a->focus);
}
