/* fuzz_history.c — metrics/get-history replies. */
#include "fuzz.h"

#include "api/parse.h"
#include "core/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MetricHistory *h = history_new("run", "loss");
    char *next = NULL;
    Err err;

    if (!h)
        return 0;
    parse_history((const char *)data, size, h, &next, &err);
    free(next);
    history_free(h);
    return 0;
}
