/* meta.h — one MLflow meta.yaml read with libyaml into flat key/value pairs:
 * top-level scalars as they are, one level of nested mapping as "parent.key"
 * (a registered model's `aliases: {champion: '2'}` -> "aliases.champion").
 * Sequences are skipped (MLflow writes them empty: `tags: []`). A YAML null
 * (null, ~, empty plain scalar) is a NULL value; a quoted '' is "". */
#ifndef MLTUI_STORE_META_H
#define MLTUI_STORE_META_H

#include <stddef.h>
#include <stdint.h>

typedef struct Meta {
    char  **keys, **vals;   /* vals[i] may be NULL */
    size_t  n;
} Meta;

/* Reads dirfd/name (dirfd may be AT_FDCWD). 0, or -1 with a one-line reason
 * (not naming the file: the caller does) in why. */
int         meta_read(int dirfd, const char *name, Meta *m, char *why, size_t size);
void        meta_free(Meta *m);
/* The value of key, or NULL (absent or null). */
const char *meta_get(const Meta *m, const char *key);
/* The value as an integer, or dflt when absent, null or not a number. */
int64_t     meta_int(const Meta *m, const char *key, int64_t dflt);

#endif
