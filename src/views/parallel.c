/* parallel.c — parallel coordinates of the marked runs (or every shown run):
 * one vertical axis per param or metric, one polyline per run drawn in
 * braille dots (2x4 per cell), coloured by a metric through a perceptual
 * ramp. Runs that lack a value or hold NaN sit in a "missing" band under the
 * axis instead of vanishing, and a categorical axis shows every distinct
 * value — the two things the MLflow web UI's plot gets wrong. Up/Down pick a
 * run (highlighted, its values in the side panel), Left/Right an axis; `L`
 * cycles its scale, `C` colours by a metric, `a` chooses axes, `w` writes a
 * PNG, Enter opens the run. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/text.h"
#include "render/plot_png.h"
#include "views/item.h"
#include "views/plots.h"
#include "views/viewtab.h"
#include "widgets/canvas_braille.h"
#include "widgets/draw.h"
#include "widgets/plot_braille.h"

#define MAX_AXES 64
#define DEFAULT_PARAMS 10

typedef struct ParallelView {
    PlotViewBase pb;
    RunSet      *rs;              /* copies of the plotted runs, in the caller's order */
    uint32_t    *rows;            /* 0..n-1 */
    size_t       n;
    Column       axes[MAX_AXES];
    PlotScale    scales[MAX_AXES];
    size_t       n_axes;
    bool         axes_changed;    /* set by the axes chooser */
    PlotDim      dims[MAX_AXES];
    Column       built[MAX_AXES]; /* what dims were built for */
    size_t       n_built;
    bool         has_color;
    Column       color;
    PlotDim      cdim;
    bool         cdim_ok;
    uint8_t     *slots;           /* per run colour slot */
    size_t       cursor, axis;
    char         title[256];
    Braille     *br;
} ParallelView;

static void free_dims(ParallelView *pv)
{
    for (size_t i = 0; i < pv->n_built; i++)
        plot_dim_free(&pv->dims[i]);
    pv->n_built = 0;
    if (pv->cdim_ok)
        plot_dim_free(&pv->cdim);
    pv->cdim_ok = false;
}

/* Rebuilds the model when the axes, their scales or the colour changed. */
static void build(ParallelView *pv)
{
    bool same = !pv->axes_changed && pv->n_built == pv->n_axes;

    for (size_t i = 0; same && i < pv->n_axes; i++)
        same = column_equal(pv->built[i], pv->axes[i]) && pv->dims[i].scale == pv->scales[i];
    if (same && pv->cdim_ok == pv->has_color &&
        (!pv->has_color || column_equal(pv->cdim.col, pv->color)))
        return;
    if (pv->axes_changed) {
        /* The chooser moved axes around: their scales start over. */
        for (size_t i = 0; i < pv->n_axes; i++)
            pv->scales[i] = SCALE_AUTO;
        pv->axes_changed = false;
    }
    free_dims(pv);
    for (size_t i = 0; i < pv->n_axes; i++) {
        if (plot_dim_build(&pv->dims[i], pv->rs, pv->rows, pv->n, pv->axes[i],
                           pv->scales[i]) != 0)
            break;
        pv->scales[i] = pv->dims[i].scale;
        pv->built[i] = pv->axes[i];
        pv->n_built++;
    }
    if (pv->has_color)
        pv->cdim_ok = plot_dim_build(&pv->cdim, pv->rs, pv->rows, pv->n, pv->color,
                                     SCALE_AUTO) == 0;
    for (size_t r = 0; r < pv->n; r++)
        pv->slots[r] = pv->cdim_ok ? braille_ramp_slot(pv->cdim.pos[r] == PLOT_MISSING ? NAN
                                                        : pv->cdim.pos[r]) : 0;
    if (pv->axis >= pv->n_built)
        pv->axis = pv->n_built ? pv->n_built - 1 : 0;
}

/* ---- drawing ---- */

static void value_text(const RunSet *rs, const PlotDim *d, size_t r, char *buf, size_t size)
{
    buf[0] = '\0';
    if (d->str[r])
        snprintf(buf, size, "%s", d->str[r]);
    else if (d->col.kind == COL_METRIC ? runset_metric(rs, r, d->col.id) != NULL
                                       : !isnan(d->val[r]))
        fmt_metric(d->val[r], buf, size);
}

static void draw_panel(ParallelView *pv, WINDOW *w, int y, int x, int rows, int cols,
                       bool side)
{
    char buf[512], val[256], label[256];
    int line = 0;

    if (pv->n == 0 || cols < 8 || rows < 1)
        return;
    snprintf(buf, sizeof buf, "%s", plots_label(&pv->pb, pv->rs, pv->cursor, label,
                                                sizeof label));
    draw_text(w, y, x, buf, cols, ROLE_PINNED, false);
    snprintf(buf, sizeof buf, "  %s %zu/%zu", plots_noun(&pv->pb), pv->cursor + 1,
             pv->n);
    if (side) {
        draw_text(w, y + ++line, x, buf + 2, cols, ROLE_DIM, false);
    } else {
        int used = text_width(plots_label(&pv->pb, pv->rs, pv->cursor, label, sizeof label));
        if (used + 2 < cols)
            draw_text(w, y, x + used, buf, cols - used, ROLE_DIM, false);
    }
    line++;
    int cx = x, colw = side ? cols : (cols / 3 > 24 ? cols / 3 : 24);
    for (size_t i = 0; i < pv->n_built + (pv->cdim_ok ? 1 : 0); i++) {
        const PlotDim *d = i < pv->n_built ? &pv->dims[i] : &pv->cdim;
        if (i == pv->n_built) {
            bool dup = false;
            for (size_t j = 0; j < pv->n_built; j++)
                dup |= column_equal(pv->dims[j].col, d->col);
            if (dup)
                break;
        }
        if (line >= rows) {
            if (side)
                break;
            line = 1;
            cx += colw;
            if (cx + 8 > x + cols)
                break;
        }
        int kw = side ? (cols * 3 / 5) : colw / 2;
        int room = side ? cols : (x + cols - cx < colw ? x + cols - cx : colw - 1);
        value_text(pv->rs, d, pv->cursor, val, sizeof val);
        draw_text(w, y + line, cx, d->name, kw - 1, i == pv->axis ? ROLE_HEADER_SORTED
                  : ROLE_KEY, false);
        draw_text(w, y + line, cx + kw, val[0] ? val : "—", room - kw,
                  val[0] ? ROLE_NUMBER : ROLE_MISSING, false);
        line++;
    }
}

static void draw_legend(ParallelView *pv, WINDOW *w, int y, int x, int cols)
{
    char buf[256], lo[64], hi[64];
    bool uni = braille_unicode_ok();
    int used;

    if (!pv->cdim_ok || cols < 20)
        return;
    const PlotAxis *ax = &pv->cdim.axis;
    if (ax->kind == AXIS_CATEGORICAL) {
        snprintf(lo, sizeof lo, "%s", ax->n_cats ? ax->cats[0] : "");
        snprintf(hi, sizeof hi, "%s", ax->n_cats ? ax->cats[ax->n_cats - 1] : "");
    } else {
        fmt_metric(ax->dmin, lo, sizeof lo);
        fmt_metric(ax->dmax, hi, sizeof hi);
    }
    snprintf(buf, sizeof buf, "colour: %s ", pv->cdim.name);
    used = draw_text(w, y, x, buf, cols / 2, ROLE_DIM, false);
    used += draw_text(w, y, x + used, lo, 14, ROLE_NUMBER, false);
    used += 1;
    for (int i = 0; i < BRAILLE_RAMP && x + used < x + cols - 16; i++, used++) {
        wattrset(w, braille_attr((uint8_t)(1 + i)));
        mvwaddstr(w, y, x + used, uni ? "█" : "#");
        wattrset(w, A_NORMAL);
    }
    used += 1;
    used += draw_text(w, y, x + used, hi, 14, ROLE_NUMBER, false);
    if (ax->n_missing && used + 12 < cols) {
        wattrset(w, braille_attr(BRAILLE_DIM));
        mvwaddstr(w, y, x + used + 2, uni ? "█" : "#");
        wattrset(w, A_NORMAL);
        draw_text(w, y, x + used + 4, "missing", cols - used - 4, ROLE_DIM, false);
    }
}

/* Labels of axis i: ticks right of the axis (left of the last one), skipping
 * rows already taken so close values don't overprint. */
static void draw_axis_labels(ParallelView *pv, WINDOW *w, int y0, int x0, size_t i, int ax_cell,
                             int spacing, int chart_rows)
{
    const PlotDim *d = &pv->dims[i];
    const PlotAxis *ax = &d->axis;
    bool left = pv->n_built > 1 && i == pv->n_built - 1;
    int lw = spacing - 2 < 16 ? spacing - 2 : 16;
    unsigned char taken[512] = { 0 };
    char buf[96];

    if (lw < 2 || chart_rows <= 0)
        return;
    for (int pass = 0; pass < 2; pass++)
        for (size_t t = 0; t < ax->n_ticks; t++) {
            /* Min and max first so they always show. */
            bool end = t == 0 || t + 1 == ax->n_ticks;
            if (end != (pass == 0))
                continue;
            int row = pb_y(pv->br, ax->ticks[t].pos) / 4;
            if (row < 0 || row >= chart_rows || row >= 512 || taken[row])
                continue;
            taken[row] = 1;
            snprintf(buf, sizeof buf, "%s", ax->ticks[t].label);
            if (ax->kind != AXIS_CATEGORICAL && pass == 0) {
                /* numeric ends: the data's own min and max */
                fmt_metric(t == 0 ? ax->dmin : ax->dmax, buf, sizeof buf);
                if (ax->kind == AXIS_LOG || isnan(ax->dmin))
                    snprintf(buf, sizeof buf, "%s", ax->ticks[t].label);
            }
            char fit[256];
            int tw = text_fit(buf, lw, fit, sizeof fit);
            int lx = left ? ax_cell - tw : ax_cell + 1;
            if (lx < x0)
                lx = x0;
            draw_text(w, y0 + row, lx, buf, lw, end ? ROLE_NUMBER : ROLE_DIM, false);
        }
    if (ax->n_missing) {
        int row = pb_y(pv->br, PLOT_MISSING) / 4;
        snprintf(buf, sizeof buf, "∅%zu", ax->n_missing);
        int tw = text_width(buf);
        draw_text(w, y0 + row, left ? ax_cell - tw : ax_cell + 1, buf, lw, ROLE_DIM, false);
    }
}

static void pv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    ParallelView *pv = (ParallelView *)v;
    char info[512];
    int side_w = 0, bottom_h = 0, cw, ch, y_names = 1, y_chart = 2;

    (void)app;
    build(pv);
    char count[64];
    plots_count(&pv->pb, pv->n, count, sizeof count);
    snprintf(info, sizeof info, " Parallel coordinates  %s  %zu ax%s%s%s", count,
             pv->n_built, pv->n_built == 1 ? "is" : "es",
             pv->n_built ? "  axis: " : "", pv->n_built ? pv->dims[pv->axis].name : "");
    if (pv->n_built) {
        const PlotAxis *ax = &pv->dims[pv->axis].axis;
        size_t len = strlen(info);
        snprintf(info + len, sizeof info - len, " (%s%s%s)", plot_axis_kind_name(ax->kind),
                 ax->note[0] ? ", " : "", ax->note);
    }
    draw_text(w, 0, 0, info, cols, ROLE_SECTION, true);
    if (pv->n == 0 || pv->n_built == 0) {
        draw_text(w, 2, 2, pv->n == 0 ? "No runs to plot." : "No axes: a chooses them.",
                  cols - 2, ROLE_DIM, false);
        return;
    }
    if (cols >= 100)
        side_w = cols / 4 < 40 ? cols / 4 : 40;
    else if (rows >= 18)
        bottom_h = rows >= 26 ? 6 : 4;
    cw = cols - side_w - (side_w ? 1 : 0);
    ch = rows - y_chart - bottom_h - (pv->cdim_ok ? 1 : 0);
    if (ch < 3 || cw < 10) {
        draw_text(w, 2, 0, "Too small for the plot; make the terminal larger.", cols,
                  ROLE_DIM, false);
        return;
    }
    if (!pv->br || pv->br->cols != cw || pv->br->rows != ch) {
        braille_free(pv->br);
        pv->br = braille_new(cw, ch);
        if (!pv->br)
            return;
    }
    braille_clear(pv->br);
    /* One cell of margin at each end; the axes in between. */
    int ml = 2, mr = 3;
    pb_parallel(pv->br, pv->dims, pv->n_built, pv->n, pv->slots, pv->cursor, ml, mr);
    braille_draw(pv->br, w, y_chart, 0);
    int spacing = pv->n_built > 1 ? (cw - 3) / (int)(pv->n_built - 1) : cw;
    for (size_t i = 0; i < pv->n_built; i++) {
        int ax_cell = pb_axis_x(pv->br, i, pv->n_built, ml, mr) / 2;
        char fit[256];
        int nw = spacing - 1 < 24 ? spacing - 1 : 24;
        if (nw < 3)
            nw = 3;
        int tw = text_fit(pv->dims[i].name, nw, fit, sizeof fit);
        int nx = ax_cell - tw / 2;
        if (nx < 0) nx = 0;
        if (nx + tw > cw) nx = cw - tw;
        draw_text(w, y_names, nx, pv->dims[i].name, nw, i == pv->axis ? ROLE_HEADER_SORTED
                  : ROLE_HEADER, false);
        draw_axis_labels(pv, w, y_chart, 0, i, ax_cell, spacing, ch);
    }
    if (pv->cdim_ok)
        draw_legend(pv, w, y_chart + ch, 0, cw);
    if (side_w)
        draw_panel(pv, w, y_names, cw + 1, rows - y_names, side_w - 1, true);
    else if (bottom_h)
        draw_panel(pv, w, rows - bottom_h, 1, bottom_h, cols - 2, false);
    else {
        char buf[300];
        char label[256];
        snprintf(buf, sizeof buf, " %s", plots_label(&pv->pb, pv->rs, pv->cursor, label,
                                                     sizeof label));
        draw_text(w, 0, cols - 20 > 0 ? cols - 20 : 0, buf, 20, ROLE_PINNED, false);
    }
}

/* ---- export ---- */

static int pv_write(View *v, const char *path, char *err, size_t errsize)
{
    ParallelView *pv = (ParallelView *)v;

    build(pv);
    return plot_png_save(plot_png_parallel(pv->title, pv->dims, pv->n_built, pv->n,
                                           pv->cdim_ok ? &pv->cdim : NULL, pv->cursor),
                         path, err, errsize);
}

/* ---- actions ---- */

static int submit_color(View *v, App *app, const char *text)
{
    ParallelView *pv = (ParallelView *)v;
    Column c;

    if (!text[0] || strcmp(text, "none") == 0) {
        pv->has_color = false;
        return R_REDRAW;
    }
    if (!runtable_parse_column(pv->rs, text, &c)) {
        app_error(app, "No column %s", text);
        return R_REDRAW;
    }
    pv->has_color = true;
    pv->color = c;
    return R_REDRAW;
}

static void complete_color(View *v, App *app, const char *text, Completions *out)
{
    ParallelView *pv = (ParallelView *)v;
    Completions all = { 0 };

    (void)app;
    plots_complete_columns(pv->rs, false, &all);
    completions_add(&all, "none");
    for (size_t i = 0; i < all.n; i++) {
        if (strncmp(all.items[i], text, strlen(text)) == 0)
            completions_add(out, all.items[i]);
        free(all.items[i]);
    }
    free(all.items);
}

static int pv_handle(View *v, App *app, Action a)
{
    ParallelView *pv = (ParallelView *)v;

    build(pv);
    switch (a) {
    case ACT_UP:
    case ACT_DOWN:
        if (pv->n)
            pv->cursor = (pv->cursor + (a == ACT_DOWN ? 1 : pv->n - 1)) % pv->n;
        return R_REDRAW;
    case ACT_HOME:
        pv->cursor = 0;
        return R_REDRAW;
    case ACT_END:
        pv->cursor = pv->n ? pv->n - 1 : 0;
        return R_REDRAW;
    case ACT_LEFT:
        if (pv->axis > 0)
            pv->axis--;
        return R_REDRAW;
    case ACT_RIGHT:
        if (pv->axis + 1 < pv->n_built)
            pv->axis++;
        return R_REDRAW;
    case ACT_LINE_START:
        pv->axis = 0;
        return R_REDRAW;
    case ACT_LINE_END:
        pv->axis = pv->n_built ? pv->n_built - 1 : 0;
        return R_REDRAW;
    case ACT_OPEN:
        if (pv->n)
            plots_open_row(&pv->pb, app, pv->rs, pv->cursor);
        return R_REDRAW;
    case ACT_AXES:
        view_open(app, VIEW_AXES, &(ViewArgs){ .rs = pv->rs, .axes = pv->axes,
                                               .n_axes = &pv->n_axes, .cap = MAX_AXES,
                                               .changed = &pv->axes_changed });
        return R_REDRAW;
    case ACT_LOG_SCALE: {
        if (pv->axis >= pv->n_built)
            return R_NONE;
        PlotDim *d = &pv->dims[pv->axis];
        PlotScale next = plot_dim_next_scale(d);
        if (next == d->scale) {
            app_message(app, "%s holds text: it stays categorical", d->name);
            return R_REDRAW;
        }
        pv->scales[pv->axis] = next;
        build(pv);
        d = &pv->dims[pv->axis];
        app_message(app, "%s: %s scale%s%s", d->name, plot_axis_kind_name(d->axis.kind),
                    d->axis.note[0] ? " — " : "", d->axis.note);
        return R_REDRAW;
    }
    case ACT_COLOR_BY: {
        char cur[300] = "";
        if (pv->has_color)
            column_name(pv->rs, pv->color, cur, sizeof cur);
        app_prompt(app, v, "colour by (metric or param; none): ", cur, submit_color,
                   complete_color);
        return R_REDRAW;
    }
    case ACT_EXPORT:
        return plots_export(&pv->pb, app, NULL);
    case ACT_COPY_ID:
        if (pv->n)
            app_message(app, "Run id %s", runset_str(pv->rs, pv->rs->runs[pv->cursor].run_id));
        return R_REDRAW;
    default:
        return R_UNKNOWN;
    }
}

/* Sets the axes from names; reports unknown ones. Returns how many were set. */
static size_t set_axes(ParallelView *pv, App *app, int argc, char **argv)
{
    size_t n = 0;

    for (int i = 0; i < argc && n < MAX_AXES; i++) {
        Column c;
        if (!runtable_parse_column(pv->rs, argv[i], &c)) {
            app_error(app, "No column %s (Tab completes)", argv[i]);
            continue;
        }
        pv->axes[n] = c;
        pv->scales[n++] = SCALE_AUTO;
    }
    if (n) {
        pv->n_axes = n;
        pv->axis = 0;
    }
    return n;
}

static int pv_command(View *v, App *app, int argc, char **argv)
{
    ParallelView *pv = (ParallelView *)v;

    if (strcmp(argv[0], "export") == 0)
        return plots_export(&pv->pb, app, argc > 1 ? app_command_rest(app) : NULL);
    if (strcmp(argv[0], "axes") == 0) {
        if (argc > 1)
            set_axes(pv, app, argc - 1, argv + 1);
        else
            return pv_handle(v, app, ACT_AXES);
        return R_REDRAW;
    }
    if (strcmp(argv[0], "color") == 0 || strcmp(argv[0], "colour") == 0)
        return submit_color(v, app, argc > 1 ? argv[1] : "");
    return R_UNKNOWN;
}

static void pv_complete(View *v, App *app, int argc, char **argv, int argi, Completions *out)
{
    ParallelView *pv = (ParallelView *)v;

    (void)app;
    (void)argc;
    (void)argi;
    if (strcmp(argv[0], "axes") == 0 || strcmp(argv[0], "color") == 0 ||
        strcmp(argv[0], "colour") == 0)
        plots_complete_columns(pv->rs, false, out);
}

static void pv_title(View *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "Parallel");
}

static void pv_destroy(View *v)
{
    ParallelView *pv = (ParallelView *)v;

    free_dims(pv);
    braille_free(pv->br);
    runset_free(pv->rs);
    free(pv->rows);
    free(pv->slots);
    free(pv);
}

static const Action pv_actions[] = {
    ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT, ACT_HOME, ACT_END, ACT_LINE_START, ACT_LINE_END,
    ACT_OPEN, ACT_AXES, ACT_LOG_SCALE, ACT_COLOR_BY, ACT_EXPORT, ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB, ACT_PROMPT,
    ACT_HELP, ACT_BACK, ACT_QUIT, ACT_NONE,
};
static const Action pv_hints[] = { ACT_DOWN, ACT_RIGHT, ACT_OPEN, ACT_AXES, ACT_LOG_SCALE,
                                   ACT_COLOR_BY, ACT_EXPORT, ACT_BACK, ACT_NONE };
static bool pv_item(View *v, ItemRef *out)
{
    ParallelView *pv = (ParallelView *)v;

    if (!pv->n)
        return false;
    item_row(out, pv->rs, pv->cursor, pv->pb.logged_models);
    return true;
}

const ViewOps parallel_view_ops = {
    .item = pv_item,
    .name      = "parallel",
    .actions   = pv_actions,
    .hints     = pv_hints,
    .draw      = pv_draw,
    .handle    = pv_handle,
    .command   = pv_command,
    .complete  = pv_complete,
    .title     = pv_title,
    .destroy   = pv_destroy,
};

/* Params whose values differ among the runs, in first-seen order. */
static void default_axes(ParallelView *pv, App *app, const Column *focus)
{
    const RunSet *rs = pv->rs;
    size_t skipped = 0;

    /* Pass 0: params with two distinct present values; pass 1 (only when
     * none): params some runs lack. */
    for (int pass = 0; pass < 2 && pv->n_axes == 0; pass++)
        for (size_t k = 0; k < rs->param_keys.n; k++) {
            uint32_t key = rs->param_keys.ids[k], first = UINT32_MAX;
            bool differ = false;
            for (size_t r = 0; r < rs->n_runs && !differ; r++) {
                uint32_t v = runset_param(rs, r, key);
                if (pass == 0 && v == UINT32_MAX)
                    continue;
                if (first == UINT32_MAX && pass == 0)
                    first = v;
                else if (r == 0)
                    first = v;
                else if (v != first)
                    differ = true;
            }
            if (!differ)
                continue;
            if (pv->n_axes >= DEFAULT_PARAMS) {
                skipped++;
                continue;
            }
            pv->axes[pv->n_axes] = (Column){ COL_PARAM, key };
            pv->scales[pv->n_axes++] = SCALE_AUTO;
        }
    Column m;
    bool have = false;
    if (focus && focus->kind == COL_METRIC) {
        m = *focus;
        have = true;
    } else if (rs->metric_keys.n) {
        m = (Column){ COL_METRIC, rs->metric_keys.ids[0] };
        have = true;
    }
    if (have) {
        pv->axes[pv->n_axes] = m;
        pv->scales[pv->n_axes++] = SCALE_AUTO;
        pv->has_color = true;
        pv->color = m;
    }
    if (skipped)
        app_message(app, "%zu more params differ: a adds them as axes", skipped);
}

static View *parallel_view_new(App *app, const RunSet *rs, const uint32_t *rows, size_t n, int argc,
                        char **argv, const Column *focus, bool logged_models)
{
    ParallelView *pv = calloc(1, sizeof *pv);
    Column f;
    bool have_focus = false;

    if (!pv)
        return NULL;
    pv->pb.base.ops = &parallel_view_ops;
    pv->pb.kind = "parallel";
    pv->pb.logged_models = logged_models;
    pv->pb.write = pv_write;
    pv->rs = plot_copy_runs(rs, rows, n);
    pv->rows = malloc((n ? n : 1) * sizeof *pv->rows);
    pv->slots = calloc(n ? n : 1, 1);
    if (!pv->rs || !pv->rows || !pv->slots) {
        pv_destroy(&pv->pb.base);
        return NULL;
    }
    pv->n = n;
    for (size_t i = 0; i < n; i++)
        pv->rows[i] = (uint32_t)i;
    if (focus)
        have_focus = plots_map_column(rs, *focus, pv->rs, &f);
    if (argc == 0 || set_axes(pv, app, argc, argv) == 0)
        default_axes(pv, app, have_focus ? &f : NULL);
    else if (have_focus && f.kind == COL_METRIC) {
        pv->has_color = true;
        pv->color = f;
    }
    if (!pv->has_color)
        for (size_t i = pv->n_axes; i-- > 0;)
            if (pv->axes[i].kind == COL_METRIC) {
                pv->has_color = true;
                pv->color = pv->axes[i];
                break;
            }
    {
        char count[64];
        plots_count(&pv->pb, n, count, sizeof count);
        snprintf(pv->title, sizeof pv->title, "Parallel coordinates of %s", count);
    }
    return &pv->pb.base;
}

View *parallel_view_open(App *app, const ViewArgs *a)
{
    if (!(a->rs))
        return NULL;
    return parallel_view_new(app, a->rs, a->rows, a->n_rows, a->argc, a->argv, a->focus,
                             a->logged_models);
}
