/* theme.c — see theme.h.
 *
 * The built-in themes are C copies of themes/default.theme and
 * themes/mono.theme (test_theme checks they stay identical), parsed by the
 * same code as a user's file. A parse works on a copy, so a theme with an
 * error leaves the caller's theme as it was. */
#include "core/theme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char theme_default_text[] =
    "# default.theme — mltui's colours by role. Only the 8 basic colours and\n"
    "# attributes, so it reads the same on an 8-colour terminal, a 256-colour one,\n"
    "# a dark background and a light one. Compiled into mltui as well\n"
    "# (src/core/theme.c, theme_default_text); a test keeps the two identical.\n"
    "#\n"
    "#     color ROLE FG BG [ATTR...]\n"
    "\n"
    "color normal          default default\n"
    "color title           cyan    default bold\n"
    "color table.header    black   cyan\n"
    "color table.sorted    black   yellow  bold\n"
    "color table.cursor    default default reverse\n"
    "color table.marked    yellow  default bold\n"
    "color table.pinned    default default bold\n"
    "color table.changed   black   yellow  bold\n"
    "color dim             default default dim\n"
    "color number          default default\n"
    "color missing         default default dim\n"
    "color status.running  cyan    default bold\n"
    "color status.finished green   default\n"
    "color status.failed   red     default bold\n"
    "color status.killed   yellow  default\n"
    "color statusbar       white   blue\n"
    "color error           white   red     bold\n"
    "color hint            default default\n"
    "color hint.key        cyan    default bold\n"
    "color prompt          yellow  default bold\n"
    "color section         cyan    default bold underline\n"
    "color key             yellow  default\n"
    "color chart           green   default\n"
    "color dialog          white   blue\n"
    "color tab             default default\n"
    "color tab.active      black   cyan\n"
    "color control         magenta default bold\n";

const char theme_mono_text[] =
    "# mono.theme — attributes only, no colours: for monochrome terminals and for\n"
    "# NO_COLOR. Compiled into mltui as well (src/core/theme.c, theme_mono_text);\n"
    "# a test keeps the two identical.\n"
    "#\n"
    "#     color ROLE FG BG [ATTR...]\n"
    "\n"
    "color normal          default default\n"
    "color title           default default bold\n"
    "color table.header    default default bold underline\n"
    "color table.sorted    default default bold underline reverse\n"
    "color table.cursor    default default reverse\n"
    "color table.marked    default default bold underline\n"
    "color table.pinned    default default bold\n"
    "color table.changed   default default reverse\n"
    "color dim             default default dim\n"
    "color number          default default\n"
    "color missing         default default dim\n"
    "color status.running  default default bold\n"
    "color status.finished default default\n"
    "color status.failed   default default bold reverse\n"
    "color status.killed   default default underline\n"
    "color statusbar       default default reverse\n"
    "color error           default default bold reverse\n"
    "color hint            default default\n"
    "color hint.key        default default bold\n"
    "color prompt          default default bold\n"
    "color section         default default bold underline\n"
    "color key             default default bold\n"
    "color chart           default default\n"
    "color dialog          default default reverse\n"
    "color tab             default default\n"
    "color tab.active      default default reverse bold\n"
    "color control         default default reverse\n";

const char theme_light_text[] =
    "# light.theme — for terminals with a light (white or cream) background. Text\n"
    "# colours are the dark ones only (blue, red, green, magenta, black): no yellow,\n"
    "# cyan or white text, which fade on white. On 8- and 256-colour terminals the\n"
    "# name before the slash is used; where COLORTERM says truecolor, the #rrggbb\n"
    "# after it. Compiled into mltui as well (src/core/theme.c, theme_light_text);\n"
    "# a test keeps the two identical and checks the contrast of every role.\n"
    "#\n"
    "#     color ROLE FG BG [ATTR...]\n"
    "\n"
    "color normal          default          default\n"
    "color title           blue/#004c99     default          bold\n"
    "color table.header    white/#ffffff    blue/#1f5fa8\n"
    "color table.sorted    white/#ffffff    magenta/#7a3b9c  bold\n"
    "color table.cursor    default          default          reverse\n"
    "color table.marked    magenta/#7a1f7a  default          bold underline\n"
    "color table.pinned    default          default          bold\n"
    "color table.changed   default          default          reverse bold\n"
    "color dim             default          default          dim\n"
    "color number          default          default\n"
    "color missing         default          default          dim\n"
    "color status.running  blue/#004c99     default          bold\n"
    "color status.finished green/#1a6b1a    default\n"
    "color status.failed   red/#b00000      default          bold\n"
    "color status.killed   magenta/#7a1f7a  default\n"
    "color statusbar       white/#ffffff    blue/#1f5fa8\n"
    "color error           white/#ffffff    red/#b00000      bold\n"
    "color hint            default          default\n"
    "color hint.key        blue/#004c99     default          bold\n"
    "color prompt          magenta/#7a1f7a  default          bold\n"
    "color section         blue/#004c99     default          bold underline\n"
    "color key             magenta/#7a1f7a  default          bold\n"
    "color chart           blue/#1f5fa8     default\n"
    "color dialog          black/#000000    white/#e8e8e8\n"
    "color tab             default          default\n"
    "color tab.active      white/#ffffff    blue/#1f5fa8\n"
    "color control         red/#b00000      default          bold\n";

const char theme_high_contrast_text[] =
    "# high-contrast.theme — the strongest contrast a terminal can give, for low\n"
    "# vision and bright rooms: bold bright colours on the terminal's (dark)\n"
    "# background, black on white for bars and the cursor, nothing dimmed. On 8-\n"
    "# and 256-colour terminals the name before the slash is used; where COLORTERM\n"
    "# says truecolor, the #rrggbb after it. Compiled into mltui as well\n"
    "# (src/core/theme.c, theme_high_contrast_text); a test keeps the two identical\n"
    "# and checks the contrast of every role.\n"
    "#\n"
    "#     color ROLE FG BG [ATTR...]\n"
    "\n"
    "color normal          default                default\n"
    "color title           bright-white/#ffffff   default                bold\n"
    "color table.header    black/#000000          bright-white/#ffffff   bold\n"
    "color table.sorted    black/#000000          bright-yellow/#ffff00  bold\n"
    "color table.cursor    black/#000000          bright-cyan/#00ffff    bold\n"
    "color table.marked    bright-yellow/#ffff00  default                bold underline\n"
    "color table.pinned    default                default                bold\n"
    "color table.changed   black/#000000          bright-yellow/#ffff00  bold\n"
    "color dim             default                default\n"
    "color number          default                default\n"
    "color missing         default                default\n"
    "color status.running  bright-cyan/#00ffff    default                bold\n"
    "color status.finished bright-green/#00ff00   default                bold\n"
    "color status.failed   bright-white/#ffffff   red/#c00000            bold\n"
    "color status.killed   bright-yellow/#ffff00  default                bold\n"
    "color statusbar       black/#000000          bright-white/#ffffff   bold\n"
    "color error           bright-white/#ffffff   red/#c00000            bold\n"
    "color hint            default                default\n"
    "color hint.key        bright-yellow/#ffff00  default                bold\n"
    "color prompt          bright-yellow/#ffff00  default                bold\n"
    "color section         bright-white/#ffffff   default                bold underline\n"
    "color key             bright-yellow/#ffff00  default                bold\n"
    "color chart           bright-green/#00ff00   default                bold\n"
    "color dialog          black/#000000          bright-white/#ffffff\n"
    "color tab             default                default\n"
    "color tab.active      black/#000000          bright-white/#ffffff   bold\n"
    "color control         black/#000000          bright-magenta/#ff00ff bold\n";

const char *const theme_builtin_names[] = { "default", "light", "mono", "high-contrast", NULL };

static const char *const role_names[ROLE__COUNT] = {
#define X(e, n) [e] = n,
    THEME_ROLES(X)
#undef X
};

static const char *const color_names[8] = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
    const char *name;
    unsigned    bit;
} attr_names[] = {
    { "bold", THEME_ATTR_BOLD },           { "dim", THEME_ATTR_DIM },
    { "reverse", THEME_ATTR_REVERSE },     { "underline", THEME_ATTR_UNDERLINE },
    { "italic", THEME_ATTR_ITALIC },       { "standout", THEME_ATTR_STANDOUT },
    { "normal", 0 },                       { "none", 0 },
};

const char *theme_role_name(Role r)
{
    return (unsigned)r < ROLE__COUNT ? role_names[r] : "?";
}

static bool tok_is(const char *tok, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(tok, word, len) == 0;
}

/* Parses a colour name into *out; false when it is not one. */
static bool parse_color(const char *tok, size_t len, short *out)
{
    if (tok_is(tok, len, "default")) {
        *out = THEME_COLOR_DEFAULT;
        return true;
    }
    for (int bright = 0; bright < 2; bright++) {
        const char *name = tok;
        size_t      nl = len;

        if (bright) {
            if (len < 7 || memcmp(tok, "bright-", 7) != 0)
                break;
            name += 7;
            nl -= 7;
        }
        for (int i = 0; i < 8; i++)
            if (tok_is(name, nl, color_names[i])) {
                *out = (short)(i + 8 * bright);
                return true;
            }
    }
    if (len > 5 && len <= 8 && memcmp(tok, "color", 5) == 0) {
        int v = 0;

        for (size_t i = 5; i < len; i++) {
            if (tok[i] < '0' || tok[i] > '9')
                return false;
            v = v * 10 + (tok[i] - '0');
        }
        if (v > 255)
            return false;
        *out = (short)v;
        return true;
    }
    return false;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "#rrggbb" (exactly) -> 0xRRGGBB; -1 when it is not one. */
static int32_t parse_hex(const char *tok, size_t len)
{
    int32_t v = 0;

    if (len != 7 || tok[0] != '#')
        return -1;
    for (size_t i = 1; i < 7; i++) {
        int h = hexval(tok[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* A colour as a theme writes it: NAME, #rrggbb, or NAME/#rrggbb. */
static bool parse_color_spec(const char *tok, size_t len, short *idx, int32_t *rgb)
{
    const char *slash = memchr(tok, '/', len);

    *rgb = THEME_RGB_NONE;
    if (slash) {
        *rgb = parse_hex(slash + 1, len - (size_t)(slash + 1 - tok));
        return *rgb >= 0 && parse_color(tok, (size_t)(slash - tok), idx);
    }
    if (len && tok[0] == '#') {
        if ((*rgb = parse_hex(tok, len)) < 0)
            return false;
        *idx = theme_rgb_to_256(*rgb);
        return true;
    }
    return parse_color(tok, len, idx);
}

/* Where a line's comment starts: a '#' that does not open a #rrggbb colour. */
static const char *comment_start(const char *p, const char *eol)
{
    for (const char *q = p; q < eol; q++) {
        if (*q != '#')
            continue;
        if (eol - q >= 7 && parse_hex(q, 7) >= 0 &&
            (q + 7 == eol || q[7] == ' ' || q[7] == '\t' || q[7] == '\r'))
            continue;
        return q;
    }
    return eol;
}

static int fail(char *errbuf, size_t errsize, int line, const char *what, const char *tok,
                size_t len)
{
    if (errsize) {
        if (tok)
            snprintf(errbuf, errsize, "line %d: %s '%.*s'", line, what,
                     (int)(len > 40 ? 40 : len), tok);
        else
            snprintf(errbuf, errsize, "line %d: %s", line, what);
    }
    return -1;
}

int theme_parse(Theme *t, const char *text, char *errbuf, size_t errsize)
{
    Theme       work = *t;
    const char *p = text;
    int         line = 0;

    while (*p) {
        const char *eol = strchr(p, '\n'), *end, *q;
        const char *tok[16];
        size_t      len[16];
        int         n = 0;
        int         role = -1;
        RoleStyle   st;

        line++;
        if (!eol)
            eol = p + strlen(p);
        end = comment_start(p, eol);
        for (q = p; q < end;) {
            while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
                q++;
            if (q >= end)
                break;
            if (n == 16)
                return fail(errbuf, errsize, line, "too many words", NULL, 0);
            tok[n] = q;
            while (q < end && *q != ' ' && *q != '\t' && *q != '\r')
                q++;
            len[n] = (size_t)(q - tok[n]);
            n++;
        }
        p = *eol ? eol + 1 : eol;
        if (n == 0)
            continue;
        if (!tok_is(tok[0], len[0], "color"))
            return fail(errbuf, errsize, line, "unknown command (expected 'color')", tok[0],
                        len[0]);
        if (n < 4)
            return fail(errbuf, errsize, line, "expected 'color ROLE FG BG [ATTR...]'", NULL,
                        0);
        for (int r = 0; r < ROLE__COUNT; r++)
            if (tok_is(tok[1], len[1], role_names[r]))
                role = r;
        if (role < 0)
            return fail(errbuf, errsize, line, "unknown role", tok[1], len[1]);
        if (!parse_color_spec(tok[2], len[2], &st.fg, &st.fg_rgb))
            return fail(errbuf, errsize, line, "unknown colour", tok[2], len[2]);
        if (!parse_color_spec(tok[3], len[3], &st.bg, &st.bg_rgb))
            return fail(errbuf, errsize, line, "unknown colour", tok[3], len[3]);
        st.attrs = 0;
        for (int i = 4; i < n; i++) {
            size_t a = 0;

            while (a < sizeof attr_names / sizeof *attr_names
                   && !tok_is(tok[i], len[i], attr_names[a].name))
                a++;
            if (a == sizeof attr_names / sizeof *attr_names)
                return fail(errbuf, errsize, line, "unknown attribute", tok[i], len[i]);
            st.attrs |= attr_names[a].bit;
        }
        work.roles[role] = st;
    }
    *t = work;
    return 0;
}

static void theme_blank(Theme *t, const char *name)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    for (int r = 0; r < ROLE__COUNT; r++)
        t->roles[r] = (RoleStyle){ .fg = THEME_COLOR_DEFAULT, .bg = THEME_COLOR_DEFAULT,
                                   .fg_rgb = THEME_RGB_NONE, .bg_rgb = THEME_RGB_NONE };
}

void theme_init_default(Theme *t)
{
    theme_blank(t, "default");
    theme_parse(t, theme_default_text, NULL, 0);  /* checked by test_theme */
}

/* Reads a whole (small) file; NULL when it cannot be read. */
static char *read_file(const char *path)
{
    FILE  *f = fopen(path, "rb");
    char  *buf = NULL;
    size_t n = 0, cap = 0;

    if (!f)
        return NULL;
    for (;;) {
        if (cap - n < 4096) {
            char *nb;

            if (cap >= (1u << 20))  /* a theme is a few lines: refuse a huge file */
                goto fail;
            cap = cap ? cap * 2 : 4096;
            nb = realloc(buf, cap + 1);
            if (!nb)
                goto fail;
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);

        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        goto fail;
    fclose(f);
    buf[n] = '\0';
    return buf;
fail:
    fclose(f);
    free(buf);
    return NULL;
}

int theme_load(Theme *t, const char *name, const char *const *dirs, char *errbuf,
               size_t errsize)
{
    Theme work;
    char  path[4096], err[256];
    char *text = NULL;

    static const char *const texts[] = { theme_default_text, theme_light_text,
                                         theme_mono_text, theme_high_contrast_text };

    for (size_t i = 0; theme_builtin_names[i]; i++)
        if (strcmp(name, theme_builtin_names[i]) == 0) {
            theme_blank(t, name);
            theme_parse(t, texts[i], NULL, 0);   /* each checked by test_theme */
            return 0;
        }
    if (!*name || strchr(name, '/')) {
        if (errsize)
            snprintf(errbuf, errsize, "theme '%.64s': not a theme name", name);
        return -1;
    }
    for (size_t i = 0; dirs && dirs[i] && !text; i++) {
        snprintf(path, sizeof path, "%s/%s.theme", dirs[i], name);
        text = read_file(path);
    }
    if (!text) {
        if (errsize)
            snprintf(errbuf, errsize, "theme '%.64s' not found", name);
        return -1;
    }
    theme_init_default(&work);  /* a user theme names only what it changes */
    snprintf(work.name, sizeof work.name, "%s", name);
    if (theme_parse(&work, text, err, sizeof err) < 0) {
        if (errsize)
            snprintf(errbuf, errsize, "%.200s: %s", path, err);
        free(text);
        return -1;
    }
    free(text);
    *t = work;
    return 0;
}

short theme_color_to_8(short c)
{
    if (c < 0 || c > 255)
        return THEME_COLOR_DEFAULT;
    if (c < 8)
        return c;
    if (c < 16)
        return (short)(c - 8);        /* bright-x -> x */
    if (c >= 232)
        return c < 236 ? 0 : 7;       /* grey ramp: near-black -> black, else white */
    c -= 16;                          /* 6x6x6 cube */
    {
        int r = c / 36, g = c / 6 % 6, b = c % 6;
        int m = r > g ? (r > b ? r : b) : (g > b ? g : b);
        int half;

        if (m == 0)
            return 0;
        if (r == g && g == b)
            return 7;                 /* a grey: readable as white */
        /* Keep the components at least (about) half as strong as the
         * strongest: orange #ff8700 (5,2,0) becomes yellow, #ff5f00 red. */
        half = m / 2 > 1 ? m / 2 : 1;
        return (short)((r >= half ? 1 : 0) | (g >= half ? 2 : 0) | (b >= half ? 4 : 0));
    }
}

/* xterm's defaults for the 16 system colours. */
static const int32_t system_rgb[16] = {
    0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
    0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static const int cube_level[6] = { 0, 95, 135, 175, 215, 255 };

int32_t theme_color_rgb(short c)
{
    if (c < 0 || c > 255)
        return -1;
    if (c < 16)
        return system_rgb[c];
    if (c >= 232) {
        int g = 8 + 10 * (c - 232);
        return (g << 16) | (g << 8) | g;
    }
    c -= 16;
    return (cube_level[c / 36] << 16) | (cube_level[c / 6 % 6] << 8) | cube_level[c % 6];
}

static int nearest_level(int v)
{
    int best = 0;

    for (int i = 1; i < 6; i++)
        if (abs(cube_level[i] - v) < abs(cube_level[best] - v))
            best = i;
    return best;
}

static long dist2(int32_t a, int32_t b)
{
    long dr = ((a >> 16) & 255) - ((b >> 16) & 255), dg = ((a >> 8) & 255) - ((b >> 8) & 255),
         db = (a & 255) - (b & 255);
    return dr * dr + dg * dg + db * db;
}

short theme_rgb_to_256(int32_t rgb)
{
    int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
    short cube = (short)(16 + 36 * nearest_level(r) + 6 * nearest_level(g) + nearest_level(b));
    int avg = (r + g + b) / 3;
    int gi = avg < 8 ? 0 : avg > 238 ? 23 : (avg - 8 + 5) / 10;
    short grey = (short)(232 + (gi > 23 ? 23 : gi));

    return dist2(theme_color_rgb(grey), rgb) < dist2(theme_color_rgb(cube), rgb) ? grey : cube;
}

int theme_color_for(short idx, int32_t rgb, int colors)
{
    if (colors >= 0x1000000) {
        if (rgb >= 0)
            return rgb;
        /* Direct colour has no palette: 0..7 are still the ANSI colours, but
         * anything above is an RGB value, so a palette index is translated. */
        return idx < 8 ? idx : (int)theme_color_rgb(idx);
    }
    if (colors >= 256)
        return idx;
    return theme_color_to_8(idx);
}

bool theme_colorterm_truecolor(const char *colorterm)
{
    return colorterm && (strcmp(colorterm, "truecolor") == 0 || strcmp(colorterm, "24bit") == 0);
}

static double lum(int32_t rgb)
{
    double c[3];

    for (int i = 0; i < 3; i++) {
        double v = ((rgb >> (16 - 8 * i)) & 255) / 255.0;
        c[i] = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

double theme_contrast(int32_t a, int32_t b)
{
    double la = lum(a), lb = lum(b);

    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}
