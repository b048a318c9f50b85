/* image.c — see image.h. The picture-to-symbols work is chafa's; what is
 * here is the choice of chafa's settings for the terminal, and the reading of
 * its cells into curses cells. */
#include "widgets/image.h"

#include <chafa.h>
#include <langinfo.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/theme.h"
#include "widgets/draw.h"

#define BIG_CELLS 4000   /* more cells than this: chafa works less per cell */

void image_fit_cells(int w, int h, int cols, int rows, int *out_cols, int *out_rows)
{
    int c = cols, r = rows;

    if (w <= 0 || h <= 0 || cols <= 0 || rows <= 0) {
        *out_cols = *out_rows = 0;
        return;
    }
    /* font ratio 0.5, no zoom (a pixel per column, two per row at most),
     * aspect kept */
    chafa_calc_canvas_geometry(w, h, &c, &r, 0.5f, FALSE, FALSE);
    *out_cols = c < 1 ? 1 : c > cols ? cols : c;
    *out_rows = r < 1 ? 1 : r > rows ? rows : r;
}

static ChafaCanvasMode canvas_mode(ImageColors colors)
{
    switch (colors) {
    case IMAGE_COLORS_DIRECT: return CHAFA_CANVAS_MODE_TRUECOLOR;
    case IMAGE_COLORS_240:    return CHAFA_CANVAS_MODE_INDEXED_240;
    case IMAGE_COLORS_16:     return CHAFA_CANVAS_MODE_INDEXED_16;
    case IMAGE_COLORS_8:      return CHAFA_CANVAS_MODE_INDEXED_8;
    case IMAGE_COLORS_NONE:   break;
    }
    return CHAFA_CANVAS_MODE_FGBG;
}

/* Canvas pixels are 0xRRGGBBAA words: in memory R,G,B,A on a big-endian
 * machine, A,B,G,R on a little-endian one. */
static ChafaPixelType pixel_type(void)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return CHAFA_PIXEL_RGBA8_UNASSOCIATED;
#else
    return CHAFA_PIXEL_ABGR8_UNASSOCIATED;
#endif
}

/* A colour chafa gave, or -1 (default) for transparency and anything out
 * of the mode's range. */
static int32_t valid_color(gint c, ImageColors colors)
{
    int max = colors == IMAGE_COLORS_DIRECT ? 0xffffff : colors == IMAGE_COLORS_240 ? 255
            : colors == IMAGE_COLORS_16 ? 15 : 7;
    int min = colors == IMAGE_COLORS_240 ? 16 : 0;

    return c >= min && c <= max ? (int32_t)c : -1;
}

ImageCells *image_render(const Canvas *src, int max_cols, int max_rows, ImageColors colors,
                         bool unicode)
{
    ChafaSymbolMap *map = NULL;
    ChafaCanvasConfig *cfg = NULL;
    ChafaCanvas *cv = NULL;
    ImageCells *ic = NULL;
    int cols, rows;

    if (!src || !src->px || src->w <= 0 || src->h <= 0 || src->w > INT_MAX / 4)
        return NULL;
    image_fit_cells(src->w, src->h, max_cols, max_rows, &cols, &rows);
    if (cols <= 0 || rows <= 0)
        return NULL;
    ic = calloc(1, sizeof *ic);
    if (!ic || !(ic->cell = calloc((size_t)cols * (size_t)rows, sizeof *ic->cell))) {
        free(ic);
        return NULL;
    }
    ic->cols = cols;
    ic->rows = rows;
    ic->colors = colors;

    map = chafa_symbol_map_new();
    if (unicode) {
        ChafaSymbolTags tags = CHAFA_SYMBOL_TAG_BLOCK | CHAFA_SYMBOL_TAG_BORDER |
                               CHAFA_SYMBOL_TAG_SPACE;
        if (colors == IMAGE_COLORS_NONE)     /* shades stand in for greys */
            tags |= CHAFA_SYMBOL_TAG_STIPPLE;
        chafa_symbol_map_add_by_tags(map, tags);
        /* one column each, and no glyph a font may draw otherwise */
        chafa_symbol_map_remove_by_tags(map, CHAFA_SYMBOL_TAG_WIDE | CHAFA_SYMBOL_TAG_BAD);
    } else {
        chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_ASCII | CHAFA_SYMBOL_TAG_SPACE);
    }
    cfg = chafa_canvas_config_new();
    chafa_canvas_config_set_geometry(cfg, cols, rows);
    chafa_canvas_config_set_symbol_map(cfg, map);
    chafa_canvas_config_set_canvas_mode(cfg, canvas_mode(colors));
    chafa_canvas_config_set_pixel_mode(cfg, CHAFA_PIXEL_MODE_SYMBOLS);
    /* A big pane (a full-screen preview on a large terminal) with chafa's
     * default effort costs a good part of a second on a loaded 2-core
     * machine (200x80 cells: 0.2-0.8 s); the lowest effort is 2-3 times
     * faster and still picks the symbols. */
    if ((long)cols * rows > BIG_CELLS)
        chafa_canvas_config_set_work_factor(cfg, 0.1f);
    cv = chafa_canvas_new(cfg);
    if (!cv) {
        image_cells_free(ic);
        ic = NULL;
        goto out;
    }
    chafa_canvas_draw_all_pixels(cv, pixel_type(), (const guint8 *)src->px, src->w, src->h,
                                 src->w * 4);
    for (int y = 0; y < rows; y++)
        for (int x = 0; x < cols; x++) {
            ImageCell *c = &ic->cell[(size_t)y * (size_t)cols + (size_t)x];
            gint fg = -1, bg = -1;
            gunichar ch = chafa_canvas_get_char_at(cv, x, y);
            /* a wide symbol's second cell, or nothing: a space */
            c->ch = ch ? (uint32_t)ch : ' ';
            /* raw: palette indexes in the indexed modes, RGB in true colour */
            if (colors != IMAGE_COLORS_NONE)
                chafa_canvas_get_raw_colors_at(cv, x, y, &fg, &bg);
            c->fg = valid_color(fg, colors);
            c->bg = valid_color(bg, colors);
        }
out:
    if (cv)
        chafa_canvas_unref(cv);
    chafa_canvas_config_unref(cfg);
    chafa_symbol_map_unref(map);
    return ic;
}

void image_cells_free(ImageCells *ic)
{
    if (!ic)
        return;
    free(ic->cell);
    free(ic);
}

ImageColors image_terminal_colors(void)
{
    if (!has_colors() || PAIR_NUMBER(draw_attr(ROLE_NORMAL)) == 0)
        return IMAGE_COLORS_NONE;
    if (COLORS >= 0x1000000)
        return IMAGE_COLORS_DIRECT;
    if (COLORS >= 256)
        return IMAGE_COLORS_240;
    if (COLORS >= 16)
        return IMAGE_COLORS_16;
    return IMAGE_COLORS_8;
}

bool image_terminal_unicode(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* ---- colour pairs: (fg, bg) -> pair, kept across draws, started afresh
 * when they run out ---- */

#define SLOTS 65536   /* a power of two, above any COLOR_PAIRS ncurses gives */

typedef struct PairSlot {
    int32_t fg, bg;
    int     pair;      /* 0: empty */
} PairSlot;

static PairSlot *slots;
static int       pair_lo, pair_hi, pair_next;

static void pairs_reset(void)
{
    int max = COLOR_PAIRS < SLOTS / 2 ? COLOR_PAIRS : SLOTS / 2;

    if (!slots && !(slots = calloc(SLOTS, sizeof *slots)))
        return;
    memset(slots, 0, SLOTS * sizeof *slots);
    /* Above the theme's pairs (1..ROLE__COUNT) and the plots' (100..); on
     * terminals with few pairs, right after the theme's. */
    pair_lo = max >= 256 ? 128 : ROLE__COUNT + 1;
    pair_hi = max - 1;
    pair_next = pair_lo;
}

/* A colour as curses takes it. Direct colour: RGB values, except that 0..7
 * are still the ANSI colours there, so the darkest blues move up to 8. */
static int curses_color(int32_t c, ImageColors colors)
{
    if (c < 0)
        return -1;
    if (colors == IMAGE_COLORS_DIRECT && c < 8)
        return 8;
    return c;
}

static int pair_for(int32_t fg, int32_t bg, ImageColors colors)
{
    uint32_t h;

    if (!slots)
        pairs_reset();
    if (!slots || pair_hi < pair_lo)
        return 0;
    h = ((uint32_t)fg * 2654435761u) ^ ((uint32_t)bg * 40503u);
    for (int probe = 0; probe < SLOTS; probe++) {
        PairSlot *s = &slots[(h + (uint32_t)probe) & (SLOTS - 1)];
        if (s->pair && s->fg == fg && s->bg == bg)
            return s->pair;
        if (s->pair)
            continue;
        if (pair_next > pair_hi)
            return pair_lo;      /* out of pairs for this picture */
        s->fg = fg;
        s->bg = bg;
        s->pair = pair_next++;
        /* RGB values need the extended call; pairs stay below 32768 */
        if (colors == IMAGE_COLORS_DIRECT)
            init_extended_pair(s->pair, curses_color(fg, colors), curses_color(bg, colors));
        else
            init_pair((short)s->pair, (short)curses_color(fg, colors),
                      (short)curses_color(bg, colors));
        return s->pair;
    }
    return pair_lo;
}

void image_cells_draw(WINDOW *w, int y, int x, const ImageCells *ic)
{
    if (!ic)
        return;
    /* One picture's colours fit unless it has more pairs than the terminal:
     * start afresh when fewer are left than it has cells. */
    if (ic->colors != IMAGE_COLORS_NONE &&
        (!slots || pair_hi - pair_next < ic->cols * ic->rows))
        pairs_reset();
    for (int cy = 0; cy < ic->rows; cy++)
        for (int cx = 0; cx < ic->cols; cx++) {
            const ImageCell *c = &ic->cell[(size_t)cy * (size_t)ic->cols + (size_t)cx];
            wchar_t ch[2] = { (wchar_t)c->ch, 0 };
            int pair = 0;
            cchar_t cc;
            if (ic->colors == IMAGE_COLORS_NONE)
                pair = PAIR_NUMBER(draw_attr(ROLE_NORMAL));
            else
                pair = pair_for(c->fg, c->bg, ic->colors);
            /* chafa gives printable symbols only; anything else is a space */
            if (c->ch < 0x20 || (c->ch >= 0x7f && c->ch < 0xa0) || wcwidth(ch[0]) != 1)
                ch[0] = L' ';
            setcchar(&cc, ch, A_NORMAL, (short)pair, NULL);
            mvwadd_wch(w, y + cy, x + cx, &cc);
        }
}
