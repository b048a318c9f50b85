/* regwrite.h — every write to the server, as one interactive flow each:
 * choose (widgets/dialog chooser) or type (the prompt) what to change, read a
 * confirmation that states the exact change, send it once (never retried),
 * then report the server's answer. One flow runs at a time (the dialogs and
 * the prompt are modal); its state is a context the app keeps for the view
 * that started it (app_flow_begin; views/regflow.h), freed when the flow ends
 * or the view closes. The replies arrive at the view that started the
 * flow: its on_result passes every REQ_CALL result to regw_on_result first,
 * and re-reads from the server when it returns RW_OK. In --read-only mode
 * every entry point refuses (the keys are already gone; this is the check at
 * each write site). Files: regwrite.c (the flows' steps; stage, aliases,
 * tags, descriptions, names, delete/restore), register.c (registering a
 * model), runwrite.c (the run screens' write keys and commands). */
#ifndef MLTUI_REGWRITE_H
#define MLTUI_REGWRITE_H

#include <stdbool.h>

#include "app.h"
#include "core/registry.h"
#include "core/runset.h"

/* Replies of writes carry api tags from here on; views use other tags. */
#define REGW_TAG_BASE 7700
#define REGW_TAG_END  7720

enum { RW_NOT_MINE = 0, RW_OK, RW_FAILED, RW_BUSY };

/* What a tag, description or edit applies to. */
typedef struct RegTarget {
    enum { TARGET_MODEL, TARGET_VERSION, TARGET_RUN } kind;
    const char *model, *version;      /* model; model + version */
    const char *run_id, *run_name;    /* run */
} RegTarget;

/* Move a version to another stage. stage NULL: choose it; archive -1: ask when
 * other versions are in the target stage (0/1: as given). all/n: the model's
 * versions as last read (copied), to name what would be archived. */
void regw_stage(App *app, View *v, const char *model, const char *version,
                const ModelVersion *all, size_t n, const char *stage, int archive);
/* Set an alias (alias NULL: prompt for it) on a version; m (may be NULL) tells
 * whether another version holds it already. */
void regw_alias_set(App *app, View *v, const RegisteredModel *m, const char *model,
                    const char *version, const char *alias);
/* Delete an alias (NULL: choose among those of `version`, or of the whole
 * model when version is NULL). */
void regw_alias_delete(App *app, View *v, const RegisteredModel *m, const char *model,
                       const char *version, const char *alias);
/* Set a tag: key NULL prompts for KEY=VALUE. tags/n: the current tags. */
void regw_tag(App *app, View *v, const RegTarget *t, const Tag *tags, size_t n,
              const char *key, const char *value);
/* Delete a tag (key NULL: choose; initial pre-selects one). */
void regw_untag(App *app, View *v, const RegTarget *t, const Tag *tags, size_t n,
                const char *key, const char *initial);
/* Set the description (text NULL: prompt, starting from current). Runs keep
 * theirs in the mlflow.note.content tag. */
void regw_describe(App *app, View *v, const RegTarget *t, const char *current,
                   const char *text);
/* A registered model's or a version's tag, untag and edit keys (untag_initial
 * pre-selects a tag) and its `:tag KEY VALUE`, `:untag [KEY]` and
 * `:describe [TEXT]` commands, on t whose current tags/n and description are
 * given. Return Reaction flags, R_UNKNOWN for any other action or command. */
int  regw_tags_action(App *app, View *v, Action a, const RegTarget *t, const Tag *tags,
                      size_t n, const char *description, const char *untag_initial);
int  regw_tags_command(App *app, View *v, int argc, char **argv, const RegTarget *t,
                       const Tag *tags, size_t n, const char *description);
/* Rename a run (name NULL: prompt). */
void regw_rename(App *app, View *v, const char *run_id, const char *current,
                 const char *name);
/* Run detail's edit key: choose the run name or its description. */
void regw_edit_run(App *app, View *v, const char *run_id, const char *name,
                   const char *description);
/* runs/delete or runs/restore. */
void regw_run_lifecycle(App *app, View *v, const char *run_id, const char *run_name,
                        bool restore);
/* Register a model of a run as a new model version: list its logged models
 * (MLflow 3; skipped once the server is known to be MLflow 2) and the folders
 * of its artifacts holding an MLmodel, choose one, choose (or name) the
 * registered model, confirm, create the model if new, create the version.
 * model NULL: choose. */
void regw_register(App *app, View *v, const char *run_id, const char *run_name,
                   const char *artifact_uri, const char *model);

/* MLflow 3: register logged model model_id (model_name and its source run for
 * the confirmation; run_id is sent as the version's run_id): its artifacts
 * must hold an MLmodel, then choose (or name) the registered model, confirm,
 * create the model if new, then model-versions/create with source
 * "models:/<model_id>", run_id and model_id. model NULL: choose. */
void regw_register_logged_model(App *app, View *v, const char *model_id,
                                const char *model_name, const char *run_id,
                                const char *run_name, const char *model);

/* Handles r if it is the reply of a flow's request: RW_OK (the write was
 * made: re-read), RW_FAILED (said why; leave the screen as it is), RW_BUSY
 * (a step of a flow), or RW_NOT_MINE. */
int  regw_on_result(View *v, App *app, ApiResult *r);

/* Bumped by every write the server confirmed: a screen below the one that
 * wrote compares it with the value it loaded at and re-reads when it is shown
 * again, so going back never shows a stale state. */
unsigned regw_generation(void);

/* The run's fields the write flows need, from run `i` of rs. */
typedef struct RunRef {
    const char *run_id, *name, *artifact_uri, *description;
    bool        deleted;
} RunRef;
RunRef regw_run_ref(const RunSet *rs, size_t i);

/* The run detail's and runs table's write keys and commands, in one place so
 * run.c and runs.c need one call each. tags: the run's own (non-system) tags.
 * cursor_key: the key of the field under the cursor (or NULL). Returns
 * Reaction flags, R_UNKNOWN when a is none of them. */
int  regw_run_action(App *app, View *v, Action a, const RunSet *rs, size_t i,
                     const char *cursor_key);
int  regw_run_command(App *app, View *v, int argc, char **argv, const RunSet *rs,
                      size_t i);

#endif
