/* model.h — experiments and metric histories as plain structs (runs live in
 * runset.h). Every struct owns its strings; free with the matching _free. */
#ifndef MLTUI_MODEL_H
#define MLTUI_MODEL_H

#include <stddef.h>
#include <stdint.h>

typedef struct Tag {
    char *key, *value;
} Tag;

typedef struct Experiment {
    char    *id, *name, *lifecycle_stage, *artifact_location;
    int64_t  creation_time, last_update_time;  /* ms, or TIME_NONE */
    Tag     *tags;
    size_t   n_tags;
    long     run_count;                        /* -1 when unknown */
} Experiment;

typedef struct ExperimentList {
    Experiment *items;
    size_t      n, cap;
} ExperimentList;

typedef struct MetricPoint {
    int64_t step, timestamp;
    double  value;
} MetricPoint;

typedef struct MetricHistory {
    char        *run_id, *key;
    MetricPoint *pts;
    size_t       n, cap;
} MetricHistory;

void experiment_free_fields(Experiment *e);
/* Appends a deep copy of e (or steals e's fields if steal != 0). Returns 0/-1. */
int  explist_push(ExperimentList *l, Experiment *e, int steal);
void explist_clear(ExperimentList *l);
void explist_free(ExperimentList *l);  /* frees l too */

MetricHistory *history_new(const char *run_id, const char *key);
int  history_push(MetricHistory *h, int64_t step, int64_t ts, double v);
void history_free(MetricHistory *h);

#endif
