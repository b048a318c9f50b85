/* dialog.h — a modal box drawn over the screen: a confirmation ("y/Enter
 * confirms, n/Esc cancels") or a small chooser list (Up/Down or j/k move,
 * Enter or a digit picks, Esc/q cancels). The app owns one at a time and
 * feeds it raw keys; the dialog only draws and says what the user chose. */
#ifndef MLTUI_DIALOG_H
#define MLTUI_DIALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include <curses.h>

#define DIALOG_MAX_ITEMS 64

typedef enum { DIALOG_CONFIRM, DIALOG_CHOOSE } DialogKind;
typedef enum { DIALOG_OPEN, DIALOG_ACCEPT, DIALOG_CANCEL } DialogResult;

typedef struct Dialog {
    DialogKind kind;
    char       title[128];
    char       text[2048];            /* wrapped; '\n' breaks lines (hostile text allowed) */
    char      *items[DIALOG_MAX_ITEMS];
    size_t     n_items, cursor, top;
} Dialog;

/* Sets d up; text and items are copied. Returns 0, -1 on out of memory. */
int  dialog_confirm(Dialog *d, const char *title, const char *text);
int  dialog_choose(Dialog *d, const char *title, const char *text,
                   const char *const *items, size_t n, size_t initial);
void dialog_clear(Dialog *d);
/* Feeds one key (wget_wch result; is_key for KEY_* codes). */
DialogResult dialog_key(Dialog *d, wint_t ch, bool is_key);
/* Draws the box centred in w's rows x cols. */
void dialog_draw(const Dialog *d, WINDOW *w, int rows, int cols);

#endif
