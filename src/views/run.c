/* run.c — one run in detail: overview, description, metrics (latest value,
 * and for metrics logged at more than one step a sparkline from the history
 * with min/max), parameters, tags (system tags grouped apart). One scrolling
 * page with sections; Tab jumps between sections; Enter or v shows a long
 * value in full. Opens at once from the row the runs table had, then
 * refreshes from runs/get. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/logged_models.h"
#include "core/format.h"
#include "core/logged_model.h"
#include "core/text.h"
#include "views/mouse.h"
#include "views/item.h"
#include "views/viewtab.h"
#include "views/regwrite.h"
#include "widgets/draw.h"
#include "widgets/lines.h"
#include "widgets/spark.h"

enum { TAG_LINKS = 70 };   /* runs/get read raw for outputs and dataset inputs (MLflow 3) */

typedef struct RunView {
    View            base;
    RunSet         *rs;          /* the one run */
    RunLinks        links;       /* its logged models and dataset inputs (runs/get) */
    char            run_id[64];
    LineList        ll;          /* LINE_LINK: key is a logged model id; FIELD data: history */
    MetricHistory **hist;        /* one per metric of the run, NULL until loaded */
    size_t          n_hist;
    bool            hist_requested;
    bool            following;   /* the run is running: re-read every FOLLOW_MS */
    int64_t         follow_next; /* when the next look is due (app_now_ms) */
} RunView;

#define FOLLOW_MS 5000

static void add_line(RunView *rv, LineKind kind, const char *key, const char *value, Role role,
                     int hist)
{
    Line *l = lines_add(&rv->ll, kind, key, value, role);

    if (l)
        l->data = hist;
}

static bool is_system_tag(const char *k)
{
    return strncmp(k, "mlflow.", 7) == 0;
}

static const char *tag_value(const RunSet *rs, const char *key)
{
    uint32_t k = runset_key(rs, key);
    uint32_t v = k == UINT32_MAX ? UINT32_MAX : runset_tag(rs, 0, k);
    return v == UINT32_MAX ? NULL : runset_str(rs, v);
}

static void build_lines(RunView *rv)
{
    const RunSet *rs = rv->rs;
    const Run *r;
    char buf[128], buf2[160];
    const char *desc;

    lines_clear(&rv->ll);
    if (rs->n_runs == 0) {
        add_line(rv, LINE_TEXT, "", "Loading…", ROLE_DIM, -1);
        return;
    }
    r = &rs->runs[0];
    add_line(rv, LINE_SECTION, "Overview", "", ROLE_SECTION, -1);
    add_line(rv, LINE_FIELD, "Run ID", runset_str(rs, r->run_id), ROLE_NORMAL, -1);
    add_line(rv, LINE_FIELD, "Name", runset_str(rs, r->name), ROLE_NORMAL, -1);
    add_line(rv, LINE_FIELD, "Experiment ID", runset_str(rs, r->experiment_id), ROLE_NORMAL, -1);
    snprintf(buf, sizeof buf, "%s%s", run_status_name(r->status),
             rv->following ? "  (following: a look every 5 s)" : "");
    add_line(rv, LINE_FIELD, "Status", buf,
             r->status == RUN_FAILED ? ROLE_STATUS_FAILED
             : r->status == RUN_RUNNING ? ROLE_STATUS_RUNNING
             : r->status == RUN_KILLED ? ROLE_STATUS_KILLED : ROLE_STATUS_FINISHED, -1);
    add_line(rv, LINE_FIELD, "Lifecycle", r->lifecycle == LIFE_DELETED ? "deleted" : "active",
             r->lifecycle == LIFE_DELETED ? ROLE_ERROR : ROLE_NORMAL, -1);
    add_line(rv, LINE_FIELD, "User", runset_str(rs, r->user), ROLE_NORMAL, -1);
    add_line(rv, LINE_FIELD, "Source", runset_str(rs, r->source), ROLE_NORMAL, -1);
    {
        const char *st = tag_value(rs, "mlflow.source.type");
        if (st)
            add_line(rv, LINE_FIELD, "Source type", st, ROLE_NORMAL, -1);
    }
    add_line(rv, LINE_FIELD, "Git commit", r->git_commit ? runset_str(rs, r->git_commit) : "—",
             r->git_commit ? ROLE_NORMAL : ROLE_MISSING, -1);
    if (r->flavour)
        add_line(rv, LINE_FIELD, "Model flavour", runset_str(rs, r->flavour), ROLE_NORMAL, -1);
    add_line(rv, LINE_FIELD, "Start", fmt_time(r->start_time, buf, sizeof buf), ROLE_NORMAL, -1);
    add_line(rv, LINE_FIELD, "End", r->end_time == TIME_NONE ? "—" : fmt_time(r->end_time, buf,
             sizeof buf), ROLE_NORMAL, -1);
    if (r->start_time != TIME_NONE) {
        int64_t end = r->end_time != TIME_NONE ? r->end_time : app_now_ms();
        fmt_duration(end - r->start_time, buf, sizeof buf);
        if (r->end_time == TIME_NONE)
            snprintf(buf2, sizeof buf2, "%s (still running)", buf);
        else
            snprintf(buf2, sizeof buf2, "%s", buf);
        add_line(rv, LINE_FIELD, "Duration", buf2, ROLE_NORMAL, -1);
    }
    add_line(rv, LINE_FIELD, "Artifact URI", runset_str(rs, r->artifact_uri), ROLE_NORMAL, -1);

    if (rv->links.n_models) {
        add_line(rv, LINE_BLANK, "", "", ROLE_NORMAL, -1);
        snprintf(buf, sizeof buf, "Logged models (%zu)", rv->links.n_models);
        add_line(rv, LINE_SECTION, buf, "", ROLE_SECTION, -1);
        for (size_t i = 0; i < rv->links.n_models; i++) {
            snprintf(buf2, sizeof buf2, "step %lld  (Enter opens it)",
                     (long long)rv->links.models[i].step);
            add_line(rv, LINE_LINK, rv->links.models[i].model_id, buf2, ROLE_NORMAL, -1);
        }
    }
    if (rv->links.n_datasets) {
        add_line(rv, LINE_BLANK, "", "", ROLE_NORMAL, -1);
        snprintf(buf, sizeof buf, "Dataset inputs (%zu)", rv->links.n_datasets);
        add_line(rv, LINE_SECTION, buf, "", ROLE_SECTION, -1);
        for (size_t i = 0; i < rv->links.n_datasets; i++) {
            const DatasetInput *d = &rv->links.datasets[i];
            char val[600];
            snprintf(val, sizeof val, "digest %s  source %s%s%s", d->digest[0] ? d->digest : "—",
                     d->source_type[0] ? d->source_type : "—", d->context[0] ? "  context "
                     : "", d->context);
            add_line(rv, LINE_FIELD, d->name[0] ? d->name : "(unnamed)", val, ROLE_NORMAL, -1);
        }
    }

    desc = tag_value(rs, "mlflow.note.content");
    add_line(rv, LINE_BLANK, "", "", ROLE_NORMAL, -1);
    add_line(rv, LINE_SECTION, "Description", "", ROLE_SECTION, -1);
    add_line(rv, LINE_TEXT, "", desc && *desc ? desc : "(none)", desc && *desc ? ROLE_NORMAL
             : ROLE_DIM, -1);

    add_line(rv, LINE_BLANK, "", "", ROLE_NORMAL, -1);
    snprintf(buf, sizeof buf, "Metrics (%u)", r->m_n);
    add_line(rv, LINE_SECTION, buf, "", ROLE_SECTION, -1);
    {
        uint32_t     n;
        const char **keys = runset_sorted_keys(rs, 0, RUN_METRIC_KEYS, &n);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t k = runset_key(rs, keys[i]);
            const MetricVal *m = runset_metric(rs, 0, k);
            int h = -1;
            if (!m)
                continue;
            fmt_metric_full(m->value, buf, sizeof buf);
            if (m->step > 0)
                snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "  (step %u)", m->step);
            for (size_t j = 0; j < rv->n_hist; j++)
                if (rv->hist[j] && strcmp(rv->hist[j]->key, keys[i]) == 0)
                    h = (int)j;
            add_line(rv, LINE_FIELD, keys[i], buf, isnan(m->value) ? ROLE_MISSING : ROLE_NUMBER, h);
        }
        free(keys);
    }

    add_line(rv, LINE_BLANK, "", "", ROLE_NORMAL, -1);
    snprintf(buf, sizeof buf, "Parameters (%u)", r->p_n);
    add_line(rv, LINE_SECTION, buf, "", ROLE_SECTION, -1);
    {
        uint32_t     n;
        const char **keys = runset_sorted_keys(rs, 0, RUN_PARAM_KEYS, &n);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t v = runset_param(rs, 0, runset_key(rs, keys[i]));
            add_line(rv, LINE_FIELD, keys[i], v == UINT32_MAX ? "" : runset_str(rs, v), ROLE_NORMAL,
                     -1);
        }
        free(keys);
    }

    uint32_t     n_tags;
    const char **tags = runset_sorted_keys(rs, 0, RUN_TAG_KEYS, &n_tags);
    for (int sys = 0; sys < 2; sys++) {
        uint32_t n = 0;
        for (uint32_t i = 0; i < n_tags; i++)
            n += is_system_tag(tags[i]) == (sys == 1);
        add_line(rv, LINE_BLANK, "", "", ROLE_NORMAL, -1);
        snprintf(buf, sizeof buf, sys ? "System tags (%u)" : "Tags (%u)", n);
        add_line(rv, LINE_SECTION, buf, "", ROLE_SECTION, -1);
        for (uint32_t i = 0; i < n_tags; i++) {
            if (is_system_tag(tags[i]) != (sys == 1))
                continue;
            uint32_t v = runset_tag(rs, 0, runset_key(rs, tags[i]));
            add_line(rv, LINE_FIELD, tags[i], v == UINT32_MAX ? "" : runset_str(rs, v),
                     sys ? ROLE_DIM : ROLE_NORMAL, -1);
        }
        if (n == 0)
            add_line(rv, LINE_TEXT, "", "(none)", ROLE_DIM, -1);
    }
    free(tags);
}

/* Copies run i of src into a fresh set. */
static RunSet *copy_run(const RunSet *src, size_t i)
{
    RunSet *rs = runset_new();
    const Run *r = &src->runs[i];
    RunInfoIn in = {
        .run_id = runset_str(src, r->run_id), .run_name = runset_str(src, r->name),
        .experiment_id = runset_str(src, r->experiment_id), .user_id = runset_str(src, r->user),
        .artifact_uri = runset_str(src, r->artifact_uri), .status = r->status,
        .lifecycle = r->lifecycle, .start_time = r->start_time, .end_time = r->end_time,
    };

    if (!rs || runset_begin_run(rs, &in) != 0)
        goto fail;
    for (uint32_t j = 0; j < r->m_n; j++) {
        const MetricVal *m = &src->metrics[r->m_off + j];
        runset_add_metric(rs, runset_str(src, m->key), m->value, m->step);
    }
    for (uint32_t j = 0; j < r->p_n; j++)
        runset_add_param(rs, runset_str(src, src->params[r->p_off + j].key),
                         runset_str(src, src->params[r->p_off + j].value));
    for (uint32_t j = 0; j < r->t_n; j++)
        runset_add_tag(rs, runset_str(src, src->tags[r->t_off + j].key),
                       runset_str(src, src->tags[r->t_off + j].value));
    if (r->flavour)
        runset_set_flavour(rs, runset_str(src, r->flavour));
    runset_end_run(rs);
    return rs;
fail:
    runset_free(rs);
    return NULL;
}

static void request_histories(RunView *rv, App *app)
{
    const Run *r;

    if (rv->hist_requested || rv->rs->n_runs == 0)
        return;
    r = &rv->rs->runs[0];
    rv->hist_requested = true;
    for (uint32_t i = 0; i < r->m_n && i < 100; i++) {
        const MetricVal *m = &rv->rs->metrics[r->m_off + i];
        const MetricHistory *h = NULL;
        for (size_t j = 0; j < rv->n_hist && !h; j++)
            if (rv->hist[j] && !strcmp(rv->hist[j]->key, runset_str(rv->rs, m->key)))
                h = rv->hist[j];
        /* Following: only the histories that grew since they were read. */
        if (h) {
            int64_t last = INT64_MIN;
            for (size_t k = 0; k < h->n; k++)
                if (h->pts[k].step > last)
                    last = h->pts[k].step;
            if (last >= (int64_t)m->step)
                continue;
        }
        if (m->step > 0)
            api_metric_history(app_api(app), rv->base.id, rv->base.gen, rv->run_id,
                               runset_str(rv->rs, m->key));
    }
}

/* ---- drawing ---- */

static void draw_history(const MetricHistory *h, WINDOW *w, int y, int x, int cols)
{
    double *v;
    char spark[256], stats[128], lo[32], hi[32];
    double mn = INFINITY, mx = -INFINITY;
    int sw;

    if (!h || h->n < 2 || cols < 12)
        return;
    v = malloc(h->n * sizeof *v);
    if (!v)
        return;
    for (size_t i = 0; i < h->n; i++) {
        v[i] = h->pts[i].value;
        if (isfinite(v[i])) {
            if (v[i] < mn) mn = v[i];
            if (v[i] > mx) mx = v[i];
        }
    }
    snprintf(stats, sizeof stats, " %zu steps  min %s  max %s", h->n,
             fmt_metric(mn, lo, sizeof lo), fmt_metric(mx, hi, sizeof hi));
    sw = cols - text_width(stats) - 1;
    if (sw > 40)
        sw = 40;
    if (sw >= 4) {
        spark_render(v, h->n, sw, spark, sizeof spark);
        draw_raw(w, y, x, spark, ROLE_CHART);
        draw_text(w, y, x + sw + 1, stats, cols - sw - 1, ROLE_DIM, false);
    } else {
        draw_text(w, y, x, stats, cols, ROLE_DIM, false);
    }
    free(v);
}

/* After a metric's value: its sparkline from the history, with min/max. */
static void decor(void *ctx, const Line *l, WINDOW *w, int y, int x, int width)
{
    RunView *rv = ctx;

    if (l->data >= 0 && (size_t)l->data < rv->n_hist)
        draw_history(rv->hist[l->data], w, y, x, width);
}

static void rv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    RunView *rv = (RunView *)v;

    (void)app;
    lines_draw(&rv->ll, w, rows, cols, decor, rv);
}

/* MLflow 3: the run's logged models (outputs) and dataset inputs, which the
 * parsed runs/get reply does not keep; not asked of an MLflow 2 server. */
static void request_links(RunView *rv, App *app)
{
    char path[300], *id;
    ApiCall c = { .method = "GET", .path = path, .tag = TAG_LINKS, .label = "runs/get" };

    if (lm_server_gen() == SERVER_MLFLOW2 || !(id = api_escape(rv->run_id)))
        return;
    snprintf(path, sizeof path, "/api/2.0/mlflow/runs/get?run_id=%s", id);
    free(id);
    api_call(app_api(app), rv->base.id, rv->base.gen, &c);
}

/* ---- run view ops ---- */

static int rv_handle(View *v, App *app, Action a)
{
    RunView *rv = (RunView *)v;
    const Line *cur = lines_current(&rv->ll);

    if (lines_move(&rv->ll, a))
        return R_REDRAW;
    switch (a) {
    case ACT_OPEN:
    case ACT_EXPAND: {
        const Line *l = cur;
        if (!l)
            return R_NONE;
        if (l->kind == LINE_LINK) {
            view_open(app, VIEW_LOGGED_MODEL, &(ViewArgs){ .model_id = l->key });
            return R_REDRAW;
        }
        if (l->kind == LINE_FIELD || l->kind == LINE_TEXT)
            view_open(app, VIEW_TEXT, &(ViewArgs){ .title = l->key[0] ? l->key : "Description",
                                                   .text = l->value });
        return R_REDRAW;
    }
    case ACT_RELOAD:
        rv->base.gen++;
        rv->hist_requested = false;
        rv->base.req = api_run_get(app_api(app), rv->base.id, rv->base.gen, rv->run_id);
        request_links(rv, app);
        return R_REDRAW;
    case ACT_COPY_ID:
        app_message(app, "Run id %s", rv->run_id);
        return R_REDRAW;
    case ACT_HISTORY: {
        /* The metric under the cursor (else the view picks one logged at steps). */
        uint32_t zero = 0;
        char *argv[1];
        int argc = 0;
        if (rv->rs->n_runs == 0)
            return R_NONE;
        if (cur && cur->kind == LINE_FIELD &&
            runset_metric(rv->rs, 0, runset_key(rv->rs, cur->key)))
            argv[argc++] = cur->key;
        view_open(app, VIEW_HISTORY, &(ViewArgs){ .rs = rv->rs, .rows = &zero, .n_rows = 1,
                                                  .argc = argc, .argv = argv });
        return R_REDRAW;
    }
    case ACT_ARTIFACTS: {
        const Run *run = rv->rs->n_runs ? &rv->rs->runs[0] : NULL;
        view_open(app, VIEW_ARTIFACTS,
                  &(ViewArgs){ .run_id = rv->run_id,
                               .run_name = run ? runset_str(rv->rs, run->name) : NULL,
                               .artifact_uri = run ? runset_str(rv->rs, run->artifact_uri) : NULL });
        return R_REDRAW;
    }
    default:
        /* Writes (tag, untag, edit, delete, restore, register) and V: regwrite.c. */
        return regw_run_action(app, v, a, rv->rs, 0,
                               cur && cur->kind == LINE_FIELD ? cur->key : NULL);
    }
}

static int rv_command(View *v, App *app, int argc, char **argv)
{
    RunView *rv = (RunView *)v;
    if (strcmp(argv[0], "artifacts") == 0)
        return rv_handle(v, app, ACT_ARTIFACTS);
    return regw_run_command(app, v, argc, argv, rv->rs, 0);
}

static void rv_on_result(View *v, App *app, ApiResult *r)
{
    RunView *rv = (RunView *)v;
    int w = regw_on_result(v, app, r);

    if (w != RW_NOT_MINE) {          /* a write's reply: re-read the run when it was made */
        if (w == RW_OK)
            rv_handle(v, app, ACT_RELOAD);
        return;
    }
    if (r->kind == REQ_CALL && r->tag == TAG_LINKS) {
        Err e;
        RunLinks l;
        if (r->err.kind == ERR_OK && lm_parse_run_links(r->body, r->body_len, &l, &e) == 0) {
            run_links_clear(&rv->links);
            rv->links = l;
            build_lines(rv);
        }
        return;
    }
    if (r->err.kind != ERR_OK) {
        if (r->err.kind != ERR_CANCELLED)
            app_error(app, "%s", r->err.message);
        return;
    }
    if (r->kind == REQ_RUN_GET && r->runs && r->runs->n_runs > 0) {
        RunSet *fresh = copy_run(r->runs, 0);
        RunStatus st;
        if (fresh) {
            runset_free(rv->rs);
            rv->rs = fresh;
        }
        /* A running run is followed: its status, metrics and histories are
         * read again every FOLLOW_MS until it ends. The histories already
         * drawn stay until their new versions arrive. */
        st = rv->rs->runs[0].status;
        if (st == RUN_RUNNING || st == RUN_SCHEDULED) {
            rv->following = true;
            rv->follow_next = app_now_ms() + FOLLOW_MS;
            app_wake_at(app, rv->follow_next);
        } else if (rv->following) {
            rv->following = false;
            app_message(app, "Run %s ended: %s", runset_str(rv->rs, rv->rs->runs[0].name),
                        run_status_name(st));
        }
        build_lines(rv);
        request_histories(rv, app);
    } else if (r->kind == REQ_METRIC_HISTORY && r->history) {
        for (size_t i = 0; i < rv->n_hist; i++)
            if (rv->hist[i] && r->history->key && strcmp(rv->hist[i]->key, r->history->key) == 0) {
                history_free(rv->hist[i]);          /* a newer look at the same metric */
                rv->hist[i] = r->history;
                r->history = NULL;
                build_lines(rv);
                return;
            }
        MetricHistory **n = realloc(rv->hist, (rv->n_hist + 1) * sizeof *n);
        if (!n)
            return;
        rv->hist = n;
        rv->hist[rv->n_hist++] = r->history;
        r->history = NULL;
        build_lines(rv);
    }
}

static void rv_title(View *v, char *buf, size_t size)
{
    RunView *rv = (RunView *)v;
    const char *name = rv->rs->n_runs ? runset_str(rv->rs, rv->rs->runs[0].name) : "";
    snprintf(buf, size, "%s", *name ? name : rv->run_id);
}

static void rv_start(View *v, App *app)
{
    RunView *rv = (RunView *)v;
    rv->base.req = api_run_get(app_api(app), rv->base.id, rv->base.gen, rv->run_id);
    request_links(rv, app);
}

/* Following a running run: one runs/get (and its histories) every FOLLOW_MS,
 * never two at once. */
static int rv_tick(View *v, App *app, int64_t now)
{
    RunView *rv = (RunView *)v;

    if (!rv->following)
        return R_NONE;
    if (now >= rv->follow_next && !rv->base.req) {
        rv->hist_requested = false;
        rv->base.req = api_run_get(app_api(app), rv->base.id, rv->base.gen, rv->run_id);
        rv->follow_next = now + FOLLOW_MS;
    }
    app_wake_at(app, rv->follow_next);
    return R_NONE;
}

static void rv_destroy(View *v)
{
    RunView *rv = (RunView *)v;
    lines_free(&rv->ll);
    for (size_t i = 0; i < rv->n_hist; i++)
        history_free(rv->hist[i]);
    free(rv->hist);
    runset_free(rv->rs);
    run_links_clear(&rv->links);
    free(rv);
}

static const Action rv_actions[] = {
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP, ACT_HALF_DOWN, ACT_HOME, ACT_END,
    ACT_NEXT_TAB, ACT_PREV_TAB, ACT_OPEN, ACT_EXPAND, ACT_RELOAD, ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB, ACT_PROMPT,
    ACT_ERRORS, ACT_REDRAW, ACT_HELP, ACT_BACK, ACT_QUIT, ACT_ARTIFACTS, ACT_VERSIONS, ACT_HISTORY,
    ACT_REGISTER, ACT_TAG, ACT_UNTAG, ACT_EDIT, ACT_DELETE, ACT_RESTORE, ACT_NONE,
};
static const Action rv_hints[] = { ACT_NEXT_TAB, ACT_EXPAND, ACT_ARTIFACTS, ACT_VERSIONS,
                                   ACT_REGISTER, ACT_RELOAD, ACT_BACK, ACT_NONE };
static bool rv_item(View *v, ItemRef *out)
{
    RunView *rv = (RunView *)v;
    const char *exp = rv->rs->n_runs ? runset_str(rv->rs, rv->rs->runs[0].experiment_id) : NULL;

    item_run(out, exp, rv->run_id);
    return true;
}

static int rv_click(View *v, App *app, int y, int x, bool twice)
{
    (void)x;
    return view_click_lines(v, app, &((RunView *)v)->ll, y, twice);
}

const ViewOps run_view_ops = {
    .click = rv_click,
    .item = rv_item,
    .name      = "run",
    .actions   = rv_actions,
    .hints     = rv_hints,
    .command   = rv_command,
    .start     = rv_start,
    .draw      = rv_draw,
    .handle    = rv_handle,
    .on_result = rv_on_result,
    .tick      = rv_tick,
    .title     = rv_title,
    .destroy   = rv_destroy,
};

static View *run_view_new(App *app, const RunSet *rs, size_t run)
{
    RunView *rv = calloc(1, sizeof *rv);

    (void)app;
    if (!rv)
        return NULL;
    rv->base.ops = &run_view_ops;
    rv->rs = copy_run(rs, run);
    if (!rv->rs) {
        free(rv);
        return NULL;
    }
    snprintf(rv->run_id, sizeof rv->run_id, "%s", runset_str(rs, rs->runs[run].run_id));
    build_lines(rv);
    return &rv->base;
}

View *run_view_open(App *app, const ViewArgs *a)
{
    if (!(a->rs))
        return NULL;
    return run_view_new(app, a->rs, a->run);
}
