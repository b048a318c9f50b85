/* logged_model.c — one MLflow 3 logged model in detail: overview (status,
 * source run, artifact location, flavours), the versions registered from it,
 * metrics with their step and dataset, params, tags, and its MLmodel's
 * signature. One scrolling page with sections, like the run detail; Tab
 * jumps between sections; Enter on a version opens it, on anything else
 * shows the value in full; `o` opens the source run.
 *
 * Read from logged-models/get, then the MLmodel file through the artifact
 * proxy (the same route the artifacts browser uses). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/artifacts.h"
#include "api/logged_models.h"
#include "api/mlmodel.h"
#include "core/artifact.h"
#include "core/format.h"
#include "core/logged_model.h"
#include "views/mouse.h"
#include "views/item.h"
#include "views/regwrite.h"
#include "views/viewtab.h"
#include "widgets/draw.h"
#include "widgets/lines.h"

enum { TAG_GET = 1, TAG_MLMODEL, TAG_RUN };

typedef struct LmView {
    View         base;
    char        *model_id;
    LoggedModel  m;
    bool         loaded;
    MlModelInfo  mlmodel;
    bool         has_mlmodel;
    char         mlmodel_note[300];
    RunSet      *run;        /* the source run, once read */
    bool         open_run;   /* `o` pressed before the run arrived */
    LineList     ll;         /* LINE_LINK: a registered version, data its index */
} LmView;

static Line *add(LmView *lv, LineKind kind, const char *key, const char *value, Role role)
{
    return lines_add(&lv->ll, kind, key, value, role);
}

static void section(LmView *lv, const char *title)
{
    if (lv->ll.n)
        add(lv, LINE_BLANK, "", "", ROLE_NORMAL);
    add(lv, LINE_SECTION, title, "", ROLE_SECTION);
}

static void add_signature(LmView *lv, const char *title, const char *json)
{
    SigColumn *cols = NULL;
    long n = json ? artifacts_parse_signature(json, &cols) : -1;
    char key[200];

    if (n < 0) {
        if (json)
            add(lv, LINE_FIELD, title, json, ROLE_NORMAL);
        return;
    }
    for (long i = 0; i < n; i++) {
        snprintf(key, sizeof key, "%s %s", title, cols[i].name[0] ? cols[i].name : "(tensor)");
        add(lv, LINE_FIELD, key, cols[i].type, ROLE_NORMAL);
    }
    sig_columns_free(cols, (size_t)n);
}

static void build(LmView *lv)
{
    const LoggedModel *m = &lv->m;
    char buf[256], val[512];
    const char *run_name = NULL;

    lines_clear(&lv->ll);
    if (!lv->loaded) {
        add(lv, LINE_TEXT, "", "Loading…", ROLE_DIM);
        return;
    }
    if (lv->run && lv->run->n_runs)
        run_name = runset_str(lv->run, lv->run->runs[0].name);
    section(lv, "Overview");
    add(lv, LINE_FIELD, "Model ID", m->model_id, ROLE_NORMAL);
    add(lv, LINE_FIELD, "Name", m->name, ROLE_NORMAL);
    add(lv, LINE_FIELD, "Status", logged_model_status_short(m->status),
        strstr(m->status, "READY") ? ROLE_STATUS_FINISHED
        : strstr(m->status, "FAILED") ? ROLE_STATUS_FAILED : ROLE_STATUS_RUNNING);
    if (m->status_message[0])
        add(lv, LINE_FIELD, "Status message", m->status_message, ROLE_NORMAL);
    if (m->source_run_id[0]) {
        snprintf(val, sizeof val, "%s (%s)  o opens it", run_name ? run_name : "…",
                 m->source_run_id);
        add(lv, LINE_FIELD, "Source run", val, ROLE_NORMAL);
    }
    add(lv, LINE_FIELD, "Experiment ID", m->experiment_id, ROLE_NORMAL);
    add(lv, LINE_FIELD, "Created", fmt_time(m->created, buf, sizeof buf), ROLE_NORMAL);
    add(lv, LINE_FIELD, "Updated", fmt_time(m->updated, buf, sizeof buf), ROLE_NORMAL);
    if (m->model_type[0])
        add(lv, LINE_FIELD, "Model type", m->model_type, ROLE_NORMAL);
    add(lv, LINE_FIELD, "Artifact URI", m->artifact_uri, ROLE_NORMAL);
    if (lv->has_mlmodel) {
        size_t used = 0;
        val[0] = '\0';
        for (size_t i = 0; i < lv->mlmodel.n_flavors && used < sizeof val; i++) {
            int w = snprintf(val + used, sizeof val - used, "%s%s", i ? ", " : "",
                             lv->mlmodel.flavors[i]);
            used += w > 0 ? (size_t)w : 0;
        }
        add(lv, LINE_FIELD, "Flavours", val[0] ? val : "—", val[0] ? ROLE_NORMAL : ROLE_MISSING);
        if (lv->mlmodel.mlflow_version)
            add(lv, LINE_FIELD, "MLflow version", lv->mlmodel.mlflow_version, ROLE_NORMAL);
    } else {
        add(lv, LINE_FIELD, "Flavours", lv->mlmodel_note[0] ? lv->mlmodel_note : "…", ROLE_DIM);
    }

    section(lv, "Registered versions");
    if (m->n_versions == 0)
        add(lv, LINE_TEXT, "", "(none: R registers this model)", ROLE_DIM);
    for (size_t i = 0; i < m->n_versions; i++) {
        snprintf(buf, sizeof buf, "%s v%s", m->versions[i].name, m->versions[i].version);
        Line *l = add(lv, LINE_LINK, buf, "Enter opens the version", ROLE_DIM);
        if (l)
            l->data = (long)i;
    }

    section(lv, "Metrics");
    if (m->n_metrics == 0)
        add(lv, LINE_TEXT, "", "(none)", ROLE_DIM);
    for (size_t i = 0; i < m->n_metrics; i++) {
        const LmMetric *x = &m->metrics[i];
        char num[64];
        fmt_metric_full(x->value, num, sizeof num);
        if (x->dataset_name[0])
            snprintf(val, sizeof val, "%s  step %lld  dataset %s%s%s", num, (long long)x->step,
                     x->dataset_name, x->dataset_digest[0] ? " @" : "", x->dataset_digest);
        else
            snprintf(val, sizeof val, "%s  step %lld", num, (long long)x->step);
        add(lv, LINE_FIELD, x->key, val, ROLE_NUMBER);
    }
    section(lv, "Parameters");
    if (m->n_params == 0)
        add(lv, LINE_TEXT, "", "(none)", ROLE_DIM);
    for (size_t i = 0; i < m->n_params; i++)
        add(lv, LINE_FIELD, m->params[i].key, m->params[i].value, ROLE_NORMAL);
    section(lv, "Tags");
    if (m->n_tags == 0)
        add(lv, LINE_TEXT, "", "(none)", ROLE_DIM);
    for (size_t i = 0; i < m->n_tags; i++)
        add(lv, LINE_FIELD, m->tags[i].key, m->tags[i].value, ROLE_NORMAL);
    if (lv->has_mlmodel && (lv->mlmodel.sig_inputs || lv->mlmodel.sig_outputs)) {
        section(lv, "Signature");
        add_signature(lv, "input", lv->mlmodel.sig_inputs);
        add_signature(lv, "output", lv->mlmodel.sig_outputs);
    }
}

/* ---- ops ---- */

static void lm_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    (void)app;
    lines_draw(&((LmView *)v)->ll, w, rows, cols, NULL, NULL);
}

static void open_source_run(LmView *lv, App *app)
{
    if (!lv->m.source_run_id[0]) {
        app_message(app, "This logged model has no source run");
        return;
    }
    if (lv->run && lv->run->n_runs) {
        view_open(app, VIEW_RUN, &(ViewArgs){ .rs = lv->run, .run = 0 });
        return;
    }
    lv->open_run = true;
    app_message(app, "Reading the source run…");
}

static int lm_handle(View *v, App *app, Action a)
{
    LmView *lv = (LmView *)v;

    if (lines_move(&lv->ll, a))
        return R_REDRAW;
    switch (a) {
    case ACT_OPEN:
    case ACT_EXPAND: {
        const Line *l = lines_current(&lv->ll);
        if (!l)
            return R_NONE;
        if (l->kind == LINE_LINK && l->data >= 0 && (size_t)l->data < lv->m.n_versions) {
            view_open(app, VIEW_VERSION, &(ViewArgs){ .model = lv->m.versions[l->data].name,
                      .version = lv->m.versions[l->data].version });
        } else if (l->kind == LINE_FIELD) {
            char title[300];
            snprintf(title, sizeof title, "%.120s of logged model %.120s", l->key, lv->m.name);
            view_open(app, VIEW_TEXT, &(ViewArgs){ .title = title, .text = l->value });
        }
        return R_REDRAW;
    }
    case ACT_SOURCE_RUN:
        open_source_run(lv, app);
        return R_REDRAW;
    case ACT_ARTIFACTS:
        if (lv->loaded)
            view_open(app, VIEW_ARTIFACTS, &(ViewArgs){ .model_id = lv->m.model_id,
                      .run_id = lv->m.source_run_id, .run_name = lv->m.name,
                      .artifact_uri = lv->m.artifact_uri });
        return R_REDRAW;
    case ACT_REGISTER:
        if (lv->loaded)
            regw_register_logged_model(app, v, lv->m.model_id, lv->m.name,
                                       lv->m.source_run_id,
                                       lv->run && lv->run->n_runs
                                           ? runset_str(lv->run, lv->run->runs[0].name) : NULL,
                                       NULL);
        return R_REDRAW;
    case ACT_COPY_ID:
        app_message(app, "Logged model id %s", lv->model_id);
        return R_REDRAW;
    case ACT_RELOAD:
        v->gen++;
        lv->base.req = lm_get(app_api(app), v->id, v->gen, TAG_GET, lv->model_id);
        return R_REDRAW;
    default:
        return R_UNKNOWN;
    }
}

static void lm_on_result(View *v, App *app, ApiResult *r)
{
    LmView *lv = (LmView *)v;
    Err e;
    int w = regw_on_result(v, app, r);

    if (w != RW_NOT_MINE) {         /* registered: the model's versions tag changed */
        if (w == RW_OK)
            lm_handle(v, app, ACT_RELOAD);
        return;
    }
    err_clear(&e);
    if (r->kind == REQ_RUN_GET) {
        if (r->err.kind == ERR_OK && r->runs) {
            runset_free(lv->run);
            lv->run = r->runs;
            r->runs = NULL;
            build(lv);
            if (lv->open_run) {
                lv->open_run = false;
                view_open(app, VIEW_RUN, &(ViewArgs){ .rs = lv->run, .run = 0 });
            }
        }
        return;
    }
    if (r->kind != REQ_CALL)
        return;
    if (r->tag == TAG_MLMODEL) {
        if (r->err.kind != ERR_OK) {
            snprintf(lv->mlmodel_note, sizeof lv->mlmodel_note, "no MLmodel (%.200s)",
                     r->err.message);
        } else {
            mlmodel_free(&lv->mlmodel);
            lv->has_mlmodel = mlmodel_parse(r->body, r->body_len, &lv->mlmodel, NULL) == 0;
        }
        build(lv);
        return;
    }
    if (r->tag != TAG_GET)
        return;
    if (r->err.kind != ERR_OK) {
        lm_note_reply(r);
        if (r->err.kind != ERR_CANCELLED)
            app_error(app, "%s", server_err_is_missing_route(&r->err)
                      ? "This server has no logged models (MLflow 2)" : r->err.message);
        return;
    }
    logged_model_free_fields(&lv->m);
    lm_note_reply(r);
    if (lm_parse_get(r->body, r->body_len, &lv->m, &e) < 0) {
        app_error(app, "%s", e.message);
        return;
    }
    lv->loaded = true;
    build(lv);
    lm_file_get(app_api(app), v->id, v->gen, TAG_MLMODEL, lv->m.model_id, lv->m.artifact_uri,
                "MLmodel", NULL);
    if (lv->m.source_run_id[0] && !lv->run)
        api_run_get(app_api(app), v->id, v->gen, lv->m.source_run_id);
}

static void lm_title(View *v, char *buf, size_t size)
{
    LmView *lv = (LmView *)v;
    snprintf(buf, size, "%s", lv->loaded ? lv->m.name : lv->model_id);
}

static void lm_start(View *v, App *app)
{
    LmView *lv = (LmView *)v;
    lv->base.req = lm_get(app_api(app), v->id, v->gen, TAG_GET, lv->model_id);
}

static void lm_destroy(View *v)
{
    LmView *lv = (LmView *)v;

    lines_free(&lv->ll);
    logged_model_free_fields(&lv->m);
    mlmodel_free(&lv->mlmodel);
    runset_free(lv->run);
    free(lv->model_id);
    free(lv);
}

static const Action lm_actions[] = {
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP, ACT_HALF_DOWN, ACT_HOME, ACT_END,
    ACT_NEXT_TAB, ACT_PREV_TAB, ACT_OPEN, ACT_EXPAND, ACT_SOURCE_RUN, ACT_ARTIFACTS,
    ACT_REGISTER, ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB, ACT_RELOAD,
    ACT_PROMPT, ACT_ERRORS, ACT_REDRAW, ACT_HELP, ACT_BACK, ACT_QUIT, ACT_NONE,
};
static const Action lm_hints[] = { ACT_NEXT_TAB, ACT_OPEN, ACT_SOURCE_RUN, ACT_ARTIFACTS,
                                   ACT_REGISTER, ACT_BACK, ACT_NONE };

static bool lm_item(View *v, ItemRef *out)
{
    LmView *lv = (LmView *)v;

    item_logged_model(out, lv->loaded ? lv->m.experiment_id : NULL, lv->model_id);
    return true;
}

static int lm_click(View *v, App *app, int y, int x, bool twice)
{
    (void)x;
    return view_click_lines(v, app, &((LmView *)v)->ll, y, twice);
}

const ViewOps logged_model_view_ops = {
    .click = lm_click,
    .item = lm_item,
    .name      = "logged-model",
    .actions   = lm_actions,
    .hints     = lm_hints,
    .start     = lm_start,
    .draw      = lm_draw,
    .handle    = lm_handle,
    .on_result = lm_on_result,
    .title     = lm_title,
    .destroy   = lm_destroy,
};

View *logged_model_view_open(App *app, const ViewArgs *a)
{
    LmView *lv = calloc(1, sizeof *lv);

    (void)app;
    if (!lv)
        return NULL;
    if (!a->model_id) {
        free(lv);
        return NULL;
    }
    lv->base.ops = &logged_model_view_ops;
    lv->model_id = strdup(a->model_id);
    if (!lv->model_id) {
        free(lv);
        return NULL;
    }
    build(lv);
    return &lv->base;
}
