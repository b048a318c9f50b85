/* logged_models.c — the logged models of one experiment (MLflow 3): a table
 * with the name pinned, model id, status, source run (by name), created,
 * flavour, registered versions, then one column per metric and param.
 *
 * The rows are a RunSet (core/logged_model.h), so sorting (`s`, `:sort f1
 * desc`), the quick search and the column chooser are the runs table's own
 * code. All pages are read (logged-models/search, POST, 100 a page); the
 * source runs' names come from runs/search by id (100 ids a request, never
 * one request per model), and each model's flavour from its MLmodel when the
 * experiment has at most LAZY_FLAVOURS models (else for the model under the
 * cursor when it is opened). A server filter (`f`, `:filter metrics.f1 >
 * 0.9`) re-queries; a rejected one keeps the rows and shows the server's
 * message. Marked models (Space) go to compare and the plots like runs. The
 * unfiltered list is kept in the local cache (views/listcache.h): shown at
 * once while the server is asked, then replaced keeping the sort, the
 * search, the marks and the cursor. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/logged_models.h"
#include "api/mlmodel.h"
#include "api/runids.h"
#include "core/format.h"
#include "core/idset.h"
#include "core/logged_model.h"
#include "core/runtable.h"
#include "core/text.h"
#include "views/listcache.h"
#include "views/mouse.h"
#include "views/item.h"
#include "views/regwrite.h"
#include "views/viewtab.h"
#include "widgets/draw.h"
#include "widgets/table.h"

#define PAGE          100
#define LAZY_FLAVOURS 50
enum { TAG_PAGE = 1, TAG_CACHED, TAG_FLAVOUR_BASE = 1000 };

typedef struct LmsView {
    View            base;
    char           *exp_id, *exp_name;
    LoggedModelList models;
    char          **run_names;     /* per model, NULL until known */
    char          **flavours;      /* per model, NULL until known */
    LoggedModelList next;          /* a new query's pages until it is complete */
    RunSet         *rs;            /* the rows */
    RunSet         *runs;          /* the source runs (names; `o` opens one) */
    RunTable        t;
    Table           tbl;
    char            filter[1024], pending[1024];
    bool            loading, laid_out;
    int             pages;
    int64_t         started;
    IdSet           marks;
    ListCache       lc;
} LmsView;

/* ---- rows ---- */

static void rebuild_rows(LmsView *lv)
{
    LmRowExtras x = { (const char *const *)lv->run_names,
                      (const char *const *)lv->flavours };
    RunTable old = lv->t;
    RunSet *rs = runset_new();

    if (!rs || logged_models_to_runset(lv->models.items, lv->models.n, &x, rs) < 0) {
        runset_free(rs);
        return;
    }
    runtable_init(&lv->t, rs);
    for (int i = 0; i < old.n_sort; i++) {
        char name[512];
        Column c;
        column_name(lv->rs, old.sort[i].col, name, sizeof name);
        if (runtable_parse_column(rs, name, &c)) {
            lv->t.sort[lv->t.n_sort].col = c;
            lv->t.sort[lv->t.n_sort++].desc = old.sort[i].desc;
        }
    }
    if (old.quick)
        runtable_set_quick(&lv->t, old.quick);
    runtable_sync_columns(&lv->t);
    /* The layout of a logged-models table: id after the name, the source run
     * and the registered versions as columns, no duration/user/source file. */
    for (size_t i = lv->t.n_cols; i-- > 1;) {
        Column c = lv->t.cols[i];
        if (c.kind == COL_ATTR && (c.id == ATTR_DURATION || c.id == ATTR_USER ||
                                   c.id == ATTR_SOURCE))
            runtable_col_hide(&lv->t, i);
    }
    {
        Column c = { COL_ATTR, ATTR_RUN_ID };
        if (COLS >= 150)   /* narrower: the name, status and metrics first (y copies the id) */
            runtable_col_show(&lv->t, c, 1);
        /* The source run right after the status (wherever the id is). */
        if (runtable_parse_column(rs, "tags.`" LM_TAG_SOURCE_RUN "`", &c))
            for (size_t i = 0; i < lv->t.n_cols; i++)
                if (lv->t.cols[i].kind == COL_ATTR && lv->t.cols[i].id == ATTR_STATUS) {
                    runtable_col_show(&lv->t, c, i + 1);
                    break;
                }
        if (runtable_parse_column(rs, "tags." LM_TAG_VERSIONS, &c))
            for (size_t i = 0; i < lv->t.n_cols; i++)
                if (lv->t.cols[i].kind == COL_ATTR && lv->t.cols[i].id == ATTR_MODEL) {
                    runtable_col_show(&lv->t, c, i + 1);
                    break;
                }
    }
    /* Narrower still, as the runs table: what tells models apart (name,
     * source run) and the metrics stay; the rest goes, least needed first
     * (C brings any back). Once: later rebuilds (names, flavours, pages
     * arriving) carry the columns as they were, the user's choices too. */
    if (lv->laid_out && lv->rs) {
        runtable_carry_columns(&lv->t, &old, lv->rs);
    } else {
        lv->laid_out = true;
        static const struct { int below; ColKind kind; int attr; const char *tag; } drop[] = {
            { 120, COL_ATTR, ATTR_START, NULL }, { 90, COL_TAG, 0, LM_TAG_VERSIONS },
            { 72, COL_ATTR, ATTR_MODEL, NULL }, { 60, COL_ATTR, ATTR_STATUS, NULL },
        };
        for (size_t d = 0; d < sizeof drop / sizeof drop[0]; d++) {
            if (COLS >= drop[d].below)
                continue;
            for (size_t i = lv->t.n_cols; i-- > 1;) {
                Column k = lv->t.cols[i];
                bool hit = drop[d].kind == COL_ATTR
                               ? k.kind == COL_ATTR && k.id == (uint32_t)drop[d].attr
                               : k.kind == COL_TAG && strcmp(runset_str(rs, k.id), drop[d].tag) == 0;
                if (hit)
                    runtable_col_hide(&lv->t, i);
            }
        }
    }
    runtable_free(&old);
    runset_free(lv->rs);
    lv->rs = rs;
    runtable_refresh(&lv->t);
}

static void free_strs(char **a, size_t n)
{
    for (size_t i = 0; a && i < n; i++)
        free(a[i]);
    free(a);
}

static const LoggedModel *cursor_model(const LmsView *lv);

/* ---- loading ---- */

static void request_page(LmsView *lv, App *app, const char *token)
{
    LmQuery q = { .experiment_id = lv->exp_id, .filter = lv->pending[0] ? lv->pending : NULL,
                  .max_results = PAGE, .page_token = token };

    lv->base.req = lm_search(app_api(app), lv->base.id, lv->base.gen, TAG_PAGE, &q);
}

static void start_query(LmsView *lv, App *app)
{
    api_cancel_owner(app_api(app), lv->base.id);
    lv->base.gen++;
    lmlist_clear(&lv->next);
    lv->loading = true;
    lv->pages = 0;
    lv->started = app_now_ms();
    request_page(lv, app, NULL);
    /* Not after a registry write of ours (the versions column): the cache
     * predates it (still written). */
    listcache_load(&lv->lc, &lv->base, app, TAG_CACHED, "logged-models",
                   lv->pending[0] || regw_generation() ? NULL : lv->exp_id, lv->models.n > 0);
}

/* The source runs' names: runs/search by id, 100 ids a request. */
static void request_run_names(LmsView *lv, App *app)
{
    const char **ids = calloc(lv->models.n ? lv->models.n : 1, sizeof *ids);
    const char *exp[1] = { lv->exp_id };
    size_t n = 0;

    if (!ids)
        return;
    for (size_t i = 0; i < lv->models.n; i++) {
        const char *id = lv->models.items[i].source_run_id;
        bool dup = !id[0] || (lv->runs && runset_find(lv->runs, id) >= 0);
        for (size_t k = 0; k < n && !dup; k++)
            dup = strcmp(ids[k], id) == 0;
        if (!dup)
            ids[n++] = id;
    }
    if (n)
        api_runs_by_ids(app_api(app), lv->base.id, lv->base.gen, exp, 1, ids, n, NULL);
    free(ids);
}

static void request_flavour(LmsView *lv, App *app, size_t i)
{
    const LoggedModel *m = &lv->models.items[i];

    if (lv->flavours[i])
        return;
    lv->flavours[i] = strdup("");   /* asked: do not ask again */
    lm_file_get(app_api(app), lv->base.id, lv->base.gen, TAG_FLAVOUR_BASE + (int)i, m->model_id,
                m->artifact_uri, "MLmodel", NULL);
}

static void names_from_runs(LmsView *lv)
{
    for (size_t i = 0; i < lv->models.n && lv->runs; i++) {
        long r = runset_find(lv->runs, lv->models.items[i].source_run_id);
        if (r >= 0 && !lv->run_names[i])
            lv->run_names[i] = strdup(runset_str(lv->runs, lv->runs->runs[r].name));
    }
}

/* A model's id and whole contents, to tell what a refresh changed. */
static const char *lm_key(const void *l, size_t i)
{
    return ((const LoggedModelList *)l)->items[i].model_id;
}

static char *lm_print(const void *l, size_t i)
{
    return lm_search_json(&((const LoggedModelList *)l)->items[i], 1);
}

/* A list (the new query's, complete, or the cache's) replaces what was
 * shown. When it is the same query again (a refresh: reload, registration,
 * the server's answer after the cache's) the sort, the search, the marks and
 * the cursor's model on its screen line stay, and the source run names and
 * flavours already known are kept. */
static void list_arrived(LmsView *lv, App *app, LoggedModelList *got, bool server)
{
    char     n[32], keep[128] = "", **names, **flavours;
    const LoggedModel *m = cursor_model(lv);
    bool     same = lv->models.n && strcmp(lv->filter, lv->pending) == 0;
    size_t   cursor = lv->tbl.cursor, top = lv->tbl.top;
    long     row = -1;
    ListDiff d = { 0, 0, 0 };
    bool     report = server && lv->lc.from_cache;

    if (same && m)
        snprintf(keep, sizeof keep, "%s", m->model_id);
    if (report) {
        ListItems a = { &lv->models, lv->models.n, lm_key, lm_print };
        ListItems b = { got, got->n, lm_key, lm_print };

        d = listcache_diff(&a, &b);
    }
    names = calloc(got->n ? got->n : 1, sizeof *names);
    flavours = calloc(got->n ? got->n : 1, sizeof *flavours);
    if (!names || !flavours) {
        free(names);
        free(flavours);
        lmlist_clear(got);
        app_error(app, "Out of memory");
        return;
    }
    for (size_t i = 0; i < got->n && lv->run_names && lv->flavours; i++)
        for (size_t k = 0; k < lv->models.n; k++)
            if (strcmp(lv->models.items[k].model_id, got->items[i].model_id) == 0) {
                names[i] = lv->run_names[k];
                lv->run_names[k] = NULL;
                if (lv->flavours[k] && lv->flavours[k][0]) {  /* "" is asked, not known */
                    flavours[i] = lv->flavours[k];
                    lv->flavours[k] = NULL;
                }
                break;
            }
    free_strs(lv->run_names, lv->models.n);
    free_strs(lv->flavours, lv->models.n);
    lmlist_clear(&lv->models);
    lv->models = *got;
    memset(got, 0, sizeof *got);
    lv->run_names = names;
    lv->flavours = flavours;
    snprintf(lv->filter, sizeof lv->filter, "%s", lv->pending);
    names_from_runs(lv);
    rebuild_rows(lv);
    for (size_t i = 0; keep[0] && i < lv->t.n_rows && row < 0; i++)
        if (strcmp(runset_str(lv->rs, lv->rs->runs[lv->t.rows[i]].run_id), keep) == 0)
            row = (long)i;
    if (same)
        listcache_keep_line(&lv->tbl, cursor, top, row, lv->t.n_rows);
    else
        lv->tbl.cursor = lv->tbl.top = 0;
    fmt_count(lv->models.n, n, sizeof n);
    if (!server)
        return;   /* the info line says they are the cache's */
    /* The cache's rows asked nothing (flavour replies are matched by row):
     * names and flavours are asked for the server's rows only. */
    listcache_server(&lv->lc);
    lv->loading = false;
    request_run_names(lv, app);
    for (size_t i = 0; i < lv->models.n && lv->models.n <= LAZY_FLAVOURS; i++)
        request_flavour(lv, app, i);
    if (report)
        listcache_report(&lv->lc, app, "Logged models", d);
    else
        app_message(app, "Loaded %s logged model%s in %.1fs (%d page%s)", n,
                    lv->models.n == 1 ? "" : "s", (double)(app_now_ms() - lv->started) / 1000.0,
                    lv->pages, lv->pages == 1 ? "" : "s");
    if (!lv->filter[0])
        api_cache_store_list(app_api(app), "logged-models", lv->exp_id,
                             lm_search_json(lv->models.items, lv->models.n));
}

/* ---- table source ---- */

static int lc_width(void *ctx, size_t c)
{
    LmsView *lv = ctx;
    Column col = lv->t.cols[c];

    switch (col.kind) {
    case COL_ATTR:
        switch ((AttrId)col.id) {
        case ATTR_NAME:   return 20;
        case ATTR_RUN_ID: return 34;
        case ATTR_START:  return 19;
        case ATTR_STATUS: return 9;
        default:          return 12;
        }
    case COL_METRIC: return 10;
    case COL_TAG:    return 16;
    default:         return 12;
    }
}

static bool lc_right(void *ctx, size_t c)
{
    LmsView *lv = ctx;
    return column_is_numeric(lv->t.cols[c]);
}

static void lc_title(const LmsView *lv, Column c, char *buf, size_t size)
{
    /* Headers capitalised as the runs table's (Name, Status, Start...); the
     * names :sort and the column chooser take stay lower case. */
    if (c.kind == COL_ATTR && c.id == ATTR_RUN_ID)
        snprintf(buf, size, "Model ID");
    else if (c.kind == COL_ATTR && c.id == ATTR_START)
        snprintf(buf, size, "Created");
    else if (c.kind == COL_ATTR && c.id == ATTR_MODEL)
        snprintf(buf, size, "Flavour");
    else if (c.kind == COL_TAG && strcmp(runset_str(lv->rs, c.id), LM_TAG_SOURCE_RUN) == 0)
        snprintf(buf, size, "Source run");
    else if (c.kind == COL_TAG && strcmp(runset_str(lv->rs, c.id), LM_TAG_VERSIONS) == 0)
        snprintf(buf, size, "Registered");
    else
        column_title(lv->rs, c, buf, size);
}

static void lc_header(void *ctx, size_t c, char *buf, size_t size, Role *role)
{
    LmsView *lv = ctx;
    Column col = lv->t.cols[c];
    char title[256];

    lc_title(lv, col, title, sizeof title);
    if (lv->t.n_sort > 0 && column_equal(lv->t.sort[0].col, col)) {
        snprintf(buf, size, "%s%s", title, lv->t.sort[0].desc ? "▼" : "▲");
        *role = ROLE_HEADER_SORTED;
    } else {
        snprintf(buf, size, "%s", title);
    }
}

static void lc_cell(void *ctx, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    LmsView *lv = ctx;
    Column col = lv->t.cols[c];
    size_t r = lv->t.rows[row];

    runtable_cell(lv->rs, r, col, app_now_ms(), buf, size);
    if (col.kind == COL_ATTR && col.id == ATTR_STATUS) {
        const LoggedModel *m = lmlist_find(&lv->models,
                                           runset_str(lv->rs, lv->rs->runs[r].run_id));
        snprintf(buf, size, "%s", m ? logged_model_status_short(m->status) : "");
        *role = lv->rs->runs[r].status == RUN_FINISHED ? ROLE_STATUS_FINISHED
              : lv->rs->runs[r].status == RUN_FAILED ? ROLE_STATUS_FAILED
              : ROLE_STATUS_RUNNING;
    } else if (col.kind == COL_ATTR && col.id == ATTR_NAME) {
        *role = ROLE_PINNED;
    } else if (!buf[0]) {
        snprintf(buf, size, "—");
        *role = ROLE_MISSING;
    } else if (col.kind == COL_METRIC) {
        *role = ROLE_NUMBER;
    }
}

static int lc_mark(void *ctx, size_t row)
{
    LmsView *lv = ctx;
    const char *id = runset_str(lv->rs, lv->rs->runs[lv->t.rows[row]].run_id);

    return lv->marks.n && idset_has(&lv->marks, id) ? '*' : 0;
}

static TableSrc source(LmsView *lv)
{
    TableSrc s = { .ctx = lv, .n_rows = lv->t.n_rows, .n_cols = lv->t.n_cols, .pinned = 1,
                   .width = lc_width, .right = lc_right, .header = lc_header,
                   .cell = lc_cell, .mark = lc_mark };
    return s;
}

/* The model under the cursor, or NULL. */
static const LoggedModel *cursor_model(const LmsView *lv)
{
    if (lv->t.n_rows == 0 || lv->tbl.cursor >= lv->t.n_rows)
        return NULL;
    return lmlist_find(&lv->models,
                       runset_str(lv->rs, lv->rs->runs[lv->t.rows[lv->tbl.cursor]].run_id));
}

/* ---- sorting, searching, filtering ---- */

/* Column names of this screen first, then the runs table's. */
static bool parse_col(const LmsView *lv, const char *s, Column *c)
{
    if (strcasecmp(s, "created") == 0 || strcasecmp(s, "creation_timestamp") == 0) {
        *c = (Column){ COL_ATTR, ATTR_START };
        return true;
    }
    if (strcasecmp(s, "id") == 0 || strcasecmp(s, "model_id") == 0) {
        *c = (Column){ COL_ATTR, ATTR_RUN_ID };
        return true;
    }
    if (strcasecmp(s, "flavour") == 0 || strcasecmp(s, "flavor") == 0) {
        *c = (Column){ COL_ATTR, ATTR_MODEL };
        return true;
    }
    if (strcasecmp(s, "run") == 0 || strcasecmp(s, "source_run") == 0)
        return runtable_parse_column(lv->rs, "tags.`" LM_TAG_SOURCE_RUN "`", c);
    if (strcasecmp(s, "versions") == 0 || strcasecmp(s, "registered") == 0)
        return runtable_parse_column(lv->rs, "tags." LM_TAG_VERSIONS, c);
    return runtable_parse_column(lv->rs, s, c);
}

static void sort_by(LmsView *lv, App *app, Column c, bool desc)
{
    char name[256];

    runtable_sort_by(&lv->t, c, desc);
    runtable_refresh(&lv->t);
    lv->tbl.cursor = lv->tbl.top = 0;
    for (size_t i = 0; i < lv->t.n_cols; i++)
        if (column_equal(lv->t.cols[i], c))
            lv->tbl.col = i;
    lc_title(lv, c, name, sizeof name);
    app_message(app, "Sorted by %s %s", name, desc ? "descending" : "ascending");
}

static int submit_quick(View *v, App *app, const char *text)
{
    LmsView *lv = (LmsView *)v;

    runtable_set_quick(&lv->t, text);
    runtable_refresh(&lv->t);
    lv->tbl.cursor = lv->tbl.top = 0;
    if (text[0])
        app_message(app, "%zu of %zu logged models match \"%s\"", lv->t.n_rows,
                    lv->rs->n_runs, text);
    return R_REDRAW;
}

static int submit_filter(View *v, App *app, const char *text)
{
    LmsView *lv = (LmsView *)v;

    (void)app;
    snprintf(lv->pending, sizeof lv->pending, "%s", text);
    start_query(lv, app);
    return R_REDRAW;
}

/* The marked models in table order (else every shown one): rows of lv->rs. */
static size_t selection(LmsView *lv, uint32_t **rows)
{
    size_t n = 0;

    *rows = malloc((lv->t.n_rows ? lv->t.n_rows : 1) * sizeof **rows);
    if (!*rows)
        return 0;
    for (size_t i = 0; i < lv->t.n_rows; i++) {
        uint32_t r = lv->t.rows[i];
        if (!lv->marks.n || idset_has(&lv->marks, runset_str(lv->rs, lv->rs->runs[r].run_id)))
            (*rows)[n++] = r;
    }
    return n;
}

static int open_selection(LmsView *lv, App *app, Action a, int argc, char **argv)
{
    uint32_t *rows;
    size_t n = selection(lv, &rows);
    ViewArgs args = { .rs = lv->rs, .rows = rows, .n_rows = n, .argc = argc, .argv = argv,
                      .logged_models = true };
    Column focus;
    bool have = lv->t.n_sort > 0 && lv->t.sort[0].col.kind == COL_METRIC;

    if (have)
        focus = lv->t.sort[0].col;
    args.focus = have ? &focus : NULL;
    if (n == 0)
        app_message(app, "No logged models to %s", a == ACT_COMPARE ? "compare" : "plot");
    else
        view_open(app, a == ACT_COMPARE ? VIEW_COMPARE : a == ACT_SCATTER ? VIEW_SCATTER
                                                                          : VIEW_PARALLEL, &args);
    free(rows);
    return R_REDRAW;
}

/* ---- view ops ---- */

static void lv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    LmsView *lv = (LmsView *)v;
    TableSrc s = source(lv);
    char info[2400], sort[300] = "";

    (void)app;
    if (lv->t.n_sort > 0) {
        char name[256];
        lc_title(lv, lv->t.sort[0].col, name, sizeof name);
        snprintf(sort, sizeof sort, "  sort: %s %s", name, lv->t.sort[0].desc ? "desc" : "asc");
    }
    char state[96];

    listcache_state(&lv->lc, lv->loading, state, sizeof state);
    snprintf(info, sizeof info, " Logged models of %s  %zu/%zu%s%s%s%s%s%s",
             lv->exp_name ? lv->exp_name : lv->exp_id, lv->t.n_rows, lv->rs->n_runs, sort,
             lv->filter[0] ? "  filter: " : "", lv->filter,
             lv->t.quick ? "  search: " : "", lv->t.quick ? lv->t.quick : "",
             state[0] ? state : lv->loading ? "  loading…" : "");
    draw_text(w, 0, 0, info, cols, ROLE_SECTION, true);
    table_draw(&lv->tbl, &s, w, 1, 0, rows - 1, cols);
    if (lv->t.n_rows == 0 && rows > 4)
        draw_text(w, 3, 2, lv->loading ? "Loading logged models…"
                  : lv->rs->n_runs ? "No logged model matches the search (Esc clears it)."
                  : lv->filter[0] ? "No logged model matches the filter (f changes it)."
                  : "No logged models in this experiment (MLflow 3 log_model creates them).",
                  cols - 2, ROLE_DIM, false);
}

static int lv_handle(View *v, App *app, Action a)
{
    LmsView *lv = (LmsView *)v;
    TableSrc s = source(lv);
    const LoggedModel *m = cursor_model(lv);

    lv->tbl.col_cursor = true;
    if (table_move(&lv->tbl, &s, a))
        return R_REDRAW;
    switch (a) {
    case ACT_OPEN:
        if (!m)
            return R_NONE;
        view_open(app, VIEW_LOGGED_MODEL, &(ViewArgs){ .model_id = m->model_id });
        return R_REDRAW;
    case ACT_SORT: {
        if (lv->t.n_cols == 0)
            return R_NONE;
        Column c = lv->t.cols[lv->tbl.col];
        bool same = lv->t.n_sort > 0 && column_equal(lv->t.sort[0].col, c);
        sort_by(lv, app, c, same ? !lv->t.sort[0].desc : runtable_default_desc(lv->rs, c));
        return R_REDRAW;
    }
    case ACT_SORT_REVERSE:
        if (lv->t.n_sort)
            sort_by(lv, app, lv->t.sort[0].col, !lv->t.sort[0].desc);
        return R_REDRAW;
    case ACT_SEARCH:
        app_prompt(app, v, "/", lv->t.quick ? lv->t.quick : "", submit_quick, NULL);
        return R_REDRAW;
    case ACT_FILTER:
        app_prompt(app, v, "filter (MLflow syntax, e.g. metrics.f1 > 0.9): ", lv->filter,
                   submit_filter, NULL);
        return R_REDRAW;
    case ACT_COLUMNS:
        view_open(app, VIEW_COLUMNS, &(ViewArgs){ .table = &lv->t });
        return R_REDRAW;
    case ACT_RELOAD:
        snprintf(lv->pending, sizeof lv->pending, "%s", lv->filter);
        start_query(lv, app);
        return R_REDRAW;
    case ACT_COPY_ID:
        if (m)
            app_message(app, "Logged model id %s", m->model_id);
        return R_REDRAW;
    case ACT_MARK:
        if (!m)
            return R_NONE;
        idset_toggle(&lv->marks, m->model_id);
        table_move(&lv->tbl, &s, ACT_DOWN);
        return R_REDRAW;
    case ACT_MARK_ALL:
        for (size_t i = 0; i < lv->t.n_rows; i++)
            idset_add(&lv->marks, runset_str(lv->rs, lv->rs->runs[lv->t.rows[i]].run_id));
        return R_REDRAW;
    case ACT_UNMARK_ALL:
        idset_clear(&lv->marks);
        return R_REDRAW;
    case ACT_COMPARE:
    case ACT_PARALLEL:
    case ACT_SCATTER:
        return open_selection(lv, app, a, 0, NULL);
    case ACT_SOURCE_RUN: {
        long r = m && lv->runs ? runset_find(lv->runs, m->source_run_id) : -1;
        if (r < 0) {
            app_message(app, m && m->source_run_id[0] ? "The source run is not loaded yet"
                                                      : "This logged model has no source run");
            return R_REDRAW;
        }
        view_open(app, VIEW_RUN, &(ViewArgs){ .rs = lv->runs, .run = (size_t)r });
        return R_REDRAW;
    }
    case ACT_ARTIFACTS:
        if (m)
            view_open(app, VIEW_ARTIFACTS, &(ViewArgs){ .model_id = m->model_id,
                      .run_id = m->source_run_id, .run_name = m->name,
                      .artifact_uri = m->artifact_uri });
        return R_REDRAW;
    case ACT_REGISTER: {
        long r = m && lv->runs ? runset_find(lv->runs, m->source_run_id) : -1;
        if (m)
            regw_register_logged_model(app, v, m->model_id, m->name, m->source_run_id,
                                       r >= 0 ? runset_str(lv->runs, lv->runs->runs[r].name)
                                              : NULL, NULL);
        return R_REDRAW;
    }
    case ACT_BACK:
        if (lv->t.quick)
            return submit_quick(v, app, "");
        return R_UNKNOWN;
    default:
        return R_UNKNOWN;
    }
}

static void lv_on_result(View *v, App *app, ApiResult *r)
{
    LmsView *lv = (LmsView *)v;
    Err e;
    int w = regw_on_result(v, app, r);

    if (w != RW_NOT_MINE) {         /* registered: re-read the versions column */
        if (w == RW_OK)
            lv_handle(v, app, ACT_RELOAD);
        return;
    }
    err_clear(&e);
    if (r->cached) {
        LoggedModelList l = { 0 };
        const char     *json;
        size_t          len;

        if ((json = listcache_json(&lv->lc, r, lv->models.n > 0, &len)) &&
            lm_parse_search(json, len, &l, NULL, &e) == 0 && l.n) {
            listcache_shown(&lv->lc, r);
            list_arrived(lv, app, &l, false);
        }
        lmlist_clear(&l);
        return;
    }
    if (r->kind == REQ_RUNS_SEARCH) {       /* source run names */
        if (r->err.kind != ERR_OK || !r->runs)
            return;
        if (!lv->runs)
            lv->runs = runset_new();
        if (lv->runs && runset_merge(lv->runs, r->runs) == 0 && r->final) {
            names_from_runs(lv);
            rebuild_rows(lv);
        }
        return;
    }
    if (r->kind != REQ_CALL)
        return;
    if (r->tag >= TAG_FLAVOUR_BASE) {
        size_t i = (size_t)(r->tag - TAG_FLAVOUR_BASE);
        char f[128];
        if (r->err.kind != ERR_OK || i >= lv->models.n || !lv->flavours)
            return;
        mlmodel_flavour(r->body, r->body_len, f, sizeof f);
        free(lv->flavours[i]);
        lv->flavours[i] = strdup(f);
        rebuild_rows(lv);
        return;
    }
    if (r->tag != TAG_PAGE)
        return;
    lm_note_reply(r);
    if (r->err.kind != ERR_OK) {
        lv->loading = false;
        lmlist_clear(&lv->next);
        if (r->err.kind == ERR_CANCELLED)
            return;
        if (server_err_is_missing_route(&r->err)) {
            /* MLflow 2, learnt only now (/version had not answered when the
             * screen opened): no such screen there. Back where it was opened
             * from, with the same plain word `L` gives on MLflow 2, no error. */
            for (int i = app_depth(app) - 1; i > 0; i--)
                if (app_view_at(app, i) == v) {
                    app_pop_to(app, i);   /* frees lv: nothing of it after this */
                    break;
                }
            app_message(app, "%s", LM_MLFLOW2_NOTE);
            return;
        }
        if (r->err.kind == ERR_SERVER && lv->pending[0])
            app_error(app, "Filter rejected: %s", r->err.message);
        else
            app_error(app, "%s", r->err.message);
        return;
    }
    char *token = NULL;
    if (lm_parse_search(r->body, r->body_len, &lv->next, &token, &e) < 0) {
        lv->loading = false;
        lmlist_clear(&lv->next);
        app_error(app, "%s", e.message);
        return;
    }
    lv->pages++;
    if (token)
        request_page(lv, app, token);
    else
        list_arrived(lv, app, &lv->next, true);
    free(token);
}

static int lv_command(View *v, App *app, int argc, char **argv)
{
    LmsView *lv = (LmsView *)v;
    const char *c = argv[0];

    if (strcmp(c, "sort") == 0) {
        Column col;
        bool desc;
        if (argc < 2) {
            app_error(app, "Usage: :sort COLUMN [asc|desc]  (e.g. :sort f1 desc)");
            return R_REDRAW;
        }
        if (!parse_col(lv, argv[1], &col)) {
            app_error(app, "No column %s (Tab completes column names)", argv[1]);
            return R_REDRAW;
        }
        desc = runtable_default_desc(lv->rs, col);
        if (argc >= 3 && !runtable_parse_dir(argv[2], &desc)) {
            app_error(app, "Sort direction is asc or desc, not %s", argv[2]);
            return R_REDRAW;
        }
        sort_by(lv, app, col, desc);
        return R_REDRAW;
    }
    if (strcmp(c, "filter") == 0)
        return submit_filter(v, app, app_command_rest(app));
    if (strcmp(c, "search") == 0)
        return submit_quick(v, app, app_command_rest(app));
    if (strcmp(c, "reload") == 0)
        return lv_handle(v, app, ACT_RELOAD);
    if (strcmp(c, "compare") == 0)
        return open_selection(lv, app, ACT_COMPARE, 0, NULL);
    if (strcmp(c, "parallel") == 0 || strcmp(c, "scatter") == 0)
        return open_selection(lv, app, c[0] == 'p' ? ACT_PARALLEL : ACT_SCATTER, argc - 1,
                              argv + 1);
    if (strcmp(c, "mark") == 0) {
        if (argc >= 2 && strcmp(argv[1], "none") == 0)
            return lv_handle(v, app, ACT_UNMARK_ALL);
        return lv_handle(v, app, argc >= 2 && strcmp(argv[1], "all") == 0 ? ACT_MARK_ALL
                                                                           : ACT_MARK);
    }
    return R_UNKNOWN;
}

static void lv_complete(View *v, App *app, int argc, char **argv, int argi, Completions *out)
{
    LmsView *lv = (LmsView *)v;
    static const char *const attrs[] = { "name", "created", "status", "flavour", "run",
                                         "registered", "model_id", NULL };
    char buf[512];

    (void)app;
    (void)argc;
    if (argi != 1 || (strcmp(argv[0], "sort") != 0 && strcmp(argv[0], "filter") != 0))
        return;
    for (size_t i = 0; i < lv->rs->metric_keys.n; i++) {
        snprintf(buf, sizeof buf, "metrics.%s", runset_str(lv->rs, lv->rs->metric_keys.ids[i]));
        completions_add(out, buf);
        if (strcmp(argv[0], "sort") == 0)
            completions_add(out, runset_str(lv->rs, lv->rs->metric_keys.ids[i]));
    }
    for (size_t i = 0; i < lv->rs->param_keys.n; i++) {
        snprintf(buf, sizeof buf, "params.%s", runset_str(lv->rs, lv->rs->param_keys.ids[i]));
        completions_add(out, buf);
    }
    for (const char *const *a = attrs; strcmp(argv[0], "sort") == 0 && *a; a++)
        completions_add(out, *a);
}

static void lv_title(View *v, char *buf, size_t size)
{
    LmsView *lv = (LmsView *)v;
    snprintf(buf, size, "logged models");
    (void)lv;
}

static void lv_start(View *v, App *app)
{
    start_query((LmsView *)v, app);
}

static void lv_destroy(View *v)
{
    LmsView *lv = (LmsView *)v;

    free_strs(lv->run_names, lv->models.n);
    free_strs(lv->flavours, lv->models.n);
    lmlist_clear(&lv->models);
    lmlist_clear(&lv->next);
    runtable_free(&lv->t);
    runset_free(lv->rs);
    runset_free(lv->runs);
    idset_free(&lv->marks);
    free(lv->exp_id);
    free(lv->exp_name);
    free(lv);
}

static const Action lv_actions[] = {
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HALF_UP, ACT_HALF_DOWN, ACT_HOME, ACT_END,
    ACT_LEFT, ACT_RIGHT, ACT_LINE_START, ACT_LINE_END, ACT_OPEN, ACT_SORT, ACT_SORT_REVERSE,
    ACT_SEARCH, ACT_FILTER, ACT_COLUMNS, ACT_RELOAD, ACT_COPY_ID, ACT_YANK, ACT_YANK_URI, ACT_WEB, ACT_SOURCE_RUN,
    ACT_ARTIFACTS, ACT_REGISTER, ACT_MARK,
    ACT_MARK_ALL, ACT_UNMARK_ALL, ACT_COMPARE, ACT_PARALLEL, ACT_SCATTER, ACT_PROMPT,
    ACT_ERRORS, ACT_REDRAW, ACT_HELP, ACT_BACK, ACT_QUIT, ACT_NONE,
};
static const Action lv_hints[] = { ACT_OPEN, ACT_SORT, ACT_SEARCH, ACT_FILTER, ACT_SOURCE_RUN,
                                   ACT_REGISTER, ACT_MARK, ACT_COMPARE, ACT_PROMPT, ACT_NONE };

static bool lms_item(View *v, ItemRef *out)
{
    const LoggedModel *m = cursor_model((LmsView *)v);

    if (!m)
        return false;
    item_logged_model(out, m->experiment_id, m->model_id);
    return true;
}

static int lms_click(View *v, App *app, int y, int x, bool twice)
{
    return view_click_table(v, app, &((LmsView *)v)->tbl, y, x, twice);
}

const ViewOps logged_models_view_ops = {
    .click = lms_click,
    .item = lms_item,
    .name      = "logged-models",
    .actions   = lv_actions,
    .hints     = lv_hints,
    .start     = lv_start,
    .draw      = lv_draw,
    .handle    = lv_handle,
    .on_result = lv_on_result,
    .command   = lv_command,
    .complete  = lv_complete,
    .title     = lv_title,
    .destroy   = lv_destroy,
};

static View *logged_models_view_new(App *app, const char *exp_id, const char *exp_name)
{
    LmsView *lv = calloc(1, sizeof *lv);

    (void)app;
    if (!lv)
        return NULL;
    lv->base.ops = &logged_models_view_ops;
    lv->exp_id = strdup(exp_id ? exp_id : "");
    lv->exp_name = exp_name ? strdup(exp_name) : NULL;
    lv->rs = runset_new();
    if (!lv->exp_id || !lv->rs || (exp_name && !lv->exp_name)) {
        runset_free(lv->rs);
        free(lv->exp_id);
        free(lv->exp_name);
        free(lv);
        return NULL;
    }
    runtable_init(&lv->t, lv->rs);
    lv->tbl.left = 1;
    lv->tbl.col_cursor = true;
    return &lv->base;
}

View *logged_models_view_open(App *app, const ViewArgs *a)
{
    if (!a->experiment)
        return NULL;
    return logged_models_view_new(app, a->experiment, a->title);
}
