/* runids.h — fetch given runs by id through runs/search, many ids per
 * request (`attributes.run_id IN ('a','b',...)`), instead of one runs/get per
 * run. Built on api_runs_search; results arrive as REQ_RUNS_SEARCH pages. */
#ifndef MLTUI_RUNIDS_H
#define MLTUI_RUNIDS_H

#include <stddef.h>
#include <stdint.h>

#include "api/api.h"

#define API_RUN_IDS_CHUNK 100   /* ids per request: one page of the first size */

/* The filter `attributes.run_id IN ('id1','id2')` for ids[0..n), malloc'd.
 * Ids holding a quote or a backslash cannot be written in MLflow's filter
 * syntax and are left out. NULL when out of memory or no id remains. */
char  *api_run_ids_filter(const char *const *ids, size_t n);

/* Starts one runs/search per API_RUN_IDS_CHUNK ids, for runs of any
 * lifecycle in the given experiments (the server wants at least one). Writes
 * each request id to reqs (room for api_run_ids_requests(n); may be NULL) and
 * returns how many started. Each request ends with a final result. */
size_t api_runs_by_ids(Api *api, int owner, unsigned gen, const char *const *exp_ids,
                       size_t n_exp, const char *const *ids, size_t n, uint64_t *reqs);
/* How many requests api_runs_by_ids makes for n ids. */
static inline size_t api_run_ids_requests(size_t n)
{
    return (n + API_RUN_IDS_CHUNK - 1) / API_RUN_IDS_CHUNK;
}

#endif
