/* text.h — the one choke point for server strings on their way to the
 * terminal: sanitising (control and escape characters made visible, invalid
 * UTF-8 replaced) and measuring in display columns (wide characters count 2,
 * combining 0). Requires setlocale(LC_ALL, "") for wcwidth; falls back to 1
 * column per code point in a C locale. */
#ifndef MLTUI_TEXT_H
#define MLTUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Copies s[0..len) to out as safe UTF-8: C0 controls as caret notation
 * ("^[" for ESC, "^@" for NUL, "^M"), DEL as "^?", C1 controls (U+0080..U+009F)
 * as "<9b>"-style hex, newline and tab as "↵" and a single space, bidi
 * embedding/override/isolate controls (U+202A..U+202E, U+2066..U+2069) and the
 * line/paragraph separators U+2028/U+2029 as "<U+202E>", invalid UTF-8 (a lone
 * 0x9b byte, overlongs, surrogates, truncated sequences) as one U+FFFD per
 * maximal invalid subpart. Truncates at a character boundary (never half a
 * "<U+202E>"); returns bytes written (excl. NUL). size 0 writes nothing. */
size_t text_sanitize(const char *s, size_t len, char *out, size_t size);
/* Display width of already-sanitised UTF-8 (unassigned code points count 1). */
int    text_width(const char *s);
/* Sanitises s and fits it in cols display columns: cut with "…" when longer
 * (or when out is too small), never in the middle of a character; a wide
 * character that would straddle the limit is dropped, so the result may be a
 * column short. Writes the result to out and returns its display width (<= cols). */
int    text_fit(const char *s, int cols, char *out, size_t size);
/* Case-insensitive (ASCII) substring search. */
bool   text_icontains(const char *hay, const char *needle);
/* Wraps sanitised text into lines of at most cols columns, breaking at spaces
 * where possible (the space is dropped, as are spaces opening a wrapped line);
 * a '\n', should one remain, is a hard break. Calls emit(line, nbytes, ctx)
 * for each line; returns lines ("" gives none). */
int    text_wrap(const char *s, int cols, void (*emit)(const char *, size_t, void *), void *ctx);

#endif
