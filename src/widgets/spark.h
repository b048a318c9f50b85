/* spark.h — sparklines from eight block heights (▁▂▃▄▅▆▇█). */
#ifndef MLTUI_SPARK_H
#define MLTUI_SPARK_H

#include <stddef.h>

/* Writes a sparkline of v[0..n) in `width` cells to out (UTF-8, NUL-ended):
 * values are resampled to width buckets (mean of each bucket), scaled between
 * their min and max; NaN and infinite values are skipped (a bucket with none
 * is a space). Returns cells written. out needs 3*width+1 bytes. */
int spark_render(const double *v, size_t n, int width, char *out, size_t size);

#endif
