/* item.c — see item.h. */
#include "views/item.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

static void put(ItemRef *o, char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void put(ItemRef *o, char *dst, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(dst, size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size)
        o->truncated = true;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

void item_experiment(ItemRef *o, const char *exp_id)
{
    memset(o, 0, sizeof *o);
    put(o, o->what, sizeof o->what, "experiment");
    put(o, o->id, sizeof o->id, "%s", nz(exp_id));
    put(o, o->web, sizeof o->web, "#/experiments/%s", nz(exp_id));
}

void item_run(ItemRef *o, const char *exp_id, const char *run_id)
{
    memset(o, 0, sizeof *o);
    put(o, o->what, sizeof o->what, "run");
    put(o, o->id, sizeof o->id, "%s", nz(run_id));
    put(o, o->uri, sizeof o->uri, "runs:/%s", nz(run_id));
    if (exp_id && *exp_id)
        put(o, o->web, sizeof o->web, "#/experiments/%s/runs/%s", exp_id, nz(run_id));
}

void item_artifact(ItemRef *o, const char *exp_id, const char *run_id, const char *path)
{
    memset(o, 0, sizeof *o);
    put(o, o->what, sizeof o->what, "artifact");
    put(o, o->id, sizeof o->id, "%s", nz(path));
    put(o, o->uri, sizeof o->uri, "runs:/%s/%s", nz(run_id), nz(path));
    if (exp_id && *exp_id)
        put(o, o->web, sizeof o->web, "#/experiments/%s/runs/%s/artifacts/%s", exp_id,
            nz(run_id), nz(path));
}

void item_model_artifact(ItemRef *o, const char *model_id, const char *artifact_uri,
                         const char *path)
{
    const char *root = nz(artifact_uri);
    size_t n = strlen(root);

    memset(o, 0, sizeof *o);
    put(o, o->what, sizeof o->what, "artifact");
    put(o, o->id, sizeof o->id, "%s", nz(path));
    while (n > 0 && root[n - 1] == '/')
        n--;
    if (n > 0)
        put(o, o->uri, sizeof o->uri, "%.*s/%s", (int)n, root, nz(path));
    else   /* no location known: the model itself */
        put(o, o->uri, sizeof o->uri, "models:/%s", nz(model_id));
}

void item_model(ItemRef *o, const char *name)
{
    char *esc = api_escape(nz(name));

    memset(o, 0, sizeof *o);
    put(o, o->what, sizeof o->what, "model");
    put(o, o->id, sizeof o->id, "%s", nz(name));
    put(o, o->uri, sizeof o->uri, "models:/%s", nz(name));
    if (esc)
        put(o, o->web, sizeof o->web, "#/models/%s", esc);
    free(esc);
}

void item_version(ItemRef *o, const char *name, const char *version)
{
    char *esc = api_escape(nz(name));

    memset(o, 0, sizeof *o);
    put(o, o->what, sizeof o->what, "model version");
    put(o, o->id, sizeof o->id, "%s/%s", nz(name), nz(version));
    put(o, o->uri, sizeof o->uri, "models:/%s/%s", nz(name), nz(version));
    if (esc)
        put(o, o->web, sizeof o->web, "#/models/%s/versions/%s", esc, nz(version));
    free(esc);
}

void item_logged_model(ItemRef *o, const char *exp_id, const char *model_id)
{
    memset(o, 0, sizeof *o);
    put(o, o->what, sizeof o->what, "logged model");
    put(o, o->id, sizeof o->id, "%s", nz(model_id));
    put(o, o->uri, sizeof o->uri, "models:/%s", nz(model_id));
    if (exp_id && *exp_id)
        put(o, o->web, sizeof o->web, "#/experiments/%s/models/%s", exp_id, nz(model_id));
}

void item_row(ItemRef *o, const RunSet *rs, size_t r, bool logged_model)
{
    const Run *run = &rs->runs[r];
    const char *exp = runset_str(rs, run->experiment_id), *id = runset_str(rs, run->run_id);

    if (logged_model)
        item_logged_model(o, exp, id);
    else
        item_run(o, exp, id);
}
