/* mlmodel.c — see mlmodel.h. libyaml's event parser, walked by a few loops
 * that know the three levels they want (top, flavors, signature) and skip
 * every other node whole. The event parser keeps memory to the depth reached,
 * which the walk caps, where libyaml's document loader would first build the
 * whole tree of whatever the server sent. */
#include "api/mlmodel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/logged_model.h"

typedef struct Reader {
    yaml_parser_t p;
    yaml_event_t  ev;       /* the current event (valid while have) */
    bool          have;
    int           depth;    /* mappings and sequences open */
    bool          failed;   /* err is set; every step fails from here */
    Err          *err;
} Reader;

static bool fail_nomem(Reader *r)
{
    if (!r->failed)
        err_set(r->err, ERR_NOMEM, "Out of memory reading the MLmodel file");
    r->failed = true;
    return false;
}

/* Moves to the next event; false (err set) on a YAML error or past the depth cap. */
static bool next(Reader *r)
{
    if (r->have) {
        yaml_event_delete(&r->ev);
        r->have = false;
    }
    if (r->failed)
        return false;
    if (!yaml_parser_parse(&r->p, &r->ev)) {
        if (r->p.error == YAML_MEMORY_ERROR)
            return fail_nomem(r);
        err_set(r->err, ERR_PARSE, "The MLmodel file is not valid YAML: %s (line %lu)",
                r->p.problem ? r->p.problem : "error",
                (unsigned long)r->p.problem_mark.line + 1);
        r->failed = true;
        return false;
    }
    r->have = true;
    switch (r->ev.type) {
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
        if (++r->depth > MLMODEL_MAX_DEPTH) {
            err_set(r->err, ERR_PARSE, "The MLmodel file is nested more than %d levels deep",
                    MLMODEL_MAX_DEPTH);
            r->failed = true;
            return false;
        }
        break;
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        r->depth--;
        break;
    case YAML_STREAM_END_EVENT:
    case YAML_NO_EVENT:
        if (r->depth > 0) {   /* libyaml closes every node first; never loop on this */
            err_set(r->err, ERR_PARSE, "The MLmodel file ends inside a value");
            r->failed = true;
            return false;
        }
        break;
    default:
        break;
    }
    return true;
}

/* The current event begins a node: consumes the rest of it (a scalar or an
 * alias is whole already). */
static bool skip(Reader *r)
{
    int until;

    if (r->ev.type != YAML_MAPPING_START_EVENT && r->ev.type != YAML_SEQUENCE_START_EVENT)
        return true;
    until = r->depth - 1;
    while (r->depth > until)
        if (!next(r))
            return false;
    return true;
}

static bool is_null(const yaml_event_t *ev)
{
    const char *v = (const char *)ev->data.scalar.value;

    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    return !*v || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL") ||
           !strcmp(v, "~");
}

/* The value at the current event into *slot (its earlier value freed): a
 * scalar's text, NULL for a null or a value that is not a scalar (skipped). */
static bool take(Reader *r, char **slot)
{
    free(*slot);
    *slot = NULL;
    if (r->ev.type != YAML_SCALAR_EVENT)
        return skip(r);
    if (is_null(&r->ev))
        return true;
    *slot = strndup((const char *)r->ev.data.scalar.value, r->ev.data.scalar.length);
    return *slot ? true : fail_nomem(r);
}

/* Called for each pair of a mapping with the key (NULL when the key is not a
 * scalar) and the current event at the value, which it must consume whole. */
typedef bool (*PairFn)(Reader *r, const char *key, MlModelInfo *m);

/* Walks the pairs of the mapping whose start is the current event. */
static bool each_pair(Reader *r, PairFn fn, MlModelInfo *m)
{
    for (;;) {
        char *key = NULL;
        bool ok;

        if (!next(r))
            return false;
        if (r->ev.type == YAML_MAPPING_END_EVENT)
            return true;
        if (r->ev.type == YAML_SCALAR_EVENT) {
            key = strndup((const char *)r->ev.data.scalar.value, r->ev.data.scalar.length);
            if (!key)
                return fail_nomem(r);
        } else if (!skip(r)) {   /* a key that is a mapping or list: never one we use */
            return false;
        }
        ok = next(r) && fn(r, key, m);
        free(key);
        if (!ok)
            return false;
    }
}

static bool key_is(const char *key, const char *name)
{
    return key && strcmp(key, name) == 0;
}

static bool pyfunc_pair(Reader *r, const char *key, MlModelInfo *m)
{
    if (key_is(key, "loader_module"))
        return take(r, &m->loader_module);
    return skip(r);
}

static bool flavour_pair(Reader *r, const char *key, MlModelInfo *m)
{
    bool seen = false;

    if (!key)
        return skip(r);
    for (size_t i = 0; i < m->n_flavors && !seen; i++)
        seen = strcmp(m->flavors[i], key) == 0;
    if (!seen) {
        char **n = realloc(m->flavors, (m->n_flavors + 1) * sizeof *n);
        if (!n)
            return fail_nomem(r);
        m->flavors = n;
        if (!(m->flavors[m->n_flavors] = strdup(key)))
            return fail_nomem(r);
        m->n_flavors++;
    }
    if (key_is(key, "python_function") && r->ev.type == YAML_MAPPING_START_EVENT)
        return each_pair(r, pyfunc_pair, m);
    return skip(r);
}

static bool signature_pair(Reader *r, const char *key, MlModelInfo *m)
{
    if (key_is(key, "inputs"))
        return take(r, &m->sig_inputs);
    if (key_is(key, "outputs"))
        return take(r, &m->sig_outputs);
    if (key_is(key, "params"))
        return take(r, &m->sig_params);
    return skip(r);
}

static bool top_pair(Reader *r, const char *key, MlModelInfo *m)
{
    bool map = r->ev.type == YAML_MAPPING_START_EVENT;

    if (key_is(key, "flavors"))
        return map ? each_pair(r, flavour_pair, m) : skip(r);
    if (key_is(key, "signature")) {
        if (!map)
            return skip(r);
        m->has_signature = true;
        return each_pair(r, signature_pair, m);
    }
    if (key_is(key, "artifact_path"))
        return take(r, &m->artifact_path);
    if (key_is(key, "run_id"))
        return take(r, &m->run_id);
    if (key_is(key, "utc_time_created"))
        return take(r, &m->utc_time_created);
    if (key_is(key, "mlflow_version"))
        return take(r, &m->mlflow_version);
    if (key_is(key, "model_uuid"))
        return take(r, &m->model_uuid);
    return skip(r);
}

int mlmodel_parse(const char *text, size_t len, MlModelInfo *m, Err *err)
{
    Reader r;
    Err local;
    bool ok = false;

    memset(m, 0, sizeof *m);
    memset(&r, 0, sizeof r);
    r.err = err ? err : &local;
    if (len > MLMODEL_MAX_BYTES) {
        err_set(r.err, ERR_PARSE, "The MLmodel file is larger than %zu MiB",
                MLMODEL_MAX_BYTES >> 20);
        return -1;
    }
    if (!yaml_parser_initialize(&r.p)) {
        err_set(r.err, ERR_NOMEM, "Out of memory reading the MLmodel file");
        return -1;
    }
    yaml_parser_set_input_string(&r.p, (const unsigned char *)(text ? text : ""),
                                 text ? len : 0);
    /* stream start, document start, then the top mapping */
    if (next(&r) && next(&r)) {
        if (r.ev.type == YAML_DOCUMENT_START_EVENT && next(&r) &&
            r.ev.type == YAML_MAPPING_START_EVENT)
            ok = each_pair(&r, top_pair, m);
        else if (!r.failed)
            err_set(r.err, ERR_PARSE, "The MLmodel file is not a YAML mapping");
    }
    if (r.have)
        yaml_event_delete(&r.ev);
    yaml_parser_delete(&r.p);
    if (!ok) {
        mlmodel_free(m);
        return -1;
    }
    return 0;
}

void mlmodel_free(MlModelInfo *m)
{
    if (!m)
        return;
    free(m->artifact_path);
    free(m->run_id);
    free(m->utc_time_created);
    free(m->mlflow_version);
    free(m->model_uuid);
    for (size_t i = 0; i < m->n_flavors; i++)
        free(m->flavors[i]);
    free(m->flavors);
    free(m->loader_module);
    free(m->sig_inputs);
    free(m->sig_outputs);
    free(m->sig_params);
    memset(m, 0, sizeof *m);
}

char *mlmodel_flavour(const char *text, size_t len, char *buf, size_t size)
{
    MlModelInfo m;

    if (size)
        buf[0] = '\0';
    if (!text || mlmodel_parse(text, len, &m, NULL) != 0)
        return buf;
    if (size)
        snprintf(buf, size, "%s",
                 logged_model_flavour((const char *const *)m.flavors, m.n_flavors));
    mlmodel_free(&m);
    return buf;
}
