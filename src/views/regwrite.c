/* regwrite.c — see regwrite.h; the register flow is in register.c.
 *
 * Each flow keeps its state in a WriteFlow (regflow.h) that the app holds for
 * the view that started it; every callback asks for it with flow_of(app, v)
 * and does nothing once the flow has ended. Strings are allocated to their
 * length, so nothing the user confirms or the server receives is cut. */
#include "views/regflow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/registry.h"
#include "core/text.h"
#include "views/viewtab.h"

static unsigned generation;

unsigned regw_generation(void)
{
    return generation;
}

void flow_written(void)
{
    generation++;
}

/* ---- the flow's context ---- */

static void free_str(char **s)
{
    free(*s);
    *s = NULL;
}

void flow_clear_choices(WriteFlow *F)
{
    for (size_t i = 0; i < F->n_choices; i++)
        free(F->choices[i]);
    free(F->choices);
    F->choices = NULL;
    F->n_choices = 0;
}

static void flow_free(void *ctx)
{
    WriteFlow *F = ctx;
    char **strs[] = { &F->model, &F->version, &F->run_id, &F->run_name, &F->what,
                      &F->owner_label, &F->label, &F->alias, &F->key, &F->value,
                      &F->old_value, &F->artifact_uri, &F->folder, &F->model_id,
                      &F->lm_name };

    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free_str(strs[i]);
    for (size_t i = 0; i < F->n_versions; i++)
        model_version_free_fields(&F->versions[i]);
    free(F->versions);
    for (size_t i = 0; i < F->n_tags; i++) {
        free(F->tags[i].key);
        free(F->tags[i].value);
    }
    free(F->tags);
    for (size_t i = 0; i < F->n_lm; i++) {
        free(F->lm_ids[i]);
        free(F->lm_names[i]);
    }
    free(F->lm_ids);
    free(F->lm_names);
    flow_clear_choices(F);
    free(F);
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    char *s;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || !(s = malloc((size_t)n + 1)))
        return NULL;
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

void flow_set(char **field, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (!s)
        return;
    free(*field);
    *field = s;
}

void flow_add_choice(WriteFlow *F, const char *fmt, ...)
{
    va_list ap;
    char *s, **n;

    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (!s || !(n = realloc(F->choices, (F->n_choices + 1) * sizeof *n))) {
        free(s);
        return;
    }
    F->choices = n;
    F->choices[F->n_choices++] = s;
}

WriteFlow *flow_begin(App *app, View *v, Op op)
{
    WriteFlow *F = calloc(1, sizeof *F);
    char **strs[] = { &F->model, &F->version, &F->run_id, &F->run_name, &F->what,
                      &F->owner_label, &F->label, &F->alias, &F->key, &F->value,
                      &F->old_value, &F->artifact_uri, &F->folder, &F->model_id,
                      &F->lm_name };

    if (!F) {
        app_error(app, "Out of memory");
        return NULL;
    }
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (!(*strs[i] = strdup(""))) {
            flow_free(F);
            app_error(app, "Out of memory");
            return NULL;
        }
    F->op = op;
    app_flow_begin(app, v, F, flow_free);
    return F;
}

WriteFlow *flow_of(App *app, const View *v)
{
    return app_flow(app, v);
}

void flow_end(App *app)
{
    app_flow_end(app);
}

void flow_set_owner(WriteFlow *F)
{
    const char *run = F->run_name[0] ? F->run_name : F->run_id;

    if (F->target == TARGET_RUN) {
        flow_set(&F->owner_label, "run %s", run);
        flow_set(&F->label, "run %s", run);
    } else {
        flow_set(&F->owner_label, "model %s", F->model);
        if (F->target == TARGET_VERSION)
            flow_set(&F->label, "%s v%s", F->model, F->version);
        else
            flow_set(&F->label, "model %s", F->model);
    }
}

static void set_target(WriteFlow *F, const RegTarget *t)
{
    F->target = t->kind;
    flow_set(&F->model, "%s", t->model ? t->model : "");
    flow_set(&F->version, "%s", t->version ? t->version : "");
    flow_set(&F->run_id, "%s", t->run_id ? t->run_id : "");
    flow_set(&F->run_name, "%s", t->run_name ? t->run_name : "");
    flow_set_owner(F);
}

/* The target's tags, copied (to show the old value, to choose one to delete). */
static void save_tags(WriteFlow *F, const Tag *tags, size_t n)
{
    if (!n || !(F->tags = calloc(n, sizeof *F->tags)))
        return;
    for (size_t i = 0; i < n; i++) {
        F->tags[i].key = strdup(tags[i].key ? tags[i].key : "");
        F->tags[i].value = strdup(tags[i].value ? tags[i].value : "");
        if (!F->tags[i].key || !F->tags[i].value) {
            free(F->tags[i].key);
            free(F->tags[i].value);
            break;
        }
        F->n_tags = i + 1;
    }
}

bool flow_refuse_read_only(App *app)
{
    if (!app_read_only(app))
        return false;
    app_error(app, "%s", app_read_only_reason(app));
    return true;
}

/* Trims blanks at both ends in place; returns s. */
static char *trim(char *s)
{
    size_t l;

    while (*s == ' ')
        memmove(s, s + 1, strlen(s));
    l = strlen(s);
    while (l && s[l - 1] == ' ')
        s[--l] = '\0';
    return s;
}

/* ---- sending the write ---- */

static int send_write(View *v, App *app, void *ctx, int choice)
{
    Api *api = app_api(app);
    WriteFlow *F = flow_of(app, v);
    uint64_t id = 0;
    int o = v->id;
    unsigned g = v->gen;
    const char *ver;

    (void)ctx;
    (void)choice;
    if (!F || flow_refuse_read_only(app))
        return R_REDRAW;
    ver = F->target == TARGET_VERSION ? F->version : NULL;
    switch (F->op) {
    case OP_STAGE:
        id = reg_transition(api, o, g, TAG_WRITE, F->model, F->version, F->stage, F->archive);
        break;
    case OP_ALIAS_SET:
        id = reg_alias_set(api, o, g, TAG_WRITE, F->model, F->alias, F->version);
        break;
    case OP_ALIAS_DEL:
        id = reg_alias_delete(api, o, g, TAG_WRITE, F->model, F->alias);
        break;
    case OP_TAG:
        id = F->target == TARGET_RUN
                 ? reg_run_set_tag(api, o, g, TAG_WRITE, F->run_id, F->key, F->value)
                 : reg_set_tag(api, o, g, TAG_WRITE, F->model, ver, F->key, F->value);
        break;
    case OP_UNTAG:
        id = F->target == TARGET_RUN
                 ? reg_run_delete_tag(api, o, g, TAG_WRITE, F->run_id, F->key)
                 : reg_delete_tag(api, o, g, TAG_WRITE, F->model, ver, F->key);
        break;
    case OP_DESCRIBE:
        id = F->target == TARGET_RUN
                 ? reg_run_set_tag(api, o, g, TAG_WRITE, F->run_id, "mlflow.note.content",
                                   F->value)
                 : reg_describe(api, o, g, TAG_WRITE, F->model, ver, F->value);
        break;
    case OP_RENAME:
        id = reg_run_rename(api, o, g, TAG_WRITE, F->run_id, F->value);
        break;
    case OP_RUN_DELETE:
    case OP_RUN_RESTORE:
        id = reg_run_lifecycle(api, o, g, TAG_WRITE, F->run_id, F->op == OP_RUN_RESTORE);
        break;
    case OP_REGISTER:
        id = register_send(app, v, F);
        break;
    case OP_NONE:
        break;
    }
    if (!id) {
        app_error(app, "Could not send the request (out of memory?)");
        flow_end(app);
        return R_REDRAW;
    }
    app_message(app, "Sending: %s…", F->what);
    return R_REDRAW;
}

void flow_confirm(App *app, View *v, const char *title)
{
    WriteFlow *F = flow_of(app, v);

    if (F)
        app_confirm(app, v, title, F->what, send_write, NULL);
}

/* ---- failures, said plainly ---- */

void flow_report_failure(App *app, const WriteFlow *F, const Err *e)
{
    if (e->kind == ERR_AUTH && e->http_status == 403)
        app_error(app, "Permission denied: your user cannot change %s (%s)", F->owner_label,
                  e->message);
    else if (e->kind == ERR_AUTH)
        app_error(app, "Not allowed (%d): %s", e->http_status, e->message);
    else if (e->kind == ERR_UNKNOWN_OUTCOME)
        app_error(app, "The server may or may not have applied: %s. Re-reading\xe2\x80\xa6",
                  F->what);
    else if (e->kind == ERR_TRANSPORT)
        app_error(app, "Cannot reach the server, nothing was changed: %s", e->message);
    else if (e->kind == ERR_TIMEOUT)
        app_error(app, "No answer from the server in time: %s may or may not have been "
                  "made; r re-reads", F->what);
    else if (strcmp(e->code, "RESOURCE_DOES_NOT_EXIST") == 0)
        app_error(app, "Not found (deleted meanwhile?): %s. r re-reads.", e->message);
    else if (e->kind == ERR_SERVER)
        app_error(app, "The server refused: %s", e->message);
    else if (e->kind != ERR_CANCELLED)
        app_error(app, "Failed: %s", e->message);
}

int flow_write_failed(App *app, const WriteFlow *F, const Err *e)
{
    bool unknown = e->kind == ERR_UNKNOWN_OUTCOME;

    flow_report_failure(app, F, e);
    flow_end(app);
    if (!unknown)
        return RW_FAILED;
    flow_written();
    return RW_OK;
}

/* ---- stage ---- */

static void describe_transition(WriteFlow *F)
{
    char buf[4096];

    registry_describe_transition(F->versions, F->n_versions, F->model, F->version, F->stage,
                                 F->archive, buf, sizeof buf);
    flow_set(&F->what, "%s", buf);
}

static int stage_archive_chosen(View *v, App *app, void *ctx, int choice)
{
    WriteFlow *F = flow_of(app, v);

    (void)ctx;
    if (!F)
        return R_REDRAW;
    F->archive = choice == 0;
    describe_transition(F);
    flow_confirm(app, v, "Change the stage?");
    return R_REDRAW;
}

static void stage_next(App *app, View *v, WriteFlow *F, int archive)
{
    size_t idx[64];
    size_t k = registry_stage_can_archive(F->stage)
                   ? registry_in_stage(F->versions, F->n_versions, F->version, F->stage, idx,
                                       64)
                   : 0;

    if (k > 0 && archive < 0) {
        char *list = NULL, *text = NULL;
        for (size_t i = 0; i < k; i++)
            if (list)
                flow_set(&list, "%s, v%s", list, F->versions[idx[i]].version);
            else
                flow_set(&list, "v%s", F->versions[idx[i]].version);
        if (!list) {
            app_error(app, "Out of memory");
            flow_end(app);
            return;
        }
        flow_set(&text, "%s is now in %s. Archive the versions now in %s "
                 "(archive_existing_versions)?", list, F->stage, F->stage);
        flow_clear_choices(F);
        flow_add_choice(F, "Archive %s", list);
        flow_add_choice(F, "Keep %s in %s", list, F->stage);
        app_choose(app, v, "Archive existing versions?", text ? text : "",
                   (const char *const *)F->choices, F->n_choices, 0, stage_archive_chosen,
                   NULL);
        free(list);
        free(text);
        return;
    }
    F->archive = k > 0 && archive > 0;
    describe_transition(F);
    flow_confirm(app, v, "Change the stage?");
}

static int stage_chosen(View *v, App *app, void *ctx, int choice)
{
    WriteFlow *F = flow_of(app, v);

    (void)ctx;
    if (!F || choice < 0 || choice > 3)
        return R_REDRAW;
    snprintf(F->stage, sizeof F->stage, "%s", registry_stages[choice]);
    stage_next(app, v, F, -1);
    return R_REDRAW;
}

void regw_stage(App *app, View *v, const char *model, const char *version,
                const ModelVersion *all, size_t n, const char *stage, int archive)
{
    const char *cur = "";
    WriteFlow *F;

    if (flow_refuse_read_only(app) || !(F = flow_begin(app, v, OP_STAGE)))
        return;
    set_target(F, &(RegTarget){ .kind = TARGET_VERSION, .model = model, .version = version });
    if (n && (F->versions = calloc(n, sizeof *F->versions)))
        for (size_t i = 0; i < n; i++)
            if (model_version_copy(&F->versions[F->n_versions], &all[i]) == 0)
                F->n_versions++;
    for (size_t i = 0; i < F->n_versions; i++)
        if (strcmp(F->versions[i].version, version) == 0)
            cur = F->versions[i].stage;
    if (stage) {
        /* Sent as typed: the server says whether it is a stage (it accepts any case).
         * A stage is one short word: a longer one cannot be one, and is refused. */
        const char *c = registry_stage_canonical(stage);
        if (strlen(stage) >= sizeof F->stage) {
            app_error(app, "No stage %s (None, Staging, Production or Archived)", stage);
            flow_end(app);
            return;
        }
        snprintf(F->stage, sizeof F->stage, "%s", c ? c : stage);
        if (!c) {
            flow_set(&F->what, "%s v%s: %s -> %s", model, version, *cur ? cur : "?", stage);
            flow_confirm(app, v, "Change the stage?");
            return;
        }
        stage_next(app, v, F, archive);
        return;
    }
    size_t initial = 0;
    const char *items[4];
    char labels[4][64];
    for (int i = 0; i < 4; i++) {
        bool here = strcmp(cur, registry_stages[i]) == 0;
        snprintf(labels[i], sizeof labels[i], "%d %s%s", i + 1, registry_stages[i],
                 here ? "  (current)" : "");
        items[i] = labels[i];
        if (here)
            initial = (size_t)i;
    }
    char *text = NULL;
    flow_set(&text, "Move %s v%s (now %s) to:", model, version, *cur ? cur : "?");
    app_choose(app, v, "Stage", text ? text : "", items, 4, initial, stage_chosen, NULL);
    free(text);
}

/* ---- aliases ---- */

static int alias_typed(View *v, App *app, const char *text)
{
    WriteFlow *F = flow_of(app, v);
    char why[200];
    const char *holder = NULL;

    if (!F)
        return R_REDRAW;
    flow_set(&F->alias, "%s", text);
    trim(F->alias);
    if (!registry_alias_valid(F->alias, why, sizeof why)) {
        app_error(app, "Not a valid alias: %s", why);
        flow_end(app);
        return R_REDRAW;
    }
    /* Who holds it now: the model's alias map was saved as "alias=version" choices. */
    for (size_t i = 0; i < F->n_choices; i++) {
        size_t l = strlen(F->alias);
        if (strncmp(F->choices[i], F->alias, l) == 0 && F->choices[i][l] == '=')
            holder = F->choices[i] + l + 1;
    }
    if (holder && strcmp(holder, F->version) != 0)
        flow_set(&F->what, "Set alias %s on %s v%s (moves it from v%s)", F->alias, F->model,
                 F->version, holder);
    else if (holder)
        flow_set(&F->what, "Set alias %s on %s v%s (it is already there)", F->alias, F->model,
                 F->version);
    else
        flow_set(&F->what, "Set alias %s on %s v%s", F->alias, F->model, F->version);
    flow_confirm(app, v, "Set the alias?");
    return R_REDRAW;
}

void regw_alias_set(App *app, View *v, const RegisteredModel *m, const char *model,
                    const char *version, const char *alias)
{
    WriteFlow *F;

    if (flow_refuse_read_only(app) || !(F = flow_begin(app, v, OP_ALIAS_SET)))
        return;
    set_target(F, &(RegTarget){ .kind = TARGET_VERSION, .model = model, .version = version });
    /* Who holds which alias is needed when the name is known: keep the map. */
    for (size_t i = 0; m && i < m->n_aliases; i++)
        flow_add_choice(F, "%s=%s", m->aliases[i].alias, m->aliases[i].version);
    if (alias) {
        alias_typed(v, app, alias);
        return;
    }
    app_prompt(app, v, "Alias (letters, digits, _ -): ", "", alias_typed, NULL);
}

static int alias_del_chosen(View *v, App *app, void *ctx, int choice)
{
    WriteFlow *F = flow_of(app, v);
    char *eq;

    (void)ctx;
    if (!F || choice < 0 || (size_t)choice >= F->n_choices)
        return R_REDRAW;
    eq = strchr(F->choices[choice], '=');
    if (eq)
        *eq = '\0';
    flow_set(&F->alias, "%s", F->choices[choice]);
    if (eq)
        flow_set(&F->what, "Delete alias %s of %s (now on v%s)", F->alias, F->model, eq + 1);
    else
        flow_set(&F->what, "Delete alias %s of %s", F->alias, F->model);
    flow_confirm(app, v, "Delete the alias?");
    return R_REDRAW;
}

void regw_alias_delete(App *app, View *v, const RegisteredModel *m, const char *model,
                       const char *version, const char *alias)
{
    WriteFlow *F;

    if (flow_refuse_read_only(app) || !(F = flow_begin(app, v, OP_ALIAS_DEL)))
        return;
    set_target(F, &(RegTarget){ .kind = TARGET_VERSION, .model = model,
                                .version = version ? version : "" });
    if (alias) {
        const char *h = registry_alias_version(m, alias);
        flow_set(&F->alias, "%s", alias);
        if (h)
            flow_set(&F->what, "Delete alias %s of %s (now on v%s)", alias, model, h);
        else
            flow_set(&F->what, "Delete alias %s of %s", alias, model);
        flow_confirm(app, v, "Delete the alias?");
        return;
    }
    for (size_t i = 0; m && i < m->n_aliases; i++)
        if (!version || strcmp(m->aliases[i].version, version) == 0)
            flow_add_choice(F, "%s=%s", m->aliases[i].alias, m->aliases[i].version);
    if (F->n_choices == 0) {
        app_message(app, version ? "%s v%s has no alias" : "%s has no alias", model,
                    version ? version : "");
        flow_end(app);
        return;
    }
    app_choose(app, v, "Delete which alias?", NULL, (const char *const *)F->choices,
               F->n_choices, 0, alias_del_chosen, NULL);
}

/* ---- tags ---- */

static void tag_confirm(App *app, View *v, WriteFlow *F)
{
    const char *old = registry_tag(F->tags, F->n_tags, F->key);

    if (old && old[0])
        flow_set(&F->what, "Set tag %s = %s on %s (was: %s)", F->key, F->value, F->label, old);
    else
        flow_set(&F->what, "Set tag %s = %s on %s", F->key, F->value, F->label);
    flow_confirm(app, v, "Set the tag?");
}

static int tag_typed(View *v, App *app, const char *text)
{
    WriteFlow *F = flow_of(app, v);
    const char *eq = strchr(text, '=');

    if (!F)
        return R_REDRAW;
    while (*text == ' ')
        text++;
    if (!eq || eq == text) {
        app_error(app, "Type the tag as KEY=VALUE");
        flow_end(app);
        return R_REDRAW;
    }
    flow_set(&F->key, "%.*s", (int)(eq - text), text);
    trim(F->key);
    flow_set(&F->value, "%s", eq + 1);
    tag_confirm(app, v, F);
    return R_REDRAW;
}

void regw_tag(App *app, View *v, const RegTarget *t, const Tag *tags, size_t n,
              const char *key, const char *value)
{
    WriteFlow *F;
    char *label = NULL;

    if (flow_refuse_read_only(app) || !(F = flow_begin(app, v, OP_TAG)))
        return;
    set_target(F, t);
    save_tags(F, tags, n);
    if (key) {
        flow_set(&F->key, "%s", key);
        flow_set(&F->value, "%s", value ? value : "");
        tag_confirm(app, v, F);
        return;
    }
    flow_set(&label, "Tag for %s (KEY=VALUE): ", F->label);
    app_prompt(app, v, label ? label : "Tag (KEY=VALUE): ", "", tag_typed, NULL);
    free(label);
}

static int untag_chosen(View *v, App *app, void *ctx, int choice)
{
    WriteFlow *F = flow_of(app, v);

    (void)ctx;
    if (!F || choice < 0 || (size_t)choice >= F->n_tags)
        return R_REDRAW;
    flow_set(&F->key, "%s", F->tags[choice].key);
    flow_set(&F->what, "Delete tag %s (= %s) from %s", F->key, F->tags[choice].value,
             F->label);
    flow_confirm(app, v, "Delete the tag?");
    return R_REDRAW;
}

void regw_untag(App *app, View *v, const RegTarget *t, const Tag *tags, size_t n,
                const char *key, const char *initial)
{
    WriteFlow *F;
    size_t init = 0;

    if (flow_refuse_read_only(app) || !(F = flow_begin(app, v, OP_UNTAG)))
        return;
    set_target(F, t);
    save_tags(F, tags, n);
    if (key) {
        const char *old = registry_tag(F->tags, F->n_tags, key);
        flow_set(&F->key, "%s", key);
        if (!old) {
            app_error(app, "%s has no tag %s", F->label, key);
            flow_end(app);
            return;
        }
        flow_set(&F->what, "Delete tag %s (= %s) from %s", key, old, F->label);
        flow_confirm(app, v, "Delete the tag?");
        return;
    }
    if (F->n_tags == 0) {
        app_message(app, "%s has no tags", F->label);
        flow_end(app);
        return;
    }
    for (size_t i = 0; i < F->n_tags; i++) {
        flow_add_choice(F, "%s = %s", F->tags[i].key, F->tags[i].value);
        if (initial && strcmp(F->tags[i].key, initial) == 0)
            init = i;
    }
    if (F->n_choices != F->n_tags) {
        app_error(app, "Out of memory");
        flow_end(app);
        return;
    }
    app_choose(app, v, "Delete which tag?", NULL, (const char *const *)F->choices,
               F->n_choices, init, untag_chosen, NULL);
}

/* ---- descriptions and run names ---- */

static int text_typed(View *v, App *app, const char *text)
{
    WriteFlow *F = flow_of(app, v);

    if (!F)
        return R_REDRAW;
    flow_set(&F->value, "%s", text);
    if (F->op == OP_RENAME) {
        if (!text[0]) {
            app_error(app, "A run name cannot be empty");
            flow_end(app);
            return R_REDRAW;
        }
        flow_set(&F->what, "Rename %s to %s", F->label, F->value);
        flow_confirm(app, v, "Rename the run?");
    } else {
        if (F->value[0])
            flow_set(&F->what, "Set the description of %s to: %s", F->label, F->value);
        else
            flow_set(&F->what, "Clear the description of %s", F->label);
        flow_confirm(app, v, "Change the description?");
    }
    return R_REDRAW;
}

/* Opens the prompt to edit F's text starting from current: the whole value, or
 * a refusal that says why when the line editor cannot hold it. */
static void edit_text(App *app, View *v, WriteFlow *F, const char *label, const char *current)
{
    size_t n = current ? strlen(current) : 0;

    if (n > app_prompt_max()) {
        app_error(app, "The %s of %s is %zu bytes, more than the editor holds (%zu): not "
                  "edited. Set a new one with :%s TEXT",
                  F->op == OP_RENAME ? "name" : "description", F->label, n, app_prompt_max(),
                  F->op == OP_RENAME ? "rename" : "describe");
        flow_end(app);
        return;
    }
    app_prompt(app, v, label, current ? current : "", text_typed, NULL);
}

void regw_describe(App *app, View *v, const RegTarget *t, const char *current,
                   const char *text)
{
    WriteFlow *F;
    char *label = NULL;

    if (flow_refuse_read_only(app) || !(F = flow_begin(app, v, OP_DESCRIBE)))
        return;
    set_target(F, t);
    if (text) {
        text_typed(v, app, text);
        return;
    }
    flow_set(&label, "Description of %s: ", F->label);
    edit_text(app, v, F, label ? label : "Description: ", current);
    free(label);
}

int regw_tags_action(App *app, View *v, Action a, const RegTarget *t, const Tag *tags,
                     size_t n, const char *description, const char *untag_initial)
{
    if (a == ACT_TAG)
        regw_tag(app, v, t, tags, n, NULL, NULL);
    else if (a == ACT_UNTAG)
        regw_untag(app, v, t, tags, n, NULL, untag_initial);
    else if (a == ACT_EDIT)
        regw_describe(app, v, t, description, NULL);
    else
        return R_UNKNOWN;
    return R_REDRAW;
}

int regw_tags_command(App *app, View *v, int argc, char **argv, const RegTarget *t,
                      const Tag *tags, size_t n, const char *description)
{
    const char *c = argv[0];

    if (strcmp(c, "tag") == 0) {
        if (argc < 3) {
            app_error(app, "Usage: :tag KEY VALUE");
        } else {
            const char *rest = app_command_rest(app);
            rest += strcspn(rest, " \t");
            rest += strspn(rest, " \t");
            regw_tag(app, v, t, tags, n, argv[1], rest);
        }
        return R_REDRAW;
    }
    if (strcmp(c, "untag") == 0) {
        regw_untag(app, v, t, tags, n, argc > 1 ? argv[1] : NULL, NULL);
        return R_REDRAW;
    }
    if (strcmp(c, "describe") == 0) {
        regw_describe(app, v, t, description, argc > 1 ? app_command_rest(app) : NULL);
        return R_REDRAW;
    }
    return R_UNKNOWN;
}

void regw_rename(App *app, View *v, const char *run_id, const char *current, const char *name)
{
    RegTarget t = { .kind = TARGET_RUN, .run_id = run_id, .run_name = current };
    WriteFlow *F;

    if (flow_refuse_read_only(app) || !(F = flow_begin(app, v, OP_RENAME)))
        return;
    set_target(F, &t);
    if (name) {
        text_typed(v, app, name);
        return;
    }
    edit_text(app, v, F, "Run name: ", current);
}

static int edit_run_chosen(View *v, App *app, void *ctx, int choice)
{
    WriteFlow *F = flow_of(app, v);
    char *label = NULL;

    (void)ctx;
    if (!F)
        return R_REDRAW;
    if (choice == 0) {
        F->op = OP_RENAME;
        edit_text(app, v, F, "Run name: ", F->run_name);
    } else {
        F->op = OP_DESCRIBE;
        flow_set(&label, "Description of %s: ", F->label);
        edit_text(app, v, F, label ? label : "Description: ", F->old_value);
        free(label);
    }
    return R_REDRAW;
}

void regw_edit_run(App *app, View *v, const char *run_id, const char *name,
                   const char *description)
{
    RegTarget t = { .kind = TARGET_RUN, .run_id = run_id, .run_name = name };
    static const char *const items[] = { "1 Run name", "2 Description" };
    WriteFlow *F;

    if (flow_refuse_read_only(app) || !(F = flow_begin(app, v, OP_RENAME)))
        return;
    set_target(F, &t);
    flow_set(&F->old_value, "%s", description ? description : "");
    app_choose(app, v, "Edit", NULL, items, 2, 0, edit_run_chosen, NULL);
}

void regw_run_lifecycle(App *app, View *v, const char *run_id, const char *run_name,
                        bool restore)
{
    RegTarget t = { .kind = TARGET_RUN, .run_id = run_id, .run_name = run_name };
    const char *name = run_name && *run_name ? run_name : run_id;
    WriteFlow *F;

    if (flow_refuse_read_only(app) ||
        !(F = flow_begin(app, v, restore ? OP_RUN_RESTORE : OP_RUN_DELETE)))
        return;
    set_target(F, &t);
    if (restore)
        flow_set(&F->what, "Restore run %s (%s)", name, run_id);
    else
        flow_set(&F->what, "Delete run %s (%s); it can be restored later", name, run_id);
    flow_confirm(app, v, restore ? "Restore the run?" : "Delete the run?");
}

/* ---- replies ---- */

int regw_on_result(View *v, App *app, ApiResult *r)
{
    WriteFlow *F;

    if (r->kind != REQ_CALL || r->tag < REGW_TAG_BASE || r->tag >= REGW_TAG_END)
        return RW_NOT_MINE;
    if (!(F = flow_of(app, v)))
        return RW_FAILED;       /* a stale reply of a flow given up: nothing to do */
    if (F->op == OP_REGISTER)
        return register_on_result(v, app, F, r);
    if (r->tag != TAG_WRITE)
        return RW_NOT_MINE;
    if (r->err.kind != ERR_OK)
        return flow_write_failed(app, F, &r->err);
    app_message(app, "Done: %s", F->what);
    flow_end(app);
    flow_written();
    return RW_OK;
}
