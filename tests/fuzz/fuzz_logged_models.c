/* fuzz_logged_models.c — MLflow 3 logged-model replies (api/logged_models.c):
 * logged-models/search and get, and a run's model outputs and dataset inputs. */
#include "fuzz.h"

#include "api/logged_models.h"
#include "core/logged_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *body = (const char *)data;
    LoggedModelList l;
    LoggedModel m;
    RunLinks links;
    char *next = NULL;
    Err err;

    memset(&l, 0, sizeof l);
    lm_parse_search(body, size, &l, &next, &err);
    free(next);
    lmlist_clear(&l);
    memset(&m, 0, sizeof m);
    if (lm_parse_get(body, size, &m, &err) == 0)
        logged_model_free_fields(&m);
    memset(&links, 0, sizeof links);
    lm_parse_run_links(body, size, &links, &err);
    run_links_clear(&links);
    return 0;
}
