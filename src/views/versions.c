/* versions.c — the versions of one registered model (or, from a run's
 * detail, every version created from that run): version, stage, aliases,
 * status, the source run by name, created, description, tags. Stage
 * transitions (s), aliases (a, A), tags (t, T) and descriptions (E) start here;
 * after each write the model and its versions are read again, so the table
 * shows the server's state. model-versions/search carries no aliases, so they
 * come from registered-models/get; run names come from runs/get. A model's
 * versions and the model itself are kept in the local cache together
 * (views/listcache.h). */
#include <stdlib.h>
#include <string.h>

#include "api/registry.h"
#include "core/format.h"
#include "core/text.h"
#include "views/listcache.h"
#include "views/mouse.h"
#include "views/item.h"
#include "views/viewtab.h"
#include "views/regwrite.h"
#include "widgets/draw.h"
#include "widgets/table.h"

enum { TAG_MODEL = 1, TAG_CACHED };

typedef struct VersionsView {
    View            base;
    unsigned        wgen;             /* regw_generation() when last loaded */
    char            name[512];        /* model mode: the model */
    char            run_id[64], run_name[512];   /* run mode */
    RegisteredModel model;
    bool            have_model;
    VersionList     vs;               /* newest first */
    VersionList     next;             /* pages of a re-read until complete */
    RunSet         *runs;             /* source runs (runs/get), for names and `o` */
    ModelList       others;           /* run mode: the models of the versions (aliases) */
    int             loading;          /* requests outstanding */
    Table           tbl;
    int64_t         now;
    ListCache       lc;
    bool            got_model, got_versions;  /* this load's answers, for the cache */
} VersionsView;

enum { VC_MODEL, VC_VERSION, VC_STAGE, VC_ALIASES, VC_STATUS, VC_RUN, VC_CREATED, VC_DESC,
       VC_TAGS, VC__N };

static bool run_mode(const VersionsView *vv)
{
    return vv->run_id[0] != '\0';
}

static const ModelVersion *cur(const VersionsView *vv)
{
    return vv->vs.n && vv->tbl.cursor < vv->vs.n ? &vv->vs.items[vv->tbl.cursor] : NULL;
}

static void filter_for(const VersionsView *vv, char *buf, size_t size)
{
    if (run_mode(vv))
        snprintf(buf, size, "run_id='%s'", vv->run_id);
    else if (strchr(vv->name, '\''))
        snprintf(buf, size, "name=\"%s\"", vv->name);
    else
        snprintf(buf, size, "name='%s'", vv->name);
}

static void load(VersionsView *vv, App *app)
{
    char filter[1200];
    Api *api = app_api(app);

    vv->wgen = regw_generation();
    api_cancel_owner(api, vv->base.id);
    vv->base.gen++;
    versionlist_clear(&vv->next);
    vv->loading = 0;
    filter_for(vv, filter, sizeof filter);
    if (!run_mode(vv) && reg_model_get(api, vv->base.id, vv->base.gen, TAG_MODEL, vv->name))
        vv->loading++;
    vv->base.req = api_versions_search(api, vv->base.id, vv->base.gen, filter);
    if (vv->base.req)
        vv->loading++;
    vv->got_model = vv->got_versions = false;
    /* Not after a write of ours: the cache predates it (still written). */
    listcache_load(&vv->lc, &vv->base, app, TAG_CACHED, "versions",
                   run_mode(vv) || vv->wgen ? NULL : vv->name, vv->vs.n > 0);
}

/* Both halves of a load came (the versions and their model): kept. */
static void maybe_store(VersionsView *vv, App *app)
{
    if (run_mode(vv) || !vv->got_model || !vv->got_versions || !vv->have_model)
        return;
    api_cache_store_list(app_api(app), "versions", vv->name,
                         reg_versions_json(vv->vs.items, vv->vs.n, &vv->model));
    vv->got_model = vv->got_versions = false;
}

static const char *run_name_of(const VersionsView *vv, const char *run_id)
{
    long i = vv->runs ? runset_find(vv->runs, run_id) : -1;
    return i >= 0 ? runset_str(vv->runs, vv->runs->runs[i].name) : NULL;
}

static void resolve_runs(VersionsView *vv, App *app)
{
    for (size_t i = 0; i < vv->vs.n; i++) {
        const char *id = vv->vs.items[i].run_id;
        bool seen = false;
        if (!id[0] || run_name_of(vv, id))
            continue;
        for (size_t j = 0; j < i; j++)
            if (strcmp(vv->vs.items[j].run_id, id) == 0)
                seen = true;
        if (!seen)
            api_run_get(app_api(app), vv->base.id, vv->base.gen, id);
    }
}

static int cmp_version_desc(const void *a, const void *b)
{
    const ModelVersion *x = a, *y = b;
    long vx = atol(x->version), vy = atol(y->version);
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return vx < vy ? 1 : vx > vy ? -1 : 0;
}

/* ---- table ---- */

static void aliases_cell(const VersionsView *vv, const ModelVersion *v, char *buf, size_t size)
{
    if (vv->have_model && strcmp(vv->model.name, v->name) == 0) {
        registry_aliases_of(&vv->model, v->version, buf, size);
        return;
    }
    for (size_t i = 0; i < vv->others.n; i++)
        if (strcmp(vv->others.items[i].name, v->name) == 0) {
            registry_aliases_of(&vv->others.items[i], v->version, buf, size);
            return;
        }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < v->n_aliases; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", v->aliases[i]);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
}

static void vc_text(VersionsView *vv, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    const ModelVersion *v = &vv->vs.items[row];
    const char *rn;

    buf[0] = '\0';
    switch (c) {
    case VC_MODEL:   snprintf(buf, size, "%s", v->name); *role = ROLE_PINNED; break;
    case VC_VERSION: snprintf(buf, size, "%s", v->version); *role = ROLE_PINNED; break;
    case VC_STAGE:
        snprintf(buf, size, "%s", v->stage[0] ? v->stage : "None");
        *role = strcmp(v->stage, "Production") == 0 ? ROLE_STATUS_FINISHED
              : strcmp(v->stage, "Staging") == 0 ? ROLE_STATUS_RUNNING
              : strcmp(v->stage, "Archived") == 0 ? ROLE_DIM : ROLE_NORMAL;
        break;
    case VC_ALIASES: aliases_cell(vv, v, buf, size); *role = ROLE_KEY; break;
    case VC_STATUS:  snprintf(buf, size, "%s", v->status); break;
    case VC_RUN:
        rn = run_name_of(vv, v->run_id);
        snprintf(buf, size, "%s", rn && *rn ? rn : v->run_id);
        break;
    case VC_CREATED: fmt_time(v->created, buf, size); *role = ROLE_DIM; break;
    case VC_DESC:    snprintf(buf, size, "%s", v->description); break;
    default: registry_tags_text(v->tags, v->n_tags, buf, size); *role = ROLE_DIM; break;
    }
}

/* Columns shown: the model column only in run mode. */
static size_t col_of(const VersionsView *vv, size_t c)
{
    return run_mode(vv) ? c : c + 1;
}

static int vc_width(void *ctx, size_t c)
{
    VersionsView *vv = ctx;
    static const char *const names[] = { "Model", "Version", "Stage", "Aliases", "Status",
                                         "Source run", "Created", "Description", "Tags" };
    static const int caps[] = { 30, 7, 10, 24, 20, 32, 19, 50, 60 };
    size_t k = col_of(vv, c);
    int w = (int)strlen(names[k]);
    char buf[1024], fit[1024];
    Role role;

    for (size_t i = 0; i < vv->vs.n && i < 300; i++) {
        vc_text(vv, i, k, buf, sizeof buf, &role);
        int tw = text_fit(buf, caps[k], fit, sizeof fit);
        if (tw > w)
            w = tw;
    }
    return w;
}

static void vc_header(void *ctx, size_t c, char *buf, size_t size, Role *role)
{
    static const char *const names[] = { "Model", "Version", "Stage", "Aliases", "Status",
                                         "Source run", "Created", "Description", "Tags" };
    (void)role;
    snprintf(buf, size, "%s", names[col_of(ctx, c)]);
}

static void vc_cell(void *ctx, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    VersionsView *vv = ctx;
    vc_text(vv, row, col_of(vv, c), buf, size, role);
    if (!buf[0]) {
        snprintf(buf, size, "—");
        *role = ROLE_MISSING;
    }
}

static TableSrc source(VersionsView *vv)
{
    TableSrc s = { .ctx = vv, .n_rows = vv->vs.n, .n_cols = run_mode(vv) ? VC__N : VC__N - 1,
                   .pinned = run_mode(vv) ? 2 : 1, .width = vc_width, .header = vc_header,
                   .cell = vc_cell };
    return s;
}

/* ---- drawing ---- */

static void vv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    VersionsView *vv = (VersionsView *)v;
    TableSrc s = source(vv);
    char info[1600], al[600] = "";
    int y = 0;
    /* A write made on a screen above: show the server's state again. */
    if (vv->wgen != regw_generation())
        load(vv, app);

    vv->now = app_now_ms();
    if (run_mode(vv)) {
        snprintf(info, sizeof info, " Model versions from run %s  %zu%s",
                 vv->run_name[0] ? vv->run_name : vv->run_id, vv->vs.n,
                 vv->loading ? "  loading…" : "");
        draw_text(w, y++, 0, info, cols, ROLE_SECTION, true);
    } else {
        size_t used = 0;
        for (size_t i = 0; vv->have_model && i < vv->model.n_aliases; i++) {
            int n = snprintf(al + used, sizeof al - used, "%s%s→v%s", used ? ", " : "",
                             vv->model.aliases[i].alias, vv->model.aliases[i].version);
            if (n < 0 || (size_t)n >= sizeof al - used)
                break;
            used += (size_t)n;
        }
        char state[96];

        listcache_state(&vv->lc, vv->loading > 0, state, sizeof state);
        snprintf(info, sizeof info, " %s  %zu version%s%s%s%s", vv->name, vv->vs.n,
                 vv->vs.n == 1 ? "" : "s", al[0] ? "  aliases: " : "", al,
                 state[0] ? state : vv->loading ? "  loading…" : "");
        draw_text(w, y++, 0, info, cols, ROLE_SECTION, true);
        if (rows >= 14 && vv->have_model && vv->model.description[0])
            draw_text(w, y++, 1, vv->model.description, cols - 1, ROLE_NORMAL, false);
    }
    table_draw(&vv->tbl, &s, w, y, 0, rows - y - (rows >= 12 ? 1 : 0), cols);
    if (vv->vs.n == 0 && !vv->loading && rows > y + 3)
        draw_text(w, y + 2, 2, run_mode(vv) ? "No model version was created from this run "
                  "(R registers one)." : "This model has no versions.", cols - 2, ROLE_DIM,
                  false);
    /* MLflow deprecates stages in favour of aliases: say so, quietly. */
    if (rows >= 12 && !app_read_only(app))
        draw_text(w, rows - 1, 1, "Note: MLflow deprecates stages in favour of aliases "
                  "(a sets one, e.g. champion).", cols - 1, ROLE_DIM, false);
}

/* ---- actions ---- */

/* The versions of cur's model that this view knows (all of them in model mode). */
static int vv_handle(View *v, App *app, Action a)
{
    VersionsView *vv = (VersionsView *)v;
    TableSrc s = source(vv);
    const ModelVersion *mv = cur(vv);

    if (table_move(&vv->tbl, &s, a))
        return R_REDRAW;
    switch (a) {
    case ACT_OPEN:
        if (mv)
            view_open(app, VIEW_VERSION, &(ViewArgs){ .model = mv->name, .version = mv->version });
        return R_REDRAW;
    case ACT_RELOAD:
        load(vv, app);
        return R_REDRAW;
    case ACT_SOURCE_RUN: {
        long i = mv && vv->runs ? runset_find(vv->runs, mv->run_id) : -1;
        if (!mv || !mv->run_id[0])
            app_message(app, "This version has no source run");
        else if (i < 0)
            app_message(app, "The source run %s is not loaded (yet)", mv->run_id);
        else
            view_open(app, VIEW_RUN, &(ViewArgs){ .rs = vv->runs, .run = (size_t)i });
        return R_REDRAW;
    }
    case ACT_COPY_ID:
        if (mv)
            app_message(app, "%s version %s, run %s", mv->name, mv->version, mv->run_id);
        return R_REDRAW;
    case ACT_STAGE: case ACT_ALIAS: case ACT_UNALIAS: case ACT_TAG: case ACT_UNTAG:
    case ACT_EDIT:
        break;
    default:
        return R_UNKNOWN;
    }
    if (!mv)
        return R_NONE;
    if (run_mode(vv)) {
        /* Changing a version needs all of its model's versions: open it. */
        view_open(app, VIEW_VERSION, &(ViewArgs){ .model = mv->name, .version = mv->version });
        app_message(app, "Changes are made from the version's screen (here) or the model's");
        return R_REDRAW;
    }
    RegTarget t = { .kind = TARGET_VERSION, .model = mv->name, .version = mv->version };
    switch (a) {
    case ACT_STAGE:
        regw_stage(app, v, mv->name, mv->version, vv->vs.items, vv->vs.n, NULL, -1);
        break;
    case ACT_ALIAS:
        regw_alias_set(app, v, vv->have_model ? &vv->model : NULL, mv->name, mv->version, NULL);
        break;
    case ACT_UNALIAS:
        regw_alias_delete(app, v, vv->have_model ? &vv->model : NULL, mv->name, mv->version,
                          NULL);
        break;
    default:
        return regw_tags_action(app, v, a, &t, mv->tags, mv->n_tags, mv->description, NULL);
    }
    return R_REDRAW;
}

/* A version's number and whole contents, to tell what a refresh changed. */
static const char *version_key(const void *l, size_t i)
{
    return ((const VersionList *)l)->items[i].version;
}

static char *version_print(const void *l, size_t i)
{
    return reg_versions_json(&((const VersionList *)l)->items[i], 1, NULL);
}

/* Every page of the versions search came (paging and its bounds are the
 * API's), or the cache's copy: replace what is shown, keep the cursor on the
 * same version, on the same screen line. */
static void versions_arrived(VersionsView *vv, App *app, VersionList *got, bool server)
{
    char keep[64] = "";
    size_t cursor = vv->tbl.cursor, top = vv->tbl.top;
    long row = -1;

    if (cur(vv))
        snprintf(keep, sizeof keep, "%s", cur(vv)->version);
    if (server && vv->lc.from_cache) {
        ListItems a = { &vv->vs, vv->vs.n, version_key, version_print };
        ListItems b = { got, got->n, version_key, version_print };

        listcache_report(&vv->lc, app, "Versions", listcache_diff(&a, &b));
    }
    if (server)
        listcache_server(&vv->lc);
    versionlist_clear(&vv->vs);
    vv->vs = *got;
    memset(got, 0, sizeof *got);
    if (vv->vs.n > 1)
        qsort(vv->vs.items, vv->vs.n, sizeof *vv->vs.items, cmp_version_desc);
    for (size_t i = 0; keep[0] && i < vv->vs.n && row < 0; i++)
        if (strcmp(vv->vs.items[i].version, keep) == 0)
            row = (long)i;
    listcache_keep_line(&vv->tbl, cursor, top, row, vv->vs.n);
    TableSrc s = source(vv);
    table_clamp(&vv->tbl, &s);
    resolve_runs(vv, app);
    /* Run mode: search replies carry no aliases; each version's model does. */
    if (run_mode(vv)) {
        modellist_clear(&vv->others);
        for (size_t i = 0; i < vv->vs.n; i++)
            if (i == 0 || strcmp(vv->vs.items[i].name, vv->vs.items[i - 1].name) != 0)
                reg_model_get(app_api(app), vv->base.id, vv->base.gen, TAG_MODEL,
                              vv->vs.items[i].name);
    }
}

/* The cache's copy of the versions and their model, shown until the server answers. */
static void cached_arrived(VersionsView *vv, App *app, const ApiResult *r)
{
    VersionList     l = { 0 };
    RegisteredModel m;
    const char     *json;
    size_t          len;
    Err             e;

    err_clear(&e);
    if (!(json = listcache_json(&vv->lc, r, vv->vs.n > 0, &len)) ||
        reg_parse_versions(json, len, &l, NULL, &e) != 0 || !l.n) {
        versionlist_clear(&l);
        return;
    }
    if (!vv->have_model && reg_parse_model(json, len, &m, &e) == 0) {
        vv->model = m;
        vv->have_model = true;
    }
    versions_arrived(vv, app, &l, false);
    listcache_shown(&vv->lc, r);
}

static void vv_on_result(View *v, App *app, ApiResult *r)
{
    VersionsView *vv = (VersionsView *)v;
    Err e;

    if (r->cached) {
        cached_arrived(vv, app, r);
        return;
    }
    int w = regw_on_result(v, app, r);
    if (w != RW_NOT_MINE) {
        if (w == RW_OK)
            load(vv, app);
        return;
    }
    err_clear(&e);
    if (r->kind == REQ_RUN_GET) {
        if (r->err.kind == ERR_OK && r->runs) {
            if (!vv->runs)
                vv->runs = runset_new();
            if (vv->runs)
                runset_merge(vv->runs, r->runs);
        }
        return;
    }
    if (r->kind == REQ_VERSIONS_SEARCH) {
        /* A bounded search delivers what arrived, then its error (below). */
        if (r->versions)
            versions_arrived(vv, app, r->versions, true);
        if (r->err.kind == ERR_OK) {
            if (r->final && vv->loading > 0)
                vv->loading--;
            if (r->final) {
                vv->got_versions = true;
                maybe_store(vv, app);
            }
            return;
        }
    } else if (r->kind != REQ_CALL) {
        return;
    }
    if (r->err.kind != ERR_OK) {
        if (vv->loading > 0)
            vv->loading--;
        if (r->err.kind == ERR_CANCELLED)
            return;
        /* The old rows stay: the screen shows what was last read. */
        if (strcmp(r->err.code, "RESOURCE_DOES_NOT_EXIST") == 0)
            app_error(app, "Model %s: %s (deleted meanwhile?)", vv->name, r->err.message);
        else
            app_error(app, "Model versions: %s", r->err.message);
        versionlist_clear(&vv->next);
        return;
    }
    if (r->tag == TAG_MODEL) {
        RegisteredModel m;
        if (vv->loading > 0)
            vv->loading--;
        if (reg_parse_model(r->body, r->body_len, &m, &e) == 0 && run_mode(vv)) {
            modellist_push(&vv->others, &m);
        } else if (e.kind == ERR_OK) {
            if (vv->have_model)
                registered_model_free_fields(&vv->model);
            vv->model = m;
            vv->have_model = true;
            vv->got_model = true;
            maybe_store(vv, app);
        } else {
            app_error(app, "Model %s: %s", vv->name, e.message);
        }
        return;
    }
}

static const ModelVersion *find_version(const VersionsView *vv, const char *version)
{
    if (version[0] == 'v' || version[0] == 'V')
        version++;
    for (size_t i = 0; i < vv->vs.n; i++)
        if (strcmp(vv->vs.items[i].version, version) == 0)
            return &vv->vs.items[i];
    return NULL;
}

static int vv_command(View *v, App *app, int argc, char **argv)
{
    VersionsView *vv = (VersionsView *)v;
    const char *c = argv[0];
    const ModelVersion *mv;

    if (run_mode(vv)) {
        app_error(app, "Open the version (Enter) to change it");
        return R_REDRAW;
    }
    if (strcmp(c, "stage") == 0) {
        if (argc < 3) {
            app_error(app, "Usage: :stage VERSION STAGE [archive]  (stages: None, Staging, "
                      "Production, Archived)");
            return R_REDRAW;
        }
        if (!(mv = find_version(vv, argv[1]))) {
            app_error(app, "%s has no version %s", vv->name, argv[1]);
            return R_REDRAW;
        }
        regw_stage(app, v, mv->name, mv->version, vv->vs.items, vv->vs.n, argv[2],
                   argc > 3 && strcmp(argv[3], "archive") == 0 ? 1 : 0);
        return R_REDRAW;
    }
    if (strcmp(c, "alias") == 0) {
        if (argc < 3) {
            app_error(app, "Usage: :alias NAME VERSION");
            return R_REDRAW;
        }
        if (!(mv = find_version(vv, argv[2]))) {
            app_error(app, "%s has no version %s", vv->name, argv[2]);
            return R_REDRAW;
        }
        regw_alias_set(app, v, vv->have_model ? &vv->model : NULL, vv->name, mv->version,
                       argv[1]);
        return R_REDRAW;
    }
    if (strcmp(c, "unalias") == 0) {
        regw_alias_delete(app, v, vv->have_model ? &vv->model : NULL, vv->name, NULL,
                          argc > 1 ? argv[1] : NULL);
        return R_REDRAW;
    }
    if (!(mv = cur(vv))) {
        app_error(app, "No version under the cursor");
        return R_REDRAW;
    }
    RegTarget t = { .kind = TARGET_VERSION, .model = mv->name, .version = mv->version };
    return regw_tags_command(app, v, argc, argv, &t, mv->tags, mv->n_tags, mv->description);
}

static void vv_complete(View *v, App *app, int argc, char **argv, int argi, Completions *out)
{
    VersionsView *vv = (VersionsView *)v;
    (void)app;
    (void)argc;
    if ((strcmp(argv[0], "stage") == 0 && argi == 1) ||
        (strcmp(argv[0], "alias") == 0 && argi == 2))
        for (size_t i = 0; i < vv->vs.n; i++)
            completions_add(out, vv->vs.items[i].version);
    else if (strcmp(argv[0], "stage") == 0 && argi == 2)
        for (int i = 0; i < 4; i++)
            completions_add(out, registry_stages[i]);
    else if (strcmp(argv[0], "stage") == 0 && argi == 3)
        completions_add(out, "archive");
    else if (strcmp(argv[0], "unalias") == 0 && argi == 1 && vv->have_model)
        for (size_t i = 0; i < vv->model.n_aliases; i++)
            completions_add(out, vv->model.aliases[i].alias);
}

static void vv_start(View *v, App *app)
{
    load((VersionsView *)v, app);
}

static void vv_title(View *v, char *buf, size_t size)
{
    VersionsView *vv = (VersionsView *)v;
    if (run_mode(vv))
        snprintf(buf, size, "versions");
    else
        snprintf(buf, size, "%s", vv->name);
}

static void vv_destroy(View *v)
{
    VersionsView *vv = (VersionsView *)v;
    if (vv->have_model)
        registered_model_free_fields(&vv->model);
    versionlist_clear(&vv->vs);
    versionlist_clear(&vv->next);
    runset_free(vv->runs);
    modellist_clear(&vv->others);
    free(vv);
}

static const Action vv_actions[] = {
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP, ACT_HALF_DOWN, ACT_HOME, ACT_END,
    ACT_LEFT, ACT_RIGHT, ACT_OPEN, ACT_STAGE, ACT_ALIAS, ACT_UNALIAS, ACT_SOURCE_RUN, ACT_TAG,
    ACT_UNTAG, ACT_EDIT, ACT_RELOAD, ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB, ACT_MODELS, ACT_PROMPT, ACT_ERRORS,
    ACT_REDRAW, ACT_HELP, ACT_BACK, ACT_QUIT, ACT_NONE,
};
static const Action vv_hints[] = { ACT_OPEN, ACT_STAGE, ACT_ALIAS, ACT_UNALIAS, ACT_SOURCE_RUN,
                                   ACT_TAG, ACT_EDIT, ACT_BACK, ACT_NONE };
static bool vs_item(View *v, ItemRef *out)
{
    const ModelVersion *mv = cur((VersionsView *)v);

    if (!mv)
        return false;
    item_version(out, mv->name, mv->version);
    return true;
}

static int vs_click(View *v, App *app, int y, int x, bool twice)
{
    return view_click_table(v, app, &((VersionsView *)v)->tbl, y, x, twice);
}

const ViewOps versions_view_ops = {
    .click = vs_click,
    .item = vs_item,
    .name = "versions", .actions = vv_actions, .hints = vv_hints,
    .start = vv_start, .draw = vv_draw, .handle = vv_handle, .on_result = vv_on_result,
    .command = vv_command, .complete = vv_complete, .title = vv_title, .destroy = vv_destroy,
};

static VersionsView *new_view(void)
{
    VersionsView *vv = calloc(1, sizeof *vv);
    if (!vv)
        return NULL;
    vv->base.ops = &versions_view_ops;
    vv->tbl.left = 1;
    return vv;
}

static View *versions_view_new(App *app, const char *name)
{
    VersionsView *vv = new_view();
    (void)app;
    if (!vv)
        return NULL;
    snprintf(vv->name, sizeof vv->name, "%s", name);
    return &vv->base;
}

static View *run_versions_view_new(App *app, const char *run_id, const char *run_name)
{
    VersionsView *vv = new_view();
    (void)app;
    if (!vv)
        return NULL;
    snprintf(vv->run_id, sizeof vv->run_id, "%s", run_id);
    snprintf(vv->run_name, sizeof vv->run_name, "%s", run_name ? run_name : "");
    vv->tbl.left = 2;
    return &vv->base;
}

View *versions_view_open(App *app, const ViewArgs *a)
{
    if (!(a->model))
        return NULL;
    return versions_view_new(app, a->model);
}

View *run_versions_view_open(App *app, const ViewArgs *a)
{
    if (!(a->run_id))
        return NULL;
    return run_versions_view_new(app, a->run_id, a->run_name);
}
