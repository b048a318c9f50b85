/* runtable.h — columns over a RunSet, and the shown rows: the runs that pass
 * the quick filter, in sort order. Sorting permutes an index array; missing
 * values and NaN go last in both directions (NaN before missing, as MLflow orders them); ties break on start time
 * (newest first) then run id, so every sort is total and repeatable.
 *
 * How values compare: metrics, start, end and duration as numbers (a duration
 * needs both times; a running run's duration is missing for sorting). Params
 * and tags numerically when both values parse as numbers ("9" < "10"), as
 * strings (bytewise) when neither does, and a number before a string when one
 * does — which keeps the order total. Name, run id, user, source, model,
 * experiment, status and lifecycle as strings; an empty one counts as missing.
 * A param "nan" is NaN, hence missing. */
#ifndef MLTUI_RUNTABLE_H
#define MLTUI_RUNTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runset.h"

typedef enum { COL_ATTR, COL_METRIC, COL_PARAM, COL_TAG } ColKind;

typedef enum {
    ATTR_NAME, ATTR_RUN_ID, ATTR_STATUS, ATTR_START, ATTR_END, ATTR_DURATION,
    ATTR_USER, ATTR_SOURCE, ATTR_MODEL, ATTR_LIFECYCLE, ATTR_EXPERIMENT,
    ATTR__COUNT
} AttrId;

typedef struct Column {
    ColKind  kind;
    uint32_t id;      /* AttrId for COL_ATTR, else strpool id of the key */
} Column;

typedef struct SortKey {
    Column col;
    bool   desc;
} SortKey;

#define RUNTABLE_MAX_SORT 4

typedef struct RunTable {
    const RunSet *rs;          /* not owned */
    uint32_t *rows;            /* shown runs, indices into rs->runs */
    size_t    n_rows, cap_rows;
    SortKey   sort[RUNTABLE_MAX_SORT];
    int       n_sort;          /* 0: server order (insertion order) */
    char     *quick;           /* quick filter text (owned) or NULL */
    Column   *cols;            /* shown columns, left to right; cols[0] is the pinned name */
    size_t    n_cols, cap_cols;
    Column   *hidden;          /* columns the user hid (kept so new pages don't re-add them) */
    size_t    n_hidden, cap_hidden;
} RunTable;

void runtable_init(RunTable *t, const RunSet *rs);
void runtable_free(RunTable *t);

/* Adds columns for keys that appeared since the last call and are neither shown
 * nor hidden. Default order: name, status, start, duration, user, source, model,
 * then metrics, then params (tags only when asked for), each in first-seen
 * order; a later new metric goes after the last metric column, a new param
 * after the last param column. Keys no run holds any more are not added. */
void runtable_sync_columns(RunTable *t);
/* Recomputes rows from rs: quick filter then sort. O(n log n). Out of memory
 * leaves the rows unsorted (or, failing the rows themselves, empty). */
void runtable_refresh(RunTable *t);

/* Sets a single-key sort (replacing any other). Like set_quick and direct
 * edits of sort[]/n_sort, it takes effect at the next runtable_refresh. */
void runtable_sort_by(RunTable *t, Column c, bool desc);
/* Sets the quick filter (NULL or "" clears): case-insensitive substring match
 * on name, run id, user, status, source, model and every param value. */
void runtable_set_quick(RunTable *t, const char *text);

/* Column names as the user types them: "name", "status", "start", "duration",
 * "user", "source", "model", "run_id", "end", "lifecycle", "experiment";
 * "metrics.f1", "params.n_estimators", "tags.x"; a bare key ("f1") finds a
 * metric first, then a param, then a tag. Backticks around a key are allowed.
 * Also MLflow's spellings: "attributes.start_time", "run_name", "user_id",
 * "metric.f1", "param.x", "tag.x"; attribute names win over bare keys.
 * Returns true and sets *out when the column exists in rs. */
bool runtable_parse_column(const RunSet *rs, const char *text, Column *out);
/* Writes the column's display title ("f1", "n_estimators", "Start") to buf. */
void column_title(const RunSet *rs, Column c, char *buf, size_t size);
/* The direction :sort and a header click take when none is given: metrics
 * best first (descending unless compare_higher_is_better says the name
 * reads like a loss or an error), times newest first, the rest ascending. */
bool runtable_default_desc(const RunSet *rs, Column c);
/* A direction word: "desc" or "-", "asc" or "+" (any case) into *desc;
 * false for anything else. */
bool runtable_parse_dir(const char *s, bool *desc);
/* Carries the user's column choices (hidden columns, columns added from the
 * chooser) from old, a table over the run set ors, to nt over another run
 * set (a reload, a rebuilt list): columns are matched by name, since key ids
 * differ between sets; added ones go at the end. */
void runtable_carry_columns(RunTable *nt, const RunTable *old, const RunSet *ors);
/* Writes the column's full name as parse_column takes it ("metrics.f1"). */
void column_name(const RunSet *rs, Column c, char *buf, size_t size);
bool column_equal(Column a, Column b);
/* Writes run r's value in column c as display text (unsanitised server text
 * for strings; numbers via format.h). Empty string when missing. */
void runtable_cell(const RunSet *rs, size_t r, Column c, int64_t now_ms, char *buf, size_t size);
/* True when the column holds numbers (metrics, times, durations): right-aligned. */
bool column_is_numeric(Column c);

/* Column management for the column chooser. */
/* Each returns false when nothing changed (bad index, already shown, memory). */
bool runtable_col_hide(RunTable *t, size_t idx);            /* idx > 0 */
bool runtable_col_show(RunTable *t, Column c, size_t at);   /* from hidden or new; at >= 1 */
bool runtable_col_move(RunTable *t, size_t idx, int delta); /* idx > 0, stays > 0 (clamped) */

#endif
