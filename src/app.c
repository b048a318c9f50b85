/* app.c — the view stack and the one event loop, the status line, the
 * prompt (history, Tab completion), dialogs and `:` dispatch (config.c reads
 * the config file and themes). Long because these share the App's state and
 * splitting them would only export it; the screens are elsewhere (views/).
 *
 * One loop waits on the terminal and on every transfer at once (api_wait polls
 * libcurl's sockets with stdin as an extra fd), then reads every pending key,
 * advances transfers, hands finished replies to the view that asked (replies
 * for views that have gone are dropped), and redraws if anything changed. No
 * threads; nothing here ever blocks on the network. */
#include "app.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "core/format.h"
#include "core/text.h"
#include "core/writes.h"
#include "render/screenshot.h"
#include "core/base64.h"
#include "widgets/dialog.h"
#include "widgets/draw.h"
#include "widgets/input.h"
#include "widgets/termgfx.h"

#define MAX_VIEWS     32
#define MAX_MESSAGES  100
#define MIN_COLS      40
#define MIN_ROWS      8

typedef struct Message {
    char    text[512];
    bool    error;
    int64_t at;
} Message;

struct App {
    Options   opt;
    const AppScreens *screens;      /* the screens' side (views/viewtab.c) */
    Api      *api;
    KeyMap    keymap;
    Theme     theme;
    int64_t   wake_at;          /* app_wake_at: earliest asked, 0 = none */
    View     *stack[MAX_VIEWS];
    int       depth;
    int       next_id;
    bool      quit, dirty, no_color;
    ImageMode images;               /* the setting (auto, kitty, ...) */
    ImageMode images_used;          /* what it resolved to: kitty, sixel, symbols or off */
    ImageProbe probe;               /* the terminal's answers, when probed */
    bool      probed;

    Message   msgs[MAX_MESSAGES];   /* ring of recent messages (M shows them) */
    int       n_msgs, msg_head;
    bool      msg_shown;            /* the newest message is on the status line */

    /* The prompt. */
    bool      prompting;
    Input     input;
    char      prompt_label[64];
    int       prompt_owner;         /* view id */
    PromptSubmit   prompt_submit;
    PromptComplete prompt_complete;
    char      history[32][256];     /* `:` history, newest last */
    int       n_history, hist_pos;
    Completions comp;               /* cycling Tab completion */
    size_t    comp_idx;
    char     *comp_base;            /* the line Tab started from (owned) */
    char      theme_before[64];     /* :theme Tab previews; Esc goes back to this one */

    const char *cmd_rest;
    unsigned  spin;
    Shot     *shot;                 /* --screenshot/--dump-screen: scripted keys, no terminal */

    /* The modal dialog (app_confirm / app_choose). */
    bool      dialog_open;
    bool      dialog_shown;         /* drawn since it opened: only then it takes keys */
    bool      keys_held;            /* keys wait in the queue for the dialog to show */
    Dialog    dialog;
    int       dialog_owner;         /* view id */
    DialogDone dialog_done;
    void     *dialog_ctx;

    /* The hint bar as last drawn, for clicks on it. */
    struct { int x0, x1; Action a; } hints[32];
    int       n_hints;
    int64_t   click_ms;             /* the last click (a second one soon after: double) */
    int       click_x, click_y;

    /* The write flow in progress (app_flow_begin). */
    void     *flow;
    int       flow_owner;           /* view id */
    void    (*flow_free)(void *ctx);
};

/* Named keys for the key map, as ncurses reports them. */
static const KeyName key_names[] = {
    { "Enter", '\n' }, { "Enter", '\r' }, { "Enter", KEY_ENTER },
    { "Esc", 27 }, { "Tab", '\t' }, { "BackTab", KEY_BTAB }, { "Space", ' ' },
    { "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
    { "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
    { "Backspace", KEY_BACKSPACE }, { "Delete", KEY_DC }, { "Insert", KEY_IC },
    { "F1", KEY_F(1) }, { "F2", KEY_F(2) }, { "F3", KEY_F(3) }, { "F4", KEY_F(4) },
    { "F5", KEY_F(5) }, { "F6", KEY_F(6) }, { "F7", KEY_F(7) }, { "F8", KEY_F(8) },
    { "F9", KEY_F(9) }, { "F10", KEY_F(10) }, { "F11", KEY_F(11) }, { "F12", KEY_F(12) },
    { NULL, 0 },
};

/* Special wide-char keys (wget_wch KEY_CODE_YES) are stored as-is; ordinary
 * characters as their code point. Both are ints in the key map. */

int64_t app_now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

void app_wake_at(App *app, int64_t when_ms)
{
    if (!app->wake_at || when_ms < app->wake_at)
        app->wake_at = when_ms;
}

/* Runs the tick op of every screen once the wake-up time has come. */
static void tick_views(App *app)
{
    int64_t now = app_now_ms();

    if (!app->wake_at || now < app->wake_at)
        return;
    app->wake_at = 0;
    for (int i = 0; i < app->depth; i++) {
        View *v = app->stack[i];

        if (v->ops->tick && (v->ops->tick(v, app, now) & R_REDRAW))
            app->dirty = true;
    }
}

/* How long the loop may sleep: at most `ms`, less when a wake-up is due. */
static int sleep_ms(const App *app, int ms)
{
    int64_t left;

    if (!app->wake_at)
        return ms;
    left = app->wake_at - app_now_ms();
    return left <= 0 ? 0 : left < ms ? (int)left : ms;
}

Api *app_api(App *app) { return app->api; }
const KeyMap *app_keymap(App *app) { return &app->keymap; }
bool app_read_only(const App *app) { return app->opt.read_only; }
ImageMode app_image_mode(const App *app) { return app->images_used; }

/* The images setting made concrete: auto from the probe, and no pixel
 * protocol without a terminal (--screenshot, --dump-screen). */
static void resolve_images(App *app)
{
    ImageMode m = image_mode_resolve(app->images, app->probed ? &app->probe : NULL);

    if (app->shot && (m == IMAGES_KITTY || m == IMAGES_SIXEL))
        m = IMAGES_SYMBOLS;
    app->images_used = m;
    if (!app->shot)
        termgfx_configure(m, app->probed ? &app->probe : NULL);
}

const char *app_read_only_reason(const App *app)
{
    if (api_is_local(app->api))
        return api_read_only_reason(app->api);
    return "Read-only mode: nothing can be changed";
}
const char *app_command_rest(const App *app) { return app->cmd_rest ? app->cmd_rest : ""; }

void completions_add(Completions *c, const char *s)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i], s) == 0)
            return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char **n = realloc(c->items, cap * sizeof *n);
        if (!n)
            return;
        c->items = n;
        c->cap = cap;
    }
    char *d = strdup(s);
    if (d)
        c->items[c->n++] = d;
}

static void add_completion(void *ctx, const char *s)
{
    completions_add(ctx, s);
}

static void completions_clear(Completions *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i]);
    c->n = 0;
}

/* ---- messages ------------------------------------------------------------ */

static void push_message(App *app, bool error, const char *fmt, va_list ap)
{
    Message *m = &app->msgs[app->msg_head];
    char *p;

    vsnprintf(m->text, sizeof m->text, fmt, ap);
    for (p = m->text; *p; p++)      /* one line */
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    m->error = error;
    m->at = app_now_ms();
    app->msg_head = (app->msg_head + 1) % MAX_MESSAGES;
    if (app->n_msgs < MAX_MESSAGES)
        app->n_msgs++;
    app->msg_shown = true;
    app->dirty = true;
}

void app_clipboard(App *app, const char *text)
{
    char *b64;

    if (app->shot || !text || !(b64 = base64_encode(text, strlen(text))))
        return;
    /* BEL-terminated: understood by xterm, kitty, iTerm2, WezTerm, foot, tmux. */
    fprintf(stdout, "\033]52;c;%s\a", b64);
    fflush(stdout);
    free(b64);
}

void app_message(App *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push_message(app, false, fmt, ap);
    va_end(ap);
}

void app_error(App *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push_message(app, true, fmt, ap);
    va_end(ap);
}

void app_clear_message(App *app)
{
    app->msg_shown = false;
    app->dirty = true;
}

static const Message *newest_message(const App *app)
{
    if (app->n_msgs == 0)
        return NULL;
    return &app->msgs[(app->msg_head + MAX_MESSAGES - 1) % MAX_MESSAGES];
}

/* i-th message, 0 = oldest. */
static const Message *message_at(const App *app, int i)
{
    int start = (app->msg_head - app->n_msgs + MAX_MESSAGES) % MAX_MESSAGES;
    return &app->msgs[(start + i) % MAX_MESSAGES];
}

App *app_new(const Options *opt, const AppScreens *screens)
{
    App *app = calloc(1, sizeof *app);
    char err[512], theme_name[64] = "default";
    ConfigSettings set = { 0 };
    ApiConfig cfg;
    Err e;

    if (!app)
        return NULL;
    app->opt = *opt;
    app->screens = screens;
    app->next_id = 1;
    keymap_init(&app->keymap, key_names);
    if (keymap_parse(&app->keymap, keymap_default_text, err, sizeof err) != 0) {
        fprintf(stderr, "mltui: built-in key map: %s\n", err);
        goto fail;
    }
    snprintf(set.theme, sizeof set.theme, "%s", theme_name);
    if (config_load(app->opt.config_path, &app->keymap, &set, err, sizeof err) != 0) {
        fprintf(stderr, "mltui: %s\n", err);
        goto fail;
    }
    app->opt.read_only = set.read_only;
    app->opt.no_cache = set.no_cache;
    app->opt.no_mouse = set.no_mouse;
    app->images = set.images;
    if (opt->images_set)
        app->images = opt->images;
    snprintf(theme_name, sizeof theme_name, "%s", set.theme);
    if (opt->read_only)
        app->opt.read_only = true;
    if (opt->no_cache)
        app->opt.no_cache = true;
    if (opt->no_mouse)
        app->opt.no_mouse = true;
    if (opt->theme)
        snprintf(theme_name, sizeof theme_name, "%s", opt->theme);
    app->no_color = opt->no_color || (getenv("NO_COLOR") && *getenv("NO_COLOR"));
    if (app->no_color && !opt->theme)
        snprintf(theme_name, sizeof theme_name, "mono");
    if (config_load_theme(&app->theme, theme_name, err, sizeof err) != 0) {
        fprintf(stderr, "mltui: theme %s: %s\n", theme_name, err);
        goto fail;
    }
    if ((opt->screenshot || opt->dump_screen) &&
        !(app->shot = shot_new(opt->screenshot, opt->dump_screen, opt->keys, opt->size, err,
                               sizeof err))) {
        fprintf(stderr, "mltui: %s\n", err);
        goto fail;
    }
    api_config_from_env(&cfg, opt->tracking_uri);
    cfg.artifacts_root = opt->artifacts_root;
    app->api = api_new(&cfg, &e);
    if (!app->api) {
        fprintf(stderr, "mltui: %s\n", e.message);
        goto fail;
    }
    /* A local store is opened read-only: every write key, command and hint
     * goes away as with --read-only, and a typed one says why. */
    if (api_is_local(app->api)) {
        app->opt.read_only = true;
        app_message(app, "Opened %s", api_source_describe(app->api));
    }
    /* The cache keeps what a server sent; scripted screens stay reproducible
     * without it, and a local store is read directly (nothing to cache). */
    if (!app->opt.no_cache && !app->shot && !api_is_local(app->api)
        && strncmp(api_base_url(app->api), "http", 4) == 0)
        api_cache_enable(app->api, NULL, 0);
    return app;
fail:
    shot_free(app->shot);
    keymap_free(&app->keymap);
    free(app);
    return NULL;
}

void app_free(App *app)
{
    if (!app)
        return;
    while (app->depth > 0) {
        View *v = app->stack[--app->depth];
        v->ops->destroy(v);
    }
    app_flow_end(app);
    completions_clear(&app->comp);
    free(app->comp.items);
    free(app->comp_base);
    input_free(&app->input);
    dialog_clear(&app->dialog);
    api_free(app->api);
    keymap_free(&app->keymap);
    shot_free(app->shot);
    free(app);
}

/* ---- the view stack --------------------------------------------------------- */

void app_push(App *app, View *v)
{
    if (!v)
        return;
    if (app->depth == MAX_VIEWS) {
        app_error(app, "Too many screens open; press q to go back");
        v->ops->destroy(v);
        return;
    }
    v->id = app->next_id++;
    app->stack[app->depth++] = v;
    app->dirty = true;
    if (v->ops->start)
        v->ops->start(v, app);
}

static View *top_view(App *app)
{
    return app->depth ? app->stack[app->depth - 1] : NULL;
}

static View *find_view(App *app, int id)
{
    for (int i = 0; i < app->depth; i++)
        if (app->stack[i]->id == id)
            return app->stack[i];
    return NULL;
}

static void pop_view(App *app)
{
    View *v;

    if (app->depth <= 1)
        return;
    v = app->stack[--app->depth];
    api_cancel_owner(app->api, v->id);
    if (app->prompting && app->prompt_owner == v->id)
        app->prompting = false;
    if (app->dialog_open && app->dialog_owner == v->id)
        app->dialog_open = false;
    if (app->flow && app->flow_owner == v->id)
        app_flow_end(app);
    v->ops->destroy(v);
    app->dirty = true;
}

void app_pop_to(App *app, int depth)
{
    while (app->depth > depth && app->depth > 1)
        pop_view(app);
}

View *app_view_at(App *app, int i)
{
    return i >= 0 && i < app->depth ? app->stack[i] : NULL;
}

int app_depth(const App *app)
{
    return app->depth;
}

/* ---- commands ---------------------------------------------------------------- */

static int split_args(char *line, char **argv, int max)
{
    int argc = 0;
    char *p = line;

    while (*p && argc < max) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (*p == '"' || *p == '\'') {
            char q = *p++;
            argv[argc++] = p;
            while (*p && *p != q)
                p++;
        } else {
            argv[argc++] = p;
            while (*p && *p != ' ' && *p != '\t')
                p++;
        }
        if (*p)
            *p++ = '\0';
    }
    return argc;
}


/* True when view v offers action a (its ops->actions list). */
static bool view_offers(const View *v, Action a)
{
    for (const Action *p = v ? v->ops->actions : NULL; p && *p != ACT_NONE; p++)
        if (*p == a)
            return true;
    return false;
}

/* The stack position of the topmost screen that runs c, or -1. Global
 * commands run at the top. */
static int command_runner_at(App *app, const Command *c)
{
    View *top = top_view(app);

    switch (c->runner) {
    case RUN_APP:
    case RUN_SCREENS:
        return app->depth - 1;
    case RUN_ACTION:
        return view_offers(top, c->action) ? app->depth - 1 : -1;
    case RUN_VIEW:
        for (int i = app->depth - 1; i >= 0; i--)
            if (app->stack[i]->ops->command && command_in_scope(c, app->stack[i]->ops->name))
                return i;
        return -1;
    }
    return -1;
}

bool app_command_offered(App *app, const Command *c)
{
    if (app->opt.read_only && c->writes)
        return false;
    return command_runner_at(app, c) >= 0;
}

/* :cache shows the cache's size, :cache clear empties it; both run on a
 * worker and answer through api_cache_take_note. */
static int run_cache(App *app, int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && strcmp(argv[1], "clear") != 0))
        return R_UNKNOWN;
    if (!api_cache_enabled(app->api)) {
        app_message(app, "The local cache is off (--no-cache, set cache false, a local store "
                         "or a scripted screen)");
        return R_REDRAW;
    }
    if (argc == 2)
        api_cache_clear(app->api);
    else
        api_cache_usage(app->api);
    return R_REDRAW;
}

/* Loads theme name and repaints the whole screen in it; 0, or -1 with err. */
static int apply_theme(App *app, const char *name, char *err, size_t errsize)
{
    if (config_load_theme(&app->theme, name, err, errsize) != 0)
        return -1;
    draw_init_colors(&app->theme, app->no_color);
    clearok(curscr, TRUE);
    termgfx_damage();
    return 0;
}

/* Back to the theme of before a :theme preview, if one is on. */
static void end_theme_preview(App *app)
{
    char err[256];

    if (app->theme_before[0])
        apply_theme(app, app->theme_before, err, sizeof err);
    app->theme_before[0] = '\0';
}

static int run_theme(App *app, int argc, char **argv)
{
    char err[256];

    if (argc < 2)
        app_message(app, "Theme: %s (:theme NAME; Tab lists them)", app->theme.name);
    else if (apply_theme(app, argv[1], err, sizeof err) != 0)
        app_error(app, "Theme %s: %s", argv[1], err);
    else
        app_message(app, "Theme %s", app->theme.name);
    return R_REDRAW;
}

/* :images [MODE]: says or sets how pictures are shown. */
static int run_images(App *app, int argc, char **argv)
{
    ImageMode m;

    if (argc >= 2 && image_mode_parse(argv[1], &m) != 0) {
        app_error(app, "Images: auto, kitty, sixel, symbols or off, not %s", argv[1]);
        return R_REDRAW;
    }
    if (argc >= 2) {
        app->images = m;
        resolve_images(app);
        termgfx_damage();
    }
    if (app->images == IMAGES_AUTO)
        app_message(app, "Images: auto (%s%s)", image_mode_name(app->images_used),
                    app->probed ? "" : ": the terminal was not asked at start");
    else
        app_message(app, "Images: %s", image_mode_name(app->images_used));
    return R_REDRAW;
}

static int handle_action(App *app, Action a);

/* Runs line (colons and blanks before it skipped); buf is a copy to split. */
static int run_command(App *app, const char *line, char *buf)
{
    char *argv[16];
    int argc, at, r = R_REDRAW;
    const Command *c;

    argc = split_args(buf, argv, 16);
    if (argc == 0)
        return R_NONE;
    c = command_find(argv[0]);
    if (!c) {
        app_error(app, "Unknown command :%s (Tab after : lists them)", argv[0]);
        return R_REDRAW;
    }
    if (app->opt.read_only && c->writes) {
        if (api_is_local(app->api))   /* say how it could be changed */
            app_error(app, "%s", app_read_only_reason(app));
        else
            app_error(app, "Read-only mode: :%s is not available", c->name);
        return R_REDRAW;
    }
    at = command_runner_at(app, c);
    if (at < 0) {
        app_error(app, "No :%s here (Tab after : lists this screen's commands)", c->name);
        return R_REDRAW;
    }
    argv[0] = (char *)c->name;      /* aliases reach handlers by the declared name */
    /* The unsplit remainder after the command name. */
    {
        const char *rest = line + strcspn(line, " \t");
        while (*rest == ' ' || *rest == '\t')
            rest++;
        app->cmd_rest = rest;
    }
    switch (c->runner) {
    case RUN_APP:
        if (c->id == CMD_QUIT)
            r = R_QUIT;
        else if (c->id == CMD_THEME)
            r = run_theme(app, argc, argv);
        else if (c->id == CMD_CACHE)
            r = run_cache(app, argc, argv);
        else if (c->id == CMD_IMAGES)
            r = run_images(app, argc, argv);
        break;
    case RUN_SCREENS:
        r = app->screens->command(app, top_view(app), c, argc, argv);
        break;
    case RUN_ACTION:
        r = handle_action(app, c->action);
        break;
    case RUN_VIEW: {
        /* The top screen that runs it, after the screens above it close
         * (:sort typed in a run's detail goes back to the runs table). */
        View *w = app->stack[at];
        app_pop_to(app, at + 1);
        r = w->ops->command(w, app, argc, argv);
        break;
    }
    }
    if (r & R_UNKNOWN) {
        app_error(app, "Usage: :%s %s", c->name, c->args);
        r = R_REDRAW;
    }
    app->cmd_rest = NULL;
    return r;
}

int app_command(App *app, const char *line)
{
    char *buf;
    int r;

    while (*line == ' ' || *line == ':')
        line++;
    if (!(buf = strdup(line))) {
        app_error(app, "Out of memory");
        return R_REDRAW;
    }
    r = run_command(app, line, buf);
    free(buf);
    return r;
}

size_t app_prompt_max(void)
{
    return INPUT_LIMIT;
}

/* Completion for the `:` prompt: command names, then the command's arguments. */
static void complete_command(View *v, App *app, const char *text, Completions *out)
{
    char buf[1024], *argv[16];
    int argc;
    bool new_arg;
    const Command *c;
    (void)v;

    /* Only the start of a long line matters here: the command and the words
     * being completed (a line longer than buf completes nothing). */
    if (strlen(text) >= sizeof buf)
        return;
    snprintf(buf, sizeof buf, "%s", text);
    new_arg = text[0] && (text[strlen(text) - 1] == ' ');
    argc = split_args(buf, argv, 15);
    if (argc == 0 || (argc == 1 && !new_arg)) {
        const char *prefix = argc ? argv[0] : "";
        for (size_t i = 0; i < CMD__COUNT; i++)
            if (strncmp(commands[i].name, prefix, strlen(prefix)) == 0 &&
                app_command_offered(app, &commands[i]))
                completions_add(out, commands[i].name);
        return;
    }
    c = command_find(argv[0]);
    if (!c || !app_command_offered(app, c))
        return;
    argv[0] = (char *)c->name;
    if (new_arg)
        argv[argc++] = "";
    int argi = argc - 1;
    const char *prefix = argv[argi];
    Completions all = { 0 };
    switch (c->complete) {
    case ARGS_NONE:
        break;
    case ARGS_THEMES:
        config_list_themes(add_completion, &all);
        break;
    case ARGS_IMAGE_MODES:
        for (int i = 0; image_mode_names[i]; i++)
            add_completion(&all, image_mode_names[i]);
        break;
    case ARGS_EXPERIMENTS:
        app->screens->complete(app, c->complete, &all);
        break;
    case ARGS_VIEW: {
        View *w = app_view_at(app, command_runner_at(app, c));
        if (w && w->ops->complete)
            w->ops->complete(w, app, argc, argv, argi, &all);
        break;
    }
    }
    /* "n_est" completes "params.n_estimators" too: match after the prefix. */
    for (size_t i = 0; i < all.n; i++) {
        const char *item = all.items[i], *dot = strchr(item, '.');
        size_t pl = strlen(prefix);
        if (strncmp(item, prefix, pl) == 0 ||
            (dot && (strncmp(dot + 1, prefix, pl) == 0 ||
                     (dot[1] == '`' && strncmp(dot + 2, prefix, pl) == 0))))
            completions_add(out, item);
    }
    completions_clear(&all);
    free(all.items);
}

static int submit_command(View *v, App *app, const char *text)
{
    (void)v;
    if (text[0]) {
        if (app->n_history == 32) {
            memmove(app->history[0], app->history[1], sizeof app->history[0] * 31);
            app->n_history--;
        }
        snprintf(app->history[app->n_history++], sizeof app->history[0], "%s", text);
    }
    return app_command(app, text);
}

void app_prompt(App *app, View *v, const char *label, const char *initial,
                PromptSubmit submit, PromptComplete complete)
{
    if (input_set(&app->input, initial ? initial : "") != 0) {
        /* Callers that edit a value check app_prompt_max first; this is the backstop. */
        app_error(app, "Too long to edit here (more than %zu bytes)", app_prompt_max());
        return;
    }
    app->prompting = true;
    snprintf(app->prompt_label, sizeof app->prompt_label, "%s", label);
    app->prompt_owner = v ? v->id : 0;
    app->prompt_submit = submit;
    app->prompt_complete = complete;
    app->hist_pos = app->n_history;
    completions_clear(&app->comp);
    app->dirty = true;
    curs_set(1);
}

/* ---- the modal dialog -------------------------------------------------------- */

static void open_dialog(App *app, View *v, DialogDone done, void *ctx)
{
    app->dialog_open = true;
    app->dialog_shown = false;
    app->dialog_owner = v ? v->id : 0;
    app->dialog_done = done;
    app->dialog_ctx = ctx;
    app->prompting = false;
    app->dirty = true;
    curs_set(0);
}

void app_confirm(App *app, View *v, const char *title, const char *text, DialogDone done,
                 void *ctx)
{
    dialog_confirm(&app->dialog, title, text);
    open_dialog(app, v, done, ctx);
}

void app_choose(App *app, View *v, const char *title, const char *text,
                const char *const *items, size_t n, size_t initial, DialogDone done, void *ctx)
{
    if (dialog_choose(&app->dialog, title, text, items, n, initial) != 0) {
        app_error(app, "Out of memory");
        return;
    }
    open_dialog(app, v, done, ctx);
}

void app_flow_end(App *app)
{
    void *ctx = app->flow;
    void (*free_ctx)(void *) = app->flow_free;

    app->flow = NULL;
    app->flow_free = NULL;
    app->flow_owner = 0;
    if (ctx && free_ctx)
        free_ctx(ctx);
}

void app_flow_begin(App *app, View *v, void *ctx, void (*free_ctx)(void *ctx))
{
    app_flow_end(app);
    app->flow = ctx;
    app->flow_free = free_ctx;
    app->flow_owner = v ? v->id : 0;
}

void *app_flow(App *app, const View *v)
{
    return v && app->flow && app->flow_owner == v->id ? app->flow : NULL;
}

bool app_modal(const App *app)
{
    return app->dialog_open || app->prompting;
}

static int dialog_key_in(App *app, wint_t ch, bool is_key)
{
    DialogResult r = dialog_key(&app->dialog, ch, is_key);
    int choice = app->dialog.kind == DIALOG_CONFIRM ? 1 : (int)app->dialog.cursor;
    View *v;
    DialogDone done = app->dialog_done;
    void *ctx = app->dialog_ctx;

    if (r == DIALOG_OPEN)
        return R_REDRAW;
    app->dialog_open = false;
    v = find_view(app, app->dialog_owner);
    if (r == DIALOG_CANCEL || !v || !done) {
        app_message(app, "Cancelled");
        return R_REDRAW;
    }
    app_clear_message(app);
    /* done may open the next dialog of a sequence. */
    return done(v, app, ctx, choice) | R_REDRAW;
}

/* Tab: complete the last word; repeated Tab cycles through the candidates. */
static void prompt_complete(App *app)
{
    View *v = find_view(app, app->prompt_owner);

    if (!app->prompt_complete)
        return;
    if (app->comp.n == 0) {
        free(app->comp_base);
        if (!(app->comp_base = strdup(input_text(&app->input))))
            return;
        app->prompt_complete(v, app, app->comp_base, &app->comp);
        app->comp_idx = 0;
        if (app->comp.n == 0) {
            app_message(app, "No completions");
            return;
        }
    } else {
        app->comp_idx = (app->comp_idx + 1) % app->comp.n;
    }
    /* Replace the last word of the base with the candidate. */
    const char *base = app->comp_base, *item = app->comp.items[app->comp_idx];
    const char *last = strrchr(base, ' ');
    size_t keep = last ? (size_t)(last - base + 1) : 0;
    char *line = malloc(keep + strlen(item) + 2);
    if (!line)
        return;
    snprintf(line, keep + strlen(item) + 2, "%.*s%s%s", (int)keep, base, item,
             app->comp.n == 1 ? " " : "");
    input_set(&app->input, line);
    free(line);
    /* `:theme ` + Tab: each candidate is shown as it is offered. */
    if (!strncmp(base, "theme ", 6) || !strncmp(base, ":theme ", 7)) {
        char err[256];
        if (!app->theme_before[0])
            snprintf(app->theme_before, sizeof app->theme_before, "%s", app->theme.name);
        apply_theme(app, item, err, sizeof err);
    }
    if (app->comp.n > 1) {
        char list[512] = "";
        size_t used = 0;
        for (size_t i = 0; i < app->comp.n && used < sizeof list - 40; i++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s%s%s", i ? " " : "",
                             i == app->comp_idx ? "[" : "", app->comp.items[i],
                             i == app->comp_idx ? "]" : "");
            if (w > 0)
                used += (size_t)w;
        }
        app_message(app, "%s", list);
    } else {
        completions_clear(&app->comp);
    }
}

static int prompt_key(App *app, wint_t ch, bool is_key)
{
    InputResult r;

    if (is_key && (ch == KEY_UP || ch == KEY_DOWN) && app->prompt_submit == submit_command) {
        if (ch == KEY_UP && app->hist_pos > 0)
            app->hist_pos--;
        else if (ch == KEY_DOWN && app->hist_pos < app->n_history)
            app->hist_pos++;
        input_set(&app->input, app->hist_pos < app->n_history ? app->history[app->hist_pos] : "");
        return R_REDRAW;
    }
    r = input_key(&app->input, ch, is_key);
    if (r != INPUT_COMPLETE && app->comp.n) {
        completions_clear(&app->comp);
    }
    switch (r) {
    case INPUT_COMPLETE:
        prompt_complete(app);
        return R_REDRAW;
    case INPUT_CANCEL:
        app->prompting = false;
        curs_set(0);
        app_clear_message(app);
        end_theme_preview(app);             /* a previewed theme: back to the one before */
        return R_REDRAW;
    case INPUT_SUBMIT: {
        View *v = find_view(app, app->prompt_owner);
        PromptSubmit submit = app->prompt_submit;
        char *text = strdup(input_text(&app->input));
        int res = R_REDRAW;
        app->prompting = false;
        curs_set(0);
        app_clear_message(app);
        if (text && !strncmp(text + (*text == ':'), "theme", 5))
            app->theme_before[0] = '\0';   /* :theme decides */
        end_theme_preview(app);             /* previewed, then another command: undo */
        if (!text)
            app_error(app, "Out of memory");
        else if (submit == submit_command || v)
            res = submit(v, app, text) | R_REDRAW;
        free(text);
        return res;
    }
    case INPUT_EDITING:
        break;
    }
    return R_REDRAW;
}

/* ---- drawing ------------------------------------------------------------------- */

static void draw_title(App *app, int cols)
{
    char crumb[1024] = "", part[256];
    size_t used = 0;

    draw_fill(stdscr, 0, 0, cols, ROLE_TITLE);
    for (int i = 0; i < app->depth; i++) {
        View *v = app->stack[i];
        part[0] = '\0';
        if (v->ops->title)
            v->ops->title(v, part, sizeof part);
        if (!part[0])
            continue;
        int w = snprintf(crumb + used, sizeof crumb - used, "%s%s", used ? " › " : "", part);
        if (w < 0 || (size_t)w >= sizeof crumb - used)
            break;
        used += (size_t)w;
    }
    int x = draw_text(stdscr, 0, 0, " mltui ", cols, ROLE_TITLE, false);
    const char *url = api_base_url(app->api);
    int uw = (int)strlen(url) + 2;
    int ro = app->opt.read_only && cols > 90 ? 12 : 0;   /* "[read-only] " */
    int keep = text_width(crumb) < 24 ? text_width(crumb) : 24;
    if (uw > cols - x - ro - keep - 1)   /* a long store path: its end is cut, */
        uw = cols - x - ro - keep - 1;   /* the crumb keeps up to 24 columns */
    int room = cols - x - (cols > 70 ? uw + ro + 1 : 0);
    draw_text(stdscr, 0, x, crumb, room, ROLE_TITLE, false);
    if (cols > 70) {
        if (ro)
            draw_text(stdscr, 0, cols - uw - 12, "[read-only]", 11, ROLE_TITLE, false);
        draw_text(stdscr, 0, cols - uw + 1, url, uw - 1, ROLE_TITLE, false);
    }
}

static void draw_status(App *app, int y, int cols)
{
    char act[256] = "";
    const Message *m = newest_message(app);
    static const char spin[] = "|/-\\";

    draw_fill(stdscr, y, 0, cols, ROLE_STATUSBAR);
    if (api_in_flight(app->api)) {
        char s[300];
        const View *top = top_view(app);
        api_activity(app->api, act, sizeof act);
        /* "Esc cancels" only when it does: the open screen's own request
         * (a watch look or the version probe is not stopped by Esc). */
        snprintf(s, sizeof s, "%c %s%s", spin[app->spin % 4], act,
                 top && top->req ? " (Esc cancels)" : "");
        int w = text_width(s) + 1;
        if (w > cols / 2)
            w = cols / 2;
        draw_text_right(stdscr, y, cols - w, s, w, ROLE_STATUSBAR);
        cols -= w;
    }
    if (app->msg_shown && m)
        draw_text(stdscr, y, 0, m->text, cols, m->error ? ROLE_ERROR : ROLE_STATUSBAR, false);
}

static void draw_hints(App *app, View *v, int y, int cols)
{
    char keys[64];
    int x = 0;
    const KeyMap *km = &app->keymap;

    draw_fill(stdscr, y, 0, cols, ROLE_HINT);
    app->n_hints = 0;
    for (const Action *a = v->ops->hints; a && *a != ACT_NONE && x < cols; a++) {
        if (app->opt.read_only && writes_action(*a))
            continue;
        if (keymap_keys_for(km, v->ops->name, *a, keys, sizeof keys) == 0)
            continue;
        char *sp = strchr(keys, ' ');     /* the first key is enough */
        int x0 = x;
        if (sp)
            *sp = '\0';
        x += draw_text(stdscr, y, x, keys, cols - x, ROLE_HINT_KEY, false);
        x += draw_text(stdscr, y, x, " ", cols - x, ROLE_HINT, false);
        x += draw_text(stdscr, y, x, action_name(*a), cols - x, ROLE_HINT, false);
        if (app->n_hints < (int)(sizeof app->hints / sizeof app->hints[0])) {
            app->hints[app->n_hints].x0 = x0;
            app->hints[app->n_hints].x1 = x;
            app->hints[app->n_hints++].a = *a;
        }
        x += draw_text(stdscr, y, x, "  ", cols - x, ROLE_HINT, false);
    }
    if (x < cols - 8) {
        int x0 = x;
        keymap_keys_for(km, v->ops->name, ACT_HELP, keys, sizeof keys);
        char *sp = strchr(keys, ' ');
        if (sp)
            *sp = '\0';
        x += draw_text(stdscr, y, x, keys, cols - x, ROLE_HINT_KEY, false);
        x += draw_text(stdscr, y, x, " help", cols - x, ROLE_HINT, false);
        if (app->n_hints < (int)(sizeof app->hints / sizeof app->hints[0])) {
            app->hints[app->n_hints].x0 = x0;
            app->hints[app->n_hints].x1 = x;
            app->hints[app->n_hints++].a = ACT_HELP;
        }
    }
}

static void draw_all(App *app)
{
    int rows = LINES, cols = COLS;
    View *v = top_view(app);

    erase();
    termgfx_frame_begin();
    if (rows < MIN_ROWS || cols < MIN_COLS) {
        char msg[128];
        snprintf(msg, sizeof msg, "Terminal too small (%dx%d)", cols, rows);
        draw_text(stdscr, rows / 2 > 0 ? rows / 2 - 1 : 0, 0, msg, cols, ROLE_ERROR, false);
        snprintf(msg, sizeof msg, "need %dx%d; Q quits", MIN_COLS, MIN_ROWS);
        if (rows > 1)
            draw_text(stdscr, rows / 2, 0, msg, cols, ROLE_NORMAL, false);
        curs_set(0);
        refresh();
        if (!app->shot)
            termgfx_flush(true);
        return;
    }
    draw_title(app, cols);
    if (v) {
        WINDOW *w = derwin(stdscr, rows - 3, cols, 1, 0);
        if (w) {
            v->ops->draw(v, app, w, rows - 3, cols);
            delwin(w);
        }
    }
    if (app->dialog_open) {
        WINDOW *w = derwin(stdscr, rows - 3, cols, 1, 0);
        if (w) {
            dialog_draw(&app->dialog, w, rows - 3, cols);
            delwin(w);
            app->dialog_shown = true;
        }
    }
    draw_status(app, rows - 2, cols);
    if (app->prompting) {
        input_draw(&app->input, stdscr, rows - 1, 0, cols, app->prompt_label);
        curs_set(1);
    } else if (v) {
        draw_hints(app, v, rows - 1, cols);
        curs_set(0);
    }
    refresh();
    /* A picture through kitty or sixel goes after curses' frame; not over
     * a dialog. */
    if (!app->shot)
        termgfx_flush(app->dialog_open);
}

/* ---- keys ----------------------------------------------------------------------- */

static int handle_action(App *app, Action a)
{
    View *v = top_view(app);
    int r;

    if (!v)
        return R_QUIT;
    /* --read-only: write keys are gone, as if unbound (they are also left
     * out of the hint bar and the help screen; `[read-only]` is in the title). */
    if (app->opt.read_only && writes_action(a)) {
        if (!api_is_local(app->api))
            return R_NONE;
        app_error(app, "%s", app_read_only_reason(app));   /* say why on a local store */
        return R_REDRAW;
    }
    /* Esc/q cancel the view's request in flight before they go back. */
    if (a == ACT_BACK && v->req) {
        api_cancel(app->api, v->req);
        return R_REDRAW;
    }
    r = v->ops->handle(v, app, a);
    if (!(r & R_UNKNOWN))
        return r;
    switch (a) {
    case ACT_QUIT:    return R_QUIT;
    case ACT_BACK:
        if (app->depth > 1)
            return R_POP;
        return R_NONE;
    case ACT_PROMPT:
        app_prompt(app, v, ":", "", submit_command, complete_command);
        return R_REDRAW;
    case ACT_REDRAW:  clearok(curscr, TRUE); termgfx_damage(); return R_REDRAW;
    default:
        /* help, messages, experiments, models: the screens' global keys. */
        r = app->screens->action(app, v, a);
        return r & R_UNKNOWN ? R_NONE : r;
    }
}

static int key_of(wint_t ch, int kind)
{
    if (kind == KEY_CODE_YES)
        return (int)ch;
    if (ch == '\r')
        return '\n';
    return (int)ch;
}

static void apply(App *app, int r)
{
    if (r & R_QUIT)
        app->quit = true;
    if (r & R_POP)
        pop_view(app);
    if (r & (R_REDRAW | R_POP))
        app->dirty = true;
}

/* A mouse event: the wheel moves the cursor three lines, a click on the hint
 * bar runs that hint, a click in the screen's body goes to its click op. */
static void mouse_event(App *app)
{
    MEVENT ev;
    View *v = top_view(app);
    int body_rows = LINES - 3;

    if (getmouse(&ev) != OK || !v || app->dialog_open || app->prompting)
        return;
    if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
        for (int i = 0; i < 3; i++)
            apply(app, handle_action(app, ev.bstate & BUTTON4_PRESSED ? ACT_UP : ACT_DOWN));
        return;
    }
    if (!(ev.bstate & BUTTON1_PRESSED))
        return;
    int64_t now = app_now_ms();
    bool twice = now - app->click_ms < 400 && ev.x == app->click_x && ev.y == app->click_y;
    app->click_ms = twice ? 0 : now;
    app->click_x = ev.x;
    app->click_y = ev.y;
    if (ev.y == LINES - 1) {
        for (int i = 0; i < app->n_hints; i++)
            if (ev.x >= app->hints[i].x0 && ev.x < app->hints[i].x1) {
                apply(app, handle_action(app, app->hints[i].a));
                return;
            }
        return;
    }
    if (ev.y >= 1 && ev.y <= body_rows && v->ops->click)
        apply(app, v->ops->click(v, app, ev.y - 1, ev.x, twice));
}

static void read_keys(App *app)
{
    wint_t ch;
    int kind;

    app->keys_held = false;
    for (;;) {
        /* A dialog that opened (a reply, a key) takes keys only once it is on
         * screen: keys typed ahead wait for the redraw instead of answering a
         * question nobody has seen. */
        if (app->dialog_open && !app->dialog_shown && LINES >= MIN_ROWS && COLS >= MIN_COLS) {
            app->keys_held = true;
            break;
        }
        if ((kind = get_wch(&ch)) == ERR)
            break;
        if (kind == KEY_CODE_YES && ch == KEY_RESIZE) {
            termgfx_damage();
            app->dirty = true;
            continue;
        }
        if (kind == KEY_CODE_YES && ch == KEY_MOUSE) {
            if (LINES >= MIN_ROWS && COLS >= MIN_COLS)
                mouse_event(app);
            if (app->quit)
                break;
            continue;
        }
        if (LINES < MIN_ROWS || COLS < MIN_COLS) {
            if (ch == 'Q' || ch == 'q')
                app->quit = true;
            continue;
        }
        if (app->dialog_open) {
            apply(app, dialog_key_in(app, ch, kind == KEY_CODE_YES));
            continue;
        }
        if (app->prompting) {
            apply(app, prompt_key(app, ch, kind == KEY_CODE_YES));
            continue;
        }
        View *v = top_view(app);
        Action a = keymap_lookup(&app->keymap, v ? v->ops->name : "generic", key_of(ch, kind));
        if (a == ACT_NONE)
            continue;
        if (app->msg_shown && a != ACT_BACK)
            app->msg_shown = newest_message(app) && newest_message(app)->error &&
                             app_now_ms() - newest_message(app)->at < 4000;
        apply(app, handle_action(app, a));
        if (app->quit)
            break;
    }
}

/* ---- the loop ----------------------------------------------------------------------- */

static void deliver_results(App *app)
{
    ApiResult *r;

    while ((r = api_next_result(app->api))) {
        View *v = find_view(app, r->owner);
        if (v && r->gen == v->gen) {
            bool mine = r->req_id == v->req;   /* the view's own request (Esc cancels it) */
            if (r->final && mine)
                v->req = 0;
            /* Only the request Esc/q cancelled is announced: requests a view
             * dropped itself (:watch off, a preview left behind) have said
             * what happened already ("Stopped watching"). */
            if (r->err.kind == ERR_CANCELLED && mine)
                app_message(app, "Cancelled");
            if (v->ops->on_result)
                v->ops->on_result(v, app, r);
        }
        if (r->warning)   /* a local store skipped something: name it */
            app_error(app, "Skipped: %s", r->warning);
        api_result_free(r);
        app->dirty = true;
    }
}

int app_run(App *app)
{
    setlocale(LC_ALL, "");
    signal(SIGPIPE, SIG_IGN);
    if (!getenv("ESCDELAY"))
        set_escdelay(25);
    /* Ask the terminal what pictures it shows before curses reads keys:
     * bounded (150 ms; the DA1 reply every terminal sends ends it early),
     * and never without a terminal. */
    if (app->images == IMAGES_AUTO && !app->shot) {
        termgfx_probe(&app->probe, 150);
        app->probed = true;
    }
    resolve_images(app);
    if (app->shot ? shot_start_term(app->shot) != 0 : !draw_start_terminal()) {
        fprintf(stderr, "mltui: cannot start the terminal\n");
        return 1;
    }
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    draw_init_colors(&app->theme, app->no_color);
    if (app->probed)
        termgfx_return_keys();
    if (!app->opt.no_mouse && !app->shot) {
        /* Clicks, double clicks and the wheel; Shift+drag still selects text
         * in most terminals. */
        mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        /* No click resolution by ncurses: it reads ahead for the release and
         * a second click, which lets a key typed meanwhile overtake the
         * click. A press is a click; two on one cell within 400 ms a double. */
        mouseinterval(0);
    }

    app->screens->start(app, app->opt.experiment);
    app->dirty = true;

    while (!app->quit && app->depth > 0) {
        if (app->dirty) {
            draw_all(app);
            app->dirty = false;
        }
        int busy = api_in_flight(app->api) > 0;
        api_wait(app->api, app->shot ? -1 : STDIN_FILENO,
                 app->keys_held ? 0 : app->shot ? shot_poll_ms(app->shot)
                                 : sleep_ms(app, busy ? 120 : 1000));
        api_perform(app->api);
        deliver_results(app);
        tick_views(app);
        char *note = api_cache_take_note(app->api);
        if (note) {
            app_error(app, "%s", note);
            free(note);
        }
        read_keys(app);
        if (busy) {
            app->spin++;
            app->dirty = true;
        }
        if (!busy && api_in_flight(app->api) == 0 && app->spin) {
            app->spin = 0;
            app->dirty = true;
        }
        if (app->shot && shot_step(app->shot, api_in_flight(app->api)))
            break;
    }
    int rc = 0;
    if (app->shot) {
        draw_all(app);
        rc = shot_finish(app->shot);
    } else {
        termgfx_stop();
    }
    endwin();
    return rc;
}

int app_message_count(const App *app)
{
    return app->n_msgs;
}

const char *app_message_text(const App *app, int i, int *is_error, int64_t *at)
{
    const Message *m = message_at(app, i);
    if (is_error)
        *is_error = m->error;
    if (at)
        *at = m->at;
    return m->text;
}
