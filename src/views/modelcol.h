/* modelcol.h — the runs table's model column for MLflow 3 runs. Their models
 * are logged models, not run artifacts, so runs/search says nothing about
 * them: one logged-models/search per experiment (all pages) gives every
 * model's source run, and each model's MLmodel (for at most MODELCOL_MLMODELS
 * models) its flavour. Until the flavour is known the model's name stands in.
 * Never one request per run; nothing is asked of a server known to be
 * MLflow 2, and no error is shown for it. */
#ifndef MLTUI_VIEWS_MODELCOL_H
#define MLTUI_VIEWS_MODELCOL_H

#include <stdbool.h>

#include "app.h"
#include "core/logged_model.h"
#include "core/runset.h"

#define MODELCOL_MLMODELS 50

typedef struct ModelCol {
    LoggedModelList lms, next;   /* the experiment's logged models; pages of a new read */
    char          **flavours;    /* per lms item, NULL until its MLmodel is read */
    char            exp_id[64];  /* the experiment asked about */
    bool            asked;
    bool            answered;    /* a logged-models/search reply (or error) came */
} ModelCol;

/* Once per experiment (later calls do nothing): /version first when the
 * server is not known yet, then logged-models/search. Replies go to v. */
void modelcol_start(ModelCol *mc, View *v, App *app, const char *exp_id);
/* Handles r if it is one of this module's replies (true); sets the flavour
 * of the runs of rs that have a logged model. */
bool modelcol_on_result(ModelCol *mc, View *v, App *app, ApiResult *r, RunSet *rs);
/* Sets the model column of rs's runs again (after new pages arrived). */
void modelcol_apply(const ModelCol *mc, RunSet *rs);
void modelcol_free(ModelCol *mc);
/* True once whether the server has logged models is settled: its version is
 * known, or the logged-models question got an answer (even an error). */
bool modelcol_settled(const ModelCol *mc);

#endif
