/* fuzz_experiments.c — experiments/search and experiments/get replies. */
#include "fuzz.h"

#include "api/parse.h"
#include "core/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ExperimentList *l = calloc(1, sizeof *l);
    Experiment e;
    char *next = NULL;
    Err err;

    if (!l)
        return 0;
    parse_experiments((const char *)data, size, l, &next, &err);
    free(next);
    explist_free(l);
    memset(&e, 0, sizeof e);
    if (parse_experiment((const char *)data, size, &e, &err) == 0)
        experiment_free_fields(&e);
    return 0;
}
