/* app.h — the view stack, the one event loop, the title, status and hint
 * lines, the prompt and dialogs, and `:` command dispatch. Views are objects
 * with a const ops table; handlers return Reaction flags that the loop acts on
 * instead of calling it. The engine knows no screen by name: screens are
 * listed and opened through views/viewtab.h (VIEW_INFO, view_open), and the
 * engine reaches the few it needs (help, messages, the bottom screen) through
 * the AppScreens hooks given to app_new. `:` commands are rows of
 * core/commands.h. */
#ifndef MLTUI_APP_H
#define MLTUI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>

#include "api/api.h"
#include "core/actions.h"
#include "core/commands.h"
#include "core/imagemode.h"
#include "core/keymap.h"
#include "core/theme.h"

typedef struct App App;
typedef struct View View;

enum {
    R_NONE    = 0,
    R_REDRAW  = 1 << 0,
    R_POP     = 1 << 1,   /* close this view */
    R_QUIT    = 1 << 2,
    R_UNKNOWN = 1 << 3,   /* the view did not handle it: the app tries */
};

/* A completion candidate list, filled by a completer. */
typedef struct Completions {
    char  **items;
    size_t  n, cap;
} Completions;
void completions_add(Completions *c, const char *s);

/* What is under the cursor, for y (copy its id), Y (copy a URI that MLflow's
 * clients take) and W (its address in MLflow's web UI). A field is "" when
 * it does not apply; truncated is set when a value did not fit (nothing is
 * copied then). */
typedef struct ItemRef {
    char what[32];        /* "run", "experiment", "model", "model version", ... */
    char id[512];         /* y: run id, experiment id, model name, logged model id */
    char uri[1024];       /* Y: runs:/<id>, models:/<name>/<version>, models:/<m-id> */
    char web[1024];       /* W: the web UI's route, e.g. #/experiments/1/runs/<id> */
    bool truncated;
} ItemRef;

typedef struct ViewOps {
    const char   *name;          /* key map scope and help title */
    const Action *actions;       /* the actions this view offers (help), ACT_NONE-ended */
    const Action *hints;         /* the main ones for the hint bar, ACT_NONE-ended */
    /* Called once by app_push, after the view has its id: start loading here. */
    void (*start)(View *v, App *app);
    void (*draw)(View *v, App *app, WINDOW *w, int rows, int cols);
    int  (*handle)(View *v, App *app, Action a);
    /* r is freed by the app; NULL for views that make no requests. */
    void (*on_result)(View *v, App *app, ApiResult *r);
    /* Runs a `:` command whose scope (core/commands.h) names this view;
     * argv[0] is the command's name as declared (aliases resolved). */
    int  (*command)(View *v, App *app, int argc, char **argv);
    /* Completes argument argi of command argv[0]; prefix is what is typed. */
    void (*complete)(View *v, App *app, int argc, char **argv, int argi, Completions *out);
    void (*title)(View *v, char *buf, size_t size);       /* breadcrumb part */
    void (*destroy)(View *v);
    /* Called on every screen of the stack once a time asked for with
     * app_wake_at has come (and possibly more often): refresh what depends on
     * the clock (a highlight that fades, a watch's next look). Returns R_REDRAW
     * or R_NONE. Optional. */
    int  (*tick)(View *v, App *app, int64_t now_ms);
    /* Fills out with the item under the cursor (views/item.h helps); false
     * when there is none. Optional: without it y, Y and W say so. */
    bool (*item)(View *v, ItemRef *out);
    /* A mouse click at (y, x) of the view's window; twice: a double click.
     * Returns R_* like handle. Optional (views/mouse.h helps). */
    int  (*click)(View *v, App *app, int y, int x, bool twice);
} ViewOps;

struct View {
    const ViewOps *ops;
    int            kind;    /* ViewKind (views/viewtab.h), set by view_new */
    int            id;      /* unique; API requests carry it as owner */
    unsigned       gen;     /* bumped when the view re-queries: older replies drop */
    uint64_t       req;     /* the view's main request in flight, or 0 */
};

typedef struct Options {
    const char *tracking_uri;
    const char *experiment;   /* open straight into it */
    const char *theme;
    const char *config_path;
    bool        read_only;
    bool        no_color;
    bool        no_cache;     /* --no-cache: neither read nor write the local cache */
    bool        no_mouse;     /* --no-mouse / set mouse false: leave the mouse to the terminal */
    bool        images_set;   /* --images given: */
    ImageMode   images;       /* how pictures are shown (core/imagemode.h) */
    const char *screenshot;   /* --screenshot FILE.png: no terminal, scripted keys */
    const char *dump_screen;  /* --dump-screen FILE: the same, the final screen as text */
    const char *keys;         /* --keys SCRIPT (keyscript.h) */
    const char *size;         /* --size COLSxROWS */
    const char *artifacts_root; /* --artifacts-root DIR (local stores) */
} Options;

/* What the engine needs from the screens, without knowing any of them
 * (views/viewtab.c fills it as views_screens; main.c passes it to app_new). */
typedef struct AppScreens {
    /* Pushes the bottom screen(s); experiment (may be NULL) opens its runs. */
    void (*start)(App *app, const char *experiment);
    /* A key the top screen did not handle (help, messages, models...):
     * Reaction flags, or R_UNKNOWN when it is not a global key either. */
    int  (*action)(App *app, View *top, Action a);
    /* Runs a RUN_SCREENS command (argv[0] is its declared name). */
    int  (*command)(App *app, View *top, const Command *c, int argc, char **argv);
    /* Completes an argument from source (ARGS_EXPERIMENTS). */
    void (*complete)(App *app, CommandArgs source, Completions *out);
} AppScreens;

/* Creates the app (terminal not yet started). Returns NULL and prints the
 * reason to stderr (before initscr). screens is kept (static storage). */
App  *app_new(const Options *opt, const AppScreens *screens);
int   app_run(App *app);       /* the loop; returns the exit status */
void  app_free(App *app);

Api        *app_api(App *app);
/* Puts text on the terminal's clipboard with OSC 52 (which also works over
 * SSH and, with `set -g set-clipboard on`, inside tmux); not in --screenshot
 * or --dump-screen runs, which have no terminal. */
void        app_clipboard(App *app, const char *text);
const KeyMap *app_keymap(App *app);
int64_t     app_now_ms(void);
/* Asks the loop to wake up (and run every screen's tick op) at when_ms
 * (app_now_ms clock) even with no key and no network activity. */
void        app_wake_at(App *app, int64_t when_ms);
bool        app_read_only(const App *app);
/* How pictures are shown now: IMAGES_KITTY, IMAGES_SIXEL (widgets/termgfx.h),
 * IMAGES_SYMBOLS or IMAGES_OFF; never IMAGES_AUTO (resolved at start). */
ImageMode   app_image_mode(const App *app);
/* What a refused write is told: for a local store, how to change it (run
 * `mlflow server` on it); else the --read-only line. */
const char *app_read_only_reason(const App *app);

/* Assigns v an id and pushes it on the stack (v NULL: nothing). Screens
 * open others with view_open (views/viewtab.h), which calls this. */
void  app_push(App *app, View *v);
/* Closes the screens above the first depth ones (depth 1: back to the bottom). */
void  app_pop_to(App *app, int depth);
/* The screen at stack position i (0 = bottom), NULL outside the stack. */
View *app_view_at(App *app, int i);
int   app_depth(const App *app);
/* Status line messages (copied; sanitised when drawn). */
void  app_message(App *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void  app_error(App *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void  app_clear_message(App *app);

/* Opens a one-line prompt at the bottom. On Enter, submit(v, app, text) runs
 * with the view that opened it (if still on the stack); Esc cancels. */
typedef int (*PromptSubmit)(View *v, App *app, const char *text);
/* The longest text (bytes) the prompt edits whole; app_prompt refuses (says
 * so, opens nothing) when initial is longer. */
size_t app_prompt_max(void);
typedef void (*PromptComplete)(View *v, App *app, const char *text, Completions *out);
void  app_prompt(App *app, View *v, const char *label, const char *initial,
                 PromptSubmit submit, PromptComplete complete);
/* A modal dialog drawn over the screen (widgets/dialog.h), one at a time.
 * done(v, app, ctx, choice) runs when the user accepts — choice is 1 for a
 * confirmation, the item's index for a chooser — with the view that opened
 * it (NULL if it has gone: then done is not called). Cancelling (n, Esc)
 * says "Cancelled" and calls nothing. ctx is passed through untouched. */
typedef int (*DialogDone)(View *v, App *app, void *ctx, int choice);
void  app_confirm(App *app, View *v, const char *title, const char *text,
                  DialogDone done, void *ctx);
void  app_choose(App *app, View *v, const char *title, const char *text,
                 const char *const *items, size_t n, size_t initial, DialogDone done,
                 void *ctx);
/* A multi-step interaction (a write flow: dialogs, prompts, requests) of view
 * v, with its own context. The app keeps one at a time: starting one ends the
 * one before. ctx is freed with free_ctx by app_flow_end, by the next
 * app_flow_begin, when v closes, and by app_free. */
void  app_flow_begin(App *app, View *v, void *ctx, void (*free_ctx)(void *ctx));
/* The context of the flow in progress if v started it, else NULL. */
void *app_flow(App *app, const View *v);
void  app_flow_end(App *app);

/* True while a dialog or a prompt is open. */
bool  app_modal(const App *app);

/* True when c would run if typed now (its screen is on the stack, or for
 * RUN_ACTION the top screen offers the action) and is allowed (--read-only
 * refuses writes): what Tab completion and the help screen offer. */
bool  app_command_offered(App *app, const Command *c);
/* Runs a `:` command line as typed (without the colon). */
int   app_command(App *app, const char *line);
/* While a view's command handler runs: the text after the command name,
 * unsplit (for `:filter metrics.f1 > 0.9`). */
const char *app_command_rest(const App *app);

/* The messages of the status line, for the messages screen (0 = oldest). */
int   app_message_count(const App *app);
const char *app_message_text(const App *app, int i, int *is_error, int64_t *at);

#endif
