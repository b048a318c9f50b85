/* runids.c — see runids.h. A run id is 32 hex digits in MLflow, but ids come
 * from the server, so anything that would break out of the quotes is
 * skipped rather than escaped (MLflow's filter grammar has no escapes). */
#include "api/runids.h"

#include <stdlib.h>
#include <string.h>

char *api_run_ids_filter(const char *const *ids, size_t n)
{
    static const char head[] = "attributes.run_id IN (";
    size_t size = sizeof head + 2, len, kept = 0;
    char *f;

    for (size_t i = 0; i < n; i++)
        size += strlen(ids[i]) + 3;
    if (!(f = malloc(size)))
        return NULL;
    memcpy(f, head, sizeof head);
    len = sizeof head - 1;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(ids[i]);
        if (l == 0 || strpbrk(ids[i], "'\\"))
            continue;
        if (kept++)
            f[len++] = ',';
        f[len++] = '\'';
        memcpy(f + len, ids[i], l);
        len += l;
        f[len++] = '\'';
    }
    f[len++] = ')';
    f[len] = '\0';
    if (kept == 0) {
        free(f);
        return NULL;
    }
    return f;
}

size_t api_runs_by_ids(Api *api, int owner, unsigned gen, const char *const *exp_ids,
                       size_t n_exp, const char *const *ids, size_t n, uint64_t *reqs)
{
    size_t started = 0;

    for (size_t at = 0; at < n; at += API_RUN_IDS_CHUNK) {
        size_t m = n - at < API_RUN_IDS_CHUNK ? n - at : API_RUN_IDS_CHUNK;
        char *filter = api_run_ids_filter(ids + at, m);
        RunsQuery q = {
            .experiment_ids = (const char **)exp_ids, .n_experiment_ids = n_exp,
            .filter = filter, .view_type = 2, .max_total = (long)m,
        };
        uint64_t id;

        if (!filter)
            continue;
        id = api_runs_search(api, owner, gen, &q);
        free(filter);
        if (id) {
            if (reqs)
                reqs[started] = id;
            started++;
        }
    }
    return started;
}
