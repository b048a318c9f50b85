/* writes.c — see writes.h. */
#include "core/writes.h"

#include <stddef.h>

static const Action write_actions[] = {
    ACT_STAGE, ACT_ALIAS, ACT_UNALIAS, ACT_REGISTER, ACT_TAG, ACT_UNTAG, ACT_EDIT,
    ACT_DELETE, ACT_RESTORE,
};

bool writes_action(Action a)
{
    for (size_t i = 0; i < sizeof write_actions / sizeof write_actions[0]; i++)
        if (write_actions[i] == a)
            return true;
    return false;
}
