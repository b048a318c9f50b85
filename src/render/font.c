/* font.c — see canvas.h: text through FreeType (anti-aliased grayscale) and
 * the glyph of one terminal cell.
 *
 * The font is loaded once, on first use: $MLTUI_FONT (and $MLTUI_FONT_BOLD),
 * else DejaVu Sans Mono and its bold from Debian's fonts-dejavu-core. With no
 * loadable font every text call draws nothing and measures 0; cell glyphs
 * that are drawn geometrically still work.
 *
 * Box drawing, block elements and braille are not taken from the font: a
 * font's glyphs rarely fill a cell of arbitrary size exactly, so lines would
 * not join from one cell to the next and blocks would leave seams. They are
 * drawn here from rectangles sized to the cell, the way terminal emulators
 * with built-in box drawing (kitty, alacritty) do it. */
#include "render/canvas.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SYNTHESIS_H

#define FONT_DEFAULT      "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
#define FONT_DEFAULT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"

static struct {
    bool       tried;
    FT_Library lib;
    FT_Face    regular;
    FT_Face    bold;        /* NULL: regular, emboldened synthetically */
} font;

static void font_load(void)
{
    const char *path = getenv("MLTUI_FONT"), *bold_path = getenv("MLTUI_FONT_BOLD");

    if (font.tried)
        return;
    font.tried = true;
    if (FT_Init_FreeType(&font.lib) != 0) {
        font.lib = NULL;
        return;
    }
    if (!path || !*path) {
        path = FONT_DEFAULT;
        if (!bold_path || !*bold_path)
            bold_path = FONT_DEFAULT_BOLD;
    }
    if (FT_New_Face(font.lib, path, 0, &font.regular) != 0)
        font.regular = NULL;
    if (!font.regular)
        return;
    if (bold_path && *bold_path && FT_New_Face(font.lib, bold_path, 0, &font.bold) != 0)
        font.bold = NULL;
}

bool canvas_font_ok(void)
{
    font_load();
    return font.regular != NULL;
}

/* Decodes one UTF-8 character at *s and advances past it; invalid bytes give
 * U+FFFD. Returns 0 at the end of the string. */
static uint32_t utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t cp;
    int n;

    if (!*p)
        return 0;
    if (*p < 0x80) {
        *s += 1;
        return *p;
    }
    if ((*p & 0xe0) == 0xc0)      { cp = *p & 0x1f; n = 1; }
    else if ((*p & 0xf0) == 0xe0) { cp = *p & 0x0f; n = 2; }
    else if ((*p & 0xf8) == 0xf0) { cp = *p & 0x07; n = 3; }
    else { *s += 1; return 0xfffd; }
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            *s += i;
            return 0xfffd;
        }
        cp = cp << 6 | (p[i] & 0x3f);
    }
    *s += n + 1;
    return cp;
}

/* Loads and renders cp at pixel size px; returns the glyph slot or NULL. */
static FT_GlyphSlot glyph_render(uint32_t cp, double px, bool bold)
{
    FT_Face face = bold && font.bold ? font.bold : font.regular;
    FT_UInt idx;

    if (!face || px < 1 || px > 1000)
        return NULL;
    if (FT_Set_Pixel_Sizes(face, 0, (FT_UInt)lround(px)) != 0)
        return NULL;
    idx = FT_Get_Char_Index(face, cp);
    if (FT_Load_Glyph(face, idx, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT) != 0)
        return NULL;
    if (bold && !font.bold)
        FT_GlyphSlot_Embolden(face->glyph);
    if (FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) != 0)
        return NULL;
    return face->glyph;
}

/* Blends a rendered 8-bit grayscale bitmap with its origin at pen (ox, oy). */
static void glyph_blit(Canvas *c, FT_GlyphSlot g, int ox, int oy, Rgba color)
{
    const FT_Bitmap *bm = &g->bitmap;

    if (bm->pixel_mode != FT_PIXEL_MODE_GRAY)
        return;
    for (unsigned row = 0; row < bm->rows; row++) {
        const unsigned char *src = bm->buffer + (long)row * bm->pitch;
        int py = oy - g->bitmap_top + (int)row;
        for (unsigned col = 0; col < bm->width; col++)
            if (src[col])
                canvas_blend(c, ox + g->bitmap_left + (int)col, py, color, src[col] / 255.0);
    }
}

static double text_draw(Canvas *c, double x, double y, const char *utf8, double px,
                        Rgba color, bool bold)
{
    double pen = x;
    uint32_t cp;

    if (!canvas_font_ok() || !utf8)
        return 0;
    while ((cp = utf8_next(&utf8)) != 0) {
        FT_GlyphSlot g = glyph_render(cp, px, bold);
        if (!g)
            continue;
        if (c)
            glyph_blit(c, g, canvas_px(round(pen)), canvas_px(round(y)), color);
        pen += g->advance.x / 64.0;
    }
    return pen - x;
}

double canvas_text(Canvas *c, double x, double y, const char *utf8, double px, Rgba color)
{
    return text_draw(c, x, y, utf8, px, color, false);
}

double canvas_text_width(const char *utf8, double px)
{
    return text_draw(NULL, 0, 0, utf8, px, 0, false);
}

/* ---- block elements (U+2580..U+259F) --------------------------------------------- */

static bool block_glyph(Canvas *c, double x, double y, double w, double h, uint32_t cp,
                        Rgba fg)
{
    double e8 = h / 8, v8 = w / 8, hw = w / 2, hh = h / 2;

    if (cp == 0x2580) {                                  /* ▀ upper half */
        canvas_fill_rect(c, x, y, w, hh, fg);
    } else if (cp >= 0x2581 && cp <= 0x2588) {           /* ▁..█ lower n/8 */
        int n = (int)(cp - 0x2580);
        canvas_fill_rect(c, x, y + h - n * e8, w, n * e8, fg);
    } else if (cp >= 0x2589 && cp <= 0x258f) {           /* ▉..▏ left n/8 */
        int n = 8 - (int)(cp - 0x2588);
        canvas_fill_rect(c, x, y, n * v8, h, fg);
    } else if (cp == 0x2590) {                           /* ▐ right half */
        canvas_fill_rect(c, x + hw, y, w - hw, h, fg);
    } else if (cp >= 0x2591 && cp <= 0x2593) {           /* ░▒▓ shades */
        Rgba a = (fg & 0xff) * (cp - 0x2590) / 4;
        canvas_fill_rect(c, x, y, w, h, (fg & 0xffffff00u) | a);
    } else if (cp == 0x2594) {                           /* ▔ upper 1/8 */
        canvas_fill_rect(c, x, y, w, e8, fg);
    } else if (cp == 0x2595) {                           /* ▕ right 1/8 */
        canvas_fill_rect(c, x + w - v8, y, v8, h, fg);
    } else if (cp >= 0x2596 && cp <= 0x259f) {           /* quadrants */
        /* bits: 1 upper left, 2 upper right, 4 lower left, 8 lower right */
        static const unsigned char q[10] = { 4, 8, 1, 1 | 4 | 8, 1 | 8, 1 | 2 | 4,
                                             1 | 2 | 8, 2, 2 | 4, 2 | 4 | 8 };
        unsigned m = q[cp - 0x2596];
        if (m & 1) canvas_fill_rect(c, x, y, hw, hh, fg);
        if (m & 2) canvas_fill_rect(c, x + hw, y, w - hw, hh, fg);
        if (m & 4) canvas_fill_rect(c, x, y + hh, hw, h - hh, fg);
        if (m & 8) canvas_fill_rect(c, x + hw, y + hh, w - hw, h - hh, fg);
    } else {
        return false;
    }
    return true;
}

/* ---- braille (U+2800..U+28FF) ------------------------------------------------------ */

/* Dot k (0..7, the bit of cp - 0x2800) is in column braille_col[k], row braille_row[k]. */
static const unsigned char braille_col[8] = { 0, 0, 0, 1, 1, 1, 0, 1 };
static const unsigned char braille_row[8] = { 0, 1, 2, 0, 1, 2, 3, 3 };

static void disc(Canvas *c, double cx, double cy, double r, Rgba fg)
{
    /* 4x4 supersampled coverage: crisp and round at a few pixels across. */
    for (int py = (int)floor(cy - r); py <= (int)ceil(cy + r); py++)
        for (int px = (int)floor(cx - r); px <= (int)ceil(cx + r); px++) {
            int in = 0;
            for (int sy = 0; sy < 4; sy++)
                for (int sx = 0; sx < 4; sx++) {
                    double dx = px + (sx + 0.5) / 4 - cx, dy = py + (sy + 0.5) / 4 - cy;
                    in += dx * dx + dy * dy <= r * r;
                }
            if (in)
                canvas_blend(c, px, py, fg, in / 16.0);
        }
}

static void braille_glyph(Canvas *c, double x, double y, double w, double h, uint32_t cp,
                          Rgba fg)
{
    unsigned bits = cp - 0x2800;
    double sw = w / 2, sh = h / 4;
    double r = fmin(sw, sh) * 0.38;

    if (r < 0.5)
        r = 0.5;
    for (int k = 0; k < 8; k++)
        if (bits & (1u << k))
            disc(c, x + (braille_col[k] + 0.5) * sw, y + (braille_row[k] + 0.5) * sh, r, fg);
}

/* ---- box drawing (U+2500..U+257F) ---------------------------------------------------- */

enum { ARM_NONE, ARM_LIGHT, ARM_HEAVY, ARM_DOUBLE };
enum { LEFT, RIGHT, UP, DOWN };

/* Weights of the left, right, up and down arms, two bits each. */
#define B(l, r, u, d) ((l) | (r) << 2 | (u) << 4 | (d) << 6)
static const unsigned char box_arms[0x80] = {
    /* 2500 */ B(1,1,0,0), B(2,2,0,0), B(0,0,1,1), B(0,0,2,2),
    /* 2504 */ B(1,1,0,0), B(2,2,0,0), B(0,0,1,1), B(0,0,2,2),
    /* 2508 */ B(1,1,0,0), B(2,2,0,0), B(0,0,1,1), B(0,0,2,2),
    /* 250C */ B(0,1,0,1), B(0,2,0,1), B(0,1,0,2), B(0,2,0,2),
    /* 2510 */ B(1,0,0,1), B(2,0,0,1), B(1,0,0,2), B(2,0,0,2),
    /* 2514 */ B(0,1,1,0), B(0,2,1,0), B(0,1,2,0), B(0,2,2,0),
    /* 2518 */ B(1,0,1,0), B(2,0,1,0), B(1,0,2,0), B(2,0,2,0),
    /* 251C */ B(0,1,1,1), B(0,2,1,1), B(0,1,2,1), B(0,1,1,2),
    /* 2520 */ B(0,1,2,2), B(0,2,2,1), B(0,2,1,2), B(0,2,2,2),
    /* 2524 */ B(1,0,1,1), B(2,0,1,1), B(1,0,2,1), B(1,0,1,2),
    /* 2528 */ B(1,0,2,2), B(2,0,2,1), B(2,0,1,2), B(2,0,2,2),
    /* 252C */ B(1,1,0,1), B(2,1,0,1), B(1,2,0,1), B(2,2,0,1),
    /* 2530 */ B(1,1,0,2), B(2,1,0,2), B(1,2,0,2), B(2,2,0,2),
    /* 2534 */ B(1,1,1,0), B(2,1,1,0), B(1,2,1,0), B(2,2,1,0),
    /* 2538 */ B(1,1,2,0), B(2,1,2,0), B(1,2,2,0), B(2,2,2,0),
    /* 253C */ B(1,1,1,1), B(2,1,1,1), B(1,2,1,1), B(2,2,1,1),
    /* 2540 */ B(1,1,2,1), B(1,1,1,2), B(1,1,2,2), B(2,1,2,1),
    /* 2544 */ B(1,2,2,1), B(2,1,1,2), B(1,2,1,2), B(2,2,2,1),
    /* 2548 */ B(2,2,1,2), B(2,1,2,2), B(1,2,2,2), B(2,2,2,2),
    /* 254C */ B(1,1,0,0), B(2,2,0,0), B(0,0,1,1), B(0,0,2,2),
    /* 2550 */ B(3,3,0,0), B(0,0,3,3), B(0,3,0,1), B(0,1,0,3),
    /* 2554 */ B(0,3,0,3), B(3,0,0,1), B(1,0,0,3), B(3,0,0,3),
    /* 2558 */ B(0,3,1,0), B(0,1,3,0), B(0,3,3,0), B(3,0,1,0),
    /* 255C */ B(1,0,3,0), B(3,0,3,0), B(0,3,1,1), B(0,1,3,3),
    /* 2560 */ B(0,3,3,3), B(3,0,1,1), B(1,0,3,3), B(3,0,3,3),
    /* 2564 */ B(3,3,0,1), B(1,1,0,3), B(3,3,0,3), B(3,3,1,0),
    /* 2568 */ B(1,1,3,0), B(3,3,3,0), B(3,3,1,1), B(1,1,3,3),
    /* 256C */ B(3,3,3,3), B(0,1,0,1), B(1,0,0,1), B(1,0,1,0),
    /* 2570 */ B(0,1,1,0), 0, 0, 0,          /* diagonals: through the font */
    /* 2574 */ B(1,0,0,0), B(0,0,1,0), B(0,1,0,0), B(0,0,0,1),
    /* 2578 */ B(2,0,0,0), B(0,0,2,0), B(0,2,0,0), B(0,0,0,2),
    /* 257C */ B(1,2,0,0), B(0,0,1,2), B(2,1,0,0), B(0,0,2,1),
};
#undef B

/* Dashes per arm for the dashed lines (0: solid). */
static int box_dashes(uint32_t cp)
{
    if (cp >= 0x2504 && cp <= 0x2507) return 3;
    if (cp >= 0x2508 && cp <= 0x250b) return 4;
    if (cp >= 0x254c && cp <= 0x254f) return 2;
    return 0;
}

/* A coverage mask of one cell, in whole pixels. */
typedef struct Mask {
    int            w, h;
    unsigned char *m;
} Mask;

static void mask_set(Mask *k, int x0, int y0, int x1, int y1, unsigned char v)
{
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > k->w) x1 = k->w;
    if (y1 > k->h) y1 = k->h;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            k->m[y * k->w + x] = v;
}

/* The band [lo, hi) of a stroke of weight wt centred on mid. */
static void band(int mid, int wt, int t, int *lo, int *hi)
{
    int k = wt == ARM_LIGHT ? t : 3 * t;    /* heavy and double are three strokes wide */
    *lo = mid - k / 2;
    *hi = *lo + k;
}

/* The gap between the strokes of a double line centred on mid. */
static void gap(int mid, int t, int *lo, int *hi)
{
    int blo, bhi;
    band(mid, ARM_DOUBLE, t, &blo, &bhi);
    *lo = blo + t;
    *hi = bhi - t;
}

/* Extent along the arm's axis: how far past the centre an arm reaches so
 * that it meets the perpendicular arms (or covers the centre alone). */
static void reach(const int arm[4], int mid_other, int t, bool horizontal, int *lo, int *hi)
{
    int a = horizontal ? UP : LEFT, b = horizontal ? DOWN : RIGHT;
    int wt = arm[a] > arm[b] ? arm[a] : arm[b];
    if (arm[a] == ARM_DOUBLE || arm[b] == ARM_DOUBLE)
        wt = ARM_DOUBLE;
    band(mid_other, wt ? wt : ARM_LIGHT, t, lo, hi);
}

static bool box_glyph(Canvas *c, double x, double y, double w, double h, uint32_t cp,
                      Rgba fg, bool bold)
{
    unsigned packed;
    int arm[4], W = (int)lround(w), H = (int)lround(h), X = (int)lround(x), Y = (int)lround(y);
    int t, mx, my, hlo, hhi, vlo, vhi, dashes;
    Mask k;

    if (cp < 0x2500 || cp > 0x257f || !(packed = box_arms[cp - 0x2500]) || W < 2 || H < 2)
        return false;
    for (int i = 0; i < 4; i++)
        arm[i] = (int)(packed >> (2 * i) & 3);
    (void)bold;                                 /* terminals draw bold lines alike */
    t = (int)lround(fmin(w, h) / 10);
    if (t < 1)
        t = 1;
    mx = W / 2;
    my = H / 2;
    k.w = W;
    k.h = H;
    k.m = calloc((size_t)W * (size_t)H, 1);
    if (!k.m)
        return true;
    /* Where horizontal arms reach along x, vertical arms along y. */
    reach(arm, mx, t, true, &hlo, &hhi);
    reach(arm, my, t, false, &vlo, &vhi);

    /* Pass 1: heavy and double arms as solid bands; pass 2: cut the gaps of
     * double arms; pass 3: light arms, so a light line crossing a double one
     * stays whole. Running a gap up to the perpendicular gap forms the inner
     * corners of ╔ ╦ ╬ and friends. */
    for (int pass = 1; pass <= 3; pass++) {
        for (int i = 0; i < 4; i++) {
            int lo, hi, a0, a1;
            bool horiz = i == LEFT || i == RIGHT;
            int mid = horiz ? my : mx;
            int perp_lo = horiz ? hlo : vlo, perp_hi = horiz ? hhi : vhi;
            int len = horiz ? W : H;
            bool perp_double = horiz ? (arm[UP] == ARM_DOUBLE || arm[DOWN] == ARM_DOUBLE)
                                     : (arm[LEFT] == ARM_DOUBLE || arm[RIGHT] == ARM_DOUBLE);
            int opp = i ^ 1;

            if (!arm[i])
                continue;
            if (pass == 1 && arm[i] == ARM_LIGHT)
                continue;
            if (pass == 2 && arm[i] != ARM_DOUBLE)
                continue;
            if (pass == 3 && arm[i] != ARM_LIGHT)
                continue;
            if (pass == 2) {
                gap(mid, t, &lo, &hi);
                if (perp_double) {
                    int glo, ghi;
                    gap(horiz ? mx : my, t, &glo, &ghi);
                    perp_lo = glo;
                    perp_hi = ghi;
                }
            } else {
                band(mid, arm[i], t, &lo, &hi);
                if (pass == 3 && perp_double && !arm[opp]) {
                    /* A light arm meets a double line at its near stroke. */
                    int glo, ghi;
                    gap(horiz ? mx : my, t, &glo, &ghi);
                    perp_lo = ghi;
                    perp_hi = glo;
                }
            }
            /* Along the arm: from the cell edge to the far side of the junction. */
            if (i == LEFT || i == UP) {
                a0 = 0;
                a1 = perp_hi;
            } else {
                a0 = perp_lo;
                a1 = len;
            }
            if (horiz)
                mask_set(&k, a0, lo, a1, hi, pass == 2 ? 0 : 255);
            else
                mask_set(&k, lo, a0, hi, a1, pass == 2 ? 0 : 255);
        }
    }
    dashes = box_dashes(cp);
    if (dashes) {
        /* Cut a gap at the end of each of `dashes` equal segments. */
        bool horiz = arm[LEFT] != ARM_NONE;
        int len = horiz ? W : H, gapw = len / (dashes * 3);
        if (gapw < 1)
            gapw = 1;
        for (int d = 0; d < dashes; d++) {
            int end = (d + 1) * len / dashes;
            if (horiz)
                mask_set(&k, end - gapw, 0, end, H, 0);
            else
                mask_set(&k, 0, end - gapw, W, end, 0);
        }
    }
    for (int py = 0; py < H; py++)
        for (int px = 0; px < W; px++)
            if (k.m[py * W + px])
                canvas_blend(c, X + px, Y + py, fg, k.m[py * W + px] / 255.0);
    free(k.m);
    return true;
}

/* ---- any other character, through the font ------------------------------------------- */

static void font_glyph(Canvas *c, double x, double y, double w, double h, uint32_t cp,
                       Rgba fg, bool bold)
{
    FT_Face face;
    FT_GlyphSlot g;
    double px, asc, desc, base;
    int cols = w > h * 0.75 ? 2 : 1;     /* a wide character spans two cells */

    if (!canvas_font_ok() || cp == ' ' || cp == 0)
        return;
    /* As large as fits: DejaVu Sans Mono is 0.6 em wide and 1.17 em tall. */
    px = fmin(h * 0.8, w / cols / 0.6);
    g = glyph_render(cp, px, bold);
    if (!g)
        return;
    face = g->face;
    asc = face->size->metrics.ascender / 64.0;
    desc = -face->size->metrics.descender / 64.0;
    base = y + (h - (asc + desc)) / 2 + asc;
    glyph_blit(c, g, (int)lround(x + (w - g->advance.x / 64.0) / 2), (int)lround(base), fg);
}

void canvas_cell_glyph(Canvas *c, double x, double y, double w, double h, uint32_t cp,
                       Rgba fg, bool bold)
{
    if (!c || w <= 0 || h <= 0)
        return;
    if (cp >= 0x2800 && cp <= 0x28ff) {
        braille_glyph(c, x, y, w, h, cp, fg);
        return;
    }
    if (cp >= 0x2580 && cp <= 0x259f && block_glyph(c, x, y, w, h, cp, fg))
        return;
    if (box_glyph(c, x, y, w, h, cp, fg, bold))
        return;
    font_glyph(c, x, y, w, h, cp, fg, bold);
}
