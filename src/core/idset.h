/* idset.h — a set of strings (run ids), for marks that must survive a new
 * run set: re-sorting, quick filters, new pages and new queries. Owns copies
 * of its strings. Lookups are O(1) on average. */
#ifndef MLTUI_IDSET_H
#define MLTUI_IDSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct IdSet {
    char  **slots;      /* open addressing; NULL = empty, IDSET_TOMB = removed */
    size_t  n_slots;    /* power of two, or 0 */
    size_t  n;          /* strings held */
    size_t  used;       /* n plus tombstones */
} IdSet;

/* A zeroed IdSet is empty and valid. */
void   idset_free(IdSet *s);           /* empties s; s itself is not freed */
void   idset_clear(IdSet *s);          /* same as idset_free */
/* Returns 1 when added, 0 when already present, -1 on out of memory. */
int    idset_add(IdSet *s, const char *id);
/* Returns true when id was present. */
bool   idset_remove(IdSet *s, const char *id);
bool   idset_has(const IdSet *s, const char *id);
/* Adds id when absent, removes it when present; returns whether it is now in. */
bool   idset_toggle(IdSet *s, const char *id);
/* Iterates: start with *pos = 0; returns each string once (in no order),
 * then NULL. The set must not change meanwhile. */
const char *idset_next(const IdSet *s, size_t *pos);
static inline size_t idset_count(const IdSet *s) { return s->n; }

#endif
