/* histcache.h — metric histories already fetched, kept per (run id, metric
 * key) for the whole session so reopening a history plot costs no request.
 * One process-wide cache; not thread-safe (the UI has one thread). */
#ifndef MLTUI_HISTCACHE_H
#define MLTUI_HISTCACHE_H

#include "core/model.h"

/* The cached history of run_id's metric key, or NULL. Valid until the next
 * histcache_put of the same run and key. The histories live until exit
 * (reachable from the cache, so not a leak to LeakSanitizer). */
const MetricHistory *histcache_get(const char *run_id, const char *key);
/* Takes ownership of h (its run_id and key name it), replacing an older one. */
void histcache_put(MetricHistory *h);

#endif
