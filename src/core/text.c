/* text.c — see text.h.
 *
 * UTF-8 is decoded here by hand, strictly (no overlongs, no surrogates, nothing
 * above U+10FFFF), because the C library's decoder depends on the locale and
 * a terminal must never receive a byte sequence we did not vouch for. Each
 * invalid maximal subpart becomes one U+FFFD, as Unicode recommends. Widths
 * come from wcwidth, which in glibc's UTF-8 locales takes a code point. */
#include "core/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#define REPLACEMENT "\xEF\xBF\xBD"  /* U+FFFD */
#define RETURN_SYM  "\xE2\x86\xB5"  /* U+21B5 "↵", for a newline */
#define ELLIPSIS    "\xE2\x80\xA6"  /* U+2026 "…" */

/* Decodes the character at s[0..len), len >= 1. Returns the bytes it takes and
 * sets *cp, or -1 for an invalid byte sequence. */
static size_t utf8_next(const unsigned char *s, size_t len, long *cp)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t        need, i;
    long          v;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;      /* no overlongs */
        else if (c == 0xED)
            hi = 0x9F;      /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;      /* nothing above U+10FFFF */
    } else {
        *cp = -1;
        return 1;
    }
    for (i = 1; i <= need; i++) {
        if (i >= len || s[i] < lo || s[i] > hi) {
            *cp = -1;       /* the valid prefix is one maximal subpart */
            return i;
        }
        v = (v << 6) | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return need + 1;
}

static int cp_width(long cp)
{
    int w;

    if (MB_CUR_MAX == 1)    /* C locale: one column a code point */
        return 1;
    w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;   /* unassigned: terminals draw one cell */
}

static bool is_bidi_control(long cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The safe form of the character at s[0..len) into rep (NUL-terminated) and
 * its display width into *width; returns the source bytes it takes. */
static size_t next_rep(const char *s, size_t len, char rep[16], int *width)
{
    long   cp;
    size_t n = utf8_next((const unsigned char *)s, len, &cp);

    if (cp < 0) {
        memcpy(rep, REPLACEMENT, sizeof REPLACEMENT);
        *width = 1;
    } else if (cp == '\n') {
        memcpy(rep, RETURN_SYM, sizeof RETURN_SYM);
        *width = 1;
    } else if (cp == '\t') {
        memcpy(rep, " ", 2);
        *width = 1;
    } else if (cp < 0x20 || cp == 0x7F) {
        rep[0] = '^';
        rep[1] = (char)(cp ^ 0x40);  /* ESC -> '[', NUL -> '@', DEL -> '?' */
        rep[2] = '\0';
        *width = 2;
    } else if (cp < 0x80) {
        rep[0] = (char)cp;
        rep[1] = '\0';
        *width = 1;
    } else if (cp <= 0x9F) {
        *width = snprintf(rep, 16, "<%02lx>", cp);
    } else if (is_bidi_control(cp) || cp == 0x2028 || cp == 0x2029) {
        *width = snprintf(rep, 16, "<U+%04lX>", cp);
    } else {
        memcpy(rep, s, n);
        rep[n] = '\0';
        *width = cp_width(cp);
    }
    return n;
}

size_t text_sanitize(const char *s, size_t len, char *out, size_t size)
{
    size_t i = 0, o = 0;

    if (!size)
        return 0;
    while (i < len) {
        char   rep[16];
        int    w;
        size_t n = next_rep(s + i, len - i, rep, &w), rl = strlen(rep);

        if (o + rl + 1 > size)
            break;
        memcpy(out + o, rep, rl);
        o += rl;
        i += n;
    }
    out[o] = '\0';
    return o;
}

int text_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0;
    int    w = 0;

    while (i < len) {
        long cp;

        i += utf8_next(p + i, len - i, &cp);
        w += cp < 0 ? 1 : cp < 0x20 || cp == 0x7F ? 2 : cp_width(cp);
    }
    return w;
}

int text_fit(const char *s, int cols, char *out, size_t size)
{
    size_t len = strlen(s), i = 0, o = 0, cut_o = 0;
    int    w = 0, cut_w = 0;

    if (!size)
        return 0;
    out[0] = '\0';
    if (cols <= 0)
        return 0;
    while (i < len) {
        char   rep[16];
        int    cw;
        size_t n = next_rep(s + i, len - i, rep, &cw), rl = strlen(rep);

        if (w + cw > cols || o + rl + 1 > size)
            goto cut;
        memcpy(out + o, rep, rl);
        o += rl;
        w += cw;
        i += n;
        /* The last place where an ellipsis would still fit after the text. */
        if (w <= cols - 1 && o + sizeof ELLIPSIS <= size) {
            cut_o = o;
            cut_w = w;
        }
    }
    out[o] = '\0';
    return w;
cut:
    if (cut_o + sizeof ELLIPSIS <= size) {
        memcpy(out + cut_o, ELLIPSIS, sizeof ELLIPSIS);
        return cut_w + 1;
    }
    out[0] = '\0';
    return 0;
}

bool text_icontains(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    unsigned char first;

    if (!nl)
        return true;
    first = (unsigned char)needle[0];
    if (first >= 'A' && first <= 'Z')
        first += 'a' - 'A';
    for (const char *h = hay; *h; h++) {
        unsigned char c = (unsigned char)*h;

        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (c == first && strncasecmp(h, needle, nl) == 0)
            return true;
    }
    return false;
}

int text_wrap(const char *s, int cols, void (*emit)(const char *, size_t, void *), void *ctx)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), start = 0;
    int    lines = 0;

    if (cols < 1)
        cols = 1;
    while (start < len) {
        size_t i = start, space = SIZE_MAX;
        int    w = 0;

        while (i < len && s[i] != '\n') {
            long   cp;
            size_t n = utf8_next(p + i, len - i, &cp);
            int    cw = cp < 0 ? 1 : cp_width(cp);

            if (w + cw > cols && i > start)
                break;
            if (s[i] == ' ')
                space = i;
            w += cw;
            i += n;
        }
        if (i >= len || s[i] == '\n') {   /* the rest fits, or a hard break */
            emit(s + start, i - start, ctx);
            lines++;
            start = i + 1;
            continue;
        }
        if (s[i] != ' ' && space != SIZE_MAX && space > start)
            i = space;                    /* break at the last space */
        emit(s + start, i - start, ctx);
        lines++;
        start = i;
        while (start < len && s[start] == ' ')
            start++;
    }
    return lines;
}
