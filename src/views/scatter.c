/* scatter.c — one numeric param or metric against another for the marked (or
 * shown) runs, optionally coloured by a third; points in braille dots, runs
 * missing a value in bands along the left and bottom edges. The arrow keys
 * jump to the nearest point in their direction; Enter opens that run. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/text.h"
#include "render/plot_png.h"
#include "views/plots.h"
#include "views/viewtab.h"
#include "widgets/canvas_braille.h"
#include "widgets/draw.h"
#include "widgets/plot_braille.h"

typedef struct ScatterView {
    PlotViewBase pb;
    RunSet      *rs;
    uint32_t    *rows;
    size_t       n;
    Column       cx, cy, cc;
    bool         has_color, log_x, log_y, dirty;
    PlotDim      x, y, c;
    bool         built, c_ok;
    uint8_t     *slots;
    size_t       cursor;
    char         title[600];
    Braille     *br;
} ScatterView;

static PlotScale scale_for(Column c, bool log)
{
    (void)c;
    return log ? SCALE_LOG : SCALE_LINEAR;
}

static void sv_unbuild(ScatterView *sv)
{
    if (sv->built) {
        plot_dim_free(&sv->x);
        plot_dim_free(&sv->y);
    }
    if (sv->c_ok)
        plot_dim_free(&sv->c);
    sv->built = sv->c_ok = false;
}

static void build(ScatterView *sv)
{
    if (sv->built && !sv->dirty)
        return;
    sv_unbuild(sv);
    sv->dirty = false;
    if (plot_dim_build(&sv->x, sv->rs, sv->rows, sv->n, sv->cx, scale_for(sv->cx, sv->log_x)) != 0)
        return;
    if (plot_dim_build(&sv->y, sv->rs, sv->rows, sv->n, sv->cy, scale_for(sv->cy, sv->log_y)) != 0) {
        plot_dim_free(&sv->x);
        return;
    }
    sv->built = true;
    if (sv->has_color)
        sv->c_ok = plot_dim_build(&sv->c, sv->rs, sv->rows, sv->n, sv->cc, SCALE_AUTO) == 0;
    for (size_t r = 0; r < sv->n; r++)
        sv->slots[r] = sv->c_ok ? braille_ramp_slot(sv->c.pos[r] == PLOT_MISSING ? NAN
                                                    : sv->c.pos[r]) : 0;
}

static void value_text(const RunSet *rs, const PlotDim *d, size_t r, char *buf, size_t size)
{
    buf[0] = '\0';
    if (d->str[r])
        snprintf(buf, size, "%s", d->str[r]);
    else if (d->col.kind == COL_METRIC ? runset_metric(rs, r, d->col.id) != NULL
                                       : !isnan(d->val[r]))
        fmt_metric(d->val[r], buf, size);
    if (!buf[0])
        snprintf(buf, size, "—");
}

static void sv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    ScatterView *sv = (ScatterView *)v;
    char info[600], buf[300], val[128];
    int lw = 9, ch, cw, y_chart = 1, foot;

    (void)app;
    build(sv);
    if (!sv->built) {
        draw_text(w, 0, 0, " Scatter: out of memory", cols, ROLE_ERROR, true);
        return;
    }
    char count[64];
    plots_count(&sv->pb, sv->n, count, sizeof count);
    snprintf(info, sizeof info, " Scatter  %s  x: %s (%s)  y: %s (%s)%s%s", count, sv->x.name, plot_axis_kind_name(sv->x.axis.kind),
             sv->y.name, plot_axis_kind_name(sv->y.axis.kind), sv->c_ok ? "  colour: " : "",
             sv->c_ok ? sv->c.name : "");
    draw_text(w, 0, 0, info, cols, ROLE_SECTION, true);
    foot = 2 + (rows >= 14 ? 1 : 0);   /* x labels, x name, run line */
    ch = rows - y_chart - foot;
    cw = cols - lw - 1;
    if (ch < 3 || cw < 10) {
        draw_text(w, 2, 0, "Too small for the plot; make the terminal larger.", cols,
                  ROLE_DIM, false);
        return;
    }
    if (!sv->br || sv->br->cols != cw || sv->br->rows != ch) {
        braille_free(sv->br);
        sv->br = braille_new(cw, ch);
        if (!sv->br)
            return;
    }
    braille_clear(sv->br);
    /* The axes: a dotted line at position 0 on both. */
    {
        int x0 = pb_x(sv->br, 0), y0 = pb_y(sv->br, 0);
        braille_line(sv->br, x0 - 1, 0, x0 - 1, y0 + 1, BRAILLE_DIM);
        braille_line(sv->br, x0 - 1, y0 + 1, 2 * cw - 1, y0 + 1, BRAILLE_DIM);
    }
    pb_scatter(sv->br, sv->x.pos, sv->y.pos, sv->n, sv->slots, sv->cursor);
    braille_draw(sv->br, w, y_chart, lw + 1);
    /* y labels at the left, x labels under the chart. */
    {
        unsigned char taken[512] = { 0 };
        for (int pass = 0; pass < 2; pass++)
            for (size_t t = 0; t < sv->y.axis.n_ticks; t++) {
                bool end = t == 0 || t + 1 == sv->y.axis.n_ticks;
                if (end != (pass == 0))
                    continue;
                int row = pb_y(sv->br, sv->y.axis.ticks[t].pos) / 4;
                if (row < 0 || row >= ch || row >= 512 || taken[row] ||
                    (row > 0 && taken[row - 1]) || (row + 1 < 512 && taken[row + 1]))
                    continue;
                taken[row] = 1;
                draw_text_right(w, y_chart + row, 0, sv->y.axis.ticks[t].label, lw, ROLE_NUMBER);
            }
        if (sv->y.axis.n_missing)
            draw_text_right(w, y_chart + pb_y(sv->br, PLOT_MISSING) / 4, 0, "missing", lw,
                            ROLE_DIM);
        int last_end = -1;
        for (int pass = 0; pass < 2; pass++)
            for (size_t t = 0; t < sv->x.axis.n_ticks; t++) {
                bool end = t == 0 || t + 1 == sv->x.axis.n_ticks;
                if (end != (pass == 0))
                    continue;
                char fit[128];
                int tw = text_fit(sv->x.axis.ticks[t].label, 12, fit, sizeof fit);
                int col = lw + 1 + pb_x(sv->br, sv->x.axis.ticks[t].pos) / 2 - tw / 2;
                if (col + tw > cols) col = cols - tw;
                if (col < lw + 1) col = lw + 1;
                /* crude overlap check against what this row already holds */
                chtype here = mvwinch(w, y_chart + ch, col) & A_CHARTEXT;
                chtype there = mvwinch(w, y_chart + ch, col + tw) & A_CHARTEXT;
                if (pass == 1 && (here != ' ' || there != ' ' || col <= last_end))
                    continue;
                draw_text(w, y_chart + ch, col, sv->x.axis.ticks[t].label, 12, ROLE_NUMBER,
                          false);
                if (pass == 0 && col + tw > last_end)
                    last_end = pass == 0 && t == 0 ? col + tw : last_end;
            }
        if (sv->x.axis.n_missing && (mvwinch(w, y_chart + ch, lw + 1) & A_CHARTEXT) == ' ')
            draw_text(w, y_chart + ch, lw + 1, "missing", 8, ROLE_DIM, false);
    }
    snprintf(buf, sizeof buf, "x: %s", sv->x.name);
    draw_text(w, y_chart + ch + 1, lw + 1 + cw / 2 - text_width(sv->x.name) / 2 - 3 > 0
              ? lw + 1 + cw / 2 - text_width(sv->x.name) / 2 - 3 : 0, buf, cols / 2, ROLE_HEADER,
              false);
    snprintf(buf, sizeof buf, "y: %s", sv->y.name);
    draw_text(w, y_chart + ch + 1, 0, buf, lw + 1 + cw / 2 - 20 > 12 ? lw + cw / 2 - 20 : 12,
              ROLE_HEADER, false);
    if (foot >= 3 && sv->n) {
        int x = 0;
        char label[256];
        x += draw_text(w, rows - 1, x, plots_label(&sv->pb, sv->rs, sv->cursor, label,
                                                   sizeof label), 40, ROLE_PINNED, false);
        value_text(sv->rs, &sv->x, sv->cursor, val, sizeof val);
        snprintf(buf, sizeof buf, "  %s %s", sv->x.name, val);
        x += draw_text(w, rows - 1, x, buf, cols - x, ROLE_NUMBER, false);
        value_text(sv->rs, &sv->y, sv->cursor, val, sizeof val);
        snprintf(buf, sizeof buf, "  %s %s", sv->y.name, val);
        x += draw_text(w, rows - 1, x, buf, cols - x, ROLE_NUMBER, false);
        if (sv->c_ok) {
            value_text(sv->rs, &sv->c, sv->cursor, val, sizeof val);
            snprintf(buf, sizeof buf, "  colour %s %s", sv->c.name, val);
            draw_text(w, rows - 1, x, buf, cols - x, ROLE_DIM, false);
        }
    }
}

/* The nearest point in direction (dx, dy): ahead of the cursor, scored by
 * distance with a penalty for straying sideways. */
static void jump(ScatterView *sv, int dx, int dy)
{
    double cx = sv->x.pos[sv->cursor], cy = sv->y.pos[sv->cursor], best = INFINITY;
    size_t to = sv->cursor;

    for (size_t r = 0; r < sv->n; r++) {
        double ex = sv->x.pos[r] - cx, ey = sv->y.pos[r] - cy;
        double ahead = ex * dx + ey * dy, side = fabs(ex * dy) + fabs(ey * dx);
        if (r == sv->cursor || ahead <= 0)
            continue;
        double score = ahead + 2 * side;
        if (score < best) {
            best = score;
            to = r;
        }
    }
    sv->cursor = to;
}

static int sv_write(View *v, const char *path, char *err, size_t errsize)
{
    ScatterView *sv = (ScatterView *)v;

    build(sv);
    if (!sv->built) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    char label[256];
    return plot_png_save(plot_png_scatter(sv->title, &sv->x, &sv->y, sv->c_ok ? &sv->c : NULL,
                                          sv->n, sv->cursor, sv->n ?
                                          plots_label(&sv->pb, sv->rs, sv->cursor, label,
                                                      sizeof label) : NULL),
                         path, err, errsize);
}

static int set_columns(ScatterView *sv, App *app, int argc, char **argv)
{
    Column c[3];

    if (argc < 2) {
        app_error(app, "Usage: :scatter X Y [COLOUR]  (e.g. :scatter n_estimators f1)");
        return -1;
    }
    for (int i = 0; i < argc && i < 3; i++)
        if (!runtable_parse_column(sv->rs, argv[i], &c[i])) {
            app_error(app, "No column %s (Tab completes)", argv[i]);
            return -1;
        }
    sv->cx = c[0];
    sv->cy = c[1];
    if (argc >= 3) {
        sv->cc = c[2];
        sv->has_color = true;
    }
    sv->dirty = true;
    {
        char count[64];
        plots_count(&sv->pb, sv->n, count, sizeof count);
        snprintf(sv->title, sizeof sv->title, "%s against %s, %s", argv[1], argv[0], count);
    }
    return 0;
}

static int submit_axes(View *v, App *app, const char *text)
{
    ScatterView *sv = (ScatterView *)v;
    char buf[1024], *argv[4];
    int argc = 0;

    snprintf(buf, sizeof buf, "%s", text);
    for (char *p = strtok(buf, " "); p && argc < 3; p = strtok(NULL, " "))
        argv[argc++] = p;
    set_columns(sv, app, argc, argv);
    return R_REDRAW;
}

static int sv_handle(View *v, App *app, Action a)
{
    ScatterView *sv = (ScatterView *)v;

    build(sv);
    if (!sv->built)
        return R_UNKNOWN;
    switch (a) {
    case ACT_UP:    if (sv->n) jump(sv, 0, 1); return R_REDRAW;
    case ACT_DOWN:  if (sv->n) jump(sv, 0, -1); return R_REDRAW;
    case ACT_LEFT:  if (sv->n) jump(sv, -1, 0); return R_REDRAW;
    case ACT_RIGHT: if (sv->n) jump(sv, 1, 0); return R_REDRAW;
    case ACT_NEXT_TAB:
    case ACT_PREV_TAB:
        if (sv->n)
            sv->cursor = (sv->cursor + (a == ACT_NEXT_TAB ? 1 : sv->n - 1)) % sv->n;
        return R_REDRAW;
    case ACT_OPEN:
        if (sv->n)
            plots_open_row(&sv->pb, app, sv->rs, sv->cursor);
        return R_REDRAW;
    case ACT_LOG_SCALE:
        /* none -> x -> y -> both -> none */
        if (!sv->log_x && !sv->log_y) sv->log_x = true;
        else if (sv->log_x && !sv->log_y) { sv->log_x = false; sv->log_y = true; }
        else if (!sv->log_x) sv->log_x = true;
        else sv->log_x = sv->log_y = false;
        sv->dirty = true;
        build(sv);
        app_message(app, "x %s, y %s%s%s%s%s", plot_axis_kind_name(sv->x.axis.kind),
                    plot_axis_kind_name(sv->y.axis.kind), sv->x.axis.note[0] ? "; x: " : "",
                    sv->x.axis.note, sv->y.axis.note[0] ? "; y: " : "", sv->y.axis.note);
        return R_REDRAW;
    case ACT_AXES:
    case ACT_COLOR_BY: {
        char cur[1000], x[300], y[300], c[300] = "";
        column_name(sv->rs, sv->cx, x, sizeof x);
        column_name(sv->rs, sv->cy, y, sizeof y);
        if (sv->has_color)
            column_name(sv->rs, sv->cc, c, sizeof c);
        snprintf(cur, sizeof cur, "%s %s%s%s", x, y, c[0] ? " " : "", c);
        app_prompt(app, v, "x y [colour]: ", cur, submit_axes, NULL);
        return R_REDRAW;
    }
    case ACT_EXPORT:
        return plots_export(&sv->pb, app, NULL);
    case ACT_COPY_ID:
        if (sv->n)
            app_message(app, "Run id %s", runset_str(sv->rs, sv->rs->runs[sv->cursor].run_id));
        return R_REDRAW;
    default:
        return R_UNKNOWN;
    }
}

static int sv_command(View *v, App *app, int argc, char **argv)
{
    ScatterView *sv = (ScatterView *)v;

    if (strcmp(argv[0], "export") == 0)
        return plots_export(&sv->pb, app, argc > 1 ? app_command_rest(app) : NULL);
    return R_UNKNOWN;
}

static void sv_title(View *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "Scatter");
}

static void sv_destroy(View *v)
{
    ScatterView *sv = (ScatterView *)v;

    sv_unbuild(sv);
    braille_free(sv->br);
    runset_free(sv->rs);
    free(sv->rows);
    free(sv->slots);
    free(sv);
}

static const Action sv_actions[] = {
    ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT, ACT_NEXT_TAB, ACT_PREV_TAB, ACT_OPEN, ACT_AXES,
    ACT_LOG_SCALE, ACT_COLOR_BY, ACT_EXPORT, ACT_COPY_ID, ACT_PROMPT, ACT_HELP, ACT_BACK,
    ACT_QUIT, ACT_NONE,
};
static const Action sv_hints[] = { ACT_RIGHT, ACT_OPEN, ACT_AXES, ACT_LOG_SCALE, ACT_EXPORT,
                                   ACT_BACK, ACT_NONE };
const ViewOps scatter_view_ops = {
    .name = "scatter", .actions = sv_actions, .hints = sv_hints,
    .draw = sv_draw, .handle = sv_handle, .command = sv_command,
    .title = sv_title, .destroy = sv_destroy,
};

static View *scatter_view_new(App *app, const RunSet *rs, const uint32_t *rows, size_t n, int argc,
                       char **argv, const Column *focus, bool logged_models)
{
    ScatterView *sv = calloc(1, sizeof *sv);
    Column f;
    bool have_f = false, have_x = false, have_y = false;

    if (!sv)
        return NULL;
    sv->pb.base.ops = &scatter_view_ops;
    sv->pb.kind = "scatter";
    sv->pb.logged_models = logged_models;
    sv->pb.write = sv_write;
    sv->rs = plot_copy_runs(rs, rows, n);
    sv->rows = malloc((n ? n : 1) * sizeof *sv->rows);
    sv->slots = calloc(n ? n : 1, 1);
    if (!sv->rs || !sv->rows || !sv->slots) {
        sv_destroy(&sv->pb.base);
        return NULL;
    }
    sv->n = n;
    for (size_t i = 0; i < n; i++)
        sv->rows[i] = (uint32_t)i;
    sv->dirty = true;
    if (argc > 0) {
        if (set_columns(sv, app, argc, argv) != 0) {
            sv_destroy(&sv->pb.base);
            return NULL;
        }
        return &sv->pb.base;
    }
    /* Defaults: y the sort metric (else the first metric), x the first
     * numeric param that varies (else another metric). */
    if (focus)
        have_f = plots_map_column(rs, *focus, sv->rs, &f) && f.kind == COL_METRIC;
    if (have_f) {
        sv->cy = f;
        have_y = true;
    } else if (sv->rs->metric_keys.n) {
        sv->cy = (Column){ COL_METRIC, sv->rs->metric_keys.ids[0] };
        have_y = true;
    }
    for (size_t k = 0; k < sv->rs->param_keys.n && !have_x; k++) {
        uint32_t key = sv->rs->param_keys.ids[k], first = UINT32_MAX;
        bool numeric = true, differ = false;
        for (size_t r = 0; r < n && numeric; r++) {
            uint32_t v = runset_param(sv->rs, r, key);
            double d;
            if (v != UINT32_MAX && !plot_parse_number(runset_str(sv->rs, v), &d))
                numeric = false;
            if (v == UINT32_MAX)
                continue;           /* distinct present values, not just gaps */
            if (first == UINT32_MAX) first = v; else if (v != first) differ = true;
        }
        if (numeric && differ) {
            sv->cx = (Column){ COL_PARAM, key };
            have_x = true;
        }
    }
    for (size_t k = 0; k < sv->rs->metric_keys.n && !have_x; k++)
        if (!have_y || sv->rs->metric_keys.ids[k] != sv->cy.id) {
            sv->cx = (Column){ COL_METRIC, sv->rs->metric_keys.ids[k] };
            have_x = true;
        }
    if (!have_x || !have_y) {
        app_error(app, "Nothing numeric to plot: :scatter X Y names two columns");
        sv_destroy(&sv->pb.base);
        return NULL;
    }
    {
        char x[100], y[100];
        column_title(sv->rs, sv->cx, x, sizeof x);
        column_title(sv->rs, sv->cy, y, sizeof y);
        char count[64];
        plots_count(&sv->pb, n, count, sizeof count);
        snprintf(sv->title, sizeof sv->title, "%s against %s, %s", y, x, count);
    }
    return &sv->pb.base;
}

View *scatter_view_open(App *app, const ViewArgs *a)
{
    if (!(a->rs))
        return NULL;
    return scatter_view_new(app, a->rs, a->rows, a->n_rows, a->argc, a->argv, a->focus,
                            a->logged_models);
}
