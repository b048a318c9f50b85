/* runs_live.c — what keeps the runs screen current without a full reload:
 * the local cache (an experiment seen before is shown at once from the cache,
 * then the server's answer is swapped in, see api/apicache.c) and :watch (a
 * look every few seconds for runs still running and runs started since).
 * Both merge into the table in place: the cursor stays on its run and what
 * is new or changed is highlighted for a few seconds (rv->fresh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/runids.h"
#include "core/format.h"
#include "core/runsdiff.h"
#include "views/runs_int.h"

/* ---- the cache ---- */

void runs_cache_result(RunsView *rv, App *app, ApiResult *r)
{
    rv->cache_req = 0;
    /* Too late when the server's first page is already on screen; in time
     * even when experiments/get has failed meanwhile (server down: the
     * cached table is what there is, "not refreshed"). */
    if (r->runs && !rv->loaded_once && rv->pages == 0 && r->runs->n_runs) {
        char n[32], ago[32];

        rv->cached_ms = r->cached_ms;
        rv->cached_runs = r->runs->n_runs;
        runs_show_set(rv, r->runs, false);
        r->runs = NULL;
        modelcol_apply(&rv->mc, rv->rs);
        rv->from_cache = true;
        rv->loaded_once = true;
        fmt_count(rv->cached_runs, n, sizeof n);
        fmt_ago(rv->cached_ms, app_now_ms(), ago, sizeof ago);
        /* After a failed experiments/get its error stays on the status line
         * (the experiment line says "not refreshed"). */
        if (rv->loading)
            app_message(app, "Showing %s runs cached %s; refreshing from the server", n, ago);
    }
}

bool runs_refresh_swap(RunsView *rv, App *app)
{
    RunSet  *ns = rv->next;
    RunsDiff    d;
    const char *id;
    char        a[32], c[32], g[32];

    rv->next = NULL;
    rv->from_cache = false;
    idset_free(&rv->fresh);
    if (runsdiff_compute(rv->rs, ns, &d) == 0) {
        fmt_count(idset_count(&d.added), a, sizeof a);
        fmt_count(idset_count(&d.changed), c, sizeof c);
        fmt_count(idset_count(&d.removed), g, sizeof g);
        rv->fresh = d.changed;   /* taken: highlighted with the new ones */
        memset(&d.changed, 0, sizeof d.changed);
        for (size_t pos = 0; (id = idset_next(&d.added, &pos));)
            idset_add(&rv->fresh, id);
        rv->fresh_until = app_now_ms() + 4000;
        app_wake_at(app, rv->fresh_until);
        runsdiff_free(&d);
        runs_show_set(rv, ns, true);
        modelcol_apply(&rv->mc, rv->rs);
        rv->loading = false;
        api_cache_store_runs(app_api(app), rv->exp_id, rv->rs);
        app_message(app, "Refreshed from the server in %.1fs: %s new, %s changed, %s gone",
                    (double)(app_now_ms() - rv->load_started) / 1000.0, a, c, g);
        return true;
    }
    runs_show_set(rv, ns, true);
    return false;
}

/* ---- :watch ---- */

#define WATCH_MAX_RUNNING (63 * API_RUN_IDS_CHUNK)   /* watch_reqs holds 64, one for new runs */

void runs_watch_forget(RunsView *rv, App *app)
{
    for (size_t i = 0; i < rv->n_watch_reqs; i++)
        api_cancel(app_api(app), rv->watch_reqs[i]);
    rv->n_watch_reqs = 0;
    runset_free(rv->watch_got);
    rv->watch_got = NULL;
}

void runs_watch_stop(RunsView *rv, App *app)
{
    runs_watch_forget(rv, app);
    rv->watch_s = 0;
}

/* One look: the runs we hold as RUNNING or SCHEDULED, by id (their status,
 * metrics and end come back whatever they are now: a filter on status would
 * miss the run that finished since the last look), and the runs started
 * after the newest we hold (MLflow's filter grammar has no OR, so two
 * queries, not one). Both within the current server filter and lifecycle. */
void runs_watch_look(RunsView *rv, App *app)
{
    const char **ids = NULL;
    const char  *exp[1] = { rv->exp_id };
    size_t       n = 0;
    int64_t      newest = INT64_MIN;
    char         filter[1200];
    RunsQuery    q = { 0 };

    if (!rv->exp_id || rv->loading || rv->n_watch_reqs)
        return;                       /* a load or the last look is still going */
    ids = malloc((rv->rs->n_runs ? rv->rs->n_runs : 1) * sizeof *ids);
    if (!ids)
        return;
    for (size_t i = 0; i < rv->rs->n_runs; i++) {
        const Run *r = &rv->rs->runs[i];

        if ((r->status == RUN_RUNNING || r->status == RUN_SCHEDULED) && n < WATCH_MAX_RUNNING)
            ids[n++] = runset_str(rv->rs, r->run_id);
        if (r->start_time != TIME_NONE && r->start_time > newest)
            newest = r->start_time;
    }
    rv->watch_running = n;
    rv->watch_got = runset_new();
    if (n)
        rv->n_watch_reqs = api_runs_by_ids(app_api(app), rv->base.id, rv->base.gen, exp, 1,
                                           ids, n, rv->watch_reqs);
    free(ids);
    if (newest == INT64_MIN)
        newest = 0;
    if (rv->filter[0])
        snprintf(filter, sizeof filter, "attributes.start_time > %lld AND %s",
                 (long long)newest, rv->filter);
    else
        snprintf(filter, sizeof filter, "attributes.start_time > %lld", (long long)newest);
    q.experiment_ids = exp;
    q.n_experiment_ids = 1;
    q.filter = filter;
    q.view_type = rv->view_type;
    rv->watch_reqs[rv->n_watch_reqs] = api_runs_search(app_api(app), rv->base.id, rv->base.gen,
                                                       &q);
    if (rv->watch_reqs[rv->n_watch_reqs])
        rv->n_watch_reqs++;
}

bool runs_watch_owns(const RunsView *rv, uint64_t req)
{
    for (size_t i = 0; i < rv->n_watch_reqs; i++)
        if (rv->watch_reqs[i] == req)
            return true;
    return false;
}

/* A reply to a look: gathered until the look's last request ends, then
 * merged in place (a run of the set is replaced where it stands) and what
 * changed is highlighted. */
void runs_watch_result(RunsView *rv, App *app, ApiResult *r)
{
    RunsDiff d;

    if (r->err.kind != ERR_OK) {
        if (r->err.kind != ERR_CANCELLED)
            app_error(app, "Watch stopped: %s", r->err.message);
        runs_watch_stop(rv, app);
        return;
    }
    if (r->runs && rv->watch_got)
        runset_merge(rv->watch_got, r->runs);
    if (!r->final)
        return;
    for (size_t i = 0; i < rv->n_watch_reqs; i++)
        if (rv->watch_reqs[i] == r->req_id) {
            rv->watch_reqs[i] = rv->watch_reqs[--rv->n_watch_reqs];
            break;
        }
    if (rv->n_watch_reqs || !rv->watch_got)
        return;
    rv->watch_last = app_now_ms();
    if (rv->watch_got->n_runs && runsdiff_compute(rv->rs, rv->watch_got, &d) == 0) {
        const char *id;

        if (idset_count(&d.changed) || idset_count(&d.added)) {
            if (rv->now >= rv->fresh_until)
                idset_free(&rv->fresh);
            for (size_t pos = 0; (id = idset_next(&d.changed, &pos));)
                idset_add(&rv->fresh, id);
            for (size_t pos = 0; (id = idset_next(&d.added, &pos));)
                idset_add(&rv->fresh, id);
            rv->fresh_until = rv->watch_last + 3000;
            app_wake_at(app, rv->fresh_until);
            runset_merge(rv->rs, rv->watch_got);
            runtable_sync_columns(&rv->t);
            runs_keep_cursor(rv);
        }
        runsdiff_free(&d);
    }
    runset_free(rv->watch_got);
    rv->watch_got = NULL;
}

void runs_watch_start(RunsView *rv, App *app, int seconds)
{
    rv->watch_s = seconds;
    rv->watch_next = app_now_ms();    /* the first look at once */
    app_wake_at(app, rv->watch_next);
    app_message(app, "Watching %s: a look every %d s for new and running runs (w or :watch off "
                "stops)", rv->exp_name ? rv->exp_name : rv->exp_ref, seconds);
}
