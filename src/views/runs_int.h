/* runs_int.h — the runs screen's state, shared by runs.c (the table, keys,
 * commands, loading) and runs_live.c (the cache's stale-while-revalidate
 * swap and :watch). Private to those two files; other screens open the runs
 * screen through views/viewtab.h. */
#ifndef MLTUI_VIEWS_RUNS_INT_H
#define MLTUI_VIEWS_RUNS_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/idset.h"
#include "core/runtable.h"
#include "views/modelcol.h"
#include "views/viewtab.h"
#include "widgets/table.h"

typedef struct RunsView {
    View      base;
    char      exp_ref[256];     /* as given: id or name */
    char     *exp_id, *exp_name;
    RunSet   *rs;               /* what is shown */
    RunSet   *next;             /* a new query's pages until its first arrives */
    RunTable  t;
    Table     tbl;
    char      filter[1024];     /* server-side MLflow filter */
    char      pending_filter[1024];
    int       view_type;        /* 0 active, 1 deleted, 2 all */
    bool      loading, loaded_once;
    bool      laid_out;         /* the narrow-terminal layout was decided (first draw) */
    int64_t   load_started;
    int       pages;
    int      *widths;           /* per shown column, cached against rs->version */
    size_t    n_widths;
    uint64_t  widths_version;
    Column   *widths_of;        /* the columns the widths were computed for */
    int64_t   now;
    IdSet     marks;            /* marked runs by run id: survive sorts, searches, queries */
    ModelCol  mc;               /* MLflow 3: the model column from logged models */
    /* The local cache (stale-while-revalidate): the cached table is shown at
     * once while the server's pages gather in `next`; the last one swaps in. */
    uint64_t  cache_req;        /* the cache read in flight, or 0 */
    bool      from_cache;       /* the rows shown are the cache's */
    bool      lm_pending;       /* L typed before the server's MLflow version was known */
    int64_t   cached_ms;        /* when that cache entry was stored (wall clock) */
    size_t    cached_runs;      /* how many runs it held: "refreshing 3,000/10,000" */
    IdSet     fresh;            /* runs new or changed at the last refresh or look */
    int64_t   fresh_until;      /* highlighted until then (app_now_ms) */
    /* :watch — every watch_s seconds one cheap look (watch_look) merged in place. */
    int       watch_s;          /* seconds between looks; 0 = not watching */
    int64_t   watch_next;       /* when the next look is due (app_now_ms) */
    int64_t   watch_last;       /* when the last look ended, or 0 */
    uint64_t  watch_reqs[64];   /* the look's requests in flight */
    size_t    n_watch_reqs;
    RunSet   *watch_got;        /* what the look has returned so far */
    size_t    watch_running;    /* runs still running at the last look */
} RunsView;

/* runs.c */
/* True when this query's rows may come from and go to the cache (active runs,
 * no server filter pending). */
bool runs_cacheable(const RunsView *rv);
/* Re-sorts and re-filters after rows changed; the cursor stays on its run. */
void runs_keep_cursor(RunsView *rv);
/* Shows ns (taken) instead of the current runs, carrying over the user's
 * sort, quick search and columns; keep_cursor: stay on the same run. */
void runs_show_set(RunsView *rv, RunSet *ns, bool keep_cursor);

/* runs_cols.c */
const Column *runs_shown_col(const RunsView *rv, size_t c);
/* Recomputes the column widths when the run set or the columns changed. */
void     runs_update_widths(RunsView *rv);
/* The sort key index of column c, or -1. */
int      runs_sort_index(const RunsView *rv, Column c);
TableSrc runs_source(RunsView *rv);
/* Hides the attribute columns needed least on a terminal cols wide. */
void     runs_narrow_layout(RunsView *rv, int cols);
/* Carries hidden and added columns from old (over ors) to nt, by name. */

/* runs_marks.c */
bool runs_marked(const RunsView *rv, size_t r);
void runs_mark_row(RunsView *rv, size_t row, bool on);
/* Marks exactly the first n shown rows (n = SIZE_MAX: all shown rows). */
void runs_mark_top(RunsView *rv, App *app, size_t n);
/* :mark [all|none|top N] */
int  runs_mark_command(RunsView *rv, App *app, int argc, char **argv);
/* c / :compare: the marked runs, or the shown ones when none is marked. */
int  runs_compare(RunsView *rv, App *app);
/* p, x, H (kind ACT_PARALLEL, ACT_SCATTER, ACT_HISTORY) over the selection;
 * argv: the command's column arguments. */
int  runs_open_plot(RunsView *rv, App *app, Action kind, int argc, char **argv);
/* L / :logged-models (MLflow 3). */
int  runs_open_logged_models(RunsView *rv, App *app);

/* runs_live.c: the cache */
/* The cached runs read at open (r->cached): shown at once, marked as cached,
 * unless the server's first page is already on screen. */
void runs_cache_result(RunsView *rv, App *app, ApiResult *r);
/* The server's last page while a cached table is shown (rv->next holds all
 * its pages): swaps it in keeping sort, columns, marks and the cursor's run,
 * highlights what is new or changed, saves it to the cache, says what
 * changed. False when the difference could not be computed (then the set is
 * shown and the caller reports an ordinary load). */
bool runs_refresh_swap(RunsView *rv, App *app);

/* runs_live.c: :watch */
void runs_watch_start(RunsView *rv, App *app, int seconds);
void runs_watch_stop(RunsView *rv, App *app);
/* Cancels the look in flight (the watch goes on). */
void runs_watch_forget(RunsView *rv, App *app);
/* One look for running and new runs (nothing while a load or look is going). */
void runs_watch_look(RunsView *rv, App *app);
/* True when req is one of the current look's requests. */
bool runs_watch_owns(const RunsView *rv, uint64_t req);
void runs_watch_result(RunsView *rv, App *app, ApiResult *r);

#endif
