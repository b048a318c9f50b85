/* strpool.c — see strpool.h.
 *
 * Strings live in large blocks that never move, so strpool_get pointers stay
 * valid while the pool grows; an open-addressing table (linear probing, power
 * of two size, at most half full) maps a string's hash to its id. Each id keeps
 * its pointer, length and hash, so growing the table never rehashes text. */
#include "core/strpool.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64 * 1024)

typedef struct Block {
    struct Block *next;
    size_t        used, cap;
    char          data[];
} Block;

typedef struct Entry {
    const char *s;
    uint32_t    len;
    uint32_t    hash;
} Entry;

struct StrPool {
    Entry    *entries;   /* by id */
    size_t    n, cap;
    uint32_t *slots;     /* id + 1, 0 = empty */
    size_t    n_slots;   /* power of two */
    Block    *blocks;    /* newest first */
    size_t    bytes;     /* bytes allocated for blocks */
};

/* FNV-1a: simple, and good enough for keys and values of a run set. */
static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static char *pool_store(StrPool *sp, const char *s, size_t len)
{
    Block *b = sp->blocks;
    char  *p;

    if (!b || b->cap - b->used < len + 1) {
        /* A long string gets a block of its own, placed behind the current
         * block so the current block's free space is not lost. */
        size_t cap = len + 1 > BLOCK_SIZE / 4 ? len + 1 : BLOCK_SIZE;
        Block *nb = malloc(sizeof *nb + cap);

        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        sp->bytes += sizeof *nb + cap;
        if (b && cap != BLOCK_SIZE) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            sp->blocks = nb;
        }
        b = nb;
    }
    p = b->data + b->used;
    memcpy(p, s, len);
    p[len] = '\0';
    b->used += len + 1;
    return p;
}

static int table_grow(StrPool *sp)
{
    size_t    n_slots = sp->n_slots ? sp->n_slots * 2 : 1024;
    uint32_t *slots = calloc(n_slots, sizeof *slots);

    if (!slots)
        return -1;
    for (size_t id = 0; id < sp->n; id++) {
        size_t i = sp->entries[id].hash & (n_slots - 1);

        while (slots[i])
            i = (i + 1) & (n_slots - 1);
        slots[i] = (uint32_t)id + 1;
    }
    free(sp->slots);
    sp->slots = slots;
    sp->n_slots = n_slots;
    return 0;
}

StrPool *strpool_new(void)
{
    StrPool *sp = calloc(1, sizeof *sp);

    if (!sp)
        return NULL;
    if (strpool_intern(sp, "", 0) != 0) {
        strpool_free(sp);
        return NULL;
    }
    return sp;
}

void strpool_free(StrPool *sp)
{
    if (!sp)
        return;
    for (Block *b = sp->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(sp->entries);
    free(sp->slots);
    free(sp);
}

static uint32_t lookup(const StrPool *sp, const char *s, size_t len, uint32_t h, size_t *slot)
{
    size_t mask = sp->n_slots - 1;
    size_t i = h & mask;

    while (sp->slots[i]) {
        const Entry *e = &sp->entries[sp->slots[i] - 1];

        if (e->hash == h && e->len == len && memcmp(e->s, s, len) == 0)
            return sp->slots[i] - 1;
        i = (i + 1) & mask;
    }
    if (slot)
        *slot = i;
    return UINT32_MAX;
}

uint32_t strpool_intern(StrPool *sp, const char *s, size_t len)
{
    uint32_t h, id;
    size_t   slot;
    char    *copy;

    if (len >= UINT32_MAX || sp->n >= UINT32_MAX - 1)
        return UINT32_MAX;
    if (!s)
        s = "";
    h = hash_bytes(s, len);
    if ((sp->n + 1) * 2 > sp->n_slots && table_grow(sp) < 0)
        return UINT32_MAX;
    id = lookup(sp, s, len, h, &slot);
    if (id != UINT32_MAX)
        return id;
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 256;
        Entry *e = realloc(sp->entries, cap * sizeof *e);

        if (!e)
            return UINT32_MAX;
        sp->entries = e;
        sp->cap = cap;
    }
    copy = pool_store(sp, s, len);
    if (!copy)
        return UINT32_MAX;
    id = (uint32_t)sp->n++;
    sp->entries[id] = (Entry){ .s = copy, .len = (uint32_t)len, .hash = h };
    sp->slots[slot] = id + 1;
    return id;
}

uint32_t strpool_find(const StrPool *sp, const char *s, size_t len)
{
    if (!sp->n_slots)
        return UINT32_MAX;
    if (!s)
        s = "";
    return lookup(sp, s, len, hash_bytes(s, len), NULL);
}

const char *strpool_get(const StrPool *sp, uint32_t id)
{
    return id < sp->n ? sp->entries[id].s : "";
}

size_t strpool_len(const StrPool *sp, uint32_t id)
{
    return id < sp->n ? sp->entries[id].len : 0;
}

size_t strpool_count(const StrPool *sp)
{
    return sp->n;
}

size_t strpool_memory(const StrPool *sp)
{
    return sizeof *sp + sp->cap * sizeof *sp->entries + sp->n_slots * sizeof *sp->slots
           + sp->bytes;
}
