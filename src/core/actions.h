/* actions.h — every user action, declared once. The X-macro yields the enum,
 * the name used in key bindings and `:` commands, and the help text, so the
 * `?` screen is generated from the real key map and cannot drift. */
#ifndef MLTUI_ACTIONS_H
#define MLTUI_ACTIONS_H

/* X(ENUM, "name", "help text") */
#define ACTIONS(X) \
    X(ACT_NONE,          "none",          "Do nothing")                               \
    X(ACT_UP,            "up",            "Move up")                                  \
    X(ACT_DOWN,          "down",          "Move down")                                \
    X(ACT_LEFT,          "left",          "Move to the column on the left / scroll left") \
    X(ACT_RIGHT,         "right",         "Move to the column on the right / scroll right") \
    X(ACT_PAGE_UP,       "page-up",       "Move one page up")                         \
    X(ACT_PAGE_DOWN,     "page-down",     "Move one page down")                       \
    X(ACT_HALF_UP,       "half-up",       "Move half a page up")                      \
    X(ACT_HALF_DOWN,     "half-down",     "Move half a page down")                    \
    X(ACT_HOME,          "first",         "Go to the first line")                     \
    X(ACT_END,           "last",          "Go to the last line")                      \
    X(ACT_LINE_START,    "first-column",  "Go to the first column")                   \
    X(ACT_LINE_END,      "last-column",   "Go to the last column")                    \
    X(ACT_OPEN,          "open",          "Open the item under the cursor")           \
    X(ACT_BACK,          "back",          "Cancel loading, or go back to the previous screen") \
    X(ACT_QUIT,          "quit",          "Quit mltui")                               \
    X(ACT_HELP,          "help",          "Show the keys of this screen")             \
    X(ACT_PROMPT,        "prompt",        "Run a command by name (:sort f1 desc)")    \
    X(ACT_SEARCH,        "search",        "Filter the shown rows by text")            \
    X(ACT_SEARCH_NEXT,   "search-next",   "Jump to the next row matching the search") \
    X(ACT_SEARCH_PREV,   "search-prev",   "Jump to the previous row matching the search") \
    X(ACT_RELOAD,        "reload",        "Reload from the server")                   \
    X(ACT_WATCH,         "watch",         "Watch: every few seconds look for new and still running runs (again: stop)") \
    X(ACT_REDRAW,        "redraw",        "Redraw the screen")                        \
    X(ACT_SORT,          "sort",          "Sort by the column under the cursor (metrics: best first)") \
    X(ACT_SORT_REVERSE,  "sort-reverse",  "Reverse the sort order")                   \
    X(ACT_FILTER,        "filter",        "Server-side filter in MLflow syntax (metrics.f1 > 0.9)") \
    X(ACT_COLUMNS,       "columns",       "Choose, hide and reorder columns")         \
    X(ACT_VIEW_TYPE,     "lifecycle",     "Show active / deleted / all runs")         \
    X(ACT_NEXT_TAB,      "next-tab",      "Next tab")                                 \
    X(ACT_PREV_TAB,      "prev-tab",      "Previous tab")                             \
    X(ACT_TOGGLE,        "toggle",        "Show or hide the item under the cursor")   \
    X(ACT_MOVE_UP,       "move-up",       "Move the item up")                         \
    X(ACT_MOVE_DOWN,     "move-down",     "Move the item down")                       \
    X(ACT_EXPAND,        "expand",        "Show the full value under the cursor")     \
    X(ACT_EXPERIMENTS,   "experiments",   "Go to the experiments list")               \
    X(ACT_COPY_ID,       "show-id",       "Show the id of the item under the cursor") \
    X(ACT_YANK,          "copy-id",       "Copy the id under the cursor to the clipboard (OSC 52)") \
    X(ACT_YANK_URI,      "copy-uri",      "Copy a runs:/ or models:/ URI of the item under the cursor") \
    X(ACT_WEB,           "web-url",       "Show and copy the MLflow web UI address of the item") \
    X(ACT_ERRORS,        "messages",      "Show recent messages and errors")            \
    /* comparing runs (marks, compare, plots, artifacts) */                              \
    X(ACT_MARK,          "mark",          "Mark or unmark the run under the cursor")  \
    X(ACT_MARK_ALL,      "mark-all",      "Mark every shown run")                     \
    X(ACT_UNMARK_ALL,    "unmark-all",    "Clear all marks")                          \
    X(ACT_COMPARE,       "compare",       "Compare the marked runs (or the shown ones) side by side") \
    X(ACT_DIFF_ONLY,     "diff",          "Show only rows whose values differ")       \
    X(ACT_TRANSPOSE,     "transpose",     "Swap rows and columns")                    \
    X(ACT_FLIP_BEST,     "flip-best",     "Flip whether higher or lower is better for this metric") \
    X(ACT_PARALLEL,      "parallel",      "Parallel coordinates of the marked (or shown) runs") \
    X(ACT_SCATTER,       "scatter",       "Scatter plot of two columns")              \
    X(ACT_HISTORY,       "history",       "Metric history over steps")                \
    X(ACT_AXES,          "axes",          "Choose the plot's axes")                   \
    X(ACT_LOG_SCALE,     "log-scale",     "Toggle log scale on the axis under the cursor") \
    X(ACT_COLOR_BY,      "color-by",      "Colour the plot by a metric")              \
    X(ACT_X_AXIS,        "x-axis",        "Toggle steps / relative time on the x axis") \
    X(ACT_EXPORT,        "export",        "Write the plot as a PNG file")             \
    X(ACT_ARTIFACTS,     "artifacts",     "Browse the run's artifacts")               \
    X(ACT_DOWNLOAD,      "download",      "Download the file or folder under the cursor") \
    /* the model registry and writes */                                                  \
    X(ACT_MODELS,        "models",        "Go to the registered models")              \
    X(ACT_VERSIONS,      "versions",      "Model versions created from this run")     \
    X(ACT_SOURCE_RUN,    "source-run",    "Open the run this model version came from") \
    X(ACT_STAGE,         "stage",         "Move this model version to another stage") \
    X(ACT_ALIAS,         "alias",         "Set an alias on this model version")       \
    X(ACT_UNALIAS,       "unalias",       "Delete an alias")                          \
    X(ACT_REGISTER,      "register",      "Register a model from this run")           \
    X(ACT_LOGGED_MODELS, "logged-models", "Logged models (MLflow 3): of this experiment, or the one this version came from") \
    X(ACT_TAG,           "tag",           "Set a tag")                                \
    X(ACT_UNTAG,         "untag",         "Delete the tag under the cursor")          \
    X(ACT_EDIT,          "edit",          "Edit the name or description")             \
    X(ACT_DELETE,        "delete",        "Delete (runs can be restored)")            \
    X(ACT_RESTORE,       "restore",       "Restore a deleted run")

#define X(e, n, h) e,
typedef enum { ACTIONS(X) ACT__COUNT } Action;
#undef X

const char *action_name(Action a);
const char *action_help(Action a);
/* ACT_NONE when unknown. Accepts "-" or "_" interchangeably. */
Action      action_parse(const char *name);

#endif
