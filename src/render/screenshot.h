/* screenshot.h — `mltui --screenshot FILE.png [--keys SCRIPT] [--size COLSxROWS]`
 * and `--dump-screen FILE` (either or both):
 * the UI runs on no real terminal (curses writes to /dev/null at a fixed
 * size), the scripted keys (keyscript.h) are fed one at a time whenever no
 * request is in flight, and at the end every cell of the curses screen is
 * painted into a PNG: CELL_W x CELL_H pixels a cell, the theme's colours
 * through the colour pairs, a dark background and light default foreground;
 * and/or written as text: one line a screen row, UTF-8, trailing blanks cut,
 * no colours (what tests compare with tests/e2e/expected/).
 *
 * The event loop drives it:
 *     shot = shot_new(...);                      // before the terminal: checks arguments
 *     shot_start_term(shot);                     // instead of initscr()
 *     loop { ...; if (shot_step(shot, api_in_flight(api))) break; }
 *     draw everything; rc = shot_finish(shot);   // paints curscr, writes the PNG
 *     endwin(); shot_free(shot);
 */
#ifndef MLTUI_SCREENSHOT_H
#define MLTUI_SCREENSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "render/canvas.h"

enum { SHOT_CELL_W = 10, SHOT_CELL_H = 20 };   /* pixels per cell */

typedef struct Shot Shot;

/* Parses the key script and the size ("120x40"; NULL: 120x36). png and text
 * are the files to write (either may be NULL, not both). Returns NULL with a
 * message in err on a bad script or size. */
Shot *shot_new(const char *png, const char *text, const char *keys, const char *size,
               char *err, size_t errsize);
void  shot_free(Shot *s);   /* after endwin(); frees the curses screen too */

/* Starts curses on /dev/null with the fixed size, TERM xterm-256color, and a
 * UTF-8 locale if the current one is not. Returns 0, or -1 with a message on
 * stderr. */
int   shot_start_term(Shot *s);
/* How long the loop may sleep waiting for the network, in ms. */
int   shot_poll_ms(const Shot *s);
/* After each turn of the loop: when nothing has been in flight for a settle
 * time, feeds the next key (ungetch); returns true once every key has been
 * fed and handled and the screen has settled. */
bool  shot_step(Shot *s, size_t in_flight);
/* Paints curscr into the PNG and/or writes it as text. Returns 0, or 1 with
 * "mltui: FILE: reason" on stderr. Call after the final refresh, before endwin. */
int   shot_finish(Shot *s);

/* The colour of xterm colour number n (0..255) as 0xRRGGBBAA; -1 (default)
 * gives the default foreground or background. */
Rgba  shot_color(int n, bool foreground);

#endif
