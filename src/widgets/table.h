/* table.h — a scrolling table with pinned left columns, a row cursor and a
 * column cursor. It draws only the visible rows and asks its source for each
 * cell, so 100,000 rows cost no more to draw than 30. */
#ifndef MLTUI_TABLE_H
#define MLTUI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "core/actions.h"
#include "core/theme.h"

typedef struct TableSrc {
    void *ctx;
    size_t n_rows, n_cols;
    size_t pinned;                     /* leading columns that never scroll away */
    int  (*width)(void *ctx, size_t col);
    bool (*right)(void *ctx, size_t col);        /* right-align (numbers); may be NULL */
    /* Header text; *role defaults to ROLE_HEADER. */
    void (*header)(void *ctx, size_t col, char *buf, size_t size, Role *role);
    /* Cell text (hostile text allowed); *role defaults to ROLE_NORMAL. */
    void (*cell)(void *ctx, size_t row, size_t col, char *buf, size_t size, Role *role);
    /* Leading mark for a row (e.g. '*'), or 0. May be NULL. */
    int  (*mark)(void *ctx, size_t row);
} TableSrc;

typedef struct Table {
    size_t top, cursor;       /* first shown row, selected row */
    size_t col, left;         /* selected column, first shown scrolling column */
    bool   col_cursor;        /* highlight the selected column */
    int    page;              /* rows shown at the last draw */
    /* Where the last draw put things (for the mouse: table_hit). */
    int    at_y, at_x;        /* the header's row and first column in the window */
    size_t drawn_rows;        /* data rows drawn (fewer at the end of the data) */
    int    n_spans;           /* columns drawn, left to right */
    struct { size_t col; int x0, x1; } spans[64];   /* [x0, x1) of each */
} Table;

typedef enum { TABLE_HIT_NONE, TABLE_HIT_HEADER, TABLE_HIT_ROW } TableHit;

/* Draws at w's rows y..y+rows-1, columns x..x+cols-1. Adjusts top/left so the
 * cursor stays visible. */
void table_draw(Table *t, const TableSrc *s, WINDOW *w, int y, int x, int rows, int cols);
/* Applies a movement action; returns true when handled. */
bool table_move(Table *t, const TableSrc *s, Action a);
/* What the window position (y, x) fell on at the last draw: the header (with
 * *col), a row (with *row and *col; *col is the cursor's column when x is
 * between columns) or nothing. */
TableHit table_hit(const Table *t, int y, int x, size_t *row, size_t *col);
/* Clamps cursor and column to the source's size. */
void table_clamp(Table *t, const TableSrc *s);

#endif
