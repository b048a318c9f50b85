/* test_image.c — pictures as terminal cells through libchafa: the fit (aspect
 * kept, never enlarged), the cells chafa gives back (symbol and colours per
 * colour mode), and what no picture gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "render/canvas.h"
#include "widgets/image.h"

/* w x h, left half black, right half white, opaque. */
static Canvas *halves(int w, int h)
{
    Canvas *c = canvas_new(w, h, 0x000000ff);
    for (int y = 0; y < h; y++)
        for (int x = w / 2; x < w; x++)
            c->px[y * w + x] = 0xffffffff;
    return c;
}

static void fit_keeps_aspect_and_never_enlarges(void **state)
{
    int c, r;

    (void)state;
    image_fit_cells(500, 400, 80, 30, &c, &r);   /* limited by height: 60 px rows */
    assert_int_equal(c, 75);
    assert_int_equal(r, 30);
    image_fit_cells(10, 4, 80, 30, &c, &r);      /* small: a pixel a column, two a row */
    assert_int_equal(c, 10);
    assert_int_equal(r, 2);
    image_fit_cells(16384, 1, 80, 30, &c, &r);   /* a line stays one row */
    assert_int_equal(c, 80);
    assert_int_equal(r, 1);
    image_fit_cells(0, 10, 80, 30, &c, &r);
    assert_int_equal(c, 0);
    assert_int_equal(r, 0);
}

static void left_black_right_white_is_one_half_block_in_true_colour(void **state)
{
    /* 8x8 -> at most 8 columns x 4 rows; ask for one cell: a half block,
     * one side black, the other white, whichever of ▌ and ▐ chafa picks. */
    Canvas *src = halves(8, 8);
    ImageCells *ic;

    (void)state;
    ic = image_render(src, 1, 1, IMAGE_COLORS_DIRECT, true);
    assert_non_null(ic);
    assert_int_equal(ic->cols, 1);
    assert_int_equal(ic->rows, 1);
    const ImageCell *c = &ic->cell[0];
    if (c->ch == 0x258c) {            /* ▌ left half: fg left */
        assert_int_equal(c->fg, 0x000000);
        assert_int_equal(c->bg, 0xffffff);
    } else {
        assert_int_equal(c->ch, 0x2590); /* ▐ right half: fg right */
        assert_int_equal(c->fg, 0xffffff);
        assert_int_equal(c->bg, 0x000000);
    }
    image_cells_free(ic);
    canvas_free(src);
}

static void indexed_modes_give_palette_indexes_in_range(void **state)
{
    Canvas *src = halves(8, 8);
    ImageCells *ic;

    (void)state;
    ic = image_render(src, 1, 1, IMAGE_COLORS_240, true);
    assert_non_null(ic);
    /* black and white in the xterm cube or grey ramp, never the first 16 */
    assert_in_range(ic->cell[0].fg, 16, 255);
    assert_in_range(ic->cell[0].bg, 16, 255);
    assert_int_not_equal(ic->cell[0].fg, ic->cell[0].bg);
    image_cells_free(ic);
    ic = image_render(src, 1, 1, IMAGE_COLORS_8, true);
    assert_non_null(ic);
    assert_in_range(ic->cell[0].fg, 0, 7);
    assert_in_range(ic->cell[0].bg, 0, 7);
    assert_true((ic->cell[0].fg == 0 && ic->cell[0].bg == 7) ||
                (ic->cell[0].fg == 7 && ic->cell[0].bg == 0));
    image_cells_free(ic);
    canvas_free(src);
}

static void solid_picture_is_one_colour_everywhere(void **state)
{
    Canvas *src = canvas_new(20, 20, 0xff0000ff);   /* red: 10 x 5 cells */
    ImageCells *ic;

    (void)state;
    ic = image_render(src, 10, 5, IMAGE_COLORS_DIRECT, true);
    assert_non_null(ic);
    assert_int_equal(ic->cols, 10);
    assert_int_equal(ic->rows, 5);
    for (int i = 0; i < ic->cols * ic->rows; i++) {
        const ImageCell *c = &ic->cell[i];
        /* a space on red or a full block in red: red is what shows */
        if (c->ch == ' ')
            assert_int_equal(c->bg, 0xff0000);
        else
            assert_int_equal(c->fg, 0xff0000);
    }
    image_cells_free(ic);
    canvas_free(src);
}

static void without_colours_shapes_use_default_colours(void **state)
{
    Canvas *src = halves(16, 16);
    ImageCells *ic;
    int blank = 0, ink = 0;

    (void)state;
    ic = image_render(src, 2, 1, IMAGE_COLORS_NONE, true);
    assert_non_null(ic);
    for (int i = 0; i < ic->cols * ic->rows; i++) {
        assert_int_equal(ic->cell[i].fg, -1);
        assert_int_equal(ic->cell[i].bg, -1);
        if (ic->cell[i].ch == ' ')
            blank++;
        else
            ink++;
    }
    /* one side dark, one side light: not all the same */
    assert_true(blank >= 1 && ink >= 1);
    image_cells_free(ic);
    canvas_free(src);
}

static void outside_utf8_only_ascii_symbols(void **state)
{
    Canvas *src = canvas_new(64, 32, 0x000000ff);
    ImageCells *ic;

    (void)state;
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 64; x++)
            src->px[y * 64 + x] = ((x / 4 + y / 4) % 2) ? 0xffffffffu : 0x204080ffu;
    ic = image_render(src, 16, 8, IMAGE_COLORS_240, false);
    assert_non_null(ic);
    for (int i = 0; i < ic->cols * ic->rows; i++)
        assert_in_range(ic->cell[i].ch, 0x20, 0x7e);
    image_cells_free(ic);
    canvas_free(src);
}

static void empty_picture_or_area_gives_nothing(void **state)
{
    Canvas *src = canvas_new(4, 4, 0xffffffff);

    (void)state;
    assert_null(image_render(NULL, 10, 10, IMAGE_COLORS_DIRECT, true));
    assert_null(image_render(src, 0, 10, IMAGE_COLORS_DIRECT, true));
    assert_null(image_render(src, 10, -1, IMAGE_COLORS_DIRECT, true));
    image_cells_free(NULL);
    canvas_free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fit_keeps_aspect_and_never_enlarges),
        cmocka_unit_test(left_black_right_white_is_one_half_block_in_true_colour),
        cmocka_unit_test(indexed_modes_give_palette_indexes_in_range),
        cmocka_unit_test(solid_picture_is_one_colour_everywhere),
        cmocka_unit_test(without_colours_shapes_use_default_colours),
        cmocka_unit_test(outside_utf8_only_ascii_symbols),
        cmocka_unit_test(empty_picture_or_area_gives_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
