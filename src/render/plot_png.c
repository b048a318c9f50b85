/* plot_png.c — see plot_png.h. Layout in pixels on a white page: title at
 * the top, the plot in the middle, the legend at the right. Positions come
 * from the model ([PLOT_MISSING, 1]); the missing band is a shaded strip
 * below (or left of) the axes, so no run is dropped from the picture. */
#include "render/plot_png.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/text.h"

#define BG        0xffffffff
#define INK       0x222222ff
#define AXIS      0x555555ff
#define GRID      0xe4e4e4ff
#define BAND      0xf1f1f1ff
#define MUTED     0x777777ff
#define HILITE    0xe4002bff
#define ONE_COLOR 0x2c728eff

typedef struct Box { double x, y, w, h; } Box;

/* Server text made safe and short for a label. */
static const char *label(const char *s, int cols, char *buf, size_t size)
{
    text_fit(s ? s : "", cols, buf, size);
    return buf;
}

static double ypix(const Box *b, double pos)
{
    return b->y + (1 - pos) / (1 - PLOT_MISSING) * b->h;
}

static double xpix(const Box *b, double pos)
{
    return b->x + (pos - PLOT_MISSING) / (1 - PLOT_MISSING) * b->w;
}

static Rgba with_alpha(Rgba c, double a)
{
    return (c & 0xffffff00u) | (Rgba)lround(a * 255);
}

static void title_text(Canvas *c, const char *title)
{
    char buf[512];
    canvas_text(c, 60, 58, label(title, 110, buf, sizeof buf), 30, INK);
}

/* Vertical colour legend for dimension d at (x, y), h tall. */
static void ramp_legend(Canvas *c, const PlotDim *d, double x, double y, double h)
{
    char buf[128], v[64];

    canvas_text(c, x, y - 16, label(d->name, 18, buf, sizeof buf), 18, INK);
    for (int i = 0; i < (int)h; i++)
        canvas_fill_rect(c, x, y + i, 26, 1, plot_ramp(1 - (double)i / h));
    if (d->axis.kind == AXIS_CATEGORICAL) {
        if (d->axis.n_cats) {
            canvas_text(c, x + 34, y + 12, label(d->axis.cats[d->axis.n_cats - 1], 14, buf,
                                                 sizeof buf), 16, INK);
            canvas_text(c, x + 34, y + h, label(d->axis.cats[0], 14, buf, sizeof buf), 16, INK);
        }
    } else if (!isnan(d->axis.dmin)) {
        canvas_text(c, x + 34, y + 12, fmt_metric(d->axis.dmax, v, sizeof v), 16, INK);
        canvas_text(c, x + 34, y + h, fmt_metric(d->axis.dmin, v, sizeof v), 16, INK);
    }
    canvas_fill_rect(c, x, y + h + 24, 26, 14, PLOT_GREY);
    canvas_text(c, x + 34, y + h + 37, "missing", 16, MUTED);
}

static Rgba run_color(const PlotDim *color, size_t r)
{
    if (!color)
        return ONE_COLOR;
    return color->pos[r] == PLOT_MISSING ? PLOT_GREY : plot_ramp(color->pos[r]);
}

Canvas *plot_png_parallel(const char *title, const PlotDim *dims, size_t n_dims, size_t n_runs,
                          const PlotDim *color, size_t hilite)
{
    Canvas *c = canvas_new(PLOT_PNG_W, PLOT_PNG_H, BG);
    Box b = { 90, 170, PLOT_PNG_W - 90 - 330, PLOT_PNG_H - 170 - 60 };
    char buf[256], sub[128];
    double y0, step;
    double alpha = n_runs > 2000 ? 0.25 : n_runs > 300 ? 0.45 : 0.85;
    double lw = n_runs > 300 ? 1.2 : 2.2;

    if (!c)
        return NULL;
    title_text(c, title);
    /* The count of lines is in the title, with its noun (runs or logged models). */
    snprintf(sub, sizeof sub, "%zu ax%s", n_dims, n_dims == 1 ? "is" : "es");
    canvas_text(c, 60, 92, sub, 18, MUTED);
    if (n_dims == 0)
        return c;
    y0 = ypix(&b, 0);
    canvas_fill_rect(c, b.x - 40, y0 + 20, b.w + 80, b.y + b.h - y0 - 10, BAND);
    canvas_text(c, b.x - 40, b.y + b.h + 30, "missing / NaN", 16, MUTED);
    step = n_dims > 1 ? b.w / (double)(n_dims - 1) : 0;
#define AX(i) (n_dims > 1 ? b.x + (double)(i) * step : b.x + b.w / 2)
    for (size_t i = 0; i < n_dims; i++)
        canvas_line(c, AX(i), b.y, AX(i), y0, 2, AXIS);
    for (int pass = 0; pass < 2; pass++)
        for (size_t r = 0; r < n_runs; r++) {
            bool hi = r == hilite;
            if (hi != (pass == 1))
                continue;
            Rgba col = hi ? HILITE : with_alpha(run_color(color, r), alpha);
            for (size_t i = 0; i + 1 < n_dims; i++)
                canvas_line(c, AX(i), ypix(&b, dims[i].pos[r]), AX(i + 1),
                            ypix(&b, dims[i + 1].pos[r]), hi ? 4.5 : lw, col);
            if (n_dims == 1)
                canvas_dot(c, AX(0), ypix(&b, dims[0].pos[r]), hi ? 6 : 3, col);
        }
    /* Axis names, ticks and labels over the lines, on a white halo. */
    for (size_t i = 0; i < n_dims; i++) {
        const PlotAxis *ax = &dims[i].axis;
        double x = AX(i), last_y = -1e9, lab_w = step > 0 ? step - 20 : 200;
        bool left = n_dims > 1 && i == n_dims - 1;
        int cols = (int)(lab_w / 9.5);
        if (cols < 4) cols = 4;
        if (cols > 22) cols = 22;
        label(dims[i].name, (int)(step > 0 ? step / 11 : 30) < 8 ? 8 : (int)(step > 0 ? step / 11 : 30),
              buf, sizeof buf);
        double tw = canvas_text_width(buf, 20);
        canvas_text(c, x - tw / 2, b.y - 52, buf, 20, INK);
        snprintf(sub, sizeof sub, "%s%s%s", plot_axis_kind_name(ax->kind), ax->note[0] ? ": " : "",
                 ax->note);
        tw = canvas_text_width(sub, 14);
        canvas_text(c, x - tw / 2, b.y - 30, sub, 14, MUTED);
        for (size_t t = 0; t < ax->n_ticks; t++) {
            size_t k = left ? ax->n_ticks - 1 - t : t;
            double y = ypix(&b, ax->ticks[k].pos);
            if (fabs(y - last_y) < 18 && !(k == 0 || k == ax->n_ticks - 1))
                continue;
            last_y = y;
            canvas_line(c, x - 6, y, x + 6, y, 2, AXIS);
            label(ax->ticks[k].label, cols, buf, sizeof buf);
            tw = canvas_text_width(buf, 15);
            double lx = left ? x - 10 - tw : x + 10;
            canvas_fill_rect(c, lx - 2, y - 12, tw + 4, 17, with_alpha(BG, 0.75));
            canvas_text(c, lx, y + 5, buf, 15, INK);
        }
        if (ax->n_missing) {
            snprintf(sub, sizeof sub, "%zu", ax->n_missing);
            canvas_text(c, x + 8, ypix(&b, PLOT_MISSING) + 5, sub, 14, MUTED);
        }
    }
#undef AX
    if (color)
        ramp_legend(c, color, PLOT_PNG_W - 220, b.y + 20, b.h * 0.6);
    return c;
}

/* Ticks and grid of a numeric/categorical axis along one side of box b. */
static void axis_ticks(Canvas *c, const Box *b, const PlotAxis *ax, bool vertical)
{
    char buf[96];
    double last = -1e9;

    for (size_t t = 0; t < ax->n_ticks; t++) {
        double p = vertical ? ypix(b, ax->ticks[t].pos) : xpix(b, ax->ticks[t].pos);
        if (fabs(p - last) < (vertical ? 20 : 70))
            continue;
        last = p;
        label(ax->ticks[t].label, 12, buf, sizeof buf);
        double tw = canvas_text_width(buf, 15);
        if (vertical) {
            canvas_line(c, xpix(b, 0), p, b->x + b->w, p, 1, GRID);
            canvas_text(c, b->x - 12 - tw, p + 5, buf, 15, INK);
        } else {
            canvas_line(c, p, b->y, p, ypix(b, 0), 1, GRID);
            canvas_text(c, p - tw / 2, b->y + b->h + 24, buf, 15, INK);
        }
    }
}

Canvas *plot_png_scatter(const char *title, const PlotDim *x, const PlotDim *y,
                         const PlotDim *color, size_t n_runs, size_t hilite,
                         const char *hilite_name)
{
    Canvas *c = canvas_new(PLOT_PNG_W, PLOT_PNG_H, BG);
    Box b = { 150, 130, PLOT_PNG_W - 150 - 330, PLOT_PNG_H - 130 - 110 };
    char buf[256], sub[160];
    double x0, y0, rad = n_runs > 2000 ? 2.5 : 5;

    if (!c)
        return NULL;
    title_text(c, title);
    snprintf(sub, sizeof sub, "x %s, y %s", plot_axis_kind_name(x->axis.kind),
             plot_axis_kind_name(y->axis.kind));
    canvas_text(c, 60, 92, sub, 18, MUTED);
    x0 = xpix(&b, 0);
    y0 = ypix(&b, 0);
    canvas_fill_rect(c, b.x, b.y, x0 - b.x - 10, b.h, BAND);
    canvas_fill_rect(c, b.x, y0 + 10, b.w, b.y + b.h - y0 - 10, BAND);
    axis_ticks(c, &b, &y->axis, true);
    axis_ticks(c, &b, &x->axis, false);
    canvas_line(c, x0 - 5, y0, b.x + b.w, y0, 2, AXIS);
    canvas_line(c, x0 - 5, b.y, x0 - 5, y0, 2, AXIS);
    canvas_text(c, b.x + 4, b.y + b.h - 8, "missing", 14, MUTED);
    label(x->name, 40, buf, sizeof buf);
    canvas_text(c, b.x + b.w / 2 - canvas_text_width(buf, 20) / 2, b.y + b.h + 62, buf, 20, INK);
    label(y->name, 40, buf, sizeof buf);
    canvas_text(c, 20, b.y - 20, buf, 20, INK);
    for (size_t r = 0; r < n_runs; r++)
        if (r != hilite)
            canvas_dot(c, xpix(&b, x->pos[r]), ypix(&b, y->pos[r]), rad,
                       with_alpha(run_color(color, r), 0.85));
    if (hilite < n_runs) {
        double px = xpix(&b, x->pos[hilite]), py = ypix(&b, y->pos[hilite]);
        canvas_dot(c, px, py, rad + 5, HILITE);
        canvas_dot(c, px, py, rad + 2, BG);
        canvas_dot(c, px, py, rad, run_color(color, hilite));
        if (hilite_name)
            canvas_text(c, px + 14, py - 10, label(hilite_name, 30, buf, sizeof buf), 16, INK);
    }
    if (color)
        ramp_legend(c, color, PLOT_PNG_W - 220, b.y + 20, b.h * 0.6);
    return c;
}

Canvas *plot_png_history(const char *title, const char *xlabel, const char *ylabel,
                         const PlotAxis *x, const PlotAxis *y, const PlotSeries *s, size_t n)
{
    Canvas *c = canvas_new(PLOT_PNG_W, PLOT_PNG_H, BG);
    Box b = { 150, 130, PLOT_PNG_W - 150 - 380, PLOT_PNG_H - 130 - 110 };
    char buf[256];
    /* History has no missing band: positions span the whole box. */
    Box inner;

    if (!c)
        return NULL;
    inner = (Box){ b.x - b.w * (-PLOT_MISSING), b.y, b.w * (1 - PLOT_MISSING),
                   b.h * (1 - PLOT_MISSING) };
    title_text(c, title);
    axis_ticks(c, &inner, y, true);
    axis_ticks(c, &inner, x, false);
    canvas_line(c, b.x, b.y + b.h, b.x + b.w, b.y + b.h, 2, AXIS);
    canvas_line(c, b.x, b.y, b.x, b.y + b.h, 2, AXIS);
    label(xlabel, 40, buf, sizeof buf);
    canvas_text(c, b.x + b.w / 2 - canvas_text_width(buf, 20) / 2, b.y + b.h + 62, buf, 20, INK);
    label(ylabel, 40, buf, sizeof buf);
    canvas_text(c, 20, b.y - 20, buf, 20, INK);
    for (size_t i = 0; i < n; i++) {
        Rgba col = plot_series_color((int)i);
        double px = NAN, py = NAN;
        for (size_t k = 0; k < s[i].n; k++) {
            double qx = plot_axis_pos(x, s[i].x[k]), qy = plot_axis_pos(y, s[i].y[k]);
            if (qx == PLOT_MISSING || qy == PLOT_MISSING) {
                px = NAN;
                continue;
            }
            double X = xpix(&inner, qx), Y = ypix(&inner, qy);
            if (!isnan(px))
                canvas_line(c, px, py, X, Y, 2.5, col);
            if (s[i].n <= 60 || isnan(px))     /* markers while they stay apart */
                canvas_dot(c, X, Y, 3.5, col);
            px = X;
            py = Y;
        }
        double ly = b.y + 10 + 30 * (double)i;
        canvas_line(c, PLOT_PNG_W - 350, ly, PLOT_PNG_W - 310, ly, 4, col);
        canvas_text(c, PLOT_PNG_W - 300, ly + 6, label(s[i].name, 24, buf, sizeof buf), 17, INK);
    }
    return c;
}

int plot_png_save(Canvas *c, const char *path, char *err, size_t errsize)
{
    int rc;

    if (!c) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    rc = canvas_write_png(c, path, err, errsize);
    canvas_free(c);
    return rc;
}
