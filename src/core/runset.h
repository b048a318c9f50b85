/* runset.h — the runs of one experiment query, stored for 100,000 runs with 30
 * metrics, 30 params and 10 tags each: strings interned in one pool, metrics as
 * doubles, a run's entries contiguous in shared arrays and sorted by key id.
 * A RunSet owns every string it holds. Built by api/ (one RunSet per page or
 * per runs/get), merged into a view's RunSet with runset_merge. */
#ifndef MLTUI_RUNSET_H
#define MLTUI_RUNSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strpool.h"

typedef enum { RUN_RUNNING, RUN_SCHEDULED, RUN_FINISHED, RUN_FAILED, RUN_KILLED,
               RUN_STATUS_UNKNOWN } RunStatus;
typedef enum { LIFE_ACTIVE, LIFE_DELETED, LIFE_UNKNOWN } Lifecycle;

#define TIME_NONE INT64_MIN  /* a missing start/end time */

typedef struct MetricVal {
    double   value;   /* may be NaN, +-Inf, +-DBL_MAX */
    uint32_t key;     /* strpool id of the metric key */
    uint32_t step;    /* latest step, clamped to 0..UINT32_MAX */
} MetricVal;

typedef struct KeyVal {
    uint32_t key;     /* strpool id */
    uint32_t value;   /* strpool id */
} KeyVal;

typedef struct Run {
    uint32_t  run_id, name, experiment_id, user, artifact_uri; /* strpool ids */
    uint32_t  source;   /* tag mlflow.source.name, else 0 */
    uint32_t  flavour;  /* model flavour (see runset_set_flavour), else 0 */
    uint32_t  git_commit; /* tag mlflow.source.git.commit, else 0 */
    RunStatus status;
    Lifecycle lifecycle;
    int64_t   start_time, end_time;  /* ms since epoch, or TIME_NONE */
    uint32_t  m_off, m_n;            /* metrics[m_off .. m_off+m_n), sorted by key id */
    uint32_t  p_off, p_n;            /* params */
    uint32_t  t_off, t_n;            /* tags */
} Run;

/* The distinct keys of one kind, in first-seen order, with how many runs have each. */
typedef struct KeyList {
    uint32_t *ids;     /* strpool ids */
    uint32_t *counts;  /* runs holding the key (0 once every such run was replaced) */
    size_t    n, cap;
    uint32_t *slots;   /* hash: key id -> index in ids + 1, 0 = empty */
    size_t    n_slots; /* power of two, or 0 */
} KeyList;

typedef struct RunSet {
    StrPool   *pool;
    Run       *runs;     size_t n_runs, cap_runs;
    MetricVal *metrics;  size_t n_metrics, cap_metrics;
    KeyVal    *params;   size_t n_params, cap_params;
    KeyVal    *tags;     size_t n_tags, cap_tags;
    KeyList    metric_keys, param_keys, tag_keys;
    uint64_t   version;  /* bumped by every change: views cache against it */
    /* private to runset.c */
    uint32_t  *id_slots;   /* hash: run_id strpool id -> run index + 1, 0 = empty */
    size_t     n_id_slots; /* power of two, or 0 */
    long       building;   /* index of the run between begin and end, or -1 */
    long       replace_at; /* index of the run it replaces at end, or -1 */
    size_t     garbage;    /* entries of replaced runs still in the arrays */
} RunSet;

typedef struct RunInfoIn {
    const char *run_id, *run_name, *experiment_id, *user_id, *artifact_uri; /* NULL = "" */
    RunStatus   status;
    Lifecycle   lifecycle;
    int64_t     start_time, end_time;  /* TIME_NONE when absent */
} RunInfoIn;

RunSet *runset_new(void);
void    runset_free(RunSet *rs);
/* Removes every run; keeps allocations. */
void    runset_clear(RunSet *rs);

/* Building, one run at a time: begin, add its entries, end. Returns 0, -1 on
 * out of memory. Entries added between begin and end belong to that run. A key
 * repeated within one run keeps the last value given. */
int     runset_begin_run(RunSet *rs, const RunInfoIn *info);
int     runset_add_metric(RunSet *rs, const char *key, double value, int64_t step);
int     runset_add_param(RunSet *rs, const char *key, const char *value);
int     runset_add_tag(RunSet *rs, const char *key, const char *value);
/* Records the model flavour of the run being built (e.g. "sklearn"). */
int     runset_set_flavour(RunSet *rs, const char *flavour);
/* The same with strings already interned in rs's pool (runset_intern): no
 * hash lookup an entry, for loaders that read a string table first (the
 * cache). proto gives the ids, status, lifecycle, times and flavour; its
 * entry counts and offsets are ignored. Every id must come from this pool
 * (else -1). */
uint32_t runset_intern(RunSet *rs, const char *s, size_t len);
int     runset_begin_run_ids(RunSet *rs, const Run *proto);
int     runset_add_metric_id(RunSet *rs, uint32_t key, double value, int64_t step);
int     runset_add_param_id(RunSet *rs, uint32_t key, uint32_t value);
int     runset_add_tag_id(RunSet *rs, uint32_t key, uint32_t value);
/* Sets the model flavour of run i after it was built (MLflow 3 runs learn it
 * from their logged models later); bumps version. Returns 0 or -1 (memory,
 * or i out of range). */
int     runset_set_run_flavour(RunSet *rs, size_t i, const char *flavour);
/* Sorts the run's entries and fills source/git_commit from its tags. */
int     runset_end_run(RunSet *rs);

/* Appends every run of src to dst, re-interning strings. A run whose run_id is
 * already in dst replaces it in place (same index). Returns 0 or -1 (memory).
 * The same holds for building: runset_end_run of a run whose non-empty run_id
 * is already present replaces that run, so a RunSet never holds one id twice.
 * Runs with an empty run_id are never matched. dst and src must differ. */
int     runset_merge(RunSet *dst, const RunSet *src);
/* Keeps only runs idx[0..n) (distinct indices), in that order: the others are
 * dropped (their key counts released). Returns 0 or -1 (memory; rs unchanged). */
int     runset_select(RunSet *rs, const uint32_t *idx, size_t n);
/* Index of the run with this id, or -1. */
long    runset_find(const RunSet *rs, const char *run_id);

const char *runset_str(const RunSet *rs, uint32_t id);
/* The run's metric with key id k (binary search), or NULL. */
const MetricVal *runset_metric(const RunSet *rs, size_t run, uint32_t key);
/* The value id of param / tag key k, or UINT32_MAX when the run lacks it. */
uint32_t runset_param(const RunSet *rs, size_t run, uint32_t key);
uint32_t runset_tag(const RunSet *rs, size_t run, uint32_t key);
/* The keys of run i's metrics, params or tags in alphabetical order (they are
 * stored in key-id order): an array of *n strings of rs, to free; NULL (and
 * *n 0) when out of memory. */
typedef enum { RUN_METRIC_KEYS, RUN_PARAM_KEYS, RUN_TAG_KEYS } RunKeyKind;
const char **runset_sorted_keys(const RunSet *rs, size_t i, RunKeyKind kind, uint32_t *n);
/* Key id of a string, or UINT32_MAX if no run has ever used it. */
uint32_t runset_key(const RunSet *rs, const char *s);

/* Index of key id k in kl, or -1. O(1). */
long    keylist_find(const KeyList *kl, uint32_t k);
/* Bytes held by the run set: its arrays, hashes and string pool. */
size_t  runset_memory(const RunSet *rs);

/* "RUNNING", "FINISHED", ...; run_status_parse is case-sensitive as MLflow is,
 * and gives RUN_STATUS_UNKNOWN for anything else (NULL included). */
const char *run_status_name(RunStatus s);
RunStatus   run_status_parse(const char *s);

#endif
