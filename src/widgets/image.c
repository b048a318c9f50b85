/* image.c — see image.h. */
#include "widgets/image.h"

#include <langinfo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/theme.h"
#include "widgets/draw.h"

#define R_(c) ((int)((c) >> 24))
#define G_(c) ((int)(((c) >> 16) & 0xff))
#define B_(c) ((int)(((c) >> 8) & 0xff))

void image_fit_cells(int w, int h, int cols, int rows, int *out_cols, int *out_rows)
{
    double s;
    int pw, ph;

    if (w <= 0 || h <= 0 || cols <= 0 || rows <= 0) {
        *out_cols = *out_rows = 0;
        return;
    }
    s = (double)cols / w;
    if ((double)rows * 2 / h < s)
        s = (double)rows * 2 / h;
    if (s > 1)
        s = 1;
    pw = (int)(w * s + 0.5);
    ph = (int)(h * s + 0.5);
    if (pw < 1) pw = 1;
    if (ph < 1) ph = 1;
    if (pw > cols) pw = cols;
    if (ph > rows * 2) ph = rows * 2;
    *out_cols = pw;
    *out_rows = (ph + 1) / 2;
}

Canvas *image_fit(const Canvas *src, int max_w, int max_h, Rgba bg)
{
    double s;
    int ow, oh;
    Canvas *out;

    if (!src || src->w <= 0 || src->h <= 0 || max_w <= 0 || max_h <= 0)
        return NULL;
    s = (double)max_w / src->w;
    if ((double)max_h / src->h < s)
        s = (double)max_h / src->h;
    if (s > 1)
        s = 1;
    ow = (int)(src->w * s + 0.5);
    oh = (int)(src->h * s + 0.5);
    if (ow < 1) ow = 1;
    if (oh < 1) oh = 1;
    if (ow > max_w) ow = max_w;
    if (oh > max_h) oh = max_h;
    out = canvas_new(ow, oh, bg | 0xff);
    if (!out)
        return NULL;
    for (int oy = 0; oy < oh; oy++) {
        int y0 = (int)((int64_t)oy * src->h / oh);
        int y1 = (int)((int64_t)(oy + 1) * src->h / oh);
        if (y1 <= y0)
            y1 = y0 + 1;
        for (int ox = 0; ox < ow; ox++) {
            int x0 = (int)((int64_t)ox * src->w / ow);
            int x1 = (int)((int64_t)(ox + 1) * src->w / ow);
            uint64_t sr = 0, sg = 0, sb = 0, sa = 0, n = 0;
            if (x1 <= x0)
                x1 = x0 + 1;
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++) {
                    Rgba p = src->px[(size_t)y * (size_t)src->w + (size_t)x];
                    unsigned a = p & 0xff;
                    sr += (uint64_t)R_(p) * a;
                    sg += (uint64_t)G_(p) * a;
                    sb += (uint64_t)B_(p) * a;
                    sa += a;
                    n++;
                }
            /* average of the pixels composited over bg */
            uint64_t rest = n * 255 - sa, d = n * 255;
            unsigned r = (unsigned)((sr + (uint64_t)R_(bg) * rest + d / 2) / d);
            unsigned g = (unsigned)((sg + (uint64_t)G_(bg) * rest + d / 2) / d);
            unsigned b = (unsigned)((sb + (uint64_t)B_(bg) * rest + d / 2) / d);
            out->px[(size_t)oy * (size_t)ow + (size_t)ox] =
                (Rgba)r << 24 | (Rgba)g << 16 | (Rgba)b << 8 | 0xff;
        }
    }
    return out;
}

static int dist2(int r, int g, int b, int r2, int g2, int b2)
{
    return (r - r2) * (r - r2) + (g - g2) * (g - g2) + (b - b2) * (b - b2);
}

static const int cube_level[6] = { 0, 95, 135, 175, 215, 255 };

static int cube_index(int v)
{
    int best = 0;
    for (int i = 1; i < 6; i++)
        if (abs(v - cube_level[i]) < abs(v - cube_level[best]))
            best = i;
    return best;
}

int image_xterm256(Rgba c)
{
    int r = R_(c), g = G_(c), b = B_(c);
    int ri = cube_index(r), gi = cube_index(g), bi = cube_index(b);
    int cube = 16 + 36 * ri + 6 * gi + bi;
    int dc = dist2(r, g, b, cube_level[ri], cube_level[gi], cube_level[bi]);
    /* grey ramp 232..255: 8, 18, ..., 238 */
    int avg = (r + g + b) / 3;
    int gi2 = avg < 8 ? 0 : avg > 238 ? 23 : (avg - 8 + 5) / 10;
    int gv = 8 + 10 * gi2;
    int dg = dist2(r, g, b, gv, gv, gv);
    return dg < dc ? 232 + gi2 : cube;
}

int image_basic8(Rgba c)
{
    static const int pal[8][3] = {
        { 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
        { 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
    };
    int best = 0, bd = -1;
    for (int i = 0; i < 8; i++) {
        int d = dist2(R_(c), G_(c), B_(c), pal[i][0], pal[i][1], pal[i][2]);
        if (bd < 0 || d < bd) {
            bd = d;
            best = i;
        }
    }
    return best;
}

/* ---- colour pairs ---- */

#define KEY(fg, bg) ((fg) << 8 | (bg))

static short  *pair_of;          /* KEY -> pair, 0 = none yet (65536 entries) */
static int    *pair_keys;        /* keys given out since the last reset */
static int     pair_lo, pair_hi, pair_next;

static void pairs_reset(void)
{
    int max = COLOR_PAIRS < 32767 ? COLOR_PAIRS : 32767;

    if (!pair_of) {
        pair_of = calloc(65536, sizeof *pair_of);
        pair_keys = calloc(32768, sizeof *pair_keys);
        if (!pair_of || !pair_keys) {
            free(pair_of);
            free(pair_keys);
            pair_of = NULL;
            pair_keys = NULL;
            return;
        }
    }
    for (int i = pair_lo; i < pair_next; i++)
        pair_of[pair_keys[i - pair_lo]] = 0;
    /* Above the theme's pairs (1..ROLE__COUNT) and the plots' (100..); on
     * terminals with few pairs, right after the theme's. */
    pair_lo = max >= 256 ? 128 : ROLE__COUNT + 1;
    pair_hi = max - 1;
    pair_next = pair_lo;
}

/* The pair for fg on bg; when the pairs run out, the given pair with the
 * nearest foreground. */
static short pair_for(int fg, int bg)
{
    int k = KEY(fg, bg);

    if (!pair_of)
        return 0;
    if (pair_of[k])
        return pair_of[k];
    if (pair_next <= pair_hi) {
        short p = (short)pair_next++;
        pair_keys[p - pair_lo] = k;
        init_pair(p, (short)fg, (short)bg);
        pair_of[k] = p;
        return p;
    }
    /* out of pairs: any pair with the same background, else the first */
    for (int i = pair_lo; i < pair_next; i++)
        if ((pair_keys[i - pair_lo] & 0xff) == bg)
            return (short)i;
    return pair_lo <= pair_hi ? (short)pair_lo : 0;
}

static bool utf8_locale(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

void image_draw(WINDOW *w, int y, int x, const Canvas *img)
{
    bool colors = PAIR_NUMBER(draw_attr(ROLE_NORMAL)) != 0 && has_colors();
    bool many = colors && COLORS >= 256;
    bool uni = utf8_locale();
    int rows = (img->h + 1) / 2;

    if (colors)
        pairs_reset();
    for (int cy = 0; cy < rows; cy++)
        for (int cx = 0; cx < img->w; cx++) {
            Rgba up = img->px[(size_t)(2 * cy) * (size_t)img->w + (size_t)cx];
            Rgba lo = 2 * cy + 1 < img->h
                          ? img->px[(size_t)(2 * cy + 1) * (size_t)img->w + (size_t)cx] : up;
            cchar_t cc;
            wchar_t ch[2] = { L' ', 0 };
            short pair = 0;
            if (!colors) {
                /* luminance ramp */
                static const char ramp[] = " .:-=+*#%@";
                int l = (R_(up) + G_(up) + B_(up) + R_(lo) + G_(lo) + B_(lo)) / 6;
                ch[0] = (wchar_t)ramp[l * 9 / 255];
            } else if (!uni) {
                Rgba avg = (Rgba)((R_(up) + R_(lo)) / 2) << 24 |
                           (Rgba)((G_(up) + G_(lo)) / 2) << 16 |
                           (Rgba)((B_(up) + B_(lo)) / 2) << 8 | 0xff;
                int c = many ? image_xterm256(avg) : image_basic8(avg);
                pair = pair_for(c, c);
            } else {
                int f = many ? image_xterm256(up) : image_basic8(up);
                int b = many ? image_xterm256(lo) : image_basic8(lo);
                ch[0] = 0x2580;   /* ▀ upper half block */
                pair = pair_for(f, b);
            }
            setcchar(&cc, ch, A_NORMAL, pair, NULL);
            mvwadd_wch(w, y + cy, x + cx, &cc);
        }
}
