/* regflow.h — the state of one write flow and the steps every flow shares
 * (private to regwrite.c and register.c; screens use regwrite.h).
 *
 * A flow's context is a WriteFlow the app keeps for the view that started it
 * (app_flow_begin): dialogs, prompts and replies find it with flow_of(app, v),
 * which is NULL once the flow has ended or when v did not start it, so a
 * stale callback does nothing. Every string is allocated to its length: what
 * is confirmed and sent is never cut. */
#ifndef MLTUI_VIEWS_REGFLOW_H
#define MLTUI_VIEWS_REGFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "views/regwrite.h"

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

typedef struct WriteFlow {
    Op       op;
    int      target;               /* RegTarget kind */
    char    *model, *version, *run_id, *run_name;   /* never NULL ("" when unset) */
    char    *what;                 /* the change, as confirmed */
    char    *owner_label;          /* "model NEOs" / "run big-skink-198": permission errors */
    char    *label;                /* the target: "run big-skink-198", "NEOs v3", "model NEOs" */
    /* stage */
    char     stage[16];
    bool     archive;
    ModelVersion *versions;        /* the model's versions as last read (copied) */
    size_t   n_versions;
    /* alias, tags, text */
    char    *alias, *key, *value, *old_value;
    Tag     *tags;                 /* the target's tags when the flow began (copied) */
    size_t   n_tags;
    char   **choices;              /* what the current chooser offers */
    size_t   n_choices;
    /* register */
    char    *artifact_uri, *folder;
    char    *model_id, *lm_name;   /* registering a logged model (MLflow 3) */
    char   **lm_ids, **lm_names;   /* choices[0..n_lm) are the run's logged models */
    size_t   n_lm;
    int      dirs_pending;         /* artifacts/list requests in flight */
    bool     new_model;
} WriteFlow;

/* Starts a flow of view v (ending any other): NULL when out of memory (said). */
WriteFlow *flow_begin(App *app, View *v, Op op);
/* The flow v started, or NULL. */
WriteFlow *flow_of(App *app, const View *v);
/* Ends the flow in progress (frees its context). */
void  flow_end(App *app);

/* *field = the formatted text (the old one freed); keeps the old text when
 * out of memory. */
void  flow_set(char **field, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a formatted choice to F->choices. */
void  flow_add_choice(WriteFlow *F, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void  flow_clear_choices(WriteFlow *F);
/* Sets owner_label and label from the target fields. */
void  flow_set_owner(WriteFlow *F);

/* True (and says so) in --read-only mode. */
bool  flow_refuse_read_only(App *app);
/* Asks to confirm F->what; on yes the flow's write is sent once. */
void  flow_confirm(App *app, View *v, const char *title);
/* Says plainly why a request of F failed. */
void  flow_report_failure(App *app, const WriteFlow *F, const Err *e);
/* The one ending of a write that failed: says why (flow_report_failure),
 * ends the flow, and when the outcome is unknown (sent, no complete reply)
 * returns RW_OK with flow_written() so the screen re-reads what the server
 * now holds; else RW_FAILED. F is freed: use nothing of it afterwards. */
int   flow_write_failed(App *app, const WriteFlow *F, const Err *e);
/* A write the server confirmed: screens below re-read when shown again. */
void  flow_written(void);

/* register.c: sends the register flow's first write (create the model or its
 * version) once confirmed; its replies. */
uint64_t register_send(App *app, View *v, WriteFlow *F);
int   register_on_result(View *v, App *app, WriteFlow *F, ApiResult *r);

#endif
