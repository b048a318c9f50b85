/* registry_views.h — the model registry screens and the writes shared by
 * every screen (stage transitions, aliases, tags, descriptions, run
 * delete/restore, registering a model). Constructors return a View for
 * app_push, or NULL when out of memory. */
#ifndef MLTUI_REGISTRY_VIEWS_H
#define MLTUI_REGISTRY_VIEWS_H

#include "app.h"
#include "core/runset.h"

/* Registered models; filter is an MLflow registered-model filter or NULL. */
View *models_view_new(App *app, const char *filter);
/* The versions of registered model `name`. */
View *versions_view_new(App *app, const char *name);
/* The model versions created from run `run_id` (run_name for the title). */
View *run_versions_view_new(App *app, const char *run_id, const char *run_name);
/* One model version in detail. */
View *version_view_new(App *app, const char *name, const char *version);

#endif
