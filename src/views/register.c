/* register.c — registering a model of a run as a new model version
 * (regw_register in regwrite.h): on MLflow 3 first the run's logged models,
 * then the run's artifacts (the root, then each folder once) for folders
 * holding an MLmodel file; choose one (a logged model is first checked for an
 * MLmodel file, the server does not check), choose
 * or name the registered model (or check the one given), confirm the exact
 * change, create the model when it is new, then create the version — each
 * write sent once — and open the model's versions.
 *
 * The flow's state is its WriteFlow (regflow.h): the folders and models it
 * offers, the artifacts/list requests in flight, whether the model is new. */
#include "views/regflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/artifacts.h"
#include "api/logged_models.h"
#include "api/registry.h"
#include "views/viewtab.h"

#define MAX_LISTED_DIRS 32   /* folders of the run's root listed for an MLmodel */
#define MAX_LOGGED_MODELS 32 /* a run's logged models offered */

static const char *run_label(const WriteFlow *F)
{
    return F->run_name[0] ? F->run_name : F->run_id;
}

static void register_confirm(App *app, View *v, WriteFlow *F)
{
    const char *uri = F->artifact_uri;
    size_t ul = strlen(uri);

    if (F->model_id[0]) {
        /* MLflow 3: the version's source is the logged model itself. */
        char *from = NULL;

        flow_set(&F->value, "models:/%s", F->model_id);
        if (F->run_id[0])
            flow_set(&from, "logged model %s (%s, run %s)", F->lm_name, F->model_id,
                     run_label(F));
        else
            flow_set(&from, "logged model %s (%s)", F->lm_name, F->model_id);
        if (F->new_model)
            flow_set(&F->what, "Create registered model %s, then its version 1 from %s "
                     "(source %s)", F->model, from ? from : F->model_id, F->value);
        else
            flow_set(&F->what, "Create a version of %s from %s (source %s)", F->model,
                     from ? from : F->model_id, F->value);
        free(from);
        flow_confirm(app, v, "Register the model?");
        return;
    }
    /* The version's source: the run's artifact location and the folder. */
    flow_set(&F->value, "%.*s/%s", (int)(ul && uri[ul - 1] == '/' ? ul - 1 : ul), uri,
             F->folder);
    if (F->new_model)
        flow_set(&F->what, "Create registered model %s, then its version 1 from run %s, "
                 "folder %s (source %s)", F->model, run_label(F), F->folder, F->value);
    else
        flow_set(&F->what, "Create a version of %s from run %s, folder %s (source %s)",
                 F->model, run_label(F), F->folder, F->value);
    flow_confirm(app, v, "Register the model?");
}

static int model_named(View *v, App *app, const char *text)
{
    WriteFlow *F = flow_of(app, v);

    if (!F)
        return R_REDRAW;
    while (*text == ' ')
        text++;
    if (!*text) {
        app_error(app, "A model needs a name");
        flow_end(app);
        return R_REDRAW;
    }
    flow_set(&F->model, "%s", text);
    flow_set_owner(F);
    /* Typed a name that exists? Then it is a new version of it. */
    F->new_model = true;
    for (size_t i = 1; i < F->n_choices; i++)
        if (strcmp(F->choices[i], F->model) == 0)
            F->new_model = false;
    register_confirm(app, v, F);
    return R_REDRAW;
}

static int model_chosen(View *v, App *app, void *ctx, int choice)
{
    WriteFlow *F = flow_of(app, v);

    (void)ctx;
    if (!F || choice < 0 || (size_t)choice >= F->n_choices)
        return R_REDRAW;
    if (choice == 0) {
        app_prompt(app, v, "New registered model name: ", "", model_named, NULL);
        return R_REDRAW;
    }
    flow_set(&F->model, "%s", F->choices[choice]);
    flow_set_owner(F);
    F->new_model = false;
    register_confirm(app, v, F);
    return R_REDRAW;
}

static void choose_model(App *app, View *v, WriteFlow *F)
{
    if (F->model[0]) {
        /* :register MODEL — does it exist? */
        reg_model_get(app_api(app), v->id, v->gen, TAG_MODEL_GET, F->model);
        return;
    }
    reg_models_search(app_api(app), v->id, v->gen, TAG_MODELS, NULL, NULL);
    app_message(app, "Reading the registered models…");
}

/* Registering a logged model: its artifacts must hold an MLmodel (the server
 * does not check), then the registered model is chosen. */
static void check_logged_model(App *app, View *v, WriteFlow *F)
{
    if (!lm_artifacts_list(app_api(app), v->id, v->gen, TAG_LM_CHECK, F->model_id, NULL)) {
        app_error(app, "Could not send the request");
        flow_end(app);
        return;
    }
    app_message(app, "Checking logged model %s for an MLmodel file…", F->model_id);
}

static int folder_chosen(View *v, App *app, void *ctx, int choice)
{
    WriteFlow *F = flow_of(app, v);

    (void)ctx;
    if (!F || choice < 0 || (size_t)choice >= F->n_choices)
        return R_REDRAW;
    if ((size_t)choice < F->n_lm) {
        flow_set(&F->model_id, "%s", F->lm_ids[choice]);
        flow_set(&F->lm_name, "%s", F->lm_names[choice]);
        check_logged_model(app, v, F);
        return R_REDRAW;
    }
    flow_set(&F->folder, "%s", F->choices[choice]);
    choose_model(app, v, F);
    return R_REDRAW;
}

static void folders_done(App *app, View *v, WriteFlow *F)
{
    size_t initial = 0;

    if (F->n_choices == 0) {
        app_error(app, "No %sfolder with an MLmodel file in the artifacts of run %s: nothing "
                  "to register", lm_server_gen() == SERVER_MLFLOW2 ? "" : "logged model and no ",
                  run_label(F));
        flow_end(app);
        return;
    }
    if (F->n_lm) {
        app_choose(app, v, "Register which model?", "The run's logged models (MLflow 3), then "
                   "folders of its artifacts that hold an MLmodel file:",
                   (const char *const *)F->choices, F->n_choices, 0, folder_chosen, NULL);
        return;
    }
    for (size_t i = 0; i < F->n_choices; i++)
        if (strcmp(F->choices[i], "model") == 0)
            initial = i;
    app_choose(app, v, "Register which model folder?", "Folders of the run's artifacts that "
               "hold an MLmodel file:", (const char *const *)F->choices, F->n_choices, initial,
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
    WriteFlow *F;

    if (flow_refuse_read_only(app) || !(F = flow_begin(app, v, OP_REGISTER)))
        return;
    F->target = TARGET_MODEL;
    flow_set(&F->run_id, "%s", run_id ? run_id : "");
    flow_set(&F->run_name, "%s", run_name ? run_name : "");
    flow_set(&F->artifact_uri, "%s", artifact_uri ? artifact_uri : "");
    flow_set(&F->model, "%s", model ? model : "");
    flow_set_owner(F);
    if (!F->artifact_uri[0]) {
        app_error(app, "The run's artifact location is not known yet; try again");
        flow_end(app);
        return;
    }
    if (lm_server_gen() != SERVER_MLFLOW2) {
        /* MLflow 3 keeps a run's models apart from its artifacts: ask for them
         * first (an MLflow 2 server answers 404 and is remembered as such). */
        char *filter = NULL, exp_buf[64];
        LmQuery q = { 0 };
        const char *exp = experiment_of(F->artifact_uri, F->run_id, exp_buf, sizeof exp_buf);
        uint64_t sent = 0;

        flow_set(&filter, "source_run_id = '%s'", F->run_id);
        q.experiment_id = exp;
        q.filter = filter;
        q.max_results = MAX_LOGGED_MODELS;
        if (exp && filter)
            sent = lm_search(app_api(app), v->id, v->gen, TAG_LM_OF_RUN, &q);
        free(filter);
        if (sent) {
            app_message(app, "Looking for the run's logged models…");
            return;
        }
    }
    if (!reg_artifacts_list(app_api(app), v->id, v->gen, TAG_LIST_ROOT, F->run_id, NULL)) {
        app_error(app, "Could not send the request");
        flow_end(app);
        return;
    }
    app_message(app, "Looking for model folders in the run's artifacts…");
}

void regw_register_logged_model(App *app, View *v, const char *model_id,
                                const char *model_name, const char *run_id,
                                const char *run_name, const char *model)
{
    WriteFlow *F;

    if (flow_refuse_read_only(app) || !(F = flow_begin(app, v, OP_REGISTER)))
        return;
    F->target = TARGET_MODEL;
    flow_set(&F->run_id, "%s", run_id ? run_id : "");
    flow_set(&F->run_name, "%s", run_name ? run_name : "");
    flow_set(&F->model_id, "%s", model_id ? model_id : "");
    flow_set(&F->lm_name, "%s", model_name && *model_name ? model_name : "model");
    flow_set(&F->model, "%s", model ? model : "");
    flow_set_owner(F);
    check_logged_model(app, v, F);
}

/* The version's own write: from a logged model (MLflow 3) or a folder. */
static uint64_t send_version(App *app, View *v, WriteFlow *F)
{
    if (F->model_id[0])
        return lm_register(app_api(app), v->id, v->gen, TAG_CREATE_VERSION, F->model,
                           F->model_id, F->run_id);
    return reg_version_create(app_api(app), v->id, v->gen, TAG_CREATE_VERSION, F->model,
                              F->value, F->run_id);
}

uint64_t register_send(App *app, View *v, WriteFlow *F)
{
    return F->new_model ? reg_model_create(app_api(app), v->id, v->gen, TAG_CREATE_MODEL,
                                           F->model)
                        : send_version(app, v, F);
}

/* The folder of path when its last part is MLmodel ("model/MLmodel" -> "model"). */
static bool mlmodel_folder(const char *path, const char **dir, int *len)
{
    const char *slash = strrchr(path, '/');

    if (strcmp(slash ? slash + 1 : path, "MLmodel") != 0 || !slash || slash == path)
        return false;
    *dir = path;
    *len = (int)(slash - path);
    return true;
}

/* artifacts/list of the root (then of each of its folders): collect the folders
 * that hold an MLmodel; choose among them once every listing has answered. */
static int listing_result(View *v, App *app, WriteFlow *F, ApiResult *r)
{
    RegFile *files = NULL;
    size_t n = 0;
    Err e;

    err_clear(&e);
    if (r->tag == TAG_LIST_DIR)
        F->dirs_pending--;
    if (r->err.kind == ERR_OK && reg_parse_files(r->body, r->body_len, &files, &n, &e) == 0) {
        for (size_t i = 0; i < n; i++) {
            const char *dir;
            int len;
            if (files[i].is_dir && r->tag == TAG_LIST_ROOT && F->dirs_pending < MAX_LISTED_DIRS) {
                if (reg_artifacts_list(app_api(app), v->id, v->gen, TAG_LIST_DIR, F->run_id,
                                       files[i].path))
                    F->dirs_pending++;
            } else if (!files[i].is_dir && mlmodel_folder(files[i].path, &dir, &len)) {
                flow_add_choice(F, "%.*s", len, dir);
            }
        }
        reg_files_free(files, n);
    } else if (r->tag == TAG_LIST_ROOT) {
        flow_report_failure(app, F, r->err.kind != ERR_OK ? &r->err : &e);
        flow_end(app);
        return RW_FAILED;
    }
    if (F->dirs_pending == 0)
        folders_done(app, v, F);
    return RW_BUSY;
}

static int models_result(View *v, App *app, WriteFlow *F, ApiResult *r)
{
    ModelList ml = { 0 };
    char *text = NULL;
    Err e;

    err_clear(&e);
    if (r->err.kind != ERR_OK || reg_parse_models(r->body, r->body_len, &ml, NULL, &e) != 0) {
        flow_report_failure(app, F, r->err.kind != ERR_OK ? &r->err : &e);
        modellist_clear(&ml);
        flow_end(app);
        return RW_FAILED;
    }
    flow_clear_choices(F);
    flow_add_choice(F, "%s", "+ New registered model…");
    for (size_t i = 0; i < ml.n; i++)
        flow_add_choice(F, "%s", ml.items[i].name);
    modellist_clear(&ml);
    if (F->model_id[0])
        flow_set(&text, "Register logged model %s (%s) as a version of:", F->lm_name,
                 F->model_id);
    else
        flow_set(&text, "Register %s/%s as a version of:", run_label(F), F->folder);
    app_choose(app, v, "Registered model", text ? text : "", (const char *const *)F->choices,
               F->n_choices, 0, model_chosen, NULL);
    free(text);
    return RW_BUSY;
}

static int version_created(App *app, WriteFlow *F, ApiResult *r)
{
    ModelVersion mv;
    char *model;
    Err e;

    err_clear(&e);
    if (r->err.kind == ERR_UNKNOWN_OUTCOME) {
        /* Sent, no complete reply: say so and show what the server now holds. */
        model = strdup(F->model);
        flow_write_failed(app, F, &r->err);
        if (model)
            view_open(app, VIEW_VERSIONS, &(ViewArgs){ .model = model });
        free(model);
        return RW_OK;
    }
    if (r->err.kind != ERR_OK)
        return flow_write_failed(app, F, &r->err);
    if (reg_parse_version(r->body, r->body_len, &mv, &e) == 0) {
        if (F->model_id[0])
            app_message(app, "Registered %s version %s (from logged model %s)", mv.name,
                        mv.version, F->model_id);
        else
            app_message(app, "Registered %s version %s (from run %s)", mv.name, mv.version,
                        run_label(F));
        model_version_free_fields(&mv);
    } else {
        app_message(app, "Registered a new version of %s", F->model);
    }
    model = strdup(F->model);
    flow_end(app);
    flow_written();
    if (model)
        view_open(app, VIEW_VERSIONS, &(ViewArgs){ .model = model });
    free(model);
    return RW_OK;
}

/* logged-models/search for the run (MLflow 3): offered first, then the MLflow 2
 * way, MLmodel folders in the run's artifacts, is looked at too. */
static int logged_models_result(View *v, App *app, WriteFlow *F, ApiResult *r)
{
    LoggedModelList l = { 0 };
    Err e;

    err_clear(&e);
    lm_note_reply(r);
    if (r->err.kind == ERR_OK && lm_parse_search(r->body, r->body_len, &l, NULL, &e) == 0) {
        char **ids = calloc(l.n ? l.n : 1, sizeof *ids);
        char **names = calloc(l.n ? l.n : 1, sizeof *names);

        for (size_t i = 0; ids && names && i < l.n && F->n_lm < MAX_LOGGED_MODELS; i++) {
            size_t before = F->n_choices;
            const char *name = l.items[i].name ? l.items[i].name : "";

            ids[F->n_lm] = strdup(l.items[i].model_id ? l.items[i].model_id : "");
            names[F->n_lm] = strdup(name);
            if (ids[F->n_lm] && names[F->n_lm])
                flow_add_choice(F, "logged model %s (%s)", name, ids[F->n_lm]);
            if (F->n_choices == before) {
                free(ids[F->n_lm]);
                free(names[F->n_lm]);
                break;
            }
            F->n_lm++;
        }
        F->lm_ids = ids;
        F->lm_names = names;
    }
    lmlist_clear(&l);
    if (!reg_artifacts_list(app_api(app), v->id, v->gen, TAG_LIST_ROOT, F->run_id, NULL)) {
        app_error(app, "Could not send the request");
        flow_end(app);
        return RW_FAILED;
    }
    return RW_BUSY;
}

/* artifacts of the chosen logged model: registered only when an MLmodel is there. */
static int logged_model_checked(View *v, App *app, WriteFlow *F, ApiResult *r)
{
    ArtifactList *al = artifact_list_new();
    bool found = false;
    Err e;

    err_clear(&e);
    if (r->err.kind != ERR_OK || !al || artifacts_parse_list(r->body, r->body_len, al, &e) != 0) {
        flow_report_failure(app, F, r->err.kind != ERR_OK ? &r->err : &e);
        artifact_list_free(al);
        flow_end(app);
        return RW_FAILED;
    }
    for (size_t i = 0; i < al->n && !found; i++)
        found = !al->items[i].is_dir && strcmp(al->items[i].path, "MLmodel") == 0;
    artifact_list_free(al);
    if (!found) {
        app_error(app, "Logged model %s holds no MLmodel file: nothing to register",
                  F->model_id);
        flow_end(app);
        return RW_FAILED;
    }
    choose_model(app, v, F);
    return RW_BUSY;
}

int register_on_result(View *v, App *app, WriteFlow *F, ApiResult *r)
{
    switch (r->tag) {
    case TAG_LIST_ROOT:
    case TAG_LIST_DIR:
        return listing_result(v, app, F, r);
    case TAG_MODEL_GET:
        if (r->err.kind == ERR_OK) {
            F->new_model = false;
        } else if (strcmp(r->err.code, "RESOURCE_DOES_NOT_EXIST") == 0) {
            F->new_model = true;
        } else {
            flow_report_failure(app, F, &r->err);
            flow_end(app);
            return RW_FAILED;
        }
        register_confirm(app, v, F);
        return RW_BUSY;
    case TAG_MODELS:
        return models_result(v, app, F, r);
    case TAG_LM_OF_RUN:
        return logged_models_result(v, app, F, r);
    case TAG_LM_CHECK:
        return logged_model_checked(v, app, F, r);
    case TAG_CREATE_MODEL:
        if (r->err.kind != ERR_OK)
            return flow_write_failed(app, F, &r->err);
        /* The model exists now: create its version (a second, separate write). */
        if (!send_version(app, v, F)) {
            app_error(app, "Created model %s but could not send the version request", F->model);
            flow_end(app);
            flow_written();
            return RW_OK;
        }
        app_message(app, "Created registered model %s; creating its version…", F->model);
        return RW_BUSY;
    case TAG_CREATE_VERSION:
        return version_created(app, F, r);
    }
    return RW_NOT_MINE;
}
