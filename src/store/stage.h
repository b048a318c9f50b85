/* stage.h — runs read from a local store, held apart from the RunSet they
 * are meant for, so that they can be read on several threads at once and
 * then put into the RunSet on one thread, in a fixed order (stage_build).
 *
 * A Stage has its own string pool: a reader thread interns keys and values
 * there (a hot, private hash table) and appends small fixed-size entries.
 * stage_build then gives the RunSet exactly the sequence of calls a
 * one-thread reader would have made — runs in the order they were begun,
 * each run's metrics, params and tags in the order they were added — so the
 * RunSet's strings get the same ids and its keys the same first-seen order
 * (the runs table's column order) as when read directly; every string is
 * interned into the RunSet once, through a map from the stage's ids.
 *
 * Entries name their run by index, so they may be added in any run order
 * (a SQLite table scanned in rowid order); within a run their order is kept.
 * A Stage is used by one thread at a time. Not for use outside src/store/. */
#ifndef MLTUI_STORE_STAGE_H
#define MLTUI_STORE_STAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runset.h"
#include "core/strpool.h"

typedef struct StageRun {
    uint32_t  run_id, name, experiment_id, user, artifact_uri;  /* pool ids */
    RunStatus status;
    Lifecycle lifecycle;
    int64_t   start_time, end_time;
} StageRun;

typedef struct StageMetric {
    double   value;
    int64_t  step;
    uint32_t run, key;
} StageMetric;

typedef struct StageKV {
    uint32_t run, key, value;
} StageKV;

typedef struct Stage {
    StrPool     *pool;
    StageRun    *runs;    size_t n_runs, cap_runs;
    StageMetric *metrics; size_t n_metrics, cap_metrics;
    StageKV     *params;  size_t n_params, cap_params;
    StageKV     *tags;    size_t n_tags, cap_tags;
    /* private to stage.c: guesses that save hashing a repeated string */
    uint32_t     last_key;
    uint32_t    *hint[2];
    size_t       n_hint[2];
} Stage;

/* 0, or -1 when out of memory (then stage_free is still safe). */
int  stage_init(Stage *st);
void stage_free(Stage *st);

/* Adds a run (NULL strings as ""); returns its index, or -1 (memory). */
long stage_begin_run(Stage *st, const RunInfoIn *in);
/* Entries of run index run (key NULL: ignored, returns 0). 0 or -1 (memory). */
int  stage_metric(Stage *st, uint32_t run, const char *key, double value, int64_t step);
int  stage_param(Stage *st, uint32_t run, const char *key, const char *value);
int  stage_tag(Stage *st, uint32_t run, const char *key, const char *value);

/* Appends the runs of st to out, in st's order, as runset_begin_run /
 * runset_add_* / runset_set_flavour (from the tags, as api/parse.h's
 * parse_flavour) / runset_end_run would. The metrics, params and tags come
 * from the stages given (entries naming st's run indices; their runs unused),
 * or from st for a NULL one. skip (NULL: none): runs i with skip[i] are left
 * out. 0 or -1 (memory; out may hold some runs). */
int  stage_build(const Stage *st, const Stage *metrics, const Stage *params, const Stage *tags,
                 const bool *skip, RunSet *out);

#endif
