/* runs_cols.c — the runs table's columns: which are shown (a narrow
 * terminal starts without the ones needed least), how wide each is (measured
 * on a sample of rows, kept per RunSet version), what the Table widget draws
 * in each header and cell, and carrying the user's column choices over to a
 * new run set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/text.h"
#include "views/runs_int.h"

const Column *runs_shown_col(const RunsView *rv, size_t c)
{
    return &rv->t.cols[c];
}

static int runs_compute_width(RunsView *rv, size_t c)
{
    Column col = *runs_shown_col(rv, c);
    char title[256], buf[512], fit[512];
    int w, cap;
    size_t n = rv->t.n_rows, step;

    column_title(rv->rs, col, title, sizeof title);
    w = text_fit(title, 40, fit, sizeof fit) + (c == 0 ? 0 : 2);  /* room for the sort arrow */
    switch (col.kind) {
    case COL_ATTR:
        switch ((AttrId)col.id) {
        case ATTR_NAME:     cap = 32; break;
        case ATTR_START:
        case ATTR_END:      return 19;
        case ATTR_STATUS:   return w > 9 ? w : 9;   /* SCHEDULED */
        case ATTR_RUN_ID:   return 32;
        default:            cap = 24; break;
        }
        break;
    case COL_METRIC: cap = 12; break;
    default:         cap = 24; break;
    }
    /* Sample up to 500 rows evenly: widths stay put while scrolling. */
    step = n > 500 ? n / 500 : 1;
    for (size_t i = 0; i < n; i += step) {
        runtable_cell(rv->rs, rv->t.rows[i], col, rv->now, buf, sizeof buf);
        int tw = text_fit(buf, cap, fit, sizeof fit);
        if (tw > w)
            w = tw;
    }
    if (w > cap)
        w = cap;
    return w < 3 ? 3 : w;
}

void runs_update_widths(RunsView *rv)
{
    size_t n = rv->t.n_cols;

    if (rv->widths && rv->widths_version == rv->rs->version && rv->n_widths == n &&
        memcmp(rv->widths_of, rv->t.cols, n * sizeof *rv->widths_of) == 0)
        return;
    free(rv->widths);
    free(rv->widths_of);
    rv->widths = calloc(n ? n : 1, sizeof *rv->widths);
    rv->widths_of = calloc(n ? n : 1, sizeof *rv->widths_of);
    if (!rv->widths || !rv->widths_of) {
        rv->n_widths = 0;
        return;
    }
    rv->n_widths = n;
    memcpy(rv->widths_of, rv->t.cols, n * sizeof *rv->widths_of);
    for (size_t c = 0; c < n; c++)
        rv->widths[c] = runs_compute_width(rv, c);
    rv->widths_version = rv->rs->version;
}

/* ---- table source ---- */

static int rc_width(void *ctx, size_t c)
{
    RunsView *rv = ctx;
    return c < rv->n_widths ? rv->widths[c] : 10;
}

static bool rc_right(void *ctx, size_t c)
{
    RunsView *rv = ctx;
    return column_is_numeric(*runs_shown_col(rv, c));
}

int runs_sort_index(const RunsView *rv, Column c)
{
    for (int i = 0; i < rv->t.n_sort; i++)
        if (column_equal(rv->t.sort[i].col, c))
            return i;
    return -1;
}

static void rc_header(void *ctx, size_t c, char *buf, size_t size, Role *role)
{
    RunsView *rv = ctx;
    Column col = *runs_shown_col(rv, c);
    char title[256];
    int si = runs_sort_index(rv, col);

    column_title(rv->rs, col, title, sizeof title);
    if (si >= 0) {
        snprintf(buf, size, "%s%s", title, rv->t.sort[si].desc ? "▼" : "▲");
        *role = ROLE_HEADER_SORTED;
    } else {
        snprintf(buf, size, "%s", title);
    }
}

static void rc_cell(void *ctx, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    RunsView *rv = ctx;
    Column col = *runs_shown_col(rv, c);
    size_t r = rv->t.rows[row];
    const Run *run = &rv->rs->runs[r];

    runtable_cell(rv->rs, r, col, rv->now, buf, size);
    if (rv->now < rv->fresh_until && (col.kind == COL_METRIC
                                       || (col.kind == COL_ATTR && col.id == ATTR_NAME))
        && buf[0] && idset_has(&rv->fresh, runset_str(rv->rs, run->run_id))) {
        *role = ROLE_CHANGED;   /* new or changed at the last refresh, for a moment */
        return;
    }
    if (col.kind == COL_ATTR && col.id == ATTR_STATUS) {
        switch (run->status) {
        case RUN_RUNNING: case RUN_SCHEDULED: *role = ROLE_STATUS_RUNNING; break;
        case RUN_FINISHED: *role = ROLE_STATUS_FINISHED; break;
        case RUN_FAILED: *role = ROLE_STATUS_FAILED; break;
        case RUN_KILLED: *role = ROLE_STATUS_KILLED; break;
        default: break;
        }
    } else if (col.kind == COL_ATTR && col.id == ATTR_NAME) {
        *role = run->lifecycle == LIFE_DELETED ? ROLE_DIM : ROLE_PINNED;
    } else if (!buf[0]) {
        snprintf(buf, size, "—");
        *role = ROLE_MISSING;
    } else if (col.kind == COL_METRIC) {
        *role = ROLE_NUMBER;
    }
}

static int rc_mark(void *ctx, size_t row)
{
    RunsView *rv = ctx;
    const Run *run = &rv->rs->runs[rv->t.rows[row]];
    if (rv->marks.n && idset_has(&rv->marks, runset_str(rv->rs, run->run_id)))
        return '*';
    return run->lifecycle == LIFE_DELETED ? 'x' : 0;
}

TableSrc runs_source(RunsView *rv)
{
    TableSrc s = {
        .ctx = rv, .n_rows = rv->t.n_rows, .n_cols = rv->t.n_cols, .pinned = 1,
        .width = rc_width, .right = rc_right, .header = rc_header, .cell = rc_cell,
        .mark = rc_mark,
    };
    return s;
}

/* On a narrow terminal the metrics would start past the right edge: the
 * attribute columns a user needs least start hidden, least first (C brings
 * them back; they stay as set through reloads and new queries). */
void runs_narrow_layout(RunsView *rv, int cols)
{
    static const struct { int below; AttrId id; } drop[] = {
        { 140, ATTR_SOURCE }, { 110, ATTR_USER }, { 90, ATTR_DURATION }, { 72, ATTR_MODEL },
        { 64, ATTR_START },
    };

    for (size_t d = 0; d < sizeof drop / sizeof drop[0]; d++) {
        if (cols >= drop[d].below)
            continue;
        for (size_t i = rv->t.n_cols; i-- > 1;)
            if (rv->t.cols[i].kind == COL_ATTR && rv->t.cols[i].id == (uint32_t)drop[d].id)
                runtable_col_hide(&rv->t, i);
    }
}

