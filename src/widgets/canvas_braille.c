/* canvas_braille.c — see canvas_braille.h. */
#include "widgets/canvas_braille.h"

#include <langinfo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/plot.h"
#include "widgets/draw.h"

/* Bit of dot (dx, dy) inside a cell, in Unicode's braille numbering. */
static const uint8_t dot_bit[4][2] = {
    { 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 },
};

Braille *braille_new(int cols, int rows)
{
    Braille *b;

    if (cols <= 0 || rows <= 0)
        return NULL;
    b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->cols = cols;
    b->rows = rows;
    b->bits = calloc((size_t)cols * (size_t)rows, 1);
    b->color = calloc((size_t)cols * (size_t)rows, 1);
    if (!b->bits || !b->color) {
        braille_free(b);
        return NULL;
    }
    return b;
}

void braille_free(Braille *b)
{
    if (!b)
        return;
    free(b->bits);
    free(b->color);
    free(b);
}

void braille_clear(Braille *b)
{
    memset(b->bits, 0, (size_t)b->cols * (size_t)b->rows);
    memset(b->color, 0, (size_t)b->cols * (size_t)b->rows);
}

void braille_set(Braille *b, int x, int y, uint8_t color)
{
    size_t i;

    if (x < 0 || y < 0 || x >= 2 * b->cols || y >= 4 * b->rows)
        return;
    i = (size_t)(y >> 2) * (size_t)b->cols + (size_t)(x >> 1);
    b->bits[i] |= dot_bit[y & 3][x & 1];
    b->color[i] = color;
}

bool braille_get(const Braille *b, int x, int y)
{
    if (x < 0 || y < 0 || x >= 2 * b->cols || y >= 4 * b->rows)
        return false;
    return b->bits[(size_t)(y >> 2) * (size_t)b->cols + (size_t)(x >> 1)] & dot_bit[y & 3][x & 1];
}

/* Liang-Barsky clip of a dot segment to the canvas: false when outside. */
static bool clip(const Braille *b, int *x0, int *y0, int *x1, int *y1)
{
    double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
    double p[4] = { -dx, dx, -dy, dy };
    double q[4] = { *x0, 2.0 * b->cols - 1 - *x0, *y0, 4.0 * b->rows - 1 - *y0 };

    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t1) return false;
            if (t > t0) t0 = t;
        } else {
            if (t < t0) return false;
            if (t < t1) t1 = t;
        }
    }
    if (t0 > 0 || t1 < 1) {
        int ox = *x0, oy = *y0;
        *x0 = (int)lround(ox + t0 * dx);
        *y0 = (int)lround(oy + t0 * dy);
        *x1 = (int)lround(ox + t1 * dx);
        *y1 = (int)lround(oy + t1 * dy);
    }
    return true;
}

void braille_line(Braille *b, int x0, int y0, int x1, int y1, uint8_t color)
{
    int dx, dy, sx, sy, err;

    if (!clip(b, &x0, &y0, &x1, &y1))
        return;
    dx = abs(x1 - x0);
    dy = -abs(y1 - y0);
    sx = x0 < x1 ? 1 : -1;
    sy = y0 < y1 ? 1 : -1;
    err = dx + dy;
    for (;;) {
        braille_set(b, x0, y0, color);
        if (x0 == x1 && y0 == y1)
            break;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            err += dx;
            y0 += sy;
        }
    }
}

void braille_cell_utf8(const Braille *b, int cx, int cy, char *buf)
{
    unsigned cp = 0x2800u + b->bits[(size_t)cy * (size_t)b->cols + (size_t)cx];

    buf[0] = (char)(0xe0 | (cp >> 12));
    buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    buf[2] = (char)(0x80 | (cp & 0x3f));
    buf[3] = '\0';
}

char braille_cell_ascii(const Braille *b, int cx, int cy)
{
    uint8_t bits = b->bits[(size_t)cy * (size_t)b->cols + (size_t)cx];
    int rows = 0, top = 4, bottom = -1, n = 0;
    bool left = false, right = false;

    if (!bits)
        return ' ';
    for (int y = 0; y < 4; y++) {
        bool any = false;
        for (int x = 0; x < 2; x++)
            if (bits & dot_bit[y][x]) {
                any = true;
                n++;
                if (x) right = true; else left = true;
            }
        if (any) {
            rows++;
            if (y < top) top = y;
            bottom = y;
        }
    }
    if (n == 1)
        return top >= 2 ? '.' : '\'';
    if (rows <= 2 && left && right)
        return bottom <= 1 ? '-' : top >= 2 ? '_' : '-';
    if (rows >= 3 && !(left && right))
        return '|';
    if (left && right && rows >= 3) {
        bool tl = bits & (dot_bit[0][0] | dot_bit[1][0]), br = bits & (dot_bit[2][1] | dot_bit[3][1]);
        bool tr = bits & (dot_bit[0][1] | dot_bit[1][1]), bl = bits & (dot_bit[2][0] | dot_bit[3][0]);
        if (tl && br && !(tr && bl))
            return '\\';
        if (tr && bl && !(tl && br))
            return '/';
        return '*';
    }
    return ':';
}

/* ---- terminal ---- */

bool braille_unicode_ok(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

#define PAIR_BASE 100

static attr_t slot_attr[BRAILLE_SLOTS];
static bool   slots_ready;
static int    slots_colors = -1;   /* what the pairs were set up for */

static short basic_of(int xterm)
{
    return theme_color_to_8((short)xterm);
}

static void setup_slots(void)
{
    bool colors = PAIR_NUMBER(draw_attr(ROLE_NORMAL)) != 0 && has_colors();
    bool many = colors && COLORS >= 256;
    static const short series8[10] = { COLOR_BLUE, COLOR_YELLOW, COLOR_RED, COLOR_CYAN,
                                       COLOR_GREEN, COLOR_MAGENTA, COLOR_WHITE, COLOR_RED,
                                       COLOR_YELLOW, COLOR_CYAN };

    slots_colors = colors ? (many ? 2 : 1) : 0;
    for (int s = 0; s < BRAILLE_SLOTS; s++) {
        short fg = -1;
        attr_t a = A_NORMAL;
        if (s == 0) {
            slot_attr[s] = draw_attr(ROLE_CHART);
            continue;
        }
        if (s <= BRAILLE_RAMP) {
            int x = plot_ramp_xterm((double)(s - 1) / (BRAILLE_RAMP - 1));
            fg = many ? (short)x : basic_of(x);
            if (!many && fg == COLOR_BLACK)
                fg = COLOR_BLUE;
        } else if (s == BRAILLE_HILITE) {
            fg = many ? 197 : COLOR_RED;
            a = A_BOLD;
        } else if (s == BRAILLE_DIM) {
            fg = many ? 244 : -1;
            a = many ? A_NORMAL : A_DIM;
        } else {
            int i = s - BRAILLE_SERIES;
            fg = many ? (short)plot_rgb_xterm(plot_series_color(i)) : series8[i % 10];
        }
        if (colors && COLOR_PAIRS > PAIR_BASE + BRAILLE_SLOTS) {
            init_pair((short)(PAIR_BASE + s), fg, -1);
            a |= COLOR_PAIR(PAIR_BASE + s);
        } else if (s == BRAILLE_HILITE) {
            a = A_BOLD | A_REVERSE;
        }
        slot_attr[s] = a;
    }
    slots_ready = true;
}

attr_t braille_attr(uint8_t slot)
{
    bool colors = PAIR_NUMBER(draw_attr(ROLE_NORMAL)) != 0;
    if (!slots_ready || (slots_colors != 0) != colors)
        setup_slots();
    return slot < BRAILLE_SLOTS ? slot_attr[slot] : A_NORMAL;
}

uint8_t braille_ramp_slot(double t)
{
    if (isnan(t))
        return BRAILLE_DIM;
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    return (uint8_t)(1 + lround(t * (BRAILLE_RAMP - 1)));
}

void braille_draw(const Braille *b, WINDOW *w, int y, int x)
{
    bool uni = braille_unicode_ok();
    char buf[8];

    for (int cy = 0; cy < b->rows; cy++)
        for (int cx = 0; cx < b->cols; cx++) {
            size_t i = (size_t)cy * (size_t)b->cols + (size_t)cx;
            if (!b->bits[i])
                continue;
            if (uni) {
                braille_cell_utf8(b, cx, cy, buf);
            } else {
                buf[0] = braille_cell_ascii(b, cx, cy);
                buf[1] = '\0';
            }
            draw_raw(w, y + cy, x + cx, buf, ROLE_CHART);
            mvwchgat(w, y + cy, x + cx, 1, braille_attr(b->color[i]) & ~A_COLOR,
                     (short)PAIR_NUMBER(braille_attr(b->color[i])), NULL);
        }
}
