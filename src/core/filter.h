/* filter.h — MLflow's search filter syntax (`metrics.f1 > 0.9 AND params.x = 'a'`)
 * parsed and evaluated by mltui itself, for the local stores (which have no
 * server to do it). One C implementation of mlflow/utils/search_utils.py's
 * grammar, following the SQL store's semantics as tests/server/search.py does:
 * clauses joined by AND only; LIKE case-sensitive, ILIKE not (`%` any run,
 * `_` one character); metrics numeric with NaN comparing like 0.0 (MLflow
 * stores NaN as 0 with an is_nan flag); params, tags and string attributes
 * compare as strings; an entity without the key never matches (not even !=).
 * No I/O. Error texts follow MLflow's where it has one. */
#ifndef MLTUI_FILTER_H
#define MLTUI_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/runset.h"

typedef enum { FILTER_RUNS, FILTER_EXPERIMENTS, FILTER_MODELS, FILTER_VERSIONS } FilterKind;
typedef enum { FENT_METRIC, FENT_PARAM, FENT_TAG, FENT_ATTR, FENT_DATASET } FilterEntity;
typedef enum { FOP_EQ, FOP_NE, FOP_LT, FOP_LE, FOP_GT, FOP_GE, FOP_LIKE, FOP_ILIKE,
               FOP_IN, FOP_NOT_IN } FilterOp;

typedef struct FilterClause {
    FilterEntity entity;
    char        *key;       /* attribute aliases translated: created -> start_time,
                               "run name" -> run_name, version_number stays */
    FilterOp     op;
    bool         numeric;   /* compare num (metrics, times, version_number) */
    double       num;
    char        *str;       /* the unquoted string value (non-list ops) */
    char       **list;      /* IN / NOT IN values */
    size_t       n_list;
} FilterClause;

typedef struct Filter {
    FilterClause *clauses;
    size_t        n;        /* 0: matches everything */
} Filter;

/* Parses text (NULL or blank: the empty filter) for kind. Returns 0, or -1
 * with one line in why (MLflow's wording where it has one); *out is zeroed on
 * error and must be freed with filter_free on success. */
int  filter_parse(const char *text, FilterKind kind, Filter *out, char *why, size_t size);
void filter_free(Filter *f);

/* Whether run `run` of rs passes every clause (a FILTER_RUNS filter). Dataset
 * clauses never match (runs in a RunSet carry no dataset inputs). */
bool filter_match_run(const Filter *f, const RunSet *rs, size_t run);

/* One clause against a value: s NULL (absent) never matches; a numeric
 * clause compares strtod(s) for strings given to it. */
bool filter_clause_string(const FilterClause *c, const char *s);
bool filter_clause_number(const FilterClause *c, double v);

/* SQL LIKE: `%` any run of characters, `_` one (UTF-8) character, no escape. */
bool filter_like(const char *pattern, const char *s, bool icase);

#endif
