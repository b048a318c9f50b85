/* mlmodel.h — the MLmodel file MLflow writes beside every logged model (YAML,
 * PyYAML's safe_dump of a dict), read with libyaml: the one reader of it for
 * the artifact preview, the version screen's signature and the flavour
 * columns. It takes what those screens show and skips the rest:
 *
 *   artifact_path: model
 *   flavors:                       -> flavors (the keys, in file order)
 *     python_function:
 *       loader_module: mlflow.sklearn   -> loader_module
 *     sklearn: {...}
 *   run_id: ...  mlflow_version: ...  model_uuid: ...  utc_time_created: ...
 *   signature:                     -> has_signature
 *     inputs: '[{"type": "double", "name": "x"}]'   -> JSON text, unparsed
 *     outputs: ...  params: null
 *
 * A key given twice keeps its last value (a flavour is listed once); a null
 * (null, ~, nothing) or a value of the wrong shape is NULL. Hostile input is
 * bounded: at most MLMODEL_MAX_BYTES of text and MLMODEL_MAX_DEPTH levels of
 * nesting; aliases are never expanded (libyaml's event parser; a value that
 * is an alias counts as NULL); only the first YAML document is read. */
#ifndef MLTUI_API_MLMODEL_H
#define MLTUI_API_MLMODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define MLMODEL_MAX_BYTES ((size_t)16 << 20)
#define MLMODEL_MAX_DEPTH 64

typedef struct MlModelInfo {
    char   *artifact_path, *run_id, *utc_time_created, *mlflow_version, *model_uuid;
    char  **flavors;               /* names under flavors:, in file order, each once */
    size_t  n_flavors;
    char   *loader_module;         /* flavors.python_function.loader_module, or NULL */
    bool    has_signature;         /* a signature: mapping is present */
    char   *sig_inputs, *sig_outputs, *sig_params;   /* JSON text, or NULL */
} MlModelInfo;                     /* every string malloc'd; mlmodel_free */

/* Fills out (zeroed first) from text (len bytes, no NUL needed). Returns 0,
 * or -1 with err (may be NULL) set and out empty: ERR_PARSE when the text is
 * not YAML, not a mapping, too large or too deeply nested; ERR_NOMEM. */
int   mlmodel_parse(const char *text, size_t len, MlModelInfo *out, Err *err);
void  mlmodel_free(MlModelInfo *m);

/* The flavour a table shows for a model, from its MLmodel text (see
 * logged_model_flavour); "" when there is none or the text does not parse.
 * Returns buf. */
char *mlmodel_flavour(const char *text, size_t len, char *buf, size_t size);

#endif
