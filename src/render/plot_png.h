/* plot_png.h — the plots of core/plot.h drawn off-screen at high resolution
 * (anti-aliased lines, axes, tick labels, title, legend) for reports. They
 * take the same model objects the terminal screens draw, so both show the
 * same data. Text degrades to nothing when no font loads (canvas_font_ok). */
#ifndef MLTUI_PLOT_PNG_H
#define MLTUI_PLOT_PNG_H

#include <stddef.h>

#include "core/plot.h"
#include "render/canvas.h"

#define PLOT_PNG_W 1800
#define PLOT_PNG_H 1100

/* Parallel coordinates of n_runs runs over dims[0..n_dims); colour from
 * color's positions through the ramp (NULL: one colour); run hilite
 * (SIZE_MAX: none) drawn on top. Returns NULL when out of memory. */
Canvas *plot_png_parallel(const char *title, const PlotDim *dims, size_t n_dims, size_t n_runs,
                          const PlotDim *color, size_t hilite);
/* Scatter of y against x, optionally coloured; names label the hilite point. */
Canvas *plot_png_scatter(const char *title, const PlotDim *x, const PlotDim *y,
                         const PlotDim *color, size_t n_runs, size_t hilite,
                         const char *hilite_name);
/* Metric history: series over numeric axes x and y, with a legend. */
Canvas *plot_png_history(const char *title, const char *xlabel, const char *ylabel,
                         const PlotAxis *x, const PlotAxis *y, const PlotSeries *s, size_t n);
/* Writes c to path (never replacing a file: the caller asks first) and frees it. */
int     plot_png_save(Canvas *c, const char *path, char *err, size_t errsize);

#endif
