/* idset.c — see idset.h. FNV-1a hashing, linear probing, tombstones on
 * removal, rehash at 3/4 load (tombstones included). */
#include "core/idset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char tomb_byte;
#define IDSET_TOMB (&tomb_byte)

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void idset_free(IdSet *s)
{
    for (size_t i = 0; i < s->n_slots; i++)
        if (s->slots[i] && s->slots[i] != IDSET_TOMB)
            free(s->slots[i]);
    free(s->slots);
    s->slots = NULL;
    s->n_slots = s->n = s->used = 0;
}

void idset_clear(IdSet *s)
{
    idset_free(s);
}

/* Slot holding id, or SIZE_MAX. */
static size_t find(const IdSet *s, const char *id)
{
    if (s->n_slots == 0)
        return SIZE_MAX;
    size_t mask = s->n_slots - 1;
    for (size_t i = (size_t)hash(id) & mask, k = 0; k < s->n_slots; i = (i + 1) & mask, k++) {
        char *e = s->slots[i];
        if (!e)
            return SIZE_MAX;
        if (e != IDSET_TOMB && strcmp(e, id) == 0)
            return i;
    }
    return SIZE_MAX;
}

static int grow(IdSet *s)
{
    size_t n = s->n_slots ? s->n_slots : 16;
    while ((s->n + 1) * 2 > n)   /* at most half full after the rehash */
        n *= 2;
    char **slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < s->n_slots; i++) {
        char *e = s->slots[i];
        if (!e || e == IDSET_TOMB)
            continue;
        size_t j = (size_t)hash(e) & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = e;
    }
    free(s->slots);
    s->slots = slots;
    s->n_slots = n;
    s->used = s->n;
    return 0;
}

int idset_add(IdSet *s, const char *id)
{
    if (find(s, id) != SIZE_MAX)
        return 0;
    if ((s->used + 1) * 4 > s->n_slots * 3 && grow(s) != 0)
        return -1;
    char *copy = strdup(id);
    if (!copy)
        return -1;
    size_t mask = s->n_slots - 1, i = (size_t)hash(id) & mask;
    while (s->slots[i] && s->slots[i] != IDSET_TOMB)
        i = (i + 1) & mask;
    if (!s->slots[i])
        s->used++;
    s->slots[i] = copy;
    s->n++;
    return 1;
}

bool idset_remove(IdSet *s, const char *id)
{
    size_t i = find(s, id);
    if (i == SIZE_MAX)
        return false;
    free(s->slots[i]);
    s->slots[i] = IDSET_TOMB;
    s->n--;
    return true;
}

bool idset_has(const IdSet *s, const char *id)
{
    return find(s, id) != SIZE_MAX;
}

bool idset_toggle(IdSet *s, const char *id)
{
    if (idset_remove(s, id))
        return false;
    return idset_add(s, id) == 1;
}

const char *idset_next(const IdSet *s, size_t *pos)
{
    while (*pos < s->n_slots) {
        char *p = s->slots[(*pos)++];

        if (p && p != IDSET_TOMB)
            return p;
    }
    return NULL;
}
