/* plots.h — what the plot screens (parallel.c, scatter.c, history.c) share:
 * the PNG export flow (default name, never overwrite without asking, path on
 * the status line), column completion. The axes chooser (VIEW_AXES) is in
 * plots.c too, opened through views/viewtab.h. Private to views/. */
#ifndef MLTUI_VIEWS_PLOTS_H
#define MLTUI_VIEWS_PLOTS_H

#include <stdbool.h>
#include <stddef.h>

#include "views/viewtab.h"
#include "core/plot.h"
#include "core/runtable.h"

/* Writes the view's plot as a PNG at path; 0 or -1 with a message in err. */
typedef int (*PlotWriteFn)(View *v, const char *path, char *err, size_t errsize);

/* Every plot view starts with this, so the export prompts can find their way back. */
typedef struct PlotViewBase {
    View        base;
    const char *kind;         /* "parallel", "scatter", "history": default file names */
    PlotWriteFn write;
    char        pending[1024];  /* the path waiting for an overwrite answer */
    bool        logged_models;  /* the lines or points are logged models (MLflow 3), not runs */
} PlotViewBase;

/* What a line or point is: "run" or "logged model". */
const char *plots_noun(const PlotViewBase *pv);
/* The noun, plural when n != 1: "1 run", "3 logged models". */
void plots_count(const PlotViewBase *pv, size_t n, char *buf, size_t size);
/* Enter on row r: its run, or its logged model's screen. */
void plots_open_row(const PlotViewBase *pv, App *app, const RunSet *rs, size_t r);
/* Row r's name as a plot labels it (a logged model with its source run). */
const char *plots_label(const PlotViewBase *pv, const RunSet *rs, size_t r, char *buf,
                        size_t size);

/* `w` and `:export [FILE]`: writes to path (NULL: the default name in the
 * current directory); asks before replacing an existing file. */
int  plots_export(PlotViewBase *pv, App *app, const char *path);

/* Adds metric and param names of rs ("f1", "params.n_estimators") to out. */
void plots_complete_columns(const RunSet *rs, bool metrics_only, Completions *out);
/* Maps a column of one run set to the same-named column of another. */
bool plots_map_column(const RunSet *from, Column c, const RunSet *to, Column *out);

#endif
