/* input.h — a one-line editor: UTF-8 text, cursor, history, Tab completion.
 * Keys arrive as wget_wch results (is_key: a KEY_* code). The text grows as
 * needed up to INPUT_LIMIT bytes (a long description is edited whole); a
 * zeroed Input is empty and valid; input_free releases it. */
#ifndef MLTUI_INPUT_H
#define MLTUI_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include <curses.h>

#define INPUT_LIMIT (256 * 1024)   /* bytes of text, NUL excluded */

typedef enum { INPUT_EDITING, INPUT_SUBMIT, INPUT_CANCEL, INPUT_COMPLETE } InputResult;

typedef struct Input {
    char  *buf;               /* NULL while empty and never set */
    size_t len, cur, cap;     /* bytes; cur on a character boundary */
} Input;

/* Replaces the text. Returns 0, or -1 (text unchanged) when it is longer than
 * INPUT_LIMIT or memory runs out: a caller that must edit a value whole
 * checks this and refuses with a reason. */
int         input_set(Input *in, const char *text);
/* The text (never NULL). */
const char *input_text(const Input *in);
void        input_free(Input *in);
/* Feeds one key; returns what the caller should do. Tab -> INPUT_COMPLETE. */
InputResult input_key(Input *in, wint_t ch, bool is_key);
/* Inserts text at the cursor; nothing when it would pass INPUT_LIMIT. */
void        input_insert(Input *in, const char *text);
/* Draws label + text at y, with the terminal cursor placed at the edit point. */
void        input_draw(const Input *in, WINDOW *w, int y, int x, int cols, const char *label);

#endif
