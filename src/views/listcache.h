/* listcache.h — a list screen shown from the local cache while the server is
 * asked, as the runs and experiments screens are (stale-while-revalidate):
 * the registered models, a model's versions, an experiment's logged models.
 *
 * At its first load a screen asks for its entry (api_cache_list: kind, key);
 * the cached list, parsed by the server reply's own parser, is shown when
 * the server's answer has not come first, marked "cached 3 min ago ·
 * refreshing" (then "· not refreshed" when the server fails). The server's
 * answer replaces it keeping the cursor on the same item, on the same screen
 * line, with a line saying what changed; every complete unfiltered answer is
 * stored again. The cache is off (every call a no-op) for local stores and
 * with --no-cache: api/apicache.c decides. */
#ifndef MLTUI_VIEWS_LISTCACHE_H
#define MLTUI_VIEWS_LISTCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "widgets/table.h"

typedef struct ListCache {
    bool    from_cache;    /* the rows shown are the cache's */
    bool    server_seen;   /* the server answered this load */
    int64_t cached_ms;     /* when the shown entry was stored (wall clock) */
    int64_t started;       /* when this load began (app_now_ms) */
} ListCache;

/* A load begins. When key is non-NULL (this list is kept) and nothing is
 * shown yet, the cached entry is asked for: one REQ_CALL result with
 * r->cached and tag comes back to the view. */
void listcache_load(ListCache *lc, View *v, App *app, int tag, const char *kind,
                    const char *key, bool shown);
/* A cached result (r->cached): its JSON when it may still be shown (the
 * server has not answered and nothing else is shown), else NULL. Once the
 * caller has parsed and shown it, listcache_shown. */
const char *listcache_json(const ListCache *lc, const ApiResult *r, bool shown, size_t *len);
void listcache_shown(ListCache *lc, const ApiResult *r);
/* The server's list arrived (from now on the rows are its). */
void listcache_server(ListCache *lc);
/* " · cached 3 min ago · refreshing", " · cached … · not refreshed", or ""
 * when the rows are not the cache's. */
void listcache_state(const ListCache *lc, bool loading, char *buf, size_t size);

/* What the server changed in a list, item by item: an item is known by its
 * key and compared whole by its print (one item written by api/'s reply
 * writers, malloc'd; NULL counts as changed). */
typedef struct ListItems {
    const void *list;      /* the screen's list (ModelList, VersionList, ...) */
    size_t      n;
    const char *(*key)(const void *list, size_t i);
    char       *(*print)(const void *list, size_t i);
} ListItems;
typedef struct ListDiff {
    size_t added, changed, gone;
} ListDiff;
ListDiff listcache_diff(const ListItems *old, const ListItems *got);
/* "Models refreshed from the server in 0.4s: 1 new, 2 changed, 1 gone". */
void listcache_report(ListCache *lc, App *app, const char *what, ListDiff d);

/* Puts the cursor on row `row` of the new rows, on the screen line it was
 * on (old cursor - old top) — or, when every row fits on the screen, with
 * the first row at the top; row < 0: clamped where it was. */
void listcache_keep_line(Table *t, size_t old_cursor, size_t old_top, long row, size_t n_rows);

#endif
