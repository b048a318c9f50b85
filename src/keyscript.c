/* keyscript.c — see keyscript.h. */
#include "keyscript.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct NamedKey {
    const char *name;
    int         code;
    bool        fn;
} NamedKey;

static const NamedKey named[] = {
    { "Enter", '\n', false }, { "Esc", 27, false }, { "Escape", 27, false },
    { "Tab", '\t', false }, { "BTab", KEY_BTAB, true }, { "BackTab", KEY_BTAB, true },
    { "Space", ' ', false }, { "BSpace", KEY_BACKSPACE, true },
    { "Backspace", KEY_BACKSPACE, true },
    { "Up", KEY_UP, true }, { "Down", KEY_DOWN, true }, { "Left", KEY_LEFT, true },
    { "Right", KEY_RIGHT, true }, { "Home", KEY_HOME, true }, { "End", KEY_END, true },
    { "PgUp", KEY_PPAGE, true }, { "PPage", KEY_PPAGE, true }, { "PageUp", KEY_PPAGE, true },
    { "PgDn", KEY_NPAGE, true }, { "NPage", KEY_NPAGE, true },
    { "PageDown", KEY_NPAGE, true }, { "DC", KEY_DC, true }, { "Delete", KEY_DC, true },
    { "IC", KEY_IC, true }, { "Insert", KEY_IC, true },
    { NULL, 0, false },
};

static int push(KeyScript *ks, int code, bool fn)
{
    if (ks->n == ks->cap) {
        size_t cap = ks->cap ? ks->cap * 2 : 32;
        ScriptKey *k = realloc(ks->keys, cap * sizeof *k);
        if (!k)
            return -1;
        ks->keys = k;
        ks->cap = cap;
    }
    ks->keys[ks->n].code = code;
    ks->keys[ks->n].fn = fn;
    ks->n++;
    return 0;
}

/* Pushes the key(s) named name[0..len). Returns 1 if it is a key name, 0 if
 * not, -1 when out of memory. */
static int push_named(KeyScript *ks, const char *name, size_t len)
{
    char buf[32];

    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, name, len);
    buf[len] = '\0';
    for (const NamedKey *k = named; k->name; k++)
        if (strcmp(k->name, buf) == 0)
            return push(ks, k->code, k->fn) == 0 ? 1 : -1;
    if (buf[0] == 'F' && len >= 2 && len <= 3) {
        char *end;
        long f = strtol(buf + 1, &end, 10);
        if (*end == '\0' && f >= 1 && f <= 12)
            return push(ks, KEY_F(f), true) == 0 ? 1 : -1;
    }
    if (buf[0] == 'C' && buf[1] == '-') {
        const char *k = buf + 2;
        int code = -1;
        if (strcmp(k, "Space") == 0 || strcmp(k, "@") == 0)
            code = 0;
        else if (k[0] && !k[1] && k[0] >= 'a' && k[0] <= 'z')
            code = k[0] - 'a' + 1;
        else if (k[0] && !k[1] && k[0] >= 'A' && k[0] <= 'Z')
            code = k[0] - 'A' + 1;
        else if (k[0] && !k[1] && strchr("[\\]^_", k[0]))
            code = k[0] - '@';
        if (code < 0)
            return 0;
        return push(ks, code, false) == 0 ? 1 : -1;
    }
    if (buf[0] == 'M' && buf[1] == '-' && buf[2]) {
        /* Meta as terminals send it: Esc, then the key. */
        size_t n0 = ks->n;
        int r;
        if (push(ks, 27, false) != 0)
            return -1;
        r = push_named(ks, buf + 2, len - 2);
        if (r == 0 && !buf[3])
            r = push(ks, (unsigned char)buf[2], false) == 0 ? 1 : -1;
        if (r != 1)
            ks->n = n0;
        return r;
    }
    return 0;
}

/* Decodes one UTF-8 character; invalid bytes give U+FFFD. */
static int utf8_next(const char **s, const char *end)
{
    const unsigned char *p = (const unsigned char *)*s;
    int cp, n;

    if (*p < 0x80) {
        *s += 1;
        return *p;
    }
    if ((*p & 0xe0) == 0xc0)      { cp = *p & 0x1f; n = 1; }
    else if ((*p & 0xf0) == 0xe0) { cp = *p & 0x0f; n = 2; }
    else if ((*p & 0xf8) == 0xf0) { cp = *p & 0x07; n = 3; }
    else { *s += 1; return 0xfffd; }
    for (int i = 1; i <= n; i++) {
        if ((const char *)p + i >= end || (p[i] & 0xc0) != 0x80) {
            *s += i;
            return 0xfffd;
        }
        cp = cp << 6 | (p[i] & 0x3f);
    }
    *s += n + 1;
    return cp;
}

/* Types s[0..len) literally, except <Name> keys and <lt>. */
static int push_text(KeyScript *ks, const char *s, size_t len, char *err, size_t errsize)
{
    const char *p = s, *end = s + len;

    while (p < end) {
        if (*p == '<') {
            const char *close = memchr(p + 1, '>', (size_t)(end - p - 1));
            if (close && close > p + 1) {
                size_t n = (size_t)(close - p - 1);
                int r = n == 2 && memcmp(p + 1, "lt", 2) == 0 ? push(ks, '<', false) == 0
                                                              : push_named(ks, p + 1, n);
                if (r < 0)
                    goto nomem;
                if (r == 0) {
                    snprintf(err, errsize, "unknown key <%.*s> (write <lt> for a literal <)",
                             (int)(n > 40 ? 40 : n), p + 1);
                    return -1;
                }
                p = close + 1;
                continue;
            }
        }
        if (push(ks, utf8_next(&p, end), false) != 0)
            goto nomem;
    }
    return 0;
nomem:
    snprintf(err, errsize, "out of memory");
    return -1;
}

int keyscript_parse(KeyScript *ks, const char *text, char *err, size_t errsize)
{
    const char *p = text ? text : "";
    char *buf = NULL;
    int rc = -1;

    ks->n = 0;
    buf = malloc(strlen(p) + 1);
    if (!buf) {
        snprintf(err, errsize, "out of memory");
        goto out;
    }
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            break;
        if (*p == '"' || *p == '\'') {
            char q = *p++;
            size_t n = 0;
            while (*p && *p != q) {
                if (q == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
                    p++;
                buf[n++] = *p++;
            }
            if (*p != q) {
                snprintf(err, errsize, "unterminated %c quote", q);
                goto out;
            }
            p++;
            if (push_text(ks, buf, n, err, errsize) != 0)
                goto out;
        } else {
            const char *w = p;
            int r;
            while (*p && *p != ' ' && *p != '\t' && *p != '\n')
                p++;
            r = push_named(ks, w, (size_t)(p - w));
            if (r < 0) {
                snprintf(err, errsize, "out of memory");
                goto out;
            }
            if (r == 0 && push_text(ks, w, (size_t)(p - w), err, errsize) != 0)
                goto out;
        }
    }
    rc = 0;
out:
    free(buf);
    if (rc != 0)
        keyscript_free(ks);
    return rc;
}

void keyscript_free(KeyScript *ks)
{
    free(ks->keys);
    ks->keys = NULL;
    ks->n = ks->cap = 0;
}
