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
    X(ACT_ERRORS,        "messages",      "Show recent messages and errors")

#define X(e, n, h) e,
typedef enum { ACTIONS(X) ACT__COUNT } Action;
#undef X

const char *action_name(Action a);
const char *action_help(Action a);
/* ACT_NONE when unknown. Accepts "-" or "_" interchangeably. */
Action      action_parse(const char *name);

#endif
