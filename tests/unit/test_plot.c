/* test_plot.c — axis scaling, ticks, the missing band and the colour ramp of
 * the plot model shared by the terminal plots and the PNG export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <float.h>
#include <unistd.h>

#include "core/plot.h"

static void linear_axis_maps_data_range_to_unit_interval(void **state)
{
    double v[] = { 2, 4, 3, 6 };
    PlotAxis ax;

    (void)state;
    assert_int_equal(plot_axis_numeric(&ax, v, 4, false), 0);
    assert_int_equal(ax.kind, AXIS_LINEAR);
    assert_true(plot_axis_pos(&ax, 2) == 0);
    assert_true(plot_axis_pos(&ax, 6) == 1);
    assert_true(fabs(plot_axis_pos(&ax, 4) - 0.5) < 1e-12);
    assert_true(fabs(plot_axis_value(&ax, 0.25) - 3) < 1e-12);
    plot_axis_free(&ax);
}

static void linear_ticks_are_nice_numbers_inside_the_range(void **state)
{
    double v[] = { 0.912, 1.0 };
    PlotAxis ax;

    (void)state;
    plot_axis_numeric(&ax, v, 2, false);
    assert_true(ax.n_ticks >= 3);
    for (size_t i = 0; i < ax.n_ticks; i++) {
        assert_true(ax.ticks[i].pos >= 0 && ax.ticks[i].pos <= 1);
        if (i)
            assert_true(ax.ticks[i].pos > ax.ticks[i - 1].pos);
    }
    /* Step 0.02: 0.92, 0.94, ... 1 */
    assert_string_equal(ax.ticks[0].label, "0.92");
    assert_string_equal(ax.ticks[ax.n_ticks - 1].label, "1");
    plot_axis_free(&ax);
}

static void nice_step_is_one_two_or_five_times_a_power_of_ten(void **state)
{
    (void)state;
    assert_true(fabs(plot_nice_step(1.0, 5) - 0.2) < 1e-12);
    assert_true(fabs(plot_nice_step(10000, 5) - 2000) < 1e-9);
    assert_true(fabs(plot_nice_step(0.088, 5) - 0.02) < 1e-12);
    assert_true(fabs(plot_nice_step(7, 5) - 2) < 1e-12);
}

static void constant_values_get_a_padded_range(void **state)
{
    double v[] = { 5, 5, 5 };
    PlotAxis ax;

    (void)state;
    plot_axis_numeric(&ax, v, 3, false);
    assert_true(ax.lo < 5 && ax.hi > 5);
    assert_true(fabs(plot_axis_pos(&ax, 5) - 0.5) < 1e-12);
    plot_axis_free(&ax);
}

static void log_axis_spaces_decades_evenly_with_power_ticks(void **state)
{
    double v[] = { 10, 100, 1000, 10000 };
    PlotAxis ax;

    (void)state;
    plot_axis_numeric(&ax, v, 4, true);
    assert_int_equal(ax.kind, AXIS_LOG);
    assert_string_equal(ax.note, "");
    assert_true(fabs(plot_axis_pos(&ax, 100) - 1.0 / 3) < 1e-12);
    assert_true(fabs(plot_axis_pos(&ax, 1000) - 2.0 / 3) < 1e-12);
    assert_int_equal(ax.n_ticks, 4);
    assert_string_equal(ax.ticks[0].label, "10");
    assert_string_equal(ax.ticks[3].label, "10000");
    plot_axis_free(&ax);
}

static void log_axis_falls_back_to_linear_with_a_note_for_non_positive_values(void **state)
{
    double v[] = { 0, 1, 10 };
    PlotAxis ax;

    (void)state;
    plot_axis_numeric(&ax, v, 3, true);
    assert_int_equal(ax.kind, AXIS_LINEAR);
    assert_non_null(strstr(ax.note, "log"));
    assert_true(plot_axis_pos(&ax, 0) == 0);
    plot_axis_free(&ax);
}

static void categorical_axis_keeps_every_value_sorted_numerically(void **state)
{
    const char *s[] = { "1000", "10", "10000", "100", "10", NULL };
    PlotAxis ax;

    (void)state;
    plot_axis_categorical(&ax, s, 6);
    assert_int_equal(ax.n_cats, 4);
    assert_string_equal(ax.cats[0], "10");
    assert_string_equal(ax.cats[1], "100");
    assert_string_equal(ax.cats[3], "10000");
    assert_int_equal(ax.n_ticks, 4);
    assert_true(plot_axis_pos_cat(&ax, "10") == 0);
    assert_true(fabs(plot_axis_pos_cat(&ax, "100") - 1.0 / 3) < 1e-12);
    assert_true(plot_axis_pos_cat(&ax, "10000") == 1);
    assert_int_equal(ax.n_missing, 1);
    plot_axis_free(&ax);
}

static void categorical_axis_has_no_cap_on_distinct_values(void **state)
{
    enum { N = 250 };
    static char buf[N][16];
    const char *s[N];
    PlotAxis ax;

    (void)state;
    for (int i = 0; i < N; i++) {
        snprintf(buf[i], sizeof buf[i], "v%03d", i);
        s[i] = buf[i];
    }
    plot_axis_categorical(&ax, s, N);
    assert_int_equal(ax.n_cats, N);
    assert_int_equal(ax.n_ticks, N);
    assert_string_equal(ax.cats[0], "v000");
    assert_true(plot_axis_pos_cat(&ax, "v249") == 1);
    assert_true(plot_axis_pos_cat(&ax, "nope") == PLOT_MISSING);
    plot_axis_free(&ax);
}

static void text_categories_sort_bytewise(void **state)
{
    const char *s[] = { "gini", "entropy", "log_loss" };
    PlotAxis ax;

    (void)state;
    plot_axis_categorical(&ax, s, 3);
    assert_string_equal(ax.cats[0], "entropy");
    assert_string_equal(ax.cats[2], "log_loss");
    assert_true(fabs(plot_axis_pos_cat(&ax, "gini") - 0.5) < 1e-12);
    plot_axis_free(&ax);
}

static void missing_nan_and_infinite_values_go_to_the_missing_band(void **state)
{
    double v[] = { 1, NAN, 3, INFINITY, -1.7976931348623157e308 };
    PlotAxis ax;

    (void)state;
    plot_axis_numeric(&ax, v, 5, false);
    assert_int_equal(ax.n_missing, 3);
    assert_true(plot_axis_pos(&ax, NAN) == PLOT_MISSING);
    assert_true(plot_axis_pos(&ax, INFINITY) == PLOT_MISSING);
    assert_true(PLOT_MISSING < 0);
    assert_true(plot_axis_pos(&ax, 1) == 0);
    plot_axis_free(&ax);
}

static RunSet *two_runs(void)
{
    RunSet *rs = runset_new();
    RunInfoIn a = { .run_id = "a", .run_name = "A", .start_time = TIME_NONE,
                    .end_time = TIME_NONE };
    RunInfoIn b = { .run_id = "b", .run_name = "B", .start_time = TIME_NONE,
                    .end_time = TIME_NONE };

    runset_begin_run(rs, &a);
    runset_add_metric(rs, "f1", 0.5, 0);
    runset_add_param(rs, "n_estimators", "100");
    runset_add_param(rs, "criterion", "gini");
    runset_end_run(rs);
    runset_begin_run(rs, &b);
    runset_add_metric(rs, "f1", NAN, 0);
    runset_add_param(rs, "n_estimators", "10");
    runset_end_run(rs);
    return rs;
}

static void dimension_of_a_run_lacking_the_param_is_missing_not_dropped(void **state)
{
    RunSet *rs = two_runs();
    uint32_t rows[] = { 0, 1 };
    Column c;
    PlotDim d;

    (void)state;
    assert_true(runtable_parse_column(rs, "params.criterion", &c));
    assert_int_equal(plot_dim_build(&d, rs, rows, 2, c, SCALE_AUTO), 0);
    assert_int_equal(d.axis.kind, AXIS_CATEGORICAL);
    assert_true(d.pos[0] == 0.5);
    assert_true(d.pos[1] == PLOT_MISSING);
    plot_dim_free(&d);
    assert_true(runtable_parse_column(rs, "f1", &c));
    plot_dim_build(&d, rs, rows, 2, c, SCALE_AUTO);
    assert_int_equal(d.axis.kind, AXIS_LINEAR);
    assert_true(d.pos[1] == PLOT_MISSING);
    plot_dim_free(&d);
    runset_free(rs);
}

static void numeric_param_cycles_categorical_linear_log(void **state)
{
    RunSet *rs = two_runs();
    uint32_t rows[] = { 0, 1 };
    Column c;
    PlotDim d;

    (void)state;
    runtable_parse_column(rs, "params.n_estimators", &c);
    plot_dim_build(&d, rs, rows, 2, c, SCALE_AUTO);
    assert_int_equal(d.scale, SCALE_CATEGORICAL);
    assert_true(d.numeric);
    assert_int_equal(plot_dim_next_scale(&d), SCALE_LINEAR);
    plot_dim_free(&d);
    plot_dim_build(&d, rs, rows, 2, c, SCALE_LINEAR);
    assert_int_equal(plot_dim_next_scale(&d), SCALE_LOG);
    assert_true(d.pos[0] == 1 && d.pos[1] == 0);
    plot_dim_free(&d);
    runset_free(rs);
}

static void copy_runs_keeps_the_given_order(void **state)
{
    RunSet *rs = two_runs(), *cp;
    uint32_t rows[] = { 1, 0 };

    (void)state;
    cp = plot_copy_runs(rs, rows, 2);
    assert_non_null(cp);
    assert_int_equal(cp->n_runs, 2);
    assert_string_equal(runset_str(cp, cp->runs[0].name), "B");
    assert_string_equal(runset_str(cp, cp->runs[1].name), "A");
    runset_free(cp);
    runset_free(rs);
}

static void ramp_runs_from_dark_purple_to_yellow(void **state)
{
    PlotRgba lo = plot_ramp(0), hi = plot_ramp(1), mid = plot_ramp(0.5);

    (void)state;
    assert_int_equal(lo, 0x440154ff);
    assert_int_equal(hi, 0xfde725ff);
    assert_int_equal(plot_ramp(-3), lo);
    assert_int_equal(plot_ramp(7), hi);
    assert_int_equal(plot_ramp(NAN), PLOT_GREY);
    /* Luminance grows along the ramp. */
    #define LUM(c) (0.2126 * ((c) >> 24) + 0.7152 * (((c) >> 16) & 0xff) + 0.0722 * (((c) >> 8) & 0xff))
    assert_true(LUM(lo) < LUM(mid) && LUM(mid) < LUM(hi));
    assert_true(plot_ramp_xterm(0) >= 16 && plot_ramp_xterm(1) <= 255);
    assert_int_not_equal(plot_ramp_xterm(0), plot_ramp_xterm(1));
}

static void default_file_name_has_kind_and_time(void **state)
{
    char buf[64];

    (void)state;
    setenv("TZ", "UTC", 1);
    plot_default_filename("parallel", 0, buf, sizeof buf);
    assert_string_equal(buf, "mltui-parallel-19700101-000000.png");
}

/* ---- hostile doubles: every computation ends, every position is finite ---- */

/* Builds an axis over v[0..n) under a 5 s alarm (a tick loop that never ends
 * kills the test instead of hanging it) and checks what every renderer relies
 * on: lo < hi, both finite; at most PLOT_MAX_TICKS + 1 ticks (some unless every
 * value is missing), each at a finite
 * position in [0, 1]; every value maps into [0, 1] or the missing band. */
static void check_axis(const double *v, size_t n, bool want_log, PlotAxis *ax)
{
    alarm(5);
    assert_int_equal(plot_axis_numeric(ax, v, n, want_log), 0);
    alarm(0);
    assert_true(isfinite(ax->lo) && isfinite(ax->hi));
    assert_true(ax->lo < ax->hi);
    assert_true(ax->n_ticks >= 1 || ax->n_missing == n);
    assert_true(ax->n_ticks <= PLOT_MAX_TICKS + 1);
    for (size_t i = 0; i < ax->n_ticks; i++) {
        assert_true(ax->ticks[i].pos >= 0 && ax->ticks[i].pos <= 1);
        assert_true(ax->ticks[i].label[0] != '\0');
    }
    for (size_t i = 0; i < n; i++) {
        double p = plot_axis_pos(ax, v[i]);
        assert_true(p == PLOT_MISSING || (p >= 0 && p <= 1));
    }
    for (double p = 0; p <= 1; p += 0.25)
        assert_false(isnan(plot_axis_value(ax, p)));
}

static void ticks_finish_where_the_step_is_below_the_spacing_of_doubles(void **state)
{
    double v[] = { 1e17, 1e17 + 16 };
    PlotAxis ax;

    (void)state;
    check_axis(v, 2, false, &ax);
    /* no two ticks at the same value */
    for (size_t i = 1; i < ax.n_ticks; i++)
        assert_true(ax.ticks[i].pos > ax.ticks[i - 1].pos ||
                    strcmp(ax.ticks[i].label, ax.ticks[i - 1].label) != 0);
    plot_axis_free(&ax);
}

static void a_span_past_dbl_max_gets_finite_positions_and_ticks(void **state)
{
    double v[] = { -1.7e308, 1.7e308, 0 };
    PlotAxis ax;

    (void)state;
    check_axis(v, 3, false, &ax);
    assert_true(plot_axis_pos(&ax, -1.7e308) == 0);
    assert_true(plot_axis_pos(&ax, 1.7e308) == 1);
    assert_true(fabs(plot_axis_pos(&ax, 0) - 0.5) < 1e-9);
    assert_true(ax.n_ticks >= 3);
    plot_axis_free(&ax);
}

static void equal_huge_values_are_padded_without_overflow(void **state)
{
    double v[] = { 1.7e308, 1.7e308 }, w[] = { -1.7e308 };
    PlotAxis ax;

    (void)state;
    check_axis(v, 2, false, &ax);
    assert_true(plot_axis_pos(&ax, 1.7e308) > 0);
    plot_axis_free(&ax);
    check_axis(w, 1, false, &ax);
    plot_axis_free(&ax);
}

static void denormal_values_get_a_range_and_ticks(void **state)
{
    double one[] = { 5e-324 }, two[] = { 5e-324, 1e-323 }, zero[] = { 0, 5e-324 },
           tiny[] = { 1e-310, 1.00001e-310 };
    PlotAxis ax;

    (void)state;
    check_axis(one, 1, false, &ax);
    assert_true(fabs(plot_axis_pos(&ax, 5e-324) - 0.5) < 1e-9);
    plot_axis_free(&ax);
    check_axis(two, 2, false, &ax);
    assert_true(plot_axis_pos(&ax, 5e-324) == 0 && plot_axis_pos(&ax, 1e-323) == 1);
    plot_axis_free(&ax);
    check_axis(zero, 2, false, &ax);
    plot_axis_free(&ax);
    check_axis(tiny, 2, false, &ax);
    plot_axis_free(&ax);
}

static void only_missing_values_give_a_unit_axis(void **state)
{
    double v[] = { NAN, INFINITY, -INFINITY, DBL_MAX, -DBL_MAX };
    PlotAxis ax;

    (void)state;
    check_axis(v, 5, false, &ax);
    assert_int_equal(ax.n_missing, 5);
    plot_axis_free(&ax);
    check_axis(v, 5, true, &ax);
    plot_axis_free(&ax);
}

static void log_axis_of_one_extreme_value_finishes(void **state)
{
    double big[] = { 1.7e308 }, small[] = { 5e-324 }, both[] = { 5e-324, 1.7e308 },
           wide[] = { 1e-300, 1e300 };
    PlotAxis ax;

    (void)state;
    check_axis(big, 1, true, &ax);
    assert_int_equal(ax.kind, AXIS_LOG);
    plot_axis_free(&ax);
    check_axis(small, 1, true, &ax);
    assert_int_equal(ax.kind, AXIS_LOG);
    plot_axis_free(&ax);
    check_axis(both, 2, true, &ax);
    assert_true(plot_axis_pos(&ax, 5e-324) == 0 && plot_axis_pos(&ax, 1.7e308) == 1);
    plot_axis_free(&ax);
    check_axis(wide, 2, true, &ax);
    assert_true(fabs(plot_axis_pos(&ax, 1) - 0.5) < 1e-9);
    plot_axis_free(&ax);
}

static void log_axis_with_non_positive_values_is_linear_and_finite(void **state)
{
    double v[] = { -1e308, 0, -0.0, 1e308 }, z[] = { 0, -0.0 };
    PlotAxis ax;

    (void)state;
    check_axis(v, 4, true, &ax);
    assert_int_equal(ax.kind, AXIS_LINEAR);
    plot_axis_free(&ax);
    check_axis(z, 2, true, &ax);
    assert_int_equal(ax.kind, AXIS_LINEAR);
    plot_axis_free(&ax);
}

static void numeric_categories_with_nan_sort_it_last(void **state)
{
    const char *s[] = { "nan", "3", "NaN", "-inf", "1", "nan", "inf", "2" };
    PlotAxis ax;

    (void)state;
    assert_int_equal(plot_axis_categorical(&ax, s, 8), 0);
    assert_int_equal(ax.n_cats, 7);
    assert_string_equal(ax.cats[0], "-inf");
    assert_string_equal(ax.cats[1], "1");
    assert_string_equal(ax.cats[4], "inf");
    assert_string_equal(ax.cats[5], "NaN");
    assert_string_equal(ax.cats[6], "nan");
    plot_axis_free(&ax);
}

static void nice_step_is_positive_and_finite_for_any_range(void **state)
{
    const double r[] = { 5e-324, 1e-320, DBL_MIN, 1, 1e300, DBL_MAX, INFINITY };

    (void)state;
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        double s = plot_nice_step(r[i], 5);
        assert_true(s > 0 && isfinite(s));
    }
    assert_true(plot_nice_step(NAN, 5) == 1);
    assert_true(plot_nice_step(-1, 5) == 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(linear_axis_maps_data_range_to_unit_interval),
        cmocka_unit_test(linear_ticks_are_nice_numbers_inside_the_range),
        cmocka_unit_test(nice_step_is_one_two_or_five_times_a_power_of_ten),
        cmocka_unit_test(constant_values_get_a_padded_range),
        cmocka_unit_test(log_axis_spaces_decades_evenly_with_power_ticks),
        cmocka_unit_test(log_axis_falls_back_to_linear_with_a_note_for_non_positive_values),
        cmocka_unit_test(categorical_axis_keeps_every_value_sorted_numerically),
        cmocka_unit_test(categorical_axis_has_no_cap_on_distinct_values),
        cmocka_unit_test(text_categories_sort_bytewise),
        cmocka_unit_test(missing_nan_and_infinite_values_go_to_the_missing_band),
        cmocka_unit_test(dimension_of_a_run_lacking_the_param_is_missing_not_dropped),
        cmocka_unit_test(numeric_param_cycles_categorical_linear_log),
        cmocka_unit_test(copy_runs_keeps_the_given_order),
        cmocka_unit_test(ramp_runs_from_dark_purple_to_yellow),
        cmocka_unit_test(default_file_name_has_kind_and_time),
        cmocka_unit_test(ticks_finish_where_the_step_is_below_the_spacing_of_doubles),
        cmocka_unit_test(a_span_past_dbl_max_gets_finite_positions_and_ticks),
        cmocka_unit_test(equal_huge_values_are_padded_without_overflow),
        cmocka_unit_test(denormal_values_get_a_range_and_ticks),
        cmocka_unit_test(only_missing_values_give_a_unit_axis),
        cmocka_unit_test(log_axis_of_one_extreme_value_finishes),
        cmocka_unit_test(log_axis_with_non_positive_values_is_linear_and_finite),
        cmocka_unit_test(nice_step_is_positive_and_finite_for_any_range),
        cmocka_unit_test(numeric_categories_with_nan_sort_it_last),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
