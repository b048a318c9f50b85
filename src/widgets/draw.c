/* draw.c — see draw.h. */
#include "widgets/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static attr_t role_attr[ROLE__COUNT];

static attr_t attrs_of(unsigned a)
{
    attr_t r = A_NORMAL;

    if (a & THEME_ATTR_BOLD)      r |= A_BOLD;
    if (a & THEME_ATTR_DIM)       r |= A_DIM;
    if (a & THEME_ATTR_REVERSE)   r |= A_REVERSE;
    if (a & THEME_ATTR_UNDERLINE) r |= A_UNDERLINE;
#ifdef A_ITALIC
    if (a & THEME_ATTR_ITALIC)    r |= A_ITALIC;
#endif
    if (a & THEME_ATTR_STANDOUT)  r |= A_STANDOUT;
    return r;
}

bool draw_start_terminal(void)
{
    const char *term = getenv("TERM");

    /* COLORTERM=truecolor with a 256-colour TERM: ncurses sends RGB colours
     * only through a direct-colour terminal description, so use TERM's
     * "-direct" sibling (xterm-direct, tmux-direct, ...) when there is one.
     * Keys are the same in both; without one, stay with TERM. */
    if (theme_colorterm_truecolor(getenv("COLORTERM")) && term && !strstr(term, "direct")) {
        char name[64];
        size_t base = strcspn(term, "-");
        snprintf(name, sizeof name, "%.*s-direct", (int)(base < 40 ? base : 40), term);
        if (newterm(name, stdout, stdin))
            return true;
    }
    return initscr() != NULL;
}

void draw_init_colors(const Theme *t, bool no_color)
{
    bool colors = !no_color && has_colors();

    if (colors) {
        start_color();
        use_default_colors();
    }
    for (int r = 0; r < ROLE__COUNT; r++) {
        const RoleStyle *s = &t->roles[r];
        role_attr[r] = attrs_of(s->attrs);
        if (colors && COLOR_PAIRS > r + 1) {
            int fg = s->fg < 0 ? -1 : theme_color_for(s->fg, s->fg_rgb, COLORS);
            int bg = s->bg < 0 ? -1 : theme_color_for(s->bg, s->bg_rgb, COLORS);
            if (COLORS >= 0x1000000)
                init_extended_pair(r + 1, fg, bg);
            else
                init_pair((short)(r + 1), (short)fg, (short)bg);
            role_attr[r] |= COLOR_PAIR(r + 1);
        }
    }
}

attr_t draw_attr(Role r)
{
    return (unsigned)r < ROLE__COUNT ? role_attr[r] : A_NORMAL;
}

void draw_fill(WINDOW *w, int y, int x, int cols, Role r)
{
    if (cols <= 0)
        return;
    wattrset(w, draw_attr(r));
    mvwhline(w, y, x, ' ', cols);
    wattrset(w, A_NORMAL);
}

void draw_raw(WINDOW *w, int y, int x, const char *s, Role r)
{
    wattrset(w, draw_attr(r));
    mvwaddstr(w, y, x, s);
    wattrset(w, A_NORMAL);
}

int draw_text(WINDOW *w, int y, int x, const char *s, int cols, Role r, bool pad)
{
    char buf[2048];
    int used;

    if (cols <= 0)
        return 0;
    used = text_fit(s ? s : "", cols, buf, sizeof buf);
    wattrset(w, draw_attr(r));
    mvwaddstr(w, y, x, buf);
    if (pad && used < cols)
        whline(w, ' ', cols - used), used = cols;
    wattrset(w, A_NORMAL);
    return used;
}

int draw_text_right(WINDOW *w, int y, int x, const char *s, int cols, Role r)
{
    char buf[2048];
    int used;

    if (cols <= 0)
        return 0;
    used = text_fit(s ? s : "", cols, buf, sizeof buf);
    wattrset(w, draw_attr(r));
    if (used < cols)
        mvwhline(w, y, x, ' ', cols - used);
    mvwaddstr(w, y, x + cols - used, buf);
    wattrset(w, A_NORMAL);
    return cols;
}
