/* draw.h — the only way text reaches the terminal. Every string goes through
 * text_fit (sanitised, measured in display columns) before waddstr. Colours
 * come from the theme by role. */
#ifndef MLTUI_DRAW_H
#define MLTUI_DRAW_H

#include <stdbool.h>
#include <curses.h>

#include "core/theme.h"

/* Starts curses on the terminal (initscr), with true colour where COLORTERM
 * says the terminal has it and a direct-colour description of TERM exists.
 * False when the terminal cannot be started. */
bool   draw_start_terminal(void);
/* Sets up colour pairs for t: a role's true colour (#rrggbb) on a
 * direct-colour terminal, its palette colour on a 256-colour one, the
 * nearest of the 8 basic colours below that. With no_color (NO_COLOR set, or a terminal
 * without colours) only the theme's attributes are used. */
void   draw_init_colors(const Theme *t, bool no_color);
/* The curses attributes of a role. */
attr_t draw_attr(Role r);
/* Draws s (hostile text allowed) at y,x in at most cols columns with role r;
 * pads with spaces to cols when pad. Returns columns used. */
int    draw_text(WINDOW *w, int y, int x, const char *s, int cols, Role r, bool pad);
/* Same, right-aligned in cols columns. */
int    draw_text_right(WINDOW *w, int y, int x, const char *s, int cols, Role r);
/* Fills cols cells of row y from x with spaces in role r. */
void   draw_fill(WINDOW *w, int y, int x, int cols, Role r);
/* Draws trusted UTF-8 (our own strings, e.g. box characters) without sanitising. */
void   draw_raw(WINDOW *w, int y, int x, const char *s, Role r);

#endif
