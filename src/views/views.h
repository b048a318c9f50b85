/* views.h — constructors of every screen. Each returns a View owned by the
 * app's stack (app_push), or NULL when out of memory. */
#ifndef MLTUI_VIEWS_H
#define MLTUI_VIEWS_H

#include "app.h"
#include "core/runset.h"
#include "core/runtable.h"

View *experiments_view_new(App *app);
/* Adds the names and ids of the experiments the list has loaded. */
void  experiments_complete(View *experiments, App *app, Completions *out);

/* The runs of an experiment given by id or by name. */
View *runs_view_new(App *app, const char *id_or_name);
/* The runs a compare or plot works on: the marked runs of the runs view
 * `runs` in table order (marked runs hidden by the quick search follow, in
 * load order), or every shown run when none is marked. Sets *rs to the view's
 * run set (valid until the runs view changes: copy what you keep) and *rows
 * to a malloc'd array of indices into (*rs)->runs that the caller frees.
 * Returns the count; 0 (with *rows NULL) when there is nothing, when out of
 * memory, or when `runs` is not a runs view. */
size_t runs_view_selection(View *runs, const RunSet **rs, uint32_t **rows);
/* Runs rows[0..n) of rs side by side (copied; refreshed by id from
 * runs/search). rows as runs_view_selection gives them. */
View *compare_view_new(App *app, const RunSet *rs, const uint32_t *rows, size_t n);
/* Plots (parallel.c, scatter.c, history.c) of runs rows[0..n) of rs, which
 * they copy. argv[0..argc) are the `:` command's column arguments (none:
 * defaults); focus is a column the caller suggests (the runs table's sort
 * column for parallel/scatter, the metric under the cursor for history) or
 * NULL. history takes at most 10 runs. NULL when out of memory. */
View *parallel_view_new(App *app, const RunSet *rs, const uint32_t *rows, size_t n, int argc,
                        char **argv, const Column *focus);
View *scatter_view_new(App *app, const RunSet *rs, const uint32_t *rows, size_t n, int argc,
                       char **argv, const Column *focus);
View *history_view_new(App *app, const RunSet *rs, const uint32_t *rows, size_t n, int argc,
                       char **argv, const Column *focus);
/* Detail of run `run` of rs (copied; refreshed from runs/get). */
View *run_view_new(App *app, const RunSet *rs, size_t run);
/* A long value in full (title and text copied; hostile text allowed):
 * wrapped, scrollable, Enter or Esc closes it. */
View *text_view_new(const char *title, const char *text);
/* Column chooser editing t (owned by the runs view below it). */
View *columns_view_new(App *app, RunTable *t);
View *messages_view_new(App *app);

/* Lines of text for the messages screen (oldest first). */
int   app_message_count(const App *app);
const char *app_message_text(const App *app, int i, int *is_error, int64_t *at);

#endif
