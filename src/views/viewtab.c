/* viewtab.c — the screen table (viewtab.h) and the screens' side of the
 * engine: the bottom screen, the keys and commands every screen has (help,
 * messages, experiments, models), and experiment-name completion. */
#include "views/viewtab.h"

#include <stdlib.h>
#include <string.h>

typedef struct ViewInfo {
    const ViewOps *ops;
    View *(*open)(App *app, const ViewArgs *a);
} ViewInfo;

#define X(kind, ops_, open_) [kind] = { .ops = &ops_, .open = open_ },
static const ViewInfo view_info[VIEW__COUNT] = { VIEW_INFO(X) };
#undef X

View *view_new(App *app, ViewKind kind, const ViewArgs *args)
{
    static const ViewArgs none;
    View *v;

    if ((unsigned)kind >= VIEW__COUNT)
        return NULL;
    v = view_info[kind].open(app, args ? args : &none);
    if (v)
        v->kind = (int)kind;
    return v;
}

View *view_open(App *app, ViewKind kind, const ViewArgs *args)
{
    View *v = view_new(app, kind, args);
    int depth;

    if (!v)
        return NULL;
    depth = app_depth(app);
    app_push(app, v);
    /* app_push refuses (and frees) when the stack is full. */
    return app_depth(app) > depth ? v : NULL;
}

bool view_is(const View *v, ViewKind kind)
{
    return v && (unsigned)kind < VIEW__COUNT && v->kind == (int)kind &&
           v->ops == view_info[kind].ops;
}

const ViewOps *view_kind_ops(ViewKind kind)
{
    return (unsigned)kind < VIEW__COUNT ? view_info[kind].ops : NULL;
}

/* ---- the engine's hooks (AppScreens) ---- */

/* The runs of an experiment, by id or name, on top of the experiments list. */
static void open_experiment(App *app, const char *id_or_name)
{
    app_pop_to(app, 1);
    view_open(app, VIEW_RUNS, &(ViewArgs){ .experiment = id_or_name });
}

static void screens_start(App *app, const char *experiment)
{
    view_open(app, VIEW_EXPERIMENTS, NULL);
    if (experiment)
        open_experiment(app, experiment);
}

/* y, Y, W: copy what is under the cursor (the screen's item op). */
static int copy_item(App *app, View *top, Action a)
{
    ItemRef ref;
    char *url;

    if (!top->ops->item || !top->ops->item(top, &ref)) {
        app_message(app, "Nothing here to copy");
        return R_REDRAW;
    }
    if (ref.truncated) {
        app_error(app, "The %s's name is too long to copy", ref.what);
        return R_REDRAW;
    }
    if (a == ACT_YANK) {
        app_clipboard(app, ref.id);
        app_message(app, "Copied %s id %s", ref.what, ref.id);
    } else if (a == ACT_YANK_URI) {
        if (!ref.uri[0]) {
            app_message(app, "This %s has no runs:/ or models:/ URI (y copies its id %s)",
                        ref.what, ref.id);
            return R_REDRAW;
        }
        app_clipboard(app, ref.uri);
        app_message(app, "Copied %s", ref.uri);
    } else if (api_is_local(app_api(app))) {
        app_message(app, "A local store has no web UI (mlflow ui --backend-store-uri … serves "
                    "one); y copies the %s id", ref.what);
    } else if (!ref.web[0] || !(url = api_web_url(app_api(app), ref.web))) {
        app_message(app, "No web UI address for this %s", ref.what);
    } else {
        app_clipboard(app, url);
        app_message(app, "Copied %s", url);
        free(url);
    }
    return R_REDRAW;
}

static int screens_action(App *app, View *top, Action a)
{
    switch (a) {
    case ACT_YANK:
    case ACT_YANK_URI:
    case ACT_WEB:
        return copy_item(app, top, a);
    case ACT_HELP:
        view_open(app, VIEW_HELP, &(ViewArgs){ .of = top });
        return R_REDRAW;
    case ACT_ERRORS:
        view_open(app, VIEW_MESSAGES, NULL);
        return R_REDRAW;
    case ACT_EXPERIMENTS:
        app_pop_to(app, 1);
        return R_REDRAW;
    case ACT_MODELS:
        view_open(app, VIEW_MODELS, NULL);
        return R_REDRAW;
    default:
        return R_UNKNOWN;
    }
}

static int screens_command(App *app, View *top, const Command *c, int argc, char **argv)
{
    (void)argv;
    switch (c->id) {
    case CMD_HELP:
        view_open(app, VIEW_HELP, &(ViewArgs){ .of = top });
        return R_REDRAW;
    case CMD_MESSAGES:
        view_open(app, VIEW_MESSAGES, NULL);
        return R_REDRAW;
    case CMD_EXPERIMENTS:
        app_pop_to(app, 1);
        return R_REDRAW;
    case CMD_EXPERIMENT:
        if (argc < 2)
            return R_UNKNOWN;           /* the app says the usage */
        open_experiment(app, app_command_rest(app));
        return R_REDRAW;
    case CMD_MODELS:
        view_open(app, VIEW_MODELS,
                  &(ViewArgs){ .filter = argc > 1 ? app_command_rest(app) : NULL });
        return R_REDRAW;
    case CMD_MODEL:
        if (argc < 2)
            return R_UNKNOWN;
        view_open(app, VIEW_VERSIONS, &(ViewArgs){ .model = app_command_rest(app) });
        return R_REDRAW;
    default:
        return R_UNKNOWN;
    }
}

/* Experiment names come from the experiments list at the bottom, through its
 * own `complete` op. */
static void screens_complete(App *app, CommandArgs source, Completions *out)
{
    View *bottom = app_view_at(app, 0);
    char name[] = "experiment", empty[] = "";
    char *argv[] = { name, empty };

    if (source == ARGS_EXPERIMENTS && view_is(bottom, VIEW_EXPERIMENTS) &&
        bottom->ops->complete)
        bottom->ops->complete(bottom, app, 2, argv, 1, out);
}

const AppScreens views_screens = {
    .start    = screens_start,
    .action   = screens_action,
    .command  = screens_command,
    .complete = screens_complete,
};
