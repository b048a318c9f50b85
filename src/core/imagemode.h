/* imagemode.h — how pictures (artifact PNG previews) reach the terminal, and
 * what a terminal said when asked what it can show. Plain data, no I/O: the
 * query is written and its reply read by widgets/termgfx.c.
 *
 * Modes ("set images MODE", --images MODE, :images MODE):
 *   auto     kitty graphics when the terminal answers the kitty query, else
 *            sixel when its DA1 reply lists attribute 4, else symbols;
 *   kitty    the kitty graphics protocol, not asked;
 *   sixel    sixel, not asked;
 *   symbols  character cells (libchafa's block, border and space symbols, in
 *            the terminal's colours) — what every terminal can show;
 *   off      no picture: the preview says what the file is. */
#ifndef MLTUI_IMAGEMODE_H
#define MLTUI_IMAGEMODE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum ImageMode {
    IMAGES_AUTO,
    IMAGES_KITTY,
    IMAGES_SIXEL,
    IMAGES_SYMBOLS,
    IMAGES_OFF,
    IMAGES__COUNT
} ImageMode;

/* "auto", "kitty", ... for each mode; NULL-terminated, in enum order. */
extern const char *const image_mode_names[IMAGES__COUNT + 1];

/* Parses a mode name (exact, lower case). 0 and *out set, or -1 (*out unchanged). */
int         image_mode_parse(const char *s, ImageMode *out);
const char *image_mode_name(ImageMode m);

/* What the terminal answered to the probe: the kitty graphics query
 * (ESC _G i=31,... ESC \), the cell size report (CSI 16 t) and DA1 (CSI c),
 * asked in that order, so that the DA1 reply, which every terminal sends,
 * comes last and ends the wait. */
typedef struct ImageProbe {
    bool da1;            /* a DA1 reply was seen: nothing more is coming */
    bool kitty;          /* the kitty query was answered OK (i=31) */
    bool sixel;          /* DA1 listed attribute 4 (sixel graphics) */
    int  cell_w, cell_h; /* pixels per cell from CSI 6;h;w t, 0 when not said */
} ImageProbe;

/* The probe's query, to write to the terminal as is. */
extern const char image_probe_query[];

/* Reads what the terminal sent back (buf, len bytes; any junk, partial
 * sequences and keys typed meanwhile allowed) into *out (zeroed first).
 * True once the DA1 reply is complete (the caller can stop reading). */
bool        image_probe_parse(const char *buf, size_t len, ImageProbe *out);
/* The bytes of buf that are no reply (keys typed while the probe waited),
 * in order, into keys (room for len bytes); returns how many. An unfinished
 * sequence at the end is taken for a partial reply and left out. */
size_t      image_probe_keys(const char *buf, size_t len, char *keys);

/* The mode to use: m itself unless auto; auto picks kitty, then sixel, then
 * symbols from what the probe found (probe NULL: never asked -> symbols). */
ImageMode   image_mode_resolve(ImageMode m, const ImageProbe *probe);

#endif
