/* models.c — the registered models: a table of every model the server has
 * (paged with page tokens, 100 a page), searched on the server with MLflow's
 * registered-model filter (`name LIKE 'NEO%'`; plain text is taken as a name
 * fragment), with the latest version per stage, aliases, tags, description and
 * last change. Enter opens the model's versions; t/T/E tag and describe it.
 * The unfiltered list is kept in the local cache (views/listcache.h). */
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

typedef struct ModelsView {
    View      base;
    unsigned  wgen;              /* regw_generation() when last loaded */
    ModelList list;
    char      filter[1024];      /* as sent to the server */
    bool      loading;
    Table     tbl;
    int64_t   now;
    ListCache lc;
} ModelsView;

enum { TAG_CACHED = 1 };   /* the cache's answer (regwrite's tags are apart) */

enum { MC_NAME, MC_LATEST, MC_ALIASES, MC_UPDATED, MC_TAGS, MC_DESC, MC__N };

static const RegisteredModel *cur_model(const ModelsView *mv)
{
    return mv->list.n && mv->tbl.cursor < mv->list.n ? &mv->list.items[mv->tbl.cursor] : NULL;
}

static void load(ModelsView *mv, App *app)
{
    mv->wgen = regw_generation();
    api_cancel_owner(app_api(app), mv->base.id);
    mv->base.gen++;
    mv->loading = true;
    mv->base.req = api_models_search(app_api(app), mv->base.id, mv->base.gen,
                                     mv->filter[0] ? mv->filter : NULL);
    /* Not after a write of ours: the cache predates it (still written). */
    listcache_load(&mv->lc, &mv->base, app, TAG_CACHED, "models",
                   mv->filter[0] || mv->wgen ? NULL : "", mv->list.n > 0);
}

/* A model's name and whole contents, to tell what a refresh changed. */
static const char *model_key(const void *l, size_t i)
{
    return ((const ModelList *)l)->items[i].name;
}

static char *model_print(const void *l, size_t i)
{
    return reg_models_json(&((const ModelList *)l)->items[i], 1);
}

/* The server's list replaces the shown one: the cursor stays on its model
 * (on its screen line); a list shown from the cache says what changed. */
static void replace_list(ModelsView *mv, App *app, ModelList *got)
{
    char   keep[1024] = "";
    size_t cursor = mv->tbl.cursor, top = mv->tbl.top;
    long   row = -1;

    if (mv->lc.from_cache) {
        ListItems a = { &mv->list, mv->list.n, model_key, model_print };
        ListItems b = { got, got->n, model_key, model_print };

        listcache_report(&mv->lc, app, "Registered models", listcache_diff(&a, &b));
    }
    if (cur_model(mv))
        snprintf(keep, sizeof keep, "%s", cur_model(mv)->name);
    for (size_t i = 0; keep[0] && i < got->n && row < 0; i++)
        if (strcmp(got->items[i].name, keep) == 0)
            row = (long)i;
    modellist_clear(&mv->list);
    mv->list = *got;
    memset(got, 0, sizeof *got);
    listcache_keep_line(&mv->tbl, cursor, top, row, mv->list.n);
    listcache_server(&mv->lc);
}

static int mc_width(void *ctx, size_t c)
{
    ModelsView *mv = ctx;
    char buf[1024], fit[1024];
    int w, cap;

    switch (c) {
    case MC_NAME: w = 8; cap = 40; break;
    case MC_LATEST: w = 15; cap = 40; break;
    case MC_ALIASES: w = 7; cap = 30; break;
    case MC_UPDATED: return 10;
    case MC_TAGS: w = 4; cap = 40; break;
    default: return 60;
    }
    for (size_t i = 0; i < mv->list.n && i < 500; i++) {
        const RegisteredModel *m = &mv->list.items[i];
        switch (c) {
        case MC_NAME: snprintf(buf, sizeof buf, "%s", m->name); break;
        case MC_LATEST: registry_latest_text(m, buf, sizeof buf); break;
        case MC_ALIASES: registry_aliases_text(m, buf, sizeof buf); break;
        default: registry_tags_text(m->tags, m->n_tags, buf, sizeof buf); break;
        }
        int tw = text_fit(buf, cap, fit, sizeof fit);
        if (tw > w)
            w = tw;
    }
    return w;
}

static void mc_header(void *ctx, size_t c, char *buf, size_t size, Role *role)
{
    static const char *const names[] = { "Name", "Latest versions", "Aliases", "Modified",
                                         "Tags", "Description" };
    (void)ctx;
    (void)role;
    snprintf(buf, size, "%s", names[c]);
}

static void mc_cell(void *ctx, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    ModelsView *mv = ctx;
    const RegisteredModel *m = &mv->list.items[row];

    switch (c) {
    case MC_NAME:    snprintf(buf, size, "%s", m->name); *role = ROLE_PINNED; break;
    case MC_LATEST:  registry_latest_text(m, buf, size); break;
    case MC_ALIASES: registry_aliases_text(m, buf, size); *role = ROLE_KEY; break;
    case MC_UPDATED: fmt_ago(m->updated, mv->now, buf, size); *role = ROLE_DIM; break;
    case MC_TAGS:    registry_tags_text(m->tags, m->n_tags, buf, size); *role = ROLE_DIM; break;
    default:         snprintf(buf, size, "%s", m->description); *role = ROLE_DIM; break;
    }
    if (!buf[0] && c != MC_NAME) {
        snprintf(buf, size, "—");
        *role = ROLE_MISSING;
    }
}

static TableSrc source(ModelsView *mv)
{
    TableSrc s = { .ctx = mv, .n_rows = mv->list.n, .n_cols = MC__N, .pinned = 1,
                   .width = mc_width, .header = mc_header, .cell = mc_cell };
    return s;
}

static void mv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    ModelsView *mv = (ModelsView *)v;
    TableSrc s = source(mv);
    char info[1400];
    /* A write made on a screen above: show the server's state again. */
    if (mv->wgen != regw_generation())
        load(mv, app);

    char state[96];

    mv->now = app_now_ms();
    listcache_state(&mv->lc, mv->loading, state, sizeof state);
    snprintf(info, sizeof info, " Registered models  %zu%s%s%s", mv->list.n,
             mv->filter[0] ? "  filter: " : "", mv->filter,
             state[0] ? state : mv->loading ? "  loading…" : "");
    draw_text(w, 0, 0, info, cols, ROLE_SECTION, true);
    table_draw(&mv->tbl, &s, w, 1, 0, rows - 1, cols);
    if (!mv->loading && mv->list.n == 0 && rows > 4)
        draw_text(w, 3, 2, mv->filter[0] ? "No registered model matches the filter (/ changes it)."
                  : "No registered models yet (R in a run's detail registers one).",
                  cols - 2, ROLE_DIM, false);
}

static int submit_filter(View *v, App *app, const char *text)
{
    ModelsView *mv = (ModelsView *)v;
    registry_name_filter(text, mv->filter, sizeof mv->filter);
    mv->tbl.cursor = mv->tbl.top = 0;
    load(mv, app);
    return R_REDRAW;
}

static int mv_handle(View *v, App *app, Action a)
{
    ModelsView *mv = (ModelsView *)v;
    TableSrc s = source(mv);
    const RegisteredModel *m = cur_model(mv);

    if (table_move(&mv->tbl, &s, a))
        return R_REDRAW;
    switch (a) {
    case ACT_OPEN:
        if (m)
            view_open(app, VIEW_VERSIONS, &(ViewArgs){ .model = m->name });
        return R_REDRAW;
    case ACT_SEARCH:
    case ACT_FILTER:
        app_prompt(app, v, "models filter (name LIKE 'NEO%' or a name fragment): ", mv->filter,
                   submit_filter, NULL);
        return R_REDRAW;
    case ACT_RELOAD:
        load(mv, app);
        return R_REDRAW;
    case ACT_MODELS:
        return R_NONE;
    case ACT_COPY_ID:
        if (m)
            app_message(app, "Model %s", m->name);
        return R_REDRAW;
    case ACT_TAG: case ACT_UNTAG: case ACT_EDIT: {
        if (!m)
            return R_NONE;
        RegTarget t = { .kind = TARGET_MODEL, .model = m->name };
        return regw_tags_action(app, v, a, &t, m->tags, m->n_tags, m->description, NULL);
    }
    case ACT_BACK:
        if (mv->filter[0])
            return submit_filter(v, app, "");
        return R_UNKNOWN;
    default:
        return R_UNKNOWN;
    }
}

static void mv_on_result(View *v, App *app, ApiResult *r)
{
    ModelsView *mv = (ModelsView *)v;
    const char *json;
    size_t      len;

    if (r->cached) {
        ModelList l = { 0 };
        Err       e;

        err_clear(&e);
        if ((json = listcache_json(&mv->lc, r, mv->list.n > 0, &len)) &&
            reg_parse_models(json, len, &l, NULL, &e) == 0 && l.n) {
            mv->list = l;
            memset(&l, 0, sizeof l);
            listcache_shown(&mv->lc, r);
        }
        modellist_clear(&l);
        return;
    }
    int w = regw_on_result(v, app, r);
    if (w != RW_NOT_MINE) {
        if (w == RW_OK)
            load(mv, app);
        return;
    }
    if (r->kind != REQ_MODELS_SEARCH)
        return;
    /* Every page comes in one result (paging and its bounds are the API's);
     * a bounded search delivers what arrived, then its error. */
    if (r->models)
        replace_list(mv, app, r->models);
    if (r->final) {
        mv->loading = false;
        if (r->err.kind == ERR_OK && !mv->filter[0])
            api_cache_store_list(app_api(app), "models", "",
                                 reg_models_json(mv->list.items, mv->list.n));
    }
    if (r->err.kind != ERR_OK && r->err.kind != ERR_CANCELLED)
        app_error(app, "Registered models: %s", r->err.message);
    table_clamp(&mv->tbl, &(TableSrc){ .n_rows = mv->list.n, .n_cols = MC__N });
}

static int mv_command(View *v, App *app, int argc, char **argv)
{
    ModelsView *mv = (ModelsView *)v;
    const RegisteredModel *m = cur_model(mv);

    if (strcmp(argv[0], "search") == 0 || strcmp(argv[0], "filter") == 0)
        return submit_filter(v, app, app_command_rest(app));
    if (!m) {
        app_error(app, "No model under the cursor");
        return R_REDRAW;
    }
    RegTarget t = { .kind = TARGET_MODEL, .model = m->name };
    return regw_tags_command(app, v, argc, argv, &t, m->tags, m->n_tags, m->description);
}

static void mv_complete(View *v, App *app, int argc, char **argv, int argi, Completions *out)
{
    ModelsView *mv = (ModelsView *)v;
    (void)app;
    (void)argc;
    if (strcmp(argv[0], "untag") == 0 && argi == 1 && cur_model(mv))
        for (size_t i = 0; i < cur_model(mv)->n_tags; i++)
            completions_add(out, cur_model(mv)->tags[i].key);
}

static void mv_start(View *v, App *app)
{
    load((ModelsView *)v, app);
}

static void mv_title(View *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "Models");
}

static void mv_destroy(View *v)
{
    ModelsView *mv = (ModelsView *)v;
    modellist_clear(&mv->list);
    free(mv);
}

static const Action mv_actions[] = {
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP, ACT_HALF_DOWN, ACT_HOME, ACT_END,
    ACT_LEFT, ACT_RIGHT, ACT_OPEN, ACT_SEARCH, ACT_RELOAD, ACT_TAG, ACT_UNTAG, ACT_EDIT,
    ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB, ACT_EXPERIMENTS, ACT_PROMPT, ACT_ERRORS, ACT_REDRAW, ACT_HELP, ACT_BACK,
    ACT_QUIT, ACT_NONE,
};
static const Action mv_hints[] = { ACT_OPEN, ACT_SEARCH, ACT_TAG, ACT_EDIT, ACT_RELOAD,
                                   ACT_BACK, ACT_NONE };
static bool mv_item(View *v, ItemRef *out)
{
    const RegisteredModel *m = cur_model((ModelsView *)v);

    if (!m)
        return false;
    item_model(out, m->name);
    return true;
}

static int mv_click(View *v, App *app, int y, int x, bool twice)
{
    return view_click_table(v, app, &((ModelsView *)v)->tbl, y, x, twice);
}

const ViewOps models_view_ops = {
    .click = mv_click,
    .item = mv_item,
    .name = "models", .actions = mv_actions, .hints = mv_hints,
    .start = mv_start, .draw = mv_draw, .handle = mv_handle, .on_result = mv_on_result,
    .command = mv_command, .complete = mv_complete, .title = mv_title, .destroy = mv_destroy,
};

static View *models_view_new(App *app, const char *filter)
{
    ModelsView *mv = calloc(1, sizeof *mv);

    (void)app;
    if (!mv)
        return NULL;
    mv->base.ops = &models_view_ops;
    mv->tbl.left = 1;
    if (filter && *filter)
        registry_name_filter(filter, mv->filter, sizeof mv->filter);
    return &mv->base;
}

View *models_view_open(App *app, const ViewArgs *a)
{
    return models_view_new(app, a->filter);
}
