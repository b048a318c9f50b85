/* commands.h — every `:` command, declared once. The X-macro below is the
 * only list of commands: the dispatcher (app.c), Tab completion, the help
 * screen's "Commands" section and --read-only all read these rows, so a
 * command cannot exist without help text, be offered where it does not run,
 * or write in read-only mode.
 *
 * A row: X(ID, "name", "aliases", "ARGUMENTS", ARGS_SOURCE, "scope", RUNNER, action, writes,
 *          "help")
 *   name       what is typed after ':' (also the key for the help screen)
 *   aliases    other spellings, space-separated ("q q!"), or ""
 *   ARGUMENTS  the argument syntax shown in help ("COLUMN [asc|desc]"), or ""
 *   ARGS_SOURCE where Tab completion of the arguments comes from (CommandArgs)
 *   scope      for RUN_VIEW: the screens that run it, space-separated view
 *              names (ViewOps.name, the key map scope: "runs run"); "" otherwise
 *   RUNNER     who runs it (CommandRunner)
 *   action     for RUN_ACTION: the action it performs on the top screen
 *   writes     true when it changes the server (refused in --read-only mode)
 *   help       one line for the help screen
 *
 * How to add a command: add a row here; for RUN_VIEW handle argv[0] == name
 * in the `command` op of every screen named in scope (and its arguments in
 * `complete` when ARGS_SOURCE is ARGS_VIEW); nothing else lists commands.
 * tests/unit/test_commands.c checks every row has help and a handler in its
 * scope; tests/e2e/test_commands.sh that completion offers only what runs. */
#ifndef MLTUI_COMMANDS_H
#define MLTUI_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/actions.h"

/* Where Tab completes a command's arguments from. */
typedef enum CommandArgs {
    ARGS_NONE,          /* nothing to complete */
    ARGS_VIEW,          /* the screen's `complete` op (columns, stages, tags...) */
    ARGS_THEMES,        /* theme names (built in and themes/ files) */
    ARGS_IMAGE_MODES,   /* auto kitty sixel symbols off (core/imagemode.h) */
    ARGS_EXPERIMENTS,   /* experiment names of the experiments list */
} CommandArgs;

/* Who runs a command. */
typedef enum CommandRunner {
    RUN_APP,            /* app.c itself (quit, theme) */
    RUN_SCREENS,        /* the screens' global hook (help, models...; views/viewtab.c) */
    RUN_VIEW,           /* the topmost screen on the stack whose name is in scope; the
                           screens above it close first */
    RUN_ACTION,         /* performs `action` on the top screen, where it offers it */
} CommandRunner;

#define COMMANDS(X) \
    X(CMD_QUIT,        "quit",        "q q!", "",                   ARGS_NONE,        "",                                  RUN_APP,     ACT_NONE,   false, \
      "Quit mltui")                                                                                                                                             \
    X(CMD_HELP,        "help",        "",     "",                   ARGS_NONE,        "",                                  RUN_SCREENS, ACT_NONE,   false, \
      "Show the keys and commands of this screen")                                                                                                              \
    X(CMD_THEME,       "theme",       "",     "NAME",               ARGS_THEMES,      "",                                  RUN_APP,     ACT_NONE,   false, \
      "Switch colour theme (default, light, mono, high-contrast, or NAME.theme)")                                                                                              \
    X(CMD_IMAGES,      "images",      "",     "[MODE]",             ARGS_IMAGE_MODES, "",                                  RUN_APP,     ACT_NONE,   false, \
      "How pictures show: auto, kitty, sixel, symbols or off (none: say which)")                                                                                \
    X(CMD_EXPERIMENT,  "experiment",  "exp",  "NAME|ID",            ARGS_EXPERIMENTS, "",                                  RUN_SCREENS, ACT_NONE,   false, \
      "Open an experiment's runs")                                                                                                                              \
    X(CMD_EXPERIMENTS, "experiments", "",     "",                   ARGS_NONE,        "",                                  RUN_SCREENS, ACT_NONE,   false, \
      "Go to the experiments list")                                                                                                                             \
    X(CMD_MESSAGES,    "messages",    "",     "",                   ARGS_NONE,        "",                                  RUN_SCREENS, ACT_NONE,   false, \
      "Show recent messages and errors")                                                                                                                        \
    X(CMD_MODELS,      "models",      "",     "[FILTER]",           ARGS_NONE,        "",                                  RUN_SCREENS, ACT_NONE,   false, \
      "Registered models (:models name LIKE 'NEO%')")                                                                                                           \
    X(CMD_MODEL,       "model",       "",     "NAME",               ARGS_NONE,        "",                                  RUN_SCREENS, ACT_NONE,   false, \
      "The versions of a registered model")                                                                                                                     \
    X(CMD_CACHE,       "cache",       "",     "[clear]",            ARGS_NONE,        "",                                  RUN_APP,     ACT_NONE,   false, \
      "The local cache of runs: its size, or clear it")                                                                                                        \
    X(CMD_RELOAD,      "reload",      "",     "",                   ARGS_NONE,        "",                                  RUN_ACTION,  ACT_RELOAD, false, \
      "Reload from the server")                                                                                                                                 \
    /* lists */                                                                                                                                                 \
    X(CMD_SEARCH,      "search",      "",     "TEXT",               ARGS_NONE,        "experiments runs models logged-models",           RUN_VIEW,    ACT_NONE,   false, \
      "Show only rows containing TEXT; empty clears")                                                                                                           \
    X(CMD_FILTER,      "filter",      "",     "MLFLOW-FILTER",      ARGS_VIEW,        "runs models logged-models",                       RUN_VIEW,    ACT_NONE,   false, \
      "Server-side filter (:filter metrics.f1 > 0.9); empty clears")                                                                                            \
    X(CMD_LIFECYCLE,   "lifecycle",   "",     "active|deleted|all", ARGS_VIEW,        "experiments runs",                  RUN_VIEW,    ACT_NONE,   false, \
      "Which runs (or experiments) to show")                                                                                                                    \
    X(CMD_WATCH,       "watch",       "",     "[SECONDS|off]",      ARGS_NONE,        "runs",                              RUN_VIEW,    ACT_NONE,   false, \
      "Look for new and running runs every SECONDS (default 5); off stops")                                                                                    \
    X(CMD_SORT,        "sort",        "",     "COLUMN [asc|desc]",  ARGS_VIEW,        "runs logged-models",                              RUN_VIEW,    ACT_NONE,   false, \
      "Sort runs (:sort f1 desc, :sort params.n_estimators)")                                                                                                   \
    X(CMD_COLUMNS,     "columns",     "",     "",                   ARGS_NONE,        "runs",                              RUN_VIEW,    ACT_NONE,   false, \
      "Choose, hide and reorder columns")                                                                                                                       \
    X(CMD_MARK,        "mark",        "",     "all|none|top N",     ARGS_VIEW,        "runs logged-models",                              RUN_VIEW,    ACT_NONE,   false, \
      "Mark runs (top N of the current sort order)")                                                                                                            \
    X(CMD_LOGGED_MODELS, "logged-models", "", "",              ARGS_NONE,        "runs",                              RUN_VIEW,    ACT_NONE,   false, \
      "The experiment's logged models (MLflow 3)")                                                                                                              \
    X(CMD_COMPARE,     "compare",     "",     "",                   ARGS_NONE,        "runs logged-models",                              RUN_VIEW,    ACT_NONE,   false, \
      "Compare the marked runs (or the shown ones) side by side")                                                                                               \
    /* plots */                                                                                                                                                 \
    X(CMD_PARALLEL,    "parallel",    "",     "[AXIS...]",          ARGS_NONE,        "runs logged-models",                              RUN_VIEW,    ACT_NONE,   false, \
      "Parallel coordinates of the marked (or shown) runs over the given columns")                                                                              \
    X(CMD_SCATTER,     "scatter",     "",     "[X Y [COLOR]]",      ARGS_NONE,        "runs logged-models",                              RUN_VIEW,    ACT_NONE,   false, \
      "Scatter plot of two columns")                                                                                                                            \
    X(CMD_HISTORY,     "history",     "",     "[METRIC]",           ARGS_VIEW,        "runs history",                      RUN_VIEW,    ACT_NONE,   false, \
      "Metric history over steps (in a history: switch the metric)")                                                                                            \
    X(CMD_AXES,        "axes",        "",     "[COLUMN...]",        ARGS_VIEW,        "parallel",                          RUN_VIEW,    ACT_NONE,   false, \
      "Set the plot's axes (none: choose them)")                                                                                                                \
    X(CMD_COLOR,       "color",       "colour", "[METRIC]",         ARGS_VIEW,        "parallel",                          RUN_VIEW,    ACT_NONE,   false, \
      "Colour the lines by a metric (none: no colour)")                                                                                                         \
    X(CMD_EXPORT,      "export",      "",     "[FILE.png]",         ARGS_NONE,        "parallel scatter history",          RUN_VIEW,    ACT_NONE,   false, \
      "Write the plot as a PNG file (asks before replacing one)")                                                                                               \
    X(CMD_DIFF,        "diff",        "",     "[on|off]",           ARGS_VIEW,        "compare",                           RUN_VIEW,    ACT_NONE,   false, \
      "Show only rows whose values differ")                                                                                                                     \
    X(CMD_TRANSPOSE,   "transpose",   "",     "",                   ARGS_NONE,        "compare",                           RUN_VIEW,    ACT_NONE,   false, \
      "Swap rows and columns")                                                                                                                                  \
    X(CMD_ARTIFACTS,   "artifacts",   "",     "",                   ARGS_NONE,        "run",                               RUN_VIEW,    ACT_NONE,   false, \
      "Browse the run's artifacts")                                                                                                                             \
    X(CMD_DOWNLOAD,    "download",    "",     "[DIR]",              ARGS_NONE,        "artifacts",                         RUN_VIEW,    ACT_NONE,   false, \
      "Download the file or folder under the cursor")                                                                                                           \
    /* writes */                                                                                                                                                \
    X(CMD_STAGE,       "stage",       "",     "VERSION STAGE [archive]", ARGS_VIEW,   "versions version",                  RUN_VIEW,    ACT_NONE,   true,  \
      "Move a version to None/Staging/Production/Archived")                                                                                                     \
    X(CMD_ALIAS,       "alias",       "",     "NAME VERSION",       ARGS_VIEW,        "versions version",                  RUN_VIEW,    ACT_NONE,   true,  \
      "Set alias NAME on a version (moves it if held)")                                                                                                         \
    X(CMD_UNALIAS,     "unalias",     "",     "NAME",               ARGS_VIEW,        "versions version",                  RUN_VIEW,    ACT_NONE,   true,  \
      "Delete an alias")                                                                                                                                        \
    X(CMD_REGISTER,    "register",    "",     "[MODEL]",            ARGS_NONE,        "run",                               RUN_VIEW,    ACT_NONE,   true,  \
      "Register the run's model folder as a new model version")                                                                                                 \
    X(CMD_TAG,         "tag",         "",     "KEY VALUE",          ARGS_NONE,        "runs run models versions version",  RUN_VIEW,    ACT_NONE,   true,  \
      "Set a tag")                                                                                                                                              \
    X(CMD_UNTAG,       "untag",       "",     "KEY",                ARGS_VIEW,        "runs run models versions version",  RUN_VIEW,    ACT_NONE,   true,  \
      "Delete a tag")                                                                                                                                           \
    X(CMD_DESCRIBE,    "describe",    "",     "TEXT",               ARGS_NONE,        "run models versions version",       RUN_VIEW,    ACT_NONE,   true,  \
      "Set the description")                                                                                                                                    \
    X(CMD_RENAME,      "rename",      "",     "NAME",               ARGS_NONE,        "run",                               RUN_VIEW,    ACT_NONE,   true,  \
      "Rename the run")                                                                                                                                         \
    X(CMD_DELETE,      "delete",      "",     "",                   ARGS_NONE,        "runs run",                          RUN_VIEW,    ACT_NONE,   true,  \
      "Delete the run (it can be restored)")                                                                                                                    \
    X(CMD_RESTORE,     "restore",     "",     "",                   ARGS_NONE,        "runs run",                          RUN_VIEW,    ACT_NONE,   true,  \
      "Restore the deleted run")

#define X(id, ...) id,
typedef enum CommandId { COMMANDS(X) CMD__COUNT } CommandId;
#undef X

typedef struct Command {
    CommandId     id;
    const char   *name, *aliases, *args;
    CommandArgs   complete;
    const char   *scope;
    CommandRunner runner;
    Action        action;
    bool          writes;
    const char   *help;
} Command;

/* The rows, in declaration order (commands[i].id == i). */
extern const Command commands[CMD__COUNT];

/* The command typed as name (or one of its aliases), or NULL. */
const Command *command_find(const char *name);
/* True when view `view_name` (ViewOps.name) is in c's scope. */
bool command_in_scope(const Command *c, const char *view_name);
/* True when c changes the server (unknown names: false). */
bool command_writes(const char *name);

#endif
