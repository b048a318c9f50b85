/* spark.c — see spark.h. */
#include "widgets/spark.h"

#include <math.h>
#include <string.h>

static const char *const blocks[8] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };

int spark_render(const double *v, size_t n, int width, char *out, size_t size)
{
    double lo = INFINITY, hi = -INFINITY;
    size_t used = 0;
    int cells = 0;

    if (size == 0)
        return 0;
    out[0] = '\0';
    if (n == 0 || width <= 0)
        return 0;
    if ((size_t)width > n)
        width = (int)n;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]) && fabs(v[i]) < 1.7e308) {
            if (v[i] < lo) lo = v[i];
            if (v[i] > hi) hi = v[i];
        }
    for (int c = 0; c < width; c++) {
        size_t a = n * (size_t)c / (size_t)width, b = n * (size_t)(c + 1) / (size_t)width;
        double sum = 0;
        int cnt = 0;
        const char *cell = " ";
        if (b <= a)
            b = a + 1;
        for (size_t i = a; i < b && i < n; i++)
            if (isfinite(v[i]) && fabs(v[i]) < 1.7e308)
                cnt++;
        /* The mean as a sum of v / cnt, and the level from halves: neither
         * overflows for values near +-DBL_MAX. */
        for (size_t i = a; cnt && i < b && i < n; i++)
            if (isfinite(v[i]) && fabs(v[i]) < 1.7e308)
                sum += v[i] / cnt;
        if (cnt) {
            double f = hi > lo ? (sum / 2 - lo / 2) / (hi / 2 - lo / 2) : 3 / 7.0;
            int level = f >= 0 ? (f <= 1 ? (int)floor(f * 7.0 + 0.5) : 7) : 0;
            cell = blocks[level];
        }
        size_t len = strlen(cell);
        if (used + len + 1 > size)
            break;
        memcpy(out + used, cell, len);
        used += len;
        cells++;
    }
    out[used] = '\0';
    return cells;
}
