/* test_keyscript.c — the --keys syntax of `mltui --screenshot` (tmux-like). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <curses.h>

#include "keyscript.h"

static KeyScript parse_ok(const char *text)
{
    KeyScript ks = { 0 };
    char err[200] = "";

    if (keyscript_parse(&ks, text, err, sizeof err) != 0)
        fail_msg("parse of [%s] failed: %s", text, err);
    return ks;
}

static void assert_key(const KeyScript *ks, size_t i, int code, bool fn)
{
    assert_true(i < ks->n);
    assert_int_equal(ks->keys[i].code, code);
    assert_int_equal(ks->keys[i].fn, fn);
}

static void empty_and_null_scripts_have_no_keys(void **state)
{
    KeyScript ks = parse_ok("");

    (void)state;
    assert_int_equal(ks.n, 0);
    keyscript_free(&ks);
    ks = parse_ok(NULL);
    assert_int_equal(ks.n, 0);
    ks = parse_ok("   ");
    assert_int_equal(ks.n, 0);
    keyscript_free(&ks);
}

static void named_keys_become_their_codes(void **state)
{
    KeyScript ks = parse_ok("Enter Esc Tab Space Down Up PgDn Home F5 BTab");

    (void)state;
    assert_int_equal(ks.n, 10);
    assert_key(&ks, 0, '\n', false);
    assert_key(&ks, 1, 27, false);
    assert_key(&ks, 2, '\t', false);
    assert_key(&ks, 3, ' ', false);
    assert_key(&ks, 4, KEY_DOWN, true);
    assert_key(&ks, 5, KEY_UP, true);
    assert_key(&ks, 6, KEY_NPAGE, true);
    assert_key(&ks, 7, KEY_HOME, true);
    assert_key(&ks, 8, KEY_F(5), true);
    assert_key(&ks, 9, KEY_BTAB, true);
    keyscript_free(&ks);
}

static void tmux_aliases_name_the_same_keys(void **state)
{
    KeyScript ks = parse_ok("Escape NPage PPage BSpace DC");

    (void)state;
    assert_int_equal(ks.n, 5);
    assert_key(&ks, 0, 27, false);
    assert_key(&ks, 1, KEY_NPAGE, true);
    assert_key(&ks, 2, KEY_PPAGE, true);
    assert_key(&ks, 3, KEY_BACKSPACE, true);
    assert_key(&ks, 4, KEY_DC, true);
    keyscript_free(&ks);
}

static void control_keys_are_ascii_control_codes(void **state)
{
    KeyScript ks = parse_ok("C-d C-u C-L");

    (void)state;
    assert_int_equal(ks.n, 3);
    assert_key(&ks, 0, 4, false);
    assert_key(&ks, 1, 21, false);
    assert_key(&ks, 2, 12, false);
    keyscript_free(&ks);
}

static void meta_is_escape_then_the_key(void **state)
{
    KeyScript ks = parse_ok("M-x");

    (void)state;
    assert_int_equal(ks.n, 2);
    assert_key(&ks, 0, 27, false);
    assert_key(&ks, 1, 'x', false);
    keyscript_free(&ks);
}

static void other_words_are_typed_character_by_character(void **state)
{
    KeyScript ks = parse_ok("jj ?");

    (void)state;
    assert_int_equal(ks.n, 3);
    assert_key(&ks, 0, 'j', false);
    assert_key(&ks, 1, 'j', false);
    assert_key(&ks, 2, '?', false);
    keyscript_free(&ks);
}

static void quotes_keep_spaces_and_angle_names_are_keys(void **state)
{
    KeyScript ks = parse_ok("\":sort f1 desc<Enter>\"");
    const char *typed = ":sort f1 desc";

    (void)state;
    assert_int_equal(ks.n, strlen(typed) + 1);
    for (size_t i = 0; i < strlen(typed); i++)
        assert_key(&ks, i, typed[i], false);
    assert_key(&ks, strlen(typed), '\n', false);
    keyscript_free(&ks);
}

static void single_quotes_and_escapes_inside_double_quotes(void **state)
{
    KeyScript ks = parse_ok("'a b' \"q\\\"\\\\\"");

    (void)state;
    assert_int_equal(ks.n, 6);
    assert_key(&ks, 0, 'a', false);
    assert_key(&ks, 1, ' ', false);
    assert_key(&ks, 2, 'b', false);
    assert_key(&ks, 3, 'q', false);
    assert_key(&ks, 4, '"', false);
    assert_key(&ks, 5, '\\', false);
    keyscript_free(&ks);
}

static void angle_keys_work_inside_plain_words_and_lt_is_a_literal(void **state)
{
    KeyScript ks = parse_ok("/neo<Enter> <lt>x a<b");

    (void)state;
    assert_int_equal(ks.n, 10);
    assert_key(&ks, 0, '/', false);
    assert_key(&ks, 3, 'o', false);
    assert_key(&ks, 4, '\n', false);
    assert_key(&ks, 5, '<', false);
    assert_key(&ks, 6, 'x', false);
    assert_key(&ks, 7, 'a', false);
    assert_key(&ks, 8, '<', false);      /* no closing '>': literal */
    assert_key(&ks, 9, 'b', false);
    keyscript_free(&ks);
}

static void utf8_text_is_typed_as_code_points(void **state)
{
    KeyScript ks = parse_ok("\"é→\"");

    (void)state;
    assert_int_equal(ks.n, 2);
    assert_key(&ks, 0, 0xe9, false);
    assert_key(&ks, 1, 0x2192, false);
    keyscript_free(&ks);
}

static void unterminated_quote_is_an_error(void **state)
{
    KeyScript ks = { 0 };
    char err[200] = "";

    (void)state;
    assert_int_equal(keyscript_parse(&ks, "j \":sort f1", err, sizeof err), -1);
    assert_non_null(strstr(err, "unterminated"));
    assert_int_equal(ks.n, 0);
    assert_null(ks.keys);
}

static void unknown_angle_key_is_an_error_naming_it(void **state)
{
    KeyScript ks = { 0 };
    char err[200] = "";

    (void)state;
    assert_int_equal(keyscript_parse(&ks, "\"x<Entr>\"", err, sizeof err), -1);
    assert_non_null(strstr(err, "<Entr>"));
    assert_int_equal(ks.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_and_null_scripts_have_no_keys),
        cmocka_unit_test(named_keys_become_their_codes),
        cmocka_unit_test(tmux_aliases_name_the_same_keys),
        cmocka_unit_test(control_keys_are_ascii_control_codes),
        cmocka_unit_test(meta_is_escape_then_the_key),
        cmocka_unit_test(other_words_are_typed_character_by_character),
        cmocka_unit_test(quotes_keep_spaces_and_angle_names_are_keys),
        cmocka_unit_test(single_quotes_and_escapes_inside_double_quotes),
        cmocka_unit_test(angle_keys_work_inside_plain_words_and_lt_is_a_literal),
        cmocka_unit_test(utf8_text_is_typed_as_code_points),
        cmocka_unit_test(unterminated_quote_is_an_error),
        cmocka_unit_test(unknown_angle_key_is_an_error_naming_it),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
