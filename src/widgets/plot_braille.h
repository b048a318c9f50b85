/* plot_braille.h — the plot models of core/plot.h rasterised onto a braille
 * canvas: where positions land in dots, parallel-coordinate polylines,
 * scatter points. Pure (no curses calls), so the benchmark and the tests use
 * the same code as the screens. */
#ifndef MLTUI_PLOT_BRAILLE_H
#define MLTUI_PLOT_BRAILLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/plot.h"
#include "widgets/canvas_braille.h"

/* Dot row of position pos in [PLOT_MISSING, 1]: 1 at the top, the missing
 * band at the bottom. */
int  pb_y(const Braille *b, double pos);
/* Dot column of position pos in [PLOT_MISSING, 1]: the missing band at the left. */
int  pb_x(const Braille *b, double pos);
/* Dot column of axis i of n, with ml / mr dots kept free left and right. */
int  pb_axis_x(const Braille *b, size_t i, size_t n, int ml, int mr);
/* Parallel coordinates: the axes as dotted vertical lines, then one polyline
 * per run through dims[0..n_dims) in colour slot color[run] (NULL: slot 0),
 * then run `hilite` (SIZE_MAX: none) on top in BRAILLE_HILITE. */
void pb_parallel(Braille *b, const PlotDim *dims, size_t n_dims, size_t n_runs,
                 const uint8_t *color, size_t hilite, int ml, int mr);
/* Scatter: a 2x2-dot point per run at (x[run], y[run]) positions, the
 * highlighted one as a larger cross on top. */
void pb_scatter(Braille *b, const double *x, const double *y, size_t n, const uint8_t *color,
                size_t hilite);

#endif
