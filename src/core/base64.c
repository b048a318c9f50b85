/* base64.c — see base64.h. */
#include "core/base64.h"

#include <stdint.h>
#include <stdlib.h>

static const char ALPHABET[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *base64_encode(const void *data, size_t len)
{
    const unsigned char *in = data;
    size_t n = (len + 2) / 3 * 4, o = 0;
    char *out;

    if (len > (SIZE_MAX - 1) / 4 * 3 - 3 || !(out = malloc(n + 1)))
        return NULL;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        size_t left = len - i;

        if (left > 1)
            v |= (uint32_t)in[i + 1] << 8;
        if (left > 2)
            v |= in[i + 2];
        out[o++] = ALPHABET[v >> 18 & 63];
        out[o++] = ALPHABET[v >> 12 & 63];
        out[o++] = left > 1 ? ALPHABET[v >> 6 & 63] : '=';
        out[o++] = left > 2 ? ALPHABET[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}
