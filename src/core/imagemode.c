/* imagemode.c — see imagemode.h. */
#include "core/imagemode.h"

#include <string.h>

const char *const image_mode_names[IMAGES__COUNT + 1] = {
    [IMAGES_AUTO] = "auto",       [IMAGES_KITTY] = "kitty", [IMAGES_SIXEL] = "sixel",
    [IMAGES_SYMBOLS] = "symbols", [IMAGES_OFF] = "off",     [IMAGES__COUNT] = NULL,
};

int image_mode_parse(const char *s, ImageMode *out)
{
    if (!s)
        return -1;
    for (int i = 0; i < IMAGES__COUNT; i++)
        if (strcmp(s, image_mode_names[i]) == 0) {
            *out = (ImageMode)i;
            return 0;
        }
    return -1;
}

const char *image_mode_name(ImageMode m)
{
    return (unsigned)m < IMAGES__COUNT ? image_mode_names[m] : "?";
}

/* kitty asks with an a=q query for image id 31 (the id is ours: any reply
 * naming another id is not an answer to us) and a 1x1 RGB pixel; the cell
 * size report; then DA1, which every terminal answers. */
const char image_probe_query[] =
    "\033_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\033\\"
    "\033[16t"
    "\033[c";

/* The kitty reply at p (just after ESC _ G), up to its ST (ESC \): "i=31;OK".
 * Returns the length consumed, -1 when the terminator is not there yet. */
static long kitty_reply(const char *p, size_t n, bool *ok)
{
    size_t end;

    for (end = 0; end + 1 < n; end++)
        if (p[end] == '\033' && p[end + 1] == '\\')
            break;
    if (end + 1 >= n)
        return -1;
    /* keys up to ';', then the message */
    const char *semi = memchr(p, ';', end);
    if (semi) {
        size_t klen = (size_t)(semi - p), mlen = end - klen - 1;
        bool id31 = false;
        /* "i=31" as one of the comma-separated keys */
        for (size_t k = 0; k < klen;) {
            size_t e = k;
            while (e < klen && p[e] != ',')
                e++;
            if (e - k == 4 && memcmp(p + k, "i=31", 4) == 0)
                id31 = true;
            k = e + 1;
        }
        if (id31 && mlen >= 2 && memcmp(semi + 1, "OK", 2) == 0)
            *ok = true;
    }
    return (long)end + 2;
}

/* A CSI sequence at p (just after ESC [): private marker, numeric
 * parameters, final byte. Returns the length consumed (up to a byte that
 * cannot be in one, which is left), -1 if incomplete. */
static long csi(const char *p, size_t n, ImageProbe *out, bool *done)
{
    size_t i = 0;
    char marker = 0;
    int params[16], np = 0;
    long cur = -1;

    if (i < n && (p[i] == '?' || p[i] == '>' || p[i] == '='))
        marker = p[i++];
    for (; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= '0' && c <= '9') {
            cur = (cur < 0 ? 0 : cur) * 10 + (c - '0');
            if (cur > 100000)
                cur = 100000;
        } else if (c == ';') {
            if (np < 16)
                params[np++] = cur < 0 ? 0 : (int)cur;
            cur = -1;
        } else if (c >= 0x40 && c <= 0x7e) {
            if (np < 16 && (cur >= 0 || np > 0))
                params[np++] = cur < 0 ? 0 : (int)cur;
            if (c == 'c' && marker == '?') {
                out->da1 = true;
                *done = true;
                for (int k = 1; k < np; k++)
                    if (params[k] == 4)
                        out->sixel = true;
            } else if (c == 't' && !marker && np == 3 && params[0] == 6) {
                if (params[1] > 0 && params[1] <= 1000 && params[2] > 0 && params[2] <= 1000) {
                    out->cell_h = params[1];
                    out->cell_w = params[2];
                }
            }
            return (long)i + 1;
        } else if (c < 0x20 || c > 0x7e) {
            return (long)i;   /* not a sequence we know: resume scanning here */
        }
    }
    return -1;
}

/* The replies in buf into *out; every other byte (keys typed meanwhile)
 * appended to keys when not NULL. */
static bool scan(const char *buf, size_t len, ImageProbe *out, char *keys, size_t *n_keys)
{
    bool done = false;
    size_t i = 0;

    memset(out, 0, sizeof *out);
    if (n_keys)
        *n_keys = 0;
    while (buf && i < len && !done) {
        if (buf[i] != '\033' || i + 1 >= len) {
            if (keys)
                keys[(*n_keys)++] = buf[i];
            i++;
            continue;
        }
        long used;
        size_t pre;
        bool reply;
        if (buf[i + 1] == '_' && i + 2 < len && buf[i + 2] == 'G') {
            used = kitty_reply(buf + i + 3, len - i - 3, &out->kitty);
            pre = 3;
            reply = true;
        } else if (buf[i + 1] == '[') {
            ImageProbe before = *out;
            used = csi(buf + i + 2, len - i - 2, out, &done);
            pre = 2;
            /* a reply changed *out; anything else (an arrow key) is a key */
            reply = done || memcmp(&before, out, sizeof before) != 0;
        } else {
            if (keys)
                keys[(*n_keys)++] = buf[i];
            i++;
            continue;
        }
        if (used < 0)
            break;          /* incomplete: wait for more (a partial reply, not kept) */
        if (!reply && keys)
            for (size_t k = 0; k < pre + (size_t)used; k++)
                keys[(*n_keys)++] = buf[i + k];
        i += pre + (size_t)used;
    }
    /* what came after the DA1 reply was typed */
    if (done && keys)
        for (; i < len; i++)
            keys[(*n_keys)++] = buf[i];
    return done;
}

bool image_probe_parse(const char *buf, size_t len, ImageProbe *out)
{
    return scan(buf, len, out, NULL, NULL);
}

size_t image_probe_keys(const char *buf, size_t len, char *keys)
{
    ImageProbe p;
    size_t n = 0;

    scan(buf, len, &p, keys, &n);
    return n;
}

ImageMode image_mode_resolve(ImageMode m, const ImageProbe *probe)
{
    if (m != IMAGES_AUTO)
        return m;
    if (probe && probe->kitty)
        return IMAGES_KITTY;
    if (probe && probe->sixel)
        return IMAGES_SIXEL;
    return IMAGES_SYMBOLS;
}
