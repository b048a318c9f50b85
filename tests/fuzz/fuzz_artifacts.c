/* fuzz_artifacts.c — artifacts/list replies, the JSON pretty-printer of the
 * preview, the signature column lists, and the path checks on what parsed. */
#include "fuzz.h"

#include "api/artifacts.h"
#include "core/artifact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ArtifactList *l = artifact_list_new();
    char *s = fuzz_cstr(data, size), *pretty;
    SigColumn *cols = NULL;
    long n;
    Err err;

    if (l && artifacts_parse_list((const char *)data, size, l, &err) == 0) {
        artifact_list_sort(l);
        for (size_t i = 0; i < l->n; i++) {
            const char *why;
            artifact_safe_path(l->items[i].path, &why);
            artifact_basename(l->items[i].path);
            artifact_below("model", l->items[i].path);
        }
    }
    artifact_list_free(l);
    pretty = artifacts_json_pretty((const char *)data, size);
    free(pretty);
    n = artifacts_parse_signature(s, &cols);
    if (n >= 0)
        sig_columns_free(cols, (size_t)n);
    free(s);
    return 0;
}
