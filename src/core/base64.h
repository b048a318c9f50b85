/* base64.h — standard base64 (RFC 4648, with padding) for the OSC 52
 * clipboard sequence, which carries its text base64-encoded. */
#ifndef MLTUI_BASE64_H
#define MLTUI_BASE64_H

#include <stddef.h>

/* The encoding of len bytes of data as a malloc'd string, or NULL when out
 * of memory. */
char *base64_encode(const void *data, size_t len);

#endif
