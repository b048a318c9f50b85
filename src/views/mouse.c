/* mouse.c — see mouse.h. */
#include "views/mouse.h"

/* The view's answer to a, or a redraw when it has none. */
static int act(View *v, App *app, Action a)
{
    int r = v->ops->handle(v, app, a);

    return r & R_UNKNOWN ? R_REDRAW : r;
}

int view_click_table(View *v, App *app, Table *t, int y, int x, bool twice)
{
    size_t row = 0, col = 0;

    switch (table_hit(t, y, x, &row, &col)) {
    case TABLE_HIT_HEADER:
        t->col = col;
        return act(v, app, ACT_SORT);
    case TABLE_HIT_ROW:
        t->cursor = row;
        t->col = col;
        return twice ? act(v, app, ACT_OPEN) : R_REDRAW;
    case TABLE_HIT_NONE:
        break;
    }
    return R_NONE;
}

int view_click_lines(View *v, App *app, LineList *ll, int y, bool twice)
{
    size_t i;

    if (!lines_hit(ll, y, &i))
        return R_NONE;
    ll->cursor = i;
    return twice ? act(v, app, ACT_OPEN) : R_REDRAW;
}
