/* artifacts.h — the artifacts screen of one run (scope "artifacts"): the
 * artifact tree one level at a time, a preview pane (text, JSON, YAML,
 * MLmodel with its signature, PNG in half blocks), downloads of files and
 * folders. */
#ifndef MLTUI_VIEWS_ARTIFACTS_H
#define MLTUI_VIEWS_ARTIFACTS_H

#include "app.h"

/* The artifacts of run run_id (strings copied; run_name may be NULL or "",
 * artifact_uri is the run's, used to find the artifact proxy route). */
View *artifacts_view_new(App *app, const char *run_id, const char *run_name,
                         const char *artifact_uri);

#endif
