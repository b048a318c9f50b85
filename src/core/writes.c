/* writes.c — see writes.h. */
#include "core/writes.h"

#include <string.h>

static const Action write_actions[] = {
    ACT_STAGE, ACT_ALIAS, ACT_UNALIAS, ACT_REGISTER, ACT_TAG, ACT_UNTAG, ACT_EDIT,
    ACT_DELETE, ACT_RESTORE,
};

static const char *const write_commands[] = {
    "stage", "alias", "unalias", "register", "tag", "untag", "delete", "restore",
    "describe", "rename",
};

bool writes_action(Action a)
{
    for (size_t i = 0; i < sizeof write_actions / sizeof write_actions[0]; i++)
        if (write_actions[i] == a)
            return true;
    return false;
}

bool writes_command(const char *name)
{
    for (size_t i = 0; name && i < sizeof write_commands / sizeof write_commands[0]; i++)
        if (strcmp(write_commands[i], name) == 0)
            return true;
    return false;
}
