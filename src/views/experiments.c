/* experiments.c — the experiments list: the root screen. */
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/text.h"
#include "views/mouse.h"
#include "views/item.h"
#include "views/viewtab.h"
#include "widgets/draw.h"
#include "widgets/table.h"

typedef struct ExpView {
    View            base;
    ExperimentList *all;        /* everything loaded */
    size_t         *rows;       /* indices into all shown after the filter */
    size_t          n_rows;
    char            filter[256];
    int             view_type;  /* 0 active, 1 deleted, 2 all */
    bool            loading;
    Table           tbl;
    int64_t         now;
    /* The local cache: the list as last seen is shown at once while the
     * server is asked (stale-while-revalidate, as the runs screen does). */
    bool            from_cache;  /* the rows shown are the cache's */
    bool            server_seen; /* a page of the server's answer arrived */
    int64_t         cached_ms;
} ExpView;

enum { EC_NAME, EC_ID, EC_LIFECYCLE, EC_UPDATED, EC_CREATED, EC_NOTE, EC__N };

static const char *const view_type_names[] = { "active", "deleted", "all" };

static const Experiment *row_exp(const ExpView *ev, size_t row)
{
    return &ev->all->items[ev->rows[row]];
}

static const char *exp_tag(const Experiment *e, const char *key)
{
    for (size_t i = 0; i < e->n_tags; i++)
        if (strcmp(e->tags[i].key, key) == 0)
            return e->tags[i].value;
    return NULL;
}

static void refilter(ExpView *ev)
{
    size_t n = ev->all ? ev->all->n : 0;
    size_t *rows = realloc(ev->rows, (n ? n : 1) * sizeof *rows);

    if (!rows)
        return;
    ev->rows = rows;
    ev->n_rows = 0;
    for (size_t i = 0; i < n; i++) {
        const Experiment *e = &ev->all->items[i];
        if (ev->filter[0] && !text_icontains(e->name, ev->filter) &&
            !text_icontains(e->id, ev->filter))
            continue;
        ev->rows[ev->n_rows++] = i;
    }
}

static void load(ExpView *ev, App *app)
{
    Api *api = app_api(app);

    if (ev->base.req)
        api_cancel_owner(api, ev->base.id);
    ev->base.gen++;
    ev->loading = true;
    ev->server_seen = false;
    ev->base.req = api_experiments_search(api, ev->base.id, ev->base.gen, NULL, ev->view_type);
    if (ev->view_type == 0 && !ev->all)
        api_cache_experiments(api, ev->base.id, ev->base.gen);
}

/* ---- table source ---- */

static int ec_width(void *ctx, size_t c)
{
    ExpView *ev = ctx;
    switch (c) {
    case EC_NAME: {
        int w = 12;
        for (size_t i = 0; i < ev->n_rows && i < 2000; i++) {
            char buf[256];
            int tw = text_fit(row_exp(ev, i)->name, 40, buf, sizeof buf);
            if (tw > w)
                w = tw;
        }
        return w;
    }
    case EC_ID:        return 6;
    case EC_LIFECYCLE: return 9;
    case EC_UPDATED:   return 19;
    case EC_CREATED:   return 19;
    default:           return 60;
    }
}

static void ec_header(void *ctx, size_t c, char *buf, size_t size, Role *role)
{
    static const char *const names[] = { "Name", "ID", "Lifecycle", "Last update", "Created",
                                         "Description" };
    (void)ctx;
    (void)role;
    snprintf(buf, size, "%s", names[c]);
}

static void ec_cell(void *ctx, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    ExpView *ev = ctx;
    const Experiment *e = row_exp(ev, row);
    const char *note;

    switch (c) {
    case EC_NAME:      snprintf(buf, size, "%s", e->name ? e->name : ""); break;
    case EC_ID:        snprintf(buf, size, "%s", e->id ? e->id : ""); break;
    case EC_LIFECYCLE:
        snprintf(buf, size, "%s", e->lifecycle_stage ? e->lifecycle_stage : "");
        if (e->lifecycle_stage && strcmp(e->lifecycle_stage, "deleted") == 0)
            *role = ROLE_DIM;
        break;
    case EC_UPDATED:   fmt_time(e->last_update_time, buf, size); break;
    case EC_CREATED:   fmt_time(e->creation_time, buf, size); break;
    case EC_NOTE:
        note = exp_tag(e, "mlflow.note.content");
        snprintf(buf, size, "%s", note ? note : "");
        *role = ROLE_DIM;
        break;
    }
}

static TableSrc source(ExpView *ev)
{
    TableSrc s = {
        .ctx = ev, .n_rows = ev->n_rows, .n_cols = EC__N, .pinned = 1,
        .width = ec_width, .header = ec_header, .cell = ec_cell,
    };
    return s;
}

/* ---- view ops ---- */

static void ev_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    ExpView *ev = (ExpView *)v;
    TableSrc s = source(ev);
    char info[512], total[32], shown[32];

    (void)app;
    ev->now = app_now_ms();
    fmt_count(ev->n_rows, shown, sizeof shown);
    fmt_count(ev->all ? ev->all->n : 0, total, sizeof total);
    char state[96] = "";
    if (ev->from_cache) {
        char ago[32];
        fmt_ago(ev->cached_ms, ev->now, ago, sizeof ago);
        snprintf(state, sizeof state, "  cached %s%s", ago,
                 ev->loading ? " · refreshing" : " · not refreshed");
    } else if (ev->loading) {
        snprintf(state, sizeof state, "  loading…");
    }
    snprintf(info, sizeof info, " Experiments  %s/%s shown  [%s]%s%s%s", shown, total,
             view_type_names[ev->view_type], ev->filter[0] ? "  search: " : "", ev->filter,
             state);
    draw_text(w, 0, 0, info, cols, ROLE_SECTION, true);
    table_draw(&ev->tbl, &s, w, 1, 0, rows - 1, cols);
    if (!ev->loading && ev->n_rows == 0)
        draw_text(w, 3, 2, ev->all && ev->all->n ? "No experiment matches the search."
                                                  : "No experiments.", cols - 2, ROLE_DIM, false);
}

static int submit_search(View *v, App *app, const char *text)
{
    ExpView *ev = (ExpView *)v;
    (void)app;
    snprintf(ev->filter, sizeof ev->filter, "%s", text);
    refilter(ev);
    ev->tbl.cursor = ev->tbl.top = 0;
    return R_REDRAW;
}

static int ev_handle(View *v, App *app, Action a)
{
    ExpView *ev = (ExpView *)v;
    TableSrc s = source(ev);

    if (table_move(&ev->tbl, &s, a))
        return R_REDRAW;
    switch (a) {
    case ACT_OPEN:
        if (ev->n_rows == 0)
            return R_NONE;
        view_open(app, VIEW_RUNS, &(ViewArgs){ .experiment = row_exp(ev, ev->tbl.cursor)->id,
                                                .title = row_exp(ev, ev->tbl.cursor)->name });
        return R_REDRAW;
    case ACT_SEARCH:
        app_prompt(app, v, "/", ev->filter, submit_search, NULL);
        return R_REDRAW;
    case ACT_RELOAD:
        load(ev, app);
        return R_REDRAW;
    case ACT_VIEW_TYPE:
        ev->view_type = (ev->view_type + 1) % 3;
        load(ev, app);
        app_message(app, "Showing %s experiments", view_type_names[ev->view_type]);
        return R_REDRAW;
    case ACT_COPY_ID:
        if (ev->n_rows)
            app_message(app, "Experiment id %s", row_exp(ev, ev->tbl.cursor)->id);
        return R_REDRAW;
    case ACT_BACK:
        if (ev->filter[0])
            return submit_search(v, app, "");
        return R_NONE;
    default:
        return R_UNKNOWN;
    }
}

static void ev_on_result(View *v, App *app, ApiResult *r)
{
    ExpView *ev = (ExpView *)v;

    if (r->cached) {
        /* Too late once the server's first page is on screen. */
        if (r->experiments && r->experiments->n && !ev->server_seen && !ev->all) {
            ev->all = r->experiments;
            r->experiments = NULL;
            ev->from_cache = true;
            ev->cached_ms = r->cached_ms;
            refilter(ev);
        }
        return;
    }
    if (r->err.kind != ERR_OK) {
        ev->loading = false;
        if (r->err.kind != ERR_CANCELLED)
            app_error(app, "Experiments: %s", r->err.message);
        return;
    }
    if (r->kind != REQ_EXPERIMENTS_SEARCH || !r->experiments)
        return;
    ev->server_seen = true;
    ev->from_cache = false;
    if (r->page == 1) {
        explist_free(ev->all);
        ev->all = r->experiments;
        r->experiments = NULL;
    } else {
        for (size_t i = 0; i < r->experiments->n; i++)
            explist_push(ev->all, &r->experiments->items[i], 1);
        r->experiments->n = 0;
    }
    if (r->final) {
        ev->loading = false;
        if (ev->view_type == 0 && ev->all)
            api_cache_store_experiments(app_api(app), ev->all);
    }
    refilter(ev);
}

static int ev_command(View *v, App *app, int argc, char **argv)
{
    ExpView *ev = (ExpView *)v;

    if (strcmp(argv[0], "search") == 0)
        return submit_search(v, app, app_command_rest(app));
    if (strcmp(argv[0], "lifecycle") == 0 && argc >= 2) {
        for (int i = 0; i < 3; i++)
            if (strcmp(argv[1], view_type_names[i]) == 0) {
                ev->view_type = i;
                load(ev, app);
                return R_REDRAW;
            }
        app_error(app, "Usage: :lifecycle active|deleted|all");
        return R_REDRAW;
    }
    return R_UNKNOWN;
}

/* :lifecycle's values; and :experiment's (a global command: views/viewtab.c
 * asks this screen, always at the bottom, for the names it has loaded). */
static void ev_complete(View *v, App *app, int argc, char **argv, int argi, Completions *out)
{
    ExpView *ev = (ExpView *)v;
    (void)app;
    (void)argc;
    if (strcmp(argv[0], "lifecycle") == 0 && argi == 1)
        for (int i = 0; i < 3; i++)
            completions_add(out, view_type_names[i]);
    if (strcmp(argv[0], "experiment") != 0 || argi != 1 || !ev->all)
        return;
    for (size_t i = 0; i < ev->all->n; i++) {
        const char *name = ev->all->items[i].name;
        /* Names with spaces cannot be completed as one word: offer the id. */
        completions_add(out, name && !strchr(name, ' ') ? name : ev->all->items[i].id);
    }
}

static void ev_start(View *v, App *app)
{
    load((ExpView *)v, app);
}

static void ev_title(View *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "Experiments");
}

static void ev_destroy(View *v)
{
    ExpView *ev = (ExpView *)v;
    explist_free(ev->all);
    free(ev->rows);
    free(ev);
}

static const Action ev_actions[] = {
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP, ACT_HALF_DOWN, ACT_HOME, ACT_END,
    ACT_LEFT, ACT_RIGHT, ACT_OPEN, ACT_SEARCH, ACT_VIEW_TYPE, ACT_RELOAD, ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB, ACT_PROMPT,
    ACT_ERRORS, ACT_REDRAW, ACT_HELP, ACT_BACK, ACT_QUIT, ACT_NONE,
};
static const Action ev_hints[] = { ACT_OPEN, ACT_SEARCH, ACT_RELOAD, ACT_PROMPT, ACT_QUIT,
                                   ACT_NONE };
static bool ev_item(View *v, ItemRef *out)
{
    ExpView *ev = (ExpView *)v;

    if (!ev->n_rows)
        return false;
    item_experiment(out, row_exp(ev, ev->tbl.cursor)->id);
    return true;
}

static int ev_click(View *v, App *app, int y, int x, bool twice)
{
    return view_click_table(v, app, &((ExpView *)v)->tbl, y, x, twice);
}

const ViewOps experiments_view_ops = {
    .click = ev_click,
    .item = ev_item,
    .name      = "experiments",
    .actions   = ev_actions,
    .hints     = ev_hints,
    .start     = ev_start,
    .draw      = ev_draw,
    .handle    = ev_handle,
    .on_result = ev_on_result,
    .command   = ev_command,
    .complete  = ev_complete,
    .title     = ev_title,
    .destroy   = ev_destroy,
};

static View *experiments_view_new(App *app)
{
    ExpView *ev = calloc(1, sizeof *ev);

    if (!ev)
        return NULL;
    ev->base.ops = &experiments_view_ops;
    ev->tbl.left = 1;
    (void)app;
    return &ev->base;
}

View *experiments_view_open(App *app, const ViewArgs *a)
{
    (void)a;
    return experiments_view_new(app);
}
