/* keymap.c — see keymap.h. */
#include "core/keymap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define X(e, n, h) n,
static const char *const action_names[] = { ACTIONS(X) };
#undef X
#define X(e, n, h) h,
static const char *const action_helps[] = { ACTIONS(X) };
#undef X

const char *action_name(Action a)
{
    return (unsigned)a < ACT__COUNT ? action_names[a] : "none";
}

const char *action_help(Action a)
{
    return (unsigned)a < ACT__COUNT ? action_helps[a] : "";
}

Action action_parse(const char *name)
{
    char buf[64];
    size_t i;

    for (i = 0; name[i] && i < sizeof buf - 1; i++)
        buf[i] = name[i] == '_' ? '-' : (char)tolower((unsigned char)name[i]);
    buf[i] = '\0';
    for (int a = 0; a < ACT__COUNT; a++)
        if (strcmp(buf, action_names[a]) == 0)
            return (Action)a;
    return ACT_NONE;
}

/* The default key map: conventions from less, vim, tig and htop. */
const char keymap_default_text[] =
    "# mltui default key map (same syntax as ~/.config/mltui/config)\n"
    "bind generic Up up\n"
    "bind generic k up\n"
    "bind generic Down down\n"
    "bind generic j down\n"
    "bind generic Left left\n"
    "bind generic h left\n"
    "bind generic Right right\n"
    "bind generic l right\n"
    "bind generic PgUp page-up\n"
    "bind generic ^B page-up\n"
    "bind generic PgDn page-down\n"
    "bind generic ^F page-down\n"
    "bind generic ^U half-up\n"
    "bind generic ^D half-down\n"
    "bind generic Home first\n"
    "bind generic g first\n"
    "bind generic End last\n"
    "bind generic G last\n"
    "bind generic 0 first-column\n"
    "bind generic $ last-column\n"
    "bind generic Enter open\n"
    "bind generic Esc back\n"
    "bind generic q back\n"
    "bind generic Q quit\n"
    "bind generic ^C quit\n"
    "bind generic ? help\n"
    "bind generic F1 help\n"
    "bind generic : prompt\n"
    "bind generic / search\n"
    "bind generic n search-next\n"
    "bind generic N search-prev\n"
    "bind generic r reload\n"
    "bind generic F5 reload\n"
    "bind generic ^L redraw\n"
    "bind generic Tab next-tab\n"
    "bind generic BackTab prev-tab\n"
    "bind generic e experiments\n"
    "bind generic i show-id\n"
    "bind generic y copy-id\n"
    "bind generic Y copy-uri\n"
    "bind generic W web-url\n"
    "bind generic M messages\n"
    "bind runs s sort\n"
    "bind runs S sort-reverse\n"
    "bind runs f filter\n"
    "bind runs C columns\n"
    "bind runs d lifecycle\n"
    "bind runs w watch\n"
    "bind run v expand\n"
    "bind columns Space toggle\n"
    "bind columns K move-up\n"
    "bind columns J move-down\n"
    "bind columns + move-up\n"
    "bind columns - move-down\n"
    "bind generic m models\n"
    "bind runs Space mark\n"
    "bind runs A mark-all\n"
    "bind runs u unmark-all\n"
    "bind runs c compare\n"
    "bind runs p parallel\n"
    "bind runs x scatter\n"
    "bind runs H history\n"
    "bind runs D delete\n"
    "bind runs U restore\n"
    "bind runs t tag\n"
    "bind runs E edit\n"
    "bind run a artifacts\n"
    "bind run H history\n"
    "bind run V versions\n"
    "bind run R register\n"
    "bind run t tag\n"
    "bind run T untag\n"
    "bind run E edit\n"
    "bind run D delete\n"
    "bind run U restore\n"
    "bind compare d diff\n"
    "bind compare T transpose\n"
    "bind compare b flip-best\n"
    "bind compare v expand\n"
    "bind compare p parallel\n"
    "bind compare x scatter\n"
    "bind parallel a axes\n"
    "bind parallel L log-scale\n"
    "bind parallel C color-by\n"
    "bind parallel w export\n"
    "bind scatter a axes\n"
    "bind scatter L log-scale\n"
    "bind scatter C color-by\n"
    "bind scatter w export\n"
    "bind history X x-axis\n"
    "bind history L log-scale\n"
    "bind history w export\n"
    "bind artifacts d download\n"
    "bind artifacts Backspace left\n"
    "bind artifacts ^H left\n"
    "bind artifacts R register\n"
    "bind models t tag\n"
    "bind models T untag\n"
    "bind models E edit\n"
    "bind versions s stage\n"
    "bind versions a alias\n"
    "bind versions A unalias\n"
    "bind versions o source-run\n"
    "bind versions t tag\n"
    "bind versions T untag\n"
    "bind versions E edit\n"
    "bind version s stage\n"
    "bind version a alias\n"
    "bind version A unalias\n"
    "bind version o source-run\n"
    "bind version t tag\n"
    "bind version T untag\n"
    "bind version E edit\n"
    "bind runs L logged-models\n"
    "bind version L logged-models\n"
    "bind logged-models s sort\n"
    "bind logged-models S sort-reverse\n"
    "bind logged-models f filter\n"
    "bind logged-models C columns\n"
    "bind logged-models Space mark\n"
    "bind logged-models A mark-all\n"
    "bind logged-models u unmark-all\n"
    "bind logged-models c compare\n"
    "bind logged-models p parallel\n"
    "bind logged-models x scatter\n"
    "bind logged-models o source-run\n"
    "bind logged-models a artifacts\n"
    "bind logged-models R register\n"
    "bind logged-model o source-run\n"
    "bind logged-model a artifacts\n"
    "bind logged-model R register\n"
    "bind logged-model v expand\n";

void keymap_init(KeyMap *km, const KeyName *names)
{
    memset(km, 0, sizeof *km);
    km->names = names;
}

void keymap_free(KeyMap *km)
{
    free(km->b);
    km->b = NULL;
    km->n = km->cap = 0;
}

static int parse_key(const KeyMap *km, const char *s)
{
    size_t len = strlen(s);

    if (len == 2 && s[0] == '^' && s[1] != '\0') {
        int c = toupper((unsigned char)s[1]);
        if (c >= '@' && c <= '_')
            return c - '@';
        if (c == '?')
            return 127;
        return -1;
    }
    if (km->names)
        for (const KeyName *k = km->names; k->name; k++)
            if (strcasecmp(k->name, s) == 0)
                return k->code;
    if (len == 1)
        return (unsigned char)s[0];
    return -1;
}

static Binding *find_binding(const KeyMap *km, const char *scope, int key)
{
    for (size_t i = 0; i < km->n; i++)
        if (km->b[i].key == key && strcmp(km->b[i].scope, scope) == 0)
            return &km->b[i];
    return NULL;
}

int keymap_parse_line(KeyMap *km, const char *line, char *err, size_t errsize)
{
    char word[16], scope[32], key[32], action[64], extra[8];
    int n = sscanf(line, " %15s %31s %31s %63s %7s", word, scope, key, action, extra);

    if (n <= 0 || word[0] == '#')
        return 0;
    if (strcmp(word, "bind") != 0)
        return 0;
    if (n != 4) {
        snprintf(err, errsize, "expected: bind SCOPE KEY ACTION");
        return -1;
    }
    if (strlen(scope) >= sizeof km->b[0].scope) {
        snprintf(err, errsize, "scope name too long: %.30s", scope);
        return -1;
    }
    int code = parse_key(km, key);
    if (code < 0) {
        snprintf(err, errsize, "unknown key '%.30s'", key);
        return -1;
    }
    Action a = action_parse(action);
    if (a == ACT_NONE && strcmp(action, "none") != 0) {
        snprintf(err, errsize, "unknown action '%.60s'", action);
        return -1;
    }
    Binding *b = find_binding(km, scope, code);
    if (!b) {
        if (km->n == km->cap) {
            size_t cap = km->cap ? km->cap * 2 : 64;
            Binding *nb = realloc(km->b, cap * sizeof *nb);
            if (!nb) {
                snprintf(err, errsize, "out of memory");
                return -1;
            }
            km->b = nb;
            km->cap = cap;
        }
        b = &km->b[km->n++];
        memcpy(b->scope, scope, strlen(scope) + 1);
        b->key = code;
    }
    b->action = a;
    return 0;
}

int keymap_parse(KeyMap *km, const char *text, char *err, size_t errsize)
{
    int lineno = 0;
    const char *p = text;

    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char line[256], msg[160];

        lineno++;
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        if (keymap_parse_line(km, line, msg, sizeof msg) != 0) {
            snprintf(err, errsize, "line %d: %s", lineno, msg);
            return -1;
        }
        p = eol ? eol + 1 : p + len;
    }
    return 0;
}

Action keymap_lookup(const KeyMap *km, const char *scope, int key)
{
    const Binding *b = find_binding(km, scope, key);

    if (!b)
        b = find_binding(km, "generic", key);
    return b ? b->action : ACT_NONE;
}

void keymap_key_name(const KeyMap *km, int key, char *buf, size_t size)
{
    if (km->names)
        for (const KeyName *k = km->names; k->name; k++)
            if (k->code == key) {
                snprintf(buf, size, "%s", k->name);
                return;
            }
    if (key > 0 && key < 32)
        snprintf(buf, size, "^%c", key + '@');
    else if (key > 32 && key < 127)
        snprintf(buf, size, "%c", key);
    else
        snprintf(buf, size, "#%d", key);
}

int keymap_keys_for(const KeyMap *km, const char *scope, Action a, char *buf, size_t size)
{
    int count = 0;
    size_t used = 0;

    buf[0] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        const char *sc = pass == 0 ? scope : "generic";
        if (pass == 1 && strcmp(scope, "generic") == 0)
            break;
        for (size_t i = 0; i < km->n; i++) {
            const Binding *b = &km->b[i];
            char name[24];
            if (b->action != a || strcmp(b->scope, sc) != 0)
                continue;
            /* A generic key shadowed by the scope's own binding does not count. */
            if (pass == 1 && find_binding(km, scope, b->key))
                continue;
            keymap_key_name(km, b->key, name, sizeof name);
            int w = snprintf(buf + used, size - used, "%s%s", count ? " " : "", name);
            if (w < 0 || (size_t)w >= size - used)
                return count;
            used += (size_t)w;
            count++;
        }
    }
    return count;
}
