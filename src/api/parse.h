/* parse.h — MLflow JSON replies -> core structs. cJSON never leaves api/.
 * Each function returns 0 on success or -1 with err filled (ERR_PARSE).
 * *next_token (when non-NULL) receives a malloc'd page token or NULL. */
#ifndef MLTUI_PARSE_H
#define MLTUI_PARSE_H

#include <stddef.h>

#include "core/err.h"
#include "core/model.h"
#include "core/runset.h"

int parse_experiments(const char *body, size_t len, ExperimentList *out,
                      char **next_token, Err *err);
int parse_experiment(const char *body, size_t len, Experiment *out, Err *err);
/* runs/search page: appends its runs to out. */
int parse_runs(const char *body, size_t len, RunSet *out, char **next_token, Err *err);
/* runs/get: appends the one run to out. */
int parse_run(const char *body, size_t len, RunSet *out, Err *err);
int parse_history(const char *body, size_t len, MetricHistory *out, char **next_token,
                  Err *err);
/* Turns a failed reply into err: MLflow's {error_code, message}, 401/403,
 * text/plain bodies (e.g. MLflow 3.5's "Invalid Host header"), HTML pages. */
void parse_error_reply(long status, const char *content_type, const char *body, size_t len,
                       Err *err);

#endif
