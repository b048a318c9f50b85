/* out.h — the command line's output: a grid of text cells written as an
 * aligned table, TSV or CSV, and cJSON trees written as terminal-safe JSON.
 * Every server string is sanitised on its way out (core/text.h): in table,
 * TSV and CSV form a cell shows exactly what the TUI shows (controls as "^[",
 * newlines as "↵"); JSON keeps values exact but \u-escapes every control,
 * C1, bidi and line-separator character, and invalid UTF-8 becomes U+FFFD. */
#ifndef MLTUI_CLI_OUT_H
#define MLTUI_CLI_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

typedef enum { OUT_TABLE, OUT_TSV, OUT_CSV, OUT_JSON } OutFormat;

/* "table", "tsv", "csv", "json" -> *f; false for anything else. */
bool out_format_parse(const char *s, OutFormat *f);

typedef struct Grid {
    size_t  n_cols, n_rows;
    char  **head;      /* n_cols titles (owned) */
    bool   *numeric;   /* right-aligned in a table */
    int    *cap;       /* widest a table column may be (display columns), 0 = 40 */
    char  **cells;     /* n_rows * n_cols, owned, never NULL after grid_set */
    size_t  cap_rows;
} Grid;

/* A grid with these column titles. Returns 0 or -1 (memory). */
int  grid_init(Grid *g, size_t n_cols);
int  grid_set_head(Grid *g, size_t c, const char *title, bool numeric, int cap);
/* Appends an empty row (every cell ""); returns its index or -1. */
long grid_add_row(Grid *g);
/* Copies text (NULL = "") into a cell. Returns 0 or -1. */
int  grid_set(Grid *g, size_t row, size_t col, const char *text);
void grid_free(Grid *g);

/* Writes the grid in f (OUT_TABLE, OUT_TSV or OUT_CSV; headers first unless
 * no_header). Returns 0, or -1 when writing failed (errno set). */
int  grid_write(const Grid *g, OutFormat f, bool no_header, FILE *out);

/* Writes j (pretty-printed, then a newline) with the escaping described above.
 * Returns 0 or -1. */
int  out_json(const cJSON *j, FILE *out);
/* The escaping alone: text (a cJSON print) to out. */
int  out_json_text(const char *text, FILE *out);

#endif
