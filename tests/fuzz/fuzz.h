/* fuzz.h — shared by the libFuzzer targets in tests/fuzz/: a NUL-terminated
 * copy of the input, for parsers that take C strings. */
#ifndef MLTUI_FUZZ_H
#define MLTUI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A malloc'd copy of data[0..size) with a NUL after it (NUL bytes inside stay,
 * so a C-string parser sees the text up to the first one). Aborts on OOM. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
