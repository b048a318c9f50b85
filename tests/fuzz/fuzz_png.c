/* fuzz_png.c — PNG preview decoding (render/png.c via libpng) and fitting the
 * picture into terminal cells (widgets/image.c). */
#include "fuzz.h"

#include "render/canvas.h"
#include "widgets/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    Canvas *c = canvas_read_png_mem(data, size, err, sizeof err), *fit;
    int cols, rows;

    if (!c)
        return 0;
    image_fit_cells(c->w, c->h, 80, 24, &cols, &rows);
    fit = image_fit(c, cols, rows * 2, 0x000000ff);
    if (fit)
        for (int y = 0; y < fit->h; y++)
            for (int x = 0; x < fit->w; x++)
                image_xterm256(fit->px[(size_t)y * (size_t)fit->w + (size_t)x]);
    canvas_free(fit);
    canvas_free(c);
    return 0;
}
