/* keymap.h — key bindings per screen scope, in a tig-like syntax:
 *     bind SCOPE KEY ACTION       # bind runs s sort
 * SCOPE is "generic" or a screen name ("experiments", "runs", "run", "help",
 * "columns"); a screen's own binding wins over a generic one. KEY is a
 * character ("s", "?", "S"), "^X" for Ctrl-X, or a name: Enter, Esc, Tab,
 * BackTab, Space, Up, Down, Left, Right, PgUp, PgDn, Home, End, F1..F12,
 * Backspace, Delete. The default key map is compiled in (keymap_default_text)
 * and goes through the same parser as the user's config. Key codes are
 * ncurses codes (KEY_*) or characters, passed in as ints; this module does not
 * include curses: the names map to codes through a table the caller gives. */
#ifndef MLTUI_KEYMAP_H
#define MLTUI_KEYMAP_H

#include <stddef.h>

#include "core/actions.h"

typedef struct KeyName {
    const char *name;
    int         code;
} KeyName;

typedef struct Binding {
    char   scope[24];
    int    key;
    Action action;
} Binding;

typedef struct KeyMap {
    Binding       *b;
    size_t         n, cap;
    const KeyName *names;   /* NULL-name-terminated table of named keys */
} KeyMap;

extern const char keymap_default_text[];

void   keymap_init(KeyMap *km, const KeyName *names);
void   keymap_free(KeyMap *km);
/* Parses one "bind" line; other directives are ignored here (app.c's config
 * reader handles "set"). Returns 0 or -1 with a message in err. A later binding of the same
 * scope and key replaces the earlier one. */
int    keymap_parse_line(KeyMap *km, const char *line, char *err, size_t errsize);
int    keymap_parse(KeyMap *km, const char *text, char *err, size_t errsize);
/* The action of key in scope, falling back to "generic". ACT_NONE if unbound. */
Action keymap_lookup(const KeyMap *km, const char *scope, int key);
/* Writes the display names of the keys bound to a in scope (and generic),
 * separated by " ", e.g. "j Down". Returns the number of keys. */
int    keymap_keys_for(const KeyMap *km, const char *scope, Action a, char *buf, size_t size);
/* Display name of one key code ("Enter", "^D", "s"). */
void   keymap_key_name(const KeyMap *km, int key, char *buf, size_t size);

#endif
