/* test_theme.c — theme files: parsing, errors, the built-in themes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/theme.h"

/* themes/NAME relative to the source tree: MLTUI_SRCDIR, else derived from
 * this file's path as the compiler saw it (relative to where make ran). */
static char *read_source_file(const char *rel)
{
    const char *root = getenv("MLTUI_SRCDIR");
    char        path[2048], dir[1024];
    const char *suffix = "tests/unit/test_theme.c";
    size_t      fl = strlen(__FILE__), sl = strlen(suffix);
    FILE       *f;
    char       *buf;
    long        n;

    if (!root) {
        snprintf(dir, sizeof dir, "%.*s", (int)(fl >= sl ? fl - sl : 0), __FILE__);
        root = dir[0] ? dir : ".";
    }
    snprintf(path, sizeof path, "%s/%s", root, rel);
    f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    buf[fread(buf, 1, (size_t)n, f)] = '\0';
    fclose(f);
    return buf;
}

static Theme blank(void)
{
    Theme t;

    memset(&t, 0, sizeof t);
    for (int r = 0; r < ROLE__COUNT; r++)
        t.roles[r] = (RoleStyle){ -1, -1, 0, THEME_RGB_NONE, THEME_RGB_NONE };
    return t;
}

static void default_theme_file_matches_compiled_text(void **state)
{
    char *text = read_source_file("themes/default.theme");

    (void)state;
    assert_non_null(text);
    assert_string_equal(text, theme_default_text);
    free(text);
}

static void mono_theme_file_matches_compiled_text(void **state)
{
    char *text = read_source_file("themes/mono.theme");

    (void)state;
    assert_non_null(text);
    assert_string_equal(text, theme_mono_text);
    free(text);
}

/* Every role named exactly once in text: a role left out would be unstyled. */
static void assert_names_every_role(const char *text)
{
    for (int r = 0; r < ROLE__COUNT; r++) {
        char        needle[64];
        const char *p = text;
        int         n = 0;

        snprintf(needle, sizeof needle, "\ncolor %s ", theme_role_name((Role)r));
        while ((p = strstr(p, needle))) {
            n++;
            p++;
        }
        if (n != 1)
            fail_msg("role %s named %d times", theme_role_name((Role)r), n);
    }
}

static void builtin_themes_parse_and_name_every_role(void **state)
{
    Theme t = blank();
    char  err[128] = "";

    (void)state;
    assert_int_equal(theme_parse(&t, theme_default_text, err, sizeof err), 0);
    assert_int_equal(theme_parse(&t, theme_mono_text, err, sizeof err), 0);
    assert_names_every_role(theme_default_text);
    assert_names_every_role(theme_mono_text);
}

static void default_theme_uses_only_the_eight_basic_colours(void **state)
{
    Theme t;

    (void)state;
    theme_init_default(&t);
    assert_string_equal(t.name, "default");
    for (int r = 0; r < ROLE__COUNT; r++) {
        assert_in_range(t.roles[r].fg + 1, 0, 8);
        assert_in_range(t.roles[r].bg + 1, 0, 8);
    }
    assert_int_equal(t.roles[ROLE_STATUS_FAILED].fg, 1);           /* red */
    assert_int_equal(t.roles[ROLE_STATUS_FINISHED].fg, 2);         /* green */
    assert_int_equal(t.roles[ROLE_CURSOR].attrs, THEME_ATTR_REVERSE);
}

static void default_theme_gives_distinct_styles_to_distinct_states(void **state)
{
    Theme t;

    (void)state;
    theme_init_default(&t);
    assert_memory_not_equal(&t.roles[ROLE_STATUS_FAILED], &t.roles[ROLE_STATUS_FINISHED],
                            sizeof(RoleStyle));
    assert_memory_not_equal(&t.roles[ROLE_CURSOR], &t.roles[ROLE_NORMAL], sizeof(RoleStyle));
    assert_memory_not_equal(&t.roles[ROLE_HEADER], &t.roles[ROLE_HEADER_SORTED],
                            sizeof(RoleStyle));
}

static void mono_theme_uses_attributes_only(void **state)
{
    Theme t;
    char  err[128];

    (void)state;
    theme_init_default(&t);
    assert_int_equal(theme_load(&t, "mono", NULL, err, sizeof err), 0);
    assert_string_equal(t.name, "mono");
    for (int r = 0; r < ROLE__COUNT; r++) {
        assert_int_equal(t.roles[r].fg, THEME_COLOR_DEFAULT);
        assert_int_equal(t.roles[r].bg, THEME_COLOR_DEFAULT);
    }
    assert_true(t.roles[ROLE_CURSOR].attrs & THEME_ATTR_REVERSE);
    assert_memory_not_equal(&t.roles[ROLE_CURSOR], &t.roles[ROLE_NORMAL], sizeof(RoleStyle));
}

static void theme_parse_reads_colours_and_attributes(void **state)
{
    Theme t = blank();
    char  err[128];

    (void)state;
    assert_int_equal(theme_parse(&t, "color table.header white blue bold underline\n"
                                     "color error bright-red default\n"
                                     "color chart color208 color0 dim italic standout\n"
                                     "color hint default default reverse none\n",
                                 err, sizeof err), 0);
    assert_int_equal(t.roles[ROLE_HEADER].fg, 7);
    assert_int_equal(t.roles[ROLE_HEADER].bg, 4);
    assert_int_equal(t.roles[ROLE_HEADER].attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
    assert_int_equal(t.roles[ROLE_ERROR].fg, 9);
    assert_int_equal(t.roles[ROLE_ERROR].bg, -1);
    assert_int_equal(t.roles[ROLE_CHART].fg, 208);
    assert_int_equal(t.roles[ROLE_CHART].bg, 0);
    assert_int_equal(t.roles[ROLE_CHART].attrs,
                     THEME_ATTR_DIM | THEME_ATTR_ITALIC | THEME_ATTR_STANDOUT);
    assert_int_equal(t.roles[ROLE_HINT].attrs, THEME_ATTR_REVERSE);
    assert_int_equal(t.roles[ROLE_NORMAL].fg, -1);   /* not named: unchanged */
}

static void theme_parse_ignores_comments_and_blank_lines(void **state)
{
    Theme t = blank();
    char  err[128];

    (void)state;
    assert_int_equal(theme_parse(&t, "# a comment\n\n   \t\n"
                                     "color title red default bold # trailing\r\n"
                                     "color dim green default", err, sizeof err), 0);
    assert_int_equal(t.roles[ROLE_TITLE].fg, 1);
    assert_int_equal(t.roles[ROLE_TITLE].attrs, THEME_ATTR_BOLD);
    assert_int_equal(t.roles[ROLE_DIM].fg, 2);
}

static void theme_parse_reports_line_of_error(void **state)
{
    Theme t = blank();
    char  err[128];

    (void)state;
    assert_int_equal(theme_parse(&t, "# ok\ncolor title red default\ncolor tabel.header red blue\n",
                                 err, sizeof err), -1);
    assert_string_equal(err, "line 3: unknown role 'tabel.header'");
}

static void theme_parse_rejects_bad_colours_and_attributes(void **state)
{
    Theme t = blank();
    char  err[128];

    (void)state;
    assert_int_equal(theme_parse(&t, "color title purple default\n", err, sizeof err), -1);
    assert_string_equal(err, "line 1: unknown colour 'purple'");
    assert_int_equal(theme_parse(&t, "\ncolor title red color256\n", err, sizeof err), -1);
    assert_string_equal(err, "line 2: unknown colour 'color256'");
    assert_int_equal(theme_parse(&t, "color title red blue blink\n", err, sizeof err), -1);
    assert_string_equal(err, "line 1: unknown attribute 'blink'");
    assert_int_equal(theme_parse(&t, "colour title red blue\n", err, sizeof err), -1);
    assert_string_equal(err, "line 1: unknown command (expected 'color') 'colour'");
    assert_int_equal(theme_parse(&t, "color title red\n", err, sizeof err), -1);
    assert_string_equal(err, "line 1: expected 'color ROLE FG BG [ATTR...]'");
}

static void theme_parse_error_leaves_theme_unchanged(void **state)
{
    Theme t = blank(), before;
    char  err[128];

    (void)state;
    before = t;
    assert_int_equal(theme_parse(&t, "color title red default\ncolor nope red red\n", err,
                                 sizeof err), -1);
    assert_memory_equal(&t, &before, sizeof t);
}

static void theme_load_reads_a_user_theme_over_the_default(void **state)
{
    char        dir[] = "/tmp/mltui-theme-XXXXXX", path[256], err[256];
    const char *dirs[] = { "/nonexistent-dir", dir, NULL };
    Theme       t, def;
    FILE       *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ocean.theme", dir);
    f = fopen(path, "w");
    fputs("color title blue default bold\n", f);
    fclose(f);
    theme_init_default(&def);
    memset(&t, 0, sizeof t);
    assert_int_equal(theme_load(&t, "ocean", dirs, err, sizeof err), 0);
    assert_string_equal(t.name, "ocean");
    assert_int_equal(t.roles[ROLE_TITLE].fg, 4);
    assert_memory_equal(&t.roles[ROLE_STATUS_FAILED], &def.roles[ROLE_STATUS_FAILED],
                        sizeof(RoleStyle));

    f = fopen(path, "w");
    fputs("color title blue default\ncolor title bleu default\n", f);
    fclose(f);
    assert_int_equal(theme_load(&t, "ocean", dirs, err, sizeof err), -1);
    assert_non_null(strstr(err, "ocean.theme: line 2: unknown colour 'bleu'"));
    unlink(path);
    rmdir(dir);
}

static void theme_load_reports_a_missing_theme(void **state)
{
    const char *dirs[] = { "/nonexistent-dir", NULL };
    Theme       t;
    char        err[128];

    (void)state;
    theme_init_default(&t);
    assert_int_equal(theme_load(&t, "nosuch", dirs, err, sizeof err), -1);
    assert_string_equal(err, "theme 'nosuch' not found");
    assert_int_equal(theme_load(&t, "../etc/passwd", dirs, err, sizeof err), -1);
    assert_string_equal(t.name, "default");
}

static void color_to_8_maps_to_the_nearest_basic_colour(void **state)
{
    (void)state;
    assert_int_equal(theme_color_to_8(-1), -1);
    assert_int_equal(theme_color_to_8(3), 3);
    assert_int_equal(theme_color_to_8(9), 1);      /* bright red */
    assert_int_equal(theme_color_to_8(15), 7);     /* bright white */
    assert_int_equal(theme_color_to_8(196), 1);    /* #ff0000 */
    assert_int_equal(theme_color_to_8(46), 2);     /* #00ff00 */
    assert_int_equal(theme_color_to_8(21), 4);     /* #0000ff */
    assert_int_equal(theme_color_to_8(226), 3);    /* #ffff00 */
    assert_int_equal(theme_color_to_8(51), 6);     /* #00ffff */
    assert_int_equal(theme_color_to_8(201), 5);    /* #ff00ff */
    assert_int_equal(theme_color_to_8(208), 3);    /* #ff8700 orange: yellow */
    assert_int_equal(theme_color_to_8(202), 1);    /* #ff5f00: red */
    assert_int_equal(theme_color_to_8(17), 4);     /* #00005f dark blue */
    assert_int_equal(theme_color_to_8(16), 0);     /* #000000 */
    assert_int_equal(theme_color_to_8(232), 0);    /* near-black grey */
    assert_int_equal(theme_color_to_8(250), 7);    /* light grey */
}

static void role_names_come_from_the_role_table(void **state)
{
    (void)state;
    assert_string_equal(theme_role_name(ROLE_HEADER), "table.header");
    assert_string_equal(theme_role_name(ROLE_CONTROL), "control");
    assert_string_equal(theme_role_name(ROLE__COUNT), "?");
}

static void light_theme_file_matches_compiled_text(void **state)
{
    char *text = read_source_file("themes/light.theme");

    (void)state;
    assert_non_null(text);
    assert_string_equal(text, theme_light_text);
    free(text);
}

static void high_contrast_theme_file_matches_compiled_text(void **state)
{
    char *text = read_source_file("themes/high-contrast.theme");

    (void)state;
    assert_non_null(text);
    assert_string_equal(text, theme_high_contrast_text);
    free(text);
}

static void every_builtin_theme_loads_by_name_without_a_file(void **state)
{
    const char *texts[] = { theme_default_text, theme_light_text, theme_mono_text,
                            theme_high_contrast_text };
    char err[128] = "";

    (void)state;
    for (int i = 0; theme_builtin_names[i]; i++) {
        Theme t = blank();
        assert_true(i < 4);
        assert_int_equal(theme_load(&t, theme_builtin_names[i], NULL, err, sizeof err), 0);
        assert_string_equal(t.name, theme_builtin_names[i]);
        assert_names_every_role(texts[i]);
    }
}

static void theme_parse_reads_true_colours(void **state)
{
    Theme t = blank();
    char err[128] = "";

    (void)state;
    assert_int_equal(theme_parse(&t, "color title #ff0000 blue/#005f87 bold # red on blue\n"
                                     "color error red default #comment\n", err, sizeof err), 0);
    assert_int_equal(t.roles[ROLE_TITLE].fg, 196);          /* nearest of the 256 */
    assert_int_equal(t.roles[ROLE_TITLE].fg_rgb, 0xff0000);
    assert_int_equal(t.roles[ROLE_TITLE].bg, 4);            /* the fallback as written */
    assert_int_equal(t.roles[ROLE_TITLE].bg_rgb, 0x005f87);
    assert_int_equal(t.roles[ROLE_TITLE].attrs, THEME_ATTR_BOLD);
    assert_int_equal(t.roles[ROLE_ERROR].fg, 1);
    assert_int_equal(t.roles[ROLE_ERROR].fg_rgb, THEME_RGB_NONE);
}

static void theme_parse_rejects_bad_true_colours(void **state)
{
    const char *bad[] = { "color title #ff00 default\n", "color title #gg0000 default\n",
                          "color title blue/#12345 default\n", "color title nosuch/#ffffff default\n",
                          "color title blue/ default\n", "color title #ff00000 default\n" };
    char err[128];

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Theme t = blank();
        err[0] = '\0';
        assert_int_equal(theme_parse(&t, bad[i], err, sizeof err), -1);
        assert_non_null(strstr(err, "line 1"));
    }
}

static void palette_and_nearest_colour_agree(void **state)
{
    (void)state;
    assert_int_equal(theme_color_rgb(196), 0xff0000);
    assert_int_equal(theme_color_rgb(16), 0x000000);
    assert_int_equal(theme_color_rgb(231), 0xffffff);
    assert_int_equal(theme_color_rgb(232), 0x080808);
    assert_int_equal(theme_color_rgb(255), 0xeeeeee);
    assert_int_equal(theme_color_rgb(-1), -1);
    assert_int_equal(theme_rgb_to_256(0xff0000), 196);
    assert_int_equal(theme_rgb_to_256(0x808080), 244);
    assert_int_equal(theme_rgb_to_256(0x005f87), 24);
    for (short i = 16; i < 256; i++)   /* every palette colour maps to itself (or its twin) */
        assert_int_equal(theme_color_rgb(theme_rgb_to_256(theme_color_rgb(i))), theme_color_rgb(i));
}

static void colour_for_a_terminal_uses_what_it_can_show(void **state)
{
    (void)state;
    assert_int_equal(theme_color_for(9, THEME_RGB_NONE, 8), 1);
    assert_int_equal(theme_color_for(4, 0x005f87, 8), 4);
    assert_int_equal(theme_color_for(196, 0xff0000, 8), 1);
    assert_int_equal(theme_color_for(4, 0x005f87, 256), 4);
    assert_int_equal(theme_color_for(196, THEME_RGB_NONE, 256), 196);
    assert_int_equal(theme_color_for(4, 0x005f87, 0x1000000), 0x005f87);
    assert_int_equal(theme_color_for(196, THEME_RGB_NONE, 0x1000000), 0xff0000);
    assert_int_equal(theme_color_for(3, THEME_RGB_NONE, 0x1000000), 3);  /* ANSI stays ANSI */
}

static void colorterm_says_truecolor_or_24bit(void **state)
{
    (void)state;
    assert_true(theme_colorterm_truecolor("truecolor"));
    assert_true(theme_colorterm_truecolor("24bit"));
    assert_false(theme_colorterm_truecolor(NULL));
    assert_false(theme_colorterm_truecolor(""));
    assert_false(theme_colorterm_truecolor("256color"));
}

static int32_t rgb_of(short idx, int32_t rgb)
{
    return rgb >= 0 ? rgb : theme_color_rgb(idx);
}

/* Foreground and background of every role that sets both stay apart on 8-
 * and 256-colour terminals and keep WCAG AA contrast (4.5) in true colour. */
static void builtin_themes_are_readable_on_every_kind_of_terminal(void **state)
{
    (void)state;
    for (int i = 0; theme_builtin_names[i]; i++) {
        Theme t = blank();
        assert_int_equal(theme_load(&t, theme_builtin_names[i], NULL, NULL, 0), 0);
        for (int r = 0; r < ROLE__COUNT; r++) {
            const RoleStyle *s = &t.roles[r];
            if (s->fg < 0 || s->bg < 0)
                continue;
            if (theme_color_for(s->fg, s->fg_rgb, 8) == theme_color_for(s->bg, s->bg_rgb, 8) ||
                theme_color_for(s->fg, s->fg_rgb, 256) == theme_color_for(s->bg, s->bg_rgb, 256))
                fail_msg("%s: role %s has one colour for text and background",
                         theme_builtin_names[i], theme_role_name((Role)r));
            double c = theme_contrast(rgb_of(s->fg, s->fg_rgb), rgb_of(s->bg, s->bg_rgb));
            if (c < 4.5)
                fail_msg("%s: role %s contrast %.2f < 4.5", theme_builtin_names[i],
                         theme_role_name((Role)r), c);
        }
    }
}

static void light_theme_has_no_pale_text_on_a_light_background(void **state)
{
    Theme t = blank();

    (void)state;
    assert_int_equal(theme_load(&t, "light", NULL, NULL, 0), 0);
    for (int r = 0; r < ROLE__COUNT; r++) {
        const RoleStyle *s = &t.roles[r];
        if (s->fg < 0 || s->bg >= 0)
            continue;
        short c8 = theme_color_to_8(s->fg);
        if (c8 == 3 || c8 == 6 || c8 == 7)    /* yellow, cyan, white fade on white */
            fail_msg("light: role %s uses a pale colour %d", theme_role_name((Role)r), s->fg);
        if (theme_contrast(rgb_of(s->fg, s->fg_rgb), 0xffffff) < 4.5)
            fail_msg("light: role %s too pale on white", theme_role_name((Role)r));
    }
}

static void high_contrast_theme_dims_nothing_and_keeps_aaa_contrast(void **state)
{
    Theme t = blank();

    (void)state;
    assert_int_equal(theme_load(&t, "high-contrast", NULL, NULL, 0), 0);
    for (int r = 0; r < ROLE__COUNT; r++) {
        const RoleStyle *s = &t.roles[r];
        assert_false(s->attrs & THEME_ATTR_DIM);
        if (s->fg >= 0 && s->bg < 0 &&
            theme_contrast(rgb_of(s->fg, s->fg_rgb), 0x000000) < 7.0)
            fail_msg("high-contrast: role %s below 7:1 on black", theme_role_name((Role)r));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_theme_file_matches_compiled_text),
        cmocka_unit_test(mono_theme_file_matches_compiled_text),
        cmocka_unit_test(builtin_themes_parse_and_name_every_role),
        cmocka_unit_test(default_theme_uses_only_the_eight_basic_colours),
        cmocka_unit_test(default_theme_gives_distinct_styles_to_distinct_states),
        cmocka_unit_test(mono_theme_uses_attributes_only),
        cmocka_unit_test(theme_parse_reads_colours_and_attributes),
        cmocka_unit_test(theme_parse_ignores_comments_and_blank_lines),
        cmocka_unit_test(theme_parse_reports_line_of_error),
        cmocka_unit_test(theme_parse_rejects_bad_colours_and_attributes),
        cmocka_unit_test(theme_parse_error_leaves_theme_unchanged),
        cmocka_unit_test(theme_load_reads_a_user_theme_over_the_default),
        cmocka_unit_test(theme_load_reports_a_missing_theme),
        cmocka_unit_test(color_to_8_maps_to_the_nearest_basic_colour),
        cmocka_unit_test(role_names_come_from_the_role_table),
        cmocka_unit_test(light_theme_file_matches_compiled_text),
        cmocka_unit_test(high_contrast_theme_file_matches_compiled_text),
        cmocka_unit_test(every_builtin_theme_loads_by_name_without_a_file),
        cmocka_unit_test(theme_parse_reads_true_colours),
        cmocka_unit_test(theme_parse_rejects_bad_true_colours),
        cmocka_unit_test(palette_and_nearest_colour_agree),
        cmocka_unit_test(colour_for_a_terminal_uses_what_it_can_show),
        cmocka_unit_test(colorterm_says_truecolor_or_24bit),
        cmocka_unit_test(builtin_themes_are_readable_on_every_kind_of_terminal),
        cmocka_unit_test(light_theme_has_no_pale_text_on_a_light_background),
        cmocka_unit_test(high_contrast_theme_dims_nothing_and_keeps_aaa_contrast),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
