/* screenshot.c — see screenshot.h.
 *
 * Curses runs on a SCREEN made with newterm() on /dev/null, so no terminal,
 * pty or tmux is needed (CI runs it headless); the size comes from LINES and
 * COLUMNS, which ncurses prefers when the output is not a terminal. Keys
 * reach the app through ncurses' own input queue (ungetch/unget_wch), so the
 * app reads them with get_wch exactly as typed keys. The picture is read back
 * from curscr, which holds what the terminal would show (every window, as
 * composed by refresh). */
#include "render/screenshot.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "keyscript.h"

#define SETTLE_MS        30     /* idle time after a key that sent no request */
#define SETTLE_BUSY_MS   150    /* ... after a key whose requests have finished */
#define SETTLE_FINAL_MS  300    /* before the picture is taken */
#define MAX_WAIT_MS      30000  /* give up waiting for the network after a key */

struct Shot {
    char      *path;            /* the PNG, or NULL */
    char      *text;            /* the text dump, or NULL */
    KeyScript  ks;
    size_t     next;            /* the next key to feed */
    int        cols, rows;
    SCREEN    *scr;
    FILE      *out, *in;
    int64_t    since;           /* the last key fed (or the start) */
    int64_t    last_busy;       /* the last time a request was in flight */
    bool       saw_busy;        /* since the last key */
    int        turns;           /* loop turns since the last key */
    bool       timed_out;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

Shot *shot_new(const char *png, const char *text, const char *keys, const char *size,
               char *err, size_t errsize)
{
    Shot *s = calloc(1, sizeof *s);
    char msg[200];

    if (!s || (png && !(s->path = strdup(png))) || (text && !(s->text = strdup(text)))) {
        snprintf(err, errsize, "out of memory");
        goto fail;
    }
    s->cols = 120;
    s->rows = 36;
    if (size) {
        char x, extra;
        if (sscanf(size, "%d%c%d%c", &s->cols, &x, &s->rows, &extra) != 3 ||
            (x != 'x' && x != 'X') || s->cols < 20 || s->rows < 5 || s->cols > 1000 ||
            s->rows > 500) {
            snprintf(err, errsize, "--size %s: expected COLSxROWS such as 120x36", size);
            goto fail;
        }
    }
    if (keyscript_parse(&s->ks, keys, msg, sizeof msg) != 0) {
        snprintf(err, errsize, "--keys: %s", msg);
        goto fail;
    }
    return s;
fail:
    if (s) {
        free(s->path);
        free(s->text);
        free(s);
    }
    return NULL;
}

void shot_free(Shot *s)
{
    if (!s)
        return;
    if (s->scr)
        delscreen(s->scr);
    if (s->out)
        fclose(s->out);
    if (s->in)
        fclose(s->in);
    keyscript_free(&s->ks);
    free(s->path);
    free(s->text);
    free(s);
}

int shot_start_term(Shot *s)
{
    char num[16];

    /* Box drawing and every non-ASCII name need a UTF-8 locale in curses. */
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0 && !setlocale(LC_ALL, "C.UTF-8"))
        fprintf(stderr, "mltui: no UTF-8 locale: non-ASCII text will not show\n");
    snprintf(num, sizeof num, "%d", s->cols);
    setenv("COLUMNS", num, 1);
    snprintf(num, sizeof num, "%d", s->rows);
    setenv("LINES", num, 1);
    s->out = fopen("/dev/null", "w");
    s->in = fopen("/dev/null", "r");
    if (!s->out || !s->in) {
        perror("mltui: /dev/null");
        return -1;
    }
    s->scr = newterm("xterm-256color", s->out, s->in);
    if (!s->scr)
        s->scr = newterm("xterm", s->out, s->in);
    if (!s->scr) {
        fprintf(stderr, "mltui: --screenshot needs the xterm-256color terminfo entry "
                        "(Debian: ncurses-base)\n");
        return -1;
    }
    set_term(s->scr);
    if (LINES != s->rows || COLS != s->cols)
        resizeterm(s->rows, s->cols);
    s->since = s->last_busy = now_ms();
    return 0;
}

int shot_poll_ms(const Shot *s)
{
    (void)s;
    return 10;
}

bool shot_step(Shot *s, size_t in_flight)
{
    int64_t now = now_ms(), settle, quiet_since;

    if (in_flight) {
        if (now - s->since < MAX_WAIT_MS) {
            s->saw_busy = true;
            s->last_busy = now;
            return false;
        }
        s->timed_out = true;
    }
    s->turns++;
    settle = s->next == s->ks.n ? SETTLE_FINAL_MS : s->saw_busy ? SETTLE_BUSY_MS : SETTLE_MS;
    quiet_since = s->last_busy > s->since ? s->last_busy : s->since;
    if (s->turns < 2 || now - quiet_since < settle)
        return false;
    if (s->next < s->ks.n) {
        const ScriptKey *k = &s->ks.keys[s->next++];
        if (k->fn)
            ungetch(k->code);
        else
            unget_wch((wchar_t)k->code);
        s->since = now;
        s->turns = 0;
        s->saw_busy = false;
        return false;
    }
    return true;
}

/* ---- painting ------------------------------------------------------------------ */

/* Dark background, light foreground: the look of most terminals people use. */
#define DEFAULT_BG 0x1e1e1effu
#define DEFAULT_FG 0xd4d4d4ffu

Rgba shot_color(int n, bool foreground)
{
    /* 0-15: a common modern dark palette (VS Code's terminal); xterm's own
     * 0000ee blue is hard to read under white text. 16-255: xterm's cube and
     * grey ramp, which every 256-colour terminal shares. */
    static const Rgba base[16] = {
        0x000000ffu, 0xcd3131ffu, 0x0dbc79ffu, 0xe5e510ffu,
        0x2472c8ffu, 0xbc3fbcffu, 0x11a8cdffu, 0xe5e5e5ffu,
        0x666666ffu, 0xf14c4cffu, 0x23d18bffu, 0xf5f543ffu,
        0x3b8eeaffu, 0xd670d6ffu, 0x29b8dbffu, 0xffffffffu,
    };
    static const unsigned char level[6] = { 0, 95, 135, 175, 215, 255 };

    if (n < 0 || n > 255)
        return foreground ? DEFAULT_FG : DEFAULT_BG;
    if (n < 16)
        return base[n];
    if (n < 232) {
        int i = n - 16;
        return (Rgba)level[i / 36] << 24 | (Rgba)level[i / 6 % 6] << 16 |
               (Rgba)level[i % 6] << 8 | 0xff;
    }
    unsigned g = 8 + 10 * (unsigned)(n - 232);
    return (Rgba)g << 24 | (Rgba)g << 16 | (Rgba)g << 8 | 0xff;
}

static Rgba mix(Rgba a, Rgba b, double t)
{
    Rgba r = 0xff;
    for (int sh = 8; sh <= 24; sh += 8) {
        double ca = (a >> sh) & 0xff, cb = (b >> sh) & 0xff;
        r |= (Rgba)(ca + (cb - ca) * t + 0.5) << sh;
    }
    return r;
}

/* The screen as text: each row's characters (a wide one once), trailing
 * blanks cut, "\n" after every row. */
static int write_text(const Shot *s)
{
    FILE *f = fopen(s->text, "w");
    char line[8192];

    if (!f) {
        fprintf(stderr, "mltui: cannot write the screen dump %s: %s\n", s->text,
                strerror(errno));
        return 1;
    }
    for (int y = 0; y < LINES; y++) {
        size_t used = 0, keep = 0;
        for (int x = 0; x < COLS; x++) {
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1] = { 0 };
            attr_t a = 0;
            short pair = 0;
            char mb[MB_LEN_MAX];
            mbstate_t st = { 0 };
            size_t n;
            int w;

            if (mvwin_wch(curscr, y, x, &cc) == ERR ||
                getcchar(&cc, wch, &a, &pair, NULL) == ERR || !wch[0])
                wch[0] = L' ';
            n = wcrtomb(mb, wch[0], &st);
            if (n == (size_t)-1) {
                mb[0] = '?';
                n = 1;
            }
            if (used + n >= sizeof line)
                break;
            memcpy(line + used, mb, n);
            used += n;
            if (wch[0] != L' ')
                keep = used;
            w = wcwidth(wch[0]);
            if (w > 1)
                x += w - 1;     /* the next cell continues this character */
        }
        fprintf(f, "%.*s\n", (int)keep, line);
    }
    if (fclose(f) != 0) {
        fprintf(stderr, "mltui: cannot write the screen dump %s: %s\n", s->text,
                strerror(errno));
        return 1;
    }
    return 0;
}

int shot_finish(Shot *s)
{
    int rows = LINES, cols = COLS, cy, cx, cursor;
    Canvas *c;
    char err[256];
    int rc = 0;

    if (s->text && write_text(s) != 0)
        return 1;
    if (!s->path) {
        if (s->timed_out)
            fprintf(stderr, "mltui: %s: taken while requests were still in flight after "
                    "%d s\n", s->text, MAX_WAIT_MS / 1000);
        return 0;
    }

    getyx(curscr, cy, cx);
    cursor = curs_set(1);           /* the only way to ask: set and restore */
    if (cursor != ERR)
        curs_set(cursor);
    c = canvas_new(cols * SHOT_CELL_W, rows * SHOT_CELL_H, DEFAULT_BG);
    if (!c) {
        fprintf(stderr, "mltui: %s: out of memory\n", s->path);
        return 1;
    }
    for (int y = 0; y < rows; y++) {
        for (int x = 0; x < cols; x++) {
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1] = { 0 };
            attr_t a = 0;
            short pair = 0, fgn = -1, bgn = -1;
            Rgba fg, bg, t;
            int w;

            if (mvwin_wch(curscr, y, x, &cc) == ERR ||
                getcchar(&cc, wch, &a, &pair, NULL) == ERR)
                continue;
            if (pair > 0 && pair_content(pair, &fgn, &bgn) == ERR)
                fgn = bgn = -1;
            fg = shot_color(fgn, true);
            bg = shot_color(bgn, false);
            if (a & (A_REVERSE | A_STANDOUT)) {
                t = fg; fg = bg; bg = t;
            }
            if (cursor > 0 && y == cy && x == cx) {
                t = fg; fg = bg; bg = t;
            }
            if (a & A_DIM)
                fg = mix(fg, bg, 0.45);
            w = wch[0] ? wcwidth(wch[0]) : 1;
            if (w < 1)
                w = 1;
            if (x + w > cols)
                w = cols - x;
            canvas_fill_rect(c, x * SHOT_CELL_W, y * SHOT_CELL_H, w * SHOT_CELL_W, SHOT_CELL_H,
                             bg);
            if (wch[0] && wch[0] != L' ')
                canvas_cell_glyph(c, x * SHOT_CELL_W, y * SHOT_CELL_H, w * SHOT_CELL_W,
                                  SHOT_CELL_H, (uint32_t)wch[0], fg, (a & A_BOLD) != 0);
            if (a & A_UNDERLINE)
                canvas_fill_rect(c, x * SHOT_CELL_W, (y + 1) * SHOT_CELL_H - 3,
                                 w * SHOT_CELL_W, 1, fg);
            x += w - 1;
        }
    }
    if (canvas_write_png(c, s->path, err, sizeof err) != 0) {
        fprintf(stderr, "mltui: cannot write the screenshot: %s\n", err);
        rc = 1;
    } else if (s->timed_out) {
        fprintf(stderr, "mltui: %s: taken while requests were still in flight after %d s\n",
                s->path, MAX_WAIT_MS / 1000);
    }
    canvas_free(c);
    return rc;
}
