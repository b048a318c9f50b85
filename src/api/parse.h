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
/* parse_runs taking at most max runs of the page (0: all): a server that sends
 * more than max_results asked for is cut to what was asked. */
/* parse_runs_max in two halves, so the next page can be asked for between
 * them: parse_runs_open reads the JSON into *tree (with the token and the
 * number of runs it holds); parse_runs_take converts up to max runs (0: all,
 * negative: none) into out and frees tree, also on failure. */
int parse_runs_open(const char *body, size_t len, void **tree, char **next_token,
                    size_t *n_runs, Err *err);
int parse_runs_take(void *tree, RunSet *out, long max, Err *err);
int parse_runs_max(const char *body, size_t len, RunSet *out, long max, char **next_token,
                   Err *err);
/* runs/get: appends the one run to out. */
int parse_run(const char *body, size_t len, RunSet *out, Err *err);
int parse_history(const char *body, size_t len, MetricHistory *out, char **next_token,
                  Err *err);
/* Turns a failed reply into err: MLflow's {error_code, message}, 401/403,
 * text/plain bodies (e.g. MLflow 3.5's "Invalid Host header"), HTML pages. */
void parse_error_reply(long status, const char *content_type, const char *body, size_t len,
                       Err *err);

/* Additions beyond the first contract. */

/* parse_error_reply, naming the request path (e.g. "/api/2.0/mlflow/runs/search")
 * in ERR_HTTP / 403 messages; path may be NULL. */
void parse_error_reply_at(long status, const char *content_type, const char *body,
                          size_t len, const char *path, Err *err);
/* A metric value sent as a string: "NaN", "Infinity", "-Infinity", "inf",
 * "nan" (any case, optional sign) or a decimal number; anything else is NaN. */
double parse_metric_string(const char *s);
/* The model flavour of a run from its tags (any may be NULL): the latest entry
 * of mlflow.log-model.history (a JSON list of {flavors: {...}}), preferring a
 * flavour other than python_function; else model_flavor; else the top-level
 * module of estimator_class ("sklearn"). Writes buf; returns buf or NULL. */
const char *parse_flavour(const char *log_model_history, const char *model_flavor,
                          const char *estimator_class, char *buf, size_t size);
/* Copies src[0..len) to dst as one line: control characters and runs of
 * spaces become one space, trimmed; at most max bytes (0: size-1), cut at a
 * UTF-8 boundary and marked with "..." when longer. Always NUL-terminates. */
void parse_one_line(char *dst, size_t size, const char *src, size_t len, size_t max);

#endif
