/* canvas.h — an RGBA raster for off-screen pictures (plot export, terminal
 * screenshots): anti-aliased lines and dots, filled rectangles, text through
 * FreeType with a monospace font, and PNG output through libpng. No curses.
 * Plot export and `mltui --screenshot` both draw through this.
 * canvas.c: allocation, blending, rectangles; raster.c: lines and dots;
 * font.c: text and cell glyphs; png.c: PNG read and write. */
#ifndef MLTUI_CANVAS_H
#define MLTUI_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t Rgba;   /* 0xRRGGBBAA */

typedef struct Canvas {
    int   w, h;
    Rgba *px;            /* w*h pixels, row-major, non-premultiplied */
} Canvas;

Canvas *canvas_new(int w, int h, Rgba background);
void    canvas_free(Canvas *c);
void    canvas_fill_rect(Canvas *c, double x, double y, double w, double h, Rgba color);
/* Blends color onto one pixel with coverage a in [0, 1] (alpha-over). */
void    canvas_blend(Canvas *c, int x, int y, Rgba color, double a);
/* A pixel coordinate as an int, clamped to +-CANVAS_FAR (NaN gives -CANVAS_FAR):
 * every double a caller computes converts without undefined behaviour. */
#define CANVAS_FAR 65536
int     canvas_px(double v);
/* Anti-aliased line of the given width (pixels), coordinates in pixels. */
void    canvas_line(Canvas *c, double x0, double y0, double x1, double y1, double width,
                    Rgba color);
/* Anti-aliased filled circle. */
void    canvas_dot(Canvas *c, double x, double y, double radius, Rgba color);

/* Text. Loads the first monospace font found (DejaVu Sans Mono from Debian's
 * fonts-dejavu-core, or $MLTUI_FONT); returns false when none can be loaded,
 * in which case text calls draw nothing. */
bool    canvas_font_ok(void);
/* Draws UTF-8 text with its baseline at y, left edge at x, pixel size px.
 * Returns the advance width in pixels. */
double  canvas_text(Canvas *c, double x, double y, const char *utf8, double px, Rgba color);
double  canvas_text_width(const char *utf8, double px);
/* Draws one character cell's glyph scaled to fill cell (x,y,w,h): box drawing,
 * block elements and braille are drawn geometrically so they join up;
 * other code points through the font. */
void    canvas_cell_glyph(Canvas *c, double x, double y, double w, double h, uint32_t cp,
                          Rgba fg, bool bold);

/* Writes c as an 8-bit RGBA PNG. Returns 0 or -1 with a message in err. */
int     canvas_write_png(const Canvas *c, const char *path, char *err, size_t errsize);
/* Reads a PNG file (any colour type / depth, converted to RGBA 8-bit). */
Canvas *canvas_read_png(const char *path, char *err, size_t errsize);
/* Decodes a PNG held in memory (artifact previews). */
Canvas *canvas_read_png_mem(const void *data, size_t len, char *err, size_t errsize);

#endif
