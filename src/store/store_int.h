/* store_int.h — what store.c shares with the two readers (sqlite.c,
 * filestore.c). Not for use outside src/store/. */
#ifndef MLTUI_STORE_INT_H
#define MLTUI_STORE_INT_H

#include "store/store.h"

struct Store {
    StoreKind kind;
    char     *path;       /* the mlflow.db file or the mlruns/ directory */
    char     *base;       /* the folder holding it: where moved paths are re-rooted */
    char     *artroot;    /* where mlflow-artifacts:/ points */
    char      describe[640];
    char      warning[512];
    int       n_warnings;
    void     *db;         /* sqlite3 * (STORE_SQLITE) */
    char      revision[64];  /* alembic revision (STORE_SQLITE) */
    int       busy_ms;       /* SQLite busy retry limit */
    const atomic_int *cancel;  /* store_set_cancel, or NULL */
};

/* Whether the read in progress was cancelled (store_set_cancel). */
static inline bool store_cancelled(const Store *s)
{
    return s->cancel && atomic_load(s->cancel);
}

/* Records one skipped item (the first message is kept, later ones counted). */
void store_warn(Store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Keeps the runs of rs that pass f, ordered as MLflow orders them by
 * default: start_time descending, then run id. 0 or -1 (memory). */
int  store_finish_runs(RunSet *rs, const Filter *f);
/* Marks in pick[0..n) the `first` runs (start times, run ids) that come
 * first in MLflow's default order (as store_finish_runs orders). 0 or -1
 * (memory). */
int  store_pick_first(const int64_t *start, const char *const *id, size_t n, size_t first,
                      bool *pick);
/* Whether experiment e passes f (a FILTER_EXPERIMENTS filter). */
bool store_match_experiment(const Filter *f, const Experiment *e);
/* cJSON helpers: adds name = v as a number (TIME_NONE: omitted), or a string
 * (NULL: omitted). Return 0 or -1. */
int  store_json_time(cJSON *o, const char *name, int64_t v);
int  store_json_str(cJSON *o, const char *name, const char *v);

int    sqlstore_open(Store *s, Err *err);
void   sqlstore_close(Store *s);
void   sqlstore_set_busy(Store *s);
int    sqlstore_experiments(Store *s, int view_type, const Filter *f, ExperimentList *out,
                            Err *err);
int    sqlstore_runs(Store *s, const char *const *ids, size_t n, int view_type,
                     const char *run_id, const Filter *f, const StoreFirst *fs, RunSet *out,
                     Err *err);
int    sqlstore_history(Store *s, const char *run_id, const char *key, MetricHistory **out,
                        Err *err);
cJSON *sqlstore_models(Store *s, Err *err);
cJSON *sqlstore_versions(Store *s, const char *name, Err *err);
cJSON *sqlstore_logged_models(Store *s, const char *exp_id, Err *err);
char  *sqlstore_artifact_uri(Store *s, const char *run_id, Err *err);
int    sqlstore_run_io(Store *s, const char *run_id, cJSON *dsets, cJSON *outs, Err *err);

/* "MLflow 3.5" for an alembic revision mltui was tested on (the head of that
 * release), or NULL. */
const char *sqlstore_known_revision(const char *revision);

int    filestore_open(Store *s, Err *err);
int    filestore_experiments(Store *s, int view_type, const Filter *f, ExperimentList *out,
                             Err *err);
int    filestore_runs(Store *s, const char *const *ids, size_t n, int view_type,
                      const char *run_id, const Filter *f, RunSet *out, Err *err);
int    filestore_history(Store *s, const char *run_id, const char *key, MetricHistory **out,
                         Err *err);
cJSON *filestore_models(Store *s, Err *err);
cJSON *filestore_versions(Store *s, const char *name, Err *err);
cJSON *filestore_logged_models(Store *s, const char *exp_id, Err *err);
char  *filestore_artifact_uri(Store *s, const char *run_id, Err *err);
int    filestore_run_io(Store *s, const char *run_id, cJSON *dsets, cJSON *outs, Err *err);
/* The directory of run_id (any experiment, .trash too), its shown path in shown. */
int    fs_run_dir(Store *s, const char *run_id, char *shown, size_t size);

/* File-store helpers shared by filestore.c and filestore_reg.c. */
struct dirent;
typedef int (*KeyFn)(Store *s, void *ctx, const char *key, char *content, size_t len,
                     const char *shown);
/* openat with O_NOATIME where allowed (reading never updates access times). */
int   fs_openat(int dirfd, const char *name, int flags);
int   fs_open_dir(int dirfd, const char *name);
char *fs_read_file(int dirfd, const char *name, size_t *len);
bool  fs_is_subdir(int dirfd, const struct dirent *d);
bool  fs_dot(const char *name);
/* Calls fn for every file below dirfd/name (absent: nothing), key = path below. */
int   fs_keys_of(Store *s, int dirfd, const char *name, const char *shown, KeyFn fn, void *ctx);

#endif
