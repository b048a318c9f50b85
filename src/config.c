/* config.c — see config.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void config_path(const char *given, char *buf, size_t size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

    if (given)
        snprintf(buf, size, "%s", given);
    else if (xdg && *xdg)
        snprintf(buf, size, "%s/mltui/config", xdg);
    else if (home && *home)
        snprintf(buf, size, "%s/.config/mltui/config", home);
    else
        buf[0] = '\0';
}

static bool truthy(const char *w)
{
    return strcmp(w, "true") == 0 || strcmp(w, "yes") == 0 || strcmp(w, "1") == 0;
}

int config_load(const char *given, KeyMap *km, ConfigSettings *set, char *err, size_t errsize)
{
    char path[1024], line[512];
    FILE *f;
    int lineno = 0, rc = 0;

    config_path(given, path, sizeof path);
    if (!path[0] || !(f = fopen(path, "r"))) {
        if (given) {
            snprintf(err, errsize, "%.300s: %s", path, strerror(errno));
            return -1;
        }
        return 0;
    }
    while (fgets(line, sizeof line, f)) {
        char w1[16], w2[32], w3[64], msg[200];
        lineno++;
        int n = sscanf(line, " %15s %31s %63s", w1, w2, w3);
        if (n <= 0 || w1[0] == '#')
            continue;
        if (strcmp(w1, "bind") == 0) {
            if (keymap_parse_line(km, line, msg, sizeof msg) != 0) {
                snprintf(err, errsize, "%.300s:%d: %.180s", path, lineno, msg);
                rc = -1;
                break;
            }
        } else if (strcmp(w1, "set") == 0 && n == 3 && strcmp(w2, "theme") == 0) {
            snprintf(set->theme, sizeof set->theme, "%s", w3);
        } else if (strcmp(w1, "set") == 0 && n == 3 && strcmp(w2, "read-only") == 0) {
            set->read_only = truthy(w3);
        } else if (strcmp(w1, "set") == 0 && n == 3 && strcmp(w2, "cache") == 0) {
            set->no_cache = !truthy(w3);
        } else if (strcmp(w1, "set") == 0 && n == 3 && strcmp(w2, "mouse") == 0) {
            set->no_mouse = !truthy(w3);
        } else if (strcmp(w1, "set") == 0 && n == 3 && strcmp(w2, "images") == 0) {
            if (image_mode_parse(w3, &set->images) != 0) {
                snprintf(err, errsize, "%.300s:%d: images is auto, kitty, sixel, symbols or "
                         "off", path, lineno);
                rc = -1;
                break;
            }
        } else {
            snprintf(err, errsize, "%.300s:%d: unknown setting (expected bind or set "
                     "theme/read-only/cache/mouse/images)", path, lineno);
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}

int config_load_theme(Theme *theme, const char *name, char *err, size_t errsize)
{
    char userdir[1024] = "", exedir[1024] = "";
    const char *home = getenv("HOME");
    const char *dirs[4];
    int nd = 0;

    if (home) {
        snprintf(userdir, sizeof userdir, "%s/.config/mltui/themes", home);
        dirs[nd++] = userdir;
    }
    dirs[nd++] = "themes";
    dirs[nd++] = MLTUI_DATADIR "/themes";
    dirs[nd] = NULL;
    (void)exedir;
    return theme_load(theme, name, dirs, err, errsize);
}

void config_list_themes(void (*add)(void *ctx, const char *name), void *ctx)
{
    char user[1024];
    const char *home = getenv("HOME");
    const char *dirs[2] = { "themes", NULL };

    for (int i = 0; theme_builtin_names[i]; i++)
        add(ctx, theme_builtin_names[i]);
    if (home) {
        snprintf(user, sizeof user, "%s/.config/mltui/themes", home);
        dirs[1] = user;
    }
    for (int i = 0; i < 2; i++) {
        DIR *d = dirs[i] ? opendir(dirs[i]) : NULL;
        struct dirent *e;
        if (!d)
            continue;
        while ((e = readdir(d))) {
            size_t n = strlen(e->d_name);
            if (n > 6 && strcmp(e->d_name + n - 6, ".theme") == 0) {
                char name[256];
                snprintf(name, sizeof name, "%.*s", (int)(n - 6), e->d_name);
                add(ctx, name);
            }
        }
        closedir(d);
    }
}
