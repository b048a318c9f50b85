/* fuzz_mlmodel.c — the MLmodel reader (api/mlmodel.c, libyaml) and what the
 * preview and the tables do with its result: file kind, signature column
 * lists, the flavour column. */
#include "fuzz.h"

#include "api/artifacts.h"
#include "api/mlmodel.h"
#include "core/artifact.h"

static void columns(const char *json)
{
    SigColumn *c = NULL;
    long n = json ? artifacts_parse_signature(json, &c) : -1;

    if (n >= 0)
        sig_columns_free(c, (size_t)n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MlModelInfo m;
    Err err;
    char flavour[64];

    artifact_kind("model/MLmodel", (const char *)data, size);
    artifact_kind("x.json", (const char *)data, size);
    mlmodel_flavour((const char *)data, size, flavour, sizeof flavour);
    if (mlmodel_parse((const char *)data, size, &m, &err) == 0) {
        columns(m.sig_inputs);
        columns(m.sig_outputs);
        columns(m.sig_params);
        mlmodel_free(&m);
    }
    return 0;
}
