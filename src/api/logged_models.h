/* logged_models.h — MLflow 3 logged-model endpoints on top of api_call, the
 * server's version, registering a version from a logged model, and the
 * parsers of their replies into core/logged_model.h structs (cJSON stays in
 * api/). Every request returns its id (0 when out of memory) and delivers one
 * REQ_CALL result carrying `tag`; a write is sent once and never retried.
 * Parsers return 0, or -1 with err (ERR_PARSE / ERR_NOMEM).
 *
 * An MLflow 2 server answers every logged-models path with an HTML 404: see
 * server_err_is_missing_route (core/logged_model.h). */
#ifndef MLTUI_API_LOGGED_MODELS_H
#define MLTUI_API_LOGGED_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"
#include "core/err.h"
#include "core/logged_model.h"

/* One page of POST logged-models/search. filter (MLflow's syntax, e.g.
 * "metrics.f1 > 0.9"), order_field ("metrics.f1", "creation_timestamp") and
 * page_token may be NULL; max_results <= 0: the server's default (50). The
 * caller follows next_page_token with the same experiment, filter and order
 * (the server checks). */
typedef struct LmQuery {
    const char *experiment_id;
    const char *filter;
    const char *order_field;
    bool        order_ascending;
    int         max_results;
    const char *page_token;
} LmQuery;
uint64_t lm_search(Api *api, int owner, unsigned gen, int tag, const LmQuery *q);
/* GET logged-models/<id>. */
uint64_t lm_get(Api *api, int owner, unsigned gen, int tag, const char *model_id);
/* GET logged-models/<id>/artifacts/directories (path "" or NULL: the root);
 * the reply has the shape of artifacts/list (artifacts_parse_list reads it). */
uint64_t lm_artifacts_list(Api *api, int owner, unsigned gen, int tag, const char *model_id,
                           const char *path);
/* The request path serving file `path` of a logged model: the artifact proxy
 * under its artifact_uri when that is mlflow-artifacts:/..., else the web UI's
 * /ajax-api/2.0/mlflow/logged-models/<id>/artifacts/files route. malloc'd. */
char    *lm_file_url(const char *model_id, const char *artifact_uri, const char *path);
/* GETs file `path` of a logged model into memory (save_to NULL) or into the
 * new file save_to (see ApiCall). */
uint64_t lm_file_get(Api *api, int owner, unsigned gen, int tag, const char *model_id,
                     const char *artifact_uri, const char *path, const char *save_to);
/* The same into save_to, writing at most max_bytes (0: no cap; see
 * artifacts_save). */
uint64_t lm_file_save(Api *api, int owner, unsigned gen, int tag, const char *model_id,
                      const char *artifact_uri, const char *path, const char *save_to,
                      size_t max_bytes);
/* GET /version (text body, e.g. "3.5.1.dev0"); see server_gen_from_version. */
uint64_t lm_server_version(Api *api, int owner, unsigned gen, int tag);
/* model-versions/create as the MLflow 3 client sends it for a logged model:
 * {"name", "source": "models:/<model_id>", "run_id", "model_id"} (run_id
 * left out when NULL or ""). Reply: reg_parse_version. */
uint64_t lm_register(Api *api, int owner, unsigned gen, int tag, const char *name,
                     const char *model_id, const char *run_id);

/* What this process has learnt about the server's generation (one tracking
 * server per process): SERVER_UNKNOWN until lm_note_version or lm_note_reply
 * says. Screens ask before offering logged models, so an MLflow 2 server
 * never shows them and never shows an error for them. */
ServerGen lm_server_gen(void);
/* From the /version body. */
void      lm_note_version(const char *body);
/* From the reply to any logged-models request: an HTML 404 means MLflow 2,
 * a success means MLflow 3; anything else says nothing. */
void      lm_note_reply(const ApiResult *r);

/* {"models": [...], "next_page_token"}: appends to out; *next_token gets a
 * malloc'd token or NULL (when next_token is non-NULL). */
int lm_parse_search(const char *body, size_t len, LoggedModelList *out, char **next_token,
                    Err *err);
/* The inverse of lm_parse_search, for the local cache: {"models": [...]}
 * from the structs as unformatted JSON (malloc'd; NULL when out of memory). */
char *lm_search_json(const LoggedModel *items, size_t n);
/* {"model": {...}} into *out (zeroed first; free with logged_model_free_fields). */
int lm_parse_get(const char *body, size_t len, LoggedModel *out, Err *err);
/* A runs/get reply's outputs.model_outputs and inputs.dataset_inputs (a
 * runs/search run object works too: it has inputs only). */
int lm_parse_run_links(const char *body, size_t len, RunLinks *out, Err *err);
#endif
