/* registry.h — the model registry as plain structs (registered models, model
 * versions with their aliases and tags), MLflow's stage and alias rules, and
 * the wording of a planned stage transition. No I/O: api/registry.c fills
 * these from replies. Every string field is owned and never NULL ("" when
 * the server left it out); free with the matching _free / _clear. */
#ifndef MLTUI_REGISTRY_H
#define MLTUI_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/artifact.h"
#include "core/model.h"

typedef struct ModelVersion {
    char    *name, *version, *stage, *description, *source, *run_id, *status, *run_link;
    int64_t  created, updated;       /* ms, or TIME_NONE (runset.h) when absent */
    Tag     *tags;   size_t n_tags;
    char   **aliases; size_t n_aliases;  /* only get/transition replies carry them */
} ModelVersion;

typedef struct ModelAlias {
    char *alias, *version;
} ModelAlias;

typedef struct RegisteredModel {
    char         *name, *description;
    int64_t       created, updated;
    ModelVersion *latest;  size_t n_latest;   /* latest version per stage */
    Tag          *tags;    size_t n_tags;
    ModelAlias   *aliases; size_t n_aliases;
} RegisteredModel;

typedef struct ModelList {
    RegisteredModel *items;
    size_t           n, cap;
} ModelList;

typedef struct VersionList {
    ModelVersion *items;
    size_t        n, cap;
} VersionList;

/* A model version's signature: its MLmodel's input and output columns. */
typedef struct Signature {
    SigColumn *inputs;  size_t n_inputs;
    SigColumn *outputs; size_t n_outputs;
    bool      present;    /* the MLmodel file had a signature */
} Signature;

void model_version_free_fields(ModelVersion *v);
void registered_model_free_fields(RegisteredModel *m);
/* Appends *m (its fields are stolen, *m is zeroed). 0 or -1 (memory; *m freed). */
int  modellist_push(ModelList *l, RegisteredModel *m);
void modellist_clear(ModelList *l);
int  versionlist_push(VersionList *l, ModelVersion *v);
void versionlist_clear(VersionList *l);
void signature_clear(Signature *s);

/* A deep copy of src into dst (0, or -1 with dst zeroed). */
int  model_version_copy(ModelVersion *dst, const ModelVersion *src);

/* The four stages as MLflow spells them. */
extern const char *const registry_stages[4];   /* None, Staging, Production, Archived */
/* MLflow accepts a stage in any case: the canonical spelling, or NULL. */
const char *registry_stage_canonical(const char *s);
/* Only a move to Staging or Production may archive the versions already there. */
bool registry_stage_can_archive(const char *stage);

/* MLflow's alias rules: non-empty, letters/digits/_/- only, at most 255
 * characters, not "latest" (any case), not v<digits> (any case). Returns true
 * when valid; else false with the reason in why (if non-NULL). */
bool registry_alias_valid(const char *alias, char *why, size_t size);

/* The version of model m that holds alias, or NULL. */
const char *registry_alias_version(const RegisteredModel *m, const char *alias);
/* The aliases of version `version` of m, joined with ", " into buf. */
char *registry_aliases_of(const RegisteredModel *m, const char *version, char *buf,
                          size_t size);

/* Versions (other than `version`) of the same model in `stage`, from vs:
 * what archive_existing_versions would archive. Writes their indices to out
 * (at most max) and returns how many. */
size_t registry_in_stage(const ModelVersion *vs, size_t n, const char *version,
                         const char *stage, size_t *out, size_t max);
/* The exact change a transition makes, for a confirmation:
 * "NEOs v2: Staging -> Production; v1: Production -> Archived".
 * vs are the model's versions as last read (to find v's current stage and
 * what gets archived). Returns buf. */
char *registry_describe_transition(const ModelVersion *vs, size_t n, const char *model,
                                   const char *version, const char *stage, bool archive,
                                   char *buf, size_t size);

/* A registered-models filter from what a user typed: plain text becomes a
 * case-insensitive name search (name ILIKE '%text%'); anything with an
 * operator or a quote is sent as is. Writes out, returns out. */
char *registry_name_filter(const char *text, char *out, size_t size);
/* "Production v2 · Archived v1": the latest version per stage. Returns buf. */
char *registry_latest_text(const RegisteredModel *m, char *buf, size_t size);
/* "champion→v2, challenger→v3". Returns buf. */
char *registry_aliases_text(const RegisteredModel *m, char *buf, size_t size);

/* "key=value, key=value": tags in the order given (as far as buf holds
 * whole ones). Returns buf. */
char *registry_tags_text(const Tag *tags, size_t n, char *buf, size_t size);
/* The value of tag key in tags, or NULL. */
const char *registry_tag(const Tag *tags, size_t n, const char *key);

#endif
