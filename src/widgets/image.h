/* image.h — pictures in the terminal with half blocks: each character cell
 * shows two pixels stacked, "▀" with the foreground colour the upper pixel
 * and the background colour the lower one. A picture is first scaled to fit
 * (area averaging, alpha composited over a background colour; never
 * enlarged), then each pixel is mapped to the xterm-256 palette (256-colour
 * terminals) or the nearest of the 8 basic colours. Colour pairs come from a
 * cache of pairs above the theme's and the plots' (reset at each draw).
 * Without colours the picture is drawn as a luminance ramp of ASCII
 * characters; outside a UTF-8 locale, one averaged colour per cell. */
#ifndef MLTUI_IMAGE_H
#define MLTUI_IMAGE_H

#include <curses.h>

#include "render/canvas.h"

/* A new opaque canvas holding src scaled to fit max_w x max_h pixels with
 * its aspect ratio kept (scale <= 1), each pixel the area average of the
 * source pixels it covers, composited over bg. NULL for sizes <= 0 or when
 * out of memory. */
Canvas *image_fit(const Canvas *src, int max_w, int max_h, Rgba bg);

/* The cells a picture of w x h pixels takes when fitted into cols x rows
 * cells (two pixels per cell vertically). */
void    image_fit_cells(int w, int h, int cols, int rows, int *out_cols, int *out_rows);

/* The nearest colour of the xterm-256 palette (16..255: the 6x6x6 cube and
 * the grey ramp; the first 16 vary between terminals and are not used). */
int     image_xterm256(Rgba c);
/* The nearest of the 8 basic colours (COLOR_BLACK .. COLOR_WHITE). */
int     image_basic8(Rgba c);

/* Draws fitted (from image_fit; fitted->w <= cols) at y, x: fitted->w cells
 * wide, (fitted->h + 1) / 2 rows high. */
void    image_draw(WINDOW *w, int y, int x, const Canvas *fitted);

#endif
