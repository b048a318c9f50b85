/* image.h — pictures in character cells, drawn by libchafa: chafa turns the
 * decoded pixels into symbols (block, border and space symbols in a UTF-8
 * locale, ASCII outside one) with a foreground and background colour per
 * cell chosen from the colours the terminal has (true colour, the 240
 * colours of the xterm-256 palette above the first 16, 16 or 8 colours, or
 * none: shapes in the default colours). This file only reads chafa's cells
 * back and draws them through curses (colour pairs from a cache above the
 * theme's and the plots'); chafa's ANSI output never reaches the curses
 * screen. Pixel protocols (kitty, sixel) are widgets/termgfx.h. */
#ifndef MLTUI_IMAGE_H
#define MLTUI_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <curses.h>

#include "render/canvas.h"

/* The colours cells may use. */
typedef enum ImageColors {
    IMAGE_COLORS_NONE,     /* shapes only, the terminal's own fg/bg */
    IMAGE_COLORS_8,        /* palette 0..7 */
    IMAGE_COLORS_16,       /* palette 0..15 */
    IMAGE_COLORS_240,      /* palette 16..255 (the first 16 vary between terminals) */
    IMAGE_COLORS_DIRECT,   /* 0xRRGGBB */
} ImageColors;

typedef struct ImageCell {
    uint32_t ch;           /* a Unicode code point (ASCII when !unicode) */
    int32_t  fg, bg;       /* per ImageColors; -1: the terminal's default */
} ImageCell;

/* A picture as cols x rows cells, row-major; owns cell. */
typedef struct ImageCells {
    int         cols, rows;
    ImageColors colors;
    ImageCell  *cell;
} ImageCells;

/* The cells a picture of w x h pixels takes in at most cols x rows cells, a
 * cell taken as twice as high as wide, aspect kept, never enlarged (a pixel
 * per column at most, two per row). 0 x 0 for sizes <= 0. */
void        image_fit_cells(int w, int h, int cols, int rows, int *out_cols, int *out_rows);

/* src in at most max_cols x max_rows cells (image_fit_cells), rendered by
 * chafa with the given colours and symbols (unicode: block, border, space
 * and, without colours, stipple symbols; else ASCII). Transparent areas get
 * the default colours. NULL for an empty picture or size, or out of memory.
 * No curses: callable without a terminal. */
ImageCells *image_render(const Canvas *src, int max_cols, int max_rows, ImageColors colors,
                         bool unicode);
void        image_cells_free(ImageCells *ic);

/* What the terminal curses runs on has: COLORS, the theme's pairs (none
 * with NO_COLOR or the mono fallback), and the locale's charset. */
ImageColors image_terminal_colors(void);
bool        image_terminal_unicode(void);

/* Draws ic at y, x of w (ic->cols x ic->rows cells). */
void        image_cells_draw(WINDOW *w, int y, int x, const ImageCells *ic);

#endif
