/* test_image.c — fitting pictures into terminal cells: aspect kept, never
 * enlarged, area-average downscaling over a background, palette mapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "render/canvas.h"
#include "widgets/image.h"

static void fit_keeps_aspect_and_never_enlarges(void **state)
{
    Canvas *src = canvas_new(500, 400, 0xffffffff), *f;
    int c, r;

    (void)state;
    f = image_fit(src, 80, 2 * 30, 0x000000ff);
    assert_int_equal(f->w, 75);            /* limited by height: 60/400 = 0.15 */
    assert_int_equal(f->h, 60);
    canvas_free(f);
    image_fit_cells(500, 400, 80, 30, &c, &r);
    assert_int_equal(c, 75);
    assert_int_equal(r, 30);
    image_fit_cells(10, 4, 80, 30, &c, &r);   /* small: drawn 1:1 */
    assert_int_equal(c, 10);
    assert_int_equal(r, 2);
    f = image_fit(src, 1000, 1000, 0);
    assert_int_equal(f->w, 500);
    assert_int_equal(f->h, 400);
    canvas_free(f);
    assert_null(image_fit(src, 0, 10, 0));
    canvas_free(src);
}

static void fit_averages_the_area_each_pixel_covers(void **state)
{
    /* 4x2 source: left half black, right half white -> 2x1 gives black, white;
     * 1x1 gives mid grey. */
    Canvas *src = canvas_new(4, 2, 0x000000ff), *f;

    (void)state;
    for (int y = 0; y < 2; y++)
        for (int x = 2; x < 4; x++)
            src->px[y * 4 + x] = 0xffffffff;
    f = image_fit(src, 2, 1, 0);
    assert_int_equal(f->px[0], 0x000000ffu);
    assert_int_equal(f->px[1], 0xffffffffu);
    canvas_free(f);
    f = image_fit(src, 1, 1, 0);
    assert_int_equal(f->px[0], 0x808080ffu);
    canvas_free(f);
    canvas_free(src);
}

static void fit_composites_transparency_over_background(void **state)
{
    Canvas *src = canvas_new(2, 2, 0xff000000), *f;   /* transparent red */

    (void)state;
    src->px[0] = 0xff0000ff;                          /* one opaque red */
    f = image_fit(src, 1, 1, 0x0000ffff);             /* over blue */
    /* 1/4 red, 3/4 blue */
    assert_int_equal(f->px[0], 0x4000bfffu);
    assert_int_equal(f->px[0] >> 24, 0x40);
    assert_int_equal((f->px[0] >> 8) & 0xff, 0xbf);
    canvas_free(f);
    canvas_free(src);
}

static void xterm256_maps_to_cube_and_grey_ramp(void **state)
{
    (void)state;
    assert_int_equal(image_xterm256(0x000000ff), 16);
    assert_int_equal(image_xterm256(0xffffffff), 231);
    assert_int_equal(image_xterm256(0xff0000ff), 196);
    assert_int_equal(image_xterm256(0x0000ffff), 21);
    assert_int_equal(image_xterm256(0x808080ff), 244);   /* grey 128 */
    assert_int_equal(image_xterm256(0x5f87afff), 67);    /* exact cube colour */
}

static void basic8_picks_the_nearest(void **state)
{
    (void)state;
    assert_int_equal(image_basic8(0x000000ff), 0);
    assert_int_equal(image_basic8(0xf00000ff), 1);
    assert_int_equal(image_basic8(0x10e010ff), 2);
    assert_int_equal(image_basic8(0x1010f0ff), 4);
    assert_int_equal(image_basic8(0xf0f0f0ff), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fit_keeps_aspect_and_never_enlarges),
        cmocka_unit_test(fit_averages_the_area_each_pixel_covers),
        cmocka_unit_test(fit_composites_transparency_over_background),
        cmocka_unit_test(xterm256_maps_to_cube_and_grey_ramp),
        cmocka_unit_test(basic8_picks_the_nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
