/* test_font.c — text through FreeType and the geometric cell glyphs (box
 * drawing, blocks, braille) of canvas.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "render/canvas.h"

#define BG 0x101010ffu
#define FG 0xe0e0e0ffu

static Rgba at(const Canvas *c, int x, int y)
{
    return c->px[(size_t)y * (size_t)c->w + (size_t)x];
}

static int count_not(const Canvas *c, int x0, int y0, int x1, int y1, Rgba bg)
{
    int n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            n += at(c, x, y) != bg;
    return n;
}

static void the_default_font_loads(void **state)
{
    (void)state;
    assert_true(canvas_font_ok());
}

static void text_draws_pixels_near_its_baseline(void **state)
{
    Canvas *c = canvas_new(200, 40, BG);
    double adv;

    (void)state;
    adv = canvas_text(c, 5, 30, "f1 0.9412", 16, FG);
    assert_true(adv > 50);
    /* Ink above the baseline, inside the advance, none far to the right. */
    assert_true(count_not(c, 5, 14, 5 + (int)adv, 31, BG) > 60);
    assert_int_equal(count_not(c, 5 + (int)adv + 4, 0, 200, 40, BG), 0);
    canvas_free(c);
}

static void text_is_anti_aliased(void **state)
{
    Canvas *c = canvas_new(60, 40, BG);
    int partial = 0;

    (void)state;
    canvas_text(c, 5, 30, "Sg", 20, FG);
    for (int i = 0; i < c->w * c->h; i++)
        partial += c->px[i] != BG && c->px[i] != FG;
    assert_true(partial > 10);
    canvas_free(c);
}

static void width_grows_with_length_and_matches_drawing(void **state)
{
    Canvas *c = canvas_new(300, 30, BG);
    double w1 = canvas_text_width("a", 16), w5 = canvas_text_width("abcde", 16);

    (void)state;
    assert_true(w1 > 5);
    assert_true(w5 > w1 * 4.5);
    assert_true(canvas_text_width("", 16) == 0);
    assert_true(canvas_text(c, 0, 20, "abcde", 16, FG) == w5);
    /* Monospace: every character has the same advance. */
    assert_true(canvas_text_width("iiiii", 16) == w5);
    canvas_free(c);
}

static void full_block_fills_its_cell_exactly(void **state)
{
    Canvas *c = canvas_new(30, 60, BG);

    (void)state;
    canvas_cell_glyph(c, 10, 20, 10, 20, 0x2588, FG, false);     /* █ */
    assert_int_equal(count_not(c, 0, 0, 30, 60, BG), 200);
    for (int y = 20; y < 40; y++)
        for (int x = 10; x < 20; x++)
            assert_int_equal(at(c, x, y), FG);
    canvas_free(c);
}

static void lower_eighths_grow_from_the_bottom(void **state)
{
    Canvas *c = canvas_new(10, 16, BG);

    (void)state;
    canvas_cell_glyph(c, 0, 0, 10, 16, 0x2581, FG, false);       /* ▁ one eighth */
    assert_int_equal(count_not(c, 0, 0, 10, 16, BG), 20);
    assert_int_equal(at(c, 0, 15), FG);
    assert_int_equal(at(c, 0, 13), BG);
    canvas_cell_glyph(c, 0, 0, 10, 16, 0x2584, FG, false);       /* ▄ half */
    assert_int_equal(count_not(c, 0, 0, 10, 16, BG), 80);
    assert_int_equal(at(c, 9, 8), FG);
    assert_int_equal(at(c, 9, 7), BG);
    canvas_free(c);
}

static void upper_half_and_right_half_cover_their_halves(void **state)
{
    Canvas *c = canvas_new(10, 20, BG);

    (void)state;
    canvas_cell_glyph(c, 0, 0, 10, 20, 0x2580, FG, false);       /* ▀ */
    assert_int_equal(count_not(c, 0, 0, 10, 10, BG), 100);
    assert_int_equal(count_not(c, 0, 10, 10, 20, BG), 0);
    canvas_free(c);
    c = canvas_new(10, 20, BG);
    canvas_cell_glyph(c, 0, 0, 10, 20, 0x2590, FG, false);       /* ▐ */
    assert_int_equal(count_not(c, 5, 0, 10, 20, BG), 100);
    assert_int_equal(count_not(c, 0, 0, 5, 20, BG), 0);
    canvas_free(c);
}

static void braille_dots_sit_in_a_two_by_four_grid(void **state)
{
    /* Bit k of cp - 0x2800 is dot k+1: dots 1-3 and 7 down the left column,
     * 4-6 and 8 down the right. */
    static const int col[8] = { 0, 0, 0, 1, 1, 1, 0, 1 };
    static const int row[8] = { 0, 1, 2, 0, 1, 2, 3, 3 };

    (void)state;
    for (int k = 0; k < 8; k++) {
        Canvas *c = canvas_new(10, 20, BG);
        canvas_cell_glyph(c, 0, 0, 10, 20, 0x2800 + (1u << k), FG, false);
        for (int j = 0; j < 8; j++) {
            int x = col[j] * 5 + 2, y = row[j] * 5 + 2;      /* the centre of dot j */
            if (j == k)
                assert_int_equal(at(c, x, y), FG);
            else
                assert_int_equal(at(c, x, y), BG);
        }
        canvas_free(c);
    }
}

static void empty_braille_draws_nothing_and_full_braille_eight_dots(void **state)
{
    Canvas *c = canvas_new(10, 20, BG);

    (void)state;
    canvas_cell_glyph(c, 0, 0, 10, 20, 0x2800, FG, false);
    assert_int_equal(count_not(c, 0, 0, 10, 20, BG), 0);
    canvas_cell_glyph(c, 0, 0, 10, 20, 0x28ff, FG, false);
    for (int j = 0; j < 8; j++)
        assert_int_equal(at(c, (j % 2) * 5 + 2, (j / 2) * 5 + 2), FG);
    canvas_free(c);
}

static void horizontal_lines_join_across_cells(void **state)
{
    Canvas *c = canvas_new(30, 20, BG);
    int row = -1;

    (void)state;
    for (int i = 0; i < 3; i++)
        canvas_cell_glyph(c, i * 10, 0, 10, 20, 0x2500, FG, false);   /* ─── */
    for (int y = 0; y < 20; y++)
        if (at(c, 0, y) == FG)
            row = y;
    assert_true(row >= 8 && row <= 11);
    for (int x = 0; x < 30; x++)
        assert_int_equal(at(c, x, row), FG);
    canvas_free(c);
}

static void corners_and_tees_meet_the_lines_they_join(void **state)
{
    /* ┌─┐ over │ │: the corner's vertical arm runs down to the edge in the
     * same column as the vertical line below it. */
    Canvas *c = canvas_new(30, 40, BG);
    int col = -1, row = -1;

    (void)state;
    canvas_cell_glyph(c, 0, 0, 10, 20, 0x250c, FG, false);
    canvas_cell_glyph(c, 10, 0, 10, 20, 0x2500, FG, false);
    canvas_cell_glyph(c, 20, 0, 10, 20, 0x2510, FG, false);
    canvas_cell_glyph(c, 0, 20, 10, 20, 0x2502, FG, false);
    for (int x = 0; x < 10; x++)
        if (at(c, x, 39) == FG)
            col = x;
    for (int y = 0; y < 20; y++)
        if (at(c, 15, y) == FG)
            row = y;
    assert_true(col >= 0 && row >= 0);
    for (int y = row; y < 40; y++)
        assert_int_equal(at(c, col, y), FG);          /* one unbroken column */
    for (int x = col; x <= 20 + col; x++)
        assert_int_equal(at(c, x, row), FG);          /* one unbroken row */
    canvas_free(c);
}

static void double_corner_has_an_outer_and_an_inner_stroke(void **state)
{
    Canvas *c = canvas_new(10, 20, BG);
    int n_row = 0;

    (void)state;
    canvas_cell_glyph(c, 0, 0, 10, 20, 0x2554, FG, false);       /* ╔ */
    /* At the right edge two separate strokes... */
    for (int y = 0; y < 20; y++)
        n_row += at(c, 9, y) == FG && at(c, 9, y - 1 >= 0 ? y - 1 : 0) != FG;
    assert_int_equal(n_row, 2);
    /* ...and nothing left of the corner or above it. */
    assert_int_equal(count_not(c, 0, 0, 3, 20, BG), 0);
    assert_int_equal(count_not(c, 0, 0, 10, 7, BG), 0);
    canvas_free(c);
}

static void other_characters_come_from_the_font_inside_the_cell(void **state)
{
    Canvas *c = canvas_new(30, 40, BG);

    (void)state;
    canvas_cell_glyph(c, 10, 10, 10, 20, 'M', FG, false);
    assert_true(count_not(c, 10, 10, 20, 30, BG) > 15);
    assert_int_equal(count_not(c, 0, 0, 30, 10, BG), 0);
    assert_int_equal(count_not(c, 0, 30, 30, 40, BG), 0);
    canvas_cell_glyph(c, 0, 0, 10, 20, ' ', FG, false);
    assert_int_equal(count_not(c, 0, 0, 10, 10, BG), 0);
    canvas_free(c);
}

static void bold_draws_more_ink_than_regular(void **state)
{
    Canvas *r = canvas_new(10, 20, BG), *b = canvas_new(10, 20, BG);
    long ink_r = 0, ink_b = 0;

    (void)state;
    canvas_cell_glyph(r, 0, 0, 10, 20, 'H', FG, false);
    canvas_cell_glyph(b, 0, 0, 10, 20, 'H', FG, true);
    for (int i = 0; i < 200; i++) {
        ink_r += (r->px[i] >> 24) - (BG >> 24);
        ink_b += (b->px[i] >> 24) - (BG >> 24);
    }
    assert_true(ink_b > ink_r);
    canvas_free(r);
    canvas_free(b);
}

/* The font is loaded once per process, so "no font" runs in a child. */
static void without_a_font_text_draws_nothing_and_does_not_crash(void **state)
{
    pid_t pid;
    int status = 0;

    (void)state;
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        Canvas *c;
        int bad = 0;
        setenv("MLTUI_FONT", "/nonexistent", 1);
        c = canvas_new(40, 40, BG);
        bad |= canvas_font_ok() << 0;
        bad |= (canvas_text(c, 0, 20, "abc", 16, FG) != 0) << 1;
        bad |= (canvas_text_width("abc", 16) != 0) << 2;
        canvas_cell_glyph(c, 0, 0, 10, 20, 'x', FG, false);
        bad |= (count_not(c, 0, 0, 40, 40, BG) != 0) << 3;
        canvas_cell_glyph(c, 0, 0, 10, 20, 0x2588, FG, false);   /* geometry still works */
        bad |= (count_not(c, 0, 0, 40, 40, BG) != 200) << 4;
        canvas_free(c);
        _exit(bad);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(without_a_font_text_draws_nothing_and_does_not_crash),
        cmocka_unit_test(the_default_font_loads),
        cmocka_unit_test(text_draws_pixels_near_its_baseline),
        cmocka_unit_test(text_is_anti_aliased),
        cmocka_unit_test(width_grows_with_length_and_matches_drawing),
        cmocka_unit_test(full_block_fills_its_cell_exactly),
        cmocka_unit_test(lower_eighths_grow_from_the_bottom),
        cmocka_unit_test(upper_half_and_right_half_cover_their_halves),
        cmocka_unit_test(braille_dots_sit_in_a_two_by_four_grid),
        cmocka_unit_test(empty_braille_draws_nothing_and_full_braille_eight_dots),
        cmocka_unit_test(horizontal_lines_join_across_cells),
        cmocka_unit_test(corners_and_tees_meet_the_lines_they_join),
        cmocka_unit_test(double_corner_has_an_outer_and_an_inner_stroke),
        cmocka_unit_test(other_characters_come_from_the_font_inside_the_cell),
        cmocka_unit_test(bold_draws_more_ink_than_regular),
    };

    /* The default font, whatever the caller's environment says. */
    unsetenv("MLTUI_FONT");
    unsetenv("MLTUI_FONT_BOLD");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
