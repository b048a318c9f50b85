/* strbuf.h — a growing NUL-terminated string. Out of memory is sticky: after
 * a failed append `oom` is set and later appends do nothing, so a caller
 * checks once at the end. The caller frees `s`. */
#ifndef MLTUI_STRBUF_H
#define MLTUI_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct StrBuf {
    char  *s;        /* NULL until the first append */
    size_t n, cap;
    bool   oom;
} StrBuf;

void strbuf_add(StrBuf *b, const char *s, size_t n);

#endif
