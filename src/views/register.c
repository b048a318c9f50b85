/* register.c — registering a model folder of a run as a new model version
 * (regw_register in regwrite.h): list the run's artifacts (the root, then
 * each folder once) for folders holding an MLmodel file, choose one, choose
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

#include "api/registry.h"
#include "views/viewtab.h"

#define MAX_LISTED_DIRS 32   /* folders of the run's root listed for an MLmodel */

static const char *run_label(const WriteFlow *F)
{
    return F->run_name[0] ? F->run_name : F->run_id;
}

static void register_confirm(App *app, View *v, WriteFlow *F)
{
    const char *uri = F->artifact_uri;
    size_t ul = strlen(uri);

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

static int folder_chosen(View *v, App *app, void *ctx, int choice)
{
    WriteFlow *F = flow_of(app, v);

    (void)ctx;
    if (!F || choice < 0 || (size_t)choice >= F->n_choices)
        return R_REDRAW;
    flow_set(&F->folder, "%s", F->choices[choice]);
    choose_model(app, v, F);
    return R_REDRAW;
}

static void folders_done(App *app, View *v, WriteFlow *F)
{
    size_t initial = 0;

    if (F->n_choices == 0) {
        app_error(app, "No folder with an MLmodel file in the artifacts of run %s: nothing "
                  "to register", run_label(F));
        flow_end(app);
        return;
    }
    for (size_t i = 0; i < F->n_choices; i++)
        if (strcmp(F->choices[i], "model") == 0)
            initial = i;
    app_choose(app, v, "Register which model folder?", "Folders of the run's artifacts that "
               "hold an MLmodel file:", (const char *const *)F->choices, F->n_choices, initial,
               folder_chosen, NULL);
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
    if (!reg_artifacts_list(app_api(app), v->id, v->gen, TAG_LIST_ROOT, F->run_id, NULL)) {
        app_error(app, "Could not send the request");
        flow_end(app);
        return;
    }
    app_message(app, "Looking for model folders in the run's artifacts…");
}

uint64_t register_send(App *app, View *v, WriteFlow *F)
{
    return F->new_model ? reg_model_create(app_api(app), v->id, v->gen, TAG_CREATE_MODEL,
                                           F->model)
                        : reg_version_create(app_api(app), v->id, v->gen, TAG_CREATE_VERSION,
                                             F->model, F->value, F->run_id);
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
    if (r->err.kind != ERR_OK) {
        flow_report_failure(app, F, &r->err);
        flow_end(app);
        return RW_FAILED;
    }
    if (reg_parse_version(r->body, r->body_len, &mv, &e) == 0) {
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
    case TAG_CREATE_MODEL:
        if (r->err.kind != ERR_OK) {
            flow_report_failure(app, F, &r->err);
            flow_end(app);
            return RW_FAILED;
        }
        /* The model exists now: create its version (a second, separate write). */
        if (!reg_version_create(app_api(app), v->id, v->gen, TAG_CREATE_VERSION, F->model,
                                F->value, F->run_id)) {
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
