/* format.c — see format.h. */
#include "core/format.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/runset.h"  /* TIME_NONE */

static char *put(char *buf, size_t size, const char *s)
{
    if (size) {
        size_t n = strlen(s);

        if (n >= size)
            n = size - 1;
        memcpy(buf, s, n);
        buf[n] = '\0';
    }
    return buf;
}

/* NaN and the infinities (DBL_MAX included: MLflow's SQL store keeps +-inf as
 * +-DBL_MAX); NULL for an ordinary number. */
static const char *special(double v)
{
    if (isnan(v))
        return "NaN";
    if (v >= DBL_MAX)
        return "inf";
    if (v <= -DBL_MAX)
        return "-inf";
    return NULL;
}

char *fmt_metric(double v, char *buf, size_t size)
{
    const char *sp = special(v);
    char        tmp[64];

    if (sp)
        return put(buf, size, sp);
    if (v == 0)
        v = 0;  /* -0 reads as "0" */
    snprintf(tmp, sizeof tmp, "%.6g", v);
    return put(buf, size, tmp);
}

char *fmt_metric_full(double v, char *buf, size_t size)
{
    char tmp[64];

    if (isnan(v))
        return put(buf, size, "NaN");
    if (isinf(v))
        return put(buf, size, v > 0 ? "inf" : "-inf");
    /* The shortest %.Ng that reads back as the same double. */
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    return put(buf, size, tmp);
}

char *fmt_time(int64_t ms, char *buf, size_t size)
{
    struct tm tm;
    time_t    t;
    char      tmp[64];

    if (ms == TIME_NONE)
        return put(buf, size, "");
    t = (time_t)(ms >= 0 ? ms / 1000 : -((-(ms + 1)) / 1000) - 1);
    if (!localtime_r(&t, &tm) || !strftime(tmp, sizeof tmp, "%Y-%m-%d %H:%M:%S", &tm))
        return put(buf, size, "?");
    return put(buf, size, tmp);
}

char *fmt_ago(int64_t ms, int64_t now_ms, char *buf, size_t size)
{
    char    tmp[64];
    int64_t s;

    if (ms == TIME_NONE)
        return put(buf, size, "");
    if (now_ms < ms) {
        /* A little clock skew between server and client reads as "now". */
        if (ms - now_ms > 60 * 1000)
            goto date;
        ms = now_ms;
    }
    s = (now_ms - ms) / 1000;
    if (s < 60)
        snprintf(tmp, sizeof tmp, "%" PRId64 "s ago", s);
    else if (s < 3600)
        snprintf(tmp, sizeof tmp, "%" PRId64 "m ago", s / 60);
    else if (s < 86400)
        snprintf(tmp, sizeof tmp, "%" PRId64 "h ago", s / 3600);
    else if (s < 30 * 86400)
        snprintf(tmp, sizeof tmp, "%" PRId64 "d ago", s / 86400);
    else
        goto date;
    return put(buf, size, tmp);
date:
    fmt_time(ms, tmp, sizeof tmp);
    tmp[10] = '\0';  /* the date part */
    return put(buf, size, tmp);
}

char *fmt_duration(int64_t ms, char *buf, size_t size)
{
    char    tmp[64];
    int64_t s = ms / 1000;

    if (ms < 0)
        return put(buf, size, "");
    if (ms < 1000)
        snprintf(tmp, sizeof tmp, "%" PRId64 "ms", ms);
    else if (ms < 60 * 1000)  /* truncated to tenths, so 59.99 s never reads "60.0s" */
        snprintf(tmp, sizeof tmp, "%" PRId64 ".%" PRId64 "s", s, (ms / 100) % 10);
    else if (s < 3600)
        snprintf(tmp, sizeof tmp, "%" PRId64 "m%02" PRId64 "s", s / 60, s % 60);
    else if (s < 86400)
        snprintf(tmp, sizeof tmp, "%" PRId64 "h%02" PRId64 "m", s / 3600, s / 60 % 60);
    else
        snprintf(tmp, sizeof tmp, "%" PRId64 "d%02" PRId64 "h", s / 86400, s / 3600 % 24);
    return put(buf, size, tmp);
}

char *fmt_count(uint64_t n, char *buf, size_t size)
{
    char digits[32], tmp[40];
    int  nd = snprintf(digits, sizeof digits, "%" PRIu64, n), o = 0;

    for (int i = 0; i < nd; i++) {
        if (i && (nd - i) % 3 == 0)
            tmp[o++] = ',';
        tmp[o++] = digits[i];
    }
    tmp[o] = '\0';
    return put(buf, size, tmp);
}

char *fmt_bytes(uint64_t n, char *buf, size_t size)
{
    static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    char   tmp[64];
    double v = (double)n;
    int    u = -1;

    if (n < 1024) {
        snprintf(tmp, sizeof tmp, "%" PRIu64 " B", n);
        return put(buf, size, tmp);
    }
    while (v >= 1023.95 && u < 5) {  /* 1023.96 KiB reads as "1.0 MiB" */
        v /= 1024;
        u++;
    }
    snprintf(tmp, sizeof tmp, "%.1f %s", v, units[u]);
    return put(buf, size, tmp);
}
