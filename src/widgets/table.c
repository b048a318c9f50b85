/* table.c — see table.h. */
#include "widgets/table.h"

#include "widgets/draw.h"

void table_clamp(Table *t, const TableSrc *s)
{
    if (s->n_rows == 0)
        t->cursor = t->top = 0;
    else if (t->cursor >= s->n_rows)
        t->cursor = s->n_rows - 1;
    if (t->top > t->cursor)
        t->top = t->cursor;
    if (s->n_cols == 0)
        t->col = 0;
    else if (t->col >= s->n_cols)
        t->col = s->n_cols - 1;
    if (t->left < s->pinned)
        t->left = s->pinned;
}

static int col_width(const TableSrc *s, size_t c)
{
    int w = s->width(s->ctx, c);
    return w < 1 ? 1 : w;
}

/* Makes the selected column visible by moving `left`. */
static void scroll_to_col(Table *t, const TableSrc *s, int cols)
{
    int pinned_w = 0;

    if (t->col < s->pinned || s->n_cols <= s->pinned)
        return;
    for (size_t c = 0; c < s->pinned; c++)
        pinned_w += col_width(s, c) + 1;
    if (t->col < t->left)
        t->left = t->col;
    for (;;) {
        int used = pinned_w;
        for (size_t c = t->left; c <= t->col; c++)
            used += col_width(s, c) + 1;
        if (used <= cols + 1 || t->left == t->col)
            break;
        t->left++;
    }
}

void table_draw(Table *t, const TableSrc *s, WINDOW *w, int y, int x, int rows, int cols)
{
    char buf[1024];
    int body = rows - 1;

    table_clamp(t, s);
    if (rows <= 0 || cols <= 0)
        return;
    t->page = body > 0 ? body : 1;
    if (body > 0) {
        if (t->cursor < t->top)
            t->top = t->cursor;
        if (t->cursor >= t->top + (size_t)body)
            t->top = t->cursor - (size_t)body + 1;
        if (s->n_rows > (size_t)body && t->top + (size_t)body > s->n_rows)
            t->top = s->n_rows - (size_t)body;
    }
    scroll_to_col(t, s, cols - 2);

    /* Which columns fit: pinned ones, then from `left`. */
    size_t order[512];
    size_t n = 0;
    int used = 2;  /* the mark column */
    for (size_t c = 0; c < s->n_cols && n < 512; c++) {
        if (c >= s->pinned && c < t->left)
            continue;
        if (used >= cols)
            break;
        order[n++] = c;
        used += col_width(s, c) + 1;
    }

    /* Header. */
    draw_fill(w, y, x, cols, ROLE_HEADER);
    t->at_y = y;
    t->at_x = x;
    t->n_spans = 0;
    t->drawn_rows = body > 0 && s->n_rows > t->top ? s->n_rows - t->top : 0;
    if (body > 0 && t->drawn_rows > (size_t)body)
        t->drawn_rows = (size_t)body;
    int cx = x + 2;
    for (size_t i = 0; i < n; i++) {
        size_t c = order[i];
        int cw = col_width(s, c);
        Role role = ROLE_HEADER;
        if (cx - x >= cols)
            break;
        if (cw > cols - (cx - x))
            cw = cols - (cx - x);
        if (t->n_spans < (int)(sizeof t->spans / sizeof t->spans[0])) {
            t->spans[t->n_spans].col = c;
            t->spans[t->n_spans].x0 = cx;
            t->spans[t->n_spans++].x1 = cx + cw + 1;   /* the gap belongs to the left */
        }
        buf[0] = '\0';
        s->header(s->ctx, c, buf, sizeof buf, &role);
        if (t->col_cursor && c == t->col)
            role = ROLE_CURSOR;
        if (s->right && s->right(s->ctx, c))
            draw_text_right(w, y, cx, buf, cw, role);
        else
            draw_text(w, y, cx, buf, cw, role, true);
        cx += cw + 1;
    }
    if (s->pinned && t->left > s->pinned && n > s->pinned) {
        /* Show that columns are scrolled away. */
        int px = x + 2;
        for (size_t c = 0; c < s->pinned; c++)
            px += col_width(s, c) + 1;
        if (px - 1 < x + cols)
            draw_raw(w, y, px - 1, "<", ROLE_HEADER);
    }

    /* Rows. */
    for (int r = 0; r < body; r++) {
        size_t row = t->top + (size_t)r;
        int ry = y + 1 + r;
        bool cur = row == t->cursor;
        if (row >= s->n_rows) {
            draw_fill(w, ry, x, cols, ROLE_NORMAL);
            continue;
        }
        draw_fill(w, ry, x, cols, cur ? ROLE_CURSOR : ROLE_NORMAL);
        int mk = s->mark ? s->mark(s->ctx, row) : 0;
        if (mk) {
            char m[2] = { (char)mk, 0 };
            draw_text(w, ry, x, m, 1, cur ? ROLE_CURSOR : ROLE_MARKED, false);
        }
        cx = x + 2;
        for (size_t i = 0; i < n; i++) {
            size_t c = order[i];
            int cw = col_width(s, c);
            Role role = ROLE_NORMAL;
            if (cx - x >= cols)
                break;
            if (cw > cols - (cx - x))
                cw = cols - (cx - x);
            buf[0] = '\0';
            s->cell(s->ctx, row, c, buf, sizeof buf, &role);
            if (cur)
                role = ROLE_CURSOR;
            if (s->right && s->right(s->ctx, c))
                draw_text_right(w, ry, cx, buf, cw, role);
            else
                draw_text(w, ry, cx, buf, cw, role, false);
            cx += cw + 1;
        }
    }
}

TableHit table_hit(const Table *t, int y, int x, size_t *row, size_t *col)
{
    *col = t->col;
    for (int i = 0; i < t->n_spans; i++)
        if (x >= t->spans[i].x0 && x < t->spans[i].x1)
            *col = t->spans[i].col;
    if (y == t->at_y)
        return t->n_spans ? TABLE_HIT_HEADER : TABLE_HIT_NONE;
    if (y > t->at_y && (size_t)(y - t->at_y - 1) < t->drawn_rows) {
        *row = t->top + (size_t)(y - t->at_y - 1);
        return TABLE_HIT_ROW;
    }
    return TABLE_HIT_NONE;
}

bool table_move(Table *t, const TableSrc *s, Action a)
{
    size_t page = t->page > 0 ? (size_t)t->page : 10;
    size_t last = s->n_rows ? s->n_rows - 1 : 0;

    switch (a) {
    case ACT_UP:        if (t->cursor > 0) t->cursor--; break;
    case ACT_DOWN:      if (t->cursor < last) t->cursor++; break;
    case ACT_PAGE_UP:   t->cursor = t->cursor > page ? t->cursor - page : 0;
                        t->top = t->top > page ? t->top - page : 0; break;
    case ACT_PAGE_DOWN: t->cursor = t->cursor + page < last ? t->cursor + page : last;
                        t->top += page; break;
    case ACT_HALF_UP:   t->cursor = t->cursor > page / 2 ? t->cursor - page / 2 : 0; break;
    case ACT_HALF_DOWN: t->cursor = t->cursor + page / 2 < last ? t->cursor + page / 2 : last; break;
    case ACT_HOME:      t->cursor = 0; break;
    case ACT_END:       t->cursor = last; break;
    case ACT_LEFT:
        if (t->col > 0) t->col--;
        if (t->col < s->pinned && s->pinned < s->n_cols && !t->col_cursor) t->col = s->pinned;
        break;
    case ACT_RIGHT:     if (t->col + 1 < s->n_cols) t->col++; break;
    case ACT_LINE_START: t->col = 0; t->left = s->pinned; break;
    case ACT_LINE_END:  t->col = s->n_cols ? s->n_cols - 1 : 0; break;
    default:
        return false;
    }
    if (t->top > last)
        t->top = last;
    table_clamp(t, s);
    return true;
}
