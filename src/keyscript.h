/* keyscript.h — scripted keys for `mltui --screenshot FILE --keys SCRIPT`.
 *
 * The syntax follows tmux's send-keys. Words are separated by spaces:
 *   - a key name is that key: Enter, Esc (Escape), Tab, BTab (BackTab),
 *     Space, BSpace (Backspace), Up, Down, Left, Right, Home, End,
 *     PgUp (PPage, PageUp), PgDn (NPage, PageDown), DC (Delete), IC (Insert),
 *     F1..F12; C-x is Ctrl+x (C-d, C-u, C-l), M-x is Esc then x;
 *   - any other word is typed as literal text, character by character;
 *   - "double" or 'single' quotes type their text literally, spaces included
 *     (\" and \\ escape inside double quotes);
 *   - inside a word or quotes, <Name> is the key Name, so
 *     ":sort metrics.f1 desc<Enter>" types the command and submits it;
 *     <lt> is a literal '<'.
 * Example:  j j Enter  ":sort f1 desc<Enter>"  ?  C-d  Esc
 * No curses calls: only its KEY_* constants. */
#ifndef MLTUI_KEYSCRIPT_H
#define MLTUI_KEYSCRIPT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ScriptKey {
    int  code;      /* a character (code point), or a curses KEY_* code when fn */
    bool fn;
} ScriptKey;

typedef struct KeyScript {
    ScriptKey *keys;
    size_t     n, cap;
} KeyScript;

/* Parses text into ks (which must be zeroed or freshly freed). Returns 0, or
 * -1 with a message in err ("unterminated quote", "unknown key <Foo>") and
 * ks empty. NULL text is an empty script. */
int  keyscript_parse(KeyScript *ks, const char *text, char *err, size_t errsize);
void keyscript_free(KeyScript *ks);

#endif
