/* fuzz_runs.c — runs/search and runs/get replies (api/parse.c) into a RunSet,
 * then every lookup a view makes on what was parsed; and the page token read
 * from a reply's tail (api/mlflow.c, the early next page). */
#include "fuzz.h"

#include "api/parse.h"
#include "api/transport.h"
#include "core/runset.h"
#include "core/runtable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    RunSet *rs = runset_new();
    char *next = NULL;
    Err err;

    if (!rs)
        return 0;
    parse_runs((const char *)data, size, rs, &next, &err);
    free(next);
    free(mlflow_tail_token((const char *)data, size));
    parse_run((const char *)data, size, rs, &err);
    for (size_t r = 0; r < rs->n_runs; r++) {
        for (size_t k = 0; k < rs->metric_keys.n; k++)
            runset_metric(rs, r, rs->metric_keys.ids[k]);
        for (size_t k = 0; k < rs->param_keys.n; k++)
            runset_param(rs, r, rs->param_keys.ids[k]);
        for (size_t k = 0; k < rs->tag_keys.n; k++)
            runset_tag(rs, r, rs->tag_keys.ids[k]);
    }
    {
        RunTable t;
        runtable_init(&t, rs);
        runtable_sync_columns(&t);
        runtable_set_quick(&t, "a");
        runtable_refresh(&t);
        runtable_free(&t);
    }
    runset_free(rs);
    return 0;
}
