/* writes.h — which actions change the server. One table, so --read-only (and
 * `set read-only true`) removes every write key from the key map, the hint bar
 * and the help screen in one place. (Commands say so in their own table's
 * `writes` column: core/commands.h, command_writes.) */
#ifndef MLTUI_WRITES_H
#define MLTUI_WRITES_H

#include <stdbool.h>

#include "core/actions.h"

/* True for stage, alias, unalias, register, tag, untag, edit, delete, restore. */
bool writes_action(Action a);

#endif
