/* registry.c — see registry.h. */
#include "core/registry.h"
#include "core/grow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const registry_stages[4] = { "None", "Staging", "Production", "Archived" };

static void free_tags(Tag *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(t[i].key);
        free(t[i].value);
    }
    free(t);
}

void model_version_free_fields(ModelVersion *v)
{
    if (!v)
        return;
    free(v->name);
    free(v->version);
    free(v->stage);
    free(v->description);
    free(v->source);
    free(v->run_id);
    free(v->status);
    free(v->run_link);
    free_tags(v->tags, v->n_tags);
    for (size_t i = 0; i < v->n_aliases; i++)
        free(v->aliases[i]);
    free(v->aliases);
    memset(v, 0, sizeof *v);
}

void registered_model_free_fields(RegisteredModel *m)
{
    if (!m)
        return;
    free(m->name);
    free(m->description);
    for (size_t i = 0; i < m->n_latest; i++)
        model_version_free_fields(&m->latest[i]);
    free(m->latest);
    free_tags(m->tags, m->n_tags);
    for (size_t i = 0; i < m->n_aliases; i++) {
        free(m->aliases[i].alias);
        free(m->aliases[i].version);
    }
    free(m->aliases);
    memset(m, 0, sizeof *m);
}

int modellist_push(ModelList *l, RegisteredModel *m)
{
    void *items = l->items;
    if (grow_for_one(&items, &l->cap, l->n, sizeof *l->items) != 0) {
        registered_model_free_fields(m);
        return -1;
    }
    l->items = items;
    l->items[l->n++] = *m;
    memset(m, 0, sizeof *m);
    return 0;
}

void modellist_clear(ModelList *l)
{
    for (size_t i = 0; i < l->n; i++)
        registered_model_free_fields(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

int versionlist_push(VersionList *l, ModelVersion *v)
{
    void *items = l->items;
    if (grow_for_one(&items, &l->cap, l->n, sizeof *l->items) != 0) {
        model_version_free_fields(v);
        return -1;
    }
    l->items = items;
    l->items[l->n++] = *v;
    memset(v, 0, sizeof *v);
    return 0;
}

void versionlist_clear(VersionList *l)
{
    for (size_t i = 0; i < l->n; i++)
        model_version_free_fields(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

void signature_clear(Signature *s)
{
    for (size_t i = 0; i < s->n_inputs; i++) {
        free(s->inputs[i].name);
        free(s->inputs[i].type);
    }
    for (size_t i = 0; i < s->n_outputs; i++) {
        free(s->outputs[i].name);
        free(s->outputs[i].type);
    }
    free(s->inputs);
    free(s->outputs);
    memset(s, 0, sizeof *s);
}

static char *dup_s(const char *s, int *fail)
{
    char *d = strdup(s ? s : "");
    if (!d)
        *fail = 1;
    return d;
}

int model_version_copy(ModelVersion *dst, const ModelVersion *src)
{
    int fail = 0;

    memset(dst, 0, sizeof *dst);
    dst->name = dup_s(src->name, &fail);
    dst->version = dup_s(src->version, &fail);
    dst->stage = dup_s(src->stage, &fail);
    dst->description = dup_s(src->description, &fail);
    dst->source = dup_s(src->source, &fail);
    dst->run_id = dup_s(src->run_id, &fail);
    dst->status = dup_s(src->status, &fail);
    dst->run_link = dup_s(src->run_link, &fail);
    dst->created = src->created;
    dst->updated = src->updated;
    if (src->n_tags && (dst->tags = calloc(src->n_tags, sizeof *dst->tags))) {
        for (size_t i = 0; i < src->n_tags; i++) {
            dst->tags[i].key = dup_s(src->tags[i].key, &fail);
            dst->tags[i].value = dup_s(src->tags[i].value, &fail);
            dst->n_tags = i + 1;
        }
    } else if (src->n_tags) {
        fail = 1;
    }
    if (src->n_aliases && (dst->aliases = calloc(src->n_aliases, sizeof *dst->aliases))) {
        for (size_t i = 0; i < src->n_aliases; i++) {
            dst->aliases[i] = dup_s(src->aliases[i], &fail);
            dst->n_aliases = i + 1;
        }
    } else if (src->n_aliases) {
        fail = 1;
    }
    if (fail) {
        model_version_free_fields(dst);
        return -1;
    }
    return 0;
}

const char *registry_stage_canonical(const char *s)
{
    for (int i = 0; s && i < 4; i++)
        if (strcasecmp(s, registry_stages[i]) == 0)
            return registry_stages[i];
    return NULL;
}

bool registry_stage_can_archive(const char *stage)
{
    const char *c = registry_stage_canonical(stage);
    return c && (strcmp(c, "Staging") == 0 || strcmp(c, "Production") == 0);
}

bool registry_alias_valid(const char *alias, char *why, size_t size)
{
    char dummy[1];
    size_t len = alias ? strlen(alias) : 0;

    if (!why) {
        why = dummy;
        size = sizeof dummy;
    }
    if (len == 0) {
        snprintf(why, size, "an alias cannot be empty");
        return false;
    }
    if (len > 255) {
        snprintf(why, size, "an alias has at most 255 characters (this one has %zu)", len);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)alias[i];
        if (!isalnum(c) && c != '_' && c != '-') {
            snprintf(why, size, "an alias may only contain letters, digits, _ and -");
            return false;
        }
    }
    if (strcasecmp(alias, "latest") == 0) {
        snprintf(why, size, "'latest' is reserved by MLflow");
        return false;
    }
    if ((alias[0] == 'v' || alias[0] == 'V') && len > 1) {
        size_t i = 1;
        while (i < len && isdigit((unsigned char)alias[i]))
            i++;
        if (i == len) {
            snprintf(why, size, "v followed by digits (like v2) is reserved for versions");
            return false;
        }
    }
    why[0] = '\0';
    return true;
}

const char *registry_alias_version(const RegisteredModel *m, const char *alias)
{
    for (size_t i = 0; m && i < m->n_aliases; i++)
        if (strcmp(m->aliases[i].alias, alias) == 0)
            return m->aliases[i].version;
    return NULL;
}

char *registry_aliases_of(const RegisteredModel *m, const char *version, char *buf,
                          size_t size)
{
    size_t used = 0;

    if (size == 0)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; m && i < m->n_aliases; i++) {
        if (strcmp(m->aliases[i].version, version) != 0)
            continue;
        int w = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", m->aliases[i].alias);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

char *registry_tags_text(const Tag *tags, size_t n, char *buf, size_t size)
{
    size_t used = 0;

    if (size == 0)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(buf + used, size - used, "%s%s=%s", used ? ", " : "", tags[i].key,
                         tags[i].value);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

size_t registry_in_stage(const ModelVersion *vs, size_t n, const char *version,
                         const char *stage, size_t *out, size_t max)
{
    size_t k = 0;
    const char *c = registry_stage_canonical(stage);

    for (size_t i = 0; c && i < n && k < max; i++) {
        if (strcmp(vs[i].version, version) == 0)
            continue;
        const char *s = registry_stage_canonical(vs[i].stage);
        if (s && strcmp(s, c) == 0)
            out[k++] = i;
    }
    return k;
}

char *registry_describe_transition(const ModelVersion *vs, size_t n, const char *model,
                                   const char *version, const char *stage, bool archive,
                                   char *buf, size_t size)
{
    const char *from = NULL, *to = registry_stage_canonical(stage);
    size_t idx[64], k = 0, used;
    int w;

    if (size == 0)
        return buf;
    for (size_t i = 0; i < n; i++)
        if (strcmp(vs[i].version, version) == 0)
            from = vs[i].stage;
    w = snprintf(buf, size, "%s v%s: %s -> %s", model, version,
                 from && *from ? from : "?", to ? to : stage);
    used = w < 0 ? 0 : (size_t)w;
    if (from && to && strcmp(from, to) == 0 && used < size)
        used += (size_t)snprintf(buf + used, size - used, " (no change)");
    if (archive && to && registry_stage_can_archive(to))
        k = registry_in_stage(vs, n, version, to, idx, 64);
    for (size_t j = 0; j < k && used < size; j++) {
        w = snprintf(buf + used, size - used, "; v%s: %s -> Archived", vs[idx[j]].version,
                     vs[idx[j]].stage);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

const char *registry_tag(const Tag *tags, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(tags[i].key, key) == 0)
            return tags[i].value;
    return NULL;
}

char *registry_name_filter(const char *text, char *out, size_t size)
{
    static const char *const ops[] = { "=", "LIKE", "like", "ILIKE", "ilike", "<", ">", NULL };
    bool has_op = false;

    while (*text == ' ')
        text++;
    for (const char *const *o = ops; *o; o++)
        if (strstr(text, *o))
            has_op = true;
    if (!*text || has_op || strchr(text, '\''))
        snprintf(out, size, "%s", text);
    else
        snprintf(out, size, "name ILIKE '%%%s%%'", text);
    return out;
}

char *registry_latest_text(const RegisteredModel *m, char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < m->n_latest; i++) {
        const ModelVersion *v = &m->latest[i];
        int w = snprintf(buf + used, size - used, "%s%s v%s", used ? " \xc2\xb7 " : "",
                         v->stage[0] ? v->stage : "None", v->version);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

char *registry_aliases_text(const RegisteredModel *m, char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < m->n_aliases; i++) {
        int w = snprintf(buf + used, size - used, "%s%s\xe2\x86\x92v%s", used ? ", " : "",
                         m->aliases[i].alias, m->aliases[i].version);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
    return buf;
}
