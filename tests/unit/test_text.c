/* test_text.c — sanitising hostile server strings and measuring columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>

#include "core/text.h"

static char out[256];

static const char *san(const char *s, size_t len)
{
    text_sanitize(s, len, out, sizeof out);
    return out;
}
#define SAN(lit) san(lit, sizeof lit - 1)

static int utf8_locale(void **state)
{
    (void)state;
    return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

static void sanitize_keeps_plain_text(void **state)
{
    (void)state;
    assert_string_equal(SAN("rf_10000 f1=0.91"), "rf_10000 f1=0.91");
    assert_int_equal(text_sanitize("abc", 3, out, sizeof out), 3);
}

static void sanitize_shows_escape_visibly(void **state)
{
    (void)state;
    assert_string_equal(SAN("\x1b[31mred\x1b[0m"), "^[[31mred^[[0m");
    assert_string_equal(SAN("\x1b]0;title\x07"), "^[]0;title^G");
}

static void sanitize_shows_c0_controls_in_caret_notation(void **state)
{
    (void)state;
    assert_string_equal(SAN("a\0b"), "a^@b");
    assert_string_equal(SAN("bell\x07"), "bell^G");
    assert_string_equal(SAN("x\by"), "x^Hy");
    assert_string_equal(SAN("cr\r"), "cr^M");
    assert_string_equal(SAN("\x1f"), "^_");
}

static void sanitize_shows_del_as_caret_question_mark(void **state)
{
    (void)state;
    assert_string_equal(SAN("a\x7f"), "a^?");
}

static void sanitize_shows_c1_controls_as_hex(void **state)
{
    (void)state;
    assert_string_equal(SAN("\xc2\x9b" "31m"), "<9b>31m");   /* U+009B CSI */
    assert_string_equal(SAN("\xc2\x80\xc2\x9f"), "<80><9f>");
}

static void sanitize_replaces_raw_csi_byte(void **state)
{
    (void)state;
    assert_string_equal(SAN("\x9b" "2J"), "\xef\xbf\xbd" "2J");
}

static void sanitize_shows_newline_as_symbol_and_tab_as_space(void **state)
{
    (void)state;
    assert_string_equal(SAN("a\nb\tc"), "a\xe2\x86\xb5" "b c");
}

static void sanitize_shows_bidi_overrides_visibly(void **state)
{
    (void)state;
    assert_string_equal(SAN("x\xe2\x80\xae" "y"), "x<U+202E>y");   /* RLO */
    assert_string_equal(SAN("\xe2\x80\xaa"), "<U+202A>");           /* LRE */
    assert_string_equal(SAN("\xe2\x81\xa6\xe2\x81\xa9"), "<U+2066><U+2069>");
    assert_string_equal(SAN("\xe2\x80\xa8"), "<U+2028>");
    /* neighbours of the ranges pass through */
    assert_string_equal(SAN("\xe2\x80\xa9\xe2\x80\xaf"), "<U+2029>\xe2\x80\xaf");
}

static void sanitize_replaces_invalid_utf8(void **state)
{
    (void)state;
    assert_string_equal(SAN("\xc0\x80"), "\xef\xbf\xbd\xef\xbf\xbd");         /* overlong NUL */
    assert_string_equal(SAN("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* surrogate */
    assert_string_equal(SAN("\xf5\x80"), "\xef\xbf\xbd\xef\xbf\xbd");          /* > U+10FFFF */
    assert_string_equal(SAN("\xe2\x82" "A"), "\xef\xbf\xbd" "A");              /* truncated */
    assert_string_equal(SAN("\xff"), "\xef\xbf\xbd");
    assert_string_equal(SAN("end\xe2\x82"), "end\xef\xbf\xbd");
}

static void sanitize_keeps_valid_multibyte_text(void **state)
{
    (void)state;
    assert_string_equal(SAN("日本語"), "日本語");
    assert_string_equal(SAN("e\xcc\x81"), "e\xcc\x81");          /* e + combining acute */
    assert_string_equal(SAN("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80"); /* U+1F600 */
    assert_string_equal(SAN("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf"); /* U+10FFFF */
}

static void sanitize_truncates_at_a_character_boundary(void **state)
{
    char small[6];

    (void)state;
    assert_int_equal(text_sanitize("ab日本", 8, small, sizeof small), 5);
    assert_string_equal(small, "ab日");
    assert_int_equal(text_sanitize("abc\x1b", 4, small, 5), 3);   /* "^[" would not fit */
    assert_string_equal(small, "abc");
    assert_int_equal(text_sanitize("x\xe2\x80\xae", 4, small, sizeof small), 1);
    assert_string_equal(small, "x");                              /* never half "<U+202E>" */
    assert_int_equal(text_sanitize("abc", 3, small, 0), 0);
}

static void width_counts_display_columns(void **state)
{
    (void)state;
    assert_int_equal(text_width("abc"), 3);
    assert_int_equal(text_width("日本語"), 6);
    assert_int_equal(text_width("e\xcc\x81"), 1);
    assert_int_equal(text_width("\xf0\x9f\x98\x80"), 2);
    assert_int_equal(text_width("\xef\xbd\x81"), 2);   /* fullwidth a */
    assert_int_equal(text_width(""), 0);
}

static void fit_leaves_text_that_fits(void **state)
{
    (void)state;
    assert_int_equal(text_fit("rf_10", 5, out, sizeof out), 5);
    assert_string_equal(out, "rf_10");
    assert_int_equal(text_fit("日本", 10, out, sizeof out), 4);
    assert_string_equal(out, "日本");
}

static void fit_cuts_long_text_with_ellipsis(void **state)
{
    (void)state;
    assert_int_equal(text_fit("RandomForest", 6, out, sizeof out), 6);
    assert_string_equal(out, "Rando…");
    assert_int_equal(text_fit("ab", 1, out, sizeof out), 1);
    assert_string_equal(out, "…");
}

static void fit_cuts_wide_chars_at_column_boundary(void **state)
{
    (void)state;
    assert_int_equal(text_fit("日本語", 4, out, sizeof out), 3);
    assert_string_equal(out, "日…");
    assert_int_equal(text_fit("日本語", 5, out, sizeof out), 5);
    assert_string_equal(out, "日本…");
    assert_int_equal(text_fit("a日本", 2, out, sizeof out), 2);
    assert_string_equal(out, "a…");
}

static void fit_keeps_combining_marks_with_their_base(void **state)
{
    (void)state;
    assert_int_equal(text_fit("ae\xcc\x81" "bc", 3, out, sizeof out), 3);
    assert_string_equal(out, "ae\xcc\x81…");
    assert_int_equal(text_fit("e\xcc\x81", 1, out, sizeof out), 1);
    assert_string_equal(out, "e\xcc\x81");
}

static void fit_sanitises_before_measuring(void **state)
{
    (void)state;
    assert_int_equal(text_fit("\x1b[2J", 5, out, sizeof out), 5);
    assert_string_equal(out, "^[[2J");
    assert_int_equal(text_fit("\x1b[2J", 4, out, sizeof out), 4);
    assert_string_equal(out, "^[[…");
    assert_int_equal(text_fit("\x1b[2J", 3, out, sizeof out), 3);
    assert_string_equal(out, "^[…");
}

static void fit_with_no_room_gives_empty_text(void **state)
{
    (void)state;
    assert_int_equal(text_fit("abc", 0, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(text_fit("abc", -3, out, sizeof out), 0);
}

static void fit_respects_a_small_output_buffer(void **state)
{
    char small[8];

    (void)state;
    assert_int_equal(text_fit("abcdefghij", 20, small, sizeof small), 5);
    assert_string_equal(small, "abcd…");
}

static void icontains_ignores_ascii_case(void **state)
{
    (void)state;
    assert_true(text_icontains("RandomForest_10000", "forest"));
    assert_true(text_icontains("gini", "GINI"));
    assert_true(text_icontains("anything", ""));
    assert_false(text_icontains("knn", "rf"));
    assert_false(text_icontains("", "a"));
    assert_false(text_icontains("abc", "abcd"));
}

typedef struct Lines {
    char text[8][64];
    int  n;
} Lines;

static void collect(const char *s, size_t n, void *ctx)
{
    Lines *l = ctx;

    snprintf(l->text[l->n++], 64, "%.*s", (int)n, s);
}

static void wrap_breaks_at_spaces(void **state)
{
    Lines l = { .n = 0 };

    (void)state;
    assert_int_equal(text_wrap("the quick brown fox", 10, collect, &l), 2);
    assert_string_equal(l.text[0], "the quick");
    assert_string_equal(l.text[1], "brown fox");
}

static void wrap_cuts_a_word_longer_than_the_line(void **state)
{
    Lines l = { .n = 0 };

    (void)state;
    assert_int_equal(text_wrap("abcdefghij xy", 4, collect, &l), 4);
    assert_string_equal(l.text[0], "abcd");
    assert_string_equal(l.text[1], "efgh");
    assert_string_equal(l.text[2], "ij");
    assert_string_equal(l.text[3], "xy");
}

static void wrap_counts_wide_characters(void **state)
{
    Lines l = { .n = 0 };

    (void)state;
    assert_int_equal(text_wrap("日本語です", 5, collect, &l), 3);
    assert_string_equal(l.text[0], "日本");
    assert_string_equal(l.text[1], "語で");
    assert_string_equal(l.text[2], "す");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sanitize_keeps_plain_text),
        cmocka_unit_test(sanitize_shows_escape_visibly),
        cmocka_unit_test(sanitize_shows_c0_controls_in_caret_notation),
        cmocka_unit_test(sanitize_shows_del_as_caret_question_mark),
        cmocka_unit_test(sanitize_shows_c1_controls_as_hex),
        cmocka_unit_test(sanitize_replaces_raw_csi_byte),
        cmocka_unit_test(sanitize_shows_newline_as_symbol_and_tab_as_space),
        cmocka_unit_test(sanitize_shows_bidi_overrides_visibly),
        cmocka_unit_test(sanitize_replaces_invalid_utf8),
        cmocka_unit_test(sanitize_keeps_valid_multibyte_text),
        cmocka_unit_test(sanitize_truncates_at_a_character_boundary),
        cmocka_unit_test(width_counts_display_columns),
        cmocka_unit_test(fit_leaves_text_that_fits),
        cmocka_unit_test(fit_cuts_long_text_with_ellipsis),
        cmocka_unit_test(fit_cuts_wide_chars_at_column_boundary),
        cmocka_unit_test(fit_keeps_combining_marks_with_their_base),
        cmocka_unit_test(fit_sanitises_before_measuring),
        cmocka_unit_test(fit_with_no_room_gives_empty_text),
        cmocka_unit_test(fit_respects_a_small_output_buffer),
        cmocka_unit_test(icontains_ignores_ascii_case),
        cmocka_unit_test(wrap_breaks_at_spaces),
        cmocka_unit_test(wrap_cuts_a_word_longer_than_the_line),
        cmocka_unit_test(wrap_counts_wide_characters),
    };

    return cmocka_run_group_tests(tests, utf8_locale, NULL);
}
