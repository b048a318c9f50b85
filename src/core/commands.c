/* commands.c — the command table's rows (commands.h) and lookups by name. */
#include "core/commands.h"

#include <string.h>

#define X(id_, name_, aliases_, args_, complete_, scope_, runner_, action_, writes_, help_) \
    [id_] = { .id = id_, .name = name_, .aliases = aliases_, .args = args_,              \
              .complete = complete_, .scope = scope_, .runner = runner_,               \
              .action = action_, .writes = writes_, .help = help_ },
const Command commands[CMD__COUNT] = { COMMANDS(X) };
#undef X

/* True when word is one of the space-separated words of list. */
static bool word_in(const char *list, const char *word)
{
    size_t n = strlen(word);
    const char *p = list;

    if (n == 0)
        return false;
    while (*p) {
        size_t len = strcspn(p, " ");
        if (len == n && strncmp(p, word, n) == 0)
            return true;
        p += len;
        while (*p == ' ')
            p++;
    }
    return false;
}

const Command *command_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < CMD__COUNT; i++)
        if (strcmp(commands[i].name, name) == 0 || word_in(commands[i].aliases, name))
            return &commands[i];
    return NULL;
}

bool command_in_scope(const Command *c, const char *view_name)
{
    return c && view_name && word_in(c->scope, view_name);
}

bool command_writes(const char *name)
{
    const Command *c = command_find(name);
    return c && c->writes;
}
