/* config.h — the user's configuration file and the colour themes, for app.c.
 *
 * The config file (--config FILE, else $XDG_CONFIG_HOME/mltui/config, else
 * ~/.config/mltui/config) holds "bind SCOPE KEY ACTION" (core/keymap.h),
 * "set theme NAME", "set read-only true|false", "set cache true|false" and
 * "set mouse true|false", "set images auto|kitty|sixel|symbols|off";
 * '#' starts a comment.
 * Themes are NAME.theme files in ~/.config/mltui/themes, ./themes and the
 * installed data directory (core/theme.h); "default" and "mono" are built in. */
#ifndef MLTUI_CONFIG_H
#define MLTUI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/imagemode.h"
#include "core/keymap.h"
#include "core/theme.h"

/* What "set" lines say; config_load changes only what the file sets. */
typedef struct ConfigSettings {
    bool read_only;
    bool no_cache;          /* set cache false */
    bool no_mouse;          /* set mouse false */
    ImageMode images;       /* set images auto|kitty|sixel|symbols|off */
    char theme[64];
} ConfigSettings;

/* Reads the config file (given: --config's path, or NULL for the default
 * places; a missing default file is no error). Bindings go into km; "set"
 * lines into *set. Returns 0, or -1 with "FILE:LINE: reason" in err. */
int  config_load(const char *given, KeyMap *km, ConfigSettings *set, char *err, size_t errsize);
/* Loads theme name into theme from the theme directories. 0 or -1 with err. */
int  config_load_theme(Theme *theme, const char *name, char *err, size_t errsize);
/* Calls add(ctx, name) for every theme found (built in and files). */
void config_list_themes(void (*add)(void *ctx, const char *name), void *ctx);

#endif
