/* runs_marks.c — the runs screen's marks (kept by run id, so they survive
 * sorts, searches and new queries) and the screens it opens over the marked
 * (or shown) runs: compare, parallel coordinates, scatter, metric history and
 * the experiment's logged models. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/logged_models.h"
#include "core/format.h"
#include "views/runs_int.h"

bool runs_marked(const RunsView *rv, size_t r)
{
    return rv->marks.n && idset_has(&rv->marks, runset_str(rv->rs, rv->rs->runs[r].run_id));
}

void runs_mark_row(RunsView *rv, size_t row, bool on)
{
    const char *id = runset_str(rv->rs, rv->rs->runs[rv->t.rows[row]].run_id);
    if (on)
        idset_add(&rv->marks, id);
    else
        idset_remove(&rv->marks, id);
}

/* Marks exactly the first n shown rows (n = SIZE_MAX: all shown rows). */
void runs_mark_top(RunsView *rv, App *app, size_t n)
{
    char c[32];

    idset_clear(&rv->marks);
    for (size_t i = 0; i < rv->t.n_rows && i < n; i++)
        runs_mark_row(rv, i, true);
    fmt_count(idset_count(&rv->marks), c, sizeof c);
    app_message(app, "%s run%s marked", c, idset_count(&rv->marks) == 1 ? "" : "s");
}

int runs_mark_command(RunsView *rv, App *app, int argc, char **argv)
{
    char *end;
    long n;

    if (argc < 2) {
        if (rv->t.n_rows)
            runs_mark_row(rv, rv->tbl.cursor, !runs_marked(rv, rv->t.rows[rv->tbl.cursor]));
        return R_REDRAW;
    }
    if (strcmp(argv[1], "all") == 0) {
        runs_mark_top(rv, app, SIZE_MAX);
        return R_REDRAW;
    }
    if (strcmp(argv[1], "none") == 0) {
        idset_clear(&rv->marks);
        app_message(app, "Marks cleared");
        return R_REDRAW;
    }
    if (strcmp(argv[1], "top") == 0 && argc >= 3 &&
        (n = strtol(argv[2], &end, 10)) >= 0 && *end == '\0') {
        runs_mark_top(rv, app, (size_t)n);
        return R_REDRAW;
    }
    app_error(app, "Usage: :mark all|none|top N  (top N of the current sort order)");
    return R_REDRAW;
}

/* The runs a compare or plot works on: the marked runs in table order (marked
 * runs hidden by the quick search follow, in load order), or every shown run
 * when none is marked. Sets *rs to the view's run set and *rows to a malloc'd
 * array of indices into (*rs)->runs that the caller frees. Returns the count;
 * 0 (with *rows NULL) when there is nothing or when out of memory. */
static size_t runs_selection(RunsView *rv, const RunSet **rs, uint32_t **rows)
{
    size_t n = 0;
    uint32_t *out;

    *rs = NULL;
    *rows = NULL;
    *rs = rv->rs;
    out = malloc((rv->rs->n_runs ? rv->rs->n_runs : 1) * sizeof *out);
    if (!out)
        return 0;
    if (rv->marks.n == 0) {
        memcpy(out, rv->t.rows, rv->t.n_rows * sizeof *out);
        n = rv->t.n_rows;
    } else {
        /* Marked rows in table order, then marked runs the search hides. */
        unsigned char *seen = calloc(rv->rs->n_runs ? rv->rs->n_runs : 1, 1);
        if (!seen) {
            free(out);
            return 0;
        }
        for (size_t i = 0; i < rv->t.n_rows; i++) {
            seen[rv->t.rows[i]] = 1;
            if (runs_marked(rv, rv->t.rows[i]))
                out[n++] = rv->t.rows[i];
        }
        for (size_t r = 0; r < rv->rs->n_runs; r++)
            if (!seen[r] && runs_marked(rv, r))
                out[n++] = (uint32_t)r;
        free(seen);
    }
    if (n == 0) {
        free(out);
        out = NULL;
    }
    *rows = out;
    return n;
}

/* `c` / `:compare`: the marked runs, or the shown ones when none is marked. */
int runs_compare(RunsView *rv, App *app)
{
    const RunSet *rs;
    uint32_t *rows;
    size_t n = runs_selection(rv, &rs, &rows);

    if (n == 0) {
        app_message(app, rv->marks.n ? "The marked runs are not loaded (u clears the marks)"
                                      : "No runs to compare");
        return R_REDRAW;
    }
    view_open(app, VIEW_COMPARE, &(ViewArgs){ .rs = rs, .rows = rows, .n_rows = n });
    free(rows);
    return R_REDRAW;
}

/* Parallel coordinates, scatter or metric history (views/parallel.c etc.) of
 * the selection; history: the marked runs, else the cursor's run, and the
 * metric under the cursor. argv: the `:` command's column arguments. */
int runs_open_plot(RunsView *rv, App *app, Action kind, int argc, char **argv)
{
    const RunSet *rs;
    uint32_t *rows, one;
    size_t n = runs_selection(rv, &rs, &rows);
    Column focus = { COL_ATTR, 0 };
    bool have = false;

    if (n == 0) {
        app_message(app, "No runs to plot");
        return R_REDRAW;
    }
    if (kind == ACT_HISTORY && rv->t.n_cols && rv->tbl.col < rv->t.n_cols &&
        rv->t.cols[rv->tbl.col].kind == COL_METRIC) {
        focus = rv->t.cols[rv->tbl.col];
        have = true;
    } else if (rv->t.n_sort > 0 && rv->t.sort[0].col.kind == COL_METRIC) {
        focus = rv->t.sort[0].col;
        have = true;
    }
    ViewArgs args = { .rs = rs, .rows = rows, .n_rows = n, .argc = argc, .argv = argv,
                      .focus = have ? &focus : NULL };
    if (kind == ACT_HISTORY && rv->marks.n == 0 && rv->t.n_rows) {
        one = rv->t.rows[rv->tbl.cursor];
        args.rows = &one;
        args.n_rows = 1;
    }
    view_open(app, kind == ACT_HISTORY ? VIEW_HISTORY : kind == ACT_SCATTER ? VIEW_SCATTER
                                                                            : VIEW_PARALLEL,
              &args);
    free(rows);
    return R_REDRAW;
}

/* `L` / `:logged-models`: MLflow 3 only; on MLflow 2 a plain word, no error. */
int runs_open_logged_models(RunsView *rv, App *app)
{
    if (!rv->exp_id) {
        app_message(app, "The experiment is not loaded yet");
        return R_REDRAW;
    }
    /* The version is asked for when the runs load; until it answers, wait
     * for it rather than send MLflow 2 a logged-models request. */
    if (!modelcol_settled(&rv->mc)) {
        rv->lm_pending = true;
        app_message(app, "Asking the server which MLflow it runs…");
        return R_REDRAW;
    }
    if (lm_server_gen() == SERVER_MLFLOW2) {
        app_message(app, "%s", LM_MLFLOW2_NOTE);
        return R_REDRAW;
    }
    view_open(app, VIEW_LOGGED_MODELS, &(ViewArgs){ .experiment = rv->exp_id,
                                                   .title = rv->exp_name });
    return R_REDRAW;
}
