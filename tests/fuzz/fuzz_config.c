/* fuzz_config.c — the text a user's files feed in: key scripts (--keys),
 * theme files and key-binding lines. The first byte picks which. */
#include "fuzz.h"

#include <curses.h>

#include "core/keymap.h"
#include "core/theme.h"
#include "keyscript.h"

static const KeyName names[] = {
    { "Enter", '\n' }, { "Esc", 27 }, { "Tab", '\t' }, { "Space", ' ' },
    { "Up", KEY_UP }, { "Down", KEY_DOWN }, { "PgUp", KEY_PPAGE }, { "F5", KEY_F(5) },
    { NULL, 0 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s, err[256];

    if (size < 1)
        return 0;
    s = fuzz_cstr(data + 1, size - 1);
    switch (data[0] % 3) {
    case 0: {
        KeyScript ks = { 0 };
        keyscript_parse(&ks, s, err, sizeof err);
        keyscript_free(&ks);
        break;
    }
    case 1: {
        Theme t;
        theme_init_default(&t);
        theme_parse(&t, s, err, sizeof err);
        break;
    }
    default: {
        KeyMap km;
        char buf[128];
        keymap_init(&km, names);
        keymap_parse(&km, s, err, sizeof err);
        for (int k = 0; k < 128; k++)
            keymap_lookup(&km, "runs", k);
        keymap_keys_for(&km, "runs", ACT_OPEN, buf, sizeof buf);
        keymap_key_name(&km, (unsigned char)data[0], buf, sizeof buf);
        keymap_free(&km);
        break;
    }
    }
    free(s);
    return 0;
}
