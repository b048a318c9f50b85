/* bench_runset.c — the run store at the scale of DESIGN.md: 100,000 runs x 30
 * metrics x 30 params x 10 tags, built deterministically, then sorted and
 * filtered through RunTable. Each figure is printed in ms and as a ratio to a
 * baseline measured in the same process (qsort of plain doubles, a strstr
 * scan), so the ratios mean something on any machine. Best of REPS runs.
 *
 *     make build/bench/bench_runset && build/bench/bench_runset [runs]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/runset.h"
#include "core/runtable.h"
#include "synth_runs.h"

#define REPS      5

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static void report(const char *what, size_t n, double ms, double base, const char *base_what)
{
    printf("%-22s %zu runs: %8.2f ms (%.1fx %s)\n", what, n, ms, ms / base, base_what);
}

int main(int argc, char **argv)
{
    size_t   n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    RunSet  *rs = runset_new(), *paged = runset_new(), *page = runset_new();
    RunTable t;
    double   t0, build = 1e30, merge, qs = 1e30, scan = 1e30, ms;
    double  *vals = malloc(n * sizeof *vals), *work = malloc(n * sizeof *work);
    char   **strs = malloc(n * sizeof *strs);
    char     base_q[64], base_s[64];
    Column   c;
    volatile size_t sink = 0;

    if (!rs || !paged || !page || !vals || !work || !strs)
        return 1;
    synth_strings();

    /* Build: one run at a time into one RunSet, as api/ does for a page. */
    for (int rep = 0; rep < 2; rep++) {
        runset_clear(rs);
        rng = 2463534242u;
        t0 = now_ms();
        for (size_t i = 0; i < n; i++)
            if (synth_run(rs, i) < 0)
                return 1;
        ms = now_ms() - t0;
        build = ms < build ? ms : build;
    }
    /* Merge: the same runs arriving in pages of 1000, merged into a view's set. */
    rng = 2463534242u;
    merge = 0;
    for (size_t i = 0; i < n;) {
        runset_clear(page);
        for (size_t j = 0; j < 1000 && i < n; j++, i++)
            synth_run(page, i);
        t0 = now_ms();
        runset_merge(paged, page);
        merge += now_ms() - t0;
    }

    /* Baselines. */
    for (size_t i = 0; i < n; i++) {
        const MetricVal *m = runset_metric(rs, i, runset_key(rs, "metric_07"));

        vals[i] = m ? m->value : 0;
        strs[i] = strdup(runset_str(rs, rs->runs[i].name));
    }
    for (int rep = 0; rep < REPS; rep++) {
        memcpy(work, vals, n * sizeof *work);
        t0 = now_ms();
        qsort(work, n, sizeof *work, cmp_double);
        ms = now_ms() - t0;
        qs = ms < qs ? ms : qs;
        t0 = now_ms();
        for (size_t i = 0; i < n; i++)
            sink += strstr(strs[i], "knn") != NULL;
        ms = now_ms() - t0;
        scan = ms < scan ? ms : scan;
    }
    snprintf(base_q, sizeof base_q, "qsort of %zu doubles", n);
    snprintf(base_s, sizeof base_s, "strstr over %zu strings", n);

    printf("runs %zu, metrics %zu, params %zu, tags %zu, distinct strings %zu\n", rs->n_runs,
           rs->n_metrics, rs->n_params, rs->n_tags, strpool_count(rs->pool));
    printf("%-22s %zu runs: %8.2f ms (%.2f us a run)\n", "build", n, build, build * 1e3 / n);
    printf("%-22s %zu runs: %8.2f ms (%.2f us a run)\n", "merge_pages_of_1000", n, merge,
           merge * 1e3 / n);
    printf("%-22s %zu runs: %8.1f MB (%.0f bytes a run)\n", "memory", n,
           runset_memory(rs) / 1048576.0, (double)runset_memory(rs) / n);
    printf("%-22s %zu runs: %8.2f ms\n", "baseline_qsort", n, qs);
    printf("%-22s %zu runs: %8.2f ms\n", "baseline_strstr", n, scan);

#define MEASURE(label, setup, base, base_what)                        \
    do {                                                              \
        double best = 1e30;                                           \
        for (int rep = 0; rep < REPS; rep++) {                        \
            runtable_init(&t, rs);                                    \
            setup;                                                    \
            t0 = now_ms();                                            \
            runtable_refresh(&t);                                     \
            ms = now_ms() - t0;                                       \
            best = ms < best ? ms : best;                             \
            sink += t.n_rows;                                         \
            if (rep < REPS - 1)                                       \
                runtable_free(&t);                                    \
        }                                                             \
        report(label, n, best, base, base_what);                      \
    } while (0)

    MEASURE("refresh_unsorted", (void)0, qs, base_q);
    runtable_free(&t);
    runtable_parse_column(rs, "metrics.metric_07", &c);
    MEASURE("sort_metric_desc", runtable_sort_by(&t, c, true), qs, base_q);
    /* check: descending, NaN last */
    for (size_t i = 1; i < t.n_rows; i++) {
        const MetricVal *a = runset_metric(rs, t.rows[i - 1], c.id);
        const MetricVal *b = runset_metric(rs, t.rows[i], c.id);

        if (!isnan(b->value) && (isnan(a->value) || a->value < b->value)) {
            fprintf(stderr, "sort_metric_desc: wrong order at %zu\n", i);
            return 1;
        }
    }
    runtable_free(&t);
    MEASURE("sort_metric_asc", runtable_sort_by(&t, c, false), qs, base_q);
    runtable_free(&t);
    runtable_parse_column(rs, "params.param_04", &c);
    MEASURE("sort_param_numeric", runtable_sort_by(&t, c, false), qs, base_q);
    runtable_free(&t);
    runtable_parse_column(rs, "params.param_05", &c);
    MEASURE("sort_param_string", runtable_sort_by(&t, c, true), qs, base_q);
    runtable_free(&t);
    runtable_parse_column(rs, "name", &c);
    MEASURE("sort_name", runtable_sort_by(&t, c, false), qs, base_q);
    runtable_free(&t);
    {
        Column a, b;

        runtable_parse_column(rs, "params.param_05", &a);
        runtable_parse_column(rs, "metrics.metric_03", &b);
        MEASURE("sort_two_keys", (t.sort[0] = (SortKey){ a, false },
                                  t.sort[1] = (SortKey){ b, true }, t.n_sort = 2), qs, base_q);
        runtable_free(&t);
    }
    MEASURE("quick_filter", runtable_set_quick(&t, "knn"), scan, base_s);
    printf("%-22s %zu runs: %zu shown\n", "  (filter matches)", n, t.n_rows);
    runtable_free(&t);
    MEASURE("quick_filter_param", runtable_set_quick(&t, "OPT_49"), scan, base_s);
    printf("%-22s %zu runs: %zu shown\n", "  (filter matches)", n, t.n_rows);
    runtable_free(&t);
    runtable_parse_column(rs, "metrics.metric_07", &c);
    MEASURE("filter_and_sort", (runtable_set_quick(&t, "rf"), runtable_sort_by(&t, c, true)),
            qs + scan, "qsort + strstr");
    runtable_free(&t);

    for (size_t i = 0; i < n; i++)
        free(strs[i]);
    free(strs);
    free(vals);
    free(work);
    runset_free(rs);
    runset_free(paged);
    runset_free(page);
    return sink == 0;
}
