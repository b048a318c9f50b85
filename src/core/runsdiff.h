/* runsdiff.h — what changed between two RunSets of the same query: a cached
 * table and the server's fresh answer, or two looks of a watch. Runs are
 * matched by run id; a run "changed" when any value differs: name, status,
 * lifecycle, start or end time, a metric's value (NaN equals NaN) or step,
 * a param or a tag. The sets have separate string pools, so keys are matched
 * by text (once per distinct key, not per entry). No I/O. */
#ifndef MLTUI_RUNSDIFF_H
#define MLTUI_RUNSDIFF_H

#include <stdbool.h>

#include "core/idset.h"
#include "core/runset.h"

typedef struct RunsDiff {
    IdSet added;     /* in new only */
    IdSet removed;   /* in old only */
    IdSet changed;   /* in both, with different values */
} RunsDiff;

/* Fills d (zeroed first) with the differences from old to new. Returns 0, or
 * -1 when out of memory (d is then emptied). */
int  runsdiff_compute(const RunSet *old, const RunSet *new, RunsDiff *d);
void runsdiff_free(RunsDiff *d);
static inline bool runsdiff_empty(const RunsDiff *d)
{
    return !d->added.n && !d->removed.n && !d->changed.n;
}

#endif
