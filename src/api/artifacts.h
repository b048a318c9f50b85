/* artifacts.h — MLflow run artifacts on top of api_call: list one level,
 * fetch a file's bytes (previews), download a file to disk; and the parsers
 * that turn replies into core/artifact.h structs (cJSON stays in api/).
 *
 * Files are fetched as the MLflow web UI does, through the artifact proxy
 *     GET /api/2.0/mlflow-artifacts/artifacts/<experiment_id>/<run_id>/artifacts/<path>
 * (each segment URL-encoded), the location derived from the run's
 * artifact_uri when it is "mlflow-artifacts:/..."; for any other artifact
 * store it falls back to the UI's GET /get-artifact?path=&run_uuid=. */
#ifndef MLTUI_API_ARTIFACTS_H
#define MLTUI_API_ARTIFACTS_H

#include <stddef.h>
#include <stdint.h>

#include "api/api.h"
#include "core/artifact.h"
#include "core/err.h"

/* One folder's listing is one reply: MLflow's artifacts/list takes a
 * page_token but its server never sends a next_page_token (the whole folder
 * comes at once; only Databricks pages), so there is no page loop to bound,
 * only the size of the one reply: at most ARTIFACTS_LIST_MAX_BYTES read and
 * ARTIFACTS_LIST_MAX_ENTRIES entries kept (the rest counted in dropped). */
#define ARTIFACTS_LIST_MAX_BYTES   ((size_t)16 << 20)
#define ARTIFACTS_LIST_MAX_ENTRIES 100000

/* GET /api/2.0/mlflow/artifacts/list?run_id=&path= (path "" or NULL: the
 * root). The REQ_CALL result's body goes to artifacts_parse_list; a reply
 * over ARTIFACTS_LIST_MAX_BYTES ends with ERR_PARSE "too large". Returns the
 * request id, 0 when out of memory. */
uint64_t artifacts_list(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                        const char *path);

/* The request path (after the base URL) that serves file `path` of a run:
 * the proxied route when artifact_uri is mlflow-artifacts:/..., else
 * /get-artifact. malloc'd; NULL when out of memory. */
char    *artifacts_file_url(const char *run_id, const char *artifact_uri, const char *path);

#define PREVIEW_TEXT_BYTES ((size_t)4 << 20)    /* a text / JSON / YAML preview */
#define PREVIEW_PNG_BYTES  ((size_t)32 << 20)   /* a PNG preview */

/* The most bytes a preview of path reads: 32 MiB for a .png, else 4 MiB. */
size_t   artifacts_preview_budget(const char *path);

/* GETs file `path` of the run: into memory (save_to NULL; the result's body
 * holds the bytes, at most artifacts_preview_budget(path): a larger file
 * ends with ERR_PARSE "too large") or into the new file save_to (created
 * O_EXCL, removed on failure; see ApiCall). label is the status line text
 * (NULL: the path).
 * Returns the request id, 0 when out of memory. */
uint64_t artifacts_get(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                       const char *artifact_uri, const char *path, const char *save_to,
                       const char *label);
/* The same into save_to, writing at most max_bytes (0: no cap): more ends the
 * request with ERR_PARSE and the partial file removed. */
uint64_t artifacts_save(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                        const char *artifact_uri, const char *path, const char *save_to,
                        const char *label, size_t max_bytes);

/* An artifacts/list reply (or the proxy's mlflow-artifacts/artifacts
 * listing) into out (appended; root_uri replaced when present). A reply
 * without "files" is an empty folder. At most ARTIFACTS_LIST_MAX_ENTRIES
 * entries are kept in out; the ones past it are counted in out->dropped.
 * Returns 0 or -1 with err (ERR_PARSE). */
int      artifacts_parse_list(const char *body, size_t len, ArtifactList *out, Err *err);

/* text pretty-printed as JSON with two-space indentation, malloc'd; NULL
 * when it is not valid JSON (or out of memory). */
char    *artifacts_json_pretty(const char *text, size_t len);

/* A model signature's inputs/outputs JSON (a list of column specs
 * {"name","type"[,"required"]} or tensor specs {"type":"tensor",
 * "tensor-spec":{"dtype","shape"}}) into *cols (malloc'd, sig_columns_free).
 * Returns the number of columns, -1 when it is not such a list. */
long     artifacts_parse_signature(const char *json, SigColumn **cols);

#endif
