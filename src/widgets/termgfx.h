/* termgfx.h — pictures through the kitty graphics protocol or sixel, beside
 * curses. The terminal is asked what it can show once, before curses starts
 * (termgfx_probe, a bounded wait). Afterwards each frame goes:
 *   termgfx_frame_begin();   the screens draw; one may call termgfx_place
 *   refresh();               curses writes the frame (blank cells under it)
 *   termgfx_flush(covered);  the picture is written at its place (chafa's
 *                            kitty or sixel output, cursor saved and restored)
 *                            when it changed or the screen was repainted, and
 *                            the one shown before is removed when a frame no
 *                            longer places it or a dialog covers the screen.
 * Nothing here runs in --screenshot/--dump-screen runs (no terminal). */
#ifndef MLTUI_TERMGFX_H
#define MLTUI_TERMGFX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/imagemode.h"
#include "render/canvas.h"

/* Writes image_probe_query to the terminal on stdout and reads stdin (raw,
 * no echo) until the DA1 reply or timeout_ms; restores the terminal (and
 * drops unread input after a timeout, so a late reply is not read as keys).
 * Fills *out; all false when stdin or stdout is not a terminal, or TERM is
 * unset, dumb or linux (not asked). */
void termgfx_probe(ImageProbe *out, int timeout_ms);
/* Hands the keys typed while the probe read (not the replies) to curses
 * (ungetch, in order); after curses has started. */
void termgfx_return_keys(void);

/* The protocol to use: IMAGES_KITTY or IMAGES_SIXEL, anything else none;
 * probe (may be NULL) gives the cell size when the system does not. */
void termgfx_configure(ImageMode mode, const ImageProbe *probe);

void termgfx_frame_begin(void);
/* Asks for img (id: the same id and size means the same picture) in the
 * rows x cols cells at screen row y, column x, fitted with its aspect kept,
 * never enlarged beyond its pixel size. img must live until termgfx_flush. */
void termgfx_place(const Canvas *img, uint64_t id, int y, int x, int rows, int cols);
/* After curses' refresh: writes, replaces or removes the picture. covered:
 * something (a dialog) is drawn over the screens, so no picture. */
void termgfx_flush(bool covered);
/* The whole screen was repainted (Ctrl-L, a theme, a resize): send again. */
void termgfx_damage(void);
/* Removes what is shown (before endwin). */
void termgfx_stop(void);

#endif
