/* format.h — numbers, times and durations as the screens show them.
 * Every function writes a NUL-terminated string of at most size-1 bytes and
 * returns buf. */
#ifndef MLTUI_FORMAT_H
#define MLTUI_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Metric values: up to 6 significant digits ("0.98765", "10000", "1.2e-07"),
 * "NaN", "inf"/"-inf" for infinities and for +-1.7976931348623157e308
 * (MLflow's SQL store saves infinities as DBL_MAX). */
char *fmt_metric(double v, char *buf, size_t size);
/* Full precision (%.17g style, shortest round-trip) for detail views: "NaN",
 * "inf", "-inf" for true infinities, but +-DBL_MAX as its digits, since the
 * detail view shows what the server stored. -0 keeps its sign here only. */
char *fmt_metric_full(double v, char *buf, size_t size);
/* Epoch ms as local "2023-05-14 10:35:09" (seconds truncated); TIME_NONE -> "". */
char *fmt_time(int64_t ms, char *buf, size_t size);
/* Relative to now: "12s ago", "5m ago", "3h ago", "4d ago" (under 30 days), else
 * the local date "2023-05-14"; up to 60 s in the future (clock skew) is "0s ago".
 * TIME_NONE -> "". */
char *fmt_ago(int64_t ms, int64_t now_ms, char *buf, size_t size);
/* Duration in ms: "850ms", "30.3s", "4m05s", "2h03m", "3d04h" (each unit
 * truncated, not rounded); negative -> "". */
char *fmt_duration(int64_t ms, char *buf, size_t size);
/* Integer with thousands separators: 100000 -> "100,000". */
char *fmt_count(uint64_t n, char *buf, size_t size);
/* Bytes: "512 B", "1.5 KiB", "3.2 MiB". */
char *fmt_bytes(uint64_t n, char *buf, size_t size);

#endif
