/* test_braille.c — the braille canvas sets the dots of a known line and
 * encodes cells as U+2800 + dot bits; the ASCII fallback is readable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <math.h>
#include <unistd.h>

#include "widgets/canvas_braille.h"
#include "widgets/plot_braille.h"
#include "widgets/spark.h"

static int count_dots(const Braille *b)
{
    int n = 0;
    for (int y = 0; y < 4 * b->rows; y++)
        for (int x = 0; x < 2 * b->cols; x++)
            n += braille_get(b, x, y);
    return n;
}

static void horizontal_line_sets_every_dot_of_its_row(void **state)
{
    Braille *b = braille_new(4, 2);

    (void)state;
    braille_line(b, 0, 5, 7, 5, 0);
    for (int x = 0; x < 8; x++)
        assert_true(braille_get(b, x, 5));
    assert_int_equal(count_dots(b), 8);
    braille_free(b);
}

static void diagonal_line_sets_one_dot_per_step(void **state)
{
    Braille *b = braille_new(4, 2);

    (void)state;
    braille_line(b, 0, 0, 7, 7, 3);
    for (int i = 0; i < 8; i++)
        assert_true(braille_get(b, i, i));
    assert_int_equal(count_dots(b), 8);
    assert_int_equal(b->color[0], 3);
    braille_free(b);
}

static void steep_line_has_no_gaps(void **state)
{
    Braille *b = braille_new(2, 3);

    (void)state;
    braille_line(b, 0, 0, 2, 11, 0);
    for (int y = 0; y < 12; y++) {
        int n = 0;
        for (int x = 0; x < 4; x++)
            n += braille_get(b, x, y);
        assert_int_equal(n, 1);
    }
    braille_free(b);
}

static void lines_are_clipped_to_the_canvas(void **state)
{
    Braille *b = braille_new(2, 1);

    (void)state;
    braille_line(b, -10, 1, 100, 1, 0);
    assert_int_equal(count_dots(b), 4);
    braille_line(b, -5, -5, -1, -1, 0);   /* wholly outside */
    assert_int_equal(count_dots(b), 4);
    braille_free(b);
}

static void cell_encodes_dots_in_unicode_order(void **state)
{
    Braille *b = braille_new(1, 1);
    char buf[8];

    (void)state;
    braille_cell_utf8(b, 0, 0, buf);
    assert_string_equal(buf, "\u2800");
    braille_set(b, 0, 0, 0);      /* dot 1 */
    braille_set(b, 1, 3, 0);      /* dot 8 */
    braille_cell_utf8(b, 0, 0, buf);
    assert_string_equal(buf, "\u2881");
    braille_clear(b);
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 2; x++)
            braille_set(b, x, y, 0);
    braille_cell_utf8(b, 0, 0, buf);
    assert_string_equal(buf, "\u28ff");
    braille_free(b);
}

static void ascii_fallback_approximates_the_shape(void **state)
{
    Braille *b = braille_new(3, 1);

    (void)state;
    assert_int_equal(braille_cell_ascii(b, 0, 0), ' ');
    braille_line(b, 0, 0, 0, 3, 0);        /* vertical in cell 0 */
    braille_line(b, 2, 1, 3, 1, 0);        /* horizontal in cell 1 */
    braille_set(b, 4, 3, 0);               /* one low dot in cell 2 */
    assert_int_equal(braille_cell_ascii(b, 0, 0), '|');
    assert_int_equal(braille_cell_ascii(b, 1, 0), '-');
    assert_int_equal(braille_cell_ascii(b, 2, 0), '.');
    braille_free(b);
}

static void positions_map_missing_band_below_and_left(void **state)
{
    Braille *b = braille_new(10, 10);

    (void)state;
    assert_int_equal(pb_y(b, 1), 0);
    assert_int_equal(pb_y(b, PLOT_MISSING), 39);
    assert_true(pb_y(b, 0) < 39 && pb_y(b, 0) > 30);
    assert_int_equal(pb_x(b, PLOT_MISSING), 0);
    assert_int_equal(pb_x(b, 1), 19);
    assert_int_equal(pb_axis_x(b, 0, 3, 2, 2), 2);
    assert_int_equal(pb_axis_x(b, 2, 3, 2, 2), 17);
    braille_free(b);
}

static void parallel_draws_the_highlighted_run_last(void **state)
{
    Braille *b = braille_new(10, 5);
    double p0[] = { 0, 1 }, p1[] = { 1, 0 };
    PlotDim dims[2];

    (void)state;
    memset(dims, 0, sizeof dims);
    dims[0].pos = p0;
    dims[1].pos = p1;
    pb_parallel(b, dims, 2, 2, NULL, 1, 0, 0);
    /* Run 1 goes from the top left to the axis bottom at the right. */
    assert_true(braille_get(b, 0, pb_y(b, 1)));
    assert_int_equal(b->color[0], BRAILLE_HILITE);
    braille_free(b);
}

static void nan_and_far_positions_land_on_the_canvas_edges(void **state)
{
    Braille *b = braille_new(20, 10);

    (void)state;
    assert_int_equal(pb_y(b, NAN), pb_y(b, PLOT_MISSING));
    assert_int_equal(pb_x(b, NAN), pb_x(b, PLOT_MISSING));
    assert_int_equal(pb_y(b, 1e300), 0);
    assert_int_equal(pb_x(b, 1e300), 2 * 20 - 1);
    assert_int_equal(pb_y(b, -1e300), 4 * 10 - 1);
    braille_free(b);
}

static void spark_of_values_near_dbl_max_orders_them(void **state)
{
    const double v[] = { -1e308, 1e308 }, w[] = { 1e308, 1e308, 1e308 };
    char out[64];

    (void)state;
    assert_int_equal(spark_render(v, 2, 2, out, sizeof out), 2);
    assert_string_equal(out, "▁█");
    /* the mean of three 1e308 does not overflow to infinity */
    assert_int_equal(spark_render(w, 3, 1, out, sizeof out), 1);
    assert_string_equal(out, "▄");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(horizontal_line_sets_every_dot_of_its_row),
        cmocka_unit_test(nan_and_far_positions_land_on_the_canvas_edges),
        cmocka_unit_test(spark_of_values_near_dbl_max_orders_them),
        cmocka_unit_test(diagonal_line_sets_one_dot_per_step),
        cmocka_unit_test(steep_line_has_no_gaps),
        cmocka_unit_test(lines_are_clipped_to_the_canvas),
        cmocka_unit_test(cell_encodes_dots_in_unicode_order),
        cmocka_unit_test(ascii_fallback_approximates_the_shape),
        cmocka_unit_test(positions_map_missing_band_below_and_left),
        cmocka_unit_test(parallel_draws_the_highlighted_run_last),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
