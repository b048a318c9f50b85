/* lines.h — a scrolling list of sections and key/value lines with a cursor:
 * the body of the detail screens (run, model version, logged model). Each
 * screen builds its lines (lines_add) from what it read and draws them with
 * lines_draw; the widget keeps the cursor on screen, measures the key
 * column, moves by line, page, half page and section (Tab / Shift-Tab), and
 * sanitises every string it draws (through widgets/draw.c). */
#ifndef MLTUI_LINES_H
#define MLTUI_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "core/actions.h"
#include "core/theme.h"

typedef enum {
    LINE_SECTION,   /* a heading: key, at the left margin */
    LINE_FIELD,     /* key, then value in the value column */
    LINE_TEXT,      /* value only, across the width (a description, a note) */
    LINE_BLANK,
    LINE_LINK,      /* something Enter opens: key, and value (dim) at column 38 */
} LineKind;

typedef struct Line {
    LineKind kind;
    char    *key, *value;   /* never NULL */
    Role     role;          /* of the value (FIELD, TEXT) */
    long     data;          /* the screen's own: an index, -1 for none */
} Line;

typedef struct LineList {
    Line   *lines;
    size_t  n, cap;
    size_t  top, cursor;
    int     page;           /* rows shown at the last draw */
} LineList;

/* After a FIELD's value is drawn: the screen may draw more on the same row
 * (a sparkline) at x..x+width-1. May be NULL. */
typedef void (*LineDecor)(void *ctx, const Line *l, WINDOW *w, int y, int x, int width);

/* Appends a line (key/value copied; NULL is ""); NULL when out of memory. */
Line       *lines_add(LineList *ll, LineKind kind, const char *key, const char *value,
                      Role role);
/* Removes every line (the cursor stays where it was, clamped at the next draw). */
void        lines_clear(LineList *ll);
void        lines_free(LineList *ll);
/* Draws rows at w's lines 0..rows-1. The key column is as wide as the
 * widest FIELD key, at most 2/5 of cols. */
void        lines_draw(LineList *ll, WINDOW *w, int rows, int cols, LineDecor decor, void *ctx);
/* Up/Down, PgUp/PgDn, half pages, Home/End, next/previous section; true
 * when a is one of those. */
bool        lines_move(LineList *ll, Action a);
/* The line drawn at window row y by the last draw (*index), false if none. */
bool        lines_hit(const LineList *ll, int y, size_t *index);
/* The line under the cursor, or NULL when there is none. */
const Line *lines_current(const LineList *ll);

#endif
