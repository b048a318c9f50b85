/* synth_runs.h — the synthetic runs of DESIGN.md's scale (30 metrics, 30
 * params, 10 tags a run), built deterministically, shared by the benchmarks.
 * Header-only: each bench is one .c file. Call synth_strings() once first. */
#ifndef MLTUI_BENCH_SYNTH_RUNS_H
#define MLTUI_BENCH_SYNTH_RUNS_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "core/runset.h"

#define N_METRICS 30
#define N_PARAMS  30
#define N_TAGS    10

static uint32_t rng = 2463534242u;

static uint32_t next(void)   /* xorshift32: deterministic across platforms */
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *users[] = { "ana", "bob", "carla", "dmitri", "eve" };
static const char *sources[] = { "train.py", "notebook.ipynb", "sweep.py", "automl.py" };
static const RunStatus statuses[] = { RUN_FINISHED, RUN_FINISHED, RUN_FINISHED, RUN_FAILED,
                                      RUN_RUNNING, RUN_KILLED };

/* Keys and values are formatted once, so "build" times the RunSet, not snprintf. */
static char mkeys[N_METRICS][24], pkeys[N_PARAMS][24], tkeys[N_TAGS][24];
static char numvals[1000][24], optvals[50][24], tagvals[20][24];

static void synth_strings(void)
{
    for (int i = 0; i < N_METRICS; i++)
        snprintf(mkeys[i], sizeof mkeys[i], "metric_%02d", i);
    for (int i = 0; i < N_PARAMS; i++)
        snprintf(pkeys[i], sizeof pkeys[i], "param_%02d", i);
    for (int i = 0; i < N_TAGS; i++)
        snprintf(tkeys[i], sizeof tkeys[i], "tag_%02d", i);
    for (int i = 0; i < 1000; i++)
        snprintf(numvals[i], sizeof numvals[i], "%d", i);
    for (int i = 0; i < 50; i++)
        snprintf(optvals[i], sizeof optvals[i], "opt_%d", i);
    for (int i = 0; i < 20; i++)
        snprintf(tagvals[i], sizeof tagvals[i], "value_%d", i);
}

static int synth_run(RunSet *rs, size_t i)
{
    char      id[40], name[40];
    RunInfoIn in = { 0 };
    int64_t   start = 1684060509000LL + (int64_t)(next() % 10000000u) * 100;

    snprintf(id, sizeof id, "%08x%08x%016zx", next(), next(), i);
    snprintf(name, sizeof name, "run-%zu-%s", i, i % 3 ? "rf" : "knn");
    in.run_id = id;
    in.run_name = name;
    in.experiment_id = "42";
    in.user_id = users[next() % 5];
    in.artifact_uri = "mlflow-artifacts:/42/artifacts";
    in.status = statuses[next() % 6];
    in.lifecycle = LIFE_ACTIVE;
    in.start_time = start;
    in.end_time = in.status == RUN_RUNNING ? TIME_NONE : start + next() % 3600000;
    if (runset_begin_run(rs, &in) < 0)
        return -1;
    for (int m = 0; m < N_METRICS; m++) {
        uint32_t x = next();
        double   v = x % 100 == 0 ? NAN : (x >> 8) / 16777216.0;

        if (runset_add_metric(rs, mkeys[m], v, x % 100) < 0)
            return -1;
    }
    for (int p = 0; p < N_PARAMS; p++) {
        const char *val = p % 2 ? optvals[next() % 50] : numvals[next() % 1000];

        if (runset_add_param(rs, pkeys[p], val) < 0)
            return -1;
    }
    for (int t = 0; t < N_TAGS; t++) {
        if (t == 0) {
            runset_add_tag(rs, "mlflow.source.name", sources[next() % 4]);
            continue;
        }
        if (runset_add_tag(rs, tkeys[t], tagvals[next() % 20]) < 0)
            return -1;
    }
    runset_set_flavour(rs, i % 3 ? "sklearn" : "h2o");
    return runset_end_run(rs);
}

#endif
