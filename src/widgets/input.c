/* input.c — see input.h. */
#include "widgets/input.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "widgets/draw.h"

/* Room for len bytes and the NUL. */
static int reserve(Input *in, size_t len)
{
    size_t cap = in->cap ? in->cap : 256;
    char *b;

    if (len > INPUT_LIMIT)
        return -1;
    if (len < in->cap)
        return 0;
    while (cap <= len)
        cap *= 2;
    if (!(b = realloc(in->buf, cap)))
        return -1;
    if (!in->buf)
        b[0] = '\0';
    in->buf = b;
    in->cap = cap;
    return 0;
}

int input_set(Input *in, const char *text)
{
    size_t n = strlen(text);

    if (reserve(in, n) != 0)
        return -1;
    memcpy(in->buf, text, n + 1);
    in->len = in->cur = n;
    return 0;
}

const char *input_text(const Input *in)
{
    return in->buf ? in->buf : "";
}

void input_free(Input *in)
{
    free(in->buf);
    memset(in, 0, sizeof *in);
}

void input_insert(Input *in, const char *text)
{
    size_t n = strlen(text);

    if (reserve(in, in->len + n) != 0)
        return;
    memmove(in->buf + in->cur + n, in->buf + in->cur, in->len - in->cur + 1);
    memcpy(in->buf + in->cur, text, n);
    in->len += n;
    in->cur += n;
}

static size_t prev_char(const Input *in, size_t i)
{
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && ((unsigned char)in->buf[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static size_t next_char(const Input *in, size_t i)
{
    if (i >= in->len)
        return in->len;
    i++;
    while (i < in->len && ((unsigned char)in->buf[i] & 0xC0) == 0x80)
        i++;
    return i;
}

static void delete_range(Input *in, size_t from, size_t to)
{
    if (!in->buf)
        return;
    memmove(in->buf + from, in->buf + to, in->len - to + 1);
    in->len -= to - from;
    in->cur = from;
}

InputResult input_key(Input *in, wint_t ch, bool is_key)
{
    if (is_key) {
        switch (ch) {
        case KEY_ENTER:     return INPUT_SUBMIT;
        case KEY_LEFT:      in->cur = prev_char(in, in->cur); break;
        case KEY_RIGHT:     in->cur = next_char(in, in->cur); break;
        case KEY_HOME:      in->cur = 0; break;
        case KEY_END:       in->cur = in->len; break;
        case KEY_BACKSPACE:
            if (in->cur > 0)
                delete_range(in, prev_char(in, in->cur), in->cur);
            break;
        case KEY_DC:
            if (in->cur < in->len)
                delete_range(in, in->cur, next_char(in, in->cur));
            break;
        default: break;
        }
        return INPUT_EDITING;
    }
    switch (ch) {
    case '\n': case '\r': return INPUT_SUBMIT;
    case 27:              return INPUT_CANCEL;
    case '\t':            return INPUT_COMPLETE;
    case 1:  in->cur = 0; return INPUT_EDITING;          /* ^A */
    case 5:  in->cur = in->len; return INPUT_EDITING;    /* ^E */
    case 2:  in->cur = prev_char(in, in->cur); return INPUT_EDITING; /* ^B */
    case 6:  in->cur = next_char(in, in->cur); return INPUT_EDITING; /* ^F */
    case 21: delete_range(in, 0, in->cur); return INPUT_EDITING;     /* ^U */
    case 11: delete_range(in, in->cur, in->len); return INPUT_EDITING; /* ^K */
    case 23: {                                            /* ^W */
        size_t i = in->cur;
        while (i > 0 && in->buf[i - 1] == ' ')
            i--;
        while (i > 0 && in->buf[i - 1] != ' ')
            i--;
        delete_range(in, i, in->cur);
        return INPUT_EDITING;
    }
    case 8: case 127:
        if (in->cur > 0)
            delete_range(in, prev_char(in, in->cur), in->cur);
        return INPUT_EDITING;
    default:
        break;
    }
    if (ch < 32)
        return INPUT_EDITING;
    {
        char mb[8];
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t n = wcrtomb(mb, (wchar_t)ch, &st);
        if (n != (size_t)-1 && n < sizeof mb) {
            mb[n] = '\0';
            input_insert(in, mb);
        }
    }
    return INPUT_EDITING;
}

/* Display width of text[from..to) as drawn (sanitised). */
static int span_width(const char *text, size_t from, size_t to, char *safe, size_t safesize)
{
    text_sanitize(text + from, to - from, safe, safesize);
    return text_width(safe);
}

void input_draw(const Input *in, WINDOW *w, int y, int x, int cols, const char *label)
{
    const char *text = input_text(in);
    int lw = draw_text(w, y, x, label, cols, ROLE_PROMPT, false);
    int avail = cols - lw - 1;
    size_t skip = 0, safesize;
    char *safe;
    int cw;

    /* Only the last screenful before the cursor can show: measure from there
     * (a character is at most 4 bytes and draws at least as one column, or as
     * an escape of up to 10 when sanitised). */
    if (avail > 0 && in->cur > (size_t)avail * 4)
        skip = in->cur - (size_t)avail * 4;
    while (skip > 0 && ((unsigned char)text[skip] & 0xC0) == 0x80)
        skip--;
    safesize = (in->cur - skip) * 10 + 16;
    if (!(safe = malloc(safesize)))
        return;
    cw = span_width(text, skip, in->cur, safe, safesize);
    /* Scroll so the cursor stays visible. */
    while (cw > avail && avail > 0 && skip < in->cur) {
        size_t nx = skip + 1;
        while (nx < in->cur && ((unsigned char)text[nx] & 0xC0) == 0x80)
            nx++;
        skip = nx;
        cw = span_width(text, skip, in->cur, safe, safesize);
    }
    free(safe);
    draw_text(w, y, x + lw, text + skip, avail + 1, ROLE_NORMAL, true);
    wmove(w, y, x + lw + (cw < avail ? cw : avail));
}
