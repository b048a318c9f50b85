/* canvas_braille.h — a sub-cell canvas for terminal plots: every character
 * cell holds 2x4 dots (Unicode braille, U+2800..U+28FF) and one colour slot
 * (the last one drawn in the cell wins, so draw the highlighted thing last).
 * Rasterisation is pure (unit-tested); braille_draw puts it on a curses
 * window, in braille or, where the terminal is not UTF-8, in ASCII. */
#ifndef MLTUI_CANVAS_BRAILLE_H
#define MLTUI_CANVAS_BRAILLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>

/* Colour slots: 0 the chart colour; 1..BRAILLE_RAMP the colour ramp from low
 * to high; BRAILLE_HILITE the cursor's run; BRAILLE_DIM; BRAILLE_SERIES + i
 * (i < 10) the overlaid series. */
enum { BRAILLE_RAMP = 12, BRAILLE_HILITE = 13, BRAILLE_DIM = 14, BRAILLE_SERIES = 15,
       BRAILLE_SLOTS = 25 };

typedef struct Braille {
    int      cols, rows;   /* cells; dots are 2*cols x 4*rows */
    uint8_t *bits;         /* per cell: braille dot bits (bit k = dot k+1) */
    uint8_t *color;        /* per cell: colour slot */
} Braille;

/* Returns NULL when out of memory or for a size <= 0. */
Braille *braille_new(int cols, int rows);
void     braille_free(Braille *b);
void     braille_clear(Braille *b);
/* Sets dot (x, y), x in [0, 2*cols), y in [0, 4*rows) (outside: ignored). */
void     braille_set(Braille *b, int x, int y, uint8_t color);
bool     braille_get(const Braille *b, int x, int y);
/* Bresenham line between two dots, both ends included; clipped to the canvas. */
void     braille_line(Braille *b, int x0, int y0, int x1, int y1, uint8_t color);
/* The cell's character as UTF-8 (U+2800 + bits; "" for an empty cell when
 * blank is NULL) into buf[4+]. */
void     braille_cell_utf8(const Braille *b, int cx, int cy, char *buf);
/* The cell's ASCII approximation: ' ' empty, '.' low, '\'' high, '|', '-',
 * '/', '\\', ':' or '*'. */
char     braille_cell_ascii(const Braille *b, int cx, int cy);

/* True when the terminal can show braille: a UTF-8 locale. */
bool     braille_unicode_ok(void);
/* curses attributes of a colour slot (colour pairs are set up on first use:
 * xterm-256 colours when the terminal has them, else the basic eight; none
 * with NO_COLOR). */
attr_t   braille_attr(uint8_t slot);
/* Draws the non-empty cells at window position (y, x). */
void     braille_draw(const Braille *b, WINDOW *w, int y, int x);
/* Colour slot of ramp position t in [0, 1] (NaN: BRAILLE_DIM). */
uint8_t  braille_ramp_slot(double t);

#endif
