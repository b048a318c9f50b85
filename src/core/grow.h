/* grow.h — room for one more element in a growing array (capacity doubling
 * from 16), the step every typed list's push shares. */
#ifndef MLTUI_CORE_GROW_H
#define MLTUI_CORE_GROW_H

#include <stddef.h>

/* Makes *items (of *cap elements of elem bytes, n in use) hold at least n + 1.
 * Returns 0, or -1 out of memory or on overflow (*items and *cap unchanged). */
int grow_for_one(void **items, size_t *cap, size_t n, size_t elem);

#endif
