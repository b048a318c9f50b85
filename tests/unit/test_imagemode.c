/* test_imagemode.c — the images setting (auto|kitty|sixel|symbols|off) and
 * reading a terminal's answers to the probe (kitty query, cell size, DA1)
 * from raw bytes: no terminal needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/imagemode.h"

static bool parse(const char *s, ImageProbe *p)
{
    return image_probe_parse(s, strlen(s), p);
}

static void every_mode_name_parses_to_itself(void **state)
{
    ImageMode m;

    (void)state;
    for (int i = 0; i < IMAGES__COUNT; i++) {
        assert_int_equal(image_mode_parse(image_mode_names[i], &m), 0);
        assert_int_equal(m, i);
        assert_string_equal(image_mode_name(m), image_mode_names[i]);
    }
    assert_null(image_mode_names[IMAGES__COUNT]);
}

static void unknown_mode_is_refused_and_leaves_the_value(void **state)
{
    ImageMode m = IMAGES_SIXEL;

    (void)state;
    assert_int_equal(image_mode_parse("Kitty", &m), -1);
    assert_int_equal(image_mode_parse("", &m), -1);
    assert_int_equal(image_mode_parse("symbols ", &m), -1);
    assert_int_equal(image_mode_parse(NULL, &m), -1);
    assert_int_equal(m, IMAGES_SIXEL);
    assert_int_equal(image_mode_parse("off", &m), 0);
    assert_int_equal(m, IMAGES_OFF);
}

static void da1_without_attribute_4_is_no_sixel(void **state)
{
    ImageProbe p;

    (void)state;
    assert_true(parse("\033[?1;2c", &p));          /* tmux, VT100 with AVO */
    assert_true(p.da1);
    assert_false(p.sixel);
    assert_false(p.kitty);
    assert_int_equal(image_mode_resolve(IMAGES_AUTO, &p), IMAGES_SYMBOLS);
}

static void da1_with_attribute_4_is_sixel(void **state)
{
    ImageProbe p;

    (void)state;
    assert_true(parse("\033[?62;4;6;22c", &p));    /* xterm -ti vt340, foot, mlterm */
    assert_true(p.sixel);
    assert_int_equal(image_mode_resolve(IMAGES_AUTO, &p), IMAGES_SIXEL);
    assert_true(parse("\033[?65;1;9;4c", &p));     /* 4 last */
    assert_true(p.sixel);
    /* 4 as the device class (first parameter) is not the sixel attribute,
     * nor is 14 or 44 */
    assert_true(parse("\033[?4;6c", &p));
    assert_false(p.sixel);
    assert_true(parse("\033[?62;14;44c", &p));
    assert_false(p.sixel);
}

static void kitty_ok_for_our_id_before_da1_is_kitty(void **state)
{
    ImageProbe p;

    (void)state;
    assert_true(parse("\033_Gi=31;OK\033\\\033[?62;4;22c", &p));
    assert_true(p.kitty);
    assert_true(p.sixel);
    /* kitty wins over sixel in auto */
    assert_int_equal(image_mode_resolve(IMAGES_AUTO, &p), IMAGES_KITTY);
    /* a forced mode is kept whatever the terminal said */
    assert_int_equal(image_mode_resolve(IMAGES_SYMBOLS, &p), IMAGES_SYMBOLS);
    assert_int_equal(image_mode_resolve(IMAGES_OFF, &p), IMAGES_OFF);
}

static void kitty_error_or_other_id_is_not_kitty(void **state)
{
    ImageProbe p;

    (void)state;
    assert_true(parse("\033_Gi=31;ENOTSUPPORTED:no\033\\\033[?62c", &p));
    assert_false(p.kitty);
    assert_true(parse("\033_Gi=3;OK\033\\\033[?62c", &p));
    assert_false(p.kitty);
    assert_true(parse("\033_Gi=310;OK\033\\\033[?62c", &p));
    assert_false(p.kitty);
}

static void cell_size_report_is_read(void **state)
{
    ImageProbe p;

    (void)state;
    assert_true(parse("\033[6;20;10t\033[?62;4c", &p));
    assert_int_equal(p.cell_h, 20);
    assert_int_equal(p.cell_w, 10);
    /* absurd sizes are ignored */
    assert_true(parse("\033[6;0;99999t\033[?62c", &p));
    assert_int_equal(p.cell_w, 0);
    assert_int_equal(p.cell_h, 0);
}

static void incomplete_reply_is_not_done(void **state)
{
    ImageProbe p;

    (void)state;
    assert_false(parse("", &p));
    assert_false(parse("\033[?62;4", &p));
    assert_false(p.da1);
    assert_false(parse("\033_Gi=31;OK", &p));       /* no ST yet */
    assert_false(p.kitty);
    assert_false(image_probe_parse(NULL, 5, &p));
    /* never asked: symbols */
    assert_int_equal(image_mode_resolve(IMAGES_AUTO, NULL), IMAGES_SYMBOLS);
}

static void keys_and_junk_around_the_replies_are_skipped(void **state)
{
    ImageProbe p;

    (void)state;
    /* a key typed before, a stray ESC, another sequence, NUL bytes */
    const char buf[] = "jk\033\033[1;5A\0\0\033_Gi=31;OK\033\\x\033[?62;4c";
    assert_true(image_probe_parse(buf, sizeof buf - 1, &p));
    assert_true(p.kitty);
    assert_true(p.sixel);
    /* a broken sequence does not hide the DA1 reply behind it */
    assert_true(parse("\033[12\n\033[?1;2c", &p));
    assert_true(p.da1);
}

static void keys_typed_during_the_probe_are_kept_in_order(void **state)
{
    char keys[64];
    size_t n;

    (void)state;
    /* ':' and 'q' before, an arrow key between the replies, Enter after */
    const char buf[] = ":q\033_Gi=31;OK\033\\\033[A\033[6;20;10t\033[?62;4c\r";
    n = image_probe_keys(buf, sizeof buf - 1, keys);
    assert_int_equal(n, 6);
    assert_memory_equal(keys, ":q\033[A\r", 6);
    /* a partial reply at the end (a timeout) is not a key */
    n = image_probe_keys("x\033[?62;", 7, keys);
    assert_int_equal(n, 1);
    assert_int_equal(keys[0], 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_mode_name_parses_to_itself),
        cmocka_unit_test(unknown_mode_is_refused_and_leaves_the_value),
        cmocka_unit_test(da1_without_attribute_4_is_no_sixel),
        cmocka_unit_test(da1_with_attribute_4_is_sixel),
        cmocka_unit_test(kitty_ok_for_our_id_before_da1_is_kitty),
        cmocka_unit_test(kitty_error_or_other_id_is_not_kitty),
        cmocka_unit_test(cell_size_report_is_read),
        cmocka_unit_test(incomplete_reply_is_not_done),
        cmocka_unit_test(keys_and_junk_around_the_replies_are_skipped),
        cmocka_unit_test(keys_typed_during_the_probe_are_kept_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
