/* strpool.h — string interning: each distinct string stored once, named by a
 * small integer id. Id 0 is always the empty string. Owns every string. */
#ifndef MLTUI_STRPOOL_H
#define MLTUI_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

typedef struct StrPool StrPool;

StrPool    *strpool_new(void);
void        strpool_free(StrPool *sp);
/* Returns the id of s[0..len) (need not be NUL-terminated), adding it if new.
 * Returns UINT32_MAX when out of memory. */
uint32_t    strpool_intern(StrPool *sp, const char *s, size_t len);
/* Returns the id of s if present, else UINT32_MAX. */
uint32_t    strpool_find(const StrPool *sp, const char *s, size_t len);
/* The NUL-terminated string of id; valid until strpool_free (strings never
 * move). An id the pool never returned gives "". */
const char *strpool_get(const StrPool *sp, uint32_t id);
size_t      strpool_len(const StrPool *sp, uint32_t id);
size_t      strpool_count(const StrPool *sp);
/* Bytes held by the pool (tables and string storage), for diagnostics. */
size_t      strpool_memory(const StrPool *sp);

#endif
