/* input.h — a one-line editor: UTF-8 text, cursor, history, Tab completion.
 * Keys arrive as wget_wch results (is_key: a KEY_* code). */
#ifndef MLTUI_INPUT_H
#define MLTUI_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include <curses.h>

#define INPUT_MAX 1024

typedef enum { INPUT_EDITING, INPUT_SUBMIT, INPUT_CANCEL, INPUT_COMPLETE } InputResult;

typedef struct Input {
    char   buf[INPUT_MAX];
    size_t len, cur;          /* bytes; cur on a character boundary */
} Input;

void        input_set(Input *in, const char *text);
/* Feeds one key; returns what the caller should do. Tab -> INPUT_COMPLETE. */
InputResult input_key(Input *in, wint_t ch, bool is_key);
/* Inserts text at the cursor. */
void        input_insert(Input *in, const char *text);
/* Draws label + text at y, with the terminal cursor placed at the edit point. */
void        input_draw(const Input *in, WINDOW *w, int y, int x, int cols, const char *label);

#endif
