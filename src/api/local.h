/* local.h — the API layer's second data source: a local MLflow store
 * (src/store/) answering the same requests as the REST client, through the
 * same ApiResults and the same event loop. Used inside api/ only: when the
 * tracking URI names a local store, api_new (transport.c) makes a Local, and
 * transport_submit — where every request of mlflow.c, registry searches and
 * api_call start — hands the built request here instead of to libcurl.
 *
 * Requests run as API jobs (api_job: worker threads whose results come back
 * through api_next_result like a transfer's, woken through the same
 * curl_multi_poll), because a 100,000-run store takes a second or more to
 * read and the screen must not freeze meanwhile. A Store is not thread-safe,
 * so jobs take the Local's lock around their use of it: one at a time.
 *
 * Typed requests (experiments, runs, a run, a metric history) are answered
 * straight into the core structs; registry searches (api_models_search,
 * api_versions_search) as the JSON of one page read back by registry.c's
 * parsers. api_call requests (registry, artifacts,
 * logged models) are answered with the JSON body MLflow's server would send
 * (local_rest.c), so api/registry.c's and api/artifacts.c's parsers stay the
 * one place replies become structs, and one set of views and parsers serves
 * both sources. Writes are refused: a local store is opened read-only. */
#ifndef MLTUI_API_LOCAL_H
#define MLTUI_API_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"
#include "store/store.h"

typedef struct Local Local;
struct Req;

/* Opens the store at path (kind from store_uri_parse). NULL with err when
 * the store cannot be opened. */
Local      *local_new(StoreKind kind, const char *path, const char *artifacts_root, Err *err);
void        local_free(Local *l);
/* "SQLite store ./mlflow.db (...)": for the status line. */
const char *local_describe(const Local *l);
/* A short name for the title bar: "sqlite: mlflow.db" / "mlruns: ./mlruns". */
const char *local_label(const Local *l);

/* Answers r (a request built by mlflow.c or api_call, not started) as a job
 * of api, taking r (freed when the job is done); returns r's id. When the job
 * cannot be queued, r's one final result is an ERR_NOMEM error. Cancelling,
 * in-flight counts and the activity label are the API layer's, as for any
 * job. */
uint64_t    local_submit(Local *l, Api *api, struct Req *r);

/* The text every refused write gets. */
void        local_read_only_message(const Local *l, char *buf, size_t size);

/* local_rest.c: answers one api_call on a worker thread. Fills r (status,
 * body, content_type, saved, err). */
void        local_rest(Store *s, const ApiCall *call, const char *uri, ApiResult *r);
/* local_rest.c: the body registered-models/search (versions false) or
 * model-versions/search would send for filter (NULL: all), every page in one,
 * into r (body, status; or err: a rejected filter is MLflow's 400). */
void        local_registry_search(Store *s, const char *filter, bool versions, ApiResult *r);

#endif
