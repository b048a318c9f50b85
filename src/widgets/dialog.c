/* dialog.c — see dialog.h. The box is as wide as the text needs (at most the
 * screen less a margin) and wraps the text; a chooser scrolls when its items
 * do not fit, so the dialog stays usable at 50x15. */
#include "widgets/dialog.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "widgets/draw.h"

void dialog_clear(Dialog *d)
{
    for (size_t i = 0; i < d->n_items; i++)
        free(d->items[i]);
    memset(d, 0, sizeof *d);
}

int dialog_confirm(Dialog *d, const char *title, const char *text)
{
    dialog_clear(d);
    d->kind = DIALOG_CONFIRM;
    snprintf(d->title, sizeof d->title, "%s", title ? title : "");
    snprintf(d->text, sizeof d->text, "%s", text ? text : "");
    return 0;
}

int dialog_choose(Dialog *d, const char *title, const char *text,
                  const char *const *items, size_t n, size_t initial)
{
    dialog_clear(d);
    d->kind = DIALOG_CHOOSE;
    snprintf(d->title, sizeof d->title, "%s", title ? title : "");
    snprintf(d->text, sizeof d->text, "%s", text ? text : "");
    for (size_t i = 0; i < n && i < DIALOG_MAX_ITEMS; i++) {
        d->items[i] = strdup(items[i] ? items[i] : "");
        if (!d->items[i]) {
            dialog_clear(d);
            return -1;
        }
        d->n_items = i + 1;
    }
    d->cursor = initial < d->n_items ? initial : 0;
    return 0;
}

DialogResult dialog_key(Dialog *d, wint_t ch, bool is_key)
{
    if (!is_key && (ch == 27 || ch == 'q' || (d->kind == DIALOG_CONFIRM && (ch == 'n' || ch == 'N'))))
        return DIALOG_CANCEL;
    if (!is_key && ch == 3)      /* ^C */
        return DIALOG_CANCEL;
    if (d->kind == DIALOG_CONFIRM) {
        if ((!is_key && (ch == 'y' || ch == 'Y' || ch == '\n' || ch == '\r')) ||
            (is_key && ch == KEY_ENTER))
            return DIALOG_ACCEPT;
        return DIALOG_OPEN;
    }
    if ((!is_key && (ch == '\n' || ch == '\r')) || (is_key && ch == KEY_ENTER))
        return d->n_items ? DIALOG_ACCEPT : DIALOG_CANCEL;
    if (!is_key && ch >= '1' && ch <= '9' && (size_t)(ch - '1') < d->n_items) {
        d->cursor = (size_t)(ch - '1');
        return DIALOG_ACCEPT;
    }
    if ((is_key && ch == KEY_UP) || (!is_key && ch == 'k')) {
        if (d->cursor)
            d->cursor--;
    } else if ((is_key && ch == KEY_DOWN) || (!is_key && ch == 'j')) {
        if (d->cursor + 1 < d->n_items)
            d->cursor++;
    } else if ((is_key && ch == KEY_HOME) || (!is_key && ch == 'g')) {
        d->cursor = 0;
    } else if ((is_key && ch == KEY_END) || (!is_key && ch == 'G')) {
        d->cursor = d->n_items ? d->n_items - 1 : 0;
    }
    return DIALOG_OPEN;
}

/* ---- drawing ---- */

typedef struct Lines {
    char   line[64][256];
    int    n;
} Lines;

static void emit(const char *s, size_t n, void *ctx)
{
    Lines *l = ctx;
    if (l->n >= 64)
        return;
    if (n >= sizeof l->line[0])
        n = sizeof l->line[0] - 1;
    memcpy(l->line[l->n], s, n);
    l->line[l->n][n] = '\0';
    l->n++;
}

static void wrap_text(const char *text, int cols, Lines *out)
{
    const char *p = text;
    char safe[1024];

    out->n = 0;
    while (*p || p == text) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        text_sanitize(p, len, safe, sizeof safe);
        if (text_wrap(safe, cols, emit, out) == 0)
            emit("", 0, out);
        if (!eol)
            break;
        p = eol + 1;
    }
}

static void box_line(WINDOW *w, int y, int x, int width, const char *l, const char *r)
{
    draw_raw(w, y, x, l, ROLE_DIALOG);
    for (int i = 1; i < width - 1; i++)
        draw_raw(w, y, x + i, "─", ROLE_DIALOG);
    draw_raw(w, y, x + width - 1, r, ROLE_DIALOG);
}

void dialog_draw(const Dialog *d, WINDOW *w, int rows, int cols)
{
    static Lines lines;       /* one dialog at a time; keeps 16 KB off the stack */
    int maxw = cols - 4 < 78 ? cols - 4 : 78, inner, width, height, y0, x0, y;
    const char *footer = d->kind == DIALOG_CONFIRM ? "y/Enter confirm   n/Esc cancel"
                                                   : "Enter choose   Esc cancel";
    int list_rows = 0;

    if (maxw < 20 || rows < 5)
        return;
    inner = maxw - 4;
    /* As narrow as the content allows. */
    {
        int need = text_width(d->title) + 4;
        int fw = text_width(footer);
        if (fw > need)
            need = fw;
        char buf[512];
        for (size_t i = 0; i < d->n_items; i++) {
            int iw = text_fit(d->items[i], inner, buf, sizeof buf) + 4;
            if (iw > need)
                need = iw;
        }
        wrap_text(d->text, inner, &lines);
        for (int i = 0; i < lines.n; i++)
            if (text_width(lines.line[i]) > need)
                need = text_width(lines.line[i]);
        if (need < 30)
            need = 30;
        if (need < inner)
            inner = need;
    }
    width = inner + 4;
    wrap_text(d->text, inner, &lines);
    int text_rows = d->text[0] ? lines.n : 0;
    int room = rows - 4;                      /* borders + footer line */
    if (d->kind == DIALOG_CHOOSE) {
        list_rows = (int)d->n_items;
        if (text_rows + (text_rows ? 1 : 0) + list_rows > room) {
            int max_text = room - (list_rows < 3 ? list_rows : 3) - 1;
            if (text_rows > max_text)
                text_rows = max_text > 0 ? max_text : 0;
            list_rows = room - text_rows - (text_rows ? 1 : 0);
        }
        if (list_rows < 1)
            list_rows = 1;
    } else if (text_rows > room) {
        text_rows = room;
    }
    height = text_rows + (d->kind == DIALOG_CHOOSE ? list_rows + (text_rows ? 1 : 0) : 0) + 3;
    y0 = (rows - height) / 2;
    x0 = (cols - width) / 2;
    if (y0 < 0)
        y0 = 0;

    box_line(w, y0, x0, width, "┌", "┐");
    for (y = y0 + 1; y < y0 + height - 1; y++) {
        draw_raw(w, y, x0, "│", ROLE_DIALOG);
        draw_fill(w, y, x0 + 1, width - 2, ROLE_DIALOG);
        draw_raw(w, y, x0 + width - 1, "│", ROLE_DIALOG);
    }
    box_line(w, y0 + height - 1, x0, width, "└", "┘");
    if (d->title[0]) {
        char t[160];
        snprintf(t, sizeof t, " %s ", d->title);
        draw_text(w, y0, x0 + 2, t, width - 4, ROLE_SECTION, false);
    }
    y = y0 + 1;
    for (int i = 0; i < text_rows; i++)
        draw_text(w, y++, x0 + 2, lines.line[i], inner, ROLE_DIALOG, false);
    if (d->kind == DIALOG_CHOOSE) {
        size_t top = d->top;
        if (d->cursor < top)
            top = d->cursor;
        if (d->cursor >= top + (size_t)list_rows)
            top = d->cursor - (size_t)list_rows + 1;
        ((Dialog *)d)->top = top;     /* scrolling is display state */
        if (text_rows)
            y++;
        for (int i = 0; i < list_rows && top + (size_t)i < d->n_items; i++) {
            size_t k = top + (size_t)i;
            bool cur = k == d->cursor;
            char label[512];
            snprintf(label, sizeof label, "%s %s", cur ? ">" : " ", d->items[k]);
            if (cur)
                draw_fill(w, y, x0 + 1, width - 2, ROLE_CURSOR);
            draw_text(w, y++, x0 + 2, label, inner, cur ? ROLE_CURSOR : ROLE_DIALOG, false);
        }
    }
    draw_text(w, y0 + height - 2, x0 + 2, footer, inner, ROLE_DIM, false);
}
