/* logged_model.h — MLflow 3 logged models (LoggedModel, id "m-<32 hex>") as
 * plain structs, what runs/get adds about a run (its logged models and dataset
 * inputs), telling MLflow 2 and 3 servers apart, and the rows a logged-models
 * table shows (a RunSet, so columns, sorting and filtering are the runs
 * table's own code). No I/O: api/logged_models.c fills these from replies.
 * Every string field is owned and never NULL ("" when the server left it out);
 * free with the matching _free_fields / _clear. */
#ifndef MLTUI_LOGGED_MODEL_H
#define MLTUI_LOGGED_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"
#include "core/runset.h"

/* One metric value of a logged model: every logged value is kept (a key may
 * repeat with other steps or datasets). */
typedef struct LmMetric {
    char    *key, *dataset_name, *dataset_digest, *run_id;
    double   value;
    int64_t  step, timestamp;
} LmMetric;

/* A registered model version made from a logged model. */
typedef struct LmVersion {
    char *name, *version;
} LmVersion;

typedef struct LoggedModel {
    char      *model_id, *experiment_id, *name, *artifact_uri, *status, *model_type,
              *source_run_id, *status_message;
    int64_t    created, updated;              /* ms, or TIME_NONE */
    Tag       *tags;     size_t n_tags;
    Tag       *params;   size_t n_params;
    LmMetric  *metrics;  size_t n_metrics;
    LmVersion *versions; size_t n_versions;   /* from tag mlflow.modelVersions, each
                                                 (name, version) once */
} LoggedModel;

typedef struct LoggedModelList {
    LoggedModel *items;
    size_t       n, cap;
} LoggedModelList;

/* A run's outputs.model_outputs entry. */
typedef struct RunModelOutput {
    char    *model_id;
    int64_t  step;
} RunModelOutput;

/* A run's inputs.dataset_inputs entry. */
typedef struct DatasetInput {
    char *name, *digest, *source_type, *source, *context;  /* context: tag
                                                    mlflow.data.context (train, eval) */
} DatasetInput;

typedef struct RunLinks {
    RunModelOutput *models;   size_t n_models;
    DatasetInput   *datasets; size_t n_datasets;
    bool            has_outputs;   /* the reply had "outputs" (MLflow 3 runs/get) */
} RunLinks;

void logged_model_free_fields(LoggedModel *m);
/* Appends *m (fields stolen, *m zeroed). 0, or -1 (memory; *m freed). */
int  lmlist_push(LoggedModelList *l, LoggedModel *m);
void lmlist_clear(LoggedModelList *l);
/* The model with this id, or NULL. */
const LoggedModel *lmlist_find(const LoggedModelList *l, const char *model_id);
/* Every model whose source run is run_id: writes up to max indices, returns the count. */
size_t lmlist_of_run(const LoggedModelList *l, const char *run_id, size_t *out, size_t max);
void run_links_clear(RunLinks *r);

/* The latest value of metric key (newest timestamp, then highest step: the
 * value MLflow orders by), or NULL. */
const LmMetric *logged_model_metric(const LoggedModel *m, const char *key);
/* "READY", "PENDING", "FAILED" for LOGGED_MODEL_*; else the status as sent. */
const char *logged_model_status_short(const char *status);

/* The model id of a registry source "models:/m-..." (no other form), copied
 * into buf; NULL when source is not one. */
const char *logged_model_id_from_source(const char *source, char *buf, size_t size);

/* The flavour a table shows for a model, of the flavours its MLmodel lists
 * (api/mlmodel.c reads them): the first other than python_function (e.g.
 * "sklearn"), else python_function, else "". Points into flavours or at "". */
const char *logged_model_flavour(const char *const *flavours, size_t n);

/* Which REST model a server speaks. */
typedef enum { SERVER_UNKNOWN, SERVER_MLFLOW2, SERVER_MLFLOW3 } ServerGen;

/* From the /version body ("2.17.2", "3.5.1.dev0"): major 3 or more is MLflow 3,
 * 1 or 2 is MLflow 2, anything else unknown. */
ServerGen server_gen_from_version(const char *version);
/* A failed request that says "this server has no such route": MLflow 2
 * answers every logged-models path with an HTML 404 (ERR_HTTP 404), unlike a
 * missing model (ERR_SERVER RESOURCE_DOES_NOT_EXIST). */
bool      server_err_is_missing_route(const Err *e);

/* Tags that rows of logged models carry beyond the model's own (so a table
 * can show, sort and compare them like any tag): the source run's name, and
 * the registered versions ("NEOs_real v1, NEOs_real v3"). */
/* What `L` says on an MLflow 2 server (a word, not an error). */
#define LM_MLFLOW2_NOTE \
    "This server runs MLflow 2: models are kept in the runs' artifacts (R in a run registers them)"

#define LM_TAG_SOURCE_RUN "source run"
#define LM_TAG_VERSIONS   "registered"

/* Row r of a logged-models RunSet (logged_models_to_runset) as screens label
 * it: "model · rf_300" (MLflow 3 calls most models "model"; the source run
 * tells them apart), the name alone while the source run is not known.
 * Returns buf or the name in rs. */
const char *lm_row_label(const RunSet *rs, size_t r, char *buf, size_t size);

/* What the caller knows beyond the models, one entry per model (either
 * pointer, and any entry, may be NULL). */
typedef struct LmRowExtras {
    const char *const *run_names;   /* the source run's name */
    const char *const *flavours;    /* from the model's MLmodel ("sklearn") */
} LmRowExtras;

/* Appends (or, by model id, replaces) the models as rows of rs, for the runs
 * table code: run_id = model id, name, experiment_id, artifact_uri; user =
 * tag mlflow.user; start_time = creation, end_time = last update; status
 * READY -> FINISHED, PENDING -> RUNNING, UPLOAD_FAILED -> FAILED; each metric
 * key's latest value (see logged_model_metric), params, tags, the two LM_TAG_
 * tags (source run: its name, else its id) and the flavour (x may be NULL).
 * Returns 0 or -1 (memory). */
int  logged_models_to_runset(const LoggedModel *ms, size_t n, const LmRowExtras *x,
                             RunSet *rs);

#endif
