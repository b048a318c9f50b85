/* item.h — filling an ItemRef (app.h: what y, Y and W copy) the same way on
 * every screen: the ids, the URIs MLflow's clients take (runs:/…, models:/…)
 * and the web UI's routes (#/experiments/1/runs/<id>, #/models/NAME/versions/3,
 * #/experiments/1/models/m-…). Names in routes are percent-encoded. */
#ifndef MLTUI_VIEWS_ITEM_H
#define MLTUI_VIEWS_ITEM_H

#include "app.h"

void item_experiment(ItemRef *o, const char *exp_id);
void item_run(ItemRef *o, const char *exp_id, const char *run_id);
/* An artifact of a run (path relative to the run's artifact root). */
void item_artifact(ItemRef *o, const char *exp_id, const char *run_id, const char *path);
/* A file of a logged model (MLflow 3): its URI is the model's artifact
 * location joined with path (mlflow-artifacts:/6/models/m-…/artifacts/MLmodel),
 * what `mlflow artifacts download -u` takes; runs:/ cannot name it. */
void item_model_artifact(ItemRef *o, const char *model_id, const char *artifact_uri,
                         const char *path);
void item_model(ItemRef *o, const char *name);
void item_version(ItemRef *o, const char *name, const char *version);
/* MLflow 3: exp_id may be NULL or "" (then no web route). */
void item_logged_model(ItemRef *o, const char *exp_id, const char *model_id);
/* Row r of rs: a run, or a logged model when rs holds logged models
 * (logged_models_to_runset: the model id where a run's id would be). */
void item_row(ItemRef *o, const RunSet *rs, size_t r, bool logged_model);

#endif
