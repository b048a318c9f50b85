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
/* Detail of run `run` of rs (copied; refreshed from runs/get). */
View *run_view_new(App *app, const RunSet *rs, size_t run);
/* Column chooser editing t (owned by the runs view below it). */
View *columns_view_new(App *app, RunTable *t);
View *messages_view_new(App *app);

/* Lines of text for the messages screen (oldest first). */
int   app_message_count(const App *app);
const char *app_message_text(const App *app, int i, int *is_error, int64_t *at);

#endif
