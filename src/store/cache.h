/* cache.h — the local cache of what servers sent (stale-while-revalidate):
 * one SQLite file, $XDG_CACHE_HOME/mltui/cache.sqlite (else
 * ~/.cache/mltui/cache.sqlite), folder 0700, file 0600. Entries are keyed by
 * (server, kind, key) — server is the tracking URL with any user:password@,
 * query and fragment removed (cache_server_key), so credentials never reach
 * the file; kind is e.g. "runs" and key an experiment id. The cache is never
 * trusted over a server: a view shows an entry at once and replaces it with
 * the server's answer. A file that is not ours, or is damaged, is discarded
 * with one note, never read; an entry whose checksum fails is dropped. Total
 * size is bounded: least recently used entries go first.
 *
 * A Cache is one SQLite connection: use it from one thread. Never prints. */
#ifndef MLTUI_STORE_CACHE_H
#define MLTUI_STORE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "core/runset.h"

typedef struct Cache Cache;

#define CACHE_DEFAULT_MAX_BYTES ((size_t)512 << 20)

/* Opens (creating as needed) the cache in dir (NULL: the default folder).
 * max_bytes 0: CACHE_DEFAULT_MAX_BYTES. When an existing file is not a cache
 * of ours or is damaged it is removed and a fresh one made, and note gets one
 * line saying so (else note[0] = '\0'). Returns NULL, with the reason in note,
 * when no cache can be had (the caller then goes on without one). */
Cache  *cache_open(const char *dir, size_t max_bytes, char *note, size_t note_size);
void    cache_close(Cache *c);
/* The file's path (for messages); valid until cache_close. */
const char *cache_path(const Cache *c);

/* Stores data under (server, kind, key), replacing what was there; then
 * evicts least recently used entries until the total is within the limit (an
 * entry larger than the limit is not stored). Returns 0, -1 on failure. */
int     cache_put(Cache *c, const char *server, const char *kind, const char *key,
                  const void *data, size_t len, int64_t now_ms);
/* A malloc'd copy of the entry, or NULL when absent or damaged (a damaged one
 * is deleted). *saved_ms gets when it was stored; marks it used at now_ms. */
void   *cache_get(Cache *c, const char *server, const char *kind, const char *key,
                  size_t *len, int64_t *saved_ms, int64_t now_ms);
/* Deletes every entry (of every server). Returns the number deleted, or -1. */
long    cache_clear(Cache *c);
/* Total bytes of the stored entries, and how many there are. */
int     cache_usage(Cache *c, size_t *bytes, size_t *entries);

/* The runs of an experiment (kind "runs"), through core/runblob.h. */
int     cache_put_runs(Cache *c, const char *server, const char *experiment_id,
                       const RunSet *rs, int64_t now_ms);
RunSet *cache_get_runs(Cache *c, const char *server, const char *experiment_id,
                       int64_t *saved_ms, int64_t now_ms);

/* The URL as a cache key: scheme://host[:port]/path without user:password@,
 * ?query, #fragment or trailing slashes; malloc'd, NULL on ENOMEM. */
char   *cache_server_key(const char *url);

#endif
