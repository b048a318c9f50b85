/* textview.c — one long value in full: wrapped to the screen width, newlines
 * kept, every paragraph sanitised; scrolls; Enter or Esc closes it. Used for
 * run details and compare cells. */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "views/viewtab.h"
#include "widgets/draw.h"

typedef struct TextView {
    View   base;
    char  *title, *text;
    char **lines;
    size_t n, cap, top;
    int    wrapped_at, page;
} TextView;

static void tv_emit(const char *s, size_t n, void *ctx)
{
    TextView *tv = ctx;
    if (tv->n == tv->cap) {
        size_t cap = tv->cap ? tv->cap * 2 : 64;
        char **nl = realloc(tv->lines, cap * sizeof *nl);
        if (!nl)
            return;
        tv->lines = nl;
        tv->cap = cap;
    }
    tv->lines[tv->n] = strndup(s, n);
    if (tv->lines[tv->n])
        tv->n++;
}

static void tv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    TextView *tv = (TextView *)v;
    (void)app;
    if (tv->wrapped_at != cols - 2) {
        char *safe;
        size_t len = strlen(tv->text), size = len * 4 + 16;
        for (size_t i = 0; i < tv->n; i++)
            free(tv->lines[i]);
        tv->n = 0;
        /* Newlines are kept as line breaks; each paragraph is sanitised. */
        const char *p = tv->text;
        safe = malloc(size);
        while (safe) {
            const char *eol = strchr(p, '\n');
            size_t pl = eol ? (size_t)(eol - p) : strlen(p);
            text_sanitize(p, pl, safe, size);
            if (text_wrap(safe, cols - 2, tv_emit, tv) == 0)
                tv_emit("", 0, tv);
            if (!eol)
                break;
            p = eol + 1;
        }
        free(safe);
        tv->wrapped_at = cols - 2;
    }
    tv->page = rows - 1;
    draw_text(w, 0, 0, tv->title, cols, ROLE_SECTION, true);
    if (tv->n > (size_t)tv->page && tv->top > tv->n - (size_t)tv->page)
        tv->top = tv->n - (size_t)tv->page;
    for (int y = 1; y < rows; y++) {
        size_t i = tv->top + (size_t)(y - 1);
        if (i >= tv->n)
            break;
        draw_text(w, y, 1, tv->lines[i], cols - 2, ROLE_NORMAL, false);
    }
}

static int tv_handle(View *v, App *app, Action a)
{
    TextView *tv = (TextView *)v;
    size_t page = tv->page > 1 ? (size_t)tv->page : 1;
    (void)app;
    switch (a) {
    case ACT_UP:        if (tv->top) tv->top--; return R_REDRAW;
    case ACT_DOWN:      if (tv->top + page < tv->n) tv->top++; return R_REDRAW;
    case ACT_PAGE_UP:   tv->top = tv->top > page ? tv->top - page : 0; return R_REDRAW;
    case ACT_PAGE_DOWN: case ACT_HALF_DOWN:
        tv->top += a == ACT_HALF_DOWN ? page / 2 : page;
        if (tv->top + page > tv->n)
            tv->top = tv->n > page ? tv->n - page : 0;
        return R_REDRAW;
    case ACT_HALF_UP:   tv->top = tv->top > page / 2 ? tv->top - page / 2 : 0; return R_REDRAW;
    case ACT_HOME:      tv->top = 0; return R_REDRAW;
    case ACT_END:       tv->top = tv->n > page ? tv->n - page : 0; return R_REDRAW;
    case ACT_OPEN:      return R_POP;
    default:            return R_UNKNOWN;
    }
}

static void tv_title(View *v, char *buf, size_t size)
{
    snprintf(buf, size, "%s", ((TextView *)v)->title);
}

static void tv_destroy(View *v)
{
    TextView *tv = (TextView *)v;
    for (size_t i = 0; i < tv->n; i++)
        free(tv->lines[i]);
    free(tv->lines);
    free(tv->title);
    free(tv->text);
    free(tv);
}

static const Action tv_actions[] = { ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP,
                                     ACT_HALF_DOWN, ACT_HOME, ACT_END, ACT_BACK, ACT_QUIT,
                                     ACT_NONE };
static const Action tv_hints[] = { ACT_DOWN, ACT_PAGE_DOWN, ACT_BACK, ACT_NONE };

const ViewOps text_view_ops = {
    .name = "text", .actions = tv_actions, .hints = tv_hints, .draw = tv_draw,
    .handle = tv_handle, .title = tv_title, .destroy = tv_destroy,
};

static View *text_view_new(const char *title, const char *text)
{
    TextView *tv = calloc(1, sizeof *tv);
    if (!tv)
        return NULL;
    tv->base.ops = &text_view_ops;
    tv->title = strdup(title);
    tv->text = strdup(text);
    tv->wrapped_at = -1;
    if (!tv->title || !tv->text) {
        tv_destroy(&tv->base);
        return NULL;
    }
    return &tv->base;
}

View *text_view_open(App *app, const ViewArgs *a)
{
    (void)app;
    return text_view_new(a->title ? a->title : "", a->text ? a->text : "");
}
