/* test_input.c — the line editor holds long text whole, up to INPUT_LIMIT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "widgets/input.h"

static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void long_text_is_set_whole_and_edited_at_its_end(void **state)
{
    Input in = { 0 };
    char *s = repeat('x', 5000);
    (void)state;
    assert_string_equal(input_text(&in), "");
    assert_int_equal(input_set(&in, s), 0);
    assert_int_equal(in.len, 5000);
    assert_int_equal(in.cur, 5000);
    input_key(&in, 'E', false);
    input_key(&in, 'N', false);
    assert_int_equal(in.len, 5002);
    assert_memory_equal(input_text(&in), s, 5000);
    assert_string_equal(input_text(&in) + 5000, "EN");
    free(s);
    input_free(&in);
}

static void text_past_the_limit_is_refused_and_the_old_text_kept(void **state)
{
    Input in = { 0 };
    char *s = repeat('y', INPUT_LIMIT + 1);
    (void)state;
    assert_int_equal(input_set(&in, "keep"), 0);
    assert_int_equal(input_set(&in, s), -1);
    assert_string_equal(input_text(&in), "keep");
    s[INPUT_LIMIT] = '\0';
    assert_int_equal(input_set(&in, s), 0);     /* exactly the limit fits */
    input_key(&in, 'z', false);                 /* one more does not */
    assert_int_equal(in.len, INPUT_LIMIT);
    free(s);
    input_free(&in);
}

static void editing_an_empty_input_is_safe(void **state)
{
    Input in = { 0 };
    (void)state;
    assert_int_equal(input_key(&in, 127, false), INPUT_EDITING);   /* Backspace */
    assert_int_equal(input_key(&in, 21, false), INPUT_EDITING);    /* ^U */
    assert_int_equal(input_key(&in, 23, false), INPUT_EDITING);    /* ^W */
    assert_string_equal(input_text(&in), "");
    input_key(&in, 'a', false);
    assert_string_equal(input_text(&in), "a");
    input_free(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(long_text_is_set_whole_and_edited_at_its_end),
        cmocka_unit_test(text_past_the_limit_is_refused_and_the_old_text_kept),
        cmocka_unit_test(editing_an_empty_input_is_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
