/* reg.c — `mltui models`, `versions`, `stage` and `alias`: the model registry
 * through api/registry.h, as the registry screens use it.
 *
 * A write is planned from a fresh read (what the change will be, said in the
 * words the TUI's confirmation uses), sent exactly once (api_call never
 * retries a write), and followed by a re-read, so what is printed is the
 * server's truth. When the write's outcome is unknown (no answer after it was
 * sent) that is said, the re-read is shown, and the exit status is 5. */
#include "cli/cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/registry.h"
#include "core/format.h"
#include "core/registry.h"
#include "core/text.h"

/* "models:/NEOs" -> "NEOs" (the URI form the TUI copies); anything else as is. */
static const char *model_arg(const char *s)
{
    return strncmp(s, "models:/", 8) == 0 ? s + 8 : s;
}

/* name='X' for model-versions/search; NULL when the name holds both quotes. */
static bool name_filter(const char *name, char *buf, size_t size)
{
    if (!strchr(name, '\''))
        snprintf(buf, size, "name='%s'", name);
    else if (!strchr(name, '"'))
        snprintf(buf, size, "name=\"%s\"", name);
    else
        return false;
    return true;
}

/* Positional words of c (no options allowed but those in flags, which are
 * set). Returns the count, or -1 after reporting an unknown option. */
static int positionals(Cli *c, const char **out, int max, const char *flag, bool *flag_set)
{
    int n = 0;

    for (int i = 0; i < c->n_args; i++) {
        const char *a = c->args[i];
        if (flag && strcmp(a, flag) == 0) {
            *flag_set = true;
        } else if (a[0] == '-' && a[1]) {
            cli_error(c, "unknown option %s", a);
            return -1;
        } else if (n == max) {
            cli_error(c, "too many arguments ('%s')", a);
            return -1;
        } else {
            out[n++] = a;
        }
    }
    return n;
}

/* ---- reads ---- */

static int read_model(Cli *c, const char *name, RegisteredModel *m)
{
    Err e;
    ApiResult *r = cli_await(c, reg_model_get(c->api, 0, 0, 0, name), NULL, NULL, &e);
    char what[600];
    int rc = CLI_EXIT_OK;

    snprintf(what, sizeof what, "model '%.500s'", name);
    memset(m, 0, sizeof *m);
    if (!r)
        return cli_fail(c, what, &e);
    if (r->err.kind != ERR_OK)
        rc = cli_fail(c, what, &r->err);
    else if (reg_parse_model(r->body, r->body_len, m, &e) != 0)
        rc = cli_fail(c, what, &e);
    api_result_free(r);
    return rc;
}

/* Every version of model name (all pages). */
static int read_versions(Cli *c, const char *name, VersionList *out)
{
    char filter[1200], *token = NULL;
    int rc = CLI_EXIT_OK;

    memset(out, 0, sizeof *out);
    if (!name_filter(name, filter, sizeof filter)) {
        cli_error(c, "a model name with both kinds of quote cannot be searched");
        return CLI_EXIT_USAGE;
    }
    do {
        Err e;
        char *next = NULL;
        ApiResult *r = cli_await(c, reg_versions_search(c->api, 0, 0, 0, filter, token), NULL,
                                 NULL, &e);
        free(token);
        token = NULL;
        if (!r)
            return cli_fail(c, "model versions", &e);
        if (r->err.kind != ERR_OK)
            rc = cli_fail(c, "model versions", &r->err);
        else if (reg_parse_versions(r->body, r->body_len, out, &next, &e) != 0)
            rc = cli_fail(c, "model versions", &e);
        api_result_free(r);
        token = next;
    } while (rc == CLI_EXIT_OK && token && *token);
    free(token);
    return rc;
}

static const ModelVersion *find_version(const VersionList *l, const char *version)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].version, version) == 0)
            return &l->items[i];
    return NULL;
}

static int version_cmp(const void *a, const void *b)
{
    const ModelVersion *x = a, *y = b;
    long vx = strtol(x->version, NULL, 10), vy = strtol(y->version, NULL, 10);

    return vx < vy ? 1 : vx > vy ? -1 : strcmp(y->version, x->version);
}

/* ---- mltui models ---- */

static cJSON *tags_json(const Tag *t, size_t n)
{
    cJSON *o = cJSON_CreateObject();

    for (size_t i = 0; o && i < n; i++)
        cJSON_AddStringToObject(o, t[i].key, t[i].value);
    return o;
}

static void add_time(cJSON *o, const char *key, int64_t ms)
{
    if (ms != TIME_NONE)
        cJSON_AddNumberToObject(o, key, (double)ms);
    else
        cJSON_AddNullToObject(o, key);
}

int cli_models(Cli *c)
{
    const char *words[1] = { NULL };
    char filter[1200] = "", *token = NULL, buf[2048];
    ModelList all = { 0 };
    int rc = CLI_EXIT_OK, n = positionals(c, words, 1, NULL, NULL);

    if (n < 0)
        return CLI_EXIT_USAGE;
    if (n == 1)
        registry_name_filter(words[0], filter, sizeof filter);
    do {
        Err e;
        char *next = NULL;
        ApiResult *r = cli_await(c, reg_models_search(c->api, 0, 0, 0, filter[0] ? filter : NULL,
                                                      token), NULL, NULL, &e);
        free(token);
        token = NULL;
        if (!r) {
            rc = cli_fail(c, "models", &e);
            break;
        }
        if (r->err.kind != ERR_OK)
            rc = cli_fail(c, filter[0] ? "filter rejected" : "models", &r->err);
        else if (reg_parse_models(r->body, r->body_len, &all, &next, &e) != 0)
            rc = cli_fail(c, "models", &e);
        api_result_free(r);
        token = next;
    } while (rc == CLI_EXIT_OK && token && *token);
    free(token);
    if (rc != CLI_EXIT_OK)
        goto out;
    if (c->format == OUT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < all.n; i++) {
            const RegisteredModel *m = &all.items[i];
            cJSON *o = cJSON_CreateObject(), *latest = cJSON_CreateArray(),
                  *aliases = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", m->name);
            cJSON_AddStringToObject(o, "description", m->description);
            add_time(o, "creation_timestamp", m->created);
            add_time(o, "last_updated_timestamp", m->updated);
            for (size_t k = 0; k < m->n_latest; k++) {
                cJSON *v = cJSON_CreateObject();
                cJSON_AddStringToObject(v, "version", m->latest[k].version);
                cJSON_AddStringToObject(v, "current_stage", m->latest[k].stage);
                cJSON_AddItemToArray(latest, v);
            }
            cJSON_AddItemToObject(o, "latest_versions", latest);
            for (size_t k = 0; k < m->n_aliases; k++)
                cJSON_AddStringToObject(aliases, m->aliases[k].alias, m->aliases[k].version);
            cJSON_AddItemToObject(o, "aliases", aliases);
            cJSON_AddItemToObject(o, "tags", tags_json(m->tags, m->n_tags));
            cJSON_AddItemToArray(arr, o);
        }
        if (out_json(arr, stdout) != 0)
            rc = CLI_EXIT_SERVER;
        cJSON_Delete(arr);
        goto out;
    }
    Grid g;
    if (grid_init(&g, 5) != 0)
        goto out;
    grid_set_head(&g, 0, "name", false, 40);
    grid_set_head(&g, 1, "latest", false, 40);
    grid_set_head(&g, 2, "aliases", false, 30);
    grid_set_head(&g, 3, "updated", false, 19);
    grid_set_head(&g, 4, "description", false, 60);
    for (size_t i = 0; i < all.n; i++) {
        const RegisteredModel *m = &all.items[i];
        long row = grid_add_row(&g);
        if (row < 0)
            break;
        grid_set(&g, (size_t)row, 0, m->name);
        grid_set(&g, (size_t)row, 1, registry_latest_text(m, buf, sizeof buf));
        grid_set(&g, (size_t)row, 2, registry_aliases_text(m, buf, sizeof buf));
        grid_set(&g, (size_t)row, 3, fmt_time(m->updated, buf, sizeof buf));
        grid_set(&g, (size_t)row, 4, m->description);
    }
    if (grid_write(&g, c->format, c->no_header, stdout) != 0)
        rc = CLI_EXIT_SERVER;
    grid_free(&g);
out:
    modellist_clear(&all);
    return rc;
}

/* ---- mltui versions ---- */

int cli_versions(Cli *c)
{
    const char *words[1] = { NULL }, *name;
    RegisteredModel m;
    VersionList vl;
    char buf[2048];
    int rc, n = positionals(c, words, 1, NULL, NULL);

    if (n < 0)
        return CLI_EXIT_USAGE;
    if (n != 1) {
        cli_error(c, "usage: mltui versions MODEL");
        return CLI_EXIT_USAGE;
    }
    name = model_arg(words[0]);
    /* The model first: it says "not found" plainly and carries the aliases. */
    if ((rc = read_model(c, name, &m)) != CLI_EXIT_OK)
        return rc;
    if ((rc = read_versions(c, name, &vl)) != CLI_EXIT_OK)
        goto out_m;
    qsort(vl.items, vl.n, sizeof *vl.items, version_cmp);
    if (c->format == OUT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < vl.n; i++) {
            const ModelVersion *v = &vl.items[i];
            cJSON *o = cJSON_CreateObject(), *aliases = cJSON_CreateArray();
            cJSON_AddStringToObject(o, "name", v->name);
            cJSON_AddStringToObject(o, "version", v->version);
            cJSON_AddStringToObject(o, "current_stage", v->stage);
            cJSON_AddStringToObject(o, "status", v->status);
            for (size_t k = 0; k < m.n_aliases; k++)
                if (strcmp(m.aliases[k].version, v->version) == 0)
                    cJSON_AddItemToArray(aliases, cJSON_CreateString(m.aliases[k].alias));
            cJSON_AddItemToObject(o, "aliases", aliases);
            cJSON_AddStringToObject(o, "run_id", v->run_id);
            cJSON_AddStringToObject(o, "source", v->source);
            add_time(o, "creation_timestamp", v->created);
            add_time(o, "last_updated_timestamp", v->updated);
            cJSON_AddStringToObject(o, "description", v->description);
            cJSON_AddItemToObject(o, "tags", tags_json(v->tags, v->n_tags));
            cJSON_AddItemToArray(arr, o);
        }
        if (out_json(arr, stdout) != 0)
            rc = CLI_EXIT_SERVER;
        cJSON_Delete(arr);
        goto out;
    }
    Grid g;
    if (grid_init(&g, 7) != 0)
        goto out;
    grid_set_head(&g, 0, "version", true, 8);
    grid_set_head(&g, 1, "stage", false, 10);
    grid_set_head(&g, 2, "status", false, 20);
    grid_set_head(&g, 3, "aliases", false, 30);
    grid_set_head(&g, 4, "run_id", false, 32);
    grid_set_head(&g, 5, "created", false, 19);
    grid_set_head(&g, 6, "description", false, 60);
    for (size_t i = 0; i < vl.n; i++) {
        const ModelVersion *v = &vl.items[i];
        long row = grid_add_row(&g);
        if (row < 0)
            break;
        grid_set(&g, (size_t)row, 0, v->version);
        grid_set(&g, (size_t)row, 1, v->stage);
        grid_set(&g, (size_t)row, 2, v->status);
        grid_set(&g, (size_t)row, 3, registry_aliases_of(&m, v->version, buf, sizeof buf));
        grid_set(&g, (size_t)row, 4, v->run_id);
        grid_set(&g, (size_t)row, 5, fmt_time(v->created, buf, sizeof buf));
        grid_set(&g, (size_t)row, 6, v->description);
    }
    if (grid_write(&g, c->format, c->no_header, stdout) != 0)
        rc = CLI_EXIT_SERVER;
    grid_free(&g);
out:
    versionlist_clear(&vl);
out_m:
    registered_model_free_fields(&m);
    return rc;
}

/* ---- writes ---- */

static bool refuse_read_only(Cli *c)
{
    if (api_is_local(c->api)) {   /* a local store is never written */
        cli_error(c, "refused: %s", api_read_only_reason(c->api));
        return true;
    }
    if (!c->read_only)
        return false;
    cli_error(c, "refused: read-only mode (--read-only or `set read-only true`) allows no "
              "writes; nothing was sent");
    return true;
}

/* Nothing can have reached the server: it could not even be connected to. */
static bool never_sent(const Err *e)
{
    return e->kind == ERR_TRANSPORT &&
           (strncmp(e->message, "Cannot connect", 14) == 0 ||
            strncmp(e->message, "Cannot resolve", 14) == 0 ||
            strncmp(e->message, "Malformed", 9) == 0 ||
            strncmp(e->message, "Unsupported", 11) == 0 ||
            strncmp(e->message, "TLS error", 9) == 0);
}

/* The reply to a write that failed: refusal (3), unreachable (4) or unknown (5). */
static int write_failed(Cli *c, const char *what, const Err *e)
{
    if (e->kind == ERR_SERVER || e->kind == ERR_HTTP || e->kind == ERR_AUTH) {
        cli_error(c, "the server refused %s: %s", what, e->message);
        return CLI_EXIT_SERVER;
    }
    if (never_sent(e)) {
        cli_error(c, "%s; nothing was changed", e->message);
        return CLI_EXIT_UNREACHABLE;
    }
    cli_error(c, "%s was sent but no answer came (%s): it may or may not have been made; "
              "re-reading", what, e->message);
    return CLI_EXIT_UNKNOWN;
}

/* Sends one write (req, made by a reg_* call) and waits for it: CLI_EXIT_OK,
 * or what write_failed says. *reread: whether the caller re-reads the object
 * (made, or its outcome unknown) rather than stop (refused, never sent). */
static int send_write(Cli *c, const char *cmd, uint64_t req, const char *what, bool *reread)
{
    Err e;
    ApiResult *r = cli_await(c, req, NULL, NULL, &e);
    int rc = CLI_EXIT_OK;

    *reread = false;
    if (!r)
        return cli_fail(c, cmd, &e);
    if (r->err.kind != ERR_OK)
        rc = write_failed(c, what, &r->err);
    api_result_free(r);
    *reread = rc != CLI_EXIT_SERVER && rc != CLI_EXIT_UNREACHABLE;
    return rc;
}

/* A line of ours that may hold server strings (names), sanitised. */
static void print_safe(const char *line)
{
    char safe[4096];
    text_sanitize(line, strlen(line), safe, sizeof safe);
    printf("%s\n", safe);
}

/* ---- mltui stage ---- */

int cli_stage(Cli *c)
{
    const char *w[3], *name, *stage;
    bool archive = false;
    char what[1200];
    VersionList vl;
    const ModelVersion *v;
    int rc, n = positionals(c, w, 3, "--archive", &archive);

    if (n < 0)
        return CLI_EXIT_USAGE;
    if (n != 3) {
        cli_error(c, "usage: mltui stage MODEL VERSION STAGE [--archive]");
        return CLI_EXIT_USAGE;
    }
    name = model_arg(w[0]);
    if (!(stage = registry_stage_canonical(w[2]))) {
        cli_error(c, "no stage '%s' (None, Staging, Production or Archived)", w[2]);
        return CLI_EXIT_USAGE;
    }
    if (archive && !registry_stage_can_archive(stage)) {
        cli_error(c, "--archive goes with Staging or Production only");
        return CLI_EXIT_USAGE;
    }
    if (refuse_read_only(c))
        return CLI_EXIT_READ_ONLY;
    if ((rc = read_versions(c, name, &vl)) != CLI_EXIT_OK)
        return rc;
    if (!(v = find_version(&vl, w[1]))) {
        cli_error(c, "model '%s' has no version %s", name, w[1]);
        rc = CLI_EXIT_SERVER;
        goto out;
    }
    size_t idx[64];
    size_t k = archive ? registry_in_stage(vl.items, vl.n, w[1], stage, idx, 64) : 0;
    if (strcmp(v->stage, stage) == 0 && k == 0) {
        snprintf(what, sizeof what, "%s v%s is already in %s; nothing was sent", name, w[1],
                 stage);
        print_safe(what);
        goto out;
    }
    registry_describe_transition(vl.items, vl.n, name, w[1], stage, archive, what, sizeof what);
    bool reread;
    rc = send_write(c, "stage", reg_transition(c->api, 0, 0, 0, name, w[1], stage, archive),
                    what, &reread);
    if (!reread)
        goto out;
    /* Re-read: print the server's truth, not our plan. */
    versionlist_clear(&vl);
    int rr = read_versions(c, name, &vl);
    if (rr != CLI_EXIT_OK) {
        cli_error(c, "could not re-read %s after the change", name);
        rc = rc == CLI_EXIT_OK ? rr : rc;
        goto out;
    }
    v = find_version(&vl, w[1]);
    if (rc == CLI_EXIT_OK && v && strcmp(v->stage, stage) != 0) {
        cli_error(c, "the server accepted the change but %s v%s reads as %s", name, w[1],
                  v->stage);
        rc = CLI_EXIT_SERVER;
    }
    if (rc == CLI_EXIT_OK) {
        print_safe(what);
    } else {
        cli_error(c, "now: %s v%s is in %s", name, w[1], v ? v->stage : "(not found)");
    }
out:
    versionlist_clear(&vl);
    return rc;
}

/* ---- mltui alias ---- */

int cli_alias(Cli *c)
{
    const char *w[3], *name, *alias, *version, *cur;
    char why[200], what[1200];
    RegisteredModel m;
    int rc, n = positionals(c, w, 3, NULL, NULL);

    if (n < 0)
        return CLI_EXIT_USAGE;
    if (n != 3) {
        cli_error(c, "usage: mltui alias MODEL ALIAS VERSION");
        return CLI_EXIT_USAGE;
    }
    name = model_arg(w[0]);
    alias = w[1];
    version = w[2];
    if (version[0] == 'v' && version[1] >= '0' && version[1] <= '9')
        version++;   /* "v2" as the screens show it */
    if (!registry_alias_valid(alias, why, sizeof why)) {
        cli_error(c, "alias '%s': %s", alias, why);
        return CLI_EXIT_USAGE;
    }
    if (refuse_read_only(c))
        return CLI_EXIT_READ_ONLY;
    if ((rc = read_model(c, name, &m)) != CLI_EXIT_OK)
        return rc;
    cur = registry_alias_version(&m, alias);
    if (cur && strcmp(cur, version) == 0) {
        snprintf(what, sizeof what, "%s@%s is already v%s; nothing was sent", name, alias,
                 version);
        print_safe(what);
        goto out;
    }
    if (cur)
        snprintf(what, sizeof what, "%s@%s: v%s -> v%s", name, alias, cur, version);
    else
        snprintf(what, sizeof what, "%s@%s: (new) -> v%s", name, alias, version);
    bool reread;
    rc = send_write(c, "alias", reg_alias_set(c->api, 0, 0, 0, name, alias, version), what,
                    &reread);
    if (!reread)
        goto out;
    registered_model_free_fields(&m);
    int rr = read_model(c, name, &m);
    if (rr != CLI_EXIT_OK) {
        cli_error(c, "could not re-read %s after the change", name);
        rc = rc == CLI_EXIT_OK ? rr : rc;
        goto out;
    }
    cur = registry_alias_version(&m, alias);
    if (rc == CLI_EXIT_OK && (!cur || strcmp(cur, version) != 0)) {
        cli_error(c, "the server accepted the change but %s@%s reads as %s", name, alias,
                  cur ? cur : "(unset)");
        rc = CLI_EXIT_SERVER;
    }
    if (rc == CLI_EXIT_OK) {
        print_safe(what);
    } else {
        cli_error(c, "now: %s@%s is %s%s", name, alias, cur ? "v" : "", cur ? cur : "unset");
    }
out:
    registered_model_free_fields(&m);
    return rc;
}
