/* compare.h — the pure part of comparing runs side by side: which rows a
 * comparison shows (attributes, params, metrics, tags in groups; only the
 * rows whose values differ on request), which direction is better for a
 * metric, and which value is the best. No I/O, no curses. */
#ifndef MLTUI_COMPARE_H
#define MLTUI_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runset.h"
#include "core/runtable.h"

typedef enum {
    CMP_ATTRS, CMP_PARAMS, CMP_METRICS, CMP_TAGS, CMP_SYSTEM_TAGS, CMP__GROUPS
} CmpGroup;

typedef struct CompareRow {
    bool     group;   /* a group header row (col is unused) */
    CmpGroup g;       /* the group the row belongs to */
    Column   col;     /* the value shown: an attribute, a metric, a param or a tag */
} CompareRow;

/* True unless the metric's name reads like a loss or an error (it contains,
 * case-insensitively, "loss", "error", "rmse", "mse", "mae" or "logloss", or
 * has "err" as a word: test_err). The one rule of compare's best value and
 * the default direction of :sort on every table. */
bool compare_higher_is_better(const char *metric);

/* The best of v[0..n) (the largest when higher, else the smallest), NaN
 * ignored. Returns false when there is nothing to single out: no number, or
 * every number equal. */
bool compare_best(const double *v, size_t n, bool higher, double *best);

/* True when the runs (indices into rs) do not all hold the same value in
 * column c. A missing value differs from any present one; two missing values
 * (or two NaN) are the same. Attributes compare as displayed (now_ms for a
 * running run's duration); params and tags as strings; metrics as numbers. */
bool compare_differs(const RunSet *rs, const uint32_t *runs, size_t n, Column c,
                     int64_t now_ms);

/* The rows of a comparison of runs (indices into rs): a header row per group,
 * then its rows — attributes status, start, duration, user, source, model;
 * then every param, metric, user tag and system tag (mlflow.*) at least one
 * of the runs holds, alphabetically. With diff_only only the rows for which
 * compare_differs holds, and only the headers of groups that keep a row.
 * Sets *out (malloc'd, caller frees; NULL when empty) and returns the count,
 * or returns 0 with *out NULL when out of memory. */
size_t compare_rows(const RunSet *rs, const uint32_t *runs, size_t n, bool diff_only,
                    int64_t now_ms, CompareRow **out);

/* A new run set holding copies of the runs rows[0..n) of src, in that order.
 * NULL when out of memory. */
RunSet *compare_copy_runs(const RunSet *src, const uint32_t *rows, size_t n);

#endif
