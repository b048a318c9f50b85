/* termgfx.c — see termgfx.h. chafa makes the kitty and sixel payloads
 * (chafa_canvas_print with a pixel canvas mode); this file asks the terminal,
 * decides when to write, and moves the cursor around the write. */
#include "widgets/termgfx.h"

#include <chafa.h>
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PROBE_MAX 4096
#define PIXELS_MAX 4096        /* a picture's side on the terminal, at most */
#define AREA_MAX   (2000 * 1000) /* and its pixels: about 10 MB of kitty base64 */

typedef struct Placed {
    uint64_t id;
    int      img_w, img_h, y, x, rows, cols;
} Placed;

static ImageMode   proto = IMAGES_OFF;    /* IMAGES_KITTY, IMAGES_SIXEL, or none */
static ImageProbe  probed;
static const Canvas *want_img;            /* asked for in this frame */
static Placed      want, shown;
static bool        have_want, have_shown, damaged;
static char        typed[PROBE_MAX];      /* keys the probe read, for curses */
static size_t      n_typed;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void write_all(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, s, n);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

void termgfx_probe(ImageProbe *out, int timeout_ms)
{
    struct termios old, raw;
    char buf[PROBE_MAX];
    size_t len = 0;
    bool done = false;
    int64_t end;
    const char *term;

    memset(out, 0, sizeof *out);
    /* The Linux console and dumb terminals show neither protocol, and the
     * console would print the kitty query's text. */
    term = getenv("TERM");
    if (!term || !strcmp(term, "dumb") || !strncmp(term, "linux", 5))
        return;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || tcgetattr(STDIN_FILENO, &old) != 0)
        return;
    raw = old;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
        return;
    write_all(image_probe_query, strlen(image_probe_query));
    end = now_ms() + timeout_ms;
    while (!done && len < sizeof buf) {
        int64_t left = end - now_ms();
        struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            break;
        ssize_t n = read(STDIN_FILENO, buf + len, sizeof buf - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        done = image_probe_parse(buf, len, out);
    }
    if (!done)
        image_probe_parse(buf, len, out);
    /* keys typed before the replies came are the user's: kept for curses */
    n_typed = image_probe_keys(buf, len, typed);
    /* After a timeout the reply may still come: drop what is unread. */
    tcsetattr(STDIN_FILENO, done ? TCSANOW : TCSAFLUSH, &old);
}

void termgfx_return_keys(void)
{
    /* ungetch is a stack: the last key first */
    while (n_typed > 0)
        ungetch((unsigned char)typed[--n_typed]);
}

void termgfx_configure(ImageMode mode, const ImageProbe *probe)
{
    if (have_shown)
        termgfx_stop();
    proto = mode == IMAGES_KITTY || mode == IMAGES_SIXEL ? mode : IMAGES_OFF;
    if (probe)
        probed = *probe;
}

void termgfx_frame_begin(void)
{
    have_want = false;
    want_img = NULL;
}

void termgfx_place(const Canvas *img, uint64_t id, int y, int x, int rows, int cols)
{
    if (proto == IMAGES_OFF || !img || img->w <= 0 || img->h <= 0 || rows <= 0 || cols <= 0)
        return;
    want = (Placed){ .id = id, .img_w = img->w, .img_h = img->h, .y = y, .x = x,
                     .rows = rows, .cols = cols };
    want_img = img;
    have_want = true;
}

void termgfx_damage(void)
{
    damaged = true;
}

/* Pixels per cell: the system's (TIOCGWINSZ), else what the terminal said,
 * else a common 10x20. */
static void cell_size(int *cw, int *ch)
{
    struct winsize ws;

    *cw = 10;
    *ch = 20;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row &&
        ws.ws_xpixel >= ws.ws_col && ws.ws_ypixel >= ws.ws_row) {
        *cw = ws.ws_xpixel / ws.ws_col;
        *ch = ws.ws_ypixel / ws.ws_row;
    } else if (probed.cell_w > 0 && probed.cell_h > 0) {
        *cw = probed.cell_w;
        *ch = probed.cell_h;
    }
}

/* chafa's kitty or sixel output for want_img in want's cells, or NULL. */
static GString *payload(void)
{
    const Canvas *img = want_img;
    ChafaCanvasConfig *cfg;
    ChafaCanvas *cv;
    ChafaTermInfo *ti;
    GString *out = NULL;
    int cw, ch, cols, rows;

    cell_size(&cw, &ch);
    /* never enlarged beyond the picture's own pixels, nor past PIXELS_MAX */
    cols = (img->w + cw - 1) / cw;
    rows = (img->h + ch - 1) / ch;
    if (cols > want.cols) cols = want.cols;
    if (rows > want.rows) rows = want.rows;
    if (cols > PIXELS_MAX / cw) cols = PIXELS_MAX / cw;
    if (rows > PIXELS_MAX / ch) rows = PIXELS_MAX / ch;
    while (cols > 1 && rows > 1 && (long)cols * cw * rows * ch > AREA_MAX) {
        cols = cols * 9 / 10;
        rows = rows * 9 / 10;
    }
    if (cols < 1 || rows < 1)
        return NULL;
    chafa_calc_canvas_geometry(img->w, img->h, &cols, &rows, (gfloat)cw / (gfloat)ch, TRUE,
                               FALSE);
    cfg = chafa_canvas_config_new();
    chafa_canvas_config_set_geometry(cfg, cols, rows);
    chafa_canvas_config_set_cell_geometry(cfg, cw, ch);
    chafa_canvas_config_set_canvas_mode(cfg, CHAFA_CANVAS_MODE_TRUECOLOR);
    chafa_canvas_config_set_pixel_mode(cfg, proto == IMAGES_KITTY ? CHAFA_PIXEL_MODE_KITTY
                                                                  : CHAFA_PIXEL_MODE_SIXELS);
    cv = chafa_canvas_new(cfg);
    if (cv) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        ChafaPixelType pt = CHAFA_PIXEL_RGBA8_UNASSOCIATED;
#else
        ChafaPixelType pt = CHAFA_PIXEL_ABGR8_UNASSOCIATED;
#endif
        chafa_canvas_draw_all_pixels(cv, pt, (const guint8 *)img->px, img->w, img->h,
                                     img->w * 4);
        ti = chafa_term_db_get_fallback_info(chafa_term_db_get_default());
        out = chafa_canvas_print(cv, ti);
        chafa_term_info_unref(ti);
        chafa_canvas_unref(cv);
    }
    chafa_canvas_config_unref(cfg);
    return out;
}

/* Removes the picture shown: kitty deletes its placements; a sixel is
 * pixels in the cells, which curses repaints. */
static void remove_shown(void)
{
    static const char kitty_delete[] = "\033_Ga=d,d=A\033\\";

    if (!have_shown)
        return;
    if (proto == IMAGES_KITTY) {
        write_all(kitty_delete, sizeof kitty_delete - 1);
    } else if (!isendwin() && shown.y >= 0 && shown.y < LINES) {
        int n = shown.rows < LINES - shown.y ? shown.rows : LINES - shown.y;
        wredrawln(stdscr, shown.y, n);
        wrefresh(stdscr);
    }
    have_shown = false;
}

void termgfx_flush(bool covered)
{
    bool same;
    GString *p;
    char move[32];

    if (proto == IMAGES_OFF) {
        damaged = false;
        return;
    }
    if (covered)
        have_want = false;
    same = have_want && have_shown && memcmp(&want, &shown, sizeof want) == 0;
    if (same && !damaged)
        return;
    damaged = false;
    remove_shown();
    if (!have_want || !(p = payload()))
        return;
    /* save the cursor, go to the place, the picture, back */
    snprintf(move, sizeof move, "\0337\033[%d;%dH", want.y + 1, want.x + 1);
    write_all(move, strlen(move));
    write_all(p->str, p->len);
    write_all("\0338", 2);
    g_string_free(p, TRUE);
    shown = want;
    have_shown = true;
    want_img = NULL;
}

void termgfx_stop(void)
{
    remove_shown();
    have_want = false;
}
