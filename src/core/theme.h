/* theme.h — colours by role. A theme is a text file of lines
 *     color ROLE FG BG [ATTR...]      # e.g. color table.header white blue bold
 * FG/BG: default, black, red, green, yellow, blue, magenta, cyan, white,
 * bright-<name>, colorN (0-255), #rrggbb (a true colour, shown as the nearest
 * of the 256 where the terminal has no true colour), or NAME/#rrggbb (the
 * true colour where the terminal has it, else NAME exactly: the theme's
 * author picks what an 8- or 256-colour terminal shows). ATTR: bold, dim,
 * reverse, underline, italic, standout. '#' starts a comment unless it opens
 * a #rrggbb colour. The built-in themes (default, light, mono, high-contrast)
 * are compiled in and go through the same parser. */
#ifndef MLTUI_THEME_H
#define MLTUI_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* X(ENUM, "name") — every colour role. */
#define THEME_ROLES(X) \
    X(ROLE_NORMAL,        "normal")          \
    X(ROLE_TITLE,         "title")           \
    X(ROLE_HEADER,        "table.header")    \
    X(ROLE_HEADER_SORTED, "table.sorted")    \
    X(ROLE_CURSOR,        "table.cursor")    \
    X(ROLE_MARKED,        "table.marked")    \
    X(ROLE_PINNED,        "table.pinned")    \
    X(ROLE_CHANGED,       "table.changed")   /* new or changed at a refresh, briefly */ \
    X(ROLE_DIM,           "dim")             \
    X(ROLE_NUMBER,        "number")          \
    X(ROLE_MISSING,       "missing")         \
    X(ROLE_STATUS_RUNNING,  "status.running")  \
    X(ROLE_STATUS_FINISHED, "status.finished") \
    X(ROLE_STATUS_FAILED,   "status.failed")   \
    X(ROLE_STATUS_KILLED,   "status.killed")   \
    X(ROLE_STATUSBAR,     "statusbar")       \
    X(ROLE_ERROR,         "error")           \
    X(ROLE_HINT,          "hint")            \
    X(ROLE_HINT_KEY,      "hint.key")        \
    X(ROLE_PROMPT,        "prompt")          \
    X(ROLE_SECTION,       "section")         \
    X(ROLE_KEY,           "key")             \
    X(ROLE_CHART,         "chart")           \
    X(ROLE_DIALOG,        "dialog")          \
    X(ROLE_TAB,           "tab")             \
    X(ROLE_TAB_ACTIVE,    "tab.active")      \
    X(ROLE_CONTROL,       "control")         /* sanitised control chars shown visibly */

#define X(e, n) e,
typedef enum { THEME_ROLES(X) ROLE__COUNT } Role;
#undef X

enum { THEME_ATTR_BOLD = 1, THEME_ATTR_DIM = 2, THEME_ATTR_REVERSE = 4,
       THEME_ATTR_UNDERLINE = 8, THEME_ATTR_ITALIC = 16, THEME_ATTR_STANDOUT = 32 };

#define THEME_COLOR_DEFAULT (-1)

#define THEME_RGB_NONE (-1)

typedef struct RoleStyle {
    short    fg, bg;     /* -1 default, 0..255: what 8- and 256-colour terminals show */
    unsigned attrs;      /* THEME_ATTR_* */
    int32_t  fg_rgb, bg_rgb; /* 0xRRGGBB for true-colour terminals, or THEME_RGB_NONE */
} RoleStyle;

typedef struct Theme {
    char      name[64];
    RoleStyle roles[ROLE__COUNT];
} Theme;

extern const char theme_default_text[];
extern const char theme_mono_text[];
extern const char theme_light_text[];
extern const char theme_high_contrast_text[];
/* The built-in theme names, NULL-terminated: default, light, mono, high-contrast. */
extern const char *const theme_builtin_names[];

/* Parses text on top of t (roles not named keep their value). Returns 0, or -1
 * with "line N: what is wrong" in errbuf (errbuf may be NULL when errsize is 0)
 * and t unchanged. ATTR also takes "normal"/"none" (no attribute). */
int  theme_parse(Theme *t, const char *text, char *errbuf, size_t errsize);
/* Starts t as the compiled-in default. */
void theme_init_default(Theme *t);
/* Loads NAME: the built-in names need no file (each sets every role; mono
 * with attributes only); otherwise the first NAME.theme found in the directories
 * dirs (NULL-terminated), parsed on top of the default theme so it need name
 * only the roles it changes. NAME may not contain '/'. Returns 0, or -1 with
 * "PATH: line N: ..." or "theme 'NAME' not found" in errbuf and t unchanged. */
int  theme_load(Theme *t, const char *name, const char *const *dirs, char *errbuf,
                size_t errsize);
const char *theme_role_name(Role r);
/* Maps colours >= 8 down to 0..7 for 8-colour terminals: bright-x -> x, the
 * 6x6x6 cube to the basic colour of its strong components, greys to black or
 * white; -1 stays -1. */
short theme_color_to_8(short c);
/* The xterm 256-colour palette: index -> 0xRRGGBB (16..255 exact, 0..15 the
 * xterm defaults); -1 for -1 (default) or out of range. */
int32_t theme_color_rgb(short c);
/* The palette index (16..255) nearest to a 0xRRGGBB colour. */
short   theme_rgb_to_256(int32_t rgb);
/* What a role's colour is on a terminal with `colors` colours: a palette
 * index (mapped to 0..7 below 256 colours), or with true colour (colors >=
 * 0x1000000, ncurses' direct-colour terminals) an RGB value — where values
 * 0..7 stay the terminal's own ANSI colours, as ncurses sends them. */
int     theme_color_for(short idx, int32_t rgb, int colors);
/* True when $COLORTERM (passed in) says the terminal shows true colour:
 * "truecolor" or "24bit". */
bool    theme_colorterm_truecolor(const char *colorterm);
/* WCAG contrast ratio of two colours (1..21). */
double  theme_contrast(int32_t rgb1, int32_t rgb2);

#endif
