/* raster.c — see canvas.h: anti-aliased lines and dots. Coverage is the
 * distance from the pixel centre to the shape's edge, clamped to [0, 1]: cheap
 * and smooth enough for plots. A line walks its major axis and visits only
 * the pixels within half its width (plus one) across it, so the cost is
 * length x width, not the area of its bounding box. */
#include "render/canvas.h"

#include <math.h>

static double seg_dist(double px, double py, double x0, double y0, double dx, double dy,
                       double len2)
{
    double t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    double qx = x0 + t * dx - px, qy = y0 + t * dy - py;
    return sqrt(qx * qx + qy * qy);
}

void canvas_line(Canvas *c, double x0, double y0, double x1, double y1, double width,
                 Rgba color)
{
    double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
    double hw = (width > 0 ? width : 1) / 2, reach;
    bool xmajor = fabs(dx) >= fabs(dy);

    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1) || !isfinite(len2) ||
        !(width <= CANVAS_FAR))
        return;
    /* Thin lines keep their weight: a hairline under one pixel gets lighter. */
    double alpha = width < 1 ? (width > 0 ? width : 1) : 1;
    if (width < 1)
        hw = 0.5;
    /* Across the major axis, the line's half width grows by 1/cos. */
    double major = xmajor ? fabs(dx) : fabs(dy);
    double secant = major > 0 ? sqrt(len2) / major : 1;
    reach = hw * secant + 1.5;
    int a0 = canvas_px(floor((xmajor ? fmin(x0, x1) : fmin(y0, y1)) - hw - 1));
    int a1 = canvas_px(ceil((xmajor ? fmax(x0, x1) : fmax(y0, y1)) + hw + 1));
    int lim_a = xmajor ? c->w : c->h, lim_b = xmajor ? c->h : c->w;
    if (a0 < 0) a0 = 0;
    if (a1 > lim_a - 1) a1 = lim_a - 1;
    for (int a = a0; a <= a1; a++) {
        double ac = a + 0.5, bc;
        /* The centre line at this step (clamped to the segment's ends). */
        if (xmajor) {
            double t = dx != 0 ? (ac - x0) / dx : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            bc = y0 + t * dy;
        } else {
            double t = dy != 0 ? (ac - y0) / dy : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            bc = x0 + t * dx;
        }
        int b0 = canvas_px(floor(bc - reach)), b1 = canvas_px(ceil(bc + reach));
        if (b0 < 0) b0 = 0;
        if (b1 > lim_b - 1) b1 = lim_b - 1;
        for (int b = b0; b <= b1; b++) {
            int px = xmajor ? a : b, py = xmajor ? b : a;
            double d = seg_dist(px + 0.5, py + 0.5, x0, y0, dx, dy, len2);
            double cov = hw + 0.5 - d;
            if (cov <= 0)
                continue;
            canvas_blend(c, px, py, color, (cov > 1 ? 1 : cov) * alpha);
        }
    }
}

void canvas_dot(Canvas *c, double x, double y, double radius, Rgba color)
{
    if (!isfinite(x) || !isfinite(y) || !(radius > 0) || radius > CANVAS_FAR)
        return;
    int x0 = canvas_px(floor(x - radius - 1)), x1 = canvas_px(ceil(x + radius + 1));
    int y0 = canvas_px(floor(y - radius - 1)), y1 = canvas_px(ceil(y + radius + 1));
    for (int py = y0 < 0 ? 0 : y0; py <= y1 && py < c->h; py++)
        for (int px = x0 < 0 ? 0 : x0; px <= x1 && px < c->w; px++) {
            double ddx = px + 0.5 - x, ddy = py + 0.5 - y;
            double cov = radius + 0.5 - sqrt(ddx * ddx + ddy * ddy);
            if (cov > 0)
                canvas_blend(c, px, py, color, cov > 1 ? 1 : cov);
        }
}
