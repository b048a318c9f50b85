/* modelcol.c — see modelcol.h. */
#include "views/modelcol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/logged_models.h"
#include "api/mlmodel.h"

/* Tags of the replies (views keep their own below 60; regwrite.h uses 7700+). */
enum { TAG_VERSION = 60, TAG_PAGE, TAG_MLMODEL = 2000 };

static void request_page(ModelCol *mc, View *v, App *app, const char *exp_id,
                         const char *token)
{
    LmQuery q = { .experiment_id = exp_id, .max_results = 100, .page_token = token };

    (void)mc;
    lm_search(app_api(app), v->id, v->gen, TAG_PAGE, &q);
}

void modelcol_start(ModelCol *mc, View *v, App *app, const char *exp_id)
{
    if (mc->asked || !exp_id || !*exp_id)
        return;
    if (exp_id != mc->exp_id)
        snprintf(mc->exp_id, sizeof mc->exp_id, "%s", exp_id);
    if (lm_server_gen() == SERVER_UNKNOWN) {
        lm_server_version(app_api(app), v->id, v->gen, TAG_VERSION);
        return;
    }
    mc->asked = true;
    if (lm_server_gen() == SERVER_MLFLOW3)
        request_page(mc, v, app, exp_id, NULL);
}

void modelcol_apply(const ModelCol *mc, RunSet *rs)
{
    for (size_t i = 0; i < mc->lms.n; i++) {
        const LoggedModel *m = &mc->lms.items[i];
        const char *f = mc->flavours && mc->flavours[i] && mc->flavours[i][0]
                            ? mc->flavours[i] : NULL;
        long r = runset_find(rs, m->source_run_id);
        if (r >= 0 && (f || !rs->runs[r].flavour))
            runset_set_run_flavour(rs, (size_t)r, f ? f : m->name);
    }
}

static void free_flavours(ModelCol *mc)
{
    for (size_t i = 0; mc->flavours && i < mc->lms.n; i++)
        free(mc->flavours[i]);
    free(mc->flavours);
    mc->flavours = NULL;
}

bool modelcol_on_result(ModelCol *mc, View *v, App *app, ApiResult *r, RunSet *rs)
{
    Err e;
    char *token = NULL;

    if (r->kind != REQ_CALL || (r->tag != TAG_VERSION && r->tag != TAG_PAGE &&
                                r->tag < TAG_MLMODEL))
        return false;
    err_clear(&e);
    if (r->tag == TAG_VERSION) {
        if (r->err.kind == ERR_OK)
            lm_note_version(r->body);
        else
            lm_note_reply(r);
        if (lm_server_gen() == SERVER_UNKNOWN) {   /* no answer: ask logged-models itself */
            mc->asked = true;
            request_page(mc, v, app, mc->exp_id, NULL);
        } else {
            modelcol_start(mc, v, app, mc->exp_id);
        }
        return true;
    }
    if (r->tag >= TAG_MLMODEL) {
        size_t i = (size_t)(r->tag - TAG_MLMODEL);
        char f[128];
        if (r->err.kind != ERR_OK || i >= mc->lms.n || !mc->flavours)
            return true;
        free(mc->flavours[i]);
        mc->flavours[i] = strdup(mlmodel_flavour(r->body, r->body_len, f, sizeof f));
        modelcol_apply(mc, rs);
        return true;
    }
    lm_note_reply(r);          /* an MLflow 2 server: a 404, said nowhere */
    mc->answered = true;
    if (r->err.kind != ERR_OK ||
        lm_parse_search(r->body, r->body_len, &mc->next, &token, &e) < 0) {
        lmlist_clear(&mc->next);
        return true;
    }
    if (token) {
        request_page(mc, v, app, mc->exp_id, token);
        free(token);
        return true;
    }
    free_flavours(mc);
    lmlist_clear(&mc->lms);
    mc->lms = mc->next;
    memset(&mc->next, 0, sizeof mc->next);
    mc->flavours = calloc(mc->lms.n ? mc->lms.n : 1, sizeof *mc->flavours);
    modelcol_apply(mc, rs);
    for (size_t i = 0; i < mc->lms.n && i < MODELCOL_MLMODELS && mc->flavours; i++)
        lm_file_get(app_api(app), v->id, v->gen, TAG_MLMODEL + (int)i, mc->lms.items[i].model_id,
                    mc->lms.items[i].artifact_uri, "MLmodel", NULL);
    return true;
}

void modelcol_free(ModelCol *mc)
{
    free_flavours(mc);
    lmlist_clear(&mc->lms);
    lmlist_clear(&mc->next);
}

bool modelcol_settled(const ModelCol *mc)
{
    return lm_server_gen() != SERVER_UNKNOWN || mc->answered;
}
