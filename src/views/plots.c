/* plots.c — see plots.h: export flow, axes chooser, column helpers. */
#include "views/plots.h"

#include "core/logged_model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "views/viewtab.h"
#include "widgets/draw.h"
#include "widgets/table.h"

/* ---- export ---- */

static int write_now(PlotViewBase *pv, App *app, const char *path)
{
    char err[256] = "", full[2048];

    if (pv->write(&pv->base, path, err, sizeof err) != 0) {
        app_error(app, "Export failed: %s", err[0] ? err : "unknown error");
        return R_REDRAW;
    }
    if (path[0] != '/' && getcwd(full, sizeof full - strlen(path) - 2)) {
        strcat(full, "/");
        strcat(full, path);
    } else {
        snprintf(full, sizeof full, "%s", path);
    }
    app_message(app, "Wrote %s", full);
    return R_REDRAW;
}

static int submit_overwrite(View *v, App *app, const char *text)
{
    PlotViewBase *pv = (PlotViewBase *)v;

    if (text[0] == 'y' || text[0] == 'Y')
        return write_now(pv, app, pv->pending);
    app_message(app, "Not exported: %s exists", pv->pending);
    return R_REDRAW;
}

int plots_export(PlotViewBase *pv, App *app, const char *path)
{
    char def[256], label[1200];

    if (!path || !*path) {
        plot_default_filename(pv->kind, (long long)time(NULL), def, sizeof def);
        path = def;
    }
    snprintf(pv->pending, sizeof pv->pending, "%s", path);
    if (access(path, F_OK) == 0) {
        /* The prompt label is short: the path goes on the status line. */
        snprintf(label, sizeof label, "File exists; overwrite? (y/N) ");
        app_prompt(app, &pv->base, label, "", submit_overwrite, NULL);
        app_message(app, "%s exists", path);
        return R_REDRAW;
    }
    return write_now(pv, app, pv->pending);
}

/* ---- columns ---- */

bool plots_map_column(const RunSet *from, Column c, const RunSet *to, Column *out)
{
    char name[512];

    column_name(from, c, name, sizeof name);
    return runtable_parse_column(to, name, out);
}

void plots_complete_columns(const RunSet *rs, bool metrics_only, Completions *out)
{
    char buf[600];

    for (size_t i = 0; i < rs->metric_keys.n; i++)
        completions_add(out, runset_str(rs, rs->metric_keys.ids[i]));
    if (metrics_only)
        return;
    for (size_t i = 0; i < rs->param_keys.n; i++) {
        snprintf(buf, sizeof buf, "params.%s", runset_str(rs, rs->param_keys.ids[i]));
        completions_add(out, buf);
    }
}

/* ---- axes chooser ---- */

typedef struct AxesView {
    View          base;
    const RunSet *rs;
    Column       *axes;
    size_t       *n_axes, cap;
    bool         *changed;
    Column       *items;      /* chosen axes, then every other candidate */
    size_t        n, n_items_cap;
    Table         tbl;
} AxesView;

static void push(AxesView *av, Column c)
{
    for (size_t i = 0; i < av->n; i++)
        if (column_equal(av->items[i], c))
            return;
    if (av->n == av->n_items_cap) {
        size_t cap = av->n_items_cap ? av->n_items_cap * 2 : 64;
        Column *n = realloc(av->items, cap * sizeof *n);
        if (!n)
            return;
        av->items = n;
        av->n_items_cap = cap;
    }
    av->items[av->n++] = c;
}

static void rebuild(AxesView *av)
{
    static const AttrId attrs[] = { ATTR_DURATION, ATTR_STATUS, ATTR_USER, ATTR_SOURCE,
                                    ATTR_MODEL, ATTR_START };
    av->n = 0;
    for (size_t i = 0; i < *av->n_axes; i++)
        push(av, av->axes[i]);
    for (size_t i = 0; i < av->rs->metric_keys.n; i++)
        push(av, (Column){ COL_METRIC, av->rs->metric_keys.ids[i] });
    for (size_t i = 0; i < av->rs->param_keys.n; i++)
        push(av, (Column){ COL_PARAM, av->rs->param_keys.ids[i] });
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
        push(av, (Column){ COL_ATTR, attrs[i] });
    for (size_t i = 0; i < av->rs->tag_keys.n; i++)
        push(av, (Column){ COL_TAG, av->rs->tag_keys.ids[i] });
}

static int ax_width(void *ctx, size_t c)
{
    (void)ctx;
    return c == 0 ? 3 : 200;
}

static void ax_header(void *ctx, size_t c, char *buf, size_t size, Role *role)
{
    (void)ctx;
    (void)role;
    snprintf(buf, size, "%s", c == 0 ? "" : "Axis (Space adds/removes, K/J move, q returns)");
}

static void ax_cell(void *ctx, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    AxesView *av = ctx;
    bool on = row < *av->n_axes;

    if (c == 0) {
        snprintf(buf, size, "%s", on ? "[x]" : "[ ]");
        *role = ROLE_KEY;
    } else {
        column_name(av->rs, av->items[row], buf, size);
        if (!on)
            *role = ROLE_DIM;
    }
}

static TableSrc ax_source(AxesView *av)
{
    TableSrc s = { .ctx = av, .n_rows = av->n, .n_cols = 2, .pinned = 2, .width = ax_width,
                   .header = ax_header, .cell = ax_cell };
    return s;
}

static void ax_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    AxesView *av = (AxesView *)v;
    TableSrc s;

    (void)app;
    rebuild(av);
    s = ax_source(av);
    table_draw(&av->tbl, &s, w, 0, 0, rows, cols);
}

static int ax_handle(View *v, App *app, Action a)
{
    AxesView *av = (AxesView *)v;
    TableSrc s;
    size_t i, n = *av->n_axes;

    rebuild(av);
    s = ax_source(av);
    if (a != ACT_LEFT && a != ACT_RIGHT && table_move(&av->tbl, &s, a))
        return R_REDRAW;
    i = av->tbl.cursor;
    switch (a) {
    case ACT_TOGGLE:
    case ACT_OPEN:
        if (i >= av->n)
            return R_NONE;
        if (i < n) {
            memmove(av->axes + i, av->axes + i + 1, (n - i - 1) * sizeof *av->axes);
            (*av->n_axes)--;
        } else if (n < av->cap) {
            av->axes[(*av->n_axes)++] = av->items[i];
            av->tbl.cursor = n;
        } else {
            app_error(app, "At most %zu axes", av->cap);
            return R_REDRAW;
        }
        *av->changed = true;
        return R_REDRAW;
    case ACT_MOVE_UP:
    case ACT_MOVE_DOWN: {
        size_t j = a == ACT_MOVE_UP ? i - 1 : i + 1;
        if (i >= n || (a == ACT_MOVE_UP && i == 0) || j >= n)
            return R_NONE;
        Column t = av->axes[i];
        av->axes[i] = av->axes[j];
        av->axes[j] = t;
        av->tbl.cursor = j;
        *av->changed = true;
        return R_REDRAW;
    }
    case ACT_AXES:
        return R_POP;
    default:
        return R_UNKNOWN;
    }
}

static void ax_title(View *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "Axes");
}

static void ax_destroy(View *v)
{
    AxesView *av = (AxesView *)v;
    free(av->items);
    free(av);
}

static const Action ax_actions[] = { ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HOME,
                                     ACT_END, ACT_TOGGLE, ACT_MOVE_UP, ACT_MOVE_DOWN, ACT_BACK,
                                     ACT_QUIT, ACT_NONE };
static const Action ax_hints[] = { ACT_TOGGLE, ACT_MOVE_UP, ACT_MOVE_DOWN, ACT_BACK, ACT_NONE };

/* Scope "columns": the chooser keeps the column chooser's keys (Space, K/J, +/-). */
const ViewOps axes_view_ops = {
    .name = "columns", .actions = ax_actions, .hints = ax_hints, .draw = ax_draw,
    .handle = ax_handle, .title = ax_title, .destroy = ax_destroy,
};

static View *axes_view_new(App *app, const RunSet *rs, Column *axes, size_t *n, size_t cap,
                    bool *changed)
{
    AxesView *av = calloc(1, sizeof *av);

    (void)app;
    if (!av)
        return NULL;
    av->base.ops = &axes_view_ops;
    av->rs = rs;
    av->axes = axes;
    av->n_axes = n;
    av->cap = cap;
    av->changed = changed;
    av->tbl.left = 2;
    return &av->base;
}

View *axes_view_open(App *app, const ViewArgs *a)
{
    if (!(a->rs && a->axes && a->n_axes && a->changed))
        return NULL;
    return axes_view_new(app, a->rs, a->axes, a->n_axes, a->cap, a->changed);
}

void plots_count(const PlotViewBase *pv, size_t n, char *buf, size_t size)
{
    snprintf(buf, size, "%zu %s%s", n, plots_noun(pv), n == 1 ? "" : "s");
}

const char *plots_noun(const PlotViewBase *pv)
{
    return pv->logged_models ? "logged model" : "run";
}

const char *plots_label(const PlotViewBase *pv, const RunSet *rs, size_t r, char *buf,
                        size_t size)
{
    if (pv->logged_models)
        return lm_row_label(rs, r, buf, size);
    return runset_str(rs, rs->runs[r].name);
}

void plots_open_row(const PlotViewBase *pv, App *app, const RunSet *rs, size_t r)
{
    if (pv->logged_models)
        view_open(app, VIEW_LOGGED_MODEL,
                  &(ViewArgs){ .model_id = runset_str(rs, rs->runs[r].run_id) });
    else
        view_open(app, VIEW_RUN, &(ViewArgs){ .rs = rs, .run = r });
}
