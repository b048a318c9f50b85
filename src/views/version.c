/* version.c — one model version in detail: its fields, aliases and tags, the
 * metrics of its source run, and its model signature (inputs and outputs,
 * read from the version's MLmodel file). One scrolling page with sections;
 * Tab jumps between them; Enter shows a long value in full; o opens the
 * source run; s/a/A/t/T/E change it (then everything is read again). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/registry.h"
#include "core/format.h"
#include "core/logged_model.h"
#include "core/text.h"
#include "views/mouse.h"
#include "views/item.h"
#include "views/viewtab.h"
#include "views/regwrite.h"
#include "widgets/draw.h"
#include "widgets/lines.h"

enum { TAG_VERSION = 1, TAG_MODEL, TAG_ALL, TAG_MLMODEL };

typedef struct VersionView {
    View            base;
    unsigned        wgen;             /* regw_generation() when last loaded */
    char            name[512], version[64];
    ModelVersion    mv;
    bool            have_mv;
    RegisteredModel model;
    bool            have_model;
    VersionList     all;            /* the model's versions (what a transition archives) */
    RunSet         *run;            /* the source run */
    Signature       sig;
    char            sig_note[600];  /* why there is no signature shown */
    char            error[600];     /* the version could not be read */
    LineList        ll;
} VersionView;

/* A section heading, a key/value field, or (empty key) a line of text. */
static void add(VersionView *vv, bool section, const char *key, const char *value, Role role)
{
    lines_add(&vv->ll, section ? LINE_SECTION : key && *key ? LINE_FIELD : LINE_TEXT, key,
              value, role);
}

static void build(VersionView *vv)
{
    char buf[1024], buf2[256];
    const ModelVersion *m = &vv->mv;

    lines_clear(&vv->ll);
    if (!vv->have_mv) {
        add(vv, false, "", vv->error[0] ? vv->error : "Loading…",
            vv->error[0] ? ROLE_ERROR : ROLE_DIM);
        return;
    }
    add(vv, true, "Model version", "", ROLE_SECTION);
    add(vv, false, "Model", m->name, ROLE_NORMAL);
    add(vv, false, "Version", m->version, ROLE_NUMBER);
    add(vv, false, "Stage", m->stage[0] ? m->stage : "None",
        strcmp(m->stage, "Production") == 0 ? ROLE_STATUS_FINISHED
        : strcmp(m->stage, "Staging") == 0 ? ROLE_STATUS_RUNNING : ROLE_NORMAL);
    if (vv->have_model)
        registry_aliases_of(&vv->model, m->version, buf, sizeof buf);
    else {
        size_t used = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < m->n_aliases && used < sizeof buf - 1; i++)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? ", " : "",
                                     m->aliases[i]);
    }
    add(vv, false, "Aliases", buf[0] ? buf : "—", buf[0] ? ROLE_KEY : ROLE_MISSING);
    add(vv, false, "Status", m->status, ROLE_NORMAL);
    {
        const char *rn = vv->run && vv->run->n_runs ? runset_str(vv->run, vv->run->runs[0].name)
                                                    : NULL;
        snprintf(buf, sizeof buf, "%s%s", rn && *rn ? rn : m->run_id,
                 rn && *rn ? "  (o opens it)" : "");
        add(vv, false, "Source run", m->run_id[0] ? buf : "—", ROLE_NORMAL);
    }
    add(vv, false, "Run ID", m->run_id, ROLE_DIM);
    add(vv, false, "Source", m->source, ROLE_DIM);
    {
        char id[64];
        if (logged_model_id_from_source(m->source, id, sizeof id)) {
            snprintf(buf, sizeof buf, "%s  (L opens it)", id);
            add(vv, false, "Logged model", buf, ROLE_NORMAL);
        }
    }
    add(vv, false, "Created", fmt_time(m->created, buf, sizeof buf), ROLE_NORMAL);
    add(vv, false, "Last updated", fmt_time(m->updated, buf2, sizeof buf2), ROLE_NORMAL);

    add(vv, false, "", "", ROLE_NORMAL);
    add(vv, true, "Description", "", ROLE_SECTION);
    add(vv, false, "", m->description[0] ? m->description : "(none)",
        m->description[0] ? ROLE_NORMAL : ROLE_DIM);

    add(vv, false, "", "", ROLE_NORMAL);
    snprintf(buf, sizeof buf, "Tags (%zu)", m->n_tags);
    add(vv, true, buf, "", ROLE_SECTION);
    for (size_t i = 0; i < m->n_tags; i++)
        add(vv, false, m->tags[i].key, m->tags[i].value, ROLE_NORMAL);
    if (m->n_tags == 0)
        add(vv, false, "", "(none)", ROLE_DIM);

    add(vv, false, "", "", ROLE_NORMAL);
    if (vv->run && vv->run->n_runs) {
        const RunSet *rs = vv->run;
        const Run *r = &rs->runs[0];
        snprintf(buf, sizeof buf, "Source run metrics (%u)", r->m_n);
        add(vv, true, buf, "", ROLE_SECTION);
        uint32_t     n;
        const char **keys = runset_sorted_keys(rs, 0, RUN_METRIC_KEYS, &n);
        for (uint32_t i = 0; i < n; i++) {
            const MetricVal *mv = runset_metric(rs, 0, runset_key(rs, keys[i]));
            if (mv)
                add(vv, false, keys[i], fmt_metric_full(mv->value, buf, sizeof buf),
                    isnan(mv->value) ? ROLE_MISSING : ROLE_NUMBER);
        }
        free(keys);
    } else {
        add(vv, true, "Source run metrics", "", ROLE_SECTION);
        add(vv, false, "", m->run_id[0] ? "Loading…" : "(no source run)", ROLE_DIM);
    }

    add(vv, false, "", "", ROLE_NORMAL);
    if (vv->sig.present) {
        snprintf(buf, sizeof buf, "Signature: inputs (%zu)", vv->sig.n_inputs);
        add(vv, true, buf, "", ROLE_SECTION);
        for (size_t i = 0; i < vv->sig.n_inputs; i++)
            add(vv, false, vv->sig.inputs[i].name, vv->sig.inputs[i].type, ROLE_NORMAL);
        snprintf(buf, sizeof buf, "Signature: outputs (%zu)", vv->sig.n_outputs);
        add(vv, true, buf, "", ROLE_SECTION);
        for (size_t i = 0; i < vv->sig.n_outputs; i++)
            add(vv, false, vv->sig.outputs[i].name, vv->sig.outputs[i].type, ROLE_NORMAL);
    } else {
        add(vv, true, "Signature", "", ROLE_SECTION);
        add(vv, false, "", vv->sig_note[0] ? vv->sig_note : "Loading MLmodel…", ROLE_DIM);
    }
}

static void load(VersionView *vv, App *app)
{
    Api *api = app_api(app);
    char filter[1200];

    vv->wgen = regw_generation();
    api_cancel_owner(api, vv->base.id);
    vv->base.gen++;
    vv->base.req = reg_version_get(api, vv->base.id, vv->base.gen, TAG_VERSION, vv->name,
                                   vv->version);
    reg_model_get(api, vv->base.id, vv->base.gen, TAG_MODEL, vv->name);
    snprintf(filter, sizeof filter, strchr(vv->name, '\'') ? "name=\"%s\"" : "name='%s'",
             vv->name);
    reg_versions_search(api, vv->base.id, vv->base.gen, TAG_ALL, filter, NULL);
    reg_version_file(api, vv->base.id, vv->base.gen, TAG_MLMODEL, vv->name, vv->version,
                     "MLmodel");
}

/* ---- drawing ---- */

static void vw_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    VersionView *vv = (VersionView *)v;
    /* A write made on a screen above: show the server's state again. */
    if (vv->wgen != regw_generation())
        load(vv, app);
    lines_draw(&vv->ll, w, rows, cols, NULL, NULL);
}

/* ---- actions ---- */

static int vw_handle(View *v, App *app, Action a)
{
    VersionView *vv = (VersionView *)v;
    const Line *cur = lines_current(&vv->ll);
    RegTarget t = { .kind = TARGET_VERSION, .model = vv->name, .version = vv->version };

    if (lines_move(&vv->ll, a))
        return R_REDRAW;
    switch (a) {
    case ACT_OPEN:
    case ACT_EXPAND:
        if (cur && cur->kind != LINE_SECTION && cur->value[0])
            view_open(app, VIEW_TEXT, &(ViewArgs){ .title = cur->key[0] ? cur->key
                                                                        : "Description",
                                                   .text = cur->value });
        return R_REDRAW;
    case ACT_RELOAD:
        load(vv, app);
        return R_REDRAW;
    case ACT_SOURCE_RUN:
        if (vv->run && vv->run->n_runs)
            view_open(app, VIEW_RUN, &(ViewArgs){ .rs = vv->run, .run = 0 });
        else
            app_message(app, "The source run is not loaded (yet)");
        return R_REDRAW;
    case ACT_LOGGED_MODELS: {
        char id[64];
        if (vv->have_mv && logged_model_id_from_source(vv->mv.source, id, sizeof id))
            view_open(app, VIEW_LOGGED_MODEL, &(ViewArgs){ .model_id = id });
        else
            app_message(app, "This version was not registered from a logged model (its source "
                        "is a run's artifacts)");
        return R_REDRAW;
    }
    case ACT_COPY_ID:
        app_message(app, "%s version %s, run %s", vv->name, vv->version,
                    vv->have_mv ? vv->mv.run_id : "?");
        return R_REDRAW;
    case ACT_STAGE: case ACT_ALIAS: case ACT_UNALIAS: case ACT_TAG: case ACT_UNTAG:
    case ACT_EDIT:
        break;
    default:
        return R_UNKNOWN;
    }
    if (!vv->have_mv) {
        app_message(app, "The version is not loaded yet");
        return R_REDRAW;
    }
    switch (a) {
    case ACT_STAGE: {
        /* The model's versions as read, with this one's stage as last read. */
        if (vv->all.n)
            regw_stage(app, v, vv->name, vv->version, vv->all.items, vv->all.n, NULL, -1);
        else
            regw_stage(app, v, vv->name, vv->version, &vv->mv, 1, NULL, -1);
        break;
    }
    case ACT_ALIAS:
        regw_alias_set(app, v, vv->have_model ? &vv->model : NULL, vv->name, vv->version, NULL);
        break;
    case ACT_UNALIAS:
        regw_alias_delete(app, v, vv->have_model ? &vv->model : NULL, vv->name, vv->version,
                          NULL);
        break;
    default:
        return regw_tags_action(app, v, a, &t, vv->mv.tags, vv->mv.n_tags, vv->mv.description,
                                cur ? cur->key : NULL);
    }
    return R_REDRAW;
}

static void vw_on_result(View *v, App *app, ApiResult *r)
{
    VersionView *vv = (VersionView *)v;
    Err e;

    int w = regw_on_result(v, app, r);
    if (w != RW_NOT_MINE) {
        if (w == RW_OK)
            load(vv, app);
        return;
    }
    err_clear(&e);
    if (r->kind == REQ_RUN_GET) {
        if (r->err.kind == ERR_OK && r->runs && r->runs->n_runs) {
            runset_free(vv->run);
            vv->run = r->runs;
            r->runs = NULL;
            build(vv);
        }
        return;
    }
    if (r->kind != REQ_CALL)
        return;
    switch (r->tag) {
    case TAG_VERSION: {
        ModelVersion mv;
        if (r->err.kind != ERR_OK) {
            if (r->err.kind == ERR_CANCELLED)
                return;
            app_error(app, "%s v%s: %s", vv->name, vv->version, r->err.message);
            if (!vv->have_mv)
                snprintf(vv->error, sizeof vv->error, "%s", r->err.message);
            break;
        }
        if (reg_parse_version(r->body, r->body_len, &mv, &e) != 0) {
            app_error(app, "%s v%s: %s", vv->name, vv->version, e.message);
            break;
        }
        bool new_run = !vv->have_mv || strcmp(vv->mv.run_id, mv.run_id) != 0 || !vv->run;
        if (vv->have_mv)
            model_version_free_fields(&vv->mv);
        vv->mv = mv;
        vv->have_mv = true;
        if (new_run && vv->mv.run_id[0])
            api_run_get(app_api(app), vv->base.id, vv->base.gen, vv->mv.run_id);
        break;
    }
    case TAG_MODEL: {
        RegisteredModel m;
        if (r->err.kind == ERR_OK && reg_parse_model(r->body, r->body_len, &m, &e) == 0) {
            if (vv->have_model)
                registered_model_free_fields(&vv->model);
            vv->model = m;
            vv->have_model = true;
        }
        break;
    }
    case TAG_ALL: {
        VersionList l = { 0 };
        if (r->err.kind == ERR_OK && reg_parse_versions(r->body, r->body_len, &l, NULL, &e) == 0) {
            versionlist_clear(&vv->all);
            vv->all = l;
        } else {
            versionlist_clear(&l);
        }
        break;
    }
    case TAG_MLMODEL:
        signature_clear(&vv->sig);
        if (r->err.kind != ERR_OK) {
            if (r->err.kind != ERR_CANCELLED)
                snprintf(vv->sig_note, sizeof vv->sig_note, "Could not read MLmodel: %s",
                         r->err.message);
        } else if (reg_parse_signature(r->body, r->body_len, &vv->sig, &e) != 0) {
            snprintf(vv->sig_note, sizeof vv->sig_note, "MLmodel: %s", e.message);
        } else if (!vv->sig.present) {
            snprintf(vv->sig_note, sizeof vv->sig_note, "The MLmodel file has no signature");
        }
        break;
    default:
        return;
    }
    build(vv);
}

static int vw_command(View *v, App *app, int argc, char **argv)
{
    VersionView *vv = (VersionView *)v;
    const char *c = argv[0];
    RegTarget t = { .kind = TARGET_VERSION, .model = vv->name, .version = vv->version };

    if (!vv->have_mv) {
        app_error(app, "The version is not loaded yet");
        return R_REDRAW;
    }
    if (strcmp(c, "stage") == 0) {
        /* Here the version is known: `:stage STAGE [archive]` or `:stage VERSION STAGE`. */
        int k = argc >= 3 && registry_stage_canonical(argv[1]) == NULL ? 2 : 1;
        if (argc <= k) {
            app_error(app, "Usage: :stage STAGE [archive]");
            return R_REDRAW;
        }
        const char *ver = k == 2 ? argv[1] : vv->version;
        if (*ver == 'v' || *ver == 'V')
            ver++;
        regw_stage(app, v, vv->name, ver, vv->all.n ? vv->all.items : &vv->mv,
                   vv->all.n ? vv->all.n : 1, argv[k],
                   argc > k + 1 && strcmp(argv[k + 1], "archive") == 0 ? 1 : 0);
        return R_REDRAW;
    }
    if (strcmp(c, "alias") == 0) {
        if (argc < 2) {
            app_error(app, "Usage: :alias NAME");
            return R_REDRAW;
        }
        regw_alias_set(app, v, vv->have_model ? &vv->model : NULL, vv->name,
                       argc > 2 ? argv[2] : vv->version, argv[1]);
        return R_REDRAW;
    }
    if (strcmp(c, "unalias") == 0) {
        regw_alias_delete(app, v, vv->have_model ? &vv->model : NULL, vv->name, NULL,
                          argc > 1 ? argv[1] : NULL);
        return R_REDRAW;
    }
    return regw_tags_command(app, v, argc, argv, &t, vv->mv.tags, vv->mv.n_tags,
                             vv->mv.description);
}

static void vw_complete(View *v, App *app, int argc, char **argv, int argi, Completions *out)
{
    VersionView *vv = (VersionView *)v;
    (void)app;
    (void)argc;
    if (strcmp(argv[0], "stage") == 0 && argi == 1)
        for (int i = 0; i < 4; i++)
            completions_add(out, registry_stages[i]);
    else if (strcmp(argv[0], "stage") == 0 && argi == 2)
        completions_add(out, "archive");
    else if (strcmp(argv[0], "unalias") == 0 && argi == 1 && vv->have_model)
        for (size_t i = 0; i < vv->model.n_aliases; i++)
            completions_add(out, vv->model.aliases[i].alias);
    else if (strcmp(argv[0], "untag") == 0 && argi == 1)
        for (size_t i = 0; i < vv->mv.n_tags; i++)
            completions_add(out, vv->mv.tags[i].key);
}

static void vw_start(View *v, App *app)
{
    load((VersionView *)v, app);
}

static void vw_title(View *v, char *buf, size_t size)
{
    VersionView *vv = (VersionView *)v;
    snprintf(buf, size, "v%s", vv->version);
}

static void vw_destroy(View *v)
{
    VersionView *vv = (VersionView *)v;
    lines_free(&vv->ll);
    if (vv->have_mv)
        model_version_free_fields(&vv->mv);
    if (vv->have_model)
        registered_model_free_fields(&vv->model);
    versionlist_clear(&vv->all);
    runset_free(vv->run);
    signature_clear(&vv->sig);
    free(vv);
}

static const Action vw_actions[] = {
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP, ACT_HALF_DOWN, ACT_HOME, ACT_END,
    ACT_NEXT_TAB, ACT_PREV_TAB, ACT_OPEN, ACT_STAGE, ACT_ALIAS, ACT_UNALIAS, ACT_SOURCE_RUN,
    ACT_LOGGED_MODELS, ACT_TAG, ACT_UNTAG, ACT_EDIT, ACT_RELOAD, ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB, ACT_MODELS, ACT_PROMPT, ACT_ERRORS,
    ACT_REDRAW, ACT_HELP, ACT_BACK, ACT_QUIT, ACT_NONE,
};
static const Action vw_hints[] = { ACT_STAGE, ACT_ALIAS, ACT_SOURCE_RUN, ACT_NEXT_TAB, ACT_TAG,
                                   ACT_EDIT, ACT_BACK, ACT_NONE };
static bool vw_item(View *v, ItemRef *out)
{
    VersionView *vv = (VersionView *)v;

    item_version(out, vv->name, vv->version);
    return true;
}

static int vw_click(View *v, App *app, int y, int x, bool twice)
{
    (void)x;
    return view_click_lines(v, app, &((VersionView *)v)->ll, y, twice);
}

const ViewOps version_view_ops = {
    .click = vw_click,
    .item = vw_item,
    .name = "version", .actions = vw_actions, .hints = vw_hints,
    .start = vw_start, .draw = vw_draw, .handle = vw_handle, .on_result = vw_on_result,
    .command = vw_command, .complete = vw_complete, .title = vw_title, .destroy = vw_destroy,
};

static View *version_view_new(App *app, const char *name, const char *version)
{
    VersionView *vv = calloc(1, sizeof *vv);

    (void)app;
    if (!vv)
        return NULL;
    vv->base.ops = &version_view_ops;
    snprintf(vv->name, sizeof vv->name, "%s", name);
    snprintf(vv->version, sizeof vv->version, "%s", version);
    build(vv);
    return &vv->base;
}

View *version_view_open(App *app, const ViewArgs *a)
{
    if (!(a->model && a->version))
        return NULL;
    return version_view_new(app, a->model, a->version);
}
