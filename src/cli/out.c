/* out.c — see out.h.
 *
 * Why CSV and TSV carry sanitised text rather than raw bytes: people pipe
 * them to `column -t` and to the terminal as often as to a program, and a
 * run name holding an escape sequence must not reach a terminal from any
 * format. JSON is the exact format: its escapes keep every value while
 * keeping the bytes on stdout harmless. */
#include "cli/out.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

bool out_format_parse(const char *s, OutFormat *f)
{
    static const char *const names[] = { "table", "tsv", "csv", "json" };

    for (int i = 0; i < 4; i++)
        if (s && strcmp(s, names[i]) == 0) {
            *f = (OutFormat)i;
            return true;
        }
    return false;
}

/* ---- the grid ---- */

int grid_init(Grid *g, size_t n_cols)
{
    memset(g, 0, sizeof *g);
    g->n_cols = n_cols;
    g->head = calloc(n_cols ? n_cols : 1, sizeof *g->head);
    g->numeric = calloc(n_cols ? n_cols : 1, sizeof *g->numeric);
    g->cap = calloc(n_cols ? n_cols : 1, sizeof *g->cap);
    if (!g->head || !g->numeric || !g->cap) {
        grid_free(g);
        return -1;
    }
    return 0;
}

int grid_set_head(Grid *g, size_t c, const char *title, bool numeric, int cap)
{
    char *t = strdup(title ? title : "");

    if (!t || c >= g->n_cols) {
        free(t);
        return -1;
    }
    free(g->head[c]);
    g->head[c] = t;
    g->numeric[c] = numeric;
    g->cap[c] = cap;
    return 0;
}

long grid_add_row(Grid *g)
{
    if (g->n_rows == g->cap_rows) {
        size_t nc = g->cap_rows ? g->cap_rows * 2 : 64;
        char **cells = realloc(g->cells, nc * g->n_cols * sizeof *cells);
        if (!cells)
            return -1;
        g->cells = cells;
        g->cap_rows = nc;
    }
    for (size_t c = 0; c < g->n_cols; c++)
        g->cells[g->n_rows * g->n_cols + c] = NULL;
    return (long)g->n_rows++;
}

int grid_set(Grid *g, size_t row, size_t col, const char *text)
{
    char *t;

    if (row >= g->n_rows || col >= g->n_cols)
        return -1;
    if (!(t = strdup(text ? text : "")))
        return -1;
    free(g->cells[row * g->n_cols + col]);
    g->cells[row * g->n_cols + col] = t;
    return 0;
}

void grid_free(Grid *g)
{
    if (g->head)
        for (size_t c = 0; c < g->n_cols; c++)
            free(g->head[c]);
    if (g->cells)
        for (size_t i = 0; i < g->n_rows * g->n_cols; i++)
            free(g->cells[i]);
    free(g->head);
    free(g->numeric);
    free(g->cap);
    free(g->cells);
    memset(g, 0, sizeof *g);
}

static const char *cell(const Grid *g, size_t row, size_t col)
{
    const char *s = g->cells[row * g->n_cols + col];
    return s ? s : "";
}

/* ---- table ---- */

static int col_cap(const Grid *g, size_t c)
{
    return g->cap[c] > 0 ? g->cap[c] : 40;
}

/* Padding is held back until something follows it, so no line ends in blanks. */
static void put_cell(FILE *out, const char *fit, int w, int width, bool right, int *pending)
{
    if (right)
        *pending += width - w;
    if (*fit) {
        for (; *pending > 0; --*pending)
            fputc(' ', out);
        fputs(fit, out);
    }
    if (!right)
        *pending += width - w;
}

static int write_table(const Grid *g, bool no_header, FILE *out)
{
    int *width = calloc(g->n_cols ? g->n_cols : 1, sizeof *width);
    char fit[1024];

    if (!width)
        return -1;
    for (size_t c = 0; c < g->n_cols; c++) {
        if (!no_header)
            width[c] = text_fit(g->head[c], col_cap(g, c), fit, sizeof fit);
        for (size_t r = 0; r < g->n_rows; r++) {
            int w = text_fit(cell(g, r, c), col_cap(g, c), fit, sizeof fit);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (long r = no_header ? 0 : -1; r < (long)g->n_rows; r++) {
        int pending = 0;
        for (size_t c = 0; c < g->n_cols; c++) {
            const char *s = r < 0 ? g->head[c] : cell(g, (size_t)r, c);
            int w = text_fit(s, col_cap(g, c), fit, sizeof fit);
            if (c > 0)
                pending += 2;
            put_cell(out, fit, w, width[c], g->numeric[c], &pending);
        }
        fputc('\n', out);
    }
    free(width);
    return ferror(out) ? -1 : 0;
}

/* ---- tsv, csv ---- */

/* s sanitised into a malloc'd string (NULL on ENOMEM). */
static char *sanitised(const char *s)
{
    size_t len = strlen(s), size = len * 4 + 16;
    char *buf = malloc(size);

    if (buf)
        text_sanitize(s, len, buf, size);
    return buf;
}

static int write_field(const char *s, OutFormat f, FILE *out)
{
    char *t = sanitised(s);

    if (!t)
        return -1;
    if (f == OUT_CSV && (strpbrk(t, ",\"") || *t == ' ' ||
                         (*t && t[strlen(t) - 1] == ' '))) {
        fputc('"', out);
        for (const char *p = t; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
    } else {
        /* TSV: sanitising already turned tabs into spaces and newlines into
         * "↵", so no field can hold a separator. */
        fputs(t, out);
    }
    free(t);
    return 0;
}

static int write_sep(const Grid *g, OutFormat f, bool no_header, FILE *out)
{
    const char *sep = f == OUT_CSV ? "," : "\t";
    const char *eol = f == OUT_CSV ? "\r\n" : "\n";   /* RFC 4180 for CSV */

    for (long r = no_header ? 0 : -1; r < (long)g->n_rows; r++) {
        for (size_t c = 0; c < g->n_cols; c++) {
            if (c > 0)
                fputs(sep, out);
            if (write_field(r < 0 ? g->head[c] : cell(g, (size_t)r, c), f, out) != 0)
                return -1;
        }
        fputs(eol, out);
    }
    return ferror(out) ? -1 : 0;
}

int grid_write(const Grid *g, OutFormat f, bool no_header, FILE *out)
{
    if (f == OUT_TABLE)
        return write_table(g, no_header, out);
    if (f == OUT_TSV || f == OUT_CSV)
        return write_sep(g, f, no_header, out);
    return -1;
}

/* ---- json ---- */

/* Length of the valid UTF-8 sequence at p (1..4) with its code point in *cp,
 * or 0 when the bytes there are not valid UTF-8. */
static size_t utf8_decode(const unsigned char *p, uint32_t *cp)
{
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if (p[0] >= 0xc2 && p[0] <= 0xdf && (p[1] & 0xc0) == 0x80) {
        *cp = ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
        return 2;
    }
    if (p[0] >= 0xe0 && p[0] <= 0xef && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
        *cp = ((uint32_t)(p[0] & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
        if (*cp < 0x800 || (*cp >= 0xd800 && *cp <= 0xdfff))
            return 0;
        return 3;
    }
    if (p[0] >= 0xf0 && p[0] <= 0xf4 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
        (p[3] & 0xc0) == 0x80) {
        *cp = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3f) << 12) |
              ((uint32_t)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
        if (*cp < 0x10000 || *cp > 0x10ffff)
            return 0;
        return 4;
    }
    return 0;
}

static bool must_escape(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int out_json_text(const char *text, FILE *out)
{
    const unsigned char *p = (const unsigned char *)text;
    bool in_string = false, escaped = false;

    while (*p) {
        uint32_t cp;
        size_t n = utf8_decode(p, &cp);
        if (n == 0) {
            fputs("\\ufffd", out);    /* only ever inside a string */
            p++;
            continue;
        }
        if (n == 1 && in_string && !escaped && cp == '"')
            in_string = false;
        else if (n == 1 && !in_string && cp == '"')
            in_string = true;
        if (in_string && must_escape(cp)) {
            fprintf(out, "\\u%04x", (unsigned)cp);
            escaped = false;
            p += n;
            continue;
        }
        escaped = in_string && !escaped && cp == '\\';
        fwrite(p, 1, n, out);
        p += n;
    }
    return ferror(out) ? -1 : 0;
}

int out_json(const cJSON *j, FILE *out)
{
    char *text = cJSON_Print(j);
    int rc;

    if (!text)
        return -1;
    rc = out_json_text(text, out);
    fputc('\n', out);
    free(text);
    return rc == 0 && !ferror(out) ? 0 : -1;
}
