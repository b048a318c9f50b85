/* runs.c — the runs of one experiment: a table with the run name pinned at
 * the left, one column per metric and param, local sorting and quick filter,
 * a server-side MLflow filter, and active/deleted/all runs.
 *
 * Pages stream in: the first (small) page is shown as soon as it arrives and
 * every later page is merged, re-sorted locally and drawn; the cursor stays on
 * the same run. A new server query keeps the old rows on screen until its
 * first page arrives, so a rejected filter leaves the table as it was.
 *
 * The columns (shown, widths, cells) are in runs_cols.c; marks and the
 * screens opened over them in runs_marks.c; the cache's swap and :watch in
 * runs_live.c; the state they share in runs_int.h. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/idset.h"
#include "core/runtable.h"
#include "core/text.h"
#include "views/mouse.h"
#include "views/item.h"
#include "views/runs_int.h"
#include "views/viewtab.h"
#include "views/modelcol.h"
#include "views/regwrite.h"
#include "widgets/draw.h"
#include "widgets/table.h"


static const char *const view_type_names[] = { "active", "deleted", "all" };

/* ---- loading ---- */

bool runs_cacheable(const RunsView *rv)
{
    return rv->view_type == 0 && !rv->pending_filter[0];
}

/* keep_cached: the cached table came up while the experiment was looked up
 * (resolve_experiment): this first query refreshes it rather than replace it. */
static void start_query(RunsView *rv, App *app, bool keep_cached)
{
    RunsQuery q = { 0 };
    const char *ids[1] = { rv->exp_id };
    bool cached = keep_cached && rv->from_cache;

    api_cancel_owner(app_api(app), rv->base.id);
    rv->n_watch_reqs = 0;              /* cancelled with the rest; the next tick looks again */
    runset_free(rv->watch_got);
    rv->watch_got = NULL;
    rv->base.gen++;
    runset_free(rv->next);
    rv->next = runset_new();
    q.experiment_ids = ids;
    q.n_experiment_ids = 1;
    q.filter = rv->pending_filter[0] ? rv->pending_filter : NULL;
    q.view_type = rv->view_type;
    rv->loading = true;
    rv->pages = 0;
    rv->load_started = app_now_ms();
    rv->base.req = api_runs_search(app_api(app), rv->base.id, rv->base.gen, &q);
    rv->from_cache = cached;
    rv->cache_req = 0;
    /* The first look at an experiment may come from the cache: only the plain
     * query (active runs, no server filter) is ever stored. */
    if (!rv->loaded_once && runs_cacheable(rv))
        rv->cache_req = api_cache_runs(app_api(app), rv->base.id, rv->base.gen, rv->exp_id);
}

static void start_runs_query(RunsView *rv, App *app)
{
    start_query(rv, app, false);
}

static void resolve_experiment(RunsView *rv, App *app)
{
    const char *ref = rv->exp_ref;
    bool digits = *ref != '\0';

    for (const char *p = ref; *p; p++)
        if (!isdigit((unsigned char)*p))
            digits = false;
    rv->base.gen++;
    rv->loading = true;
    rv->base.req = digits ? api_experiment_get(app_api(app), rv->base.id, rv->base.gen, ref)
                          : api_experiment_get_by_name(app_api(app), rv->base.id, rv->base.gen,
                                                       ref);
    /* Opened by id (from the experiments list, --experiment 1): the cache is
     * keyed by id, so the table seen before comes up now, not after the
     * server has answered experiments/get; a server that cannot be reached
     * leaves it on screen, "not refreshed". */
    if (!rv->loaded_once && runs_cacheable(rv)) {
        runset_free(rv->next);
        rv->next = runset_new();
        rv->pages = 0;
        rv->load_started = app_now_ms();
        /* By name (--experiment NAME): the cached experiments list gives
         * the id first (rv_on_result). */
        rv->cache_req = digits
            ? api_cache_runs(app_api(app), rv->base.id, rv->base.gen, ref)
            : api_cache_experiments(app_api(app), rv->base.id, rv->base.gen);
    }
}

/* ---- keeping the cursor on the same run across refreshes ---- */

static uint32_t cursor_run(const RunsView *rv)
{
    if (rv->t.n_rows == 0 || rv->tbl.cursor >= rv->t.n_rows)
        return UINT32_MAX;
    return rv->rs->runs[rv->t.rows[rv->tbl.cursor]].run_id;
}

void runs_keep_cursor(RunsView *rv)
{
    const char *id = NULL;
    uint32_t rid = cursor_run(rv);

    if (rid != UINT32_MAX)
        id = strdup(runset_str(rv->rs, rid));
    runtable_refresh(&rv->t);
    if (id) {
        for (size_t i = 0; i < rv->t.n_rows; i++)
            if (strcmp(runset_str(rv->rs, rv->rs->runs[rv->t.rows[i]].run_id), id) == 0) {
                rv->tbl.cursor = i;
                break;
            }
        free((void *)id);
    }
}

/* ---- sorting and filtering ---- */

static void sort_by(RunsView *rv, App *app, Column c, bool desc)
{
    char name[256];

    runtable_sort_by(&rv->t, c, desc);
    runs_keep_cursor(rv);
    rv->tbl.cursor = 0;
    rv->tbl.top = 0;
    column_name(rv->rs, c, name, sizeof name);
    app_message(app, "Sorted by %s %s", name, desc ? "descending" : "ascending");
}

static int submit_quick(View *v, App *app, const char *text)
{
    RunsView *rv = (RunsView *)v;
    char n[32], total[32];

    runtable_set_quick(&rv->t, text);
    runs_keep_cursor(rv);
    if (text[0]) {
        fmt_count(rv->t.n_rows, n, sizeof n);
        fmt_count(rv->rs->n_runs, total, sizeof total);
        app_message(app, "%s of %s runs match \"%s\"", n, total, text);
    }
    return R_REDRAW;
}

static int submit_filter(View *v, App *app, const char *text)
{
    RunsView *rv = (RunsView *)v;

    snprintf(rv->pending_filter, sizeof rv->pending_filter, "%s", text);
    if (!rv->exp_id) {
        app_error(app, "The experiment is not loaded yet");
        return R_REDRAW;
    }
    start_runs_query(rv, app);
    return R_REDRAW;
}

/* ---- view ops ---- */

static void rv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    RunsView *rv = (RunsView *)v;

    if (!rv->laid_out && rv->t.n_cols > 1) {
        runs_narrow_layout(rv, cols);
        rv->laid_out = true;
    }
    char info[2600], shown[32], total[32], sort[300] = "";
    TableSrc s;

    (void)app;
    rv->now = app_now_ms();
    runs_update_widths(rv);
    s = runs_source(rv);
    fmt_count(rv->t.n_rows, shown, sizeof shown);
    fmt_count(rv->rs->n_runs, total, sizeof total);
    if (rv->t.n_sort > 0) {
        char name[256];
        column_name(rv->rs, rv->t.sort[0].col, name, sizeof name);
        snprintf(sort, sizeof sort, "  sort: %s %s", name, rv->t.sort[0].desc ? "desc" : "asc");
    }
    char marked[48] = "";   /* the marked count goes right after the run count */
    if (idset_count(&rv->marks)) {
        char m[32];
        fmt_count(idset_count(&rv->marks), m, sizeof m);
        snprintf(marked, sizeof marked, ", %s marked", m);
    }
    char state[128] = "";
    if (rv->from_cache) {
        char ago[32], got[32], of[32];
        fmt_ago(rv->cached_ms, rv->now, ago, sizeof ago);
        fmt_count(rv->next ? rv->next->n_runs : 0, got, sizeof got);
        fmt_count(rv->cached_runs, of, sizeof of);
        if (rv->loading)
            snprintf(state, sizeof state, "  cached %s · refreshing %s/%s", ago, got, of);
        else
            snprintf(state, sizeof state, "  cached %s · not refreshed", ago);
    } else if (rv->loading) {
        snprintf(state, sizeof state, "  loading…");
    } else if (rv->watch_s) {
        char last[32] = "", run[32];
        if (rv->watch_last)
            fmt_ago(rv->watch_last, rv->now, last, sizeof last);
        fmt_count(rv->watch_running, run, sizeof run);
        snprintf(state, sizeof state, "  watching every %ds · %s running · last look %s",
                 rv->watch_s, run, rv->watch_last ? last : "—");
    }
    snprintf(info, sizeof info, " %s  %s/%s runs%s  [%s]%s%s%s%s%s%s", rv->exp_name ? rv->exp_name
             : rv->exp_ref, shown, total, marked, view_type_names[rv->view_type], sort,
             rv->filter[0] ? "  filter: " : "", rv->filter,
             rv->t.quick ? "  search: " : "", rv->t.quick ? rv->t.quick : "", state);
    draw_text(w, 0, 0, info, cols, ROLE_SECTION, true);
    table_draw(&rv->tbl, &s, w, 1, 0, rows - 1, cols);
    if (rv->t.n_rows == 0 && rows > 4) {
        const char *msg = rv->loading ? "Loading runs…"
                        : rv->rs->n_runs ? "No run matches the search (Esc clears it)."
                        : rv->filter[0] ? "No run matches the filter (f changes it)."
                        : "No runs in this experiment.";
        draw_text(w, 3, 2, msg, cols - 2, ROLE_DIM, false);
    }
}

static int rv_handle(View *v, App *app, Action a)
{
    RunsView *rv = (RunsView *)v;
    TableSrc s = runs_source(rv);

    rv->tbl.col_cursor = true;
    if (table_move(&rv->tbl, &s, a))
        return R_REDRAW;
    switch (a) {
    case ACT_OPEN:
        if (rv->t.n_rows == 0)
            return R_NONE;
        view_open(app, VIEW_RUN, &(ViewArgs){ .rs = rv->rs, .run = rv->t.rows[rv->tbl.cursor] });
        return R_REDRAW;
    case ACT_SORT: {
        if (rv->t.n_cols == 0)
            return R_NONE;
        Column c = *runs_shown_col(rv, rv->tbl.col);
        int si = runs_sort_index(rv, c);
        bool desc = si == 0 ? !rv->t.sort[0].desc : runtable_default_desc(rv->rs, c);
        sort_by(rv, app, c, desc);
        return R_REDRAW;
    }
    case ACT_SORT_REVERSE:
        if (rv->t.n_sort == 0) {
            app_message(app, "Not sorted: s sorts by the column under the cursor");
            return R_REDRAW;
        }
        sort_by(rv, app, rv->t.sort[0].col, !rv->t.sort[0].desc);
        return R_REDRAW;
    case ACT_SEARCH:
        app_prompt(app, v, "/", rv->t.quick ? rv->t.quick : "", submit_quick, NULL);
        return R_REDRAW;
    case ACT_FILTER:
        app_prompt(app, v, "filter (MLflow syntax, e.g. metrics.f1 > 0.9): ", rv->filter,
                   submit_filter, NULL);
        return R_REDRAW;
    case ACT_COLUMNS:
        view_open(app, VIEW_COLUMNS, &(ViewArgs){ .table = &rv->t });
        return R_REDRAW;
    case ACT_VIEW_TYPE:
        rv->view_type = (rv->view_type + 1) % 3;
        snprintf(rv->pending_filter, sizeof rv->pending_filter, "%s", rv->filter);
        if (rv->exp_id)
            start_runs_query(rv, app);
        app_message(app, "Showing %s runs", view_type_names[rv->view_type]);
        return R_REDRAW;
    case ACT_WATCH:
        if (rv->watch_s) {
            runs_watch_stop(rv, app);
            app_message(app, "Stopped watching");
        } else {
            runs_watch_start(rv, app, 5);
        }
        return R_REDRAW;
    case ACT_RELOAD:
        snprintf(rv->pending_filter, sizeof rv->pending_filter, "%s", rv->filter);
        if (rv->exp_id)
            start_runs_query(rv, app);
        else
            resolve_experiment(rv, app);
        return R_REDRAW;
    case ACT_COPY_ID:
        if (rv->t.n_rows)
            app_message(app, "Run id %s",
                        runset_str(rv->rs, rv->rs->runs[rv->t.rows[rv->tbl.cursor]].run_id));
        return R_REDRAW;
    case ACT_SEARCH_NEXT:
    case ACT_SEARCH_PREV:
        app_message(app, "/ filters the rows as you search; Esc clears it");
        return R_REDRAW;
    case ACT_MARK:
        if (rv->t.n_rows == 0)
            return R_NONE;
        runs_mark_row(rv, rv->tbl.cursor, !runs_marked(rv, rv->t.rows[rv->tbl.cursor]));
        table_move(&rv->tbl, &s, ACT_DOWN);
        return R_REDRAW;
    case ACT_MARK_ALL:
        runs_mark_top(rv, app, SIZE_MAX);
        return R_REDRAW;
    case ACT_UNMARK_ALL:
        idset_clear(&rv->marks);
        app_message(app, "Marks cleared");
        return R_REDRAW;
    case ACT_COMPARE:
        return runs_compare(rv, app);
    case ACT_LOGGED_MODELS:
        return runs_open_logged_models(rv, app);
    case ACT_PARALLEL:
    case ACT_SCATTER:
    case ACT_HISTORY:
        return runs_open_plot(rv, app, a, 0, NULL);
    case ACT_BACK:
        if (rv->t.quick)
            return submit_quick(v, app, "");
        return R_UNKNOWN;
    default:
        /* D/U/t/E on the run under the cursor: regwrite.c. */
        return regw_run_action(app, v, a, rv->rs, rv->t.n_rows && rv->tbl.cursor < rv->t.n_rows
                               ? rv->t.rows[rv->tbl.cursor] : (size_t)-1, NULL);
    }
}

/* Shows ns (taken) instead of the current runs, carrying over the user's
 * sort, quick search, hidden and added columns (by name: key ids differ
 * between sets). keep_cursor: stay on the same run (a refresh), else go to
 * the top (a new query). */
void runs_show_set(RunsView *rv, RunSet *ns, bool keep_cursor)
{
    RunTable old = rv->t;
    RunSet  *prev = rv->rs;
    char    *at = NULL;
    size_t   above = rv->tbl.cursor - rv->tbl.top;
    uint32_t rid = keep_cursor ? cursor_run(rv) : UINT32_MAX;

    if (rid != UINT32_MAX)
        at = strdup(runset_str(prev, rid));
    rv->rs = ns;
    runtable_init(&rv->t, rv->rs);
    for (int i = 0; i < old.n_sort; i++) {
        char name[512];
        Column c;
        column_name(prev, old.sort[i].col, name, sizeof name);
        if (runtable_parse_column(rv->rs, name, &c)) {
            rv->t.sort[rv->t.n_sort].col = c;
            rv->t.sort[rv->t.n_sort++].desc = old.sort[i].desc;
        }
    }
    if (old.quick)
        runtable_set_quick(&rv->t, old.quick);
    runtable_sync_columns(&rv->t);
    runtable_carry_columns(&rv->t, &old, prev);
    runtable_free(&old);
    runset_free(prev);
    runtable_refresh(&rv->t);
    rv->tbl.cursor = rv->tbl.top = 0;
    if (at) {
        for (size_t i = 0; i < rv->t.n_rows; i++)
            if (strcmp(runset_str(rv->rs, rv->rs->runs[rv->t.rows[i]].run_id), at) == 0) {
                rv->tbl.cursor = i;
                rv->tbl.top = i >= above ? i - above : 0;
                break;
            }
        free(at);
    }
}

static void rv_on_result(View *v, App *app, ApiResult *r)
{
    RunsView *rv = (RunsView *)v;
    int w = regw_on_result(v, app, r);

    if (w != RW_NOT_MINE) {          /* a write's reply: re-read the runs when it was made */
        if (w == RW_OK)
            rv_handle(v, app, ACT_RELOAD);
        return;
    }
    if (runs_watch_owns(rv, r->req_id)) {
        runs_watch_result(rv, app, r);
        return;
    }
    if (r->kind == REQ_EXPERIMENTS_SEARCH && r->cached) {
        /* Opened by name: the id the runs are cached under, from the cached
         * experiments list, while experiments/get-by-name is still out. */
        for (size_t i = 0; r->experiments && !rv->exp_id && !rv->loaded_once &&
                           i < r->experiments->n; i++) {
            const Experiment *x = &r->experiments->items[i];
            if (x->id && x->name && strcmp(x->name, rv->exp_ref) == 0) {
                rv->cache_req = api_cache_runs(app_api(app), rv->base.id, rv->base.gen, x->id);
                break;
            }
        }
        return;
    }
    if (modelcol_on_result(&rv->mc, v, app, r, rv->rs)) {
        /* L waited for the server's version: go on if this screen is still
         * the one on top (a screen opened meanwhile is not pushed aside). */
        if (rv->lm_pending && modelcol_settled(&rv->mc)) {
            rv->lm_pending = false;
            if (app_view_at(app, app_depth(app) - 1) == v)
                runs_open_logged_models(rv, app);
        }
        return;
    }
    if (r->err.kind != ERR_OK) {
        rv->loading = false;
        runset_free(rv->next);
        rv->next = NULL;
        if (r->err.kind == ERR_CANCELLED)
            return;
        if (r->kind == REQ_RUNS_SEARCH && r->err.kind == ERR_SERVER && r->page <= 1
            && r->err.http_status == 400 && rv->pending_filter[0])
            app_error(app, "Filter rejected: %s", r->err.message);
        else
            app_error(app, "%s", r->err.message);
        return;
    }
    if (r->kind == REQ_EXPERIMENT_GET && r->experiment) {
        free(rv->exp_id);
        free(rv->exp_name);
        rv->exp_id = strdup(r->experiment->id ? r->experiment->id : "");
        rv->exp_name = strdup(r->experiment->name ? r->experiment->name : "");
        start_query(rv, app, true);
        modelcol_start(&rv->mc, v, app, rv->exp_id);
        return;
    }
    if (r->kind == REQ_RUNS_SEARCH && r->cached) {
        runs_cache_result(rv, app, r);
        return;
    }
    if (r->kind != REQ_RUNS_SEARCH || !r->runs)
        return;
    rv->pages++;
    if (rv->from_cache) {
        /* Refreshing a cached table: gather the server's pages out of sight. */
        runset_merge(rv->next, r->runs);
    } else if (rv->next) {
        /* First page of a new query: it replaces what was shown. */
        RunSet *ns = rv->next;

        rv->next = NULL;
        runset_merge(ns, r->runs);
        runs_show_set(rv, ns, false);
        snprintf(rv->filter, sizeof rv->filter, "%s", rv->pending_filter);
        rv->loaded_once = true;
    } else {
        runset_merge(rv->rs, r->runs);
        runtable_sync_columns(&rv->t);
        runs_keep_cursor(rv);
    }
    if (r->final && rv->from_cache && rv->next && runs_refresh_swap(rv, app))
        return;
    modelcol_apply(&rv->mc, rv->rs);
    if (r->final) {
        char n[32];
        rv->loading = false;
        fmt_count(rv->rs->n_runs, n, sizeof n);
        if (runs_cacheable(rv) && !strcmp(rv->filter, ""))
            api_cache_store_runs(app_api(app), rv->exp_id, rv->rs);
        app_message(app, "Loaded %s runs in %.1fs (%d page%s)", n,
                    (double)(app_now_ms() - rv->load_started) / 1000.0, rv->pages,
                    rv->pages == 1 ? "" : "s");
    }
}

static int rv_command(View *v, App *app, int argc, char **argv)
{
    RunsView *rv = (RunsView *)v;
    const char *c = argv[0];

    if (strcmp(c, "watch") == 0) {
        char *end = NULL;
        long  sec = argc > 1 ? strtol(argv[1], &end, 10) : 5;

        if (argc > 2)
            return R_UNKNOWN;
        if (argc == 2 && strcmp(argv[1], "off") == 0) {
            if (rv->watch_s)
                app_message(app, "Stopped watching");
            runs_watch_stop(rv, app);
            return R_REDRAW;
        }
        if (argc == 2 && (!end || *end || sec < 1 || sec > 3600)) {
            app_error(app, "Usage: :watch [SECONDS|off]  (1 to 3600 seconds, default 5)");
            return R_REDRAW;
        }
        runs_watch_forget(rv, app);
        runs_watch_start(rv, app, (int)sec);
        return R_REDRAW;
    }
    if (strcmp(c, "sort") == 0) {
        Column col;
        bool desc;
        if (argc < 2) {
            app_error(app, "Usage: :sort COLUMN [asc|desc]  (e.g. :sort f1 desc)");
            return R_REDRAW;
        }
        if (!runtable_parse_column(rv->rs, argv[1], &col)) {
            app_error(app, "No column %s (Tab completes column names)", argv[1]);
            return R_REDRAW;
        }
        desc = runtable_default_desc(rv->rs, col);
        if (argc >= 3 && !runtable_parse_dir(argv[2], &desc)) {
            app_error(app, "Sort direction is asc or desc, not %s", argv[2]);
            return R_REDRAW;
        }
        /* Put the cursor on the sorted column. */
        for (size_t i = 0; i < rv->t.n_cols; i++)
            if (column_equal(rv->t.cols[i], col))
                rv->tbl.col = i;
        sort_by(rv, app, col, desc);
        return R_REDRAW;
    }
    if (strcmp(c, "filter") == 0)
        return submit_filter(v, app, app_command_rest(app));
    if (strcmp(c, "search") == 0)
        return submit_quick(v, app, app_command_rest(app));
    if (strcmp(c, "columns") == 0) {
        view_open(app, VIEW_COLUMNS, &(ViewArgs){ .table = &rv->t });
        return R_REDRAW;
    }
    if (strcmp(c, "lifecycle") == 0) {
        for (int i = 0; argc >= 2 && i < 3; i++)
            if (strcmp(argv[1], view_type_names[i]) == 0) {
                rv->view_type = i;
                snprintf(rv->pending_filter, sizeof rv->pending_filter, "%s", rv->filter);
                start_runs_query(rv, app);
                return R_REDRAW;
            }
        app_error(app, "Usage: :lifecycle active|deleted|all");
        return R_REDRAW;
    }
    if (strcmp(c, "mark") == 0)
        return runs_mark_command(rv, app, argc, argv);
    if (strcmp(c, "compare") == 0)
        return runs_compare(rv, app);
    if (strcmp(c, "logged-models") == 0)
        return runs_open_logged_models(rv, app);
    if (strcmp(c, "parallel") == 0 || strcmp(c, "scatter") == 0 || strcmp(c, "history") == 0)
        return runs_open_plot(rv, app, c[0] == 'p' ? ACT_PARALLEL : c[0] == 's' ? ACT_SCATTER
                         : ACT_HISTORY, argc - 1, argv + 1);
    return regw_run_command(app, v, argc, argv, rv->rs,
                            rv->t.n_rows && rv->tbl.cursor < rv->t.n_rows
                                ? rv->t.rows[rv->tbl.cursor] : (size_t)-1);
}

static void add_keys(const RunSet *rs, const KeyList *kl, const char *prefix, bool bare,
                     Completions *out)
{
    char buf[512];
    for (size_t i = 0; i < kl->n; i++) {
        const char *k = runset_str(rs, kl->ids[i]);
        bool quote = strpbrk(k, " -/:.") != NULL && strcmp(prefix, "") != 0;
        if (bare)
            completions_add(out, k);
        snprintf(buf, sizeof buf, quote ? "%s`%s`" : "%s%s", prefix, k);
        completions_add(out, buf);
    }
}

static void rv_complete(View *v, App *app, int argc, char **argv, int argi, Completions *out)
{
    RunsView *rv = (RunsView *)v;
    static const char *const attrs[] = { "name", "status", "start", "end", "duration", "user",
                                         "source", "model", "run_id", NULL };
    (void)app;
    (void)argc;
    if (strcmp(argv[0], "sort") == 0) {
        if (argi == 1) {
            add_keys(rv->rs, &rv->rs->metric_keys, "metrics.", true, out);
            add_keys(rv->rs, &rv->rs->param_keys, "params.", false, out);
            for (const char *const *a = attrs; *a; a++)
                completions_add(out, *a);
            add_keys(rv->rs, &rv->rs->tag_keys, "tags.", false, out);
        } else if (argi == 2) {
            completions_add(out, "desc");
            completions_add(out, "asc");
        }
    } else if (strcmp(argv[0], "filter") == 0 && argi == 1) {
        add_keys(rv->rs, &rv->rs->metric_keys, "metrics.", false, out);
        add_keys(rv->rs, &rv->rs->param_keys, "params.", false, out);
        add_keys(rv->rs, &rv->rs->tag_keys, "tags.", false, out);
        completions_add(out, "attributes.status");
        completions_add(out, "attributes.run_name");
        completions_add(out, "attributes.user_id");
        completions_add(out, "attributes.start_time");
    } else if (strcmp(argv[0], "lifecycle") == 0 && argi == 1) {
        for (int i = 0; i < 3; i++)
            completions_add(out, view_type_names[i]);
    } else if (strcmp(argv[0], "mark") == 0 && argi == 1) {
        completions_add(out, "all");
        completions_add(out, "none");
        completions_add(out, "top");
    }
}

static void rv_title(View *v, char *buf, size_t size)
{
    RunsView *rv = (RunsView *)v;
    snprintf(buf, size, "%s", rv->exp_name ? rv->exp_name : rv->exp_ref);
}

static void rv_start(View *v, App *app)
{
    resolve_experiment((RunsView *)v, app);
}

static int rv_tick(View *v, App *app, int64_t now)
{
    RunsView *rv = (RunsView *)v;

    int       r = R_NONE;

    if (rv->fresh_until && now >= rv->fresh_until) {
        rv->fresh_until = 0;   /* the highlight of the last refresh fades */
        r = R_REDRAW;
    } else if (rv->fresh_until) {
        app_wake_at(app, rv->fresh_until);
    }
    if (rv->watch_s) {
        if (now >= rv->watch_next) {
            runs_watch_look(rv, app);
            rv->watch_next = now + (int64_t)rv->watch_s * 1000;
            r = R_REDRAW;
        }
        app_wake_at(app, rv->watch_next);
    }
    return r;
}

static void rv_destroy(View *v)
{
    RunsView *rv = (RunsView *)v;
    runtable_free(&rv->t);
    runset_free(rv->rs);
    runset_free(rv->next);
    free(rv->exp_id);
    free(rv->exp_name);
    free(rv->widths);
    free(rv->widths_of);
    idset_free(&rv->marks);
    modelcol_free(&rv->mc);
    idset_free(&rv->fresh);
    runset_free(rv->watch_got);
    free(rv);
}

static const Action rv_actions[] = {
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP, ACT_HALF_DOWN, ACT_HOME, ACT_END,
    ACT_LEFT, ACT_RIGHT, ACT_LINE_START, ACT_LINE_END, ACT_OPEN, ACT_SORT, ACT_SORT_REVERSE,
    ACT_SEARCH, ACT_FILTER, ACT_COLUMNS, ACT_VIEW_TYPE, ACT_RELOAD, ACT_WATCH, ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB,
    ACT_PROMPT,
    ACT_EXPERIMENTS, ACT_ERRORS, ACT_REDRAW, ACT_HELP, ACT_BACK, ACT_QUIT,
    ACT_MARK, ACT_MARK_ALL, ACT_UNMARK_ALL, ACT_COMPARE, ACT_PARALLEL, ACT_SCATTER, ACT_HISTORY,
    ACT_DELETE, ACT_RESTORE, ACT_TAG, ACT_EDIT, ACT_LOGGED_MODELS, ACT_NONE,
};
static const Action rv_hints[] = { ACT_OPEN, ACT_SORT, ACT_SORT_REVERSE, ACT_SEARCH, ACT_FILTER,
                                   ACT_COLUMNS, ACT_VIEW_TYPE, ACT_PROMPT, ACT_MARK, ACT_COMPARE,
                                   ACT_NONE };
static bool rv_item(View *v, ItemRef *out)
{
    RunsView *rv = (RunsView *)v;
    const Run *r;

    if (!rv->t.n_rows)
        return false;
    r = &rv->rs->runs[rv->t.rows[rv->tbl.cursor]];
    item_run(out, runset_str(rv->rs, r->experiment_id), runset_str(rv->rs, r->run_id));
    return true;
}

static int rv_click(View *v, App *app, int y, int x, bool twice)
{
    return view_click_table(v, app, &((RunsView *)v)->tbl, y, x, twice);
}

const ViewOps runs_view_ops = {
    .click = rv_click,
    .item = rv_item,
    .name      = "runs",
    .actions   = rv_actions,
    .hints     = rv_hints,
    .start     = rv_start,
    .draw      = rv_draw,
    .handle    = rv_handle,
    .on_result = rv_on_result,
    .tick      = rv_tick,
    .command   = rv_command,
    .complete  = rv_complete,
    .title     = rv_title,
    .destroy   = rv_destroy,
};

static View *runs_view_new(App *app, const char *id_or_name)
{
    RunsView *rv = calloc(1, sizeof *rv);

    (void)app;
    if (!rv)
        return NULL;
    rv->base.ops = &runs_view_ops;
    snprintf(rv->exp_ref, sizeof rv->exp_ref, "%s", id_or_name);
    rv->rs = runset_new();
    if (!rv->rs) {
        free(rv);
        return NULL;
    }
    runtable_init(&rv->t, rv->rs);
    runtable_sync_columns(&rv->t);
    rv->tbl.left = 1;
    rv->tbl.col_cursor = true;
    return &rv->base;
}

View *runs_view_open(App *app, const ViewArgs *a)
{
    View *v;

    if (!(a->experiment))
        return NULL;
    v = runs_view_new(app, a->experiment);
    /* The name the opener knows (the experiments list): the title has it
     * before experiments/get answers, or when it never does. */
    if (v && a->title && a->title[0] && !((RunsView *)v)->exp_name)
        ((RunsView *)v)->exp_name = strdup(a->title);
    return v;
}
