/* histcache.c — see histcache.h. A plain array searched linearly: a session
 * looks at tens of histories, not millions. */
#include "core/histcache.h"

#include <stdlib.h>
#include <string.h>

static MetricHistory **items;
static size_t n_items, cap_items;

static long find(const char *run_id, const char *key)
{
    for (size_t i = 0; i < n_items; i++)
        if (strcmp(items[i]->run_id, run_id) == 0 && strcmp(items[i]->key, key) == 0)
            return (long)i;
    return -1;
}

const MetricHistory *histcache_get(const char *run_id, const char *key)
{
    long i = run_id && key ? find(run_id, key) : -1;
    return i < 0 ? NULL : items[i];
}

void histcache_put(MetricHistory *h)
{
    long i;

    if (!h || !h->run_id || !h->key) {
        history_free(h);
        return;
    }
    i = find(h->run_id, h->key);
    if (i >= 0) {
        history_free(items[i]);
        items[i] = h;
        return;
    }
    if (n_items == cap_items) {
        size_t cap = cap_items ? cap_items * 2 : 16;
        MetricHistory **n = realloc(items, cap * sizeof *n);
        if (!n) {
            history_free(h);
            return;
        }
        items = n;
        cap_items = cap;
    }
    items[n_items++] = h;
}
