/* plot_braille.c — see plot_braille.h. */
#include "widgets/plot_braille.h"

#include <math.h>

/* pos clamped to [PLOT_MISSING, 1]; NaN is missing. Keeps lround's argument
 * small, so no position a caller computes can overflow an int. */
static double clamp_pos(double pos)
{
    if (!(pos >= PLOT_MISSING))
        return PLOT_MISSING;
    return pos > 1 ? 1 : pos;
}

int pb_y(const Braille *b, double pos)
{
    int h = 4 * b->rows;
    return (int)lround((1 - clamp_pos(pos)) / (1 - PLOT_MISSING) * (h - 1));
}

int pb_x(const Braille *b, double pos)
{
    int w = 2 * b->cols;
    return (int)lround((clamp_pos(pos) - PLOT_MISSING) / (1 - PLOT_MISSING) * (w - 1));
}

int pb_axis_x(const Braille *b, size_t i, size_t n, int ml, int mr)
{
    int w = 2 * b->cols, span = w - 1 - ml - mr;

    if (n <= 1)
        return w / 2;
    if (span < 1)
        span = 1;
    return ml + (int)lround((double)i * span / (double)(n - 1));
}

static void polyline(Braille *b, const PlotDim *dims, size_t n_dims, size_t r, uint8_t slot,
                     int ml, int mr)
{
    int px = pb_axis_x(b, 0, n_dims, ml, mr), py = pb_y(b, dims[0].pos[r]);

    if (n_dims == 1)
        braille_set(b, px, py, slot);
    for (size_t i = 1; i < n_dims; i++) {
        int x = pb_axis_x(b, i, n_dims, ml, mr), y = pb_y(b, dims[i].pos[r]);
        braille_line(b, px, py, x, y, slot);
        px = x;
        py = y;
    }
}

void pb_parallel(Braille *b, const PlotDim *dims, size_t n_dims, size_t n_runs,
                 const uint8_t *color, size_t hilite, int ml, int mr)
{
    int h = 4 * b->rows, y0 = pb_y(b, 0);

    if (n_dims == 0)
        return;
    for (size_t i = 0; i < n_dims; i++) {
        int x = pb_axis_x(b, i, n_dims, ml, mr);
        /* The axis proper, then a dotted stub through the missing band. */
        braille_line(b, x, 0, x, y0, BRAILLE_DIM);
        for (int y = y0 + 2; y < h; y += 2)
            braille_set(b, x, y, BRAILLE_DIM);
    }
    for (size_t r = 0; r < n_runs; r++)
        if (r != hilite)
            polyline(b, dims, n_dims, r, color ? color[r] : 0, ml, mr);
    if (hilite < n_runs)
        polyline(b, dims, n_dims, hilite, BRAILLE_HILITE, ml, mr);
}

void pb_scatter(Braille *b, const double *x, const double *y, size_t n, const uint8_t *color,
                size_t hilite)
{
    for (size_t r = 0; r < n; r++) {
        if (r == hilite)
            continue;
        int px = pb_x(b, x[r]), py = pb_y(b, y[r]);
        uint8_t s = color ? color[r] : 0;
        braille_set(b, px, py, s);
        braille_set(b, px + 1, py, s);
        braille_set(b, px, py + 1, s);
        braille_set(b, px + 1, py + 1, s);
    }
    if (hilite < n) {
        int px = pb_x(b, x[hilite]), py = pb_y(b, y[hilite]);
        for (int d = -3; d <= 3; d++) {
            braille_set(b, px + d, py, BRAILLE_HILITE);
            braille_set(b, px, py + d, BRAILLE_HILITE);
        }
    }
}
