/* meta.c — MLflow's meta.yaml files through libyaml's event parser. */
#include "store/meta.h"
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#define META_MAX_BYTES (4 << 20)

static int meta_push(Meta *m, const char *k, const char *v)
{
    char **nk = realloc(m->keys, (m->n + 1) * sizeof *nk), **nv;

    if (!nk)
        return -1;
    m->keys = nk;
    nv = realloc(m->vals, (m->n + 1) * sizeof *nv);
    if (!nv)
        return -1;
    m->vals = nv;
    m->keys[m->n] = strdup(k);
    m->vals[m->n] = v ? strdup(v) : NULL;
    if (!m->keys[m->n] || (v && !m->vals[m->n])) {
        free(m->keys[m->n]);
        free(m->vals[m->n]);
        return -1;
    }
    m->n++;
    return 0;
}

static bool is_null(const yaml_event_t *ev)
{
    const char *v = (const char *)ev->data.scalar.value;

    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    return !*v || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL") ||
           !strcmp(v, "~");
}

/* Reads the whole file (MLflow's are small; a huge one is refused). A read
 * shorter than asked ends it: regular files only return less at their end,
 * which saves a read(2) per run on a large store. O_NONBLOCK: a FIFO named
 * meta.yaml fails instead of hanging the reader. */
static char *slurp(int dirfd, const char *name, size_t *len, char *why, size_t size)
{
    int fd = fs_openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    char *buf = NULL;
    size_t n = 0, cap = 0;

    if (fd < 0) {
        snprintf(why, size, "cannot read: %s", strerror(errno));
        return NULL;
    }
    for (;;) {
        ssize_t r;
        if (n + 4096 > cap) {
            char *nb;
            cap = cap ? cap * 2 : 8192;
            if (cap > META_MAX_BYTES) {
                snprintf(why, size, "larger than %d MB", META_MAX_BYTES >> 20);
                goto fail;
            }
            nb = realloc(buf, cap);
            if (!nb) {
                snprintf(why, size, "out of memory");
                goto fail;
            }
            buf = nb;
        }
        r = read(fd, buf + n, cap - n - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(why, size, "cannot read: %s", strerror(errno));
            goto fail;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if ((size_t)r < cap - (n - (size_t)r) - 1)
            break;   /* short: the end of a regular file */
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    close(fd);
    free(buf);
    return NULL;
}

int meta_read(int dirfd, const char *name, Meta *m, char *why, size_t size)
{
    yaml_parser_t p;
    yaml_event_t ev;
    size_t len = 0;
    char *buf;
    char key[256] = "", parent[256] = "";
    int depth = 0, seq = 0, rc = -1;
    bool have_key = false, root_map = false, done = false;

    memset(m, 0, sizeof *m);
    buf = slurp(dirfd, name, &len, why, size);
    if (!buf)
        return -1;
    if (!yaml_parser_initialize(&p)) {
        snprintf(why, size, "out of memory");
        free(buf);
        return -1;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    while (!done) {
        if (!yaml_parser_parse(&p, &ev)) {
            snprintf(why, size, "not valid YAML (%s at line %lu)",
                     p.problem ? p.problem : "error", (unsigned long)p.problem_mark.line + 1);
            goto out;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_MAPPING_START_EVENT:
            if (seq) {
                seq++;
            } else if (depth == 0) {
                root_map = true;
                depth = 1;
            } else if (depth == 1 && have_key) {
                snprintf(parent, sizeof parent, "%s", key);
                have_key = false;
                depth = 2;
            } else {
                depth++;
            }
            break;
        case YAML_MAPPING_END_EVENT:
            if (seq) {
                seq--;
            } else {
                depth--;
                have_key = false;
            }
            break;
        case YAML_SEQUENCE_START_EVENT:
            seq++;
            break;
        case YAML_SEQUENCE_END_EVENT:
            seq--;
            if (!seq)
                have_key = false;
            break;
        case YAML_SCALAR_EVENT:
            if (seq || depth < 1 || depth > 2)
                break;
            if (!have_key) {
                snprintf(key, sizeof key, "%s", (const char *)ev.data.scalar.value);
                have_key = true;
            } else {
                char full[520];
                if (depth == 2)
                    snprintf(full, sizeof full, "%s.%s", parent, key);
                else
                    snprintf(full, sizeof full, "%s", key);
                if (meta_push(m, full, is_null(&ev) ? NULL
                                                   : (const char *)ev.data.scalar.value) < 0) {
                    yaml_event_delete(&ev);
                    snprintf(why, size, "out of memory");
                    goto out;
                }
                have_key = false;
            }
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    if (!root_map) {
        snprintf(why, size, "not a YAML mapping (empty or truncated?)");
        goto out;
    }
    rc = 0;
out:
    yaml_parser_delete(&p);
    free(buf);
    if (rc < 0)
        meta_free(m);
    return rc;
}

void meta_free(Meta *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->keys[i]);
        free(m->vals[i]);
    }
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

const char *meta_get(const Meta *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->keys[i], key))
            return m->vals[i];
    return NULL;
}

int64_t meta_int(const Meta *m, const char *key, int64_t dflt)
{
    const char *v = meta_get(m, key);
    char *end;
    long long x;

    if (!v || !*v)
        return dflt;
    errno = 0;
    x = strtoll(v, &end, 10);
    if (errno || *end)
        return dflt;
    return x;
}
