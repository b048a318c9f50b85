/* writes.h — which actions and `:` commands change the server. One table, so
 * --read-only (and `set read-only true`) removes every write from the keys,
 * the hint bar, the help screen and the command line in one place. */
#ifndef MLTUI_WRITES_H
#define MLTUI_WRITES_H

#include <stdbool.h>

#include "core/actions.h"

/* True for stage, alias, unalias, register, tag, untag, edit, delete, restore. */
bool writes_action(Action a);
/* True for the `:` commands that change the server (:stage, :alias, ...). */
bool writes_command(const char *name);

#endif
