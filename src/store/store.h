/* store.h — MLflow's local tracking stores read directly, without a server:
 * a SQLite `mlflow.db` (through libsqlite3, opened `mode=ro`, busy retried)
 * or a `mlruns/` file store (meta.yaml files through libyaml). Both MLflow 2.x
 * and 3.x layouts. Nothing is ever written to a store.
 *
 * Runs, experiments and histories come back as the core structs the REST
 * client builds; the registry, logged models and artifact listings come back
 * as cJSON in the shape of MLflow's REST replies (see api/local.c for why).
 *
 * Bad input is skipped, not fatal: a run whose meta.yaml does not parse, a
 * metric line that is not "timestamp value step", an unreadable file — the
 * rest is still read and the first such problem is kept as one line naming
 * the file (store_take_warning). A Store is not thread-safe: use it from one
 * thread at a time. Never prints. */
#ifndef MLTUI_STORE_H
#define MLTUI_STORE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/err.h"
#include "core/filter.h"
#include "core/model.h"
#include "core/runset.h"

typedef struct Store Store;
typedef enum { STORE_SQLITE, STORE_FILE } StoreKind;

/* What a path or URI names: "sqlite:///abs/mlflow.db", "sqlite:///rel.db",
 * "file:///abs/mlruns", a plain path to a SQLite file or to a directory.
 * Returns the kind and writes the local path into path (size bytes); -1 when
 * uri is not a local store form (an http(s):// URI, an unknown scheme, a path
 * that does not exist). */
int    store_uri_parse(const char *uri, StoreKind *kind, char *path, size_t size);

/* Opens the store at path (kind from store_uri_parse). artifacts_root: where
 * mlflow-artifacts:/ URIs point (NULL: "mlartifacts" beside the store). */
Store *store_open(StoreKind kind, const char *path, const char *artifacts_root, Err *err);
void   store_close(Store *s);
/* How long a locked SQLite database is retried before a read gives up
 * (default 5000 ms). No effect on a file store. */
void   store_set_busy_ms(Store *s, int ms);
/* While flag is set (non-NULL), a long read (runs of a SQLite or file store)
 * stops soon after *flag becomes non-zero, failing with ERR_CANCELLED: a
 * cancelled 100,000-run load does not hold the store for seconds more. */
void   store_set_cancel(Store *s, const atomic_int *flag);
StoreKind   store_kind(const Store *s);
const char *store_path(const Store *s);
/* One line for the status bar: "SQLite store ./mlflow.db (read-only)". */
const char *store_describe(const Store *s);

/* The first problem met since the last call (a skipped file or line), and how
 * many there were; 0 and "" when none. Clears them. */
int    store_take_warning(Store *s, char *buf, size_t size);

/* view_type: 0 ACTIVE_ONLY, 1 DELETED_ONLY, 2 ALL (as RunsQuery). Each returns
 * 0, or -1 with err (nothing usable could be read). */
int    store_experiments(Store *s, int view_type, const Filter *f, ExperimentList *out,
                         Err *err);
/* By id (name NULL) or by name (id NULL); ERR_SERVER RESOURCE_DOES_NOT_EXIST
 * when there is none. */
int    store_experiment_get(Store *s, const char *id, const char *name, Experiment *out,
                            Err *err);
/* Every run of the experiments passing f (NULL: all), appended to out. */
int    store_runs(Store *s, const char *const *exp_ids, size_t n_exp, int view_type,
                  const Filter *f, RunSet *out, Err *err);
/* store_runs in two parts, so that the first rows of a big experiment show
 * before the rest is read: when the store is SQLite and more than `first`
 * runs are asked for, the `first` runs that come first in MLflow's default
 * order (start_time descending, then run id) are read first, through the
 * run_uuid index, and handed to early(ctx, rs) — a RunSet of their own,
 * filtered by f and ordered, owned by early from then on — while the rest is
 * read; out then gets every other run. Otherwise exactly store_runs (early
 * is not called). Column order follows the first part, as with a server's
 * first page. */
typedef struct StoreFirst {
    size_t first;
    void (*early)(void *ctx, RunSet *rs);
    void  *ctx;
} StoreFirst;
int    store_runs_first(Store *s, const char *const *exp_ids, size_t n_exp, int view_type,
                        const Filter *f, const StoreFirst *fs, RunSet *out, Err *err);
int    store_run_get(Store *s, const char *run_id, RunSet *out, Err *err);
/* The full history of one metric of one run, by step then timestamp. */
int    store_metric_history(Store *s, const char *run_id, const char *key,
                            MetricHistory **out, Err *err);

/* Registry and logged models as MLflow sends them: a JSON array of
 * registered_model objects (with tags, aliases, latest_versions), of
 * model_version objects (name NULL: every model's), of logged model objects
 * ({info, data}; exp_id NULL: all experiments). Caller owns the result; NULL
 * with err on failure. */
cJSON *store_registered_models(Store *s, Err *err);
cJSON *store_model_versions(Store *s, const char *name, Err *err);
cJSON *store_logged_models(Store *s, const char *exp_id, Err *err);

/* A run's MLflow 3 links as runs/get sends them: {"inputs": {"dataset_inputs":
 * [{dataset: {name, digest, source_type, source, schema, profile}, tags:
 * [{key, value}]}]}, "outputs": {"model_outputs": [{model_id, step}]}}
 * (empty lists for a run without any, or an MLflow 2 store). */
cJSON *store_run_io(Store *s, const char *run_id, Err *err);

/* The local directory of a run's artifacts (malloc'd), or NULL with err. */
char  *store_run_artifact_dir(Store *s, const char *run_id, Err *err);
/* A recorded artifact location as a local path (malloc'd; NULL: not local or
 * no memory): plain paths, file:// URIs, mlflow-artifacts:/X under the
 * artifacts root; an absolute path that no longer exists is re-rooted under
 * the store's folder when the same tail exists there (stores get moved). */
char  *store_resolve_location(const Store *s, const char *location);

/* Sets err to what MLflow says for a missing object: ERR_SERVER, HTTP 404,
 * code RESOURCE_DOES_NOT_EXIST, the printf-style message. */
void   store_not_found(Err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
