/* grow.c — see grow.h. */
#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>

int grow_for_one(void **items, size_t *cap, size_t n, size_t elem)
{
    size_t c;
    void  *p;

    if (n < *cap)
        return 0;
    c = *cap ? *cap * 2 : 16;
    if (c < *cap || elem == 0 || c > SIZE_MAX / elem)
        return -1;
    p = realloc(*items, c * elem);
    if (!p)
        return -1;
    *items = p;
    *cap = c;
    return 0;
}
