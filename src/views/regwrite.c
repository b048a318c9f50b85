/* regwrite.c — see regwrite.h.
 *
 * Long because every write flow still lives here, registering included (from
 * a run's MLmodel folders and, MLflow 3, from logged models); the flows are
 * being split into files of their own (views/register.c, runwrite.c).
 *
 * One flow at a time: its state lives in the one static `P` below (dialogs
 * and the prompt are modal, so a second flow can only start once the first
 * has been confirmed, cancelled or answered). Every callback checks that the
 * view which started the flow is the one answering. */
#include "views/regwrite.h"

/* Messages and confirmations are cut to their buffers on purpose (the status
 * line and the dialog show one screenful anyway); what is sent is never cut
 * silently: names and values are copied whole up to their MLflow limits. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/artifacts.h"
#include "api/logged_models.h"
#include "api/registry.h"
#include "core/text.h"
#include "views/viewtab.h"

enum {
    TAG_WRITE = REGW_TAG_BASE,   /* the one write of a flow */
    TAG_LIST_ROOT,               /* register: artifacts/list of the run's root */
    TAG_LIST_DIR,                /* register: artifacts/list of one folder */
    TAG_MODELS,                  /* register: registered models to choose from */
    TAG_MODEL_GET,               /* register: does the named model exist? */
    TAG_CREATE_MODEL,            /* register: registered-models/create */
    TAG_CREATE_VERSION,          /* register: model-versions/create */
    TAG_LM_OF_RUN,               /* register: the run's logged models (MLflow 3) */
    TAG_LM_CHECK,                /* register: does the logged model hold an MLmodel? */
};

typedef enum {
    OP_NONE, OP_STAGE, OP_ALIAS_SET, OP_ALIAS_DEL, OP_TAG, OP_UNTAG, OP_DESCRIBE, OP_RENAME,
    OP_RUN_DELETE, OP_RUN_RESTORE, OP_REGISTER,
} Op;

#define MAX_CHOICES 64

static struct {
    Op       op;
    int      view;                 /* id of the view that started the flow */
    int      target;               /* RegTarget kind */
    char     model[512], version[64], run_id[64], run_name[512];
    char     what[1200];           /* the change, as confirmed */
    char     owner_label[600];     /* "model NEOs" / "run big-skink-198": permission errors */
    /* stage */
    char     stage[16];
    bool     archive;
    ModelVersion *versions;
    size_t   n_versions;
    /* alias, tags, text */
    char     alias[256], key[256], value[4096], old_value[4096];
    char     choices[MAX_CHOICES][256];
    size_t   n_choices;
    /* register */
    char     artifact_uri[1024], folder[256];
    char     model_id[64], lm_name[256];   /* registering a logged model (MLflow 3) */
    char     lm_ids[MAX_CHOICES][64];      /* choices[0..n_lm) are the run's logged models */
    size_t   n_lm;
    int      dirs_pending;
    bool     new_model;
    bool     done_ok;
} P;

static unsigned generation;

unsigned regw_generation(void)
{
    return generation;
}

static void reset(void)
{
    for (size_t i = 0; i < P.n_versions; i++)
        model_version_free_fields(&P.versions[i]);
    free(P.versions);
    memset(&P, 0, sizeof P);
}

static bool mine(const View *v)
{
    return P.op != OP_NONE && v && v->id == P.view;
}

static bool refuse_read_only(App *app)
{
    if (!app_read_only(app))
        return false;
    app_error(app, "Read-only mode: nothing can be changed");
    return true;
}

static void begin(App *app, View *v, Op op)
{
    (void)app;
    reset();
    P.op = op;
    P.view = v->id;
}

static const char *const *choice_ptrs(void)
{
    static const char *ptrs[MAX_CHOICES];
    for (size_t i = 0; i < P.n_choices; i++)
        ptrs[i] = P.choices[i];
    return ptrs;
}

static void add_choice(const char *fmt, const char *a, const char *b)
{
    if (P.n_choices < MAX_CHOICES)
        snprintf(P.choices[P.n_choices++], sizeof P.choices[0], fmt, a, b ? b : "");
}

static void set_owner_label(void)
{
    if (P.target == TARGET_RUN)
        snprintf(P.owner_label, sizeof P.owner_label, "run %s",
                 P.run_name[0] ? P.run_name : P.run_id);
    else
        snprintf(P.owner_label, sizeof P.owner_label, "model %s", P.model);
}

static const char *target_label(char *buf, size_t size)
{
    if (P.target == TARGET_RUN)
        snprintf(buf, size, "run %s", P.run_name[0] ? P.run_name : P.run_id);
    else if (P.target == TARGET_VERSION)
        snprintf(buf, size, "%s v%s", P.model, P.version);
    else
        snprintf(buf, size, "model %s", P.model);
    return buf;
}

static void set_target(const RegTarget *t)
{
    P.target = t->kind;
    snprintf(P.model, sizeof P.model, "%s", t->model ? t->model : "");
    snprintf(P.version, sizeof P.version, "%s", t->version ? t->version : "");
    snprintf(P.run_id, sizeof P.run_id, "%s", t->run_id ? t->run_id : "");
    snprintf(P.run_name, sizeof P.run_name, "%s", t->run_name ? t->run_name : "");
    set_owner_label();
}

/* ---- sending the write ---- */

static int send_write(View *v, App *app, void *ctx, int choice)
{
    Api *api = app_api(app);
    uint64_t id = 0;
    int o = v->id;
    unsigned g = v->gen;
    const char *ver = P.target == TARGET_VERSION ? P.version : NULL;

    (void)ctx;
    (void)choice;
    if (!mine(v) || refuse_read_only(app))
        return R_REDRAW;
    switch (P.op) {
    case OP_STAGE:
        id = reg_transition(api, o, g, TAG_WRITE, P.model, P.version, P.stage, P.archive);
        break;
    case OP_ALIAS_SET:
        id = reg_alias_set(api, o, g, TAG_WRITE, P.model, P.alias, P.version);
        break;
    case OP_ALIAS_DEL:
        id = reg_alias_delete(api, o, g, TAG_WRITE, P.model, P.alias);
        break;
    case OP_TAG:
        id = P.target == TARGET_RUN
                 ? reg_run_set_tag(api, o, g, TAG_WRITE, P.run_id, P.key, P.value)
                 : reg_set_tag(api, o, g, TAG_WRITE, P.model, ver, P.key, P.value);
        break;
    case OP_UNTAG:
        id = P.target == TARGET_RUN
                 ? reg_run_delete_tag(api, o, g, TAG_WRITE, P.run_id, P.key)
                 : reg_delete_tag(api, o, g, TAG_WRITE, P.model, ver, P.key);
        break;
    case OP_DESCRIBE:
        id = P.target == TARGET_RUN
                 ? reg_run_set_tag(api, o, g, TAG_WRITE, P.run_id, "mlflow.note.content",
                                   P.value)
                 : reg_describe(api, o, g, TAG_WRITE, P.model, ver, P.value);
        break;
    case OP_RENAME:
        id = reg_run_rename(api, o, g, TAG_WRITE, P.run_id, P.value);
        break;
    case OP_RUN_DELETE:
    case OP_RUN_RESTORE:
        id = reg_run_lifecycle(api, o, g, TAG_WRITE, P.run_id, P.op == OP_RUN_RESTORE);
        break;
    case OP_REGISTER:
        id = P.new_model ? reg_model_create(api, o, g, TAG_CREATE_MODEL, P.model)
           : P.model_id[0] ? lm_register(api, o, g, TAG_CREATE_VERSION, P.model, P.model_id,
                                         P.run_id)
                           : reg_version_create(api, o, g, TAG_CREATE_VERSION, P.model,
                                                P.value, P.run_id);
        break;
    case OP_NONE:
        break;
    }
    if (!id) {
        app_error(app, "Could not send the request (out of memory?)");
        reset();
        return R_REDRAW;
    }
    app_message(app, "Sending: %s…", P.what);
    return R_REDRAW;
}

static void confirm(App *app, View *v, const char *title)
{
    app_confirm(app, v, title, P.what, send_write, NULL);
}

/* ---- failures, said plainly ---- */

static void report_failure(App *app, const Err *e)
{
    if (e->kind == ERR_AUTH && e->http_status == 403)
        app_error(app, "Permission denied: your user cannot change %s (%s)", P.owner_label,
                  e->message);
    else if (e->kind == ERR_AUTH)
        app_error(app, "Not allowed (%d): %s", e->http_status, e->message);
    else if (e->kind == ERR_UNKNOWN_OUTCOME)
        app_error(app, "The server may or may not have applied: %s. Re-reading\xe2\x80\xa6",
                  P.what);
    else if (e->kind == ERR_TRANSPORT)
        app_error(app, "Cannot reach the server, nothing was changed: %s", e->message);
    else if (e->kind == ERR_TIMEOUT)
        app_error(app, "No answer from the server in time: %s may or may not have been "
                  "made; r re-reads", P.what);
    else if (strcmp(e->code, "RESOURCE_DOES_NOT_EXIST") == 0)
        app_error(app, "Not found (deleted meanwhile?): %s. r re-reads.", e->message);
    else if (e->kind == ERR_SERVER)
        app_error(app, "The server refused: %s", e->message);
    else if (e->kind != ERR_CANCELLED)
        app_error(app, "Failed: %s", e->message);
}

/* The one ending of a write that failed: says why, ends the flow, and when the
 * outcome is unknown (sent, no complete reply) returns RW_OK so the screen
 * re-reads what the server now holds; else RW_FAILED. */
static int write_failed(App *app, const Err *e)
{
    bool unknown = e->kind == ERR_UNKNOWN_OUTCOME;

    report_failure(app, e);
    reset();
    if (!unknown)
        return RW_FAILED;
    generation++;
    return RW_OK;
}

/* ---- stage ---- */

static int stage_archive_chosen(View *v, App *app, void *ctx, int choice)
{
    (void)ctx;
    if (!mine(v))
        return R_REDRAW;
    P.archive = choice == 0;
    registry_describe_transition(P.versions, P.n_versions, P.model, P.version, P.stage,
                                 P.archive, P.what, sizeof P.what);
    confirm(app, v, "Change the stage?");
    return R_REDRAW;
}

static void stage_next(App *app, View *v, int archive)
{
    size_t idx[MAX_CHOICES];
    size_t k = registry_stage_can_archive(P.stage)
                   ? registry_in_stage(P.versions, P.n_versions, P.version, P.stage, idx,
                                       MAX_CHOICES)
                   : 0;

    if (k > 0 && archive < 0) {
        char list[512] = "", text[800];
        size_t used = 0;
        for (size_t i = 0; i < k && used < sizeof list - 16; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%sv%s", i ? ", " : "",
                                     P.versions[idx[i]].version);
        snprintf(text, sizeof text, "%s is now in %s. Archive the versions now in %s "
                 "(archive_existing_versions)?", list, P.stage, P.stage);
        P.n_choices = 0;
        char yes[400];
        snprintf(yes, sizeof yes, "Archive %s", list);
        add_choice("%s%s", yes, "");
        add_choice("Keep %s in %s", list, P.stage);
        app_choose(app, v, "Archive existing versions?", text, choice_ptrs(), P.n_choices, 0,
                   stage_archive_chosen, NULL);
        return;
    }
    P.archive = k > 0 && archive > 0;
    registry_describe_transition(P.versions, P.n_versions, P.model, P.version, P.stage,
                                 P.archive, P.what, sizeof P.what);
    confirm(app, v, "Change the stage?");
}

static int stage_chosen(View *v, App *app, void *ctx, int choice)
{
    (void)ctx;
    if (!mine(v) || choice < 0 || choice > 3)
        return R_REDRAW;
    snprintf(P.stage, sizeof P.stage, "%s", registry_stages[choice]);
    stage_next(app, v, -1);
    return R_REDRAW;
}

void regw_stage(App *app, View *v, const char *model, const char *version,
                const ModelVersion *all, size_t n, const char *stage, int archive)
{
    const char *cur = "";

    if (refuse_read_only(app))
        return;
    begin(app, v, OP_STAGE);
    P.target = TARGET_VERSION;
    snprintf(P.model, sizeof P.model, "%s", model);
    snprintf(P.version, sizeof P.version, "%s", version);
    set_owner_label();
    if (n && (P.versions = calloc(n, sizeof *P.versions)))
        for (size_t i = 0; i < n; i++)
            if (model_version_copy(&P.versions[P.n_versions], &all[i]) == 0)
                P.n_versions++;
    for (size_t i = 0; i < P.n_versions; i++)
        if (strcmp(P.versions[i].version, version) == 0)
            cur = P.versions[i].stage;
    if (stage) {
        /* Sent as typed: the server says whether it is a stage (it accepts any case). */
        const char *c = registry_stage_canonical(stage);
        snprintf(P.stage, sizeof P.stage, "%s", c ? c : stage);
        if (!c) {
            snprintf(P.what, sizeof P.what, "%s v%s: %s -> %s", model, version,
                     *cur ? cur : "?", stage);
            confirm(app, v, "Change the stage?");
            return;
        }
        stage_next(app, v, archive);
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
    char text[700];
    snprintf(text, sizeof text, "Move %s v%s (now %s) to:", model, version, *cur ? cur : "?");
    app_choose(app, v, "Stage", text, items, 4, initial, stage_chosen, NULL);
}

/* ---- aliases ---- */

static int alias_typed(View *v, App *app, const char *text)
{
    char why[200], alias_holder[64] = "";

    if (!mine(v))
        return R_REDRAW;
    while (*text == ' ')
        text++;
    snprintf(P.alias, sizeof P.alias, "%s", text);
    {
        size_t l = strlen(P.alias);
        while (l && P.alias[l - 1] == ' ')
            P.alias[--l] = '\0';
    }
    if (!registry_alias_valid(P.alias, why, sizeof why)) {
        app_error(app, "Not a valid alias: %s", why);
        reset();
        return R_REDRAW;
    }
    /* Who holds it now: the model's alias map was saved as "alias=version" choices. */
    for (size_t i = 0; i < P.n_choices; i++) {
        size_t l = strlen(P.alias);
        if (strncmp(P.choices[i], P.alias, l) == 0 && P.choices[i][l] == '=')
            snprintf(alias_holder, sizeof alias_holder, "%s", P.choices[i] + l + 1);
    }
    if (alias_holder[0] && strcmp(alias_holder, P.version) != 0)
        snprintf(P.what, sizeof P.what, "Set alias %s on %s v%s (moves it from v%s)", P.alias,
                 P.model, P.version, alias_holder);
    else if (alias_holder[0])
        snprintf(P.what, sizeof P.what, "Set alias %s on %s v%s (it is already there)",
                 P.alias, P.model, P.version);
    else
        snprintf(P.what, sizeof P.what, "Set alias %s on %s v%s", P.alias, P.model,
                 P.version);
    confirm(app, v, "Set the alias?");
    return R_REDRAW;
}

void regw_alias_set(App *app, View *v, const RegisteredModel *m, const char *model,
                    const char *version, const char *alias)
{
    if (refuse_read_only(app))
        return;
    begin(app, v, OP_ALIAS_SET);
    P.target = TARGET_VERSION;
    snprintf(P.model, sizeof P.model, "%s", model);
    snprintf(P.version, sizeof P.version, "%s", version);
    set_owner_label();
    /* Who holds which alias is needed when the name is known: keep the map. */
    P.n_choices = 0;
    for (size_t i = 0; m && i < m->n_aliases; i++)
        add_choice("%s=%s", m->aliases[i].alias, m->aliases[i].version);
    if (alias) {
        alias_typed(v, app, alias);
        return;
    }
    app_prompt(app, v, "Alias (letters, digits, _ -): ", "", alias_typed, NULL);
}

static int alias_del_chosen(View *v, App *app, void *ctx, int choice)
{
    (void)ctx;
    if (!mine(v) || choice < 0 || (size_t)choice >= P.n_choices)
        return R_REDRAW;
    char *eq = strchr(P.choices[choice], '=');
    if (eq)
        *eq = '\0';
    snprintf(P.alias, sizeof P.alias, "%s", P.choices[choice]);
    snprintf(P.what, sizeof P.what, "Delete alias %s of %s%s%s", P.alias, P.model,
             eq ? " (now on v" : "", eq ? eq + 1 : "");
    if (eq)
        strncat(P.what, ")", sizeof P.what - strlen(P.what) - 1);
    confirm(app, v, "Delete the alias?");
    return R_REDRAW;
}

void regw_alias_delete(App *app, View *v, const RegisteredModel *m, const char *model,
                       const char *version, const char *alias)
{
    if (refuse_read_only(app))
        return;
    begin(app, v, OP_ALIAS_DEL);
    P.target = TARGET_VERSION;
    snprintf(P.model, sizeof P.model, "%s", model);
    snprintf(P.version, sizeof P.version, "%s", version ? version : "");
    set_owner_label();
    if (alias) {
        const char *h = registry_alias_version(m, alias);
        snprintf(P.alias, sizeof P.alias, "%s", alias);
        if (h)
            snprintf(P.what, sizeof P.what, "Delete alias %s of %s (now on v%s)", alias, model,
                     h);
        else
            snprintf(P.what, sizeof P.what, "Delete alias %s of %s", alias, model);
        confirm(app, v, "Delete the alias?");
        return;
    }
    for (size_t i = 0; m && i < m->n_aliases; i++)
        if (!version || strcmp(m->aliases[i].version, version) == 0)
            add_choice("%s=%s", m->aliases[i].alias, m->aliases[i].version);
    if (P.n_choices == 0) {
        app_message(app, version ? "%s v%s has no alias" : "%s has no alias", model,
                    version ? version : "");
        reset();
        return;
    }
    app_choose(app, v, "Delete which alias?", NULL, choice_ptrs(), P.n_choices, 0,
               alias_del_chosen, NULL);
}

/* ---- tags ---- */

static void tag_confirm(App *app, View *v)
{
    char t[700];
    target_label(t, sizeof t);
    if (P.old_value[0])
        snprintf(P.what, sizeof P.what, "Set tag %s = %s on %s (was: %s)", P.key, P.value, t,
                 P.old_value);
    else
        snprintf(P.what, sizeof P.what, "Set tag %s = %s on %s", P.key, P.value, t);
    confirm(app, v, "Set the tag?");
}

/* Tags saved at the start of a tag flow (to show the old value). */
static Tag *saved_tags;
static size_t n_saved_tags;

static void save_tags(const Tag *tags, size_t n)
{
    for (size_t i = 0; i < n_saved_tags; i++) {
        free(saved_tags[i].key);
        free(saved_tags[i].value);
    }
    free(saved_tags);
    saved_tags = NULL;
    n_saved_tags = 0;
    if (n && (saved_tags = calloc(n, sizeof *saved_tags)))
        for (size_t i = 0; i < n; i++) {
            saved_tags[i].key = strdup(tags[i].key ? tags[i].key : "");
            saved_tags[i].value = strdup(tags[i].value ? tags[i].value : "");
            if (!saved_tags[i].key || !saved_tags[i].value) {
                free(saved_tags[i].key);
                free(saved_tags[i].value);
                break;
            }
            n_saved_tags = i + 1;
        }
}

static int tag_typed(View *v, App *app, const char *text)
{
    const char *eq = strchr(text, '=');

    if (!mine(v))
        return R_REDRAW;
    while (*text == ' ')
        text++;
    if (!eq || eq == text) {
        app_error(app, "Type the tag as KEY=VALUE");
        reset();
        return R_REDRAW;
    }
    snprintf(P.key, sizeof P.key, "%.*s", (int)(eq - text), text);
    {
        size_t l = strlen(P.key);
        while (l && P.key[l - 1] == ' ')
            P.key[--l] = '\0';
    }
    snprintf(P.value, sizeof P.value, "%s", eq + 1);
    const char *old = registry_tag(saved_tags, n_saved_tags, P.key);
    snprintf(P.old_value, sizeof P.old_value, "%s", old ? old : "");
    tag_confirm(app, v);
    return R_REDRAW;
}

void regw_tag(App *app, View *v, const RegTarget *t, const Tag *tags, size_t n,
              const char *key, const char *value)
{
    if (refuse_read_only(app))
        return;
    begin(app, v, OP_TAG);
    set_target(t);
    save_tags(tags, n);
    if (key) {
        snprintf(P.key, sizeof P.key, "%s", key);
        snprintf(P.value, sizeof P.value, "%s", value ? value : "");
        const char *old = registry_tag(saved_tags, n_saved_tags, P.key);
        snprintf(P.old_value, sizeof P.old_value, "%s", old ? old : "");
        tag_confirm(app, v);
        return;
    }
    char label[700], tl[600];
    snprintf(label, sizeof label, "Tag for %s (KEY=VALUE): ", target_label(tl, sizeof tl));
    app_prompt(app, v, label, "", tag_typed, NULL);
}

static int untag_chosen(View *v, App *app, void *ctx, int choice)
{
    char t[700];
    (void)ctx;
    if (!mine(v) || choice < 0 || (size_t)choice >= n_saved_tags)
        return R_REDRAW;
    snprintf(P.key, sizeof P.key, "%s", saved_tags[choice].key);
    snprintf(P.what, sizeof P.what, "Delete tag %s (= %s) from %s", P.key,
             saved_tags[choice].value, target_label(t, sizeof t));
    confirm(app, v, "Delete the tag?");
    return R_REDRAW;
}

void regw_untag(App *app, View *v, const RegTarget *t, const Tag *tags, size_t n,
                const char *key, const char *initial)
{
    char tl[600];

    if (refuse_read_only(app))
        return;
    begin(app, v, OP_UNTAG);
    set_target(t);
    save_tags(tags, n);
    if (key) {
        const char *old = registry_tag(saved_tags, n_saved_tags, key);
        snprintf(P.key, sizeof P.key, "%s", key);
        if (!old) {
            app_error(app, "%s has no tag %s", target_label(tl, sizeof tl), key);
            reset();
            return;
        }
        snprintf(P.what, sizeof P.what, "Delete tag %s (= %s) from %s", key, old,
                 target_label(tl, sizeof tl));
        confirm(app, v, "Delete the tag?");
        return;
    }
    if (n_saved_tags == 0) {
        app_message(app, "%s has no tags", target_label(tl, sizeof tl));
        reset();
        return;
    }
    P.n_choices = 0;
    size_t init = 0;
    for (size_t i = 0; i < n_saved_tags && i < MAX_CHOICES; i++) {
        add_choice("%s = %s", saved_tags[i].key, saved_tags[i].value);
        if (initial && strcmp(saved_tags[i].key, initial) == 0)
            init = i;
    }
    app_choose(app, v, "Delete which tag?", NULL, choice_ptrs(), P.n_choices, init,
               untag_chosen, NULL);
}

/* ---- descriptions and run names ---- */

static int text_typed(View *v, App *app, const char *text)
{
    char t[700];

    if (!mine(v))
        return R_REDRAW;
    snprintf(P.value, sizeof P.value, "%s", text);
    target_label(t, sizeof t);
    if (P.op == OP_RENAME) {
        if (!text[0]) {
            app_error(app, "A run name cannot be empty");
            reset();
            return R_REDRAW;
        }
        snprintf(P.what, sizeof P.what, "Rename %s to %s", t, P.value);
        confirm(app, v, "Rename the run?");
    } else {
        if (P.value[0])
            snprintf(P.what, sizeof P.what, "Set the description of %s to: %s", t, P.value);
        else
            snprintf(P.what, sizeof P.what, "Clear the description of %s", t);
        confirm(app, v, "Change the description?");
    }
    return R_REDRAW;
}

void regw_describe(App *app, View *v, const RegTarget *t, const char *current,
                   const char *text)
{
    char tl[600], label[700];

    if (refuse_read_only(app))
        return;
    begin(app, v, OP_DESCRIBE);
    set_target(t);
    if (text) {
        text_typed(v, app, text);
        return;
    }
    snprintf(label, sizeof label, "Description of %s: ", target_label(tl, sizeof tl));
    app_prompt(app, v, label, current ? current : "", text_typed, NULL);
}

void regw_rename(App *app, View *v, const char *run_id, const char *current, const char *name)
{
    RegTarget t = { .kind = TARGET_RUN, .run_id = run_id, .run_name = current };

    if (refuse_read_only(app))
        return;
    begin(app, v, OP_RENAME);
    set_target(&t);
    if (name) {
        text_typed(v, app, name);
        return;
    }
    app_prompt(app, v, "Run name: ", current ? current : "", text_typed, NULL);
}

static int edit_run_chosen(View *v, App *app, void *ctx, int choice)
{
    char tl[600], label[700];
    (void)ctx;
    if (!mine(v))
        return R_REDRAW;
    if (choice == 0) {
        P.op = OP_RENAME;
        app_prompt(app, v, "Run name: ", P.run_name, text_typed, NULL);
    } else {
        P.op = OP_DESCRIBE;
        snprintf(label, sizeof label, "Description of %s: ", target_label(tl, sizeof tl));
        app_prompt(app, v, label, P.old_value, text_typed, NULL);
    }
    return R_REDRAW;
}

void regw_edit_run(App *app, View *v, const char *run_id, const char *name,
                   const char *description)
{
    RegTarget t = { .kind = TARGET_RUN, .run_id = run_id, .run_name = name };
    static const char *const items[] = { "1 Run name", "2 Description" };

    if (refuse_read_only(app))
        return;
    begin(app, v, OP_RENAME);
    set_target(&t);
    snprintf(P.old_value, sizeof P.old_value, "%s", description ? description : "");
    app_choose(app, v, "Edit", NULL, items, 2, 0, edit_run_chosen, NULL);
}

void regw_run_lifecycle(App *app, View *v, const char *run_id, const char *run_name,
                        bool restore)
{
    RegTarget t = { .kind = TARGET_RUN, .run_id = run_id, .run_name = run_name };

    if (refuse_read_only(app))
        return;
    begin(app, v, restore ? OP_RUN_RESTORE : OP_RUN_DELETE);
    set_target(&t);
    if (restore)
        snprintf(P.what, sizeof P.what, "Restore run %s (%s)", run_name && *run_name ? run_name
                 : run_id, run_id);
    else
        snprintf(P.what, sizeof P.what, "Delete run %s (%s); it can be restored later",
                 run_name && *run_name ? run_name : run_id, run_id);
    confirm(app, v, restore ? "Restore the run?" : "Delete the run?");
}

/* ---- registering a model ---- */

static void register_confirm(App *app, View *v)
{
    const char *uri = P.artifact_uri;
    size_t ul = strlen(uri);

    if (P.model_id[0]) {
        /* MLflow 3: the version's source is the logged model itself. */
        char from[700];
        snprintf(P.value, sizeof P.value, "models:/%s", P.model_id);
        snprintf(from, sizeof from, "logged model %s (%s%s%s)", P.lm_name, P.model_id,
                 P.run_id[0] ? ", run " : "", P.run_id[0] ? (P.run_name[0] ? P.run_name
                                                                            : P.run_id) : "");
        if (P.new_model)
            snprintf(P.what, sizeof P.what, "Create registered model %s, then its version 1 "
                     "from %s (source %s)", P.model, from, P.value);
        else
            snprintf(P.what, sizeof P.what, "Create a version of %s from %s (source %s)",
                     P.model, from, P.value);
        confirm(app, v, "Register the model?");
        return;
    }

    snprintf(P.value, sizeof P.value, "%.*s/%s", (int)(ul && uri[ul - 1] == '/' ? ul - 1 : ul),
             uri, P.folder);
    snprintf(P.what, sizeof P.what, "Register %s/%s of run %s as a new version of %s%s",
             P.run_name[0] ? P.run_name : P.run_id, P.folder, P.run_name[0] ? P.run_name
             : P.run_id, P.model, P.new_model ? " (a new registered model)" : "");
    /* Shorter and exact: what gets created. */
    snprintf(P.what, sizeof P.what, "%sCreate a version of %s from run %s, folder %s "
             "(source %s)", P.new_model ? "Create registered model " : "",
             P.new_model ? "" : P.model, P.run_name[0] ? P.run_name : P.run_id, P.folder,
             P.value);
    if (P.new_model) {
        char tmp[sizeof P.what];
        snprintf(tmp, sizeof tmp, "Create registered model %s, then its version 1 from run "
                 "%s, folder %s (source %s)", P.model, P.run_name[0] ? P.run_name : P.run_id,
                 P.folder, P.value);
        memcpy(P.what, tmp, sizeof tmp);
    }
    confirm(app, v, "Register the model?");
}

static int model_named(View *v, App *app, const char *text)
{
    if (!mine(v))
        return R_REDRAW;
    while (*text == ' ')
        text++;
    if (!*text) {
        app_error(app, "A model needs a name");
        reset();
        return R_REDRAW;
    }
    snprintf(P.model, sizeof P.model, "%s", text);
    set_owner_label();
    /* Typed a name that exists? Then it is a new version of it. */
    P.new_model = true;
    for (size_t i = 1; i < P.n_choices; i++)
        if (strcmp(P.choices[i], P.model) == 0)
            P.new_model = false;
    register_confirm(app, v);
    return R_REDRAW;
}

static int model_chosen(View *v, App *app, void *ctx, int choice)
{
    (void)ctx;
    if (!mine(v))
        return R_REDRAW;
    if (choice == 0) {
        app_prompt(app, v, "New registered model name: ", "", model_named, NULL);
        return R_REDRAW;
    }
    snprintf(P.model, sizeof P.model, "%s", P.choices[choice]);
    set_owner_label();
    P.new_model = false;
    register_confirm(app, v);
    return R_REDRAW;
}

static void choose_model(App *app, View *v)
{
    if (P.model[0]) {
        /* :register MODEL — does it exist? */
        reg_model_get(app_api(app), v->id, v->gen, TAG_MODEL_GET, P.model);
        return;
    }
    reg_models_search(app_api(app), v->id, v->gen, TAG_MODELS, NULL, NULL);
    app_message(app, "Reading the registered models…");
}

/* Registering a logged model: its artifacts must hold an MLmodel (the server
 * does not check), then the registered model is chosen. */
static void check_logged_model(App *app, View *v)
{
    if (!lm_artifacts_list(app_api(app), v->id, v->gen, TAG_LM_CHECK, P.model_id, NULL)) {
        app_error(app, "Could not send the request");
        reset();
        return;
    }
    app_message(app, "Checking logged model %s for an MLmodel file…", P.model_id);
}

static int folder_chosen(View *v, App *app, void *ctx, int choice)
{
    (void)ctx;
    if (!mine(v) || choice < 0 || (size_t)choice >= P.n_choices)
        return R_REDRAW;
    if ((size_t)choice < P.n_lm) {
        snprintf(P.model_id, sizeof P.model_id, "%s", P.lm_ids[choice]);
        snprintf(P.lm_name, sizeof P.lm_name, "%s", P.choices[choice]);
        check_logged_model(app, v);
        return R_REDRAW;
    }
    snprintf(P.folder, sizeof P.folder, "%s", P.choices[choice]);
    choose_model(app, v);
    return R_REDRAW;
}

static void folders_done(App *app, View *v)
{
    size_t initial = 0;

    if (P.n_choices == 0) {
        app_error(app, "No %sfolder with an MLmodel file in the artifacts of run %s: nothing "
                  "to register", lm_server_gen() == SERVER_MLFLOW2 ? "" : "logged model and no ",
                  P.run_name[0] ? P.run_name : P.run_id);
        reset();
        return;
    }
    for (size_t i = P.n_lm; i < P.n_choices; i++)
        if (strcmp(P.choices[i], "model") == 0 && P.n_lm == 0)
            initial = i;
    if (P.n_lm)
        app_choose(app, v, "Register which model?", "The run's logged models (MLflow 3), then "
                   "folders of its artifacts that hold an MLmodel file:", choice_ptrs(),
                   P.n_choices, 0, folder_chosen, NULL);
    else
        app_choose(app, v, "Register which model folder?", "Folders of the run's artifacts "
                   "that hold an MLmodel file:", choice_ptrs(), P.n_choices, initial,
                   folder_chosen, NULL);
}

/* The experiment id in a run's artifact location: the path segment before the
 * run id (mlflow-artifacts:/1/<run>/artifacts, file:///x/mlruns/1/<run>/...,
 * s3://b/1/<run>/artifacts); NULL when it has none. */
static const char *experiment_of(const char *uri, const char *run_id, char *buf, size_t size)
{
    size_t rl = strlen(run_id);
    const char *p = uri, *hit = NULL, *start;

    if (!rl)
        return NULL;
    while ((p = strstr(p, run_id))) {
        if (p > uri && p[-1] == '/' && (p[rl] == '/' || p[rl] == '\0'))
            hit = p;
        p += rl;
    }
    if (!hit || hit - uri < 2)
        return NULL;
    start = hit - 1;
    while (start > uri && start[-1] != '/' && start[-1] != ':')
        start--;
    if (hit - 1 - start <= 0 || (size_t)(hit - 1 - start) >= size)
        return NULL;
    snprintf(buf, size, "%.*s", (int)(hit - 1 - start), start);
    return buf;
}

void regw_register(App *app, View *v, const char *run_id, const char *run_name,
                   const char *artifact_uri, const char *model)
{
    RegTarget t = { .kind = TARGET_RUN, .run_id = run_id, .run_name = run_name };

    if (refuse_read_only(app))
        return;
    begin(app, v, OP_REGISTER);
    set_target(&t);
    P.target = TARGET_MODEL;
    snprintf(P.artifact_uri, sizeof P.artifact_uri, "%s", artifact_uri ? artifact_uri : "");
    snprintf(P.model, sizeof P.model, "%s", model ? model : "");
    set_owner_label();
    if (!P.artifact_uri[0]) {
        app_error(app, "The run's artifact location is not known yet; try again");
        reset();
        return;
    }
    if (lm_server_gen() != SERVER_MLFLOW2) {
        /* MLflow 3 keeps a run's models apart from its artifacts: ask for them
         * first (an MLflow 2 server answers 404 and is remembered as such). */
        char filter[128];
        LmQuery q = { 0 };
        char exp_buf[64];
        const char *exp = experiment_of(P.artifact_uri, run_id, exp_buf, sizeof exp_buf);
        snprintf(filter, sizeof filter, "source_run_id = '%s'", run_id);
        q.experiment_id = exp;
        q.filter = filter;
        q.max_results = MAX_CHOICES / 2;
        if (exp && lm_search(app_api(app), v->id, v->gen, TAG_LM_OF_RUN, &q)) {
            app_message(app, "Looking for the run's logged models…");
            return;
        }
    }
    if (!reg_artifacts_list(app_api(app), v->id, v->gen, TAG_LIST_ROOT, run_id, NULL)) {
        app_error(app, "Could not send the request");
        reset();
        return;
    }
    app_message(app, "Looking for model folders in the run's artifacts…");
}

void regw_register_logged_model(App *app, View *v, const char *model_id,
                                const char *model_name, const char *run_id,
                                const char *run_name, const char *model)
{
    RegTarget t = { .kind = TARGET_RUN, .run_id = run_id, .run_name = run_name };

    if (refuse_read_only(app))
        return;
    begin(app, v, OP_REGISTER);
    set_target(&t);
    P.target = TARGET_MODEL;
    snprintf(P.model_id, sizeof P.model_id, "%s", model_id ? model_id : "");
    snprintf(P.lm_name, sizeof P.lm_name, "%s", model_name && *model_name ? model_name
                                                                           : "model");
    snprintf(P.model, sizeof P.model, "%s", model ? model : "");
    set_owner_label();
    check_logged_model(app, v);
}

static bool ends_with_mlmodel(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;

    if (strcmp(base, "MLmodel") != 0)
        return false;
    snprintf(dir, size, "%.*s", slash ? (int)(slash - path) : 0, path);
    return true;
}

static int register_result(View *v, App *app, ApiResult *r)
{
    Err e;
    err_clear(&e);

    switch (r->tag) {
    case TAG_LM_OF_RUN: {
        LoggedModelList l = { 0 };
        lm_note_reply(r);
        if (r->err.kind == ERR_OK && lm_parse_search(r->body, r->body_len, &l, NULL, &e) == 0)
            for (size_t i = 0; i < l.n && P.n_choices < MAX_CHOICES / 2; i++) {
                snprintf(P.lm_ids[P.n_lm++], sizeof P.lm_ids[0], "%s", l.items[i].model_id);
                add_choice("%s%s", l.items[i].name, "");
                snprintf(P.choices[P.n_choices - 1], sizeof P.choices[0],
                         "logged model %.100s (%s)", l.items[i].name, l.items[i].model_id);
            }
        lmlist_clear(&l);
        /* then the MLflow 2 way: MLmodel folders in the run's artifacts */
        if (!reg_artifacts_list(app_api(app), v->id, v->gen, TAG_LIST_ROOT, P.run_id, NULL)) {
            app_error(app, "Could not send the request");
            reset();
            return RW_FAILED;
        }
        return RW_BUSY;
    }
    case TAG_LM_CHECK: {
        ArtifactList *al = artifact_list_new();
        bool found = false;
        if (r->err.kind != ERR_OK || !al ||
            artifacts_parse_list(r->body, r->body_len, al, &e) != 0) {
            report_failure(app, r->err.kind != ERR_OK ? &r->err : &e);
            artifact_list_free(al);
            reset();
            return RW_FAILED;
        }
        for (size_t i = 0; i < al->n && !found; i++)
            found = !al->items[i].is_dir && strcmp(al->items[i].path, "MLmodel") == 0;
        artifact_list_free(al);
        if (!found) {
            app_error(app, "Logged model %s holds no MLmodel file: nothing to register",
                       P.model_id);
            reset();
            return RW_FAILED;
        }
        choose_model(app, v);
        return RW_BUSY;
    }
    case TAG_LIST_ROOT:
    case TAG_LIST_DIR: {
        RegFile *files = NULL;
        size_t n = 0;
        if (r->tag == TAG_LIST_DIR)
            P.dirs_pending--;
        if (r->err.kind == ERR_OK && reg_parse_files(r->body, r->body_len, &files, &n, &e) == 0) {
            for (size_t i = 0; i < n; i++) {
                char dir[256];
                if (files[i].is_dir && r->tag == TAG_LIST_ROOT && P.dirs_pending < 32) {
                    if (reg_artifacts_list(app_api(app), v->id, v->gen, TAG_LIST_DIR, P.run_id,
                                           files[i].path))
                        P.dirs_pending++;
                } else if (!files[i].is_dir && ends_with_mlmodel(files[i].path, dir, sizeof dir)
                           && dir[0]) {
                    add_choice("%s%s", dir, "");
                }
            }
            reg_files_free(files, n);
        } else if (r->tag == TAG_LIST_ROOT) {
            report_failure(app, r->err.kind != ERR_OK ? &r->err : &e);
            reset();
            return RW_FAILED;
        }
        if (P.dirs_pending == 0)
            folders_done(app, v);
        return RW_BUSY;
    }
    case TAG_MODEL_GET:
        if (r->err.kind == ERR_OK) {
            P.new_model = false;
        } else if (strcmp(r->err.code, "RESOURCE_DOES_NOT_EXIST") == 0) {
            P.new_model = true;
        } else {
            report_failure(app, &r->err);
            reset();
            return RW_FAILED;
        }
        register_confirm(app, v);
        return RW_BUSY;
    case TAG_MODELS: {
        ModelList ml = { 0 };
        if (r->err.kind != ERR_OK || reg_parse_models(r->body, r->body_len, &ml, NULL, &e) != 0) {
            report_failure(app, r->err.kind != ERR_OK ? &r->err : &e);
            modellist_clear(&ml);
            reset();
            return RW_FAILED;
        }
        P.n_choices = 0;
        add_choice("%s%s", "+ New registered model…", "");
        for (size_t i = 0; i < ml.n; i++)
            add_choice("%s%s", ml.items[i].name, "");
        modellist_clear(&ml);
        char text[700];
        if (P.model_id[0])
            snprintf(text, sizeof text, "Register logged model %s (%s) as a version of:",
                     P.lm_name, P.model_id);
        else
            snprintf(text, sizeof text, "Register %s/%s as a version of:", P.run_name[0] ?
                     P.run_name : P.run_id, P.folder);
        app_choose(app, v, "Registered model", text, choice_ptrs(), P.n_choices, 0,
                   model_chosen, NULL);
        return RW_BUSY;
    }
    case TAG_CREATE_MODEL:
        if (r->err.kind != ERR_OK)
            return write_failed(app, &r->err);
        /* The model exists now: create its version (a second, separate write). */
        if (!(P.model_id[0] ? lm_register(app_api(app), v->id, v->gen, TAG_CREATE_VERSION,
                                          P.model, P.model_id, P.run_id)
                            : reg_version_create(app_api(app), v->id, v->gen,
                                                 TAG_CREATE_VERSION, P.model, P.value,
                                                 P.run_id))) {
            app_error(app, "Created model %s but could not send the version request", P.model);
            reset();
            generation++;
            return RW_OK;
        }
        app_message(app, "Created registered model %s; creating its version…", P.model);
        return RW_BUSY;
    case TAG_CREATE_VERSION: {
        ModelVersion mv;
        char model[512];
        snprintf(model, sizeof model, "%s", P.model);
        if (r->err.kind == ERR_UNKNOWN_OUTCOME) {
            write_failed(app, &r->err);
            view_open(app, VIEW_VERSIONS, &(ViewArgs){ .model = model });   /* re-read */
            return RW_OK;
        }
        if (r->err.kind != ERR_OK)
            return write_failed(app, &r->err);
        if (reg_parse_version(r->body, r->body_len, &mv, &e) == 0) {
            if (P.model_id[0])
                app_message(app, "Registered %s version %s (from logged model %s)", mv.name,
                            mv.version, P.model_id);
            else
                app_message(app, "Registered %s version %s (from run %s)", mv.name,
                            mv.version, P.run_name[0] ? P.run_name : P.run_id);
            model_version_free_fields(&mv);
        } else {
            app_message(app, "Registered a new version of %s", model);
        }
        reset();
        generation++;
        view_open(app, VIEW_VERSIONS, &(ViewArgs){ .model = model });
        return RW_OK;
    }
    }
    return RW_NOT_MINE;
}

int regw_on_result(View *v, App *app, ApiResult *r)
{
    char done[sizeof P.what];

    if (r->kind != REQ_CALL || r->tag < REGW_TAG_BASE || r->tag >= REGW_TAG_END)
        return RW_NOT_MINE;
    if (!mine(v))
        return RW_FAILED;       /* a stale reply of a flow given up: nothing to do */
    if (P.op == OP_REGISTER)
        return register_result(v, app, r);
    if (r->tag != TAG_WRITE)
        return RW_NOT_MINE;
    if (r->err.kind != ERR_OK)
        return write_failed(app, &r->err);
    snprintf(done, sizeof done, "%s", P.what);
    app_message(app, "Done: %s", done);
    reset();
    generation++;
    return RW_OK;
}

/* ---- runs ---- */

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
