/* bench_draw.c — the redraw after a key on the runs table at DESIGN.md's
 * scale (100,000 runs x 30 metrics x 30 params x 10 tags, sorted by a metric):
 * the cursor moves one row (the Table widget's move) and the whole screen is
 * drawn again (title line, the table through runtable_cell as the runs screen
 * does, the hint line) and sent through ncurses to /dev/null. The baseline,
 * measured in the same run, draws the same number of cells of fixed text, so
 * the ratio is what the data costs over plain curses output. Target: a
 * redraw after a key at most 5 ms at 100,000 runs. Median of REPS keys.
 *
 *     make build/bench/bench_draw && build/bench/bench_draw [runs] [COLSxROWS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "core/runtable.h"
#include "synth_runs.h"
#include "widgets/draw.h"
#include "widgets/table.h"

#define REPS 201

typedef struct Ctx {
    RunTable *t;
    int64_t   now;
} Ctx;

static int width(void *c, size_t col)
{
    (void)c;
    return col == 0 ? 20 : 9;
}

static void header(void *c, size_t col, char *buf, size_t size, Role *role)
{
    Ctx *x = c;

    (void)role;
    column_title(x->t->rs, x->t->cols[col], buf, size);
}

static void cell(void *c, size_t row, size_t col, char *buf, size_t size, Role *role)
{
    Ctx *x = c;

    (void)role;
    runtable_cell(x->t->rs, x->t->rows[row], x->t->cols[col], x->now, buf, size);
}

static void plain_cell(void *c, size_t row, size_t col, char *buf, size_t size, Role *role)
{
    (void)c;
    (void)row;
    (void)col;
    (void)role;
    snprintf(buf, size, "0.876543");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Median ms of REPS (key, full redraw, doupdate) with the cell function given. */
static double redraws(RunTable *t, Table *tbl, void (*cellfn)(void *, size_t, size_t, char *,
                                                            size_t, Role *), int rows, int cols)
{
    Ctx ctx = { t, 1700000000000LL };
    TableSrc s = { .ctx = &ctx, .n_rows = t->n_rows, .n_cols = t->n_cols, .pinned = 1,
                   .width = width, .header = header, .cell = cellfn };
    double ms[REPS];

    for (int i = 0; i < REPS; i++) {
        double t0 = now_ms();
        table_move(tbl, &s, ACT_DOWN);
        erase();
        draw_text(stdscr, 0, 0, " mltui Experiments › synthetic", cols, ROLE_TITLE, false);
        table_draw(tbl, &s, stdscr, 1, 0, rows - 3, cols);
        draw_text(stdscr, rows - 1, 0, "Enter open  s sort  / search", cols, ROLE_HINT, false);
        wnoutrefresh(stdscr);
        doupdate();
        ms[i] = now_ms() - t0;
    }
    qsort(ms, REPS, sizeof ms[0], cmp_double);
    return ms[REPS / 2];
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    int cols = 200, rows = 60;
    RunSet *rs = runset_new();
    RunTable t;
    Table tbl = { 0 };
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    SCREEN *scr;
    Column f1;
    double data, plain;

    if (argc > 2 && sscanf(argv[2], "%dx%d", &cols, &rows) != 2) {
        fprintf(stderr, "usage: bench_draw [runs] [COLSxROWS]\n");
        return 2;
    }
    if (!rs || !out || !in)
        return 1;
    synth_strings();
    for (size_t i = 0; i < n; i++)
        if (synth_run(rs, i) < 0)
            return 1;
    runtable_init(&t, rs);
    runtable_sync_columns(&t);
    if (runtable_parse_column(rs, mkeys[0], &f1))
        runtable_sort_by(&t, f1, true);
    runtable_refresh(&t);
    if (!(scr = newterm("xterm-256color", out, in)))
        return 1;
    resize_term(rows, cols);
    data = redraws(&t, &tbl, cell, rows, cols);
    tbl = (Table){ 0 };
    plain = redraws(&t, &tbl, plain_cell, rows, cols);
    endwin();
    delscreen(scr);
    printf("runs %zu, screen %dx%d, %zu columns\n", n, cols, rows, t.n_cols);
    printf("%-34s %8.3f ms (baseline)\n", "redraw with fixed text", plain);
    printf("%-34s %8.3f ms (%.2fx fixed text; target <= 5 ms)\n", "mltui: key + redraw of the runs",
           data, data / plain);
    runtable_free(&t);
    runset_free(rs);
    fclose(out);
    fclose(in);
    return 0;
}
