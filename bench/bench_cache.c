/* bench_cache.c — re-opening an experiment from the local cache: 100,000
 * synthetic runs (30 metrics, 30 params, 10 tags) stored with cache_put_runs
 * and read back with cache_get_runs, against a baseline measured in the same
 * process: building the same RunSet from C strings, the least any load from a
 * server reply costs (parsing the JSON comes on top). Best of REPS.
 *
 *     make build/bench/bench_cache && build/bench/bench_cache [runs]
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/runblob.h"
#include "store/cache.h"
#include "synth_runs.h"

#define REPS 3

int main(int argc, char **argv)
{
    size_t  n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000, len = 0;
    char    dir[] = "/tmp/mltui-bench-cache.XXXXXX", note[256], cmd[96];
    double  build = 1e30, put = 1e30, get = 1e30, decode = 1e30, t0, ms;
    RunSet *rs = NULL;
    Cache  *c;
    unsigned char *blob;

    if (!mkdtemp(dir))
        return 1;
    synth_strings();
    for (int rep = 0; rep < REPS; rep++) {
        runset_free(rs);
        rs = runset_new();
        rng = 2463534242u;
        t0 = now_ms();
        for (size_t i = 0; i < n; i++)
            if (synth_run(rs, i) < 0)
                return 1;
        ms = now_ms() - t0;
        build = ms < build ? ms : build;
    }
    c = cache_open(dir, 0, note, sizeof note);
    if (!c) {
        fprintf(stderr, "bench_cache: %s\n", note);
        return 1;
    }
    for (int rep = 0; rep < REPS; rep++) {
        RunSet *back;

        t0 = now_ms();
        if (cache_put_runs(c, "http://127.0.0.1:5000", "42", rs, 1) < 0)
            return 1;
        ms = now_ms() - t0;
        put = ms < put ? ms : put;
        t0 = now_ms();
        back = cache_get_runs(c, "http://127.0.0.1:5000", "42", NULL, 2);
        ms = now_ms() - t0;
        get = ms < get ? ms : get;
        if (!back || back->n_runs != rs->n_runs)
            return 1;
        runset_free(back);
    }
    blob = runblob_encode(rs, &len);
    for (int rep = 0; rep < REPS; rep++) {
        RunSet *back;

        t0 = now_ms();
        back = runblob_decode(blob, len);
        ms = now_ms() - t0;
        decode = ms < decode ? ms : decode;
        runset_free(back);
    }
    printf("%-26s %zu runs: %8.1f ms (baseline)\n", "build RunSet from strings", n, build);
    printf("%-26s %zu runs: %8.1f ms (%.2fx build)\n", "re-open from cache", n, get, get / build);
    printf("%-26s %zu runs: %8.1f ms (%.2fx build)\n", "  of which decoding", n, decode,
           decode / build);
    printf("%-26s %zu runs: %8.1f ms (%.2fx build)\n", "store in cache", n, put, put / build);
    printf("%-26s %zu runs: %8.1f MB (%.0f bytes a run)\n", "cache entry", n, len / 1e6,
           (double)len / (double)n);
    free(blob);
    cache_close(c);
    runset_free(rs);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
