/* lines.c — see lines.h. */
#include "widgets/lines.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "widgets/draw.h"

#define LINK_VALUE_X 38

Line *lines_add(LineList *ll, LineKind kind, const char *key, const char *value, Role role)
{
    Line *l;
    char *k, *v;

    if (ll->n == ll->cap) {
        size_t cap = ll->cap ? ll->cap * 2 : 64;
        Line *n = realloc(ll->lines, cap * sizeof *n);
        if (!n)
            return NULL;
        ll->lines = n;
        ll->cap = cap;
    }
    k = strdup(key ? key : "");
    v = strdup(value ? value : "");
    if (!k || !v) {
        free(k);
        free(v);
        return NULL;
    }
    l = &ll->lines[ll->n++];
    l->kind = kind;
    l->key = k;
    l->value = v;
    l->role = role;
    l->data = -1;
    return l;
}

void lines_clear(LineList *ll)
{
    for (size_t i = 0; i < ll->n; i++) {
        free(ll->lines[i].key);
        free(ll->lines[i].value);
    }
    ll->n = 0;
}

void lines_free(LineList *ll)
{
    lines_clear(ll);
    free(ll->lines);
    memset(ll, 0, sizeof *ll);
}

static int key_width(const LineList *ll, int cols)
{
    int w = 8;

    for (size_t i = 0; i < ll->n; i++)
        if (ll->lines[i].kind == LINE_FIELD) {
            char buf[512];
            int tw = text_fit(ll->lines[i].key, 200, buf, sizeof buf);
            if (tw > w)
                w = tw;
        }
    if (w > cols * 2 / 5)
        w = cols * 2 / 5;
    return w;
}

void lines_draw(LineList *ll, WINDOW *w, int rows, int cols, LineDecor decor, void *ctx)
{
    int kw = key_width(ll, cols);

    ll->page = rows;
    if (ll->cursor >= ll->n)
        ll->cursor = ll->n ? ll->n - 1 : 0;
    if (ll->cursor < ll->top)
        ll->top = ll->cursor;
    if (rows > 0 && ll->cursor >= ll->top + (size_t)rows)
        ll->top = ll->cursor - (size_t)rows + 1;
    for (int y = 0; y < rows; y++) {
        size_t i = ll->top + (size_t)y;
        const Line *l;
        bool cur;

        if (i >= ll->n)
            break;
        l = &ll->lines[i];
        cur = i == ll->cursor;
        if (cur)
            draw_fill(w, y, 0, cols, ROLE_CURSOR);
        switch (l->kind) {
        case LINE_SECTION:
            draw_text(w, y, 1, l->key, cols - 1, cur ? ROLE_CURSOR : ROLE_SECTION, false);
            break;
        case LINE_LINK:
            draw_text(w, y, 2, l->key, l->value[0] && LINK_VALUE_X < cols
                      ? LINK_VALUE_X - 3 : cols - 2, cur ? ROLE_CURSOR : ROLE_KEY, false);
            if (l->value[0] && LINK_VALUE_X < cols)
                draw_text(w, y, LINK_VALUE_X, l->value, cols - LINK_VALUE_X,
                          cur ? ROLE_CURSOR : ROLE_DIM, false);
            break;
        case LINE_FIELD: {
            int x = 2 + kw + 2, vw;

            draw_text(w, y, 2, l->key, kw, cur ? ROLE_CURSOR : ROLE_KEY, false);
            vw = draw_text(w, y, x, l->value, cols - x, cur ? ROLE_CURSOR : l->role, false);
            if (decor && x + vw + 3 < cols) {
                int sx = x + (vw < 22 ? 22 : vw + 2);
                if (sx < cols)
                    decor(ctx, l, w, y, sx, cols - sx);
            }
            break;
        }
        case LINE_TEXT:
            draw_text(w, y, 2, l->value, cols - 2, cur ? ROLE_CURSOR : l->role, false);
            break;
        case LINE_BLANK:
            break;
        }
    }
}

/* The next (dir 1) or previous (dir -1) section heading from `from`; from
 * itself when there is none that way. */
static size_t next_section(const LineList *ll, size_t from, int dir)
{
    size_t i = from;

    for (;;) {
        if (dir > 0 ? i + 1 >= ll->n : i == 0)
            return from;
        i = dir > 0 ? i + 1 : i - 1;
        if (ll->lines[i].kind == LINE_SECTION)
            return i;
    }
}

bool lines_move(LineList *ll, Action a)
{
    size_t page = ll->page > 1 ? (size_t)ll->page : 1;
    size_t last = ll->n ? ll->n - 1 : 0;

    switch (a) {
    case ACT_UP:        if (ll->cursor) ll->cursor--; return true;
    case ACT_DOWN:      if (ll->cursor < last) ll->cursor++; return true;
    case ACT_PAGE_UP:   ll->cursor = ll->cursor > page ? ll->cursor - page : 0; return true;
    case ACT_PAGE_DOWN: ll->cursor = ll->cursor + page < last ? ll->cursor + page : last;
                        return true;
    case ACT_HALF_UP:   ll->cursor = ll->cursor > page / 2 ? ll->cursor - page / 2 : 0;
                        return true;
    case ACT_HALF_DOWN: ll->cursor = ll->cursor + page / 2 < last ? ll->cursor + page / 2 : last;
                        return true;
    case ACT_HOME:      ll->cursor = 0; return true;
    case ACT_END:       ll->cursor = last; return true;
    case ACT_NEXT_TAB:
    case ACT_PREV_TAB:
        ll->cursor = next_section(ll, ll->cursor, a == ACT_NEXT_TAB ? 1 : -1);
        ll->top = ll->cursor;
        return true;
    default:
        return false;
    }
}

bool lines_hit(const LineList *ll, int y, size_t *index)
{
    if (y < 0 || y >= ll->page || ll->top + (size_t)y >= ll->n)
        return false;
    *index = ll->top + (size_t)y;
    return true;
}

const Line *lines_current(const LineList *ll)
{
    return ll->cursor < ll->n ? &ll->lines[ll->cursor] : NULL;
}
