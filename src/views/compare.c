/* compare.c — marked runs side by side: one column per run (its name as the
 * header, scrolling horizontally) and the row names pinned at the left; rows
 * for attributes, params, metrics and tags in groups. `d` keeps only the rows
 * whose values differ, `T` transposes (runs as rows), the best value of each
 * metric is highlighted (`b` flips the direction for the metric under the
 * cursor), Enter or `v` shows a cell in full.
 *
 * Opens at once on a copy of the runs the runs table had, then refreshes
 * them with runs/search requests of up to 100 ids each (api/runids.h) and
 * redraws when the fresh data arrives. Cell text and column widths are
 * computed for visible columns only, so several hundred runs stay fast. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/runids.h"
#include "core/compare.h"
#include "core/format.h"
#include "core/idset.h"
#include "core/logged_model.h"
#include "core/text.h"
#include "views/mouse.h"
#include "views/item.h"
#include "views/viewtab.h"
#include "widgets/draw.h"
#include "widgets/table.h"

typedef struct CompareView {
    View        base;
    RunSet     *rs;             /* own copy of the compared runs */
    uint32_t   *runs;           /* indices into rs, in the order given */
    size_t      n_runs;
    CompareRow *rows;           /* the field rows with their group headers */
    size_t      n_rows;
    size_t     *fields;         /* indices into rows of the non-header rows */
    size_t      n_fields;
    double     *best;           /* per row: the best metric value ... */
    bool       *has_best;       /* ... when there is one */
    int        *widths;         /* per table column, computed when first drawn; 0 = not yet */
    size_t      n_widths;
    int         width_cols;     /* the screen width the widths were computed for */
    bool        diff_only, transposed;
    IdSet       flipped;        /* metrics whose better direction the user flipped */
    Table       tbl;
    size_t      pending;        /* refresh requests in flight */
    bool        models;         /* logged models (MLflow 3): no runs/search refresh,
                                   labelled with their source run, "Created" */
    int64_t     now;
} CompareView;

/* ---- the model ---- */

static bool metric_higher(const CompareView *cv, uint32_t key)
{
    const char *name = runset_str(cv->rs, key);
    return compare_higher_is_better(name) != idset_has(&cv->flipped, name);
}

static void compute_best(CompareView *cv, size_t i)
{
    const CompareRow *row = &cv->rows[i];
    double *v;

    cv->has_best[i] = false;
    if (row->group || row->col.kind != COL_METRIC || cv->n_runs < 2)
        return;
    v = malloc(cv->n_runs * sizeof *v);
    if (!v)
        return;
    for (size_t k = 0; k < cv->n_runs; k++) {
        const MetricVal *m = runset_metric(cv->rs, cv->runs[k], row->col.id);
        v[k] = m ? m->value : NAN;
    }
    cv->has_best[i] = compare_best(v, cv->n_runs, metric_higher(cv, row->col.id),
                                   &cv->best[i]);
    free(v);
}

static size_t table_cols(const CompareView *cv)
{
    return 1 + (cv->transposed ? cv->n_fields : cv->n_runs);
}

static void reset_widths(CompareView *cv)
{
    size_t n = table_cols(cv);
    free(cv->widths);
    cv->widths = calloc(n, sizeof *cv->widths);
    cv->n_widths = cv->widths ? n : 0;
}

/* The field under the cursor (index into rows), or SIZE_MAX. */
static size_t cursor_field(const CompareView *cv)
{
    if (cv->transposed)
        return cv->tbl.col >= 1 && cv->tbl.col - 1 < cv->n_fields ? cv->fields[cv->tbl.col - 1]
                                                                  : SIZE_MAX;
    return cv->tbl.cursor < cv->n_rows ? cv->tbl.cursor : SIZE_MAX;
}

/* The run under the cursor (index into runs), or SIZE_MAX. */
static size_t cursor_run(const CompareView *cv)
{
    if (cv->transposed)
        return cv->tbl.cursor < cv->n_runs ? cv->tbl.cursor : SIZE_MAX;
    return cv->tbl.col >= 1 && cv->tbl.col - 1 < cv->n_runs ? cv->tbl.col - 1 : SIZE_MAX;
}

/* Rebuilds rows, fields and best values; the cursor stays on the same field
 * and run when they are still shown. */
static void rebuild(CompareView *cv)
{
    size_t f = cursor_field(cv), r = cursor_run(cv);
    CompareRow keep = { .group = true };
    bool on_field = f != SIZE_MAX && !cv->rows[f].group;

    if (f != SIZE_MAX)
        keep = cv->rows[f];
    free(cv->rows);
    free(cv->fields);
    free(cv->best);
    free(cv->has_best);
    cv->fields = NULL;
    cv->best = NULL;
    cv->has_best = NULL;
    cv->n_fields = 0;
    cv->n_rows = compare_rows(cv->rs, cv->runs, cv->n_runs, cv->diff_only, cv->now, &cv->rows);
    cv->fields = malloc((cv->n_rows ? cv->n_rows : 1) * sizeof *cv->fields);
    cv->best = calloc(cv->n_rows ? cv->n_rows : 1, sizeof *cv->best);
    cv->has_best = calloc(cv->n_rows ? cv->n_rows : 1, sizeof *cv->has_best);
    if (!cv->fields || !cv->best || !cv->has_best) {
        free(cv->rows);
        cv->rows = NULL;
        cv->n_rows = 0;
    }
    for (size_t i = 0; i < cv->n_rows; i++) {
        if (!cv->rows[i].group)
            cv->fields[cv->n_fields++] = i;
        compute_best(cv, i);
    }
    reset_widths(cv);
    /* Back onto the same field (by kind and key) and the same run. */
    size_t at = SIZE_MAX;
    for (size_t i = 0; on_field && i < cv->n_rows; i++)
        if (!cv->rows[i].group && column_equal(cv->rows[i].col, keep.col))
            at = i;
    if (cv->transposed) {
        for (size_t k = 0; at != SIZE_MAX && k < cv->n_fields; k++)
            if (cv->fields[k] == at)
                cv->tbl.col = k + 1;
        if (r != SIZE_MAX)
            cv->tbl.cursor = r;
    } else {
        if (at != SIZE_MAX)
            cv->tbl.cursor = at;
        if (r != SIZE_MAX)
            cv->tbl.col = r + 1;
    }
}

/* ---- cells ---- */

static const char *run_label(const CompareView *cv, size_t k, char *buf, size_t size)
{
    const Run *run = &cv->rs->runs[cv->runs[k]];
    const char *name = runset_str(cv->rs, run->name);
    if (cv->models)
        return lm_row_label(cv->rs, cv->runs[k], buf, size);
    if (*name)
        return name;
    snprintf(buf, size, "%.8s", runset_str(cv->rs, run->run_id));
    return buf;
}

static void group_title(const CompareView *cv, size_t row, char *buf, size_t size)
{
    static const char *const names[CMP__GROUPS] = { "Attributes", "Parameters", "Metrics",
                                                    "Tags", "System tags" };
    size_t n = 0;
    for (size_t i = row + 1; i < cv->n_rows && !cv->rows[i].group; i++)
        n++;
    snprintf(buf, size, "%s (%zu)", names[cv->rows[row].g], n);
}

/* Run k's value of field row i, as shown (full == false) or in full. */
static void field_value(const CompareView *cv, size_t k, size_t i, bool full, char *buf,
                        size_t size, Role *role)
{
    const CompareRow *row = &cv->rows[i];
    size_t r = cv->runs[k];
    const Run *run = &cv->rs->runs[r];

    if (row->col.kind == COL_METRIC && full) {
        const MetricVal *m = runset_metric(cv->rs, r, row->col.id);
        if (m)
            fmt_metric_full(m->value, buf, size);
        else
            buf[0] = '\0';
    } else {
        runtable_cell(cv->rs, r, row->col, cv->now, buf, size);
    }
    if (!role)
        return;
    if (!buf[0]) {
        snprintf(buf, size, "—");
        *role = ROLE_MISSING;
    } else if (row->col.kind == COL_METRIC) {
        const MetricVal *m = runset_metric(cv->rs, r, row->col.id);
        *role = cv->has_best[i] && m && m->value == cv->best[i] ? ROLE_MARKED : ROLE_NUMBER;
    } else if (row->col.kind == COL_ATTR && row->col.id == ATTR_STATUS) {
        switch (run->status) {
        case RUN_RUNNING: case RUN_SCHEDULED: *role = ROLE_STATUS_RUNNING; break;
        case RUN_FINISHED: *role = ROLE_STATUS_FINISHED; break;
        case RUN_FAILED: *role = ROLE_STATUS_FAILED; break;
        case RUN_KILLED: *role = ROLE_STATUS_KILLED; break;
        default: break;
        }
    }
}

static void field_title(const CompareView *cv, size_t i, char *buf, size_t size)
{
    Column c = cv->rows[i].col;
    if (cv->models && c.kind == COL_ATTR && c.id == ATTR_START) {
        snprintf(buf, size, "Created");
        return;
    }
    column_title(cv->rs, c, buf, size);
}

/* ---- table source (both layouts) ---- */

static void cs_header(void *ctx, size_t c, char *buf, size_t size, Role *role)
{
    CompareView *cv = ctx;
    (void)role;
    if (c == 0)
        snprintf(buf, size, "%s", cv->transposed ? "Run" : "");
    else if (cv->transposed)
        field_title(cv, cv->fields[c - 1], buf, size);
    else {
        char id[16];
        snprintf(buf, size, "%s", run_label(cv, c - 1, id, sizeof id));
    }
}

static void cs_cell(void *ctx, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    CompareView *cv = ctx;

    if (cv->transposed) {
        if (c == 0) {
            char id[16];
            snprintf(buf, size, "%s", run_label(cv, row, id, sizeof id));
            *role = cv->rs->runs[cv->runs[row]].lifecycle == LIFE_DELETED ? ROLE_DIM
                                                                          : ROLE_PINNED;
        } else {
            field_value(cv, row, cv->fields[c - 1], false, buf, size, role);
        }
        return;
    }
    if (cv->rows[row].group) {
        if (c == 0) {
            group_title(cv, row, buf, size);
            *role = ROLE_SECTION;
        }
        return;
    }
    if (c == 0) {
        field_title(cv, row, buf, size);
        *role = ROLE_KEY;
    } else {
        field_value(cv, c - 1, row, false, buf, size, role);
    }
}

static int compute_width(CompareView *cv, size_t c)
{
    char buf[512], fit[512];
    Role role;
    /* On a narrow screen the field names take at most a third and a value at
     * most half of the rest, so at least two runs show side by side; run names
     * (transposed) may take two fifths. */
    int share = cv->transposed ? cv->width_cols * 2 / 5 : cv->width_cols / 3;
    int name_cap = share < 10 ? 10 : share > 32 ? 32 : share;
    int value_cap = (cv->width_cols - name_cap - 4) / 2;
    int w, cap = c == 0 ? name_cap : value_cap < 8 ? 8 : value_cap > 24 ? 24 : value_cap;
    size_t n = cv->transposed ? cv->n_runs : cv->n_rows;

    buf[0] = '\0';
    cs_header(cv, c, buf, sizeof buf, &role);
    w = text_fit(buf, cap, fit, sizeof fit);
    for (size_t i = 0; i < n; i++) {
        buf[0] = '\0';
        role = ROLE_NORMAL;
        cs_cell(cv, i, c, buf, sizeof buf, &role);
        int tw = text_fit(buf, cap, fit, sizeof fit);
        if (tw > w)
            w = tw;
    }
    if (w > cap)
        w = cap;
    return w < 4 ? 4 : w;
}

static int cs_width(void *ctx, size_t c)
{
    CompareView *cv = ctx;
    if (c >= cv->n_widths)
        return 10;
    if (cv->widths[c] == 0)
        cv->widths[c] = compute_width(cv, c);
    return cv->widths[c];
}

static bool cs_right(void *ctx, size_t c)
{
    CompareView *cv = ctx;
    return cv->transposed && c > 0 && column_is_numeric(cv->rows[cv->fields[c - 1]].col);
}

static int cs_mark(void *ctx, size_t row)
{
    CompareView *cv = ctx;
    if (!cv->transposed)
        return 0;
    return cv->rs->runs[cv->runs[row]].lifecycle == LIFE_DELETED ? 'x' : 0;
}

static TableSrc source(CompareView *cv)
{
    TableSrc s = {
        .ctx = cv, .n_rows = cv->transposed ? cv->n_runs : cv->n_rows,
        .n_cols = table_cols(cv), .pinned = 1, .width = cs_width, .right = cs_right,
        .header = cs_header, .cell = cs_cell, .mark = cs_mark,
    };
    return s;
}

/* ---- loading ---- */

static void fetch_fresh(CompareView *cv, App *app)
{
    const char **ids = malloc((cv->n_runs ? cv->n_runs : 1) * sizeof *ids);
    const char **exps = malloc((cv->n_runs ? cv->n_runs : 1) * sizeof *exps);
    size_t n_exps = 0;

    if (!ids || !exps)
        goto out;
    api_cancel_owner(app_api(app), cv->base.id);
    cv->base.gen++;
    for (size_t k = 0; k < cv->n_runs; k++) {
        const Run *run = &cv->rs->runs[cv->runs[k]];
        const char *e = runset_str(cv->rs, run->experiment_id);
        bool seen = false;
        ids[k] = runset_str(cv->rs, run->run_id);
        for (size_t j = 0; j < n_exps && !seen; j++)
            seen = strcmp(exps[j], e) == 0;
        if (!seen && *e)
            exps[n_exps++] = e;
    }
    cv->pending = n_exps ? api_runs_by_ids(app_api(app), cv->base.id, cv->base.gen, exps,
                                           n_exps, ids, cv->n_runs, NULL)
                         : 0;
out:
    free(ids);
    free(exps);
}

/* ---- view ops ---- */

static void cv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    CompareView *cv = (CompareView *)v;
    char info[256], n[32];
    TableSrc s;

    (void)app;
    if (cols != cv->width_cols) {
        cv->width_cols = cols;
        reset_widths(cv);
    }
    s = source(cv);
    fmt_count(cv->n_runs, n, sizeof n);
    snprintf(info, sizeof info, " Compare %s %s%s  %zu %s%s%s%s", n,
             cv->models ? "logged model" : "run", cv->n_runs == 1 ? "" : "s",
             cv->n_fields, cv->diff_only ? "differing fields" : "fields",
             cv->diff_only ? "  [differences only]" : "", cv->transposed ? "  [transposed]" : "",
             cv->pending ? "  refreshing…" : "");
    draw_text(w, 0, 0, info, cols, ROLE_SECTION, true);
    table_draw(&cv->tbl, &s, w, 1, 0, rows - 1, cols);
    if (cv->n_fields == 0 && rows > 4)
        draw_text(w, 3, 2, cv->diff_only ? "Every value is the same in these runs (d shows all)."
                                         : "Nothing to compare.", cols - 2, ROLE_DIM, false);
}

static void toggle_diff(CompareView *cv, App *app, bool on)
{
    cv->diff_only = on;
    rebuild(cv);
    if (on)
        app_message(app, "Showing the %zu fields whose values differ (d shows all)",
                    cv->n_fields);
    else
        app_message(app, "Showing all %zu fields", cv->n_fields);
}

static void transpose(CompareView *cv)
{
    size_t f = cursor_field(cv), r = cursor_run(cv);
    bool field = f != SIZE_MAX && !cv->rows[f].group;

    cv->transposed = !cv->transposed;
    cv->tbl.top = 0;
    cv->tbl.left = 1;
    cv->tbl.cursor = 0;
    cv->tbl.col = 0;
    if (cv->transposed) {
        if (r != SIZE_MAX)
            cv->tbl.cursor = r;
        for (size_t k = 0; field && k < cv->n_fields; k++)
            if (cv->fields[k] == f)
                cv->tbl.col = k + 1;
    } else {
        if (f != SIZE_MAX)
            cv->tbl.cursor = f;
        if (r != SIZE_MAX)
            cv->tbl.col = r + 1;
    }
    reset_widths(cv);
}

static int show_cell(CompareView *cv, App *app)
{
    size_t f = cursor_field(cv), r = cursor_run(cv);
    char title[600], key[256], id[16], value[1024];
    const char *text = value;

    if (f == SIZE_MAX || cv->rows[f].group) {
        if (r == SIZE_MAX)
            return R_NONE;
        /* On a run's name: its id. */
        snprintf(title, sizeof title, "%s", run_label(cv, r, id, sizeof id));
        text = runset_str(cv->rs, cv->rs->runs[cv->runs[r]].run_id);
    } else if (r == SIZE_MAX) {
        /* On the field's name: its full name. */
        column_name(cv->rs, cv->rows[f].col, value, sizeof value);
        snprintf(title, sizeof title, "%s", "Field");
    } else {
        const CompareRow *row = &cv->rows[f];
        uint32_t vid = UINT32_MAX;
        field_title(cv, f, key, sizeof key);
        snprintf(title, sizeof title, "%s › %s", run_label(cv, r, id, sizeof id), key);
        /* Params and tags may be long (8,000 characters): the pool holds them whole. */
        if (row->col.kind == COL_PARAM)
            vid = runset_param(cv->rs, cv->runs[r], row->col.id);
        else if (row->col.kind == COL_TAG)
            vid = runset_tag(cv->rs, cv->runs[r], row->col.id);
        if (vid != UINT32_MAX)
            text = runset_str(cv->rs, vid);
        else
            field_value(cv, r, f, true, value, sizeof value, NULL);
    }
    view_open(app, VIEW_TEXT, &(ViewArgs){ .title = title, .text = text });
    return R_REDRAW;
}

static int flip_best(CompareView *cv, App *app)
{
    size_t f = cursor_field(cv);
    const char *name;

    if (f == SIZE_MAX || cv->rows[f].group || cv->rows[f].col.kind != COL_METRIC) {
        app_message(app, "b works on a metric: move the cursor to one");
        return R_REDRAW;
    }
    name = runset_str(cv->rs, cv->rows[f].col.id);
    idset_toggle(&cv->flipped, name);
    for (size_t i = 0; i < cv->n_rows; i++)
        if (!cv->rows[i].group && cv->rows[i].col.kind == COL_METRIC &&
            cv->rows[i].col.id == cv->rows[f].col.id)
            compute_best(cv, i);
    app_message(app, "%s: %s is better", name, metric_higher(cv, cv->rows[f].col.id)
                ? "higher" : "lower");
    return R_REDRAW;
}

static int cv_handle(View *v, App *app, Action a)
{
    CompareView *cv = (CompareView *)v;
    TableSrc s = source(cv);

    cv->tbl.col_cursor = true;
    if (table_move(&cv->tbl, &s, a))
        return R_REDRAW;
    switch (a) {
    case ACT_DIFF_ONLY:
        toggle_diff(cv, app, !cv->diff_only);
        return R_REDRAW;
    case ACT_TRANSPOSE:
        transpose(cv);
        app_message(app, cv->transposed ? "Runs as rows" : "Runs as columns");
        return R_REDRAW;
    case ACT_FLIP_BEST:
        return flip_best(cv, app);
    case ACT_OPEN:
    case ACT_EXPAND:
        return show_cell(cv, app);
    case ACT_RELOAD:
        fetch_fresh(cv, app);
        return R_REDRAW;
    case ACT_PARALLEL:
    case ACT_SCATTER: {
        /* The plots of the same runs, focused on the field under the cursor. */
        size_t f = cursor_field(cv);
        const Column *focus = f != SIZE_MAX && !cv->rows[f].group ? &cv->rows[f].col : NULL;
        view_open(app, a == ACT_PARALLEL ? VIEW_PARALLEL : VIEW_SCATTER,
                  &(ViewArgs){ .rs = cv->rs, .rows = cv->runs, .n_rows = cv->n_runs,
                               .logged_models = cv->models,
                               .focus = focus });
        return R_REDRAW;
    }
    case ACT_COPY_ID: {
        size_t r = cursor_run(cv);
        if (r != SIZE_MAX)
            app_message(app, "Run id %s", runset_str(cv->rs, cv->rs->runs[cv->runs[r]].run_id));
        return R_REDRAW;
    }
    default:
        return R_UNKNOWN;
    }
}

static void cv_on_result(View *v, App *app, ApiResult *r)
{
    CompareView *cv = (CompareView *)v;

    if (r->kind != REQ_RUNS_SEARCH)
        return;
    if (r->final && cv->pending)
        cv->pending--;
    if (r->err.kind != ERR_OK) {
        if (r->err.kind != ERR_CANCELLED)
            app_error(app, "Refreshing the compared runs: %s", r->err.message);
        return;
    }
    if (r->runs && r->runs->n_runs) {
        /* Runs already held are replaced in place: indices stay valid. */
        if (runset_merge(cv->rs, r->runs) != 0) {
            app_error(app, "Out of memory refreshing the compared runs");
            return;
        }
        cv->now = app_now_ms();
        rebuild(cv);
    }
}

static int cv_command(View *v, App *app, int argc, char **argv)
{
    CompareView *cv = (CompareView *)v;

    if (strcmp(argv[0], "diff") == 0) {
        bool on = !cv->diff_only;
        if (argc >= 2 && strcmp(argv[1], "on") == 0)
            on = true;
        else if (argc >= 2 && strcmp(argv[1], "off") == 0)
            on = false;
        else if (argc >= 2) {
            app_error(app, "Usage: :diff [on|off]");
            return R_REDRAW;
        }
        toggle_diff(cv, app, on);
        return R_REDRAW;
    }
    if (strcmp(argv[0], "transpose") == 0)
        return cv_handle(v, app, ACT_TRANSPOSE);
    return R_UNKNOWN;
}

static void cv_complete(View *v, App *app, int argc, char **argv, int argi, Completions *out)
{
    (void)v;
    (void)app;
    (void)argc;
    if (strcmp(argv[0], "diff") == 0 && argi == 1) {
        completions_add(out, "on");
        completions_add(out, "off");
    }
}

static void cv_title(View *v, char *buf, size_t size)
{
    const CompareView *cv = (const CompareView *)v;
    snprintf(buf, size, "compare %zu %s", cv->n_runs, cv->models ? "logged models" : "runs");
}

static void cv_start(View *v, App *app)
{
    /* Logged models are not runs: runs/search has nothing of them (their
     * list was read just now). */
    if (!((CompareView *)v)->models)
        fetch_fresh((CompareView *)v, app);
}

static void cv_destroy(View *v)
{
    CompareView *cv = (CompareView *)v;
    runset_free(cv->rs);
    free(cv->runs);
    free(cv->rows);
    free(cv->fields);
    free(cv->best);
    free(cv->has_best);
    free(cv->widths);
    idset_free(&cv->flipped);
    free(cv);
}

static const Action cv_actions[] = {
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP, ACT_HALF_DOWN, ACT_HOME, ACT_END,
    ACT_LEFT, ACT_RIGHT, ACT_LINE_START, ACT_LINE_END, ACT_DIFF_ONLY, ACT_TRANSPOSE,
    ACT_FLIP_BEST, ACT_OPEN, ACT_EXPAND, ACT_PARALLEL, ACT_SCATTER, ACT_RELOAD, ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB, ACT_PROMPT, ACT_ERRORS,
    ACT_REDRAW, ACT_HELP, ACT_BACK, ACT_QUIT, ACT_NONE,
};
static const Action cv_hints[] = { ACT_DIFF_ONLY, ACT_TRANSPOSE, ACT_FLIP_BEST, ACT_EXPAND,
                                   ACT_BACK, ACT_NONE };
static bool cv_item(View *v, ItemRef *out)
{
    CompareView *cv = (CompareView *)v;
    size_t r = cursor_run(cv);

    if (r == SIZE_MAX)
        return false;
    item_row(out, cv->rs, cv->runs[r], cv->models);
    return true;
}

static int cv_click(View *v, App *app, int y, int x, bool twice)
{
    return view_click_table(v, app, &((CompareView *)v)->tbl, y, x, twice);
}

const ViewOps compare_view_ops = {
    .click = cv_click,
    .item = cv_item,
    .name      = "compare",
    .actions   = cv_actions,
    .hints     = cv_hints,
    .start     = cv_start,
    .draw      = cv_draw,
    .handle    = cv_handle,
    .on_result = cv_on_result,
    .command   = cv_command,
    .complete  = cv_complete,
    .title     = cv_title,
    .destroy   = cv_destroy,
};

static View *compare_view_new(App *app, const RunSet *rs, const uint32_t *rows, size_t n)
{
    CompareView *cv = calloc(1, sizeof *cv);

    (void)app;
    if (!cv)
        return NULL;
    cv->base.ops = &compare_view_ops;
    cv->rs = compare_copy_runs(rs, rows, n);
    cv->runs = malloc((n ? n : 1) * sizeof *cv->runs);
    if (!cv->rs || !cv->runs) {
        cv_destroy(&cv->base);
        return NULL;
    }
    for (size_t k = 0; k < n; k++)
        cv->runs[k] = (uint32_t)k;
    cv->n_runs = n;
    cv->now = app_now_ms();
    cv->tbl.left = 1;
    cv->tbl.col = n ? 1 : 0;
    cv->tbl.col_cursor = true;
    rebuild(cv);
    return &cv->base;
}

View *compare_view_open(App *app, const ViewArgs *a)
{
    if (!(a->rs))
        return NULL;
    View *v = compare_view_new(app, a->rs, a->rows, a->n_rows);
    if (v)
        ((CompareView *)v)->models = a->logged_models;
    return v;
}
