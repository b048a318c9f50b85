/* fuzz_registry.c — model registry replies (api/registry.c): every parser on
 * the same input, and the MLmodel signature reader. */
#include "fuzz.h"

#include "api/registry.h"
#include "core/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *body = (const char *)data;
    ModelList ml = { 0 };
    VersionList vl = { 0 };
    RegisteredModel m;
    ModelVersion v;
    Signature sig;
    RegFile *files = NULL;
    size_t n = 0;
    char *next = NULL;
    Err err;

    reg_parse_models(body, size, &ml, &next, &err);
    free(next);
    next = NULL;
    modellist_clear(&ml);
    reg_parse_versions(body, size, &vl, &next, &err);
    free(next);
    versionlist_clear(&vl);
    memset(&m, 0, sizeof m);
    if (reg_parse_model(body, size, &m, &err) == 0)
        registered_model_free_fields(&m);
    memset(&v, 0, sizeof v);
    if (reg_parse_version(body, size, &v, &err) == 0)
        model_version_free_fields(&v);
    if (reg_parse_files(body, size, &files, &n, &err) == 0)
        reg_files_free(files, n);
    memset(&sig, 0, sizeof sig);
    reg_parse_signature(body, size, &sig, &err);
    signature_clear(&sig);
    return 0;
}
