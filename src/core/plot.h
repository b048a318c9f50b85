/* plot.h — the data model of every plot (parallel coordinates, scatter,
 * metric history), shared by the terminal rendering and the PNG export so
 * both show the same data. No curses, no I/O.
 *
 * An axis maps values to positions in [0, 1] (0 = the axis' low end):
 * linear or log10 over the data range with "nice" ticks, or categorical with
 * every distinct value as an evenly spaced, labelled tick (no cap; sorted
 * numerically when every value is a number, else bytewise). A run that lacks
 * the value, or holds NaN or an infinity (or a non-positive value on a log
 * axis), is not dropped: it sits at PLOT_MISSING, a band drawn below the axis. */
#ifndef MLTUI_PLOT_H
#define MLTUI_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runset.h"
#include "core/runtable.h"

/* The position of the "missing" band: below the axis' low end. Renderers map
 * [PLOT_MISSING, 1] onto their height and draw the band's label there. */
#define PLOT_MISSING (-0.15)

typedef enum { AXIS_LINEAR, AXIS_LOG, AXIS_CATEGORICAL } AxisKind;

typedef struct PlotTick {
    double pos;          /* in [0, 1] */
    char   label[64];    /* numbers via fmt_metric; categories as given (unsanitised) */
} PlotTick;

typedef struct PlotAxis {
    AxisKind  kind;
    double    lo, hi;       /* numeric: data min and max (lo < hi; padded when equal) */
    double    dmin, dmax;   /* numeric: the data's min and max (NaN when none) */
    char    **cats;         /* categorical: distinct values in axis order (owned) */
    size_t    n_cats;
    PlotTick *ticks;        /* owned */
    size_t    n_ticks;
    size_t    n_missing;    /* values at PLOT_MISSING */
    char      note[96];     /* e.g. why a log axis fell back to linear; "" */
} PlotAxis;

/* A numeric axis over v[0..n): NaN and infinities count as missing (so do
 * +-DBL_MAX, MLflow's stored infinities). With want_log, a log10 axis when
 * every present value is > 0; otherwise linear with a note saying why.
 * Returns 0, or -1 when out of memory. Free with plot_axis_free. */
int    plot_axis_numeric(PlotAxis *ax, const double *v, size_t n, bool want_log);
/* A categorical axis over s[0..n) (NULL = missing): every distinct value. */
int    plot_axis_categorical(PlotAxis *ax, const char *const *s, size_t n);
void   plot_axis_free(PlotAxis *ax);
/* Position of v on a numeric axis: [0, 1] inside the data range (values
 * outside it are clamped), PLOT_MISSING when missing or not representable. */
double plot_axis_pos(const PlotAxis *ax, double v);
/* Position of category s (PLOT_MISSING for NULL or unknown). */
double plot_axis_pos_cat(const PlotAxis *ax, const char *s);
/* The value at position p in [0, 1] of a numeric axis. */
double plot_axis_value(const PlotAxis *ax, double p);
/* The most ticks a numeric axis gets (beyond it: the two ends only). Every
 * axis computation terminates and gives finite positions for any doubles. */
#define PLOT_MAX_TICKS 64
/* A "nice" tick step (1, 2 or 5 x 10^k) giving at most about max_ticks ticks. */
double plot_nice_step(double range, int max_ticks);
/* True when s is a whole number in C syntax (strtod consumes it all). */
bool   plot_parse_number(const char *s, double *out);

/* ---- a dimension: one column over a set of runs ---- */

typedef enum { SCALE_AUTO, SCALE_LINEAR, SCALE_LOG, SCALE_CATEGORICAL } PlotScale;

typedef struct PlotDim {
    Column       col;
    char         name[128];   /* column title (unsanitised server text) */
    PlotScale    scale;       /* as asked; AUTO: metrics and times linear, others categorical */
    bool         numeric;     /* every present value is a number */
    PlotAxis     axis;
    double      *val;         /* per run: the value as a number, NaN when missing/not one */
    const char **str;         /* per run: the text (params, tags, attributes), NULL missing;
                                 points into the RunSet */
    double      *pos;         /* per run: [0, 1] or PLOT_MISSING */
} PlotDim;

/* Builds dimension d for column c over runs rows[0..n) of rs. Returns 0 or -1
 * (memory). d keeps pointers into rs: rs must outlive it. */
int  plot_dim_build(PlotDim *d, const RunSet *rs, const uint32_t *rows, size_t n, Column c,
                    PlotScale scale);
void plot_dim_free(PlotDim *d);
/* The next scale L cycles to: metrics linear <-> log; numeric params
 * categorical -> linear -> log -> categorical; text stays categorical. */
PlotScale plot_dim_next_scale(const PlotDim *d);
/* What the axis actually is, for the screen: "linear", "log", "categorical". */
const char *plot_axis_kind_name(AxisKind k);

/* One line of a metric history plot: n points (x[i], y[i]) in data units. */
typedef struct PlotSeries {
    const char   *name;       /* legend text (unsanitised server text) */
    const double *x, *y;
    size_t        n;
} PlotSeries;

/* A new RunSet holding copies of runs rows[0..n) of src, in that order (so
 * run i of the copy is rows[i] of src). NULL when out of memory. */
RunSet *plot_copy_runs(const RunSet *src, const uint32_t *rows, size_t n);

/* ---- colour ---- */

typedef uint32_t PlotRgba;   /* 0xRRGGBBAA, as Rgba in render/canvas.h */

/* A perceptual, viridis-like ramp: t in [0, 1] (clamped) from dark purple
 * through teal to yellow; NaN gives PLOT_GREY. */
#define PLOT_GREY 0x9a9a9aff
PlotRgba plot_ramp(double t);
/* The nearest xterm-256 colour index (16..255) of plot_ramp(t). */
int      plot_ramp_xterm(double t);
/* A qualitative palette for overlaid series (up to 10, then it repeats). */
PlotRgba plot_series_color(int i);
/* The nearest xterm-256 colour of an RGB value. */
int      plot_rgb_xterm(PlotRgba c);

/* Default file name for an export: "mltui-KIND-YYYYmmdd-HHMMSS.png" at local
 * time t (seconds since the epoch). */
void plot_default_filename(const char *kind, long long t, char *buf, size_t size);

#endif
