/* fuzz_text.c — the sanitiser, the one choke point for server text on its way
 * to the terminal (core/text.c): text_fit at several widths and buffer sizes
 * (the result must be valid, escape-free and no wider than asked), wrapping,
 * measuring. */
#include "fuzz.h"

#include <locale.h>

#include "core/text.h"

static void on_line(const char *s, size_t n, void *ctx)
{
    (void)s;
    *(size_t *)ctx += n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int widths[] = { 0, 1, 2, 3, 7, 40, 200 };
    static const size_t sizes[] = { 1, 2, 4, 16, 512 };
    static int once;
    char *s = fuzz_cstr(data, size), out[512], *clean;
    size_t total = 0;

    if (!once) {
        setlocale(LC_ALL, "C.UTF-8");
        once = 1;
    }
    for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++)
        for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
            int cols = text_fit(s, widths[w], out, sizes[z]);
            if (cols < 0 || cols > widths[w] || strlen(out) >= sizes[z] || strchr(out, 27))
                abort();
        }
    clean = malloc(size * 10 + 16);
    if (!clean)
        abort();
    text_sanitize((const char *)data, size, clean, size * 10 + 16);
    if (strchr(clean, 27) || strchr(clean, '\n') || strchr(clean, '\r'))
        abort();
    text_width(clean);
    text_wrap(clean, 1 + (int)(size % 60), on_line, &total);
    text_icontains(s, "a");
    free(clean);
    free(s);
    return 0;
}
