/* test_format.c — numbers, times and durations as the screens show them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <float.h>
#include <math.h>
#include <time.h>
#include <cmocka.h>

#include "core/format.h"
#include "core/runset.h"

static char buf[64];

static const char *m(double v) { return fmt_metric(v, buf, sizeof buf); }
static const char *mf(double v) { return fmt_metric_full(v, buf, sizeof buf); }
static const char *dur(int64_t ms) { return fmt_duration(ms, buf, sizeof buf); }

static int utc(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    return 0;
}

static void metric_shows_six_significant_digits(void **state)
{
    (void)state;
    assert_string_equal(m(0.98765), "0.98765");
    assert_string_equal(m(0.987654321), "0.987654");
    assert_string_equal(m(10000), "10000");
    assert_string_equal(m(123456789), "1.23457e+08");
    assert_string_equal(m(-2.5), "-2.5");
    assert_string_equal(m(0), "0");
    assert_string_equal(m(-0.0), "0");
}

static void metric_formats_tiny_and_huge_numbers(void **state)
{
    (void)state;
    assert_string_equal(m(1.2e-07), "1.2e-07");
    assert_string_equal(m(5e-324), "4.94066e-324");
    assert_string_equal(m(1e300), "1e+300");
    assert_string_equal(m(-1e-300), "-1e-300");
}

static void metric_nan_and_infinities(void **state)
{
    (void)state;
    assert_string_equal(m(NAN), "NaN");
    assert_string_equal(m(INFINITY), "inf");
    assert_string_equal(m(-INFINITY), "-inf");
}

static void format_dbl_max_as_inf(void **state)
{
    (void)state;
    assert_string_equal(m(DBL_MAX), "inf");
    assert_string_equal(m(-DBL_MAX), "-inf");
    assert_string_equal(m(1.7976931348623157e308), "inf");
    assert_string_equal(m(1.7976931348623155e308), "1.79769e+308");  /* one ulp below */
}

static void metric_full_is_shortest_round_trip(void **state)
{
    (void)state;
    assert_string_equal(mf(0.1), "0.1");
    assert_string_equal(mf(1.0 / 3), "0.3333333333333333");   /* as Python's repr */
    assert_string_equal(mf(0.98765432109876), "0.98765432109876");
    assert_string_equal(mf(DBL_MAX), "1.7976931348623157e+308");
    assert_string_equal(mf(NAN), "NaN");
    assert_string_equal(mf(-INFINITY), "-inf");
    assert_string_equal(mf(5e-324), "5e-324");
}

static void output_is_cut_to_buffer_size(void **state)
{
    char small[4];

    (void)state;
    assert_string_equal(fmt_metric(0.123456, small, sizeof small), "0.1");
    assert_string_equal(fmt_count(1234567, small, sizeof small), "1,2");
    assert_ptr_equal(fmt_duration(5, small, 0), small);  /* size 0: untouched */
}

static void time_is_local_date_and_time(void **state)
{
    (void)state;
    assert_string_equal(fmt_time(1684060509000, buf, sizeof buf), "2023-05-14 10:35:09");
    assert_string_equal(fmt_time(1684060509999, buf, sizeof buf), "2023-05-14 10:35:09");
    assert_string_equal(fmt_time(0, buf, sizeof buf), "1970-01-01 00:00:00");
    assert_string_equal(fmt_time(-1, buf, sizeof buf), "1969-12-31 23:59:59");
    assert_string_equal(fmt_time(TIME_NONE, buf, sizeof buf), "");
}

static void ago_uses_the_largest_whole_unit(void **state)
{
    const int64_t now = 1684060509000;

    (void)state;
    assert_string_equal(fmt_ago(now - 12000, now, buf, sizeof buf), "12s ago");
    assert_string_equal(fmt_ago(now - 5 * 60000 - 59000, now, buf, sizeof buf), "5m ago");
    assert_string_equal(fmt_ago(now - 3 * 3600000, now, buf, sizeof buf), "3h ago");
    assert_string_equal(fmt_ago(now - 4 * 86400000LL, now, buf, sizeof buf), "4d ago");
    assert_string_equal(fmt_ago(now - 40 * 86400000LL, now, buf, sizeof buf), "2023-04-04");
    assert_string_equal(fmt_ago(now + 5000, now, buf, sizeof buf), "0s ago");
    assert_string_equal(fmt_ago(now + 2 * 86400000LL, now, buf, sizeof buf), "2023-05-16");
    assert_string_equal(fmt_ago(TIME_NONE, now, buf, sizeof buf), "");
}

static void duration_formats(void **state)
{
    (void)state;
    assert_string_equal(dur(0), "0ms");
    assert_string_equal(dur(850), "850ms");
    assert_string_equal(dur(1000), "1.0s");
    assert_string_equal(dur(30300), "30.3s");
    assert_string_equal(dur(59999), "59.9s");
    assert_string_equal(dur(60000), "1m00s");
    assert_string_equal(dur(245000), "4m05s");
    assert_string_equal(dur(3599999), "59m59s");
    assert_string_equal(dur(7380000), "2h03m");
    assert_string_equal(dur(86400000), "1d00h");
    assert_string_equal(dur(3 * 86400000LL + 4 * 3600000LL), "3d04h");
    assert_string_equal(dur(-1), "");
}

static void count_groups_thousands(void **state)
{
    (void)state;
    assert_string_equal(fmt_count(0, buf, sizeof buf), "0");
    assert_string_equal(fmt_count(999, buf, sizeof buf), "999");
    assert_string_equal(fmt_count(1000, buf, sizeof buf), "1,000");
    assert_string_equal(fmt_count(100000, buf, sizeof buf), "100,000");
    assert_string_equal(fmt_count(1234567, buf, sizeof buf), "1,234,567");
    assert_string_equal(fmt_count(UINT64_MAX, buf, sizeof buf), "18,446,744,073,709,551,615");
}

static void bytes_use_binary_units(void **state)
{
    (void)state;
    assert_string_equal(fmt_bytes(0, buf, sizeof buf), "0 B");
    assert_string_equal(fmt_bytes(512, buf, sizeof buf), "512 B");
    assert_string_equal(fmt_bytes(1023, buf, sizeof buf), "1023 B");
    assert_string_equal(fmt_bytes(1536, buf, sizeof buf), "1.5 KiB");
    assert_string_equal(fmt_bytes(3355443, buf, sizeof buf), "3.2 MiB");
    assert_string_equal(fmt_bytes(1048575, buf, sizeof buf), "1.0 MiB");
    assert_string_equal(fmt_bytes(5ULL << 40, buf, sizeof buf), "5.0 TiB");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(metric_shows_six_significant_digits),
        cmocka_unit_test(metric_formats_tiny_and_huge_numbers),
        cmocka_unit_test(metric_nan_and_infinities),
        cmocka_unit_test(format_dbl_max_as_inf),
        cmocka_unit_test(metric_full_is_shortest_round_trip),
        cmocka_unit_test(output_is_cut_to_buffer_size),
        cmocka_unit_test(time_is_local_date_and_time),
        cmocka_unit_test(ago_uses_the_largest_whole_unit),
        cmocka_unit_test(duration_formats),
        cmocka_unit_test(count_groups_thousands),
        cmocka_unit_test(bytes_use_binary_units),
    };

    return cmocka_run_group_tests(tests, utc, NULL);
}
