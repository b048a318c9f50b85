/* runwrite.c — the write keys and commands of the run detail and the runs
 * table (regw_run_action, regw_run_command in regwrite.h): what the run's
 * flows need from a RunSet, then the flow of regwrite.c / register.c. */
#include "views/regwrite.h"

#include <stdlib.h>
#include <string.h>

#include "views/viewtab.h"

static const char *run_tag(const RunSet *rs, size_t i, const char *key)
{
    uint32_t k = runset_key(rs, key);
    uint32_t val = k == UINT32_MAX ? UINT32_MAX : runset_tag(rs, i, k);
    return val == UINT32_MAX ? NULL : runset_str(rs, val);
}

RunRef regw_run_ref(const RunSet *rs, size_t i)
{
    RunRef ref = { 0 };
    if (!rs || i >= rs->n_runs)
        return ref;
    const Run *r = &rs->runs[i];
    ref.run_id = runset_str(rs, r->run_id);
    ref.name = runset_str(rs, r->name);
    ref.artifact_uri = runset_str(rs, r->artifact_uri);
    ref.description = run_tag(rs, i, "mlflow.note.content");
    ref.deleted = r->lifecycle == LIFE_DELETED;
    return ref;
}

/* The run's own tags (mlflow.* left out), pointing into rs. *n gets the count. */
static Tag *run_tags(const RunSet *rs, size_t i, size_t *n)
{
    const Run *r = &rs->runs[i];
    Tag *t = calloc(r->t_n ? r->t_n : 1, sizeof *t);

    *n = 0;
    for (uint32_t j = 0; t && j < r->t_n; j++) {
        const char *k = runset_str(rs, rs->tags[r->t_off + j].key);
        if (strncmp(k, "mlflow.", 7) == 0)
            continue;
        t[*n].key = (char *)k;
        t[*n].value = (char *)runset_str(rs, rs->tags[r->t_off + j].value);
        (*n)++;
    }
    return t;
}

int regw_run_action(App *app, View *v, Action a, const RunSet *rs, size_t i,
                    const char *cursor_key)
{
    RunRef ref;
    RegTarget t;
    Tag *tags;
    size_t n;

    switch (a) {
    case ACT_REGISTER: case ACT_TAG: case ACT_UNTAG: case ACT_EDIT: case ACT_DELETE:
    case ACT_RESTORE: case ACT_VERSIONS:
        break;
    default:
        return R_UNKNOWN;
    }
    if (!rs || i >= rs->n_runs)
        return R_NONE;
    ref = regw_run_ref(rs, i);
    t = (RegTarget){ .kind = TARGET_RUN, .run_id = ref.run_id, .run_name = ref.name };
    switch (a) {
    case ACT_VERSIONS:
        view_open(app, VIEW_RUN_VERSIONS, &(ViewArgs){ .run_id = ref.run_id, .run_name = ref.name });
        break;
    case ACT_REGISTER:
        regw_register(app, v, ref.run_id, ref.name, ref.artifact_uri, NULL);
        break;
    case ACT_TAG:
        tags = run_tags(rs, i, &n);
        regw_tag(app, v, &t, tags, n, NULL, NULL);
        free(tags);
        break;
    case ACT_UNTAG:
        tags = run_tags(rs, i, &n);
        regw_untag(app, v, &t, tags, n, NULL, cursor_key);
        free(tags);
        break;
    case ACT_EDIT:
        regw_edit_run(app, v, ref.run_id, ref.name, ref.description);
        break;
    case ACT_DELETE:
        if (ref.deleted)
            app_message(app, "Run %s is already deleted (U restores it)", ref.name);
        else
            regw_run_lifecycle(app, v, ref.run_id, ref.name, false);
        break;
    case ACT_RESTORE:
        if (!ref.deleted)
            app_message(app, "Run %s is not deleted", ref.name);
        else
            regw_run_lifecycle(app, v, ref.run_id, ref.name, true);
        break;
    default:
        break;
    }
    return R_REDRAW;
}

int regw_run_command(App *app, View *v, int argc, char **argv, const RunSet *rs, size_t i)
{
    const char *c = argv[0];
    RunRef ref;
    RegTarget t;
    Tag *tags;
    size_t n;

    if (strcmp(c, "delete") && strcmp(c, "restore") && strcmp(c, "tag") &&
        strcmp(c, "untag") && strcmp(c, "register") && strcmp(c, "rename") &&
        strcmp(c, "describe"))
        return R_UNKNOWN;
    if (!rs || i >= rs->n_runs) {
        app_error(app, "No run here");
        return R_REDRAW;
    }
    ref = regw_run_ref(rs, i);
    t = (RegTarget){ .kind = TARGET_RUN, .run_id = ref.run_id, .run_name = ref.name };
    if (strcmp(c, "delete") == 0)
        return regw_run_action(app, v, ACT_DELETE, rs, i, NULL);
    if (strcmp(c, "restore") == 0)
        return regw_run_action(app, v, ACT_RESTORE, rs, i, NULL);
    if (strcmp(c, "register") == 0) {
        regw_register(app, v, ref.run_id, ref.name, ref.artifact_uri, argc > 1 ? argv[1] : NULL);
        return R_REDRAW;
    }
    if (strcmp(c, "rename") == 0) {
        regw_rename(app, v, ref.run_id, ref.name, argc > 1 ? app_command_rest(app) : NULL);
        return R_REDRAW;
    }
    if (strcmp(c, "describe") == 0) {
        regw_describe(app, v, &t, ref.description, argc > 1 ? app_command_rest(app) : NULL);
        return R_REDRAW;
    }
    tags = run_tags(rs, i, &n);
    if (strcmp(c, "tag") == 0) {
        if (argc < 3) {
            app_error(app, "Usage: :tag KEY VALUE");
        } else {
            /* The value is the rest of the line after the key (spaces kept). */
            const char *rest = app_command_rest(app);
            rest += strcspn(rest, " \t");
            rest += strspn(rest, " \t");
            regw_tag(app, v, &t, tags, n, argv[1], *rest ? rest : argv[2]);
        }
    } else {
        if (argc < 2)
            regw_untag(app, v, &t, tags, n, NULL, NULL);
        else
            regw_untag(app, v, &t, tags, n, argv[1], NULL);
    }
    free(tags);
    return R_REDRAW;
}
