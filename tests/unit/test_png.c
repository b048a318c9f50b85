/* test_png.c — PNG output and input: exact round trip, every colour type to
 * RGBA, the fixture confusion matrices, and hostile files refused cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <math.h>
#include <png.h>

#include "render/canvas.h"

static char tmpdir[64];
static char path[128];

static int mk_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/mltui-test-png-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    snprintf(path, sizeof path, "%s/a.png", tmpdir);
    return 0;
}

static int rm_tmp(void **state)
{
    (void)state;
    remove(path);
    rmdir(tmpdir);
    return 0;
}

static unsigned char *slurp(const char *p, size_t *len)
{
    FILE *f = fopen(p, "rb");
    unsigned char *buf;
    long n;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Writes a w x h image of the given colour type and depth with libpng itself;
 * rowfn fills each row. */
typedef void (*RowFn)(png_bytep row, int y, int w);
static void write_raw(const char *p, int w, int h, int ctype, int depth, int interlace,
                      png_colorp pal, int npal, png_bytep trns, int ntrns, RowFn rowfn)
{
    FILE *f = fopen(p, "wb");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    size_t rb;
    png_bytep row;

    assert_non_null(f);
    assert_int_equal(setjmp(png_jmpbuf(png)), 0);
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, depth, ctype, interlace,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (pal)
        png_set_PLTE(png, info, pal, npal);
    if (trns)
        png_set_tRNS(png, info, trns, ntrns, NULL);
    png_write_info(png, info);
    rb = png_get_rowbytes(png, info);
    row = calloc(1, rb);
    int passes = interlace ? png_set_interlace_handling(png) : 1;
    for (int pass = 0; pass < passes; pass++)
        for (int y = 0; y < h; y++) {
            memset(row, 0, rb);
            if (rowfn)
                rowfn(row, y, w);
            png_write_row(png, row);
        }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    fclose(f);
}

static void round_trip_keeps_every_pixel_exactly(void **state)
{
    char err[128] = "";
    Canvas *c = canvas_new(37, 23, 0x00000000), *r;

    (void)state;
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++)
            c->px[y * c->w + x] = (Rgba)(x * 7) << 24 | (Rgba)(y * 11) << 16 |
                                  (Rgba)((x ^ y) & 0xff) << 8 | (Rgba)((x * y) & 0xff);
    assert_int_equal(canvas_write_png(c, path, err, sizeof err), 0);
    r = canvas_read_png(path, err, sizeof err);
    assert_non_null(r);
    assert_int_equal(r->w, 37);
    assert_int_equal(r->h, 23);
    assert_memory_equal(r->px, c->px, (size_t)c->w * c->h * sizeof *c->px);
    canvas_free(r);
    canvas_free(c);
}

static void write_to_unwritable_path_fails_with_message(void **state)
{
    char err[128] = "";
    Canvas *c = canvas_new(2, 2, 0xffffffff);

    (void)state;
    assert_int_equal(canvas_write_png(c, "/nonexistent-dir/x.png", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-dir/x.png"));
    canvas_free(c);
}

static void reads_fixture_confusion_matrices_at_their_real_size(void **state)
{
    static const char *runs[] = { "rf_10", "rf_100", "rf_1000", "rf_10000" };
    char err[128] = "", p[128];

    (void)state;
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "tests/fixtures/artifacts/%s/confusion_matrix.png", runs[i]);
        Canvas *c = canvas_read_png(p, err, sizeof err);
        assert_non_null(c);
        assert_int_equal(c->w, 500);
        assert_int_equal(c->h, 400);
        /* not blank: more than one colour */
        size_t differ = 0;
        for (size_t k = 1; k < (size_t)c->w * c->h; k++)
            differ += c->px[k] != c->px[0];
        assert_true(differ > 1000);
        canvas_free(c);
    }
}

static void reads_from_memory_same_as_from_file(void **state)
{
    char err[128] = "";
    size_t len;
    unsigned char *buf = slurp("tests/fixtures/artifacts/rf_10000/confusion_matrix.png", &len);
    Canvas *a = canvas_read_png_mem(buf, len, err, sizeof err);
    Canvas *b = canvas_read_png("tests/fixtures/artifacts/rf_10000/confusion_matrix.png", err,
                                sizeof err);

    (void)state;
    assert_non_null(a);
    assert_non_null(b);
    assert_memory_equal(a->px, b->px, (size_t)a->w * a->h * 4);
    canvas_free(a);
    canvas_free(b);
    free(buf);
}

static void truncated_png_returns_null_with_message(void **state)
{
    char err[128] = "";
    size_t len;
    unsigned char *buf = slurp("tests/fixtures/artifacts/rf_10/confusion_matrix.png", &len);

    (void)state;
    for (size_t cut = 8; cut < len; cut += len / 7) {
        err[0] = 0;
        assert_null(canvas_read_png_mem(buf, cut, err, sizeof err));
        assert_true(strlen(err) > 0);
    }
    free(buf);
}

static void garbage_returns_null_with_message(void **state)
{
    char err[128] = "";
    unsigned char junk[4096];
    FILE *f;

    (void)state;
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 131 + 7);
    assert_null(canvas_read_png_mem(junk, sizeof junk, err, sizeof err));
    assert_string_equal(err, "PNG: not a PNG file");
    /* a valid signature followed by garbage */
    memcpy(junk, "\x89PNG\r\n\x1a\n", 8);
    err[0] = 0;
    assert_null(canvas_read_png_mem(junk, sizeof junk, err, sizeof err));
    assert_true(strlen(err) > 0);
    f = fopen(path, "wb");
    fwrite(junk, 1, sizeof junk, f);
    fclose(f);
    err[0] = 0;
    assert_null(canvas_read_png(path, err, sizeof err));
    assert_true(strlen(err) > 0);
    assert_null(canvas_read_png_mem(NULL, 0, err, sizeof err));
}

static void corrupted_pixel_data_returns_null(void **state)
{
    char err[128] = "";
    size_t len;
    unsigned char *buf = slurp("tests/fixtures/artifacts/rf_10/confusion_matrix.png", &len);

    (void)state;
    /* flip bytes in the middle of the IDAT stream: CRC or zlib error */
    for (size_t i = len / 2; i < len / 2 + 64; i++)
        buf[i] ^= 0x5a;
    assert_null(canvas_read_png_mem(buf, len, err, sizeof err));
    assert_true(strlen(err) > 0);
    free(buf);
}

static void gradient16(png_bytep row, int y, int w)
{
    for (int x = 0; x < w; x++) {   /* 16-bit RGB, big-endian samples */
        row[6 * x + 0] = (png_byte)(x * 60); row[6 * x + 1] = 0xff;
        row[6 * x + 2] = (png_byte)(y * 60); row[6 * x + 3] = 0x00;
        row[6 * x + 4] = 0x12;               row[6 * x + 5] = 0x34;
    }
}

static void sixteen_bit_rgb_becomes_8_bit_opaque_rgba(void **state)
{
    char err[128] = "";
    Canvas *c;

    (void)state;
    write_raw(path, 4, 3, PNG_COLOR_TYPE_RGB, 16, PNG_INTERLACE_NONE, NULL, 0, NULL, 0,
              gradient16);
    c = canvas_read_png(path, err, sizeof err);
    assert_non_null(c);
    assert_int_equal(c->w, 4);
    assert_int_equal(c->px[2 * 4 + 3], (Rgba)180 << 24 | (Rgba)120 << 16 | 0x12u << 8 | 0xff);
    canvas_free(c);
}

static void pal_row(png_bytep row, int y, int w)
{
    (void)y;
    for (int x = 0; x < w; x++)   /* 2-bit indices 0,1,2,3,0,... */
        row[x / 4] |= (png_byte)((x % 4) << (6 - 2 * (x % 4)));
}

static void palette_with_trns_becomes_rgba_with_alpha(void **state)
{
    char err[128] = "";
    png_color pal[4] = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 }, { 9, 9, 9 } };
    png_byte trns[2] = { 0, 128 };
    Canvas *c;

    (void)state;
    write_raw(path, 8, 2, PNG_COLOR_TYPE_PALETTE, 2, PNG_INTERLACE_NONE, pal, 4, trns, 2,
              pal_row);
    c = canvas_read_png(path, err, sizeof err);
    assert_non_null(c);
    assert_int_equal(c->px[0], 0xff000000u);   /* red, fully transparent */
    assert_int_equal(c->px[1], 0x00ff0080u);   /* green, half */
    assert_int_equal(c->px[2], 0x0000ffffu);   /* blue, opaque (no tRNS entry) */
    assert_int_equal(c->px[3], 0x090909ffu);
    canvas_free(c);
}

static void gray_row(png_bytep row, int y, int w)
{
    for (int x = 0; x < w; x++)   /* 1-bit: alternate columns white */
        if ((x + y) % 2)
            row[x / 8] |= (png_byte)(0x80 >> (x % 8));
}

static void interlaced_1_bit_gray_becomes_black_and_white_rgba(void **state)
{
    char err[128] = "";
    Canvas *c;

    (void)state;
    write_raw(path, 13, 9, PNG_COLOR_TYPE_GRAY, 1, PNG_INTERLACE_ADAM7, NULL, 0, NULL, 0,
              gray_row);
    c = canvas_read_png(path, err, sizeof err);
    assert_non_null(c);
    assert_int_equal(c->w, 13);
    assert_int_equal(c->h, 9);
    for (int y = 0; y < 9; y++)
        for (int x = 0; x < 13; x++)
            assert_int_equal(c->px[y * 13 + x], (x + y) % 2 ? 0xffffffffu : 0x000000ffu);
    canvas_free(c);
}

static void image_wider_than_limit_is_refused(void **state)
{
    char err[128] = "";

    (void)state;
    write_raw(path, 20000, 1, PNG_COLOR_TYPE_GRAY, 1, PNG_INTERLACE_NONE, NULL, 0, NULL, 0,
              NULL);
    assert_null(canvas_read_png(path, err, sizeof err));
    assert_true(strlen(err) > 0);
}

static void image_with_too_many_pixels_is_refused(void **state)
{
    char err[128] = "";

    (void)state;
    write_raw(path, 16384, 4100, PNG_COLOR_TYPE_GRAY, 1, PNG_INTERLACE_NONE, NULL, 0, NULL, 0,
              NULL);
    assert_null(canvas_read_png(path, err, sizeof err));
    assert_non_null(strstr(err, "too large"));
}

static void line_to_a_far_point_is_drawn_to_the_canvas_edge(void **state)
{
    Canvas *c = canvas_new(50, 50, 0xffffffff);

    (void)state;
    alarm(5);
    canvas_line(c, 10, 10, 1e12, 10, 2, 0x000000ff);
    alarm(0);
    assert_true(c->px[10 * 50 + 40] != 0xffffffff);
    assert_true(c->px[10 * 50 + 49] != 0xffffffff);
    canvas_free(c);
}

static void rectangles_and_dots_far_off_the_canvas_finish(void **state)
{
    Canvas *c = canvas_new(50, 50, 0xffffffff);

    (void)state;
    alarm(5);     /* unclamped, the rectangle walks 4e9 x 4e9 pixels */
    canvas_fill_rect(c, -1e12, -1e12, 2e12, 2e12, 0x000000ff);
    canvas_dot(c, 1e300, 1e300, 1e300, 0x000000ff);
    canvas_line(c, NAN, 0, 1, 1, 1, 0x000000ff);
    alarm(0);
    assert_true(c->px[0] == 0x000000ff && c->px[49 * 50 + 49] == 0x000000ff);
    assert_int_equal(canvas_px(NAN), -CANVAS_FAR);
    assert_int_equal(canvas_px(1e300), CANVAS_FAR);
    canvas_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_keeps_every_pixel_exactly),
        cmocka_unit_test(line_to_a_far_point_is_drawn_to_the_canvas_edge),
        cmocka_unit_test(rectangles_and_dots_far_off_the_canvas_finish),
        cmocka_unit_test(write_to_unwritable_path_fails_with_message),
        cmocka_unit_test(reads_fixture_confusion_matrices_at_their_real_size),
        cmocka_unit_test(reads_from_memory_same_as_from_file),
        cmocka_unit_test(truncated_png_returns_null_with_message),
        cmocka_unit_test(garbage_returns_null_with_message),
        cmocka_unit_test(corrupted_pixel_data_returns_null),
        cmocka_unit_test(sixteen_bit_rgb_becomes_8_bit_opaque_rgba),
        cmocka_unit_test(palette_with_trns_becomes_rgba_with_alpha),
        cmocka_unit_test(interlaced_1_bit_gray_becomes_black_and_white_rgba),
        cmocka_unit_test(image_wider_than_limit_is_refused),
        cmocka_unit_test(image_with_too_many_pixels_is_refused),
    };
    return cmocka_run_group_tests(tests, mk_tmp, rm_tmp);
}
