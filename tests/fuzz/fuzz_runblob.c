/* fuzz_runblob.c — the run cache's blob decoder (core/runblob.c): a cache file
 * on disk is input too (damaged, truncated, or written by someone else). Also
 * checks that what decodes encodes and decodes again. */
#include "fuzz.h"

#include "core/runblob.h"
#include "core/runset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    RunSet *rs = runblob_decode(data, size);
    unsigned char *again;
    size_t len = 0;

    if (!rs)
        return 0;
    again = runblob_encode(rs, &len);
    if (again) {
        RunSet *rs2 = runblob_decode(again, len);
        if (!rs2 || rs2->n_runs != rs->n_runs)
            abort();
        runset_free(rs2);
    }
    free(again);
    runset_free(rs);
    return 0;
}
