/* test_keymap.c — key bindings: the built-in map, user overrides, names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/keymap.h"

/* Codes as ncurses numbers them; the table stands in for app.c's. */
enum { K_DOWN = 258, K_UP, K_LEFT, K_RIGHT, K_HOME, K_F1 = 265, K_F5 = 269, K_NPAGE = 338,
       K_PPAGE, K_ENTER = 343, K_BTAB = 353, K_END = 360 };

static const KeyName names[] = {
    { "Enter", '\n' }, { "Enter", K_ENTER }, { "Esc", 27 }, { "Space", ' ' }, { "Tab", '\t' },
    { "BackTab", K_BTAB }, { "Up", K_UP }, { "Down", K_DOWN }, { "Left", K_LEFT },
    { "Right", K_RIGHT }, { "Home", K_HOME }, { "End", K_END }, { "PgUp", K_PPAGE },
    { "PgDn", K_NPAGE }, { "F1", K_F1 }, { "F5", K_F5 }, { "Backspace", 263 },
    { "Delete", 330 }, { NULL, 0 },
};

static void load_default(KeyMap *km)
{
    char err[128] = "";
    keymap_init(km, names);
    if (keymap_parse(km, keymap_default_text, err, sizeof err) != 0)
        fail_msg("built-in key map: %s", err);
}

static void default_map_parses_and_binds_the_conventions(void **state)
{
    KeyMap km;
    (void)state;
    load_default(&km);
    assert_int_equal(keymap_lookup(&km, "runs", 'j'), ACT_DOWN);
    assert_int_equal(keymap_lookup(&km, "runs", K_UP), ACT_UP);
    assert_int_equal(keymap_lookup(&km, "runs", '\n'), ACT_OPEN);
    assert_int_equal(keymap_lookup(&km, "runs", 27), ACT_BACK);
    assert_int_equal(keymap_lookup(&km, "runs", 'Q'), ACT_QUIT);
    assert_int_equal(keymap_lookup(&km, "runs", '?'), ACT_HELP);
    assert_int_equal(keymap_lookup(&km, "runs", ':'), ACT_PROMPT);
    assert_int_equal(keymap_lookup(&km, "runs", 4), ACT_HALF_DOWN);   /* ^D */
    assert_int_equal(keymap_lookup(&km, "runs", K_F5), ACT_RELOAD);
    keymap_free(&km);
}

static void screen_binding_wins_over_generic(void **state)
{
    KeyMap km;
    (void)state;
    load_default(&km);
    /* 's' sorts in the runs table and means nothing generic. */
    assert_int_equal(keymap_lookup(&km, "runs", 's'), ACT_SORT);
    assert_int_equal(keymap_lookup(&km, "experiments", 's'), ACT_NONE);
    /* 'd' is lifecycle in runs but diff in compare. */
    assert_int_equal(keymap_lookup(&km, "runs", 'd'), ACT_VIEW_TYPE);
    assert_int_equal(keymap_lookup(&km, "compare", 'd'), ACT_DIFF_ONLY);
    keymap_free(&km);
}

static void user_binding_replaces_default(void **state)
{
    KeyMap km;
    char err[128];
    (void)state;
    load_default(&km);
    assert_int_equal(keymap_parse_line(&km, "bind runs s none", err, sizeof err), 0);
    assert_int_equal(keymap_parse_line(&km, "bind runs o sort", err, sizeof err), 0);
    assert_int_equal(keymap_lookup(&km, "runs", 's'), ACT_NONE);
    assert_int_equal(keymap_lookup(&km, "runs", 'o'), ACT_SORT);
    keymap_free(&km);
}

static void errors_name_the_line_and_the_problem(void **state)
{
    KeyMap km;
    char err[128];
    (void)state;
    keymap_init(&km, names);
    assert_int_equal(keymap_parse(&km, "bind runs s sort\nbind runs s frobnicate\n", err,
                                  sizeof err), -1);
    assert_non_null(strstr(err, "line 2"));
    assert_non_null(strstr(err, "frobnicate"));
    assert_int_equal(keymap_parse(&km, "bind runs NoSuchKey sort\n", err, sizeof err), -1);
    assert_non_null(strstr(err, "NoSuchKey"));
    assert_int_equal(keymap_parse(&km, "bind runs s\n", err, sizeof err), -1);
    keymap_free(&km);
}

static void ctrl_and_named_keys_parse(void **state)
{
    KeyMap km;
    char err[128];
    (void)state;
    keymap_init(&km, names);
    assert_int_equal(keymap_parse(&km, "bind generic ^x quit\nbind generic Space mark\n"
                                       "# comment\n\nbind generic enter open\n", err, sizeof err), 0);
    assert_int_equal(keymap_lookup(&km, "runs", 24), ACT_QUIT);
    assert_int_equal(keymap_lookup(&km, "runs", ' '), ACT_MARK);
    assert_int_equal(keymap_lookup(&km, "runs", '\n'), ACT_OPEN);
    keymap_free(&km);
}

static void keys_for_lists_screen_then_generic_keys(void **state)
{
    KeyMap km;
    char buf[64];
    (void)state;
    load_default(&km);
    assert_int_equal(keymap_keys_for(&km, "runs", ACT_DOWN, buf, sizeof buf), 2);
    assert_string_equal(buf, "Down j");
    assert_int_equal(keymap_keys_for(&km, "runs", ACT_SORT, buf, sizeof buf), 1);
    assert_string_equal(buf, "s");
    assert_int_equal(keymap_keys_for(&km, "experiments", ACT_SORT, buf, sizeof buf), 0);
    keymap_free(&km);
}

static void shadowed_generic_key_is_not_listed(void **state)
{
    KeyMap km;
    char buf[64], err[64];
    (void)state;
    load_default(&km);
    /* In compare, 'd' is diff: the generic key list for lifecycle must not
     * claim it, and a screen rebinding 'j' hides the generic 'j'. */
    assert_int_equal(keymap_parse_line(&km, "bind runs j sort", err, sizeof err), 0);
    assert_int_equal(keymap_keys_for(&km, "runs", ACT_DOWN, buf, sizeof buf), 1);
    assert_string_equal(buf, "Down");
    keymap_free(&km);
}

static void action_names_round_trip(void **state)
{
    (void)state;
    for (int a = 0; a < ACT__COUNT; a++)
        assert_int_equal(action_parse(action_name((Action)a)), a);
    assert_int_equal(action_parse("sort_reverse"), ACT_SORT_REVERSE);
    assert_int_equal(action_parse("no-such-action"), ACT_NONE);
    assert_true(strlen(action_help(ACT_SORT)) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_map_parses_and_binds_the_conventions),
        cmocka_unit_test(screen_binding_wins_over_generic),
        cmocka_unit_test(user_binding_replaces_default),
        cmocka_unit_test(errors_name_the_line_and_the_problem),
        cmocka_unit_test(ctrl_and_named_keys_parse),
        cmocka_unit_test(keys_for_lists_screen_then_generic_keys),
        cmocka_unit_test(shadowed_generic_key_is_not_listed),
        cmocka_unit_test(action_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
