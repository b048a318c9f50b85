/* test_lines.c — the line list of the detail screens (widgets/lines.c): adding
 * and clearing, every movement with its bounds, and drawing into a real
 * curses window (an xterm on /dev/null): the cursor kept on screen, the key
 * column, the value column, and escape codes in a key drawn inert. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "widgets/lines.h"

/* 3 sections of 1 + 5 fields each, a blank between: 20 lines. */
static void fill(LineList *ll)
{
    char k[32], v[32];

    for (int s = 0; s < 3; s++) {
        if (s)
            assert_non_null(lines_add(ll, LINE_BLANK, NULL, NULL, ROLE_NORMAL));
        snprintf(k, sizeof k, "Section %d", s);
        assert_non_null(lines_add(ll, LINE_SECTION, k, "", ROLE_SECTION));
        for (int f = 0; f < 5; f++) {
            snprintf(k, sizeof k, "key%d_%d", s, f);
            snprintf(v, sizeof v, "value %d", s * 10 + f);
            assert_non_null(lines_add(ll, LINE_FIELD, k, v, ROLE_NORMAL));
        }
    }
}

static void added_lines_are_copies_with_no_data(void **state)
{
    LineList ll = { 0 };
    char key[] = "alpha";
    Line *l;

    (void)state;
    l = lines_add(&ll, LINE_FIELD, key, NULL, ROLE_NUMBER);
    assert_non_null(l);
    key[0] = 'X';
    assert_string_equal(ll.lines[0].key, "alpha");
    assert_string_equal(ll.lines[0].value, "");
    assert_int_equal(ll.lines[0].data, -1);
    assert_int_equal(ll.lines[0].role, ROLE_NUMBER);
    for (int i = 0; i < 200; i++)           /* grows past its first block */
        assert_non_null(lines_add(&ll, LINE_TEXT, "", "t", ROLE_NORMAL));
    assert_int_equal(ll.n, 201);
    lines_clear(&ll);
    assert_int_equal(ll.n, 0);
    assert_null(lines_current(&ll));
    lines_free(&ll);
    assert_null(ll.lines);
}

static void moves_stop_at_both_ends(void **state)
{
    LineList ll = { 0 };

    (void)state;
    fill(&ll);
    assert_int_equal(ll.n, 20);
    ll.page = 6;
    assert_true(lines_move(&ll, ACT_UP));
    assert_int_equal(ll.cursor, 0);
    assert_true(lines_move(&ll, ACT_PAGE_DOWN));
    assert_int_equal(ll.cursor, 6);
    assert_true(lines_move(&ll, ACT_HALF_DOWN));
    assert_int_equal(ll.cursor, 9);
    assert_true(lines_move(&ll, ACT_END));
    assert_int_equal(ll.cursor, 19);
    assert_true(lines_move(&ll, ACT_DOWN));
    assert_int_equal(ll.cursor, 19);
    assert_true(lines_move(&ll, ACT_PAGE_DOWN));
    assert_int_equal(ll.cursor, 19);
    assert_true(lines_move(&ll, ACT_HALF_UP));
    assert_int_equal(ll.cursor, 16);
    assert_true(lines_move(&ll, ACT_PAGE_UP));
    assert_int_equal(ll.cursor, 10);
    assert_true(lines_move(&ll, ACT_HOME));
    assert_int_equal(ll.cursor, 0);
    assert_false(lines_move(&ll, ACT_OPEN));  /* not a movement: the screen's */
    lines_free(&ll);
}

static void tab_goes_from_section_to_section_and_stops(void **state)
{
    LineList ll = { 0 };

    (void)state;
    fill(&ll);
    ll.cursor = 2;
    lines_move(&ll, ACT_NEXT_TAB);
    assert_int_equal(ll.cursor, 7);            /* "Section 1" */
    assert_string_equal(lines_current(&ll)->key, "Section 1");
    assert_int_equal(ll.top, 7);
    lines_move(&ll, ACT_NEXT_TAB);
    assert_int_equal(ll.cursor, 14);
    lines_move(&ll, ACT_NEXT_TAB);             /* no section after the last */
    assert_int_equal(ll.cursor, 14);
    lines_move(&ll, ACT_PREV_TAB);
    assert_int_equal(ll.cursor, 7);
    lines_move(&ll, ACT_PREV_TAB);
    assert_int_equal(ll.cursor, 0);
    lines_move(&ll, ACT_PREV_TAB);
    assert_int_equal(ll.cursor, 0);
    lines_free(&ll);
}

static SCREEN *scr;
static FILE   *out, *in;

static int term_up(void **state)
{
    (void)state;
    out = fopen("/dev/null", "w");
    in = fopen("/dev/null", "r");
    assert_non_null(out);
    assert_non_null(in);
    scr = newterm("xterm", out, in);
    assert_non_null(scr);
    return 0;
}

static int term_down(void **state)
{
    (void)state;
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    return 0;
}

static void row(WINDOW *w, int y, char *buf, int n)
{
    mvwinnstr(w, y, 0, buf, n);
    for (int i = (int)strlen(buf) - 1; i >= 0 && buf[i] == ' '; i--)
        buf[i] = '\0';
}

static void drawing_keeps_the_cursor_on_screen_in_columns(void **state)
{
    LineList ll = { 0 };
    WINDOW *w = newwin(5, 40, 0, 0);
    char buf[64];

    (void)state;
    assert_non_null(w);
    fill(&ll);
    ll.cursor = 12;
    lines_draw(&ll, w, 5, 40, NULL, NULL);
    assert_int_equal(ll.page, 5);
    assert_int_equal(ll.top, 8);               /* cursor on the last row */
    row(w, 4, buf, 40);
    /* key column: widest key (7) is under the minimum of 8, value at 2+8+2 */
    assert_string_equal(buf, "  key1_4    value 14");
    row(w, 0, buf, 40);
    assert_string_equal(buf, "  key1_0    value 10");
    ll.cursor = 0;
    werase(w);
    lines_draw(&ll, w, 5, 40, NULL, NULL);
    assert_int_equal(ll.top, 0);
    row(w, 0, buf, 40);
    assert_string_equal(buf, " Section 0");
    delwin(w);
    lines_free(&ll);
}

static int decorated;

static void decor(void *ctx, const Line *l, WINDOW *w, int y, int x, int width)
{
    (void)ctx;
    (void)w;
    (void)y;
    assert_true(width > 0);
    assert_true(x >= 12);
    if (l->data == 7)
        decorated++;
}

static void hostile_keys_are_drawn_inert_and_decor_is_called(void **state)
{
    LineList ll = { 0 };
    WINDOW *w = newwin(3, 60, 0, 0);
    char buf[80];
    Line *l;

    (void)state;
    l = lines_add(&ll, LINE_FIELD, "k\x1b[31mred", "v\x07", ROLE_NORMAL);
    assert_non_null(l);
    l->data = 7;
    lines_add(&ll, LINE_LINK, "m-0123", "opens", ROLE_NORMAL);
    decorated = 0;
    lines_draw(&ll, w, 3, 60, decor, NULL);
    assert_int_equal(decorated, 1);
    row(w, 0, buf, 60);
    assert_null(strchr(buf, '\x1b'));
    assert_null(strchr(buf, '\x07'));
    row(w, 1, buf, 60);
    assert_non_null(strstr(buf, "m-0123"));
    assert_string_equal(buf + 38, "opens");    /* a link's value at column 38 */
    delwin(w);
    lines_free(&ll);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(added_lines_are_copies_with_no_data),
        cmocka_unit_test(moves_stop_at_both_ends),
        cmocka_unit_test(tab_goes_from_section_to_section_and_stops),
        cmocka_unit_test_setup_teardown(drawing_keeps_the_cursor_on_screen_in_columns,
                                        term_up, term_down),
        cmocka_unit_test_setup_teardown(hostile_keys_are_drawn_inert_and_decor_is_called,
                                        term_up, term_down),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
