/* png.c — see canvas.h: PNG read and write through libpng.
 *
 * Reading accepts any colour type, bit depth, palette, tRNS and interlacing
 * and converts to 8-bit RGBA. Input is untrusted (artifact previews come from
 * the server): libpng errors longjmp back here and become a message; the
 * dimensions are capped (PNG_MAX_SIDE per side, PNG_MAX_PIXELS in total)
 * before any pixel memory is allocated, and libpng's own chunk limits stay on. */
#include "render/canvas.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PNG_MAX_SIDE   16384
#define PNG_MAX_PIXELS (64u * 1024u * 1024u)   /* 256 MB of RGBA at most */

typedef struct PngErr {
    char  *buf;
    size_t size;
} PngErr;

static void set_err(char *err, size_t errsize, const char *msg)
{
    if (err && errsize)
        snprintf(err, errsize, "%s", msg);
}

static void on_error(png_structp png, png_const_charp msg)
{
    PngErr *e = png_get_error_ptr(png);

    if (e && e->buf && e->size)
        snprintf(e->buf, e->size, "PNG: %s", msg ? msg : "error");
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;   /* warnings are not worth a status line */
}

/* ---- writing ----------------------------------------------------------- */

int canvas_write_png(const Canvas *c, const char *path, char *err, size_t errsize)
{
    PngErr pe = { err, errsize };
    png_structp png = NULL;
    png_infop info = NULL;
    png_bytep volatile row = NULL;
    FILE *volatile f = NULL;
    int volatile rc = -1;

    if (!c || !c->px || c->w <= 0 || c->h <= 0) {
        set_err(err, errsize, "PNG: empty canvas");
        return -1;
    }
    f = fopen(path, "wb");
    if (!f) {
        if (err && errsize)
            snprintf(err, errsize, "%s: %s", path, strerror(errno));
        return -1;
    }
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &pe, on_error, on_warning);
    if (png)
        info = png_create_info_struct(png);
    if (!png || !info) {
        set_err(err, errsize, "PNG: out of memory");
        goto out;
    }
    row = malloc((size_t)c->w * 4);
    if (!row) {
        set_err(err, errsize, "PNG: out of memory");
        goto out;
    }
    if (setjmp(png_jmpbuf(png)))
        goto out;   /* message already set by on_error */
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)c->w, (png_uint_32)c->h, 8, PNG_COLOR_TYPE_RGB_ALPHA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < c->h; y++) {
        const Rgba *src = &c->px[(size_t)y * (size_t)c->w];
        for (int x = 0; x < c->w; x++) {
            row[4 * x + 0] = (png_byte)(src[x] >> 24);
            row[4 * x + 1] = (png_byte)(src[x] >> 16);
            row[4 * x + 2] = (png_byte)(src[x] >> 8);
            row[4 * x + 3] = (png_byte)src[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    rc = 0;
out:
    if (png)
        png_destroy_write_struct(&png, info ? &info : NULL);
    free(row);
    if (f && fclose(f) != 0 && rc == 0) {
        if (err && errsize)
            snprintf(err, errsize, "%s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        remove(path);
    return rc;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct MemSrc {
    const unsigned char *p;
    size_t len, pos;
} MemSrc;

static void mem_read(png_structp png, png_bytep out, png_size_t n)
{
    MemSrc *m = png_get_io_ptr(png);

    if (n > m->len - m->pos)
        png_error(png, "truncated data");
    memcpy(out, m->p + m->pos, n);
    m->pos += n;
}

/* Decodes from f (when non-NULL) or from m. */
static Canvas *read_png(FILE *f, MemSrc *m, char *err, size_t errsize)
{
    PngErr pe = { err, errsize };
    png_structp png = NULL;
    png_infop info = NULL;
    Canvas *volatile c = NULL;
    png_bytep *volatile rows = NULL;
    unsigned char *volatile data = NULL;
    png_uint_32 w, h;
    int depth, ctype, interlace;

    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &pe, on_error, on_warning);
    if (png)
        info = png_create_info_struct(png);
    if (!png || !info) {
        set_err(err, errsize, "PNG: out of memory");
        goto fail;
    }
    if (setjmp(png_jmpbuf(png)))
        goto fail;
    png_set_user_limits(png, PNG_MAX_SIDE, PNG_MAX_SIDE);
    if (f)
        png_init_io(png, f);
    else
        png_set_read_fn(png, m, mem_read);
    png_read_info(png, info);
    png_get_IHDR(png, info, &w, &h, &depth, &ctype, &interlace, NULL, NULL);
    if (w == 0 || h == 0 || w > PNG_MAX_SIDE || h > PNG_MAX_SIDE ||
        (unsigned long long)w * h > PNG_MAX_PIXELS) {
        if (err && errsize)
            snprintf(err, errsize, "PNG: image too large (%lux%lu)", (unsigned long)w,
                     (unsigned long)h);
        goto fail;
    }

    /* Everything to 8-bit RGBA. */
    if (depth == 16)
        png_set_strip_16(png);
    if (ctype == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if (ctype == PNG_COLOR_TYPE_GRAY && depth < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_tRNS_to_alpha(png);
    if (ctype == PNG_COLOR_TYPE_GRAY || ctype == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(png);
    if (!(ctype & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_filler(png, 0xff, PNG_FILLER_AFTER);
    if (interlace != PNG_INTERLACE_NONE)
        png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 4) {
        set_err(err, errsize, "PNG: unsupported pixel layout");
        goto fail;
    }

    data = malloc((size_t)w * h * 4);
    rows = malloc((size_t)h * sizeof *rows);
    if (!data || !rows) {
        set_err(err, errsize, "PNG: out of memory");
        goto fail;
    }
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = data + (size_t)y * w * 4;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    c = canvas_new((int)w, (int)h, 0);
    if (!c) {
        set_err(err, errsize, "PNG: out of memory");
        goto fail;
    }
    for (size_t i = 0; i < (size_t)w * h; i++) {
        const unsigned char *p = data + 4 * i;
        c->px[i] = (Rgba)p[0] << 24 | (Rgba)p[1] << 16 | (Rgba)p[2] << 8 | p[3];
    }
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    free(data);
    return c;
fail:
    if (png)
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
    free(rows);
    free(data);
    canvas_free(c);
    return NULL;
}

Canvas *canvas_read_png(const char *path, char *err, size_t errsize)
{
    unsigned char sig[8];
    Canvas *c;
    FILE *f = fopen(path, "rb");

    if (!f) {
        if (err && errsize)
            snprintf(err, errsize, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (fread(sig, 1, sizeof sig, f) != sizeof sig || png_sig_cmp(sig, 0, sizeof sig)) {
        set_err(err, errsize, "PNG: not a PNG file");
        fclose(f);
        return NULL;
    }
    rewind(f);
    c = read_png(f, NULL, err, errsize);
    fclose(f);
    return c;
}

Canvas *canvas_read_png_mem(const void *data, size_t len, char *err, size_t errsize)
{
    MemSrc m = { data, len, 0 };

    if (!data || len < 8 || png_sig_cmp((png_const_bytep)data, 0, 8)) {
        set_err(err, errsize, "PNG: not a PNG file");
        return NULL;
    }
    return read_png(NULL, &m, err, errsize);
}
