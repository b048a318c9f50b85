/* bench_plot.c — parallel coordinates at scale: 5,000 runs x 8 axes (7
 * metrics + 1 categorical param), built into the plot model, rasterised to a
 * 200x50-cell braille canvas (as on a large terminal) and to the 1800x1100
 * PNG canvas. Each figure is printed in ms and as a ratio to a baseline
 * measured in the same process (writing every cell of the braille canvas
 * once per segment drawn, i.e. the same number of cell writes as a naive
 * one-cell-per-segment renderer). Best of REPS runs.
 *
 *     make build/bench/bench_plot && build/bench/bench_plot [runs]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/plot.h"
#include "render/plot_png.h"
#include "widgets/canvas_braille.h"
#include "widgets/plot_braille.h"

#define N_AXES 8
#define REPS   5

static uint32_t rng = 2463534242u;

static uint32_t next(void)
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

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 5000;
    RunSet *rs = runset_new();
    uint32_t *rows = malloc(n * sizeof *rows);
    uint8_t *slots = malloc(n);
    PlotDim dims[N_AXES];
    Braille *b = braille_new(200, 50);
    double t, best_model = 1e9, best_raster = 1e9, best_base = 1e9, best_png = 1e9;
    volatile unsigned sink = 0;
    char key[32], id[32], val[32];

    if (!rs || !rows || !slots || !b)
        return 1;
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "run%06zu", i);
        RunInfoIn in = { .run_id = id, .run_name = id, .start_time = TIME_NONE,
                         .end_time = TIME_NONE };
        runset_begin_run(rs, &in);
        for (int m = 0; m < N_AXES - 1; m++) {
            snprintf(key, sizeof key, "metric_%d", m);
            /* 2% missing, 1% NaN: they land in the missing band */
            uint32_t r = next() % 100;
            if (r >= 2)
                runset_add_metric(rs, key, r == 2 ? NAN : (next() % 100000) / 1000.0, 0);
        }
        snprintf(val, sizeof val, "%u", 10u << (next() % 10));
        runset_add_param(rs, "n_estimators", val);
        runset_end_run(rs);
        rows[i] = (uint32_t)i;
    }
    for (int rep = 0; rep < REPS; rep++) {
        Column c;
        t = now_ms();
        for (int a = 0; a < N_AXES; a++) {
            if (a < N_AXES - 1) {
                snprintf(key, sizeof key, "metric_%d", a);
                runtable_parse_column(rs, key, &c);
            } else {
                runtable_parse_column(rs, "params.n_estimators", &c);
            }
            plot_dim_build(&dims[a], rs, rows, n, c, SCALE_AUTO);
        }
        for (size_t r = 0; r < n; r++)
            slots[r] = braille_ramp_slot(dims[0].pos[r] == PLOT_MISSING ? NAN : dims[0].pos[r]);
        t = now_ms() - t;
        if (t < best_model) best_model = t;

        t = now_ms();
        braille_clear(b);
        pb_parallel(b, dims, N_AXES, n, slots, 0, 2, 3);
        t = now_ms() - t;
        if (t < best_raster) best_raster = t;

        /* Baseline: one plain cell write per segment, over the same canvas. */
        t = now_ms();
        size_t cells = (size_t)b->cols * (size_t)b->rows;
        for (size_t s = 0; s < n * (N_AXES - 1); s++) {
            size_t i = (s * 2654435761u) % cells;
            b->bits[i] |= (uint8_t)s;
            b->color[i] = (uint8_t)(s >> 8);
        }
        t = now_ms() - t;
        sink += b->bits[0];
        if (t < best_base) best_base = t;

        if (rep < 2) {
            t = now_ms();
            Canvas *cv = plot_png_parallel("bench", dims, N_AXES, n, &dims[0], 0);
            t = now_ms() - t;
            if (t < best_png) best_png = t;
            canvas_free(cv);
        }
        for (int a = 0; a < N_AXES; a++)
            plot_dim_free(&dims[a]);
    }
    printf("parallel coordinates, %zu runs x %d axes (best of %d)\n", n, N_AXES, REPS);
    printf("  model (axes, ticks, positions)   %8.2f ms\n", best_model);
    printf("  braille raster 200x50 cells      %8.2f ms   x%.1f baseline\n", best_raster,
           best_raster / (best_base > 0 ? best_base : 1e-3));
    printf("  baseline: %zu cell writes        %8.2f ms\n", n * (N_AXES - 1), best_base);
    printf("  model + braille (screen redraw)  %8.2f ms\n", best_model + best_raster);
    printf("  PNG canvas 1800x1100 (AA lines)  %8.2f ms (best of 2, no file write)\n", best_png);
    (void)sink;
    braille_free(b);
    runset_free(rs);
    free(rows);
    free(slots);
    return 0;
}
