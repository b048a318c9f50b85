/* help.c — `?`: every key of the screen below, generated from the real key
 * map and the action table, then its `:` commands; and the messages screen. */
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/commands.h"
#include "core/writes.h"
#include "views/mouse.h"
#include "views/viewtab.h"
#include "widgets/draw.h"
#include "widgets/table.h"

typedef struct ListView {
    View    base;
    char    title[128];
    char  **col1, **col2;
    Role   *roles;
    size_t  n, cap;
    int     w1;
    Table   tbl;
} ListView;

static void lv_add(ListView *lv, const char *a, const char *b, Role role)
{
    if (lv->n == lv->cap) {
        size_t cap = lv->cap ? lv->cap * 2 : 64;
        char **n1 = realloc(lv->col1, cap * sizeof *n1);
        if (n1) lv->col1 = n1;
        char **n2 = realloc(lv->col2, cap * sizeof *n2);
        if (n2) lv->col2 = n2;
        Role *nr = realloc(lv->roles, cap * sizeof *nr);
        if (nr) lv->roles = nr;
        if (!n1 || !n2 || !nr)
            return;
        lv->cap = cap;
    }
    lv->col1[lv->n] = strdup(a);
    lv->col2[lv->n] = strdup(b);
    lv->roles[lv->n] = role;
    int w = (int)strlen(a);
    if (role != ROLE_SECTION && w > lv->w1)
        lv->w1 = w;
    lv->n++;
}

static int lv_width(void *ctx, size_t c)
{
    ListView *lv = ctx;
    return c == 0 ? (lv->w1 < 40 ? lv->w1 : 40) : 200;
}

static void lv_header(void *ctx, size_t c, char *buf, size_t size, Role *role)
{
    ListView *lv = ctx;
    (void)role;
    snprintf(buf, size, "%s", c == 0 ? lv->title : "");
}

static void lv_cell(void *ctx, size_t row, size_t c, char *buf, size_t size, Role *role)
{
    ListView *lv = ctx;
    snprintf(buf, size, "%s", c == 0 ? lv->col1[row] : lv->col2[row]);
    if (lv->roles[row] == ROLE_SECTION || c == 0)
        *role = lv->roles[row];
}

static TableSrc lv_source(ListView *lv)
{
    TableSrc s = { .ctx = lv, .n_rows = lv->n, .n_cols = 2, .pinned = 2, .width = lv_width,
                   .header = lv_header, .cell = lv_cell };
    return s;
}

static void lv_draw(View *v, App *app, WINDOW *w, int rows, int cols)
{
    ListView *lv = (ListView *)v;
    TableSrc s = lv_source(lv);
    (void)app;
    table_draw(&lv->tbl, &s, w, 0, 0, rows, cols);
}

static int lv_handle(View *v, App *app, Action a)
{
    ListView *lv = (ListView *)v;
    TableSrc s = lv_source(lv);
    (void)app;
    if (a != ACT_LEFT && a != ACT_RIGHT && table_move(&lv->tbl, &s, a))
        return R_REDRAW;
    if (a == ACT_HELP)
        return R_POP;
    return R_UNKNOWN;
}

static void lv_title(View *v, char *buf, size_t size)
{
    snprintf(buf, size, "%s", ((ListView *)v)->title);
}

static void lv_destroy(View *v)
{
    ListView *lv = (ListView *)v;
    for (size_t i = 0; i < lv->n; i++) {
        free(lv->col1[i]);
        free(lv->col2[i]);
    }
    free(lv->col1);
    free(lv->col2);
    free(lv->roles);
    free(lv);
}

static const Action lv_actions[] = { ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HOME,
                                     ACT_END, ACT_BACK, ACT_QUIT, ACT_NONE };
static const Action lv_hints[] = { ACT_DOWN, ACT_PAGE_DOWN, ACT_BACK, ACT_NONE };

static int lv_click(View *v, App *app, int y, int x, bool twice)
{
    return view_click_table(v, app, &((ListView *)v)->tbl, y, x, twice);
}

const ViewOps help_view_ops = {
    .click = lv_click,
    .name = "help", .actions = lv_actions, .hints = lv_hints, .draw = lv_draw,
    .handle = lv_handle, .title = lv_title, .destroy = lv_destroy,
};

const ViewOps messages_view_ops = {
    .click = lv_click,
    .name = "messages", .actions = lv_actions, .hints = lv_hints, .draw = lv_draw,
    .handle = lv_handle, .title = lv_title, .destroy = lv_destroy,
};

static ListView *list_new(const ViewOps *ops, const char *title)
{
    ListView *lv = calloc(1, sizeof *lv);
    if (!lv)
        return NULL;
    lv->base.ops = ops;
    snprintf(lv->title, sizeof lv->title, "%s", title);
    lv->w1 = 12;
    lv->tbl.left = 2;
    return lv;
}

static View *help_view_new(App *app, View *of)
{
    char title[128], keys[128], cmd[96];
    const KeyMap *km = app_keymap(app);
    ListView *lv;

    if (!of)
        return NULL;
    snprintf(title, sizeof title, "Keys: %s", of->ops->name);
    lv = list_new(&help_view_ops, title);
    if (!lv)
        return NULL;
    for (const Action *a = of->ops->actions; a && *a != ACT_NONE; a++) {
        if (app_read_only(app) && writes_action(*a))
            continue;          /* --read-only: no write keys at all */
        if (keymap_keys_for(km, of->ops->name, *a, keys, sizeof keys) == 0)
            continue;
        lv_add(lv, keys, action_help(*a), ROLE_KEY);
    }
    lv_add(lv, "", "", ROLE_NORMAL);
    lv_add(lv, "Commands (Tab completes)", "", ROLE_SECTION);
    /* From the command table: the screen's own first, then the global ones;
     * only what would run here (app_command_offered; read-only drops writes). */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < CMD__COUNT; i++) {
            const Command *c = &commands[i];
            bool global = c->runner == RUN_APP || c->runner == RUN_SCREENS;
            if (global != (pass == 1) || !app_command_offered(app, c))
                continue;
            snprintf(cmd, sizeof cmd, ":%s%s%s", c->name, c->args[0] ? " " : "", c->args);
            lv_add(lv, cmd, c->help, ROLE_KEY);
        }
    lv_add(lv, "", "", ROLE_NORMAL);
    lv_add(lv, "", "Change keys in ~/.config/mltui/config:", ROLE_DIM);
    lv_add(lv, "", "bind SCOPE KEY ACTION (e.g. bind runs o sort)", ROLE_DIM);
    return &lv->base;
}

static View *messages_view_new(App *app)
{
    ListView *lv = list_new(&messages_view_ops, "Messages");
    int n = app_message_count(app);
    char when[64];

    if (!lv)
        return NULL;
    for (int i = n - 1; i >= 0; i--) {
        int err;
        int64_t at;
        const char *text = app_message_text(app, i, &err, &at);
        fmt_time(at, when, sizeof when);
        lv_add(lv, when, text, err ? ROLE_ERROR : ROLE_DIM);
    }
    if (n == 0)
        lv_add(lv, "", "No messages yet.", ROLE_DIM);
    return &lv->base;
}

View *help_view_open(App *app, const ViewArgs *a)
{
    if (!(a->of))
        return NULL;
    return help_view_new(app, a->of);
}

View *messages_view_open(App *app, const ViewArgs *a)
{
    (void)a;
    return messages_view_new(app);
}
