/* canvas.c — see canvas.h: allocation and filled rectangles. Lines and dots
 * live in raster.c, text and cell glyphs in font.c, PNG in png.c. */
#include "render/canvas.h"

#include <math.h>
#include <stdlib.h>

Canvas *canvas_new(int w, int h, Rgba background)
{
    Canvas *c;

    if (w <= 0 || h <= 0 || w > 16384 || h > 16384)
        return NULL;
    c = malloc(sizeof *c);
    if (!c)
        return NULL;
    c->w = w;
    c->h = h;
    c->px = malloc((size_t)w * (size_t)h * sizeof *c->px);
    if (!c->px) {
        free(c);
        return NULL;
    }
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
        c->px[i] = background;
    return c;
}

void canvas_free(Canvas *c)
{
    if (!c)
        return;
    free(c->px);
    free(c);
}

/* Blends color onto pixel (x, y) with coverage a in [0, 1]. */
void canvas_blend(Canvas *c, int x, int y, Rgba color, double a)
{
    Rgba *p;
    double sa, da, oa;
    unsigned sr, sg, sb, dr, dg, db;

    if (x < 0 || y < 0 || x >= c->w || y >= c->h || a <= 0)
        return;
    if (a > 1)
        a = 1;
    p = &c->px[(size_t)y * (size_t)c->w + (size_t)x];
    sa = (color & 0xff) / 255.0 * a;
    da = (*p & 0xff) / 255.0;
    oa = sa + da * (1 - sa);
    if (oa <= 0) {
        *p = 0;
        return;
    }
    sr = color >> 24; sg = (color >> 16) & 0xff; sb = (color >> 8) & 0xff;
    dr = *p >> 24;    dg = (*p >> 16) & 0xff;    db = (*p >> 8) & 0xff;
    unsigned r = (unsigned)lround((sr * sa + dr * da * (1 - sa)) / oa);
    unsigned g = (unsigned)lround((sg * sa + dg * da * (1 - sa)) / oa);
    unsigned b = (unsigned)lround((sb * sa + db * da * (1 - sa)) / oa);
    unsigned al = (unsigned)lround(oa * 255);
    *p = (Rgba)r << 24 | (Rgba)g << 16 | (Rgba)b << 8 | al;
}

int canvas_px(double v)
{
    if (!(v > -CANVAS_FAR))
        return -CANVAS_FAR;
    if (v > CANVAS_FAR)
        return CANVAS_FAR;
    return (int)v;
}

void canvas_fill_rect(Canvas *c, double x, double y, double w, double h, Rgba color)
{
    /* Coverage-weighted edges, so fractional rectangles look right; only the
     * part on the canvas is walked. */
    int x0 = canvas_px(floor(x)), y0 = canvas_px(floor(y));
    int x1 = canvas_px(ceil(x + w)), y1 = canvas_px(ceil(y + h));

    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > c->w) x1 = c->w;
    if (y1 > c->h) y1 = c->h;

    for (int py = y0; py < y1; py++) {
        double cy = fmin(py + 1, y + h) - fmax(py, y);
        if (cy <= 0)
            continue;
        for (int px = x0; px < x1; px++) {
            double cx = fmin(px + 1, x + w) - fmax(px, x);
            if (cx > 0)
                canvas_blend(c, px, py, color, cx * cy);
        }
    }
}
