/* fuzz_png.c — PNG preview decoding (render/png.c via libpng) and rendering
 * the picture as terminal cells through libchafa (widgets/image.c). */
#include "fuzz.h"

#include "render/canvas.h"
#include "widgets/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    Canvas *c = canvas_read_png_mem(data, size, err, sizeof err);
    ImageCells *ic;

    if (!c)
        return 0;
    ic = image_render(c, 80, 24, IMAGE_COLORS_240, true);
    if (ic && (ic->cols > 80 || ic->rows > 24))
        __builtin_trap();
    image_cells_free(ic);
    canvas_free(c);
    return 0;
}
