/* viewtab.h — every screen, declared once, and the one way to open one.
 *
 * VIEW_INFO is the list of screens (as tig's VIEW_INFO): each row names the
 * kind, the screen's ops table and its constructor. Screens never call each
 * other's constructors: they ask for a kind with arguments,
 *
 *     view_open(app, VIEW_RUN, &(ViewArgs){ .rs = rs, .run = i });
 *
 * and the engine (app.c) knows no screen at all: it gets the global keys and
 * commands (help, messages, models, :experiment...) through the AppScreens
 * hooks that main.c hands to app_new (views_screens, below).
 *
 * How to add a screen:
 *   1. write views/NAME.c with a `const ViewOps NAME_view_ops` (name = key map
 *      scope) and `View *NAME_view_open(App *app, const ViewArgs *a)`, which
 *      reads the ViewArgs fields it documents here and returns a View (not yet
 *      pushed) or NULL when out of memory or an argument is missing;
 *   2. add a row to VIEW_INFO (and fields to ViewArgs if it needs new ones);
 *   3. its `:` commands go in core/commands.h with the screen's name in scope,
 *      its default keys in core/keymap.c's keymap_default_text.
 * Nothing else lists screens. */
#ifndef MLTUI_VIEWS_VIEWTAB_H
#define MLTUI_VIEWS_VIEWTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "core/runset.h"
#include "core/runtable.h"

/* X(KIND, ops, constructor)                 ViewArgs fields it reads */
#define VIEW_INFO(X) \
    X(VIEW_EXPERIMENTS,  experiments_view_ops, experiments_view_open)  /* none */                 \
    X(VIEW_RUNS,         runs_view_ops,        runs_view_open)         /* experiment */           \
    X(VIEW_RUN,          run_view_ops,         run_view_open)          /* rs, run */              \
    X(VIEW_COLUMNS,      columns_view_ops,     columns_view_open)      /* table */                \
    X(VIEW_COMPARE,      compare_view_ops,     compare_view_open)      /* rs, rows, n_rows */     \
    X(VIEW_PARALLEL,     parallel_view_ops,    parallel_view_open)     /* rs, rows, n_rows, argc, argv, focus */ \
    X(VIEW_SCATTER,      scatter_view_ops,     scatter_view_open)      /* same */                 \
    X(VIEW_HISTORY,      history_view_ops,     history_view_open)      /* same (at most 10 runs) */ \
    X(VIEW_AXES,         axes_view_ops,        axes_view_open)         /* rs, axes, n_axes, cap, changed */ \
    X(VIEW_ARTIFACTS,    artifacts_view_ops,   artifacts_view_open)    /* run_id, run_name, artifact_uri; model_id */ \
    X(VIEW_MODELS,       models_view_ops,      models_view_open)       /* filter (may be NULL) */ \
    X(VIEW_VERSIONS,     versions_view_ops,    versions_view_open)     /* model */                \
    X(VIEW_RUN_VERSIONS, versions_view_ops,    run_versions_view_open) /* run_id, run_name */     \
    X(VIEW_VERSION,      version_view_ops,     version_view_open)      /* model, version */       \
    X(VIEW_TEXT,         text_view_ops,        text_view_open)         /* title, text */          \
    X(VIEW_HELP,         help_view_ops,        help_view_open)         /* of */                   \
    X(VIEW_MESSAGES,     messages_view_ops,    messages_view_open)     /* none */                 \
    X(VIEW_LOGGED_MODELS, logged_models_view_ops, logged_models_view_open) /* experiment (id), title */ \
    X(VIEW_LOGGED_MODEL, logged_model_view_ops, logged_model_view_open)  /* model_id */

#define X(kind, ops, open) kind,
typedef enum ViewKind { VIEW_INFO(X) VIEW__COUNT } ViewKind;
#undef X

/* What a screen is opened with; each kind reads the fields its VIEW_INFO row
 * names and ignores the rest. Strings and arrays are copied by the screen
 * unless said otherwise. */
typedef struct ViewArgs {
    const char     *experiment;   /* RUNS: experiment id or name; LOGGED_MODELS: its id (title:
                                     its name, may be NULL) */
    const char     *filter;       /* MODELS: MLflow registered-model filter, or NULL */
    const char     *model;        /* VERSIONS, VERSION: registered model name */
    const char     *version;      /* VERSION */
    const char     *run_id;       /* ARTIFACTS, RUN_VERSIONS */
    const char     *run_name;     /* ARTIFACTS, RUN_VERSIONS (title); may be NULL */
    const char     *artifact_uri; /* ARTIFACTS: the run's (or logged model's), for the proxy route */
    const char     *model_id;     /* LOGGED_MODEL; ARTIFACTS: a logged model's (MLflow 3), rooted
                                     at its artifact location (run_id: its source run) */
    const char     *title, *text; /* TEXT: a long value in full (hostile text allowed) */
    const RunSet   *rs;           /* RUN, COMPARE, plots, AXES */
    size_t          run;          /* RUN: index into rs->runs */
    const uint32_t *rows;         /* COMPARE, plots: indices into rs->runs */
    size_t          n_rows;
    int             argc;         /* plots: the `:` command's column arguments */
    char          **argv;
    const Column   *focus;        /* plots: a column the caller suggests, or NULL */
    bool            logged_models;/* COMPARE: rs holds logged models (MLflow 3), not runs */
    RunTable       *table;        /* COLUMNS: edited in place (owned by the runs view) */
    View           *of;           /* HELP: the screen whose keys to list */
    Column         *axes;         /* AXES: edits axes[0..*n_axes) in place (cap entries) */
    size_t         *n_axes;
    size_t          cap;
    bool           *changed;      /* AXES: set when the axes changed */
} ViewArgs;

/* Every constructor and ops table, declared from the table. */
#define X(kind, ops, open) extern const ViewOps ops; View *open(App *app, const ViewArgs *a);
VIEW_INFO(X)
#undef X

/* Makes a screen of kind from args (not pushed); NULL when out of memory or
 * an argument is missing. */
View *view_new(App *app, ViewKind kind, const ViewArgs *args);
/* view_new, then app_push. Returns the pushed view or NULL. */
View *view_open(App *app, ViewKind kind, const ViewArgs *args);
/* True when v was made as a screen of kind (checked before any downcast). */
bool  view_is(const View *v, ViewKind kind);
/* The ops table of kind (tests, help). */
const ViewOps *view_kind_ops(ViewKind kind);

/* The engine's hooks into the screens: the bottom screen, the global keys and
 * commands (help, messages, experiments, models), experiment completion. */
extern const AppScreens views_screens;

#endif
