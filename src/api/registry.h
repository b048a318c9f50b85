/* registry.h — MLflow model registry endpoints (and the run writes that go
 * with them) on top of api_call, and the parsers of their replies into the
 * plain structs of core/registry.h. Every request returns its id (0 when it
 * could not start) and delivers one REQ_CALL result carrying `tag`; a write is
 * sent once and never retried. Parsers return 0, or -1 with err (ERR_PARSE /
 * ERR_NOMEM); *next_token (when non-NULL) gets a malloc'd token or NULL. */
#ifndef MLTUI_API_REGISTRY_H
#define MLTUI_API_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"
#include "core/registry.h"

/* ---- reads ---- */
/* registered-models/search, 100 a page; filter and page_token may be NULL. */
uint64_t reg_models_search(Api *api, int owner, unsigned gen, int tag, const char *filter,
                           const char *page_token);
uint64_t reg_model_get(Api *api, int owner, unsigned gen, int tag, const char *name);
/* model-versions/search (e.g. "name='NEOs'", "run_id='...'"), 1000 a page. */
uint64_t reg_versions_search(Api *api, int owner, unsigned gen, int tag, const char *filter,
                             const char *page_token);
uint64_t reg_version_get(Api *api, int owner, unsigned gen, int tag, const char *name,
                         const char *version);
/* A file of a version's artifacts (/model-versions/get-artifact), e.g. "MLmodel". */
uint64_t reg_version_file(Api *api, int owner, unsigned gen, int tag, const char *name,
                          const char *version, const char *path);
/* artifacts/list of a run (path "" or NULL = the root). */
uint64_t reg_artifacts_list(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                            const char *path);

/* ---- registry writes ---- */
uint64_t reg_transition(Api *api, int owner, unsigned gen, int tag, const char *name,
                        const char *version, const char *stage, bool archive_existing);
uint64_t reg_alias_set(Api *api, int owner, unsigned gen, int tag, const char *name,
                       const char *alias, const char *version);
uint64_t reg_alias_delete(Api *api, int owner, unsigned gen, int tag, const char *name,
                          const char *alias);
uint64_t reg_model_create(Api *api, int owner, unsigned gen, int tag, const char *name);
uint64_t reg_version_create(Api *api, int owner, unsigned gen, int tag, const char *name,
                            const char *source, const char *run_id);
/* version NULL: the registered model's description / tags. */
uint64_t reg_describe(Api *api, int owner, unsigned gen, int tag, const char *name,
                      const char *version, const char *description);
uint64_t reg_set_tag(Api *api, int owner, unsigned gen, int tag, const char *name,
                     const char *version, const char *key, const char *value);
uint64_t reg_delete_tag(Api *api, int owner, unsigned gen, int tag, const char *name,
                        const char *version, const char *key);

/* ---- run writes ---- */
uint64_t reg_run_set_tag(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                         const char *key, const char *value);
uint64_t reg_run_delete_tag(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                            const char *key);
uint64_t reg_run_rename(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                        const char *run_name);
/* runs/delete or runs/restore. */
uint64_t reg_run_lifecycle(Api *api, int owner, unsigned gen, int tag, const char *run_id,
                           bool restore);

/* ---- parsers ---- */
int reg_parse_models(const char *body, size_t len, ModelList *out, char **next_token,
                     Err *err);
/* {"registered_model": {...}} */
int reg_parse_model(const char *body, size_t len, RegisteredModel *out, Err *err);
int reg_parse_versions(const char *body, size_t len, VersionList *out, char **next_token,
                       Err *err);
/* {"model_version": {...}} (get, create, transition-stage, alias GET) */
int reg_parse_version(const char *body, size_t len, ModelVersion *out, Err *err);

/* The inverse of the parsers above, for the local cache: MLflow's reply
 * shapes from the structs, as unformatted JSON (malloc'd; NULL when out of
 * memory). registered-models/search's {"registered_models": [...]}; and
 * model-versions/search's {"model_versions": [...]} with, when model is
 * non-NULL, registered-models/get's "registered_model" beside it — so
 * reg_parse_versions and reg_parse_model each read their half of it. */
char *reg_models_json(const RegisteredModel *items, size_t n);
char *reg_versions_json(const ModelVersion *items, size_t n, const RegisteredModel *model);

typedef struct RegFile {
    char *path;
    bool  is_dir;
} RegFile;
/* artifacts/list: *files (malloc'd, *n entries); free with reg_files_free. */
int  reg_parse_files(const char *body, size_t len, RegFile **files, size_t *n, Err *err);
void reg_files_free(RegFile *files, size_t n);

/* The signature of an MLmodel file (api/mlmodel.h; the inputs and outputs are
 * JSON column lists, read by artifacts_parse_signature). A file without one
 * gives 0 with out->present false; -1 with err (out empty) when the file is
 * not an MLmodel mapping (mlmodel_parse) or a column list is not one. */
int reg_parse_signature(const char *mlmodel, size_t len, Signature *out, Err *err);

#endif
