/* lists.c — the program's own tables as text, for the man page and the shell
 * completions (scripts/mangen.sh): `mltui --list-keys` reads the built-in key
 * map (keymap_default_text, through the same "bind SCOPE KEY ACTION" lines a
 * config holds) and the action table (core/actions.h), so the man page's keys
 * cannot drift from what the program binds; `mltui --list-commands` reads the
 * `:` command table (core/commands.h) the same way. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/actions.h"
#include "core/commands.h"
#include "core/keymap.h"
#include "core/theme.h"

typedef struct Bind {
    char   scope[24], key[24];
    Action action;
} Bind;

int cli_list_keys(FILE *out)
{
    const char *p = keymap_default_text;
    Bind *b = NULL;
    size_t n = 0, cap = 0;

    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char line[256], w0[8], scope[24], key[24], act[48];
        snprintf(line, sizeof line, "%.*s", (int)(len < 255 ? len : 255), p);
        p += len + (eol != NULL);
        if (sscanf(line, "%7s %23s %23s %47s", w0, scope, key, act) != 4 ||
            strcmp(w0, "bind") != 0)
            continue;
        Action a = action_parse(act);
        size_t i;
        for (i = 0; i < n; i++)   /* a later binding of a key replaces the earlier one */
            if (strcmp(b[i].scope, scope) == 0 && strcmp(b[i].key, key) == 0)
                break;
        if (i == n) {
            if (n == cap) {
                Bind *nb = realloc(b, (cap = cap ? cap * 2 : 128) * sizeof *b);
                if (!nb) {
                    free(b);
                    return -1;
                }
                b = nb;
            }
            n++;
            snprintf(b[i].scope, sizeof b[i].scope, "%s", scope);
            snprintf(b[i].key, sizeof b[i].key, "%s", key);
        }
        b[i].action = a;
    }
    /* One line per scope and action, its keys in the order the map gives them. */
    bool *done = calloc(n ? n : 1, sizeof *done);
    if (!done) {
        free(b);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (done[i] || b[i].action == ACT_NONE)
            continue;
        fprintf(out, "%s\t%s", b[i].scope, b[i].key);
        for (size_t j = i + 1; j < n; j++)
            if (!done[j] && b[j].action == b[i].action && strcmp(b[j].scope, b[i].scope) == 0) {
                fprintf(out, " %s", b[j].key);
                done[j] = true;
            }
        fprintf(out, "\t%s\t%s\n", action_name(b[i].action), action_help(b[i].action));
    }
    free(done);
    free(b);
    return ferror(out) ? -1 : 0;
}

int cli_list_colon_commands(FILE *out)
{
    for (size_t i = 0; i < CMD__COUNT; i++) {
        const Command *c = &commands[i];
        fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\n", c->name, c->args, c->aliases,
                c->scope[0] ? c->scope : "*", c->writes ? "writes" : "", c->help);
    }
    return ferror(out) ? -1 : 0;
}

int cli_list_themes(FILE *out)
{
    fputs("default\nlight\nmono\nhigh-contrast\n", out);
    return ferror(out) ? -1 : 0;
}

int cli_list_commands(FILE *out)
{
    for (const char *const *c = cli_commands; *c; c++)
        fprintf(out, "%s\n", *c);
    return ferror(out) ? -1 : 0;
}
