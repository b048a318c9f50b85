/* columns.c — the column chooser: shown columns in order (Space hides, K/J or
 * +/- move), then every column that could be shown (Space adds it at the end).
 * Edits the runs view's RunTable directly; the runs view redraws on return. */
#include <stdlib.h>
#include <string.h>

#include "core/runtable.h"
#include "views/mouse.h"
#include "views/viewtab.h"
#include "widgets/draw.h"
#include "widgets/table.h"

typedef struct ColumnsView {
    View      base;
    RunTable *t;
    Column   *items;     /* shown columns (except the pinned name) then the others */
    size_t    n, cap, n_shown;
    Table     tbl;
} ColumnsView;

static bool shown(const RunTable *t, Column c)
{
    for (size_t i = 0; i < t->n_cols; i++)
        if (column_equal(t->cols[i], c))
            return true;
    return false;
}

static void push(ColumnsView *cv, Column c)
{
    for (size_t i = 0; i < cv->n; i++)
        if (column_equal(cv->items[i], c))
            return;
    if (cv->n == cv->cap) {
        size_t cap = cv->cap ? cv->cap * 2 : 64;
        Column *n = realloc(cv->items, cap * sizeof *n);
        if (!n)
            return;
        cv->items = n;
        cv->cap = cap;
    }
    cv->items[cv->n++] = c;
}

static void push_keys(ColumnsView *cv, const KeyList *kl, ColKind kind)
{
    for (size_t i = 0; i < kl->n; i++) {
        Column c = { kind, kl->ids[i] };
        if (!shown(cv->t, c))
            push(cv, c);
    }
}

static void rebuild(ColumnsView *cv)
{
    const RunSet *rs = cv->t->rs;

    cv->n = 0;
    for (size_t i = 1; i < cv->t->n_cols; i++)
        push(cv, cv->t->cols[i]);
    cv->n_shown = cv->n;
    for (size_t i = 0; i < cv->t->n_hidden; i++)
        push(cv, cv->t->hidden[i]);
    for (int a = 0; a < ATTR__COUNT; a++) {
        Column c = { COL_ATTR, (uint32_t)a };
        if (a != ATTR_NAME && !shown(cv->t, c))
            push(cv, c);
    }
    push_keys(cv, &rs->metric_keys, COL_METRIC);
    push_keys(cv, &rs->param_keys, COL_PARAM);
    push_keys(cv, &rs->tag_keys, COL_TAG);
}

static int cc_width(void *ctx, size_t c)
{
    (void)ctx;
    return c == 0 ? 3 : 200;
}

static void cc_header(void *ctx, size_t c, char *buf, size_t size, Role *role)
{
    (void)ctx;
    (void)role;
    snprintf(buf, size, "%s", c == 0 ? "" : "Column (Space shows/hides, K/J move)");
}

static void cc_cell(void *ctx, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    ColumnsView *cv = ctx;
    if (c == 0) {
        snprintf(buf, size, "%s", row < cv->n_shown ? "[x]" : "[ ]");
        *role = ROLE_KEY;
    } else {
        column_name(cv->t->rs, cv->items[row], buf, size);
        if (row >= cv->n_shown)
            *role = ROLE_DIM;
    }
}

static TableSrc cc_source(ColumnsView *cv)
{
    TableSrc s = { .ctx = cv, .n_rows = cv->n, .n_cols = 2, .pinned = 2, .width = cc_width,
                   .header = cc_header, .cell = cc_cell };
    return s;
}

static void cc_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    ColumnsView *cv = (ColumnsView *)v;
    TableSrc s;
    (void)app;
    rebuild(cv);
    s = cc_source(cv);
    table_draw(&cv->tbl, &s, w, 0, 0, rows, cols);
}

static int cc_handle(View *v, App *app, Action a)
{
    ColumnsView *cv = (ColumnsView *)v;
    TableSrc s;
    size_t i;

    rebuild(cv);
    s = cc_source(cv);
    if (a != ACT_LEFT && a != ACT_RIGHT && table_move(&cv->tbl, &s, a))
        return R_REDRAW;
    i = cv->tbl.cursor;
    switch (a) {
    case ACT_TOGGLE:
    case ACT_OPEN:
        if (i >= cv->n)
            return R_NONE;
        if (i < cv->n_shown) {
            runtable_col_hide(cv->t, i + 1);
        } else {
            Column c = cv->items[i];
            runtable_col_show(cv->t, c, cv->t->n_cols);
            rebuild(cv);
            cv->tbl.cursor = cv->n_shown ? cv->n_shown - 1 : 0;
        }
        return R_REDRAW;
    case ACT_MOVE_UP:
    case ACT_MOVE_DOWN:
        if (i >= cv->n_shown)
            return R_NONE;
        if (runtable_col_move(cv->t, i + 1, a == ACT_MOVE_UP ? -1 : 1)) {
            if (a == ACT_MOVE_UP && cv->tbl.cursor > 0)
                cv->tbl.cursor--;
            else if (a == ACT_MOVE_DOWN && cv->tbl.cursor + 1 < cv->n_shown)
                cv->tbl.cursor++;
        }
        return R_REDRAW;
    case ACT_COLUMNS:
        return R_POP;
    default:
        (void)app;
        return R_UNKNOWN;
    }
}

static void cc_title(View *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "Columns");
}

static void cc_destroy(View *v)
{
    ColumnsView *cv = (ColumnsView *)v;
    free(cv->items);
    free(cv);
}

static const Action cc_actions[] = { ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HOME,
                                     ACT_END, ACT_TOGGLE, ACT_MOVE_UP, ACT_MOVE_DOWN, ACT_BACK,
                                     ACT_QUIT, ACT_NONE };
static const Action cc_hints[] = { ACT_TOGGLE, ACT_MOVE_UP, ACT_MOVE_DOWN, ACT_BACK, ACT_NONE };

static int cv_click(View *v, App *app, int y, int x, bool twice)
{
    return view_click_table(v, app, &((ColumnsView *)v)->tbl, y, x, twice);
}

const ViewOps columns_view_ops = {
    .click = cv_click,
    .name = "columns", .actions = cc_actions, .hints = cc_hints, .draw = cc_draw,
    .handle = cc_handle, .title = cc_title, .destroy = cc_destroy,
};

static View *columns_view_new(App *app, RunTable *t)
{
    ColumnsView *cv = calloc(1, sizeof *cv);
    (void)app;
    if (!cv)
        return NULL;
    cv->base.ops = &columns_view_ops;
    cv->t = t;
    cv->tbl.left = 2;
    return &cv->base;
}

View *columns_view_open(App *app, const ViewArgs *a)
{
    if (!(a->table))
        return NULL;
    return columns_view_new(app, a->table);
}
